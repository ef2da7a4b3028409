/*!
A sans-I/O inspector for WebSocket opening handshakes.

# Brief overview

[`inspect`] reads a transcript (the client's HTTP Upgrade request and the server's response,
as captured or pasted), checks it against RFC 6455, RFC 7692 and RFC 9110/9112, and returns a
[`Report`]: every finding with its rule code, severity, RFC clause and span; the
`Sec-WebSocket-Accept` computation step by step; the negotiation, offer against answer; how
real clients would treat the response; and what the server should have answered.

The pipeline reads top to bottom:

```text
input (formats) → http (heads) → grammar (header values) → rules → check (verdicts) → report
                                                     explain (knowledge base) ┘
```

The crate does no I/O, reads no clock, environment or randomness, and never panics: the same
bytes always give the same report, and problems with the input are findings.

```
let transcript = b"GET /chat HTTP/1.1\r\nHost: server.example.com\r\nUpgrade: websocket\r\n\
Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\
Origin: http://example.com\r\nSec-WebSocket-Version: 13\r\n\r\n\
HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\
Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n";
let report = wslens_core::inspect(transcript, &wslens_core::Options::default());
assert_eq!(report.exchanges[0].verdict.handshake, wslens_core::HandshakeVerdict::Ok);
```
*/
#![deny(missing_docs)]
#![forbid(unsafe_code)]

mod accept;
mod check;
mod clients;
mod errors;
mod expected;
mod explain;
mod frames;
mod grammar;
pub mod highlight;
mod http;
mod input;
mod maps;
mod names;
mod prepared;
mod redact;
pub mod report;
mod rules;
mod software;
mod text;

pub use accept::{accept_key, accept_steps, key_from_nonce, GUID, SAMPLE_ACCEPT, SAMPLE_KEY};
pub use explain::{explain, unknown_header_doc};
pub use prepared::Prepared;
pub use redact::{redact, redact_with, RedactOptions};
pub use report::*;
pub use text::{counted, LineIndex};

use std::borrow::Cow;

use input::{ParsedMessage, Unusable};
pub use rules::rfc_url;
use rules::{finding, Rule};

/// How to read the input.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// The input format; [`Format::Auto`] detects it.
    pub format: Format,
    /// A name for the input (a file name), echoed in [`Source::name`].
    pub name: Option<String>,
    /// The text came through a text box that rewrites line endings (a browser's `<textarea>`
    /// turns every CRLF into LF), so bare LF line endings say nothing about the capture and
    /// HTTP001 is not reported.
    pub line_endings_lost: bool,
}

/// Inspects a transcript. Never fails and never panics: problems are findings.
pub fn inspect(input: &[u8], options: &Options) -> Report {
    inspect_prepared(prepare(input, options), options)
}

/// How far [`prepare_with_progress`] is: bytes read out of the input's length.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Progress {
    /// Bytes read so far.
    pub done: u64,
    /// The input's length.
    pub total: u64,
}

/// Whether `bytes` (the first four are enough) start a pcap or pcapng capture, which
/// [`Format::Auto`] reads as [`Format::Pcap`]. Builds without the `pcap` feature report such
/// input as unreadable, so a caller can send it elsewhere (the viewer: to its worker).
pub fn is_packet_capture(bytes: &[u8]) -> bool {
    input::is_capture(bytes)
}

/// Reads the input's container (the format is `options.format`, detected when `Auto`).
pub fn prepare(input: &[u8], options: &Options) -> Prepared {
    prepare_with_progress(input, options, &mut |_| {})
}

/// [`prepare`], telling `progress` how far it is while it scans a packet capture (about
/// every megabyte); other formats report only their end.
pub fn prepare_with_progress(
    input: &[u8],
    options: &Options,
    progress: &mut dyn FnMut(Progress),
) -> Prepared {
    let total = input.len() as u64;
    let unpacked =
        input::unpack(input, options.format, &mut |done, total| progress(Progress { done, total }));
    progress(Progress { done: total, total });
    Prepared(unpacked)
}

