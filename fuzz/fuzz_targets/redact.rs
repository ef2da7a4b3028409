//! Redaction (`redact_with` with every combination of its options, and `redact_headers`) on
//! any input, format detected. The first byte picks the options; the rest is the input.
//! Checked on every input:
//! - no panic;
//! - the replacements are in order, do not overlap, and lie on character boundaries of the
//!   original text and of the redacted one, and the text between them is unchanged;
//! - every finding's span maps (`Redaction::map_span`) inside the redacted text, where the
//!   viewer draws it;
//! - no copy of a secret of 8 bytes or more survives in a refusal's body or a custom header's
//!   value;
//! - for a share link's text (raw text), the redacted text gives the same verdicts and
//!   finding codes, with bodies kept or blanked and with hosts hidden or not;
//! - `redact_prepared` (`check --redact`) gives the same verdicts and codes in every format.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wslens_core::{inspect, BodyKind, Format, Options, RedactOptions, Redaction, Report, Span};

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let Some((&flags, input)) = data.split_first() else { return };
    let options = RedactOptions { bodies: flags & 1 == 0, hosts: flags & 2 != 0 };
    let report = inspect(input, &Options::default());
    let redaction = wslens_core::redact_with(&report, &options);
    replacements_are_well_formed(&report, &redaction);
    no_copy_survives(&report, &redaction);
    for finding in report.findings.iter().chain(report.exchanges.iter().flat_map(|e| &e.findings)) {
        let mapped = redaction.map_span(finding.span);
        assert!(
            mapped.start <= mapped.end && mapped.end as usize <= redaction.text.len(),
            "{} at {:?} maps to {mapped:?}, outside the redacted text",
            finding.code,
            finding.span
        );
    }
    if report.source.format == Format::Raw {
        // A share link carries the text, where bytes that were not UTF-8 are U+FFFD already.
        let raw = Options { format: Format::Raw, ..Options::default() };
        let shared = inspect(report.source.text.as_bytes(), &raw);
        let again = inspect(wslens_core::redact_with(&shared, &options).text.as_bytes(), &raw);
        assert_eq!(common::verdicts(&again), common::verdicts(&shared), "a verdict changed");
        assert_eq!(common::codes(&again), common::codes(&shared), "the codes changed");
    }
    // `check --redact`: the prepared input redacted and checked again gives the same verdicts
    // and codes, whatever the format (a capture keeps what it holds beside its text).
    let prepared = wslens_core::prepare(input, &Options::default());
    let redacted = wslens_core::inspect_prepared(
        wslens_core::redact_prepared(prepared, &Options::default(), &options),
        &Options::default(),
    );
    assert_eq!(
        common::verdicts(&redacted),
        common::verdicts(&report),
        "--redact changed a verdict"
    );
    assert_eq!(common::codes(&redacted), common::codes(&report), "--redact changed the codes");
    let outside = |r: &Report| r.findings.iter().map(|f| f.code).collect::<Vec<_>>();
    assert_eq!(outside(&redacted), outside(&report), "--redact changed the input's own findings");
    // The headers an author names: every other header name, across the messages.
    let names: Vec<&str> = report
        .exchanges
        .iter()
        .flat_map(|e| e.request.iter().chain(&e.response))
        .flat_map(|m| &m.headers)
        .step_by(2)
        .take(8)
        .map(|h| &*h.name)
        .collect();
    replacements_are_well_formed(&report, &wslens_core::redact_headers(&report, &names));
});

/// The replacements are in order and apart, on character boundaries of both texts, and the
/// text between them is the original's.
fn replacements_are_well_formed(report: &Report, redaction: &Redaction) {
    let (original, redacted) = (report.source.text.as_str(), redaction.text.as_str());
    let (mut from, mut to) = (0usize, 0usize);
    for r in &redaction.redacted {
        let (o, s) = (r.original.range(), r.span.range());
        assert!(
            from <= o.start && o.start <= o.end && o.end <= original.len(),
            "{r:?} after {from}"
        );
        assert!(to <= s.start && s.start <= s.end && s.end <= redacted.len(), "{r:?} after {to}");
        assert!(original.is_char_boundary(o.start) && original.is_char_boundary(o.end), "{r:?}");
        assert!(redacted.is_char_boundary(s.start) && redacted.is_char_boundary(s.end), "{r:?}");
        assert_eq!(original[from..o.start], redacted[to..s.start], "text before {r:?} changed");
        (from, to) = (o.end, s.end);
    }
    assert_eq!(original[from..], redacted[to..], "the text after the last replacement changed");
}

/// No copy of a replaced secret (8 bytes or more; at most 64 distinct, as the redactor
/// searches) survives in a refusal's body or in the value of a header the knowledge base does not know
/// (a custom header), where a server or a proxy echoes one, apart from inside a placeholder.
fn no_copy_survives(report: &Report, redaction: &Redaction) {
    let original = report.source.text.as_str();
    let entries = &redaction.redacted;
    let mut secrets: Vec<&str> = entries
        .iter()
        .enumerate()
        // An entry that starts where the one before ends is the tail of an edit that overlapped
        // it: a piece of a secret, not a secret whose copies the redactor looks for.
        .filter(|&(i, r)| i == 0 || entries[i - 1].original.end != r.original.start)
        .map(|(_, r)| r)
        .filter(|r| !matches!(r.what, "host" | "port" | "body"))
        // A secret whose placeholder reads the same (`0000 --:--`) has nothing to hide.
        .filter(|r| original[r.original.range()] != redaction.text[r.span.range()])
        .map(|r| &original[r.original.range()])
        .filter(|s| s.len() >= 8)
        .collect();
    secrets.sort_unstable();
    secrets.dedup();
    if secrets.len() > 64 {
        return;
    }
    let messages = || report.exchanges.iter().flat_map(|e| e.request.iter().chain(&e.response));
    let echoes: Vec<Span> = messages()
        .flat_map(|m| &m.headers)
        .filter(|h| h.explain_id == "unknown")
        .map(|h| h.value_span)
        .chain(
            messages()
                .filter_map(|m| m.body.as_ref())
                .filter(|b| b.kind == BodyKind::Http)
                .map(|b| b.span),
        )
        .collect();
    for secret in secrets {
        for (at, _) in original.match_indices(secret) {
            let copy = Span::new(at, at + secret.len());
            if !echoes.iter().any(|e| e.contains(copy)) {
                continue;
            }
            let mapped = redaction.map_span(copy);
            assert!(
                redaction.text[mapped.range()] != *secret,
                "`{secret}` survives at {at}:\n{}",
                redaction.text
            );
        }
    }
}
