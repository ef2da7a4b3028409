//! Error messages that WebSocket clients print when a handshake fails, as people paste them
//! when they have nothing else: the browser console, a library's exception, a CLI's last
//! line. Each known message is data: the client that prints it, the text that identifies it,
//! and the class of failure it names. The texts come from the recordings under
//! `tests/fixtures/captured/` (every recorded client's error is there) and from the clients'
//! sources; `docs/errors.md` lists them with their meanings.

use crate::report::Span;

/// What a client's error message says went wrong.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Class {
    /// The server answered with this status instead of 101 (0 when the message names none).
    Status(u16),
    /// The 101's Sec-WebSocket-Accept was missing or did not match the key.
    Accept,
    /// The 101's Upgrade or Connection was missing or wrong.
    UpgradeHeaders,
    /// The subprotocol answer broke the client's rules.
    Subprotocol,
    /// The extension answer (permessage-deflate) broke the client's rules.
    Extension,
    /// The answer was not a valid HTTP response.
    InvalidHttp,
    /// The connection closed, or the handshake timed out, before a whole answer came.
    Closed,
    /// No connection: refused, host not found, unreachable, timed out while connecting.
    Network,
    /// The TLS handshake failed (a certificate, a protocol mismatch).
    Tls,
    /// Close code 1006 (or a failure with no reason), all that a browser's script is told.
    Abnormal,
}

/// A known message: who prints it, the text that identifies it, what it means.
struct Known {
    client: &'static str,
    needle: &'static str,
    class: Class,
}

/// The status classes read the code that follows their needle.
const STATUS: Class = Class::Status(0);

