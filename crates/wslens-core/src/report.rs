//! The report: the one serde boundary shared by the CLI's `--json`, the viewer and the JS API.
//!
//! Every type of the report derives `Serialize` here and nowhere else, because a
//! serialisable type is a promise to every consumer. The only other module that derives
//! `Serialize` is `prepared`, the worker's hand-off inside one build (and `input/har.rs`
//! deserialises a HAR's own JSON, which is input, not a boundary of ours).
//! Field names are camelCase; [`SCHEMA_VERSION`] changes whenever a field is renamed or
//! removed, or a value changes meaning.
//! `docs/report-schema.md` documents the shape object by object.
//!
//! Every [`Span`] indexes [`Source::text`], the text the user sees.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

/// Version of the report's JSON shape.
pub const SCHEMA_VERSION: u32 = 1;

/// A half-open byte range `start..end` into [`Source::text`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Span {
    /// First byte.
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
}

impl Span {
    /// A span from `usize` offsets; offsets past `u32::MAX` saturate (inputs are far smaller).
    pub fn new(start: usize, end: usize) -> Span {
        let clamp = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        Span { start: clamp(start), end: clamp(end.max(start)) }
    }

    /// The span as a `usize` range, for slicing.
    pub fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }

    /// Number of bytes covered.
    pub fn len(self) -> usize {
        (self.end - self.start) as usize
    }

    /// Whether the span covers no byte.
    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    /// Whether `other` lies inside this span.
    pub fn contains(self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// Whether the two spans share at least one byte, or an empty span sits inside the other.
    pub fn overlaps(self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
            || (other.is_empty() && self.start <= other.start && other.start <= self.end)
    }
}

/// A string of the report. Most are pieces of the source text: those share the text's one
/// copy (counted references) rather than each owning a copy, so building and dropping a
/// report allocates little. Reads as a `&str` (`Deref`) and serialises as a plain string.
#[derive(Clone)]
pub struct Text(TextRepr);

#[derive(Clone)]
enum TextRepr {
    Static(&'static str),
    /// The whole source, which may be longer than a span can say.
    Whole(std::sync::Arc<str>),
    Shared {
        source: std::sync::Arc<str>,
        start: u32,
        end: u32,
    },
    Owned(String),
}

impl Text {
    /// The text as a string slice.
    pub fn as_str(&self) -> &str {
        match &self.0 {
            TextRepr::Static(s) => s,
            TextRepr::Whole(source) => source,
            // Spans lie on character boundaries; `get` keeps a broken one from panicking.
            TextRepr::Shared { source, start, end } => {
                source.get(*start as usize..*end as usize).unwrap_or_default()
            }
            TextRepr::Owned(s) => s,
        }
    }
}

/// The source text, shared by the [`Text`]s cut from it.
#[derive(Clone)]
pub(crate) struct SharedSource(std::sync::Arc<str>);

impl SharedSource {
    /// Shares a copy of `text` (an `Arc<String>` would spare the copy, but every read of the
    /// report's strings would then go through two pointers; single browser runs suggested it
    /// slowed a 1 MB paste in the page, not yet confirmed).
    pub(crate) fn new(text: String) -> SharedSource {
        SharedSource(text.into())
    }

    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }

    /// The whole text.
    pub(crate) fn whole(&self) -> Text {
        Text(TextRepr::Whole(self.0.clone()))
    }

    /// The text under `span`, sharing this source's memory.
    pub(crate) fn slice(&self, span: Span) -> Text {
        Text(TextRepr::Shared { source: self.0.clone(), start: span.start, end: span.end })
    }

    /// `piece`, which must borrow from this source's text, as a shared [`Text`]; a copy when
    /// it does not (a value unquoted or joined from folded lines).
    pub(crate) fn text_of(&self, piece: &str) -> Text {
        let base = self.0.as_ptr() as usize;
        let at = (piece.as_ptr() as usize).wrapping_sub(base);
        if at <= self.0.len() && self.0.len() - at >= piece.len() {
            self.slice(Span::new(at, at + piece.len()))
        } else {
            Text::from(piece.to_owned())
        }
    }
}

impl std::ops::Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Text {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl From<&'static str> for Text {
    fn from(s: &'static str) -> Text {
        Text(TextRepr::Static(s))
    }
}

impl From<String> for Text {
    fn from(s: String) -> Text {
        Text(TextRepr::Owned(s))
    }
}

