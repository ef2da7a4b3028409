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
    // A secret's letters spell `redacted`, its number in letters, then `x`; its digits spell
    // its number, then `0` (each distinct secret is numbered, so none shares a placeholder; a
    // short one such as `dark` is `r` and its number); its other characters and its length
    // stay, and so does everything around it.
    for kept in [
        "session=redacte-dbxxxx-20; theme=rcxx",
        "Bearer reda-cteddx-xxxxx",
        "Basic redactede5xxxxxx",
        "access_token=r1ed0a-cteda-xxxxx",
        "room=1",
        "refreshed=redactedg-xxxxxx; Path=/; HttpOnly",
        "chat, redactedfxxxxxx6xxx0.xxxxxxxxxxxxxxx0xxx0.x0xxxxx0xxxxx0xxxxx0",
    ] {
        assert!(redaction.text.contains(kept), "`{kept}` missing:\n{}", redaction.text);
    }
    // The echoed token gets the same placeholder as the offer, so the answer still matches;
    // it keeps the token's shape (three dotted parts of the same lengths).
    assert!(redaction
        .text
        .contains("Sec-WebSocket-Protocol: redactedfxxxxxx6xxx0.xxxxxxxxxxxxxxx0xxx0.x0xxxxx0xxxxx0xxxxx0\r\n"));
    // query, two cookie values, Authorization, Proxy-Authorization, the token twice, Set-Cookie.
    assert_eq!(redaction.redacted.len(), 8);
    for r in &redaction.redacted {
        let placeholder = &redaction.text[r.span.range()];
        assert!(placeholder.starts_with('r'), "{r:?}");
        assert_eq!(placeholder.len(), r.original.len(), "the shape and length stay: {r:?}");
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
    // Inputs on which the fuzz targets once found redaction changing a finding.
    let regressions = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/regressions");
    for entry in std::fs::read_dir(regressions).unwrap() {
        inputs.push(std::fs::read(entry.unwrap().path()).unwrap());
    }
    assert!(inputs.len() >= 5);
    for input in inputs {
        // What a share link carries is the report's text, where bytes that were not UTF-8
        // are U+FFFD already (HTTP011 is about the bytes, not the text): compare with that.
        let text = inspect(&input, &Options::default()).source.text;
        let report = inspect(text.as_bytes(), &Options::default());
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
    assert_eq!(&redaction.text[redaction.map_span(span).range()], "redacte-dbxxxx-20");
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

// Real token formats (shaped like the real ones; none is a live credential).
const JWT: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1c2VyLTQyIiwiZXhwIjoxOTAwMDAwMDAwfQ.Zm9vYmFyYmF6cXV4c2lnbmF0dXJlMTIzNDU2";
const AWS_KEY_ID: &str = "AKIAIOSFODNN7EXAMPLE";
const AWS_SESSION: &str =
    "IQoJb3JpZ2luX2VjEJr0XAMPLE0123456789abcdefGHIJKLmnopQRSTuvwxYZ0123456789";
const GITHUB: &str = "ghp_1234567890abcdefghijklmnopqrstuvwxAB";
const GITHUB_PAT: &str = "github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz0123";
const SLACK: &str = "xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx";
const STRIPE: &str = "sk_live_51H8abcdEFGHijklMNOPqrstUVWXyz0123456789";
const GOOGLE: &str = "AIzaSyA1234567890abcdefghijklmnopqrstuv";
const GITLAB: &str = "glpat-Ab3dEf6hIj9kLm2nOp5q";
const NPM: &str = "npm_a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8";
const RANDOM: &str = "9f8e7d6c5b4a39281706f5e4d3c2b1a0ZZ99yy88";
const BASIC: &str = "dXNlcjpjb3JyZWN0IGhvcnNlIGJhdHRlcnk=";

/// A handshake with `extra` request lines, `target`, and `response` answering it.
fn handshake(target: &str, extra: &str, response: &str) -> String {
    format!(
        "GET {target} HTTP/1.1\r\nHost: app.example.com\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\
         Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nOrigin: https://app.example.com\r\n{extra}\r\n{response}"
    )
}

const OK: &str = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n";

/// Every placement: the transcript and the secrets it must lose.
fn placements() -> Vec<(String, Vec<&'static str>)> {
    let header = |line: String, secret: &'static str| {
        (handshake("/chat", &format!("{line}\r\n"), OK), vec![secret])
    };
    let query =
        |q: String, secret: &'static str| (handshake(&format!("/chat?{q}"), "", OK), vec![secret]);
    let refusal = |status: &str, body: String, secret: &'static str| {
        let response = format!(
            "HTTP/1.1 {status}\r\nContent-Type: text/plain\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        );
        (handshake("/chat", "", &response), vec![secret])
    };
    vec![
        header(format!("Authorization: Bearer {JWT}"), JWT),
        header(format!("Authorization: Basic {BASIC}"), BASIC),
        header(format!("Proxy-Authorization: Basic {BASIC}"), BASIC),
        header(format!("Authorization: AWS4-HMAC-SHA256 Credential={AWS_KEY_ID}/20261202/us-east-1/execute-api/aws4_request, Signature={RANDOM}"), AWS_KEY_ID),
        header(format!("Cookie: session={RANDOM}; theme=dark"), RANDOM),
        header(format!("Cookie: a=1; sid={JWT}"), JWT),
        header("Cookie: sessionid=38afes7a8s; csrftoken=Xy7".into(), "38afes7a8s"),
        header(format!("X-Api-Key: {GOOGLE}"), GOOGLE),
        header(format!("Api-Key: {STRIPE}"), STRIPE),
        header(format!("X-Auth-Token: {GITHUB}"), GITHUB),
        header(format!("X-Access-Token: {SLACK}"), SLACK),
        header("X-CSRF-Token: k3y-0f-the-form".into(), "k3y-0f-the-form"),
        header(format!("X-Amz-Security-Token: {AWS_SESSION}"), AWS_SESSION),
        header("X-Session-Id: s3ss10n-42".into(), "s3ss10n-42"),
        header(format!("X-Hub-Signature-256: sha256={RANDOM}"), RANDOM),
        header("X-Client-Password: hunter2".into(), "hunter2"),
        header("X-Client-Secret: shhh-very-secret".into(), "shhh-very-secret"),
        header(format!("X-Note: deployed with {STRIPE}"), STRIPE),
        header(format!("X-Build: {GITHUB_PAT}"), GITHUB_PAT),
        header(format!("X-Deploy: ci pushed with {GITLAB}"), GITLAB),
        header(format!("Referer: https://app.example.com/login?next=/chat&code={RANDOM}"), RANDOM),
        header(format!("User-Agent: bot/1.0 (+{SLACK})"), SLACK),
        query(format!("access_token={JWT}"), JWT),
        query("token=abc123".into(), "abc123"),
        query(format!("api_key={GOOGLE}"), GOOGLE),
        query("room=7&sig=0a1b2c3d".into(), "0a1b2c3d"),
        query(format!("credential={AWS_KEY_ID}"), AWS_KEY_ID),
        query(format!("x={GITHUB}"), GITHUB),
        query(format!("registry={NPM}"), NPM),
        (handshake(&format!("/ws/{JWT}/chat"), "", OK), vec![JWT]),
        (handshake(&format!("/ws/{GITHUB_PAT}"), "", OK), vec![GITHUB_PAT]),
        (
            handshake(
                "/chat",
                &format!("Sec-WebSocket-Protocol: chat, {JWT}\r\n"),
                &format!("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\nSec-WebSocket-Protocol: {JWT}\r\n\r\n"),
            ),
            vec![JWT],
        ),
        (
            handshake("/chat", "", &format!("HTTP/1.1 302 Found\r\nLocation: wss://other.example.com/chat?access_token={JWT}\r\nContent-Length: 0\r\n\r\n")),
            vec![JWT],
        ),
        refusal("401 Unauthorized", format!("invalid token {JWT}\n"), JWT),
        refusal("403 Forbidden", format!("key {GOOGLE} is not allowed for origin app.example.com\n"), GOOGLE),
        refusal("400 Bad Request", "session 38afes7a8s expired\n".into(), "38afes7a8s"),
        refusal("401 Unauthorized", format!("token {GITLAB} was revoked\n"), GITLAB),
        (
            handshake("/chat", &format!("X-Api-Key: {GOOGLE}\r\nCookie: session={RANDOM}\r\n"), &format!("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\nSet-Cookie: session={SLACK}; Path=/; HttpOnly\r\n\r\n")),
            vec![GOOGLE, RANDOM, SLACK],
        ),
    ]
}

#[test]
fn no_secret_survives_any_placement_and_verdicts_stay() {
    let placements = placements();
    assert!(placements.len() >= 30, "{} placements", placements.len());
    for (text, secrets) in placements {
        let report = inspect(text.as_bytes(), &Options::default());
        let redaction = redact(&report);
        for secret in &secrets {
            assert!(!redaction.text.contains(secret), "{secret} survived in:\n{}", redaction.text);
        }
        let again = inspect(redaction.text.as_bytes(), &Options::default());
        let verdicts = |r: &Report| r.exchanges.iter().map(|e| e.verdict).collect::<Vec<_>>();
        assert_eq!(verdicts(&again), verdicts(&report), "{text}\n---\n{}", redaction.text);
        assert_eq!(codes(&again), codes(&report), "{text}\n---\n{}", redaction.text);
        // The handshake's own values are never touched.
        assert!(redaction.text.contains("Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ=="));
    }
}

#[test]
fn bodies_are_kept_when_asked_and_their_tokens_still_go() {
    let body = format!("invalid token {JWT}\nsee the docs\n");
    let text = handshake(
        "/chat",
        "",
        &format!("HTTP/1.1 401 Unauthorized\r\nContent-Length: {}\r\n\r\n{body}", body.len()),
    );
    let report = inspect(text.as_bytes(), &Options::default());
    let kept = wslens_core::redact_with(
        &report,
        &wslens_core::RedactOptions { bodies: false, hosts: false },
    );
    assert!(kept.text.contains("see the docs") && !kept.text.contains(JWT), "{}", kept.text);
    let blanked = redact(&report);
    assert!(!blanked.text.contains("see the docs"));
    assert_eq!(blanked.text.len(), text.len(), "the body keeps its length");
}

#[test]
fn hosts_addresses_and_ports_are_replaced_consistently_when_asked() {
    let text = handshake(
        "ws://app.example.com:8443/chat",
        "Referer: https://app.example.com:8443/page\r\n",
        OK,
    )
    .replace("Host: app.example.com", "Host: app.example.com:8443")
    .replace("Origin: https://app.example.com", "Origin: https://app.example.com:8443");
    let report = inspect(text.as_bytes(), &Options::default());
    let options = wslens_core::RedactOptions { bodies: true, hosts: true };
    let redaction = wslens_core::redact_with(&report, &options);
    assert!(!redaction.text.contains("app.example.com"), "{}", redaction.text);
    assert!(!redaction.text.contains("8443"), "{}", redaction.text);
    assert!(redaction.text.contains("Host: host-1.example:"), "{}", redaction.text);
    let again = inspect(redaction.text.as_bytes(), &Options::default());
    assert_eq!(codes(&again), codes(&report), "{}", redaction.text);
    // A capture's labels too.
    let pcap = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/rules/CAP707-nginx-stripping-both-hops.pcap"
    ))
    .unwrap();
    let report = inspect(&pcap, &Options::default());
    let redaction = wslens_core::redact_with(&report, &options);
    assert!(!redaction.text.contains("127.0.0.1"), "{}", redaction.text);
    assert!(redaction.text.contains("# TCP 192.0.2."), "{}", redaction.text);
    // Off by default.
    assert!(redact(&report).text.contains("127.0.0.1"));
    // curl's lines around the messages name the host, its addresses and the port.
    let curl = "* Host localhost:8080 was resolved.\n* IPv6: ::1\n* IPv4: 127.0.0.1\n*   Trying [::1]:8080...\n* Connected to localhost (::1) port 8080\n* using HTTP/1.x\n> GET /chat HTTP/1.1\n> Host: localhost:8080\n> Upgrade: websocket\n> Connection: Upgrade\n> Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\n> Sec-WebSocket-Version: 13\n> Origin: http://localhost:8080\n> \n< HTTP/1.1 101 Switching Protocols\n< Upgrade: websocket\n< Connection: Upgrade\n< Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\n< \n* Request completely sent off; see ws://localhost:8080/chat\n";
    let report = inspect(curl.as_bytes(), &Options::default());
    assert_eq!(report.source.format, wslens_core::Format::Curl);
    let redaction = wslens_core::redact_with(&report, &options);
    for word in ["localhost", "8080", "127.0.0.1", "::1"] {
        assert!(!redaction.text.contains(word), "{word} in {}", redaction.text);
    }
    // The same stand-ins as the messages' Host.
    assert!(
        redaction.text.contains("* Host host-1.example:49152 was resolved."),
        "{}",
        redaction.text
    );
    assert!(redaction.text.contains("* Connected to host-1.example (2001:db8::2) port 49152"));
    assert!(redaction.text.contains("Trying [2001:db8::2]:49152..."), "{}", redaction.text);
    let again = inspect(redaction.text.as_bytes(), &Options::default());
    assert_eq!(codes(&again), codes(&report), "{}", redaction.text);
    assert_eq!(again.exchanges[0].verdict, report.exchanges[0].verdict);
}

