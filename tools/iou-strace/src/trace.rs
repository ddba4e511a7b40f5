// SPDX-License-Identifier: GPL-2.0
//! Which tasks are traced, SQE/completion pairing and line formatting.
//!
//! Pairing: SQEs of traced tasks wait in a FIFO per (ctx, req); a
//! completion goes to the oldest SQE of its key. A completion read before
//! its SQE (they were on different CPUs) waits in a second per-key FIFO for
//! up to [`EARLY_TTL_NS`] of trace time; completions of untraced rings end
//! there too and expire. Multishot requests: the first completion prints
//! the line; further completions of the same request (the previous one had
//! IORING_CQE_F_MORE) are counted, and when the last one arrives a
//! `+++ ... multishot: N more completions +++` line reports the count.
//! An SQE with IOSQE_CQE_SKIP_SUCCESS that is followed by a new SQE on the
//! same (ctx, req) before any completion succeeded silently: it prints
//! with `= ?`.

use std::collections::{HashMap, HashSet, VecDeque};

use crate::decode::{
    format_args, format_result, seccomp_action_name, syscall_name, Strings, SECCOMP_RET_ALLOW,
};
use crate::event::{Complete, Event, Fork, Sqe};

pub const IOSQE_FIXED_FILE: u8 = 1 << 0;
pub const IOSQE_CQE_SKIP_SUCCESS: u8 = 1 << 6;
pub const IORING_CQE_F_MORE: u32 = 1 << 1;
/// How long (trace clock, ns) a completion without its SQE is kept.
pub const EARLY_TTL_NS: u64 = 2_000_000_000;
/// At most this many such completions are kept.
pub const EARLY_MAX: usize = 65536;

pub const OUTCOME_UNFILTERED: u8 = 0;
pub const OUTCOME_REFUSED: u8 = 2;
pub const OUTCOME_TRAP: u8 = 4;
pub const OUTCOME_KILL: u8 = 5;

/// Whether seccomp refused the SQE (outcome refused, trap or kill).
pub fn refused(outcome: u8) -> bool {
    matches!(outcome, OUTCOME_REFUSED | OUTCOME_TRAP | OUTCOME_KILL)
}

/// One SQE with its result, as the summary and profile need it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Done {
    pub id: i64,
    /// The other syscall a socket command is also decided as, or -1.
    pub alt_id: i64,
    pub res: Option<i64>,
    pub outcome: u8,
}

/// The line of an SQE with result `res` (None: no completion seen).
pub fn format_line(s: &Sqe, res: Option<i64>) -> String {
    let strings = Strings {
        path: usize::try_from(s.path_arg)
            .ok()
            .filter(|&i| i < 6)
            .map(|i| (i, &s.path[..])),
        path2: usize::try_from(s.path2_arg)
            .ok()
            .filter(|&i| i < 6)
            .map(|i| (i, &s.path2[..])),
    };
    let mut line = format!(
        "[pid {}] {}({}) = {}",
        s.pid,
        syscall_name(s.id),
        format_args(s.id, &s.args, strings),
        format_result(res)
    );
    if s.outcome != OUTCOME_UNFILTERED && s.action & 0xffff_0000 != SECCOMP_RET_ALLOW {
        line.push_str(&format!(" [seccomp {}]", seccomp_action_name(s.action)));
    }
    line.push_str(&format!(
        " /* IORING_OP_{} user_data={:#x}",
        s.op_str, s.user_data
    ));
    if s.alt_id >= 0 {
        // A socket command: also decided as this syscall.
        line.push_str(&format!(" also={}", syscall_name(s.alt_id)));
    }
    if s.sqe_flags & IOSQE_FIXED_FILE != 0 {
        line.push_str(&format!(" fixed_file={}", s.fd));
    }
    if s.sqpoll {
        line.push_str(" sqpoll");
    }
    line.push_str(" */");
    line
}

/// Print the line of `s` with result `res` and keep it for the summary and
/// the profile.
fn record(done: &mut Vec<Done>, out: &mut Vec<String>, s: &Sqe, res: Option<i64>) {
    out.push(format_line(s, res));
    done.push(Done {
        id: s.id,
        alt_id: s.alt_id,
        res,
        outcome: s.outcome,
    });
}

#[derive(Debug)]
struct Pending {
    sqe: Sqe,
    /// Its line was printed (a multishot request waiting for more).
    printed: bool,
    more: u32,
}

/// An SQE and its completions pair by ring, request and `user_data`: a
/// request is reused as soon as it completes, and events of different CPUs
/// may be read out of order, so `user_data` keeps a completion from pairing
/// with the next SQE that got the same request.
type Key = (u64, u64, u64);

