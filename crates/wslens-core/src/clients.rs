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

/// How each profiled client treats a response with this status and these findings.
pub(crate) fn verdicts(status: Option<u16>, findings: &[Finding]) -> Vec<ClientVerdict> {
    PROFILES
        .iter()
        .map(|p| {
            let mut codes: Vec<&'static str> = Vec::new();
            let mut fails = status != Some(101);
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