/// Found by the `raw` fuzz target: two spellings of one extension name, which compares without
/// case, got two placeholders, and the answer became unrequested (WS310). They now share one,
/// with the case turned over where they differ, so they compare as before with and without case.
#[test]
fn spellings_of_one_secret_differing_in_case_compare_as_before() {
    let (offered, answered) = (
        "permessager_no_context_takeoverz6y-deflate",
        "permessager_no_coNtext_takeoverz6y-deflate",
    );
    let answer =
        OK.replace("\r\n\r\n", &format!("\r\nSec-WebSocket-Extensions: {answered}\r\n\r\n"));
    let text = handshake("/chat", &format!("Sec-WebSocket-Extensions: {offered}\r\n"), &answer);
    let report = inspect(text.as_bytes(), &Options::default());
    let redaction = redact(&report);
    assert!(!redaction.text.contains(offered) && !redaction.text.contains(answered));
    let again = inspect(redaction.text.as_bytes(), &Options::default());
    assert_eq!(codes(&again), codes(&report), "{}", redaction.text);
    let names: Vec<&str> = redaction
        .text
        .lines()
        .filter_map(|l| l.strip_prefix("Sec-WebSocket-Extensions: "))
        .collect();
    let [first, second] = names[..] else { panic!("two lines: {}", redaction.text) };
    assert!(first.eq_ignore_ascii_case(second) && first != second, "{first} {second}");
}