/// The tracer state: feed it events in time order, collect lines.
#[derive(Debug, Default)]
pub struct Tracer {
    tracked: HashSet<i32>,
    /// Tasks iou-strace started itself: their own fork event comes from an
    /// untracked parent (iou-strace) and must not untrack them.
    spawned: HashSet<i32>,
    pending: HashMap<Key, VecDeque<Pending>>,
    early: HashMap<Key, VecDeque<Complete>>,
    early_count: usize,
    last_ts: u64,
    /// Trace time of the next expiry scan of `early`.
    next_expire: u64,
    pub done: Vec<Done>,
}

impl Tracer {
    pub fn new() -> Tracer {
        Tracer::default()
    }

    /// Trace task (thread or process) `tid` and, from now on, what it forks.
    pub fn track(&mut self, tid: i32) {
        self.tracked.insert(tid);
    }

    /// Trace `tid`, a task iou-strace has just created: its fork event,
    /// whose parent is untracked, is still to come.
    pub fn track_spawned(&mut self, tid: i32) {
        self.tracked.insert(tid);
        self.spawned.insert(tid);
    }

    pub fn is_tracked(&self, pid: i32, tgid: i32) -> bool {
        self.tracked.contains(&pid) || self.tracked.contains(&tgid)
    }

    /// Handle one event; returns the lines it completes.
    pub fn handle(&mut self, ev: Event) -> Vec<String> {
        self.last_ts = self.last_ts.max(ev.ts());
        let mut out = Vec::new();
        match ev {
            Event::Fork(f) => self.fork(&f),
            Event::Sqe(s) => self.sqe(s, &mut out),
            Event::Complete(c) => self.complete(c, &mut out),
        }
        self.expire();
        out
    }

    fn fork(&mut self, f: &Fork) {
        if self.tracked.contains(&f.parent_pid) {
            self.tracked.insert(f.child_pid);
        } else if !self.spawned.remove(&f.child_pid) {
            // A task of an untracked parent got this id: if a traced task
            // had it, that task is gone and the id is reused.
            self.tracked.remove(&f.child_pid);
        }
    }

    fn sqe(&mut self, s: Sqe, out: &mut Vec<String>) {
        if !self.is_tracked(s.pid, s.tgid) {
            return;
        }
        let key = (s.ctx, s.req, s.user_data);
        // Expiry scans are spaced out: drop stale ones of this key here.
        let limit = self.last_ts.saturating_sub(EARLY_TTL_NS);
        let mut early = None;
        if let Some(q) = self.early.get_mut(&key) {
            while let Some(c) = q.pop_front() {
                self.early_count -= 1;
                if c.ts >= limit {
                    early = Some(c);
                    break;
                }
            }
        }
        if let Some(c) = early {
            let mut p = Pending {
                sqe: s,
                printed: false,
                more: 0,
            };
            if self.finish(&mut p, &c, out) {
                self.pending.entry(key).or_default().push_back(p);
            }
            return;
        }
        // A request that skips its CQE on success and whose req is already
        // reused (whatever its user_data) has succeeded.
        for (k, q) in self.pending.iter_mut() {
            if (k.0, k.1) != (s.ctx, s.req) {
                continue;
            }
            while q
                .front()
                .is_some_and(|p| !p.printed && p.sqe.sqe_flags & IOSQE_CQE_SKIP_SUCCESS != 0)
            {
                let p = q.pop_front().unwrap();
                record(&mut self.done, out, &p.sqe, None);
            }
        }
        self.pending.retain(|_, q| !q.is_empty());
        self.pending.entry(key).or_default().push_back(Pending {
            sqe: s,
            printed: false,
            more: 0,
        });
    }

    /// Apply completion `c` to `p`; true if `p` expects more completions.
    fn finish(&mut self, p: &mut Pending, c: &Complete, out: &mut Vec<String>) -> bool {
        let more = c.cflags & IORING_CQE_F_MORE != 0;
        if !p.printed {
            record(&mut self.done, out, &p.sqe, Some(c.res as i64));
            p.printed = true;
        } else {
            p.more += 1;
        }
        if !more && p.more > 0 {
            out.push(multishot_line(p, Some(c.res as i64)));
        }
        more
    }

    fn complete(&mut self, c: Complete, out: &mut Vec<String>) {
        let key = (c.ctx, c.req, c.user_data);
        let Some(mut p) = self.pending.get_mut(&key).and_then(VecDeque::pop_front) else {
            self.early.entry(key).or_default().push_back(c);
            self.early_count += 1;
            return;
        };
        if self.finish(&mut p, &c, out) {
            self.pending.entry(key).or_default().push_front(p);
        }
        if self.pending.get(&key).is_some_and(VecDeque::is_empty) {
            self.pending.remove(&key);
        }
    }