impl std::fmt::Display for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::fmt::Debug for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.as_str(), f)
    }
}

impl PartialEq for Text {
    fn eq(&self, other: &Text) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Text {}

impl PartialEq<&str> for Text {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<Text> for String {
    fn eq(&self, other: &Text) -> bool {
        self == other.as_str()
    }
}

impl Serialize for Text {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// How sure a finding is that something is wrong, derived from the RFC keyword it enforces.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Context worth knowing; nothing is broken.
    Info,
    /// A SHOULD is broken, or the exchange is legal but known to break real clients.
    Warning,
    /// A MUST is broken.
    Error,
}

impl Severity {
    /// The lowercase word used in JSON and in the CLI.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// Which part of an exchange a rule judges.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum Part {
    /// The transcript as a whole (its format, text that is not HTTP).
    Input,
    /// The client's request.
    Request,
    /// The server's response.
    Response,
    /// The outcome of the exchange (a status other than 101, a missing message), which
    /// says nothing against the form of either message.
    Handshake,
}

/// What a rule looks at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum AppliesTo {
    /// The transcript as a whole.
    Input,
    /// The request.
    Request,
    /// The response.
    Response,
    /// Either message (HTTP syntax).
    Message,
    /// The outcome of the exchange.
    Handshake,
}

/// The whole result of [`crate::inspect`].
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Report {
    /// Version of this shape; see [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// The text every span points into.
    pub source: Source,
    /// Every request/response pair found, in order: the first [`crate::DETAILED_EXCHANGES`]
    /// of them unless [`crate::Options::all_exchanges`] asks for all ([`Summary`] counts all).
    pub exchanges: Vec<Exchange>,
    /// Findings about the input as a whole (unrecognised text, an empty transcript).
    pub findings: Vec<Finding>,
    /// How many of those findings have each severity.
    pub finding_counts: FindingCounts,
    /// Counts over all exchanges.
    pub summary: Summary,
}

/// How many findings have each severity.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FindingCounts {
    /// Findings of severity `error`.
    pub errors: u32,
    /// Findings of severity `warning`.
    pub warnings: u32,
    /// Findings of severity `info` (as [`Summary::infos`] counts them).
    pub infos: u32,
}

impl FindingCounts {
    /// Counts `findings` by severity.
    pub fn of<'a>(findings: impl IntoIterator<Item = &'a Finding>) -> FindingCounts {
        let mut counts = FindingCounts::default();
        for finding in findings {
            match finding.severity {
                Severity::Error => counts.errors += 1,
                Severity::Warning => counts.warnings += 1,
                Severity::Info => counts.infos += 1,
            }
        }
        counts
    }
}

impl std::ops::Add for FindingCounts {
    type Output = FindingCounts;

    fn add(self, other: FindingCounts) -> FindingCounts {
        FindingCounts {
            errors: self.errors + other.errors,
            warnings: self.warnings + other.warnings,
            infos: self.infos + other.infos,
        }
    }
}

/// The text the report was built from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Source {
    /// Name the caller gave (a file name), if any.
    pub name: Option<String>,
    /// The input format that was detected or forced.
    pub format: Format,
    /// Whether [`Source::text`] is the input itself or a view rebuilt from it.
    pub kind: SourceKind,
    /// The text shown to the user; invalid UTF-8 bytes appear as U+FFFD.
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub text: Text,
}

/// Whether the source text is what the user gave or a reconstruction.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum SourceKind {
    /// The text is the input (decoded as UTF-8, lossily).
    Original,
    /// The text was rebuilt from a structured capture (HAR, pcap).
    Reconstructed,
}

/// Counts over the whole report.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Summary {
    /// Number of exchanges in the input: those in [`Report::exchanges`] and the ones past the
    /// limit ([`Summary::not_detailed`]).
    pub exchanges: u32,
    /// Exchanges whose handshake is `ok` (those not detailed included, as in the next two).
    pub ok: u32,
    /// Exchanges whose handshake `failed`.
    pub failed: u32,
    /// Exchanges whose handshake is `incomplete`.
    pub incomplete: u32,
    /// Exchanges whose request or response is `invalid` (a strict peer must reject it),
    /// whatever their handshake verdict.
    pub invalid: u32,
    /// Exchanges past [`crate::DETAILED_EXCHANGES`]: checked and counted above, but not in
    /// [`Report::exchanges`] (CAP711 says so). 0 unless the input holds more.
    pub not_detailed: u32,
    /// Findings of severity error, over the whole input: the report's, and those of the
    /// exchanges it does not detail.
    pub errors: u32,
    /// Findings of severity warning.
    pub warnings: u32,
    /// Findings of severity info.
    pub infos: u32,
    /// True when nothing in the input looked like HTTP.
    pub unusable: bool,
}

