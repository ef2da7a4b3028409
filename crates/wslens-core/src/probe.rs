//! The protocol side of the live probe (`wslens probe`), without any I/O: where a URL points,
//! the opening request each real client sends, how far a response has arrived, and the Close
//! frame that ends a probe. The `wslens-probe` crate does the connecting, the reading and the
//! timing, and draws the key's and the mask's random bytes; it hands the recorded bytes back to
//! [`crate::inspect`] like any pasted transcript.

use crate::names;

/// Where a `ws://`, `wss://`, `http://` or `https://` URL points.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    /// The URL as given.
    pub url: String,
    /// `wss` and `https`: the connection is TLS.
    pub tls: bool,
    /// The host: a name, an IPv4 address, or an IPv6 address without its brackets.
    pub host: String,
    /// The port, from the URL or the scheme's default (80, 443).
    pub port: u16,
    /// The request-target: the path and the query, `/` at least.
    pub path: String,
    /// The Host header's value: the host (an IPv6 address in brackets), with the port when
    /// it is not the scheme's default (RFC 6455 §4.1 item 4).
    pub authority: String,
}

impl Target {
    /// Reads a URL (RFC 6455 §3, with the `http` and `https` schemes browsers also accept).
    /// The error says what is wrong and where.
    pub fn parse(url: &str) -> Result<Target, String> {
        let trimmed = url.trim();
        let Some((scheme, rest)) = trimmed.split_once("://") else {
            return Err(format!(
                "`{trimmed}` is not a URL: write it as ws://host/path or wss://host/path"
            ));
        };
        let tls = match scheme.to_ascii_lowercase().as_str() {
            "ws" | "http" => false,
            "wss" | "https" => true,
            other => {
                return Err(format!("the scheme `{other}` is not ws, wss, http or https"));
            }
        };
        if rest.contains('#') {
            // RFC 6455 §3: "Fragment identifiers are meaningless in the context of WebSocket
            // URIs and MUST NOT be used on these URIs."
            return Err("a WebSocket URL has no fragment (`#...`): remove it".into());
        }
        let end = rest.find(['/', '?']).unwrap_or(rest.len());
        let (authority, path) = rest.split_at(end);
        if authority.contains('@') {
            return Err("credentials in the URL (`user@host`) are not sent by browsers; use -H 'Authorization: ...' instead".into());
        }
        let (host, port) = split_host_port(authority)?;
        let default_port = if tls { 443 } else { 80 };
        let port = port.unwrap_or(default_port);
        let path = match path {
            "" => "/".to_owned(),
            p if p.starts_with('?') => format!("/{p}"),
            p => p.to_owned(),
        };
        if let Some(bad) = path.chars().find(|c| c.is_ascii_whitespace() || c.is_ascii_control()) {
            return Err(format!(
                "the path has {bad:?}, which a request line cannot carry: percent-encode it"
            ));
        }
        let bracketed = if host.contains(':') { format!("[{host}]") } else { host.clone() };
        let authority =
            if port == default_port { bracketed } else { format!("{bracketed}:{port}") };
        Ok(Target { url: trimmed.to_owned(), tls, host, port, path, authority })
    }

    /// The origin of a page on the same site, which a browser sends when no other is given.
    pub fn same_origin(&self) -> String {
        format!("{}://{}", if self.tls { "https" } else { "http" }, self.authority)
    }
}

fn split_host_port(authority: &str) -> Result<(String, Option<u16>), String> {
    let (host, port) = if let Some(rest) = authority.strip_prefix('[') {
        let Some((host, after)) = rest.split_once(']') else {
            return Err(format!("`{authority}`: an IPv6 address needs its closing `]`"));
        };
        if !host.contains(':') || !host.bytes().all(|b| b.is_ascii_hexdigit() || b".:".contains(&b))
        {
            return Err(format!("`[{host}]` is not an IPv6 address"));
        }
        match after {
            "" => (host, None),
            p => match p.strip_prefix(':') {
                Some(port) => (host, Some(port)),
                None => return Err(format!("`{authority}`: expected `:port` after `]`")),
            },
        }
    } else {
        match authority.rsplit_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        }
    };
    if host.is_empty() {
        return Err("the URL has no host".into());
    }
    if !host.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._:".contains(&b)) {
        return Err(format!(
            "the host `{host}` has characters a host name cannot have (write an international name in its xn-- form)"
        ));
    }
    let port = match port {
        None => None,
        Some(p) => match p.parse::<u16>() {
            Ok(n) if n > 0 && !p.starts_with('+') => Some(n),
            _ => return Err(format!("the port `{p}` is not a number from 1 to 65535")),
        },
    };
    Ok((host.to_ascii_lowercase(), port))
}

