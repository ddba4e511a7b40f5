// SPDX-License-Identifier: GPL-2.0

//! The C boundary: the `extern "C"` functions `io_uring/seccomp.c` calls.
//! Each converts its pointers into references and owned values of
//! [`refs`](super::refs), [`chain`](super::chain) and
//! [`notify`](super::notify), under the safety contract stated on it, and
//! calls safe code.

use super::chain::{
    decide, errno_action, op_allowed, select, Chain, EffectOut, MAX_CHAINS, RING_PINS,
};
use super::notify::{notification, Notification};
use super::refs::{Cred, CredRef, FilterRef, PinnedFilter};
use super::sqe::Sqe;
use super::verdict::Effect;
use crate::alloc::{flags::GFP_KERNEL, KBox};
use crate::bindings;
use core::ptr::{self, NonNull};

/// Runs `f` on a view of the first [`SQE_SIZE`](super::sqe::SQE_SIZE) bytes
/// of an SQE, without copying them; the view does not outlive the call.
///
/// # Safety
///
/// `sqe` must point to at least [`SQE_SIZE`](super::sqe::SQE_SIZE) readable
/// bytes that nothing modifies until `with_sqe` returns.
#[inline]
unsafe fn with_sqe<R>(sqe: *const bindings::io_uring_sqe, f: impl FnOnce(&Sqe) -> R) -> R {
    // SAFETY: `Sqe` is a transparent wrapper of `[u8; SQE_SIZE]`, which has
    // alignment 1; the caller guarantees the bytes are readable and stable
    // for this call, which the borrow does not outlive.
    f(unsafe { &*sqe.cast::<Sqe>() })
}

/// The chains that decide an SQE: the task's, then those of the ring's pins
/// and of the personality's pin; `None` if a pin must not decide for
/// `creds` (its author relied on no_new_privs and lacked them).
///
/// # Safety
///
/// `task_filter` must be null or a chain alive during the call;
/// `ring_pins` must point to [`RING_PINS`] entries, each null or a live pin;
/// `personality` null or a live pin; `creds` live credentials.
#[inline]
unsafe fn collect_chains(
    task_filter: *const bindings::seccomp_filter,
    ring_pins: *const *const PinnedFilter,
    personality: *const PinnedFilter,
    creds: *const Cred,
) -> Option<[Chain; MAX_CHAINS]> {
    // SAFETY: the caller passes `RING_PINS` readable entries.
    let ring_pins = unsafe { core::slice::from_raw_parts(ring_pins, RING_PINS) };
    let mut chains = [Chain(ptr::null()); MAX_CHAINS];
    chains[0] = Chain(task_filter);
    // Ring pins are packed: the first null one ends them.
    let pins = ring_pins
        .iter()
        .copied()
        .take_while(|p| !p.is_null())
        .chain(core::iter::once(personality));
    // SAFETY: the caller passes live credentials, unchanged for the call.
    let creds = unsafe { &*creds };
    for (slot, pin) in chains[1..].iter_mut().zip(pins) {
        // SAFETY: each is null or a live pin, not mutated during the call.
        let Some(pin) = (unsafe { pin.as_ref() }) else {
            continue;
        };
        if !pin.applies_to(creds) {
            return None;
        }
        *slot = Chain(pin.filter.0.as_ptr());
    }
    Some(chains)
}

/// The chains that decide the SQEs of a submitter with `task_filter` and
/// `creds`, naming `personality` (or none), for
/// [`rust_io_uring_seccomp_decide`] and [`rust_io_uring_seccomp_op_allowed`]:
/// io_uring keeps them with the ring's memo, per submitter. Writes at most
/// [`MAX_CHAINS`] pointers to `out`, the submitter's own chain first (null
/// if it has none); returns how many, or `-EPERM` if a pin must not decide
/// for `creds` (its author relied on no_new_privs and lacked them).
///
/// # Safety
///
/// As for [`rust_io_uring_seccomp_check`]; `out` must point to
/// [`MAX_CHAINS`] writable pointers. The chains stay valid as long as
/// `task_filter` and the pins do.
#[no_mangle]
pub unsafe extern "C" fn rust_io_uring_seccomp_chains(
    task_filter: *const bindings::seccomp_filter,
    ring_pins: *const *const PinnedFilter,
    personality: *const PinnedFilter,
    creds: *const Cred,
    out: *mut *const bindings::seccomp_filter,
) -> i32 {
    // SAFETY: the caller's contract is `collect_chains`'s.
    let Some(all) = (unsafe { collect_chains(task_filter, ring_pins, personality, creds) }) else {
        return -(bindings::EPERM as i32);
    };
    let mut chains = [Chain(ptr::null()); MAX_CHAINS];
    let n = select(&all, &mut chains);
    for (i, c) in chains[..n].iter().enumerate() {
        // SAFETY: the caller passes `MAX_CHAINS` writable pointers.
        unsafe { out.add(i).write(c.0) };
    }
    n as i32
}