/// One client request and the server's answer to it.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Exchange {
    /// Zero-based position in [`Report::exchanges`].
    pub index: u32,
    /// The client's request, if the transcript has it.
    pub request: Option<Message>,
    /// The server's response, if the transcript has it.
    pub response: Option<Message>,
    /// How the handshake opens the WebSocket: an HTTP/1.1 Upgrade, or the extended CONNECT of
    /// HTTP/2 and HTTP/3.
    pub mechanism: Mechanism,
    /// The WebSocket URL the request asks for, as DevTools shows it: the target itself when
    /// it is absolute; otherwise `ws://` + Host + target for HTTP/1.1 (a transcript cannot
    /// show whether TLS was used, so `ws` is a guess), or the scheme (`:scheme` https → `wss`)
    /// and `:authority` for HTTP/2. `None` without a request or a host.
    pub url: Option<String>,
    /// The three verdicts.
    pub verdict: Verdict,
    /// One plain sentence: what happened and, on failure, the main reason.
    pub headline: String,
    /// The accept computation, or `None` when the request carries no key.
    pub accept: Option<Accept>,
    /// Subprotocol and extension negotiation, offer against answer.
    pub negotiation: Negotiation,
    /// What a careful server would have answered to this request.
    pub expected_response: Option<ExpectedResponse>,
    /// The proxy or server that answered, when its response shows which, and the change to
    /// make in its configuration when the handshake failed.
    pub software: Option<SoftwareFix>,
    /// How real clients would treat the response.
    pub clients: Vec<ClientVerdict>,
    /// Every finding about this exchange, sorted by severity then position.
    pub findings: Vec<Finding>,
    /// The index in `findings` of the reason the handshake failed, the one the headline
    /// names: the first finding whose rule fails the handshake. Null unless it failed for
    /// such a reason.
    pub failing_finding: Option<u32>,
    /// How many of `findings` have each severity.
    pub finding_counts: FindingCounts,
    /// The WebSocket messages the capture recorded after the handshake (HAR), if it has them.
    pub messages: Option<MessageLog>,
}

/// How a handshake opens a WebSocket.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum Mechanism {
    /// HTTP/1.1: GET with Upgrade, answered by 101 (RFC 6455 §4).
    Upgrade,
    /// HTTP/2 or HTTP/3: CONNECT with `:protocol`, answered by a 2xx (RFC 8441, RFC 9220).
    ExtendedConnect,
}

/// WebSocket messages a capture recorded after the handshake.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct MessageLog {
    /// How many messages were recorded (frames decoded from bytes: at most 1,000 each way).
    pub count: u32,
    /// The first few: in order for a HAR; for decoded frames the server's first, then the
    /// client's.
    pub first: Vec<WsMessage>,
}

/// One recorded WebSocket message.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct WsMessage {
    /// Who sent it.
    pub direction: Direction,
    /// The frame opcode (1 text, 2 binary, 8 close...), 0 for an event.
    pub opcode: u8,
    /// The payload as recorded (text, or base64 for binary in HAR), cut to 200 characters;
    /// a close frame's code and reason, a ping's or pong's payload, or a binary or
    /// compressed frame's length.
    pub data: String,
    /// The frame's header, when it was decoded from the bytes (a packet capture, a paste
    /// that kept them); `None` for a tool's record (HAR), which keeps only messages.
    pub frame: Option<FrameHeader>,
}

impl FrameHeader {
    /// The bits that are set, by name: `FIN`, `RSV1`, `RSV2`, `RSV3`, `masked`.
    pub fn flags(&self) -> Vec<&'static str> {
        [
            (self.fin, "FIN"),
            (self.rsv1, "RSV1"),
            (self.rsv2, "RSV2"),
            (self.rsv3, "RSV3"),
            (self.masked, "masked"),
        ]
        .into_iter()
        .filter_map(|(on, name)| on.then_some(name))
        .collect()
    }
}

