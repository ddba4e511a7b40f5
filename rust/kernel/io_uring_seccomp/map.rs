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
    /// A C `unsigned int` with these bits set, as the kernel sets them.
    UIntOr(Src, u32),
    /// A `loff_t *` the kernel makes of an offset: NULL (0) for -1, no
    /// offset, and otherwise a pointer the filter cannot read, shown as
    /// [`NO_FD`] (non-NULL, whatever the offset, 0 included).
    OffPtr(Src),
}

/// How the syscall of a row is chosen.
#[derive(Clone, Copy, Debug)]
pub enum Kind {
    /// Always this syscall, with the arguments the function makes (from
    /// the [`Arg`]s of the row: see `sys!`).
    Sys(u32, Fill),
    /// `read`/`write` when `off` is -1 (use and move the file position),
    /// `pread64`/`pwrite64` otherwise; `preadv2`/`pwritev2`, which take
    /// the flags, when the SQE has `RWF_*` flags (`rw_flags`), whatever
    /// `off` is (-1 means the file position for them too).
    Positional {
        /// The syscall when `off` is -1.
        plain: u32,
        /// The syscall at an explicit offset.
        positional: u32,
        /// The syscall with `RWF_*` flags.
        flags: u32,
    },
    /// `fdatasync` with `IORING_FSYNC_DATASYNC`, `fsync` otherwise.
    Fsync,
    /// `splice`; `SPLICE_F_FD_IN_FIXED` is io_uring's own and not shown.
    Splice,
    /// `tee`; as for `splice`, `SPLICE_F_FD_IN_FIXED` is not shown.
    Tee,
    /// `close(fd)`, or `close(NO_FD)` for a registered file slot
    /// (`file_index`), which has no descriptor number.
    Close,
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

/// The arguments of a syscall made of an SQE by a list of [`Arg`]s,
/// written as straight-line code: one load and at most a shift or a compare
/// per argument, no loop over the list and no dispatch on its kinds.
pub type Fill = fn(&Sqe) -> [u64; 6];

macro_rules! args {
    ($sqe:expr; $($arg:expr),*) => {{
        // A syscall has six arguments: a longer list fails the build.
        const _: () = assert!(<[&str]>::len(&[$(stringify!($arg)),*]) <= 6);
        let mut out = [0u64; 6];
        let mut _i = 0;
        $(
            out[_i] = arg($sqe, $arg);
            _i += 1;
        )*
        out
    }};
}

macro_rules! sys {
    ($op:ident, $nr:ident, $($arg:expr),*) => {
        macros::paste! { row!($op, Kind::Sys([<__NR_ $nr>], {
            fn fill(sqe: &Sqe) -> [u64; 6] {
                args!(sqe; $($arg),*)
            }
            fill
        })) }
    };
}

use Arg::{Const, File, FileIn, Int, Long, OffPtr, UInt, UIntOr, Zero, U16};
use Src::{Addr, Addr3, AddrOrLen, Fd, FileIndex, Len, Off, OffOrLen, OpFlags};

const READ: Kind = Kind::Positional {
    plain: __NR_read,
    positional: __NR_pread64,
    flags: __NR_preadv2,
};
const WRITE: Kind = Kind::Positional {
    plain: __NR_write,
    positional: __NR_pwrite64,
    flags: __NR_pwritev2,
};
/// `MSG_NOSIGNAL | MSG_ZEROCOPY`: a zero-copy send is a send with these.
const MSG_ZC: u32 = 0x4000 | 0x400_0000;

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
    row!(CLOSE, Kind::Close),
    sys!(FILES_UPDATE, io_uring_register,
        Const(NO_FD), Const(IORING_REGISTER_FILES_UPDATE), Long(Addr), UInt(Len)),
    sys!(STATX, statx, Int(Fd), Long(Addr), UInt(OpFlags), UInt(Len), Long(Off)),
    row!(READ, READ),
    row!(WRITE, WRITE),
    sys!(FADVISE, fadvise64, File, Long(Off), Long(AddrOrLen), Int(OpFlags)),
    sys!(MADVISE, madvise, Long(Addr), Long(OffOrLen), Int(OpFlags)),
    sys!(SEND, sendto, File, Long(Addr), UInt(Len), UInt(OpFlags), Long(Off), U16(FileIndex)),
    sys!(RECV, recvfrom, File, Long(Addr), UInt(Len), UInt(OpFlags)),
    sys!(OPENAT2, openat2, Int(Fd), Long(Addr), Long(Off), UInt(Len)),
    sys!(EPOLL_CTL, epoll_ctl, Int(Fd), Int(Len), Int(Off), Long(Addr)),
    row!(SPLICE, Kind::Splice),
    row!(PROVIDE_BUFFERS, Kind::Ring),
    row!(REMOVE_BUFFERS, Kind::Ring),
    row!(TEE, Kind::Tee),
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
    sys!(SEND_ZC, sendto,
        File, Long(Addr), UInt(Len), UIntOr(OpFlags, MSG_ZC), Long(Off), U16(FileIndex)),
    sys!(SENDMSG_ZC, sendmsg, File, Long(Addr), UIntOr(OpFlags, MSG_ZC)),
    row!(READ_MULTISHOT, READ),
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
#[inline]
pub fn row(opcode: u8) -> Option<&'static Row> {
    ROWS.get(usize::from(opcode))
}

