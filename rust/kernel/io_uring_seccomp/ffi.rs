// SPDX-License-Identifier: GPL-2.0

//! The C boundary: every `unsafe` of the io_uring seccomp code is here.

use super::map::{self, Syscall};
use super::sqe::{Sqe, SQE_SIZE};
use super::verdict::{self, Decision};
use crate::bindings;
use core::ptr;

/// Returned to C for a refusal whose CQE result is 0 (`SECCOMP_RET_ERRNO`
/// with errno 0), which cannot be told apart from "run" otherwise.
pub const REFUSE_RES_ZERO: i32 = 1;

/// A filter chain that C code keeps alive for the duration of a call.
struct Chain(*const bindings::seccomp_filter);

impl Chain {
    /// Runs the chain on `sd`: the winning return value and the filter that
    /// returned it (null if none did).
    fn eval(&self, sd: &bindings::seccomp_data) -> (u32, *mut bindings::seccomp_filter) {
        let mut matched = ptr::null_mut();
        // SAFETY: `self.0` is null or a live filter chain (the contract of
        // `Chain`'s constructors), `sd` is a valid reference for the call and
        // `matched` a valid place for the result.
        let ret = unsafe { bindings::seccomp_filter_eval(self.0, sd, &mut matched) };
        (ret, matched)
    }
}

fn seccomp_data(call: &Syscall, arch: u32) -> bindings::seccomp_data {
    bindings::seccomp_data {
        nr: call.nr as i32,
        arch,
        instruction_pointer: 0,
        args: call.args,
    }
}

/// Maps `sqe`, runs `chains` and decides; logs through seccomp's policy.
fn check(sqe: &Sqe, chains: &[Chain], arch: u32) -> Decision {
    let Some(call) = map::map(sqe) else {
        return Decision::Refuse(-(bindings::EINVAL as i32));
    };
    let sd = seccomp_data(&call, arch);
    let mut ret = uapi::SECCOMP_RET_ALLOW;
    let mut matched = ptr::null_mut();
    for chain in chains {
        let (r, m) = chain.eval(&sd);
        if verdict::combine(ret, r) != ret {
            ret = r;
            matched = m;
        }
    }
    if verdict::may_log(ret) {
        // SAFETY: `matched` is null or a filter of one of `chains`, which
        // are alive for the duration of this call; `sd` is valid.
        unsafe { bindings::seccomp_filter_log_uring(matched, &sd, ret, sqe.opcode()) };
    }
    verdict::decide(ret)
}

/// Reads the first [`SQE_SIZE`] bytes of an SQE.
///
/// # Safety
///
/// `sqe` must point to at least [`SQE_SIZE`] readable bytes.
unsafe fn read_sqe(sqe: *const bindings::io_uring_sqe) -> Sqe {
    let mut raw = [0u8; SQE_SIZE];
    // SAFETY: the caller guarantees `SQE_SIZE` readable bytes at `sqe`; `raw`
    // is a distinct local of that size.
    unsafe { ptr::copy_nonoverlapping(sqe.cast::<u8>(), raw.as_mut_ptr(), SQE_SIZE) };
    Sqe::from_bytes(raw)
}

/// Decides an SQE against the seccomp filter chain `filter`.
///
/// Returns 0 if the SQE may run, a negative errno to complete it with, or
/// [`REFUSE_RES_ZERO`] to complete it with result 0 without running it.
///
/// # Safety
///
/// `sqe` must point to an SQE that nothing modifies during the call (io_uring
/// passes its private copy); `filter` must be null or a filter chain that
/// stays alive during the call (the current task's, or a pinned one).
#[no_mangle]
pub unsafe extern "C" fn rust_io_uring_seccomp_check(
    sqe: *const bindings::io_uring_sqe,
    filter: *const bindings::seccomp_filter,
    arch: u32,
) -> i32 {
    // SAFETY: the caller passes a readable, stable SQE.
    let sqe = unsafe { read_sqe(sqe) };
    match check(&sqe, &[Chain(filter)], arch) {
        Decision::Run => 0,
        Decision::Refuse(0) => REFUSE_RES_ZERO,
        Decision::Refuse(res) => res,
    }
}

/// Fills `sd` with the syscall `sqe` is presented to seccomp as.
///
/// For the KUnit suite, which checks the Rust view of the SQE against C's.
/// Returns 0, or `-EINVAL` for an unknown opcode.
///
/// # Safety
///
/// `sqe` must point to a readable SQE and `sd` to a writable `seccomp_data`.
#[cfg(CONFIG_IO_URING_SECCOMP_KUNIT_TEST)]
#[no_mangle]
pub unsafe extern "C" fn rust_io_uring_seccomp_map(
    sqe: *const bindings::io_uring_sqe,
    sd: *mut bindings::seccomp_data,
    arch: u32,
) -> i32 {
    // SAFETY: the caller passes a readable SQE.
    let sqe = unsafe { read_sqe(sqe) };
    match map::map(&sqe) {
        Some(call) => {
            // SAFETY: the caller passes a writable `seccomp_data`.
            unsafe { sd.write(seccomp_data(&call, arch)) };
            0
        }
        None => -(bindings::EINVAL as i32),
    }
}
