// SPDX-License-Identifier: GPL-2.0
//! iou-seccomp-run: load an OCI/Docker seccomp profile (as written by
//! `iou-strace --seccomp-profile`) with libseccomp and exec a command.
//!
//!   iou-seccomp-run [--allow NAME[,NAME...]]... PROFILE.json -- CMD [ARGS...]
//!
//! Only plain allowlists are loaded: an entry with `args`, `includes` or
//! `excludes` is refused. `--allow` names are added with SCMP_ACT_ALLOW and
//! override an action the profile gives the same name.

use std::collections::BTreeMap;
use std::ffi::{CString, OsString};
use std::io::Write;
use std::os::raw::{c_char, c_int, c_uint, c_void};
use std::os::unix::ffi::OsStrExt;

use serde_json::Value;

const USAGE: &str =
    "usage: iou-seccomp-run [--allow NAME[,NAME...]]... PROFILE.json -- CMD [ARGS...]";

const SCMP_ACT_KILL_PROCESS: u32 = 0x8000_0000;
const SCMP_ACT_KILL_THREAD: u32 = 0x0000_0000;
const SCMP_ACT_TRAP: u32 = 0x0003_0000;
const SCMP_ACT_ERRNO: u32 = 0x0005_0000;
const SCMP_ACT_LOG: u32 = 0x7ffc_0000;
const SCMP_ACT_ALLOW: u32 = 0x7fff_0000;
const NR_SCMP_ERROR: c_int = -1;
const EPERM: u32 = 1;

#[link(name = "seccomp", kind = "static")]
extern "C" {
    fn seccomp_init(def_action: u32) -> *mut c_void;
    fn seccomp_release(ctx: *mut c_void);
    fn seccomp_syscall_resolve_name(name: *const c_char) -> c_int;
    fn seccomp_rule_add(
        ctx: *mut c_void,
        action: u32,
        syscall: c_int,
        arg_cnt: c_uint,
        ...
    ) -> c_int;
    fn seccomp_load(ctx: *const c_void) -> c_int;
}

/// A parsed profile: the default action and the action of each name.
#[derive(Debug, PartialEq, Eq)]
struct Profile {
    default: u32,
    rules: BTreeMap<String, u32>,
}

fn action(name: &str, errno: Option<u64>) -> Result<u32, String> {
    let errno = errno.unwrap_or(EPERM as u64);
    if errno > 0xffff {
        return Err(format!("errnoRet {errno} out of range"));
    }
    Ok(match name {
        "SCMP_ACT_ALLOW" => SCMP_ACT_ALLOW,
        "SCMP_ACT_ERRNO" => SCMP_ACT_ERRNO | errno as u32,
        "SCMP_ACT_LOG" => SCMP_ACT_LOG,
        "SCMP_ACT_KILL" | "SCMP_ACT_KILL_THREAD" => SCMP_ACT_KILL_THREAD,
        "SCMP_ACT_KILL_PROCESS" => SCMP_ACT_KILL_PROCESS,
        "SCMP_ACT_TRAP" => SCMP_ACT_TRAP,
        other => return Err(format!("unsupported action {other:?}")),
    })
}

