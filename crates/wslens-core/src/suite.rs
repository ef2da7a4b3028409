//! The conformance suite of `wslens probe --suite`, without any I/O: each case is data (an ID
//! by RFC section, the clause it checks, how it changes a real client's request, what a
//! conforming server does) and a judgement of the report the core makes of the answer. The
//! probe sends each case's request and hands the recording back.

use crate::{
    names,
    probe::{request_fields, request_profile, RequestOptions, Target},
    report::{Exchange, Severity, StartLine},
    Report,
};

/// How important a case is: a MUST of the RFC, or a SHOULD or interop advice (run with
/// `--strict`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    /// The RFC says MUST: a failure fails the suite.
    Must,
    /// The RFC says SHOULD, or real clients need it: a failure is a warning.
    Should,
}

/// What a conforming server does with the case's request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expect {
    /// Opens the WebSocket: a 101 that an RFC 6455 client accepts.
    Switch,
    /// Refuses with a 4xx, and never a 101.
    Refuse,
    /// Refuses with a 4xx that names the versions it speaks in Sec-WebSocket-Version (RFC 6455
    /// §4.4), and never a 101.
    RefuseWithVersion,
    /// Opens without selecting any subprotocol, or refuses; never selects one.
    NoSubprotocol,
    /// Opens selecting none or one that was offered, or refuses; never one not offered.
    OnlyOffered,
    /// Refuses as for [`Expect::RefuseWithVersion`], or opens: a server may still speak an
    /// older version (Node ws speaks hybi-08).
    OlderVersion,
    /// Opens without accepting any extension of the offer, or refuses.
    NoExtension,
    /// Opens or refuses, but a 101 must answer the offer validly (no error on the response).
    ValidIfSwitched,
    /// Refuses a foreign Origin (a 403); a 101 is a warning about cross-site hijacking.
    RefuseForeignOrigin,
    /// Answers at all: a 101, a 4xx or a 5xx, never a hang or a reset without an answer.
    Answers,
    /// After a 101 that accepts permessage-deflate, reads a compressed message (the probe
    /// sends one) without closing the connection on it.
    ReadsCompressed,
    /// Over HTTP/2: SETTINGS_ENABLE_CONNECT_PROTOCOL is 1.
    H2Setting,
    /// Over HTTP/2: the extended CONNECT is answered with a 2xx.
    H2Open,
    /// Over HTTP/2: a CONNECT without `:protocol` is not taken for a WebSocket (no 2xx).
    H2PlainConnect,
}