/// The name of a frame opcode (RFC 6455 §5.2): `text`, `binary`, `close`, `ping`, `pong`,
/// `continuation`, or `reserved`.
pub fn opcode_name(opcode: u8) -> &'static str {
    match opcode {
        0 => "continuation",
        1 => "text",
        2 => "binary",
        8 => "close",
        9 => "ping",
        10 => "pong",
        _ => "reserved",
    }
}

/// The header of a WebSocket frame (RFC 6455 §5.2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct FrameHeader {
    /// FIN: the last fragment of its message.
    pub fin: bool,
    /// RSV1, which permessage-deflate uses to mark a compressed message.
    pub rsv1: bool,
    /// RSV2, which no registered extension uses.
    pub rsv2: bool,
    /// RSV3, which no registered extension uses.
    pub rsv3: bool,
    /// Whether the payload is masked (clients must mask, servers must not).
    pub masked: bool,
    /// The payload length.
    pub length: u64,
}

/// Who sent a recorded WebSocket message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// The client.
    Sent,
    /// The server.
    Received,
    /// Neither: an event the capture tool recorded (such as a browser's error).
    Event,
}

impl Direction {
    /// The lowercase name used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Sent => "sent",
            Direction::Received => "received",
            Direction::Event => "event",
        }
    }
}

/// The verdicts of an exchange.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Verdict {
    /// Whether a strict RFC 6455 server must reject the request.
    pub request: MessageVerdict,
    /// Whether the response is correct, given the request.
    pub response: MessageVerdict,
    /// Whether a client following the RFC would consider the connection established.
    pub handshake: HandshakeVerdict,
}

impl Verdict {
    /// Whether the request or the response is invalid (a strict peer must reject it),
    /// whatever the handshake's verdict: what [`Summary::invalid`] counts.
    pub fn has_invalid_message(self) -> bool {
        self.request == MessageVerdict::Invalid || self.response == MessageVerdict::Invalid
    }
}

/// Verdict on one message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum MessageVerdict {
    /// No error-level finding.
    Valid,
    /// At least one error-level finding.
    Invalid,
    /// The transcript does not contain this message.
    Absent,
}

impl MessageVerdict {
    /// The lowercase word used in JSON and the CLI.
    pub fn as_str(self) -> &'static str {
        match self {
            MessageVerdict::Valid => "valid",
            MessageVerdict::Invalid => "invalid",
            MessageVerdict::Absent => "absent",
        }
    }
}

/// Verdict on the handshake as a whole.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum HandshakeVerdict {
    /// A client following RFC 6455 would consider the connection open.
    Ok,
    /// It would not.
    Failed,
    /// The transcript lacks what is needed to decide (no response, a cut-off response, no key).
    Incomplete,
}

impl HandshakeVerdict {
    /// The lowercase word used in JSON and the CLI.
    pub fn as_str(self) -> &'static str {
        match self {
            HandshakeVerdict::Ok => "ok",
            HandshakeVerdict::Failed => "failed",
            HandshakeVerdict::Incomplete => "incomplete",
        }
    }
}

/// An HTTP request or response head as it appears in the source text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Message {
    /// From the start line to the end of the blank line (or of the text, if cut off).
    pub span: Span,
    /// The start line without its line ending.
    pub start_line: StartLine,
    /// Header fields in wire order with their original casing.
    pub headers: Vec<Header>,
    /// Whether the head ended with its blank line.
    pub complete: bool,
    /// What follows the head, if anything.
    pub body: Option<Body>,
}

/// The first line of a message.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum StartLine {
    /// `method SP request-target SP HTTP-version`.
    Request {
        /// The whole line.
        span: Span,
        /// The method, for example `GET`.
        #[cfg_attr(feature = "ts", ts(type = "string"))]
        method: Text,
        /// The request-target as sent.
        #[cfg_attr(feature = "ts", ts(type = "string"))]
        target: Text,
        /// The version, for example `HTTP/1.1`.
        #[cfg_attr(feature = "ts", ts(type = "string"))]
        version: Text,
    },
    /// `HTTP-version SP status-code SP [reason-phrase]`.
    Response {
        /// The whole line.
        span: Span,
        /// The version, for example `HTTP/1.1`.
        #[cfg_attr(feature = "ts", ts(type = "string"))]
        version: Text,
        /// The status code, or 0 when it is not three digits.
        status: u16,
        /// The reason phrase (free text).
        #[cfg_attr(feature = "ts", ts(type = "string"))]
        reason: Text,
    },
}

