// SPDX-License-Identifier: GPL-2.0

//! Filter chains and the decision of one SQE: which chains decide the SQEs
//! of a submitter ([`select`]), what opcodes they always allow
//! ([`op_allowed`]), and running them on the syscall an SQE stands for
//! ([`decide`]). The calls into seccomp are wrapped by [`Chain`].

use super::map::{self, Syscall};
use super::sqe::Sqe;
use super::verdict::{self, Decision, Effect};
use crate::bindings;
use core::ptr;

/// Returned to C for a refusal whose CQE result is 0 (`SECCOMP_RET_ERRNO`
/// with errno 0), which cannot be told apart from "run" otherwise.
pub const REFUSE_RES_ZERO: i32 = 1;

/// `struct io_seccomp_effect` of `io_uring/seccomp.h`: what the C glue must
/// do to the submitting task (signals are C's business), and the action that
/// won, for the `io_uring_sqe_syscall` tracepoint.
#[repr(C)]
pub struct EffectOut {
    pub(super) kind: u32,
    pub(super) nr: i32,
    pub(super) data: u32,
    /// The winning `SECCOMP_RET_*` value (action and data). Written with the
    /// rest, and for `SECCOMP_RET_LOG`, together with `nr`, the syscall the
    /// winning reading of the SQE is; an SQE that runs without it being
    /// written was allowed (`SECCOMP_RET_ALLOW`).
    pub(super) action: u32,
}

impl EffectOut {
    /// Sets what happens to the submitter; `action` is left as it is.
    #[inline]
    pub(super) fn set(&mut self, effect: Effect, nr: i32) {
        let (kind, data) = match effect {
            Effect::None => (0, 0),
            Effect::Trap(data) => (1, u32::from(data)),
            Effect::KillThread => (2, 0),
            Effect::KillProcess => (3, 0),
        };
        self.kind = kind;
        self.nr = nr;
        self.data = data;
    }
}

/// The `SECCOMP_RET_*` value shown for an SQE refused with `res` before any
/// filter ran (see [`EffectOut::action`]): the errno it fails with.
#[inline]
pub(super) fn errno_action(res: i32) -> u32 {
    uapi::SECCOMP_RET_ERRNO | (res.unsigned_abs() & uapi::SECCOMP_RET_DATA)
}

/// A filter chain to run: borrowed from a task or from a
/// [`PinnedFilter`](super::refs::PinnedFilter).
#[derive(Clone, Copy, PartialEq, Eq)]
#[repr(transparent)]
pub(super) struct Chain(pub(super) *const bindings::seccomp_filter);

impl Chain {
    /// Whether the chain's action cache allows syscall `nr` whatever its
    /// arguments (a null chain allows everything).
    #[inline]
    pub(super) fn cache_allows(self, nr: u32, arch: u32) -> bool {
        // SAFETY: as for `eval`; the call only reads the chain's cache.
        unsafe { bindings::seccomp_filter_cache_allows(self.0, nr as i32, arch) }
    }

    /// Whether running this chain runs every filter of `other` too.
    #[inline]
    pub(super) fn contains(self, other: Chain) -> bool {
        // SAFETY: both are null or chains kept alive for the duration of the
        // call (as for `eval`); the call only walks their lists.
        unsafe { bindings::seccomp_filter_extends(self.0, other.0) }
    }

    /// Runs the chain on `sd`: the winning return value and the filter that
    /// returned it (null if none did).
    #[inline]
    pub(super) fn eval(self, sd: &bindings::seccomp_data) -> (u32, *mut bindings::seccomp_filter) {
        let mut matched = ptr::null_mut();
        // SAFETY: `self.0` is null or a chain kept alive for the duration of
        // the call (the current task's, or one a live `PinnedFilter` owns);
        // `sd` is a valid reference and `matched` a valid place.
        let ret = unsafe { bindings::seccomp_filter_eval(self.0, sd, &mut matched) };
        (ret, matched)
    }
}

#[inline]
pub(super) fn seccomp_data(call: &Syscall, arch: u32) -> bindings::seccomp_data {
    bindings::seccomp_data {
        nr: call.nr as i32,
        arch,
        instruction_pointer: 0,
        args: call.args,
    }
}

