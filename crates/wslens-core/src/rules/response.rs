//! WS2xx: the server's answer (RFC 6455 §4.2.2, the client's checks in §4.1, RFC 9110 §15).

use super::{http::truncate, Findings, Rule};
use crate::{
    headers::Kind,
    http::{Head, StartLine},
    names,
    report::{BodyKind, Part, Severity, Span},
    rules::context::{authority_host, Cx},
};

/// Checks one response head; `body` is what followed it.
pub(crate) fn check(cx: &Cx<'_>, resp: &Head, body: Option<(Span, BodyKind)>, out: &mut Findings) {
    match resp.status() {
        Some(101) => switching(cx, resp, out),
        Some(0) | None => {}
        Some(status) => refused(cx, resp, status, body, out),
    }
    if let Some(field) = resp.first(cx.src, names::SEC_WEBSOCKET_KEY) {
        out.response(
            Rule::RequestHeaderInResponse,
            field.line,
            "Sec-WebSocket-Key appears in the response".into(),
            "only the client sends Sec-WebSocket-Key; the server answers with Sec-WebSocket-Accept"
                .into(),
        );
    }
}

/// Checks the answer to an HTTP/2 or HTTP/3 extended CONNECT: a 2xx opens the WebSocket
/// (RFC 8441 §5), a 101 is `rules::h2`'s error, and anything else is a refusal, diagnosed as
/// for HTTP/1.1.
pub(crate) fn check_extended_connect(
    cx: &Cx<'_>,
    resp: &Head,
    body: Option<(Span, BodyKind)>,
    out: &mut Findings,
) {
    match resp.status() {
        Some(0 | 101 | 200..=299) | None => {}
        // H2814 already names the cause, where the generic refusal would guess another.
        Some(_) if out.has(Rule::H2AdvertisedThenRefused) => {}
        Some(status) => refused(cx, resp, status, body, out),
    }
}

/// The client's validation steps 2 to 4 of RFC 6455 §4.1, plus what RFC 9110 asks of a 101.
fn switching(cx: &Cx<'_>, resp: &Head, out: &mut Findings) {
    // RFC 9110 §15.2: "a server MUST NOT send a 1xx response to an HTTP/1.0 client."
    let request_10 = cx.req.and_then(|r| r.version).is_some_and(|v| v < (1, 1));
    if resp.version.is_some_and(|v| v < (1, 1)) || request_10 {
        let what =
            if request_10 { "to an HTTP/1.0 request" } else { "with an HTTP/1.0 status line" };
        out.response(Rule::SwitchingForHttp10, resp.start_line,
            format!("the server switches protocols {what}"),
            "switching protocols needs HTTP/1.1 on both sides: send `HTTP/1.1 101 Switching Protocols` to an HTTP/1.1 request".into());
    }
    // Step 2: "If the response lacks an |Upgrade| header field or the |Upgrade| header field
    // contains a value that is not an ASCII case-insensitive match for the value "websocket",
    // the client MUST _Fail the WebSocket Connection_."
    match resp.first(cx.src, names::UPGRADE) {
        None if resp.complete => {
            out.response(
                Rule::UpgradeMissingIn101,
                resp.start_line,
                "the 101 has no Upgrade header".into(),
                "add `Upgrade: websocket` to the 101".into(),
            );
        }
        None => {}
        Some(field) => {
            let first = cx.resp_headers.lines_of(Kind::Upgrade).next();
            let items = first.map_or(&[][..], |line| cx.resp_headers.tokens(line));
            if !items.iter().any(|(item, _)| item.eq_ignore_ascii_case(names::WEBSOCKET)) {
                out.response(Rule::UpgradeNotWebsocketIn101, field.value,
                    format!("the 101's Upgrade is `{}`, not websocket", truncate(field.value(cx.src), 80)),
                    "answer `Upgrade: websocket`; a server must not switch to a protocol the client did not request".into());
            }
        }
    }
    // Step 3: "If the response lacks a |Connection| header field or the |Connection| header
    // field doesn't contain a token that is an ASCII case-insensitive match for the value
    // "Upgrade", the client MUST _Fail the WebSocket Connection_."
    match resp.first(cx.src, names::CONNECTION) {
        None if resp.complete => {
            out.response(Rule::ConnectionMissingIn101, resp.start_line, "the 101 has no Connection header".into(),
                "add `Connection: Upgrade` to the 101; a proxy that rewrites Connection on responses must keep it".into());
        }
        Some(first) if !cx.resp_headers.connection_has("upgrade") => {
            out.response(
                Rule::ConnectionNoUpgradeIn101,
                first.value,
                format!(
                    "the 101's Connection is `{}`, without the Upgrade token",
                    first.value(cx.src)
                ),
                "answer `Connection: Upgrade`".into(),
            );
        }
        _ => {}
    }
    accept_checks(cx, resp, out);
    // RFC 6455 §4.2.1: a request a strict server must reject should not get a 101.
    let invalid_request =
        out.list.iter().any(|f| f.part == Part::Request && f.severity == Severity::Error);
    if invalid_request {
        let first = out
            .list
            .iter()
            .find(|f| f.part == Part::Request && f.severity == Severity::Error)
            .map(|f| f.code);
        out.response(Rule::AcceptedInvalidRequest, resp.start_line,
            "the server switched protocols although the request is invalid".into(),
            format!("a strict server rejects this request (see {}); answering 101 hides the client's bug until it meets one", first.unwrap_or("the request findings")));
    }
    if let Some(field) = resp.first(cx.src, names::SEC_WEBSOCKET_VERSION) {
        out.response(Rule::VersionHeaderOn101, field.line, "the 101 carries Sec-WebSocket-Version".into(),
            "harmless; Sec-WebSocket-Version in a response is meant to list supported versions when refusing one".into());
    }
}

