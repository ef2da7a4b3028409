//! The machine-independent cost of `inspect` on the recorded 760-byte Chromium exchange:
//! allocations per call (counted by `stats_alloc`, printed here) and, run under callgrind by
//! `tools/bench/cost.sh`, instructions per call. Not a test: a measurement for
//! docs/performance.md. `cargo run --release -p wslens-core --example cost -- CALLS`

#![allow(clippy::disallowed_methods, reason = "a measurement reads its arguments")]

use std::alloc::System;

use stats_alloc::{Region, StatsAlloc, INSTRUMENTED_SYSTEM};

#[global_allocator]
static ALLOCATOR: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

const CHROMIUM: &[u8] = include_bytes!("../tests/fixtures/captured/valid/chromium-node-ws.txt");

fn main() {
    let calls: usize = std::env::args().nth(1).and_then(|n| n.parse().ok()).unwrap_or(1).max(1);
    let options = wslens_core::Options::default();
    // One call first, so that anything built once is not counted.
    std::hint::black_box(wslens_core::inspect(CHROMIUM, &options));
    let region = Region::new(ALLOCATOR);
    for _ in 0..calls {
        std::hint::black_box(wslens_core::inspect(std::hint::black_box(CHROMIUM), &options));
    }
    let stats = region.change();
    println!(
        "{} bytes: {} allocations and {} reallocations per call",
        CHROMIUM.len(),
        stats.allocations / calls,
        stats.reallocations / calls
    );
}
