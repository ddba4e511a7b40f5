// SPDX-License-Identifier: GPL-2.0
//! Syscall names, argument counts and strace-like argument decoding for the
//! x86_64 syscall view of an SQE, plus the errno table.
//!
//! Arguments of the syscalls the SQE map produces are decoded by kind (see
//! [`arg_kinds`]). Any other syscall prints its arguments with a generic
//! rule: a value that is, as a signed 64-bit number, within -65536..65535
//! prints in decimal, anything else prints as 0x-hex (it is most likely a
//! pointer or a flag word).

use crate::syscalls::SYSCALLS;

/// The name of x86_64 syscall `nr`, or `syscall_NNN`.
pub fn syscall_name(nr: i64) -> String {
    match lookup(nr) {
        Some((_, name, _)) => name.to_string(),
        None => format!("syscall_{nr}"),
    }
}

fn lookup(nr: i64) -> Option<&'static (u32, &'static str, u8)> {
    let nr = u32::try_from(nr).ok()?;
    SYSCALLS
        .binary_search_by_key(&nr, |e| e.0)
        .ok()
        .map(|i| &SYSCALLS[i])
}

/// The x86_64 number of syscall `name`.
#[cfg(test)]
pub fn syscall_number(name: &str) -> Option<u32> {
    SYSCALLS.iter().find(|e| e.1 == name).map(|e| e.0)
}

/// How many arguments syscall `nr` takes (6 when unknown).
pub fn syscall_nargs(nr: i64) -> usize {
    match lookup(nr) {
        Some(&(_, _, n)) if n <= 6 => n as usize,
        _ => 6,
    }
}

/// How an argument is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A descriptor: signed int.
    Fd,
    /// A descriptor that may be AT_FDCWD.
    DirFd,
    /// A pointer: 0x-hex, NULL for 0 (a string when path/path2 point at it).
    Ptr,
    /// Unsigned decimal (sizes, counts).
    Size,
    /// Signed int.
    Int,
    /// Signed 64-bit (offsets).
    Off,
    /// 0x-hex, 0 for 0.
    Hex,
    /// Octal file mode.
    Mode,
    OpenFlags,
    AtFlags,
    StatxAtFlags,
    StatxMask,
    RenameFlags,
    Family,
    SockType,
    /// Protocol (decoded from the family in argument 0).
    Proto,
    /// accept4 flags: SOCK_NONBLOCK|SOCK_CLOEXEC.
    SockFlags,
    MsgFlags,
    RwfFlags,
    FallocMode,
    Madvise,
    Fadvise,
    EpollOp,
    ShutHow,
    SpliceFlags,
    SyncFileRange,
    EnterFlags,
    RegisterOp,
    XattrFlags,
    SockLevel,
    /// Socket option name (decoded with the level in argument 1).
    SockOpt,
    IdType,
    WaitOptions,
    Futex2Flags,
}

use Kind::*;

/// Argument kinds of the syscalls the SQE map produces (printed arguments
/// only; e.g. preadv2 prints fd, iov, iovcnt, offset, flags as strace does).
/// Each entry is (name, [(argument index, kind)]).
pub fn arg_kinds(name: &str) -> Option<&'static [(usize, Kind)]> {
    Some(match name {
        "read" | "write" => &[(0, Fd), (1, Ptr), (2, Size)],
        "pread64" | "pwrite64" => &[(0, Fd), (1, Ptr), (2, Size), (3, Off)],
        "preadv2" | "pwritev2" => &[(0, Fd), (1, Ptr), (2, Int), (3, Off), (5, RwfFlags)],
        "fsync" | "fdatasync" | "close" | "dup" => &[(0, Fd)],
        "poll" => &[(0, Ptr), (1, Size), (2, Int)],
        "sync_file_range" => &[(0, Fd), (1, Off), (2, Off), (3, SyncFileRange)],
        "sendmsg" | "recvmsg" => &[(0, Fd), (1, Ptr), (2, MsgFlags)],
        "accept4" => &[(0, Fd), (1, Ptr), (2, Ptr), (3, SockFlags)],
        "connect" | "bind" => &[(0, Fd), (1, Ptr), (2, Int)],
        "listen" => &[(0, Fd), (1, Int)],
        "fallocate" => &[(0, Fd), (1, FallocMode), (2, Off), (3, Off)],
        "openat" => &[(0, DirFd), (1, Ptr), (2, OpenFlags), (3, Mode)],
        "io_uring_register" => &[(0, Fd), (1, RegisterOp), (2, Ptr), (3, Size)],
        "statx" => &[
            (0, DirFd),
            (1, Ptr),
            (2, StatxAtFlags),
            (3, StatxMask),
            (4, Ptr),
        ],
        "fadvise64" => &[(0, Fd), (1, Off), (2, Size), (3, Fadvise)],
        "madvise" => &[(0, Ptr), (1, Size), (2, Madvise)],
        "sendto" | "recvfrom" => &[
            (0, Fd),
            (1, Ptr),
            (2, Size),
            (3, MsgFlags),
            (4, Ptr),
            (5, Int),
        ],
        "openat2" => &[(0, DirFd), (1, Ptr), (2, Ptr), (3, Size)],
        "epoll_ctl" => &[(0, Fd), (1, EpollOp), (2, Fd), (3, Ptr)],
        "splice" => &[
            (0, Fd),
            (1, Ptr),
            (2, Fd),
            (3, Ptr),
            (4, Size),
            (5, SpliceFlags),
        ],
        "tee" => &[(0, Fd), (1, Fd), (2, Size), (3, SpliceFlags)],
        "shutdown" => &[(0, Fd), (1, ShutHow)],
        "renameat2" => &[(0, DirFd), (1, Ptr), (2, DirFd), (3, Ptr), (4, RenameFlags)],
        "unlinkat" => &[(0, DirFd), (1, Ptr), (2, AtFlags)],
        "mkdirat" => &[(0, DirFd), (1, Ptr), (2, Mode)],
        "symlinkat" => &[(0, Ptr), (1, DirFd), (2, Ptr)],
        "linkat" => &[(0, DirFd), (1, Ptr), (2, DirFd), (3, Ptr), (4, AtFlags)],
        "io_uring_enter" => &[
            (0, Fd),
            (1, Size),
            (2, Size),
            (3, EnterFlags),
            (4, Hex),
            (5, Size),
        ],
        "fsetxattr" => &[(0, Fd), (1, Ptr), (2, Ptr), (3, Size), (4, XattrFlags)],
        "setxattr" => &[(0, Ptr), (1, Ptr), (2, Ptr), (3, Size), (4, XattrFlags)],
        "fgetxattr" => &[(0, Fd), (1, Ptr), (2, Ptr), (3, Size)],
        "getxattr" => &[(0, Ptr), (1, Ptr), (2, Ptr), (3, Size)],
        "socket" => &[(0, Family), (1, SockType), (2, Proto)],
        "ioctl" => &[(0, Fd), (1, Hex), (2, Hex)],
        "getsockopt" => &[(0, Fd), (1, SockLevel), (2, SockOpt), (3, Ptr), (4, Ptr)],
        "setsockopt" => &[(0, Fd), (1, SockLevel), (2, SockOpt), (3, Ptr), (4, Int)],
        "waitid" => &[(0, IdType), (1, Int), (2, Ptr), (3, WaitOptions), (4, Ptr)],
        "futex_wait" => &[
            (0, Ptr),
            (1, Size),
            (2, Hex),
            (3, Futex2Flags),
            (4, Ptr),
            (5, Int),
        ],
        "futex_wake" => &[(0, Ptr), (1, Hex), (2, Int), (3, Futex2Flags)],
        "futex_waitv" => &[(0, Ptr), (1, Size), (2, Hex), (3, Ptr), (4, Int)],
        "ftruncate" => &[(0, Fd), (1, Off)],
        _ => return None,
    })
}