/// A packet capture (pcap or pcapng) read piece by piece, for files larger than memory:
/// feed it the bytes in pieces of any size, then `finish` it into the [`Prepared`] input
/// that [`inspect_prepared`] checks. Memory holds the HTTP connections (at most 4 MiB of each
/// direction) and the first 8 KB of the others, never the whole file. The core reads nothing
/// itself: the caller reads the file.
#[cfg(feature = "pcap")]
#[derive(Default)]
pub struct CaptureReader(input::pcap::Scanner);

#[cfg(feature = "pcap")]
impl CaptureReader {
    /// A reader that has read nothing yet.
    pub fn new() -> CaptureReader {
        CaptureReader::default()
    }

    /// Reads the next piece of the capture.
    pub fn feed(&mut self, bytes: &[u8]) {
        self.0.feed(bytes);
    }

    /// Bytes fed so far.
    pub fn fed(&self) -> u64 {
        self.0.fed
    }

    /// The capture's handshakes, ready for [`inspect_prepared`].
    pub fn finish(self) -> Prepared {
        Prepared(input::from_capture(self.0.finish()))
    }
}

/// Checks a prepared input and builds the report. `options.format` is not used again: the
/// input was read when it was prepared.
pub fn inspect_prepared(prepared: Prepared, options: &Options) -> Report {
    let transcript = input::parse(prepared.0);
    let text = transcript.text.as_str();
    let mut findings = Vec::new();
    if let Some(unusable) = &transcript.unusable {
        let first_line = text.find('\n').unwrap_or(text.len());
        let (message, help) = unusable_explanation(unusable);
        findings.push(finding(
            Rule::InputNotHttp,
            Part::Input,
            Span::new(0, first_line),
            message,
            help,
        ));
    } else if transcript.format == Format::Har {
        let n = transcript.entries.len();
        findings.push(finding(
            Rule::ReconstructedFromHar,
            Part::Input,
            first_rebuilt_line(text),
            format!("this text was rebuilt from {} of a HAR export", counted(n, "WebSocket entry", "WebSocket entries")),
            "a HAR does not keep line endings, header order (Chrome's is arbitrary), folding or whitespace, and Chrome drops Set-Cookie: findings about those need the raw bytes (curl -v, a pcap)".into(),
        ));
    } else if transcript.format == Format::CurlCommand {
        findings.push(finding(
            Rule::ReconstructedFromCommand,
            Part::Input,
            first_rebuilt_line(text),
            "this request was rebuilt from a curl command line (DevTools \"Copy as cURL\"); a command holds no response".into(),
            "to check the server's answer too, paste the request and response headers, curl -v output, or a HAR export".into(),
        ));
    }
    if transcript.format == Format::Error && transcript.unusable.is_none() {
        findings.extend(rules::errors::check(text));
    }
    if let Some(span) = transcript.indented {
        findings.push(finding(
            Rule::IndentedTranscript,
            Part::Input,
            span,
            "the transcript is indented; wslens removed the indentation before reading it".into(),
            "nothing to do; on the wire, header lines start at the first column".into(),
        ));
    }
    if transcript.format == Format::Pcap && transcript.unusable.is_none() {
        let n = transcript.entries.len();
        findings.push(finding(
            Rule::RebuiltFromCapture,
            Part::Input,
            first_rebuilt_line(text),
            format!("this text was rebuilt from {} in the capture's TCP streams", counted(n, "WebSocket handshake", "WebSocket handshakes")),
            "heads are shown byte for byte as captured; WebSocket frames are decoded into the message list instead".into(),
        ));
    }
    if !transcript.encrypted.is_empty() {
        let list = transcript.encrypted.join(", ");
        findings.push(finding(
            Rule::EncryptedConnections,
            Part::Input,
            Span::new(0, 0),
            format!("{} cannot be read: {list}", counted(transcript.encrypted.len(), "TLS-encrypted connection", "TLS-encrypted connections")),
            "for wss://, export a HAR from the browser's Network panel, or start the client with SSLKEYLOGFILE set, decrypt in Wireshark and export the decrypted stream".into(),
        ));
    }
    if let (Some(why), None) = (&transcript.stopped, &transcript.unusable) {
        findings.push(finding(
            Rule::CaptureCut,
            Part::Input,
            Span::new(text.len(), text.len()),
            format!("{why}; the packets before it were read"),
            "copy the capture again after the capturing program has stopped".into(),
        ));
    }
    if transcript.skipped > 0 {
        let n = transcript.skipped;
        findings.push(finding(
            Rule::EntriesSkipped,
            Part::Input,
            Span::new(0, 0),
            match (transcript.format, n) {
                (Format::Pcap, 1) => "1 HTTP exchange in the capture that is not a WebSocket handshake was skipped".to_owned(),
                (Format::Pcap, _) => format!("{n} HTTP exchanges in the capture that are not WebSocket handshakes were skipped"),
                (_, 1) => "1 HAR entry that is not a WebSocket handshake was skipped".to_owned(),
                _ => format!("{n} HAR entries that are not WebSocket handshakes were skipped"),
            },
            "nothing to do: only WebSocket handshakes are checked".into(),
        ));
    }
    // When nothing is HTTP, the ignored text is the whole input and HTTP000 already says so.
    for span in transcript.ignored.iter().filter(|_| transcript.unusable.is_none()) {
        let lines = text[span.range()].lines().count();
        findings.push(finding(Rule::TextIgnored, Part::Input, *span,
            match lines {
                1 => "1 line that is not part of an HTTP message was skipped".to_owned(),
                n => format!("{n} lines that are not part of an HTTP message were skipped"),
            },
            "only request lines, status lines and their headers are read; labels and comments are fine".into()));
    }
    findings.sort_by_key(|f| f.span.start);

    let pairs = pair(&transcript.messages);
    let keys = accept::KeyAccepts::new(pairs.iter().enumerate().filter_map(|(i, (req, _))| {
        let key = (*req)?.head.first(text, "Sec-WebSocket-Key")?;
        Some((u32::try_from(i).unwrap_or(u32::MAX), key.value(text)))
    }));
    let facts_at: maps::Map<usize, &input::EntryFacts> =
        transcript.entries.iter().map(|e| (e.request_at, e)).collect();
    let exchanges: Vec<Exchange> = pairs
        .iter()
        .enumerate()
        .map(|(i, (req, resp))| {
            let index = u32::try_from(i).unwrap_or(u32::MAX);
            let facts =
                req.and_then(|r| facts_at.get(&(r.head.start_line.start as usize)).copied());
            check::exchange(text, index, *req, *resp, &keys, facts, options.line_endings_lost)
        })
        .collect();

    let summary = summarize(&exchanges, &findings, transcript.unusable.is_some());
    Report {
        schema_version: SCHEMA_VERSION,
        source: Source {
            name: options.name.clone(),
            format: transcript.format,
            kind: transcript.kind,
            text: transcript.text,
        },
        exchanges,
        finding_counts: FindingCounts::of(&findings),
        findings,
        summary,
    }
}

