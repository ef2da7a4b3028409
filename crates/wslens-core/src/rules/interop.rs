//! INT5xx: legal, but known to break real clients.

use super::{http::truncate, Findings, Rule};
use crate::{
    headers::Kind,
    http::{Head, StartLine},
    names,
    report::Part,
    rules::Cx,
};

pub(crate) fn check(cx: &Cx<'_>, out: &mut Findings) {
    if cx.h2 {
        // HTTP/2 names are lowercase by rule, and there is no 101 to be fussy about.
        return;
    }
    if let Some(req) = cx.req {
        casing(cx, req, Part::Request, out);
    }
    let Some(resp) = cx.resp else { return };
    casing(cx, resp, Part::Response, out);
    if resp.status() != Some(101) || resp.is_h2_or_later() {
        return;
    }
    // tungstenite's client compares the whole value with "Upgrade" (snapview/tungstenite-rs#548).
    let headers = &cx.resp_headers;
    if let Some(line) = headers.lines_of(Kind::Connection).next() {
        let has_upgrade =
            headers.tokens(line).iter().any(|(t, _)| t.eq_ignore_ascii_case("upgrade"));
        let field = line.field;
        if has_upgrade && !field.value(cx.src).eq_ignore_ascii_case("upgrade") {
            out.response(
                Rule::ConnectionNotExactlyUpgrade,
                field.value,
                format!(
                    "the 101's Connection is `{}`, not exactly `Upgrade`",
                    truncate(field.value(cx.src), 80)
                ),
                "answer `Connection: Upgrade` alone: tungstenite's client fails on anything else"
                    .into(),
            );
        }
    }
    if let Some(line) = headers.lines_of(Kind::Upgrade).next() {
        let values = headers.tokens(line);
        if values.len() > 1 && values.iter().any(|(v, _)| v.eq_ignore_ascii_case(names::WEBSOCKET))
        {
            out.response(Rule::UpgradeMultipleValues, line.field.value,
                format!("the 101's Upgrade lists {} protocols", values.len()),
                "answer `Upgrade: websocket` alone: Chrome and python-websockets require the single value".into());
        }
    }
    if let StartLine::Response { reason, .. } = resp.start {
        let text = cx.snippet(reason);
        if !text.eq_ignore_ascii_case("Switching Protocols") {
            let what = if text.is_empty() { "empty".to_owned() } else { format!("`{text}`") };
            out.response(Rule::ReasonPhraseUnusual, if reason.is_empty() { resp.start_line } else { reason },
                format!("the 101's reason phrase is {what}"),
                "legal (the reason is free text), but some small clients compare the whole status line with `HTTP/1.1 101 Switching Protocols`".into());
        }
    }
}

/// The name hash of each of [`names::HANDSHAKE_HEADERS`].
const HANDSHAKE_HASHES: [u32; names::HANDSHAKE_HEADERS.len()] = {
    let mut hashes = [0; names::HANDSHAKE_HEADERS.len()];
    let mut i = 0;
    while i < hashes.len() {
        hashes[i] = crate::http::name_hash(names::HANDSHAKE_HEADERS[i]);
        i += 1;
    }
    hashes
};

/// Handshake headers spelled other than canonically (RFC 9110 §5.1 allows any casing).
/// HTTP/2 and HTTP/3 require lowercase names, so there the canonical spelling is the odd one.
fn casing(cx: &Cx<'_>, head: &Head, part: Part, out: &mut Findings) {
    if head.is_h2_or_later() {
        return;
    }
    for field in &head.fields {
        let name = field.name(cx.src);
        // Hashes rule out the other names before any text is compared.
        let Some(canonical) = names::HANDSHAKE_HEADERS
            .iter()
            .zip(HANDSHAKE_HASHES)
            .find(|(c, hash)| field.name_hash == *hash && c.eq_ignore_ascii_case(name))
            .map(|(c, _)| c)
        else {
            continue;
        };
        if name != *canonical {
            out.add_folding(Rule::NoncanonicalHeaderName, part, field.name, || (
                format!("`{name}` is spelled differently from `{canonical}`"),
                format!("legal, but clients and servers that match the exact spelling miss it: send `{canonical}`")));
        }
    }
}
