//! `wslens probe --suite`: runs each conformance case of `wslens_core::suite` against a
//! server, one connection per case, and prints the table, a JSON array or JUnit XML. The core
//! builds each request and judges each answer; this only sends, waits and prints.

use std::{fmt::Write as _, io::Write, path::Path, process::ExitCode, time::Duration};

use anyhow::Context;
use wslens_core::suite::{cases_matching, Case, Level, Outcome, Verdict, CASES};
use wslens_probe::ProbeOptions;

/// One case's result.
struct Ran {
    case: &'static Case,
    verdict: Verdict,
    /// The request's first line and the answer's status line, for a failure.
    sent: String,
    answer: String,
    /// The answer's handshake headers (Upgrade, Connection, Sec-WebSocket-*), and the first
    /// error or warning the core raised on the exchange.
    headers: String,
    finding: String,
}

impl Ran {
    /// A case that was not run, and why.
    fn skipped(case: &'static Case, why: String) -> Ran {
        let verdict = Verdict { outcome: Outcome::Skip, why };
        Ran {
            case,
            verdict,
            sent: String::new(),
            answer: String::new(),
            headers: String::new(),
            finding: String::new(),
        }
    }
}

/// The cases to run: those `--case` names (by prefix), else every MUST case, and the SHOULD
/// ones with `--strict`. The baseline always runs first.
pub(crate) fn selected(prefixes: &[String], strict: bool) -> anyhow::Result<Vec<&'static Case>> {
    let mut chosen: Vec<&'static Case> = Vec::new();
    if prefixes.is_empty() {
        chosen.extend(CASES.iter().filter(|c| strict || c.level == Level::Must));
    } else {
        for prefix in prefixes {
            let found = cases_matching(prefix);
            if found.is_empty() {
                anyhow::bail!("--case {prefix}: no case has such an ID; `wslens probe --suite --list` lists them");
            }
            for case in found {
                if !chosen.iter().any(|d| d.id == case.id) {
                    chosen.push(case);
                }
            }
        }
    }
    // The HTTP/1.1 cases need the baseline first; the HTTP/2 ones stand alone.
    if chosen.iter().any(|c| !c.http2()) && chosen.first().is_none_or(|c| c.id != CASES[0].id) {
        chosen.retain(|c| c.id != CASES[0].id);
        chosen.insert(0, &CASES[0]);
    }
    Ok(chosen)
}

/// `--list`: every case with its level, what it sends and its clause.
pub(crate) fn list(out: &mut impl Write) -> anyhow::Result<ExitCode> {
    for case in CASES {
        let level = if case.level == Level::Must { "MUST" } else { "SHOULD" };
        writeln!(
            out,
            "{}  [{level}]\n    sends: {}\n    clause: {}\n",
            case.id, case.sends, case.clause
        )?;
    }
    writeln!(
        out,
        "{} cases ({} MUST; `--strict` adds the others)",
        CASES.len(),
        CASES.iter().filter(|c| c.level == Level::Must).count()
    )?;
    Ok(ExitCode::SUCCESS)
}

