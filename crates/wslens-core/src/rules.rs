//! The rule registry: every check wslens makes, as one table of data.
//!
//! Codes are stable and never reused: `HTTP0xx` message syntax, `WS1xx` the request,
//! `WS2xx` the response, `WS3xx` negotiation, `PMD4xx` permessage-deflate, `INT5xx` legal
//! but known to break real clients, `SEC6xx` security, `CAP7xx` what a capture format keeps
//! or loses, `H2-8xx` the extended CONNECT of HTTP/2 and HTTP/3.
//! Severity follows the keyword of the clause: MUST is an error, SHOULD or a known interop
//! breaker a warning, the rest info.
//! Each rule's clause text is the RFC's own words (`quote`, in quotation marks) or ours: a
//! `summary` of a clause spread over several sentences, or the `interop` fact or `capture`
//! format a rule rests on ([`ClauseBasis`]).

pub(crate) mod capture;
pub(crate) mod context;
pub(crate) mod deflate;
pub(crate) mod errors;
pub(crate) mod frames;
pub(crate) mod h2;
pub(crate) mod http;
pub(crate) mod interop;
pub(crate) mod negotiation;
pub(crate) mod request;
pub(crate) mod response;
pub(crate) mod security;

pub(crate) use context::Cx;

use crate::report::{
    AppliesTo, ClauseBasis, Finding, Label, Part, RuleId, RuleInfo, Severity, Span,
};

/// How a rule's clause text relates to its RFC section: `quote` (the RFC's own words, in
/// quotation marks), `summary` (ours: the section says it over several sentences or
/// places), `interop` (the rule is about what real clients and servers do, next to the
/// section it names), `capture` (about a capture format, next to the section it names).
macro_rules! basis {
    (quote) => {
        ClauseBasis::Quote
    };
    (summary) => {
        ClauseBasis::Summary
    };
    (interop) => {
        ClauseBasis::Interop
    };
    (capture) => {
        ClauseBasis::Capture
    };
}

macro_rules! rules {
    ($(
        $variant:ident $code:literal $slug:literal $severity:ident $scope:ident fails=$fails:literal
        $rfc:literal $title:literal
        $basis:ident $clause:literal
        why $why:literal;
    )*) => {
        /// Every rule, by name.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub(crate) enum Rule { $($variant),* }

        impl Rule {
            /// Every rule, in code order.
            pub(crate) const ALL: &'static [Rule] = &[$(Rule::$variant),*];

            /// What a finding of this rule carries.
            pub(crate) fn info(self) -> &'static RuleMeta {
                &RULE_METAS[self as usize]
            }

            /// The whole description, with the clause and why it matters. Only `rules()`
            /// reads it, so a build that never lists the rules (the element) leaves the
            /// texts out.
            #[cfg(test)]
            pub(crate) fn describe(self) -> &'static RuleInfo {
                &RULE_INFOS[self as usize]
            }
        }

        /// What findings need of every rule, in code order.
        static RULE_METAS: &[RuleMeta] = &[$(RuleMeta {
            code: $code,
            slug: $slug,
            severity: Severity::$severity,
            fails_handshake: $fails,
            rfc: $rfc,
        }),*];

        /// Every rule's public description, in code order.
        pub(crate) static RULE_INFOS: &[RuleInfo] = &[$(RuleInfo {
            code: $code,
            slug: $slug,
            severity: Severity::$severity,
            applies_to: AppliesTo::$scope,
            fails_handshake: $fails,
            rfc: $rfc,
            title: $title,
            basis: basis!($basis),
            clause: $clause,
            why: $why,
        }),*];
    };
}

/// The part of a rule's description that findings carry.
#[derive(Debug)]
pub(crate) struct RuleMeta {
    pub(crate) code: &'static str,
    pub(crate) slug: &'static str,
    pub(crate) severity: Severity,
    pub(crate) fails_handshake: bool,
    pub(crate) rfc: &'static str,
}