/// Quote a C string as strace does: `"` and `\` escaped, \t \n \v \f \r,
/// other non-printable bytes in octal (three digits when a digit follows).
pub fn quote(s: &[u8]) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for (i, &c) in s.iter().enumerate() {
        match c {
            b'"' => out.push_str("\\\""),
            b'\\' => out.push_str("\\\\"),
            b'\t' => out.push_str("\\t"),
            b'\n' => out.push_str("\\n"),
            0x0b => out.push_str("\\v"),
            0x0c => out.push_str("\\f"),
            b'\r' => out.push_str("\\r"),
            0x20..=0x7e => out.push(c as char),
            _ => {
                let next_is_octal = s.get(i + 1).is_some_and(|d| (b'0'..=b'7').contains(d));
                if next_is_octal {
                    out.push_str(&format!("\\{c:03o}"));
                } else {
                    out.push_str(&format!("\\{c:o}"));
                }
            }
        }
    }
    out.push('"');
    out
}

/// Join the names of the set bits; leftover bits as 0x-hex; 0 as "0".
fn flags(v: u64, table: &[(u64, &str)]) -> String {
    let mut parts = Vec::new();
    let mut rest = v;
    for &(bit, name) in table {
        if bit != 0 && rest & bit == bit {
            parts.push(name.to_string());
            rest &= !bit;
        }
    }
    if rest != 0 || parts.is_empty() {
        parts.push(if rest == 0 {
            "0".into()
        } else {
            format!("{rest:#x}")
        });
    }
    parts.join("|")
}

fn enum_or(v: u64, table: &[(u64, &str)]) -> String {
    match table.iter().find(|e| e.0 == v) {
        Some(e) => e.1.to_string(),
        None => (v as i64).to_string(),
    }
}

const O_CREAT: u64 = 0o100;
const O_TMPFILE: u64 = 0o20200000;

/// open(2) flags.
pub fn open_flags(v: u64) -> String {
    let acc = match v & 3 {
        0 => "O_RDONLY",
        1 => "O_WRONLY",
        2 => "O_RDWR",
        _ => "O_ACCMODE",
    };
    let mut rest = v & !3;
    // Composite flags first so that O_SYNC does not print as O_DSYNC|...
    let sync = rest & 0o4010000 == 0o4010000;
    if sync {
        rest &= !0o4010000;
    }
    let tmpfile = rest & O_TMPFILE == O_TMPFILE;
    if tmpfile {
        rest &= !O_TMPFILE;
    }
    let table: &[(u64, &str)] = &[
        (0o100, "O_CREAT"),
        (0o200, "O_EXCL"),
        (0o400, "O_NOCTTY"),
        (0o1000, "O_TRUNC"),
        (0o2000, "O_APPEND"),
        (0o4000, "O_NONBLOCK"),
        (0o10000, "O_DSYNC"),
        (0o20000, "FASYNC"),
        (0o40000, "O_DIRECT"),
        (0o100000, "O_LARGEFILE"),
        (0o200000, "O_DIRECTORY"),
        (0o400000, "O_NOFOLLOW"),
        (0o1000000, "O_NOATIME"),
        (0o2000000, "O_CLOEXEC"),
    ];
    let mut s = acc.to_string();
    for &(bit, name) in table {
        if rest & bit != 0 {
            s.push('|');
            s.push_str(name);
            rest &= !bit;
        }
    }
    if sync {
        s.push_str("|O_SYNC");
    }
    if rest & 0o10000000 != 0 {
        s.push_str("|O_PATH");
        rest &= !0o10000000;
    }
    if tmpfile {
        s.push_str("|O_TMPFILE");
    }
    if rest != 0 {
        s.push_str(&format!("|{rest:#x}"));
    }
    s
}

/// A file mode in octal as strace prints it (%#03o).
pub fn mode(v: u64) -> String {
    let s = if v == 0 {
        "0".to_string()
    } else {
        format!("0{v:o}")
    };
    format!("{s:0>3}")
}

const AT_FLAGS: &[(u64, &str)] = &[
    (0x100, "AT_SYMLINK_NOFOLLOW"),
    (0x200, "AT_REMOVEDIR"),
    (0x400, "AT_SYMLINK_FOLLOW"),
    (0x800, "AT_NO_AUTOMOUNT"),
    (0x1000, "AT_EMPTY_PATH"),
    (0x2000, "AT_STATX_FORCE_SYNC"),
    (0x4000, "AT_STATX_DONT_SYNC"),
    (0x8000, "AT_RECURSIVE"),
];

pub fn at_flags(v: u64) -> String {
    flags(v, AT_FLAGS)
}

/// statx(2) flags: the set bits (AT_STATX_FORCE_SYNC, AT_STATX_DONT_SYNC
/// included); no bit set shows as AT_STATX_SYNC_AS_STAT.
pub fn statx_at_flags(v: u64) -> String {
    if v == 0 {
        "AT_STATX_SYNC_AS_STAT".to_string()
    } else {
        at_flags(v)
    }
}