/// Runs the cases against `options.url`; exit status 0 when no MUST case fails, 1 when one
/// does, 2 when the server cannot be reached.
pub(crate) fn run(
    options: &ProbeOptions,
    cases: &[&'static Case],
    delay: Duration,
    json: bool,
    junit: Option<&Path>,
    out: &mut impl Write,
) -> anyhow::Result<ExitCode> {
    let mut results: Vec<Ran> = Vec::new();
    let mut baseline_opened = true;
    for (i, &case) in cases.iter().enumerate() {
        let tls = wslens_core::probe::Target::parse(&options.url).is_ok_and(|t| t.tls);
        if case.http2() && !tls {
            let why = "n/a: browsers speak HTTP/2 only over TLS; probe a wss:// URL".to_owned();
            results.push(Ran::skipped(case, why));
            continue;
        }
        if !baseline_opened && !case.http2() {
            let why =
                "the baseline handshake did not open, so this case would mean nothing".to_owned();
            results.push(Ran::skipped(case, why));
            continue;
        }
        if let Some(why) = case.not_applicable(&options.profile, &options.request) {
            results.push(Ran::skipped(case, why));
            continue;
        }
        if i > 0 {
            std::thread::sleep(delay);
        }
        let probe = wslens_probe::probe(&ProbeOptions {
            case: Some(case),
            http2: case.http2(),
            ..options.clone()
        });
        let (mut headers, mut finding) = (String::new(), String::new());
        let (verdict, sent, answer) = match probe {
            Ok(probe) => {
                let report = crate::probe::check(&probe);
                let text = &report.source.text;
                // The request line, or an HTTP/2 request's `:method` line after the probe's note.
                let sent =
                    text.lines().find(|l| !l.starts_with('#')).unwrap_or_default().to_owned();
                let answer = report
                    .exchanges
                    .first()
                    .and_then(|e| e.response.as_ref())
                    .and_then(|r| match &r.start_line {
                        wslens_core::StartLine::Response { span, .. }
                        | wslens_core::StartLine::Request { span, .. } => text.get(span.range()),
                    })
                    .unwrap_or("(no answer)")
                    .to_owned();
                if let Some(exchange) = report.exchanges.first() {
                    let matter = |name: &str| {
                        let name = name.to_ascii_lowercase();
                        name == "upgrade"
                            || name == "connection"
                            || name.starts_with("sec-websocket-")
                    };
                    let shown: Vec<String> = exchange
                        .response
                        .iter()
                        .flat_map(|r| &r.headers)
                        .filter(|h| matter(&h.name))
                        .map(|h| format!("{}: {}", h.name, h.value))
                        .collect();
                    headers = wslens_probe::printable(&shown.join("; "));
                    let first = exchange
                        .findings
                        .iter()
                        .find(|f| f.severity != wslens_core::Severity::Info);
                    finding = first.map_or_else(String::new, |f| {
                        wslens_probe::printable(&format!("{} {}", f.code, f.message))
                    });
                }
                let mut verdict = case.judge(Some(&report));
                verdict.why = wslens_probe::printable(&verdict.why);
                (verdict, sent, wslens_probe::printable(&answer))
            }
            // Over HTTP/2, a server that does not offer h2 (or fails it) leaves nothing to judge.
            Err(e) if case.http2() => (
                Verdict {
                    outcome: Outcome::Skip,
                    why: format!("n/a: {}", wslens_probe::printable(&e.message)),
                },
                String::new(),
                e.message,
            ),
            // The baseline could not run: the server cannot be reached at all.
            Err(e) if i == 0 && !case.http2() => {
                eprintln!("wslens probe --suite: {e}");
                return Ok(ExitCode::from(2));
            }
            // A connection the server reset, closed or left silent is that case's answer.
            Err(e) => (case.judge_silence(silence(&e)), String::new(), e.message),
        };
        if i == 0 && !case.http2() && verdict.outcome != Outcome::Pass {
            baseline_opened = false;
        }
        results.push(Ran { case, verdict, sent, answer, headers, finding });
    }
    if let Some(path) = junit {
        std::fs::write(path, junit_xml(&options.url, &results))
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    if json {
        let values: Vec<serde_json::Value> = results
            .iter()
            .map(|r| {
                serde_json::json!({
                    "id": r.case.id,
                    "level": if r.case.level == Level::Must { "must" } else { "should" },
                    "outcome": r.verdict.outcome.as_str(),
                    "why": r.verdict.why,
                    "sends": r.case.sends,
                    "clause": r.case.clause,
                    "request": r.sent,
                    "answer": r.answer,
                    "headers": r.headers,
                    "finding": r.finding,
                })
            })
            .collect();
        serde_json::to_writer_pretty(
            &mut *out,
            &serde_json::json!({ "url": options.url, "profile": options.profile, "cases": values }),
        )?;
        writeln!(out)?;
    } else {
        write!(out, "{}", table(&options.url, &results))?;
    }
    let failed = results.iter().any(|r| r.verdict.outcome == Outcome::Fail);
    Ok(ExitCode::from(u8::from(failed || !baseline_opened)))
}

/// What a probe error says about the server's answer, in a few words.
fn silence(e: &wslens_probe::ProbeError) -> &'static str {
    match e.kind {
        wslens_probe::ErrorKind::Timeout => "it sent nothing before the timeout",
        wslens_probe::ErrorKind::NotHttp => "it answered with something that is not HTTP",
        wslens_probe::ErrorKind::Refused => "it refused the connection",
        _ => "it closed or reset the connection",
    }
}

/// The results by RFC section, each failure with what was sent and answered, then the score.
fn table(url: &str, results: &[Ran]) -> String {
    let mut out = format!("{url}: the opening-handshake suite, {} cases\n", results.len());
    // By section, in the order each first runs.
    let section_of = |r: &Ran| r.case.id.rsplit_once('/').map_or("", |(s, _)| s);
    let mut sections: Vec<&str> = Vec::new();
    for r in results {
        if !sections.contains(&section_of(r)) {
            sections.push(section_of(r));
        }
    }
    let ordered = sections.iter().flat_map(|s| results.iter().filter(move |r| section_of(r) == *s));
    let mut section = "";
    for r in ordered {
        let this = section_of(r);
        if this != section {
            section = this;
            let _ = writeln!(out, "\n{section}");
        }
        let name = r.case.id.rsplit('/').next().unwrap_or(r.case.id);
        let _ = writeln!(
            out,
            "  {:<5} {name}: {}",
            r.verdict.outcome.as_str().to_uppercase(),
            r.verdict.why
        );
        if matches!(r.verdict.outcome, Outcome::Fail | Outcome::Warn) {
            let _ = writeln!(out, "        sent: {} ({})", r.sent, r.case.sends);
            let _ = writeln!(out, "        answer: {}", r.answer);
            if !r.headers.is_empty() {
                let _ = writeln!(out, "        headers: {}", r.headers);
            }
            if !r.finding.is_empty() {
                let _ = writeln!(out, "        wslens: {}", r.finding);
            }
            let _ = writeln!(out, "        clause: {}", r.case.clause);
        }
    }
    let count = |o: Outcome| results.iter().filter(|r| r.verdict.outcome == o).count();
    let _ = writeln!(
        out,
        "\nscore: {} pass, {} fail, {} warn, {} skip",
        count(Outcome::Pass),
        count(Outcome::Fail),
        count(Outcome::Warn),
        count(Outcome::Skip)
    );
    out
}

fn xml(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// JUnit XML: one test case per suite case, a failure for `fail`, skipped for `skip`, and the
/// reason of a `warn` as system output.
fn junit_xml(url: &str, results: &[Ran]) -> String {
    let failures = results.iter().filter(|r| r.verdict.outcome == Outcome::Fail).count();
    let skipped = results.iter().filter(|r| r.verdict.outcome == Outcome::Skip).count();
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuite name=\"wslens {}\" tests=\"{}\" failures=\"{failures}\" skipped=\"{skipped}\">\n",
        xml(url),
        results.len()
    );
    for r in results {
        let (class, name) = r.case.id.rsplit_once('/').unwrap_or(("", r.case.id));
        let _ = write!(out, "  <testcase classname=\"{}\" name=\"{}\">", xml(class), xml(name));
        match r.verdict.outcome {
            Outcome::Fail => {
                let _ = write!(
                    out,
                    "<failure message=\"{}\">{}</failure>",
                    xml(&r.verdict.why),
                    xml(r.case.clause)
                );
            }
            Outcome::Skip => {
                let _ = write!(out, "<skipped message=\"{}\"/>", xml(&r.verdict.why));
            }
            Outcome::Warn => {
                let _ = write!(out, "<system-out>warning: {}</system-out>", xml(&r.verdict.why));
            }
            Outcome::Pass => {}
        }
        out.push_str("</testcase>\n");
    }
    out.push_str("</testsuite>\n");
    out
}
