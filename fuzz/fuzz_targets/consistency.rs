//! The answer wslens says a careful server would have sent (`Exchange::expected_response`)
//! must pass wslens's own checks, on any input (format detected): each HTTP/1.1 request
//! followed by its expected answer is checked again; an expected 101 opens the handshake and
//! a refusal fails it, and the answer earns no error or warning (SEC601 aside, when its
//! reasons say that the 101 depends on the server's Origin check). The same check runs on
//! every fixture in `tests/invariants.rs`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wslens_core::{inspect, Options};

#[path = "../../crates/wslens-core/tests/common/replay.rs"]
mod replay;

fuzz_target!(|data: &[u8]| {
    let problems = replay::expected_answer_problems(&inspect(data, &Options::default()));
    assert!(problems.is_empty(), "{}", problems.join("\n"));
});
