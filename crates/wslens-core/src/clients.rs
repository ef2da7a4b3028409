//! Client profiles: how real clients treat a response, where they differ from RFC 6455.
//!
//! Each profile is data: the codes it fails on beyond the RFC, and the RFC failures it
//! tolerates. The facts come from each client's source (see `docs/clients.md`); a client
//! not known to differ on a point is assumed to follow the RFC there.

use crate::{
    check::rule_of,
    report::{ClientVerdict, Finding},
};

struct Profile {
    id: &'static str,
    name: &'static str,
    /// Codes that are not RFC failures but make this client fail.
    also_fails_on: &'static [&'static str],
    /// RFC failures this client does not check.
    tolerates: &'static [&'static str],
}

/// Extension checks that tungstenite's client leaves as a TODO.
const EXTENSION_CHECKS: &[&str] = &[
    "WS310", "WS311", "WS312", "PMD410", "PMD411", "PMD412", "PMD413", "PMD414", "PMD415",
    "PMD416", "PMD417", "PMD418", "PMD420", "PMD421",
];

const PROFILES: &[Profile] = &[
    Profile { id: "rfc6455", name: "RFC 6455 client", also_fails_on: &[], tolerates: &[] },
    // Chromium's websocket_basic_handshake_stream.cc and the WHATWG "establish a WebSocket
    // connection" steps: no subprotocol after an offer fails; Upgrade must be one value.
    Profile { id: "chrome", name: "Chrome", also_fails_on: &["WS306", "INT505"], tolerates: &[] },
    Profile { id: "firefox", name: "Firefox", also_fails_on: &["WS306"], tolerates: &[] },
    // WebKit rejects Sec-WebSocket-Extensions repeated in a response.
    Profile {
        id: "safari",
        name: "Safari / WebKit",
        also_fails_on: &["WS306", "INT503"],
        tolerates: &[],
    },
    // websockets/ws lib/websocket.js: "Server sent no subprotocol". ws itself does not check
    // Connection, but Node's HTTP client only hands over a 101 that has `Connection: upgrade`
    // (recorded: "Unexpected server response: 101"), so the RFC rule holds for it.
    Profile { id: "node-ws", name: "Node ws", also_fails_on: &["WS306", "INT505"], tolerates: &[] },
    // python-websockets client.py: exactly one Upgrade value; no subprotocol is fine.
    Profile {
        id: "python-websockets",
        name: "Python websockets",
        also_fails_on: &["INT505"],
        tolerates: &[],
    },
    // tungstenite-rs handshake/client.rs: Connection must equal "Upgrade"; extensions unchecked.
    Profile {
        id: "tungstenite",
        name: "tungstenite (Rust)",
        also_fails_on: &["WS306", "INT501"],
        tolerates: EXTENSION_CHECKS,
    },
    // gorilla/websocket client.go: the subprotocol is not checked.
    Profile {
        id: "gorilla",
        name: "gorilla/websocket (Go)",
        also_fails_on: &[],
        tolerates: &["WS301", "WS302", "WS303", "WS304", "WS305"],
    },
    // coder/websocket dial.go: rejects client_max_window_bits in a response.
    Profile {
        id: "coder",
        name: "coder/websocket (Go)",
        also_fails_on: &["INT506"],
        tolerates: &[],
    },
];

/// Clients that open WebSockets over HTTP/2 with RFC 8441's extended CONNECT. Chrome (on an
/// existing HTTP/2 connection whose server sent the setting) and Firefox do; the libraries profiled here speak only the HTTP/1.1 Upgrade, and WebKit's support is
/// not established, so they get no verdict on an HTTP/2 handshake.
const SPEAK_EXTENDED_CONNECT: &[&str] = &["rfc6455", "chrome", "firefox"];

/// How each profiled client treats a response that does (`switched`) or does not switch to
/// WebSocket, with these findings; over HTTP/2 (`h2`), only the clients that speak it.
pub(crate) fn verdicts(switched: bool, h2: bool, findings: &[Finding]) -> Vec<ClientVerdict> {
    PROFILES
        .iter()
        .filter(|p| !h2 || SPEAK_EXTENDED_CONNECT.contains(&p.id))
        .map(|p| {
            let mut codes: Vec<&'static str> = Vec::new();
            let mut fails = !switched;
            for f in findings {
                let rfc_fails = rule_of(f).is_some_and(|r| r.info().fails_handshake);
                let tolerated = p.tolerates.contains(&f.code);
                let decisive = (rfc_fails && !tolerated) || p.also_fails_on.contains(&f.code);
                fails |= decisive;
                if (decisive || (rfc_fails && tolerated)) && !codes.contains(&f.code) {
                    codes.push(f.code);
                }
            }
            ClientVerdict { id: p.id, name: p.name, accepts: !fails, codes }
        })
        .collect()
}