    fn expire(&mut self) {
        let limit = self.last_ts.saturating_sub(EARLY_TTL_NS);
        if self.early_count == 0 {
            return;
        }
        let over = self.early_count > EARLY_MAX;
        // Completions of untraced rings all end up in `early`: scanning it
        // on every event would cost O(EARLY_MAX) per event.
        if !over && self.last_ts < self.next_expire {
            return;
        }
        self.next_expire = self.last_ts.saturating_add(EARLY_TTL_NS / 8);
        let mut removed = 0;
        self.early.retain(|_, q| {
            let before = q.len();
            q.retain(|c| c.ts >= limit && !over);
            removed += before - q.len();
            !q.is_empty()
        });
        self.early_count -= removed;
    }

    /// End of trace: lines of the SQEs that saw no completion (`= ?`).
    pub fn drain(&mut self) -> Vec<String> {
        let mut all: Vec<Pending> = self.pending.drain().flat_map(|(_, q)| q).collect();
        all.sort_by_key(|p| p.sqe.ts);
        let mut out = Vec::new();
        for mut p in all {
            if p.printed {
                if p.more > 0 {
                    out.push(multishot_line(&p, None));
                }
                continue;
            }
            record(&mut self.done, &mut out, &p.sqe, None);
            p.printed = true;
        }
        self.early.clear();
        self.early_count = 0;
        out
    }
}

fn multishot_line(p: &Pending, last: Option<i64>) -> String {
    format!(
        "[pid {}] +++ IORING_OP_{} user_data={:#x} multishot: {} more completions, last = {} +++",
        p.sqe.pid,
        p.sqe.op_str,
        p.sqe.user_data,
        p.more,
        format_result(last)
    )
}

#[cfg(test)]
pub mod tests {
    use super::*;

    pub fn sqe(pid: i32, id: i64, user_data: u64, req: u64) -> Sqe {
        Sqe {
            ctx: 0x1000,
            req,
            user_data,
            id,
            pid,
            tgid: pid,
            path_arg: -1,
            path2_arg: -1,
            alt_id: -1,
            action: SECCOMP_RET_ALLOW,
            outcome: 1,
            arch: 0xc000_003e,
            op_str: "NOP".into(),
            ..Default::default()
        }
    }

    fn comp(ts: u64, req: u64, user_data: u64, res: i32, cflags: u32) -> Event {
        Event::Complete(Complete {
            ts,
            ctx: 0x1000,
            req,
            user_data,
            res,
            cflags,
        })
    }

    pub fn example_openat_ok() -> Sqe {
        Sqe {
            args: [(-100i64) as u64, 0x5555_0000_1000, 0o2000000, 0, 0, 0],
            path_arg: 1,
            path: b"/etc/hosts".to_vec(),
            op_str: "OPENAT".into(),
            ..sqe(412, 257, 0x1, 0xa)
        }
    }

    pub fn example_openat_refused() -> Sqe {
        Sqe {
            args: [(-100i64) as u64, 0x5555_0000_2000, 0, 0, 0, 0],
            path_arg: 1,
            path: b"/etc/passwd".to_vec(),
            op_str: "OPENAT".into(),
            outcome: OUTCOME_REFUSED,
            action: 0x0005_0001,
            res: -1,
            ..sqe(412, 257, 0x2, 0xb)
        }
    }

