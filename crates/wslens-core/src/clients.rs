//! Client profiles: how real clients treat a response, where they differ from RFC 6455.
//!
//! Each profile is data: the codes it fails on beyond the RFC, and the RFC failures it
//! tolerates. The facts come from each client's source (see `docs/clients.md`); a client
//! not known to differ on a point is assumed to follow the RFC there.

use crate::{
    report::{ClientVerdict, Finding, Part},
    rules::Rule,
};

struct Profile {
    id: &'static str,
    name: &'static str,
    /// Codes that are not RFC failures but make this client fail.
    also_fails_on: &'static [Rule],
    /// RFC failures this client does not check.
    tolerates: &'static [Rule],
    /// HTTP syntax findings on the response (HTTP0xx) that this client's HTTP parser refuses,
    /// although an RFC 6455 client reads past them: what a strict HTTP/1.1 parser rejects.
    refuses_in_response: &'static [Rule],
}

/// Extension checks that tungstenite's client leaves as a TODO.
const EXTENSION_CHECKS: &[Rule] = &[
    Rule::ExtensionUnrequested,
    Rule::ExtensionsResponseInvalid,
    Rule::ExtensionsEmptyInResponse,
    Rule::DeflateResponseUnknownParam,
    Rule::DeflateResponseInvalidValue,
    Rule::DeflateResponseDuplicateParam,
    Rule::DeflateClientWindowNotOffered,
    Rule::DeflateClientWindowNoValue,
    Rule::DeflateServerWindowAboveOffer,
    Rule::DeflateServerWindowMissing,
    Rule::DeflateServerNoContextMissing,
    Rule::DeflateClientWindowAboveOffer,
    Rule::DeflateDuplicateInResponse,
    Rule::DeflateRsv1Conflict,
];

/// What a strict HTTP/1.1 response parser refuses: bare LF line endings, whitespace before a
/// colon, obs-fold, a line without a colon, a bad field name, a control character in a value.
/// Recorded (tools/record/parsers.py): Node's llhttp and Python websockets' own parser
/// refuse each of these in a 101 that is otherwise right, and Chrome reads past them all;
/// a bare CR (HTTP002) and whitespace before the first field (HTTP005) are not recorded and
/// are in the list from the two parsers' sources.
const STRICT_HTTP: &[Rule] = &[
    Rule::BareLf,
    Rule::BareCr,
    Rule::WhitespaceBeforeFirstField,
    Rule::SpaceBeforeColon,
    Rule::ObsFold,
    Rule::LineWithoutColon,
    Rule::InvalidFieldName,
    Rule::ControlInValue,
];

