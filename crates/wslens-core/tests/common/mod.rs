#![allow(dead_code, reason = "each test binary uses its own subset of these helpers")]

//! The one place the tests call the API, and the compact rendering their snapshots use.

use std::{fmt::Write as _, path::Path};

use wslens_core::{inspect, LineIndex, Options, Report};

/// Inspects a fixture file.
pub(crate) fn check_file(path: &Path) -> Report {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    inspect(&bytes, &Options::default())
}

/// Every fixture under `tests/fixtures`, sorted. (The path goes through `../wslens-core` so
/// that the CLI's tests, which include this module, find them too.)
pub(crate) fn fixtures() -> Vec<std::path::PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../wslens-core/tests/fixtures")
        .canonicalize()
        .expect("the fixtures folder");
    let mut out = Vec::new();
    let mut stack = vec![root];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path
                .extension()
                .is_some_and(|e| ["txt", "json", "pcap", "pcapng"].iter().any(|x| e == *x))
                && !path.ends_with("outcomes.json")
            {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// A compact, reviewable rendering of a report: verdicts, findings with line:col, accept,
/// client verdicts and the expected status.
pub(crate) fn summary(report: &Report) -> String {
    let index = LineIndex::new(&report.source.text);
    let at = |offset: u32| {
        let (line, col) = index.line_col(offset as usize);
        format!("{line}:{col}")
    };
    let mut out = String::new();
    for f in &report.findings {
        let _ = writeln!(
            out,
            "{} {} [input] {}: {}",
            f.code,
            f.severity.as_str(),
            at(f.span.start),
            f.message
        );
    }
    // A long report shows its first exchanges and its last: the rest are alike.
    let many = report.exchanges.len() > 20;
    for e in &report.exchanges {
        let i = e.index as usize;
        if many && i >= 3 && i + 1 < report.exchanges.len() {
            if i == 3 {
                let _ = writeln!(
                    out,
                    "(exchanges 4 to {} are not shown here)",
                    report.exchanges.len() - 1
                );
            }
            continue;
        }
        let v = e.verdict;
        let _ = writeln!(
            out,
            "exchange {}: handshake {}, request {:?}, response {:?}",
            e.index + 1,
            v.handshake.as_str(),
            v.request,
            v.response
        );
        let _ = writeln!(out, "  {}", e.headline);
        for f in &e.findings {
            let _ = writeln!(
                out,
                "  {} {} [{:?}] {}: {}",
                f.code,
                f.severity.as_str(),
                f.part,
                at(f.span.start),
                f.message
            );
            let _ = writeln!(out, "      help: {}", f.help);
        }
        if let Some(a) = &e.accept {
            let diagnosis = a.diagnosis.as_ref().map_or("", |d| d.id);
            let _ = writeln!(
                out,
                "  accept: expected {} received {:?} matches {} {}",
                a.expected, a.received, a.matches, diagnosis
            );
        }
        let failing: Vec<&str> = e.clients.iter().filter(|c| !c.accepts).map(|c| c.id).collect();
        if !e.clients.is_empty() {
            let _ = writeln!(
                out,
                "  clients failing: {}",
                if failing.is_empty() { "none".to_owned() } else { failing.join(", ") }
            );
        }
        if let Some(s) = &e.software {
            let _ = writeln!(
                out,
                "  software: {} ({}) at {}; failure: {}",
                s.id,
                s.evidence,
                at(s.span.start),
                s.failure.unwrap_or("none")
            );
        }
        if let Some(x) = &e.expected_response {
            let _ = writeln!(out, "  expected: {}", x.text.lines().next().unwrap_or(""));
        }
    }
    let s = &report.summary;
    if s.not_detailed > 0 {
        let _ = writeln!(
            out,
            "summary: {} exchanges ({} not detailed): {} ok, {} failed, {} incomplete",
            s.exchanges, s.not_detailed, s.ok, s.failed, s.incomplete
        );
    }
    out
}