#[rustfmt::skip]
rules! {
    // HTTP message syntax (RFC 9110, RFC 9112).
    InputNotHttp "HTTP000" "input-not-http" Error Input fails=false
        "RFC 9112 §2.1" "nothing in the input looks like an HTTP message"
        quote "\"HTTP-message = start-line CRLF *( field-line CRLF ) CRLF [ message-body ]\""
        why "wslens needs at least one request line (`GET /chat HTTP/1.1`) or status line (`HTTP/1.1 101 ...`) to find a handshake.";
    BareLf "HTTP001" "bare-lf" Info Message fails=false
        "RFC 9112 §2.2" "lines end with a bare LF instead of CRLF"
        quote "\"Although the line terminator for the start-line and fields is the sequence CRLF, a recipient MAY recognize a single LF as a line terminator and ignore any preceding CR.\""
        why "Copying text usually turns CRLF into LF, so this is expected in a paste; on the wire, strict parsers reject it.";
    BareCr "HTTP002" "bare-cr" Error Message fails=false
        "RFC 9112 §2.2" "a CR that is not followed by LF"
        quote "\"A sender MUST NOT generate a bare CR (a CR character not immediately followed by LF) within any protocol elements other than the content.\""
        why "A stray CR is read as a line end by some parsers and as data by others, which is how request smuggling starts.";
    MalformedRequestLine "HTTP003" "malformed-request-line" Error Request fails=false
        "RFC 9112 §3" "the request line does not follow the grammar"
        quote "\"request-line = method SP request-target SP HTTP-version\""
        why "A server that cannot read the request line answers 400 before it looks at any WebSocket header.";
    MalformedStatusLine "HTTP004" "malformed-status-line" Error Response fails=true
        "RFC 9112 §4" "the status line does not follow the grammar"
        quote "\"status-line = HTTP-version SP status-code SP [ reason-phrase ]\""
        why "Chrome reports \"Invalid status line\" and fails the connection when the first line of the answer is not a status line.";
    WhitespaceBeforeFirstField "HTTP005" "whitespace-before-first-field" Error Message fails=false
        "RFC 9112 §2.2" "whitespace between the start line and the first field"
        quote "\"A sender MUST NOT send whitespace between the start-line and the first header field.\""
        why "Recipients must reject the message or skip the indented line, so that field is silently lost.";
    SpaceBeforeColon "HTTP006" "space-before-colon" Error Message fails=false
        "RFC 9112 §5.1" "whitespace between a field name and its colon"
        quote "\"No whitespace is allowed between the field name and colon. ... A server MUST reject, with a response status code of 400 (Bad Request), any received request message that contains whitespace between a header field name and colon.\""
        why "Differences in handling this whitespace have let requests be routed past security checks, so strict servers refuse it.";
    ObsFold "HTTP007" "obs-fold" Error Message fails=false
        "RFC 9112 §5.2" "a field value is folded over several lines (obs-fold)"
        quote "\"A sender MUST NOT generate a message that includes line folding (i.e., that has any field line value that contains a match to the obs-fold rule) unless the message is intended for packaging within the \"message/http\" media type.\""
        why "Servers must reject folding or replace it with spaces; clients must unfold it. wslens shows the unfolded value.";
    LineWithoutColon "HTTP008" "line-without-colon" Error Message fails=false
        "RFC 9112 §5" "a line in the head is not a header field"
        quote "\"field-line = field-name \":\" OWS field-value OWS\""
        why "A line without a colon is not a field; strict parsers reject the whole message.";
    InvalidFieldName "HTTP009" "invalid-field-name" Error Message fails=false
        "RFC 9110 §5.1" "a field name has characters that are not allowed"
        quote "\"field-name = token\""
        why "Field names are tokens: letters, digits and a few symbols, with no spaces or separators.";
    ControlInValue "HTTP010" "control-in-value" Error Message fails=false
        "RFC 9110 §5.5" "a field value contains a control character"
        quote "\"a recipient of CR, LF, or NUL within a field value MUST either reject the message or replace each of those characters with SP before further processing\""
        why "Control characters in values are invalid and are read differently by different parsers.";
    NotUtf8 "HTTP011" "not-utf8" Info Message fails=false
        "RFC 9110 §5.5" "bytes that are not valid UTF-8 (shown as �)"
        summary "Field values may carry obs-text (bytes 0x80 to 0xFF); they have no defined character encoding."
        why "wslens shows such bytes as U+FFFD; check the original capture if the exact bytes matter.";
    HeadTruncated "HTTP012" "head-truncated" Warning Message fails=false
        "RFC 9112 §2.1" "the message ends before the blank line that closes its head"
        quote "\"HTTP-message = start-line CRLF *( field-line CRLF ) CRLF [ message-body ]\""
        why "A cut-off capture cannot show whether the missing fields were right, so the handshake is incomplete rather than failed.";
    StrictParserRejects "HTTP013" "strict-parser-rejects" Error Message fails=false
        "RFC 9112 §2.1" "a strict HTTP/1.1 parser (httparse) rejects this head"
        summary "The head must follow the HTTP/1.1 message grammar of RFC 9112."
        why "Many servers and clients use strict parsers; what they reject never reaches the WebSocket layer.";
    TextIgnored "HTTP014" "text-ignored" Info Input fails=false
        "RFC 9112 §2.1" "text that is not part of any HTTP message was skipped"
        summary "A message starts with a request line or a status line."
        why "Labels, comments or shell output around a paste are skipped; this says which lines so nothing is lost silently.";
    IndentedTranscript "HTTP015" "indented-transcript" Info Input fails=false
        "RFC 9112 §2.2" "the transcript is indented; the indentation was removed"
        quote "\"A sender MUST NOT send whitespace between the start-line and the first header field.\""
        why "Text copied from documentation is often indented; wslens reads it as if it were not.";
    HeadNotClosed "HTTP016" "head-not-closed" Info Message fails=false
        "RFC 9112 §2.1" "a copied head (bare LF lines) stops after its last field, without the blank line that closes it"
        quote "\"HTTP-message = start-line CRLF *( field-line CRLF ) CRLF [ message-body ]\""
        why "Header copies stop at the last field: Firefox's Copy Request Headers and Copy Response Headers, and most header blocks people paste. Copies also lose their CRs, which is how wslens tells them from bytes off the wire: a head in bare-LF lines that stops right after a complete field is read as complete, while one in CRLF lines is a cut capture (HTTP012). A pasted capture cut at the end of a line would look like a copy, so the finding says to check.";
    StatusVersionCase "HTTP017" "status-version-case" Error Response fails=true
        "RFC 9112 §2.3" "the status line's version is not written in capitals (`http/1.1`)"
        quote "\"HTTP-version = HTTP-name \"/\" DIGIT \".\" DIGIT\" and \"HTTP-name = %s\"HTTP\"\" (%s: case-sensitive)"
        why "The protocol name is case-sensitive, so a strict client does not read `http/1.1 101` as a status line (recorded: Node ws and Python websockets fail). Chrome compares it without case and opens the connection.";
    StatusWithoutReason "HTTP018" "status-without-reason" Warning Response fails=false
        "RFC 9112 §4" "the status line ends right after the status code, without the space before the reason phrase"
        quote "\"status-line = HTTP-version SP status-code SP [ reason-phrase ]\""
        why "The reason phrase may be empty, but the space before it may not. Most clients forgive it (recorded: Chrome and Node ws open), while Python websockets splits the line on its two spaces and fails.";

    // The client's request (RFC 6455 §4.1 and §4.2.1).
    MethodNotGet "WS101" "method-not-get" Error Request fails=false
        "RFC 6455 §4.1" "the request method is not GET"
        quote "\"The method of the request MUST be GET, and the HTTP version MUST be at least 1.1.\""
        why "Servers answer 405 or 400; libraries such as python-websockets and gorilla check the method first.";
    VersionBelow11 "WS102" "http-version-below-1-1" Error Request fails=false
        "RFC 6455 §4.1" "the request's HTTP version is below 1.1"
        quote "\"The method of the request MUST be GET, and the HTTP version MUST be at least 1.1.\""
        why "HTTP/1.0 has no Upgrade mechanism: RFC 9110 §7.8 says a server MUST ignore Upgrade in an HTTP/1.0 request.";
    TargetWsScheme "WS103" "target-ws-scheme" Error Request fails=false
        "RFC 6455 §4.1" "the request-target is an absolute ws:// or wss:// URI"
        quote "\"The \"Request-URI\" part of the request MUST match the /resource name/ defined in Section 3 (a relative URI) or be an absolute http/https URI\""
        why "The ws:// scheme belongs in the client's API, not on the request line; proxies and servers do not route it.";
    TargetFragment "WS104" "target-fragment" Error Request fails=false
        "RFC 6455 §3" "the request-target has a fragment"
        quote "\"Fragment identifiers are meaningless in the context of WebSocket URIs and MUST NOT be used on these URIs.\""
        why "A `#` in the request line is invalid HTTP; servers reject or misroute it.";
    TargetInvalid "WS105" "target-invalid" Error Request fails=false
        "RFC 6455 §4.1" "the request-target is not a path or an absolute http(s) URI"
        quote "\"The \"Request-URI\" part of the request MUST match the /resource name/ defined in Section 3 (a relative URI) or be an absolute http/https URI\""
        why "The resource name is a path starting with `/`, with an optional query.";
    HostMissing "WS106" "host-missing" Error Request fails=false
        "RFC 9112 §3.2" "the request has no Host header"
        quote "\"A server MUST respond with a 400 (Bad Request) status code to any HTTP/1.1 request message that lacks a Host header field\""
        why "RFC 6455 §4.1 item 4 also requires Host; without it virtual hosts and proxies cannot route the request.";
    HostDuplicate "WS107" "host-duplicate" Error Request fails=false
        "RFC 9112 §3.2" "the request has more than one Host header"
        quote "\"A server MUST respond with a 400 (Bad Request) status code to any ... request message that contains more than one Host header field line\""
        why "Two Host values let a proxy and a server disagree about the destination.";
    HostInvalid "WS108" "host-invalid" Error Request fails=false
        "RFC 9112 §3.2" "the Host value is not a valid host and optional port"
        quote "\"A server MUST respond with a 400 (Bad Request) status code to any ... request message that contains ... a Host header field with an invalid field value.\""
        why "Host is `uri-host [ \":\" port ]`: no scheme, no path, no spaces.";
    HostTargetMismatch "WS109" "host-target-mismatch" Error Request fails=false
        "RFC 6455 §4.1" "the absolute request-target names another host than Host"
        quote "\"be an absolute http/https URI that, when parsed, has a /resource name/, /host/, and /port/ that match the corresponding ws/wss URI\""
        why "With an absolute target the server uses the target's authority and ignores Host (RFC 9112 §3.2.2), so the two must agree.";
    UpgradeMissing "WS110" "upgrade-missing" Error Request fails=false
        "RFC 6455 §4.2.1" "the request has no Upgrade header"
        quote "\"The request MUST contain an |Upgrade| header field whose value MUST include the \"websocket\" keyword.\""
        why "Upgrade is hop-by-hop: a proxy that does not forward it (RFC 9110 §7.6.1) delivers a plain GET, which the server answers with 200, 400 or 426.";
    UpgradeNotWebsocket "WS111" "upgrade-not-websocket" Error Request fails=false
        "RFC 6455 §4.2.1" "the Upgrade header does not include websocket"
        quote "\"An |Upgrade| header field containing the value \"websocket\", treated as an ASCII case-insensitive value.\""
        why "The server only switches to a protocol the client listed (RFC 9110 §7.8).";
    ConnectionMissing "WS112" "connection-missing" Error Request fails=false
        "RFC 6455 §4.2.1" "the request has no Connection header"
        quote "\"The request MUST contain a |Connection| header field whose value MUST include the \"Upgrade\" token.\""
        why "Without `Connection: Upgrade` the Upgrade header is not a connection option; proxies strip Connection (RFC 9110 §7.6.1), which is the usual cause.";
    ConnectionNoUpgrade "WS113" "connection-no-upgrade" Error Request fails=false
        "RFC 6455 §4.2.1" "the Connection header does not include the Upgrade token"
        quote "\"A |Connection| header field that includes the token \"Upgrade\", treated as an ASCII case-insensitive value.\""
        why "`Connection: keep-alive` or `close` in place of `Upgrade` is the fingerprint of a proxy that rewrote the hop-by-hop headers.";
    KeyMissing "WS114" "key-missing" Error Request fails=false
        "RFC 6455 §4.1" "the request has no Sec-WebSocket-Key header"
        quote "\"The request MUST include a header field with the name |Sec-WebSocket-Key|.\""
        why "Without a key the server cannot compute Sec-WebSocket-Accept, and strict servers answer 400.";
    KeyDuplicate "WS115" "key-duplicate" Error Request fails=false
        "RFC 6455 §11.3.1" "the request has more than one Sec-WebSocket-Key header"
        quote "\"The |Sec-WebSocket-Key| header field MUST NOT appear more than once in an HTTP request.\""
        why "Servers cannot know which key to answer; python-websockets, coder and Zeek reject or flag it.";
    KeyNotBase64 "WS116" "key-not-base64" Error Request fails=false
        "RFC 6455 §4.2.1" "Sec-WebSocket-Key is not valid base64"
        quote "\"A |Sec-WebSocket-Key| header field with a base64-encoded (see Section 4 of [RFC4648]) value that, when decoded, is 16 bytes in length.\""
        why "ws, python-websockets, gorilla and coder answer 400 to a key that is not standard, padded base64.";
    KeyNot16Bytes "WS117" "key-not-16-bytes" Error Request fails=false
        "RFC 6455 §4.2.1" "Sec-WebSocket-Key does not decode to 16 bytes"
        quote "\"A |Sec-WebSocket-Key| header field with a base64-encoded (see Section 4 of [RFC4648]) value that, when decoded, is 16 bytes in length.\""
        why "A valid key is exactly 24 characters ending in `==`; devices that send 12 or 32 bytes are rejected by strict servers.";
    KeySample "WS118" "key-sample" Warning Request fails=false
        "RFC 6455 §4.1" "Sec-WebSocket-Key is the RFC's sample key"
        quote "\"The nonce MUST be selected randomly for each connection.\""
        why "A fixed key lets caches and proxies replay an old handshake; it is fine in a tutorial, not in a client.";
    VersionMissing "WS119" "version-missing" Error Request fails=false
        "RFC 6455 §4.1" "the request has no Sec-WebSocket-Version header"
        quote "\"The request MUST include a header field with the name |Sec-WebSocket-Version|. The value of this header field MUST be 13.\""
        why "Servers answer 426 or 400 with the versions they support.";
    VersionNot13 "WS120" "version-not-13" Error Request fails=false
        "RFC 6455 §4.2.1" "Sec-WebSocket-Version is not 13"
        quote "\"A |Sec-WebSocket-Version| header field, with a value of 13.\""
        why "Versions 7 and 8 are pre-RFC drafts; the server must refuse and list the versions it supports.";
    VersionDuplicate "WS121" "version-duplicate" Error Request fails=false
        "RFC 6455 §11.3.5" "the request has more than one Sec-WebSocket-Version header"
        quote "\"the |Sec-WebSocket-Version| header field MUST NOT appear more than once in an HTTP request.\""
        why "A request names exactly one version; only responses may list several.";
    OriginMissing "WS122" "origin-missing" Info Request fails=false
        "RFC 6455 §4.1" "the request has no Origin header"
        quote "\"The request MUST include a header field with the name |Origin| [RFC6454] if the request is coming from a browser client.\""
        why "Every browser sends Origin; its absence means a non-browser client, or a proxy that dropped it. A server that allows only some origins may refuse it.";
    OriginDuplicate "WS123" "origin-duplicate" Error Request fails=false
        "RFC 6454 §7.3" "the request has more than one Origin header"
        quote "\"The user agent MUST NOT include more than one Origin header field in any HTTP request.\""
        why "With two origins, an origin check may read the allowed one while the application trusts the other; python-websockets rejects it.";
    OriginInvalid "WS124" "origin-invalid" Warning Request fails=false
        "RFC 6454 §7" "Origin is not a serialised origin"
        summary "An origin is serialised as `scheme \"://\" host [ \":\" port ]`, with no path, or as `null`."
        why "Origin checks compare strings; a path, a trailing slash or a missing scheme makes them refuse the connection.";
    OriginNull "WS125" "origin-null" Info Request fails=false
        "RFC 6454 §7" "Origin is null"
        summary "A user agent sends `Origin: null` when the origin is opaque (a sandboxed iframe, a file:// page, some redirects)."
        why "It is legal, but most origin allow-lists refuse it, and allowing it allows every opaque context.";
    OriginHostMismatch "WS126" "origin-host-mismatch" Info Request fails=false
        "RFC 6455 §10.2" "the Origin's host differs from Host (a cross-origin connection)"
        quote "\"Servers that are not intended to process input from any web page but only for certain sites SHOULD verify the |Origin| field is an origin they expect.\""
        why "Same-origin checks (gorilla's and coder's default) answer 403 here; behind a proxy that rewrites Host or drops the port this is the usual cause of 403.";
    ProtocolOfferInvalid "WS127" "protocol-offer-invalid" Error Request fails=false
        "RFC 6455 §4.1" "Sec-WebSocket-Protocol in the request is not a list of tokens"
        quote "\"The elements that comprise this value MUST be non-empty strings with characters in the range U+0021 to U+007E not including separator characters as defined in [RFC2616]\""
        why "Browsers throw a SyntaxError before sending such a value; servers that parse it strictly answer 400.";
    ProtocolOfferDuplicate "WS128" "protocol-offer-duplicate" Error Request fails=false
        "RFC 6455 §4.1" "a subprotocol is offered twice"
        quote "\"... and MUST all be unique strings.\""
        why "Browsers refuse to send duplicate subprotocols; a duplicate points at a hand-built header.";
    ProtocolOfferNull "WS129" "protocol-offer-null" Warning Request fails=false
        "RFC 6455 §4.1" "the client offers the subprotocol \"null\""
        quote "\"The request MAY include a header field with the name |Sec-WebSocket-Protocol|.\""
        why "`null` is a legal token, but it almost always comes from JavaScript passing `null` as the protocols argument.";
    ExtensionsOfferInvalid "WS130" "extensions-offer-invalid" Error Request fails=false
        "RFC 6455 §9.1" "Sec-WebSocket-Extensions in the request does not follow the grammar"
        quote "\"If a value is received by either the client or the server during negotiation that does not conform to the ABNF below, the recipient of such malformed data MUST immediately _Fail the WebSocket Connection_.\""
        why "The server must refuse the handshake rather than guess which extensions were meant.";
    ResponseHeaderInRequest "WS131" "response-header-in-request" Warning Request fails=false
        "RFC 6455 §4.3" "a header that only servers send appears in the request"
        summary "Sec-WebSocket-Accept is sent from the server to the client only."
        why "It usually means request and response headers were mixed up while copying.";
    LegacyDraftHeaders "WS132" "legacy-draft-headers" Info Request fails=false
        "RFC 6455 §4.4" "the request uses headers of a pre-RFC draft"
        quote "\"If the server doesn't support the requested version, it MUST respond with a |Sec-WebSocket-Version| header field (or multiple |Sec-WebSocket-Version| header fields) containing all versions it is willing to use.\""
        why "Sec-WebSocket-Key1/Key2 (hixie-76), Sec-WebSocket-Origin and Sec-WebSocket-Draft come from drafts that no current server speaks.";

    // The server's response (RFC 6455 §4.2.2 and the client's validation in §4.1).
    ResponseMissing "WS200" "response-missing" Info Handshake fails=false
        "RFC 6455 §4.1" "the transcript has no response to this request"
        quote "\"Once the client's opening handshake has been sent, the client MUST wait for a response from the server before sending any further data.\""
        why "Without the response wslens can check the request and show what the server should answer, but not judge the handshake.";
    RequestMissing "WS201" "request-missing" Info Handshake fails=false
        "RFC 6455 §4.1" "the transcript has no request for this response"
        quote "\"The client MUST validate the server's response as follows\""
        why "Without the request, the accept and the negotiation cannot be checked against what was sent.";
    Status200 "WS202" "status-200" Error Handshake fails=true
        "RFC 6455 §4.1" "the server answered 200 instead of 101"
        quote "\"If the status code received from the server is not 101, the client handles the response per HTTP [RFC2616] procedures.\""
        why "A 200 means the Upgrade never reached a WebSocket handler: a proxy dropped the hop-by-hop Upgrade and Connection headers, or an SPA or index fallback route answered.";
    StatusRedirect "WS203" "status-redirect" Error Handshake fails=true
        "RFC 6455 §4.1" "the server redirected instead of switching protocols"
        quote "\"the server might redirect the client using a 3xx status code (but clients are not required to follow them)\""
        why "Browsers never follow redirects on a WebSocket handshake (the Fetch request uses redirect mode \"error\"), nor do Node ws, tungstenite and gorilla. Python websockets and nhooyr (through Go's HTTP client) follow one, as recorded: their verdict is then the answer at the Location, which the transcript of the first request does not show.";
    Status400 "WS204" "status-400" Error Handshake fails=true
        "RFC 6455 §4.2.1" "the server answered 400 Bad Request"
        quote "\"the server MUST stop processing the client's handshake and return an HTTP response with an appropriate error code (such as 400 Bad Request).\""
        why "400 means the server found the handshake malformed; the request findings say which header it most likely disliked.";
    Status401 "WS205" "status-401" Error Handshake fails=true
        "RFC 6455 §4.2.2" "the server asks for authentication (401)"
        quote "\"The server can perform additional client authentication, for example, by returning a 401 status code with the corresponding |WWW-Authenticate| header field\""
        why "Browsers cannot add an Authorization header to a WebSocket; they send cookies, so the credentials must travel as a cookie or in the URL.";
    Status403 "WS206" "status-403" Error Handshake fails=true
        "RFC 6455 §4.2.2" "the server refused the connection (403)"
        quote "\"If the server does not wish to accept this connection, it MUST return an appropriate HTTP error code (e.g., 403 Forbidden) and abort the WebSocket handshake\""
        why "403 is the answer of an origin check: compare Origin with the server's allow-list and with Host.";
    Status404 "WS207" "status-404" Error Handshake fails=true
        "RFC 6455 §4.2.2" "the server has no WebSocket service at this path (404)"
        quote "\"If the requested service is not available, the server MUST send an appropriate HTTP error code (such as 404 Not Found) and abort the WebSocket handshake.\""
        why "The path in the request line does not match the server's WebSocket route, often because a proxy rewrote or stripped a path prefix.";
    Status426 "WS208" "status-426" Error Handshake fails=true
        "RFC 6455 §4.2.2" "the server demands an upgrade (426)"
        quote "\"the server MUST abort the WebSocket handshake described in this section and instead send an appropriate HTTP error code (such as 426 Upgrade Required)\""
        why "426 means the server wanted a WebSocket upgrade it did not get: Upgrade was missing (gorilla, python-websockets) or the version was not one it speaks.";
    Status5xx "WS209" "status-5xx" Error Handshake fails=true
        "RFC 6455 §4.1" "the server or a gateway failed (5xx)"
        quote "\"If the status code received from the server is not 101, the client handles the response per HTTP [RFC2616] procedures.\""
        why "502, 503 and 504 come from a proxy whose backend is down or timed out; a 500 during the handshake is a server bug, such as a crash on an extension offer it should have declined.";
    StatusOther "WS210" "status-other" Error Handshake fails=true
        "RFC 6455 §4.1" "the server answered with a status other than 101"
        quote "\"If the status code received from the server is not 101, the client handles the response per HTTP [RFC2616] procedures.\""
        why "Only 101 opens a WebSocket over HTTP/1.1; browsers report every other status as close code 1006 with no reason.";
    UpgradeMissingIn101 "WS220" "upgrade-missing-in-101" Error Response fails=true
        "RFC 6455 §4.1" "the 101 has no Upgrade header"
        quote "\"If the response lacks an |Upgrade| header field or the |Upgrade| header field contains a value that is not an ASCII case-insensitive match for the value \"websocket\", the client MUST _Fail the WebSocket Connection_.\""
        why "Chrome reports \"'Upgrade' header is missing\"; RFC 9110 §7.8 also requires Upgrade on every 101.";
    UpgradeNotWebsocketIn101 "WS221" "upgrade-not-websocket-in-101" Error Response fails=true
        "RFC 6455 §4.1" "the 101's Upgrade is not websocket"
        quote "\"If the response lacks an |Upgrade| header field or the |Upgrade| header field contains a value that is not an ASCII case-insensitive match for the value \"websocket\", the client MUST _Fail the WebSocket Connection_.\""
        why "A server must not switch to a protocol the client did not ask for (RFC 9110 §7.8), such as h2c.";
    ConnectionMissingIn101 "WS222" "connection-missing-in-101" Error Response fails=true
        "RFC 6455 §4.1" "the 101 has no Connection header"
        quote "\"If the response lacks a |Connection| header field or the |Connection| header field doesn't contain a token that is an ASCII case-insensitive match for the value \"Upgrade\", the client MUST _Fail the WebSocket Connection_.\""
        why "Chrome, Safari, python-websockets and tungstenite fail; Node's ws does not check Connection, so a ws-only test can hide this.";
    ConnectionNoUpgradeIn101 "WS223" "connection-no-upgrade-in-101" Error Response fails=true
        "RFC 6455 §4.1" "the 101's Connection header lacks the Upgrade token"
        quote "\"If the response lacks a |Connection| header field or the |Connection| header field doesn't contain a token that is an ASCII case-insensitive match for the value \"Upgrade\", the client MUST _Fail the WebSocket Connection_.\""
        why "Chrome reports \"'Connection' header value must contain 'Upgrade'\".";
    AcceptMissing "WS224" "accept-missing" Error Response fails=true
        "RFC 6455 §4.1" "the 101 has no Sec-WebSocket-Accept header"
        quote "\"If the response lacks a |Sec-WebSocket-Accept| header field ... the client MUST _Fail the WebSocket Connection_.\""
        why "The accept proves the server read this request's key; without it every client fails.";
    AcceptDuplicate "WS225" "accept-duplicate" Error Response fails=true
        "RFC 6455 §11.3.3" "the 101 has more than one Sec-WebSocket-Accept header"
        quote "\"The |Sec-WebSocket-Accept| header MUST NOT appear more than once in an HTTP response.\""
        why "Chrome and python-websockets fail on a repeated accept, even when both copies are right; it usually means two layers both answered the handshake.";
    AcceptMismatch "WS226" "accept-mismatch" Error Response fails=true
        "RFC 6455 §4.1" "Sec-WebSocket-Accept does not match the key"
        quote "\"If the response lacks a |Sec-WebSocket-Accept| header field or the |Sec-WebSocket-Accept| contains a value other than the base64-encoded SHA-1 of the concatenation of the |Sec-WebSocket-Key| (as a string, not base64-decoded) with the string \"258EAFA5-E914-47DA-95CA-C5AB0DC85B11\" but ignoring any leading and trailing whitespace, the client MUST _Fail the WebSocket Connection_.\""
        why "Chrome reports \"Incorrect 'Sec-WebSocket-Accept' header value\"; the accept section shows each step and the likely server bug.";
    SwitchingForHttp10 "WS227" "switching-for-http10" Error Response fails=true
        "RFC 9110 §15.2" "a 101 is sent as, or to, HTTP/1.0"
        quote "\"Since HTTP/1.0 did not define any 1xx status codes, a server MUST NOT send a 1xx response to an HTTP/1.0 client.\""
        why "Protocol switching is an HTTP/1.1 mechanism; python-websockets refuses an HTTP/1.0 status line.";
    AcceptedInvalidRequest "WS228" "accepted-invalid-request" Error Response fails=false
        "RFC 6455 §4.2.1" "the server switched protocols although the request is invalid"
        quote "\"the server MUST stop processing the client's handshake and return an HTTP response with an appropriate error code (such as 400 Bad Request).\""
        why "A lenient server hides client bugs until the client meets a strict server or proxy.";
    RequestHeaderInResponse "WS229" "request-header-in-response" Warning Response fails=false
        "RFC 6455 §4.3" "a header that only clients send appears in the response"
        summary "Sec-WebSocket-Key is sent from the client to the server only."
        why "It usually means request and response headers were mixed up, or the server echoes request headers back.";
    VersionHeaderOn101 "WS230" "version-header-on-101" Info Response fails=false
        "RFC 6455 §11.3.5" "the 101 carries Sec-WebSocket-Version"
        summary "In a response, Sec-WebSocket-Version lists the versions a server supports when it refuses the client's."
        why "It is harmless on a 101, but it is meant for error responses.";
    UnauthorizedWithoutChallenge "WS231" "401-without-www-authenticate" Error Response fails=false
        "RFC 9110 §15.5.2" "a 401 without WWW-Authenticate"
        quote "\"The server generating a 401 response MUST send a WWW-Authenticate header field (Section 11.6.1) containing at least one challenge applicable to the target resource.\""
        why "Without a challenge the client cannot know how to authenticate.";
    ProxyAuthWithoutChallenge "WS232" "407-without-proxy-authenticate" Error Response fails=false
        "RFC 9110 §15.5.8" "a 407 without Proxy-Authenticate"
        quote "\"The proxy MUST send a Proxy-Authenticate header field (Section 11.7.1) containing a challenge applicable to that proxy for the request.\""
        why "A proxy between the client and the server wants credentials, and says nothing of how to give them.";
    UpgradeRequiredWithoutUpgrade "WS233" "426-without-upgrade" Error Response fails=false
        "RFC 9110 §15.5.22" "a 426 without an Upgrade header"
        quote "\"The server MUST send an Upgrade header field in a 426 response to indicate the required protocol(s) (Section 7.8).\""
        why "gorilla-style 426 responses carry only Sec-WebSocket-Version; the client cannot tell what to upgrade to.";
    VersionRefusedWithoutList "WS234" "version-refused-without-list" Error Response fails=false
        "RFC 6455 §4.2.2" "the server refused the version without listing the ones it supports"
        quote "\"send an appropriate HTTP error code (such as 426 Upgrade Required) and a |Sec-WebSocket-Version| header field indicating the version(s) the server is capable of understanding.\""
        why "A client can only retry with a supported version if the server names it.";
    RedirectWithoutLocation "WS235" "redirect-without-location" Warning Response fails=false
        "RFC 9110 §15.4" "a redirect without a Location header"
        summary "For 301, 302, 303, 307 and 308 the server SHOULD send a Location header naming the new target."
        why "A redirect that names no target cannot be followed even by clients that follow redirects.";
    RedirectDowngrade "WS236" "redirect-downgrade" Warning Response fails=false
        "RFC 6455 §10.6" "a redirect from a secure origin to an insecure URL"
        summary "Connections from secure contexts should stay on TLS (wss)."
        why "Following it would send the credentials of the handshake in clear text; libraries that follow redirects refuse or strip credentials.";
    MethodNotAllowedWithoutAllow "WS237" "405-without-allow" Error Response fails=false
        "RFC 9110 §15.5.6" "a 405 without an Allow header"
        quote "\"The origin server MUST generate an Allow header field in a 405 response containing a list of the target resource's currently supported methods.\""
        why "A WebSocket endpoint that refuses a method should say that it takes GET.";

    // Subprotocol and extension negotiation (RFC 6455 §4.1, §4.2.2, §9.1).
    ProtocolUnrequested "WS301" "protocol-unrequested" Error Response fails=true
        "RFC 6455 §4.1" "the server selected a subprotocol although the client offered none"
        quote "\"If the response includes a |Sec-WebSocket-Protocol| header field and this header field indicates the use of a subprotocol that was not present in the client's handshake ... the client MUST _Fail the WebSocket Connection_.\""
        why "Chrome reports \"Response must not include 'Sec-WebSocket-Protocol' header if not present in request\".";
    ProtocolNotOffered "WS302" "protocol-not-offered" Error Response fails=true
        "RFC 6455 §4.1" "the server selected a subprotocol the client did not offer"
        quote "\"If the response includes a |Sec-WebSocket-Protocol| header field and this header field indicates the use of a subprotocol that was not present in the client's handshake ... the client MUST _Fail the WebSocket Connection_.\""
        why "Chrome reports \"'Sec-WebSocket-Protocol' header value ... in response does not match any of sent values\"; ws and python-websockets fail too.";
    ProtocolListInResponse "WS303" "protocol-list-in-response" Error Response fails=true
        "RFC 6455 §4.3" "the server answered a list of subprotocols"
        quote "\"Sec-WebSocket-Protocol-Server = token\""
        why "The server picks exactly one; echoing the client's list back is a common server bug.";
    ProtocolEmptyInResponse "WS304" "protocol-empty-in-response" Error Response fails=true
        "RFC 6455 §4.2.2" "the server sent an empty Sec-WebSocket-Protocol"
        quote "\"The empty string is not the same as the null value for these purposes and is not a legal value for this field.\""
        why "To select nothing the server must leave the header out; browsers report an empty value as \"Invalid UTF-8 sequence in header value\".";
    ProtocolDuplicateInResponse "WS305" "protocol-duplicate-in-response" Error Response fails=true
        "RFC 6455 §11.3.4" "the response has more than one Sec-WebSocket-Protocol header"
        quote "\"the |Sec-WebSocket-Protocol| header field MUST NOT appear more than once in an HTTP response.\""
        why "Two lines mean two selections; clients cannot know which one is in use.";
    ProtocolNoneSelected "WS306" "protocol-none-selected" Warning Response fails=false
        "RFC 6455 §4.2.2" "the client offered subprotocols and the server selected none"
        quote "\"if the server does not wish to agree to one of the suggested subprotocols, it MUST NOT send back a |Sec-WebSocket-Protocol| header field in its response\""
        why "The RFC allows it, but Chrome, Safari (WebKit), Node's ws and tungstenite fail the connection: Chrome says \"Sent non-empty 'Sec-WebSocket-Protocol' header but no response was received\". Firefox (recorded, ESR 153), Python websockets, gorilla and nhooyr open it with no subprotocol.";
    ExtensionUnrequested "WS310" "extension-unrequested" Error Response fails=true
        "RFC 6455 §4.1" "the server accepted an extension the client did not offer"
        quote "\"If the response includes a |Sec-WebSocket-Extensions| header field and this header field indicates the use of an extension that was not present in the client's handshake ... the client MUST _Fail the WebSocket Connection_.\""
        why "Chrome reports \"Found an unsupported extension\"; ws says \"Server indicated an extension that was not requested\".";
    ExtensionsResponseInvalid "WS311" "extensions-response-invalid" Error Response fails=true
        "RFC 6455 §9.1" "Sec-WebSocket-Extensions in the response does not follow the grammar"
        quote "\"If a value is received by either the client or the server during negotiation that does not conform to the ABNF below, the recipient of such malformed data MUST immediately _Fail the WebSocket Connection_.\""
        why "The client cannot know which extension is in use, so it must fail.";
    ExtensionsEmptyInResponse "WS312" "extensions-empty-in-response" Error Response fails=true
        "RFC 6455 §4.2.2" "the server sent an empty Sec-WebSocket-Extensions"
        quote "\"The empty string is not the same as the null value for these purposes.\""
        why "To accept no extension the server must leave the header out; Safari reports an empty value as \"Invalid UTF-8 sequence in header value\".";
    ExtensionUnknown "WS313" "extension-unknown" Info Message fails=false
        "RFC 6455 §9.1" "an extension that is not registered"
        quote "\"extension-token = registered-token\""
        why "Extension names come from the IANA registry (RFC 6455 §11.4); an unknown name is legal but only its own peers understand it.";

    // permessage-deflate (RFC 7692).
    DeflateOfferUnknownParam "PMD401" "deflate-offer-unknown-param" Warning Request fails=false
        "RFC 7692 §7" "a permessage-deflate offer has a parameter RFC 7692 does not define"
        quote "\"A server MUST decline an extension negotiation offer for this extension if any of the following conditions are met: The negotiation offer contains an extension parameter not defined for use in an offer.\""
        why "The server must decline this offer (answer without it), not fail the handshake; a server that errors on it (Tomcat once sent 500) is wrong.";
    DeflateOfferInvalidValue "PMD402" "deflate-offer-invalid-value" Warning Request fails=false
        "RFC 7692 §7" "a permessage-deflate offer has a parameter with an invalid value"
        quote "\"A server MUST decline an extension negotiation offer for this extension if ... The negotiation offer contains an extension parameter with an invalid value.\""
        why "Window bits are 8 to 15 without leading zeros, and the no_context_takeover parameters take no value; the server must decline the offer.";
    DeflateOfferDuplicateParam "PMD403" "deflate-offer-duplicate-param" Warning Request fails=false
        "RFC 7692 §7" "a permessage-deflate offer repeats a parameter"
        quote "\"A server MUST decline an extension negotiation offer for this extension if ... The negotiation offer contains multiple extension parameters with the same name.\""
        why "The server must decline this offer element.";
    DeflateOfferNoFallback "PMD404" "deflate-offer-no-fallback" Info Request fails=false
        "RFC 7692 §7.1.2.1" "every permessage-deflate offer requires server_max_window_bits"
        interop "A server that cannot limit its window declines an offer with server_max_window_bits, so clients commonly add a second offer without it (RFC 7692 §7.1.3)."
        why "Without a fallback offer, servers that do not support the parameter (boost.beast, for one) answer without compression.";
    DeflateResponseUnknownParam "PMD410" "deflate-response-unknown-param" Error Response fails=true
        "RFC 7692 §7" "the accepted permessage-deflate has a parameter RFC 7692 does not define"
        quote "\"A client MUST _Fail the WebSocket Connection_ if the peer server accepted an extension negotiation offer for this extension with an extension negotiation response meeting any of the following conditions: The negotiation response contains an extension parameter not defined for use in a response.\""
        why "The only parameters are server_no_context_takeover, client_no_context_takeover, server_max_window_bits and client_max_window_bits.";
    DeflateResponseInvalidValue "PMD411" "deflate-response-invalid-value" Error Response fails=true
        "RFC 7692 §7" "a permessage-deflate response parameter has an invalid value"
        quote "\"A client MUST _Fail the WebSocket Connection_ if ... The negotiation response contains an extension parameter with an invalid value.\""
        why "Chrome reports \"Received invalid ... parameter\"; window bits are 8 to 15 without leading zeros, and the no_context_takeover parameters take no value.";
    DeflateResponseDuplicateParam "PMD412" "deflate-response-duplicate-param" Error Response fails=true
        "RFC 7692 §7" "a permessage-deflate response repeats a parameter"
        quote "\"A client MUST _Fail the WebSocket Connection_ if ... The negotiation response contains multiple extension parameters with the same name.\""
        why "Chrome reports \"Received duplicate permessage-deflate extension parameter\".";
    DeflateClientWindowNotOffered "PMD413" "deflate-client-window-not-offered" Error Response fails=true
        "RFC 7692 §7.1.2.2" "the response sets client_max_window_bits, which the offer did not include"
        quote "\"If a received extension negotiation offer doesn't have the \"client_max_window_bits\" extension parameter, the corresponding extension negotiation response to the offer MUST NOT include the \"client_max_window_bits\" extension parameter.\""
        why "A client that did not offer the parameter may not support a smaller window, so it must fail.";
    DeflateClientWindowNoValue "PMD414" "deflate-client-window-no-value" Error Response fails=true
        "RFC 7692 §7.1.2.2" "client_max_window_bits in the response has no value"
        summary "Only an offer may carry client_max_window_bits without a value; in a response it needs a value from 8 to 15."
        why "Chrome reports \"client_max_window_bits must have value\".";
    DeflateServerWindowAboveOffer "PMD415" "deflate-server-window-above-offer" Error Response fails=true
        "RFC 7692 §7.1.2.1" "server_max_window_bits in the response is larger than offered"
        summary "A server accepts an offer with server_max_window_bits by answering the same or a smaller value."
        why "The client asked the server to use at most that window; a larger one can produce data the client cannot inflate.";
    DeflateServerWindowMissing "PMD416" "deflate-server-window-missing" Error Response fails=true
        "RFC 7692 §7.1.2.1" "the offer limits server_max_window_bits and the response drops it"
        summary "A server accepts an offer with server_max_window_bits by including server_max_window_bits in its response; otherwise it declines the offer."
        why "python-websockets fails with \"expected server_max_window_bits\": the client cannot assume the server honours the limit.";
    DeflateServerNoContextMissing "PMD417" "deflate-server-no-context-missing" Error Response fails=true
        "RFC 7692 §7.1.1.1" "the offer asks for server_no_context_takeover and the response drops it"
        summary "A server accepts an offer with server_no_context_takeover by including server_no_context_takeover in its response."
        why "The client asked the server not to reuse its compression context; an answer without the parameter does not agree to that.";
    DeflateClientWindowAboveOffer "PMD418" "deflate-client-window-above-offer" Error Response fails=true
        "RFC 7692 §7.1.2.2" "client_max_window_bits in the response is larger than offered"
        summary "The value a server answers for client_max_window_bits must not exceed the value the client offered."
        why "ws fixed this server bug in PR #2336; the client cannot compress with a larger window than it offered.";
    DeflateAcceptedBadOffer "PMD419" "deflate-accepted-bad-offer" Error Response fails=false
        "RFC 7692 §7" "the server accepted permessage-deflate although every offer was one it must decline"
        quote "\"A server MUST decline an extension negotiation offer for this extension if any of the following conditions are met\""
        why "The right answer to a broken offer is a handshake without compression.";
    DeflateDuplicateInResponse "PMD420" "deflate-duplicate-in-response" Error Response fails=true
        "RFC 7692 §5" "the response accepts permessage-deflate twice"
        quote "\"A server MUST NOT accept a PMCE extension negotiation offer together with another extension if the PMCE will conflict with the extension on their use of the RSV1 bit.\""
        why "Chrome reports \"Received duplicate permessage-deflate response\"; two compressors cannot share the RSV1 bit.";
    DeflateRsv1Conflict "PMD421" "deflate-rsv1-conflict" Error Response fails=true
        "RFC 7692 §5" "the response accepts permessage-deflate together with another compression extension"
        quote "\"A server MUST NOT accept a PMCE extension negotiation offer together with another extension if the PMCE will conflict with the extension on their use of the RSV1 bit.\""
        why "x-webkit-deflate-frame and permessage-deflate both use RSV1; with both, frames cannot be decoded.";
    DeflateLegacyWebkit "PMD422" "deflate-legacy-webkit" Info Message fails=false
        "RFC 7692 §5" "the old x-webkit-deflate-frame extension"
        interop "permessage-deflate (RFC 7692) replaced the pre-standard deflate-frame extensions."
        why "Old Safari versions offered x-webkit-deflate-frame; most servers ignore it, and proxies that forward it without understanding it break frames.";

    // Legal, but known to break real clients.
    ConnectionNotExactlyUpgrade "INT501" "connection-not-exactly-upgrade" Warning Response fails=false
        "RFC 6455 §4.2.2" "the 101's Connection is a list, not exactly \"Upgrade\""
        quote "\"A |Connection| header field with value \"Upgrade\".\""
        why "The RFC's client check only needs the token, but tungstenite compares the whole value with \"Upgrade\" and fails.";
    NoncanonicalHeaderName "INT502" "noncanonical-header-name" Warning Message fails=false
        "RFC 9110 §5.1" "a handshake header is spelled with unusual casing"
        quote "\"Field names are case-insensitive\""
        why "Legal, but embedded clients that search for the exact spelling (strstr) fail; Heroku's router once turned Sec-WebSocket-Accept into Sec-Websocket-Accept.";
    ExtensionsSplitInResponse "INT503" "extensions-split-in-response" Warning Response fails=false
        "RFC 6455 §11.3.2" "the response splits Sec-WebSocket-Extensions over several lines"
        quote "\"the |Sec-WebSocket-Extensions| header field MUST NOT appear more than once in an HTTP response.\""
        why "The RFC contradicts itself: §4.2.2 allows the split, §11.3.2 forbids it. Safari and WebKit fail, Chrome accepts.";
    ReasonPhraseUnusual "INT504" "reason-phrase-unusual" Info Response fails=false
        "RFC 9112 §4" "the 101's reason phrase is not \"Switching Protocols\""
        quote "\"A client SHOULD ignore the reason-phrase content because it is not a reliable channel for information\""
        why "The reason phrase is free text, but some small clients compare the whole status line.";
    UpgradeMultipleValues "INT505" "upgrade-multiple-values" Warning Response fails=false
        "RFC 6455 §4.2.2" "the 101's Upgrade has more than one value"
        quote "\"An |Upgrade| header field with value \"websocket\"\""
        why "Chrome and python-websockets require the single value websocket.";
    ClientWindowInResponse "INT506" "client-window-in-response" Info Response fails=false
        "RFC 7692 §7.1.2.2" "the response sets client_max_window_bits"
        quote "\"If a received extension negotiation offer has the \"client_max_window_bits\" extension parameter, the server MAY include the \"client_max_window_bits\" extension parameter in the corresponding extension negotiation response to the offer.\""
        why "Legal after an offer that includes it, but nhooyr/websocket 1.8.7 (Debian's; the library that became coder/websocket) rejects any client_max_window_bits in a response (recorded).";
    ServerWindowInResponse "INT507" "server-window-in-response" Info Response fails=false
        "RFC 7692 §7.1.2.1" "the response sets server_max_window_bits"
        quote "\"A server MAY include the \"server_max_window_bits\" extension parameter in an extension negotiation response even if the extension negotiation offer being accepted by the response didn't include the \"server_max_window_bits\" extension parameter.\""
        why "Legal, and Python websockets answers it by default, but nhooyr/websocket 1.8.7 rejects every permessage-deflate parameter but the two no_context_takeover ones (recorded: \"unsupported permessage-deflate parameter: server_max_window_bits=12\"); coder/websocket accepts it since.";

    // Security.
    CswshRisk "SEC601" "cswsh-risk" Warning Response fails=false
        "RFC 6455 §10.2" "credentials ride on a handshake that shows no Origin check"
        quote "\"Servers that are not intended to process input from any web page but only for certain sites SHOULD verify the |Origin| field is an origin they expect.\""
        why "Browsers attach cookies to cross-site WebSocket handshakes; without an Origin check any web page can open this socket as the user (cross-site WebSocket hijacking).";
    CredentialsInQuery "SEC602" "credentials-in-query" Info Request fails=false
        "RFC 6455 §10.5" "the request-target carries what looks like a credential"
        summary "The WebSocket protocol leaves client authentication to the usual HTTP mechanisms, such as cookies and HTTP authentication."
        why "Browsers cannot set Authorization on a WebSocket, so tokens often travel in the URL, where logs and proxies keep them; wslens redacts them when sharing.";
    TokenInSubprotocol "SEC603" "token-in-subprotocol" Info Request fails=false
        "RFC 6455 §1.9" "a subprotocol looks like a credential"
        summary "Subprotocols name application-level protocols."
        why "Smuggling a token (a JWT) through Sec-WebSocket-Protocol works, but the server must then echo a real subprotocol, and the token lands in logs.";

    // Capture formats: what a format cannot show.
    ReconstructedFromHar "CAP701" "reconstructed-from-har" Info Input fails=false
        "RFC 9112 §2.1" "the HTTP text was rebuilt from a HAR export"
        capture "HAR records header names and values, not the bytes of the message."
        why "A HAR keeps no line endings, no header order guarantee (Chrome's is arbitrary), no folding or stray whitespace, and Chrome drops Set-Cookie; findings about those cannot be made from it.";
    BrowserRecordedFailure "CAP702" "browser-recorded-failure" Error Handshake fails=true
        "RFC 6455 §4.1" "the browser recorded the handshake as failed and kept no response"
        quote "\"If the server's response does not conform to the requirements for the server's handshake as defined in this section and in Section 4.2.2, the client MUST _Fail the WebSocket Connection_.\""
        why "Chrome and Playwright write a failed WebSocket handshake to HAR with status 0 or -1 and no response headers; only Chrome's one-line error message, which wslens reads, hints at the reason. The request is still there, and so is what the server should have answered. The client itself failed the handshake, so the verdict is failed (the response stays absent), whatever the reason was.";
    EntriesSkipped "CAP703" "entries-skipped" Info Input fails=false
        "RFC 6455 §4.1" "entries that are not WebSocket handshakes were skipped"
        capture "A WebSocket opening handshake is a GET with Upgrade: websocket (or a ws:// or wss:// URL in a HAR)."
        why "A HAR holds every request of the page; wslens reads only the WebSocket handshakes and says how many others it passed over.";
    RebuiltFromCapture "CAP704" "rebuilt-from-capture" Info Input fails=false
        "RFC 9112 §2.1" "the HTTP text was rebuilt from the TCP streams of a packet capture"
        capture "On TCP, an HTTP message is the byte stream of one direction of a connection."
        why "The heads are shown byte for byte as captured; only WebSocket frames are summarised instead of shown.";
    EncryptedConnections "CAP705" "encrypted-connections" Warning Input fails=false
        "RFC 6455 §4.1" "connections in the capture are TLS-encrypted"
        quote "\"If /secure/ is true, the client MUST perform a TLS handshake over the connection after opening the connection and before sending the handshake data\""
        why "A wss:// handshake travels inside TLS, so a capture shows only ciphertext; a HAR export, or TLS keys logged through SSLKEYLOGFILE, give the handshake back.";
    ProxyDroppedHeaders "CAP707" "proxy-dropped-headers" Warning Handshake fails=false
        "RFC 9110 §7.6.1" "a proxy forwarded the handshake without headers the client sent"
        quote "\"Intermediaries MUST parse a received Connection header field before a message is forwarded and, for each connection-option in this field, remove any header or trailer field(s) from the message with the same name as the connection-option, and then remove the Connection header field itself\""
        why "The client lists Upgrade in Connection, so a proxy that is not set up for WebSockets removes both: the backend sees a plain GET. Seeing both hops in one capture shows exactly what was lost.";
    ReconstructedFromCommand "CAP708" "reconstructed-from-command" Info Input fails=false
        "RFC 9112 §3.2" "the request was rebuilt from a curl command line"
        capture "curl sends the method, the URL's path and query as the request-target, a Host field from the URL's authority (\"A client MUST send a Host header field in all HTTP/1.1 request messages.\"), then the fields given with -H in order."
        why "DevTools \"Copy as cURL\" keeps the request's headers but not the response, so only the request can be checked; the verdict stays incomplete until the response is pasted too (as headers, curl -v output or a HAR).";
    CaptureCut "CAP706" "capture-cut" Warning Input fails=false
        "RFC 9112 §2.1" "the capture file stops early or is damaged"
        capture "A capture file is a header followed by whole packet records."
        why "A capture copied while it was written, or cut by a size limit, ends in a partial packet; wslens reads every packet before that point.";
    ExchangesNotDetailed "CAP711" "exchanges-not-detailed" Warning Input fails=false
        "RFC 6455 §4.1" "the input holds more exchanges than the report details"
        capture "Each opening handshake is one request and its response on its own connection; a capture, a HAR or a long paste can hold any number of them."
        why "Every exchange is checked and counted in the summary, but past the first thousand only their verdicts are kept: a report holds several kilobytes per exchange (findings, client verdicts, the expected answer), so a text of many tiny heads would otherwise need hundreds of times its own size in memory, enough to crash a browser tab. `wslens check --all-exchanges` keeps every one.";
    RebuiltHttp2View "CAP709" "rebuilt-http2-view" Info Handshake fails=false
        "RFC 8441 §5" "a browser shows this HTTP/2 WebSocket as an Upgrade it rebuilt"
        summary "Over HTTP/2 a WebSocket opens with an extended CONNECT answered by a 2xx, with no key and no accept."
        why "Chrome's DevTools and its HAR export (and Playwright's) write such a handshake as `GET wss://... HTTP/1.1` with Upgrade and Connection but no Sec-WebSocket-Key, answered by `HTTP/1.1 200` with lowercase fields. Read as HTTP/1.1 it would look like a missing key and a proxy's 200. Firefox's DevTools write `GET ... HTTP/2` with Upgrade, Connection and a Sec-WebSocket-Key that never went out, answered by `HTTP/2 200` with an X-Firefox-Spdy field it adds itself; read literally that breaks every HTTP/2 rule. wslens recognises both shapes and checks them as the extended CONNECT they were (recorded from Chromium and from Firefox against Node's http2 server).";
    DevtoolsAbsoluteTarget "CAP710" "devtools-absolute-target" Info Request fails=false
        "RFC 6455 §4.1" "the request line carries the ws:// URL, as Chrome's DevTools writes it"
        quote "\"The \"Request-URI\" part of the request MUST match the /resource name/ defined in Section 3 (a relative URI) or be an absolute http/https URI\""
        why "Chrome's DevTools (its raw headers view, \"Copy request headers\", and the HAR it exports) rebuild the request line with the socket's whole ws:// URL, while Chrome sends only the path on the wire (recorded side by side). wslens recognises a Chrome request whose ws:// URL names the Host it sends and reads the path, instead of reporting WS103.";
    // WebSockets over HTTP/2 and HTTP/3 (RFC 8441, RFC 9220, RFC 9113).
    H2MethodNotConnect "H2801" "h2-method-not-connect" Error Request fails=false
        "RFC 8441 §4" "an HTTP/2 WebSocket request whose :method is not CONNECT"
        summary "Over HTTP/2 (and HTTP/3, RFC 9220 §3) a WebSocket opens with an extended CONNECT: `:method` CONNECT together with a `:protocol` pseudo-header, in place of GET with Upgrade."
        why "A server treats a GET on HTTP/2 as an ordinary request; the Upgrade mechanism does not exist in HTTP/2.";
    H2ProtocolMissing "H2802" "h2-protocol-missing" Error Request fails=false
        "RFC 8441 §4" "an HTTP/2 CONNECT without the :protocol pseudo-header"
        summary "The extended CONNECT is a CONNECT that carries `:protocol`; without it the request asks for a plain TCP tunnel (RFC 9113 §8.5), not a WebSocket."
        why "A server or proxy reads a CONNECT without :protocol as a tunnel request to `:authority`.";
    H2ProtocolNotWebsocket "H2803" "h2-protocol-not-websocket" Error Request fails=false
        "RFC 8441 §5" ":protocol is not `websocket`"
        summary "To start a WebSocket the `:protocol` pseudo-header is present and its value is `websocket`."
        why "Other values name other protocols tunnelled the same way (WebTransport uses `webtransport`).";
    H2PseudoHeaderMissing "H2804" "h2-pseudo-header-missing" Error Request fails=false
        "RFC 8441 §4" "the extended CONNECT lacks :method, :scheme, :path or :authority"
        summary "A request that carries `:protocol` also carries `:scheme` and `:path`, and `:authority` names the server; an ordinary CONNECT has neither `:scheme` nor `:path`, so they are what marks the extended form."
        why "Without them the server cannot tell which WebSocket resource is asked for, and RFC 9113 §8.1.1 treats the request as malformed.";
    H2SchemeNotHttp "H2805" "h2-scheme-not-http" Error Request fails=false
        "RFC 8441 §5" ":scheme is not https (wss) or http (ws)"
        summary "The `:scheme` of the extended CONNECT is `https` for a wss:// WebSocket and `http` for a ws:// one; `wss` and `ws` themselves never appear."
        why "Writing the WebSocket scheme (`wss`) into :scheme is the usual mistake of hand-written HTTP/2 clients.";
    H2ConnectionSpecificField "H2806" "h2-connection-specific-field" Error Message fails=true
        "RFC 9113 §8.2.2" "Connection, Upgrade or another connection-specific field in an HTTP/2 message"
        quote "\"An endpoint MUST NOT generate an HTTP/2 message containing connection-specific header fields.\""
        why "Such a message is malformed and is refused with a stream error; a proxy that translates an HTTP/1.1 handshake into HTTP/2 and forwards Upgrade and Connection causes exactly this.";
    H2UppercaseFieldName "H2807" "h2-uppercase-field-name" Error Message fails=true
        "RFC 9113 §8.2.1" "an HTTP/2 field name with uppercase letters"
        summary "HTTP/2 field names are lowercase; a message with an uppercase character in a field name is malformed."
        why "HTTP/2 peers reset the stream; the capitalised spelling that HTTP/1.1 tolerates has no place here.";
    H2KeyOrAcceptPresent "H2808" "h2-key-or-accept-present" Warning Message fails=false
        "RFC 8441 §5" "Sec-WebSocket-Key or Sec-WebSocket-Accept in an HTTP/2 handshake"
        summary "Over HTTP/2 the key and the accept are not processed: `:protocol` does their job. Origin, Sec-WebSocket-Version, -Protocol and -Extensions keep their RFC 6455 meaning."
        why "Their presence means an HTTP/1.1 handshake was translated to HTTP/2 on the way, so other HTTP/1.1 fields may have leaked too.";
    H2PseudoHeaderMisplaced "H2809" "h2-pseudo-header-misplaced" Error Message fails=true
        "RFC 9113 §8.3" "a pseudo-header after a regular field, repeated, unknown, or of the other side"
        quote "\"All pseudo-header fields MUST appear in a field block before all regular field lines.\""
        why "Each pseudo-header appears once, requests carry only request pseudo-headers and responses only `:status`; anything else makes the message malformed.";
    H2Status101 "H2810" "h2-status-101" Error Response fails=true
        "RFC 9113 §8.6" "an HTTP/2 response with status 101"
        summary "HTTP/2 has no 101 (Switching Protocols) and no Upgrade; an extended CONNECT succeeds with a 2xx status, normally 200."
        why "Clients that follow RFC 8441 wait for a 2xx; a 101 on an HTTP/2 stream is a protocol error.";
    H2SettingNotVisible "H2811" "h2-setting-not-visible" Info Handshake fails=false
        "RFC 8441 §3" "the extended CONNECT needs SETTINGS_ENABLE_CONNECT_PROTOCOL, which a header copy does not show"
        summary "A client sends `:protocol` only after the server's SETTINGS frame set SETTINGS_ENABLE_CONNECT_PROTOCOL (0x8) to 1; HTTP/3 has the same setting (RFC 9220 §3)."
        why "When the server does not send the setting, browsers open a separate HTTP/1.1 connection for the WebSocket instead; that is the usual reason a site served over HTTP/2 still shows an HTTP/1.1 101.";
    H2MixedHops "H2812" "h2-mixed-hops" Warning Handshake fails=false
        "RFC 8441 §5" "the request and the response use different HTTP versions"
        summary "An HTTP/2 extended CONNECT is answered on the same stream with an HTTP/2 response; an HTTP/1.1 101 belongs to an Upgrade request."
        why "The two messages come from two hops of a proxy that translates between HTTP/1.1 and HTTP/2, so wslens does not cross-check them.";
    H2ConnectProtocolOff "H2813" "h2-connect-protocol-off" Warning Handshake fails=false
        "RFC 8441 §3" "the server's SETTINGS do not enable the extended CONNECT"
        quote "\"Upon receipt of SETTINGS_ENABLE_CONNECT_PROTOCOL with a value of 1, a client MAY use the Extended CONNECT as defined in this document when creating new streams.\""
        why "Without the setting a browser does not send its WebSocket over the HTTP/2 connection: it opens a separate HTTP/1.1 connection and sends the Upgrade there, so that handshake is the one that decides. `wslens probe --http2` notes the setting on the line before the request.";
    H2AdvertisedThenRefused "H2814" "h2-advertised-then-refused" Error Handshake fails=true
        "RFC 8441 §3" "the server advertised the extended CONNECT, then refused a WebSocket over it"
        interop "Browsers read SETTINGS_ENABLE_CONNECT_PROTOCOL = 1 as a promise that WebSockets work over that HTTP/2 connection and send the extended CONNECT instead of an HTTP/1.1 Upgrade, without falling back. An HTTP/2 layer that advertises the setting in front of a WebSocket handler that only knows the Upgrade breaks every browser."
        why "Go's HTTP/2 server advertised the setting for every handler in x/net 0.33 and the Go 1.24 release candidates, while handlers such as gorilla/websocket only accept the Upgrade (golang/go#71128); servers and proxies built with it answered browsers' WebSockets with 400 or 502 (the case Go 1.24 and Traefik users reported).";

    // The frames after a 101, decoded from a capture's or a paste's bytes.
    ClientFrameUnmasked "FRM101" "client-frame-unmasked" Error Handshake fails=false
        "RFC 6455 §5.1" "a frame the client sent is not masked"
        quote "\"... a client MUST mask all frames that it sends to the server (see Section 5.3 for further details).\""
        why "A server must close the connection on an unmasked frame; masking keeps intercepting proxies from reading a client's bytes as HTTP (cache poisoning, RFC 6455 §10.3).";
    ServerFrameMasked "FRM102" "server-frame-masked" Error Handshake fails=false
        "RFC 6455 §5.1" "a frame the server sent is masked"
        quote "\"A server MUST NOT mask any frames that it sends to the client.\""
        why "A client must close the connection when it sees a masked frame; server libraries that reuse client code get this wrong.";
    FrameReservedBits "FRM103" "frame-reserved-bits" Error Handshake fails=false
        "RFC 6455 §5.2" "a frame sets a reserved bit that no negotiated extension defines (RSV1 without permessage-deflate, RSV2, RSV3)"
        quote "\"RSV1, RSV2, RSV3: 1 bit each MUST be 0 unless an extension is negotiated that defines meanings for non-zero values. If a nonzero value is received and none of the negotiated extensions defines the meaning of such a nonzero value, the receiving endpoint MUST _Fail the WebSocket Connection_.\""
        why "A compressed frame (RSV1) after a handshake that did not agree on permessage-deflate means the sender assumed an extension the other side refused; the receiver cannot read it.";
    FrameTextNotUtf8 "FRM104" "frame-text-not-utf8" Error Handshake fails=false
        "RFC 6455 §8.1" "a text frame's payload is not valid UTF-8"
        quote "\"When an endpoint is to interpret a byte stream as UTF-8 but finds that the byte stream is not, in fact, a valid UTF-8 stream, that endpoint MUST _Fail the WebSocket Connection_.\""
        why "Text messages are UTF-8 by definition; binary data belongs in binary frames (opcode 2). Browsers close such a connection with 1007.";
    FrameReservedOpcode "FRM105" "frame-reserved-opcode" Error Handshake fails=false
        "RFC 6455 §5.2" "a frame has a reserved opcode"
        quote "\"If an unknown opcode is received, the receiving endpoint MUST _Fail the WebSocket Connection_.\""
        why "Opcodes 3-7 and 11-15 are reserved; bytes that decode this way are often not frames at all (the server kept speaking HTTP after its 101).";
    FrameControlInvalid "FRM106" "frame-control-invalid" Error Handshake fails=false
        "RFC 6455 §5.5" "a control frame (close, ping, pong) is longer than 125 bytes or fragmented"
        quote "\"All control frames MUST have a payload length of 125 bytes or less and MUST NOT be fragmented.\""
        why "Control frames can be sent between the fragments of a message, so they must fit in one small frame.";

    // A client's error message, pasted on its own (`--format error`).
    ClientSaysStatus "ERR901" "client-says-status" Error Input fails=false
        "RFC 6455 §4.1" "a client's error message says the server answered another status than 101"
        quote "\"If the status code received from the server is not 101, the client handles the response per HTTP [RFC2616] procedures.\""
        why "Node ws, Python websockets, Go, Java and .NET clients name the status they got; browsers only in their console. The status says which part of the path refused the upgrade.";
    ClientSaysAccept "ERR902" "client-says-accept" Error Input fails=false
        "RFC 6455 §4.1" "a client's error message says Sec-WebSocket-Accept was missing or wrong"
        quote "\"If the response lacks a |Sec-WebSocket-Accept| header field or the |Sec-WebSocket-Accept| contains a value other than the base64-encoded SHA-1 of the concatenation of the |Sec-WebSocket-Key| (as a string, not base64-decoded) with the string \"258EAFA5-E914-47DA-95CA-C5AB0DC85B11\" but ignoring any leading and trailing whitespace, the client MUST _Fail the WebSocket Connection_.\""
        why "The accept proves that the server read this request's key; a wrong one is a server bug or a proxy that rewrote the key.";
    ClientSaysUpgradeHeaders "ERR903" "client-says-upgrade-headers" Error Input fails=false
        "RFC 6455 §4.1" "a client's error message says the 101's Upgrade or Connection was missing or wrong"
        quote "\"If the response lacks a |Connection| header field or the |Connection| header field doesn't contain a token that is an ASCII case-insensitive match for the value \"Upgrade\", the client MUST _Fail the WebSocket Connection_.\""
        why "Proxies rewrite these hop-by-hop headers; a 101 without them is not a WebSocket upgrade to a strict client.";
    ClientSaysSubprotocol "ERR904" "client-says-subprotocol" Error Input fails=false
        "RFC 6455 §4.1" "a client's error message says the subprotocol answer was wrong"
        quote "\"If the response includes a |Sec-WebSocket-Protocol| header field and this header field indicates the use of a subprotocol that was not present in the client's handshake ... the client MUST _Fail the WebSocket Connection_.\""
        why "Browsers and Node ws also fail when they offered subprotocols and the server picked none, which RFC 6455 allows.";
    ClientSaysExtension "ERR905" "client-says-extension" Error Input fails=false
        "RFC 6455 §4.1" "a client's error message says the extension answer (permessage-deflate) was wrong"
        quote "\"If the response includes a |Sec-WebSocket-Extensions| header field and this header field indicates the use of an extension that was not present in the client's handshake ... the client MUST _Fail the WebSocket Connection_.\""
        why "RFC 7692 lets a server answer only parameters the offer allows; clients check them strictly.";
    ClientSaysInvalidHttp "ERR906" "client-says-invalid-http" Error Input fails=false
        "RFC 9112 §2.1" "a client's error message says the answer was not a valid HTTP response"
        quote "\"HTTP-message = start-line CRLF *( field-line CRLF ) CRLF [ message-body ]\""
        why "Strict clients refuse a malformed head outright (recorded: Node ws and Python websockets); a port that speaks TLS or another protocol looks the same to them.";
    ClientSaysClosed "ERR907" "client-says-closed" Error Input fails=false
        "RFC 6455 §4.1" "a client's error message says the connection closed, or timed out, before a whole answer"
        quote "\"Once the client's opening handshake has been sent, the client MUST wait for a response from the server before sending any further data.\""
        why "An answer that never comes is a crash, a proxy's timeout, or a plain-text request sent to a TLS port.";
    ClientSaysNoConnection "ERR908" "client-says-no-connection" Error Input fails=false
        "RFC 6455 §4.1" "a client's error message says no connection could be opened"
        quote "\"If the connection could not be opened, either because a direct connection failed or because any proxy used returned an error, then the client MUST _Fail the WebSocket Connection_ and abort the connection attempt.\""
        why "Nothing reached HTTP: the host, the port, DNS or a firewall is the problem, not the handshake.";
    ClientSaysTls "ERR909" "client-says-tls" Error Input fails=false
        "RFC 6455 §4.1" "a client's error message says the TLS handshake failed"
        quote "\"If /secure/ is true, the client MUST perform a TLS handshake over the connection after opening the connection and before sending the handshake data [RFC2818]. If this fails (e.g., the server's certificate could not be verified), then the client MUST _Fail the WebSocket Connection_ and abort the connection.\""
        why "wss:// needs a certificate the client trusts, for the name in the URL; ws:// to a TLS port, or wss:// to a plain one, fails the same way.";
    ClientSaysAbnormalClose "ERR910" "client-says-abnormal-close" Warning Input fails=false
        "RFC 6455 §7.1.5" "a browser reports close code 1006 (or a failure with no reason): it does not say why"
        quote "\"If _The WebSocket Connection is Closed_ and no Close control frame was received by the endpoint (such as could occur if the underlying transport connection is lost), _The WebSocket Connection Close Code_ is considered to be 1006.\""
        why "Browsers tell a page's script nothing more than 1006 about a failed handshake, so that scripts cannot probe other servers; the reason is only in the browser's console and in a capture.";
}

