// SPDX-License-Identifier: GPL-2.0

//! What a seccomp return value means for an SQE.
//!
//! | action        | the SQE                              | CQE `res`                |
//! |---------------|--------------------------------------|--------------------------|
//! | ALLOW         | runs                                 | the operation's result   |
//! | LOG           | runs, the action is logged           | the operation's result   |
//! | ERRNO(e)      | does not run                         | `-min(e, MAX_ERRNO)`     |
//! | TRACE         | does not run                         | `-ENOSYS` (no tracer)    |
//! | TRAP          | does not run; `SIGSYS`               | `-EPERM`                 |
//! | USER_NOTIF    | the listener decides, from io-wq     | the listener's answer    |
//! | KILL_THREAD   | does not run; thread killed          | `-EPERM`                 |
//! | KILL_PROCESS  | does not run; process killed         | `-EPERM`                 |
//!
//! The signals are the submitting task's business ([`effect`]); for SQPOLL,
//! whose SQ thread has no user context, see `io_uring/seccomp.c`. A listener
//! may answer an error or a value (the CQE `res`), or let the SQE run
//! (`SECCOMP_USER_NOTIF_FLAG_CONTINUE`); without a listener, `-ENOSYS`.
//!
//! An SQE that does not run fails like any SQE refused at submission: its
//! link chain is broken (the rest of the chain completes with `-ECANCELED`),
//! also for `ERRNO(0)`, whose CQE has `res` 0 as the syscall would return 0.

use crate::bindings;

/// `MAX_ERRNO`: seccomp caps `SECCOMP_RET_ERRNO` data at this value.
pub const MAX_ERRNO: u32 = 4095;

const RET_ACTION_FULL: u32 = uapi::SECCOMP_RET_ACTION_FULL;
const RET_DATA: u32 = uapi::SECCOMP_RET_DATA;

/// A seccomp action, decoded from a filter's return value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// `SECCOMP_RET_KILL_PROCESS`, and any unknown action (seccomp treats
    /// those as a process kill).
    KillProcess,
    /// `SECCOMP_RET_KILL_THREAD`.
    KillThread,
    /// `SECCOMP_RET_TRAP` with its data.
    Trap(u16),
    /// `SECCOMP_RET_ERRNO` with its errno.
    Errno(u16),
    /// `SECCOMP_RET_USER_NOTIF`.
    UserNotif,
    /// `SECCOMP_RET_TRACE` with its data.
    Trace(u16),
    /// `SECCOMP_RET_LOG`.
    Log,
    /// `SECCOMP_RET_ALLOW`.
    Allow,
}

impl Action {
    /// Decodes a seccomp return value.
    ///
    /// # Examples
    ///
    /// ```
    /// use kernel::io_uring_seccomp::verdict::Action;
    ///
    /// assert_eq!(Action::from_ret(kernel::uapi::SECCOMP_RET_ERRNO | 13), Action::Errno(13));
    /// assert_eq!(Action::from_ret(kernel::uapi::SECCOMP_RET_ALLOW), Action::Allow);
    /// assert_eq!(Action::from_ret(0x0001_0000), Action::KillProcess); // unknown
    /// ```
    #[inline]
    pub fn from_ret(ret: u32) -> Self {
        let data = (ret & RET_DATA) as u16;
        match ret & RET_ACTION_FULL {
            uapi::SECCOMP_RET_KILL_THREAD => Action::KillThread,
            uapi::SECCOMP_RET_TRAP => Action::Trap(data),
            uapi::SECCOMP_RET_ERRNO => Action::Errno(data),
            uapi::SECCOMP_RET_USER_NOTIF => Action::UserNotif,
            uapi::SECCOMP_RET_TRACE => Action::Trace(data),
            uapi::SECCOMP_RET_LOG => Action::Log,
            uapi::SECCOMP_RET_ALLOW => Action::Allow,
            _ => Action::KillProcess,
        }
    }
}

/// Seccomp's precedence: the lower signed action value wins, data ignored.
#[inline]
fn rank(ret: u32) -> i32 {
    (ret & RET_ACTION_FULL) as i32
}

