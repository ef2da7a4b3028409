//! Client profiles: how real clients treat a response, where they differ from RFC 6455.
//!
//! Each profile is data: the rules it fails on beyond the RFC, and the RFC failures it
//! tolerates. Eight are recorded: the real client met every scenario of the recorders
//! (tools/record/) and `client_profiles_agree_with_recorded_clients` checks the profile
//! against what it did; Safari is read from WebKit's source (see `docs/clients.md`).
//! A client not known to differ on a point is assumed to follow the RFC there.

use crate::{
    report::{ClientVerdict, Finding, Part, ProfileBasis},
    rules::Rule,
};

struct Profile {
    id: &'static str,
    name: &'static str,
    /// Whether its verdicts were recorded from the real client, or read from its source.
    basis: ProfileBasis,
    /// Rules that are not RFC failures but make this client fail.
    also_fails_on: &'static [Rule],
    /// RFC failures this client does not check.
    tolerates: &'static [Rule],
    /// HTTP syntax findings on the response (HTTP0xx) that this client's HTTP parser refuses,
    /// although an RFC 6455 client reads past them: what a strict HTTP/1.1 parser rejects.
    refuses_in_response: &'static [Rule],
}

/// What tungstenite does not check: the extensions (a TODO in its client), and a second
/// Sec-WebSocket-Accept (it reads the first).
const TUNGSTENITE_TOLERATES: &[Rule] = &[
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
    Rule::AcceptDuplicate,
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
        basis: ProfileBasis::Rfc,
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
        basis: ProfileBasis::Recorded,
        also_fails_on: &[Rule::ProtocolNoneSelected, Rule::UpgradeMultipleValues],
        tolerates: &[Rule::StatusVersionCase, Rule::SwitchingForHttp10],
        refuses_in_response: &[],
    },
    // Recorded (tools/record/clients.py, Firefox ESR 153): unlike Chrome it opens a 101 that
    // selects no subprotocol after an offer (the socket's protocol is then empty); its HTTP
    // parser reads past broken field lines and bare LF, and fails a lowercase `http/1.1`, a
    // tab in the status line, a doubled accept and a 101 that says HTTP/1.0, as the RFC does.
    Profile {
        id: "firefox",
        name: "Firefox",
        basis: ProfileBasis::Recorded,
        also_fails_on: &[],
        tolerates: &[],
        refuses_in_response: &[],
    },
    // WebKit rejects Sec-WebSocket-Extensions repeated in a response.
    Profile {
        id: "safari",
        name: "Safari / WebKit",
        basis: ProfileBasis::Source,
        also_fails_on: &[Rule::ProtocolNoneSelected, Rule::ExtensionsSplitInResponse],
        tolerates: &[],
        refuses_in_response: &[],
    },
    // Recorded (tools/record/clients.py, WebKitGTK 2.50 in its MiniBrowser): the WebKit of
    // GNOME Web and of Tauri apps on Linux, whose WebSockets are libsoup's, not Safari's. It
    // opens a 101 without a subprotocol after an offer, reads the first of two accepts, takes
    // `client_max_window_bits` without a value in a response, and its HTTP parser reads past
    // broken field lines, bare LF and a tab in the status line; a lowercase `http/1.1` and
    // HTTP/1.0 fail. It tolerates HTTP004 as a whole, which was recorded only with a tab: a
    // status line broken otherwise is assumed to pass too.
    Profile {
        id: "webkitgtk",
        name: "WebKitGTK (libsoup)",
        basis: ProfileBasis::Recorded,
        also_fails_on: &[],
        tolerates: &[
            Rule::AcceptDuplicate,
            Rule::DeflateClientWindowNoValue,
            Rule::MalformedStatusLine,
        ],
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
        basis: ProfileBasis::Recorded,
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
        basis: ProfileBasis::Recorded,
        also_fails_on: &[Rule::UpgradeMultipleValues, Rule::StatusWithoutReason],
        tolerates: &[],
        refuses_in_response: STRICT_HTTP,
    },
    // tungstenite-rs handshake/client.rs: Connection must equal "Upgrade"; extensions
    // unchecked. It parses with httparse, which refuses a line without a colon, whitespace
    // before a colon (unless configured), obs-fold, bad names and control characters, and
    // accepts bare LF. Recorded (tools/record/clients.py, tungstenite 0.27): it also reads
    // only the first of two Sec-WebSocket-Accept lines.
    Profile {
        id: "tungstenite",
        name: "tungstenite (Rust)",
        basis: ProfileBasis::Recorded,
        also_fails_on: &[Rule::ProtocolNoneSelected, Rule::ConnectionNotExactlyUpgrade],
        tolerates: TUNGSTENITE_TOLERATES,
        refuses_in_response: &[
            Rule::SpaceBeforeColon,
            Rule::ObsFold,
            Rule::LineWithoutColon,
            Rule::InvalidFieldName,
            Rule::ControlInValue,
        ],
    },
    // gorilla/websocket client.go: the subprotocol is not checked. Go's net/textproto refuses
    // a header line without a colon ("malformed MIME header line"). Recorded
    // (tools/record/clients.py, Debian's gorilla 1.5 with Go 1.19): it also opens a 101 that
    // says HTTP/1.0, and reads only the first of two Sec-WebSocket-Accept lines.
    Profile {
        id: "gorilla",
        name: "gorilla/websocket (Go)",
        basis: ProfileBasis::Recorded,
        also_fails_on: &[],
        tolerates: &[
            Rule::ProtocolUnrequested,
            Rule::ProtocolNotOffered,
            Rule::ProtocolListInResponse,
            Rule::ProtocolEmptyInResponse,
            Rule::ProtocolDuplicateInResponse,
            Rule::AcceptDuplicate,
            Rule::SwitchingForHttp10,
        ],
        refuses_in_response: &[Rule::LineWithoutColon],
    },
    // Recorded (tools/record/clients.py): Debian's nhooyr/websocket 1.8.7, the library that
    // became coder/websocket. Its dial.go rejects every permessage-deflate parameter in a
    // response but the two no_context_takeover ones, so Python websockets' default answer
    // (`server_max_window_bits=12`) fails it; coder/websocket accepts both window parameters
    // since. Go's HTTP client refuses a line without a colon, opens a 101 that says HTTP/1.0,
    // and reads the first of two Sec-WebSocket-Accept lines.
    Profile {
        id: "coder",
        name: "nhooyr/websocket (Go)",
        basis: ProfileBasis::Recorded,
        also_fails_on: &[Rule::ClientWindowInResponse, Rule::ServerWindowInResponse],
        tolerates: &[Rule::AcceptDuplicate, Rule::SwitchingForHttp10],
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
    let mut out = Vec::with_capacity(PROFILES.len());
    out.extend(PROFILES.iter().filter(|p| !h2 || SPEAK_EXTENDED_CONNECT.contains(&p.id)).map(
        |p| {
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
            ClientVerdict { id: p.id, name: p.name, basis: p.basis, accepts: !fails, codes }
        },
    ));
    out
}
