//! What a report says never contradicts itself, on any input (format detected): the checks
//! `tests/invariants.rs` makes on every fixture (`tests/common/consistency.rs`, included by
//! its path):
//! - the verdicts follow the findings, and the headline, the counts, the failing finding, the
//!   message verdicts and every client's verdict agree with them;
//! - the answer wslens says a careful server would send, checked again after its request,
//!   opens the handshake when it is a 101 and fails it otherwise, and earns no error or
//!   warning (SEC601 aside, when its reasons say that the 101 depends on the server's Origin
//!   check).
#![no_main]

use libfuzzer_sys::fuzz_target;
use wslens_core::{inspect, Options};

#[path = "../../crates/wslens-core/tests/common/consistency.rs"]
mod consistency;

fuzz_target!(|data: &[u8]| {
    consistency::assert_consistent(&inspect(data, &Options::default()));
});
