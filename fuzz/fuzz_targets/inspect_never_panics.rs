//! `inspect` never panics, and every span it reports lies inside the source text.
//! Run with `cargo +nightly fuzz run inspect_never_panics` from this folder
//! (seed it with `../crates/wslens-core/tests/fixtures`).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let report = wslens_core::inspect(data, &wslens_core::Options::default());
    let len = report.source.text.len();
    for f in report.findings.iter().chain(report.exchanges.iter().flat_map(|e| &e.findings)) {
        assert!(
            f.span.start <= f.span.end && f.span.end as usize <= len,
            "{} {:?}",
            f.code,
            f.span
        );
        assert!(report.source.text.is_char_boundary(f.span.start as usize));
        assert!(report.source.text.is_char_boundary(f.span.end as usize));
    }
});
