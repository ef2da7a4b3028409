//! Input formats: from the bytes the user gave to message heads in one source text.
//!
//! Each format produces a [`Transcript`]: the text the user will see (the input itself, or a
//! view rebuilt from a structured capture) and the HTTP messages found in it, in order.
//! Later formats (curl, HAR, pcap) slot in as further producers of the same `Transcript`.

mod command;
#[cfg(feature = "har")]
mod har;
#[cfg(feature = "pcap")]
pub(crate) mod pcap;

pub(crate) use crate::prepared::{EntryFacts, Unpacked, Unusable};
use crate::{
    http::{self, looks_like_start_line, Head, Issue, IssueKind, Layout},
    report::{BodyKind, Format, SourceKind, Span},
    text::{floor_char_boundary, line_at, lines_from},
};

/// What every input format produces.
#[derive(Clone, Debug)]
pub(crate) struct Transcript {
    pub(crate) format: Format,
    pub(crate) kind: SourceKind,
    pub(crate) text: String,
    /// Every message, in text order.
    pub(crate) messages: Vec<MessageAt>,
    /// The heads of the first [`HEADS_KEPT`] messages, as read; the others are read again
    /// from the text when they are wanted ([`Transcript::message`]).
    pub(crate) heads: Vec<ParsedMessage>,
    /// Whether the text has replacement characters for bytes that were not UTF-8, which a
    /// head read again must mark as its first reading did.
    pub(crate) replaced: bool,
    /// Runs of non-blank text that belong to no message.
    pub(crate) ignored: Vec<Span>,
    /// The first start line that was indented, when the paste was indented.
    pub(crate) indented: Option<Span>,
    /// Why nothing could be read, when nothing could.
    pub(crate) unusable: Option<Unusable>,
    /// Facts a structured capture keeps beside the headers, one per rebuilt request.
    pub(crate) entries: Vec<EntryFacts>,
    /// Entries of a structured capture that are not WebSocket handshakes.
    pub(crate) skipped: u32,
    /// Connections of a packet capture that carry TLS.
    pub(crate) encrypted: Vec<String>,
    /// Where a packet capture stopped early, and why.
    pub(crate) stopped: Option<String>,
}

/// A head and what follows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ParsedMessage {
    pub(crate) head: Head,
    pub(crate) body: Option<(Span, BodyKind)>,
}

/// How many heads a transcript keeps as it reads them. A head takes about a kilobyte, often
/// more than its text: a capture of a hundred thousand handshakes would hold them all while
/// its exchanges are checked one at a time. Past these, a head is read again from the text
/// when its exchange is checked, which a usual paste of one or a few exchanges never pays.
pub(crate) const HEADS_KEPT: usize = 64;

/// Where a message is in the text, and what pairing it with the others needs of it.
#[derive(Clone, Debug)]
pub(crate) struct MessageAt {
    /// Where its head was read from, and how its lines sit.
    at: u32,
    layout: Layout,
    /// Whether it is a request.
    pub(crate) request: bool,
    /// Where its start line starts (a capture's facts name a request by it): where its head
    /// starts, or inside it for HTTP/2 pseudo-header lines, whose start line is built from
    /// `:method` or `:status` wherever that line is.
    pub(crate) start_line: u32,
    /// Offset just after the head.
    pub(crate) end: u32,
    body: Option<(Span, BodyKind)>,
    /// The value of a request's first `Sec-WebSocket-Key`: every exchange's accept is
    /// compared with the others' keys.
    key: Option<KeyAt>,
}

/// Where a key's value is: in the text, or joined from folded lines.
#[derive(Clone, Debug)]
enum KeyAt {
    Text(Span),
    Folded(Box<str>),
}

impl MessageAt {
    /// The message's head, read from `text` (the text it was first read from).
    fn read(&self, text: &str, replaced: bool) -> ParsedMessage {
        let mut head = http::parse_head(text, self.at as usize, self.layout);
        if replaced {
            mark_replacement(text, &mut head);
        }
        ParsedMessage { head, body: self.body }
    }

    /// The value of the request's first `Sec-WebSocket-Key`.
    pub(crate) fn key<'t>(&'t self, text: &'t str) -> Option<&'t str> {
        match self.key.as_ref()? {
            KeyAt::Text(span) => text.get(span.range()),
            KeyAt::Folded(joined) => Some(joined),
        }
    }
}

