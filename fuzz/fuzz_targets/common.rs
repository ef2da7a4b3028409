//! The properties every fuzz target checks on every input (included by each target).

use wslens_core::{inspect, inspect_prepared, prepare, redact, Options, Report};

/// Checks one input read as `options` says:
/// - `inspect` does not panic, and every span lies inside the text, on character boundaries;
/// - `inspect(x)` is `inspect_prepared(prepare(x))`, and `prepare`'s output comes back
///   from JSON unchanged (the viewer's worker hands it over that way), so it gives the same
///   report there too;
/// - the report serialises, and its JSON reads back as the same JSON;
/// - redacting changes no verdict and no finding code.
pub fn check(data: &[u8], options: &Options) -> Report {
    let report = inspect(data, options);
    spans_inside(&report);
    let prepared = prepare(data, options);
    assert!(inspect_prepared(prepared.clone(), options) == report, "prepare then inspect differs");
    let json = serde_json::to_string(&prepared).expect("Prepared serialises");
    let back: wslens_core::Prepared = serde_json::from_str(&json).expect("Prepared reads back");
    // Equal prepared inputs give equal reports (the line above checks that the report is a
    // function of the prepared input), so comparing them saves an `inspect`.
    assert!(back == prepared, "Prepared through JSON differs");
    let json = serde_json::to_string(&report).expect("the report serialises");
    let value: serde_json::Value = serde_json::from_str(&json).expect("the report reads back");
    assert_eq!(
        value,
        serde_json::to_value(&report).expect("as a value"),
        "the JSON reads back differently"
    );
    // A share link carries the text (bytes that were not UTF-8 are U+FFFD there already):
    // redacting it must change no verdict and no code of that text.
    if report.source.format == wslens_core::Format::Raw {
        let raw = Options { format: wslens_core::Format::Raw, ..options.clone() };
        // The text is usually the input itself, read as raw text already.
        let same =
            options.format == wslens_core::Format::Raw && report.source.text.as_bytes() == data;
        let fresh;
        let report = if same {
            &report
        } else {
            fresh = inspect(report.source.text.as_bytes(), &raw);
            &fresh
        };
        let again = inspect(redact(report).text.as_bytes(), &raw);
        assert_eq!(verdicts(&again), verdicts(report), "redaction changed a verdict");
        assert_eq!(codes(&again), codes(report), "redaction changed the codes");
    }
    report
}

/// Each exchange's verdict.
pub fn verdicts(report: &Report) -> Vec<wslens_core::Verdict> {
    report.exchanges.iter().map(|e| e.verdict).collect()
}

/// The distinct codes of the exchanges' findings, sorted.
pub fn codes(report: &Report) -> Vec<&'static str> {
    let mut codes: Vec<&str> =
        report.exchanges.iter().flat_map(|e| &e.findings).map(|f| f.code).collect();
    codes.sort_unstable();
    codes.dedup();
    codes
}

/// Checks the same bytes with the format detected. When detection reads them as the forced
/// reader did, the report must be the one `forced` already checked (so its properties hold
/// without checking them again, which halves the cost of most runs); otherwise it is
/// checked in full.
#[allow(dead_code)] // not every target forces a format
pub fn check_detected(data: &[u8], forced: &Report) {
    let options = Options::default();
    let detected = inspect(data, &options);
    if detected.source.format == forced.source.format {
        assert!(detected == *forced, "the detected reader's report differs from the forced one's");
    } else {
        check(data, &options);
    }
}

/// Every span of the report lies inside `source.text`, on character boundaries.
pub fn spans_inside(report: &Report) {
    let text = &report.source.text;
    let ok = |s: wslens_core::Span| {
        s.start <= s.end
            && (s.end as usize) <= text.len()
            && text.is_char_boundary(s.start as usize)
            && text.is_char_boundary(s.end as usize)
    };
    let findings = report.findings.iter().chain(report.exchanges.iter().flat_map(|e| &e.findings));
    for f in findings {
        assert!(ok(f.span), "{} {:?}", f.code, f.span);
        for l in &f.labels {
            assert!(ok(l.span), "{} label {:?}", f.code, l.span);
        }
    }
    for e in &report.exchanges {
        for m in e.request.iter().chain(&e.response) {
            assert!(ok(m.span));
            for h in &m.headers {
                assert!(ok(h.name_span) && ok(h.value_span) && ok(h.line_span));
            }
        }
    }
}