/// Combines the verdicts of two filter chains as seccomp combines the
/// filters of one chain: the most restrictive action wins, the first of two
/// equal actions keeps its data.
///
/// # Examples
///
/// ```
/// use kernel::io_uring_seccomp::verdict::combine;
/// use kernel::uapi::*;
///
/// let errno = SECCOMP_RET_ERRNO | 1;
/// assert_eq!(combine(SECCOMP_RET_ALLOW, errno), errno);
/// assert_eq!(combine(SECCOMP_RET_KILL_PROCESS, errno), SECCOMP_RET_KILL_PROCESS);
/// assert_eq!(combine(SECCOMP_RET_LOG, SECCOMP_RET_TRAP), SECCOMP_RET_TRAP);
/// assert_eq!(combine(errno, SECCOMP_RET_ERRNO | 2), errno);
/// ```
#[inline]
pub fn combine(a: u32, b: u32) -> u32 {
    if rank(b) < rank(a) {
        b
    } else {
        a
    }
}

/// What happens to the SQE.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    /// Issue the SQE as usual.
    Run,
    /// `SECCOMP_RET_USER_NOTIF`: the listener of the filter that returned it
    /// decides, before the SQE is issued from io-wq.
    Notify,
    /// Do not issue it; complete it with this (zero or negative) result.
    Refuse(i32),
}

#[inline]
fn neg(errno: u32) -> i32 {
    -(errno as i32)
}

/// The decision for a (combined) seccomp return value.
///
/// # Examples
///
/// ```
/// use kernel::io_uring_seccomp::verdict::{decide, Decision};
/// use kernel::uapi::*;
///
/// assert_eq!(decide(SECCOMP_RET_ALLOW), Decision::Run);
/// assert_eq!(decide(SECCOMP_RET_LOG), Decision::Run);
/// assert_eq!(decide(SECCOMP_RET_ERRNO | 1), Decision::Refuse(-1));
/// assert_eq!(decide(SECCOMP_RET_ERRNO), Decision::Refuse(0));
/// assert_eq!(decide(SECCOMP_RET_ERRNO | 0xffff), Decision::Refuse(-4095));
/// assert_eq!(decide(SECCOMP_RET_TRACE | 5), Decision::Refuse(-38));
/// assert_eq!(decide(SECCOMP_RET_USER_NOTIF), Decision::Notify);
/// for ret in [SECCOMP_RET_TRAP, SECCOMP_RET_KILL_THREAD, SECCOMP_RET_KILL_PROCESS,
///             0x0001_0000] {
///     assert_eq!(decide(ret), Decision::Refuse(-1));
/// }
/// ```
#[inline]
pub fn decide(ret: u32) -> Decision {
    match Action::from_ret(ret) {
        Action::Allow | Action::Log => Decision::Run,
        Action::Errno(e) => Decision::Refuse(neg(u32::from(e).min(MAX_ERRNO))),
        Action::Trace(_) => Decision::Refuse(neg(bindings::ENOSYS)),
        Action::UserNotif => Decision::Notify,
        Action::Trap(_) | Action::KillThread | Action::KillProcess => {
            Decision::Refuse(neg(bindings::EPERM))
        }
    }
}

/// What must happen to the submitting task, beside refusing the SQE.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Effect {
    /// Nothing.
    None,
    /// `SECCOMP_RET_TRAP`: a `SIGSYS` for the mapped syscall, with this data
    /// as `si_errno`, as for a syscall.
    Trap(u16),
    /// `SECCOMP_RET_KILL_THREAD`: the submitting thread dies of `SIGSYS`.
    KillThread,
    /// `SECCOMP_RET_KILL_PROCESS` (and unknown actions): the process dies of
    /// `SIGSYS`, with a core dump where seccomp makes one.
    KillProcess,
}