/// More findings of one rule on one message than this are folded into one.
const GROUP_ABOVE: usize = 5;
/// How many of the folded findings' spans the kept one marks.
const GROUP_LABELS: usize = 4;
/// The text of a label that marks a folded repeat of its finding.
pub(crate) const SAME_AGAIN: &str = "the same again";

/// `Part` as a map key (the report's enum has no order).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum PartKey {
    Input,
    Request,
    Response,
    Handshake,
}

impl PartKey {
    fn of(part: Part) -> PartKey {
        match part {
            Part::Input => PartKey::Input,
            Part::Request => PartKey::Request,
            Part::Response => PartKey::Response,
            Part::Handshake => PartKey::Handshake,
        }
    }
}

/// Messages and helps longer than this are cut (a value quoted whole from a hostile input
/// could be megabytes).
const MAX_TEXT: usize = 1000;

/// `text`, cut at [`MAX_TEXT`] bytes on a character boundary, its code quotes kept paired.
fn bounded(mut text: String) -> String {
    if text.len() <= MAX_TEXT {
        return text;
    }
    let mut end = MAX_TEXT;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text.truncate(end);
    if text.matches('`').count() % 2 == 1 {
        text.push('`');
    }
    text.push('…');
    text
}

/// A finding under construction.
pub(crate) fn finding(
    rule: Rule,
    part: Part,
    span: Span,
    message: String,
    help: String,
) -> Finding {
    #[cfg(test)]
    tests::BUILT.with(|n| n.set(n.get() + 1));
    let info = rule.info();
    let message = bounded(message);
    let help = bounded(help);
    Finding {
        rule: RuleId(rule as u16),
        code: info.code,
        slug: info.slug,
        severity: info.severity,
        part,
        rfc: info.rfc,
        rfc_url: rfc_url(info.rfc),
        message,
        help,
        span,
        labels: Vec::new(),
    }
}