pub fn statx_mask(v: u64) -> String {
    let mut rest = v;
    let mut parts = Vec::new();
    if rest & 0xfff == 0xfff {
        parts.push("STATX_ALL".to_string());
        rest &= !0xfff;
    } else if rest & 0x7ff == 0x7ff {
        parts.push("STATX_BASIC_STATS".to_string());
        rest &= !0x7ff;
    }
    let s = flags(
        rest,
        &[
            (0x1, "STATX_TYPE"),
            (0x2, "STATX_MODE"),
            (0x4, "STATX_NLINK"),
            (0x8, "STATX_UID"),
            (0x10, "STATX_GID"),
            (0x20, "STATX_ATIME"),
            (0x40, "STATX_MTIME"),
            (0x80, "STATX_CTIME"),
            (0x100, "STATX_INO"),
            (0x200, "STATX_SIZE"),
            (0x400, "STATX_BLOCKS"),
            (0x800, "STATX_BTIME"),
            (0x1000, "STATX_MNT_ID"),
            (0x2000, "STATX_DIOALIGN"),
            (0x4000, "STATX_MNT_ID_UNIQUE"),
            (0x8000, "STATX_SUBVOL"),
            (0x10000, "STATX_WRITE_ATOMIC"),
        ],
    );
    if !(parts.len() == 1 && s == "0") {
        parts.push(s);
    }
    parts.join("|")
}

pub const AF_NAMES: &[(u64, &str)] = &[
    (0, "AF_UNSPEC"),
    (1, "AF_UNIX"),
    (2, "AF_INET"),
    (3, "AF_AX25"),
    (4, "AF_IPX"),
    (5, "AF_APPLETALK"),
    (6, "AF_NETROM"),
    (7, "AF_BRIDGE"),
    (8, "AF_ATMPVC"),
    (9, "AF_X25"),
    (10, "AF_INET6"),
    (11, "AF_ROSE"),
    (12, "AF_DECnet"),
    (13, "AF_NETBEUI"),
    (14, "AF_SECURITY"),
    (15, "AF_KEY"),
    (16, "AF_NETLINK"),
    (17, "AF_PACKET"),
    (18, "AF_ASH"),
    (19, "AF_ECONET"),
    (20, "AF_ATMSVC"),
    (21, "AF_RDS"),
    (22, "AF_SNA"),
    (23, "AF_IRDA"),
    (24, "AF_PPPOX"),
    (25, "AF_WANPIPE"),
    (26, "AF_LLC"),
    (27, "AF_IB"),
    (28, "AF_MPLS"),
    (29, "AF_CAN"),
    (30, "AF_TIPC"),
    (31, "AF_BLUETOOTH"),
    (32, "AF_IUCV"),
    (33, "AF_RXRPC"),
    (34, "AF_ISDN"),
    (35, "AF_PHONET"),
    (36, "AF_IEEE802154"),
    (37, "AF_CAIF"),
    (38, "AF_ALG"),
    (39, "AF_NFC"),
    (40, "AF_VSOCK"),
    (41, "AF_KCM"),
    (42, "AF_QIPCRTR"),
    (43, "AF_SMC"),
    (44, "AF_XDP"),
    (45, "AF_MCTP"),
];

pub fn sock_type(v: u64) -> String {
    let base = v & 0xf;
    let t = match base {
        1 => "SOCK_STREAM".to_string(),
        2 => "SOCK_DGRAM".to_string(),
        3 => "SOCK_RAW".to_string(),
        4 => "SOCK_RDM".to_string(),
        5 => "SOCK_SEQPACKET".to_string(),
        6 => "SOCK_DCCP".to_string(),
        10 => "SOCK_PACKET".to_string(),
        n => format!("{n:#x}"),
    };
    let rest = v & !0xf;
    if rest == 0 {
        t
    } else {
        format!("{t}|{}", sock_flags(rest))
    }
}

pub fn sock_flags(v: u64) -> String {
    flags(v, &[(0o4000, "SOCK_NONBLOCK"), (0o2000000, "SOCK_CLOEXEC")])
}

const IPPROTO: &[(u64, &str)] = &[
    (0, "IPPROTO_IP"),
    (1, "IPPROTO_ICMP"),
    (2, "IPPROTO_IGMP"),
    (4, "IPPROTO_IPIP"),
    (6, "IPPROTO_TCP"),
    (17, "IPPROTO_UDP"),
    (41, "IPPROTO_IPV6"),
    (47, "IPPROTO_GRE"),
    (50, "IPPROTO_ESP"),
    (51, "IPPROTO_AH"),
    (58, "IPPROTO_ICMPV6"),
    (132, "IPPROTO_SCTP"),
    (136, "IPPROTO_UDPLITE"),
    (255, "IPPROTO_RAW"),
    (262, "IPPROTO_MPTCP"),
];

/// socket(2) protocol for `family`.
pub fn proto(family: u64, v: u64) -> String {
    match family {
        2 | 10 => enum_or(v, IPPROTO),
        16 => enum_or(
            v,
            &[
                (0, "NETLINK_ROUTE"),
                (4, "NETLINK_SOCK_DIAG"),
                (6, "NETLINK_XFRM"),
                (9, "NETLINK_AUDIT"),
                (15, "NETLINK_KOBJECT_UEVENT"),
                (16, "NETLINK_GENERIC"),
            ],
        ),
        _ => (v as i32).to_string(),
    }
}

pub fn msg_flags(v: u64) -> String {
    flags(
        v,
        &[
            (0x1, "MSG_OOB"),
            (0x2, "MSG_PEEK"),
            (0x4, "MSG_DONTROUTE"),
            (0x8, "MSG_CTRUNC"),
            (0x10, "MSG_PROXY"),
            (0x20, "MSG_TRUNC"),
            (0x40, "MSG_DONTWAIT"),
            (0x80, "MSG_EOR"),
            (0x100, "MSG_WAITALL"),
            (0x200, "MSG_FIN"),
            (0x400, "MSG_SYN"),
            (0x800, "MSG_CONFIRM"),
            (0x1000, "MSG_RST"),
            (0x2000, "MSG_ERRQUEUE"),
            (0x4000, "MSG_NOSIGNAL"),
            (0x8000, "MSG_MORE"),
            (0x10000, "MSG_WAITFORONE"),
            (0x40000, "MSG_BATCH"),
            (0x2000000, "MSG_SOCK_DEVMEM"),
            (0x4000000, "MSG_ZEROCOPY"),
            (0x20000000, "MSG_FASTOPEN"),
            (0x40000000, "MSG_CMSG_CLOEXEC"),
        ],
    )
}

pub fn rwf_flags(v: u64) -> String {
    flags(
        v,
        &[
            (0x1, "RWF_HIPRI"),
            (0x2, "RWF_DSYNC"),
            (0x4, "RWF_SYNC"),
            (0x8, "RWF_NOWAIT"),
            (0x10, "RWF_APPEND"),
            (0x20, "RWF_NOAPPEND"),
            (0x40, "RWF_ATOMIC"),
        ],
    )
}

