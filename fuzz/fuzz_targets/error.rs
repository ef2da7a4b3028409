//! The client-error reader, forced (`Format::Error`: a browser console line, a library's
//! exception), and format detection on the same bytes: no panic, spans inside the text, and
//! the properties of `common::check`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wslens_core::{Format, Options};

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let forced = common::check(data, &Options { format: Format::Error, ..Options::default() });
    common::check_detected(data, &forced);
});