/// Views `n` chains from [`rust_io_uring_seccomp_chains`].
///
/// # Safety
///
/// `chains` must point to `n` entries, each null or a live chain, that stay
/// unchanged and alive for `'a`.
#[inline]
unsafe fn chains_at<'a>(chains: *const *const bindings::seccomp_filter, n: u32) -> &'a [Chain] {
    let n = (n as usize).min(MAX_CHAINS);
    // SAFETY: `Chain` is a transparent wrapper of the pointer; the caller
    // guarantees `n` readable, stable entries.
    unsafe { core::slice::from_raw_parts(chains.cast::<Chain>(), n) }
}

/// Whether every SQE of `opcode` is allowed by `chains`, whatever its
/// fields: io_uring then decides such SQEs in C, from the ring's memo.
///
/// # Safety
///
/// `chains` must be `n` chains from [`rust_io_uring_seccomp_chains`], alive
/// for the duration of the call.
#[no_mangle]
pub unsafe extern "C" fn rust_io_uring_seccomp_op_allowed(
    chains: *const *const bindings::seccomp_filter,
    n: u32,
    opcode: u8,
    arch: u32,
) -> bool {
    // SAFETY: the caller's contract.
    op_allowed(unsafe { chains_at(chains, n) }, opcode, arch)
}

/// Decides an SQE against `n` chains from [`rust_io_uring_seccomp_chains`].
///
/// Returns 0 if the SQE may run, a negative errno to complete it with,
/// [`REFUSE_RES_ZERO`](super::chain::REFUSE_RES_ZERO) to complete it with
/// result 0 without running it, or [`NOTIFY`](super::notify::NOTIFY) with a
/// new [`Notification`] in `*notif` (owned by the caller) when listeners
/// decide. `*effect` (what must happen to the submitting task: a trap, a
/// kill, or nothing; and the winning action) is written whenever the result
/// is not 0 and for `SECCOMP_RET_LOG`, and left alone for an SQE that
/// `SECCOMP_RET_ALLOW` lets run.
///
/// # Safety
///
/// `sqe` must point to an SQE that nothing modifies during the call (io_uring
/// passes its private copy); `chains` must be `n` chains from
/// [`rust_io_uring_seccomp_chains`] for the credentials the SQE runs with,
/// alive for the duration of the call; `effect` must point to a writable
/// `struct io_seccomp_effect` and `notif` to a writable pointer.
#[no_mangle]
pub unsafe extern "C" fn rust_io_uring_seccomp_decide(
    sqe: *const bindings::io_uring_sqe,
    chains: *const *const bindings::seccomp_filter,
    n: u32,
    arch: u32,
    effect: *mut EffectOut,
    notif: *mut *mut Notification,
) -> i32 {
    // SAFETY: the caller passes a writable pointer.
    let Some(effect) = (unsafe { effect.as_mut() }) else {
        return -(bindings::EINVAL as i32);
    };
    // SAFETY: the caller passes a writable pointer.
    let Some(notif) = (unsafe { notif.as_mut() }) else {
        effect.set(Effect::None, 0);
        return -(bindings::EINVAL as i32);
    };
    // SAFETY: the caller's contract.
    let chains = unsafe { chains_at(chains, n) };
    // SAFETY: the caller passes a readable SQE that nothing modifies during
    // this call.
    unsafe {
        with_sqe(sqe, |sqe| {
            decide(sqe, chains, arch, effect, |sd| {
                notification(chains, sd, notif)
            })
        })
    }
}