pub fn falloc_mode(v: u64) -> String {
    flags(
        v,
        &[
            (0x1, "FALLOC_FL_KEEP_SIZE"),
            (0x2, "FALLOC_FL_PUNCH_HOLE"),
            (0x4, "FALLOC_FL_NO_HIDE_STALE"),
            (0x8, "FALLOC_FL_COLLAPSE_RANGE"),
            (0x10, "FALLOC_FL_ZERO_RANGE"),
            (0x20, "FALLOC_FL_INSERT_RANGE"),
            (0x40, "FALLOC_FL_UNSHARE_RANGE"),
        ],
    )
}

pub fn madvise(v: u64) -> String {
    enum_or(
        v,
        &[
            (0, "MADV_NORMAL"),
            (1, "MADV_RANDOM"),
            (2, "MADV_SEQUENTIAL"),
            (3, "MADV_WILLNEED"),
            (4, "MADV_DONTNEED"),
            (8, "MADV_FREE"),
            (9, "MADV_REMOVE"),
            (10, "MADV_DONTFORK"),
            (11, "MADV_DOFORK"),
            (12, "MADV_MERGEABLE"),
            (13, "MADV_UNMERGEABLE"),
            (14, "MADV_HUGEPAGE"),
            (15, "MADV_NOHUGEPAGE"),
            (16, "MADV_DONTDUMP"),
            (17, "MADV_DODUMP"),
            (18, "MADV_WIPEONFORK"),
            (19, "MADV_KEEPONFORK"),
            (20, "MADV_COLD"),
            (21, "MADV_PAGEOUT"),
            (22, "MADV_POPULATE_READ"),
            (23, "MADV_POPULATE_WRITE"),
            (24, "MADV_DONTNEED_LOCKED"),
            (25, "MADV_COLLAPSE"),
            (100, "MADV_HWPOISON"),
            (101, "MADV_SOFT_OFFLINE"),
        ],
    )
}

pub fn fadvise(v: u64) -> String {
    enum_or(
        v,
        &[
            (0, "POSIX_FADV_NORMAL"),
            (1, "POSIX_FADV_RANDOM"),
            (2, "POSIX_FADV_SEQUENTIAL"),
            (3, "POSIX_FADV_WILLNEED"),
            (4, "POSIX_FADV_DONTNEED"),
            (5, "POSIX_FADV_NOREUSE"),
        ],
    )
}

fn register_op(v: u64) -> String {
    const OPS: &[&str] = &[
        "REGISTER_BUFFERS",
        "UNREGISTER_BUFFERS",
        "REGISTER_FILES",
        "UNREGISTER_FILES",
        "REGISTER_EVENTFD",
        "UNREGISTER_EVENTFD",
        "REGISTER_FILES_UPDATE",
        "REGISTER_EVENTFD_ASYNC",
        "REGISTER_PROBE",
        "REGISTER_PERSONALITY",
        "UNREGISTER_PERSONALITY",
        "REGISTER_RESTRICTIONS",
        "REGISTER_ENABLE_RINGS",
        "REGISTER_FILES2",
        "REGISTER_FILES_UPDATE2",
        "REGISTER_BUFFERS2",
        "REGISTER_BUFFERS_UPDATE",
        "REGISTER_IOWQ_AFF",
        "UNREGISTER_IOWQ_AFF",
        "REGISTER_IOWQ_MAX_WORKERS",
        "REGISTER_RING_FDS",
        "UNREGISTER_RING_FDS",
        "REGISTER_PBUF_RING",
        "UNREGISTER_PBUF_RING",
        "REGISTER_SYNC_CANCEL",
        "REGISTER_FILE_ALLOC_RANGE",
        "REGISTER_PBUF_STATUS",
        "REGISTER_NAPI",
        "UNREGISTER_NAPI",
        "REGISTER_CLOCK",
        "REGISTER_CLONE_BUFFERS",
    ];
    let op = v & !(1u64 << 31);
    let mut s = match OPS.get(op as usize) {
        Some(n) => format!("IORING_{n}"),
        None => op.to_string(),
    };
    if v & (1 << 31) != 0 {
        s.push_str("|IORING_REGISTER_USE_REGISTERED_RING");
    }
    s
}

fn sock_opt(level: u64, v: u64) -> String {
    if level != 1 {
        return (v as i32).to_string();
    }
    enum_or(
        v,
        &[
            (1, "SO_DEBUG"),
            (2, "SO_REUSEADDR"),
            (3, "SO_TYPE"),
            (4, "SO_ERROR"),
            (5, "SO_DONTROUTE"),
            (6, "SO_BROADCAST"),
            (7, "SO_SNDBUF"),
            (8, "SO_RCVBUF"),
            (9, "SO_KEEPALIVE"),
            (10, "SO_OOBINLINE"),
            (13, "SO_LINGER"),
            (15, "SO_REUSEPORT"),
            (18, "SO_RCVLOWAT"),
            (20, "SO_RCVTIMEO_OLD"),
            (21, "SO_SNDTIMEO_OLD"),
            (25, "SO_BINDTODEVICE"),
            (30, "SO_ACCEPTCONN"),
            (38, "SO_PROTOCOL"),
            (39, "SO_DOMAIN"),
            (42, "SO_PEEK_OFF"),
        ],
    )
}

fn int(v: u64) -> String {
    (v as i32).to_string()
}

fn ptr(v: u64) -> String {
    if v == 0 {
        "NULL".into()
    } else {
        format!("{v:#x}")
    }
}

fn generic(v: u64) -> String {
    let s = v as i64;
    if (-65536..65536).contains(&s) {
        s.to_string()
    } else {
        format!("{v:#x}")
    }
}

