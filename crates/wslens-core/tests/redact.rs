#![allow(clippy::disallowed_methods, reason = "tests read fixture files; the core itself does not")]

//! Redaction for share links: secrets go, structure and verdicts stay.

mod common;

use wslens_core::{inspect, redact, Options, Report};

const SECRET_EXCHANGE: &str = "GET /chat?room=1&access_token=s3cr3t-query-token HTTP/1.1\r\n\
Host: app.example.com\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\
Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\
Origin: https://app.example.com\r\nCookie: session=SESSION-SECRET-42; theme=dark\r\n\
Authorization: Bearer AUTH-SECRET-TOKEN\r\nProxy-Authorization: Basic UFJPWFktU0VDUkVU\r\n\
Sec-WebSocket-Protocol: chat, eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NSJ9.c2lnbmF0dXJlc2VjcmV0\r\n\r\n\
HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\
Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\
Sec-WebSocket-Protocol: eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NSJ9.c2lnbmF0dXJlc2VjcmV0\r\n\
Set-Cookie: refreshed=SETCOOKIE-SECRET; Path=/; HttpOnly\r\n\r\n";

const SECRETS: &[&str] = &[
    "s3cr3t-query-token",
    "SESSION-SECRET-42",
    "AUTH-SECRET-TOKEN",
    "UFJPWFktU0VDUkVU",
    "c2lnbmF0dXJlc2VjcmV0",
    "SETCOOKIE-SECRET",
];

fn codes(report: &Report) -> Vec<&'static str> {
    let mut codes: Vec<_> =
        report.exchanges.iter().flat_map(|e| &e.findings).map(|f| f.code).collect();
    codes.sort_unstable();
    codes
}

#[test]
fn secrets_are_replaced_and_the_structure_kept() {
    let report = inspect(SECRET_EXCHANGE.as_bytes(), &Options::default());
    let redaction = redact(&report);
    for secret in SECRETS {
        assert!(!redaction.text.contains(secret), "{secret} survived:\n{}", redaction.text);
    }
    for kept in [
        "session=redacted; theme=redacted",
        "Bearer redacted",
        "Basic redacted",
        "access_token=redacted",
        "room=1",
        "refreshed=redacted; Path=/; HttpOnly",
        "chat, redacted-token-1.redacted.redacted",
    ] {
        assert!(redaction.text.contains(kept), "`{kept}` missing:\n{}", redaction.text);
    }
    // The echoed token gets the same placeholder as the offer, so the answer still matches.
    assert!(redaction
        .text
        .contains("Sec-WebSocket-Protocol: redacted-token-1.redacted.redacted\r\n"));
    // query, two cookie values, Authorization, Proxy-Authorization, the token twice, Set-Cookie.
    assert_eq!(redaction.redacted.len(), 8);
    for r in &redaction.redacted {
        assert!(redaction.text[r.span.range()].starts_with("redacted"), "{r:?}");
    }
}

#[test]
fn redacted_text_gives_the_same_verdicts_and_findings() {
    let mut inputs: Vec<Vec<u8>> = vec![SECRET_EXCHANGE.as_bytes().to_vec()];
    inputs.extend(
        common::fixtures()
            .iter()
            .filter(|p| {
                let name = p.file_name().unwrap().to_string_lossy();
                name.starts_with("SEC6") || name.starts_with("WS205") || name.starts_with("WS231")
            })
            .map(|p| std::fs::read(p).unwrap()),
    );
    assert!(inputs.len() >= 5);
    for input in inputs {
        let report = inspect(&input, &Options::default());
        let redaction = redact(&report);
        let again = inspect(redaction.text.as_bytes(), &Options::default());
        let verdicts = |r: &Report| r.exchanges.iter().map(|e| e.verdict).collect::<Vec<_>>();
        assert_eq!(verdicts(&again), verdicts(&report), "{}", report.source.text);
        assert_eq!(codes(&again), codes(&report), "{}", report.source.text);
    }
}

#[test]
fn spans_map_into_the_redacted_text() {
    let report = inspect(SECRET_EXCHANGE.as_bytes(), &Options::default());
    let redaction = redact(&report);
    let text = &report.source.text;
    for header in report.exchanges[0]
        .request
        .iter()
        .chain(&report.exchanges[0].response)
        .flat_map(|m| &m.headers)
    {
        let mapped = redaction.map_span(header.name_span);
        assert_eq!(
            &redaction.text[mapped.range()],
            &text[header.name_span.range()],
            "names do not move"
        );
        // A whole line maps to the whole redacted line.
        let line = redaction.map_span(header.line_span);
        assert!(
            redaction.text[line.range()].starts_with(&*header.name),
            "{}",
            &redaction.text[line.range()]
        );
        assert!(!redaction.text[line.range()].contains("\r\n"));
    }
    // A span inside a secret snaps to the placeholder.
    let inside = text.find("SESSION-SECRET-42").unwrap() + 3;
    let span = wslens_core::Span::new(inside, inside + 2);
    assert_eq!(&redaction.text[redaction.map_span(span).range()], "redacted");
}

#[test]
fn nothing_to_redact_leaves_the_text_alone() {
    let text = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/valid/rfc6455-sample.txt"
    ))
    .unwrap();
    let report = inspect(&text, &Options::default());
    let redaction = redact(&report);
    assert_eq!(redaction.text, report.source.text);
    assert!(redaction.redacted.is_empty());
}