impl Transcript {
    /// The `i`th message with its head, kept or read again from `text` (the transcript's
    /// text, which the report may have taken).
    pub(crate) fn message(&self, i: usize, text: &str) -> std::borrow::Cow<'_, ParsedMessage> {
        match self.heads.get(i) {
            Some(kept) => std::borrow::Cow::Borrowed(kept),
            None => std::borrow::Cow::Owned(self.messages[i].read(text, self.replaced)),
        }
    }
}

/// The messages a reader finds, in text order.
#[derive(Default)]
struct Found {
    messages: Vec<MessageAt>,
    heads: Vec<ParsedMessage>,
}

impl Found {
    /// Notes a message whose head was read from `at` as laid out by `layout`, keeping its
    /// head while few have been read.
    fn push(
        &mut self,
        text: &str,
        at: usize,
        layout: Layout,
        head: Head,
        body: Option<(Span, BodyKind)>,
    ) {
        let request = head.is_request();
        let key =
            request.then(|| head.first(text, crate::names::SEC_WEBSOCKET_KEY)).flatten().map(|f| {
                match &f.folded {
                    Some(joined) => KeyAt::Folded(joined.as_str().into()),
                    None => KeyAt::Text(f.value),
                }
            });
        self.messages.push(MessageAt {
            at: u32::try_from(at).unwrap_or(u32::MAX),
            layout,
            request,
            start_line: head.start_line.start,
            end: u32::try_from(head.end).unwrap_or(u32::MAX),
            body,
            key,
        });
        if self.heads.len() < HEADS_KEPT {
            self.heads.push(ParsedMessage { head, body });
        }
    }
}

/// Reads `input` as `format` (detecting it when `Auto`); `progress` hears how many bytes of
/// a packet capture have been scanned, out of how many.
pub(crate) fn unpack(input: &[u8], format: Format, progress: &mut dyn FnMut(u64, u64)) -> Unpacked {
    if format == Format::Pcap || (format == Format::Auto && is_capture(input)) {
        return capture(input, progress);
    }
    let (text, offsets) = decode_lossy(input);
    let replaced = offsets.any();
    let format = match format {
        Format::Auto => detect(&text),
        forced => forced,
    };
    let mut unpacked = match format {
        Format::Har => har(text),
        Format::CurlCommand => curl_command(text),
        Format::Curl | Format::Error => Unpacked { format, text, ..Unpacked::default() },
        Format::Auto | Format::Raw | Format::Pcap => {
            Unpacked { format: Format::Raw, text, ..Unpacked::default() }
        }
    };
    if replaced && unpacked.format == Format::Raw {
        unpacked.frames_after = frames_in_paste(input, &unpacked.text, &offsets);
    }
    unpacked.replaced = replaced;
    unpacked
}

/// The frames after each 101 of a pasted text, decoded from the input's bytes (the text has
/// them as U+FFFD). Only a region that starts like a final frame (a first byte of 0x80 or
/// more) is read as frames: text typed after a 101 is not.
fn frames_in_paste(
    bytes: &[u8],
    text: &str,
    offsets: &ReplacedOffsets,
) -> Vec<crate::prepared::FramesAfter> {
    let mut heads = crate::frames::after_101_heads(text).peekable();
    if heads.peek().is_none() {
        return Vec::new();
    }
    // A text with more replacements than decoding recorded is scanned again, only when it
    // has a 101 whose frames need them.
    let scanned;
    let offsets = match offsets.complete {
        true => offsets,
        false => {
            scanned = ReplacedOffsets::scan(bytes);
            &scanned
        }
    };
    heads
        .filter_map(|(_, head_end)| {
            // They run to the next message the text holds (its offset mapped to the bytes),
            // or to a label line, or to the end.
            let next = next_start_line(text, head_end).unwrap_or(text.len());
            let region = bytes.get(offsets.byte_at(head_end)?..offsets.byte_at(next)?)?;
            let region = &region[..memchr::memmem::find(region, b"\n#").unwrap_or(region.len())];
            if region.first().is_none_or(|&b| b < 0x80) {
                return None;
            }
            let (log, checks) = crate::frames::decode_paste(region);
            (log.count > 0).then_some(crate::prepared::FramesAfter { head_end, log, checks })
        })
        .collect()
}

