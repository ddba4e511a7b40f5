// SPDX-License-Identifier: GPL-2.0

//! The io_uring opcode to syscall map.
//!
//! Every `IORING_OP_*` is presented to seccomp as the syscall that does the
//! same thing, with the arguments that syscall would take, so that a filter
//! written for syscalls decides for the SQE what it decides for the syscall.
//! [`TABLE`] has exactly one row per opcode; its length is `IORING_OP_LAST`,
//! so a new opcode fails the build until it is given a row here.
//!
//! Arguments are presented the way the kernel will use them: an `int` field
//! is truncated to 32 bits and sign-extended (as a C library passes it), an
//! unsigned one zero-extended, a `umode_t` truncated to 16 bits. A filter
//! therefore cannot be fooled by high bits the operation ignores.

use super::sqe::{Sqe, SPLICE_F_FD_IN_FIXED};
use uapi::*;

/// Presented for a descriptor argument that has no descriptor number: a
/// registered ("fixed") file, the ring of a ring-internal operation.
pub const NO_FD: u64 = u64::MAX;

/// `SIOCINQ` (`FIONREAD`) and `SIOCOUTQ` (`TIOCOUTQ`), the ioctls that the
/// socket commands `SOCKET_URING_OP_SIOCINQ`/`SIOCOUTQ` stand for.
pub const SIOCINQ: u64 = 0x541b;
/// See [`SIOCINQ`].
pub const SIOCOUTQ: u64 = 0x5411;

// The `cmd_op` values of socket `IORING_OP_URING_CMD`s.
const SOCKET_URING_OP_SIOCINQ: u32 = io_uring_socket_op_SOCKET_URING_OP_SIOCINQ;
const SOCKET_URING_OP_SIOCOUTQ: u32 = io_uring_socket_op_SOCKET_URING_OP_SIOCOUTQ;
const SOCKET_URING_OP_GETSOCKOPT: u32 = io_uring_socket_op_SOCKET_URING_OP_GETSOCKOPT;
const SOCKET_URING_OP_SETSOCKOPT: u32 = io_uring_socket_op_SOCKET_URING_OP_SETSOCKOPT;

/// The register opcode `FILES_UPDATE` mirrors.
const IORING_REGISTER_FILES_UPDATE: u64 = io_uring_register_op_IORING_REGISTER_FILES_UPDATE as u64;

/// A syscall as seccomp sees it: number and six arguments.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Syscall {
    /// The syscall number (native architecture).
    pub nr: u32,
    /// The arguments, already extended to 64 bits.
    pub args: [u64; 6],
}

/// Where an argument comes from in the SQE.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Src {
    /// `fd`.
    Fd,
    /// `off` (also `addr2`).
    Off,
    /// `addr` (also `splice_off_in`).
    Addr,
    /// `addr3`.
    Addr3,
    /// `len`.
    Len,
    /// The per-opcode flags word.
    OpFlags,
    /// `file_index` (also `splice_fd_in`, `optlen`, `addr_len`).
    FileIndex,
    /// `off` if non-zero, else `len` (how `IORING_OP_MADVISE` takes its length).
    OffOrLen,
    /// `addr` if non-zero, else `len` (how `IORING_OP_FADVISE` takes its length).
    AddrOrLen,
}

/// How one syscall argument is made.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Arg {
    /// The constant 0.
    Zero,
    /// A constant.
    Const(u64),
    /// The file the operation acts on (`fd`); [`NO_FD`] if it is registered.
    File,
    /// The splice source (`splice_fd_in`); [`NO_FD`] if it is registered.
    FileIn,
    /// A C `int`: low 32 bits, sign-extended.
    Int(Src),
    /// A C `unsigned int`: low 32 bits, zero-extended.
    UInt(Src),
    /// A `umode_t` or other 16-bit value, zero-extended.
    U16(Src),
    /// A 64-bit value (pointer, offset, `size_t`), as is.
    Long(Src),
}

/// How the syscall of a row is chosen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Always this syscall, with these arguments (missing ones are 0).
    Sys(u32, &'static [Arg]),
    /// `read`/`write` when `off` is -1 (use and move the file position),
    /// `pread64`/`pwrite64` otherwise.
    Positional {
        /// The syscall when `off` is -1.
        plain: u32,
        /// The syscall at an explicit offset.
        positional: u32,
    },
    /// `fdatasync` with `IORING_FSYNC_DATASYNC`, `fsync` otherwise.
    Fsync,
    /// `splice`; `SPLICE_F_FD_IN_FIXED` is io_uring's own and not shown.
    Splice,
    /// `IORING_OP_URING_CMD`: socket commands are their socket syscalls,
    /// any other command is `ioctl(fd, cmd_op, 0)`.
    UringCmd,
    /// An operation on the ring's own state, with no syscall of its own:
    /// presented as `io_uring_enter(NO_FD, 0, 0, 0, 0, 0)`, the syscall that
    /// does this bookkeeping, so a filter that refuses io_uring refuses it.
    Ring,
}