/// How a case changes the client's request.
#[derive(Clone, Copy, Debug)]
enum Edit {
    None,
    Method(&'static str),
    Version(&'static str),
    Target(Form),
    Drop(&'static str),
    Set(&'static str, &'static str),
    Add(&'static str, &'static str),
    Key(KeyForm),
    Names(Casing),
    Padding,
    LongHeader(usize),
    ManyHeaders(usize),
    Pipelined,
    /// Sent over HTTP/2 instead (the extended CONNECT, or a plain CONNECT).
    Http2,
}

#[derive(Clone, Copy, Debug)]
enum Form {
    Absolute,
}

#[derive(Clone, Copy, Debug)]
enum KeyForm {
    Bytes(usize),
    NotBase64,
    Twice,
    Sample,
}

#[derive(Clone, Copy, Debug)]
enum Casing {
    Lower,
    Upper,
}

/// One case of the suite.
#[derive(Clone, Copy, Debug)]
pub struct Case {
    /// Stable ID, by RFC and section: `rfc6455/4.2.1/missing-key`.
    pub id: &'static str,
    /// The clause it checks, quoted where the RFC has words for it.
    pub clause: &'static str,
    /// What it sends, in a few words.
    pub sends: &'static str,
    /// What a conforming server does.
    pub expect: Expect,
    /// MUST or SHOULD.
    pub level: Level,
    edit: Edit,
}

macro_rules! cases {
    ($($id:literal $level:ident $expect:ident $edit:expr, $sends:literal, $clause:literal;)*) => {
        /// Every case, in the order the suite runs them; the first is the baseline.
        pub const CASES: &[Case] = &[$(Case {
            id: $id,
            level: Level::$level,
            expect: Expect::$expect,
            edit: $edit,
            sends: $sends,
            clause: $clause,
        }),*];
    };
}

use Edit::{Add, Drop, Key, LongHeader, ManyHeaders, Method, Names, Set, Version};

cases! {
    "rfc6455/4.1/baseline" Must Switch Edit::None,
        "the chosen client's own request",
        "The handshake of a real client: the rest of the suite means something only if it opens.";
    "rfc6455/4.2.1/method-post" Must Refuse Method("POST"),
        "POST instead of GET",
        "\"An HTTP/1.1 or higher GET request\" (§4.2.1 item 1); otherwise the server must answer an HTTP error (§4.2.1).";
    "rfc6455/4.2.1/method-head" Must Refuse Method("HEAD"),
        "HEAD instead of GET",
        "\"An HTTP/1.1 or higher GET request\" (§4.2.1 item 1).";
    "rfc6455/4.2.1/http-1.0" Must Refuse Version("HTTP/1.0"),
        "the request line says HTTP/1.0",
        "\"An HTTP/1.1 or higher GET request\" (§4.2.1 item 1); a 101 to HTTP/1.0 also breaks RFC 9110 §15.2.";
    "rfc6455/4.2.1/missing-host" Must Refuse Drop(names::HOST),
        "no Host header",
        "\"A |Host| header field containing the server's authority.\" (§4.2.1 item 2); RFC 9112 §3.2: a server MUST answer 400 to a request without Host.";
    "rfc6455/4.2.1/missing-upgrade" Must Refuse Drop(names::UPGRADE),
        "no Upgrade header",
        "\"An |Upgrade| header field containing the value \"websocket\"\" (§4.2.1 item 3).";
    "rfc6455/4.2.1/upgrade-h2c" Must Refuse Set(names::UPGRADE, "h2c"),
        "Upgrade: h2c",
        "\"An |Upgrade| header field containing the value \"websocket\"\" (§4.2.1 item 3).";
    "rfc6455/4.2.1/connection-keep-alive" Must Refuse Set(names::CONNECTION, "keep-alive"),
        "Connection: keep-alive, without the Upgrade token",
        "\"A |Connection| header field that includes the token \"Upgrade\"\" (§4.2.1 item 4).";
    "rfc6455/4.2.1/missing-key" Must Refuse Drop(names::SEC_WEBSOCKET_KEY),
        "no Sec-WebSocket-Key",
        "\"A |Sec-WebSocket-Key| header field with a base64-encoded (see Section 4 of [RFC4648]) value that, when decoded, is 16 bytes in length.\" (§4.2.1 item 5)";
    "rfc6455/4.2.1/key-15-bytes" Must Refuse Key(KeyForm::Bytes(15)),
        "a key that decodes to 15 bytes",
        "\"... when decoded, is 16 bytes in length.\" (§4.2.1 item 5)";
    "rfc6455/4.2.1/key-17-bytes" Must Refuse Key(KeyForm::Bytes(17)),
        "a key that decodes to 17 bytes",
        "\"... when decoded, is 16 bytes in length.\" (§4.2.1 item 5)";
    "rfc6455/4.2.1/key-not-base64" Must Refuse Key(KeyForm::NotBase64),
        "a key that is not base64",
        "\"A |Sec-WebSocket-Key| header field with a base64-encoded (see Section 4 of [RFC4648]) value\" (§4.2.1 item 5)";
    "rfc6455/4.2.1/two-keys" Must Refuse Key(KeyForm::Twice),
        "two Sec-WebSocket-Key lines",
        "\"The |Sec-WebSocket-Key| header field MUST NOT appear more than once in an HTTP request.\" (§11.3.1)";
    "rfc6455/4.2.1/missing-version" Must Refuse Drop(names::SEC_WEBSOCKET_VERSION),
        "no Sec-WebSocket-Version",
        "\"A |Sec-WebSocket-Version| header field, with a value of 13.\" (§4.2.1 item 6)";
    "rfc6455/4.4/version-8" Must OlderVersion Set(names::SEC_WEBSOCKET_VERSION, "8"),
        "Sec-WebSocket-Version: 8 (the last hybi draft)",
        "A server that does not speak version 8 must refuse it: \"the server MUST abort the WebSocket handshake described in this section and instead send an appropriate HTTP error code (such as 426 Upgrade Required) and a |Sec-WebSocket-Version| header field indicating the version(s) the server is capable of understanding.\" (§4.2.2, /version/; §4.4 shows the exchange)";
    "rfc6455/4.4/version-99" Must RefuseWithVersion Set(names::SEC_WEBSOCKET_VERSION, "99"),
        "Sec-WebSocket-Version: 99",
        "\"... send an appropriate HTTP error code (such as 426 Upgrade Required) and a |Sec-WebSocket-Version| header field indicating the version(s) the server is capable of understanding.\" (§4.2.2, /version/; §4.4 shows the exchange)";
    "rfc6455/4.1/version-list" Must Refuse Set(names::SEC_WEBSOCKET_VERSION, "13, 8"),
        "Sec-WebSocket-Version: 13, 8",
        "\"The request MUST include a header field with the name |Sec-WebSocket-Version|. The value of this header field MUST be 13.\" (§4.1 item 9)";
    "rfc6455/4.2.1/connection-keep-alive-upgrade" Must Switch Set(names::CONNECTION, "keep-alive, Upgrade"),
        "Connection: keep-alive, Upgrade (as Firefox long sent it)",
        "\"A |Connection| header field that includes the token \"Upgrade\", treated as an ASCII case-insensitive value.\" (§4.2.1 item 4)";
    "rfc6455/4.2.1/upgrade-case" Must Switch Set(names::UPGRADE, "WebSocket"),
        "Upgrade: WebSocket",
        "\"... containing the value \"websocket\", treated as an ASCII case-insensitive value.\" (§4.2.1 item 3)";
    "rfc6455/4.2.1/upgrade-list" Should Switch Set(names::UPGRADE, "websocket, foo/1"),
        "Upgrade: websocket, foo/1",
        "\"An |Upgrade| header field containing the value \"websocket\"\" (§4.2.1 item 3); RFC 9110 §7.8: Upgrade is a list, and the server picks the protocol it switches to.";
    "rfc9110/5.1/lowercase-names" Must Switch Names(Casing::Lower),
        "every header name in lowercase",
        "\"Field names are case-insensitive\" (RFC 9110 §5.1)";
    "rfc9110/5.1/uppercase-names" Must Switch Names(Casing::Upper),
        "every header name in uppercase",
        "\"Field names are case-insensitive\" (RFC 9110 §5.1)";
    "rfc9112/5.1/extra-whitespace" Must Switch Edit::Padding,
        "spaces and tabs around every header value",
        "Optional whitespace before and after a field value \"is excluded by parsers when extracting the field line value from a field line\" (RFC 9112 §5.1).";
    "rfc9112/3.2.2/absolute-form" Must Switch Edit::Target(Form::Absolute),
        "the request-target in absolute form (http://host/path)",
        "\"a server MUST accept the absolute-form in requests\" (RFC 9112 §3.2.2)";
    "rfc6455/4.2.1/sample-key" Must Switch Key(KeyForm::Sample),
        "another valid key (RFC 6455's sample nonce)",
        "Any base64 value of 16 bytes is a key (§4.2.1 item 5); the server hashes it as sent (§4.2.2).";
    "rfc6455/4.1/pipelined-frame" Should ValidIfSwitched Edit::Pipelined,
        "a masked text frame sent right after the request, before the answer",
        "A robustness check: RFC 6455 §4.1 says \"Once the client's opening handshake has been sent, the client MUST wait for a response from the server before sending any further data.\" A client that does not still deserves an answer: a 101, or a refusal.";
    "rfc6455/4.2.2/no-subprotocol-offered" Must NoSubprotocol Drop(names::SEC_WEBSOCKET_PROTOCOL),
        "no subprotocol offered",
        "\"if the server does not wish to agree to one of the suggested subprotocols, it MUST NOT send back a |Sec-WebSocket-Protocol| header field\"; with none offered there is nothing to agree to (§4.2.2, §4.1).";
    "rfc6455/4.2.2/unsupported-subprotocol" Must OnlyOffered Set(names::SEC_WEBSOCKET_PROTOCOL, "wslens-unknown-protocol"),
        "only a subprotocol no server speaks",
        "If the server does not agree to any of the offered subprotocols, \"it MUST NOT send back a |Sec-WebSocket-Protocol| header field in its response\" (§4.2.2 item 4, /subprotocol/); one it does speak it may select.";
    "rfc7692/7/plain-offer" Must ValidIfSwitched Set(names::SEC_WEBSOCKET_EXTENSIONS, "permessage-deflate"),
        "permessage-deflate without parameters",
        "A server accepts an offer by answering an element that the offer allows, or declines it (RFC 7692 §5, §7.1).";
    "rfc7692/7.1.2.1/server-window-8" Must ValidIfSwitched Set(names::SEC_WEBSOCKET_EXTENSIONS, "permessage-deflate; server_max_window_bits=8"),
        "permessage-deflate; server_max_window_bits=8",
        "\"A server accepts an extension negotiation offer with this parameter by including the \"server_max_window_bits\" extension parameter in the extension negotiation response to send back to the client with the same or smaller value as the offer.\" (RFC 7692 §7.1.2.1); a server that cannot declines the offer. zlib cannot deflate with a window of 8: declining is the usual answer.";
    "rfc7692/7.1.2.2/client-window-bare" Must ValidIfSwitched Set(names::SEC_WEBSOCKET_EXTENSIONS, "permessage-deflate; client_max_window_bits"),
        "permessage-deflate; client_max_window_bits (without a value)",
        "The server may answer client_max_window_bits with a value or leave it out; a response never carries it without a value (RFC 7692 §7.1.2.2).";
    "rfc7692/7.1.2.2/client-window-10" Must ValidIfSwitched Set(names::SEC_WEBSOCKET_EXTENSIONS, "permessage-deflate; client_max_window_bits=10"),
        "permessage-deflate; client_max_window_bits=10 (with a value)",
        "A server may accept the offer with client_max_window_bits no larger than the offered 10, or leave it out; it never answers it without a value, nor with a larger one (RFC 7692 §7.1.2.2).";
    "rfc7692/7.1.1.1/server-no-context-takeover" Must ValidIfSwitched Set(names::SEC_WEBSOCKET_EXTENSIONS, "permessage-deflate; server_no_context_takeover"),
        "permessage-deflate; server_no_context_takeover",
        "A server accepts an offer with server_no_context_takeover by answering the parameter (and then resets its compression context after each message), or declines the offer (RFC 7692 §7.1.1.1).";
    "rfc7692/7/unknown-parameter" Must NoExtension Set(names::SEC_WEBSOCKET_EXTENSIONS, "permessage-deflate; wslens_unknown=1"),
        "permessage-deflate with an unknown parameter",
        "\"A server MUST decline an extension negotiation offer for this extension if ... The negotiation offer contains an extension parameter not defined for use in an offer.\" (RFC 7692 §7)";
    "rfc7692/7/duplicate-parameter" Must NoExtension Set(names::SEC_WEBSOCKET_EXTENSIONS, "permessage-deflate; server_no_context_takeover; server_no_context_takeover"),
        "permessage-deflate with a parameter twice",
        "\"A server MUST decline an extension negotiation offer for this extension if ... The negotiation offer contains multiple extension parameters with the same name.\" (RFC 7692 §7)";
    "rfc7692/7.1.3/fallback-offer" Must ValidIfSwitched Set(names::SEC_WEBSOCKET_EXTENSIONS, "permessage-deflate; server_max_window_bits=10, permessage-deflate"),
        "two offers: with server_max_window_bits=10, then without",
        "A server picks at most one of the offers and answers within it (RFC 7692 §5, §7.1.3).";
    "rfc7692/7.2/compressed-message" Must ReadsCompressed Set(names::SEC_WEBSOCKET_EXTENSIONS, "permessage-deflate"),
        "permessage-deflate, then after the 101 a compressed text message, \"Hello\" (RFC 7692 §7.2.3.1's example)",
        "A server that accepts permessage-deflate must decompress the messages whose RSV1 bit is set (RFC 7692 §6, §7.2.2); closing with 1002 or 1007 on one means it accepted an extension it does not implement.";
    "rfc6455/9.1/unknown-extension" Must NoExtension Set(names::SEC_WEBSOCKET_EXTENSIONS, "x-wslens-unknown"),
        "an extension no server speaks",
        "The server accepts only extensions it supports, from those the client offered (§9.1).";
    "rfc8441/3/enable-connect-protocol" Should H2Setting Edit::Http2,
        "over HTTP/2 (TLS, ALPN h2): reads the server's SETTINGS",
        "\"Upon receipt of SETTINGS_ENABLE_CONNECT_PROTOCOL with a value of 1, a client MAY use the Extended CONNECT as defined in this document when creating new streams.\" (RFC 8441 §3) Without it browsers open their WebSockets over HTTP/1.1 instead: a choice, not an error.";
    "rfc8441/4/extended-connect" Must H2Open Edit::Http2,
        "over HTTP/2: the extended CONNECT with :protocol websocket, as Chrome sends it",
        "A server that advertises SETTINGS_ENABLE_CONNECT_PROTOCOL = 1 opens the WebSocket with a 2xx (RFC 8441 §4, §5); browsers that see the setting never fall back (see H2814).";
    "rfc8441/4/connect-without-protocol" Should H2PlainConnect Edit::Http2,
        "over HTTP/2: a CONNECT without :protocol (a tunnel request)",
        "Without `:protocol` a CONNECT asks for a TCP tunnel to the authority (RFC 9113 §8.5), not for a WebSocket (RFC 8441 §4); a WebSocket endpoint that answers it with a 2xx treats any CONNECT as a WebSocket.";
    "rfc6455/10.2/foreign-origin" Should RefuseForeignOrigin Set(names::ORIGIN, "https://attacker.example"),
        "Origin: https://attacker.example",
        "\"If the origin indicated is unacceptable to the server, then it SHOULD respond to the WebSocket handshake with a reply containing HTTP 403 Forbidden status code.\" (§10.2); a 101 lets any page use the user's cookies (cross-site WebSocket hijacking).";
    "rfc6455/10.2/no-origin" Should Answers Drop(names::ORIGIN),
        "no Origin (a non-browser client)",
        "Non-browser clients send no Origin (§10.2); the server may accept or refuse, but must answer.";
    "rfc9110/5.4/header-8kb" Should Answers LongHeader(8 * 1024),
        "a header line of 8 KB",
        "\"A server that receives a request header field line, field value, or set of fields larger than it wishes to process MUST respond with an appropriate 4xx (Client Error) status code.\" (RFC 9110 §5.4; 431 is RFC 6585 §5's); a server that takes it opens.";
    "rfc9110/5.4/header-64kb" Should Answers LongHeader(64 * 1024),
        "a header line of 64 KB",
        "\"A server that receives a request header field line, field value, or set of fields larger than it wishes to process MUST respond with an appropriate 4xx (Client Error) status code.\" (RFC 9110 §5.4)";
    "rfc9110/5.4/200-headers" Should Answers ManyHeaders(200),
        "200 extra header lines",
        "\"A server that receives a request header field line, field value, or set of fields larger than it wishes to process MUST respond with an appropriate 4xx (Client Error) status code.\" (RFC 9110 §5.4)";
    "rfc6455/4.2.1/duplicate-upgrade-token" Must Switch Add(names::CONNECTION, "Upgrade"),
        "Connection sent a second time, with Upgrade",
        "Field lines with the same name combine into one list (RFC 9110 §5.3); the token is still there (§4.2.1 item 4).";
}

/// The case with this ID, or else those whose ID starts with it.
pub fn cases_matching(prefix: &str) -> Vec<&'static Case> {
    if let Some(exact) = CASES.iter().find(|c| c.id == prefix) {
        return vec![exact];
    }
    CASES.iter().filter(|c| c.id.starts_with(prefix)).collect()
}

/// What a case's request is before it is sent: the request line, the fields, and bytes that
/// follow the head.
struct Request {
    method: &'static str,
    target: String,
    version: &'static str,
    fields: Vec<(String, String)>,
    after: Vec<u8>,
    padding: bool,
}

impl Case {
    /// The bytes of this case's request: `profile`'s own request to `target`, changed as the
    /// case says. `key` is the probe's random key (16 bytes, base64).
    pub fn request(
        &self,
        profile: &str,
        target: &Target,
        key: &str,
        options: &RequestOptions,
    ) -> Vec<u8> {
        let profile = request_profile(profile).unwrap_or(&crate::probe::REQUEST_PROFILES[0]);
        let mut request = Request {
            method: "GET",
            target: target.path.clone(),
            version: "HTTP/1.1",
            fields: request_fields(profile, target, Some(key), options),
            after: Vec::new(),
            padding: false,
        };
        self.apply(&mut request, target, key);
        let mut out = format!("{} {} {}\r\n", request.method, request.target, request.version);
        for (name, value) in &request.fields {
            if request.padding {
                out.push_str(&format!("{name}: \t {value} \t\r\n"));
            } else {
                out.push_str(&format!("{name}: {value}\r\n"));
            }
        }
        out.push_str("\r\n");
        let mut bytes = out.into_bytes();
        bytes.extend_from_slice(&request.after);
        bytes
    }

    fn apply(&self, request: &mut Request, target: &Target, key: &str) {
        let find = |fields: &[(String, String)], name: &str| {
            fields.iter().position(|(n, _)| n.eq_ignore_ascii_case(name))
        };
        match self.edit {
            Edit::None => {}
            Method(method) => request.method = method,
            Version(version) => request.version = version,
            Edit::Target(Form::Absolute) => {
                let scheme = if target.tls { "https" } else { "http" };
                request.target = format!("{scheme}://{}{}", target.authority, target.path);
            }
            Drop(name) => request.fields.retain(|(n, _)| !n.eq_ignore_ascii_case(name)),
            Set(name, value) => match find(&request.fields, name) {
                Some(i) => request.fields[i].1 = value.to_owned(),
                None => request.fields.push((name.to_owned(), value.to_owned())),
            },
            Add(name, value) => request.fields.push((name.to_owned(), value.to_owned())),
            Key(form) => {
                let value = match form {
                    KeyForm::Bytes(n) => {
                        use base64::Engine as _;
                        base64::engine::general_purpose::STANDARD.encode(vec![b'k'; n])
                    }
                    KeyForm::NotBase64 => "not base64 at all!!!!!!=".to_owned(),
                    KeyForm::Twice => {
                        request.fields.push((names::SEC_WEBSOCKET_KEY.to_owned(), key.to_owned()));
                        return;
                    }
                    KeyForm::Sample => crate::SAMPLE_KEY.to_owned(),
                };
                if let Some(i) = find(&request.fields, names::SEC_WEBSOCKET_KEY) {
                    request.fields[i].1 = value;
                }
            }
            Names(casing) => {
                for (name, _) in &mut request.fields {
                    match casing {
                        Casing::Lower => name.make_ascii_lowercase(),
                        Casing::Upper => name.make_ascii_uppercase(),
                    }
                }
            }
            Edit::Padding => request.padding = true,
            LongHeader(size) => request.fields.push(("X-Wslens-Long".to_owned(), "a".repeat(size))),
            ManyHeaders(count) => {
                for i in 0..count {
                    request.fields.push((format!("X-Wslens-{i}"), i.to_string()));
                }
            }
            Edit::Http2 => {}
            Edit::Pipelined => {
                // A masked text frame, "hi", with a fixed mask: the suite is reproducible.
                request.after = vec![0x81, 0x82, 1, 2, 3, 4, b'h' ^ 1, b'i' ^ 2];
            }
        }
    }

    /// The case's verdict when no answer could be read (`why`: what the probe saw). A case
    /// that expects the WebSocket to open fails, and so does a refusal case: RFC 6455 §4.2.1
    /// has the server "return an HTTP response with an appropriate error code". The others warn.
    pub fn judge_silence(&self, why: &str) -> Verdict {
        let outcome = match self.expect {
            Expect::Switch | Expect::Refuse | Expect::RefuseWithVersion | Expect::OlderVersion => {
                Outcome::Fail
            }
            _ => Outcome::Warn,
        };
        self.verdict(outcome, format!("no HTTP answer: {why}"))
    }

    /// The case's verdict on the report of its recording (`None`: nothing could be read).
    pub fn judge(&self, report: Option<&Report>) -> Verdict {
        let Some(exchange) = report.and_then(|r| r.exchanges.first()) else {
            return self.verdict(Outcome::Fail, "no answer could be read".into());
        };
        let status = status_of(exchange);
        let switched = status == Some(101);
        let ok = exchange.verdict.handshake == crate::HandshakeVerdict::Ok;
        // A 4xx; for a request in another HTTP version, 505 too (RFC 9110 §15.6.6).
        let other_version = matches!(self.edit, Version(_));
        let refused =
            status.is_some_and(|s| (400..500).contains(&s) || (s == 505 && other_version));
        let said = match status {
            Some(s) => format!("answered {s}"),
            None => "sent no status line".into(),
        };
        let (outcome, why) = match self.expect {
            Expect::Switch if switched && ok => (Outcome::Pass, "opened".into()),
            Expect::Switch if switched => (Outcome::Fail, format!("answered a 101 an RFC 6455 client fails: {}", exchange.headline)),
            Expect::Switch => (Outcome::Fail, format!("{said} instead of 101 Switching Protocols")),
            Expect::Refuse if refused => (Outcome::Pass, said),
            Expect::Refuse if switched => (Outcome::Fail, "opened the WebSocket for a request it must refuse".into()),
            Expect::Refuse if status.is_none() => (Outcome::Fail, "sent no HTTP error response".into()),
            Expect::Refuse => (Outcome::Warn, format!("{said}, not a 4xx")),
            Expect::RefuseWithVersion if switched => (Outcome::Fail, "opened the WebSocket for a version it does not speak".into()),
            Expect::OlderVersion if switched && ok => (Outcome::Pass, "opened: it speaks this version too".into()),
            Expect::OlderVersion if switched => (Outcome::Fail, exchange.headline.clone()),
            Expect::RefuseWithVersion | Expect::OlderVersion if refused && names_version_13(exchange) => {
                (Outcome::Pass, format!("{said} with Sec-WebSocket-Version: 13"))
            }
            Expect::RefuseWithVersion | Expect::OlderVersion if refused => (Outcome::Fail, format!("{said} without Sec-WebSocket-Version naming 13")),
            Expect::RefuseWithVersion | Expect::OlderVersion => (Outcome::Warn, format!("{said}, not a 4xx")),
            Expect::NoSubprotocol if switched && header(exchange, names::SEC_WEBSOCKET_PROTOCOL).is_some() => {
                (Outcome::Fail, "selected a subprotocol the client did not offer".into())
            }
            Expect::NoExtension if switched && header(exchange, names::SEC_WEBSOCKET_EXTENSIONS).is_some() => {
                (Outcome::Fail, "accepted an extension offer it must decline".into())
            }
            Expect::NoSubprotocol | Expect::NoExtension | Expect::OnlyOffered if switched && !ok => (Outcome::Fail, exchange.headline.clone()),
            Expect::OnlyOffered if switched => match header(exchange, names::SEC_WEBSOCKET_PROTOCOL) {
                Some(p) => (Outcome::Pass, format!("selected `{p}`, as offered: it accepts whatever is offered")),
                None => (Outcome::Pass, "opened without a subprotocol".into()),
            },
            Expect::OnlyOffered if refused => (Outcome::Pass, said),
            Expect::OnlyOffered => (Outcome::Warn, format!("{said}, neither a 101 nor a 4xx")),
            Expect::NoSubprotocol | Expect::NoExtension if switched || refused => (Outcome::Pass, said),
            Expect::NoSubprotocol | Expect::NoExtension => (Outcome::Warn, format!("{said}, neither a 101 nor a 4xx")),
            Expect::ValidIfSwitched if switched && !response_errors(exchange).is_empty() => {
                (Outcome::Fail, format!("answered the offer wrongly: {}", response_errors(exchange).join(", ")))
            }
            Expect::ValidIfSwitched if switched || refused => (Outcome::Pass, said),
            Expect::ValidIfSwitched => (Outcome::Warn, format!("{said}, neither a 101 nor a 4xx")),
            Expect::RefuseForeignOrigin if status == Some(403) => (Outcome::Pass, said),
            Expect::RefuseForeignOrigin if refused => (Outcome::Pass, format!("{said}, where §10.2 suggests 403")),
            Expect::RefuseForeignOrigin if switched => (Outcome::Warn, "opened the WebSocket for a foreign Origin: any page can then use a logged-in user's cookies (cross-site WebSocket hijacking), unless the server authenticates otherwise".into()),
            Expect::RefuseForeignOrigin => (Outcome::Warn, format!("{said}, neither a 403 nor a 101")),
            Expect::ReadsCompressed if switched && !ok => (Outcome::Fail, exchange.headline.clone()),
            Expect::ReadsCompressed if switched => read_compressed(exchange),
            Expect::ReadsCompressed if refused => (Outcome::Pass, said),
            Expect::ReadsCompressed => (Outcome::Warn, format!("{said}, neither a 101 nor a 4xx")),
            Expect::H2Setting | Expect::H2Open if setting_off(report) => match self.expect {
                Expect::H2Setting => (Outcome::Warn, "SETTINGS_ENABLE_CONNECT_PROTOCOL is not 1: browsers use HTTP/1.1 for its WebSockets".into()),
                _ => (Outcome::Skip, "n/a: the server's SETTINGS do not allow the extended CONNECT".into()),
            },
            Expect::H2Setting => (Outcome::Pass, "SETTINGS_ENABLE_CONNECT_PROTOCOL is 1".into()),
            Expect::H2Open if status.is_some_and(|s| (200..300).contains(&s)) => (Outcome::Pass, said),
            Expect::H2Open => (Outcome::Fail, format!("{said} to the extended CONNECT it allowed")),
            Expect::H2PlainConnect if status.is_some_and(|s| (200..300).contains(&s)) => {
                (Outcome::Fail, format!("{said} to a CONNECT without :protocol"))
            }
            Expect::H2PlainConnect => (Outcome::Pass, said),
            Expect::Answers if switched || refused => (Outcome::Pass, said),
            Expect::Answers => (Outcome::Warn, format!("{said}, neither a 101 nor a 4xx")),
        };
        self.verdict(outcome, why)
    }

    fn verdict(&self, outcome: Outcome, why: String) -> Verdict {
        // A SHOULD that fails is a warning.
        let outcome = match (self.level, outcome) {
            (Level::Should, Outcome::Fail) => Outcome::Warn,
            (_, outcome) => outcome,
        };
        Verdict { outcome, why }
    }
}

impl Case {
    /// Whether the case is sent over HTTP/2.
    pub fn http2(&self) -> bool {
        matches!(self.edit, Edit::Http2)
    }

    /// Whether the case sends a CONNECT without `:protocol`.
    pub fn plain_connect(&self) -> bool {
        self.expect == Expect::H2PlainConnect
    }

    /// Why the case means nothing for this client's request, if it does not: it leaves out a
    /// header the client never sends (no Origin from curl, no subprotocol without an offer).
    pub fn not_applicable(&self, profile: &str, options: &RequestOptions) -> Option<String> {
        let Drop(name) = self.edit else { return None };
        let profile = request_profile(profile)?;
        let target = Target::parse("ws://example.com/").ok()?;
        let sent = request_fields(profile, &target, Some(crate::SAMPLE_KEY), options);
        (!sent.iter().any(|(n, _)| n.eq_ignore_ascii_case(name)))
            .then(|| format!("n/a: {} sends no {name} here", profile.name))
    }

    /// The bytes the probe sends once the answer's head has come (`head`), before it reads
    /// the first frames: for the compressed-message case, when the 101 accepted
    /// permessage-deflate, a masked text frame with RSV1 set carrying RFC 7692 §7.2.3.1's
    /// compressed "Hello" (`f2 48 cd c9 c9 07 00`). Nothing for the other cases.
    pub fn after_open(&self, head: &[u8]) -> Option<Vec<u8>> {
        if self.expect != Expect::ReadsCompressed {
            return None;
        }
        let text = String::from_utf8_lossy(head);
        let parsed = crate::http::parse_head(&text, 0, crate::http::Layout::Indented(0));
        if parsed.status() != Some(101) {
            return None;
        }
        let accepted = crate::headers::Headers::parse(&text, &parsed)
            .extensions
            .iter()
            .any(crate::headers::deflate::is_deflate);
        if !accepted {
            return None;
        }
        let payload = [0xf2u8, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00];
        // A fixed mask: the suite is reproducible.
        let mask = [0x37u8, 0xfa, 0x21, 0x3d];
        let mut frame = vec![0xc1, 0x80 | payload.len() as u8];
        frame.extend_from_slice(&mask);
        frame.extend(payload.iter().enumerate().map(|(i, b)| b ^ mask[i % 4]));
        Some(frame)
    }
}

/// What the server did after the compressed message: a data frame back (its echo) passes, a
/// close with a protocol or data error fails, silence warns.
fn read_compressed(exchange: &Exchange) -> (Outcome, String) {
    let accepted =
        exchange.negotiation.accepted_extensions.iter().any(crate::headers::deflate::is_deflate);
    if !accepted {
        return (Outcome::Pass, "declined permessage-deflate: nothing compressed to read".into());
    }
    let received = exchange
        .messages
        .iter()
        .flat_map(|log| &log.first)
        .filter(|m| m.direction == crate::Direction::Received);
    for message in received {
        match message.opcode {
            1 | 2 => {
                return (
                    Outcome::Pass,
                    "read the compressed message and sent a message back".into(),
                )
            }
            8 if message.data.starts_with("close 1000")
                || message.data.starts_with("close 1001") =>
            {
                return (
                    Outcome::Warn,
                    format!("closed normally after the compressed message ({})", message.data),
                );
            }
            8 => {
                return (
                    Outcome::Fail,
                    format!("closed on the compressed message: {}", message.data),
                )
            }
            _ => {}
        }
    }
    (Outcome::Warn, "sent nothing back within the frames window (an echo server answers)".into())
}

/// A case's result.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The server did what the clause asks.
    Pass,
    /// It did not, and the clause is a MUST.
    Fail,
    /// A SHOULD it did not follow, or an answer the clause does not settle.
    Warn,
    /// Not run: the baseline did not open, so the case would mean nothing.
    Skip,
}

impl Outcome {
    /// `pass`, `fail`, `warn` or `skip`.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Pass => "pass",
            Outcome::Fail => "fail",
            Outcome::Warn => "warn",
            Outcome::Skip => "skip",
        }
    }
}