/// Step 4: "If the response lacks a |Sec-WebSocket-Accept| header field or the
/// |Sec-WebSocket-Accept| contains a value other than the base64-encoded SHA-1 of the
/// concatenation of the |Sec-WebSocket-Key| (as a string, not base64-decoded) with the string
/// "258EAFA5-E914-47DA-95CA-C5AB0DC85B11" but ignoring any leading and trailing whitespace,
/// the client MUST _Fail the WebSocket Connection_."
fn accept_checks(cx: &Cx<'_>, resp: &Head, out: &mut Findings) {
    let accepts = || resp.all(cx.src, names::SEC_WEBSOCKET_ACCEPT);
    let Some(first) = accepts().next() else {
        if resp.complete {
            let help = match cx.accept_steps() {
                Some(steps) => format!("add `Sec-WebSocket-Accept: {}`", steps.accept),
                None => "add Sec-WebSocket-Accept: base64(SHA-1(key + 258EAFA5-E914-47DA-95CA-C5AB0DC85B11))".to_owned(),
            };
            out.response(
                Rule::AcceptMissing,
                resp.start_line,
                "the 101 has no Sec-WebSocket-Accept header".into(),
                help,
            );
        }
        return;
    };
    if let Some(second) = accepts().nth(1) {
        let same = accepts().all(|a| a.value(cx.src) == first.value(cx.src));
        out.response(Rule::AcceptDuplicate, second.line,
            format!("Sec-WebSocket-Accept appears {} times{}", accepts().count(), if same { " (with the same value)" } else { "" }),
            "send it once; two copies usually mean both a proxy and the server answered the handshake".into())
            .label(first.line, "first accept");
    }
    let Some(key) = cx.request_key() else { return };
    let Some(expected) = cx.accept_steps().map(|s| s.accept.as_str()) else { return };
    let received = first.value(cx.src).trim();
    if received == expected {
        return;
    }
    let help = match cx.accept_diagnosis() {
        Some(d) => format!("likely cause: {}. Send `Sec-WebSocket-Accept: {expected}`", d.message),
        None => format!("send `Sec-WebSocket-Accept: {expected}`, computed as base64(SHA-1(key + GUID)) on the key exactly as the client sent it"),
    };
    out.response(
        Rule::AcceptMismatch,
        first.value,
        format!("Sec-WebSocket-Accept is `{received}`, but the key gives `{expected}`"),
        help,
    )
    .label(key.value, "the key it must answer");
}