const PROFILES: &[Profile] = &[
    Profile {
        id: "rfc6455",
        name: "RFC 6455 client",
        also_fails_on: &[],
        tolerates: &[],
        refuses_in_response: &[],
    },
    // Chromium's websocket_basic_handshake_stream.cc and the WHATWG "establish a WebSocket
    // connection" steps: no subprotocol after an offer fails; Upgrade must be one value.
    // Recorded (tools/record/parsers.py): its HTTP parser reads past broken field lines, a
    // lowercase `http/1.1` and a missing reason, and it opens a 101 that says HTTP/1.0; a tab
    // in the status line fails.
    Profile {
        id: "chrome",
        name: "Chrome",
        also_fails_on: &[Rule::ProtocolNoneSelected, Rule::UpgradeMultipleValues],
        tolerates: &[Rule::StatusVersionCase, Rule::SwitchingForHttp10],
        refuses_in_response: &[],
    },
    Profile {
        id: "firefox",
        name: "Firefox",
        also_fails_on: &[Rule::ProtocolNoneSelected],
        tolerates: &[],
        refuses_in_response: &[],
    },
    // WebKit rejects Sec-WebSocket-Extensions repeated in a response.
    Profile {
        id: "safari",
        name: "Safari / WebKit",
        also_fails_on: &[Rule::ProtocolNoneSelected, Rule::ExtensionsSplitInResponse],
        tolerates: &[],
        refuses_in_response: &[],
    },
    // websockets/ws lib/websocket.js: "Server sent no subprotocol". ws itself does not check
    // Connection, but Node's HTTP client only hands over a 101 that has `Connection: upgrade`
    // (recorded: "Unexpected server response: 101"), so the RFC rule holds for it. Node's
    // llhttp refuses every broken field line and bare LF (recorded: "Parse Error: ..."), but
    // takes a missing reason and a 101 that says HTTP/1.0.
    Profile {
        id: "node-ws",
        name: "Node ws",
        also_fails_on: &[Rule::ProtocolNoneSelected, Rule::UpgradeMultipleValues],
        tolerates: &[Rule::SwitchingForHttp10],
        refuses_in_response: STRICT_HTTP,
    },
    // python-websockets client.py: exactly one Upgrade value; no subprotocol is fine. Its own
    // HTTP/1.1 parser (http11.py) wants CRLF, `HTTP/1.1` exactly, two spaces in the status
    // line and valid field lines (recorded: "did not receive a valid HTTP response").
    Profile {
        id: "python-websockets",
        name: "Python websockets",
        also_fails_on: &[Rule::UpgradeMultipleValues, Rule::StatusWithoutReason],
        tolerates: &[],
        refuses_in_response: STRICT_HTTP,
    },
    // tungstenite-rs handshake/client.rs: Connection must equal "Upgrade"; extensions
    // unchecked. It parses with httparse, which refuses a line without a colon, whitespace
    // before a colon (unless configured), obs-fold, bad names and control characters, and
    // accepts bare LF.
    Profile {
        id: "tungstenite",
        name: "tungstenite (Rust)",
        also_fails_on: &[Rule::ProtocolNoneSelected, Rule::ConnectionNotExactlyUpgrade],
        tolerates: EXTENSION_CHECKS,
        refuses_in_response: &[
            Rule::SpaceBeforeColon,
            Rule::ObsFold,
            Rule::LineWithoutColon,
            Rule::InvalidFieldName,
            Rule::ControlInValue,
        ],
    },
    // gorilla/websocket client.go: the subprotocol is not checked. Go's net/textproto refuses
    // a header line without a colon ("malformed MIME header line").
    Profile {
        id: "gorilla",
        name: "gorilla/websocket (Go)",
        also_fails_on: &[],
        tolerates: &[
            Rule::ProtocolUnrequested,
            Rule::ProtocolNotOffered,
            Rule::ProtocolListInResponse,
            Rule::ProtocolEmptyInResponse,
            Rule::ProtocolDuplicateInResponse,
        ],
        refuses_in_response: &[Rule::LineWithoutColon],
    },
    // coder/websocket dial.go: rejects client_max_window_bits in a response; Go's HTTP client
    // as for gorilla.
    Profile {
        id: "coder",
        name: "coder/websocket (Go)",
        also_fails_on: &[Rule::ClientWindowInResponse],
        tolerates: &[],
        refuses_in_response: &[Rule::LineWithoutColon],
    },
];

/// Clients that open WebSockets over HTTP/2 with RFC 8441's extended CONNECT. Chrome (on an
/// existing HTTP/2 connection whose server sent the setting) and Firefox do; the libraries profiled here speak only the HTTP/1.1 Upgrade, and WebKit's support is
/// not established, so they get no verdict on an HTTP/2 handshake.
const SPEAK_EXTENDED_CONNECT: &[&str] = &["rfc6455", "chrome", "firefox"];

/// How each profiled client treats a response that does (`switched`) or does not switch to
/// WebSocket, with these findings; over HTTP/2 (`h2`), only the clients that speak it.
///
/// Bare LF (HTTP001) counts only when the request kept its CRLF: then the bytes came off
/// the wire as the server sent them. When both heads lost their CRs, the text is a copy
/// (copying drops them), which says nothing about what the client received.
pub(crate) fn verdicts(switched: bool, h2: bool, findings: &[Finding]) -> Vec<ClientVerdict> {
    let request_lost_crs =
        findings.iter().any(|f| f.rule() == Rule::BareLf && f.part == Part::Request);
    PROFILES
        .iter()
        .filter(|p| !h2 || SPEAK_EXTENDED_CONNECT.contains(&p.id))
        .map(|p| {
            let mut codes: Vec<&'static str> = Vec::new();
            let mut fails = !switched;
            for f in findings {
                let rfc_fails = f.rule().info().fails_handshake;
                let tolerated = p.tolerates.contains(&f.rule());
                let parser_refuses = f.part == Part::Response
                    && p.refuses_in_response.contains(&f.rule())
                    && !(f.rule() == Rule::BareLf && request_lost_crs);
                let decisive = (rfc_fails && !tolerated)
                    || p.also_fails_on.contains(&f.rule())
                    || parser_refuses;
                fails |= decisive;
                if (decisive || (rfc_fails && tolerated)) && !codes.contains(&f.code) {
                    codes.push(f.code);
                }
            }
            ClientVerdict { id: p.id, name: p.name, accepts: !fails, codes }
        })
        .collect()
}

