// SPDX-License-Identifier: GPL-2.0

//! What a seccomp return value means for an SQE.
//!
//! | action        | the SQE                     | CQE `res`                |
//! |---------------|-----------------------------|--------------------------|
//! | ALLOW         | runs                        | the operation's result   |
//! | LOG           | runs, the action is logged  | the operation's result   |
//! | ERRNO(e)      | does not run                | `-min(e, MAX_ERRNO)`     |
//! | TRACE         | does not run                | `-ENOSYS` (no tracer)    |
//! | TRAP          | does not run                | `-EPERM`                 |
//! | USER_NOTIF    | does not run                | `-EPERM`                 |
//! | KILL_THREAD   | does not run                | `-EPERM`                 |
//! | KILL_PROCESS  | does not run                | `-EPERM`                 |
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
    /// Do not issue it; complete it with this (zero or negative) result.
    Refuse(i32),
}

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
/// for ret in [SECCOMP_RET_TRAP, SECCOMP_RET_USER_NOTIF, SECCOMP_RET_KILL_THREAD,
///             SECCOMP_RET_KILL_PROCESS, 0x0001_0000] {
///     assert_eq!(decide(ret), Decision::Refuse(-1));
/// }
/// ```
pub fn decide(ret: u32) -> Decision {
    match Action::from_ret(ret) {
        Action::Allow | Action::Log => Decision::Run,
        Action::Errno(e) => Decision::Refuse(neg(u32::from(e).min(MAX_ERRNO))),
        Action::Trace(_) => Decision::Refuse(neg(bindings::ENOSYS)),
        Action::Trap(_) | Action::UserNotif | Action::KillThread | Action::KillProcess => {
            Decision::Refuse(neg(bindings::EPERM))
        }
    }
}

/// Whether seccomp's logging policy must be consulted for this verdict
/// (every action but ALLOW; the policy itself is seccomp's).
pub fn may_log(ret: u32) -> bool {
    Action::from_ret(ret) != Action::Allow
}