/// A status other than 101: what it most likely means, and what the response itself must carry.
/// One function per class of answer, each headed by the clause it applies.
fn refused(
    cx: &Cx<'_>,
    resp: &Head,
    status: u16,
    body: Option<(Span, BodyKind)>,
    out: &mut Findings,
) {
    let refusal = Refusal::new(cx, resp, status, body);
    match status {
        200..=299 => refusal.success(out),
        300..=399 => refusal.redirect(out),
        400 => refusal.bad_request(out),
        401 => refusal.unauthorized(out),
        403 => refusal.forbidden(out),
        404 => refusal.not_found(out),
        426 => refusal.upgrade_required(out),
        500..=599 if status != 505 => refusal.server_error(out),
        _ => refusal.other(out),
    }
    if let (Some(said), Some(f)) =
        (server_said(cx, body), out.list.iter_mut().rev().find(|f| f.part == Part::Handshake))
    {
        f.help.push_str(&format!(". The server said: \"{said}\""));
    }
}

/// What every class of refusal reads.
struct Refusal<'c, 'a> {
    cx: &'c Cx<'a>,
    resp: &'c Head,
    status: u16,
    body: Option<(Span, BodyKind)>,
    /// What was seen, in words: the status, its reason, and that it is not 101.
    seen: String,
    /// The request lacks Upgrade or Connection's `upgrade` token: a proxy dropped them.
    stripped: bool,
}

impl<'c, 'a> Refusal<'c, 'a> {
    fn new(
        cx: &'c Cx<'a>,
        resp: &'c Head,
        status: u16,
        body: Option<(Span, BodyKind)>,
    ) -> Refusal<'c, 'a> {
        let reason = match resp.start {
            StartLine::Response { reason, .. } => cx.snippet(reason).to_owned(),
            StartLine::Request { .. } => String::new(),
        };
        let seen = format!(
            "the server answered {status}{}{reason} instead of 101 Switching Protocols",
            if reason.is_empty() { "" } else { " " }
        );
        let stripped = cx.req.is_some_and(|r| {
            !r.has(cx.src, names::UPGRADE) || !cx.req_headers.connection_has("upgrade")
        });
        Refusal { cx, resp, status, body, seen, stripped }
    }

    /// The refusal's own finding, on the status line.
    fn add(&self, rule: Rule, help: String, out: &mut Findings) {
        out.add(rule, Part::Handshake, self.resp.start_line, self.seen.clone(), help);
    }

    /// WS202, RFC 6455 §4.1: "If the status code received from the server is not 101, the
    /// client handles the response per HTTP [RFC2616] procedures." A 2xx is success to HTTP,
    /// and no WebSocket at all.
    fn success(&self, out: &mut Findings) {
        let help = if self.stripped {
            "the request that reached the server has no Upgrade/Connection: a proxy dropped these hop-by-hop headers. Forward them (nginx: `proxy_http_version 1.1; proxy_set_header Upgrade $http_upgrade; proxy_set_header Connection \"upgrade\";`)"
        } else if self.body.is_some() && looks_like_html(self.cx, self.resp) {
            "the server sent a page: a catch-all (SPA index or static fallback) route answered the WebSocket path. Route this path to the WebSocket handler before the fallback"
        } else {
            "the Upgrade never reached a WebSocket handler: check that every proxy forwards Upgrade and Connection and that this path is routed to the WebSocket endpoint"
        };
        self.add(Rule::Status200, help.into(), out);
    }

