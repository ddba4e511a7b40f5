#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Everything CI checks (`make test`). Each stage prints what it does; a
# failing stage is named in the summary and makes the exit status non-zero.
# Last line: "N passed, M failed" over every test case and check.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
S="$REPO/scripts"
passed=0
failed=0
failures=()
T0=$(date +%s)

pass() { passed=$((passed + ${2:-1})); printf '    PASS %s\n' "$1"; }
fail() { failed=$((failed + ${2:-1})); failures+=("$1"); printf '    FAIL %s\n' "$1"; }
# check NAME command...: one check that passes when the command succeeds
check() {
	local name=$1; shift
	if "$@"; then pass "$name"; else fail "$name"; fi
}
# A stage the rest depends on: stop at once if it fails.
must() {
	local name=$1; shift
	if "$@"; then pass "$name"; else fail "$name"; summary; fi
}
summary() {
	echo
	echo "==> summary ($(( $(date +%s) - T0 )) s)"
	for f in "${failures[@]}"; do echo "    failed: $f"; done
	echo "$passed passed, $failed failed"
	[ "$failed" = 0 ] && exit 0 || exit 1
}

step "1/8 dependencies and kernel tree"
must "dependencies installed (scripts/deps.sh)" "$S/deps.sh"
must "pinned linux-source unpacked as a git tree (scripts/tree.sh)" "$S/tree.sh"

step "2/8 the series: in sync with the sources, applies with git am"
must "patches/ equals what 'make series' produces" "$S/series.sh" check
must "git am patches/*.patch on the base tree" "$S/series.sh" apply
check "new kernel files kept once, whole, byte-identical to the applied tree; no patch changes a file an earlier one adds" "$S/series.sh" layout

step "3/8 checkpatch.pl --strict on every patch"
cp_errors=0
for p in "$REPO"/patches/0*.patch; do
	out=$("$SRC/scripts/checkpatch.pl" --no-tree --strict -q "$p" 2>&1)
	e=$(grep -c '^ERROR' <<<"$out")
	cp_errors=$((cp_errors + e))
	grep -E '^(ERROR|WARNING|CHECK)' <<<"$out" | sort | uniq -c | sed "s|^|    $(basename "$p" | cut -c1-4): |"
done
check "checkpatch: 0 errors in $(ls "$REPO"/patches/0*.patch | wc -l) patches (warnings above, explained in README)" test "$cp_errors" = 0

step "4/8 Rust style: rustfmtcheck and CLIPPY=1"
# A config for the patched tree is needed before rustfmt/clippy can run.
must "patched kernel builds (LLVM 19, Rust, no new warnings)" "$S/build.sh" patched
check "make rustfmtcheck" make -s -C "$SRC" O="$WORKDIR/build-patched" "${KMAKE_ARGS[@]}" rustfmtcheck
clippy_log="$WORKDIR/clippy.log"
touch "$SRC/rust/kernel/lib.rs"
make -C "$SRC" O="$WORKDIR/build-patched" "${KMAKE_ARGS[@]}" CLIPPY=1 -j"$JOBS" rust/ >"$clippy_log" 2>&1
clippy_rc=$?
if [ $clippy_rc = 0 ] && ! grep -qE '^(warning|error)' "$clippy_log"; then
	pass "make CLIPPY=1: no warnings"
else
	grep -E '^(warning|error)' -A6 "$clippy_log" | sed -n 1,30p
	fail "make CLIPPY=1: warnings or errors ($clippy_log)"
fi

# The reader (tools/iou-strace): a userspace Rust crate, built with Debian's
# cargo from vendored crates, static for the guest.
check "tools/iou-strace: cargo test, clippy -D warnings, rustfmt --check (scripts/reader.sh test)" "$S/reader.sh" test

step "5/8 bisectability and documentation"
check "base + first patch builds" "$S/build.sh" first
# The kernel's Sphinx build of userspace-api/; its 14 pre-existing warnings
# are references to other directories, not built with SPHINXDIRS.
if make -C "$SRC" O="$WORKDIR/build-docs" SPHINXDIRS=userspace-api htmldocs >"$WORKDIR/docs.log" 2>&1 &&
	[ -f "$WORKDIR/build-docs/Documentation/output/userspace-api/io_uring_seccomp.html" ] &&
	! grep -i "io_uring_seccomp.*\(warning\|error\)" "$WORKDIR/docs.log"; then
	pass "Documentation/userspace-api/io_uring_seccomp.rst builds with Sphinx, no warning"
