#![allow(clippy::disallowed_methods, reason = "tests read fixture files; the core itself does not")]

//! What the report says never contradicts itself, on every fixture: the verdict follows the
//! findings, the headline names the failing finding, and a client that disagrees with the
//! RFC 6455 client says which findings make it differ, and the answer it says a careful
//! server would send passes its own checks. (The CLI's exit status is checked
//! against the verdicts in `crates/wslens-cli/tests/cli.rs`.)

mod common;
#[path = "common/replay.rs"]
mod replay;

use common::{check_file, fixtures, summary};
use wslens_core::{
    rules, Exchange, FindingCounts, HandshakeVerdict, MessageVerdict, Part, Report, Severity,
};

/// Whether a finding's rule makes a client following RFC 6455 fail the handshake.
fn fails_handshake(code: &str) -> bool {
    rules().iter().any(|r| r.code == code && r.fails_handshake)
}

/// Every contradiction found in one exchange.
fn contradictions(exchange: &Exchange) -> Vec<String> {
    let mut found = Vec::new();
    let failing: Vec<_> = exchange.findings.iter().filter(|f| fails_handshake(f.code)).collect();
    // Two hops of a translating proxy are not checked against each other (H2812).
    let mixed_hops = exchange.findings.iter().any(|f| f.code == "H2812");
    if !failing.is_empty() && !mixed_hops && exchange.verdict.handshake != HandshakeVerdict::Failed
    {
        found.push(format!(
            "{} fails the handshake, but the verdict is {:?}",
            failing[0].code, exchange.verdict.handshake
        ));
    }
    for f in &failing {
        if f.severity != Severity::Error {
            found.push(format!("{} fails the handshake but is not an error", f.code));
        }
    }
    // The failing finding the report names is the one the headline names.
    let named = exchange.failing_finding.and_then(|i| exchange.findings.get(i as usize));
    let expected =
        failing.first().filter(|_| exchange.verdict.handshake == HandshakeVerdict::Failed);
    if named.map(|f| (f.code, &f.message)) != expected.map(|f| (f.code, &f.message)) {
        found.push(format!(
            "failingFinding names {:?}, but the first failing finding of a failed handshake is {:?}",
            named.map(|f| f.code),
            expected.map(|f| f.code)
        ));
    }
    let count =
        |severity| exchange.findings.iter().filter(|f| f.severity == severity).count() as u32;
    let counted = FindingCounts {
        errors: count(Severity::Error),
        warnings: count(Severity::Warning),
        infos: count(Severity::Info),
    };
    if exchange.finding_counts != counted {
        found
            .push(format!("findingCounts {:?} do not count the findings", exchange.finding_counts));
    }
    match exchange.verdict.handshake {
        HandshakeVerdict::Failed => {
            if let Some(first) = failing.first() {
                if !exchange.headline.contains(first.message.as_str()) {
                    found.push(format!(
                        "the headline `{}` does not name the failing finding {} (`{}`)",
                        exchange.headline, first.code, first.message
                    ));
                }
            } else if !exchange.headline.starts_with("Handshake failed") {
                found.push(format!("failed, but the headline says `{}`", exchange.headline));
            }
        }
        HandshakeVerdict::Ok => {
            if !exchange.headline.starts_with("Handshake ok") {
                found.push(format!("ok, but the headline says `{}`", exchange.headline));
            }
        }
        HandshakeVerdict::Incomplete => {
            if !exchange.headline.starts_with("Handshake incomplete") {
                found.push(format!("incomplete, but the headline says `{}`", exchange.headline));
            }
        }
    }
    let parts = [
        ("request", Part::Request, exchange.verdict.request),
        ("response", Part::Response, exchange.verdict.response),
    ];
    for (part, which, verdict) in parts {
        let errors = exchange
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Error && f.part == which)
            .count();
        match verdict {
            MessageVerdict::Invalid if errors == 0 => {
                found.push(format!("the {part} is invalid without an error on it"));
            }
            MessageVerdict::Valid if errors > 0 => {
                found.push(format!("the {part} is valid with {errors} errors on it"));
            }
            _ => {}
        }
    }
    if let Some(rfc) = exchange.clients.iter().find(|c| c.id == "rfc6455") {
        let rfc_accepts = exchange.verdict.handshake == HandshakeVerdict::Ok;
        if rfc.accepts != rfc_accepts {
            found.push(format!(
                "the RFC 6455 client accepts={} but the verdict is {:?}",
                rfc.accepts, exchange.verdict.handshake
            ));
        }
        for client in exchange.clients.iter().filter(|c| c.accepts != rfc.accepts) {
            // A client that differs must name what it fails on, or what it tolerates.
            let explained = client.codes.iter().any(|code| !rfc.codes.contains(code))
                || (client.accepts && !client.codes.is_empty());
            if !explained {
                found.push(format!(
                    "{} accepts={} against the RFC client's {} without a finding that explains it (codes {:?})",
                    client.id, client.accepts, rfc.accepts, client.codes
                ));
            }
        }
    }
    found
}

fn all_contradictions(report: &Report) -> Vec<String> {
    let mut found = Vec::new();
    for exchange in &report.exchanges {
        for c in contradictions(exchange) {
            found.push(format!("exchange {}: {c}", exchange.index));
        }
    }
    // The summary counts what the exchanges say.
    let counted = |v: HandshakeVerdict| {
        report.exchanges.iter().filter(|e| e.verdict.handshake == v).count() as u32
    };
    let s = &report.summary;
    if (s.ok, s.failed, s.incomplete)
        != (
            counted(HandshakeVerdict::Ok),
            counted(HandshakeVerdict::Failed),
            counted(HandshakeVerdict::Incomplete),
        )
    {
        found.push("the summary's counts differ from the exchanges' verdicts".to_owned());
    }
    found
}

#[test]
fn reports_never_contradict_themselves() {
    let mut problems = Vec::new();
    let mut checked = 0;
    for path in fixtures() {
        let report = check_file(&path);
        checked += report.exchanges.len();
        let found = all_contradictions(&report);
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
/// (`fuzz/fuzz_targets/expected_response.rs` checks the same on any input).
#[test]
fn expected_answers_pass_their_own_checks() {
    let mut problems = Vec::new();
    for path in fixtures() {
        for problem in replay::expected_answer_problems(&check_file(&path)) {
            problems.push(format!("{}: {problem}", path.display()));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