    /// WS203, RFC 6455 §4.1: "the server might redirect the client using a 3xx status code
    /// (but clients are not required to follow them)". WS235, RFC 9110 §15.4: a redirect
    /// names its target in Location. WS236, RFC 6455 §10.6: a secure page stays on TLS.
    fn redirect(&self, out: &mut Findings) {
        let (cx, resp) = (self.cx, self.resp);
        let location = resp.first(cx.src, names::LOCATION);
        let help = match location {
            Some(l) => format!("connect to {} directly: browsers, ws, tungstenite and gorilla never follow redirects on a WebSocket handshake; Python websockets and nhooyr do, and then judge the answer there", l.value(cx.src)),
            None => "connect to the final URL directly: browsers, ws, tungstenite and gorilla never follow redirects on a WebSocket handshake".into(),
        };
        self.add(Rule::StatusRedirect, help, out);
        match location {
            None if resp.complete => {
                out.response(
                    Rule::RedirectWithoutLocation,
                    resp.start_line,
                    format!("the {} redirect has no Location header", self.status),
                    "send Location with the URL to use".into(),
                );
            }
            Some(field) if downgrades(cx, field.value(cx.src)) => {
                out.response(Rule::RedirectDowngrade, field.value,
                    format!("the redirect leads from a secure page to `{}`", truncate(field.value(cx.src), 80)),
                    "redirect to wss:// or https:// only; never move a handshake with credentials to clear text".into());
            }
            _ => {}
        }
    }

    /// WS204, RFC 6455 §4.2.1: a server that finds the handshake malformed "MUST stop
    /// processing the client's handshake and return an HTTP response with an appropriate
    /// error code (such as 400 Bad Request)." The request's own errors are the likely cause.
    fn bad_request(&self, out: &mut Findings) {
        // Each rule once, however often it fired (repeats fold as they come).
        let mut request_errors: Vec<&str> = out
            .list
            .iter()
            .filter(|f| f.part == Part::Request && f.severity == Severity::Error)
            .map(|f| f.code)
            .collect();
        let first = request_errors.first().copied();
        request_errors.sort_unstable();
        request_errors.dedup();
        let help = match first {
            Some(code) => format!("the request breaks {}; the server most likely refused because of {code}, see below", crate::text::counted(request_errors.len(), "rule", "rules")),
            None if self.cx.req.is_some() => "the request follows RFC 6455, so the server wants something more (a path, a query parameter, a subprotocol, a header): read its response body and logs".into(),
            None => "the server found the handshake malformed; capture the request to see which header it disliked".into(),
        };
        self.add(Rule::Status400, help, out);
        self.version_list(out);
    }

    /// WS205, RFC 6455 §4.2.2: "The server can perform additional client authentication, for
    /// example, by returning a 401 status code with the corresponding |WWW-Authenticate|
    /// header field". WS231, RFC 9110 §15.5.2: "The server generating a 401 response MUST
    /// send a WWW-Authenticate header field".
    fn unauthorized(&self, out: &mut Findings) {
        self.add(Rule::Status401,
            "authenticate as the WWW-Authenticate challenge says. Browsers cannot set Authorization on a WebSocket: use a cookie, or a short-lived token in the URL".into(), out);
        let resp = self.resp;
        if resp.complete && !resp.has(self.cx.src, names::WWW_AUTHENTICATE) {
            out.response(Rule::UnauthorizedWithoutChallenge, resp.start_line,
                "the 401 has no WWW-Authenticate header".into(),
                "send a challenge, for example `WWW-Authenticate: Bearer realm=\"ws\"`, or answer 403 if no credentials can help".into());
        }
    }

    /// WS206, RFC 6455 §4.2.2: "If the server does not wish to accept this connection, it
    /// MUST return an appropriate HTTP error code (e.g., 403 Forbidden)". Usually its Origin
    /// check (§10.2).
    fn forbidden(&self, out: &mut Findings) {
        self.add(Rule::Status403, origin_help(self.cx), out);
    }

    /// WS207, RFC 6455 §4.2.2: "If the requested service is not available, the server MUST
    /// send an appropriate HTTP error code (such as 404 Not Found)".
    fn not_found(&self, out: &mut Findings) {
        let cx = self.cx;
        let path = cx.req.and_then(|r| match r.start {
            StartLine::Request { target, .. } => Some(cx.snippet(target).to_owned()),
            StartLine::Response { .. } => None,
        });
        let help = match path {
            Some(p) => format!("the server has no WebSocket route at `{p}`: check the path, and whether a proxy adds or strips a path prefix"),
            None => "the server has no WebSocket route at this path: check the path, and whether a proxy adds or strips a path prefix".into(),
        };
        self.add(Rule::Status404, help, out);
    }

