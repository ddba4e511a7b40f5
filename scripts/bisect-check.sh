#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make bisect-check: build the kernel at every patch of the series, in
# order, in the worktree and build tree of the "first" flavour (min.config,
# no new warnings allowed), so that each patch is known to build on its
# own. Incremental: about a minute per patch here once the tree is warm,
# more for patches that touch widely included headers. Too slow for make
# test, which builds the first and the last patch; run it before sending.
# Leaves $WORKDIR/wt-first at the first patch, as make test expects.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

mapfile -t commits < <(git -C "$SRC" rev-list --reverse base..series)
[ ${#commits[@]} -gt 0 ] || die "no series applied: run make apply"
wt="$WORKDIR/wt-first"
start=$(date +%s)
n=0
for c in "${commits[@]}"; do
	n=$((n + 1))
	git -C "$wt" checkout -q -f --detach "$c"
	t0=$(date +%s)
	if ! "$REPO/scripts/build.sh" first >/dev/null 2>"$WORKDIR/bisect-$n.err"; then
		cat "$WORKDIR/bisect-$n.err" >&2
		git -C "$wt" checkout -q -f --detach "${commits[0]}"
		die "patch $n ($(git -C "$SRC" log -1 --format=%s "$c")) does not build: see above"
	fi
	ok "patch $n builds ($(($(date +%s) - t0)) s): $(git -C "$SRC" log -1 --format=%s "$c")"
done
git -C "$wt" checkout -q -f --detach "${commits[0]}"
ok "all ${#commits[@]} patches build, one after the other ($(($(date +%s) - start)) s)"
