//! The header knowledge base, and explanations of particular values.

use std::borrow::Cow;

use crate::{
    accept::{self, decode_key},
    headers::{deflate::window_bits, Headers, Kind, Line},
    http::name_hash,
    names,
    report::{HeaderDoc, Notes, Part, SentBy},
    text::{concat, decimal},
};

macro_rules! docs {
    ($($name:literal $sent_by:ident $requirement:literal $rfc:literal
        summary $summary:literal details $details:literal;)*) => {
        const HEADER_DOCS_ARRAY: &[HeaderDoc] = &[$(HeaderDoc {
            name: $name,
            sent_by: SentBy::$sent_by,
            requirement: $requirement,
            summary: $summary,
            details: $details,
            rfc: $rfc,
        }),*];
        const HEADER_COUNT: usize = HEADER_DOCS_ARRAY.len();
        /// Every documented header, in table order.
        pub(crate) static HEADER_DOCS: &[HeaderDoc] = HEADER_DOCS_ARRAY;
    };
}

#[rustfmt::skip]
docs! {
    "Host" Client "required" "RFC 9110 §7.2"
        summary "Names the server (host and, when not the default, port) the request is meant for."
        details "HTTP/1.1 requests carry exactly one Host. The WebSocket handshake repeats the rule: the host of the ws:// or wss:// URL, plus `:port` when it is not 80 or 443. Reverse proxies often rewrite it, which matters to origin checks that compare Origin with Host.";
    "Upgrade" Both "required" "RFC 9110 §7.8"
        summary "Asks to switch the connection to another protocol (request), or says which protocol it switches to (101)."
        details "The client sends `Upgrade: websocket`; the server's 101 answers the same. Upgrade is hop-by-hop: each proxy drops it unless configured to pass it on, which is the most common reason a handshake comes back as 200, 400 or 426.";
    "Connection" Both "required" "RFC 9110 §7.6.1"
        summary "Lists options for this connection only; here the `Upgrade` token that makes Upgrade take effect."
        details "Both sides must include the `Upgrade` token. Proxies remove Connection and every header it names before forwarding, so a proxy that is not set up for WebSockets removes the upgrade. Firefox sends `keep-alive, Upgrade`, which is valid: the token only has to be in the list.";
    "Sec-WebSocket-Key" Client "required" "RFC 6455 §4.1, §11.3.1"
        summary "A fresh random value the server must answer, proving it understood the WebSocket handshake."
        details "Sixteen random bytes, base64-encoded: 24 characters ending in `==`, new for every connection. It is not a secret and not encryption; it keeps caches and non-WebSocket servers from accidentally completing a handshake. Only its text is used by the server, never its decoded bytes.";
    "Sec-WebSocket-Accept" Server "required in a 101" "RFC 6455 §4.2.2, §11.3.3"
        summary "The server's proof that it read this request's key."
        details "base64 of the SHA-1 of the key text followed by the fixed GUID 258EAFA5-E914-47DA-95CA-C5AB0DC85B11. Clients recompute it and fail the connection on any difference. It appears once.";
    "Sec-WebSocket-Version" Both "required in the request" "RFC 6455 §4.1, §4.4, §11.3.5"
        summary "The WebSocket protocol version; 13 is the only one in use."
        details "The client sends exactly one value, 13. A server that does not support the client's version refuses (426 or 400) and lists the versions it does support in this header, which may repeat in a response.";
    "Sec-WebSocket-Protocol" Both "optional" "RFC 6455 §4.1, §4.2.2, §11.3.4"
        summary "Application subprotocols: the client's list in order of preference, and the server's single choice."
        details "The client may offer tokens such as `chat, superchat`. The server answers exactly one of them, or leaves the header out. RFC 6455 allows leaving it out after an offer, but browsers, Node's ws and tungstenite then fail the connection.";
    "Sec-WebSocket-Extensions" Both "optional" "RFC 6455 §9.1, §11.3.2"
        summary "Protocol extensions: the client's offers and the server's accepted subset, each with parameters."
        details "The common one is permessage-deflate (RFC 7692), with parameters that limit compression windows and context reuse. A client may send several offers in preference order; the server accepts at most what was offered and may decline everything by leaving the header out.";
    "Origin" Client "required from browsers" "RFC 6455 §4.1, §10.2; RFC 6454"
        summary "The web origin (scheme, host, port) of the page that opened the socket."
        details "Browsers always send it and scripts cannot change it, which is what lets a server refuse sockets opened by other sites. Servers compare it with an allow-list; a missing check lets any page connect with the user's cookies (cross-site WebSocket hijacking).";
    "Cookie" Client "optional" "RFC 6265 §5.4"
        summary "Cookies the browser attaches for the server's site, often the session."
        details "Browsers send cookies with WebSocket handshakes even when another site's page opens the socket, so a server that authenticates by cookie must also check Origin. wslens redacts cookie values in shared links.";
    "Set-Cookie" Server "optional" "RFC 6265 §4.1"
        summary "A cookie the server asks the client to store."
        details "A 101 may set cookies. Chrome's HAR export drops Set-Cookie, so a cookie that seems missing may just be missing from the capture. wslens redacts its value in shared links.";
    "Authorization" Client "optional" "RFC 9110 §11.6.2"
        summary "Credentials for the server, such as a bearer token or basic auth."
        details "Non-browser clients can send it; browsers cannot add it to a WebSocket handshake, so browser apps use cookies or a token in the URL instead. wslens redacts it in shared links.";
    "WWW-Authenticate" Server "required in a 401" "RFC 9110 §11.6.1"
        summary "The authentication challenge that tells the client how to log in."
        details "A 401 must carry at least one challenge. Browsers handle 401 themselves during a WebSocket handshake; scripts only see the connection fail.";
    "Proxy-Authenticate" Server "required in a 407" "RFC 9110 §11.7.1"
        summary "The challenge of a proxy that wants credentials."
        details "A 407 comes from a proxy between the client and the server, not from the WebSocket server.";
    "Proxy-Authorization" Client "optional" "RFC 9110 §11.7.2"
        summary "Credentials for a proxy on the way."
        details "Sent to a proxy that answered 407; it is stripped before the request reaches the server.";
    "User-Agent" Client "optional" "RFC 9110 §10.1.5"
        summary "Names the client software and version."
        details "Useful to tell a browser from a library (Python/3.x websockets/..., curl, Node). It plays no part in the handshake rules.";
    "Cache-Control" Both "optional" "RFC 9111 §5.2"
        summary "Caching instructions."
        details "Browsers send `no-cache` with WebSocket handshakes so that no cache answers them. It has no effect on the upgrade itself.";
    "Pragma" Client "optional" "RFC 9111 §5.4"
        summary "The HTTP/1.0 predecessor of Cache-Control."
        details "Browsers send `Pragma: no-cache` alongside Cache-Control for old caches.";
    "Accept-Encoding" Client "optional" "RFC 9110 §12.5.3"
        summary "Content codings the client accepts for a response body."
        details "It concerns HTTP bodies, not WebSocket messages; WebSocket compression is negotiated with Sec-WebSocket-Extensions.";
    "Accept-Language" Client "optional" "RFC 9110 §12.5.4"
        summary "The user's preferred languages."
        details "Browsers send it with every request, including handshakes. It does not affect the upgrade.";
    "Accept" Client "optional" "RFC 9110 §12.5.1"
        summary "Media types the client accepts."
        details "Rare on handshakes; some libraries send `*/*`. It does not affect the upgrade.";
    "Sec-Fetch-Dest" Client "optional" "Fetch Metadata"
        summary "Where the response will be used; `websocket` for a handshake."
        details "Browsers set it and scripts cannot. Servers can use it, with Sec-Fetch-Site and Sec-Fetch-Mode, as an extra guard against cross-site requests.";
    "Sec-Fetch-Mode" Client "optional" "Fetch Metadata"
        summary "The request's fetch mode; `websocket` for a handshake."
        details "Set by browsers only; a server can rely on it not being forged by a web page.";
    "Sec-Fetch-Site" Client "optional" "Fetch Metadata"
        summary "How the initiating page relates to the target: same-origin, same-site, cross-site or none."
        details "A `cross-site` value on a handshake that carries cookies is exactly the cross-site WebSocket hijacking case Origin checks exist for.";
    "Sec-Fetch-User" Client "optional" "Fetch Metadata"
        summary "Whether a user gesture triggered the request."
        details "Not sent for WebSocket handshakes by current browsers.";
    "Server" Server "optional" "RFC 9110 §10.2.4"
        summary "Names the server software."
        details "Shows which layer answered: nginx, cloudflare or a framework name on a 400 or 502 often points at the proxy rather than the WebSocket server.";
    "Date" Server "optional" "RFC 9110 §6.6.1"
        summary "When the response was generated."
        details "Informational; it plays no part in the handshake.";
    "Location" Server "required in a redirect" "RFC 9110 §10.2.2"
        summary "Where a redirect points."
        details "Browsers never follow redirects on a WebSocket handshake; connect to the final URL directly.";
    "Content-Length" Both "optional" "RFC 9110 §8.6"
        summary "The size of the body in bytes."
        details "A handshake request has no body. Error responses may carry one with the reason; a 101 has none, since WebSocket frames follow directly.";
    "Content-Type" Both "optional" "RFC 9110 §8.3"
        summary "The media type of the body."
        details "On a 200 answer to a handshake, text/html usually means an SPA or static fallback route answered instead of the WebSocket handler.";
    "Transfer-Encoding" Both "optional" "RFC 9112 §6.1"
        summary "How the body is framed, usually chunked."
        details "Has no place on a 101.";
    "Keep-Alive" Both "optional" "RFC 2068 §19.7.1"
        summary "Parameters for persistent HTTP/1.0-style connections."
        details "Hop-by-hop and irrelevant to a WebSocket connection, which stays open anyway.";
    "Allow" Server "required in a 405" "RFC 9110 §10.2.1"
        summary "The methods the resource supports."
        details "A 405 must list them; for a WebSocket endpoint that is GET.";
    "Retry-After" Server "optional" "RFC 9110 §10.2.3"
        summary "How long to wait before trying again."
        details "Sent with 503 or 429; reconnecting clients should honour it rather than retry at once.";
    "Vary" Server "optional" "RFC 9110 §12.5.5"
        summary "Which request headers select the response."
        details "Irrelevant to a 101, sometimes added by frameworks out of habit.";
    "Via" Both "optional" "RFC 9110 §7.6.3"
        summary "The proxies the message passed through."
        details "A Via header proves there is a proxy on the path, which makes a stripped Upgrade or a rewritten Host more likely.";
    "X-Forwarded-For" Client "optional" "de facto"
        summary "The client addresses seen by the proxies on the way."
        details "Added by reverse proxies; it shows the request did not come straight from the client.";
    "X-Forwarded-Proto" Client "optional" "de facto"
        summary "The scheme the client used at the first proxy."
        details "Tells the server a wss:// connection was terminated at a TLS proxy.";
    "X-Forwarded-Host" Client "optional" "de facto"
        summary "The Host the client sent to the first proxy."
        details "Origin checks behind a proxy should compare Origin with this original host.";
    "Forwarded" Client "optional" "RFC 7239"
        summary "The standard form of the X-Forwarded-* headers."
        details "Shows which proxies handled the request and what the client originally asked for.";
    "Strict-Transport-Security" Server "optional" "RFC 6797"
        summary "Tells browsers to use HTTPS for this host from now on."
        details "Irrelevant to the handshake itself.";
    "Access-Control-Allow-Origin" Server "not used" "Fetch"
        summary "A CORS header, which WebSockets ignore."
        details "CORS does not apply to WebSockets: the browser never checks it on a handshake. The server must check Origin itself.";
    "Sec-WebSocket-Key1" Client "obsolete" "draft-hixie-76"
        summary "A key of the hixie-76 draft, from before RFC 6455."
        details "Current servers do not speak this draft; the client must move to RFC 6455.";
    "Sec-WebSocket-Key2" Client "obsolete" "draft-hixie-76"
        summary "The second key of the hixie-76 draft."
        details "Current servers do not speak this draft.";
    "Sec-WebSocket-Origin" Client "obsolete" "draft-ietf-hybi"
        summary "The hybi drafts' name for Origin."
        details "RFC 6455 uses Origin.";
    "Sec-WebSocket-Draft" Client "obsolete" "draft-ietf-hybi"
        summary "An early hybi draft's version header."
        details "RFC 6455 uses Sec-WebSocket-Version: 13.";
    ":method" Client "required over HTTP/2" "RFC 9113 §8.3.1; RFC 8441 §4"
        summary "The request method of an HTTP/2 or HTTP/3 request; CONNECT for a WebSocket."
        details "HTTP/2 has no request line: the method, scheme, authority and path travel as pseudo-headers, which start with a colon and come before the regular fields. A WebSocket over HTTP/2 uses CONNECT together with `:protocol`, where HTTP/1.1 uses GET with Upgrade.";
    ":protocol" Client "required over HTTP/2" "RFC 8441 §4, §5"
        summary "Names the protocol an extended CONNECT opens: `websocket`."
        details "RFC 8441 added this pseudo-header. It replaces Upgrade, Connection and the key/accept pair of HTTP/1.1. Clients only send it after the server's SETTINGS frame set SETTINGS_ENABLE_CONNECT_PROTOCOL to 1; RFC 9220 does the same for HTTP/3.";
    ":scheme" Client "required over HTTP/2" "RFC 9113 §8.3.1; RFC 8441 §5"
        summary "The scheme of the target URI: `https` for wss://, `http` for ws://."
        details "An ordinary CONNECT has no :scheme; the extended CONNECT of a WebSocket has one. The WebSocket schemes themselves (`wss`, `ws`) never appear here.";
    ":authority" Client "required over HTTP/2" "RFC 9113 §8.3.1"
        summary "The host and port of the target, as Host carries them in HTTP/1.1."
        details "HTTP/2 clients send :authority instead of Host; a server compares it with Origin the same way.";
    ":path" Client "required over HTTP/2" "RFC 9113 §8.3.1; RFC 8441 §4"
        summary "The path and query of the WebSocket URL, the request-target of HTTP/1.1."
        details "The extended CONNECT carries :path, which an ordinary CONNECT does not.";
    ":status" Server "required over HTTP/2" "RFC 9113 §8.3.2; RFC 8441 §5"
        summary "The status code of an HTTP/2 or HTTP/3 response; 200 accepts a WebSocket."
        details "HTTP/2 has no status line and no 101: any 2xx answers an extended CONNECT successfully, and the stream then carries WebSocket frames.";
    "X-Firefox-Spdy" Server "not sent" "Firefox DevTools"
        summary "Added by Firefox's developer tools to a response that came over HTTP/2 (`h2`); the server never sent it."
        details "Firefox shows HTTP/2 responses with this marker and a rebuilt `HTTP/2 200` status line. Next to a `GET ... HTTP/2` request with Upgrade and a key, it means Firefox opened the WebSocket with an extended CONNECT (RFC 8441) and rebuilt the view as an Upgrade.";
    "X-Firefox-Http3" Server "not sent" "Firefox DevTools"
        summary "Added by Firefox's developer tools to a response that came over HTTP/3 (`h3`); the server never sent it."
        details "The HTTP/3 counterpart of X-Firefox-Spdy: a WebSocket over HTTP/3 opens with an extended CONNECT (RFC 9220), which Firefox shows as a rebuilt Upgrade.";
}