/// Where text offsets fall in the bytes of an input that had invalid UTF-8: after each
/// replaced sequence the text and the bytes differ by a fixed amount until the next one.
struct ReplacedOffsets {
    /// `(text offset, byte offset)` just after each replacement, in order.
    after: Vec<(usize, usize)>,
    /// Where the text and the bytes read so far end.
    read: (usize, usize),
    /// Whether anything was replaced.
    replaced: bool,
    /// Whether `after` holds every replacement: decoding records the first
    /// [`ReplacedOffsets::RECORDED`] (a paste's binary tail), not those of a binary file read
    /// as text, which would cost more than the text itself.
    complete: bool,
}

impl ReplacedOffsets {
    const RECORDED: usize = 1024;

    fn new() -> ReplacedOffsets {
        ReplacedOffsets { after: Vec::new(), read: (0, 0), replaced: false, complete: true }
    }

    /// Whether anything was replaced.
    fn any(&self) -> bool {
        self.replaced
    }

    /// Every replacement in `bytes`.
    fn scan(bytes: &[u8]) -> ReplacedOffsets {
        let mut offsets = ReplacedOffsets::new();
        utf8_runs(bytes, |valid, bad| offsets.note(valid.len(), bad, usize::MAX));
        offsets
    }

    /// `valid` bytes read as they are, then `bad` ones replaced by one U+FFFD (none when
    /// `bad` is 0); past `limit` replacements, they are no longer recorded.
    fn note(&mut self, valid: usize, bad: usize, limit: usize) {
        self.read.0 += valid;
        self.read.1 += valid;
        if bad == 0 {
            return;
        }
        self.read.0 += char::REPLACEMENT_CHARACTER.len_utf8();
        self.read.1 += bad;
        self.replaced = true;
        if self.after.len() == limit {
            self.complete = false;
            self.after = Vec::new();
        } else if self.complete {
            if self.after.is_empty() {
                // A binary tail has a replacement every few bytes.
                self.after.reserve(16);
            }
            self.after.push(self.read);
        }
    }

    /// The byte offset of a text offset that is not inside a replacement character.
    fn byte_at(&self, text: usize) -> Option<usize> {
        let i = self.after.partition_point(|&(t, _)| t <= text);
        match i.checked_sub(1).map(|i| self.after[i]) {
            None => Some(text),
            Some((t, b)) => Some(b + (text - t)),
        }
    }
}

/// Finds the messages in the text of an unpacked input.
pub(crate) fn parse(unpacked: Unpacked) -> Transcript {
    let Unpacked {
        format,
        text,
        replaced,
        unusable,
        mut entries,
        skipped,
        encrypted,
        stopped,
        frames_after,
    } = unpacked;
    // Spans count bytes in 32 bits: a longer text could not be pointed into.
    let (text, unusable) = match u32::try_from(text.len()) {
        Ok(_) => (text, unusable),
        Err(_) => (String::new(), Some(Unusable::TooLarge(text.len() as u64))),
    };
    let mut transcript = match (unusable, format) {
        (Some(why), _) => unreadable(format, text, why),
        (None, Format::Curl) => curl(text),
        (None, Format::Error) => {
            let why = crate::errors::recognise(&text).is_empty().then_some(Unusable::NoClientError);
            let mut transcript = unreadable(Format::Error, text, Unusable::Empty);
            transcript.unusable = why;
            transcript
        }
        (None, Format::Har | Format::Pcap | Format::CurlCommand) => reconstructed(text, format),
        (None, Format::Auto | Format::Raw) => raw(text),
    };
    if format == Format::Pcap {
        // The `# TCP ...` lines are ours, not text to report as skipped.
        transcript.ignored.clear();
    }
    // Frames decoded from a paste belong to the request before their 101. Both lists are in
    // text order, so one walk pairs them.
    let mut i = 0;
    for found in frames_after {
        let head_end = u32::try_from(found.head_end).unwrap_or(u32::MAX);
        while transcript.messages.get(i).is_some_and(|m| m.end < head_end) {
            i += 1;
        }
        if transcript.messages.get(i).is_none_or(|m| m.end != head_end) {
            continue;
        }
        let Some(request) = transcript.messages[..i].last().filter(|m| m.request) else {
            continue;
        };
        entries.push(EntryFacts {
            request_at: request.start_line as usize,
            messages: Some(found.log),
            frames: Some(found.checks),
            ..EntryFacts::default()
        });
    }
    transcript.entries = entries;
    transcript.skipped = skipped;
    transcript.encrypted = encrypted;
    transcript.stopped = stopped;
    if replaced {
        transcript.replaced = true;
        mark_replacements(&mut transcript);
    }
    transcript
}