impl StartLine {
    /// The whole start line.
    pub fn span(&self) -> Span {
        match self {
            StartLine::Request { span, .. } | StartLine::Response { span, .. } => *span,
        }
    }
}

/// One header field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Header {
    /// The name with its original casing.
    pub name: Cow<'static, str>,
    /// The value without surrounding whitespace; obs-fold continuations are joined with a space.
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub value: Text,
    /// Where the name is.
    pub name_span: Span,
    /// Where the value is (including any continuation lines).
    pub value_span: Span,
    /// The whole field line or lines, without the final line ending.
    pub line_span: Span,
    /// The key of this header's entry in the knowledge base ([`crate::explain`]), or `unknown`.
    pub explain_id: &'static str,
    /// The worst severity among findings on this header, or `None` when nothing was found.
    pub status: Option<Severity>,
    /// Explanations of this particular value (what the key decodes to, each parameter...).
    #[cfg_attr(feature = "ts", ts(type = "Array<string>"))]
    pub notes: Notes,
}

/// The notes on a header's value: a list of their own, or one shared note that is always the
/// same (most Connection, Upgrade and Sec-WebSocket-Accept lines).
pub type Notes = Cow<'static, [Cow<'static, str>]>;

/// Bytes after a message head.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Body {
    /// Where they are.
    pub span: Span,
    /// What they are taken to be.
    pub kind: BodyKind,
}

/// What follows a head.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum BodyKind {
    /// An HTTP body (for example the HTML page of a 200).
    Http,
    /// WebSocket frames after a 101.
    WebsocketFrames,
}

/// The `Sec-WebSocket-Accept` computation, step by step.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Accept {
    /// The `Sec-WebSocket-Key` value as sent (surrounding whitespace removed).
    pub key: String,
    /// The key followed by the RFC 6455 GUID.
    pub concatenated: String,
    /// SHA-1 of the concatenation, as lowercase hex.
    pub sha1_hex: String,
    /// Base64 of the digest: the value the server must send.
    pub expected: String,
    /// What the server sent, if it sent one.
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub received: Option<Text>,
    /// Whether the received value equals the expected one (ignoring surrounding whitespace).
    pub matches: bool,
    /// The likely server bug when they differ and the mistake could be recognised.
    pub diagnosis: Option<AcceptDiagnosis>,
}

/// A recognised way of computing the accept wrongly.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct AcceptDiagnosis {
    /// Stable identifier, for example `key-decoded`.
    pub id: &'static str,
    /// What the server most likely did.
    pub message: String,
}

/// Offer against answer for subprotocols and extensions.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Negotiation {
    /// Subprotocols the client offered, in order of preference, each once.
    #[cfg_attr(feature = "ts", ts(type = "Array<string>"))]
    pub offered_subprotocols: Vec<Text>,
    /// The subprotocol the server selected, if any.
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub selected_subprotocol: Option<Text>,
    /// Extension offers from the client, in order.
    pub offered_extensions: Vec<ExtensionItem>,
    /// Extensions the server accepted, in order.
    pub accepted_extensions: Vec<ExtensionItem>,
    /// One row per subprotocol and per extension parameter, with the rule it obeys or breaks.
    pub rows: Vec<NegotiationRow>,
}

/// One extension element of a `Sec-WebSocket-Extensions` list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ExtensionItem {
    /// The extension token, for example `permessage-deflate`.
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub name: Text,
    /// Its parameters in order.
    pub params: Vec<ExtensionParam>,
    /// Where the element is.
    pub span: Span,
}

/// One `name[=value]` parameter.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ExtensionParam {
    /// The parameter name.
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub name: Text,
    /// The value after unquoting, or `None` for a bare parameter.
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub value: Option<Text>,
    /// Where the parameter is.
    pub span: Span,
}

/// A line of the negotiation table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct NegotiationRow {
    /// `subprotocol`, or the extension name.
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub subject: Text,
    /// The subprotocol or parameter name, or `(extension)` for the extension itself.
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub item: Text,
    /// What the client offered (`None` when it did not).
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub offered: Option<Text>,
    /// What the server answered (`None` when it did not).
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub answered: Option<Text>,
    /// The finding codes that concern this row; empty when it obeys the rules.
    pub codes: Vec<&'static str>,
    /// The clause that governs this row, for example `RFC 7692 §7.1.2.1`.
    pub rfc: &'static str,
}

