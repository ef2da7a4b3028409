//! The answer wslens says a careful server would have sent, checked by wslens itself. Shared
//! by `tests/invariants.rs` (every fixture) and the `expected_response` fuzz target (any
//! input), which includes this file by its path.

use wslens_core::{inspect, Format, HandshakeVerdict, Options, Part, Report, Severity};

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