/// Reads `input` as `format` (detecting it when `Auto`).
#[cfg(test)]
pub(crate) fn read(input: &[u8], format: Format) -> Transcript {
    parse(unpack(input, format, &mut |_, _| {}))
}

/// The text with each invalid UTF-8 sequence replaced by U+FFFD, exactly as
/// `String::from_utf8_lossy` does, and where the replacements fall. `from_utf8` checks a
/// word at a time, where the lossy decoder walks chunk by chunk; captures often end in
/// binary frame bytes, so most of the text is checked the fast way.
fn decode_lossy(bytes: &[u8]) -> (String, ReplacedOffsets) {
    if let Ok(valid) = std::str::from_utf8(bytes) {
        return (valid.to_owned(), ReplacedOffsets::new());
    }
    // A replaced sequence becomes the three bytes of U+FFFD: the text's length is counted
    // first, so that it is made once (grown, a capture with a few replacements in each
    // exchange would keep room for as much text again, or copy it at the end).
    let mut length = 0;
    utf8_runs(bytes, |valid, bad| {
        length += valid.len() + if bad > 0 { char::REPLACEMENT_CHARACTER.len_utf8() } else { 0 }
    });
    let mut text = String::with_capacity(length);
    let mut offsets = ReplacedOffsets::new();
    utf8_runs(bytes, |valid, bad| {
        text.push_str(valid);
        if bad > 0 {
            text.push(char::REPLACEMENT_CHARACTER);
        }
        offsets.note(valid.len(), bad, ReplacedOffsets::RECORDED);
    });
    (text, offsets)
}

/// Walks `bytes` as UTF-8: `each` gets every valid run with the length of the invalid
/// sequence after it (an incomplete one at the end counts whole), the last run with 0.
/// `from_utf8` checks a word at a time; a run before an error is checked again to borrow it
/// as text (safe code cannot skip that), which costs only where bytes are replaced.
fn utf8_runs<'b>(mut bytes: &'b [u8], mut each: impl FnMut(&'b str, usize)) {
    loop {
        match std::str::from_utf8(bytes) {
            Ok(valid) => return each(valid, 0),
            Err(error) => {
                let (valid, rest) = bytes.split_at(error.valid_up_to());
                let bad = error.error_len().unwrap_or(rest.len());
                each(std::str::from_utf8(valid).unwrap_or_default(), bad);
                bytes = &rest[bad..];
            }
        }
    }
}

/// Flags the first U+FFFD (an invalid byte in the input) in each kept head (a head read again
/// is flagged as it is read).
fn mark_replacements(transcript: &mut Transcript) {
    for message in &mut transcript.heads {
        mark_replacement(&transcript.text, &mut message.head);
    }
}

/// Notes the first replacement character in `head`, where a byte was not UTF-8.
fn mark_replacement(text: &str, head: &mut Head) {
    let replacement = "\u{FFFD}".as_bytes();
    if let Some(pos) = memchr::memmem::find(text[head.span.range()].as_bytes(), replacement) {
        let at = head.span.start as usize + pos;
        head.issues.push(Issue { kind: IssueKind::NotUtf8, span: Span::new(at, at + 3) });
    }
}

/// Plain HTTP text: requests and responses in order, CRLF or LF, possibly indented,
/// possibly with labels or comments between them.
fn raw(text: String) -> Transcript {
    let mut found = Found::default();
    let mut ignored: Vec<Span> = Vec::new();
    let mut indented = None;
    let mut at = 0;
    while at < text.len() {
        let Some(start) = next_start_line(&text, at) else {
            note_ignored(&text, Span::new(at, text.len()), &mut ignored);
            break;
        };
        note_ignored(&text, Span::new(at, start), &mut ignored);
        let line_end = text[start..].find('\n').map_or(text.len(), |n| start + n);
        let indent = text[start..line_end].len() - text[start..line_end].trim_start().len();
        if indent > 0 && indented.is_none() {
            indented = Some(Span::new(start, start + indent));
        }
        let layout = Layout::Indented(indent);
        let head = http::parse_head(&text, start, layout);
        let after = head.end;
        let next = next_start_line(&text, after).unwrap_or(text.len());
        let (body, rest) = body_of(&text, &head, after, next);
        if let Some(rest) = rest {
            note_ignored(&text, rest, &mut ignored);
        }
        found.push(&text, start, layout, head, body);
        at = next.max(after);
    }
    // Every exchange is checked with the list held: a text of ten thousand bare status lines
    // would keep room for six thousand more.
    http::trim_slack(&mut found.messages);
    let unusable = found.messages.is_empty().then(|| classify_unusable(&text));
    Transcript {
        format: Format::Raw,
        kind: SourceKind::Original,
        text,
        messages: found.messages,
        heads: found.heads,
        replaced: false,
        ignored,
        indented,
        unusable,
        entries: Vec::new(),
        skipped: 0,
        encrypted: Vec::new(),
        stopped: None,
    }
}