    #[test]
    fn example_lines() {
        assert_eq!(
            format_line(&example_openat_ok(), Some(5)),
            "[pid 412] openat(AT_FDCWD, \"/etc/hosts\", O_RDONLY|O_CLOEXEC) = 5 \
             /* IORING_OP_OPENAT user_data=0x1 */"
        );
        assert_eq!(
            format_line(&example_openat_refused(), Some(-1)),
            "[pid 412] openat(AT_FDCWD, \"/etc/passwd\", O_RDONLY) = -1 EPERM \
             (Operation not permitted) [seccomp SECCOMP_RET_ERRNO] \
             /* IORING_OP_OPENAT user_data=0x2 */"
        );
        let read = Sqe {
            args: [u64::MAX, 0x7f12_a000_1000, 4096, 0, 0, 0],
            op_str: "READ".into(),
            sqe_flags: IOSQE_FIXED_FILE,
            fd: 0,
            ..sqe(413, 0, 0x3, 0xc)
        };
        assert_eq!(
            format_line(&read, Some(4096)),
            "[pid 413] read(-1, 0x7f12a0001000, 4096) = 4096 \
             /* IORING_OP_READ user_data=0x3 fixed_file=0 */"
        );
        let sock = Sqe {
            args: [40, 1, 0, 0, 0, 0],
            op_str: "SOCKET".into(),
            sqpoll: true,
            outcome: OUTCOME_REFUSED,
            action: 0x0005_0001,
            ..sqe(420, 41, 0x9, 0xd)
        };
        assert_eq!(
            format_line(&sock, Some(-1)),
            "[pid 420] socket(AF_VSOCK, SOCK_STREAM, 0) = -1 EPERM \
             (Operation not permitted) [seccomp SECCOMP_RET_ERRNO] \
             /* IORING_OP_SOCKET user_data=0x9 sqpoll */"
        );
        // Ring-internal operations; unfiltered SQEs show no seccomp part
        // even with a non-ALLOW action; LOG shows.
        let nop = Sqe {
            id: 426,
            args: [u64::MAX, 0, 0, 0, 0, 0],
            outcome: OUTCOME_UNFILTERED,
            action: 0,
            ..sqe(7, 426, 0xff, 0xe)
        };
        assert_eq!(
            format_line(&nop, None),
            "[pid 7] io_uring_enter(-1, 0, 0, 0, 0, 0) = ? /* IORING_OP_NOP user_data=0xff */"
        );
        let logged = Sqe {
            action: 0x7ffc_0000,
            outcome: 1,
            ..nop.clone()
        };
        assert!(format_line(&logged, Some(0)).contains(" = 0 [seccomp SECCOMP_RET_LOG] /*"));
    }

    #[test]
    fn pairs_in_order_and_fifo_on_reuse() {
        let mut t = Tracer::new();
        t.track(412);
        assert!(t.handle(Event::Sqe(example_openat_ok())).is_empty());
        let lines = t.handle(comp(2, 0xa, 0x1, 5, 0));
        assert_eq!(lines.len(), 1);
        assert!(lines[0].ends_with("= 5 /* IORING_OP_OPENAT user_data=0x1 */"));
        // req 0xb reused twice before any completion was read: FIFO.
        let a = sqe(412, 0, 0x10, 0xb);
        let b = sqe(412, 1, 0x11, 0xb);
        assert!(t.handle(Event::Sqe(a)).is_empty());
        assert!(t.handle(Event::Sqe(b)).is_empty());
        let l1 = t.handle(comp(5, 0xb, 0x10, 1, 0));
        let l2 = t.handle(comp(6, 0xb, 0x11, 2, 0));
        assert!(l1[0].contains("read(") && l1[0].contains("user_data=0x10"));
        assert!(l2[0].contains("write(") && l2[0].contains("user_data=0x11"));
        assert!(t.drain().is_empty());
        assert_eq!(t.done.len(), 3);
    }

    #[test]
    fn completion_before_submission() {
        let mut t = Tracer::new();
        t.track(412);
        assert!(t.handle(comp(1, 0xb, 0x2, -1, 0)).is_empty());
        let lines = t.handle(Event::Sqe(example_openat_refused()));
        assert_eq!(lines.len(), 1);
        assert!(lines[0].contains("= -1 EPERM (Operation not permitted) [seccomp"));
        assert!(t.drain().is_empty());
        assert_eq!(
            t.done,
            vec![Done {
                id: 257,
                alt_id: -1,
                res: Some(-1),
                outcome: OUTCOME_REFUSED
            }]
        );
    }

    #[test]
    fn early_completions_expire() {
        let mut t = Tracer::new();
        t.track(1);
        t.handle(comp(10, 0x77, 0x1, 0, 0));
        // Much later: the stale completion must not pair.
        t.handle(comp(10 + EARLY_TTL_NS + 1, 0x78, 0x1, 0, 0));
        let mut s = sqe(1, 0, 0x1, 0x77);
        s.ts = 10 + EARLY_TTL_NS + 2;
        assert!(t.handle(Event::Sqe(s)).is_empty());
        let d = t.drain();
        assert_eq!(d.len(), 1);
        assert!(d[0].contains("read(0, NULL, 0) = ? /*"));
    }

