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
//! - [`ffi`]: the only unsafe code, the boundary called by `io_uring/seccomp.c`.
//!
//! See `Documentation/userspace-api/io_uring_seccomp.rst`.

pub mod ffi;
pub mod map;
pub mod sqe;
pub mod verdict;
