//! `inspect` on a typical Chromium exchange, and the accept computation alone.
//! Targets on the reference machine (release, native): inspect ≤ 20 µs, accept ≤ 1 µs.

use criterion::{black_box, criterion_group, criterion_main, Criterion};

/// A real Chromium handshake with Node ws, recorded by tools/record/record.py.
const CHROMIUM: &[u8] = include_bytes!("../tests/fixtures/captured/valid/chromium-node-ws.txt");

fn benches(c: &mut Criterion) {
    let options = wslens_core::Options::default();
    let name = format!("inspect chromium exchange ({} bytes)", CHROMIUM.len());
    c.bench_function(&name, |b| b.iter(|| wslens_core::inspect(black_box(CHROMIUM), &options)));
    let key = "x3JJHMbDL1EzLkh9GBhXDw==";
    c.bench_function("accept_key", |b| b.iter(|| wslens_core::accept_key(black_box(key))));
}

criterion_group!(inspect, benches);
criterion_main!(inspect);
