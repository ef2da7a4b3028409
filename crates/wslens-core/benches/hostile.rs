//! `inspect` on hostile inputs growing 10×, 100× and 1000×: for each shape and size, the
//! time per input byte, the report's size (as JSON) over the input's, and the peak memory the
//! call allocated over the input's size. A report, not a test (docs/robustness.md has the
//! table): `cargo bench -p wslens-core --bench hostile [-- SHAPE]`.
//!
//! Every cost should grow linearly: time per byte within 2× between sizes, the report a small
//! multiple of the input, the peak memory within 3× the input.

#![allow(clippy::disallowed_methods, reason = "a benchmark reads the clock")]

use std::time::Instant;

use peak_alloc::PeakAlloc;

/// Counts the bytes allocated, and the peak since the last reset.
#[global_allocator]
static ALLOCATOR: PeakAlloc = PeakAlloc;

const REQUEST: &str = "GET /chat HTTP/1.1\r\nHost: server.example.com\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n";
const RESPONSE: &str = "\r\nHTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n";
const CHROMIUM: &[u8] = include_bytes!("../tests/fixtures/captured/valid/chromium-node-ws.txt");

/// A request with `header` added, and the sample 101.
fn handshake(header: &str) -> Vec<u8> {
    format!("{REQUEST}{header}\r\n{RESPONSE}").into_bytes()
}

/// Makes a shape's input at a scale (1, 10, 100, 1000).
type Make = Box<dyn Fn(usize) -> Vec<u8>>;

/// The shapes.
fn shapes() -> Vec<(&'static str, Make)> {
    vec![
        (
            "deflate parameter repeated (x=1; ×10·n)",
            Box::new(|n| {
                handshake(&format!(
                    "Sec-WebSocket-Extensions: permessage-deflate{}",
                    "; x=1".repeat(10 * n)
                ))
            }),
        ),
        (
            "subprotocol repeated (a, ×100·n)",
            Box::new(|n| {
                handshake(&format!("Sec-WebSocket-Protocol: {}", vec!["a"; 100 * n].join(",")))
            }),
        ),
        (
            "distinct subprotocols (×100·n)",
            Box::new(|n| {
                let list: Vec<String> = (0..100 * n).map(|i| format!("p{i}")).collect();
                handshake(&format!("Sec-WebSocket-Protocol: {}", list.join(",")))
            }),
        ),
        (
            // A list kept the names it had seen and searched it for each new one (found by
            // review on 2026-12-07: 50 KB took 210 ms).
            "distinct extension names (×100·n)",
            Box::new(|n| {
                let list: Vec<String> = (0..100 * n).map(|i| format!("x{i}")).collect();
                handshake(&format!("Sec-WebSocket-Extensions: {}", list.join(", ")))
            }),
        ),
        (
            // Every pseudo-header name was kept and searched for each known one (found by
            // review on 2026-12-07: 1 MB took 10 s).
            "HTTP/2 pseudo-headers (:a… ×100·n, then :path ×100·n)",
            Box::new(|n| {
                let mut text = String::from(":method: CONNECT\n:protocol: websocket\n");
                for i in 0..100 * n {
                    text.push_str(&format!(":a{i}: x\n"));
                }
                text.push_str(&":path: /\n".repeat(100 * n));
                text.push_str("sec-websocket-version: 13\n\n:status: 200\n\n");
                text.into_bytes()
            }),
        ),
        (
            // Each 16-byte line is an exchange of its own, with a whole report.
            "status lines (HTTP/1.1 200 OK ×10·n)",
            Box::new(|n| "HTTP/1.1 200 OK\n".repeat(10 * n).into_bytes()),
        ),
        ("headers (X-H: v ×100·n)", Box::new(|n| handshake(&"X-H: v\r\n".repeat(100 * n)))),
        (
            "repeated header, each a finding (Sec-WebSocket-Key ×100·n)",
            Box::new(|n| {
                handshake(&"Sec-WebSocket-Key: AAAAAAAAAAAAAAAAAAAAAA==\r\n".repeat(100 * n))
            }),
        ),
        ("exchanges (a Chromium exchange ×10·n)", Box::new(|n| CHROMIUM.repeat(10 * n))),
        (
            "exchanges with distinct wrong accepts (×10·n)",
            Box::new(|n| {
                use base64::Engine as _;
                let b64 = |bytes: &[u8]| base64::engine::general_purpose::STANDARD.encode(bytes);
                (0..10 * n as u32)
                    .map(|i| {
                        let mut nonce = [0u8; 20];
                        nonce[..4].copy_from_slice(&i.to_be_bytes());
                        format!("GET / HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: {}\r\nSec-WebSocket-Version: 13\r\n\r\nHTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: {}\r\n\r\n", b64(&nonce[..16]), b64(&nonce))
                    })
                    .collect::<String>()
                    .into_bytes()
            }),
        ),
        (
            "one header line of 10·n KB",
            Box::new(|n| handshake(&format!("X-Big: {}", "a".repeat(10_240 * n)))),
        ),
        (
            "commas (Sec-WebSocket-Protocol: , ×1000·n)",
            Box::new(|n| handshake(&format!("Sec-WebSocket-Protocol: {}", ",".repeat(1000 * n)))),
        ),
        (
            "quoted strings (\\\" escapes ×1000·n)",
            Box::new(|n| {
                handshake(&format!(
                    "Sec-WebSocket-Extensions: permessage-deflate; x=\"{}\"",
                    "\\\"".repeat(1000 * n)
                ))
            }),
        ),
        (
            "unclosed quotes (x=\" ×100·n)",
            Box::new(|n| {
                handshake(&format!(
                    "Sec-WebSocket-Extensions: permessage-deflate{}",
                    "; x=\"".repeat(100 * n)
                ))
            }),
        ),
        (
            "lines without a colon (×100·n)",
            Box::new(|n| handshake(&"no colon here\r\n".repeat(100 * n))),
        ),
        (
            "bare CRs (×1000·n)",
            Box::new(|n| handshake(&format!("X-Cr: {}", "a\r".repeat(1000 * n)))),
        ),
        ("pcap: connections (×100·n)", Box::new(|n| pcap::connections(100 * n))),
        ("pcap: connections sharing one key (×100·n)", Box::new(|n| pcap::same_key(100 * n))),
        ("pcap: connections of a host to itself (×100·n)", Box::new(|n| pcap::one_host(100 * n))),
        (
            "pcap: out-of-order and overlapping segments (×100·n)",
            Box::new(|n| pcap::storm(100 * n)),
        ),
        ("pcap: sequence gaps (×100·n)", Box::new(|n| pcap::gaps(100 * n))),
    ]
}

