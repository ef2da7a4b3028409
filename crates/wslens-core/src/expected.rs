//! What a careful server would have answered (RFC 6455 §4.2.2, §4.4; RFC 9110 §15).

use crate::{
    headers::deflate::{self, Config},
    http::Head,
    names,
    report::{ExpectedResponse, ExtensionItem, Finding, MessageVerdict, Part, Severity, Text},
    rules::{
        negotiation::{Answer, Offer},
        security::Exposure,
        Cx,
    },
    text::concat,
};

/// The answer to `req`: a 101 when a strict server could accept it, otherwise the error a
/// strict server sends.
pub(crate) fn response(
    cx: &Cx<'_>,
    req: &Head,
    offer: &Offer<'_>,
    answer: &Answer<'_>,
    findings: &[Finding],
    request: MessageVerdict,
) -> ExpectedResponse {
    let expected = if request == MessageVerdict::Invalid {
        refusal(findings)
    } else {
        acceptance(cx, req, offer, answer, findings)
    };
    if cx.h2 {
        over_h2(expected)
    } else {
        expected
    }
}

/// The 101 a careful server sends to an acceptable request.
fn acceptance(
    cx: &Cx<'_>,
    req: &Head,
    offer: &Offer<'_>,
    answer: &Answer<'_>,
    findings: &[Finding],
) -> ExpectedResponse {
    let mut reasons = Vec::new();
    // Written straight into the text: this runs for every exchange.
    let mut text = String::with_capacity(256);
    text.push_str(
        "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n",
    );
    let mut line = |name: &str, value: &str| {
        for part in [name, ": ", value, "\r\n"] {
            text.push_str(part);
        }
    };
    let key = req.first(cx.src, names::SEC_WEBSOCKET_KEY).filter(|_| !cx.h2);
    if let (Some(key), Some(steps)) = (key, cx.accept_steps()) {
        let accept = &steps.accept;
        reasons.push(
            concat(&[
                "Sec-WebSocket-Accept is base64(SHA-1(\"",
                key.value(cx.src),
                "\" + GUID)) = ",
                accept,
            ])
            .into(),
        );
        line(names::SEC_WEBSOCKET_ACCEPT, accept);
    }
    let switched = cx.switched_response().is_some();
    if let Some(first) = offer.protocols.first() {
        let pick: &str = match &answer.protocol {
            Some((p, _)) if offer.protocols.iter().any(|(o, _)| o == p) => {
                reasons
                    .push(concat(&["subprotocol ", p, ": the server's own valid choice"]).into());
                p
            }
            _ => {
                reasons.push(format!(
                    "subprotocol {}: the client's first preference; selecting none is legal, but Chrome, Safari, ws and tungstenite then fail",
                    first.0
                ).into());
                first.0
            }
        };
        line(names::SEC_WEBSOCKET_PROTOCOL, pick);
    }
    match extension_choice(offer, answer, findings, switched, &mut reasons) {
        Some(ExtensionLine::Built(value)) => line(names::SEC_WEBSOCKET_EXTENSIONS, &value),
        Some(ExtensionLine::Accepted(ext)) => {
            for part in [names::SEC_WEBSOCKET_EXTENSIONS, ": "] {
                text.push_str(part);
            }
            render(&mut text, ext);
            text.push_str("\r\n");
        }
        None => {}
    }
    text.push_str("\r\n");
    let status = cx.resp.and_then(Head::status);
    if status == Some(401) {
        reasons.push("this is the answer once the client has authenticated".into());
    }
    match Exposure::of(cx) {
        Some(exposure) => reasons.push(origin_check(cx, &exposure).into()),
        None if status == Some(403) => {
            reasons.push("this is the answer once the server allows the request's Origin".into());
        }
        None => {}
    }
    ExpectedResponse { status: 101, text, reasons }
}

/// Why this 101 depends on the server's Origin check (RFC 6455 §10.2), when the request
/// carries credentials from a page that may be another site's (SEC601's case).
fn origin_check(cx: &Cx<'_>, exposure: &Exposure<'_>) -> String {
    let credentials = exposure.credentials.name(cx.src);
    match exposure.origin {
        None => format!("{credentials} and no Origin, so not a browser (a browser always sends one): this 101 suits a server that takes such clients; one that relies on cookies answers 403 Forbidden without an Origin on its allow-list (RFC 6455 §10.2)"),
        Some(_) => format!("{credentials} with {}: switch only if the server's allow-list admits it, otherwise answer 403 Forbidden (RFC 6455 §10.2)", exposure.origin_case()),
    }
}