/// Where an RFC section lives: `RFC 6455 §4.2.1` → the rfc-editor page with its anchor.
pub fn rfc_url(rfc: &str) -> String {
    let number: String =
        rfc.trim_start_matches("RFC ").chars().take_while(char::is_ascii_digit).collect();
    match rfc.split_once('§') {
        Some((_, section)) => {
            let section = section.split([',', ' ']).next().unwrap_or(section);
            format!("https://www.rfc-editor.org/rfc/rfc{number}#section-{section}")
        }
        None => format!("https://www.rfc-editor.org/rfc/rfc{number}"),
    }
}

/// Collects findings for one exchange.
#[derive(Debug, Default)]
pub(crate) struct Findings {
    pub(crate) list: Vec<Finding>,
    /// Findings of each rule on each part so far, and those not built because the rule had
    /// already fired more than [`GROUP_ABOVE`] times there (their count and first spans).
    counts: std::collections::BTreeMap<(Rule, PartKey), Tally>,
}

/// How often a rule fired on a part, and where the findings that were not built are.
#[derive(Debug, Default)]
struct Tally {
    built: usize,
    folded: usize,
    spans: Vec<Span>,
}

impl Findings {
    /// Records a finding on `part`.
    pub(crate) fn add(
        &mut self,
        rule: Rule,
        part: Part,
        span: Span,
        message: String,
        help: String,
    ) -> &mut Finding {
        self.counts.entry((rule, PartKey::of(part))).or_default().built += 1;
        self.list.push(finding(rule, part, span, message, help));
        self.list.last_mut().expect("just pushed")
    }

