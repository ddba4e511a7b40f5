// SPDX-License-Identifier: GPL-2.0

//! A plain-data view of an io_uring submission queue entry.
//!
//! The C `struct io_uring_sqe` is made of unions, which safe Rust cannot read.
//! [`Sqe`] holds a copy of the first 64 bytes (the part every opcode uses) and
//! reads each field at its fixed UAPI offset. The offsets are checked against
//! the C layout at build time by `io_uring/seccomp.c`.

/// Size of the part of an SQE that [`Sqe`] holds.
pub const SQE_SIZE: usize = 64;

/// `IOSQE_FIXED_FILE`: `fd` is an index into the ring's registered files.
pub const IOSQE_FIXED_FILE: u8 = 1 << uapi::io_uring_sqe_flags_bit_IOSQE_FIXED_FILE_BIT;

/// `SPLICE_F_FD_IN_FIXED`: `splice_fd_in` is a registered file index.
pub const SPLICE_F_FD_IN_FIXED: u32 = uapi::SPLICE_F_FD_IN_FIXED;

/// A copy of an SQE, read by field.
///
/// # Examples
///
/// ```
/// use kernel::io_uring_seccomp::sqe::Sqe;
///
/// let sqe = Sqe::new(18).with_fd(-100).with_addr(0x1000).with_op_flags(2).with_len(0o644);
/// assert_eq!(sqe.opcode(), 18);
/// assert_eq!(sqe.fd(), -100);
/// assert_eq!(sqe.addr(), 0x1000);
/// assert_eq!(sqe.op_flags(), 2);
/// assert_eq!(sqe.len(), 0o644);
/// assert!(!sqe.fixed_file());
/// ```
#[derive(Clone, Copy, PartialEq, Eq)]
#[repr(transparent)]
pub struct Sqe {
    raw: [u8; SQE_SIZE],
}

// Field offsets, from include/uapi/linux/io_uring.h.
const OFF_OPCODE: usize = 0;
const OFF_FLAGS: usize = 1;
const OFF_IOPRIO: usize = 2;
const OFF_FD: usize = 4;
const OFF_OFF: usize = 8; // off, addr2, cmd_op
const OFF_ADDR: usize = 16; // addr, splice_off_in, level + optname
const OFF_LEN: usize = 24;
const OFF_OP_FLAGS: usize = 28; // rw_flags, open_flags, msg_flags, ...
const OFF_BUF_INDEX: usize = 40;
const OFF_PERSONALITY: usize = 42;
const OFF_FILE_INDEX: usize = 44; // splice_fd_in, file_index, optlen, addr_len
const OFF_ADDR3: usize = 48; // addr3, optval

// `len()` reads the SQE field `len`; an `Sqe` has no length of its own.
#[allow(clippy::len_without_is_empty)]
impl Sqe {
    /// An all-zero SQE with the given opcode.
    pub const fn new(opcode: u8) -> Self {
        let mut raw = [0u8; SQE_SIZE];
        raw[OFF_OPCODE] = opcode;
        Self { raw }
    }

    /// Wraps a copy of the first [`SQE_SIZE`] bytes of an SQE.
    pub const fn from_bytes(raw: [u8; SQE_SIZE]) -> Self {
        Self { raw }
    }

    // Byte by byte with constant offsets: the compiler makes each a single
    // load, without a call to a copy routine.
    #[inline]
    fn u16_at(&self, off: usize) -> u16 {
        u16::from_ne_bytes([self.raw[off], self.raw[off + 1]])
    }

    #[inline]
    fn u32_at(&self, off: usize) -> u32 {
        let r = &self.raw;
        u32::from_ne_bytes([r[off], r[off + 1], r[off + 2], r[off + 3]])
    }

    #[inline]
    fn u64_at(&self, off: usize) -> u64 {
        let r = &self.raw;
        u64::from_ne_bytes([
            r[off],
            r[off + 1],
            r[off + 2],
            r[off + 3],
            r[off + 4],
            r[off + 5],
            r[off + 6],
            r[off + 7],
        ])
    }

    fn set(mut self, off: usize, val: &[u8]) -> Self {
        self.raw[off..off + val.len()].copy_from_slice(val);
        self
    }

