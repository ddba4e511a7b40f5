// SPDX-License-Identifier: GPL-2.0
//! `--seccomp-profile`: the syscalls the traced SQEs needed, as an
//! OCI/Docker seccomp profile.
//!
//! The keys keep the order of the documented format (serde_json's map is
//! sorted, so the object is written here; scalars and strings are encoded
//! by serde_json and the output has serde_json's pretty layout).

use std::collections::BTreeSet;

use serde_json::Value;

use crate::decode::syscall_name;
use crate::trace::{refused, Done};

/// The sorted names of the syscalls of `done`, refused SQEs and SQEs
/// without a syscall (id < 0) excluded.
pub fn needed_syscalls(done: &[Done]) -> Vec<String> {
    // A socket command is decided as two syscalls: both must be allowed.
    let set: BTreeSet<String> = done
        .iter()
        .filter(|d| d.id >= 0 && !refused(d.outcome))
        .flat_map(|d| [d.id, d.alt_id])
        .filter(|&id| id >= 0)
        .map(syscall_name)
        .collect();
    set.into_iter().collect()
}

/// An ordered JSON value (objects keep their key order).
enum Json {
    Scalar(Value),
    Array(Vec<Json>),
    Object(Vec<(&'static str, Json)>),
}

fn write(j: &Json, indent: usize, out: &mut String) {
    let pad = |n: usize| "  ".repeat(n);
    match j {
        Json::Scalar(v) => out.push_str(&v.to_string()),
        Json::Array(items) if items.is_empty() => out.push_str("[]"),
        Json::Object(items) if items.is_empty() => out.push_str("{}"),
        Json::Array(items) => {
            out.push_str("[\n");
            for (i, it) in items.iter().enumerate() {
                out.push_str(&pad(indent + 1));
                write(it, indent + 1, out);
                out.push_str(if i + 1 < items.len() { ",\n" } else { "\n" });
            }
            out.push_str(&pad(indent));
            out.push(']');
        }
        Json::Object(items) => {
            out.push_str("{\n");
            for (i, (k, v)) in items.iter().enumerate() {
                out.push_str(&pad(indent + 1));
                out.push_str(&Value::from(*k).to_string());
                out.push_str(": ");
                write(v, indent + 1, out);
                out.push_str(if i + 1 < items.len() { ",\n" } else { "\n" });
            }
            out.push_str(&pad(indent));
            out.push('}');
        }
    }
}

/// The profile JSON text (pretty-printed, newline-terminated).
pub fn profile_json(names: &[String]) -> String {
    let s = |v: &str| Json::Scalar(Value::from(v));
    let doc = Json::Object(vec![
        ("defaultAction", s("SCMP_ACT_ERRNO")),
        ("defaultErrnoRet", Json::Scalar(Value::from(1))),
        ("architectures", Json::Array(vec![s("SCMP_ARCH_X86_64")])),
        (
            "syscalls",
            Json::Array(vec![Json::Object(vec![
                ("names", Json::Array(names.iter().map(|n| s(n)).collect())),
                ("action", s("SCMP_ACT_ALLOW")),
            ])]),
        ),
    ]);
    let mut out = String::new();
    write(&doc, 0, &mut out);
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profile() {
        let d = |id, outcome| Done {
            id,
            alt_id: -1,
            res: Some(0),
            outcome,
        };
        let done = vec![d(257, 1), d(0, 0), d(41, 2), d(0, 1), d(-1, 1), d(1, 4)];
        let names = needed_syscalls(&done);
        assert_eq!(names, vec!["openat", "read"]);
        // A socket command needs both of its readings.
        let cmd = Done {
            id: 55,
            alt_id: 16,
            res: Some(4),
            outcome: 1,
        };
        assert_eq!(needed_syscalls(&[cmd]), vec!["getsockopt", "ioctl"]);
        let text = profile_json(&names);
        assert_eq!(
            text,
            r#"{
  "defaultAction": "SCMP_ACT_ERRNO",
  "defaultErrnoRet": 1,
  "architectures": [
    "SCMP_ARCH_X86_64"
  ],
  "syscalls": [
    {
      "names": [
        "openat",
        "read"
      ],
      "action": "SCMP_ACT_ALLOW"
    }
  ]
}
"#
        );
        // Same layout as serde_json's own pretty printer, and valid JSON.
        let v: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["syscalls"][0]["names"][1], "read");
        assert_eq!(v["defaultErrnoRet"], 1);
        let empty = profile_json(&[]);
        assert!(empty.contains("\"names\": [],"));
        serde_json::from_str::<Value>(&empty).unwrap();
    }
}
