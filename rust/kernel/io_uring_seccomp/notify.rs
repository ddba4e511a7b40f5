// SPDX-License-Identifier: GPL-2.0

//! The listeners that decide an SQE (`SECCOMP_RET_USER_NOTIF`): built when
//! one must be asked, owned by the request until io-wq asks them.

use super::chain::{Chain, MAX_CHAINS};
use super::refs::FilterRef;
use super::verdict;
use crate::alloc::{flags::GFP_KERNEL, KBox};
use crate::bindings;
use core::ptr::{self, NonNull};

/// Returned to C when a listener decides (`SECCOMP_RET_USER_NOTIF`), with a
/// [`Notification`] (`IOU_SECCOMP_NOTIFY`).
pub const NOTIFY: i32 = 2;

/// An SQE waiting for seccomp listeners: the filters whose listeners decide,
/// one per filter chain that returned `SECCOMP_RET_USER_NOTIF` (each kept
/// alive by the request), and the syscall they are shown. C sees it as the
/// opaque `struct io_seccomp_notif`.
pub struct Notification {
    pub(super) listeners: [Option<FilterRef>; MAX_CHAINS],
    pub(super) sd: bindings::seccomp_data,
}

impl Notification {
    /// Asks each listener in turn, as if each chain were the only one: the
    /// SQE runs only if every listener lets it continue; the first other
    /// answer is its result.
    pub(super) fn ask(
        &self,
        task: *mut bindings::task_struct,
        result: &mut crate::ffi::c_long,
    ) -> bool {
        self.listeners.iter().flatten().all(|filter| {
            // SAFETY: `filter` holds a reference on the filter, `self.sd` is
            // valid, `task` is kept alive by the caller of
            // `rust_io_uring_seccomp_notify` and `result` is a valid place.
            unsafe { bindings::seccomp_filter_notify(filter.0.as_ptr(), &self.sd, task, result) }
        })
    }
}

/// The listeners that decide `sd`: one per chain that returns `USER_NOTIF`,
/// a filter met in two chains asked once. Filters are functions of the
/// seccomp data, so running them again gives the verdicts
/// [`decide`](super::chain::decide) saw;
/// only an SQE that waits for a listener pays for it.
#[cold]
pub(super) fn notification(
    chains: &[Chain],
    sd: &bindings::seccomp_data,
    out: &mut *mut Notification,
) -> i32 {
    let mut listeners: [Option<FilterRef>; MAX_CHAINS] = Default::default();
    let mut seen = [ptr::null_mut(); MAX_CHAINS];
    for (i, chain) in chains.iter().enumerate() {
        if chain.0.is_null() {
            continue;
        }
        let (r, m) = chain.eval(sd);
        if verdict::Action::from_ret(r) != verdict::Action::UserNotif || seen.contains(&m) {
            continue;
        }
        seen[i] = m;
        // SAFETY: `m` is null or a filter of `chain`, alive for the
        // duration of this call.
        listeners[i] = NonNull::new(m).map(|m| unsafe { FilterRef::get(m) });
    }
    if listeners.iter().all(Option::is_none) {
        // Nobody can be asked: as for a syscall without a listener.
        return -(bindings::ENOSYS as i32);
    }
    match KBox::new(Notification { listeners, sd: *sd }, GFP_KERNEL) {
        Ok(n) => {
            *out = KBox::into_raw(n);
            NOTIFY
        }
        Err(_) => -(bindings::ENOMEM as i32),
    }
}