    /// `opcode`: the `IORING_OP_*`.
    #[inline]
    pub fn opcode(&self) -> u8 {
        self.raw[OFF_OPCODE]
    }
    /// `flags`: the `IOSQE_*` flags.
    #[inline]
    pub fn flags(&self) -> u8 {
        self.raw[OFF_FLAGS]
    }
    /// `ioprio`, also the per-opcode flags of send/recv/accept.
    #[inline]
    pub fn ioprio(&self) -> u16 {
        self.u16_at(OFF_IOPRIO)
    }
    /// `fd`.
    #[inline]
    pub fn fd(&self) -> i32 {
        self.u32_at(OFF_FD) as i32
    }
    /// `off`, also `addr2`.
    #[inline]
    pub fn off(&self) -> u64 {
        self.u64_at(OFF_OFF)
    }
    /// `cmd_op` of `IORING_OP_URING_CMD` (low half of `off`).
    #[inline]
    pub fn cmd_op(&self) -> u32 {
        self.u32_at(OFF_OFF)
    }
    /// `addr`, also `splice_off_in`.
    #[inline]
    pub fn addr(&self) -> u64 {
        self.u64_at(OFF_ADDR)
    }
    /// `level` of a socket command (low half of `addr`).
    #[inline]
    pub fn level(&self) -> u32 {
        self.u32_at(OFF_ADDR)
    }
    /// `optname` of a socket command (high half of `addr`).
    #[inline]
    pub fn optname(&self) -> u32 {
        self.u32_at(OFF_ADDR + 4)
    }
    /// `len`.
    #[inline]
    pub fn len(&self) -> u32 {
        self.u32_at(OFF_LEN)
    }
    /// The per-opcode flags word (`rw_flags`, `open_flags`, `msg_flags`, ...).
    #[inline]
    pub fn op_flags(&self) -> u32 {
        self.u32_at(OFF_OP_FLAGS)
    }
    /// `buf_index`, also `buf_group`.
    #[inline]
    pub fn buf_index(&self) -> u16 {
        self.u16_at(OFF_BUF_INDEX)
    }
    /// `personality`.
    #[inline]
    pub fn personality(&self) -> u16 {
        self.u16_at(OFF_PERSONALITY)
    }
    /// `file_index`, also `splice_fd_in`, `optlen`.
    #[inline]
    pub fn file_index(&self) -> u32 {
        self.u32_at(OFF_FILE_INDEX)
    }
    /// `addr_len` (low half of `file_index`).
    #[inline]
    pub fn addr_len(&self) -> u16 {
        self.u16_at(OFF_FILE_INDEX)
    }
    /// `addr3`, also `optval`.
    #[inline]
    pub fn addr3(&self) -> u64 {
        self.u64_at(OFF_ADDR3)
    }
    /// Whether `fd` names a registered file rather than a descriptor.
    #[inline]
    pub fn fixed_file(&self) -> bool {
        self.flags() & IOSQE_FIXED_FILE != 0
    }

    /// Sets `flags`.
    #[inline]
    pub fn with_flags(self, v: u8) -> Self {
        self.set(OFF_FLAGS, &[v])
    }
    /// Sets `ioprio`.
    #[inline]
    pub fn with_ioprio(self, v: u16) -> Self {
        self.set(OFF_IOPRIO, &v.to_ne_bytes())
    }
    /// Sets `fd`.
    #[inline]
    pub fn with_fd(self, v: i32) -> Self {
        self.set(OFF_FD, &v.to_ne_bytes())
    }
    /// Sets `off`.
    #[inline]
    pub fn with_off(self, v: u64) -> Self {
        self.set(OFF_OFF, &v.to_ne_bytes())
    }
    /// Sets `addr`.
    #[inline]
    pub fn with_addr(self, v: u64) -> Self {
        self.set(OFF_ADDR, &v.to_ne_bytes())
    }
    /// Sets `len`.
    #[inline]
    pub fn with_len(self, v: u32) -> Self {
        self.set(OFF_LEN, &v.to_ne_bytes())
    }
    /// Sets the per-opcode flags word.
    #[inline]
    pub fn with_op_flags(self, v: u32) -> Self {
        self.set(OFF_OP_FLAGS, &v.to_ne_bytes())
    }
    /// Sets `personality`.
    #[inline]
    pub fn with_personality(self, v: u16) -> Self {
        self.set(OFF_PERSONALITY, &v.to_ne_bytes())
    }
    /// Sets `file_index` (also `splice_fd_in`, `optlen`, `addr_len`).
    #[inline]
    pub fn with_file_index(self, v: u32) -> Self {
        self.set(OFF_FILE_INDEX, &v.to_ne_bytes())
    }
    /// Sets `addr3`.
    #[inline]
    pub fn with_addr3(self, v: u64) -> Self {
        self.set(OFF_ADDR3, &v.to_ne_bytes())
    }
}