/// Picks the format from the content: a HAR is a JSON object with a `log`; `curl -v` output
/// has `> GET ...` or `< HTTP/...` lines; a client's error message has no HTTP message.
fn detect(text: &str) -> Format {
    let start = text.trim_start();
    if start.starts_with('{') && start.contains("\"log\"") {
        Format::Har
    } else if command::looks_like_command(text) {
        Format::CurlCommand
    } else if has_marked_message(text) {
        Format::Curl
    } else if next_start_line(text, 0).is_none() && !crate::errors::recognise(text).is_empty() {
        // No HTTP message at all, but a client's error message: explain it.
        Format::Error
    } else {
        Format::Raw
    }
}

/// Whether a line of `text` starts a request or response as `curl -v` marks it (see
/// [`http::starts_marked_message`]). Only lines that begin with `>` or `<` can: those bytes
/// are found with a vector search instead of walking every line.
fn has_marked_message(text: &str) -> bool {
    let bytes = text.as_bytes();
    memchr::memchr2_iter(b'>', b'<', bytes).filter(|&at| at == 0 || bytes[at - 1] == b'\n').any(
        |at| line_at(text, at).is_some_and(|line| http::starts_marked_message(line.text(text))),
    )
}

/// Whether the bytes start like a pcap or pcapng file (its magic number, in either byte
/// order, with microsecond or nanosecond timestamps).
pub(crate) fn is_capture(bytes: &[u8]) -> bool {
    matches!(
        bytes.get(..4),
        Some(
            [0xa1, 0xb2, 0xc3, 0xd4]
                | [0xd4, 0xc3, 0xb2, 0xa1]
                | [0xa1, 0xb2, 0x3c, 0x4d]
                | [0x4d, 0x3c, 0xb2, 0xa1]
                | [0x0a, 0x0d, 0x0d, 0x0a]
        )
    )
}

/// A transcript with nothing in it, for inputs that cannot be read.
fn unreadable(format: Format, text: String, why: Unusable) -> Transcript {
    Transcript {
        format,
        kind: SourceKind::Original,
        text,
        messages: Vec::new(),
        heads: Vec::new(),
        replaced: false,
        ignored: Vec::new(),
        indented: None,
        unusable: Some(why),
        entries: Vec::new(),
        skipped: 0,
        encrypted: Vec::new(),
        stopped: None,
    }
}

/// HTTP text that a structured format (pcap, HAR, a curl command) rebuilt, read as raw text
/// and labelled with its format.
fn reconstructed(text: String, format: Format) -> Transcript {
    let mut transcript = raw(text);
    transcript.format = format;
    transcript.kind = SourceKind::Reconstructed;
    transcript
}

/// An input whose container holds nothing to read, and why.
fn unpacked_unusable(format: Format, text: String, why: Unusable) -> Unpacked {
    Unpacked { format, text, unusable: Some(why), ..Unpacked::default() }
}

/// A pcap or pcapng capture: the handshakes in its TCP streams are rebuilt as HTTP text.
fn capture(bytes: &[u8], progress: &mut dyn FnMut(u64, u64)) -> Unpacked {
    #[cfg(feature = "pcap")]
    {
        from_capture(pcap::read(bytes, progress))
    }
    #[cfg(not(feature = "pcap"))]
    {
        let _ = (bytes, progress);
        unpacked_unusable(Format::Pcap, String::new(), Unusable::NoCaptureReader)
    }
}

