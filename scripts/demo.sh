#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The demonstration of `make run`: the same program, under a seccomp filter
# that denies openat(2), on the unpatched and on the patched kernel.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

for flavour in vanilla patched; do
	case $flavour in
	vanilla) step "booting the UNPATCHED Linux 6.12 in QEMU" ;;
	patched) step "booting Linux 6.12 WITH the io_uring seccomp series in QEMU" ;;
	esac
	log=$("$REPO/scripts/run-guest.sh" "$flavour" demo | tail -1)
	grep -E '^\[(demo|trace)\]' "$log" | sed 's/^/    /'
done
echo
echo "    Patches: $REPO/patches (git am on any 6.12.y); tests: make test"
