//! ERR9xx: a client's error message pasted on its own. Each recognised message becomes a
//! finding that says what it means, ranks its likely causes and says what to capture next,
//! since the message alone never shows the server's answer.

use super::{finding, Rule};
use crate::{
    errors::{recognise, Class},
    report::{Finding, Part},
};

/// The findings for every client error message in `text`.
pub(crate) fn check(text: &str) -> Vec<Finding> {
    recognise(text)
        .into_iter()
        .map(|r| {
            let (rule, what, causes) = explain(r.class);
            let message = format!("{} says {what}", r.client);
            let mut help = String::from("Likely causes, most likely first: ");
            for (i, cause) in causes.iter().enumerate() {
                if i > 0 {
                    help.push_str("; ");
                }
                help.push_str(&format!("({}) {cause}", i + 1));
            }
            help.push_str(". Next: ");
            help.push_str(&next_step(r.class, r.url.as_deref()));
            finding(rule, Part::Input, r.span, message, help)
        })
        .collect()
}

/// The rule, what the message means, and its likely causes, most likely first.
pub(crate) fn explain(class: Class) -> (Rule, String, Vec<&'static str>) {
    match class {
        Class::Status(code) => {
            let what = match code {
                0 => "the server did not switch protocols (it answered another status than 101)".to_owned(),
                code => format!("the server answered {code} instead of 101 Switching Protocols"),
            };
            (Rule::ClientSaysStatus, what, status_causes(code))
        }
        Class::Accept => (
            Rule::ClientSaysAccept,
            "the 101's Sec-WebSocket-Accept was missing or did not match the key it sent".to_owned(),
            vec![
                "the server computed the accept wrongly: it hashed the base64-decoded key, mistyped the GUID 258EAFA5-E914-47DA-95CA-C5AB0DC85B11, or trimmed or re-encoded the result",
                "a proxy on the way rewrote Sec-WebSocket-Key (or the accept), so the answer belongs to another key",
                "two WebSocket layers answered on one path (a framework's and the application's), or the 101 was written by hand without the accept",
            ],
        ),
        Class::UpgradeHeaders => (
            Rule::ClientSaysUpgradeHeaders,
            "the 101's Upgrade or Connection header was missing or wrong".to_owned(),
            vec![
                "a proxy between client and server rewrote the hop-by-hop Connection or Upgrade (for example to `Connection: keep-alive`)",
                "the server wrote the 101 by hand and left `Upgrade: websocket` or `Connection: Upgrade` out",
            ],
        ),
        Class::Subprotocol => (
            Rule::ClientSaysSubprotocol,
            "the server's subprotocol answer did not fit the offer".to_owned(),
            vec![
                "the client offered subprotocols and the server selected none: browsers and Node ws then fail, although RFC 6455 allows it",
                "the server selected a subprotocol the client did not offer, or one with another spelling or case",
                "the client offered none and the server answered one anyway",
            ],
        ),
        Class::Extension => (
            Rule::ClientSaysExtension,
            "the server's extension answer (permessage-deflate) broke the client's rules".to_owned(),
            vec![
                "the permessage-deflate answer has a parameter the offer did not allow, a parameter twice, or client_max_window_bits without a value",
                "a window size outside 8 to 15, or written with a leading zero",
                "the server accepted an extension the client did not offer",
            ],
        ),
        Class::InvalidHttp => (
            Rule::ClientSaysInvalidHttp,
            "the server's answer was not a valid HTTP/1.1 response".to_owned(),
            vec![
                "the port speaks something else: TLS (use wss://), HTTP/2 only, or not HTTP at all",
                "the server or a proxy wrote a malformed head: bare LF line endings, a header line without a colon, whitespace before a colon, a lowercase `http/1.1`",
                "a proxy answered with its own error page in another form",
            ],
        ),
        Class::Closed => (
            Rule::ClientSaysClosed,
            "the connection closed, or the handshake timed out, before a whole answer came".to_owned(),
            vec![
                "the server crashed or dropped the request (its log says why)",
                "a proxy or load balancer timed out or closed the upgraded connection",
                "ws:// was sent to a TLS port (or wss:// to a plain one), which the other side cannot read",
            ],
        ),
        Class::Network => (
            Rule::ClientSaysNoConnection,
            "no connection could be opened to the server".to_owned(),
            vec![
                "nothing listens on that host and port (the server is down, or listens on another port or address)",
                "the host name does not resolve, or resolves to another machine",
                "a firewall, a corporate proxy or a VPN blocks the connection",
            ],
        ),
        Class::Tls => (
            Rule::ClientSaysTls,
            "the TLS handshake failed".to_owned(),
            vec![
                "the certificate is self-signed, expired, missing its intermediate, or for another host name",
                "the port speaks plain HTTP (use ws://), or the client and server share no TLS version",
            ],
        ),
        Class::Abnormal => (
            Rule::ClientSaysAbnormalClose,
            "the connection closed abnormally (close code 1006), which is all a browser tells a page".to_owned(),
            vec![
                "when it comes right after `new WebSocket(...)`, the handshake failed: the browser's console (not the page) has the reason, such as an unexpected status or a wrong accept",
                "when it comes after the connection was open, a proxy's idle timeout or the server dropped the connection without a close frame",
                "a TLS or certificate failure on wss://, which the console shows as a net:: error",
            ],
        ),
    }
}

