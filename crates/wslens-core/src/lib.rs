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
input (formats) → http (heads) → headers (typed values) → rules → check (verdicts) → report
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
mod headers;
pub mod highlight;
mod http;
mod input;
mod maps;
mod names;
mod prepared;
pub mod probe;
mod redact;
pub mod report;
mod rules;
mod software;
pub mod suite;
mod text;

pub use accept::{accept_key, accept_steps, key_from_nonce, GUID, SAMPLE_ACCEPT, SAMPLE_KEY};
pub use explain::{explain, unknown_header_doc};
pub use prepared::Prepared;
pub use redact::RedactOptions;
pub use report::*;
pub use text::{counted, LineIndex};

pub use rules::rfc_url;

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
    /// Keep every exchange's report, past [`DETAILED_EXCHANGES`] too (the CLI's
    /// `--all-exchanges`): the report then takes memory in proportion to the number of
    /// exchanges, several kilobytes each.
    pub all_exchanges: bool,
}

/// How many exchanges a report holds in full, unless [`Options::all_exchanges`] says
/// otherwise. The ones past it are still checked: the summary counts their verdicts and
/// CAP711 says how many failed and where the first of them starts. Their reports are
/// dropped, because each takes several kilobytes (findings, client verdicts, the expected
/// answer) however short its text: a megabyte of bare status lines would otherwise need a
/// report of over 300 MB.
pub const DETAILED_EXCHANGES: usize = 1_000;

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

/// The prepared input with its secrets redacted from everything a report of it shows: its
/// text is redacted as a share link's is ([`redact_with`]), the messages recorded after
/// each handshake (a HAR's, or frames decoded from bytes) are blanked (the browser's words on
/// a failure stay: the rules read them). [`inspect_prepared`] then gives the report
/// [`inspect`] gives, with the same verdicts and finding codes and no secret in its text,
/// header values, findings or messages: for a report that leaves the machine (`wslens check
/// --redact`, a CI artifact).
pub fn redact_prepared(prepared: Prepared, options: &Options, redact: &RedactOptions) -> Prepared {
    let report = inspect_prepared(prepared.clone(), options);
    let redaction = redact_with(&report, redact);
    let mut unpacked = prepared.0;
    // Offsets into the text move only where hidden hosts changed lengths.
    let moved = |at: usize| redaction.map_span(report::Span::new(at, at)).start as usize;
    for entry in &mut unpacked.entries {
        entry.request_at = moved(entry.request_at);
        if let Some(log) = &mut entry.messages {
            redact::blank_messages(log);
        }
    }
    for frames in &mut unpacked.frames_after {
        frames.head_end = moved(frames.head_end);
        redact::blank_messages(&mut frames.log);
    }
    unpacked.text = redaction.text;
    Prepared(unpacked)
}

/// Checks a prepared input and builds the report. `options.format` is not used again: the
/// input was read when it was prepared.
pub fn inspect_prepared(prepared: Prepared, options: &Options) -> Report {
    let mut transcript = input::parse(prepared.0);
    let findings = rules::capture::input(&transcript);
    // One shared copy of the text: the report's strings cut from it point into it.
    let source = report::SharedSource::new(std::mem::take(&mut transcript.text));
    let text = source.as_str();

    let pairs = pair(&transcript.messages);
    let messages = &transcript.messages;
    let keys = accept::KeyAccepts::new(pairs.iter().enumerate().filter_map(|(i, (req, _))| {
        let key = messages[(*req)?].key(text)?;
        Some((u32::try_from(i).unwrap_or(u32::MAX), key))
    }));
    // A few entries are searched; many (a HAR of thousands) are indexed. The last entry for
    // a request wins either way.
    let index: Option<maps::Map<usize, usize>> = (transcript.entries.len() > 16)
        .then(|| transcript.entries.iter().enumerate().map(|(i, e)| (e.request_at, i)).collect());
    let entry_of = |entries: &[input::EntryFacts], req: Option<usize>| {
        let at = messages[req?].start_line as usize;
        match &index {
            Some(index) => index.get(&at).copied(),
            None => entries.iter().rposition(|e| e.request_at == at),
        }
    };
    let limit = if options.all_exchanges { usize::MAX } else { DETAILED_EXCHANGES };
    let mut exchanges: Vec<Exchange> = Vec::with_capacity(pairs.len().min(limit));
    let mut not_detailed = rules::capture::NotDetailed::default();
    for (i, (req, resp)) in pairs.iter().enumerate() {
        let index = u32::try_from(i).unwrap_or(u32::MAX);
        let entry = entry_of(&transcript.entries, *req);
        let facts = entry.map(|e| &transcript.entries[e]);
        // Past the first few, the heads are read again here, and dropped once checked.
        let (req, resp) =
            (req.map(|i| transcript.message(i, text)), resp.map(|i| transcript.message(i, text)));
        let mut exchange = check::exchange(
            &source,
            index,
            req.as_deref(),
            resp.as_deref(),
            &keys,
            facts,
            options.line_endings_lost,
        );
        drop((req, resp));
        if i < limit {
            // The messages a capture recorded move into the report (each request has its
            // own entry).
            if let Some(entry) = entry {
                exchange.messages = transcript.entries[entry].messages.take();
            }
            exchanges.push(exchange);
        } else {
            not_detailed.count(&exchange);
        }
    }
    let mut findings = findings;
    findings.extend(not_detailed.finding(exchanges.len()));

    let finding_counts = FindingCounts::of(&findings);
    let summary =
        summarize(&exchanges, &not_detailed, &finding_counts, transcript.unusable.is_some());
    Report {
        schema_version: SCHEMA_VERSION,
        source: Source {
            name: options.name.clone(),
            format: transcript.format,
            kind: transcript.kind,
            text: source.whole(),
        },
        exchanges,
        finding_counts,
        findings,
        summary,
    }
}