#[inline(always)]
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

#[inline]
fn int(v: i32) -> u64 {
    i64::from(v) as u64
}

#[inline(always)]
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
        Arg::UIntOr(s, bits) => u64::from(src(sqe, s) as u32 | bits),
        Arg::OffPtr(s) if src(sqe, s) == u64::MAX => 0,
        Arg::OffPtr(_) => NO_FD,
    }
}

macro_rules! call {
    ($sqe:expr, $nr:expr, [$($arg:expr),* $(,)?] $(,)?) => {
        Syscall { nr: $nr, args: args!($sqe; $($arg),*) }
    };
}

/// The number of the syscall `sqe` is presented as, without its arguments:
/// `map(sqe).map(|c| c.nr)`, computed more cheaply, for the action cache.
///
/// # Examples
///
/// ```
/// use kernel::io_uring_seccomp::{map::{map, nr, NR_OPCODES}, sqe::Sqe};
///
/// // Agrees with `map` for every opcode, for the inputs that switch rows.
/// for op in 0..=NR_OPCODES as u8 {
///     for off in [0, u64::MAX] {
///         for flags in [0, 1] {
///             for cmd in [0, 1, 2, 3, 0x1234] {
///                 let sqe = Sqe::new(op).with_off(off | cmd).with_op_flags(flags);
///                 assert_eq!(nr(&sqe), map(&sqe).map(|c| c.nr));
///             }
///         }
///     }
/// }
/// ```
#[inline]
pub fn nr(sqe: &Sqe) -> Option<u32> {
    row(sqe.opcode()).map(|r| r.nr(sqe))
}

impl Row {
    /// [`nr`] for an SQE of this row's opcode.
    #[inline]
    pub fn nr(&self, sqe: &Sqe) -> u32 {
        match self.kind {
            Kind::Sys(nr, _) => nr,
            Kind::Positional { flags, .. } if sqe.op_flags() != 0 => flags,
            Kind::Positional { plain, .. } if sqe.off() == u64::MAX => plain,
            Kind::Positional { positional, .. } => positional,
            Kind::Fsync if sqe.op_flags() & IORING_FSYNC_DATASYNC != 0 => __NR_fdatasync,
            Kind::Fsync => __NR_fsync,
            Kind::Splice => __NR_splice,
            Kind::Tee => __NR_tee,
            Kind::Close => __NR_close,
            Kind::UringCmd => match sqe.cmd_op() {
                SOCKET_URING_OP_GETSOCKOPT => __NR_getsockopt,
                SOCKET_URING_OP_SETSOCKOPT => __NR_setsockopt,
                _ => __NR_ioctl,
            },
            Kind::Ring => __NR_io_uring_enter,
        }
    }
}