/// One row of the table.
#[derive(Clone, Copy, Debug)]
pub struct Row {
    /// The `IORING_OP_*` value; equal to the row's index.
    pub opcode: u32,
    /// The opcode's name without the `IORING_OP_` prefix.
    pub name: &'static str,
    /// The mapping.
    pub kind: Kind,
}

/// Number of io_uring opcodes, `IORING_OP_LAST`.
pub const NR_OPCODES: usize = io_uring_op_IORING_OP_LAST as usize;

macro_rules! row {
    ($op:ident, $kind:expr) => {
        macros::paste! {
            Row { opcode: [<io_uring_op_IORING_OP_ $op>], name: stringify!($op), kind: $kind }
        }
    };
}

macro_rules! sys {
    ($op:ident, $nr:ident, $($arg:expr),*) => {
        macros::paste! { row!($op, Kind::Sys([<__NR_ $nr>], &[$($arg),*])) }
    };
}

use Arg::{Const, File, FileIn, Int, Long, UInt, Zero, U16};
use Src::{Addr, Addr3, AddrOrLen, Fd, FileIndex, Len, Off, OffOrLen, OpFlags};

const READ: Kind = Kind::Positional {
    plain: __NR_read,
    positional: __NR_pread64,
};
const WRITE: Kind = Kind::Positional {
    plain: __NR_write,
    positional: __NR_pwrite64,
};
const SENDTO: &[Arg] = &[
    File,
    Long(Addr),
    UInt(Len),
    UInt(OpFlags),
    Long(Off),
    U16(FileIndex),
];