/// The effect of a (combined) seccomp return value on the submitting task.
///
/// # Examples
///
/// ```
/// use kernel::io_uring_seccomp::verdict::{effect, Effect};
/// use kernel::uapi::*;
///
/// assert_eq!(effect(SECCOMP_RET_TRAP | 42), Effect::Trap(42));
/// assert_eq!(effect(SECCOMP_RET_KILL_THREAD), Effect::KillThread);
/// assert_eq!(effect(SECCOMP_RET_KILL_PROCESS), Effect::KillProcess);
/// assert_eq!(effect(0x0001_0000), Effect::KillProcess);
/// for ret in [SECCOMP_RET_ALLOW, SECCOMP_RET_LOG, SECCOMP_RET_ERRNO | 1,
///             SECCOMP_RET_TRACE, SECCOMP_RET_USER_NOTIF] {
///     assert_eq!(effect(ret), Effect::None);
/// }
/// ```
#[inline]
pub fn effect(ret: u32) -> Effect {
    match Action::from_ret(ret) {
        Action::Trap(data) => Effect::Trap(data),
        Action::KillThread => Effect::KillThread,
        Action::KillProcess => Effect::KillProcess,
        _ => Effect::None,
    }
}

/// Whether seccomp's logging policy must be consulted for this verdict
/// (every action but ALLOW; the policy itself is seccomp's).
#[inline]
pub fn may_log(ret: u32) -> bool {
    Action::from_ret(ret) != Action::Allow
}

/// The decision for the combined verdict `ret` of every chain that applies,
/// and what must happen to the submitting task.
///
/// `own` is the verdict of the submitter's own filter chain alone
/// (`SECCOMP_RET_ALLOW` if it has none): a trap or a kill is carried out
/// only as the submitter's own filter earned it, so that a filter another
/// task pinned to the ring or to a personality never signals or kills the
/// submitter (its verdict refuses the SQE, with `-EPERM` for those
/// actions), and a stricter pinned filter never spares the submitter what
/// its own filter does to it. `can_wait` says whether the SQE can wait for
/// a listener before it is issued (`IORING_OP_LINK_TIMEOUT`, armed by the
/// request before it, cannot): if not, `USER_NOTIF` refuses it with
/// `-ENOSYS`, as for a syscall whose listener cannot be asked.
///
/// # Examples
///
/// ```
/// use kernel::io_uring_seccomp::verdict::{for_submitter, Decision, Effect};
/// use kernel::uapi::*;
///
/// let eperm = Decision::Refuse(-1);
/// let kill = SECCOMP_RET_KILL_PROCESS;
/// assert_eq!(for_submitter(kill, kill, true), (eperm, Effect::KillProcess));
/// let kt = SECCOMP_RET_KILL_THREAD;
/// assert_eq!(for_submitter(kt, kt, true), (eperm, Effect::KillThread));
/// let trap = SECCOMP_RET_TRAP | 7;
/// assert_eq!(for_submitter(trap, trap, true), (eperm, Effect::Trap(7)));
/// // Another task's pinned filter refuses; it never signals the submitter.
/// for ret in [kill, kt, SECCOMP_RET_TRAP, 0x0001_0000] {
///     assert_eq!(for_submitter(ret, SECCOMP_RET_ALLOW, true), (eperm, Effect::None));
/// }
/// // A stricter pin does not spare the submitter its own filter's trap.
/// assert_eq!(for_submitter(kill, trap, true), (eperm, Effect::Trap(7)));
/// let errno = SECCOMP_RET_ERRNO | 5;
/// assert_eq!(for_submitter(errno, SECCOMP_RET_ALLOW, true), (Decision::Refuse(-5), Effect::None));
/// let notif = SECCOMP_RET_USER_NOTIF;
/// assert_eq!(for_submitter(notif, SECCOMP_RET_ALLOW, true), (Decision::Notify, Effect::None));
/// assert_eq!(for_submitter(notif, notif, false), (Decision::Refuse(-38), Effect::None));
/// let allow = SECCOMP_RET_ALLOW;
/// assert_eq!(for_submitter(allow, allow, false), (Decision::Run, Effect::None));
/// ```
#[inline]
pub fn for_submitter(ret: u32, own: u32, can_wait: bool) -> (Decision, Effect) {
    match decide(ret) {
        Decision::Notify if !can_wait => (Decision::Refuse(neg(bindings::ENOSYS)), Effect::None),
        decision => (decision, effect(own)),
    }
}