/// A case's outcome and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verdict {
    /// Pass, fail, warn or skip.
    pub outcome: Outcome,
    /// In a few words: what the server answered.
    pub why: String,
}

/// Whether the probe noted that the server's SETTINGS do not allow the extended CONNECT.
fn setting_off(report: Option<&Report>) -> bool {
    report
        .into_iter()
        .flat_map(|r| &r.exchanges)
        .flat_map(|e| &e.findings)
        .any(|f| f.rule() == crate::rules::Rule::H2ConnectProtocolOff)
}

fn status_of(exchange: &Exchange) -> Option<u16> {
    match exchange.response.as_ref()?.start_line {
        StartLine::Response { status, .. } => Some(status),
        StartLine::Request { .. } => None,
    }
}

/// Whether a Sec-WebSocket-Version line of the response names 13 (a server may list its
/// versions over several lines, RFC 6455 §4.4).
fn names_version_13(exchange: &Exchange) -> bool {
    exchange.response.as_ref().is_some_and(|r| {
        r.headers
            .iter()
            .filter(|h| h.name.eq_ignore_ascii_case(names::SEC_WEBSOCKET_VERSION))
            .any(|h| h.value.split(',').any(|t| t.trim() == "13"))
    })
}

fn header<'e>(exchange: &'e Exchange, name: &str) -> Option<&'e str> {
    let response = exchange.response.as_ref()?;
    response.headers.iter().find(|h| h.name.eq_ignore_ascii_case(name)).map(|h| h.value.as_str())
}

