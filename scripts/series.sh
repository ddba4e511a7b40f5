#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The patch series, from this repository's sources (scripts/series/series).
#
#   series.sh generate  commit the sources patch by patch on the base tree
#                       ($WORKDIR/wt-gen) and format-patch them ($WORKDIR/series-out)
#   series.sh write     generate, then replace patches/ with the result (make series)
#   series.sh check     generate, then fail if patches/ differs (make test)
#   series.sh apply     git am patches/*.patch on the base commit, check the result
#                       equals the sources, and check it out in $WORKDIR/linux
#                       (branch "series") and base+first patch in $WORKDIR/wt-first
#   series.sh layout    every new kernel file of the repository is byte-identical
#                       to the same path of the applied tree (after apply)
# The manifest may not change a file that an earlier patch adds: new files
# are added whole, in their final form, by one patch.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

manifest="$REPO/scripts/series/series"
gen="$WORKDIR/wt-gen"
out="$WORKDIR/series-out"
export GIT_AUTHOR_NAME="io_uring seccomp developers" GIT_AUTHOR_EMAIL="iouring-seccomp@localhost"
export GIT_COMMITTER_NAME="$GIT_AUTHOR_NAME" GIT_COMMITTER_EMAIL="$GIT_AUTHOR_EMAIL"
export GIT_AUTHOR_DATE="2026-11-28T12:00:00Z" GIT_COMMITTER_DATE="2026-11-28T12:00:00Z"

worktree() { # dir commit
	if [ ! -d "$1/.git" ] && [ ! -f "$1/.git" ]; then
		rm -rf "$1"
		git -C "$SRC" worktree prune
		git -C "$SRC" worktree add -q -f --detach "$1" "$2"
	fi
	git -C "$1" checkout -q -f --detach "$2"
	git -C "$1" clean -q -f -d -x
}

generate() {
	[ -f "$manifest" ] || die "$manifest missing"
	worktree "$gen" base
	local msg="" dir f
	declare -A added=()
	commit() {
		[ -n "$msg" ] || return 0
		git -C "$gen" add -f -A
		git -C "$gen" commit -q --no-verify -F "$REPO/$msg" ||
			die "series: patch from $msg has no changes"
	}
	while read -r kind arg1 arg2; do
		case "$kind" in
		"#"* | "") ;;
		patch) commit; msg=$arg2 ;;
		add)
			[ -f "$REPO/$arg1" ] || die "series: $arg1 listed but missing"
			mkdir -p "$gen/$(dirname "$arg1")"
			cp "$REPO/$arg1" "$gen/$arg1"
			added[$arg1]=1
			;;
		diff)
			while read -r f; do
				[ -z "${added[$f]:-}" ] ||
					die "series: $arg1 changes $f, which an earlier patch adds: a new file is added whole by one patch (see scripts/export.sh)"
			done < <(sed -n 's|^diff --git a/\([^ ]*\) b/.*|\1|p' "$REPO/$arg1")
			git -C "$gen" apply --whitespace=nowarn "$REPO/$arg1" ||
				die "series: $arg1 does not apply (patch from $msg)"
			;;
		*) die "series: bad manifest line: $kind $arg1" ;;
		esac
	done <"$manifest"
	commit
	# Cover letter: first line of scripts/cover-letter.txt is the subject.
	git -C "$gen" branch -q -f series-gen HEAD
	git -C "$gen" config branch.series-gen.description "$(cat "$REPO/scripts/cover-letter.txt")"
	git -C "$gen" checkout -q series-gen
	rm -rf "$out" && mkdir -p "$out"
	git -C "$gen" -c core.abbrev=12 format-patch -q --no-signature --zero-commit \
		--cover-letter --cover-from-description=subject --subject-prefix="PATCH" \
		-o "$out" base..HEAD >/dev/null
	note "series: $(($(ls "$out" | wc -l) - 1)) patches generated in $out"
}

case "${1:-}" in
generate) generate ;;
write)
	generate
	rm -f "$REPO"/patches/*.patch
	mkdir -p "$REPO/patches"
	cp "$out"/*.patch "$REPO/patches/"
	ok "patches/ regenerated ($(ls "$REPO"/patches/*.patch | wc -l) files)"
	;;
check)
	generate
	if ! diff -r -q "$out" "$REPO/patches" >/dev/null 2>&1; then
		diff -r -u "$REPO/patches" "$out" | sed -n 1,40p >&2
		die "patches/ is stale: it differs from what the sources produce; run 'make series' and commit"
	fi
	ok "patches/ is in sync with the sources"
	;;
apply)
	ls "$REPO"/patches/0*.patch >/dev/null 2>&1 || die "patches/ is empty"
	am="$WORKDIR/wt-am"
	worktree "$am" base
	mapfile -t pl < <(ls "$REPO"/patches/0*.patch | grep -v 0000-cover-letter)
	git -C "$am" am -q --no-3way "${pl[@]}" >"$WORKDIR/am.log" 2>&1 || {
		cat "$WORKDIR/am.log" >&2
		git -C "$am" am --abort 2>/dev/null || true
		die "the series does not apply to $(git -C "$SRC" log -1 --format=%s base): see above"
	}
	ok "git am: ${#pl[@]} patches apply to $(git -C "$SRC" log -1 --format=%s base)"
	head=$(git -C "$am" rev-parse HEAD)
	first=$(git -C "$am" rev-list --reverse base..HEAD | sed -n 1p) # sed reads all: no SIGPIPE under pipefail
	# Check out the result where the kernel is built: only changed files
	# are rewritten, so an unchanged series costs no rebuild.
	if [ "$(git -C "$SRC" rev-parse HEAD^{tree} 2>/dev/null)" != "$(git -C "$SRC" rev-parse "$head^{tree}")" ] ||
		[ -n "$(git -C "$SRC" status --porcelain --untracked-files=no)" ]; then
		git -C "$SRC" checkout -q -f -B series "$head"
	else
		git -C "$SRC" checkout -q -B series "$head"
	fi
	worktree "$WORKDIR/wt-first" "$first"
	worktree "$WORKDIR/wt-vanilla" base
	ok "kernel tree $SRC at the series ($(git -C "$SRC" log -1 --format=%h HEAD))"
	;;
layout)
	bad=0
	while read -r kind path _; do
		[ "$kind" = add ] || continue
		cmp -s "$REPO/$path" "$SRC/$path" || {
			echo "    $path differs from $SRC/$path" >&2
			bad=1
		}
	done <"$manifest"
	[ $bad = 0 ] || die "the repository's new kernel files are not the applied tree's"
	ok "every new kernel file in the repository is the one the applied series builds ($(grep -c '^add ' "$manifest") files)"
	;;
*) die "usage: series.sh generate|write|check|apply|layout" ;;
esac
