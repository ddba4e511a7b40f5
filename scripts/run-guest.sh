#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Build the guest userspace for a kernel flavour and boot it under QEMU TCG.
#   run-guest.sh FLAVOUR MODE [LOG] [ARG]
# FLAVOUR: patched | vanilla | debug | bench-patched | bench-vanilla | bench-notrace
# MODE: test (KUnit + all kselftests + the reader), core (the core kselftests),
#       demo, reader (the reader's tests only), extra (EXTRA_BINS),
#       kunit (KUnit only; ARG: suite glob), one (ARG: one kselftest name),
#       debug (kselftests, then kmemleak and the kernel log), bench.
# The guest always ends: `reboot -f` with -no-reboot, panic=-1, and a
# wall-clock timeout around QEMU. Prints the console log path last.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

flavour=${1:?flavour}
mode=${2:?mode}
build="$WORKDIR/build-$flavour"
case "$flavour" in
vanilla | bench-vanilla) tree="$WORKDIR/wt-vanilla" ;;
bench-notrace) tree="$WORKDIR/wt-notrace" ;;
*) tree="$SRC" ;;
esac
log=${3:-}
[ -n "$log" ] || log=$WORKDIR/console-$flavour-$mode.log
arg=${4:-}
kimg="$build/arch/x86/boot/bzImage"
[ -f "$kimg" ] || die "$kimg missing: build the $flavour kernel first"

# Userspace: static test programs against this tree's exported headers.
g="$WORKDIR/guest-$flavour"
mkdir -p "$g/bin"
make -s -C "$tree" O="$build" "${KMAKE_ARGS[@]}" headers_install INSTALL_HDR_PATH="$g/hdr" >/dev/null
st="$SRC/tools/testing/selftests"
cflags=(-static -O2 -Wall -isystem "$g/hdr/include" -I "$tree/tools/testing/selftests")
cc() { # out src... libs
	local out=$1; shift
	gcc "${cflags[@]}" -o "$g/bin/$out" "$@" || die "compiling guest program $out failed"
}
# Ours must be warning-free; the kernel's seccomp_bpf is built as upstream builds it.
cc io_uring_seccomp_test -Werror "$st/io_uring_seccomp/io_uring_seccomp_test.c" -lseccomp -lpthread
cc io_uring_seccomp_benchmark -Werror "$st/io_uring_seccomp/io_uring_seccomp_benchmark.c" -lpthread \
	-I "$st/io_uring_seccomp" -lseccomp
cc demo -Werror "$REPO/scripts/guest/demo.c" -I "$st/io_uring_seccomp" -lseccomp
# Docker's default profile, the real one, as test data.
profile="$REPO/../shared/docker-default-seccomp.json"
[ -f "$profile" ] || die "$profile missing: the project expects ../shared beside the repository"
python3 "$REPO/scripts/gen-docker-profile.py" "$profile" >"$g/docker_profile.h"
cc docker_profile_test -Werror "$REPO/scripts/guest/docker_profile_test.c" \
	-I "$st/io_uring_seccomp" -I "$g" -lseccomp
cc seccomp_bpf -D_GNU_SOURCE -w "$tree/tools/testing/selftests/seccomp/seccomp_bpf.c" -lcap -lpthread
# A real liburing program for the reader's tests, and the reader itself
# (tools/iou-strace, Rust, static), built by scripts/reader.sh.
cc uring_cp -Werror "$REPO/scripts/guest/uring_cp.c" -luring
for b in $("$REPO/scripts/reader.sh" build | tail -2); do
	[ -x "$b" ] || die "reader binary $b missing: scripts/reader.sh build failed"
	cp "$b" "$g/bin/"
done

# EXTRA_BINS="prog..." (static programs): copied to /tests as extra_<name>;
# mode extra runs each of them (a reviewer's reproducers, say).
rm -f "$g"/bin/extra_*
for b in ${EXTRA_BINS:-}; do
	cp "$b" "$g/bin/extra_$(basename "$b")" || die "EXTRA_BINS: cannot copy $b"
done

list="$g/initramfs.list"
cat >"$list" <<EOL
dir /dev 0755 0 0
nod /dev/console 0600 0 0 c 5 1
nod /dev/null 0666 0 0 c 1 3
dir /proc 0755 0 0
dir /sys 0755 0 0
dir /tmp 1777 0 0
dir /bin 0755 0 0
dir /sbin 0755 0 0
dir /tests 0755 0 0
file /bin/busybox /bin/busybox 0755 0 0
file /init $REPO/scripts/guest/init 0755 0 0
EOL
for t in sh mount sed cat echo mkdir reboot ls rm dmesg grep tail head sleep cmp; do
	echo "slink /bin/$t /bin/busybox 0777 0 0" >>"$list"
done
echo "slink /sbin/reboot /bin/busybox 0777 0 0" >>"$list"
for b in "$g"/bin/*; do
	echo "file /tests/$(basename "$b") $b 0755 0 0" >>"$list"
done
"$build/usr/gen_init_cpio" "$list" >"$g/initramfs.cpio" || die "gen_init_cpio failed"

# ICOUNT=1 (the benchmark): one vCPU and -icount shift=0,sleep=off, so that a
# guest nanosecond is one executed instruction, run after run.
smp=2
icount=()
if [ "${ICOUNT:-0}" = 1 ]; then
	smp=1
	icount=(-icount shift=0,sleep=off)
fi
# The minimal kernel has no HPET or PM timer, and under TCG its TSC
# calibration against the PIT often fails: the TSC is then marked unstable,
# the jiffies clocksource (4 ms) follows, and sched_clock (the trace clock)
# drifts between vCPUs by up to a tick, so that trace events of two CPUs
# come out of order (the reader's tests) and wall-clock figures are off (the
# benchmark). QEMU's TCG TSC runs at the host's rate: give the guest that
# rate instead of calibrating. Not under -icount, where guest time is
# instructions.
tsc=""
if [ "${ICOUNT:-0}" != 1 ]; then
	tsc=$(awk '/^cpu MHz/ { printf "tsc_early_khz=%d", $4 * 1000; exit }' /proc/cpuinfo)
fi
case "$mode" in
test) kunit="" ;;
kunit) kunit=${arg:+kunit.filter_glob=$arg} ;;
*) kunit="kunit.enable=0" ;;
esac
timeout=${GUEST_TIMEOUT:-900}
[ "$flavour" = debug ] && mem=2G || mem=1G
note "booting $flavour kernel, mode $mode (QEMU TCG${icount:+ -icount}, -smp $smp, timeout ${timeout}s)"
set +e
timeout --foreground -k 10 "$timeout" qemu-system-x86_64 -accel tcg "${icount[@]}" -bios qboot.rom \
	-smp $smp -m $mem -nographic -no-reboot -kernel "$kimg" -initrd "$g/initramfs.cpio" \
	-append "console=ttyS0 panic=-1 oops=panic iou.mode=$mode iou.arg=$arg $kunit $tsc" </dev/null >"$log" 2>&1
rc=$?
set -e
tr -d '\r' <"$log" >"$log.tmp" && mv "$log.tmp" "$log"
if [ $rc = 124 ] || [ $rc = 137 ]; then
	tail -20 "$log" >&2
	die "$flavour guest ($mode) did not finish within ${timeout}s: killed (log: $log)"
fi
grep -q "IOU-GUEST-DONE" "$log" || {
	tail -30 "$log" >&2
	die "$flavour guest ($mode) ended before its tests finished (panic?), log: $log"
}
echo "$log"
