//! WS1xx: the client's opening handshake (RFC 6455 §4.1 client requirements, §4.2.1).

use super::{http::truncate, Findings, Rule};
use crate::{
    accept::{KeyError, SAMPLE_KEY},
    http::{Field, Head, StartLine},
    names,
    rules::context::{authority_host, Cx},
};

/// Checks one request head.
pub(crate) fn check(cx: &Cx<'_>, req: &Head, out: &mut Findings) {
    start_line(cx, req, out);
    host(cx, req, out);
    upgrade_and_connection(cx, req, out);
    key(cx, req, out);
    version(cx, req, out);
    origin(cx, req, out);
    wrong_direction(cx, req, out);
}

/// The RFC 6455 checks that still hold for an HTTP/2 or HTTP/3 extended CONNECT (RFC 8441
/// §5): Sec-WebSocket-Version, Origin, and fields that belong to the other side. The method,
/// target, Host, Upgrade, Connection and key are `rules::h2`'s business there.
pub(crate) fn check_extended_connect(cx: &Cx<'_>, req: &Head, out: &mut Findings) {
    version(cx, req, out);
    origin(cx, req, out);
    wrong_direction(cx, req, out);
}

/// RFC 6455 §4.1 items 2 and 3: GET, at least HTTP/1.1, a resource name or absolute http(s) URI.
fn start_line(cx: &Cx<'_>, req: &Head, out: &mut Findings) {
    let StartLine::Request { method, target, version } = req.start else { return };
    let method_text = cx.snippet(method);
    if method_text != "GET" && !method_text.is_empty() {
        let help = if method_text.eq_ignore_ascii_case("GET") {
            "methods are case-sensitive: write GET in capitals".to_owned()
        } else {
            "open WebSockets with GET; a server answers other methods with 405 or 400".to_owned()
        };
        out.request(
            Rule::MethodNotGet,
            method,
            format!("the method is {method_text}, not GET"),
            help,
        );
    }
    // "The method of the request MUST be GET, and the HTTP version MUST be at least 1.1."
    if let Some(v @ (0, _) | v @ (1, 0)) = req.version {
        out.request(
            Rule::VersionBelow11,
            version,
            format!("the request is HTTP/{}.{}; a WebSocket handshake needs HTTP/1.1", v.0, v.1),
            "send the request as HTTP/1.1: an HTTP/1.0 server must ignore Upgrade".into(),
        );
    }
    let target_text = cx.snippet(target);
    let starts_with = |prefix: &str| {
        target_text.get(..prefix.len()).is_some_and(|p| p.eq_ignore_ascii_case(prefix))
    };
    let ws_scheme = starts_with("ws://") || starts_with("wss://");
    if ws_scheme && chrome_devtools_copy(cx, req, target_text) {
        out.request(Rule::DevtoolsAbsoluteTarget, target,
            format!("`{target_text}` is how Chrome's DevTools writes the request line; Chrome sent `{}` on the wire", path_of(target_text)),
            "nothing to fix if this text was copied from DevTools; if these are the bytes on the wire, the client must send the path only, with the host in Host".into());
    } else if ws_scheme {
        out.request(Rule::TargetWsScheme, target,
            format!("the request-target `{target_text}` uses the WebSocket scheme"),
            format!("send the path only (`GET {} HTTP/1.1`) with the host in Host; ws:// belongs in the client's URL, not in the request line", path_of(target_text)));
    } else if target_text.contains('#') {
        let at = target.start as usize + target_text.find('#').unwrap_or(0);
        out.request(
            Rule::TargetFragment,
            crate::report::Span::new(at, target.end as usize),
            "the request-target has a fragment (`#...`)".into(),
            "drop the fragment: it is meaningless for WebSocket URIs and invalid in a request line"
                .into(),
        );
    } else if starts_with("http://") || starts_with("https://") {
        let authority = authority_of(target_text);
        if let Some(host) = req.first(cx.src, names::HOST) {
            if !authority.eq_ignore_ascii_case(host.value(cx.src)) {
                out.request(Rule::HostTargetMismatch, target,
                    format!("the target names `{}` but Host is `{}`", truncate(authority, 80), truncate(host.value(cx.src), 80)),
                    "make Host equal to the authority of the absolute target, or send the path only".into())
                    .label(host.value, "Host");
            }
        }
    } else if !target_text.starts_with('/') || target_text.bytes().any(|b| !b.is_ascii_graphic()) {
        out.request(
            Rule::TargetInvalid,
            target,
            format!("the request-target `{target_text}` is not a path"),
            "send the resource name: a path starting with `/`, with an optional `?query`".into(),
        );
    }
}