    /// WS208, RFC 6455 §4.2.2: a server that does not speak the requested version "MUST
    /// abort the WebSocket handshake ... and instead send an appropriate HTTP error code
    /// (such as 426 Upgrade Required)". WS233, RFC 9110 §15.5.22: "The server MUST send an
    /// Upgrade header field in a 426 response".
    fn upgrade_required(&self, out: &mut Findings) {
        let cx = self.cx;
        let wrong_version = cx
            .req
            .and_then(|r| r.first(cx.src, names::SEC_WEBSOCKET_VERSION))
            .filter(|f| f.value(cx.src) != names::VERSION_13);
        let help = if self.stripped {
            "the request that reached the server has no Upgrade/Connection: a proxy dropped them; forward both headers".to_owned()
        } else if let Some(v) = wrong_version {
            format!(
                "the server does not speak version {}; send `Sec-WebSocket-Version: 13`",
                v.value(cx.src)
            )
        } else {
            "the server wanted a WebSocket upgrade it did not see; read the versions and protocols the response lists".to_owned()
        };
        self.add(Rule::Status426, help, out);
        let resp = self.resp;
        if resp.complete && !resp.has(cx.src, names::UPGRADE) {
            out.response(Rule::UpgradeRequiredWithoutUpgrade, resp.start_line,
                "the 426 has no Upgrade header".into(),
                "add `Upgrade: websocket` (and `Connection: Upgrade`) so the client knows what to upgrade to".into());
        }
        self.version_list(out);
    }

    /// WS234, RFC 6455 §4.2.2: refusing the client's version, a server sends "an appropriate
    /// HTTP error code (such as 426 Upgrade Required) and a |Sec-WebSocket-Version| header
    /// field indicating the version(s) the server is capable of understanding."
    fn version_list(&self, out: &mut Findings) {
        let (cx, resp) = (self.cx, self.resp);
        let version_refused = cx
            .req
            .and_then(|r| r.first(cx.src, names::SEC_WEBSOCKET_VERSION))
            .is_some_and(|f| f.value(cx.src) != names::VERSION_13);
        if version_refused && resp.complete && !resp.has(cx.src, names::SEC_WEBSOCKET_VERSION) {
            out.response(Rule::VersionRefusedWithoutList, resp.start_line,
                format!("the server refused the client's WebSocket version with {} but lists no supported version", self.status),
                "add `Sec-WebSocket-Version: 13`".into());
        }
    }

    /// WS209, RFC 6455 §4.1: "If the status code received from the server is not 101, the
    /// client handles the response per HTTP [RFC2616] procedures." A 5xx is the server's or
    /// a gateway's failure (RFC 9110 §15.6).
    fn server_error(&self, out: &mut Findings) {
        let help = match self.status {
            502 | 504 => "a gateway could not get an answer from the WebSocket backend (down, refusing, or too slow): check the backend and the proxy's upstream address and timeouts",
            503 => "the server or a gateway is overloaded or in maintenance: retry later, with backoff",
            _ => "the server failed while handling the handshake; if the request offers extensions, a server that crashes on an offer it should decline is a known cause",
        };
        self.add(Rule::Status5xx, help.into(), out);
    }