/// RFC 7692: keep a valid accepted permessage-deflate; otherwise accept the first offer a
/// server may accept, answering what it asked for.
fn extension_choice<'a>(
    offer: &Offer<'a>,
    answer: &Answer<'a>,
    findings: &[Finding],
    switched: bool,
    reasons: &mut Vec<Text>,
) -> Option<ExtensionLine<'a>> {
    let broken_answer = findings.iter().any(|f| {
        f.part == Part::Response
            && (f.rule().is_deflate() || f.rule().is_extension_answer())
            && f.severity == Severity::Error
    });
    if switched && !broken_answer {
        return match answer.extensions.iter().find(|e| deflate::is_deflate(e)) {
            Some(accepted) => {
                reasons.push(
                    "permessage-deflate as the server accepted it: a valid answer to the offer"
                        .into(),
                );
                Some(ExtensionLine::Accepted(accepted))
            }
            None => {
                if offer.extensions.iter().any(deflate::is_deflate) {
                    reasons.push("no extension: the server declined permessage-deflate, which is always allowed".into());
                }
                None
            }
        };
    }
    let offers: Vec<&ExtensionItem> =
        offer.extensions.iter().filter(|e| deflate::is_deflate(e)).collect();
    // Read from each offer, not from the findings: those fold the repeats of a rule, so an
    // offer whose problem was folded into another's finding would look valid.
    let valid = offers.iter().find(|o| crate::rules::deflate::is_acceptable_offer(o));
    match valid {
        Some(o) => {
            let c = Config::of(o);
            let mut out = names::PERMESSAGE_DEFLATE.to_owned();
            if c.server_no_context_takeover {
                out.push_str("; server_no_context_takeover");
            }
            if c.client_no_context_takeover {
                out.push_str("; client_no_context_takeover");
            }
            if let Some(Some(bits)) = c.server_max_window_bits {
                out.push_str(&format!("; server_max_window_bits={bits}"));
            }
            if let Some(Some(bits)) = c.client_max_window_bits {
                out.push_str(&format!("; client_max_window_bits={bits}"));
            }
            let mut offered = String::new();
            render(&mut offered, o);
            reasons.push(format!("permessage-deflate: accepts the offer `{offered}`, answering every limit it asks for (RFC 7692 §7.1)").into());
            Some(ExtensionLine::Built(out))
        }
        None if !offers.is_empty() => {
            reasons.push("no extension: every permessage-deflate offer is one the server must decline (RFC 7692 §7)".into());
            None
        }
        None => None,
    }
}

/// The Sec-WebSocket-Extensions value of the expected answer.
enum ExtensionLine<'a> {
    /// The element the server accepted, as it is.
    Accepted(&'a ExtensionItem),
    /// An answer built for an offer.
    Built(String),
}

/// Writes an extension element as `name; param=value`.
fn render(out: &mut String, ext: &ExtensionItem) {
    out.push_str(&ext.name);
    for p in &ext.params {
        out.push_str("; ");
        out.push_str(&p.name);
        if let Some(v) = &p.value {
            out.push('=');
            out.push_str(v);
        }
    }
}

/// The error a strict server sends for an invalid request, chosen by its first problem.
fn refusal(findings: &[Finding]) -> ExpectedResponse {
    let errors: Vec<&Finding> = findings
        .iter()
        .filter(|f| f.part == Part::Request && f.severity == Severity::Error)
        .collect();
    let has = |codes: &[&str]| errors.iter().any(|f| codes.contains(&f.code));
    let mut reasons: Vec<Text> =
        errors.iter().map(|f| format!("{}: {}", f.code, f.message).into()).collect();
    let (status, mut lines) = if has(&["WS101"]) {
        reasons.insert(0, "405: the method is not GET; RFC 9110 §15.5.6 requires Allow".into());
        (
            405,
            vec![
                "HTTP/1.1 405 Method Not Allowed",
                "Allow: GET",
                "Connection: close",
                "Content-Length: 0",
            ],
        )
    } else if has(&["WS102"]) {
        reasons.insert(
            0,
            "505: the request is not HTTP/1.1, which a WebSocket handshake needs".into(),
        );
        (
            505,
            vec![
                "HTTP/1.1 505 HTTP Version Not Supported",
                "Connection: close",
                "Content-Length: 0",
            ],
        )
    } else if has(&["WS110", "WS111", "WS112", "WS113", "WS119", "WS120", "WS121"]) {
        reasons.insert(0, "426: the request lacks a usable WebSocket upgrade; RFC 9110 §15.5.22 requires Upgrade, and RFC 6455 §4.2.2 the supported Sec-WebSocket-Version".into());
        (
            426,
            vec![
                "HTTP/1.1 426 Upgrade Required",
                "Upgrade: websocket",
                "Connection: Upgrade",
                "Sec-WebSocket-Version: 13",
                "Content-Length: 0",
            ],
        )
    } else {
        reasons.insert(
            0,
            "400: RFC 6455 §4.2.1 says to stop and answer an error such as 400 Bad Request".into(),
        );
        (400, vec!["HTTP/1.1 400 Bad Request", "Connection: close", "Content-Length: 0"])
    };
    if status == 400 && has(&["WS119", "WS120"]) {
        lines.insert(1, "Sec-WebSocket-Version: 13");
    }
    let lines: Vec<String> = lines.into_iter().map(str::to_owned).collect();
    ExpectedResponse { status, text: head_text(&lines), reasons }
}

/// The same answer on an HTTP/2 stream (RFC 8441 §5; RFC 9113 §8.2): `:status` instead of a
/// status line, 200 instead of 101, lowercase names, and no Upgrade, Connection or accept.
fn over_h2(expected: ExpectedResponse) -> ExpectedResponse {
    let status = if expected.status == 101 { 200 } else { expected.status };
    let dropped = ["upgrade", "connection", "sec-websocket-accept"];
    let mut lines = vec![format!(":status: {status}")];
    for line in expected.text.lines().skip(1).filter(|l| !l.is_empty()) {
        let (name, value) = line.split_once(':').unwrap_or((line, ""));
        let name = name.to_ascii_lowercase();
        if !dropped.contains(&name.as_str()) {
            lines.push(format!("{name}:{value}"));
        }
    }
    let mut reasons = expected.reasons;
    if status == 200 {
        reasons.insert(0, "200: an extended CONNECT succeeds with a 2xx; HTTP/2 has no 101, and `:protocol` replaces Upgrade, Connection and the key/accept pair (RFC 8441 §5)".into());
    }
    ExpectedResponse { status, text: head_text(&lines), reasons }
}

fn head_text(lines: &[String]) -> String {
    let mut text = lines.join("\r\n");
    text.push_str("\r\n\r\n");
    text
}