fn main() {
    let only = std::env::args().nth(1).filter(|a| !a.starts_with('-'));
    let options = wslens_core::Options::default();
    println!("| shape | scale | input | time | ns/byte | report/input | peak/input | kept/input | working/input |");
    println!("|---|---|---|---|---|---|---|---|---|");
    for (name, make) in shapes() {
        if only.as_deref().is_some_and(|o| !name.contains(o)) {
            continue;
        }
        for scale in [1, 10, 100, 1000] {
            let input = make(scale);
            let runs = if input.len() < 100_000 { 5 } else { 3 };
            let mut best = f64::MAX;
            let mut peak = 0;
            let mut report_len = 0;
            let mut kept = 0;
            for _ in 0..runs {
                let base = ALLOCATOR.current_usage();
                ALLOCATOR.reset_peak_usage();
                let start = Instant::now();
                let report = wslens_core::inspect(&input, &options);
                best = best.min(start.elapsed().as_secs_f64());
                peak = ALLOCATOR.peak_usage().saturating_sub(base);
                kept = ALLOCATOR.current_usage().saturating_sub(base);
                report_len = serde_json::to_string(&report).map_or(0, |j| j.len());
            }
            let bytes = input.len() as f64;
            println!(
                "| {name} | {scale} | {} | {:.2} ms | {:.1} | {:.1} | {:.1} | {:.1} | {:.1} |",
                size(input.len()),
                best * 1e3,
                best * 1e9 / bytes,
                report_len as f64 / bytes,
                peak as f64 / bytes,
                kept as f64 / bytes,
                peak.saturating_sub(kept) as f64 / bytes
            );
            // Anything slower than a few seconds at this scale has already said enough.
            if best > 5.0 {
                break;
            }
        }
    }
}

fn size(n: usize) -> String {
    match n {
        n if n >= 1 << 20 => format!("{:.1} MB", n as f64 / (1 << 20) as f64),
        n if n >= 1 << 10 => format!("{:.1} KB", n as f64 / 1024.0),
        n => format!("{n} B"),
    }
}

/// Packet captures built packet by packet: Ethernet, IPv4, TCP, little-endian pcap.
mod pcap {
    const REQUEST: &[u8] = b"GET /chat HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
    const RESPONSE: &[u8] = b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n";