/// Found by review: what hiding hosts around the messages must and must not touch.
#[test]
fn hosts_around_the_messages_are_hidden_and_nothing_else() {
    let options = wslens_core::RedactOptions { bodies: true, hosts: true };
    let hidden = |text: &str| {
        let report = inspect(text.as_bytes(), &Options::default());
        let redaction = wslens_core::redact_with(&report, &options);
        let again = inspect(redaction.text.as_bytes(), &Options::default());
        assert_eq!(codes(&again), codes(&report), "{}", redaction.text);
        let own = |r: &wslens_core::Report| r.findings.iter().map(|f| f.code).collect::<Vec<_>>();
        assert_eq!(own(&again), own(&report), "{}", redaction.text);
        redaction.text
    };
    // Chrome's console line: the address goes although the line's digits are protected (the
    // reader reads its status code, which stays).
    let chrome = "WebSocket connection to 'ws://192.168.1.20:8080/ws' failed: Error during WebSocket handshake: Unexpected response code: 502\n";
    let text = hidden(chrome);
    assert!(!text.contains("192.168") && !text.contains("8080"), "{text}");
    assert!(text.ends_with("Unexpected response code: 502\n"), "{text}");
    // The host of the probe's note; a name in brackets, a zone, an address ending in `::`.
    let curl = "# wslens probe: HTTP/2 (ALPN h2) with app.internal:8443; the server's SETTINGS_ENABLE_CONNECT_PROTOCOL = 1\n* [app.internal:8443] fe80::1%eth0 fd00:1:: 10.1.2.3:9000-\nGET /chat HTTP/1.1\nHost: app.internal:8443\nUpgrade: websocket\nConnection: Upgrade\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\nSec-WebSocket-Version: 13\n\n";
    let text = hidden(curl);
    for word in ["app.internal", "8443", "fe80::1", "fd00", "10.1.2.3", "9000"] {
        assert!(!text.contains(word), "{word} in {text}");
    }
    assert!(text.contains("SETTINGS_ENABLE_CONNECT_PROTOCOL = 1"), "{text}");
    // Not hosts: a version after a `/`, a word ending in `port`, a URL's scheme named like a host.
    let prose = "* User-Agent Chrome/120.0.0.0 in support 2, see report 12 of ws://ws:8080/x\nGET / HTTP/1.1\nHost: ws\n\n";
    let text = hidden(prose);
    assert!(
        text.contains(
            "Chrome/120.0.0.0 in support 2, see report 12 of ws://host-1.example:49152/x"
        ),
        "{text}"
    );
}