/// Format one argument of kind `k`; `args` gives context (family, level).
pub fn format_kind(k: Kind, v: u64, args: &[u64; 6]) -> String {
    match k {
        Fd | Int => int(v),
        DirFd => {
            if v as i32 == -100 {
                "AT_FDCWD".into()
            } else {
                int(v)
            }
        }
        Ptr => ptr(v),
        Size => v.to_string(),
        Off => (v as i64).to_string(),
        Hex => {
            if v == 0 {
                "0".into()
            } else {
                format!("{v:#x}")
            }
        }
        Mode => mode(v),
        OpenFlags => open_flags(v),
        AtFlags => at_flags(v),
        StatxAtFlags => statx_at_flags(v),
        StatxMask => statx_mask(v),
        RenameFlags => flags(
            v,
            &[
                (1, "RENAME_NOREPLACE"),
                (2, "RENAME_EXCHANGE"),
                (4, "RENAME_WHITEOUT"),
            ],
        ),
        Family => enum_or(v & 0xffff_ffff, AF_NAMES),
        SockType => sock_type(v),
        Proto => proto(args[0], v),
        SockFlags => sock_flags(v),
        MsgFlags => msg_flags(v),
        RwfFlags => rwf_flags(v),
        FallocMode => falloc_mode(v),
        Madvise => madvise(v),
        Fadvise => fadvise(v),
        EpollOp => enum_or(
            v,
            &[
                (1, "EPOLL_CTL_ADD"),
                (2, "EPOLL_CTL_DEL"),
                (3, "EPOLL_CTL_MOD"),
            ],
        ),
        ShutHow => enum_or(v, &[(0, "SHUT_RD"), (1, "SHUT_WR"), (2, "SHUT_RDWR")]),
        SpliceFlags => flags(
            v,
            &[
                (1, "SPLICE_F_MOVE"),
                (2, "SPLICE_F_NONBLOCK"),
                (4, "SPLICE_F_MORE"),
                (8, "SPLICE_F_GIFT"),
            ],
        ),
        SyncFileRange => flags(
            v,
            &[
                (1, "SYNC_FILE_RANGE_WAIT_BEFORE"),
                (2, "SYNC_FILE_RANGE_WRITE"),
                (4, "SYNC_FILE_RANGE_WAIT_AFTER"),
            ],
        ),
        EnterFlags => flags(
            v,
            &[
                (1, "IORING_ENTER_GETEVENTS"),
                (2, "IORING_ENTER_SQ_WAKEUP"),
                (4, "IORING_ENTER_SQ_WAIT"),
                (8, "IORING_ENTER_EXT_ARG"),
                (0x10, "IORING_ENTER_REGISTERED_RING"),
            ],
        ),
        RegisterOp => register_op(v),
        XattrFlags => flags(v, &[(1, "XATTR_CREATE"), (2, "XATTR_REPLACE")]),
        SockLevel => enum_or(
            v,
            &[
                (0, "SOL_IP"),
                (1, "SOL_SOCKET"),
                (6, "SOL_TCP"),
                (17, "SOL_UDP"),
                (41, "SOL_IPV6"),
                (132, "SOL_SCTP"),
                (263, "SOL_PACKET"),
                (270, "SOL_NETLINK"),
                (279, "SOL_ALG"),
            ],
        ),
        SockOpt => sock_opt(args[1], v),
        IdType => enum_or(
            v,
            &[(0, "P_ALL"), (1, "P_PID"), (2, "P_PGID"), (3, "P_PIDFD")],
        ),
        WaitOptions => flags(
            v,
            &[
                (1, "WNOHANG"),
                (2, "WSTOPPED"),
                (4, "WEXITED"),
                (8, "WCONTINUED"),
                (0x0100_0000, "WNOWAIT"),
                (0x2000_0000, "__WNOTHREAD"),
                (0x4000_0000, "__WALL"),
                (0x8000_0000, "__WCLONE"),
            ],
        ),
        Futex2Flags => {
            let size = match v & 3 {
                0 => "FUTEX2_SIZE_U8",
                1 => "FUTEX2_SIZE_U16",
                2 => "FUTEX2_SIZE_U32",
                _ => "FUTEX2_SIZE_U64",
            };
            let rest = v & !3;
            if rest == 0 {
                size.to_string()
            } else {
                format!(
                    "{size}|{}",
                    flags(rest, &[(4, "FUTEX2_NUMA"), (128, "FUTEX2_PRIVATE")])
                )
            }
        }
    }
}