/// The entry for `name`, compared case-insensitively.
pub fn explain(name: &str) -> Option<&'static HeaderDoc> {
    lookup(name.trim())
}

/// The entry for a field name as parsed (no surrounding whitespace).
pub(crate) fn lookup(name: &str) -> Option<&'static HeaderDoc> {
    lookup_hashed(name, name_hash(name))
}

/// [`lookup`] with the name's hash already known (a parsed field carries it).
pub(crate) fn lookup_hashed(name: &str, hash: u32) -> Option<&'static HeaderDoc> {
    let index = HEADER_HASHES.iter().position(|&h| h == hash)?;
    Some(&HEADER_DOCS[index]).filter(|d| d.name.eq_ignore_ascii_case(name))
}

/// The name hash of every entry, in table order, so that a lookup compares numbers.
static HEADER_HASHES: [u32; HEADER_COUNT] = {
    let mut hashes = [0; HEADER_COUNT];
    let mut i = 0;
    while i < HEADER_COUNT {
        hashes[i] = name_hash(HEADER_DOCS_ARRAY[i].name);
        i += 1;
    }
    hashes
};

/// The knowledge-base key of headers it does not know.
pub(crate) const UNKNOWN_ID: &str = "unknown";

/// The neutral entry shown for headers the knowledge base does not know.
pub fn unknown_header_doc() -> &'static str {
    "A header the WebSocket handshake does not use; servers and clients ignore headers they do not know (RFC 6455 §4.2.1 item 10)."
}