/// The codes of the errors on the response.
fn response_errors(exchange: &Exchange) -> Vec<&'static str> {
    let mut codes = Vec::new();
    for f in &exchange.findings {
        if f.severity == Severity::Error
            && f.part == crate::Part::Response
            && !codes.contains(&f.code)
        {
            codes.push(f.code);
        }
    }
    codes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_cases_are_many() {
        assert!(CASES.len() >= 40, "{}", CASES.len());
        for (i, case) in CASES.iter().enumerate() {
            assert!(CASES[..i].iter().all(|c| c.id != case.id), "{}", case.id);
            assert!(case.id.starts_with("rfc"), "{}", case.id);
        }
        assert_eq!(CASES[0].id, "rfc6455/4.1/baseline");
    }

    /// Each case's request, put in front of the answer a careful server would give, is judged
    /// as the case expects: this checks the requests and the judgements together.
    #[test]
    fn requests_are_what_they_say() {
        let target = Target::parse("ws://example.com/chat").unwrap();
        let options = RequestOptions { protocols: vec!["chat".into()], ..Default::default() };
        for case in CASES {
            let request = case.request("chrome", &target, crate::SAMPLE_KEY, &options);
            let text = String::from_utf8_lossy(&request);
            assert!(text.contains("\r\n\r\n"), "{}", case.id);
            let report = crate::inspect(&request, &crate::Options::default());
            let exchange = &report.exchanges[0];
            let invalid = exchange.verdict.request == crate::MessageVerdict::Invalid;
            match case.expect {
                Expect::Refuse | Expect::RefuseWithVersion => {
                    assert!(invalid, "{}: the request should be invalid:\n{text}", case.id);
                }
                Expect::Switch => assert!(!invalid, "{}: {:?}", case.id, exchange.findings),
                _ => {}
            }
        }
    }

    #[test]
    fn judgements() {
        let case = cases_matching("rfc6455/4.2.1/missing-key")[0];
        let refused = crate::inspect(
            b"GET / HTTP/1.1\r\nHost: a\r\n\r\nHTTP/1.1 400 Bad Request\r\n\r\n",
            &crate::Options::default(),
        );
        assert_eq!(case.judge(Some(&refused)).outcome, Outcome::Pass);
        let opened = crate::inspect(
            b"GET / HTTP/1.1\r\nHost: a\r\n\r\nHTTP/1.1 101 Switching Protocols\r\n\r\n",
            &crate::Options::default(),
        );
        assert_eq!(case.judge(Some(&opened)).outcome, Outcome::Fail);
        assert_eq!(case.judge(None).outcome, Outcome::Fail);
        let origin = cases_matching("rfc6455/10.2/foreign-origin")[0];
        assert_eq!(origin.judge(Some(&opened)).outcome, Outcome::Warn);
    }
}