/// The first line of a rebuilt text (its lines end in CRLF), where the input findings that
/// label the text as rebuilt point.
fn first_rebuilt_line(text: &str) -> Span {
    Span::new(0, text.find('\r').unwrap_or(text.len()))
}

/// Pairs each request with the response that follows it.
fn pair(messages: &[ParsedMessage]) -> Vec<(Option<&ParsedMessage>, Option<&ParsedMessage>)> {
    let mut out = Vec::new();
    let mut pending: Option<&ParsedMessage> = None;
    for m in messages {
        if m.head.is_request() {
            if let Some(req) = pending.replace(m) {
                out.push((Some(req), None));
            }
        } else {
            out.push((pending.take(), Some(m)));
        }
    }
    if let Some(req) = pending {
        out.push((Some(req), None));
    }
    out
}

fn unusable_explanation(unusable: &Unusable) -> (String, String) {
    let (message, help): (Cow<'_, str>, &str) = match unusable {
        Unusable::Empty => ("the input is empty".into(), "paste or pipe a handshake: the request (`GET /path HTTP/1.1` and its headers), then the response"),
        Unusable::Binary => ("the input is binary, but not a pcap or pcapng capture".into(), "wslens reads text transcripts, curl -v output, HAR, pcap and pcapng; export the handshake in one of those"),
        Unusable::Json => ("the input is JSON, but not a HAR (no `log` object)".into(), "export a HAR from the browser's Network panel, or paste the request and response headers"),
        Unusable::NoStartLine => ("no request line or status line found".into(), "a transcript starts with a line like `GET /chat HTTP/1.1` or `HTTP/1.1 101 Switching Protocols`"),
        Unusable::BadCommand(why) => (format!("the curl command cannot be read: {why}").into(), "copy it again (DevTools: Network panel, right-click the WebSocket request, Copy > Copy as cURL (bash) or (cmd)); a command cut while pasting often ends inside a quote"),
        Unusable::BadHar(why) => (why.as_str().into(), "export the HAR again (in Chrome: Network panel, right-click, Save all as HAR); a truncated download or a hand edit often breaks the JSON"),
        Unusable::NoWebSocketInCapture { packets, encrypted, stopped } => {
            let mut what = format!("the capture has {} and no readable WebSocket handshake", counted(usize::try_from(*packets).unwrap_or(usize::MAX), "packet", "packets"));
            if *encrypted > 0 {
                what.push_str(&match encrypted {
                    1 => "; 1 connection is TLS-encrypted".to_owned(),
                    n => format!("; {n} connections are TLS-encrypted"),
                });
            }
            if let Some(why) = stopped {
                what.push_str(&format!("; {why}"));
            }
            (what.into(), "capture the loopback or LAN interface while the client connects (tcpdump -i any -w ws.pcap 'tcp port 8080'); for wss://, export a HAR from the browser or log TLS keys with SSLKEYLOGFILE")
        }
        Unusable::NoClientError => ("no client error message that wslens knows was found".into(), "paste the whole line the client printed (the browser console's \"WebSocket connection to ... failed: ...\", the exception's last line), or the handshake itself; docs/errors.md lists the messages wslens reads"),
        Unusable::NoCaptureReader => ("this is a packet capture, and this build of wslens has no pcap reader".into(), "open the capture in the wslens viewer (its web worker reads captures) or run `wslens check FILE.pcap`; the <wslens-handshake> element and a viewer page whose worker could not start cannot read one"),
        Unusable::NoWebSocketInHar(1) => ("the HAR has 1 entry and it is not a WebSocket handshake".into(),
            "record the HAR while the page opens its WebSocket (reload with the Network panel open), and check that the WS filter shows it"),
        Unusable::NoWebSocketInHar(entries) => (format!("the HAR has {entries} entries and none is a WebSocket handshake").into(), "record the HAR while the page opens its WebSocket (reload with the Network panel open), and check that the WS filter shows it"),
    };
    (message.into_owned(), help.to_owned())
}

