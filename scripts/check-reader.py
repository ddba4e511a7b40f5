#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Check, line by line, what the reader (tools/iou-strace) printed in the guest.

    check-reader.py CONSOLE_LOG

The guest (scripts/guest/init, function reader_tests) runs the reader on the
demo and on uring_cp (scripts/guest/uring_cp.c, a liburing file copy of a
10000-byte file: 4096 + 4096 + 1808), and prints each output file between
IOU-BEGIN/IOU-END markers. Every check prints "PASS name" or "FAIL name:
why"; the exit status is the number of failures.
"""
import json
import re
import sys

LOG = open(sys.argv[1], encoding="utf-8", errors="replace").read().splitlines()
failures = 0


def section(name):
    """Lines between IOU-BEGIN name and IOU-END name, and the rc."""
    out, inside = [], False
    for line in LOG:
        if line == f"IOU-BEGIN {name}":
            inside = True
            continue
        if inside and line.startswith(f"IOU-END {name} rc="):
            return out, int(line.rsplit("=", 1)[1])
        if inside:
            out.append(line)
    return None, None


def result(name, ok, why=""):
    global failures
    if ok:
        print(f"PASS {name}")
    else:
        failures += 1
        print(f"FAIL {name}: {why}")


PID = r"\[pid \d+\] "
PTR = r"0x[0-9a-f]+"


def copy_lines(dst, fsync=False):
    """The regexes of uring_cp's SQEs, in order; IN/OUT are back-references."""
    rows = [
        rf'openat\(AT_FDCWD, "/tmp/src", O_RDONLY\|O_CLOEXEC\) = (?P<in>\d+) '
        r"/\* IORING_OP_OPENAT user_data=0x1 \*/",
        rf'statx\((?P=in), "", AT_EMPTY_PATH, STATX_SIZE, {PTR}\) = 0 '
        r"/\* IORING_OP_STATX user_data=0x2 \*/",
        rf'openat\(AT_FDCWD, "{dst}", O_WRONLY\|O_CREAT\|O_TRUNC\|O_CLOEXEC, 0644\) = '
        r"(?P<out>\d+) /\* IORING_OP_OPENAT user_data=0x3 \*/",
    ]
    for off, n in ((0, 4096), (4096, 4096), (8192, 1808)):
        rows.append(rf"pread64\((?P=in), {PTR}, 4096, {off}\) = {n} "
                    r"/\* IORING_OP_READ user_data=0x4 \*/")
        rows.append(rf"pwrite64\((?P=out), {PTR}, {n}, {off}\) = {n} "
                    r"/\* IORING_OP_WRITE user_data=0x5 \*/")
    if fsync:
        rows.append(r"fsync\((?P=out)\) = -1 EPERM \(Operation not permitted\) "
                    r"\[seccomp SECCOMP_RET_ERRNO\] /\* IORING_OP_FSYNC user_data=0x6 \*/")
        return rows
    rows.append(r"close\((?P=out)\) = 0 /\* IORING_OP_CLOSE user_data=0x7 \*/")
    rows.append(r"close\((?P=in)\) = 0 /\* IORING_OP_CLOSE user_data=0x8 \*/")
    return rows


def match_lines(name, lines, rows):
    """Every line matches its row, in order, and there are no others."""
    if lines is None:
        return result(name, False, "section missing")
    text = "\n".join(lines)
    pattern = "\n".join(PID + r for r in rows)
    if re.fullmatch(pattern, text):
        return result(name, True)
    # name the first line that differs
    for i, row in enumerate(rows):
        got = lines[i] if i < len(lines) else "<missing>"
        if not re.fullmatch(PID + re.sub(r"\(\?P=\w+\)", r"\\d+", re.sub(r"\(\?P<\w+>", "(", row)), got):
            return result(name, False, f"line {i + 1}: {got!r} !~ {row!r}")
    return result(name, False, f"{len(lines)} lines for {len(rows)} expected: {lines[len(rows):][:2]}")


# 1. The demo: the refused OPENAT is one line, with errno and action.
demo, rc = section("reader_demo_trace")
match_lines("reader: the demo's refused IORING_OP_OPENAT as an openat() line with errno and action",
            demo, [r'openat\(AT_FDCWD, "/tmp/secret", O_RDONLY\) = -1 EPERM \(Operation not permitted\) '
                   r"\[seccomp SECCOMP_RET_ERRNO\] /\* IORING_OP_OPENAT user_data=0x0 \*/"])

# 2. A liburing copy: every SQE as strace prints the syscall, with its result.
cp, rc = section("reader_cp")
result("reader: -- CMD runs the copy and exits with its status", rc == 0, f"rc={rc}")
match_lines("reader: uring_cp traced line by line (openat, statx, pread64/pwrite64 x3, close x2)",
            section("reader_cp_trace")[0], copy_lines("/tmp/dst"))
_, rc = section("reader_cmp")
result("reader: the traced copy is byte-identical", rc == 0, f"cmp rc={rc}")

# 3. -c: a summary per syscall.
summ, _ = section("reader_summary_out")
want = [" calls   errors  refused syscall",
        "------ -------- -------- ----------------",
        "     3        0        0 pread64",
        "     3        0        0 pwrite64",
        "     2        0        0 close",
        "     2        0        0 openat",
        "     1        0        0 statx",
        "------ -------- -------- ----------------",
        "    11        0        0 total"]
result("reader: -c summary of the copy (calls, errors, refused per syscall)", summ == want,
       f"got {summ!r}")

# 4. --seccomp-profile: the allowlist of the SQEs' syscalls, in OCI form.
prof, _ = section("reader_cp_profile")
try:
    p = json.loads("\n".join(prof or []))
    ok = (p.get("defaultAction") == "SCMP_ACT_ERRNO" and p.get("defaultErrnoRet") == 1 and
          p.get("architectures") == ["SCMP_ARCH_X86_64"] and
          p.get("syscalls") == [{"names": ["close", "openat", "pread64", "pwrite64", "statx"],
                                 "action": "SCMP_ACT_ALLOW"}])
    result("reader: --seccomp-profile writes the OCI allowlist of the SQEs' syscalls", ok,
           f"got {p!r}")
except ValueError as e:
    result("reader: --seccomp-profile writes the OCI allowlist of the SQEs' syscalls", False,
           f"not JSON: {e}")

# 5. The round trip: the profile (plus the program's own syscalls) lets the
# copy run under seccomp on the patched kernel, and refuses an SQE it did
# not use (FSYNC), as the trace of that run shows.
out, rc = section("reader_profile_allows")
result("reader: the generated profile lets the traced program run (iou-seccomp-run)",
       rc == 0 and "uring_cp: copied 10000 bytes" in (out or []), f"rc={rc} out={out!r}")
out, rc = section("reader_profile_refuses")
result("reader: the generated profile refuses the SQE the traced run did not use (FSYNC -> EPERM)",
       rc == 1 and "uring_cp: fsync: Operation not permitted" in (out or []),
       f"rc={rc} out={out!r}")
match_lines("reader: the refused FSYNC traced under the generated profile",
            section("reader_profile_refuses_trace")[0], copy_lines("/tmp/dst4", fsync=True))

# 6. -p PID: attach to a running process; its SQEs after an exec are seen.
match_lines("reader: -p PID attaches to a running process (and follows its exec)",
            section("reader_attach_trace")[0], copy_lines("/tmp/dst5"))

sys.exit(failures)
