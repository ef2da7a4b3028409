// Generated from the Rust types of wslens-core (crates/wslens-core/src/report.rs) by
// crates/wslens-wasm/tests/typescript.rs; do not edit. The JSON of `wslens check --json`,
// the return value of `inspect` and the detail of the element's `wslens-report` event
// all have this shape.

/**
 * The whole result of [`crate::inspect`].
 */
export type Report = {
  /**
   * Version of this shape; see [`SCHEMA_VERSION`].
   */
  schemaVersion: number,
  /**
   * The text every span points into.
   */
  source: Source,
  /**
   * Every request/response pair found, in order: the first [`crate::DETAILED_EXCHANGES`]
   * of them unless [`crate::Options::all_exchanges`] asks for all ([`Summary`] counts all).
   */
  exchanges: Array<Exchange>,
  /**
   * Findings about the input as a whole (unrecognised text, an empty transcript).
   */
  findings: Array<Finding>,
  /**
   * How many of those findings have each severity.
   */
  findingCounts: FindingCounts,
  /**
   * Counts over all exchanges.
   */
  summary: Summary,
};

/**
 * The text the report was built from.
 */
export type Source = {
  /**
   * Name the caller gave (a file name), if any.
   */
  name: string | null,
  /**
   * The input format that was detected or forced.
   */
  format: Format,
  /**
   * Whether [`Source::text`] is the input itself or a view rebuilt from it.
   */
  kind: SourceKind,
  /**
   * The text shown to the user; invalid UTF-8 bytes appear as U+FFFD.
   */
  text: string,
};

/**
 * Input formats `inspect` understands.
 */
export type Format = "auto" | "raw" | "curl" | "har" | "pcap" | "curl-command" | "error";

/**
 * Whether the source text is what the user gave or a reconstruction.
 */
export type SourceKind = "original" | "reconstructed";

/**
 * Counts over the whole report.
 */
export type Summary = {
  /**
   * Number of exchanges in the input: those in [`Report::exchanges`] and the ones past the
   * limit ([`Summary::not_detailed`]).
   */
  exchanges: number,
  /**
   * Exchanges whose handshake is `ok` (those not detailed included, as in the next two).
   */
  ok: number,
  /**
   * Exchanges whose handshake `failed`.
   */
  failed: number,
  /**
   * Exchanges whose handshake is `incomplete`.
   */
  incomplete: number,
  /**
   * Exchanges whose request or response is `invalid` (a strict peer must reject it),
   * whatever their handshake verdict.
   */
  invalid: number,
  /**
   * Exchanges past [`crate::DETAILED_EXCHANGES`]: checked and counted above, but not in
   * [`Report::exchanges`] (CAP711 says so). 0 unless the input holds more.
   */
  notDetailed: number,
  /**
   * Findings of severity error, over the whole input: the report's, and those of the
   * exchanges it does not detail.
   */
  errors: number,
  /**
   * Findings of severity warning.
   */
  warnings: number,
  /**
   * Findings of severity info.
   */
  infos: number,
  /**
   * True when nothing in the input looked like HTTP.
   */
  unusable: boolean,
};

/**
 * One client request and the server's answer to it.
 */
export type Exchange = {
  /**
   * Zero-based position in [`Report::exchanges`].
   */
  index: number,
  /**
   * The client's request, if the transcript has it.
   */
  request: Message | null,
  /**
   * The server's response, if the transcript has it.
   */
  response: Message | null,
  /**
   * How the handshake opens the WebSocket: an HTTP/1.1 Upgrade, or the extended CONNECT of
   * HTTP/2 and HTTP/3.
   */
  mechanism: Mechanism,
  /**
   * The WebSocket URL the request asks for, as DevTools shows it: the target itself when
   * it is absolute; otherwise `ws://` + Host + target for HTTP/1.1 (a transcript cannot
   * show whether TLS was used, so `ws` is a guess), or the scheme (`:scheme` https → `wss`)
   * and `:authority` for HTTP/2. `None` without a request or a host.
   */
  url: string | null,
  /**
   * The three verdicts.
   */
  verdict: Verdict,
  /**
   * One plain sentence: what happened and, on failure, the main reason.
   */
  headline: string,
  /**
   * The accept computation, or `None` when the request carries no key.
   */
  accept: Accept | null,
  /**
   * Subprotocol and extension negotiation, offer against answer.
   */
  negotiation: Negotiation,
  /**
   * What a careful server would have answered to this request.
   */
  expectedResponse: ExpectedResponse | null,
  /**
   * The proxy or server that answered, when its response shows which, and the change to
   * make in its configuration when the handshake failed.
   */
  software: SoftwareFix | null,
  /**
   * How real clients would treat the response.
   */
  clients: Array<ClientVerdict>,
  /**
   * Every finding about this exchange, sorted by severity then position.
   */
  findings: Array<Finding>,
  /**
   * The index in `findings` of the reason the handshake failed, the one the headline
   * names: the first finding whose rule fails the handshake. Null unless it failed for
   * such a reason.
   */
  failingFinding: number | null,
  /**
   * How many of `findings` have each severity.
   */
  findingCounts: FindingCounts,
  /**
   * The WebSocket messages the capture recorded after the handshake (HAR), if it has them.
   */
  messages: MessageLog | null,
};