/// More specific needles first: the first match on a line wins.
const KNOWN: &[Known] = &[
    // Messages that quote a header name the way Chrome's shorter needles below would also
    // match: first, so they keep their own client.
    // Java: OkHttp (RealWebSocket) and the JDK's HttpClient.
    Known { client: "OkHttp", needle: "Expected HTTP 101 response but was '", class: STATUS },
    Known {
        client: "OkHttp",
        needle: "Expected 'Sec-WebSocket-Accept' header value",
        class: Class::Accept,
    },
    Known {
        client: "OkHttp",
        needle: "Expected 'Upgrade' header value",
        class: Class::UpgradeHeaders,
    },
    Known {
        client: "OkHttp",
        needle: "Expected 'Connection' header value",
        class: Class::UpgradeHeaders,
    },
    Known {
        client: "Java HttpClient",
        needle: "WebSocketHandshakeException",
        class: Class::Status(0),
    },
    Known { client: "Java", needle: "PKIX path building failed", class: Class::Tls },
    // .NET ClientWebSocket.
    Known { client: ".NET", needle: "when status code '101' was expected", class: STATUS },
    Known {
        client: ".NET",
        needle: "The 'Sec-WebSocket-Accept' header value",
        class: Class::Accept,
    },
    Known { client: ".NET", needle: "The remote certificate is invalid", class: Class::Tls },
    // curl (ws:// since 7.86).
    Known { client: "curl", needle: "Empty reply from server", class: Class::Closed },
    Known { client: "curl", needle: "Failed to connect to", class: Class::Network },
    Known { client: "curl", needle: "Could not resolve host", class: Class::Network },
    Known { client: "curl", needle: "SSL certificate problem", class: Class::Tls },
    // Chromium (console and HAR), websocket_basic_handshake_stream.cc and recorded HARs.
    Known {
        client: "The browser (Chrome or Safari)",
        needle: "Unexpected response code: ",
        class: STATUS,
    },
    Known {
        client: "Chrome",
        needle: "Incorrect 'Sec-WebSocket-Accept' header value",
        class: Class::Accept,
    },
    Known {
        client: "Chrome",
        needle: "'Sec-WebSocket-Accept' header is missing",
        class: Class::Accept,
    },
    Known { client: "Chrome", needle: "'Upgrade' header", class: Class::UpgradeHeaders },
    Known { client: "Chrome", needle: "'Connection' header", class: Class::UpgradeHeaders },
    Known {
        client: "Chrome",
        needle: "'Sec-WebSocket-Protocol' header",
        class: Class::Subprotocol,
    },
    Known { client: "Chrome", needle: "Error in permessage-deflate", class: Class::Extension },
    Known { client: "Chrome", needle: "Found an unsupported extension", class: Class::Extension },
    Known { client: "Chrome", needle: "Invalid status line", class: Class::InvalidHttp },
    Known {
        client: "Chrome",
        needle: "Connection closed before receiving a handshake response",
        class: Class::Closed,
    },
    Known { client: "Chrome", needle: "net::ERR_CERT_", class: Class::Tls },
    Known { client: "Chrome", needle: "net::ERR_SSL_", class: Class::Tls },
    Known { client: "Chrome", needle: "net::ERR_CONNECTION_REFUSED", class: Class::Network },
    Known { client: "Chrome", needle: "net::ERR_NAME_NOT_RESOLVED", class: Class::Network },
    Known { client: "Chrome", needle: "net::ERR_CONNECTION_TIMED_OUT", class: Class::Network },
    Known { client: "Chrome", needle: "net::ERR_TIMED_OUT", class: Class::Network },
    Known { client: "Chrome", needle: "net::ERR_CONNECTION_RESET", class: Class::Closed },
    Known { client: "Chrome", needle: "net::ERR_EMPTY_RESPONSE", class: Class::Closed },
    Known {
        client: "Chrome",
        needle: "WebSocket is closed before the connection is established",
        class: Class::Abnormal,
    },
    // Safari / WebKit (WebSocketHandshake.cpp).
    Known { client: "Safari", needle: "Sec-WebSocket-Accept mismatch", class: Class::Accept },
    Known { client: "Safari", needle: "Invalid HTTP version string", class: Class::InvalidHttp },
    // Firefox says only that it could not connect (its console names no reason).
    Known {
        client: "Firefox",
        needle: "can\u{2019}t establish a connection to the server at",
        class: Class::Abnormal,
    },
    Known {
        client: "Firefox",
        needle: "can't establish a connection to the server at",
        class: Class::Abnormal,
    },
    Known {
        client: "Firefox",
        needle: "was interrupted while the page was loading",
        class: Class::Abnormal,
    },
    // Node ws (lib/websocket.js; recorded) and Node's HTTP parser and sockets.
    Known { client: "Node ws", needle: "Unexpected server response: ", class: STATUS },
    Known {
        client: "Node ws",
        needle: "Invalid Sec-WebSocket-Accept header",
        class: Class::Accept,
    },
    Known {
        client: "Node ws",
        needle: "Missing Sec-WebSocket-Accept header",
        class: Class::Accept,
    },
    Known { client: "Node ws", needle: "Invalid Upgrade header", class: Class::UpgradeHeaders },
    Known { client: "Node ws", needle: "Server sent no subprotocol", class: Class::Subprotocol },
    Known {
        client: "Node ws",
        needle: "Server sent an invalid subprotocol",
        class: Class::Subprotocol,
    },
    Known {
        client: "Node ws",
        needle: "Server sent a subprotocol but none was requested",
        class: Class::Subprotocol,
    },
    Known {
        client: "Node ws",
        needle: "Invalid Sec-WebSocket-Extensions header",
        class: Class::Extension,
    },
    Known {
        client: "Node ws",
        needle: "Server indicated an extension that was not requested",
        class: Class::Extension,
    },
    Known { client: "Node ws", needle: "Opening handshake has timed out", class: Class::Closed },
    Known { client: "Node", needle: "Parse Error: ", class: Class::InvalidHttp },
    Known { client: "Node", needle: "socket hang up", class: Class::Closed },
    Known { client: "Node", needle: "ECONNRESET", class: Class::Closed },
    Known { client: "Node", needle: "ECONNREFUSED", class: Class::Network },
    Known { client: "Node", needle: "ENOTFOUND", class: Class::Network },
    Known { client: "Node", needle: "ETIMEDOUT", class: Class::Network },
    Known { client: "Node", needle: "self-signed certificate", class: Class::Tls },
    Known { client: "Node", needle: "unable to verify the first certificate", class: Class::Tls },
    Known { client: "Node", needle: "ERR_TLS_CERT_ALTNAME_INVALID", class: Class::Tls },
    Known { client: "Node", needle: "CERT_HAS_EXPIRED", class: Class::Tls },
    // Python websockets (exceptions.py, http11.py, client.py; recorded).
    Known {
        client: "Python websockets",
        needle: "server rejected WebSocket connection: HTTP ",
        class: STATUS,
    },
    Known {
        client: "Python websockets",
        needle: "invalid Sec-WebSocket-Accept header",
        class: Class::Accept,
    },
    Known {
        client: "Python websockets",
        needle: "missing Sec-WebSocket-Accept header",
        class: Class::Accept,
    },
    Known {
        client: "Python websockets",
        needle: "invalid Upgrade header",
        class: Class::UpgradeHeaders,
    },
    Known {
        client: "Python websockets",
        needle: "missing Upgrade header",
        class: Class::UpgradeHeaders,
    },
    Known {
        client: "Python websockets",
        needle: "invalid Connection header",
        class: Class::UpgradeHeaders,
    },
    Known {
        client: "Python websockets",
        needle: "missing Connection header",
        class: Class::UpgradeHeaders,
    },
    Known {
        client: "Python websockets",
        needle: "unsupported subprotocol",
        class: Class::Subprotocol,
    },
    Known {
        client: "Python websockets",
        needle: "no subprotocols supported",
        class: Class::Subprotocol,
    },
    Known { client: "Python websockets", needle: "unsupported extension", class: Class::Extension },
    Known {
        client: "Python websockets",
        needle: "did not receive a valid HTTP response",
        class: Class::InvalidHttp,
    },
    Known {
        client: "Python websockets",
        needle: "timed out during opening handshake",
        class: Class::Closed,
    },
    Known { client: "Python", needle: "Connect call failed", class: Class::Network },
    Known { client: "The operating system", needle: "Connection refused", class: Class::Network },
    Known { client: "Python", needle: "Name or service not known", class: Class::Network },
    Known { client: "Python", needle: "CERTIFICATE_VERIFY_FAILED", class: Class::Tls },
    Known { client: "Python", needle: "WRONG_VERSION_NUMBER", class: Class::Tls },
    // Go: gorilla/websocket (client.go) and coder/websocket (dial.go).
    Known {
        client: "coder/websocket",
        needle: "expected handshake response status code 101 but got ",
        class: STATUS,
    },
    Known {
        client: "coder/websocket",
        needle: "WebSocket protocol violation: invalid Sec-WebSocket-Accept",
        class: Class::Accept,
    },
    Known {
        client: "gorilla/websocket",
        needle: "websocket: bad handshake",
        class: Class::Status(0),
    },
    Known { client: "Go", needle: "malformed HTTP response", class: Class::InvalidHttp },
    Known { client: "Go", needle: "malformed MIME header", class: Class::InvalidHttp },
    Known { client: "Go", needle: "x509: certificate", class: Class::Tls },
    // The bare close code.
    Known { client: "The browser", needle: "1006", class: Class::Abnormal },
];

