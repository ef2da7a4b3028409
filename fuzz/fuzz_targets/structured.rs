//! Handshakes built from parts: start lines, header names and values from a dictionary of the
//! tokens the rules look at (so the fuzzer spends its time inside the rules, not in the
//! parser's first line), glued with CRLF or LF, with a body sometimes. Checked like every
//! other target (`common::check`), and for the report's consistency like the `consistency`
//! target (`tests/common/consistency.rs`): built handshakes reach more of the rules' corners.
#![no_main]

use libfuzzer_sys::{arbitrary, fuzz_target};
use wslens_core::{Format, Options};

#[path = "common.rs"]
mod common;
#[path = "../../crates/wslens-core/tests/common/consistency.rs"]
mod consistency;

const STARTS: &[&str] = &[
    "GET /chat HTTP/1.1",
    "GET ws://example.com/chat HTTP/1.1",
    "GET /chat?access_token=eyJhbGciOiJIUzI1NiJ9.e30.c2ln HTTP/1.1",
    "POST /chat HTTP/1.1",
    "GET /chat HTTP/1.0",
    "CONNECT /chat HTTP/2",
    "GET /chat http/1.1",
    "GET  /chat HTTP/1.1",
    "HTTP/1.1 101 Switching Protocols",
    "HTTP/1.1 101",
    "HTTP/1.0 101 Switching Protocols",
    "HTTP/1.1 200 OK",
    "HTTP/1.1 302 Found",
    "HTTP/1.1 401 Unauthorized",
    "HTTP/1.1 403 Forbidden",
    "HTTP/1.1 426 Upgrade Required",
    "HTTP/2 200",
    "HTTP/1.1 1O1 Switching",
    "",
];

const NAMES: &[&str] = &[
    "Host",
    "Upgrade",
    "Connection",
    "Sec-WebSocket-Key",
    "Sec-WebSocket-Accept",
    "Sec-WebSocket-Version",
    "Sec-WebSocket-Protocol",
    "Sec-WebSocket-Extensions",
    "Origin",
    "Cookie",
    "Set-Cookie",
    "Authorization",
    "Location",
    "Content-Length",
    "Content-Type",
    "WWW-Authenticate",
    "X-Api-Key",
    "User-Agent",
    ":method",
    ":protocol",
    ":status",
    ":path",
    ":scheme",
    ":authority",
    "X-Firefox-Spdy",
    "Transfer-Encoding",
    "sec-websocket-key",
    "Sec-WebSocket-Key ",
    " Upgrade",
    "Bad Name",
    "",
];

const VALUES: &[&str] = &[
    "websocket",
    "WebSocket",
    "websocket, h2c",
    "Upgrade",
    "upgrade",
    "keep-alive, Upgrade",
    "close",
    "13",
    "8",
    "13, 8",
    "dGhlIHNhbXBsZSBub25jZQ==",
    "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=",
    "AAAAAAAAAAAAAAAAAAAAAA==",
    "not base64",
    "permessage-deflate",
    "permessage-deflate; client_max_window_bits",
    "permessage-deflate; server_max_window_bits=10",
    "permessage-deflate; server_max_window_bits=8, permessage-deflate",
    "permessage-deflate; x=\"a\\\"b\"",
    "x-webkit-deflate-frame",
    "chat, superchat",
    "chat",
    "graphql-ws",
    "null",
    "http://example.com",
    "null",
    "example.com",
    "example.com:8080",
    "[::1]:80",
    "session=abc123; theme=dark",
    "Bearer eyJhbGciOiJIUzI1NiJ9.e30.c2ln",
    "0",
    "12",
    "text/html",
    "h2",
    "CONNECT",
    "/chat",
    "https",
    "wss",
    "200",
    "101",
    "",
    " ",
    "\t",
    "a\u{0}b",
    "ghp_1234567890abcdefghijklmnopqrstuvwxAB",
    "\u{e9}t\u{e9}",
];

#[derive(arbitrary::Arbitrary, Debug)]
struct Head {
    start: u8,
    fields: Vec<(u8, u8, Option<String>)>,
}

#[derive(arbitrary::Arbitrary, Debug)]
struct Input {
    request: Option<Head>,
    response: Option<Head>,
    lf_only: bool,
    body: Option<Vec<u8>>,
    more: Option<Box<Input>>,
}

fn pick<'a>(list: &'a [&'a str], i: u8) -> &'a str {
    list[usize::from(i) % list.len()]
}

fn write(head: &Head, eol: &str, out: &mut Vec<u8>) {
    out.extend_from_slice(pick(STARTS, head.start).as_bytes());
    out.extend_from_slice(eol.as_bytes());
    for (name, value, custom) in head.fields.iter().take(40) {
        out.extend_from_slice(pick(NAMES, *name).as_bytes());
        out.extend_from_slice(b": ");
        match custom {
            Some(custom) if value % 4 == 0 => out.extend_from_slice(custom.as_bytes()),
            _ => out.extend_from_slice(pick(VALUES, *value).as_bytes()),
        }
        out.extend_from_slice(eol.as_bytes());
    }
    out.extend_from_slice(eol.as_bytes());
}

fn build(input: &Input, depth: usize, out: &mut Vec<u8>) {
    let eol = if input.lf_only { "\n" } else { "\r\n" };
    if let Some(request) = &input.request {
        write(request, eol, out);
    }
    if let Some(response) = &input.response {
        write(response, eol, out);
    }
    if let Some(body) = &input.body {
        out.extend_from_slice(&body[..body.len().min(512)]);
    }
    if let (Some(more), true) = (&input.more, depth < 4) {
        build(more, depth + 1, out);
    }
}

fuzz_target!(|input: Input| {
    let mut text = Vec::new();
    build(&input, 0, &mut text);
    for options in [
        Options { format: Format::Raw, ..Options::default() },
        Options { line_endings_lost: true, ..Options::default() },
    ] {
        consistency::assert_consistent(&common::check(&text, &options));
    }
});