    /// Records a finding whose message and help `text` writes, unless the rule has already
    /// fired more than [`GROUP_ABOVE`] times on `part`: then only its span is counted, and
    /// nothing is built (a list header of a hundred thousand duplicates costs no more than
    /// counting them). For the rules that look at each item of a list.
    pub(crate) fn add_folding(
        &mut self,
        rule: Rule,
        part: Part,
        span: Span,
        text: impl FnOnce() -> (String, String),
    ) -> Option<&mut Finding> {
        let tally = self.counts.entry((rule, PartKey::of(part))).or_default();
        if tally.built > GROUP_ABOVE {
            tally.folded += 1;
            if tally.spans.len() < GROUP_LABELS {
                tally.spans.push(span);
            }
            return None;
        }
        let (message, help) = text();
        Some(self.add(rule, part, span, message, help))
    }

    /// Records a finding on the request.
    pub(crate) fn request(
        &mut self,
        rule: Rule,
        span: Span,
        message: String,
        help: String,
    ) -> &mut Finding {
        self.add(rule, Part::Request, span, message, help)
    }

    /// Records a finding on the response.
    pub(crate) fn response(
        &mut self,
        rule: Rule,
        span: Span,
        message: String,
        help: String,
    ) -> &mut Finding {
        self.add(rule, Part::Response, span, message, help)
    }

