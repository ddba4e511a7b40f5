// SPDX-License-Identifier: GPL-2.0

//! Owned references: on a seccomp filter chain ([`FilterRef`]), on a
//! `struct cred` ([`CredRef`]), and a [`PinnedFilter`], the two together,
//! which decides only for credentials its author had authority over.
//! Each reference is taken and put here, and nowhere else.

use crate::bindings;
use core::marker::{PhantomData, PhantomPinned};
use core::ptr::NonNull;

/// A C `struct cred`, only ever handled by pointer: neither `Send`, `Sync`
/// nor `Unpin`, and never built or moved by Rust.
#[repr(C)]
pub struct Cred {
    _opaque: [u8; 0],
    _marker: PhantomData<(*mut u8, PhantomPinned)>,
}

// C glue in io_uring/seccomp.c: kernel APIs this tree has no Rust
// abstraction for (put_cred(), the LSM hooks).
extern "C" {
    fn io_seccomp_put_cred(creds: *const Cred);
    fn io_seccomp_cred_secid(creds: *const Cred) -> u32;
    fn io_seccomp_admin_over(author: *const Cred, creds: *const Cred) -> bool;
}

impl Cred {
    /// The C structure, to read its fields.
    #[inline]
    fn raw(&self) -> &bindings::cred {
        // SAFETY: a `Cred` is never built by Rust: every `&Cred` points to a
        // live `struct cred`, which is immutable once published.
        unsafe { &*(self as *const Cred).cast::<bindings::cred>() }
    }

    /// The LSM's label of these credentials (0 without an LSM).
    fn secid(&self) -> u32 {
        // SAFETY: `self` is live credentials.
        unsafe { io_seccomp_cred_secid(self) }
    }

    /// Whether every supplementary group of these credentials is one of
    /// `other`'s.
    fn groups_within(&self, other: &Cred) -> bool {
        let (gi, ogi) = (self.raw().group_info, other.raw().group_info);
        if gi == ogi {
            return true;
        }
        // SAFETY: live credentials hold a reference on their `group_info`,
        // whose `ngroups` entries are initialised and never change.
        let gids = unsafe { (*gi).gid.as_slice((*gi).ngroups as usize) };
        gids.iter().all(|&g| {
            // SAFETY: `ogi` is the live `group_info` of `other`.
            unsafe { bindings::groups_search(ogi, g) != 0 }
        })
    }

    /// Whether these credentials grant nothing `author` lacked: the same
    /// identity (user and group ids, real, effective, saved and
    /// filesystem; supplementary groups; user namespace; securebits; LSM
    /// label) and no capability `author` did not have. A filter `author`
    /// installed then decides only for what `author` could do itself.
    pub(super) fn covered_by(&self, author: &Cred) -> bool {
        if core::ptr::eq(self, author) {
            return true;
        }
        let (c, a) = (self.raw(), author.raw());
        let caps_within =
            |x: bindings::kernel_cap_t, y: bindings::kernel_cap_t| x.val & !y.val == 0;
        c.uid.val == a.uid.val
            && c.euid.val == a.euid.val
            && c.suid.val == a.suid.val
            && c.fsuid.val == a.fsuid.val
            && c.gid.val == a.gid.val
            && c.egid.val == a.egid.val
            && c.sgid.val == a.sgid.val
            && c.fsgid.val == a.fsgid.val
            && c.user_ns == a.user_ns
            && c.securebits == a.securebits
            && caps_within(c.cap_effective, a.cap_effective)
            && caps_within(c.cap_permitted, a.cap_permitted)
            && caps_within(c.cap_inheritable, a.cap_inheritable)
            && caps_within(c.cap_ambient, a.cap_ambient)
            && self.groups_within(author)
            && self.secid() == author.secid()
    }
}

/// An owned reference on a seccomp filter chain: dropping it puts the chain.
pub(super) struct FilterRef(pub(super) NonNull<bindings::seccomp_filter>);

impl FilterRef {
    /// Takes a new reference on `filter`.
    ///
    /// # Safety
    ///
    /// `filter` must be alive for the duration of the call (a filter of a
    /// chain the caller keeps alive).
    pub(super) unsafe fn get(filter: NonNull<bindings::seccomp_filter>) -> Self {
        // SAFETY: `filter` is alive (the caller's contract); the reference
        // taken here is owned by the new value and put by its `Drop`.
        unsafe { bindings::seccomp_filter_get(filter.as_ptr()) };
        FilterRef(filter)
    }
}

impl Drop for FilterRef {
    fn drop(&mut self) {
        // SAFETY: `self.0` holds a reference taken with `seccomp_filter_get()`
        // (by `FilterRef::get` or transferred to `rust_io_uring_seccomp_pin_new`),
        // dropped once here;
        // pins are freed in process context.
        unsafe { bindings::seccomp_filter_put(self.0.as_ptr()) };
    }
}

/// An owned reference on a `struct cred`: dropping it puts the credentials.
pub(super) struct CredRef(pub(super) NonNull<Cred>);

impl CredRef {
    /// The credentials.
    #[inline]
    pub(super) fn creds(&self) -> &Cred {
        // SAFETY: `self.0` is a reference we own: live while `self` is.
        unsafe { self.0.as_ref() }
    }

    /// Whether a filter pinned by the owner of these credentials may decide
    /// for an SQE running with `creds`. seccomp trusts a filter installed
    /// without no_new_privs only because its author had `CAP_SYS_ADMIN`;
    /// that trust extends to the credentials the author had authority over
    /// (those of a user namespace where it had `CAP_SYS_ADMIN`, never an
    /// ancestor's). Otherwise the filter decides only for credentials
    /// [covered](Cred::covered_by) by the author's.
    pub(super) fn trusted_for(&self, creds: &Cred) -> bool {
        creds.covered_by(self.creds())
            // SAFETY: both are live credentials.
            || unsafe { io_seccomp_admin_over(self.creds(), creds) }
    }
}

impl Drop for CredRef {
    fn drop(&mut self) {
        // SAFETY: `self.0` holds a reference taken with `get_current_cred()`,
        // dropped once here.
        unsafe { io_seccomp_put_cred(self.0.as_ptr()) };
    }
}

/// A filter chain pinned to a ring or a personality, with the credentials of
/// the task that pinned it. C sees it as the opaque `struct io_seccomp_pin`.
pub struct PinnedFilter {
    pub(super) filter: FilterRef,
    /// The author's credentials: the filter decides only for credentials
    /// they cover, or that the author had `CAP_SYS_ADMIN` over.
    pub(super) author: CredRef,
}

impl PinnedFilter {
    /// Whether this pin may decide an SQE that runs with `creds`.
    #[inline]
    pub(super) fn applies_to(&self, creds: &Cred) -> bool {
        core::ptr::eq(creds, self.author.creds()) || self.author.trusted_for(creds)
    }
}
