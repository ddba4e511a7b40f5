// SPDX-License-Identifier: GPL-2.0
//! Typed records of the three events iou-strace reads, decoded through the
//! offsets of their `format` files.

use crate::tracefs::{read_uint, EventFormat, Fields, RawRecord};

/// `io_uring:io_uring_sqe_syscall`: one SQE and its syscall view.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sqe {
    pub ts: u64,
    pub ctx: u64,
    pub req: u64,
    pub user_data: u64,
    pub id: i64,
    pub args: [u64; 6],
    /// The other syscall a socket command is also decided as, or -1.
    pub alt_id: i64,
    pub arch: u32,
    pub action: u32,
    pub pid: i32,
    pub tgid: i32,
    pub res: i32,
    pub fd: i32,
    pub opcode: u8,
    pub outcome: u8,
    pub sqe_flags: u8,
    pub sqpoll: bool,
    pub path_arg: i8,
    pub path2_arg: i8,
    pub path: Vec<u8>,
    pub path2: Vec<u8>,
    pub op_str: String,
}

/// `io_uring:io_uring_complete`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Complete {
    pub ts: u64,
    pub ctx: u64,
    pub req: u64,
    pub user_data: u64,
    pub res: i32,
    pub cflags: u32,
}

/// `sched:sched_process_fork` (also fired for new threads).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Fork {
    pub ts: u64,
    pub parent_pid: i32,
    pub child_pid: i32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    Sqe(Sqe),
    Complete(Complete),
    Fork(Fork),
}

impl Event {
    pub fn ts(&self) -> u64 {
        match self {
            Event::Sqe(e) => e.ts,
            Event::Complete(e) => e.ts,
            Event::Fork(e) => e.ts,
        }
    }
}

pub const SQE_FIELDS: &[&str] = &[
    "ctx",
    "req",
    "user_data",
    "id",
    "args",
    "alt_id",
    "action",
    "pid",
    "tgid",
    "res",
    "fd",
    "opcode",
    "outcome",
    "sqe_flags",
    "sqpoll",
    "path_arg",
    "path2_arg",
    "path",
    "path2",
    "op_str",
];
pub const COMPLETE_FIELDS: &[&str] = &["ctx", "req", "user_data", "res", "cflags"];
pub const FORK_FIELDS: &[&str] = &["parent_pid", "child_pid"];

/// Maps `common_type` ids to decoders.
pub struct Decoder {
    type_off: usize,
    sqe: (u16, Fields),
    complete: (u16, Fields),
    fork: (u16, Fields),
}

impl Decoder {
    pub fn new(
        sqe: &EventFormat,
        complete: &EventFormat,
        fork: &EventFormat,
    ) -> Result<Decoder, String> {
        let type_off = sqe.field("common_type").map(|f| f.offset).unwrap_or(0);
        // parse_format() gives ID 0 when the line is missing: records of
        // another type (or zeroed garbage) must not decode as ours.
        let ids = [sqe.id, complete.id, fork.id];
        if ids.contains(&0) || ids[0] == ids[1] || ids[0] == ids[2] || ids[1] == ids[2] {
            return Err(format!(
                "event formats without distinct IDs ({} {}, {} {}, {} {})",
                sqe.name, sqe.id, complete.name, complete.id, fork.name, fork.id
            ));
        }
        Ok(Decoder {
            type_off,
            sqe: (sqe.id, Fields::new(sqe, SQE_FIELDS)?),
            complete: (complete.id, Fields::new(complete, COMPLETE_FIELDS)?),
            fork: (fork.id, Fields::new(fork, FORK_FIELDS)?),
        })
    }

    /// Decode a record; `None` for events of other types.
    pub fn decode(&self, rec: &RawRecord) -> Option<Event> {
        let d = &rec.data[..];
        let ty = read_uint(d, self.type_off, 2)? as u16;
        if ty == self.sqe.0 {
            let f = &self.sqe.1;
            let mut args = [0u64; 6];
            for (i, a) in args.iter_mut().enumerate() {
                *a = f.u64_at(d, "args", i);
            }
            Some(Event::Sqe(Sqe {
                ts: rec.ts,
                ctx: f.uint(d, "ctx"),
                req: f.uint(d, "req"),
                user_data: f.uint(d, "user_data"),
                id: f.int(d, "id"),
                args,
                alt_id: f.int(d, "alt_id"),
                arch: f.uint(d, "arch") as u32,
                action: f.uint(d, "action") as u32,
                pid: f.int(d, "pid") as i32,
                tgid: f.int(d, "tgid") as i32,
                res: f.int(d, "res") as i32,
                fd: f.int(d, "fd") as i32,
                opcode: f.uint(d, "opcode") as u8,
                outcome: f.uint(d, "outcome") as u8,
                sqe_flags: f.uint(d, "sqe_flags") as u8,
                sqpoll: f.uint(d, "sqpoll") != 0,
                path_arg: f.int(d, "path_arg") as i8,
                path2_arg: f.int(d, "path2_arg") as i8,
                path: f.bytes(d, "path").to_vec(),
                path2: f.bytes(d, "path2").to_vec(),
                op_str: String::from_utf8_lossy(f.bytes(d, "op_str")).into_owned(),
            }))
        } else if ty == self.complete.0 {
            let f = &self.complete.1;
            Some(Event::Complete(Complete {
                ts: rec.ts,
                ctx: f.uint(d, "ctx"),
                req: f.uint(d, "req"),
                user_data: f.uint(d, "user_data"),
                res: f.int(d, "res") as i32,
                cflags: f.uint(d, "cflags") as u32,
            }))
        } else if ty == self.fork.0 {
            let f = &self.fork.1;
            Some(Event::Fork(Fork {
                ts: rec.ts,
                parent_pid: f.int(d, "parent_pid") as i32,
                child_pid: f.int(d, "child_pid") as i32,
            }))
        } else {
            None
        }
    }
}