/// The map, indexed by opcode. Its type makes the build fail when the
/// number of rows differs from `IORING_OP_LAST`.
#[rustfmt::skip]
pub const TABLE: [Row; NR_OPCODES] = [
    row!(NOP, Kind::Ring),
    sys!(READV, preadv2, File, Long(Addr), UInt(Len), Long(Off), Zero, UInt(OpFlags)),
    sys!(WRITEV, pwritev2, File, Long(Addr), UInt(Len), Long(Off), Zero, UInt(OpFlags)),
    row!(FSYNC, Kind::Fsync),
    row!(READ_FIXED, READ),
    row!(WRITE_FIXED, WRITE),
    sys!(POLL_ADD, poll, Zero, Const(1), Const(u64::MAX)),
    row!(POLL_REMOVE, Kind::Ring),
    sys!(SYNC_FILE_RANGE, sync_file_range, File, Long(Off), UInt(Len), UInt(OpFlags)),
    sys!(SENDMSG, sendmsg, File, Long(Addr), UInt(OpFlags)),
    sys!(RECVMSG, recvmsg, File, Long(Addr), UInt(OpFlags)),
    row!(TIMEOUT, Kind::Ring),
    row!(TIMEOUT_REMOVE, Kind::Ring),
    sys!(ACCEPT, accept4, File, Long(Addr), Long(Off), UInt(OpFlags)),
    row!(ASYNC_CANCEL, Kind::Ring),
    row!(LINK_TIMEOUT, Kind::Ring),
    sys!(CONNECT, connect, File, Long(Addr), Int(Off)),
    sys!(FALLOCATE, fallocate, File, Int(Len), Long(Off), Long(Addr)),
    sys!(OPENAT, openat, Int(Fd), Long(Addr), UInt(OpFlags), U16(Len)),
    sys!(CLOSE, close, Int(Fd)),
    sys!(FILES_UPDATE, io_uring_register,
        Const(NO_FD), Const(IORING_REGISTER_FILES_UPDATE), Long(Addr), UInt(Len)),
    sys!(STATX, statx, Int(Fd), Long(Addr), UInt(OpFlags), UInt(Len), Long(Off)),
    row!(READ, READ),
    row!(WRITE, WRITE),
    sys!(FADVISE, fadvise64, File, Long(Off), Long(AddrOrLen), Int(OpFlags)),
    sys!(MADVISE, madvise, Long(Addr), Long(OffOrLen), Int(OpFlags)),
    row!(SEND, Kind::Sys(__NR_sendto, SENDTO)),
    sys!(RECV, recvfrom, File, Long(Addr), UInt(Len), UInt(OpFlags)),
    sys!(OPENAT2, openat2, Int(Fd), Long(Addr), Long(Off), UInt(Len)),
    sys!(EPOLL_CTL, epoll_ctl, Int(Fd), Int(Len), Int(Off), Long(Addr)),
    row!(SPLICE, Kind::Splice),
    row!(PROVIDE_BUFFERS, Kind::Ring),
    row!(REMOVE_BUFFERS, Kind::Ring),
    sys!(TEE, tee, FileIn, File, UInt(Len), UInt(OpFlags)),
    sys!(SHUTDOWN, shutdown, File, Int(Len)),
    sys!(RENAMEAT, renameat2, Int(Fd), Long(Addr), Int(Len), Long(Off), UInt(OpFlags)),
    sys!(UNLINKAT, unlinkat, Int(Fd), Long(Addr), UInt(OpFlags)),
    sys!(MKDIRAT, mkdirat, Int(Fd), Long(Addr), U16(Len)),
    sys!(SYMLINKAT, symlinkat, Long(Addr), Int(Fd), Long(Off)),
    sys!(LINKAT, linkat, Int(Fd), Long(Addr), Int(Len), Long(Off), UInt(OpFlags)),
    sys!(MSG_RING, io_uring_enter, File),
    sys!(FSETXATTR, fsetxattr, File, Long(Addr), Long(Off), UInt(Len), UInt(OpFlags)),
    sys!(SETXATTR, setxattr, Long(Addr3), Long(Addr), Long(Off), UInt(Len), UInt(OpFlags)),
    sys!(FGETXATTR, fgetxattr, File, Long(Addr), Long(Off), UInt(Len)),
    sys!(GETXATTR, getxattr, Long(Addr3), Long(Addr), Long(Off), UInt(Len)),
    sys!(SOCKET, socket, Int(Fd), Int(Off), Int(Len)),
    row!(URING_CMD, Kind::UringCmd),
    row!(SEND_ZC, Kind::Sys(__NR_sendto, SENDTO)),
    sys!(SENDMSG_ZC, sendmsg, File, Long(Addr), UInt(OpFlags)),
    sys!(READ_MULTISHOT, read, File, Zero, UInt(Len)),
    sys!(WAITID, waitid, Int(Len), Int(Fd), Long(Off), Int(FileIndex)),
    sys!(FUTEX_WAIT, futex_wait, Long(Addr), Long(Off), Long(Addr3), UInt(Fd)),
    sys!(FUTEX_WAKE, futex_wake, Long(Addr), Long(Addr3), Long(Off), UInt(Fd)),
    sys!(FUTEX_WAITV, futex_waitv, Long(Addr), UInt(Len)),
    sys!(FIXED_FD_INSTALL, dup, Const(NO_FD)),
    sys!(FTRUNCATE, ftruncate, File, Long(Off)),
    sys!(BIND, bind, File, Long(Addr), Int(Off)),
    sys!(LISTEN, listen, File, Int(Len)),
];

// Every row sits at the index of its opcode.
const _: () = {
    let mut i = 0;
    while i < NR_OPCODES {
        assert!(TABLE[i].opcode as usize == i);
        i += 1;
    }
};

static ROWS: [Row; NR_OPCODES] = TABLE;

/// The row of `opcode`, or `None` if io_uring has no such opcode.
pub fn row(opcode: u8) -> Option<&'static Row> {
    ROWS.get(usize::from(opcode))
}

fn src(sqe: &Sqe, s: Src) -> u64 {
    match s {
        Src::Fd => u64::from(sqe.fd() as u32),
        Src::Off => sqe.off(),
        Src::Addr => sqe.addr(),
        Src::Addr3 => sqe.addr3(),
        Src::Len => u64::from(sqe.len()),
        Src::OpFlags => u64::from(sqe.op_flags()),
        Src::FileIndex => u64::from(sqe.file_index()),
        Src::OffOrLen => match sqe.off() {
            0 => u64::from(sqe.len()),
            v => v,
        },
        Src::AddrOrLen => match sqe.addr() {
            0 => u64::from(sqe.len()),
            v => v,
        },
    }
}

fn int(v: i32) -> u64 {
    i64::from(v) as u64
}

fn arg(sqe: &Sqe, a: Arg) -> u64 {
    match a {
        Arg::Zero => 0,
        Arg::Const(v) => v,
        Arg::File if sqe.fixed_file() => NO_FD,
        Arg::File => int(sqe.fd()),
        Arg::FileIn if sqe.op_flags() & SPLICE_F_FD_IN_FIXED != 0 => NO_FD,
        Arg::FileIn => int(sqe.file_index() as i32),
        Arg::Int(s) => int(src(sqe, s) as u32 as i32),
        Arg::UInt(s) => u64::from(src(sqe, s) as u32),
        Arg::U16(s) => u64::from(src(sqe, s) as u16),
        Arg::Long(s) => src(sqe, s),
    }
}