fn summarize(exchanges: &[Exchange], input_findings: &[Finding], unusable: bool) -> Summary {
    let mut summary = Summary { unusable, ..Summary::default() };
    let all = exchanges.iter().flat_map(|e| e.findings.iter()).chain(input_findings);
    for f in all {
        match f.severity {
            Severity::Error => summary.errors += 1,
            Severity::Warning => summary.warnings += 1,
            Severity::Info => summary.infos += 1,
        }
    }
    for e in exchanges {
        summary.exchanges += 1;
        match e.verdict.handshake {
            HandshakeVerdict::Ok => summary.ok += 1,
            HandshakeVerdict::Failed => summary.failed += 1,
            HandshakeVerdict::Incomplete => summary.incomplete += 1,
        }
    }
    summary
}

/// Compares a generated doc with the committed `docs/FILE` (unit tests of the generated
/// docs); `WSLENS_BLESS=1` rewrites it instead.
#[cfg(test)]
#[allow(clippy::disallowed_methods, reason = "the tests read and write the committed docs")]
pub(crate) fn check_doc_is_fresh(file: &str, rendered: &str, regenerate: &str) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs").join(file);
    if std::env::var_os("WSLENS_BLESS").is_some() {
        std::fs::write(&path, rendered).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(committed == rendered, "docs/{file} is stale: run `WSLENS_BLESS=1 {regenerate}`");
}

/// Every rule wslens checks, in code order.
pub fn rules() -> &'static [RuleInfo] {
    rules::RULE_INFOS
}

/// Every header in the knowledge base.
pub fn header_docs() -> &'static [HeaderDoc] {
    explain::HEADER_DOCS
}