#[cfg(test)]
pub mod tests {
    use super::*;
    use crate::tracefs::parse_format;

    /// A format text in the shape of the kernel's, with the fields of the
    /// brief in their natural (packed, aligned) order.
    pub const SQE_FORMAT: &str = "name: io_uring_sqe_syscall
ID: 1900
format:
\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;
\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;
\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;
\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;

\tfield:void * ctx;\toffset:8;\tsize:8;\tsigned:0;
\tfield:void * req;\toffset:16;\tsize:8;\tsigned:0;
\tfield:u64 user_data;\toffset:24;\tsize:8;\tsigned:0;
\tfield:long id;\toffset:32;\tsize:8;\tsigned:1;
\tfield:unsigned long args[6];\toffset:40;\tsize:48;\tsigned:0;
\tfield:u32 arch;\toffset:88;\tsize:4;\tsigned:0;
\tfield:u32 action;\toffset:92;\tsize:4;\tsigned:0;
\tfield:int pid;\toffset:96;\tsize:4;\tsigned:1;
\tfield:int tgid;\toffset:100;\tsize:4;\tsigned:1;
\tfield:int res;\toffset:104;\tsize:4;\tsigned:1;
\tfield:int fd;\toffset:108;\tsize:4;\tsigned:1;
\tfield:u8 opcode;\toffset:112;\tsize:1;\tsigned:0;
\tfield:u8 outcome;\toffset:113;\tsize:1;\tsigned:0;
\tfield:u8 sqe_flags;\toffset:114;\tsize:1;\tsigned:0;
\tfield:u8 sqpoll;\toffset:115;\tsize:1;\tsigned:0;
\tfield:s8 path_arg;\toffset:116;\tsize:1;\tsigned:1;
\tfield:s8 path2_arg;\toffset:117;\tsize:1;\tsigned:1;
\tfield:__data_loc char[] path;\toffset:120;\tsize:4;\tsigned:0;
\tfield:__data_loc char[] path2;\toffset:124;\tsize:4;\tsigned:0;
\tfield:__data_loc char[] op_str;\toffset:128;\tsize:4;\tsigned:0;
\tfield:long alt_id;\toffset:132;\tsize:8;\tsigned:1;

print fmt: \"ctx %p req %p\", REC->ctx, REC->req
";

    pub const COMPLETE_FORMAT: &str = "name: io_uring_complete
ID: 1901
format:
\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;
\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;
\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;
\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;

\tfield:void * ctx;\toffset:8;\tsize:8;\tsigned:0;
\tfield:void * req;\toffset:16;\tsize:8;\tsigned:0;
\tfield:u64 user_data;\toffset:24;\tsize:8;\tsigned:0;
\tfield:int res;\toffset:32;\tsize:4;\tsigned:1;
\tfield:unsigned cflags;\toffset:36;\tsize:4;\tsigned:0;
\tfield:u64 extra1;\toffset:40;\tsize:8;\tsigned:0;
\tfield:u64 extra2;\toffset:48;\tsize:8;\tsigned:0;

print fmt: \"ring %p\", REC->ctx
";

    pub const FORK_FORMAT: &str = "name: sched_process_fork
ID: 300
format:
\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;
\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;
\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;
\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;

\tfield:char parent_comm[16];\toffset:8;\tsize:16;\tsigned:0;
\tfield:pid_t parent_pid;\toffset:24;\tsize:4;\tsigned:1;
\tfield:char child_comm[16];\toffset:28;\tsize:16;\tsigned:0;
\tfield:pid_t child_pid;\toffset:44;\tsize:4;\tsigned:1;

print fmt: \"comm=%s pid=%d\", REC->parent_comm, REC->parent_pid
";

    pub fn decoder() -> Decoder {
        Decoder::new(
            &parse_format(SQE_FORMAT).unwrap(),
            &parse_format(COMPLETE_FORMAT).unwrap(),
            &parse_format(FORK_FORMAT).unwrap(),
        )
        .unwrap()
    }

    fn put(rec: &mut [u8], off: usize, v: &[u8]) {
        rec[off..off + v.len()].copy_from_slice(v);
    }

