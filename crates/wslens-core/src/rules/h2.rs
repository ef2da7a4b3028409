//! H2-8xx: WebSockets over HTTP/2 (RFC 8441) and HTTP/3 (RFC 9220), where the handshake is
//! an extended CONNECT with a `:protocol` pseudo-header, answered by a 2xx.
//!
//! Captures show these as DevTools copies of pseudo-header lines (`:method: CONNECT`), or as
//! heads with an `HTTP/2` version. Only the header fields are visible: the SETTINGS frame
//! that allows the extended CONNECT is not, which H2811 says.

use super::{http::truncate, Findings, Rule};
use crate::{
    http::{Field, Head},
    names,
    report::{Part, Span},
    rules::{context::switched, Cx},
};

/// Fields that only make sense for one HTTP/1.1 connection (RFC 9113 §8.2.2).
const CONNECTION_SPECIFIC: &[&str] =
    &["Connection", "Upgrade", "Keep-Alive", "Proxy-Connection", "Transfer-Encoding"];

const REQUEST_PSEUDO: &[&str] = &[":method", ":scheme", ":authority", ":path", ":protocol"];
const RESPONSE_PSEUDO: &[&str] = &[":status"];

/// Whether the exchange uses HTTP/2 or HTTP/3 rather than the HTTP/1.1 Upgrade; the request
/// decides when there is one.
pub(crate) fn applies(cx: &Cx<'_>) -> bool {
    match (cx.req, cx.resp) {
        (Some(req), _) => req.is_h2_or_later(),
        (None, Some(resp)) => resp.is_h2_or_later(),
        (None, None) => false,
    }
}

/// Checks an HTTP/2 or HTTP/3 exchange.
pub(crate) fn check(cx: &Cx<'_>, out: &mut Findings) {
    if let Some(req) = cx.req {
        request(cx, req, out);
        fields(cx, req, Part::Request, out);
    }
    if let Some(resp) = cx.resp {
        fields(cx, resp, Part::Response, out);
        if resp.status() == Some(101) && resp.is_h2_or_later() {
            out.response(
                Rule::H2Status101,
                resp.start_line,
                "the HTTP/2 response has status 101 Switching Protocols".into(),
                "answer the extended CONNECT with `:status: 200` (any 2xx): HTTP/2 has no 101"
                    .into(),
            );
        }
    }
    probed_setting(cx, out);
    mixed_hops(cx, out);
}

/// A request and a response of different HTTP versions: two hops of a translating proxy,
/// whichever of them is the HTTP/2 one (the verdict is then incomplete).
pub(crate) fn mixed_hops(cx: &Cx<'_>, out: &mut Findings) {
    let (Some(req), Some(resp)) = (cx.req, cx.resp) else { return };
    if req.is_h2_or_later() != resp.is_h2_or_later() {
        let (h2, h1) =
            if req.is_h2_or_later() { ("request", "response") } else { ("response", "request") };
        out.add(Rule::H2MixedHops, Part::Handshake, resp.start_line,
            format!("the {h2} is HTTP/2 and the {h1} HTTP/1.1: they come from two different hops"),
            "pair the client's extended CONNECT with its HTTP/2 answer, and the proxy's HTTP/1.1 Upgrade with the backend's 101; wslens does not cross-check the two".into());
    }
}

/// RFC 8441 §3: what the server's SETTINGS said, when `wslens probe --http2` noted them on
/// the line before the request, and what the server then did with the extended CONNECT.
fn probed_setting(cx: &Cx<'_>, out: &mut Findings) {
    let Some((enabled, note)) = setting_note_of(cx) else { return };
    if !enabled {
        out.add(Rule::H2ConnectProtocolOff, Part::Handshake, note,
            "the server's SETTINGS do not enable the extended CONNECT (SETTINGS_ENABLE_CONNECT_PROTOCOL is not 1), so no WebSocket is sent over this HTTP/2 connection".into(),
            "browsers open this WebSocket over HTTP/1.1 instead: probe without --http2 to see that handshake; to serve WebSockets over HTTP/2, enable the extended CONNECT (RFC 8441) in the server".into());
        return;
    }
    // The answers of a server that does not understand the CONNECT it allowed: a bad request,
    // a method not allowed or not implemented, a proxy's failed relay. A 401, 403 or 404 is an
    // ordinary refusal of a WebSocket it did understand.
    let not_understood = |status: u16| matches!(status, 400 | 405 | 500 | 501 | 502);
    let Some(resp) =
        cx.resp.filter(|r| !switched(r, true) && r.status().is_some_and(not_understood))
    else {
        return;
    };
    let status = resp.status().unwrap_or_default();
    out.add(Rule::H2AdvertisedThenRefused, Part::Handshake, resp.start_line,
        format!("the server advertised SETTINGS_ENABLE_CONNECT_PROTOCOL = 1, then answered the WebSocket's extended CONNECT with {status}"),
        "browsers that see the setting send every WebSocket this way and never fall back to HTTP/1.1: stop advertising it where the WebSocket handler only accepts the Upgrade (Go: GODEBUG=http2xconnect=0), or accept the extended CONNECT in the handler".into())
        .label(note, "advertised here");
}