/**
 * How a handshake opens a WebSocket.
 */
export type Mechanism = "upgrade" | "extended-connect";

/**
 * The verdicts of an exchange.
 */
export type Verdict = {
  /**
   * Whether a strict RFC 6455 server must reject the request.
   */
  request: MessageVerdict,
  /**
   * Whether the response is correct, given the request.
   */
  response: MessageVerdict,
  /**
   * Whether a client following the RFC would consider the connection established.
   */
  handshake: HandshakeVerdict,
};

/**
 * Verdict on one message.
 */
export type MessageVerdict = "valid" | "invalid" | "absent";

/**
 * Verdict on the handshake as a whole.
 */
export type HandshakeVerdict = "ok" | "failed" | "incomplete";

/**
 * An HTTP request or response head as it appears in the source text.
 */
export type Message = {
  /**
   * From the start line to the end of the blank line (or of the text, if cut off).
   */
  span: Span,
  /**
   * The start line without its line ending.
   */
  startLine: StartLine,
  /**
   * Header fields in wire order with their original casing.
   */
  headers: Array<Header>,
  /**
   * Whether the head ended with its blank line.
   */
  complete: boolean,
  /**
   * What follows the head, if anything.
   */
  body: Body | null,
};

/**
 * The first line of a message.
 */
export type StartLine = { "kind": "request",
  /**
   * The whole line.
   */
  span: Span,
  /**
   * The method, for example `GET`.
   */
  method: string,
  /**
   * The request-target as sent.
   */
  target: string,
  /**
   * The version, for example `HTTP/1.1`.
   */
  version: string, } | { "kind": "response",
  /**
   * The whole line.
   */
  span: Span,
  /**
   * The version, for example `HTTP/1.1`.
   */
  version: string,
  /**
   * The status code, or 0 when it is not three digits.
   */
  status: number,
  /**
   * The reason phrase (free text).
   */
  reason: string,
};

/**
 * One header field.
 */
export type Header = {
  /**
   * The name with its original casing.
   */
  name: string,
  /**
   * The value without surrounding whitespace; obs-fold continuations are joined with a space.
   */
  value: string,
  /**
   * Where the name is.
   */
  nameSpan: Span,
  /**
   * Where the value is (including any continuation lines).
   */
  valueSpan: Span,
  /**
   * The whole field line or lines, without the final line ending.
   */
  lineSpan: Span,
  /**
   * The key of this header's entry in the knowledge base ([`crate::explain`]), or `unknown`.
   */
  explainId: string,
  /**
   * The worst severity among findings on this header, or `None` when nothing was found.
   */
  status: Severity | null,
  /**
   * Explanations of this particular value (what the key decodes to, each parameter...).
   */
  notes: Array<string>,
};

/**
 * Bytes after a message head.
 */
export type Body = {
  /**
   * Where they are.
   */
  span: Span,
  /**
   * What they are taken to be.
   */
  kind: BodyKind,
};

/**
 * What follows a head.
 */
export type BodyKind = "http" | "websocket-frames";

/**
 * The `Sec-WebSocket-Accept` computation, step by step.
 */
export type Accept = {
  /**
   * The `Sec-WebSocket-Key` value as sent (surrounding whitespace removed).
   */
  key: string,
  /**
   * The key followed by the RFC 6455 GUID.
   */
  concatenated: string,
  /**
   * SHA-1 of the concatenation, as lowercase hex.
   */
  sha1Hex: string,
  /**
   * Base64 of the digest: the value the server must send.
   */
  expected: string,
  /**
   * What the server sent, if it sent one.
   */
  received: string | null,
  /**
   * Whether the received value equals the expected one (ignoring surrounding whitespace).
   */
  matches: boolean,
  /**
   * The likely server bug when they differ and the mistake could be recognised.
   */
  diagnosis: AcceptDiagnosis | null,
};

/**
 * A recognised way of computing the accept wrongly.
 */
export type AcceptDiagnosis = {
  /**
   * Stable identifier, for example `key-decoded`.
   */
  id: string,
  /**
   * What the server most likely did.
   */
  message: string,
};

/**
 * Offer against answer for subprotocols and extensions.
 */