    #[test]
    fn many_untraced_completions_stay_cheap() {
        // A busy untraced io_uring user: every completion goes to `early`.
        // Handling must not rescan all of them per event (quadratic).
        let mut t = Tracer::new();
        t.track(1);
        let start = std::time::Instant::now();
        for i in 0..200_000u64 {
            t.handle(comp(1_000 + i, 0x10_0000 + i, i, 0, 0));
        }
        assert!(
            start.elapsed() < std::time::Duration::from_secs(10),
            "200k untraced completions took {:?}",
            start.elapsed()
        );
        // Expiry still works: a stale completion does not pair.
        let mut t = Tracer::new();
        t.track(1);
        t.handle(comp(10, 0x77, 0x1, 0, 0));
        t.handle(comp(10 + EARLY_TTL_NS / 16, 0x78, 0x2, 0, 0));
        let mut s = sqe(1, 0, 0x1, 0x77);
        s.ts = 10 + EARLY_TTL_NS + EARLY_TTL_NS / 16;
        assert!(t.handle(Event::Sqe(s)).is_empty());
    }

    #[test]
    fn untracked_tasks_are_ignored() {
        let mut t = Tracer::new();
        t.track(100);
        assert!(t.handle(Event::Sqe(sqe(555, 0, 1, 0x1))).is_empty());
        assert!(t.handle(comp(1, 0x1, 1, 0, 0)).is_empty());
        assert!(t.drain().is_empty());
        assert!(t.done.is_empty());
    }

    #[test]
    fn follows_children_threads_and_sqpoll() {
        let mut t = Tracer::new();
        t.track(100);
        let fork = |p, c| {
            Event::Fork(Fork {
                ts: 0,
                parent_pid: p,
                child_pid: c,
            })
        };
        t.handle(fork(100, 101)); // child (or thread) of the traced task
        t.handle(fork(101, 102)); // grandchild
        t.handle(fork(50, 51)); // unrelated
        assert!(t.is_tracked(101, 101));
        assert!(t.is_tracked(102, 102));
        assert!(!t.is_tracked(51, 51));
        // A thread that appeared without a fork event of ours, in a traced
        // process (e.g. an SQPOLL thread: tgid is the ring creator's).
        assert!(t.is_tracked(999, 102));
        let mut s = sqe(999, 0, 7, 0x5);
        s.tgid = 102;
        s.sqpoll = true;
        t.handle(Event::Sqe(s));
        let l = t.handle(comp(1, 0x5, 7, 3, 0));
        assert!(l[0].starts_with("[pid 999] read("));
        assert!(l[0].ends_with(" sqpoll */"));
    }

    #[test]
    fn reused_pids_are_not_attributed() {
        let fork = |p, c| {
            Event::Fork(Fork {
                ts: 0,
                parent_pid: p,
                child_pid: c,
            })
        };
        let mut t = Tracer::new();
        t.track(100);
        t.handle(fork(100, 101));
        assert!(t.is_tracked(101, 101));
        // 101 exits; an unrelated process forks and gets pid 101 again.
        t.handle(fork(1, 101));
        assert!(!t.is_tracked(101, 101));
        assert!(t.handle(Event::Sqe(sqe(101, 0, 1, 0x1))).is_empty());
        assert!(t.handle(comp(1, 0x1, 1, 0, 0)).is_empty());
        assert!(t.drain().is_empty());
        // The command iou-strace spawned: its own fork event has an
        // untracked parent (iou-strace) and keeps it; a later reuse does not.
        let mut t = Tracer::new();
        t.track_spawned(200);
        t.handle(fork(50, 200));
        assert!(t.is_tracked(200, 200));
        t.handle(fork(60, 200));
        assert!(!t.is_tracked(200, 200));
    }

    #[test]
    fn multishot_and_unfinished() {
        let mut t = Tracer::new();
        t.track(1);
        t.handle(Event::Sqe(sqe(1, 43, 0x5, 0x9)));
        let l = t.handle(comp(1, 0x9, 0x5, 4, IORING_CQE_F_MORE));
        assert_eq!(l.len(), 1);
        assert!(t.handle(comp(2, 0x9, 0x5, 5, IORING_CQE_F_MORE)).is_empty());
        let l = t.handle(comp(3, 0x9, 0x5, -125, 0));
        assert_eq!(
            l,
            vec![
                "[pid 1] +++ IORING_OP_NOP user_data=0x5 multishot: 2 more completions, \
                  last = -1 ECANCELED (Operation canceled) +++"
            ]
        );
        // Unfinished and skip-success.
        let mut s = sqe(1, 3, 0x6, 0x10);
        s.sqe_flags = IOSQE_CQE_SKIP_SUCCESS;
        t.handle(Event::Sqe(s));
        let l = t.handle(Event::Sqe(sqe(1, 3, 0x7, 0x10)));
        assert_eq!(l.len(), 1);
        assert!(l[0].contains("close(0) = ? /* IORING_OP_NOP user_data=0x6 */"));
        let d = t.drain();
        assert_eq!(d.len(), 1);
        assert!(d[0].contains("user_data=0x7"));
        assert_eq!(t.done.len(), 3);
    }
}