/// Decides an SQE against the filters that apply to it: the submitting
/// task's chain, the ring's pins and the pin of the personality it names.
///
/// Returns 0 if the SQE may run, a negative errno to complete it with, or
/// [`REFUSE_RES_ZERO`](super::chain::REFUSE_RES_ZERO) to complete it with
/// result 0 without running it.
/// A pin whose author relied on no_new_privs refuses (`-EPERM`) an SQE that
/// runs with credentials its author did not have.
///
/// # Safety
///
/// `sqe` must point to an SQE that nothing modifies during the call (io_uring
/// passes its private copy); `task_filter` must be null or a filter chain
/// that stays alive during the call; `ring_pins` must point to [`RING_PINS`]
/// entries, each null or a live pin, and `personality` must be null or a
/// live pin, pins coming from [`rust_io_uring_seccomp_pin_new`]; `creds` must
/// be the live credentials the SQE will run with; `effect` must point to a
/// writable `struct io_seccomp_effect`, set to what the caller must do to
/// the task; `notif` must point to a writable pointer, set to a new
/// [`Notification`] owned by the caller when [`NOTIFY`](super::notify::NOTIFY) is returned.
#[no_mangle]
pub unsafe extern "C" fn rust_io_uring_seccomp_check(
    sqe: *const bindings::io_uring_sqe,
    task_filter: *const bindings::seccomp_filter,
    ring_pins: *const *const PinnedFilter,
    personality: *const PinnedFilter,
    creds: *const Cred,
    arch: u32,
    effect: *mut EffectOut,
    notif: *mut *mut Notification,
) -> i32 {
    // SAFETY: the caller passes null or a writable effect.
    if let Some(effect) = unsafe { effect.as_mut() } {
        effect.set(Effect::None, 0);
    }
    let mut chains = [ptr::null(); MAX_CHAINS];
    // SAFETY: the caller's contract is `rust_io_uring_seccomp_chains`'s,
    // with room for `MAX_CHAINS` chains.
    let n = unsafe {
        rust_io_uring_seccomp_chains(
            task_filter,
            ring_pins,
            personality,
            creds,
            chains.as_mut_ptr(),
        )
    };
    if n < 0 {
        // SAFETY: the caller passes null or a writable effect.
        if let Some(effect) = unsafe { effect.as_mut() } {
            effect.action = errno_action(n);
        }
        return n;
    }
    // SAFETY: `chains` holds `n` chains alive for the call (the task's and
    // the pins'); the rest is the caller's contract.
    unsafe { rust_io_uring_seccomp_decide(sqe, chains.as_ptr(), n as u32, arch, effect, notif) }
}

/// Has the listeners decide a waiting SQE: shows each the syscall,
/// attributed to `task`, and waits for its answer.
///
/// Returns true if the SQE is to be issued (every listener answered
/// `SECCOMP_USER_NOTIF_FLAG_CONTINUE`); otherwise stores its result in
/// `*result` (the first other answer's error or value, `-ENOSYS` without a
/// listener, `-ERESTARTSYS` if the waiting task is signalled).
///
/// # Safety
///
/// `notif` must be null or a live notification from
/// [`rust_io_uring_seccomp_check`]; `task` must stay alive during the call,
/// and `result` be null or writable. Called in process context, where
/// sleeping is allowed.
#[no_mangle]
pub unsafe extern "C" fn rust_io_uring_seccomp_notify(
    notif: *const Notification,
    task: *mut bindings::task_struct,
    result: *mut crate::ffi::c_long,
) -> bool {
    // SAFETY: the caller passes null or a writable `long`.
    let Some(result) = (unsafe { result.as_mut() }) else {
        return false;
    };
    // SAFETY: the caller passes null or a live notification.
    match unsafe { notif.as_ref() } {
        Some(n) => n.ask(task, result),
        None => {
            // Nobody can be asked: as for a syscall without a listener.
            *result = -(bindings::ENOSYS as crate::ffi::c_long);
            false
        }
    }
}