/// Explanations of a particular value of the header whose knowledge-base key is `id` (see
/// [`lookup`], or [`UNKNOWN_ID`]); `key_accept` is the accept already computed for a Sec-WebSocket-Key value,
/// when the caller has it, `key_decoded` this value decoded, when the caller has it, and `over_h2` says that the exchange is an extended CONNECT, where
/// no accept answers a key; `list` is the value's parse when the header is a list header (see
/// [`crate::headers`]).
pub(crate) fn value_notes(
    id: &str,
    value: &str,
    part: Part,
    key_accept: Option<&str>,
    key_decoded: Option<&Result<accept::KeyBytes, accept::KeyError>>,
    over_h2: bool,
    list: Option<(&Headers<'_>, &Line<'_>)>,
) -> Notes {
    if let Some((headers, line)) = list {
        return list_notes(headers, line, part);
    }
    let mut notes: Vec<Cow<'static, str>> = Vec::new();
    match id {
        names::SEC_WEBSOCKET_KEY => {
            notes.reserve_exact(3);
            let decoded;
            let decoded = match key_decoded {
                Some(known) => known,
                None => {
                    decoded = decode_key(value);
                    &decoded
                }
            };
            notes.push(match decoded {
                Ok(bytes) => {
                    let mut len = [0; 20];
                    let len = decimal(bytes.len(), &mut len);
                    let mut note = String::with_capacity(24 + len.len() + 2 * bytes.len());
                    for piece in ["decodes to ", len, " bytes: "] {
                        note.push_str(piece);
                    }
                    accept::push_hex(&mut note, bytes);
                    note.into()
                }
                Err(_) => "is not valid base64".into(),
            });
            if over_h2 {
                notes.push("over HTTP/2 and HTTP/3 no key is sent and no accept is due (RFC 8441 §4): this one is a browser's rebuilt view, or left over from an HTTP/1.1 hop".into());
            } else {
                let computed;
                let accept = match key_accept {
                    Some(accept) => accept,
                    None => {
                        computed = accept::accept_key(value);
                        &computed
                    }
                };
                notes.push(
                    concat(&["the server must answer Sec-WebSocket-Accept: ", accept]).into(),
                );
            }
            if value == accept::SAMPLE_KEY {
                notes.push(
                    "this is the sample key from RFC 6455 §1.3 (\"the sample nonce\")".into(),
                );
            }
        }
        names::SEC_WEBSOCKET_ACCEPT => return one(&ACCEPT_NOTE),
        names::SEC_WEBSOCKET_VERSION if value == "13" => return one(&VERSION_13_NOTE),
        names::SEC_WEBSOCKET_VERSION => notes.push(match value {
            "7" | "8" => format!("{value}: a pre-RFC hybi draft").into(),
            v => format!("{v}: not a version current servers speak").into(),
        }),
        names::ORIGIN => notes.push(if value == "null" {
            "`null`: an opaque origin (sandboxed iframe, file:// page)".into()
        } else {
            concat(&["the page that opened the socket is from ", value]).into()
        }),
        _ => {}
    }
    Cow::Owned(notes)
}