    /// The findings, with the repeats of one rule on one message folded into one finding
    /// that counts them (a list header with a thousand duplicates would otherwise give a
    /// thousand findings): the report stays the size of what a person can read. Linear.
    pub(crate) fn into_grouped(self) -> Vec<Finding> {
        let Findings { mut list, counts } = self;
        let crowded = |key: &(Rule, PartKey)| {
            counts.get(key).is_some_and(|t| t.built + t.folded > GROUP_ABOVE)
        };
        if !counts.keys().any(crowded) {
            return list;
        }
        // Per crowded group: the finding kept, and the spans of the next few.
        let mut kept: std::collections::BTreeMap<(Rule, PartKey), (usize, Vec<Span>)> =
            std::collections::BTreeMap::new();
        let mut keep = vec![true; list.len()];
        for (i, f) in list.iter().enumerate() {
            let key = (f.rule(), PartKey::of(f.part));
            if !crowded(&key) {
                continue;
            }
            match kept.get_mut(&key) {
                None => {
                    kept.insert(key, (i, Vec::new()));
                }
                Some((_, more)) => {
                    if more.len() < GROUP_LABELS {
                        more.push(f.span);
                    }
                    keep[i] = false;
                }
            }
        }
        for (key, (i, mut more)) in kept {
            let tally = &counts[&key];
            let n = tally.built + tally.folded;
            more.extend(tally.spans.iter().copied());
            more.truncate(GROUP_LABELS);
            let f = &mut list[i];
            let whose = match f.part {
                Part::Request => "in the request",
                Part::Response => "in the response",
                Part::Handshake | Part::Input => "in this exchange",
            };
            f.message = format!(
                "{}; the same finding comes {n} times {whose}, the next ones are marked",
                f.message
            );
            for span in more {
                f.labels.push(Label { span, text: SAME_AGAIN.into() });
            }
        }
        let mut flags = keep.into_iter();
        list.retain(|_| flags.next().unwrap_or(true));
        list
    }

