#![allow(clippy::disallowed_methods, reason = "tests read fixture files; the core itself does not")]

//! What the report says never contradicts itself, on every fixture: the verdict follows the
//! findings, the headline names the failing finding, and a client that disagrees with the
//! RFC 6455 client says which findings make it differ, and the answer it says a careful
//! server would send passes its own checks. (The CLI's exit status is checked
//! against the verdicts in `crates/wslens-cli/tests/cli.rs`.)

mod common;
#[path = "common/consistency.rs"]
mod consistency;

use common::{check_file, fixtures, summary};

#[test]
fn reports_never_contradict_themselves() {
    let mut problems = Vec::new();
    let mut checked = 0;
    for path in fixtures() {
        let report = check_file(&path);
        checked += report.exchanges.len();
        let found = consistency::all_contradictions(&report);
        if !found.is_empty() {
            problems.push(format!(
                "{}:\n  {}\n{}",
                path.display(),
                found.join("\n  "),
                summary(&report)
            ));
        }
    }
    assert!(checked > 200, "only {checked} exchanges checked");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The expected answer of every exchange of every fixture, sent after its request, opens the
/// handshake when it is a 101 and fails it otherwise, with no error or warning of its own
/// (the `consistency` fuzz target checks the same on any input).
#[test]
fn expected_answers_pass_their_own_checks() {
    let mut problems = Vec::new();
    for path in fixtures() {
        for problem in consistency::expected_answer_problems(&check_file(&path)) {
            problems.push(format!("{}: {problem}", path.display()));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