/// Returns the report's source text with its secrets replaced, and what was replaced, with
/// the default options.
pub fn redact(report: &Report) -> Redaction {
    redact_with(report, &RedactOptions::default())
}

/// [`redact`] with options.
pub fn redact_with(report: &Report, options: &RedactOptions) -> Redaction {
    redact::redact_with(report, &messages_not_detailed(report), options)
}

/// [`redact`], and also the values of the headers named in `names` (any casing) that no rule
/// reads (a custom `X-Tenant`), which the author says are secret: for `wslens probe --save`
/// and its `-H`. A named header the rules read (`Origin`, `Sec-WebSocket-Protocol`, the key)
/// is redacted only as [`redact`] would, so the saved transcript gives the same verdicts.
pub fn redact_headers(report: &Report, names: &[&str]) -> Redaction {
    redact::redact_headers(report, &messages_not_detailed(report), names)
}

/// The messages of the exchanges that `report` counts but does not detail (see
/// [`DETAILED_EXCHANGES`]), read again from its text, so that redaction reaches them as it
/// reaches the others. Empty when the report details every exchange, or when its text does
/// not read back as the same text (redaction then reads those lines as text outside the
/// messages).
fn messages_not_detailed(report: &Report) -> Vec<Message> {
    if report.summary.not_detailed == 0 {
        return Vec::new();
    }
    let detailed_end = report
        .exchanges
        .iter()
        .flat_map(|e| e.request.iter().chain(&e.response))
        .map(|m| m.span.end)
        .max()
        .unwrap_or(0);
    // Every other reader's text is HTTP rebuilt as a paste would have it.
    let format = match report.source.format {
        Format::Curl => Format::Curl,
        _ => Format::Raw,
    };
    let text = report.source.text.as_str();
    let mut transcript =
        input::parse(prepare(text.as_bytes(), &Options { format, ..Options::default() }).0);
    if transcript.text != text {
        return Vec::new();
    }
    let source = report::SharedSource::new(std::mem::take(&mut transcript.text));
    let mut messages = Vec::new();
    for (i, m) in transcript.messages.iter().enumerate() {
        // Heads do not overlap, and each start line lies inside its head: a start line past
        // the detailed messages is a head past them.
        if m.start_line >= detailed_end {
            messages.push(check::bare_message(&source, &transcript.message(i, source.as_str())));
        }
    }
    messages
}

/// Pairs each request with the response that follows it, by their places in `messages`.
fn pair(messages: &[input::MessageAt]) -> Vec<(Option<usize>, Option<usize>)> {
    let mut out = Vec::new();
    let mut pending: Option<usize> = None;
    for (m, message) in messages.iter().enumerate() {
        if message.request {
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

fn summarize(
    exchanges: &[Exchange],
    not_detailed: &rules::capture::NotDetailed,
    input_findings: &FindingCounts,
    unusable: bool,
) -> Summary {
    let counts = exchanges
        .iter()
        .fold(*input_findings + not_detailed.finding_counts, |counts, e| counts + e.finding_counts);
    let mut summary = Summary {
        unusable,
        errors: counts.errors,
        warnings: counts.warnings,
        infos: counts.infos,
        ..Summary::default()
    };
    for e in exchanges {
        summary.exchanges += 1;
        match e.verdict.handshake {
            HandshakeVerdict::Ok => summary.ok += 1,
            HandshakeVerdict::Failed => summary.failed += 1,
            HandshakeVerdict::Incomplete => summary.incomplete += 1,
        }
        summary.invalid += u32::from(e.verdict.has_invalid_message());
    }
    summary.invalid += not_detailed.invalid;
    summary.exchanges += not_detailed.total;
    summary.ok += not_detailed.ok;
    summary.failed += not_detailed.failed;
    summary.incomplete += not_detailed.incomplete;
    summary.not_detailed = not_detailed.total;
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