    pub(crate) fn has(&self, rule: Rule) -> bool {
        self.list.iter().any(|f| f.rule() == rule)
    }
}

impl Finding {
    /// The rule this finding reports.
    pub(crate) fn rule(&self) -> Rule {
        Rule::ALL[usize::from(self.rule.0)]
    }

    /// Adds a secondary span.
    pub(crate) fn label(&mut self, span: Span, text: impl Into<String>) -> &mut Finding {
        self.labels.push(Label { span, text: text.into() });
        self
    }
}

/// Rule families, as ranges of [`Rule`] (which is in code order; a test checks each range
/// against its codes).
impl Rule {
    /// WS3xx: subprotocol and extension negotiation.
    pub(crate) fn is_negotiation(self) -> bool {
        (Rule::ProtocolUnrequested..=Rule::ExtensionUnknown).contains(&self)
    }

    /// WS31x: the extensions a response accepts.
    pub(crate) fn is_extension_answer(self) -> bool {
        (Rule::ExtensionUnrequested..=Rule::ExtensionUnknown).contains(&self)
    }

    /// PMD4xx: permessage-deflate.
    pub(crate) fn is_deflate(self) -> bool {
        (Rule::DeflateOfferUnknownParam..=Rule::DeflateLegacyWebkit).contains(&self)
    }
}

