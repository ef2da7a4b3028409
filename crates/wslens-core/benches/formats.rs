//! Throughput of the capture readers, on captures made big enough to measure:
//! pcap scanning (targets: 300 MB/s or more) and HAR (100 MB/s or more).

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};

/// A real capture of one handshake (tools/record/record.py), little-endian microsecond pcap
/// with Ethernet framing.
const HANDSHAKE_PCAP: &[u8] =
    include_bytes!("../tests/fixtures/captured/formats/pcap-lo-ethernet-chromium-node-ws.pcap");

/// The handshake capture plus one bulk TCP stream of `mb` megabytes in 1448-byte segments,
/// the shape of most real captures: a little WebSocket, a lot of other traffic.
fn big_pcap(mb: usize) -> Vec<u8> {
    let mut out = HANDSHAKE_PCAP.to_vec();
    let segment = vec![b'x'; 1448];
    let mut seq: u32 = 1;
    for _ in 0..(mb << 20) / segment.len() {
        let mut frame = Vec::with_capacity(54 + segment.len());
        frame.extend_from_slice(&[0; 12]); // destination and source MAC
        frame.extend_from_slice(&[0x08, 0x00]); // IPv4
        let total = (20 + 20 + segment.len()) as u16;
        frame.extend_from_slice(&[
            0x45,
            0,
            (total >> 8) as u8,
            total as u8,
            0,
            0,
            0x40,
            0,
            64,
            6,
            0,
            0,
        ]);
        frame.extend_from_slice(&[10, 0, 0, 1, 10, 0, 0, 2]);
        frame.extend_from_slice(&[0xc3, 0x51, 0xc3, 0x50]); // ports 50001 -> 50000
        frame.extend_from_slice(&seq.to_be_bytes());
        frame.extend_from_slice(&[0, 0, 0, 0, 0x50, 0x18, 0xff, 0xff, 0, 0, 0, 0]);
        frame.extend_from_slice(&segment);
        seq = seq.wrapping_add(segment.len() as u32);
        out.extend_from_slice(&[0; 8]); // timestamp
        out.extend_from_slice(&(frame.len() as u32).to_le_bytes());
        out.extend_from_slice(&(frame.len() as u32).to_le_bytes());
        out.extend_from_slice(&frame);
    }
    out
}

/// A HAR with `pages` ordinary entries and one WebSocket handshake.
fn big_har(pages: usize) -> Vec<u8> {
    let header = r#"{"name":"Accept","value":"text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"},{"name":"User-Agent","value":"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36"}"#;
    let page = format!(
        r#"{{"request":{{"method":"GET","url":"https://example.com/static/app.js","httpVersion":"HTTP/1.1","headers":[{header}]}},"response":{{"status":200,"statusText":"OK","httpVersion":"HTTP/1.1","headers":[{header}],"content":{{"size":1000,"mimeType":"text/javascript","text":"{}"}}}}}}"#,
        "x".repeat(2000)
    );
    let ws = r#"{"_resourceType":"websocket","request":{"method":"GET","url":"wss://example.com/chat","httpVersion":"HTTP/1.1","headers":[{"name":"Host","value":"example.com"},{"name":"Upgrade","value":"websocket"},{"name":"Connection","value":"Upgrade"},{"name":"Sec-WebSocket-Key","value":"dGhlIHNhbXBsZSBub25jZQ=="},{"name":"Sec-WebSocket-Version","value":"13"}]},"response":{"status":101,"statusText":"Switching Protocols","httpVersion":"HTTP/1.1","headers":[{"name":"Upgrade","value":"websocket"},{"name":"Connection","value":"Upgrade"},{"name":"Sec-WebSocket-Accept","value":"s3pPLMBiTxaQ9kYGzzhZRbK+xOo="}]}}"#;
    let mut entries: Vec<String> = (0..pages).map(|_| page.clone()).collect();
    entries.push(ws.to_owned());
    format!(r#"{{"log":{{"version":"1.2","creator":{{"name":"bench","version":"1"}},"entries":[{}]}}}}"#, entries.join(",")).into_bytes()
}

fn benches(c: &mut Criterion) {
    let options = wslens_core::Options::default();
    let mut group = c.benchmark_group("formats");
    group.sample_size(20);
    let pcap = big_pcap(16);
    assert_eq!(wslens_core::inspect(&pcap, &options).exchanges.len(), 1);
    group.throughput(Throughput::Bytes(pcap.len() as u64));
    group.bench_function(format!("pcap scan ({} MB)", pcap.len() >> 20), |b| {
        b.iter(|| wslens_core::inspect(black_box(&pcap), &options));
    });
    let har = big_har(4000);
    assert_eq!(wslens_core::inspect(&har, &options).exchanges.len(), 1);
    group.throughput(Throughput::Bytes(har.len() as u64));
    group.bench_function(format!("har ({} MB)", har.len() >> 20), |b| {
        b.iter(|| wslens_core::inspect(black_box(&har), &options));
    });
    group.finish();
}

criterion_group!(formats, benches);
criterion_main!(formats);