/// What Chrome's recorded handshake error (the text of a HAR's `error` message, found
/// anywhere in `error`) says the server did, and what to change; `None` for a text it does
/// not recognise. The texts are those of Chromium's `websocket_basic_handshake_stream.cc`
/// (RULES.md §1.3 [S1]).
pub(crate) fn chrome_failure_cause(error: &str) -> Option<(String, &'static str)> {
    if let Some((_, code)) = error.split_once("Unexpected response code: ") {
        let code = code.split(|c: char| !c.is_ascii_digit()).next().unwrap_or_default();
        let help = match code.parse::<u16>() {
            Ok(200) => "a 200 means a proxy dropped Upgrade (hop-by-hop) or an app route answered: pass Upgrade and Connection on at the proxy, and route the path to the WebSocket handler",
            Ok(300..=399) => "browsers never follow a redirect on a WebSocket handshake: connect to the final URL",
            Ok(403) => "403 on a handshake is usually the server's Origin check: add the page's origin to the allow-list",
            Ok(404) => "the path has no WebSocket handler: check the URL and the server's (or proxy's) routes",
            Ok(426) => "the server wants another protocol version: Chrome speaks only 13",
            Ok(500..=599) => "the server or a proxy failed: its logs say why",
            _ => "the server refused the upgrade: replay the request with curl -v to read its answer",
        };
        return Some((format!("the server answered {code} instead of 101"), help));
    }
    const KNOWN: &[(&str, &str, &str)] = &[
        ("Incorrect 'Sec-WebSocket-Accept'", "the server's Sec-WebSocket-Accept did not match the key", "compute the accept from the key as sent: base64(SHA-1(key + \"258EAFA5-E914-47DA-95CA-C5AB0DC85B11\")); check it with `wslens accept KEY`"),
        ("'Sec-WebSocket-Accept' header is missing", "the 101 had no Sec-WebSocket-Accept", "send Sec-WebSocket-Accept, computed from the request's key"),
        ("'Upgrade' header", "the 101's Upgrade was missing or not `websocket`", "answer `Upgrade: websocket`"),
        ("'Connection' header", "the 101's Connection was missing or had no `Upgrade` token", "answer `Connection: Upgrade`"),
        ("Sent non-empty 'Sec-WebSocket-Protocol' header but no response", "the page offered subprotocols and the server selected none, which Chrome fails", "select one of the offered subprotocols, or have the page offer none"),
        ("in response does not match any of sent values", "the server selected a subprotocol the page did not offer", "select one of the offered subprotocols"),
        ("Response must not include 'Sec-WebSocket-Protocol'", "the server selected a subprotocol although the page offered none", "leave Sec-WebSocket-Protocol out when none was offered"),
        ("permessage-deflate", "the server's permessage-deflate answer broke RFC 7692", "answer only parameters the offer allows, each once, with window bits from 8 to 15"),
        ("Found an unsupported extension", "the server accepted an extension the page did not offer", "accept only offered extensions"),
        ("Invalid status line", "the answer was not an HTTP/1.1 status line", "answer with `HTTP/1.1 101 Switching Protocols`"),
        ("Connection closed before receiving a handshake response", "the server closed the connection without answering", "check the server's logs: it crashed, timed out, or refused the request at the TLS or TCP level"),
    ];
    KNOWN
        .iter()
        .find(|(text, _, _)| error.contains(text))
        .map(|(_, cause, help)| ((*cause).to_owned(), *help))
}

#[cfg(test)]
mod recorded_failure_tests {
    use super::chrome_failure_cause;

    #[test]
    fn reads_chrome_handshake_errors() {
        let (cause, help) =
            chrome_failure_cause("Error during WebSocket handshake: Unexpected response code: 403")
                .unwrap();
        assert_eq!(cause, "the server answered 403 instead of 101");
        assert!(help.contains("Origin"));
        let (cause, _) = chrome_failure_cause(
            "Error during WebSocket handshake: Incorrect 'Sec-WebSocket-Accept' header value",
        )
        .unwrap();
        assert!(cause.contains("did not match the key"));
        assert!(chrome_failure_cause("net::ERR_SOMETHING_NEW").is_none());
    }
}
