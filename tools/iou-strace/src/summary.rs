// SPDX-License-Identifier: GPL-2.0
//! The `-c` summary table.

use std::collections::BTreeMap;

use crate::decode::syscall_name;
use crate::trace::{refused, Done};

const RULE: &str = "------ -------- -------- ----------------";

/// Render the summary of `done`: per syscall name the number of SQEs,
/// of errors (result < 0, refusals included) and of refusals (outcome
/// refused, trap or kill); sorted by calls descending, then name.
pub fn summary(done: &[Done]) -> String {
    let mut rows: BTreeMap<String, (u64, u64, u64)> = BTreeMap::new();
    for d in done {
        let r = rows.entry(syscall_name(d.id)).or_default();
        let refused = refused(d.outcome);
        r.0 += 1;
        if refused || d.res.is_some_and(|v| v < 0) {
            r.1 += 1;
        }
        if refused {
            r.2 += 1;
        }
    }
    let mut rows: Vec<(String, (u64, u64, u64))> = rows.into_iter().collect();
    rows.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then_with(|| a.0.cmp(&b.0)));
    let mut out = String::new();
    out.push_str(" calls   errors  refused syscall\n");
    out.push_str(RULE);
    out.push('\n');
    let mut total = (0, 0, 0);
    for (name, (c, e, r)) in &rows {
        out.push_str(&format!("{c:>6} {e:>8} {r:>8} {name}\n"));
        total = (total.0 + c, total.1 + e, total.2 + r);
    }
    out.push_str(RULE);
    out.push('\n');
    out.push_str(&format!(
        "{:>6} {:>8} {:>8} total\n",
        total.0, total.1, total.2
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_text() {
        let d = |id, res, outcome| Done {
            id,
            alt_id: -1,
            res,
            outcome,
        };
        let done = vec![
            d(0, Some(10), 1),
            d(257, Some(-1), 2),
            d(0, Some(0), 0),
            d(0, None, 1),
        ];
        assert_eq!(
            summary(&done),
            " calls   errors  refused syscall\n\
             ------ -------- -------- ----------------\n\
             \x20    3        0        0 read\n\
             \x20    1        1        1 openat\n\
             ------ -------- -------- ----------------\n\
             \x20    4        1        1 total\n"
        );
        // Ties sort by name; a failed but allowed SQE is an error only.
        let done = vec![d(3, Some(-9), 1), d(1, Some(1), 1), d(1, None, 5)];
        let s = summary(&done);
        let lines: Vec<&str> = s.lines().collect();
        assert_eq!(lines[2], "     2        1        1 write");
        assert_eq!(lines[3], "     1        1        0 close");
        assert_eq!(lines[5], "     3        2        1 total");
        assert!(summary(&[]).ends_with("     0        0        0 total\n"));
    }
}