/// The response a careful server would have sent.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ExpectedResponse {
    /// Its status code.
    pub status: u16,
    /// The full head, CRLF line endings, ending with the blank line.
    pub text: String,
    /// Why this answer.
    #[cfg_attr(feature = "ts", ts(type = "Array<string>"))]
    pub reasons: Vec<Text>,
}

/// The proxy or server that answered, recognised from its response, and the fix in its own
/// configuration language (`docs/software.md` lists what is recognised).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct SoftwareFix {
    /// Stable identifier, for example `nginx`.
    pub id: &'static str,
    /// Display name.
    pub name: &'static str,
    /// What showed it, for example `Server: nginx/1.22.1`.
    pub evidence: String,
    /// Where that is in the source text.
    pub span: Span,
    /// The failure the fix is for, in words; `None` when the handshake did not fail.
    pub failure: Option<&'static str>,
    /// The change to make, in that software's configuration; `None` when nothing failed.
    pub fix: Option<String>,
    /// Its documentation of WebSocket proxying or serving, the source of the fix.
    pub docs: &'static str,
}

/// How one real client would treat the response.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ClientVerdict {
    /// Stable identifier, for example `chrome`.
    pub id: &'static str,
    /// Display name.
    pub name: &'static str,
    /// Where the profile's facts come from.
    pub basis: ProfileBasis,
    /// Whether that client would open the connection.
    pub accepts: bool,
    /// The finding codes that decide its verdict (what makes it fail, or what it tolerates).
    pub codes: Vec<&'static str>,
}

/// Where a client profile's facts come from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum ProfileBasis {
    /// The RFC's own client: what RFC 6455 §4.1 requires, no more.
    Rfc,
    /// The real client's verdicts over every scenario of the recorders, committed as fixtures.
    Recorded,
    /// The client's source code, where it could not be recorded here.
    Source,
}

/// One problem or observation, tied to the text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Finding {
    /// The rule's place in the catalogue, which the core reads to decide (`Finding::rule`
    /// in [`crate::rules`]); the JSON carries the code instead.
    #[serde(skip)]
    #[cfg_attr(feature = "ts", ts(skip))]
    pub(crate) rule: RuleId,
    /// Stable code, for example `WS226`; never reused.
    pub code: &'static str,
    /// Stable kebab-case name, for example `accept-mismatch`.
    pub slug: &'static str,
    /// How serious it is.
    pub severity: Severity,
    /// Which message it judges.
    pub part: Part,
    /// The clause enforced, for example `RFC 6455 §4.1`.
    pub rfc: &'static str,
    /// Link to the clause.
    pub rfc_url: String,
    /// What was seen.
    pub message: String,
    /// What to do about it.
    pub help: String,
    /// The primary place to highlight.
    pub span: Span,
    /// Secondary places, each with a short label.
    pub labels: Vec<Label>,
}

/// A rule's index in the catalogue of [`crate::rules`], which gives it meaning.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) struct RuleId(pub(crate) u16);

/// A secondary span of a finding.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Label {
    /// Where.
    pub span: Span,
    /// Why it is relevant.
    pub text: String,
}

/// A rule as listed by [`crate::rules`], for docs and filters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct RuleInfo {
    /// Stable code.
    pub code: &'static str,
    /// Stable kebab-case name.
    pub slug: &'static str,
    /// Severity of its findings.
    pub severity: Severity,
    /// What it looks at.
    pub applies_to: AppliesTo,
    /// Whether an RFC-following client fails the connection when it fires.
    pub fails_handshake: bool,
    /// The clause it enforces.
    pub rfc: &'static str,
    /// One-line title.
    pub title: &'static str,
    /// What `clause` is: the RFC's words, or ours.
    pub basis: ClauseBasis,
    /// The clause's words, in quotation marks, when `basis` is `quote`; otherwise our words.
    pub clause: &'static str,
    /// Why it matters in practice.
    pub why: &'static str,
}

/// What a rule's `clause` text is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum ClauseBasis {
    /// Quoted from the RFC section the rule names.
    Quote,
    /// Our summary of a clause the section states over several sentences or places.
    Summary,
    /// The rule is about what real clients and servers do; the section is the context.
    Interop,
    /// The rule is about a capture format (HAR, pcap, a curl command); the section is the
    /// context.
    Capture,
}