/// The value of the setting in the probe's note on the line before the request, and where
/// the note is.
fn setting_note_of(cx: &Cx<'_>) -> Option<(bool, Span)> {
    let note = crate::text::probe_note_before(cx.src, 0, cx.req?.span.start as usize)?;
    let line = &cx.src[note.range()];
    let at = line.find(names::ENABLE_CONNECT_PROTOCOL)? + names::ENABLE_CONNECT_PROTOCOL.len();
    Some((line[at..].starts_with('1'), note))
}

fn request(cx: &Cx<'_>, req: &Head, out: &mut Findings) {
    let pseudo = |name: &'static str| req.first(cx.src, name);
    // With a start line (`CONNECT /chat HTTP/2`), method and path come from it.
    let method = match pseudo(":method") {
        Some(field) => Some((field.value(cx.src), field.value)),
        None if !req.pseudo => match req.start {
            crate::http::StartLine::Request { method, .. } => Some((cx.snippet(method), method)),
            crate::http::StartLine::Response { .. } => None,
        },
        None => None,
    };
    if let Some((text, span)) = method {
        if text != "CONNECT" {
            out.request(Rule::H2MethodNotConnect, span,
                format!("the HTTP/2 request's method is `{text}`, not CONNECT"),
                "open a WebSocket over HTTP/2 with `:method: CONNECT` and `:protocol: websocket` (RFC 8441); GET with Upgrade is HTTP/1.1 only".into());
        }
    }
    match pseudo(":protocol") {
        None => {
            out.request(Rule::H2ProtocolMissing, req.start_line,
                "the HTTP/2 request has no `:protocol` pseudo-header".into(),
                "send `:protocol: websocket` with the CONNECT; without it the request asks for a TCP tunnel".into());
        }
        Some(field) if field.value(cx.src) != names::WEBSOCKET => {
            out.request(
                Rule::H2ProtocolNotWebsocket,
                field.value,
                format!("`:protocol` is `{}`, not `websocket`", truncate(field.value(cx.src), 80)),
                "send `:protocol: websocket` (lowercase, exactly)".into(),
            );
        }
        Some(_) => setting_note(cx, out),
    }
    if req.pseudo {
        let missing: Vec<&str> = [":method", ":scheme", ":path", ":authority"]
            .into_iter()
            .filter(|name| pseudo(name).is_none())
            .collect();
        if !missing.is_empty() && req.complete {
            let list = missing.iter().map(|m| format!("`{m}`")).collect::<Vec<_>>().join(", ");
            out.request(Rule::H2PseudoHeaderMissing, req.start_line,
                format!("the extended CONNECT lacks {list}"),
                "send `:method`, `:scheme`, `:path` and `:authority` with `:protocol`, as for the WebSocket URL: `:scheme: https`, `:authority: host[:port]`, `:path: /resource?query`".into());
        }
    }
    if let Some(field) = pseudo(":scheme") {
        let scheme = field.value(cx.src);
        if scheme != "https" && scheme != "http" {
            let help = match scheme.to_ascii_lowercase().as_str() {
                "wss" => {
                    "write `:scheme: https`: a wss:// WebSocket uses the https scheme over HTTP/2"
                }
                "ws" => "write `:scheme: http`: a ws:// WebSocket uses the http scheme over HTTP/2",
                _ => "write `:scheme: https` for wss:// and `:scheme: http` for ws://",
            };
            out.request(
                Rule::H2SchemeNotHttp,
                field.value,
                format!("`:scheme` is `{scheme}`"),
                help.into(),
            );
        }
    }
}