/// Found by the `redact` fuzz target: a Host with a scheme (WS108) became the well-formed
/// `host-1.example:49152`, and the finding went with it. A malformed authority now keeps its
/// shape; a well-formed one still gets its readable stand-in.
#[test]
fn hiding_hosts_keeps_a_malformed_authority_malformed() {
    let options = wslens_core::RedactOptions { bodies: true, hosts: true };
    for (host, origin) in [
        ("https://example.com", "https://example.com"),
        ("example.com/chat", "https://example.com"),
        ("exa mple.com", "https://exa mple.com"),
        ("[::1", "https://[::1"),
        ("example.com:80x", "https://example.com:80x"),
        // A malformed port: the Host differs from the Origin before and after.
        ("example.com:80x", "https://example.com"),
        // A valid address with a malformed port still compares equal to the Origin's.
        ("[::1]:abc", "http://[::1]"),
        // Found by the fuzzer: hex digits that are no address stay hex digits...
        ("[::1AAAA]:8080", "http://[::1AAAA]:8080"),
        // ...and two such hosts stay different, as do a name and an IPvFuture in brackets.
        ("[::1aaaa]", "http://[::2bbbb]"),
        ("[abcd]", "http://[abcd]"),
        ("[v1.fe:]", "http://[v1.fe:]"),
    ] {
        let text = handshake("/chat", "Cookie: session=abc\r\n", OK)
            .replace("Host: app.example.com", &format!("Host: {host}"))
            .replace("Origin: https://app.example.com", &format!("Origin: {origin}"));
        let report = inspect(text.as_bytes(), &Options::default());
        let redaction = wslens_core::redact_with(&report, &options);
        assert!(!redaction.text.contains("example.com"), "{}", redaction.text);
        assert!(!redaction.text.contains("[::1"), "{}", redaction.text);
        let again = inspect(redaction.text.as_bytes(), &Options::default());
        assert_eq!(codes(&again), codes(&report), "{host}: {}", redaction.text);
    }
}

/// A secret found in one place goes wherever else the text repeats it: here a token sent in
/// `Authorization` and again in the query under a name that says nothing, and a cookie
/// value echoed in a header of the answer. A short value (`dark`) is not searched for, and
/// the key and the accept stay as they are.
#[test]
fn every_copy_of_a_secret_goes_with_it() {
    let token = "hunter2hunter2hunter2";
    let cookie = "s3ss10n-c00k1e";
    let text = handshake(
        &format!("/chat?t={token}&theme=dark"),
        &format!("Authorization: Bearer {token}\r\nCookie: sid={cookie}; theme=dark\r\n"),
        &OK.replace("\r\n\r\n", &format!("\r\nX-Echo: {cookie}\r\n\r\n")),
    );
    let report = inspect(text.as_bytes(), &Options::default());
    let redaction = redact(&report);
    for secret in [token, cookie] {
        assert!(!redaction.text.contains(secret), "{secret}: {}", redaction.text);
    }
    assert!(redaction.text.contains("theme=dark"), "{}", redaction.text);
    assert!(redaction.text.contains("dGhlIHNhbXBsZSBub25jZQ=="), "{}", redaction.text);
    let again = inspect(redaction.text.as_bytes(), &Options::default());
    assert_eq!(codes(&again), codes(&report), "{}", redaction.text);
}

/// A copy in the query goes only where it lies inside one value: the names stay, so SEC602
/// still reads `key` (a copy that spans a name is left to the query's own rules).
#[test]
fn a_copy_in_the_query_leaves_the_names() {
    let text = handshake(
        "/ws?key=abcdef123&sid=s3cr3t-s1d&key2=x",
        "X-Session-Token: s3cr3t-s1d\r\nX-Other: key=abcdef123\r\n",
        OK,
    );
    let report = inspect(text.as_bytes(), &Options::default());
    let redaction = redact(&report);
    assert!(redaction.text.contains("?key=redact100&sid=r2ed0a-c0t&key2=x"), "{}", redaction.text);
    let again = inspect(redaction.text.as_bytes(), &Options::default());
    assert_eq!(codes(&again), codes(&report), "{}", redaction.text);
}