/// What a capture's reader rebuilt, as the input the checks read.
#[cfg(feature = "pcap")]
pub(crate) fn from_capture(rebuilt: pcap::Rebuilt) -> Unpacked {
    {
        if rebuilt.entries.is_empty() {
            let why = Unusable::NoWebSocketInCapture {
                packets: rebuilt.packets,
                encrypted: rebuilt.encrypted.len(),
                stopped: rebuilt.stopped,
            };
            return unpacked_unusable(Format::Pcap, String::new(), why);
        }
        Unpacked {
            format: Format::Pcap,
            text: rebuilt.text,
            entries: rebuilt.entries,
            skipped: rebuilt.skipped,
            encrypted: rebuilt.encrypted,
            stopped: rebuilt.stopped,
            ..Unpacked::default()
        }
    }
}

/// A HAR: the handshakes are rebuilt as HTTP text, which is then read like a paste.
fn har(json: String) -> Unpacked {
    #[cfg(feature = "har")]
    match har::read(&json) {
        Ok(rebuilt) if rebuilt.entries.is_empty() => {
            unpacked_unusable(Format::Har, json, Unusable::NoWebSocketInHar(rebuilt.skipped))
        }
        Ok(rebuilt) => Unpacked {
            format: Format::Har,
            text: rebuilt.text,
            entries: rebuilt.entries,
            skipped: rebuilt.skipped,
            ..Unpacked::default()
        },
        Err(why) => unpacked_unusable(Format::Har, json, Unusable::BadHar(why)),
    }
    #[cfg(not(feature = "har"))]
    unpacked_unusable(
        Format::Har,
        json,
        Unusable::BadHar("this build of wslens has no HAR support (feature `har`)".into()),
    )
}

/// A curl command line (DevTools "Copy as cURL"): the request it sends, rebuilt.
fn curl_command(text: String) -> Unpacked {
    match command::rebuild(&text) {
        Ok(rebuilt) => {
            Unpacked { format: Format::CurlCommand, text: rebuilt, ..Unpacked::default() }
        }
        Err(why) => unpacked_unusable(Format::CurlCommand, text, Unusable::BadCommand(why)),
    }
}

/// `curl -v` output: heads are read from the marked lines; everything else is curl's own.
fn curl(text: String) -> Transcript {
    let mut found = Found::default();
    let mut at = 0;
    while let Some(line) = line_at(&text, at) {
        let raw = line.text(&text);
        if http::starts_marked_message(raw) {
            let layout = Layout::Marked(raw.as_bytes()[0]);
            let head = http::parse_head(&text, line.start, layout);
            at = head.end.max(line.next);
            found.push(&text, line.start, layout, head, None);
        } else {
            at = line.next;
        }
    }
    http::trim_slack(&mut found.messages);
    let unusable = found.messages.is_empty().then(|| classify_unusable(&text));
    Transcript {
        format: Format::Curl,
        kind: SourceKind::Original,
        text,
        messages: found.messages,
        heads: found.heads,
        replaced: false,
        ignored: Vec::new(),
        indented: None,
        unusable,
        entries: Vec::new(),
        skipped: 0,
        encrypted: Vec::new(),
        stopped: None,
    }
}

/// The offset of the next line at or after `from` that starts a message.
fn next_start_line(text: &str, from: usize) -> Option<usize> {
    // A message can only start at the beginning of a line.
    let from = if from == 0 || text.as_bytes().get(from - 1) == Some(&b'\n') {
        from
    } else {
        text[from..].find('\n').map(|n| from + n + 1)?
    };
    lines_from(text, from)
        .find(|line| {
            let line = line.text(text);
            looks_like_start_line(line) || http::starts_pseudo_head(line.trim_start())
        })
        .map(|l| l.start)
}

/// Splits what lies between a head and the next message into the message's body and any
/// leftover text.
fn body_of(
    text: &str,
    head: &Head,
    from: usize,
    to: usize,
) -> (Option<(Span, BodyKind)>, Option<Span>) {
    if from >= to || text[from..to].trim().is_empty() {
        return (None, None);
    }
    let content_length = head
        .first(text, crate::names::CONTENT_LENGTH)
        .and_then(|f| crate::http::content_length(f.value(text)))
        .map(|n| n.min(to - from));
    match (head.status(), content_length) {
        (Some(101), _) => (Some((Span::new(from, to), BodyKind::WebsocketFrames)), None),
        (Some(_), None) => {
            // A `wslens probe` note on the line before the next request is that request's,
            // not part of this body (the rules read it there, and redaction blanks bodies).
            let end =
                crate::text::probe_note_before(text, from, to).map_or(to, |n| n.start as usize);
            let rest = (end < to).then(|| Span::new(end, to));
            if text[from..end].trim().is_empty() {
                return (None, rest);
            }
            (Some((trimmed(text, from, end), BodyKind::Http)), rest)
        }
        (_, Some(n)) if n > 0 => {
            let end = floor_char_boundary(text, from + n);
            let body = Span::new(from, end);
            let rest = (end < to).then(|| Span::new(end, to));
            (Some((body, BodyKind::Http)), rest)
        }
        _ => (None, Some(Span::new(from, to))),
    }
}