/// Causes for a status other than 101, most likely first.
fn status_causes(code: u16) -> Vec<&'static str> {
    match code {
        101 => vec![
            "the 101 lacks `Connection: Upgrade` (a proxy rewrote Connection), and Node's HTTP client only hands over an upgrade that has it",
        ],
        200 => vec![
            "a proxy or load balancer in front of the server dropped the hop-by-hop Upgrade and Connection headers, so the application answered a plain GET",
            "the path reached the web application's catch-all route (a single-page app's fallback) instead of the WebSocket handler",
            "a CDN or hosting platform does not proxy WebSockets on this plan, port or route",
        ],
        300..=399 => vec![
            "the server redirects (HTTP to HTTPS, a trailing slash, a login page), and WebSocket clients do not follow redirects: connect to the final URL",
        ],
        400 => vec![
            "the request that reached the server lacks what a WebSocket upgrade needs: a proxy stripped Upgrade and Connection, or forwarded it as HTTP/1.0",
            "Sec-WebSocket-Key or Sec-WebSocket-Version is missing or invalid, or the server wants a subprotocol the client did not offer",
            "the URL reaches a plain HTTP route that refuses the request",
        ],
        401 | 407 => vec![
            "the server (401) or a proxy (407) wants credentials: a cookie not sent (SameSite, another domain), or a token missing from the query or the headers",
        ],
        403 => vec![
            "the page's Origin is not on the server's allow-list (the default in gorilla/websocket, Socket.IO's cors, Django Channels' AllowedHostsOriginValidator, Spring's setAllowedOrigins)",
            "authentication or authorisation refused the request",
            "a web application firewall or CDN rule blocked it",
        ],
        404 => vec![
            "no WebSocket handler at this path: a proxy added or removed a prefix, or a trailing slash differs",
            "the request went to another server or virtual host than the one with the handler",
        ],
        426 => vec![
            "the server wants another Sec-WebSocket-Version (13 is the only one in use) or wants TLS",
        ],
        429 => vec!["the server or a proxy limits the rate of connections: wait and retry with back-off"],
        500 => vec!["the server's handler failed while handling the upgrade: its log has the error"],
        502 => vec![
            "the proxy could not reach the backend, or the backend closed the upgraded connection: it is down, listens elsewhere, or the proxy speaks HTTP/1.0 to it",
            "the backend answered something the proxy could not read as HTTP",
        ],
        503 => vec![
            "no healthy backend is behind the proxy (a failing health check, maintenance)",
            "the platform does not support WebSockets on this plan or route",
        ],
        504 => vec!["the backend did not answer the upgrade before the proxy's timeout"],
        _ => vec!["the server or a proxy refused the upgrade: its answer's status and body say why"],
    }
}

/// What to capture next to see the server's answer.
fn next_step(class: Class, url: Option<&str>) -> String {
    // The URL as curl takes it (http and https), quoted for a POSIX shell.
    let target = url.map_or_else(
        || "URL".to_owned(),
        |u| {
            let http = match (u.strip_prefix("wss://"), u.strip_prefix("ws://")) {
                (Some(rest), _) => format!("https://{rest}"),
                (_, Some(rest)) => format!("http://{rest}"),
                _ => u.to_owned(),
            };
            format!("'{}'", http.replace('\'', "'\\''"))
        },
    );
    let curl = format!(
        "`curl -v --http1.1 -H 'Connection: Upgrade' -H 'Upgrade: websocket' -H 'Sec-WebSocket-Version: 13' -H 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==' {target}`"
    );
    match class {
        Class::Network => format!("check that the server listens there, then run {curl} and paste its output here"),
        Class::Tls => format!("run {curl} (curl names the certificate problem) and paste its output here"),
        Class::Abnormal => format!("open the browser's console for its own message, or save the Network panel as a HAR (or run {curl}) and paste it here"),
        _ => format!("capture the server's answer: run {curl}, or save the browser's Network panel as a HAR, and paste it here"),
    }
}