/// Whether `opcode` may be presented as more than one syscall (the
/// readings of [`syscalls`]): which one depends on the SQE's fields.
///
/// # Examples
///
/// ```
/// use kernel::io_uring_seccomp::map::{has_choices, syscalls};
/// use kernel::uapi::*;
///
/// for op in 0..io_uring_op_IORING_OP_LAST as u8 {
///     assert_eq!(has_choices(op), syscalls(op).unwrap().as_slice().len() > 1);
/// }
/// ```
#[inline]
pub fn has_choices(opcode: u8) -> bool {
    row(opcode).is_some_and(Row::has_choices)
}

impl Row {
    /// [`has_choices`] for this row's opcode.
    #[inline]
    pub fn has_choices(&self) -> bool {
        matches!(
            self.kind,
            Kind::Positional { .. } | Kind::Fsync | Kind::UringCmd
        )
    }
}

/// The syscalls an opcode may be presented as (at most three).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Syscalls {
    nrs: [u32; 3],
    len: usize,
}

impl Syscalls {
    fn of(nrs: &[u32]) -> Self {
        let mut out = Syscalls {
            nrs: [0; 3],
            len: nrs.len(),
        };
        out.nrs[..nrs.len()].copy_from_slice(nrs);
        out
    }

    /// The syscall numbers.
    pub fn as_slice(&self) -> &[u32] {
        &self.nrs[..self.len]
    }
}

