//! Random and mutated inputs never panic, and every span stays inside the text.
#![allow(clippy::disallowed_methods, reason = "tests read fixture files; the core itself does not")]

mod common;

use proptest::prelude::*;
use wslens_core::{inspect, inspect_prepared, Format, Options, Report};

fn assert_sound(report: &Report) {
    let len = report.source.text.len();
    let findings = report.findings.iter().chain(report.exchanges.iter().flat_map(|e| &e.findings));
    for f in findings {
        for span in std::iter::once(f.span).chain(f.labels.iter().map(|l| l.span)) {
            assert!(
                span.start <= span.end && span.end as usize <= len,
                "{} {span:?} out of {len}",
                f.code
            );
        }
    }
    for e in &report.exchanges {
        for m in e.request.iter().chain(&e.response) {
            for h in &m.headers {
                assert!(h.line_span.end as usize <= len && h.value_span.end as usize <= len);
            }
        }
    }
}

fn corpus() -> &'static [Vec<u8>] {
    static CORPUS: std::sync::OnceLock<Vec<Vec<u8>>> = std::sync::OnceLock::new();
    CORPUS.get_or_init(|| common::fixtures().iter().map(|p| std::fs::read(p).unwrap()).collect())
}

/// The packet captures among the fixtures.
fn captures() -> &'static [Vec<u8>] {
    static CAPTURES: std::sync::OnceLock<Vec<Vec<u8>>> = std::sync::OnceLock::new();
    CAPTURES.get_or_init(|| {
        corpus().iter().filter(|b| wslens_core::is_packet_capture(b)).cloned().collect()
    })
}

/// Bytes that matter to the parser, so random inputs reach deep states.
fn interesting_byte() -> impl Strategy<Value = u8> {
    prop_oneof![
        Just(b'\r'),
        Just(b'\n'),
        Just(b' '),
        Just(b'\t'),
        Just(b':'),
        Just(b','),
        Just(b';'),
        Just(b'='),
        Just(b'"'),
        Just(b'\\'),
        Just(b'/'),
        Just(0u8),
        Just(0xff),
        any::<u8>()
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        assert_sound(&inspect(&bytes, &Options::default()));
    }

    #[test]
    fn mutated_fixtures(
        pick in any::<prop::sample::Index>(),
        edits in proptest::collection::vec((any::<prop::sample::Index>(), interesting_byte(), 0u8..3), 1..12),
    ) {
        let corpus = corpus();
        let mut bytes = pick.get(corpus).clone();
        for (at, byte, kind) in edits {
            if bytes.is_empty() { bytes.push(byte); continue; }
            let i = at.index(bytes.len());
            match kind {
                0 => bytes[i] = byte,
                1 => bytes.insert(i, byte),
                _ => { bytes.remove(i); }
            }
        }
        assert_sound(&inspect(&bytes, &Options::default()));
    }

    #[test]
    fn handshake_shaped_text(
        lines in proptest::collection::vec(
            prop_oneof![
                Just("GET /chat HTTP/1.1".to_owned()),
                Just("HTTP/1.1 101 Switching Protocols".to_owned()),
                Just(String::new()),
                "(Upgrade|Connection|Sec-WebSocket-(Key|Accept|Protocol|Extensions|Version)|Origin|Host) ?: ?[ -~]{0,40}",
                "[ \t][ -~]{0,20}",
            ],
            0..20,
        ),
        crlf in any::<bool>(),
    ) {
        let text = lines.join(if crlf { "\r\n" } else { "\n" });
        assert_sound(&inspect(text.as_bytes(), &Options::default()));
    }
}

/// Inputs that once made `inspect` panic (found by cargo-fuzz), kept as regressions.
#[test]
fn fuzz_regressions() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/regressions");
    let mut count = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        let report = inspect(&bytes, &Options::default());
        assert_sound(&report);
        // Its text, redacted for a share link, gives the same verdicts and codes (the reader
        // targets' property).
        let raw = Options { format: Format::Raw, ..Options::default() };
        let shared = inspect(report.source.text.as_bytes(), &raw);
        let redacted = inspect(wslens_core::redact(&shared).text.as_bytes(), &raw);
        let verdicts = |r: &Report| r.exchanges.iter().map(|e| e.verdict).collect::<Vec<_>>();
        let codes = |r: &Report| {
            let mut codes: Vec<_> =
                r.exchanges.iter().flat_map(|e| &e.findings).map(|f| f.code).collect();
            codes.sort_unstable();
            codes.dedup();
            codes
        };
        assert_eq!(verdicts(&redacted), verdicts(&shared), "redaction changed a verdict");
        assert_eq!(codes(&redacted), codes(&shared), "redaction changed the codes");
        // So does `check --redact`, hosts hidden or not, the input's own findings included
        // (the redact target's property).
        let own = |r: &Report| r.findings.iter().map(|f| f.code).collect::<Vec<_>>();
        for hosts in [false, true] {
            let options = wslens_core::RedactOptions { hosts, ..Default::default() };
            let prepared = wslens_core::prepare(&bytes, &Options::default());
            let redacted = inspect_prepared(
                wslens_core::redact_prepared(prepared, &Options::default(), &options),
                &Options::default(),
            );
            assert_eq!(verdicts(&redacted), verdicts(&report), "--redact changed a verdict");
            assert_eq!(codes(&redacted), codes(&report), "--redact changed the codes");
            assert_eq!(own(&redacted), own(&report), "--redact changed the input's findings");
        }
        // A capture reads the same when it arrives in pieces (the pcap target's property).
        if report.source.format == Format::Pcap {
            for size in [1, 11, 4096] {
                let mut capture = wslens_core::CaptureReader::new();
                for piece in bytes.chunks(size) {
                    capture.feed(piece);
                }
                let options = Options { format: Format::Pcap, ..Options::default() };
                assert!(inspect_prepared(capture.finish(), &options) == report, "pieces of {size}");
            }
        }
        count += 1;
    }
    assert!(count > 0);
}

proptest! {
    // Captures are small and a damaged one stops early: 20,000 cases take about half a second,
    // and find a message that depends on where the pieces were cut (it once did).
    #![proptest_config(ProptestConfig { cases: 20_000, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn mutated_captures_read_the_same_in_pieces(
        pick in any::<prop::sample::Index>(),
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<bool>(), any::<u8>(), 0u8..3), 1..8),
        size in prop_oneof![1usize..64, 1usize..4096],
    ) {
        let mut bytes = pick.get(captures()).clone();
        for (at, in_headers, byte, kind) in edits {
            // Half the edits hit the file's header and its first record's, where a damaged
            // length or magic changes how the rest is read.
            let i = at.index(if in_headers { bytes.len().min(64) } else { bytes.len() });
            match kind {
                0 => bytes[i] = byte,
                1 => bytes.insert(i, byte),
                _ => { bytes.remove(i); }
            }
        }
        let options = Options { format: Format::Pcap, ..Options::default() };
        let whole = inspect(&bytes, &options);
        assert_sound(&whole);
        let mut capture = wslens_core::CaptureReader::new();
        for piece in bytes.chunks(size) {
            capture.feed(piece);
        }
        prop_assert!(inspect_prepared(capture.finish(), &options) == whole, "pieces of {}", size);
    }
}