#[cfg(test)]
mod tests {
    thread_local! {
        /// How many findings [`super::finding`] has built, for the test that repeats fold.
        pub(super) static BUILT: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
    }

    /// Every rule that looks at each item of a list or each line of a head builds the
    /// findings of its first few repeats only (`Findings::add_folding`): a thousand of an
    /// item builds no more findings than a handful, where building one per item held a
    /// report's worth of messages for each.
    #[test]
    fn a_thousand_repeats_of_an_item_build_a_handful_of_findings() {
        const REQUEST: &str = "GET /chat HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n";
        const RESPONSE: &str = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n";
        let list = |item: &dyn Fn(usize) -> String, sep: &str| {
            (0..1_000).map(item).collect::<Vec<_>>().join(sep)
        };
        let http1 = |request: String, response: String| {
            format!("{REQUEST}{request}\r\n{RESPONSE}{response}\r\n")
        };
        let cases: [(&str, Rule, String); 9] = [
            ("unknown extensions", Rule::ExtensionUnknown,
                http1(format!("Sec-WebSocket-Extensions: {}\r\n", list(&|i| format!("x{i}"), ", ")), String::new())),
            ("unrequested extensions", Rule::ExtensionUnrequested,
                http1(String::new(), format!("Sec-WebSocket-Extensions: {}\r\n", list(&|i| format!("y{i}"), ", ")))),
            ("empty extension lines in a response", Rule::ExtensionsEmptyInResponse,
                http1(String::new(), "Sec-WebSocket-Extensions:\r\n".repeat(1_000))),
            ("pre-standard deflate offers", Rule::DeflateLegacyWebkit,
                http1(format!("Sec-WebSocket-Extensions: {}\r\n", list(&|_| "x-webkit-deflate-frame".into(), ", ")), String::new())),
            ("invalid subprotocol lines", Rule::ProtocolOfferInvalid,
                http1("Sec-WebSocket-Protocol: a b\r\n".repeat(1_000), String::new())),
            ("names spelled differently", Rule::NoncanonicalHeaderName,
                http1("sec-websocket-version: 13\r\n".repeat(1_000), String::new())),
            ("misplaced pseudo-headers", Rule::H2PseudoHeaderMisplaced,
                format!(":method: CONNECT\n:protocol: websocket\n{}sec-websocket-version: 13\n\n:status: 200\n\n", list(&|i| format!(":a{i}: x\n"), ""))),
            ("connection-specific fields over HTTP/2", Rule::H2ConnectionSpecificField,
                format!(":method: CONNECT\n:protocol: websocket\n{}sec-websocket-version: 13\n\n:status: 200\n\n", "connection: x\n".repeat(1_000))),
            ("keys over HTTP/2", Rule::H2KeyOrAcceptPresent,
                format!(":method: CONNECT\n:protocol: websocket\n{}sec-websocket-version: 13\n\n:status: 200\n\n", "sec-websocket-key: x\n".repeat(1_000))),
        ];
        for (what, rule, text) in cases {
            let before = BUILT.with(std::cell::Cell::get);
            let report = crate::inspect(text.as_bytes(), &crate::Options::default());
            let built = BUILT.with(std::cell::Cell::get) - before;
            let found = report.exchanges.iter().flat_map(|e| &e.findings);
            let folded: Vec<_> = found.filter(|f| f.code == rule.info().code).collect();
            assert_eq!(folded.len(), 1, "{what}: one finding for {}", rule.info().code);
            assert!(folded[0].message.contains("times"), "{what}: {}", folded[0].message);
            assert!(built < 100, "{what}: {built} findings built");
        }
    }

    #[test]
    fn families_match_their_codes() {
        for &rule in Rule::ALL {
            let code = rule.info().code;
            assert_eq!(rule.is_negotiation(), code.starts_with("WS3"), "{code}");
            assert_eq!(rule.is_extension_answer(), code.starts_with("WS31"), "{code}");
            assert_eq!(rule.is_deflate(), code.starts_with("PMD"), "{code}");
        }
    }

    use super::*;

    #[test]
    fn codes_and_slugs_are_unique_and_well_formed() {
        let mut codes = std::collections::HashSet::new();
        let mut slugs = std::collections::HashSet::new();
        for rule in Rule::ALL {
            let info = rule.describe();
            assert!(codes.insert(info.code), "duplicate code {}", info.code);
            assert!(slugs.insert(info.slug), "duplicate slug {}", info.slug);
            assert!(
                info.rfc.starts_with("RFC ") && info.rfc.contains('§'),
                "{}: {}",
                info.code,
                info.rfc
            );
            assert!(!info.title.ends_with('.'), "{}: titles do not end with a period", info.code);
            // A quotation is in quotation marks; the other kinds are our words.
            assert_eq!(
                info.clause.starts_with('"'),
                info.basis == ClauseBasis::Quote,
                "{}",
                info.code
            );
            assert!(info
                .slug
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'));
        }
        assert_eq!(RULE_INFOS.len(), Rule::ALL.len());
    }

    #[test]
    fn severity_follows_the_keyword() {
        for rule in Rule::ALL {
            let info = rule.describe();
            if info.fails_handshake {
                assert_eq!(
                    info.severity,
                    Severity::Error,
                    "{}: a client only fails on a MUST",
                    info.code
                );
            }
        }
    }

    #[test]
    fn rfc_urls() {
        assert_eq!(
            rfc_url("RFC 6455 §4.2.1"),
            "https://www.rfc-editor.org/rfc/rfc6455#section-4.2.1"
        );
        assert_eq!(rfc_url("RFC 7692 §7"), "https://www.rfc-editor.org/rfc/rfc7692#section-7");
    }
}