/// A single note that is always the same, shared rather than put in a list of its own.
#[allow(clippy::ptr_arg, reason = "the list of one borrows this very `Cow`")]
fn one(note: &'static Cow<'static, str>) -> Notes {
    Cow::Borrowed(std::slice::from_ref(note))
}

static ACCEPT_NOTE: Cow<'static, str> = Cow::Borrowed(
    "base64 of the SHA-1 of the request's key followed by 258EAFA5-E914-47DA-95CA-C5AB0DC85B11",
);
static VERSION_13_NOTE: Cow<'static, str> =
    Cow::Borrowed("13: the version of RFC 6455, the only one in use");
/// The note on a permessage-deflate element, offered or accepted.
fn deflate_note(part: Part) -> &'static Cow<'static, str> {
    match part {
        Part::Request => &DEFLATE_OFFERED_NOTE,
        _ => &DEFLATE_ACCEPTED_NOTE,
    }
}

static DEFLATE_OFFERED_NOTE: Cow<'static, str> =
    Cow::Borrowed("`permessage-deflate`: offered extension");
static DEFLATE_ACCEPTED_NOTE: Cow<'static, str> =
    Cow::Borrowed("`permessage-deflate`: accepted extension");

/// Notes on the items of one line of a list header.
fn list_notes(headers: &Headers<'_>, line: &Line<'_>, part: Part) -> Notes {
    // The most common lines have one note that is always the same.
    match line.kind {
        Kind::Connection | Kind::Upgrade => {
            if let [(token, _)] = headers.tokens(line) {
                if let Some(note) = known_token_note(token) {
                    return one(note);
                }
            }
        }
        Kind::Extensions => {
            if let [ext] = headers.extensions_of(line) {
                if ext.params.is_empty() && *ext.name == *names::PERMESSAGE_DEFLATE {
                    return one(deflate_note(part));
                }
            }
        }
        Kind::Protocol => {}
    }
    // One allocation of the right size: most lines have one or two items.
    let items = match line.kind {
        Kind::Extensions => headers.extensions_of(line).iter().map(|e| 1 + e.params.len()).sum(),
        _ => headers.tokens(line).len(),
    };
    let mut notes = Vec::with_capacity(items.min(MAX_NOTES) + usize::from(items > MAX_NOTES));
    match line.kind {
        Kind::Connection | Kind::Upgrade => {
            let tokens = headers.tokens(line);
            for (token, _) in tokens.iter().take(MAX_NOTES) {
                notes.push(match known_token_note(token) {
                    Some(note) => note.clone(),
                    None => concat(&["`", token, "`"]).into(),
                });
            }
            more(&mut notes, tokens.len());
        }
        Kind::Protocol => {
            let tokens = headers.tokens(line);
            for (i, (token, _)) in tokens.iter().take(MAX_NOTES).enumerate() {
                let mut preference = [0; 20];
                notes.push(match part {
                    Part::Request => concat(&[
                        "`",
                        token,
                        "`: offered subprotocol, preference ",
                        decimal(i + 1, &mut preference),
                    ])
                    .into(),
                    _ => concat(&["`", token, "`: the subprotocol the server selected"]).into(),
                });
            }
            more(&mut notes, tokens.len());
        }
        Kind::Extensions => {
            let mut items = 0;
            let verb = if part == Part::Request { "offered" } else { "accepted" };
            for ext in headers.extensions_of(line) {
                items += 1 + ext.params.len();
                if notes.len() < MAX_NOTES {
                    notes.push(match &*ext.name {
                        // The extension nearly every handshake names, in its usual spelling.
                        names::PERMESSAGE_DEFLATE => deflate_note(part).clone(),
                        _ => concat(&["`", &ext.name, "`: ", verb, " extension"]).into(),
                    });
                }
                for p in ext.params.iter().take(MAX_NOTES.saturating_sub(notes.len())) {
                    notes.push(deflate_param_note(&p.name, p.value.as_deref(), part));
                }
            }
            more(&mut notes, items);
        }
    }
    Cow::Owned(notes)
}