export type Negotiation = {
  /**
   * Subprotocols the client offered, in order of preference, each once.
   */
  offeredSubprotocols: Array<string>,
  /**
   * The subprotocol the server selected, if any.
   */
  selectedSubprotocol: string | null,
  /**
   * Extension offers from the client, in order.
   */
  offeredExtensions: Array<ExtensionItem>,
  /**
   * Extensions the server accepted, in order.
   */
  acceptedExtensions: Array<ExtensionItem>,
  /**
   * One row per subprotocol and per extension parameter, with the rule it obeys or breaks.
   */
  rows: Array<NegotiationRow>,
};

/**
 * One extension element of a `Sec-WebSocket-Extensions` list.
 */
export type ExtensionItem = {
  /**
   * The extension token, for example `permessage-deflate`.
   */
  name: string,
  /**
   * Its parameters in order.
   */
  params: Array<ExtensionParam>,
  /**
   * Where the element is.
   */
  span: Span,
};

/**
 * One `name[=value]` parameter.
 */
export type ExtensionParam = {
  /**
   * The parameter name.
   */
  name: string,
  /**
   * The value after unquoting, or `None` for a bare parameter.
   */
  value: string | null,
  /**
   * Where the parameter is.
   */
  span: Span,
};

/**
 * A line of the negotiation table.
 */
export type NegotiationRow = {
  /**
   * `subprotocol`, or the extension name.
   */
  subject: string,
  /**
   * The subprotocol or parameter name, or `(extension)` for the extension itself.
   */
  item: string,
  /**
   * What the client offered (`None` when it did not).
   */
  offered: string | null,
  /**
   * What the server answered (`None` when it did not).
   */
  answered: string | null,
  /**
   * The finding codes that concern this row; empty when it obeys the rules.
   */
  codes: Array<string>,
  /**
   * The clause that governs this row, for example `RFC 7692 §7.1.2.1`.
   */
  rfc: string,
};

/**
 * The response a careful server would have sent.
 */
export type ExpectedResponse = {
  /**
   * Its status code.
   */
  status: number,
  /**
   * The full head, CRLF line endings, ending with the blank line.
   */
  text: string,
  /**
   * Why this answer.
   */
  reasons: Array<string>,
};

/**
 * The proxy or server that answered, recognised from its response, and the fix in its own
 * configuration language (`docs/software.md` lists what is recognised).
 */
export type SoftwareFix = {
  /**
   * Stable identifier, for example `nginx`.
   */
  id: string,
  /**
   * Display name.
   */
  name: string,
  /**
   * What showed it, for example `Server: nginx/1.22.1`.
   */
  evidence: string,
  /**
   * Where that is in the source text.
   */
  span: Span,
  /**
   * The failure the fix is for, in words; `None` when the handshake did not fail.
   */
  failure: string | null,
  /**
   * The change to make, in that software's configuration; `None` when nothing failed.
   */
  fix: string | null,
  /**
   * Its documentation of WebSocket proxying or serving, the source of the fix.
   */
  docs: string,
};

/**
 * How one real client would treat the response.
 */
export type ClientVerdict = {
  /**
   * Stable identifier, for example `chrome`.
   */
  id: string,
  /**
   * Display name.
   */
  name: string,
  /**
   * Where the profile's facts come from.
   */
  basis: ProfileBasis,
  /**
   * Whether that client would open the connection.
   */
  accepts: boolean,
  /**
   * The finding codes that decide its verdict (what makes it fail, or what it tolerates).
   */
  codes: Array<string>,
};

/**
 * Where a client profile's facts come from.
 */
export type ProfileBasis = "rfc" | "recorded" | "source";

/**
 * WebSocket messages a capture recorded after the handshake.
 */
export type MessageLog = {
  /**
   * How many messages were recorded (frames decoded from bytes: at most 1,000 each way).
   */
  count: number,
  /**
   * The first few: in order for a HAR; for decoded frames the server's first, then the
   * client's.
   */
  first: Array<WsMessage>,
};

/**
 * One recorded WebSocket message.
 */
export type WsMessage = {
  /**
   * Who sent it.
   */
  direction: Direction,
  /**
   * The frame opcode (1 text, 2 binary, 8 close...), 0 for an event.
   */
  opcode: number,
  /**
   * The payload as recorded (text, or base64 for binary in HAR), cut to 200 characters;
   * a close frame's code and reason, a ping's or pong's payload, or a binary or
   * compressed frame's length.
   */
  data: string,
  /**
   * The frame's header, when it was decoded from the bytes (a packet capture, a paste
   * that kept them); `None` for a tool's record (HAR), which keeps only messages.
   */
  frame: FrameHeader | null,
};

/**
 * The header of a WebSocket frame (RFC 6455 §5.2).
 */
