//! The pcap reader, forced (`Format::Pcap`), and format detection on the same bytes:
//! no panic, spans inside the text, and the properties of `common::check`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wslens_core::{Format, Options};

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let whole = common::check(data, &Options { format: Format::Pcap, ..Options::default() });
    common::check_detected(data, &whole);
    // Read piece by piece (pieces of a size the input picks), it gives the same report.
    let size = data.first().map_or(1, |&b| usize::from(b) + 1);
    let mut capture = wslens_core::CaptureReader::new();
    for piece in data.chunks(size) {
        capture.feed(piece);
    }
    let options = Options { format: Format::Pcap, ..Options::default() };
    assert!(
        wslens_core::inspect_prepared(capture.finish(), &options) == whole,
        "pieces of {size} differ"
    );
});