fn call(sqe: &Sqe, nr: u32, args: &[Arg]) -> Syscall {
    let mut out = Syscall { nr, args: [0; 6] };
    for (o, a) in out.args.iter_mut().zip(args) {
        *o = arg(sqe, *a);
    }
    out
}

/// The syscall `sqe` is presented to seccomp as, or `None` for an opcode
/// io_uring does not have (such an SQE must be refused).
///
/// # Examples
///
/// ```
/// use kernel::io_uring_seccomp::{map::{map, Syscall, NO_FD}, sqe::Sqe};
/// use kernel::uapi::*;
///
/// // openat(AT_FDCWD, path, O_WRONLY | O_CREAT, 0644); the mode is a 16-bit umode_t.
/// let sqe = Sqe::new(io_uring_op_IORING_OP_OPENAT as u8)
///     .with_fd(-100).with_addr(0x7000).with_op_flags(0o101).with_len(0x1_0000 | 0o644);
/// assert_eq!(
///     map(&sqe),
///     Some(Syscall { nr: __NR_openat, args: [(-100i64) as u64, 0x7000, 0o101, 0o644, 0, 0] })
/// );
///
/// // A read at the file position is read(2), at an offset pread64(2).
/// let rd = Sqe::new(io_uring_op_IORING_OP_READ as u8).with_fd(3).with_addr(0x10).with_len(8);
/// assert_eq!(map(&rd.with_off(u64::MAX)).unwrap().nr, __NR_read);
/// assert_eq!(map(&rd.with_off(4096)).unwrap().args, [3, 0x10, 8, 4096, 0, 0]);
///
/// // A registered file has no descriptor number.
/// let fixed = rd.with_flags(1).with_off(0);
/// assert_eq!(map(&fixed).unwrap().args[0], NO_FD);
///
/// // socket(AF_INET, SOCK_STREAM, 0); high bits of `off` are not used by the kernel.
/// let s = Sqe::new(io_uring_op_IORING_OP_SOCKET as u8).with_fd(2).with_off(0x1_0000_0001);
/// assert_eq!(map(&s).unwrap().args[..3], [2, 1, 0]);
///
/// assert_eq!(map(&Sqe::new(io_uring_op_IORING_OP_LAST as u8)), None);
/// ```
pub fn map(sqe: &Sqe) -> Option<Syscall> {
    let row = row(sqe.opcode())?;
    Some(match row.kind {
        Kind::Sys(nr, args) => call(sqe, nr, args),
        Kind::Positional { plain, positional } => {
            if sqe.off() == u64::MAX {
                call(sqe, plain, &[File, Long(Addr), UInt(Len)])
            } else {
                call(sqe, positional, &[File, Long(Addr), UInt(Len), Long(Off)])
            }
        }
        Kind::Fsync => {
            let nr = if sqe.op_flags() & IORING_FSYNC_DATASYNC != 0 {
                __NR_fdatasync
            } else {
                __NR_fsync
            };
            call(sqe, nr, &[File])
        }
        Kind::Splice => {
            let mut c = call(
                sqe,
                __NR_splice,
                &[
                    FileIn,
                    Long(Addr),
                    File,
                    Long(Off),
                    UInt(Len),
                    UInt(OpFlags),
                ],
            );
            c.args[5] &= !u64::from(SPLICE_F_FD_IN_FIXED);
            c
        }
        Kind::UringCmd => match sqe.cmd_op() {
            SOCKET_URING_OP_SIOCINQ => call(sqe, __NR_ioctl, &[File, Const(SIOCINQ)]),
            SOCKET_URING_OP_SIOCOUTQ => call(sqe, __NR_ioctl, &[File, Const(SIOCOUTQ)]),
            op @ (SOCKET_URING_OP_GETSOCKOPT | SOCKET_URING_OP_SETSOCKOPT) => {
                let nr = if op == SOCKET_URING_OP_GETSOCKOPT {
                    __NR_getsockopt
                } else {
                    __NR_setsockopt
                };
                let mut c = call(sqe, nr, &[File, Long(Addr3), UInt(FileIndex)]);
                c.args = [
                    c.args[0],
                    int(sqe.level() as i32),
                    int(sqe.optname() as i32),
                    c.args[1],
                    c.args[2],
                    0,
                ];
                c
            }
            op => call(sqe, __NR_ioctl, &[File, Const(u64::from(op))]),
        },
        Kind::Ring => call(sqe, __NR_io_uring_enter, &[Const(NO_FD)]),
    })
}
