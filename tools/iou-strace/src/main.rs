// SPDX-License-Identifier: GPL-2.0
//! iou-strace: an strace for io_uring SQEs. It reads the tracepoint
//! io_uring:io_uring_sqe_syscall (the syscall view of each SQE and its
//! seccomp verdict) and io_uring:io_uring_complete from a private tracefs
//! instance and prints one strace-like line per SQE of the traced tasks.

mod decode;
mod event;
mod profile;
mod summary;
mod sys;
mod syscalls;
mod trace;
mod tracefs;

use std::ffi::OsString;
use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command};
use std::time::Duration;

use event::{Decoder, Event};
use trace::Tracer;
use tracefs::{read_event_format, Instance};

const USAGE: &str = "\
usage: iou-strace [-f] [-c] [-o FILE] [--seccomp-profile FILE] (-p PID | [--] CMD [ARGS...])

Print the io_uring SQEs of CMD (and its children and threads) or of the
running process PID, one strace-like line per SQE, with the syscall each SQE
is equivalent to, its result and the seccomp verdict.

  -f                      follow forks (always on; accepted for strace compatibility)
  -c                      print a summary table at the end instead of lines
  -o FILE                 write the output to FILE instead of stderr
  -p PID                  attach to the running process PID
  --seccomp-profile FILE  write the syscalls the SQEs needed as a seccomp profile
  -h, --help              this text
";

const POLL: Duration = Duration::from_millis(20);
const BUFFER_KB: u32 = 4096;

#[derive(Debug, Default, PartialEq, Eq)]
struct Opts {
    summary: bool,
    output: Option<PathBuf>,
    profile: Option<PathBuf>,
    pid: Option<i32>,
    cmd: Vec<OsString>,
}

enum Parsed {
    Run(Opts),
    Help,
}

fn parse_args<I>(args: I) -> Result<Parsed, lexopt::Error>
where
    I: IntoIterator,
    I::Item: Into<OsString>,
{
    use lexopt::prelude::*;
    let mut o = Opts::default();
    let mut p = lexopt::Parser::from_args(args);
    while let Some(arg) = p.next()? {
        match arg {
            Short('f') => {}
            Short('c') => o.summary = true,
            Short('o') => o.output = Some(p.value()?.into()),
            Short('p') => o.pid = Some(p.value()?.parse()?),
            Long("seccomp-profile") => o.profile = Some(p.value()?.into()),
            Short('h') | Long("help") => return Ok(Parsed::Help),
            Value(v) => {
                o.cmd.push(v);
                o.cmd.extend(p.raw_args()?);
            }
            _ => return Err(arg.unexpected()),
        }
    }
    match (o.pid, o.cmd.is_empty()) {
        (Some(_), false) => Err("-p and a command exclude each other".into()),
        (None, true) => Err("need -p PID or a command".into()),
        (Some(pid), _) if pid <= 0 => Err(format!("bad PID {pid}").into()),
        _ => Ok(Parsed::Run(o)),
    }
}

/// The thread ids of process `pid`.
fn tasks_of(pid: i32) -> io::Result<Vec<i32>> {
    let mut v: Vec<i32> = fs::read_dir(format!("/proc/{pid}/task"))?
        .filter_map(|e| e.ok()?.file_name().to_str()?.parse().ok())
        .collect();
    v.sort_unstable();
    Ok(v)
}

/// Whether process `pid` still runs (exists and is not a zombie).
fn alive(pid: i32) -> bool {
    match fs::read_to_string(format!("/proc/{pid}/stat")) {
        Ok(s) => {
            let state = s
                .rsplit_once(')')
                .and_then(|(_, r)| r.trim().chars().next());
            !matches!(state, Some('Z' | 'X') | None)
        }
        Err(_) => false,
    }
}

/// What is traced and how it ends.
enum Target {
    Child(Child),
    Pid(i32),
}

/// Events read but not yet processed, kept in time order.
#[derive(Default)]
struct Reorder {
    buf: Vec<(u64, u64, Event)>,
    seq: u64,
    /// The newest time stamp seen before the current round.
    watermark: u64,
    newest: u64,
}

impl Reorder {
    fn push(&mut self, e: Event) {
        self.newest = self.newest.max(e.ts());
        self.buf.push((e.ts(), self.seq, e));
        self.seq += 1;
    }

    /// Events up to `limit`, oldest first. Called once per round with the
    /// previous round's newest time stamp: everything stamped before it was
    /// committed, on any CPU, before this round read the buffers.
    fn take(&mut self, limit: u64) -> Vec<Event> {
        self.buf.sort_by_key(|e| (e.0, e.1));
        let n = self.buf.partition_point(|e| e.0 <= limit);
        self.buf.drain(..n).map(|e| e.2).collect()
    }

    fn end_round(&mut self) -> Vec<Event> {
        let w = self.watermark;
        self.watermark = self.newest;
        self.take(w)
    }
}