/// Found by the `redact` fuzz target: a token offered twice, once with one `=` of padding and
/// once with two, is one subprotocol to the grammar (WS128); both copies get one placeholder.
#[test]
fn a_token_is_one_secret_whatever_its_padding() {
    let token = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NSJ9.c2lnbmF0dXJlc2VjcmV0";
    let text = handshake("/chat", &format!("Sec-WebSocket-Protocol: {token}=, {token}==\r\n"), OK);
    let report = inspect(text.as_bytes(), &Options::default());
    assert!(codes(&report).contains(&"WS128"), "{:?}", codes(&report));
    let redaction = redact(&report);
    let again = inspect(redaction.text.as_bytes(), &Options::default());
    assert_eq!(codes(&again), codes(&report), "{}", redaction.text);
}

/// Found by the `redact` fuzz target: without `hosts`, a long run of hex digits in an IPv6
/// literal was masked as a token, and the Host became invalid (WS108). Authorities are not
/// scanned for tokens.
#[test]
fn an_ipv6_literal_is_no_token() {
    let host = "[::1AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA]:32901";
    let text = handshake("/chat", "", OK)
        .replace("Host: app.example.com", &format!("Host: {host}"))
        .replace("Origin: https://app.example.com", &format!("Origin: http://{host}"));
    let report = inspect(text.as_bytes(), &Options::default());
    let redaction = redact(&report);
    assert!(redaction.text.contains(host), "{}", redaction.text);
    let again = inspect(redaction.text.as_bytes(), &Options::default());
    assert_eq!(codes(&again), codes(&report), "{}", redaction.text);
}

/// Found by the `redact` fuzz target: with `hosts`, an authority ran past a bare CR
/// (`127.0.0.1\rHTTP…`), and masking the `HTTP` after it changed where the next message
/// starts (an exchange went). The authority now ends at a line break.
#[test]
fn hiding_hosts_stops_at_a_bare_cr() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/regressions/redact-hosts-bare-cr-in-authority.txt"
    );
    let text = String::from_utf8_lossy(&std::fs::read(path).unwrap()).into_owned();
    let raw = Options { format: wslens_core::Format::Raw, ..Options::default() };
    let report = inspect(text.as_bytes(), &raw);
    let options = wslens_core::RedactOptions { bodies: false, hosts: true };
    let again = inspect(wslens_core::redact_with(&report, &options).text.as_bytes(), &raw);
    assert_eq!(again.exchanges.len(), report.exchanges.len());
    assert_eq!(codes(&again), codes(&report));
}

/// A `wslens probe` note on the line before a request belongs to that request, even after a
/// refusal whose body runs to the next message: blanking the body leaves the note, and H2813
/// (read from it) with it. Found by the `redact` fuzz target.
#[test]
fn a_probe_note_after_a_refusal_is_not_its_body() {
    let text = "GET /a HTTP/1.1\r\nHost: example.com\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: x3JJHMbDL1EzLkh9GBhXDw==\r\nSec-WebSocket-Version: 13\r\n\r\nHTTP/1.1 403 Forbidden\r\n\r\nnot for you\r\n# wslens probe: HTTP/2 (ALPN h2) with example.com; the server's SETTINGS_ENABLE_CONNECT_PROTOCOL = 0\r\n:method: CONNECT\r\n:protocol: websocket\r\n:scheme: https\r\n:authority: example.com\r\n:path: /chat\r\nsec-websocket-version: 13\r\n";
    let report = inspect(text.as_bytes(), &Options::default());
    let body = report.exchanges[0].response.as_ref().unwrap().body.as_ref().unwrap();
    assert_eq!(&text[body.span.range()], "not for you");
    assert!(codes(&report).contains(&"H2813"), "{:?}", codes(&report));
    let options = wslens_core::RedactOptions { bodies: true, hosts: false };
    let again =
        inspect(wslens_core::redact_with(&report, &options).text.as_bytes(), &Options::default());
    assert_eq!(codes(&again), codes(&report));
}

