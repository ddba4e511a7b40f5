#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Unpack the pinned linux-source-6.12 into a git repository outside this one
# ($WORKDIR/linux) with one base commit, tagged "base". Idempotent: an existing
# tree of the same version is kept (build trees may survive between sessions).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

TARBALL=/usr/src/linux-source-6.12.tar.xz
[ -f "$TARBALL" ] || die "$TARBALL missing: run scripts/deps.sh (make deps) first"

stamp="$WORKDIR/linux/.git/base-stamp"
want="$(stat -c '%s %Y' "$TARBALL")"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] &&
	git -C "$WORKDIR/linux" rev-parse -q --verify base >/dev/null; then
	note "kernel tree: $WORKDIR/linux (base $(git -C "$WORKDIR/linux" describe --always base))"
	exit 0
fi

step "unpacking $TARBALL into $WORKDIR/linux (~20 s)"
rm -rf "$WORKDIR/linux" "$WORKDIR"/wt-*
tmp=$(mktemp -d "$WORKDIR/unpack.XXXXXX")
tar -C "$tmp" -xf "$TARBALL"
mv "$tmp"/linux-source-6.12 "$WORKDIR/linux"
rmdir "$tmp"

cd "$WORKDIR/linux"
v=$(make -s kernelversion)
case "$v" in
6.12.*) note "kernel version $v" ;;
*) die "linux-source-6.12 unpacked to version $v, not 6.12.y: the series targets 6.12" ;;
esac
step "creating the base commit (git add of ~90k files, ~30 s)"
git init -q -b vanilla .
git config user.name "io_uring seccomp workbench"
git config user.email "workbench@localhost"
git config core.autocrlf false
git config gc.auto 0
git add -f -A
GIT_AUTHOR_DATE="2000-01-01T00:00:00Z" GIT_COMMITTER_DATE="2000-01-01T00:00:00Z" \
	git commit -q -m "Linux $v (Debian linux-source-6.12)"
git tag -f base >/dev/null
echo "$want" >"$stamp"
ok "base commit $(git rev-parse --short base) = Linux $v"