/// Every syscall an SQE of `opcode` may be presented as, whatever its other
/// fields, or `None` for an opcode io_uring does not have. A filter chain
/// whose action cache allows all of them allows every SQE of the opcode,
/// without looking at the SQE: io_uring remembers such opcodes per ring.
///
/// # Examples
///
/// ```
/// use kernel::io_uring_seccomp::{map::{nr, syscalls, NR_OPCODES}, sqe::Sqe};
/// use kernel::uapi::*;
///
/// let read = syscalls(io_uring_op_IORING_OP_READ as u8).unwrap();
/// assert_eq!(read.as_slice(), &[__NR_read, __NR_pread64, __NR_preadv2]);
/// let open = syscalls(io_uring_op_IORING_OP_OPENAT as u8).unwrap();
/// assert_eq!(open.as_slice(), &[__NR_openat]);
/// assert_eq!(syscalls(NR_OPCODES as u8), None);
///
/// // Whatever the fields, `nr` is one of them.
/// for op in 0..NR_OPCODES as u8 {
///     let all = syscalls(op).unwrap();
///     for off in [0, u64::MAX] {
///         for flags in [0, 1] {
///             for cmd in [0, 1, 2, 3, 0x1234] {
///                 let sqe = Sqe::new(op).with_off(off | cmd).with_op_flags(flags);
///                 assert!(all.as_slice().contains(&nr(&sqe).unwrap()));
///             }
///         }
///     }
/// }
/// ```
pub fn syscalls(opcode: u8) -> Option<Syscalls> {
    let row = row(opcode)?;
    Some(match row.kind {
        Kind::Sys(nr, _) => Syscalls::of(&[nr]),
        Kind::Positional {
            plain,
            positional,
            flags,
        } => Syscalls::of(&[plain, positional, flags]),
        Kind::Fsync => Syscalls::of(&[__NR_fsync, __NR_fdatasync]),
        Kind::Splice => Syscalls::of(&[__NR_splice]),
        Kind::Tee => Syscalls::of(&[__NR_tee]),
        Kind::Close => Syscalls::of(&[__NR_close]),
        Kind::UringCmd => Syscalls::of(&[__NR_ioctl, __NR_getsockopt, __NR_setsockopt]),
        Kind::Ring => Syscalls::of(&[__NR_io_uring_enter]),
    })
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
/// // With RWF_* flags it is the syscall that takes them: preadv2/pwritev2,
/// // at the file position (-1) or an offset, as a C library passes them.
/// const RWF_NOWAIT: u32 = 0x8;
/// const RWF_NOAPPEND: u32 = 0x20;
/// let nowait = rd.with_off(u64::MAX).with_op_flags(RWF_NOWAIT);
/// assert_eq!(map(&nowait), Some(Syscall {
///     nr: __NR_preadv2, args: [3, 0x10, 8, u64::MAX, 0, RWF_NOWAIT as u64] }));
/// let wr = Sqe::new(io_uring_op_IORING_OP_WRITE as u8).with_fd(3).with_op_flags(RWF_NOAPPEND);
/// assert_eq!(map(&wr).unwrap().nr, __NR_pwritev2);
///
/// // Closing a registered file slot names no descriptor.
/// let close = Sqe::new(io_uring_op_IORING_OP_CLOSE as u8).with_file_index(3);
/// assert_eq!(map(&close).unwrap().args[0], NO_FD);
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
#[inline]
pub fn map(sqe: &Sqe) -> Option<Syscall> {
    row(sqe.opcode()).map(|r| r.map(sqe))
}

impl Row {
    /// [`map`] for an SQE of this row's opcode.
    #[inline]
    pub fn map(&self, sqe: &Sqe) -> Syscall {
        let mut call = Syscall {
            nr: 0,
            args: [0; 6],
        };
        call.nr = self.map_into(sqe, &mut call.args);
        call
    }

    /// [`Row::map`] writing the arguments to `args`, where the caller wants
    /// them (in a `struct seccomp_data`, without a copy); returns the
    /// syscall number.
    #[inline]
    pub fn map_into(&self, sqe: &Sqe, args: &mut [u64; 6]) -> u32 {
        let call = match self.kind {
            Kind::Sys(nr, fill) => Syscall {
                nr,
                args: fill(sqe),
            },
            Kind::Positional { flags, .. } if sqe.op_flags() != 0 => call!(
                sqe,
                flags,
                [File, Long(Addr), UInt(Len), Long(Off), Zero, UInt(OpFlags)],
            ),
            Kind::Positional {
                plain, positional, ..
            } => {
                if sqe.off() == u64::MAX {
                    call!(sqe, plain, [File, Long(Addr), UInt(Len)])
                } else {
                    call!(sqe, positional, [File, Long(Addr), UInt(Len), Long(Off)])
                }
            }
            Kind::Fsync => {
                let nr = if sqe.op_flags() & IORING_FSYNC_DATASYNC != 0 {
                    __NR_fdatasync
                } else {
                    __NR_fsync
                };
                call!(sqe, nr, [File])
            }
            Kind::Splice => {
                let mut c = call!(
                    sqe,
                    __NR_splice,
                    [
                        FileIn,
                        OffPtr(Addr),
                        File,
                        OffPtr(Off),
                        UInt(Len),
                        UInt(OpFlags),
                    ],
                );
                c.args[5] &= !u64::from(SPLICE_F_FD_IN_FIXED);
                c
            }
            Kind::Tee => {
                let mut c = call!(sqe, __NR_tee, [FileIn, File, UInt(Len), UInt(OpFlags)]);
                c.args[3] &= !u64::from(SPLICE_F_FD_IN_FIXED);
                c
            }
            Kind::Close if sqe.file_index() != 0 => call!(sqe, __NR_close, [Const(NO_FD)]),
            Kind::Close => call!(sqe, __NR_close, [Int(Fd)]),
            Kind::UringCmd => match sqe.cmd_op() {
                SOCKET_URING_OP_SIOCINQ => call!(sqe, __NR_ioctl, [File, Const(SIOCINQ)]),
                SOCKET_URING_OP_SIOCOUTQ => call!(sqe, __NR_ioctl, [File, Const(SIOCOUTQ)]),
                op @ (SOCKET_URING_OP_GETSOCKOPT | SOCKET_URING_OP_SETSOCKOPT) => {
                    let nr = if op == SOCKET_URING_OP_GETSOCKOPT {
                        __NR_getsockopt
                    } else {
                        __NR_setsockopt
                    };
                    let mut c = call!(sqe, nr, [File, Long(Addr3), UInt(FileIndex)]);
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
                op => call!(sqe, __NR_ioctl, [File, Const(u64::from(op))]),
            },
            Kind::Ring => call!(sqe, __NR_io_uring_enter, [Const(NO_FD)]),
        };
        *args = call.args;
        call.nr
    }
}

/// Whether an SQE of `opcode` can wait for a seccomp listener before it is
/// issued, in io-wq. `IORING_OP_LINK_TIMEOUT` cannot: it is armed by the
/// request it is linked to, never issued on its own.
///
/// # Examples
///
/// ```
/// use kernel::io_uring_seccomp::map::can_wait;
/// use kernel::uapi::*;
///
/// assert!(!can_wait(io_uring_op_IORING_OP_LINK_TIMEOUT as u8));
/// assert!(can_wait(io_uring_op_IORING_OP_TIMEOUT as u8));
/// assert!(can_wait(io_uring_op_IORING_OP_OPENAT as u8));
/// ```
#[inline]
pub fn can_wait(opcode: u8) -> bool {
    u32::from(opcode) != io_uring_op_IORING_OP_LINK_TIMEOUT
}

/// The other reading of an SQE whose meaning depends on a file not known at
/// submission, or `None`: an `IORING_OP_URING_CMD` with a socket command's
/// `cmd_op` is that socket call for a socket, but a driver command,
/// `ioctl(fd, cmd_op, 0)`, for any other file. Filters decide on both
/// readings and the stricter verdict wins, so that neither can be used to
/// pass for the other.
///
/// # Examples
///
/// ```
/// use kernel::io_uring_seccomp::map::{alternate, map, Syscall};
/// use kernel::io_uring_seccomp::sqe::Sqe;
/// use kernel::uapi::*;
///
/// let cmd = Sqe::new(io_uring_op_IORING_OP_URING_CMD as u8).with_fd(5);
/// let getsockopt = cmd.with_off(io_uring_socket_op_SOCKET_URING_OP_GETSOCKOPT.into());
/// assert_eq!(map(&getsockopt).unwrap().nr, __NR_getsockopt);
/// assert_eq!(alternate(&getsockopt), Some(Syscall { nr: __NR_ioctl, args: [5, 2, 0, 0, 0, 0] }));
/// // A driver command is an ioctl whatever the file is.
/// assert_eq!(alternate(&cmd.with_off(0x1234)), None);
/// assert_eq!(alternate(&Sqe::new(io_uring_op_IORING_OP_READ as u8)), None);
/// ```
#[inline]
pub fn alternate(sqe: &Sqe) -> Option<Syscall> {
    row(sqe.opcode())?.alternate(sqe)
}

impl Row {
    /// [`alternate`] for an SQE of this row's opcode.
    #[inline]
    pub fn alternate(&self, sqe: &Sqe) -> Option<Syscall> {
        match self.kind {
            Kind::UringCmd => match sqe.cmd_op() {
                op @ (SOCKET_URING_OP_SIOCINQ
                | SOCKET_URING_OP_SIOCOUTQ
                | SOCKET_URING_OP_GETSOCKOPT
                | SOCKET_URING_OP_SETSOCKOPT) => {
                    Some(call!(sqe, __NR_ioctl, [File, Const(u64::from(op))]))
                }
                _ => None,
            },
            _ => None,
        }
    }
}