/// What a review of 2026-12-07 found leaking, each now closed: text outside the messages
/// (`curl -v`'s output, comments, a client's error message, bytes past a body's length),
/// request bodies, URLs in other headers and in HTTP/2's `:path`, more token shapes and
/// parameter names, a Set-Cookie that joins several cookies, a cookie without a name,
/// userinfo, and a secret's copy in a subprotocol or a challenge.
fn review_placements() -> Vec<(&'static str, wslens_core::Format, String, Vec<&'static str>)> {
    use wslens_core::Format::{Auto, Error};
    let curl_request = "> GET /ws HTTP/1.1\n> Host: 127.0.0.1:8080\n> Connection: Upgrade\n> Upgrade: websocket\n> Sec-WebSocket-Version: 13\n> Sec-WebSocket-Key: /9hu1SKI3mxABbKjlLS7gQ==\n> \n";
    let short = "7Hk2Lm9Xp4Kw8Nt3Qr5Zv1Yb";
    let with = |extra: &str| handshake("/chat", extra, OK);
    vec![
        (
            "a curl -v refusal's body",
            Auto,
            format!("*   Trying 127.0.0.1:8080...\n{curl_request}< HTTP/1.1 403 Forbidden\n< Content-Length: 174\n< \ntoken {JWT} not allowed\n* Connection #0 to host 127.0.0.1 left intact\n"),
            vec![JWT],
        ),
        (
            "curl -v -i: the answer's copy on standard output, and curl's cookie line",
            Auto,
            format!("{curl_request}< HTTP/1.1 403 Forbidden\n< Set-Cookie: sid=9a8b7c6d5e4f3a21; Path=/\n< Content-Length: 174\n< \n* Added cookie sid=\"9a8b7c6d5e4f3a21\" for domain 127.0.0.1, path /, expire 0\nHTTP/1.1 403 Forbidden\nSet-Cookie: sid=9a8b7c6d5e4f3a21; Path=/\nContent-Length: 174\n\ntoken {JWT} not allowed\n"),
            vec![JWT, "9a8b7c6d5e4f3a21"],
        ),
        (
            "a browser's error message",
            Error,
            format!("WebSocket connection to 'wss://app.example.com/socket?access_token={JWT}&token=abc123' failed: Error during WebSocket handshake: Unexpected response code: 403\n"),
            vec![JWT, "abc123"],
        ),
        (
            "comment lines",
            Auto,
            format!("# captured with Authorization: Bearer {JWT}\n# session=7c1e9a2b5d8f3e60, token used: 5f2b9c4e7a1d3f86\n# then curl -H 'Authorization: Bearer opaque-tok3n-42'\n{}", with("")),
            vec![JWT, "7c1e9a2b5d8f3e60", "5f2b9c4e7a1d3f86", "opaque-tok3n-42"],
        ),
        (
            "a refusal's bytes past its Content-Length",
            Auto,
            handshake("/chat", "", &format!("HTTP/1.1 401 Unauthorized\r\nContent-Length: 20\r\n\r\n{{\"error\":\"invalid_token\",\"session\":\"7c1e9a2b5d8f3e60\",\"token\":\"{JWT}\"}}")),
            vec![JWT, "7c1e9a2b5d8f3e60"],
        ),
        (
            "HTTP/2's :path",
            Auto,
            ":method: CONNECT\n:authority: example.com\n:scheme: https\n:path: /chat?access_token=5f2b9c4e7a1d3f86&room=1\n:protocol: websocket\norigin: https://example.com\nsec-websocket-version: 13\ncookie: sid=5f2b9c4e7a1d3f86cc\n\n:status: 200\n".into(),
            vec!["5f2b9c4e7a1d3f86"],
        ),
        (
            "a request's JSON body",
            Auto,
            handshake("/chat", &format!("Content-Type: application/json\r\nContent-Length: {}\r\n", 33 + JWT.len()), &format!("{{\"password\":\"hunter2\",\"token\":\"{JWT}\"}}{OK}")),
            vec![JWT, "hunter2"],
        ),
        (
            "a curl command's user, cookies and form",
            Auto,
            "curl 'wss://app.example.com/chat?room=1&token=5f2b9c4e7a1d3f86' -u 'alice:hunter2' -H 'Upgrade: websocket' -H 'Sec-WebSocket-Version: 13' -H 'Sec-WebSocket-Key: 4BOydaZAT9p4v5obKz93Iw==' -b 'sid=7c1e9a2b5d8f3e60; theme=dark' --data-raw 'password=hunter22&otp=123456'".into(),
            vec!["5f2b9c4e7a1d3f86", "7c1e9a2b5d8f3e60", "hunter22", "123456", "YWxpY2U6aHVudGVyMg"],
        ),
        (
            "Kubernetes' bearer subprotocol",
            Auto,
            handshake("/chat", "Sec-WebSocket-Protocol: v4.channel.k8s.io, base64url.bearer.authorization.k8s.io.ZXlKaGJHY2lPaUpTVXpJMU5pSXNJbXRwWkNJNklrcFhUalpTWWtGT0luMC5leUpwYzNNaU9pSnJkV0oi\r\n", &OK.replace("\r\n\r\n", "\r\nSec-WebSocket-Protocol: v4.channel.k8s.io\r\n\r\n")),
            vec!["ZXlKaGJHY2lPaUpTVXpJMU5p"],
        ),
        (
            "Google OAuth, PASETO, unsigned and encrypted JWTs",
            Auto,
            handshake("/ws/eyJhbGciOiJub25lIn0.eyJzdWIiOiIxMjM0NTY3ODkwIn0./chat?oauth_token=ya29.a0AfH6SMBx3kL9pQ2", "X-Goog: ya29.a0AfH6SMBx3kL9pQ2rT7vW1yZ4cE8gJ0mN5\r\nX-Paseto: v4.public.eyJkYXRhIjoidGhpcyBpcyBhIHNpZ25lZCBtZXNzYWdlIn0\r\nX-Jwe: eyJhbGciOiJSU0EtT0FFUCJ9.OKOawDo13gRp2ojaHV7LFpZcgV7T6DVZ.48V1_ALb6US04U3b.5eym8TW_c8SuK0ltJ3rpYIzOeDQz7TALvtu6UG9oMo4vpzs9tX_EFShS8iB7j6ji.XFBoMYUZodetZdvTiFvSkQ\r\n", OK),
            vec!["eyJzdWIiOiIxMjM0NTY3ODkwIn0", "a0AfH6SMBx3kL9pQ2", "eyJkYXRhIjoidGhpcyBpcyBhIHNpZ25lZCBtZXNzYWdlIn0", "OKOawDo13gRp2ojaHV7LFpZcgV7T6DVZ"],
        ),
        (
            "query and fragment names that say secret",
            Auto,
            handshake("/chat?refresh_token=rt-1a2b&id_token=it-3c4d&client_secret=cs-5e6f&code=oc-7a8b&X-Amz-Security-Token=FwoGZX%2FIvYXdz&access%5Ftoken=pe-9c0d;jsessionid=js-1e2f", "Referer: https://app.example.com/login?token=rf-3a4b&session=ss-5c6d\r\n", &OK.replace("\r\n\r\n", "\r\nContent-Location: https://app.example.com/cb#access_token=fr-7e8f\r\n\r\n")),
            vec!["rt-1a2b", "it-3c4d", "cs-5e6f", "oc-7a8b", "FwoGZX", "pe-9c0d", "js-1e2f", "rf-3a4b", "ss-5c6d", "fr-7e8f"],
        ),
        (
            "a token sent as Authorization and again as a subprotocol",
            Auto,
            handshake("/chat", &format!("Authorization: Bearer {short}\r\nSec-WebSocket-Protocol: access_token, {short}\r\n"), &OK.replace("\r\n\r\n", "\r\nSec-WebSocket-Protocol: access_token\r\n\r\n")),
            vec![short],
        ),
        (
            "a challenge that quotes the token",
            Auto,
            handshake("/chat", &format!("Authorization: Bearer {short}\r\n"), &format!("HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Bearer error=\"invalid_token\", error_description=\"token {short} expired\"\r\nContent-Length: 0\r\n\r\n")),
            vec![short],
        ),
        (
            "cookies joined in one Set-Cookie, and a cookie without a name",
            Auto,
            handshake("/chat", "Cookie: 9a8b7c6d5e4f\r\n", &OK.replace("\r\n\r\n", "\r\nSet-Cookie: theme=dark; Expires=Wed, 21 Oct 2026 07:28:00 GMT; Path=/, sid=9a8b7c6d5e4f3a21; Path=/; HttpOnly\r\n\r\n")),
            vec!["9a8b7c6d5e4f"],
        ),
        (
            "userinfo in the target and in the Referer, and a query in a malformed Origin",
            Auto,
            handshake("ws://alice:hunter2@app.example.com/chat", "Referer: https://bob:s3cretpw@app.example.com/\r\n", OK)
                .replace("Origin: https://app.example.com", &format!("Origin: https://app.example.com/?access_token={JWT}")),
            vec!["hunter2", "s3cretpw", JWT],
        ),
    ]
}