    /// Encode an SQE record as the kernel would (for tests).
    pub fn encode_sqe(s: &Sqe) -> Vec<u8> {
        let mut r = vec![0u8; 140];
        put(&mut r, 0, &1900u16.to_le_bytes());
        put(&mut r, 8, &s.ctx.to_le_bytes());
        put(&mut r, 16, &s.req.to_le_bytes());
        put(&mut r, 24, &s.user_data.to_le_bytes());
        put(&mut r, 32, &s.id.to_le_bytes());
        for (i, a) in s.args.iter().enumerate() {
            put(&mut r, 40 + 8 * i, &a.to_le_bytes());
        }
        put(&mut r, 88, &s.arch.to_le_bytes());
        put(&mut r, 92, &s.action.to_le_bytes());
        put(&mut r, 96, &s.pid.to_le_bytes());
        put(&mut r, 100, &s.tgid.to_le_bytes());
        put(&mut r, 104, &s.res.to_le_bytes());
        put(&mut r, 108, &s.fd.to_le_bytes());
        r[112] = s.opcode;
        r[113] = s.outcome;
        r[114] = s.sqe_flags;
        r[115] = s.sqpoll as u8;
        r[116] = s.path_arg as u8;
        r[117] = s.path2_arg as u8;
        put(&mut r, 132, &s.alt_id.to_le_bytes());
        for (off, v) in [
            (120, s.path.clone()),
            (124, s.path2.clone()),
            (128, s.op_str.as_bytes().to_vec()),
        ] {
            let start = r.len() as u32;
            let len = v.len() as u32 + 1;
            r.extend_from_slice(&v);
            r.push(0);
            put(&mut r, off, &(start | (len << 16)).to_le_bytes());
        }
        while r.len() % 4 != 0 {
            r.push(0);
        }
        r
    }

    #[test]
    fn decode_sqe_roundtrip() {
        let s = Sqe {
            ts: 77,
            ctx: 0xffff_8880_0000_1000,
            req: 0xffff_8880_0000_2000,
            user_data: 0x2,
            id: 257,
            args: [(-100i64) as u64, 0x7fff_0000, 0x80000, 0, 0, 0],
            alt_id: -1,
            arch: 0xc000_003e,
            action: 0x0005_0001,
            pid: 412,
            tgid: 410,
            res: -1,
            fd: -100,
            opcode: 18,
            outcome: 2,
            sqe_flags: 0,
            sqpoll: true,
            path_arg: 1,
            path2_arg: -1,
            path: b"/etc/passwd".to_vec(),
            path2: vec![],
            op_str: "OPENAT".into(),
        };
        let rec = RawRecord {
            ts: 77,
            data: encode_sqe(&s),
        };
        assert_eq!(decoder().decode(&rec), Some(Event::Sqe(s)));
    }

    #[test]
    fn formats_without_ids_are_refused() {
        let no_id = SQE_FORMAT.replace("ID: 1900\n", "");
        let r = Decoder::new(
            &parse_format(&no_id).unwrap(),
            &parse_format(COMPLETE_FORMAT).unwrap(),
            &parse_format(FORK_FORMAT).unwrap(),
        );
        assert!(
            r.is_err(),
            "an SQE format without ID must not decode type 0"
        );
        let same = COMPLETE_FORMAT.replace("ID: 1901", "ID: 1900");
        let r = Decoder::new(
            &parse_format(SQE_FORMAT).unwrap(),
            &parse_format(&same).unwrap(),
            &parse_format(FORK_FORMAT).unwrap(),
        );
        assert!(r.is_err());
    }

    #[test]
    fn decode_complete_and_fork() {
        let d = decoder();
        let mut c = vec![0u8; 56];
        put(&mut c, 0, &1901u16.to_le_bytes());
        put(&mut c, 8, &5u64.to_le_bytes());
        put(&mut c, 16, &6u64.to_le_bytes());
        put(&mut c, 24, &7u64.to_le_bytes());
        put(&mut c, 32, &(-13i32).to_le_bytes());
        put(&mut c, 36, &2u32.to_le_bytes());
        let got = d.decode(&RawRecord { ts: 9, data: c }).unwrap();
        assert_eq!(
            got,
            Event::Complete(Complete {
                ts: 9,
                ctx: 5,
                req: 6,
                user_data: 7,
                res: -13,
                cflags: 2
            })
        );
        let mut f = vec![0u8; 48];
        put(&mut f, 0, &300u16.to_le_bytes());
        put(&mut f, 8, b"sh\0");
        put(&mut f, 24, &100i32.to_le_bytes());
        put(&mut f, 44, &101i32.to_le_bytes());
        let got = d.decode(&RawRecord { ts: 1, data: f }).unwrap();
        assert_eq!(
            got,
            Event::Fork(Fork {
                ts: 1,
                parent_pid: 100,
                child_pid: 101
            })
        );
        let other = RawRecord {
            ts: 1,
            data: vec![1, 2, 0, 0],
        };
        assert_eq!(d.decode(&other), None);
    }
}