export type FrameHeader = {
  /**
   * FIN: the last fragment of its message.
   */
  fin: boolean,
  /**
   * RSV1, which permessage-deflate uses to mark a compressed message.
   */
  rsv1: boolean,
  /**
   * RSV2, which no registered extension uses.
   */
  rsv2: boolean,
  /**
   * RSV3, which no registered extension uses.
   */
  rsv3: boolean,
  /**
   * Whether the payload is masked (clients must mask, servers must not).
   */
  masked: boolean,
  /**
   * The payload length.
   */
  length: number,
};

/**
 * Who sent a recorded WebSocket message.
 */
export type Direction = "sent" | "received" | "event";

/**
 * One problem or observation, tied to the text.
 */
export type Finding = {
  /**
   * Stable code, for example `WS226`; never reused.
   */
  code: string,
  /**
   * Stable kebab-case name, for example `accept-mismatch`.
   */
  slug: string,
  /**
   * How serious it is.
   */
  severity: Severity,
  /**
   * Which message it judges.
   */
  part: Part,
  /**
   * The clause enforced, for example `RFC 6455 §4.1`.
   */
  rfc: string,
  /**
   * Link to the clause.
   */
  rfcUrl: string,
  /**
   * What was seen.
   */
  message: string,
  /**
   * What to do about it.
   */
  help: string,
  /**
   * The primary place to highlight.
   */
  span: Span,
  /**
   * Secondary places, each with a short label.
   */
  labels: Array<Label>,
};

/**
 * How many findings have each severity.
 */
export type FindingCounts = {
  /**
   * Findings of severity `error`.
   */
  errors: number,
  /**
   * Findings of severity `warning`.
   */
  warnings: number,
  /**
   * Findings of severity `info` (as [`Summary::infos`] counts them).
   */
  infos: number,
};

/**
 * A secondary span of a finding.
 */
export type Label = {
  /**
   * Where.
   */
  span: Span,
  /**
   * Why it is relevant.
   */
  text: string,
};

/**
 * A half-open byte range `start..end` into [`Source::text`].
 */
export type Span = {
  /**
   * First byte.
   */
  start: number,
  /**
   * One past the last byte.
   */
  end: number,
};

/**
 * How sure a finding is that something is wrong, derived from the RFC keyword it enforces.
 */
export type Severity = "info" | "warning" | "error";

/**
 * Which part of an exchange a rule judges.
 */
export type Part = "input" | "request" | "response" | "handshake";

/**
 * A rule as listed by [`crate::rules`], for docs and filters.
 */
export type RuleInfo = {
  /**
   * Stable code.
   */
  code: string,
  /**
   * Stable kebab-case name.
   */
  slug: string,
  /**
   * Severity of its findings.
   */
  severity: Severity,
  /**
   * What it looks at.
   */
  appliesTo: AppliesTo,
  /**
   * Whether an RFC-following client fails the connection when it fires.
   */
  failsHandshake: boolean,
  /**
   * The clause it enforces.
   */
  rfc: string,
  /**
   * One-line title.
   */
  title: string,
  /**
   * What `clause` is: the RFC's words, or ours.
   */
  basis: ClauseBasis,
  /**
   * The clause's words, in quotation marks, when `basis` is `quote`; otherwise our words.
   */
  clause: string,
  /**
   * Why it matters in practice.
   */
  why: string,
};

/**
 * What a rule's `clause` text is.
 */
export type ClauseBasis = "quote" | "summary" | "interop" | "capture";

/**
 * What a rule looks at.
 */
export type AppliesTo = "input" | "request" | "response" | "message" | "handshake";

/**
 * A header's entry in the knowledge base.
 */
export type HeaderDoc = {
  /**
   * Canonical spelling.
   */
  name: string,
  /**
   * Who sends it.
   */
  sentBy: SentBy,
  /**
   * Whether the handshake needs it.
   */
  requirement: string,
  /**
   * One sentence: what it is.
   */
  summary: string,
  /**
   * A few sentences of detail.
   */
  details: string,
  /**
   * Where it is defined, for example `RFC 6455 §11.3.1`.
   */
  rfc: string,
};

/**
 * Who sends a header.
 */
export type SentBy = "client" | "server" | "both";

/**
 * The accept computation on its own, for `wslens accept` and the calculator.
 */
export type AcceptSteps = {
  /**
   * The key as given (surrounding whitespace removed).
   */
  key: string,
  /**
   * The key followed by the GUID.
   */
  concatenated: string,
  /**
   * SHA-1 of the concatenation, lowercase hex.
   */
  sha1Hex: string,
  /**
   * Base64 of the digest.
   */
  accept: string,
  /**
   * Bytes the key decodes to, when it is valid base64.
   */
  decodedLen: number | null,
};