fn parse_profile(text: &str, allow: &[String]) -> Result<Profile, String> {
    let v: Value = serde_json::from_str(text).map_err(|e| format!("bad JSON: {e}"))?;
    let def = v
        .get("defaultAction")
        .and_then(Value::as_str)
        .ok_or("no defaultAction")?;
    let def_errno = v.get("defaultErrnoRet").and_then(Value::as_u64);
    let default = action(def, def_errno).map_err(|e| format!("defaultAction: {e}"))?;
    let mut rules = BTreeMap::new();
    let empty = Vec::new();
    let entries = match v.get("syscalls") {
        None | Some(Value::Null) => &empty,
        Some(Value::Array(a)) => a,
        Some(_) => return Err("syscalls is not an array".into()),
    };
    for (i, e) in entries.iter().enumerate() {
        for key in ["args", "includes", "excludes"] {
            let present = match e.get(key) {
                None | Some(Value::Null) => false,
                Some(Value::Array(a)) => !a.is_empty(),
                Some(Value::Object(o)) => !o.is_empty(),
                Some(_) => true,
            };
            if present {
                return Err(format!(
                    "syscalls[{i}] has \"{key}\": this loader only takes plain allowlists \
                     (names and an action), as iou-strace --seccomp-profile writes"
                ));
            }
        }
        let act = e
            .get("action")
            .and_then(Value::as_str)
            .ok_or(format!("syscalls[{i}]: no action"))?;
        let act = action(act, e.get("errnoRet").and_then(Value::as_u64))
            .map_err(|x| format!("syscalls[{i}]: {x}"))?;
        let mut names: Vec<&str> = Vec::new();
        if let Some(n) = e.get("names") {
            let arr = n
                .as_array()
                .ok_or(format!("syscalls[{i}]: names is not an array"))?;
            for x in arr {
                names.push(
                    x.as_str()
                        .ok_or(format!("syscalls[{i}]: a name is not a string"))?,
                );
            }
        }
        if let Some(n) = e.get("name").and_then(Value::as_str) {
            names.push(n);
        }
        for n in names {
            if let Some(old) = rules.insert(n.to_string(), act) {
                if old != act {
                    return Err(format!("syscall {n} has two different actions"));
                }
            }
        }
    }
    for n in allow {
        rules.insert(n.clone(), SCMP_ACT_ALLOW);
    }
    Ok(Profile { default, rules })
}

/// Whether the profile lets `name` run (exec must, or CMD cannot start
/// and not even the error could be reported).
fn allows(p: &Profile, name: &str) -> bool {
    let act = p.rules.get(name).copied().unwrap_or(p.default);
    act == SCMP_ACT_ALLOW || act == SCMP_ACT_LOG
}

fn resolve(name: &str) -> Result<c_int, String> {
    let c = CString::new(name).map_err(|_| format!("bad syscall name {name:?}"))?;
    // SAFETY: c is a valid NUL-terminated string that outlives the call.
    let nr = unsafe { seccomp_syscall_resolve_name(c.as_ptr()) };
    if nr == NR_SCMP_ERROR {
        Err(format!("unknown syscall name {name:?}"))
    } else if nr < 0 {
        // A pseudo number (__PNR_*): a syscall of another architecture; a
        // rule for it is silently dropped by libseccomp.
        Err(format!("{name:?} is not an x86_64 syscall"))
    } else {
        Ok(nr)
    }
}

/// Owns a libseccomp filter context.
struct Filter(*mut c_void);

impl Drop for Filter {
    fn drop(&mut self) {
        // SAFETY: self.0 came from seccomp_init and is released once.
        unsafe { seccomp_release(self.0) }
    }
}

fn errstr(rc: c_int) -> String {
    std::io::Error::from_raw_os_error(-rc).to_string()
}

fn build(p: &Profile) -> Result<Filter, String> {
    // SAFETY: seccomp_init takes a plain action value; NULL means failure.
    let ctx = unsafe { seccomp_init(p.default) };
    if ctx.is_null() {
        return Err("seccomp_init failed".into());
    }
    let f = Filter(ctx);
    for (name, &act) in &p.rules {
        let nr = resolve(name)?;
        if act == p.default {
            continue; // libseccomp refuses rules that repeat the default
        }
        // SAFETY: f.0 is a live filter context; arg_cnt 0 means no
        // variadic comparator arguments follow.
        let rc = unsafe { seccomp_rule_add(f.0, act, nr, 0) };
        if rc != 0 {
            return Err(format!("seccomp_rule_add({name}): {}", errstr(rc)));
        }
    }
    Ok(f)
}

struct Opts {
    allow: Vec<String>,
    profile: OsString,
    cmd: Vec<OsString>,
}

fn parse_args(args: Vec<OsString>) -> Result<Opts, lexopt::Error> {
    use lexopt::prelude::*;
    let mut p = lexopt::Parser::from_args(args);
    let mut allow = Vec::new();
    let mut profile = None;
    let mut cmd = Vec::new();
    while let Some(arg) = p.next()? {
        match arg {
            Long("allow") => {
                let v = p.value()?.string()?;
                allow.extend(v.split(',').filter(|s| !s.is_empty()).map(str::to_string));
            }
            Short('h') | Long("help") => return Err(USAGE.into()),
            Value(v) if profile.is_none() => profile = Some(v),
            Value(v) => {
                cmd.push(v);
                cmd.extend(p.raw_args()?);
            }
            _ => return Err(arg.unexpected()),
        }
    }
    let profile = profile.ok_or("no profile given")?;
    if cmd.is_empty() {
        return Err("no command given".into());
    }
    Ok(Opts {
        allow,
        profile,
        cmd,
    })
}

