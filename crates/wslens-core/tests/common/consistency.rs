//! What a report must never say: a verdict its findings contradict, a headline, count or
//! client verdict that disagrees with them, or an expected answer that wslens's own checks
//! refuse. Shared by `tests/invariants.rs` (every fixture) and the `consistency` fuzz target
//! (any input), which includes this file by its path.

use wslens_core::{
    inspect, rules, Exchange, FindingCounts, Format, HandshakeVerdict, MessageVerdict, Options,
    Part, Report, Severity,
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
    if let Some(accept) = &exchange.accept {
        let received = accept.received.is_some();
        if received && !accept.matches && exchange.verdict.handshake == HandshakeVerdict::Ok {
            found.push("the accept does not match, but the handshake is ok".to_owned());
        }
    }
    if let Some(software) = &exchange.software {
        let failed = exchange.verdict.handshake == HandshakeVerdict::Failed;
        if !failed && (software.failure.is_some() || software.fix.is_some()) {
            found.push(format!(
                "{} gets a fix for a handshake that is {:?}",
                software.id, exchange.verdict.handshake
            ));
        }
    }
    for client in &exchange.clients {
        for code in &client.codes {
            if !exchange.findings.iter().any(|f| f.code == *code) {
                found.push(format!("{} names {code}, which is not among the findings", client.id));
            }
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

pub(crate) fn all_contradictions(report: &Report) -> Vec<String> {
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
    // Past the detailed exchanges, it counts the others too (and CAP711 says so).
    let s = &report.summary;
    let detailed = [
        counted(HandshakeVerdict::Ok),
        counted(HandshakeVerdict::Failed),
        counted(HandshakeVerdict::Incomplete),
    ];
    let counts = [s.ok, s.failed, s.incomplete];
    let agree = if s.not_detailed == 0 {
        counts == detailed
    } else {
        counts.iter().zip(detailed).all(|(&all, shown)| all >= shown)
            && counts.iter().sum::<u32>() - detailed.iter().sum::<u32>() == s.not_detailed
            && report.findings.iter().any(|f| f.code == "CAP711")
    };
    if !agree || s.exchanges != report.exchanges.len() as u32 + s.not_detailed {
        found.push("the summary's counts differ from the exchanges' verdicts".to_owned());
    }
    found
}

/// What is wrong with each exchange's expected answer once it follows its request: an error
/// or a warning on the answer, or a verdict other than the one its status promises. The one
/// warning allowed is SEC601 (a 101 for credentials from another site), when the answer's
/// reasons say that it depends on the server's Origin check.
pub(crate) fn expected_answer_problems(report: &Report) -> Vec<String> {
    let mut problems = Vec::new();
    // A `curl -v` transcript marks its lines; the other formats' text is plain HTTP.
    if matches!(report.source.format, Format::Curl | Format::CurlCommand | Format::Error) {
        return problems;
    }
    let text = report.source.text.as_str();
    let raw = Options { format: Format::Raw, ..Options::default() };
    for exchange in &report.exchanges {
        let (Some(request), Some(expected)) = (&exchange.request, &exchange.expected_response)
        else {
            continue;
        };
        let head = &text[request.span.range()];
        // HTTP/2 answers are pseudo-header copies, and a head cut short has no answer to test.
        if !request.complete || !expected.text.starts_with("HTTP/1.1 ") || !head.ends_with('\n') {
            continue;
        }
        // A pasted block may be indented as a whole: the answer gets the request's indent.
        let line_start = text[..request.span.start as usize].rfind('\n').map_or(0, |i| i + 1);
        let indent = &text[line_start..request.span.start as usize];
        if !indent.bytes().all(|b| b == b' ' || b == b'\t') {
            continue;
        }
        let mut replay = format!("{indent}{head}");
        for line in expected.text.split_inclusive('\n') {
            replay.push_str(if line == "\r\n" { "" } else { indent });
            replay.push_str(line);
        }
        let again = inspect(replay.as_bytes(), &raw);
        let at = |what: String| format!("exchange {}: {what}\n{replay}", exchange.index);
        let [answered] = &again.exchanges[..] else {
            problems.push(at(format!("the replay has {} exchanges", again.exchanges.len())));
            continue;
        };
        let origin_check = expected.reasons.iter().any(|r| r.contains("allow-list"));
        for f in &answered.findings {
            let allowed = f.code == "SEC601" && origin_check;
            if f.part == Part::Response && f.severity != Severity::Info && !allowed {
                problems.push(at(format!("the expected answer earns {}: {}", f.code, f.message)));
            }
        }
        let opened = answered.verdict.handshake == HandshakeVerdict::Ok;
        if opened != (expected.status == 101) {
            problems.push(at(format!(
                "the expected {} gives the verdict {:?}",
                expected.status, answered.verdict.handshake
            )));
        }
    }
    problems
}

/// Panics with every contradiction and every problem of an expected answer in `report` (the
/// fuzz targets' check).
#[allow(dead_code, reason = "for the fuzz targets; tests/invariants.rs lists problems per fixture")]
pub(crate) fn assert_consistent(report: &Report) {
    let mut problems = all_contradictions(report);
    problems.extend(expected_answer_problems(report));
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