/// `from..to` without trailing whitespace.
fn trimmed(text: &str, from: usize, to: usize) -> Span {
    Span::new(from, from + text[from..to].trim_end().len())
}

fn note_ignored(text: &str, span: Span, ignored: &mut Vec<Span>) {
    let slice = &text[span.range()];
    let lead = slice.len() - slice.trim_start().len();
    let body = slice.trim();
    if !body.is_empty() {
        let start = span.start as usize + lead;
        ignored.push(Span::new(start, start + body.len()));
    }
}

fn classify_unusable(text: &str) -> Unusable {
    let trimmed = text.trim_start();
    if trimmed.is_empty() {
        Unusable::Empty
    } else if text.contains('\u{FFFD}') || text.bytes().any(|b| b == 0) {
        Unusable::Binary
    } else if trimmed.starts_with('{') || trimmed.starts_with('[') {
        Unusable::Json
    } else {
        Unusable::NoStartLine
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn lossy_decoding_matches_std(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..64)) {
            let expected = String::from_utf8_lossy(&bytes);
            let (text, offsets) = decode_lossy(&bytes);
            proptest::prop_assert_eq!(&text, &expected);
            proptest::prop_assert_eq!(offsets.any(), matches!(expected, std::borrow::Cow::Owned(_)));
        }
    }

    #[test]
    fn lossy_decoding_replaces_each_bad_sequence() {
        for bytes in [&b"a\xffb"[..], b"\xe2\x82", b"ok \xf0\x9f\x98 x \xc3\xa9", b"\xed\xa0\x80"] {
            assert_eq!(decode_lossy(bytes).0, String::from_utf8_lossy(bytes));
        }
    }

    fn kinds(src: &str) -> Vec<(bool, Option<BodyKind>)> {
        let t = read(src.as_bytes(), Format::Auto);
        (0..t.messages.len())
            .map(|i| t.message(i, &t.text))
            .map(|m| (m.head.is_request(), m.body.map(|b| b.1)))
            .collect()
    }

    #[test]
    fn request_then_response_then_frames() {
        let src = "GET / HTTP/1.1\r\nHost: a\r\n\r\nHTTP/1.1 101 OK\r\nUpgrade: websocket\r\n\r\n\u{81}\u{5}hello";
        assert_eq!(kinds(src), [(true, None), (false, Some(BodyKind::WebsocketFrames))]);
    }

    #[test]
    fn labels_between_messages_are_ignored_not_lost() {
        let src =
            "Request:\nGET / HTTP/1.1\nHost: a\n\nResponse:\nHTTP/1.1 404 Not Found\n\nnope\n";
        let t = read(src.as_bytes(), Format::Auto);
        assert_eq!(t.messages.len(), 2);
        let ignored: Vec<_> = t.ignored.iter().map(|s| &t.text[s.range()]).collect();
        assert_eq!(ignored, ["Request:", "Response:"]);
        let body = t.heads[1].body.unwrap().0;
        assert_eq!(&t.text[body.range()], "nope");
    }

    #[test]
    fn indented_paste_is_understood() {
        let src = "    GET / HTTP/1.1\n    Host: a\n\n    HTTP/1.1 101 Switching Protocols\n    Upgrade: websocket\n";
        let t = read(src.as_bytes(), Format::Auto);
        assert_eq!(t.messages.len(), 2);
        assert_eq!(t.heads[0].head.fields.len(), 1);
        assert!(t.indented.is_some());
    }

    #[test]
    fn curl_verbose_with_interleaved_copy() {
        // On a terminal, `curl -v -i` interleaves the `<` lines (stderr) with the plain copy
        // of the response (stdout) line by line.
        let src = "*   Trying 127.0.0.1:80...\n> GET /chat HTTP/1.1\r\n> Host: a\r\n> Upgrade: websocket\r\n> \r\n\
< HTTP/1.1 101 Switching Protocols\r\nHTTP/1.1 101 Switching Protocols\r\n< Upgrade: websocket\r\nUpgrade: websocket\r\n< \r\n\r\n\
* Connection #0 left intact\n";
        let t = read(src.as_bytes(), Format::Auto);
        assert_eq!(t.format, Format::Curl);
        assert_eq!(t.messages.len(), 2);
        let names = |m: &ParsedMessage| {
            m.head.fields.iter().map(|f| f.name(src).to_owned()).collect::<Vec<_>>()
        };
        assert_eq!(names(&t.heads[0]), ["Host", "Upgrade"]);
        assert_eq!(names(&t.heads[1]), ["Upgrade"]);
        assert!(t.heads.iter().all(|m| m.head.complete));
        let value = &t.heads[1].head.fields[0];
        assert_eq!(&src[value.value.range()], "websocket");
    }

    /// The text with everything before `at` blanked out but its line breaks, so that the
    /// message at `at` comes first and keeps its offsets.
    fn blanked_before(text: &str, at: usize) -> String {
        let blanks = text[..at].bytes().map(|b| if b == b'\n' { '\n' } else { ' ' });
        blanks.collect::<String>() + &text[at..]
    }

    #[test]
    fn heads_read_again_are_the_heads_first_read() {
        let exchange = |i: usize| {
            // Every fifth key is folded over two lines; every third exchange is indented.
            let key = match i % 5 {
                0 => format!("Sec-WebSocket-Key:\r\n {i:0>22}==\r\n"),
                _ => format!("Sec-WebSocket-Key: {i:0>22}==\r\n"),
            };
            let indent = if i.is_multiple_of(3) { "  " } else { "" };
            format!("{indent}GET /{i} HTTP/1.1\r\n{indent}Host: a\r\n{indent}{key}\r\n{indent}HTTP/1.1 101 OK\r\n{indent}Upgrade: websocket\r\n\r\n")
        };
        let raw: String = (0..50).map(exchange).collect();
        let curl: String = (0..50)
            .map(|i| format!("> GET /{i} HTTP/1.1\r\n> Sec-WebSocket-Key: {i}\r\n> \r\n* note\r\n< HTTP/1.1 400 No\r\n< \r\n"))
            .collect();
        for (text, format) in [(raw, Format::Raw), (curl, Format::Curl)] {
            let t = read(text.as_bytes(), format);
            assert_eq!(t.messages.len(), 100);
            assert_eq!(t.heads.len(), HEADS_KEPT);
            for i in HEADS_KEPT..t.messages.len() {
                let again = t.message(i, &t.text);
                let at = t.messages[i].at as usize;
                let first = read(blanked_before(&text, at).as_bytes(), format);
                assert_eq!(*again, first.heads[0], "message {i}");
                let key = first.heads[0]
                    .head
                    .first(&text, "sec-websocket-key")
                    .map(|f| f.value(&text).to_owned());
                assert_eq!(t.messages[i].key(&t.text), key.as_deref(), "message {i}");
            }
        }
    }

    #[test]
    fn a_head_read_again_marks_its_replaced_bytes() {
        let mut bytes = Vec::new();
        for i in 0..HEADS_KEPT + 2 {
            bytes.extend_from_slice(b"HTTP/1.1 400 x\r\nX: ");
            bytes.push(0xff);
            bytes.extend_from_slice(format!("{i}\r\n\r\n").as_bytes());
        }
        let t = read(&bytes, Format::Raw);
        assert_eq!(t.messages.len(), HEADS_KEPT + 2);
        let not_utf8 = |m: &ParsedMessage| {
            m.head.issues.iter().filter(|x| x.kind == IssueKind::NotUtf8).count()
        };
        assert_eq!(not_utf8(&t.heads[0]), 1);
        assert_eq!(not_utf8(&t.message(HEADS_KEPT + 1, &t.text)), 1);
    }

    #[test]
    fn nothing_http_is_unusable() {
        assert_eq!(read(b"", Format::Auto).unusable, Some(Unusable::Empty));
        assert_eq!(read(b"[1, 2]", Format::Auto).unusable, Some(Unusable::Json));
        assert_eq!(
            read(b"{\"log\":{}}", Format::Auto).unusable,
            Some(Unusable::NoWebSocketInHar(0))
        );
        assert!(matches!(read(b"{\"log\": [", Format::Auto).unusable, Some(Unusable::BadHar(_))));
        assert_eq!(read(b"hello", Format::Auto).unusable, Some(Unusable::NoStartLine));
    }
}