/// Chrome's DevTools write the socket's ws:// URL on the request line (Chrome sends only the
/// path): a Chrome User-Agent, and a URL whose authority is the Host sent.
fn chrome_devtools_copy(cx: &Cx<'_>, req: &Head, target: &str) -> bool {
    let chrome =
        req.first(cx.src, names::USER_AGENT).is_some_and(|ua| ua.value(cx.src).contains("Chrome/"));
    let host = req.first(cx.src, names::HOST).map(|h| h.value(cx.src));
    chrome && host.is_some_and(|h| authority_of(target).eq_ignore_ascii_case(h))
}

fn path_of(absolute: &str) -> &str {
    let rest = absolute.split_once("://").map_or(absolute, |(_, r)| r);
    rest.find('/').map_or("/", |i| &rest[i..])
}

fn authority_of(absolute: &str) -> &str {
    let rest = absolute.split_once("://").map_or(absolute, |(_, r)| r);
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    &rest[..end]
}

/// RFC 9112 §3.2 and RFC 6455 §4.1 item 4.
fn host(cx: &Cx<'_>, req: &Head, out: &mut Findings) {
    let missing = (
        Rule::HostMissing,
        "add `Host: <host>[:<port>]`, with the port when it is not 80 (ws) or 443 (wss)",
    );
    let Some(first) = single(
        cx,
        req,
        names::HOST,
        Some(missing),
        (Rule::HostDuplicate, "send exactly one Host header"),
        out,
    ) else {
        return;
    };
    if !valid_host(first.value(cx.src)) {
        out.request(Rule::HostInvalid, first.value, format!("`{}` is not a valid Host value", truncate(first.value(cx.src), 80)),
            "write the host name or address and an optional port, such as `example.com:8080`; no scheme, no path".into());
    }
}

/// `Host = uri-host [ ":" port ]` (RFC 9110 §7.2), with `uri-host` from RFC 3986.
fn valid_host(value: &str) -> bool {
    let (host, port) = if let Some(rest) = value.strip_prefix('[') {
        let Some(close) = rest.find(']') else { return false };
        let literal = &rest[..close];
        if literal.is_empty()
            || !literal
                .bytes()
                .all(|b| b.is_ascii_hexdigit() || matches!(b, b':' | b'.' | b'v' | b'V'))
        {
            return false;
        }
        (
            literal,
            rest[close + 1..]
                .strip_prefix(':')
                .map(Some)
                .unwrap_or_else(|| (rest.len() == close + 1).then_some("")),
        )
    } else {
        match value.rsplit_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (value, Some("")),
        }
    };
    let Some(port) = port else { return false };
    let reg_name_ok = !host.is_empty() && host.bytes().all(is_reg_name_byte);
    reg_name_ok && port.bytes().all(|b| b.is_ascii_digit())
}

/// RFC 3986 reg-name: unreserved, pct-encoded and sub-delims (and the colon, which the Host
/// value's split on its last colon leaves in).
pub(crate) fn is_reg_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"-._~%!$&'()*+,;=:".contains(&b)
}

/// RFC 6455 §4.2.1 items 3 and 4, with the tokens compared ASCII case-insensitively.
fn upgrade_and_connection(cx: &Cx<'_>, req: &Head, out: &mut Findings) {
    match req.first(cx.src, names::UPGRADE) {
        None if req.complete => {
            out.request(Rule::UpgradeMissing, req.start_line, "the request has no Upgrade header".into(),
                "send `Upgrade: websocket`; if the client did, a proxy on the way dropped it: forward Upgrade and Connection (nginx: `proxy_set_header Upgrade $http_upgrade; proxy_set_header Connection \"upgrade\";`)".into());
        }
        Some(first) if !cx.req_headers.upgrade_has(names::WEBSOCKET) => {
            out.request(
                Rule::UpgradeNotWebsocket,
                first.value,
                format!("Upgrade is `{}`, which does not include websocket", first.value(cx.src)),
                "send `Upgrade: websocket`".into(),
            );
        }
        _ => {}
    }
    match req.first(cx.src, names::CONNECTION) {
        None if req.complete => {
            out.request(Rule::ConnectionMissing, req.start_line, "the request has no Connection header".into(),
                "send `Connection: Upgrade`; proxies remove Connection and the fields it names, so configure them to forward it".into());
        }
        Some(first) if !cx.req_headers.connection_has("upgrade") => {
            out.request(Rule::ConnectionNoUpgrade, first.value,
            format!("Connection is `{}`, which does not include the Upgrade token", truncate(first.value(cx.src), 80)),
            "send `Connection: Upgrade`; `keep-alive` or `close` here is the mark of a proxy that rewrote the header".into());
        }
        _ => {}
    }
}