/// A client error message found in the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Recognised {
    /// The line (without its line ending).
    pub(crate) span: Span,
    /// Who prints this message.
    pub(crate) client: &'static str,
    pub(crate) class: Class,
    /// The WebSocket or HTTP URL the message names, if any.
    pub(crate) url: Option<String>,
}

/// At most this many messages are explained (a pasted log can repeat one many times).
const MAX: usize = 8;
/// Only the text's start is searched: an error message is a line or a short log, and each
/// line is compared with every known text.
const SCANNED: usize = 256 * 1024;

/// The lines the reader reads, each with where it starts and without its line ending: those
/// that start in the first [`SCANNED`] bytes, apart from a long line, which is a paste of
/// something else (a capture, a page), not an error.
fn read_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut at = 0;
    text.split_inclusive('\n')
        .map_while(move |line| {
            let start = at;
            at += line.len();
            (start < SCANNED).then_some((start, line.trim_end_matches(['\r', '\n'])))
        })
        .filter(|(_, content)| content.len() <= 4096)
}

/// Every line of `text` that holds a known client error message, each distinct message
/// once, at most [`MAX`].
pub(crate) fn recognise(text: &str) -> Vec<Recognised> {
    let mut found: Vec<Recognised> = Vec::new();
    let mut seen: Vec<(&'static str, Class)> = Vec::new();
    for (start, content, known) in known_lines(text) {
        let class = match known.class {
            Class::Status(0) => Class::Status(status_after(content, known.needle)),
            class => class,
        };
        if seen.contains(&(known.client, class)) {
            continue;
        }
        seen.push((known.client, class));
        found.push(Recognised {
            span: Span::new(start, start + content.len()),
            client: known.client,
            class,
            url: url_in(content),
        });
        if found.len() == MAX {
            break;
        }
    }
    found
}

/// Each line of `text` that holds a known message (where it starts, its content, the first
/// message it holds).
fn known_lines(text: &str) -> impl Iterator<Item = (usize, &str, &'static Known)> {
    read_lines(text).filter_map(|(start, content)| {
        Some((start, content, KNOWN.iter().find(|k| matches(content, k))?))
    })
}

/// Whether a line holds this message. The bare `1006` only counts beside the words of a
/// close event, so that a port or a count is not read as one.
fn matches(line: &str, known: &Known) -> bool {
    if !line.contains(known.needle) {
        return false;
    }
    if known.class != Class::Abnormal || known.needle != "1006" {
        return true;
    }
    let lower = line.to_ascii_lowercase();
    ["close", "code", "websocket", "abnormal", "disconnect"].iter().any(|w| lower.contains(w))
}

/// The parts of `text`'s lines that [`recognise`] reads: each known message found; on a line
/// whose message has a status code, every run of digits (a code is the first run of three
/// that is one, so digits written where there were none could make one); and on a line with
/// `1006` the words that make it a close code. Apart and in order. Redaction leaves them as
/// they are, so a redacted message is recognised as the original was.
pub(crate) fn read_parts(text: &str) -> Vec<Span> {
    let mut parts = Vec::new();
    for (start, content) in read_lines(text) {
        let mut status = false;
        for known in KNOWN {
            let Some(found) = content.find(known.needle) else { continue };
            parts.push(Span::new(start + found, start + found + known.needle.len()));
            status |= known.class == STATUS;
            if known.needle == "1006" {
                let lower = content.to_ascii_lowercase();
                for word in ["close", "code", "websocket", "abnormal", "disconnect"] {
                    let words = lower.match_indices(word);
                    parts.extend(words.map(|(i, w)| Span::new(start + i, start + i + w.len())));
                }
            }
        }
        if status {
            let bytes = content.as_bytes();
            let mut i = 0;
            while i < bytes.len() {
                let run = bytes[i..].iter().take_while(|b| b.is_ascii_digit()).count();
                if run > 0 {
                    parts.push(Span::new(start + i, start + i + run));
                }
                i += run.max(1);
            }
        }
    }
    // Apart and in order, so a reader can find those over a place by a binary search.
    parts.sort_unstable();
    let mut merged: Vec<Span> = Vec::with_capacity(parts.len());
    for part in parts {
        match merged.last_mut() {
            Some(last) if part.start <= last.end => last.end = last.end.max(part.end),
            _ => merged.push(part),
        }
    }
    merged
}

/// Where the status codes that [`recognise`] reads are in `text`: the digits that redaction
/// must leave as they are on a line with a status code, where others may go.
pub(crate) fn status_codes(text: &str) -> Vec<Span> {
    known_lines(text)
        .filter_map(|(start, content, known)| {
            (known.class == STATUS)
                .then(|| status_at(content, known.needle))
                .flatten()
                .map(|(at, _)| Span::new(start + at, start + at + 3))
        })
        .collect()
}

/// The first three-digit status code after `needle` (after `HTTP `, `'` or `got `), or
/// anywhere on the line for messages that put it elsewhere; 0 when there is none.
fn status_after(line: &str, needle: &str) -> u16 {
    status_at(line, needle).map_or(0, |(_, code)| code)
}

/// [`status_after`]'s code, and where it is in `line`.
fn status_at(line: &str, needle: &str) -> Option<(usize, u16)> {
    let after = |at: Option<usize>| at.map_or(0, |at| at + needle.len());
    let from = after(line.find(needle));
    if let Some((at, code)) = three_digits(&line[from..]) {
        return Some((from + at, code));
    }
    // `The server returned status code '403' when status code '101' was expected.`
    let from = line.find("status code '")? + "status code '".len();
    three_digits(&line[from..]).map(|(at, code)| (from + at, code))
}

/// The first run of exactly three digits in `s` that is a status code (100 to 599), and
/// where it starts.
fn three_digits(s: &str) -> Option<(usize, u16)> {
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_digit() {
            let end =
                bytes[i..].iter().position(|b| !b.is_ascii_digit()).map_or(bytes.len(), |n| i + n);
            if end - i == 3 {
                let code = s[i..end].parse().unwrap_or(0);
                if (100..600).contains(&code) {
                    return Some((i, code));
                }
            }
            i = end;
        } else {
            i += 1;
        }
    }
    None
}