/// Strings the kernel copied at submission, at their argument indexes.
#[derive(Debug, Default, Clone, Copy)]
pub struct Strings<'a> {
    pub path: Option<(usize, &'a [u8])>,
    pub path2: Option<(usize, &'a [u8])>,
}

/// Format the argument list of syscall `nr` (without parentheses).
pub fn format_args(nr: i64, args: &[u64; 6], strings: Strings) -> String {
    if nr < 0 {
        return String::new();
    }
    let name = syscall_name(nr);
    let string_at = |i: usize| -> Option<String> {
        [strings.path, strings.path2]
            .into_iter()
            .flatten()
            .find(|&(idx, _)| idx == i)
            .map(|(_, s)| quote(s))
    };
    let out: Vec<String> = match arg_kinds(&name) {
        Some(kinds) => {
            let show_mode = match name.as_str() {
                "openat" => args[2] & (O_CREAT | O_TMPFILE) != 0,
                _ => true,
            };
            kinds
                .iter()
                .filter(|&&(_, k)| k != Mode || show_mode || name != "openat")
                .map(|&(i, k)| string_at(i).unwrap_or_else(|| format_kind(k, args[i], args)))
                .collect()
        }
        None => (0..syscall_nargs(nr))
            .map(|i| string_at(i).unwrap_or_else(|| generic(args[i])))
            .collect(),
    };
    out.join(", ")
}

/// (name, strerror text) for errno 1..133 (x86_64, glibc wording) and the
/// kernel-internal 512..530.
pub fn errno_info(e: i32) -> Option<(&'static str, &'static str)> {
    const ERRNOS: &[(&str, &str)] = &[
        ("EPERM", "Operation not permitted"),
        ("ENOENT", "No such file or directory"),
        ("ESRCH", "No such process"),
        ("EINTR", "Interrupted system call"),
        ("EIO", "Input/output error"),
        ("ENXIO", "No such device or address"),
        ("E2BIG", "Argument list too long"),
        ("ENOEXEC", "Exec format error"),
        ("EBADF", "Bad file descriptor"),
        ("ECHILD", "No child processes"),
        ("EAGAIN", "Resource temporarily unavailable"),
        ("ENOMEM", "Cannot allocate memory"),
        ("EACCES", "Permission denied"),
        ("EFAULT", "Bad address"),
        ("ENOTBLK", "Block device required"),
        ("EBUSY", "Device or resource busy"),
        ("EEXIST", "File exists"),
        ("EXDEV", "Invalid cross-device link"),
        ("ENODEV", "No such device"),
        ("ENOTDIR", "Not a directory"),
        ("EISDIR", "Is a directory"),
        ("EINVAL", "Invalid argument"),
        ("ENFILE", "Too many open files in system"),
        ("EMFILE", "Too many open files"),
        ("ENOTTY", "Inappropriate ioctl for device"),
        ("ETXTBSY", "Text file busy"),
        ("EFBIG", "File too large"),
        ("ENOSPC", "No space left on device"),
        ("ESPIPE", "Illegal seek"),
        ("EROFS", "Read-only file system"),
        ("EMLINK", "Too many links"),
        ("EPIPE", "Broken pipe"),
        ("EDOM", "Numerical argument out of domain"),
        ("ERANGE", "Numerical result out of range"),
        ("EDEADLK", "Resource deadlock avoided"),
        ("ENAMETOOLONG", "File name too long"),
        ("ENOLCK", "No locks available"),
        ("ENOSYS", "Function not implemented"),
        ("ENOTEMPTY", "Directory not empty"),
        ("ELOOP", "Too many levels of symbolic links"),
        ("", ""), // 41 unused (EWOULDBLOCK aliases EAGAIN)
        ("ENOMSG", "No message of desired type"),
        ("EIDRM", "Identifier removed"),
        ("ECHRNG", "Channel number out of range"),
        ("EL2NSYNC", "Level 2 not synchronized"),
        ("EL3HLT", "Level 3 halted"),
        ("EL3RST", "Level 3 reset"),
        ("ELNRNG", "Link number out of range"),
        ("EUNATCH", "Protocol driver not attached"),
        ("ENOCSI", "No CSI structure available"),
        ("EL2HLT", "Level 2 halted"),
        ("EBADE", "Invalid exchange"),
        ("EBADR", "Invalid request descriptor"),
        ("EXFULL", "Exchange full"),
        ("ENOANO", "No anode"),
        ("EBADRQC", "Invalid request code"),
        ("EBADSLT", "Invalid slot"),
        ("", ""), // 58 unused (EDEADLOCK aliases EDEADLK)
        ("EBFONT", "Bad font file format"),
        ("ENOSTR", "Device not a stream"),
        ("ENODATA", "No data available"),
        ("ETIME", "Timer expired"),
        ("ENOSR", "Out of streams resources"),
        ("ENONET", "Machine is not on the network"),
        ("ENOPKG", "Package not installed"),
        ("EREMOTE", "Object is remote"),
        ("ENOLINK", "Link has been severed"),
        ("EADV", "Advertise error"),
        ("ESRMNT", "Srmount error"),
        ("ECOMM", "Communication error on send"),
        ("EPROTO", "Protocol error"),
        ("EMULTIHOP", "Multihop attempted"),
        ("EDOTDOT", "RFS specific error"),
        ("EBADMSG", "Bad message"),
        ("EOVERFLOW", "Value too large for defined data type"),
        ("ENOTUNIQ", "Name not unique on network"),
        ("EBADFD", "File descriptor in bad state"),
        ("EREMCHG", "Remote address changed"),
        ("ELIBACC", "Can not access a needed shared library"),
        ("ELIBBAD", "Accessing a corrupted shared library"),
        ("ELIBSCN", ".lib section in a.out corrupted"),
        ("ELIBMAX", "Attempting to link in too many shared libraries"),
        ("ELIBEXEC", "Cannot exec a shared library directly"),
        (
            "EILSEQ",
            "Invalid or incomplete multibyte or wide character",
        ),
        ("ERESTART", "Interrupted system call should be restarted"),
        ("ESTRPIPE", "Streams pipe error"),
        ("EUSERS", "Too many users"),
        ("ENOTSOCK", "Socket operation on non-socket"),
        ("EDESTADDRREQ", "Destination address required"),
        ("EMSGSIZE", "Message too long"),
        ("EPROTOTYPE", "Protocol wrong type for socket"),
        ("ENOPROTOOPT", "Protocol not available"),
        ("EPROTONOSUPPORT", "Protocol not supported"),
        ("ESOCKTNOSUPPORT", "Socket type not supported"),
        ("EOPNOTSUPP", "Operation not supported"),
        ("EPFNOSUPPORT", "Protocol family not supported"),
        ("EAFNOSUPPORT", "Address family not supported by protocol"),
        ("EADDRINUSE", "Address already in use"),
        ("EADDRNOTAVAIL", "Cannot assign requested address"),
        ("ENETDOWN", "Network is down"),
        ("ENETUNREACH", "Network is unreachable"),
        ("ENETRESET", "Network dropped connection on reset"),
        ("ECONNABORTED", "Software caused connection abort"),
        ("ECONNRESET", "Connection reset by peer"),
        ("ENOBUFS", "No buffer space available"),
        ("EISCONN", "Transport endpoint is already connected"),
        ("ENOTCONN", "Transport endpoint is not connected"),
        ("ESHUTDOWN", "Cannot send after transport endpoint shutdown"),
        ("ETOOMANYREFS", "Too many references: cannot splice"),
        ("ETIMEDOUT", "Connection timed out"),
        ("ECONNREFUSED", "Connection refused"),
        ("EHOSTDOWN", "Host is down"),
        ("EHOSTUNREACH", "No route to host"),
        ("EALREADY", "Operation already in progress"),
        ("EINPROGRESS", "Operation now in progress"),
        ("ESTALE", "Stale file handle"),
        ("EUCLEAN", "Structure needs cleaning"),
        ("ENOTNAM", "Not a XENIX named type file"),
        ("ENAVAIL", "No XENIX semaphores available"),
        ("EISNAM", "Is a named type file"),
        ("EREMOTEIO", "Remote I/O error"),
        ("EDQUOT", "Disk quota exceeded"),
        ("ENOMEDIUM", "No medium found"),
        ("EMEDIUMTYPE", "Wrong medium type"),
        ("ECANCELED", "Operation canceled"),
        ("ENOKEY", "Required key not available"),
        ("EKEYEXPIRED", "Key has expired"),
        ("EKEYREVOKED", "Key has been revoked"),
        ("EKEYREJECTED", "Key was rejected by service"),
        ("EOWNERDEAD", "Owner died"),
        ("ENOTRECOVERABLE", "State not recoverable"),
        ("ERFKILL", "Operation not possible due to RF-kill"),
        ("EHWPOISON", "Memory page has hardware error"),
    ];
    const KERNEL: &[(&str, &str)] = &[
        ("ERESTARTSYS", "To be restarted if SA_RESTART is set"),
        ("ERESTARTNOINTR", "To be restarted"),
        ("ERESTARTNOHAND", "To be restarted if no handler"),
        ("ENOIOCTLCMD", "No ioctl command"),
        ("ERESTART_RESTARTBLOCK", "Interrupted by signal"),
        ("EPROBE_DEFER", "Driver probe deferral"),
        ("EOPENSTALE", "Open stale"),
        ("ENOPARAM", "Parameter not supported"),
        ("", ""),
        ("EBADHANDLE", "Illegal NFS file handle"),
        ("ENOTSYNC", "Update synchronization mismatch"),
        ("EBADCOOKIE", "Cookie is stale"),
        ("ENOTSUPP", "Operation is not supported"),
        ("ETOOSMALL", "Buffer or request is too small"),
        ("ESERVERFAULT", "An untranslatable error occurred"),
        ("EBADTYPE", "Type not supported by server"),
        (
            "EJUKEBOX",
            "Request initiated, but will not complete before timeout",
        ),
        ("EIOCBQUEUED", "iocb queued, will get completion event"),
        ("ERECALLCONFLICT", "Conflict with recalled state"),
    ];
    let e = match e {
        1..=133 => ERRNOS[e as usize - 1],
        512..=530 => KERNEL[e as usize - 512],
        _ => return None,
    };
    (!e.0.is_empty()).then_some(e)
}

/// The result column: `N`, `-1 EPERM (Operation not permitted)`,
/// `? ERESTARTSYS (...)`, or `?` when unknown.
pub fn format_result(res: Option<i64>) -> String {
    match res {
        None => "?".into(),
        Some(r) if r >= 0 => r.to_string(),
        Some(r) => {
            let e = r.unsigned_abs();
            match i32::try_from(e).ok().and_then(errno_info) {
                Some((name, text)) if e >= 512 => format!("? {name} ({text})"),
                Some((name, text)) => format!("-1 {name} ({text})"),
                None => format!("-1 (errno {e})"),
            }
        }
    }
}

pub const SECCOMP_RET_ALLOW: u32 = 0x7fff_0000;

/// The seccomp action name of a full SECCOMP_RET_* value.
pub fn seccomp_action_name(action: u32) -> String {
    match action & 0xffff_0000 {
        0x8000_0000 => "SECCOMP_RET_KILL_PROCESS".into(),
        0 => "SECCOMP_RET_KILL_THREAD".into(),
        0x0003_0000 => "SECCOMP_RET_TRAP".into(),
        0x0005_0000 => "SECCOMP_RET_ERRNO".into(),
        0x7fc0_0000 => "SECCOMP_RET_USER_NOTIF".into(),
        0x7ff0_0000 => "SECCOMP_RET_TRACE".into(),
        0x7ffc_0000 => "SECCOMP_RET_LOG".into(),
        0x7fff_0000 => "SECCOMP_RET_ALLOW".into(),
        a => format!("SECCOMP_RET_{a:#x}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_counts() {
        assert_eq!(syscall_name(0), "read");
        assert_eq!(syscall_name(257), "openat");
        assert_eq!(syscall_name(426), "io_uring_enter");
        assert_eq!(syscall_name(455), "futex_wait");
        assert_eq!(syscall_name(1000), "syscall_1000");
        assert_eq!(syscall_name(-1), "syscall_-1");
        assert_eq!(syscall_nargs(0), 3);
        assert_eq!(syscall_nargs(3), 1);
        assert_eq!(syscall_nargs(41), 3);
        assert_eq!(syscall_nargs(9), 6);
        assert_eq!(syscall_nargs(134), 6); // uselib: no entry point
        assert_eq!(syscall_number("openat"), Some(257));
        assert_eq!(syscall_number("no_such"), None);
        // Every syscall the SQE map produces is in the table and decoded.
        for n in [
            "read",
            "write",
            "pread64",
            "pwrite64",
            "preadv2",
            "pwritev2",
            "fsync",
            "fdatasync",
            "poll",
            "sync_file_range",
            "sendmsg",
            "recvmsg",
            "accept4",
            "connect",
            "fallocate",
            "openat",
            "close",
            "io_uring_register",
            "statx",
            "fadvise64",
            "madvise",
            "sendto",
            "recvfrom",
            "openat2",
            "epoll_ctl",
            "splice",
            "tee",
            "shutdown",
            "renameat2",
            "unlinkat",
            "mkdirat",
            "symlinkat",
            "linkat",
            "io_uring_enter",
            "fsetxattr",
            "setxattr",
            "fgetxattr",
            "getxattr",
            "socket",
            "ioctl",
            "getsockopt",
            "setsockopt",
            "waitid",
            "futex_wait",
            "futex_wake",
            "futex_waitv",
            "dup",
            "ftruncate",
            "bind",
            "listen",
        ] {
            let nr = syscall_number(n).unwrap_or_else(|| panic!("{n} missing"));
            let kinds = arg_kinds(n).unwrap_or_else(|| panic!("{n} not decoded"));
            let max = kinds.iter().map(|k| k.0).max().unwrap();
            assert!(max < syscall_nargs(nr as i64), "{n}: index {max}");
        }
    }

    #[test]
    fn quoting() {
        assert_eq!(quote(b"/etc/hosts"), "\"/etc/hosts\"");
        assert_eq!(quote(b"a\"b\\c"), "\"a\\\"b\\\\c\"");
        assert_eq!(quote(b"\n\t\r"), "\"\\n\\t\\r\"");
        assert_eq!(quote(b"\x01x"), "\"\\1x\"");
        assert_eq!(quote(b"\x012"), "\"\\0012\"");
        assert_eq!(quote(b"\xff"), "\"\\377\"");
        assert_eq!(quote(b""), "\"\"");
    }

    #[test]
    fn open_flag_decoding() {
        assert_eq!(open_flags(0), "O_RDONLY");
        assert_eq!(open_flags(0o2000000), "O_RDONLY|O_CLOEXEC");
        assert_eq!(
            open_flags(0o1 | 0o100 | 0o1000 | 0o2000000),
            "O_WRONLY|O_CREAT|O_TRUNC|O_CLOEXEC"
        );
        assert_eq!(open_flags(2 | 0o4010000), "O_RDWR|O_SYNC");
        assert_eq!(open_flags(0o10000), "O_RDONLY|O_DSYNC");
        assert_eq!(open_flags(2 | 0o20200000), "O_RDWR|O_TMPFILE");
        assert_eq!(open_flags(0o200000), "O_RDONLY|O_DIRECTORY");
        assert_eq!(open_flags(0o10000000), "O_RDONLY|O_PATH");
        assert_eq!(open_flags(0o100000000), "O_RDONLY|0x1000000");
        assert_eq!(mode(0o644), "0644");
        assert_eq!(mode(0), "000");
        assert_eq!(mode(7), "007");
        assert_eq!(mode(0o4755), "04755");
    }

    #[test]
    fn other_flag_decoding() {
        assert_eq!(at_flags(0), "0");
        assert_eq!(at_flags(0x200), "AT_REMOVEDIR");
        assert_eq!(
            at_flags(0x1100 | 0x1_0000_0000),
            "AT_SYMLINK_NOFOLLOW|AT_EMPTY_PATH|0x100000000"
        );
        assert_eq!(statx_at_flags(0), "AT_STATX_SYNC_AS_STAT");
        assert_eq!(statx_at_flags(0x100), "AT_SYMLINK_NOFOLLOW");
        assert_eq!(statx_at_flags(0x1000), "AT_EMPTY_PATH");
        assert_eq!(statx_at_flags(0x4000), "AT_STATX_DONT_SYNC");
        assert_eq!(statx_mask(0x7ff), "STATX_BASIC_STATS");
        assert_eq!(statx_mask(0xfff), "STATX_ALL");
        assert_eq!(statx_mask(0x7ff | 0x1000), "STATX_BASIC_STATS|STATX_MNT_ID");
        assert_eq!(statx_mask(0x201), "STATX_TYPE|STATX_SIZE");
        assert_eq!(statx_mask(0), "0");
        assert_eq!(sock_type(1), "SOCK_STREAM");
        assert_eq!(
            sock_type(2 | 0o4000 | 0o2000000),
            "SOCK_DGRAM|SOCK_NONBLOCK|SOCK_CLOEXEC"
        );
        assert_eq!(proto(2, 6), "IPPROTO_TCP");
        assert_eq!(proto(10, 0), "IPPROTO_IP");
        assert_eq!(proto(40, 0), "0");
        assert_eq!(proto(16, 0), "NETLINK_ROUTE");
        let a = [0u64; 6];
        assert_eq!(format_kind(Family, 40, &a), "AF_VSOCK");
        assert_eq!(format_kind(Family, 99, &a), "99");
        assert_eq!(msg_flags(0x4040), "MSG_DONTWAIT|MSG_NOSIGNAL");
        assert_eq!(msg_flags(0), "0");
        assert_eq!(rwf_flags(0x9), "RWF_HIPRI|RWF_NOWAIT");
        assert_eq!(falloc_mode(3), "FALLOC_FL_KEEP_SIZE|FALLOC_FL_PUNCH_HOLE");
        assert_eq!(madvise(4), "MADV_DONTNEED");
        assert_eq!(madvise(77), "77");
        assert_eq!(fadvise(2), "POSIX_FADV_SEQUENTIAL");
        assert_eq!(format_kind(EpollOp, 3, &a), "EPOLL_CTL_MOD");
        assert_eq!(format_kind(ShutHow, 2, &a), "SHUT_RDWR");
        assert_eq!(
            format_kind(SpliceFlags, 5 | 1 << 31, &a),
            "SPLICE_F_MOVE|SPLICE_F_MORE|0x80000000"
        );
        assert_eq!(format_kind(RenameFlags, 1, &a), "RENAME_NOREPLACE");
        assert_eq!(format_kind(DirFd, (-100i64) as u64, &a), "AT_FDCWD");
        assert_eq!(format_kind(Fd, u64::MAX, &a), "-1");
        assert_eq!(format_kind(Ptr, 0, &a), "NULL");
        assert_eq!(format_kind(Ptr, 0x7f00, &a), "0x7f00");
        assert_eq!(format_kind(RegisterOp, 2, &a), "IORING_REGISTER_FILES");
        assert_eq!(
            format_kind(Futex2Flags, 2 | 128, &a),
            "FUTEX2_SIZE_U32|FUTEX2_PRIVATE"
        );
        let lvl = [0, 1, 0, 0, 0, 0];
        assert_eq!(format_kind(SockOpt, 2, &lvl), "SO_REUSEADDR");
        assert_eq!(generic(5), "5");
        assert_eq!(generic(u64::MAX), "-1");
        assert_eq!(generic(0x7fff_1234_0000), "0x7fff12340000");
    }

    #[test]
    fn args() {
        let s = Strings {
            path: Some((1, b"/etc/hosts")),
            path2: None,
        };
        let a = [(-100i64) as u64, 0x1000, 0o2000000, 0o644, 0, 0];
        assert_eq!(
            format_args(257, &a, s),
            "AT_FDCWD, \"/etc/hosts\", O_RDONLY|O_CLOEXEC"
        );
        let a = [(-100i64) as u64, 0x1000, 0o101, 0o644, 0, 0];
        assert_eq!(
            format_args(257, &a, s),
            "AT_FDCWD, \"/etc/hosts\", O_WRONLY|O_CREAT, 0644"
        );
        // Without a copied string the pointer shows.
        assert_eq!(
            format_args(257, &a, Strings::default()),
            "AT_FDCWD, 0x1000, O_WRONLY|O_CREAT, 0644"
        );
        let r = Strings {
            path: Some((1, b"a")),
            path2: Some((3, b"b")),
        };
        assert_eq!(
            format_args(316, &[3, 1, 4, 2, 1, 0], r),
            "3, \"a\", 4, \"b\", RENAME_NOREPLACE"
        );
        assert_eq!(
            format_args(426, &[u64::MAX, 0, 0, 0, 0, 0], Strings::default()),
            "-1, 0, 0, 0, 0, 0"
        );
        assert_eq!(format_args(3, &[5, 9, 9, 9, 9, 9], Strings::default()), "5");
        // Generic rule for a syscall the SQE map does not produce.
        assert_eq!(
            format_args(9, &[0, 4096, 3, 0x22, u64::MAX, 0], Strings::default()),
            "0, 4096, 3, 34, -1, 0"
        );
        assert_eq!(format_args(-1, &[0; 6], Strings::default()), "");
    }

    #[test]
    fn errno_lines() {
        assert_eq!(format_result(Some(5)), "5");
        assert_eq!(format_result(Some(0)), "0");
        assert_eq!(format_result(None), "?");
        assert_eq!(
            format_result(Some(-1)),
            "-1 EPERM (Operation not permitted)"
        );
        assert_eq!(
            format_result(Some(-2)),
            "-1 ENOENT (No such file or directory)"
        );
        assert_eq!(
            format_result(Some(-125)),
            "-1 ECANCELED (Operation canceled)"
        );
        assert_eq!(
            format_result(Some(-133)),
            "-1 EHWPOISON (Memory page has hardware error)"
        );
        assert_eq!(
            format_result(Some(-512)),
            "? ERESTARTSYS (To be restarted if SA_RESTART is set)"
        );
        assert_eq!(format_result(Some(-41)), "-1 (errno 41)");
        assert_eq!(format_result(Some(-600)), "-1 (errno 600)");
        for e in (1..=133).filter(|&e| e != 41 && e != 58) {
            assert!(errno_info(e).is_some(), "errno {e}");
        }
        assert_eq!(errno_info(110).unwrap().0, "ETIMEDOUT");
        assert_eq!(errno_info(95).unwrap().0, "EOPNOTSUPP");
        assert_eq!(errno_info(11).unwrap().0, "EAGAIN");
        assert_eq!(errno_info(530).unwrap().0, "ERECALLCONFLICT");
    }

    #[test]
    fn seccomp_names() {
        assert_eq!(seccomp_action_name(0x0005_0001), "SECCOMP_RET_ERRNO");
        assert_eq!(seccomp_action_name(0), "SECCOMP_RET_KILL_THREAD");
        assert_eq!(seccomp_action_name(0x8000_0000), "SECCOMP_RET_KILL_PROCESS");
        assert_eq!(seccomp_action_name(0x7fc0_0000), "SECCOMP_RET_USER_NOTIF");
        assert_eq!(seccomp_action_name(0x7ffc_0000), "SECCOMP_RET_LOG");
    }
}