else
	fail "Sphinx build of io_uring_seccomp.rst ($WORKDIR/docs.log)"
fi

step "6/8 guest on the patched kernel: KUnit, kselftests, seccomp selftests"
plog=$("$S/run-guest.sh" patched test | tail -1)
if [ ! -f "$plog" ]; then
	fail "patched guest booted and finished"
	summary
fi
pass "patched guest booted and finished"
# KUnit: everything before /init's first marker is KTAP from the boot.
sed '/^IOU-BEGIN/,$d' "$plog" >"$WORKDIR/kunit.log"
python3 "$SRC/tools/testing/kunit/kunit.py" parse --json="$WORKDIR/kunit.json" "$WORKDIR/kunit.log" >"$WORKDIR/kunit.out" 2>&1
read -r kp kf ks < <(python3 - "$WORKDIR/kunit.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
c = {"PASS": 0, "FAIL": 0, "SKIP": 0}
for g in d["sub_groups"]:
    for t in g["test_cases"]:
        s = t["status"]
        c[s if s in c else "FAIL"] += 1
        if s not in ("PASS", "SKIP"):
            print(f"      KUnit FAIL {g['name']}.{t['name']}", file=sys.stderr)
print(c["PASS"], c["FAIL"], c["SKIP"])
PY
)
suites=$(python3 -c "import json;print(' '.join(g['name'] for g in json.load(open('$WORKDIR/kunit.json'))['sub_groups']))")
note "KUnit suites: $suites"
[ "${kp:-0}" -gt 0 ] && grep -qw io_uring_seccomp <<<"$suites" || { fail "KUnit: io_uring_seccomp suite ran"; kf=${kf:-1}; }
[ "${kp:-0}" -gt 0 ] && pass "KUnit: $kp cases passed, $ks skipped ($(wc -w <<<"$suites") suites)" "$kp"
[ "${kf:-0}" -gt 0 ] && fail "KUnit test cases" "$kf"

# kselftest TAP sections: "ok N name" / "not ok N name [# SKIP]".
tap() { # section log -> pass fail skip, failing names on stderr
	sed -n "/^IOU-BEGIN $1\$/,/^IOU-END $1 /p" "$2" | python3 -c '
import re, sys
p = f = s = 0
for line in sys.stdin:
    m = re.match(r"^(not ok|ok) \d+ (\S+)(.*)", line)
    if not m:
        continue
    if "# SKIP" in m.group(3):
        s += 1
    elif m.group(1) == "ok":
        p += 1
    else:
        f += 1
        print("      FAIL " + m.group(2), file=sys.stderr)
print(p, f, s)'
}
for sec in io_uring_seccomp docker_profile seccomp_bpf; do
	read -r tp tf ts < <(tap $sec "$plog")
	grep -q "^IOU-END $sec rc=" "$plog" || { fail "$sec: ran to completion"; continue; }
	[ "$tp" -gt 0 ] && pass "kselftest $sec: $tp passed, $ts skipped" "$tp"
	[ "$tf" -gt 0 ] && fail "kselftest $sec" "$tf"
	[ "$tp" -eq 0 ] && [ "$tf" -eq 0 ] && fail "kselftest $sec: no test ran"
done
grep -E "^# [0-9]+ (opcodes|iterations)" "$plog" | sed 's/^/    /'
# The reader in the same boot, on the demo and a liburing copy, its output
# checked line by line.
while IFS= read -r line; do
	case "$line" in
	"PASS "*) pass "${line#PASS }" ;;
	"FAIL "*) fail "${line#FAIL }" ;;
	esac
done < <(python3 "$S/check-reader.py" "$plog")