/// The first ws://, wss://, http:// or https:// URL on the line, without the quotes or
/// punctuation that close it.
fn url_in(line: &str) -> Option<String> {
    let start = ["wss://", "ws://", "https://", "http://"]
        .iter()
        .filter_map(|scheme| line.find(scheme))
        .min()?;
    let url = &line[start..];
    let end = url
        .find(|c: char| c.is_whitespace() || matches!(c, '\'' | '"' | '`' | '<' | '>' | ')'))
        .unwrap_or(url.len());
    Some(url[..end].trim_end_matches(['.', ',', ';', ':']).to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> (&'static str, Class) {
        let found = recognise(text);
        assert_eq!(found.len(), 1, "{text}: {found:?}");
        (found[0].client, found[0].class)
    }

    #[test]
    fn reads_the_recorded_messages() {
        assert_eq!(one("error: Unexpected server response: 200"), ("Node ws", Class::Status(200)));
        assert_eq!(one("Error: Invalid Sec-WebSocket-Accept header"), ("Node ws", Class::Accept));
        assert_eq!(one("Error: Parse Error: Invalid header token"), ("Node", Class::InvalidHttp));
        assert_eq!(
            one("websockets.exceptions.InvalidStatus: server rejected WebSocket connection: HTTP 403"),
            ("Python websockets", Class::Status(403))
        );
        assert_eq!(
            one("websockets.exceptions.InvalidMessage: did not receive a valid HTTP response"),
            ("Python websockets", Class::InvalidHttp)
        );
        let chrome = "WebSocket connection to 'wss://example.com/chat' failed: Error during WebSocket handshake: Unexpected response code: 502";
        let found = recognise(chrome);
        assert_eq!(found[0].class, Class::Status(502));
        assert_eq!(found[0].url.as_deref(), Some("wss://example.com/chat"));
        assert_eq!(
            one("System.Net.WebSockets.WebSocketException (0x80004005): The server returned status code '403' when status code '101' was expected."),
            (".NET", Class::Status(403))
        );
        assert_eq!(one("CloseEvent {code: 1006, reason: ''}"), ("The browser", Class::Abnormal));
    }

    #[test]
    fn ignores_what_is_not_an_error() {
        assert!(recognise("listening on port 1006").is_empty());
        assert!(recognise("GET /chat HTTP/1.1\r\nHost: a\r\n").is_empty());
    }

    /// docs/errors.md lists every message wslens reads; this test renders it from the table
    /// and fails when the committed file differs (`WSLENS_BLESS=1` rewrites it).
    #[test]
    fn errors_md_is_fresh() {
        let mut out = String::from("# Client error messages\n\n");
        out.push_str("<!-- Generated from crates/wslens-core/src/errors.rs by `WSLENS_BLESS=1 cargo test -p wslens-core --lib errors`; do not edit. -->\n\n");
        out.push_str("Pasted on its own (or with `--format error`), a client's error message is read as such: wslens says what it means, ranks its likely causes and says what to capture next (findings ERR901 to ERR910, [rules.md](rules.md)).\n");
        out.push_str("A line is recognised by the text below; the first match on a line wins, and each distinct message is explained once.\n");
        out.push_str("The texts come from the recorded clients (`crates/wslens-core/tests/fixtures/captured/outcomes.json`) and from each client's source.\n\n");
        out.push_str("| client | text | what it means | finding |\n|---|---|---|---|\n");
        for known in KNOWN {
            let (rule, what, _) = crate::rules::errors::explain(known.class);
            let what = if known.class == STATUS && known.needle != "websocket: bad handshake" {
                "the server answered the status that follows instead of 101".to_owned()
            } else {
                what
            };
            out.push_str(&format!(
                "| {} | `{}` | {} | {} |\n",
                known.client,
                known.needle.trim_end(),
                what,
                rule.info().code
            ));
        }
        crate::check_doc_is_fresh("errors.md", &out, "cargo test -p wslens-core --lib errors");
    }

    #[test]
    fn each_message_once() {
        let log = "Error: Unexpected server response: 200\n".repeat(100);
        assert_eq!(recognise(&log).len(), 1);
    }
}