fn run(o: Opts) -> Result<(), String> {
    let path = std::path::Path::new(&o.profile);
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let prof = parse_profile(&text, &o.allow).map_err(|e| format!("{}: {e}", path.display()))?;
    if !allows(&prof, "execve") {
        return Err(format!(
            "{}: the profile does not allow execve, so the command could not start: \
             add --allow execve (and what the command needs besides its SQEs)",
            path.display()
        ));
    }
    let filter = build(&prof)?;
    // Everything exec needs is prepared before the filter is loaded.
    let argv: Vec<CString> = o
        .cmd
        .iter()
        .map(|a| CString::new(a.as_bytes()).map_err(|_| "NUL in an argument".to_string()))
        .collect::<Result<_, _>>()?;
    let mut ptrs: Vec<*const c_char> = argv.iter().map(|a| a.as_ptr()).collect();
    ptrs.push(std::ptr::null());
    // SAFETY: filter.0 is a live context; seccomp_load sets no_new_privs
    // (SCMP_FLTATR_CTL_NNP defaults to on) and installs the filter.
    let rc = unsafe { seccomp_load(filter.0) };
    if rc != 0 {
        return Err(format!("seccomp_load: {}", errstr(rc)));
    }
    // SAFETY: ptrs is a NULL-terminated array of pointers to NUL-terminated
    // strings that all live until execvp returns (it only returns on error).
    unsafe { libc::execvp(ptrs[0], ptrs.as_ptr()) };
    let e = std::io::Error::last_os_error();
    Err(format!("{}: {e}", argv[0].to_string_lossy()))
}

/// Print an error without panicking: once the filter is loaded, `write`
/// may be refused (the profile's default action), and `eprintln!` panics
/// when the write fails (exit 101 with no message instead of 1).
fn report(w: &mut dyn Write, msg: &str) {
    let _ = writeln!(w, "iou-seccomp-run: {msg}");
}

fn main() {
    let o = match parse_args(std::env::args_os().skip(1).collect()) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("iou-seccomp-run: {e}\n{USAGE}");
            std::process::exit(2);
        }
    };
    if let Err(e) = run(o) {
        report(&mut std::io::stderr(), &e);
        std::process::exit(1);
    }
    unreachable!("execvp returned without an error");
}

#[cfg(test)]
mod tests {
    use super::*;