step "7/8 the same kselftests on the UNPATCHED kernel: all but the no-regression ones must fail"
# These assert behaviour that must not change, and pass on both kernels.
UNCHANGED="openat_allowed_by_filter no_filter scm_rights_refuses_ring_fd personality_nnp_keeps_own_personality"
check "vanilla kernel builds" "$S/build.sh" vanilla
vlog=$("$S/run-guest.sh" vanilla core | tail -1)
if [ -f "$vlog" ]; then
	sec=$(sed -n '/^IOU-BEGIN io_uring_seccomp$/,/^IOU-END/p' "$vlog")
	vpass=$(grep '^ok ' <<<"$sec" | sed 's/.*global\.//' | sort | tr '\n' ' ')
	vfail=$(grep -c '^not ok ' <<<"$sec")
	grep -E '^# (.*: deny .*|[0-9]+ (opcodes|iterations).*)$' <<<"$sec" | tail -3 | sed 's/^/    vanilla: /'
	note "unpatched kernel: $vfail tests fail; pass: $vpass"
	if [ "$vfail" -gt 0 ] && [ "$vpass" = "$(tr ' ' '\n' <<<"$UNCHANGED" | sort | tr '\n' ' ')" ]; then
		pass "unpatched kernel fails every kselftest that asserts the patch ($vfail), passes the $(wc -w <<<"$UNCHANGED") no-regression ones"
	else
		fail "unpatched kernel: expected exactly [$UNCHANGED] to pass, got [$vpass]"
	fi
	# The reader needs the series' event, and says so.
	rsec=$(sed -n '/^IOU-BEGIN reader_vanilla$/,/^IOU-END/p' "$vlog")
	if grep -q '^IOU-END reader_vanilla rc=1$' <<<"$rsec" && grep -q 'io_uring_sqe_syscall' <<<"$rsec"; then
		pass "unpatched kernel: iou-strace exits 1 naming the missing io_uring_sqe_syscall event"
	else
		fail "unpatched kernel: iou-strace should exit 1 naming the missing event, got: $(sed -n 2,3p <<<"$rsec")"
	fi
	# Docker's profile: the socket families it denies are reachable through
	# io_uring on the unpatched kernel.
	dsec=$(sed -n '/^IOU-BEGIN docker_profile$/,/^IOU-END/p' "$vlog")
	if grep -q '^not ok .*socket_families_denied_like_syscall' <<<"$dsec" &&
		[ "$(grep -c '^ok ' <<<"$dsec")" = 2 ]; then
		pass "unpatched kernel: Docker's profile does not stop socket(AF_VSOCK/AF_ALG) SQEs (the others pass)"
	else
		fail "unpatched kernel: expected only socket_families_denied_like_syscall to fail under Docker's profile"
	fi
else
	fail "vanilla guest booted and finished"
fi

step "8/8 debug kernel (KASAN, lockdep, kmemleak, -smp 2): kselftests incl. the lifetime stress"
if "$S/build.sh" debug; then
	pass "debug kernel builds"
	dlog=$("$S/run-guest.sh" debug debug | tail -1)
	if [ -f "$dlog" ]; then
		read -r dp df ds < <(tap io_uring_seccomp "$dlog")
		[ "$dp" -gt 0 ] && [ "$df" = 0 ] && pass "debug kernel: kselftest io_uring_seccomp: $dp passed" "$dp"
		[ "$df" -gt 0 ] && fail "debug kernel: kselftest io_uring_seccomp" "$df"
		reports=$(sed -n '/^IOU-BEGIN dmesg$/,/^IOU-END dmesg/p' "$dlog" |
			grep -E 'BUG:|WARNING:|possible circular|possible recursive|inconsistent lock|sleeping function called|Oops|general protection|UBSAN:' || true)
		leaks=$(sed -n 's/^IOU-KMEMLEAK //p' "$dlog")
		if [ -z "$reports" ] && [ "$leaks" = 0 ]; then
			pass "debug kernel: no KASAN/lockdep/warning report, kmemleak: 0 unreferenced objects"
		else
			echo "$reports" | sed -n 1,20p
			sed -n '/^IOU-KMEMLEAK/,/^IOU-BEGIN dmesg/p' "$dlog" | sed -n 1,30p
			fail "debug kernel: reports in the kernel log or kmemleak ($leaks) ($dlog)"
		fi
	else
		fail "debug guest booted and finished"
	fi
else
	fail "debug kernel builds"
fi

summary