/// RFC 6455 §4.1 item 7 and §4.2.1 item 5.
fn key(cx: &Cx<'_>, req: &Head, out: &mut Findings) {
    let missing = (
        Rule::KeyMissing,
        "send `Sec-WebSocket-Key:` with 16 random bytes in base64, a new value for every connection",
    );
    let duplicate = (Rule::KeyDuplicate, "send exactly one key");
    let Some(first) = single(cx, req, names::SEC_WEBSOCKET_KEY, Some(missing), duplicate, out)
    else {
        return;
    };
    let value = first.value(cx.src);
    let Some(decoded) = cx.key_bytes() else { return };
    match decoded {
        Ok(bytes) if bytes.len() == 16 => {
            if value == SAMPLE_KEY {
                out.request(Rule::KeySample, first.value,
                    "the key is the RFC 6455 sample key (\"the sample nonce\")".into(),
                    "generate 16 random bytes for every connection; a fixed key is only fit for examples".into());
            }
        }
        Ok(bytes) => {
            out.request(
                Rule::KeyNot16Bytes,
                first.value,
                format!("the key decodes to {} bytes, not 16", bytes.len()),
                "send exactly 16 random bytes, base64-encoded: 24 characters ending in `==`".into(),
            );
        }
        Err(error) => {
            let (span, why) = match *error {
                KeyError::NotBase64 { at } => {
                    let c = value[at..].chars().next().unwrap_or(' ');
                    (
                        first.inner(at..at + c.len_utf8()),
                        format!("`{c}` at position {} is not base64", at + 1),
                    )
                }
                KeyError::BadLength => {
                    (first.value, format!("its length, {}, is not a multiple of 4", value.len()))
                }
                KeyError::NotCanonical => {
                    let at = value.trim_end_matches('=').len().saturating_sub(1);
                    (
                        first.inner(at..at + 1),
                        "its last character sets bits that canonical base64 leaves zero".to_owned(),
                    )
                }
            };
            out.request(Rule::KeyNotBase64, span, format!("the key `{value}` is not valid base64: {why}"),
                "send 16 random bytes encoded with standard base64 (A-Z a-z 0-9 + /) and `==` padding".into());
        }
    }
}

/// RFC 6455 §4.1 item 9 and §11.3.5.
fn version(cx: &Cx<'_>, req: &Head, out: &mut Findings) {
    // Pre-RFC drafts have no version header; WS132 explains them instead. (Looked for only
    // when the version is missing.)
    let missing = (!req.has(cx.src, names::SEC_WEBSOCKET_VERSION) && !legacy(cx, req))
        .then_some((Rule::VersionMissing, "send `Sec-WebSocket-Version: 13`"));
    let duplicate = (Rule::VersionDuplicate, "send exactly one `Sec-WebSocket-Version: 13`");
    let Some(first) = single(cx, req, names::SEC_WEBSOCKET_VERSION, missing, duplicate, out) else {
        return;
    };
    let value = first.value(cx.src);
    if value != names::VERSION_13 {
        let what = match value {
            "7" | "8" => format!("`{value}` is the version of an hybi draft from before RFC 6455"),
            "9" | "10" | "11" | "12" => {
                format!("`{value}` was reserved by RFC 6455 and never used")
            }
            _ => format!("the version is `{value}`"),
        };
        out.request(Rule::VersionNot13, first.value, format!("{what}, not 13"),
            "send `Sec-WebSocket-Version: 13`; a server answers other versions with 426 or 400 and the versions it supports".into());
    }
}

fn legacy(cx: &Cx<'_>, req: &Head) -> bool {
    ["Sec-WebSocket-Key1", "Sec-WebSocket-Key2", "Sec-WebSocket-Draft", "Sec-WebSocket-Origin"]
        .iter()
        .any(|n| req.has(cx.src, n))
}

/// RFC 6455 §4.1 item 8 and RFC 6454 §7.
fn origin(cx: &Cx<'_>, req: &Head, out: &mut Findings) {
    let missing = (
        Rule::OriginMissing,
        "browsers always send Origin; a non-browser client may omit it, but servers with an origin allow-list may then refuse",
    );
    let duplicate = (Rule::OriginDuplicate, "send one Origin header");
    let Some(first) = single(cx, req, names::ORIGIN, Some(missing), duplicate, out) else {
        return;
    };
    let value = first.value(cx.src);
    if value == "null" {
        out.request(Rule::OriginNull, first.value,
            "Origin is `null`: the page has an opaque origin (a sandboxed iframe, a file:// page)".into(),
            "serve the page from a real origin; allowing `null` on the server allows every opaque context".into());
        return;
    }
    let Some(origin_host) = serialized_origin_host(value) else {
        out.request(Rule::OriginInvalid, first.value,
            format!("`{value}` is not a serialised origin"),
            "send `scheme://host[:port]` with no path and no trailing slash, for example `https://example.com`".into());
        return;
    };
    if let Some(host) = req.first(cx.src, names::HOST) {
        if !origin_host.eq_ignore_ascii_case(authority_host(host.value(cx.src))) {
            out.request(Rule::OriginHostMismatch, first.value,
                format!("the Origin host `{}` differs from Host `{}`: a cross-origin connection", truncate(origin_host, 80), truncate(host.value(cx.src), 80)),
                "servers with a same-origin check answer 403: list this origin in the server's allowed origins; behind a proxy, forward the original Host".into())
                .label(host.value, "Host");
        }
    }
}

