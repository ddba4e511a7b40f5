// SPDX-License-Identifier: GPL-2.0

//! Seccomp for io_uring requests.
//!
//! io_uring performs openat, connect, unlinkat, ... for a task that never
//! makes those syscalls, so the task's seccomp filter never sees them. This
//! module presents each SQE to seccomp as the equivalent syscall and turns
//! the filters' verdict into a decision for the SQE:
//!
//! - [`sqe`]: a plain-data copy of an SQE, read by field (safe).
//! - [`map`]: the opcode to syscall table (safe).
//! - [`verdict`]: what each seccomp action means for an SQE (safe).
//! - [`refs`]: owned references on filter chains and credentials, and pins.
//! - [`chain`]: the chains that decide a submitter's SQEs, and the decision.
//! - [`notify`]: the listeners that decide an SQE (`USER_NOTIF`).
//! - [`ffi`]: the `extern "C"` entry points, which only convert pointers.
//!
//! Each `unsafe` block sits next to the abstraction it serves: the calls
//! into seccomp in [`chain`] and [`notify`], reference counting in
//! [`refs`], pointer conversions in [`ffi`].
//!
//! See `Documentation/userspace-api/io_uring_seccomp.rst`.

pub mod chain;
pub mod ffi;
pub mod map;
pub mod notify;
pub mod refs;
pub mod sqe;
pub mod verdict;