/// A list header's notes stop after this many items; one more note counts the rest (a header
/// of a thousand items would otherwise explain each).
const MAX_NOTES: usize = 32;

/// Adds the note that counts the items of a list beyond those explained.
fn more(notes: &mut Vec<Cow<'static, str>>, items: usize) {
    if items > notes.len() {
        notes.push(format!("… and {} more items", items - notes.len()).into());
    }
}

/// What a well-known token of Connection or Upgrade means.
fn known_token_note(token: &str) -> Option<&'static Cow<'static, str>> {
    static KNOWN: [(&str, Cow<'static, str>); 5] = [
        ("upgrade", Cow::Borrowed("`Upgrade`: makes the Upgrade header apply to this connection")),
        ("keep-alive", Cow::Borrowed("`keep-alive`: keep the connection open after the response (irrelevant once it switches)")),
        ("close", Cow::Borrowed("`close`: close the connection after the response; it cannot switch to WebSocket")),
        ("websocket", Cow::Borrowed("`websocket`: the WebSocket protocol of RFC 6455")),
        ("h2c", Cow::Borrowed("`h2c`: HTTP/2 over cleartext, not WebSocket")),
    ];
    KNOWN.iter().find(|(known, _)| token.eq_ignore_ascii_case(known)).map(|(_, note)| note)
}

fn deflate_param_note(name: &str, value: Option<&str>, part: Part) -> Cow<'static, str> {
    let offer = part == Part::Request;
    let bits = window_bits(value).ok().flatten();
    match (name, bits) {
        (names::SERVER_NO_CONTEXT_TAKEOVER, _) if offer => "`server_no_context_takeover`: asks the server to reset its compression context after each message".into(),
        (names::SERVER_NO_CONTEXT_TAKEOVER, _) => "`server_no_context_takeover`: the server resets its compression context after each message".into(),
        (names::CLIENT_NO_CONTEXT_TAKEOVER, _) if offer => "`client_no_context_takeover`: the client will (or offers to) reset its compression context after each message".into(),
        (names::CLIENT_NO_CONTEXT_TAKEOVER, _) => "`client_no_context_takeover`: the client must reset its compression context after each message".into(),
        (names::SERVER_MAX_WINDOW_BITS, Some(b)) => format!("`server_max_window_bits={b}`: the server compresses with a window of at most 2^{b} = {} bytes", 1u32 << b).into(),
        (names::CLIENT_MAX_WINDOW_BITS, None) if offer => "`client_max_window_bits`: the client can accept a limit on its own window from the server".into(),
        (names::CLIENT_MAX_WINDOW_BITS, Some(b)) => format!("`client_max_window_bits={b}`: the client compresses with a window of at most 2^{b} = {} bytes", 1u32 << b).into(),
        _ => format!("`{name}`{}: not a valid permessage-deflate parameter here", value.map(|v| format!("={v}")).unwrap_or_default()).into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_header_the_rules_name_is_documented() {
        for name in [
            names::HOST,
            names::UPGRADE,
            names::CONNECTION,
            names::ORIGIN,
            names::COOKIE,
            names::AUTHORIZATION,
            names::LOCATION,
            names::WWW_AUTHENTICATE,
            names::PROXY_AUTHENTICATE,
            names::ALLOW,
            names::SEC_WEBSOCKET_KEY,
            names::SEC_WEBSOCKET_ACCEPT,
            names::SEC_WEBSOCKET_VERSION,
            names::SEC_WEBSOCKET_PROTOCOL,
            names::SEC_WEBSOCKET_EXTENSIONS,
        ] {
            assert!(explain(name).is_some(), "{name} has no entry");
        }
        assert!(explain("sec-websocket-key").is_some());
        assert!(lookup("X-Custom").is_none());
    }

    #[test]
    fn entries_are_unique_and_complete() {
        for (i, doc) in HEADER_DOCS.iter().enumerate() {
            assert!(
                HEADER_DOCS[..i].iter().all(|d| !d.name.eq_ignore_ascii_case(doc.name)),
                "{}",
                doc.name
            );
            assert!(doc.summary.ends_with('.') && doc.details.ends_with('.'), "{}", doc.name);
        }
    }

    #[test]
    fn key_notes_show_decoded_bytes() {
        let notes = value_notes(
            "Sec-WebSocket-Key",
            accept::SAMPLE_KEY,
            Part::Request,
            None,
            None,
            false,
            None,
        );
        assert!(
            notes[0].starts_with("decodes to 16 bytes: 7468652073616d706c65206e6f6e6365"),
            "{notes:?}"
        );
        assert!(notes[1].ends_with(accept::SAMPLE_ACCEPT));
    }
}