/// The first field named `name`, after reporting its absence (`missing`, when the head is
/// complete) or its repetition (`duplicate`, pointing at the second and labelling the first).
fn single<'h>(
    cx: &Cx<'h>,
    req: &'h Head,
    name: &'static str,
    missing: Option<(Rule, &str)>,
    duplicate: (Rule, &str),
    out: &mut Findings,
) -> Option<&'h Field> {
    let mut all = req.all(cx.src, name);
    let Some(first) = all.next() else {
        if let Some((rule, help)) = missing.filter(|_| req.complete) {
            out.request(
                rule,
                req.start_line,
                format!("the request has no {name} header"),
                help.into(),
            );
        }
        return None;
    };
    let rest: Vec<&Field> = all.collect();
    if let Some(second) = rest.first() {
        let (rule, help) = duplicate;
        out.request(
            rule,
            second.line,
            format!("{name} appears {} times", rest.len() + 1),
            help.into(),
        )
        .label(first.line, format!("first {name}"));
    }
    Some(first)
}

/// The host of `scheme "://" host [ ":" port ]`, or `None` when the value is not of that form.
pub(crate) fn serialized_origin_host(value: &str) -> Option<&str> {
    // The scheme runs to the first colon, which must start `://`.
    let colon = value.bytes().position(|b| b == b':')?;
    let (scheme, rest) = (&value[..colon], value[colon..].strip_prefix("://")?);
    let scheme_ok = scheme.bytes().next().is_some_and(|b| b.is_ascii_alphabetic())
        && scheme.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'));
    if !scheme_ok
        || rest.is_empty()
        || rest.bytes().any(|b| matches!(b, b'/' | b'?' | b'#' | b'@' | b' '))
    {
        return None;
    }
    valid_host(rest).then(|| authority_host(rest))
}

/// RFC 6455 §4.3: the direction of each header; legacy draft headers (§4.4).
fn wrong_direction(cx: &Cx<'_>, req: &Head, out: &mut Findings) {
    if let Some(field) = req.first(cx.src, names::SEC_WEBSOCKET_ACCEPT) {
        out.request(Rule::ResponseHeaderInRequest, field.line,
            "Sec-WebSocket-Accept appears in the request".into(),
            "only the server sends Sec-WebSocket-Accept; check that request and response headers were not mixed up".into());
    }
    const LEGACY: [&str; 4] =
        ["Sec-WebSocket-Key1", "Sec-WebSocket-Key2", "Sec-WebSocket-Draft", "Sec-WebSocket-Origin"];
    // Their lengths (18 to 20) rule out almost every field before a name is compared.
    if let Some(field) = req
        .fields
        .iter()
        .find(|f| (18..=20).contains(&f.name.len()) && LEGACY.iter().any(|n| f.is(cx.src, n)))
    {
        out.request(Rule::LegacyDraftHeaders, field.line,
            format!("`{}` belongs to a WebSocket draft from before RFC 6455", field.name(cx.src)),
            "update the client to RFC 6455: Sec-WebSocket-Key, Sec-WebSocket-Version: 13 and Origin".into());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts() {
        for ok in
            ["example.com", "example.com:8080", "127.0.0.1:9001", "[::1]:80", "[::1]", "a.b-c_d"]
        {
            assert!(valid_host(ok), "{ok}");
        }
        for bad in [
            "",
            "http://example.com",
            "example.com/path",
            "example.com:80x",
            "exa mple.com",
            "[::1",
        ] {
            assert!(!valid_host(bad), "{bad}");
        }
    }

    #[test]
    fn origins() {
        assert_eq!(serialized_origin_host("https://example.com"), Some("example.com"));
        assert_eq!(serialized_origin_host("http://localhost:3000"), Some("localhost"));
        assert_eq!(serialized_origin_host("https://example.com/"), None);
        assert_eq!(serialized_origin_host("example.com"), None);
    }
}
