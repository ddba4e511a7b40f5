#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make bench: the benchmark (tools/testing/selftests/io_uring_seccomp/
# io_uring_seccomp_benchmark.c) on the unpatched and the patched kernel,
# built with scripts/configs/bench.config (static keys patched in).
#
# Each kernel boots twice: under QEMU's -icount shift=0,sleep=off on one
# vCPU, where a guest nanosecond is one executed instruction and every
# figure is the same from run to run (the unit of the table and of its
# goals), then as usual, for wall-clock figures beside them (QEMU TCG on
# this host: they move by tens of percent between runs).
# Prints the table of scripts/bench-table.py: each goal of issue 11, met or
# missed. A benchmark, not a test: nothing here fails on speed.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

# The patched kernel without the tracepoint patch, for its disabled cost:
# the series with that one commit reverted.
trace_commit=$(git -C "$SRC" log --format=%H -1 --grep='^io_uring: trace each SQE' series)
[ -n "$trace_commit" ] || die "no tracepoint commit in the series branch of $SRC"
nt="$WORKDIR/wt-notrace"
if [ ! -e "$nt/.git" ]; then
	git -C "$SRC" worktree prune
	git -C "$SRC" worktree add -q -f --detach "$nt" series
fi
git -C "$nt" checkout -q -f --detach series
git -C "$nt" -c user.name=bench -c user.email=bench@localhost revert --no-edit "$trace_commit" >/dev/null ||
	die "reverting the tracepoint patch in $nt failed"
for flavour in bench-vanilla bench-patched bench-notrace; do
	"$REPO/scripts/build.sh" "$flavour"
done
logs=()
for flavour in bench-vanilla bench-patched bench-notrace; do
	step "benchmark on $flavour, in instructions (-icount, 1 vCPU)"
	log=$(ICOUNT=1 "$REPO/scripts/run-guest.sh" "$flavour" bench "$WORKDIR/bench-$flavour-icount.log" 3 | tail -1)
	logs+=("$log")
	step "benchmark on $flavour, wall-clock"
	# Under TCG the guest sometimes fails to calibrate the TSC and falls
	# back to the jiffies clocksource (4 ms resolution): boot again then.
	for attempt in 1 2 3; do
		log=$("$REPO/scripts/run-guest.sh" "$flavour" bench "$WORKDIR/bench-$flavour-wall.log" 9 | tail -1)
		grep -q "Switched to clocksource .*jiffies" "$log" || break
		echo "    guest clocksource is jiffies (TSC calibration failed): booting again" >&2
	done
	logs+=("$log")
done
python3 "$REPO/scripts/bench-table.py" "${logs[@]}" | tee "$WORKDIR/bench.txt"