    const GENERATED: &str = r#"{
  "defaultAction": "SCMP_ACT_ERRNO",
  "defaultErrnoRet": 1,
  "architectures": ["SCMP_ARCH_X86_64"],
  "syscalls": [{"names": ["openat", "read"], "action": "SCMP_ACT_ALLOW"}]
}"#;

    #[test]
    fn profiles() {
        let p = parse_profile(GENERATED, &["execve".into()]).unwrap();
        assert_eq!(p.default, SCMP_ACT_ERRNO | 1);
        let want: BTreeMap<String, u32> = [
            ("execve".to_string(), SCMP_ACT_ALLOW),
            ("openat".to_string(), SCMP_ACT_ALLOW),
            ("read".to_string(), SCMP_ACT_ALLOW),
        ]
        .into();
        assert_eq!(p.rules, want);
        assert!(allows(&p, "execve") && !allows(&p, "write"));
        let p = parse_profile(
            r#"{"defaultAction":"SCMP_ACT_ALLOW","syscalls":[
                {"names":["socket"],"action":"SCMP_ACT_ERRNO","errnoRet":13},
                {"names":["ptrace"],"action":"SCMP_ACT_KILL_PROCESS"},
                {"name":"kexec_load","action":"SCMP_ACT_TRAP"},
                {"names":["uname"],"action":"SCMP_ACT_LOG"}]}"#,
            &[],
        )
        .unwrap();
        assert_eq!(p.default, SCMP_ACT_ALLOW);
        assert_eq!(p.rules["socket"], SCMP_ACT_ERRNO | 13);
        assert_eq!(p.rules["ptrace"], SCMP_ACT_KILL_PROCESS);
        assert_eq!(p.rules["kexec_load"], SCMP_ACT_TRAP);
        assert_eq!(p.rules["uname"], SCMP_ACT_LOG);
        // --allow overrides.
        let p = parse_profile(
            r#"{"defaultAction":"SCMP_ACT_KILL","syscalls":[
                {"names":["socket"],"action":"SCMP_ACT_ERRNO"}]}"#,
            &["socket".into()],
        )
        .unwrap();
        assert_eq!(p.default, SCMP_ACT_KILL_THREAD);
        assert_eq!(p.rules["socket"], SCMP_ACT_ALLOW);
    }

    #[test]
    fn refused_profiles() {
        let e = parse_profile(
            r#"{"defaultAction":"SCMP_ACT_ERRNO","syscalls":[{"names":["personality"],
                "action":"SCMP_ACT_ALLOW","args":[{"index":0,"value":0,"op":"SCMP_CMP_EQ"}]}]}"#,
            &[],
        )
        .unwrap_err();
        assert!(e.contains("\"args\"") && e.contains("allowlists"), "{e}");
        let e = parse_profile(
            r#"{"defaultAction":"SCMP_ACT_ERRNO","syscalls":[{"names":["x"],
                "action":"SCMP_ACT_ALLOW","includes":{"caps":["CAP_SYS_ADMIN"]}}]}"#,
            &[],
        )
        .unwrap_err();
        assert!(e.contains("includes"), "{e}");
        // Empty args/includes (as Docker writes them) are fine.
        parse_profile(
            r#"{"defaultAction":"SCMP_ACT_ERRNO","syscalls":[{"names":["read"],
                "action":"SCMP_ACT_ALLOW","args":[],"includes":{},"excludes":{}}]}"#,
            &[],
        )
        .unwrap();
        assert!(parse_profile("{}", &[])
            .unwrap_err()
            .contains("defaultAction"));
        assert!(parse_profile(r#"{"defaultAction":"SCMP_ACT_NOTIFY"}"#, &[])
            .unwrap_err()
            .contains("unsupported"));
        assert!(parse_profile("nope", &[]).is_err());
        let e = parse_profile(
            r#"{"defaultAction":"SCMP_ACT_ERRNO","syscalls":[
                {"names":["read"],"action":"SCMP_ACT_ALLOW"},
                {"names":["read"],"action":"SCMP_ACT_LOG"}]}"#,
            &[],
        )
        .unwrap_err();
        assert!(e.contains("two different actions"));
    }

    #[test]
    fn names_resolve_with_libseccomp() {
        assert_eq!(resolve("read"), Ok(0));
        assert_eq!(resolve("openat"), Ok(257));
        let e = resolve("no_such_syscall").unwrap_err();
        assert!(e.contains("no_such_syscall"));
        // Known to libseccomp, but not on x86_64 (a negative pseudo number).
        assert!(resolve("socketcall").is_err());
        // Build (but do not load) a filter.
        let p = parse_profile(GENERATED, &["exit_group".into()]).unwrap();
        assert!(build(&p).is_ok());
        let bad = Profile {
            default: SCMP_ACT_ALLOW,
            rules: [("bogus".to_string(), SCMP_ACT_LOG)].into(),
        };
        assert!(build(&bad).err().unwrap().contains("bogus"));
    }

    #[test]
    fn errors_after_load_do_not_panic() {
        // stderr as it is after a profile without "write" was loaded.
        struct Refused;
        impl Write for Refused {
            fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
                Err(std::io::Error::from_raw_os_error(libc::EPERM))
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        report(&mut Refused, "ls: No such file or directory");
    }

    #[test]
    fn command_line() {
        let a = |v: &[&str]| v.iter().map(OsString::from).collect::<Vec<_>>();
        let o = parse_args(a(&[
            "--allow",
            "execve,brk",
            "--allow=exit_group",
            "p.json",
            "--",
            "ls",
            "-l",
        ]))
        .unwrap();
        assert_eq!(o.allow, vec!["execve", "brk", "exit_group"]);
        assert_eq!(o.profile, "p.json");
        assert_eq!(o.cmd, a(&["ls", "-l"]));
        assert!(parse_args(a(&["p.json"])).is_err());
        assert!(parse_args(a(&[])).is_err());
    }
}