/// Frees a notification, dropping its filter reference.
///
/// # Safety
///
/// `notif` must be null or a notification from
/// [`rust_io_uring_seccomp_check`] that nobody uses any more; called in
/// process context.
#[no_mangle]
pub unsafe extern "C" fn rust_io_uring_seccomp_notif_free(notif: *mut Notification) {
    if !notif.is_null() {
        // SAFETY: the caller hands back the only pointer to a live
        // notification that `KBox::into_raw` produced.
        drop(unsafe { KBox::from_raw(notif) });
    }
}

/// The filter chain a pin holds, for comparisons by the C glue.
///
/// # Safety
///
/// `pin` must be a live pin from [`rust_io_uring_seccomp_pin_new`].
#[no_mangle]
pub unsafe extern "C" fn rust_io_uring_seccomp_pin_filter(
    pin: *const PinnedFilter,
) -> *const bindings::seccomp_filter {
    // SAFETY: the caller passes a live pin.
    match unsafe { pin.as_ref() } {
        Some(pin) => pin.filter.0.as_ptr(),
        None => ptr::null(),
    }
}

/// Pins a filter chain and its author's credentials; returns the pin, or
/// null (with both references dropped) if it cannot be made.
///
/// # Safety
///
/// `filter` must be null or a chain carrying a reference from
/// `seccomp_filter_get()`, and `creds` null or credentials carrying a
/// reference from `get_cred()`; both references are transferred, also when
/// null is returned.
#[no_mangle]
pub unsafe extern "C" fn rust_io_uring_seccomp_pin_new(
    filter: *mut bindings::seccomp_filter,
    creds: *const Cred,
) -> *mut PinnedFilter {
    // Own each reference first, so that every way out drops both.
    let filter = NonNull::new(filter).map(FilterRef);
    let author = NonNull::new(creds.cast_mut()).map(CredRef);
    let (Some(filter), Some(author)) = (filter, author) else {
        return ptr::null_mut();
    };
    match KBox::new(PinnedFilter { filter, author }, GFP_KERNEL) {
        Ok(b) => KBox::into_raw(b),
        Err(_) => ptr::null_mut(), // the pin was dropped: references put
    }
}

/// Frees a pin, dropping its references.
///
/// # Safety
///
/// `pin` must be null or a pin from [`rust_io_uring_seccomp_pin_new`] that
/// is no longer used by anyone; called in process context.
#[no_mangle]
pub unsafe extern "C" fn rust_io_uring_seccomp_pin_free(pin: *mut PinnedFilter) {
    if !pin.is_null() {
        // SAFETY: the caller hands back the only pointer to a live pin that
        // `KBox::into_raw` produced.
        drop(unsafe { KBox::from_raw(pin) });
    }
}

/// Fills `sd` with the syscall `sqe` is presented to seccomp as or, if
/// `alternate`, with the other syscall it is also decided as (the `ioctl`
/// reading of a socket command, see [`map::alternate`](super::map::alternate)).
///
/// For the `io_uring_sqe_syscall` tracepoint, which shows every SQE as its
/// syscall, and the KUnit suite, which checks the Rust view of the SQE
/// against C's. Returns 0, `-EINVAL` for an unknown opcode, or `-ENOENT`
/// when `alternate` is asked for an SQE that has no other reading.
///
/// # Safety
///
/// `sqe` must point to a readable SQE and `sd` to a writable `seccomp_data`.
#[no_mangle]
pub unsafe extern "C" fn rust_io_uring_seccomp_map(
    sqe: *const bindings::io_uring_sqe,
    sd: *mut bindings::seccomp_data,
    arch: u32,
    alternate: bool,
) -> i32 {
    use super::{chain::seccomp_data, map};

    // SAFETY: the caller passes a readable SQE, stable for the call.
    let call = unsafe {
        with_sqe(sqe, |sqe| {
            if map::row(sqe.opcode()).is_none() {
                Err(-(bindings::EINVAL as i32))
            } else if alternate {
                map::alternate(sqe).ok_or(-(bindings::ENOENT as i32))
            } else {
                map::map(sqe).ok_or(-(bindings::EINVAL as i32))
            }
        })
    };
    match call {
        Ok(call) => {
            // SAFETY: the caller passes a writable `seccomp_data`.
            unsafe { sd.write(seccomp_data(&call, arch)) };
            0
        }
        Err(err) => err,
    }
}