/// What a second review found redaction changing, each now read the same: a host name in an
/// absolute target, close codes and empty parameters in error messages, a log prefix shaped
/// like a credential header, and masks copied into subprotocols.
fn kept_readings() -> Vec<(&'static str, wslens_core::Format, String)> {
    use wslens_core::Format::{Auto, Error};
    let elb = "my-loadbalancer-1234567890.us-west-2.elb.amazonaws.com";
    vec![
        (
            "a load balancer's name in an absolute target",
            Auto,
            handshake(&format!("http://{elb}/chat"), "", OK).replace("app.example.com", elb),
        ),
        ("a close code written code=", Error, "WebSocket closed: code=1006 reason=\n".into()),
        ("a close code in JSON", Error, "{\"code\":1006,\"reason\":\"\",\"wasClean\":false} websocket close\n".into()),
        (
            "an empty token in the URL",
            Error,
            "WebSocket connection to 'wss://app.example.com/ws?token=' failed: Error during WebSocket handshake: Unexpected response code: 401\n".into(),
        ),
        ("an empty token before the words", Error, "ws error token= Unexpected server response: 401\n".into()),
        ("a log prefix", Error, "AuthService: Error: Unexpected server response: 401\n".into()),
        // Found by the `redact` fuzz target: a token's placeholder wrote `100` where the token
        // had `012`, and the message gained a status code.
        (
            "digits after a message",
            Error,
            "websocket: bad handshake\ndial error, websocket: bad handshake at examplHTTP012live\n".into(),
        ),
        (
            "a session prefix",
            Error,
            "session: WebSocket connection to 'wss://a.example/ws' failed: Error during WebSocket handshake: Unexpected response code: 403\n".into(),
        ),
        (
            "cookies offered again as subprotocols",
            Auto,
            handshake("/chat", "Cookie: access=Ab12Cd34Ef56Gh78; refresh=Zy98Xw76Vu54Ts32\r\nSec-WebSocket-Protocol: Ab12Cd34Ef56Gh78, Zy98Xw76Vu54Ts32\r\n", &OK.replace("\r\n\r\n", "\r\nSec-WebSocket-Protocol: Zy98Xw76Vu54Ts32\r\n\r\n")),
        ),
    ]
}

#[test]
fn redaction_keeps_what_the_readers_read() {
    for (name, format, text) in kept_readings() {
        let options = Options { format, ..Options::default() };
        let report = inspect(text.as_bytes(), &options);
        let redaction = redact(&report);
        let again = inspect(redaction.text.as_bytes(), &options);
        let all = |r: &Report| {
            let mut all = codes(r);
            all.extend(r.findings.iter().map(|f| f.code));
            (all, r.exchanges.iter().map(|e| e.verdict).collect::<Vec<_>>())
        };
        assert_eq!(all(&again), all(&report), "{name}:\n{text}\n---\n{}", redaction.text);
        let auto = inspect(redaction.text.as_bytes(), &Options::default());
        assert_eq!(auto.source.format, report.source.format, "{name}: read as another format");
    }
}