    /// WS210, RFC 6455 §4.1, for every other status. WS232, RFC 9110 §15.5.8: "The proxy MUST
    /// send a Proxy-Authenticate header field" in a 407. WS237, RFC 9110 §15.5.6: "The origin
    /// server MUST generate an Allow header field in a 405 response".
    fn other(&self, out: &mut Findings) {
        let status = self.status;
        let help = match status {
            405 => "the endpoint does not accept this method: open WebSockets with GET",
            407 => "a proxy between client and server wants credentials: configure the client's proxy authentication",
            505 => "the server refuses the request's HTTP version. If the client sent HTTP/1.1, a proxy on the way forwarded it as HTTP/1.0, which cannot upgrade (nginx's default; set `proxy_http_version 1.1` and forward Upgrade and Connection)",
            100..=199 => "only 101 switches protocols; other 1xx answers are interim and the real answer follows",
            _ => "only 101 opens a WebSocket; read the response body and the server's log for the reason",
        };
        self.add(Rule::StatusOther, help.into(), out);
        let (cx, resp) = (self.cx, self.resp);
        if status == 407 && resp.complete && !resp.has(cx.src, names::PROXY_AUTHENTICATE) {
            out.response(
                Rule::ProxyAuthWithoutChallenge,
                resp.start_line,
                "the 407 has no Proxy-Authenticate header".into(),
                "send a Proxy-Authenticate challenge".into(),
            );
        }
        if status == 405 && resp.complete && !resp.has(cx.src, names::ALLOW) {
            out.response(
                Rule::MethodNotAllowedWithoutAllow,
                resp.start_line,
                "the 405 has no Allow header".into(),
                "send `Allow: GET`".into(),
            );
        }
    }
}

/// The first line of a short plain-text body, which often names the reason for a refusal.
fn server_said(cx: &Cx<'_>, body: Option<(Span, BodyKind)>) -> Option<String> {
    let (span, BodyKind::Http) = body? else { return None };
    let text = cx.snippet(span).trim();
    let line = text.lines().next()?.trim();
    let plain = !line.starts_with('<') && !line.starts_with('{') && line.len() <= 200;
    (plain && !line.is_empty()).then(|| line.to_owned())
}

fn looks_like_html(cx: &Cx<'_>, resp: &Head) -> bool {
    resp.first(cx.src, "Content-Type")
        .is_some_and(|f| f.value(cx.src).to_ascii_lowercase().contains("html"))
        || cx.src[resp.end..].trim_start().get(..1) == Some("<")
}

/// Whether a redirect target leaves TLS although the request came from a secure context.
fn downgrades(cx: &Cx<'_>, location: &str) -> bool {
    let insecure = {
        let l = location.to_ascii_lowercase();
        l.starts_with("http://") || l.starts_with("ws://")
    };
    let secure_request = cx.req.is_some_and(|r| {
        let origin_https = r
            .first(cx.src, names::ORIGIN)
            .is_some_and(|o| o.value(cx.src).to_ascii_lowercase().starts_with("https://"));
        let target_https = match r.start {
            StartLine::Request { target, .. } => {
                cx.snippet(target).to_ascii_lowercase().starts_with("https://")
            }
            StartLine::Response { .. } => false,
        };
        origin_https || target_https
    });
    insecure && secure_request
}

/// Why a 403 most likely happened, from Origin and Host.
fn origin_help(cx: &Cx<'_>) -> String {
    let Some(req) = cx.req else {
        return "the server refused the connection; the usual reason is an Origin check, so capture the request to compare Origin with the allowed origins".into();
    };
    let origin = req.first(cx.src, names::ORIGIN).map(|f| f.value(cx.src));
    let host = req.first(cx.src, names::HOST).map(|f| f.value(cx.src)).unwrap_or("");
    match origin {
        None => "the request has no Origin; a server that requires one refuses it: send Origin, or allow origin-less clients on the server".into(),
        Some("null") => "Origin is null (a sandboxed or file:// page); servers refuse it: serve the page from a real origin".into(),
        Some(o) => match super::request::serialized_origin_host(o) {
            Some(oh) if !oh.eq_ignore_ascii_case(authority_host(host)) => format!(
                "Origin `{o}` does not match Host `{host}`: same-origin checks (gorilla's and coder's default) refuse this. Add `{o}` to the server's allowed origins, or make the proxy forward the original Host"
            ),
            _ => format!("the server refused Origin `{o}` or the credentials: check the server's allowed origins and its authentication"),
        },
    }
}