struct Session {
    inst: Instance,
    decoder: Decoder,
    tracer: Tracer,
    reorder: Reorder,
    out: Box<dyn Write>,
    lines: bool,
    warned_lost: bool,
}

impl Session {
    fn round(&mut self, all: bool) -> Result<usize, String> {
        let pages = self.inst.read_available()?;
        let mut n = 0;
        for page in pages {
            if page.missed_events && !self.warned_lost {
                eprintln!("iou-strace: the kernel dropped trace events (buffer overrun)");
                self.warned_lost = true;
            }
            for rec in &page.records {
                if let Some(e) = self.decoder.decode(rec) {
                    self.reorder.push(e);
                    n += 1;
                }
            }
        }
        let ready = if all {
            self.reorder.take(u64::MAX)
        } else {
            self.reorder.end_round()
        };
        for e in ready {
            let lines = self.tracer.handle(e);
            self.emit(&lines)?;
        }
        self.out
            .flush()
            .map_err(|e| format!("writing output: {e}"))?;
        Ok(n)
    }

    fn emit(&mut self, lines: &[String]) -> Result<(), String> {
        if self.lines {
            for l in lines {
                writeln!(self.out, "{l}").map_err(|e| format!("writing output: {e}"))?;
            }
        }
        Ok(())
    }
}

fn exit_code(status: std::process::ExitStatus) -> i32 {
    match (status.code(), status.signal()) {
        (Some(c), _) => c,
        (None, Some(s)) => 128 + s,
        _ => 1,
    }
}

fn run(o: Opts) -> Result<i32, String> {
    let root = tracefs::find_tracefs()
        .ok_or("tracefs is not mounted (/sys/kernel/tracing or /sys/kernel/debug/tracing)")?;
    let sqe_fmt = match read_event_format(&root, "io_uring", "io_uring_sqe_syscall") {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            return Err(format!(
                "{}: no event io_uring:io_uring_sqe_syscall: this kernel lacks the io_uring \
                 seccomp series or CONFIG_FTRACE/event tracing",
                root.display()
            ))
        }
        Err(e) => return Err(format!("io_uring_sqe_syscall format: {e}")),
    };
    let fmt = |s: &str, e: &str| {
        read_event_format(&root, s, e).map_err(|x| format!("reading the format of {s}:{e}: {x}"))
    };
    let decoder = Decoder::new(
        &sqe_fmt,
        &fmt("io_uring", "io_uring_complete")?,
        &fmt("sched", "sched_process_fork")?,
    )?;
    let out: Box<dyn Write> = match &o.output {
        Some(p) => Box::new(BufWriter::new(
            File::create(p).map_err(|e| format!("{}: {e}", p.display()))?,
        )),
        None => Box::new(BufWriter::new(io::stderr())),
    };
    sys::install_signal_handlers().map_err(|e| format!("sigaction: {e}"))?;

    let name = format!("iou-strace-{}", std::process::id());
    let mut inst = Instance::create(&root, &name, BUFFER_KB)?;
    inst.enable("io_uring", "io_uring_sqe_syscall")?;
    inst.enable("io_uring", "io_uring_complete")?;
    inst.enable("sched", "sched_process_fork")?;
    inst.open_readers()?;

    let mut s = Session {
        inst,
        decoder,
        tracer: Tracer::new(),
        reorder: Reorder::default(),
        out,
        lines: !o.summary,
        warned_lost: false,
    };
    let mut target = match o.pid {
        Some(pid) => {
            let tasks = tasks_of(pid).map_err(|e| format!("process {pid}: {e}"))?;
            for t in tasks {
                s.tracer.track(t);
            }
            s.tracer.track(pid);
            Target::Pid(pid)
        }
        None => {
            let child = Command::new(&o.cmd[0])
                .args(&o.cmd[1..])
                .spawn()
                .map_err(|e| format!("{}: {e}", Path::new(&o.cmd[0]).display()))?;
            s.tracer.track_spawned(child.id() as i32);
            Target::Child(child)
        }
    };

    let mut forwarded = 0;
    let code = loop {
        s.round(false)?;
        if let Some(sig) = sys::take_signal() {
            match &mut target {
                Target::Pid(_) => break 128 + sig,
                Target::Child(c) => {
                    // Pass the signal on; a second one kills the command.
                    forwarded += 1;
                    let sig = if forwarded > 1 { libc::SIGKILL } else { sig };
                    let _ = sys::kill(c.id() as i32, sig);
                }
            }
        }
        match &mut target {
            Target::Pid(pid) => {
                if !alive(*pid) {
                    break 0;
                }
            }
            Target::Child(c) => {
                if let Some(st) = c.try_wait().map_err(|e| format!("wait: {e}"))? {
                    break exit_code(st);
                }
            }
        }
        std::thread::sleep(POLL);
    };
    // Drain: the events of the last SQEs are in the buffers already.
    for _ in 0..3 {
        std::thread::sleep(POLL);
        s.round(false)?;
    }
    s.round(true)?;
    let rest = s.tracer.drain();
    s.emit(&rest)?;
    if let Err(e) = s.inst.remove() {
        eprintln!("iou-strace: removing the tracefs instance: {e}");
    }
    if o.summary {
        write!(s.out, "{}", summary::summary(&s.tracer.done))
            .map_err(|e| format!("writing output: {e}"))?;
    }
    s.out.flush().map_err(|e| format!("writing output: {e}"))?;
    if let Some(p) = &o.profile {
        let names = profile::needed_syscalls(&s.tracer.done);
        fs::write(p, profile::profile_json(&names)).map_err(|e| format!("{}: {e}", p.display()))?;
    }
    // A -p trace stopped by a signal exits 0, as strace does.
    Ok(if matches!(target, Target::Pid(_)) {
        0
    } else {
        code
    })
}

