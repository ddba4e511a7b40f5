#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The table of make bench, from six console logs of the benchmark:
unpatched under -icount, unpatched wall-clock, patched under -icount,
patched wall-clock, and the same two of the patched kernel without its
tracepoint patch (io_uring:io_uring_sqe_syscall). Each goal of issue 11 is judged on the instruction
counts (deterministic); the wall-clock figure of the same quantity stands
beside it."""
import sys

SETUPS = ["none", "cached", "allowlist", "args x1", "args x2", "args x4", "none-keyon"]
ROWS = ["NOP SQE", "READ SQE", "getppid()", "read()"]


def parse(path):
    """{(setup, row): value} from the IOU-BENCH lines of a console log."""
    out = {}
    with open(path, errors="replace") as f:
        for line in f:
            if line.startswith("IOU-BENCH "):
                setup, row, value = line[len("IOU-BENCH "):].strip().split("|")
                out[(setup, row)] = float(value)
    if not out:
        sys.exit(f"bench-table: no IOU-BENCH lines in {path}: did the benchmark run?")
    return out


def added(d, setup, row):
    """What a setup adds over 'none-keyon' (filters on the system, none in the task)."""
    return d[(setup, row)] - d[("none-keyon", row)]


vi, vw, pi, pw, ni, nw = (parse(p) for p in sys.argv[1:7])
lines = []


def out(s=""):
    lines.append(s)


def verdict(ok):
    return "met" if ok else "MISSED"


out("make bench: instructions per operation (QEMU -icount shift=0,sleep=off, one vCPU:")
out("a guest ns is one executed instruction, identical from run to run), and beside")
out("them ns per operation on the wall clock (QEMU TCG, noisy: tens of percent).")
out()
hdr = f"{'':44} {'unpatched':>10} {'patched':>10} {'delta':>8}  {'goal':>8}  {'':6}  wall-clock unpatched / patched"
out(hdr)


def delta_row(label, setup, row, goal):
    u, p = vi[(setup, row)], pi[(setup, row)]
    d = p - u
    out(f"{label:44} {u:10.1f} {p:10.1f} {d:+8.1f}  {'<= ' + format(goal, 'g'):>8}  {verdict(round(d, 1) <= goal):6}"
        f"  {vw[(setup, row)]:7.1f} / {pw[(setup, row)]:7.1f} ns")


out("-- no filter anywhere (seccomp's static key off)")
delta_row("NOP SQE", "none", "NOP SQE", 1)
delta_row("READ SQE", "none", "READ SQE", 1)
out("-- filters on the system, none in this task")
delta_row("NOP SQE", "none-keyon", "NOP SQE", 3)
delta_row("READ SQE", "none-keyon", "READ SQE", 3)
out("-- the seccomp syscall path (getppid() under filters)")
for setup, label in [("cached", "action cache (constant ALLOW)"), ("args x1", "1 filter with argument checks"),
                     ("args x2", "2 such filters"), ("args x4", "4 such filters")]:
    delta_row(label, setup, "getppid()", 1)
out()
out("Per SQE against per syscall, on the patched kernel: what a setup adds over")
out("'none-keyon' to a NOP SQE (READ SQE), divided by what it adds to getppid() (read()).")
out(f"{'':44} {'SQE added':>10} {'sys added':>10} {'ratio':>8}  {'goal':>8}  {'':6}  wall-clock ratio")


def ratio_row(label, setup, sqe, sysc, goal):
    a, b = added(pi, setup, sqe), added(pi, setup, sysc)
    r = a / b
    aw, bw = added(pw, setup, sqe), added(pw, setup, sysc)
    g = f"<= {goal:g}" if goal else "-"
    v = verdict(round(r, 2) <= goal) if goal else ""
    out(f"{label:44} {a:+10.1f} {b:+10.1f} {r:8.2f}  {g:>8}  {v:6}  {aw / bw if bw else float('nan'):7.2f}")


ratio_row("cached: NOP SQE / getppid()", "cached", "NOP SQE", "getppid()", 0.15)
ratio_row("cached: READ SQE / read()", "cached", "READ SQE", "read()", 0.15)
ratio_row("allowlist (~350 rules): NOP SQE / getppid()", "allowlist", "NOP SQE", "getppid()", 0.15)
ratio_row("BPF, 1 filter: NOP SQE / getppid()", "args x1", "NOP SQE", "getppid()", 1.25)
ratio_row("BPF, 2 filters: NOP SQE / getppid()", "args x2", "NOP SQE", "getppid()", None)
ratio_row("BPF, 4 filters: NOP SQE / getppid()", "args x4", "NOP SQE", "getppid()", 1.1)
ratio_row("BPF, 1 filter: READ SQE / read()", "args x1", "READ SQE", "read()", None)
ratio_row("BPF, 4 filters: READ SQE / read()", "args x4", "READ SQE", "read()", None)
out()
out("Change of submitter: two submitters take turns on one ring, one NOP SQE each;")
out("instructions per io_uring_enter(2) of the measuring one, its partner a thread")
out("(same filter chain and credentials) or a process with a filter of its own.")
out(f"{'':44} {'thread':>10} {'process':>10} {'added':>8}  {'bound':>8}")
for name, d, w in [("unpatched", vi, vw), ("patched", pi, pw)]:
    s, o = d[("turns", "same")], d[("turns", "other")]
    bound = 1000 if name == "patched" else None
    out(f"{name:44} {s:10.1f} {o:10.1f} {o - s:+8.1f}  {('<= ' + str(bound)) if bound else '-':>8}  "
        f"{verdict(o - s <= bound) if bound else '':6}  wall-clock added {w[('turns', 'other')] - w[('turns', 'same')]:+.1f} ns")
out()
out("The io_uring_sqe_syscall tracepoint (no filter anywhere). Disabled: the patched")
out("kernel against the same kernel with the tracepoint patch reverted (share kept,")
out("goal >= 99 %). Enabled: what tracing every SQE costs.")
out(f"{'':44} {'without':>10} {'disabled':>10} {'share':>8}  {'goal':>8}  {'':6}  wall-clock without / disabled")
for row in ["NOP SQE", "READ SQE"]:
    w, d = ni[("none", row)], pi[("none", row)]
    share = w / d * 100
    out(f"{row + ', built in and disabled':44} {w:10.1f} {d:10.1f} {share:7.1f}%  {'>= 99%':>8}  "
        f"{verdict(round(share, 1) >= 99):6}  {nw[('none', row)]:7.1f} / {pw[('none', row)]:7.1f} ns")
out(f"{'':44} {'disabled':>10} {'enabled':>10} {'added':>8}")
for row in ["NOP SQE", "READ SQE"]:
    if ("traced", row) not in pi:
        out(f"{row + ', enabled':44} (no 'traced' figures in the patched log)")
        continue
    d, e = pi[("none", row)], pi[("traced", row)]
    out(f"{row + ', enabled':44} {d:10.1f} {e:10.1f} {e - d:+8.1f}  {'':8}  {'':6}  "
        f"{pw[('none', row)]:7.1f} / {pw[('traced', row)]:7.1f} ns")
print("\n".join(lines))