/// Maps `sqe`, runs `chains` and decides; logs through seccomp's policy.
/// `chains[0]` is the submitter's own chain (null if it has none), the
/// others distinct pins that it does not contain ([`select`]). Returns the
/// value for C (see
/// [`rust_io_uring_seccomp_decide`](super::ffi::rust_io_uring_seccomp_decide)).
///
/// The common verdicts (run, or refuse) need the syscall's number and
/// arguments, one BPF run per chain and a few compares: nothing is copied
/// or allocated. A listener, or an opcode with two readings, costs more.
#[inline]
pub(super) fn decide(
    sqe: &Sqe,
    chains: &[Chain],
    arch: u32,
    effect: &mut EffectOut,
    notify: impl FnOnce(&bindings::seccomp_data) -> i32,
) -> i32 {
    let opcode = sqe.opcode();
    let Some(row) = map::row(opcode) else {
        effect.set(Effect::None, 0);
        return -(bindings::EINVAL as i32);
    };
    let mut alt = None;
    // An opcode presented as one of several syscalls (`read`, `pread64` or
    // `preadv2`) is not in the ring's memo unless all are allowed: ask the
    // action caches for the one this SQE is before building its arguments.
    if row.has_choices() {
        let nr = row.nr(sqe);
        alt = row.alternate(sqe);
        if chains.iter().all(|c| {
            c.cache_allows(nr, arch) && alt.as_ref().map_or(true, |a| c.cache_allows(a.nr, arch))
        }) {
            return 0;
        }
    }
    let mut sd = bindings::seccomp_data {
        nr: 0,
        arch,
        instruction_pointer: 0,
        args: [0; 6],
    };
    sd.nr = row.map_into(sqe, &mut sd.args) as i32;
    let mut v = Verdict::run(chains, &sd);
    // Every chain allowed it: the common verdict, decided here.
    if v.ret == uapi::SECCOMP_RET_ALLOW && alt.is_none() {
        return 0;
    }
    effect.set(Effect::None, 0);
    let mut sd = &sd;
    let alt_sd;
    if let Some(alt) = alt {
        alt_sd = seccomp_data(&alt, arch);
        let v2 = Verdict::run(chains, &alt_sd);
        let both = v.notif && v2.notif;
        let own_ret = verdict::combine(v.own_ret, v2.own_ret);
        let mut other = v2.ret;
        if verdict::combine(v.ret, v2.ret) != v.ret {
            other = v.ret;
            v = v2;
            sd = &alt_sd;
        }
        v.own_ret = own_ret;
        // A listener is shown one syscall: it cannot decide for the other
        // reading if that one has listeners too, or would refuse the SQE
        // (TRACE, which ranks below USER_NOTIF): refuse as when no listener
        // can be asked.
        if v.ret_is_notify() && (both || verdict::decide(other) != Decision::Run) {
            effect.action = v.ret;
            effect.nr = sd.nr;
            return -(bindings::ENOSYS as i32);
        }
    }
    effect.action = v.ret;
    effect.nr = sd.nr;
    if verdict::may_log(v.ret) {
        // SAFETY: `v.matched` is null or a filter of one of `chains`, which
        // are alive for the duration of this call; `sd` is valid.
        unsafe { bindings::seccomp_filter_log_uring(v.matched, sd, v.ret, opcode) };
    }
    let (decision, eff) = verdict::for_submitter(v.ret, v.own_ret, map::can_wait(opcode));
    if eff != Effect::None {
        effect.set(eff, sd.nr);
    }
    match decision {
        Decision::Run => 0,
        Decision::Refuse(0) => REFUSE_RES_ZERO,
        Decision::Refuse(res) => res,
        Decision::Notify => notify(sd),
    }
}

/// The verdict of every chain on one syscall.
pub(super) struct Verdict {
    /// The combined verdict, and the filter that returned it.
    pub(super) ret: u32,
    pub(super) matched: *mut bindings::seccomp_filter,
    /// The verdict of the submitter's own chain alone.
    pub(super) own_ret: u32,
    /// Whether some chain returned `USER_NOTIF`.
    pub(super) notif: bool,
}

impl Verdict {
    /// Runs `chains` on `sd`; `chains[0]` is the submitter's own.
    #[inline]
    pub(super) fn run(chains: &[Chain], sd: &bindings::seccomp_data) -> Self {
        let mut v = Verdict {
            ret: uapi::SECCOMP_RET_ALLOW,
            matched: ptr::null_mut(),
            own_ret: uapi::SECCOMP_RET_ALLOW,
            notif: false,
        };
        for (i, chain) in chains.iter().enumerate() {
            if chain.0.is_null() {
                continue;
            }
            let (r, m) = chain.eval(sd);
            if i == 0 {
                v.own_ret = r;
            }
            v.notif |= verdict::Action::from_ret(r) == verdict::Action::UserNotif;
            if verdict::combine(v.ret, r) != v.ret {
                v.ret = r;
                v.matched = m;
            }
        }
        v
    }

    #[inline]
    pub(super) fn ret_is_notify(&self) -> bool {
        verdict::decide(self.ret) == Decision::Notify
    }
}

/// The chains that must run for an SQE, from those that apply to it
/// (`all[0]` the submitter's own, possibly null): the own chain first, kept
/// even if null (its verdict alone decides traps and kills), then each
/// distinct pin that no other chain contains. A pin whose chain another
/// chain contains (the submitter's own chain extends its creator's pin,
/// say) is not run again: its filters run in the longer chain, and its
/// listener is asked once. Returns the number of chains written to `out`.
pub(super) fn select(all: &[Chain; MAX_CHAINS], out: &mut [Chain; MAX_CHAINS]) -> usize {
    out[0] = all[0];
    let mut n = 1;
    for (i, chain) in all.iter().enumerate().skip(1) {
        if !chain.0.is_null()
            && !all[..i].contains(chain)
            && !all
                .iter()
                .enumerate()
                .any(|(k, c)| k != i && !c.0.is_null() && *c != *chain && c.contains(*chain))
        {
            out[n] = *chain;
            n += 1;
        }
    }
    n
}

/// Number of filters a ring pins (`IO_SECCOMP_RING_PINS`): its creator's,
/// then those of filtered tasks that can submit to its SQ thread.
pub const RING_PINS: usize = 8;

/// Chains an SQE may be checked against: the task's, the ring's pins, the
/// personality's pin.
pub(super) const MAX_CHAINS: usize = 1 + RING_PINS + 1;

/// Whether every SQE of `opcode` is allowed by `chains`, whatever its
/// fields: every syscall the opcode may be presented as
/// ([`map::syscalls`]) is allowed by the action cache of every chain.
pub(super) fn op_allowed(chains: &[Chain], opcode: u8, arch: u32) -> bool {
    map::syscalls(opcode).is_some_and(|nrs| {
        nrs.as_slice()
            .iter()
            .all(|&nr| chains.iter().all(|c| c.cache_allows(nr, arch)))
    })
}