/// H2811: the setting that allows the extended CONNECT is in a SETTINGS frame, not in the
/// fields a copy shows (unless `wslens probe` noted it).
pub(crate) fn setting_note(cx: &Cx<'_>, out: &mut Findings) {
    let Some(req) = cx.req else { return };
    if setting_note_of(cx).is_some() {
        // The probe read the SETTINGS and noted them: H2813 or H2814 say what they were.
        return;
    }
    out.add(Rule::H2SettingNotVisible, Part::Handshake, req.start_line,
        "this extended CONNECT depends on the server's SETTINGS_ENABLE_CONNECT_PROTOCOL = 1, which a header copy does not show".into(),
        "if browsers use HTTP/1.1 for this WebSocket instead, the server (or the proxy in front of it) does not send the setting: enable WebSockets over HTTP/2 there".into());
}

/// Field rules that hold for both messages: connection-specific fields, lowercase names,
/// the key and accept, and where pseudo-headers may go.
fn fields(cx: &Cx<'_>, head: &Head, part: Part, out: &mut Findings) {
    if !head.is_h2_or_later() {
        return;
    }
    let (own, other) = match part {
        Part::Request => (REQUEST_PSEUDO, RESPONSE_PSEUDO),
        _ => (RESPONSE_PSEUDO, REQUEST_PSEUDO),
    };
    let mut seen_regular = false;
    let mut seen_pseudo: Vec<&str> = Vec::new();
    // The first field with an uppercase name, and how many there are.
    let mut uppercase: (Option<&Field>, usize) = (None, 0);
    for field in &head.fields {
        let name = field.name(cx.src);
        if name.bytes().any(|b| b.is_ascii_uppercase()) {
            uppercase.0.get_or_insert(field);
            uppercase.1 += 1;
        }
        if let Some(connection) = CONNECTION_SPECIFIC.iter().find(|c| c.eq_ignore_ascii_case(name))
        {
            out.add_folding(Rule::H2ConnectionSpecificField, part, field.line, || (
                format!("`{name}` is a connection-specific field, which HTTP/2 forbids"),
                format!("remove {connection}: in HTTP/2 the extended CONNECT replaces Upgrade and Connection. If a proxy translated an HTTP/1.1 handshake, configure it to drop the hop-by-hop fields")));
        }
        if name.eq_ignore_ascii_case(names::SEC_WEBSOCKET_KEY)
            || name.eq_ignore_ascii_case(names::SEC_WEBSOCKET_ACCEPT)
        {
            out.add_folding(Rule::H2KeyOrAcceptPresent, part, field.line, || (
                format!("`{name}` is not used over HTTP/2"),
                "leave it out: `:protocol` replaces the key and the accept. Its presence suggests an HTTP/1.1 handshake translated on the way".into()));
        }
        if !name.starts_with(':') {
            seen_regular = true;
            continue;
        }
        let why = if seen_regular {
            Some("comes after a regular field; pseudo-headers come first".to_owned())
        } else if other.contains(&name) {
            Some(format!(
                "belongs to {}",
                if part == Part::Request { "responses" } else { "requests" }
            ))
        } else if !own.contains(&name) {
            Some("is not a pseudo-header HTTP/2 defines".to_owned())
        } else if seen_pseudo.contains(&name) {
            Some("appears twice".to_owned())
        } else {
            None
        };
        // Only this part's own names, once each: a hostile head of a hundred thousand
        // unknown or repeated pseudo-headers keeps the list as short as the known names.
        if why.is_none() {
            seen_pseudo.push(name);
        }
        if let Some(why) = why {
            out.add_folding(Rule::H2PseudoHeaderMisplaced, part, field.line, || (
                format!("`{name}` {why}"),
                "list each pseudo-header once, before the regular fields: `:method`, `:scheme`, `:authority`, `:path`, `:protocol` in a request, `:status` in a response".into()));
        }
    }
    if let (Some(first), count) = uppercase {
        let more = match count {
            1 => String::new(),
            n => format!(" (and {} more)", n - 1),
        };
        out.add(
            Rule::H2UppercaseFieldName,
            part,
            first.name,
            format!(
                "`{}`{more} has uppercase letters, which HTTP/2 field names may not",
                first.name(cx.src)
            ),
            "send field names in lowercase over HTTP/2 (`sec-websocket-protocol`)".into(),
        );
    }
}