    fn header() -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(&0xa1b2_c3d4u32.to_le_bytes());
        out.extend_from_slice(&2u16.to_le_bytes());
        out.extend_from_slice(&4u16.to_le_bytes());
        out.extend_from_slice(&[0; 8]);
        out.extend_from_slice(&65535u32.to_le_bytes());
        out.extend_from_slice(&1u32.to_le_bytes()); // Ethernet
        out
    }

    /// One TCP segment from `client` (a port) to 80, or back when `reply`.
    fn segment(out: &mut Vec<u8>, client: u16, reply: bool, seq: u32, payload: &[u8]) {
        segment_between(out, ([10, 0, 0, 1], [10, 0, 0, 2]), client, reply, seq, payload);
    }

    /// [`segment`] between the client's and the server's addresses given.
    fn segment_between(
        out: &mut Vec<u8>,
        (client_ip, server_ip): ([u8; 4], [u8; 4]),
        client: u16,
        reply: bool,
        seq: u32,
        payload: &[u8],
    ) {
        let (sport, dport) = if reply { (80, client) } else { (client, 80) };
        let mut frame = Vec::with_capacity(54 + payload.len());
        frame.extend_from_slice(&[0; 12]);
        frame.extend_from_slice(&[0x08, 0x00]);
        let total = (40 + payload.len()) as u16;
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
        let (a, b) = if reply { (server_ip, client_ip) } else { (client_ip, server_ip) };
        frame.extend_from_slice(&a);
        frame.extend_from_slice(&b);
        frame.extend_from_slice(&sport.to_be_bytes());
        frame.extend_from_slice(&dport.to_be_bytes());
        frame.extend_from_slice(&seq.to_be_bytes());
        frame.extend_from_slice(&[0, 0, 0, 0, 0x50, 0x18, 0xff, 0xff, 0, 0, 0, 0]);
        frame.extend_from_slice(payload);
        out.extend_from_slice(&[0; 8]);
        out.extend_from_slice(&(frame.len() as u32).to_le_bytes());
        out.extend_from_slice(&(frame.len() as u32).to_le_bytes());
        out.extend_from_slice(&frame);
    }

    /// `n` connections, each a whole handshake with its own key (ports wrap after 60,000:
    /// the same four-tuple then carries several handshakes in a row).
    pub(super) fn connections(n: usize) -> Vec<u8> {
        connections_between(n, ([10, 0, 0, 1], [10, 0, 0, 2]))
    }

    /// `n` connections from a host to itself, each a handshake with its own key: every one
    /// could be a relay's next hop (sent from the host a handshake went to), and none is.
    pub(super) fn one_host(n: usize) -> Vec<u8> {
        connections_between(n, ([127, 0, 0, 1], [127, 0, 0, 1]))
    }

    /// [`connections`] between the client's and the server's addresses given.
    fn connections_between(n: usize, hosts: ([u8; 4], [u8; 4])) -> Vec<u8> {
        let mut out = header();
        for i in 0..n {
            let port = 1024 + (i % 60_000) as u16;
            let seq = (i / 60_000) as u32 * 100_000;
            let key = format!("{:0>22}==", i);
            let request =
                String::from_utf8_lossy(REQUEST).replace("dGhlIHNhbXBsZSBub25jZQ==", &key);
            segment_between(&mut out, hosts, port, false, seq, request.as_bytes());
            segment_between(&mut out, hosts, port, true, seq, RESPONSE);
        }
        out
    }

    /// `n` connections that all carry the same key: one handshake seen at `n` hops.
    pub(super) fn same_key(n: usize) -> Vec<u8> {
        let mut out = header();
        for i in 0..n {
            let port = 1024 + (i % 60_000) as u16;
            let seq = (i / 60_000) as u32 * 100_000;
            segment(&mut out, port, false, seq, REQUEST);
            segment(&mut out, port, true, seq, RESPONSE);
        }
        out
    }

    /// One connection whose request arrives in `n` overlapping, repeated and reordered pieces
    /// after its first bytes.
    pub(super) fn storm(n: usize) -> Vec<u8> {
        let mut out = header();
        let len = REQUEST.len();
        segment(&mut out, 5000, false, 0, &REQUEST[..7]);
        for i in 0..n {
            // Pieces of 7 bytes starting every 3 bytes, in a shuffled order, each sent twice.
            let at = (i.wrapping_mul(7919)) % (len - 7);
            for _ in 0..2 {
                segment(&mut out, 5000, false, at as u32, &REQUEST[at..at + 7]);
            }
        }
        segment(&mut out, 5000, false, 0, REQUEST);
        segment(&mut out, 5000, true, 0, RESPONSE);
        out
    }

    /// One connection whose segments jump far ahead in sequence space, `n` times.
    pub(super) fn gaps(n: usize) -> Vec<u8> {
        let mut out = header();
        segment(&mut out, 6000, false, 0, REQUEST);
        for i in 0..n {
            segment(&mut out, 6000, false, (i as u32 + 1).wrapping_mul(0x0100_0000), b"x");
        }
        segment(&mut out, 6000, true, 0, RESPONSE);
        out
    }
}