#[test]
fn secrets_outside_the_usual_places_go_too() {
    for (name, format, text, secrets) in review_placements() {
        let options = Options { format, ..Options::default() };
        let report = inspect(text.as_bytes(), &options);
        let redaction = redact(&report);
        for secret in &secrets {
            assert!(
                !redaction.text.contains(secret),
                "{name}: {secret} survived in:\n{}",
                redaction.text
            );
        }
        let again = inspect(redaction.text.as_bytes(), &options);
        let verdicts = |r: &Report| r.exchanges.iter().map(|e| e.verdict).collect::<Vec<_>>();
        // A client's error message has its findings outside any exchange; a rebuilt view's
        // own notes (CAP708: rebuilt from a curl command) are not in its text.
        let all_codes = |r: &Report| {
            let mut all = codes(r);
            if format == wslens_core::Format::Error {
                all.extend(r.findings.iter().map(|f| f.code));
            }
            all
        };
        assert_eq!(verdicts(&again), verdicts(&report), "{name}:\n{}", redaction.text);
        assert_eq!(all_codes(&again), all_codes(&report), "{name}:\n{}", redaction.text);
        assert_eq!(redaction.text.len(), report.source.text.len(), "{name}: the shape stays");
    }
}

/// Found by the review: secrets of one shape whose numbers end in zeros (the 1st and the
/// 10th) got one placeholder, and two offered subprotocols became one (WS128).
#[test]
fn distinct_secrets_of_one_shape_keep_distinct_placeholders() {
    let tokens: Vec<String> =
        (0..30).map(|i| format!("a{:031}", 1_234_567_890_123_456_789u128 + i * 7_919)).collect();
    let text = handshake(
        "/chat",
        &format!("Sec-WebSocket-Protocol: {}\r\n", tokens.join(", ")),
        &OK.replace("\r\n\r\n", &format!("\r\nSec-WebSocket-Protocol: {}\r\n\r\n", tokens[9])),
    );
    let report = inspect(text.as_bytes(), &Options::default());
    let redaction = redact(&report);
    let placeholders: std::collections::BTreeSet<&str> =
        redaction.redacted.iter().map(|r| &redaction.text[r.span.range()]).collect();
    assert_eq!(placeholders.len(), tokens.len(), "{}", redaction.text);
    let again = inspect(redaction.text.as_bytes(), &Options::default());
    assert_eq!(codes(&again), codes(&report), "{}", redaction.text);
}

/// Found by the review: with `hosts`, the 255th address got the first one's stand-in.
#[test]
fn every_host_and_port_keeps_its_own_stand_in() {
    let text: String = (0..300)
        .map(|i| {
            handshake("/chat", "", OK)
                .replace(
                    "Host: app.example.com",
                    &format!("Host: 10.1.{}.{}:{}", i / 256, i % 256, 20_000 + i),
                )
                .replace(
                    "Origin: https://app.example.com",
                    &format!("Origin: http://10.2.{}.{}", i / 256, i % 256),
                )
        })
        .collect();
    let report = inspect(text.as_bytes(), &Options::default());
    let options = wslens_core::RedactOptions { bodies: true, hosts: true };
    let redaction = wslens_core::redact_with(&report, &options);
    let stand_ins = |what: &str| {
        redaction
            .redacted
            .iter()
            .filter(|r| r.what == what)
            .map(|r| &redaction.text[r.span.range()])
            .collect::<std::collections::BTreeSet<_>>()
            .len()
    };
    assert_eq!(stand_ins("host"), 600);
    assert_eq!(stand_ins("port"), 300);
    let again = inspect(redaction.text.as_bytes(), &Options::default());
    assert_eq!(codes(&again), codes(&report));
}

/// The exchanges a report counts but does not detail (past the first thousand) lose their
/// secrets as the detailed ones do, and the redacted text reads the same.
#[test]
fn exchanges_past_the_detailed_ones_lose_their_secrets_too() {
    let all = Options { all_exchanges: true, ..Options::default() };
    let placements = placements();
    let mut text = handshake("/chat", "", OK).repeat(wslens_core::DETAILED_EXCHANGES);
    for (placed, _) in &placements {
        text.push_str(placed);
    }
    let report = inspect(text.as_bytes(), &Options::default());
    assert!(report.summary.not_detailed as usize >= placements.len());
    let redaction = redact(&report);
    for (_, secrets) in &placements {
        for secret in secrets {
            assert!(!redaction.text.contains(secret), "{secret} survived");
        }
    }
    let before = inspect(text.as_bytes(), &all);
    let after = inspect(redaction.text.as_bytes(), &all);
    let verdicts = |r: &Report| r.exchanges.iter().map(|e| e.verdict).collect::<Vec<_>>();
    assert_eq!(verdicts(&after), verdicts(&before));
    assert_eq!(codes(&after), codes(&before));

    // Hosts and ports go too when asked, with the same stand-ins as in the detailed ones.
    let options = wslens_core::RedactOptions { hosts: true, ..Default::default() };
    let hidden = wslens_core::redact_with(&report, &options);
    assert!(!hidden.text.contains("app.example.com"), "a host survived");
}