/// Where a client's request profile comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProfileSource {
    /// A recording of the real client, committed with the fixtures (its path).
    Recorded(&'static str),
    /// The client's source code (which file, and which version), where no recording could be
    /// made here yet.
    FromSource(&'static str),
}

/// A real client whose opening request the probe can send.
#[derive(Clone, Copy, Debug)]
pub struct RequestProfile {
    /// The identifier of `--as` (and of the report's client verdicts).
    pub id: &'static str,
    /// The client's name and version.
    pub name: &'static str,
    /// Where the header order, casing and values come from.
    pub source: ProfileSource,
    /// Whether it always sends Origin (browsers do; libraries only when told).
    pub sends_origin: bool,
    /// Whether it sends WebSockets over HTTP/2 (RFC 8441) when the server allows it.
    pub http2: bool,
    lines: &'static [(&'static str, Slot)],
}

/// What a header line of a profile carries.
#[derive(Clone, Copy, Debug)]
enum Slot {
    Fixed(&'static str),
    Host,
    Key,
    /// Sent when the profile always sends it or an origin is given.
    Origin,
    /// The subprotocols, joined by this separator; left out when none are offered.
    Protocols(&'static str),
    /// The client's extension offer; left out with `--no-deflate`.
    Extensions(&'static str),
}

use Slot::{Extensions, Fixed, Host, Key, Origin, Protocols};

const CHROME_UA: &str = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36";
const FIREFOX_UA: &str = "Mozilla/5.0 (X11; Linux x86_64; rv:153.0) Gecko/20100101 Firefox/153.0";
const SAFARI_UA: &str = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Safari/605.1.15";

/// Every profile, in the order `--as all` runs them. Header order, name casing and fixed
/// values are the client's own; a test compares each recorded one with its recording.
pub const REQUEST_PROFILES: &[RequestProfile] = &[
    RequestProfile {
        id: "chrome",
        name: "Chrome 156",
        source: ProfileSource::Recorded("tests/fixtures/captured/valid/chromium-node-ws.txt"),
        sends_origin: true,
        http2: true,
        lines: &[
            (names::HOST, Host),
            (names::CONNECTION, Fixed("Upgrade")),
            ("Pragma", Fixed("no-cache")),
            ("Cache-Control", Fixed("no-cache")),
            // Recorded headless ("HeadlessChrome"); sent as the desktop browser says it.
            (names::USER_AGENT, Fixed(CHROME_UA)),
            (names::UPGRADE, Fixed("websocket")),
            (names::ORIGIN, Origin),
            (names::SEC_WEBSOCKET_VERSION, Fixed("13")),
            ("Accept-Encoding", Fixed("gzip, deflate, br, zstd")),
            ("Accept-Language", Fixed("en-US,en;q=0.9")),
            (names::SEC_WEBSOCKET_KEY, Key),
            (names::SEC_WEBSOCKET_EXTENSIONS, Extensions("permessage-deflate; client_max_window_bits")),
            (names::SEC_WEBSOCKET_PROTOCOL, Protocols(", ")),
        ],
    },
    RequestProfile {
        id: "firefox",
        name: "Firefox ESR 153",
        source: ProfileSource::Recorded(
            "tests/fixtures/captured/formats/firefox-devtools-node-ws.wire.txt",
        ),
        sends_origin: true,
        http2: true,
        lines: &[
            (names::HOST, Host),
            (names::USER_AGENT, Fixed(FIREFOX_UA)),
            ("Accept", Fixed("*/*")),
            ("Accept-Language", Fixed("en-US,en;q=0.9")),
            ("Accept-Encoding", Fixed("gzip, deflate, br, zstd")),
            (names::SEC_WEBSOCKET_VERSION, Fixed("13")),
            (names::ORIGIN, Origin),
            (names::SEC_WEBSOCKET_PROTOCOL, Protocols(", ")),
            (names::SEC_WEBSOCKET_EXTENSIONS, Extensions("permessage-deflate")),
            (names::SEC_WEBSOCKET_KEY, Key),
            (names::CONNECTION, Fixed("Upgrade")),
            ("Sec-Fetch-Dest", Fixed("empty")),
            ("Sec-Fetch-Mode", Fixed("websocket")),
            ("Sec-Fetch-Site", Fixed("same-site")),
            ("Pragma", Fixed("no-cache")),
            ("Cache-Control", Fixed("no-cache")),
            (names::UPGRADE, Fixed("websocket")),
        ],
    },
    RequestProfile {
        id: "safari",
        name: "Safari 18 (WebKit)",
        source: ProfileSource::FromSource(
            "WebKit Source/WebCore/Modules/websockets/WebSocketHandshake.cpp (clientHandshakeRequest)",
        ),
        sends_origin: true,
        http2: false,
        lines: &[
            (names::UPGRADE, Fixed("websocket")),
            (names::CONNECTION, Fixed("Upgrade")),
            (names::HOST, Host),
            (names::ORIGIN, Origin),
            ("Pragma", Fixed("no-cache")),
            ("Cache-Control", Fixed("no-cache")),
            (names::SEC_WEBSOCKET_PROTOCOL, Protocols(", ")),
            (names::SEC_WEBSOCKET_KEY, Key),
            (names::SEC_WEBSOCKET_VERSION, Fixed("13")),
            (names::SEC_WEBSOCKET_EXTENSIONS, Extensions("permessage-deflate; client_max_window_bits")),
            (names::USER_AGENT, Fixed(SAFARI_UA)),
        ],
    },
    RequestProfile {
        id: "curl",
        name: "curl 7.88",
        source: ProfileSource::Recorded("tests/fixtures/captured/valid/curl-node-ws.txt"),
        sends_origin: false,
        http2: false,
        lines: &[
            (names::HOST, Host),
            (names::USER_AGENT, Fixed("curl/7.88.1")),
            ("Accept", Fixed("*/*")),
            (names::CONNECTION, Fixed("Upgrade")),
            (names::UPGRADE, Fixed("websocket")),
            (names::SEC_WEBSOCKET_VERSION, Fixed("13")),
            (names::SEC_WEBSOCKET_KEY, Key),
        ],
    },
    RequestProfile {
        id: "python-websockets",
        name: "Python websockets 17.4",
        source: ProfileSource::Recorded("tests/fixtures/captured/valid/python-python-websockets.txt"),
        sends_origin: false,
        http2: false,
        lines: &[
            (names::HOST, Host),
            (names::ORIGIN, Origin),
            (names::UPGRADE, Fixed("websocket")),
            (names::CONNECTION, Fixed("Upgrade")),
            (names::SEC_WEBSOCKET_KEY, Key),
            (names::SEC_WEBSOCKET_VERSION, Fixed("13")),
            (names::SEC_WEBSOCKET_EXTENSIONS, Extensions("permessage-deflate; client_max_window_bits")),
            (names::SEC_WEBSOCKET_PROTOCOL, Protocols(", ")),
            (names::USER_AGENT, Fixed("Python/3.11 websockets/17.4")),
        ],
    },
    RequestProfile {
        id: "node-ws",
        name: "Node ws 8.23",
        source: ProfileSource::Recorded("tests/fixtures/captured/valid/node-ws-node-ws.txt"),
        sends_origin: false,
        http2: false,
        lines: &[
            (names::SEC_WEBSOCKET_VERSION, Fixed("13")),
            (names::SEC_WEBSOCKET_KEY, Key),
            (names::CONNECTION, Fixed("Upgrade")),
            (names::UPGRADE, Fixed("websocket")),
            (names::SEC_WEBSOCKET_EXTENSIONS, Extensions("permessage-deflate; client_max_window_bits")),
            (names::SEC_WEBSOCKET_PROTOCOL, Protocols(",")),
            (names::ORIGIN, Origin),
            (names::HOST, Host),
        ],
    },
    RequestProfile {
        id: "tungstenite",
        name: "tungstenite 0.27 (Rust)",
        source: ProfileSource::Recorded("tests/fixtures/captured/clients/tungstenite-node-ws.txt"),
        sends_origin: false,
        http2: false,
        lines: &[
            (names::HOST, Host),
            (names::CONNECTION, Fixed("Upgrade")),
            (names::UPGRADE, Fixed("websocket")),
            (names::SEC_WEBSOCKET_VERSION, Fixed("13")),
            (names::SEC_WEBSOCKET_KEY, Key),
            (names::ORIGIN, Origin),
            (names::SEC_WEBSOCKET_PROTOCOL, Protocols(", ")),
        ],
    },
    RequestProfile {
        id: "gorilla",
        name: "gorilla/websocket 1.5 (Go)",
        // Go's Request.Write sends Host and User-Agent, then the other headers sorted by name;
        // gorilla sets the names with the casing below and compression off by default.
        source: ProfileSource::Recorded("tests/fixtures/captured/clients/gorilla-node-ws.txt"),
        sends_origin: false,
        http2: false,
        lines: &[
            (names::HOST, Host),
            (names::USER_AGENT, Fixed("Go-http-client/1.1")),
            (names::CONNECTION, Fixed("Upgrade")),
            (names::ORIGIN, Origin),
            (names::SEC_WEBSOCKET_KEY, Key),
            (names::SEC_WEBSOCKET_PROTOCOL, Protocols(", ")),
            (names::SEC_WEBSOCKET_VERSION, Fixed("13")),
            (names::UPGRADE, Fixed("websocket")),
        ],
    },
    RequestProfile {
        id: "coder",
        name: "nhooyr/websocket 1.8 (Go; now coder/websocket)",
        // Header.Set canonicalises names: `Sec-Websocket-Key`, as Go sends them. Its default
        // offer asks for no context takeover either way.
        source: ProfileSource::Recorded("tests/fixtures/captured/clients/nhooyr-node-ws.txt"),
        sends_origin: false,
        http2: false,
        lines: &[
            (names::HOST, Host),
            (names::USER_AGENT, Fixed("Go-http-client/1.1")),
            (names::CONNECTION, Fixed("Upgrade")),
            ("Origin", Origin),
            (
                "Sec-Websocket-Extensions",
                Extensions("permessage-deflate; client_no_context_takeover; server_no_context_takeover"),
            ),
            ("Sec-Websocket-Key", Key),
            ("Sec-Websocket-Protocol", Protocols(",")),
            ("Sec-Websocket-Version", Fixed("13")),
            (names::UPGRADE, Fixed("websocket")),
            ("Accept-Encoding", Fixed("gzip")),
        ],
    },
];

/// The profile `--as ID` names.
pub fn request_profile(id: &str) -> Option<&'static RequestProfile> {
    REQUEST_PROFILES.iter().find(|p| p.id.eq_ignore_ascii_case(id))
}

/// What the user asks the probe to send besides the profile's own request.
#[derive(Clone, Debug, Default)]
pub struct RequestOptions {
    /// Origin to send; a browser profile sends the target's own origin without it.
    pub origin: Option<String>,
    /// Subprotocols to offer, in order.
    pub protocols: Vec<String>,
    /// Leave the extension offer out (`--no-deflate`).
    pub no_deflate: bool,
    /// Extra headers (`-H 'Name: value'`): one with a name the profile sends replaces that
    /// line in place; an empty value removes it (as curl does); the others go at the end.
    pub headers: Vec<(String, String)>,
    /// Send every header name in lowercase.
    pub lowercase_names: bool,
}

/// Reads `-H`'s `Name: value`; the error says what is wrong.
pub fn parse_header_option(text: &str) -> Result<(String, String), String> {
    let Some((name, value)) = text.split_once(':') else {
        return Err(format!("`{text}` has no colon: write -H 'Name: value'"));
    };
    let name = name.trim();
    if name.is_empty() || !crate::http::is_token(name) {
        return Err(format!("`{name}` is not a header name (letters, digits and !#$%&'*+-.^_`|~)"));
    }
    let value = value.trim();
    if value.bytes().any(|b| b == b'\r' || b == b'\n') {
        return Err(format!("the value of {name} has a line break"));
    }
    Ok((name.to_owned(), value.to_owned()))
}

/// The opening request `profile` sends to `target` with `key` (see
/// [`crate::key_from_nonce`]), as the bytes that go on the wire.
pub fn opening_request(
    profile: &RequestProfile,
    target: &Target,
    key: &str,
    options: &RequestOptions,
) -> String {
    let mut out = format!("GET {} HTTP/1.1\r\n", target.path);
    for (name, value) in request_fields(profile, target, Some(key), options) {
        out.push_str(&name);
        out.push_str(": ");
        out.push_str(&value);
        out.push_str("\r\n");
    }
    out.push_str("\r\n");
    out
}

/// The fields of the extended CONNECT (RFC 8441 §4, §5) `profile` sends to `target` over
/// HTTP/2: the pseudo-headers, then its own fields in its order, lowercase, without those
/// HTTP/2 forbids or does not use (Host, Connection, Upgrade, the key). An error names a
/// client that does not send WebSockets over HTTP/2.
pub fn extended_connect_fields(
    profile: &RequestProfile,
    target: &Target,
    options: &RequestOptions,
) -> Result<Vec<Field>, String> {
    if !profile.http2 {
        let speaking: Vec<&str> =
            REQUEST_PROFILES.iter().filter(|p| p.http2).map(|p| p.id).collect();
        return Err(format!(
            "{} does not send WebSockets over HTTP/2; use --as {}",
            profile.name,
            speaking.join(" or ")
        ));
    }
    let scheme = if target.tls { "https" } else { "http" };
    let mut fields: Vec<Field> = vec![
        (":method".into(), "CONNECT".into()),
        (":authority".into(), target.authority.clone()),
        (":scheme".into(), scheme.into()),
        (":path".into(), target.path.clone()),
        (":protocol".into(), "websocket".into()),
    ];
    let dropped = [names::HOST, names::CONNECTION, names::UPGRADE, names::SEC_WEBSOCKET_KEY];
    fields.extend(
        request_fields(profile, target, None, options)
            .into_iter()
            .filter(|(name, _)| !dropped.iter().any(|d| d.eq_ignore_ascii_case(name)))
            .map(|(name, value)| (name.to_ascii_lowercase(), value)),
    );
    Ok(fields)
}

/// The header fields of `profile`'s request, in its order (no key: the field is left out).
pub(crate) fn request_fields(
    profile: &RequestProfile,
    target: &Target,
    key: Option<&str>,
    options: &RequestOptions,
) -> Vec<(String, String)> {
    let origin =
        options.origin.clone().or_else(|| profile.sends_origin.then(|| target.same_origin()));
    let protocols = options.protocols.join(", ");
    let mut lines: Vec<(String, String)> = Vec::new();
    for &(name, slot) in profile.lines {
        let value = match slot {
            Fixed(value) => Some(value.to_owned()),
            Host => Some(target.authority.clone()),
            Key => key.map(str::to_owned),
            Origin => origin.clone(),
            Protocols(separator) => (!options.protocols.is_empty()).then(|| {
                if separator == ", " {
                    protocols.clone()
                } else {
                    options.protocols.join(separator)
                }
            }),
            Extensions(offer) => (!options.no_deflate).then(|| offer.to_owned()),
        };
        if let Some(value) = value {
            lines.push((name.to_owned(), value));
        }
    }
    // A client with no place of its own for them sends them as extra headers, last.
    let has = |slot: fn(&Slot) -> bool| profile.lines.iter().any(|(_, s)| slot(s));
    if let Some(origin) = origin.filter(|_| !has(|s| matches!(s, Origin))) {
        lines.push((names::ORIGIN.to_owned(), origin));
    }
    if !options.protocols.is_empty() && !has(|s| matches!(s, Protocols(_))) {
        lines.push((names::SEC_WEBSOCKET_PROTOCOL.to_owned(), protocols.clone()));
    }
    for (name, value) in &options.headers {
        match lines.iter().position(|(n, _)| n.eq_ignore_ascii_case(name)) {
            Some(i) if value.is_empty() => {
                lines.remove(i);
            }
            Some(i) => lines[i] = (name.clone(), value.clone()),
            None if value.is_empty() => {}
            None => lines.push((name.clone(), value.clone())),
        }
    }
    if options.lowercase_names {
        for (name, _) in &mut lines {
            name.make_ascii_lowercase();
        }
    }
    lines
}

/// A header field as the probe sends or receives it: its name and its value.
pub type Field = (String, String);

/// The transcript of a probe over HTTP/2, in the form of a header copy the core reads: a note
/// with the server's SETTINGS_ENABLE_CONNECT_PROTOCOL (which H2813 and H2814 read), the
/// request's fields, then the response's fields (`:status` first) and its body, if it came.
pub fn http2_transcript(
    target: &Target,
    connect_enabled: bool,
    request: &[Field],
    response: Option<(&[Field], &[u8])>,
) -> Vec<u8> {
    let how = if target.tls { "ALPN h2" } else { "cleartext, prior knowledge" };
    let mut out = format!(
        "{} HTTP/2 ({how}) with {}; the server's {}{}\n",
        names::PROBE_NOTE,
        target.authority,
        names::ENABLE_CONNECT_PROTOCOL,
        u8::from(connect_enabled)
    );
    let write = |out: &mut String, fields: &[Field]| {
        for (name, value) in fields {
            out.push_str(&format!("{name}: {value}\n"));
        }
    };
    write(&mut out, request);
    match response {
        None => out.into_bytes(),
        Some((head, body)) => {
            out.push('\n');
            write(&mut out, head);
            let mut out = out.into_bytes();
            if !body.is_empty() {
                out.push(b'\n');
                out.extend_from_slice(body);
            }
            out
        }
    }
}

/// How much of a response has arrived: enough for the probe to know when to stop reading.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ResponseProgress {
    /// Where the head ends (after its blank line), once it has.
    pub head_end: Option<usize>,
    /// The status code, once the status line is complete.
    pub status: Option<u16>,
    /// The body's length from Content-Length, when the head has one.
    pub content_length: Option<usize>,
}

impl ResponseProgress {
    /// Reads the bytes that have arrived so far.
    pub fn of(bytes: &[u8]) -> ResponseProgress {
        let head_end = memchr::memmem::find(bytes, b"\r\n\r\n")
            .map(|i| i + 4)
            .into_iter()
            .chain(memchr::memmem::find(bytes, b"\n\n").map(|i| i + 2))
            .min();
        let first_line = memchr::memchr(b'\n', bytes).map(|i| &bytes[..i]);
        let status = first_line.and_then(|line| {
            let line = std::str::from_utf8(line).ok()?;
            let mut parts = line.split_ascii_whitespace();
            parts.next().filter(|v| v.to_ascii_uppercase().starts_with("HTTP/"))?;
            parts.next()?.parse().ok()
        });
        let content_length = head_end.and_then(|end| {
            let head = String::from_utf8_lossy(&bytes[..end]);
            let parsed = crate::http::parse_head(&head, 0, crate::http::Layout::Indented(0));
            let field = parsed.first(&head, names::CONTENT_LENGTH)?;
            crate::http::content_length(field.value(&head))
        });
        ResponseProgress { head_end, status, content_length }
    }
}

/// The request that asks an HTTP proxy for a tunnel to the target (RFC 9110 §9.3.6), as
/// browsers send it for every WebSocket, `ws://` included.
pub fn connect_request(target: &Target, user_agent: Option<&str>) -> String {
    let authority = if target.host.contains(':') {
        format!("[{}]:{}", target.host, target.port)
    } else {
        format!("{}:{}", target.host, target.port)
    };
    let mut out = format!("CONNECT {authority} HTTP/1.1\r\nHost: {authority}\r\n");
    if let Some(agent) = user_agent {
        out.push_str(&format!("User-Agent: {agent}\r\n"));
    }
    out.push_str("Proxy-Connection: keep-alive\r\n\r\n");
    out
}

/// Where a refusal redirects to, for `--follow`: the Location of a 3xx response of `exchange`,
/// resolved against `target` (an absolute URL, or a path on the same server), with `http`
/// and `https` read as `ws` and `wss`. `None` when the exchange is not a redirect.
pub fn redirect_location(
    exchange: &crate::Exchange,
    target: &Target,
) -> Option<Result<String, String>> {
    let response = exchange.response.as_ref()?;
    let crate::StartLine::Response { status, .. } = response.start_line else { return None };
    if !(300..400).contains(&status) {
        return None;
    }
    let location =
        response.headers.iter().find(|h| h.name.eq_ignore_ascii_case(names::LOCATION))?;
    let value = location.value.trim();
    let scheme = if target.tls { "wss" } else { "ws" };
    let url = if value.contains("://") {
        value.to_owned()
    } else if value.starts_with("//") {
        format!("{scheme}:{value}")
    } else if value.starts_with('/') {
        format!("{scheme}://{}{value}", target.authority)
    } else {
        return Some(Err(format!("the Location `{value}` is relative to a path; only absolute URLs and paths are followed")));
    };
    Some(Target::parse(&url).map(|t| t.url))
}

/// A client's Close frame with status 1000 (normal closure), masked with `mask` as every
/// client frame must be (RFC 6455 §5.3, §5.5.1).
pub fn close_frame(mask: [u8; 4]) -> [u8; 8] {
    let payload = 1000u16.to_be_bytes();
    [0x88, 0x80 | 2, mask[0], mask[1], mask[2], mask[3], payload[0] ^ mask[0], payload[1] ^ mask[1]]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets() {
        let t = Target::parse("ws://example.com/chat?x=1").unwrap();
        assert_eq!(
            (t.tls, t.host.as_str(), t.port, t.path.as_str()),
            (false, "example.com", 80, "/chat?x=1")
        );
        assert_eq!(t.authority, "example.com");
        let t = Target::parse("wss://[::1]:8443").unwrap();
        assert_eq!(
            (t.host.as_str(), t.port, t.path.as_str(), t.authority.as_str()),
            ("::1", 8443, "/", "[::1]:8443")
        );
        let t = Target::parse("https://127.0.0.1:443?q").unwrap();
        assert_eq!((t.tls, t.path.as_str(), t.authority.as_str()), (true, "/?q", "127.0.0.1"));
        assert_eq!(t.same_origin(), "https://127.0.0.1");
        for bad in [
            "example.com",
            "ftp://x/",
            "ws:///x",
            "ws://x:0/",
            "ws://x:99999/",
            "ws://x/#f",
            "ws://u@x/",
            "ws://[::1/",
            "ws://ex ample/",
            "ws://x/a b",
        ] {
            assert!(Target::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn requests_follow_the_profile_and_the_options() {
        let target = Target::parse("ws://127.0.0.1:9000/chat").unwrap();
        let chrome = request_profile("chrome").unwrap();
        let options = RequestOptions {
            protocols: vec!["chat".into(), "superchat".into()],
            ..Default::default()
        };
        let text = opening_request(chrome, &target, crate::SAMPLE_KEY, &options);
        assert!(text
            .starts_with("GET /chat HTTP/1.1\r\nHost: 127.0.0.1:9000\r\nConnection: Upgrade\r\n"));
        assert!(text.contains("\r\nOrigin: http://127.0.0.1:9000\r\n"));
        assert!(text.ends_with("Sec-WebSocket-Protocol: chat, superchat\r\n\r\n"));
        let node = request_profile("node-ws").unwrap();
        let options = RequestOptions {
            protocols: vec!["a".into(), "b".into()],
            no_deflate: true,
            headers: vec![
                ("Authorization".into(), "Bearer x".into()),
                ("Sec-WebSocket-Version".into(), "8".into()),
            ],
            ..Default::default()
        };
        let text = opening_request(node, &target, crate::SAMPLE_KEY, &options);
        assert!(text.starts_with("GET /chat HTTP/1.1\r\nSec-WebSocket-Version: 8\r\n"));
        assert!(!text.contains("Origin") && !text.contains("Extensions"));
        assert!(text.contains("Sec-WebSocket-Protocol: a,b\r\n"));
        assert!(text.ends_with("Host: 127.0.0.1:9000\r\nAuthorization: Bearer x\r\n\r\n"));
        let options = RequestOptions {
            headers: vec![("User-Agent".into(), String::new())],
            lowercase_names: true,
            ..Default::default()
        };
        let text =
            opening_request(request_profile("curl").unwrap(), &target, crate::SAMPLE_KEY, &options);
        assert!(!text.contains("user-agent") && text.contains("\r\nsec-websocket-key: "));
        assert!(parse_header_option("X-A: b").is_ok());
        assert!(parse_header_option("X A: b").is_err());
        assert!(parse_header_option("nocolon").is_err());
    }

    #[test]
    fn each_request_opens_with_an_rfc_6455_server() {
        let target = Target::parse("ws://example.com/").unwrap();
        for profile in REQUEST_PROFILES {
            let request =
                opening_request(profile, &target, crate::SAMPLE_KEY, &RequestOptions::default());
            let response = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n";
            let report = crate::inspect(
                format!("{request}{response}").as_bytes(),
                &crate::Options::default(),
            );
            let exchange = &report.exchanges[0];
            assert_eq!(exchange.verdict.handshake, crate::HandshakeVerdict::Ok, "{}", profile.id);
            assert_eq!(exchange.verdict.request, crate::MessageVerdict::Valid, "{}", profile.id);
        }
    }

    #[test]
    fn recorded_profiles_match_their_recordings() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        for profile in REQUEST_PROFILES {
            let ProfileSource::Recorded(path) = profile.source else { continue };
            #[allow(clippy::disallowed_methods, reason = "the test reads the committed recording")]
            let bytes = std::fs::read(root.join(path)).unwrap();
            let text = String::from_utf8_lossy(&bytes);
            let head = text.split("\r\n\r\n").next().unwrap();
            let recorded: Vec<(&str, &str)> = head
                .lines()
                .skip(1)
                .map(|l| l.split_once(": ").unwrap())
                .filter(|(n, _)| *n != "Origin" || profile.sends_origin)
                .collect();
            let target = Target::parse("ws://127.0.0.1:1/chat").unwrap();
            let offer: Vec<String> = recorded
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case("Sec-WebSocket-Protocol"))
                .map(|(_, v)| v.split(',').map(|p| p.trim().to_owned()).collect())
                .unwrap_or_default();
            let options = RequestOptions { protocols: offer, ..Default::default() };
            let ours = opening_request(profile, &target, "k", &options);
            let sent: Vec<(&str, &str)> =
                ours.trim_end().lines().skip(1).map(|l| l.split_once(": ").unwrap()).collect();
            let names =
                |h: &[(&str, &str)]| h.iter().map(|(n, _)| n.to_string()).collect::<Vec<_>>();
            assert_eq!(names(&sent), names(&recorded), "{}: header order and casing", profile.id);
            for ((name, ours), (_, theirs)) in sent.iter().zip(&recorded) {
                let varies = ["Host", "Sec-WebSocket-Key", "Origin"]
                    .iter()
                    .any(|v| v.eq_ignore_ascii_case(name))
                    || (*name == "User-Agent" && theirs.contains("HeadlessChrome"));
                if !varies {
                    assert_eq!(ours, theirs, "{}: {name}", profile.id);
                }
            }
        }
    }

    #[test]
    fn proxies_and_redirects() {
        let target = Target::parse("wss://[::1]/x").unwrap();
        assert_eq!(
            connect_request(&target, None),
            "CONNECT [::1]:443 HTTP/1.1\r\nHost: [::1]:443\r\nProxy-Connection: keep-alive\r\n\r\n"
        );
        let target = Target::parse("ws://example.com:8080/a").unwrap();
        let redirect = |location: &str| {
            let text = format!("GET /a HTTP/1.1\r\nHost: example.com:8080\r\n\r\nHTTP/1.1 302 Found\r\nLocation: {location}\r\nContent-Length: 0\r\n\r\n");
            let report = crate::inspect(text.as_bytes(), &crate::Options::default());
            redirect_location(&report.exchanges[0], &target)
        };
        assert_eq!(redirect("/b?c"), Some(Ok("ws://example.com:8080/b?c".into())));
        assert_eq!(redirect("https://other.example/"), Some(Ok("https://other.example/".into())));
        assert!(matches!(redirect("b"), Some(Err(_))));
        let ok = crate::inspect(
            b"GET / HTTP/1.1\r\n\r\nHTTP/1.1 403 Forbidden\r\n\r\n",
            &crate::Options::default(),
        );
        assert_eq!(redirect_location(&ok.exchanges[0], &target), None);
    }

    #[test]
    fn http2_transcripts_carry_the_setting() {
        let target = Target::parse("wss://example.com/chat").unwrap();
        let chrome = request_profile("chrome").unwrap();
        let options = RequestOptions { protocols: vec!["chat".into()], ..Default::default() };
        let request = extended_connect_fields(chrome, &target, &options).unwrap();
        assert_eq!(request[0], (":method".into(), "CONNECT".into()));
        assert!(request
            .iter()
            .all(|(n, _)| *n == n.to_ascii_lowercase() && n != "host" && n != "sec-websocket-key"));
        assert!(extended_connect_fields(request_profile("node-ws").unwrap(), &target, &options)
            .is_err());
        let codes = |text: Vec<u8>| {
            let report = crate::inspect(&text, &crate::Options::default());
            let mut codes: Vec<&str> = report.findings.iter().map(|f| f.code).collect();
            codes.extend(report.exchanges[0].findings.iter().map(|f| f.code));
            (codes, report.exchanges[0].verdict.handshake)
        };
        let ok: Vec<(String, String)> = vec![
            (":status".into(), "200".into()),
            ("sec-websocket-protocol".into(), "chat".into()),
        ];
        let (found, verdict) = codes(http2_transcript(&target, true, &request, Some((&ok, b""))));
        assert_eq!(verdict, crate::HandshakeVerdict::Ok, "{found:?}");
        assert!(!found.contains(&"HTTP014") && !found.contains(&"H2813"), "{found:?}");
        let refused: Vec<(String, String)> = vec![(":status".into(), "400".into())];
        let (found, verdict) =
            codes(http2_transcript(&target, true, &request, Some((&refused, b"Bad Request\n"))));
        assert_eq!(verdict, crate::HandshakeVerdict::Failed);
        assert!(found.contains(&"H2814"), "{found:?}");
        let (found, _) = codes(http2_transcript(&target, false, &request, None));
        assert!(found.contains(&"H2813") && !found.contains(&"HTTP014"), "{found:?}");
    }

    #[test]
    fn response_progress_and_close() {
        assert_eq!(ResponseProgress::of(b"HTTP/1.1 10"), ResponseProgress::default());
        let p = ResponseProgress::of(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 5\r\n\r\nno");
        assert_eq!((p.head_end, p.status, p.content_length), (Some(45), Some(403), Some(5)));
        let p = ResponseProgress::of(b"HTTP/1.1 101 Switching Protocols\n\n\x81\x02hi");
        assert_eq!((p.head_end, p.status), (Some(34), Some(101)));
        let frame = close_frame([1, 2, 3, 4]);
        assert_eq!(frame[..2], [0x88, 0x82]);
        assert_eq!([frame[6] ^ 1, frame[7] ^ 2], [0x03, 0xe8]);
    }
}
