//! `inspect` on a typical Chromium exchange and on a 100 KB paste, and the accept
//! computation alone. Targets on the reference machine (release, native): inspect ≤ 20 µs,
//! accept ≤ 1 µs.

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};

/// A real Chromium handshake with Node ws, recorded by tools/record/record.py.
const CHROMIUM: &[u8] = include_bytes!("../tests/fixtures/captured/valid/chromium-node-ws.txt");
const WRONG_ACCEPT: &[u8] =
    include_bytes!("../tests/fixtures/captured/failing/WS226-chromium-wrong-accept.txt");
const BAD_DEFLATE: &[u8] =
    include_bytes!("../tests/fixtures/captured/failing/PMD414-chromium-bad-deflate.txt");

/// The viewer's 100 KB paste (web/budgets.mjs): the three recorded exchanges, repeated.
fn paste_of_100_kb() -> String {
    let parts = [CHROMIUM, WRONG_ACCEPT, BAD_DEFLATE].map(String::from_utf8_lossy);
    let mut big = String::new();
    for part in parts.iter().cycle() {
        if big.len() >= 100_000 {
            break;
        }
        big.push_str(part);
        big.push('\n');
    }
    big
}

fn benches(c: &mut Criterion) {
    let options = wslens_core::Options::default();
    let name = format!("inspect chromium exchange ({} bytes)", CHROMIUM.len());
    c.bench_function(&name, |b| b.iter(|| wslens_core::inspect(black_box(CHROMIUM), &options)));
    let big = paste_of_100_kb();
    let mut group = c.benchmark_group("throughput");
    group.throughput(Throughput::Bytes(big.len() as u64));
    let exchanges = wslens_core::inspect(big.as_bytes(), &options).exchanges.len();
    group.bench_function(
        format!("inspect a paste of {} bytes, {exchanges} exchanges", big.len()),
        |b| b.iter(|| wslens_core::inspect(black_box(big.as_bytes()), &options)),
    );
    group.finish();
    let key = "x3JJHMbDL1EzLkh9GBhXDw==";
    c.bench_function("accept_key", |b| b.iter(|| wslens_core::accept_key(black_box(key))));
}

criterion_group!(inspect, benches);
criterion_main!(inspect);
