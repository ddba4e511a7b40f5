#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The benchmark (tools/testing/selftests/io_uring_seccomp/
# io_uring_seccomp_benchmark.c) on the unpatched and the patched kernel,
# each in one guest run. Prints both tables and the no-filter NOP ratio.
# A benchmark, not a test: nothing here passes or fails on speed.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

declare -A nop
for flavour in vanilla patched; do
	step "benchmark on the $flavour kernel (QEMU TCG: ratios matter, not absolute ns)"
	log=$("$REPO/scripts/run-guest.sh" "$flavour" bench | tail -1)
	sed -n '/^IOU-BEGIN bench$/,/^IOU-END bench/p' "$log" | grep -v '^IOU-' | tee "$WORKDIR/bench-$flavour.txt"
	nop[$flavour]=$(sed -n 's/^IOU-BENCH-NOP-NONE //p' "$log")
done
echo
awk -v p="${nop[patched]}" -v v="${nop[vanilla]}" 'BEGIN {
	printf "no filter, NOP SQE: patched %.1f ns, unpatched %.1f ns: patched throughput = %.1f%% of unpatched\n", p, v, 100 * v / p }'
