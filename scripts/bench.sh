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
	# Under TCG the guest sometimes fails to calibrate the TSC against the
	# PIT and falls back to the jiffies clocksource (4 ms resolution):
	# timings are then meaningless, so boot again (at most three times).
	for attempt in 1 2 3; do
		log=$("$REPO/scripts/run-guest.sh" "$flavour" bench | tail -1)
		grep -q "Switched to clocksource .*jiffies" "$log" || break
		echo "    guest clocksource is jiffies (TSC calibration failed under TCG): booting again" >&2
	done
	sed -n '/^IOU-BEGIN bench$/,/^IOU-END bench/p' "$log" | grep -v '^IOU-' | tee "$WORKDIR/bench-$flavour.txt"
	nop[$flavour]=$(sed -n 's/^IOU-BENCH-NOP-NONE //p' "$log")
done
echo
awk -v p="${nop[patched]}" -v v="${nop[vanilla]}" 'BEGIN {
	printf "no filter, NOP SQE: patched %.1f ns, unpatched %.1f ns: patched throughput = %.1f%% of unpatched\n", p, v, 100 * v / p }'