/// A header's entry in the knowledge base.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct HeaderDoc {
    /// Canonical spelling.
    pub name: &'static str,
    /// Who sends it.
    pub sent_by: SentBy,
    /// Whether the handshake needs it.
    pub requirement: &'static str,
    /// One sentence: what it is.
    pub summary: &'static str,
    /// A few sentences of detail.
    pub details: &'static str,
    /// Where it is defined, for example `RFC 6455 §11.3.1`.
    pub rfc: &'static str,
}

/// Who sends a header.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum SentBy {
    /// Only the client.
    Client,
    /// Only the server.
    Server,
    /// Either side.
    Both,
}

impl SentBy {
    /// The lowercase word used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            SentBy::Client => "client",
            SentBy::Server => "server",
            SentBy::Both => "both",
        }
    }
}

/// The accept computation on its own, for `wslens accept` and the calculator.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct AcceptSteps {
    /// The key as given (surrounding whitespace removed).
    pub key: String,
    /// The key followed by the GUID.
    pub concatenated: String,
    /// SHA-1 of the concatenation, lowercase hex.
    pub sha1_hex: String,
    /// Base64 of the digest.
    pub accept: String,
    /// Bytes the key decodes to, when it is valid base64.
    pub decoded_len: Option<usize>,
}

/// The source text with its secrets replaced, from [`crate::redact`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Redaction {
    /// The redacted text.
    pub text: String,
    /// Each replacement, with its span in the redacted text.
    pub redacted: Vec<Redacted>,
}

impl Redaction {
    /// Where a span of the original text lies in the redacted text (a span that touches a
    /// secret grows to cover its placeholder).
    pub fn map_span(&self, span: Span) -> Span {
        let map = |at: u32, is_end: bool| {
            let mut shift: i64 = 0;
            for r in &self.redacted {
                if r.original.end <= at {
                    shift += r.span.len() as i64 - r.original.len() as i64;
                } else if r.original.start < at {
                    // Inside a secret: snap to the placeholder's edge.
                    return if is_end { r.span.end } else { r.span.start };
                }
            }
            u32::try_from(i64::from(at) + shift).unwrap_or(0)
        };
        let start = map(span.start, false);
        Span { start, end: map(span.end, true).max(start) }
    }
}

/// One replaced secret.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Redacted {
    /// What was replaced, for example `cookie value`.
    pub what: &'static str,
    /// Where the secret was in [`Source::text`].
    pub original: Span,
    /// Where the placeholder is in [`Redaction::text`].
    pub span: Span,
}

/// Input formats `inspect` understands.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// Pick the format from the content.
    #[default]
    Auto,
    /// Plain HTTP/1.1 text: the request, then the response, as on the wire or pasted.
    Raw,
    /// The output of `curl -v` (with or without `-i`): `>` request lines, `<` response lines,
    /// and curl's own `*` lines and progress meter, which are skipped.
    Curl,
    /// A HAR 1.2 export (Chrome and Firefox DevTools, Playwright's `recordHar`); the source
    /// text is an HTTP view rebuilt from its WebSocket entries.
    Har,
    /// A pcap or pcapng capture (tcpdump, Wireshark); the source text is an HTTP view of the
    /// WebSocket handshakes found in its TCP streams.
    Pcap,
    /// A curl command line, as DevTools "Copy as cURL" writes it (bash or Windows cmd
    /// quoting); the source text is the request it sends. It has no response.
    #[serde(rename = "curl-command")]
    CurlCommand,
    /// A client's error message pasted on its own (a browser console line, a library's
    /// exception, close code 1006); the report explains it instead of checking a handshake.
    Error,
}

impl Format {
    /// Every format, `Auto` first.
    pub const ALL: [Format; 7] = [
        Format::Auto,
        Format::Raw,
        Format::Curl,
        Format::CurlCommand,
        Format::Har,
        Format::Pcap,
        Format::Error,
    ];

    /// The format with this name (as [`Format::as_str`] writes it).
    pub fn from_name(name: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.as_str() == name)
    }

    /// The lowercase name used on the command line and in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Auto => "auto",
            Format::Raw => "raw",
            Format::Curl => "curl",
            Format::Har => "har",
            Format::Pcap => "pcap",
            Format::CurlCommand => "curl-command",
            Format::Error => "error",
        }
    }
}