fn main() {
    let o = match parse_args(std::env::args_os().skip(1)) {
        Ok(Parsed::Run(o)) => o,
        Ok(Parsed::Help) => {
            print!("{USAGE}");
            return;
        }
        Err(e) => {
            eprintln!("iou-strace: {e}\n{USAGE}");
            std::process::exit(2);
        }
    };
    match run(o) {
        Ok(code) => std::process::exit(code),
        Err(e) => {
            eprintln!("iou-strace: {e}");
            std::process::exit(1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::Fork;

    fn parse(v: &[&str]) -> Result<Opts, String> {
        match parse_args(v.iter().copied()) {
            Ok(Parsed::Run(o)) => Ok(o),
            Ok(Parsed::Help) => Err("help".into()),
            Err(e) => Err(e.to_string()),
        }
    }

    #[test]
    fn command_line() {
        let o = parse(&["-f", "-c", "-o", "x.txt", "--", "ls", "-l", "/"]).unwrap();
        assert!(o.summary);
        assert_eq!(o.output, Some(PathBuf::from("x.txt")));
        assert_eq!(o.cmd, vec!["ls", "-l", "/"]);
        // The command's own options are not ours, even without "--".
        let o = parse(&["ls", "-c", "-p"]).unwrap();
        assert_eq!(o.cmd, vec!["ls", "-c", "-p"]);
        assert!(!o.summary);
        let o = parse(&["-p", "42", "--seccomp-profile=p.json"]).unwrap();
        assert_eq!(o.pid, Some(42));
        assert_eq!(o.profile, Some(PathBuf::from("p.json")));
        assert!(parse(&["-p", "42", "ls"]).is_err());
        assert!(parse(&["-c"]).is_err());
        assert!(parse(&["-p", "x"]).is_err());
        assert!(parse(&["-x", "ls"]).is_err());
        assert_eq!(parse(&["--help"]).unwrap_err(), "help");
    }

    #[test]
    fn proc_helpers() {
        let me = std::process::id() as i32;
        assert!(alive(me));
        assert!(tasks_of(me).unwrap().contains(&me));
        assert!(!alive(i32::MAX));
        assert!(tasks_of(i32::MAX).is_err());
    }

    #[test]
    fn reorder_by_time_and_watermark() {
        let f = |ts| {
            Event::Fork(Fork {
                ts,
                parent_pid: 1,
                child_pid: ts as i32,
            })
        };
        let mut r = Reorder::default();
        r.push(f(30));
        r.push(f(10));
        // The first round releases nothing (no watermark yet).
        assert!(r.end_round().is_empty());
        r.push(f(20)); // read late from another CPU
        r.push(f(40));
        let got: Vec<u64> = r.end_round().iter().map(Event::ts).collect();
        assert_eq!(got, vec![10, 20, 30]);
        let got: Vec<u64> = r.take(u64::MAX).iter().map(Event::ts).collect();
        assert_eq!(got, vec![40]);
    }

    #[test]
    fn follow_children_through_events() {
        // Fork events arrive before the child's SQEs in time order.
        let mut t = Tracer::new();
        t.track(100);
        let mut r = Reorder::default();
        let mut sqe = crate::trace::tests::sqe(101, 0, 1, 0x1);
        sqe.ts = 20;
        r.push(Event::Sqe(sqe));
        r.push(Event::Fork(Fork {
            ts: 10,
            parent_pid: 100,
            child_pid: 101,
        }));
        r.push(Event::Complete(event::Complete {
            ts: 30,
            ctx: 0x1000,
            req: 0x1,
            user_data: 1,
            ..Default::default()
        }));
        let mut lines = Vec::new();
        for e in r.take(u64::MAX) {
            lines.extend(t.handle(e));
        }
        assert_eq!(lines.len(), 1);
        assert!(lines[0].starts_with("[pid 101] read(0, NULL, 0) = 0"));
    }
}
