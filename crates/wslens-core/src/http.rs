//! HTTP/1.1 message heads (RFC 9112), parsed leniently.
//!
//! The parser never fails: it always builds a head and records what it had to forgive as
//! [`Issue`]s, which `rules::http` turns into findings.
//! It keeps the original casing and order of fields and a span for every part.
//! httparse, a strict parser, gives a second opinion on every complete head.

use crate::{
    report::Span,
    text::{line_at, Ending, Line},
};

/// Parts of a start line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum StartLine {
    Request { method: Span, target: Span, version: Span },
    Response { version: Span, status: Span, reason: Span, code: u16 },
}

/// One header field, possibly folded over several lines.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Field {
    /// The name, without any whitespace before the colon.
    pub(crate) name: Span,
    /// From the first to the last value byte, across continuation lines.
    pub(crate) value: Span,
    /// The whole field, first line start to last line content end.
    pub(crate) line: Span,
    /// The value with continuation lines joined by a single space, when it was folded;
    /// otherwise the value is the source text at `value`.
    pub(crate) folded: Option<String>,
    /// Hash of the lowercase name, so that a table of names (the list headers, the knowledge
    /// base) is searched by number.
    pub(crate) name_hash: u32,
}

impl Field {
    pub(crate) fn name<'s>(&self, src: &'s str) -> &'s str {
        &src[self.name.range()]
    }

    pub(crate) fn is(&self, src: &str, name: &str) -> bool {
        self.name(src).eq_ignore_ascii_case(name)
    }

    /// The value, unfolded.
    pub(crate) fn value<'s>(&'s self, src: &'s str) -> &'s str {
        match &self.folded {
            Some(joined) => joined,
            None => &src[self.value.range()],
        }
    }

    pub(crate) fn contiguous(&self) -> bool {
        self.folded.is_none()
    }

    /// Maps a byte range inside `value_text` to a span in the source.
    /// Folded values are not contiguous, so their inner ranges map to the whole value.
    pub(crate) fn inner(&self, range: std::ops::Range<usize>) -> Span {
        if self.contiguous() {
            let start = self.value.start as usize;
            Span::new(start + range.start, start + range.end)
        } else {
            self.value
        }
    }
}

/// Something the parser forgave.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Issue {
    pub(crate) kind: IssueKind,
    pub(crate) span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum IssueKind {
    /// Lines ended in a bare LF; `count` of them, the span is the first.
    BareLf { count: usize },
    /// A CR that is not followed by LF.
    BareCr,
    /// The start line does not follow the grammar; says what is wrong.
    MalformedStartLine(&'static str),
    /// A status line whose version is right but for its case (`http/1.1`).
    StatusVersionCase,
    /// A status line that ends right after its code, without the space before the reason.
    StatusWithoutReason,
    /// Whitespace between the start line and the first field.
    WhitespaceBeforeFirstField,
    /// Whitespace between a field name and its colon.
    SpaceBeforeColon,
    /// A continuation line (obs-fold).
    ObsFold,
    /// A line in the head with no colon.
    MissingColon,
    /// A field name with a character that is not a tchar.
    InvalidFieldName,
    /// A control character in a field value.
    ControlInValue,
    /// Bytes that were not valid UTF-8 (shown as U+FFFD).
    NotUtf8,
    /// The text ends before the blank line that closes the head, inside a line or before any
    /// field.
    Truncated { fields: usize },
    /// The head stops after a complete field line without its blank line, at the end of the
    /// text or where the next message begins, and its lines end in bare LF: a copy of header
    /// lines (which loses both), read as complete.
    NotClosed { next_message: bool },
    /// httparse rejects the head; its reason.
    Strict(String),
}

/// A parsed message head.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Head {
    pub(crate) start: StartLine,
    pub(crate) start_line: Span,
    pub(crate) fields: Vec<Field>,
    /// Whether the head is whole: its blank line was seen, or it is a copy of header lines
    /// that stops right after a complete field ([`IssueKind::NotClosed`]).
    pub(crate) complete: bool,
    /// Start line to the end of the blank line (to the end of the last field when there is
    /// none).
    pub(crate) span: Span,
    /// Offset just after the head.
    pub(crate) end: usize,
    pub(crate) issues: Vec<Issue>,
    /// `(major, minor)` when the version is `HTTP/d.d` or `HTTP/d`.
    pub(crate) version: Option<(u8, u8)>,
    /// Written as HTTP/2 or HTTP/3 pseudo-header lines (`:method: CONNECT`), as DevTools
    /// copies such headers, rather than with a start line. The start line is then built from
    /// `:method` and `:path`, or `:status`, and its version span is empty.
    pub(crate) pseudo: bool,
}

impl Head {
    /// Whether this message belongs to HTTP/2 or HTTP/3, where a WebSocket opens with an
    /// extended CONNECT (RFC 8441, RFC 9220) rather than an Upgrade.
    pub(crate) fn is_h2_or_later(&self) -> bool {
        self.pseudo || self.version.is_some_and(|(major, _)| major >= 2)
    }

    pub(crate) fn is_request(&self) -> bool {
        matches!(self.start, StartLine::Request { .. })
    }

    /// The status code of a response head.
    pub(crate) fn status(&self) -> Option<u16> {
        match self.start {
            StartLine::Response { code, .. } => Some(code),
            StartLine::Request { .. } => None,
        }
    }

    /// Every field with this name, in order.
    pub(crate) fn all<'h>(
        &'h self,
        src: &'h str,
        name: &'h str,
    ) -> impl Iterator<Item = &'h Field> + 'h {
        // The length rules out almost every other field; no hash of `name` is needed.
        self.fields
            .iter()
            .filter(move |f| f.name.len() == name.len() && f.name(src).eq_ignore_ascii_case(name))
    }

    /// The first field with this name.
    pub(crate) fn first<'h>(&'h self, src: &'h str, name: &'h str) -> Option<&'h Field> {
        self.all(src, name).next()
    }

    pub(crate) fn has(&self, src: &str, name: &str) -> bool {
        self.first(src, name).is_some()
    }
}

/// FNV-1a over the ASCII-lowercased name.
pub(crate) const fn name_hash(name: &str) -> u32 {
    let bytes = name.as_bytes();
    let mut hash = NAME_HASH_START;
    let mut i = 0;
    while i < bytes.len() {
        hash = name_hash_step(hash, bytes[i]);
        i += 1;
    }
    hash
}

const NAME_HASH_START: u32 = 0x811c_9dc5;

/// One byte of [`name_hash`].
const fn name_hash_step(hash: u32, byte: u8) -> u32 {
    (hash ^ byte.to_ascii_lowercase() as u32).wrapping_mul(0x0100_0193)
}

/// A Content-Length value as a byte count (RFC 9110 §8.6: digits only), saturating at the
/// largest `usize`, so that every platform (the viewer's 32-bit wasm too) reads a huge value
/// the same way: as more than there is.
pub(crate) fn content_length(value: &str) -> Option<usize> {
    let digits = trim_ows(value);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(digits.parse().unwrap_or(usize::MAX))
}

/// Removes optional whitespace (`OWS = *( SP / HTAB )`) at both ends.
pub(crate) fn trim_ows(s: &str) -> &str {
    let bytes = s.as_bytes();
    let start = bytes.iter().position(|&b| b != b' ' && b != b'\t').unwrap_or(bytes.len());
    let end = bytes.iter().rposition(|&b| b != b' ' && b != b'\t').map_or(start, |i| i + 1);
    &s[start..end.max(start)]
}

/// RFC 9110 §5.6.2: `tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." /
/// "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA`.
pub(crate) fn is_tchar(b: u8) -> bool {
    TCHAR[usize::from(b)]
}

const TCHAR: [bool; 256] = {
    let mut table = [false; 256];
    let mut i = 0;
    while i < 256 {
        let b = i as u8;
        table[i] = b.is_ascii_alphanumeric()
            || matches!(
                b,
                b'!' | b'#'
                    | b'$'
                    | b'%'
                    | b'&'
                    | b'\''
                    | b'*'
                    | b'+'
                    | b'-'
                    | b'.'
                    | b'^'
                    | b'_'
                    | b'`'
                    | b'|'
                    | b'~'
            );
        i += 1;
    }
    table
};

pub(crate) fn is_token(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(is_tchar)
}

/// `HTTP/d.d` or `HTTP/d` (the HTTP/2 and HTTP/3 spelling).
fn parse_version(s: &str) -> Option<(u8, u8)> {
    let rest = s.strip_prefix("HTTP/")?;
    let digit = |c: u8| c.is_ascii_digit().then(|| c - b'0');
    match rest.as_bytes() {
        [major] => Some((digit(*major)?, 0)),
        [major, b'.', minor] => Some((digit(*major)?, digit(*minor)?)),
        _ => None,
    }
}

/// A word read as an HTTP version, exact or nearly so: its number, and what is wrong with
/// how it is written (`None` when it is exact).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct VersionWord {
    number: (u8, u8),
    defect: Option<VersionDefect>,
}

/// How a nearly right version is wrong.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum VersionDefect {
    Case,
    NoSlash,
    Comma,
    Misspelled,
}

impl VersionDefect {
    fn why(self) -> &'static str {
        match self {
            VersionDefect::Case => "the protocol name is case-sensitive: `HTTP` in capitals",
            VersionDefect::NoSlash => "a slash separates `HTTP` from the version number",
            VersionDefect::Comma => "the version number is written with a dot, not a comma",
            VersionDefect::Misspelled => "the protocol name is misspelled: it is `HTTP`",
        }
    }
}

/// Reads `HTTP/1.1`, and also what a person or a broken server writes instead: `http/1.1`,
/// `HTTP1.1`, `HTPP/1.1`, `HTTP/1,1`. Anything further from the grammar is not a version.
fn read_version(word: &str) -> Option<VersionWord> {
    if let Some(number) = parse_version(word) {
        return Some(VersionWord { number, defect: None });
    }
    let name_len = word.bytes().take_while(u8::is_ascii_alphabetic).count();
    let (name, rest) = word.split_at(name_len);
    let (slash, digits) = match rest.strip_prefix('/') {
        Some(digits) => (true, digits),
        None => (false, rest),
    };
    let digit = |c: u8| c.is_ascii_digit().then(|| c - b'0');
    let (number, comma) = match digits.as_bytes() {
        [major] => ((digit(*major)?, 0), false),
        [major, sep @ (b'.' | b','), minor] => ((digit(*major)?, digit(*minor)?), *sep == b','),
        _ => return None,
    };
    let defect = if name == "HTTP" {
        if !slash {
            VersionDefect::NoSlash
        } else if comma {
            VersionDefect::Comma
        } else {
            return None;
        }
    } else if name.eq_ignore_ascii_case("HTTP") && slash && !comma {
        VersionDefect::Case
    } else if name.eq_ignore_ascii_case("HTTP") || near_http(name) {
        VersionDefect::Misspelled
    } else {
        return None;
    };
    Some(VersionWord { number, defect: Some(defect) })
}

/// Whether `name` is one letter away from `HTTP` (a letter changed, added or left out),
/// ignoring case.
fn near_http(name: &str) -> bool {
    const HTTP: &[u8] = b"HTTP";
    let name = name.as_bytes();
    let same = |a: &[u8], b: &[u8]| a.eq_ignore_ascii_case(b);
    match name.len() {
        4 => name.iter().zip(HTTP).filter(|(a, b)| !a.eq_ignore_ascii_case(b)).count() <= 1,
        // One letter added: dropping some letter of `name` gives HTTP.
        5 => (0..5).any(|i| same(&name[..i], &HTTP[..i]) && same(&name[i + 1..], &HTTP[i..])),
        // One letter left out.
        3 => (0..4).any(|i| same(&HTTP[..i], &name[..i]) && same(&HTTP[i + 1..], &name[i..])),
        _ => false,
    }
}

/// Whether a status code is three digits.
fn is_status_code(word: &str) -> bool {
    word.len() == 3 && word.bytes().all(|b| b.is_ascii_digit())
}

/// Whether a request-target has one of its four forms' shapes: a path, `*`, an absolute URI,
/// or an authority (CONNECT).
fn looks_like_target(word: &str) -> bool {
    word.starts_with('/')
        || word == "*"
        || word.contains("://")
        || word.rsplit_once(':').is_some_and(|(host, port)| {
            !host.is_empty() && !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit())
        })
}

/// Whether a line (leading whitespace removed) starts an HTTP message: an exact start line,
/// or one that is nearly right (parts separated by tabs or several spaces, the version in
/// lowercase or misspelled), which is read with findings on what is wrong.
pub(crate) fn looks_like_start_line(line: &str) -> bool {
    looks_like_start_line_at(line, scan_name(line).separator)
}

/// A line's first word read once: where the first space, tab or colon is, and the hash of
/// what comes before it and whether that is a token. A field line has its colon before any
/// space; a start line has a space first: this tells almost every field line after a few
/// bytes, and a field line's name is then already read.
#[derive(Clone, Copy)]
struct NameScan {
    separator: Option<usize>,
    hash: u32,
    token: bool,
}

fn scan_name(line: &str) -> NameScan {
    let mut scan = NameScan { separator: None, hash: NAME_HASH_START, token: true };
    for (i, &b) in line.as_bytes().iter().enumerate() {
        if matches!(b, b' ' | b'\t' | b':') {
            scan.separator = Some(i);
            break;
        }
        scan.token &= is_tchar(b);
        scan.hash = name_hash_step(scan.hash, b);
    }
    scan
}

/// [`looks_like_start_line`], with the line's first separator (see [`NameScan`]) known.
fn looks_like_start_line_at(line: &str, first_separator: Option<usize>) -> bool {
    if first_separator.is_none_or(|i| line.as_bytes()[i] == b':') {
        return false;
    }
    let line = line.trim();
    if let Some(rest) = line.strip_prefix("HTTP/") {
        // Any `HTTP/<digit>... ` line is a status line, even a malformed one, so that its
        // problems are reported rather than the line skipped.
        return rest.bytes().next().is_some_and(|b| b.is_ascii_digit())
            && rest.contains([' ', '\t']);
    }
    let mut words = line.split_ascii_whitespace();
    let (Some(first), Some(second)) = (words.next(), words.next()) else { return false };
    if read_version(first).is_some() && is_status_code(second) {
        return true;
    }
    let Some(version) = words.last().and_then(read_version) else { return false };
    let method = is_token(first) && first.bytes().all(|b| b.is_ascii_alphabetic());
    // A nearly right version is only taken with a target of the right shape, so that prose
    // is not read as a request.
    method && (version.defect.is_none() || looks_like_target(second))
}

/// The pseudo-header name that starts a line such as `:method: CONNECT`, with its colon.
pub(crate) fn pseudo_name(line: &str) -> Option<&str> {
    let rest = line.strip_prefix(':')?;
    let end = rest.find(':')?;
    let name = &rest[..end];
    (!name.is_empty() && name.bytes().all(|b| b.is_ascii_alphabetic())).then(|| &line[..=end])
}

/// Whether a line starts a head written as pseudo-header lines: a request's or a response's
/// pseudo-header (`:status` only belongs to responses, the others to requests).
pub(crate) fn starts_pseudo_head(line: &str) -> bool {
    pseudo_name(line).is_some_and(|name| {
        [":method", ":scheme", ":authority", ":path", ":protocol", ":status"]
            .iter()
            .any(|known| name.eq_ignore_ascii_case(known))
    })
}

fn is_status_pseudo(line: &str) -> bool {
    pseudo_name(line).is_some_and(|name| name.eq_ignore_ascii_case(":status"))
}

/// How the lines of a head sit in the source text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Layout {
    /// Plain text with `n` bytes of indentation before the start line, which the following
    /// lines may repeat (text pasted from documentation).
    Indented(usize),
    /// `curl -v` output: only the lines that start with this marker (`>` for the request,
    /// `<` for the response) belong to the head; the marker and one space are not content.
    /// Other lines (curl's `*` notes, its progress meter, the copy printed by `-i`) are skipped.
    Marked(u8),
}

impl Layout {
    /// Where a line's content starts, or `None` when the line is not part of the head.
    fn content_start(self, src: &str, line: Line, first_prefix: &str) -> Option<usize> {
        let raw = line.text(src);
        match self {
            Layout::Indented(n) => {
                Some(if raw.starts_with(first_prefix) { line.start + n } else { line.start })
            }
            Layout::Marked(marker) => {
                let rest = raw.as_bytes();
                (rest.first() == Some(&marker))
                    .then(|| line.start + 1 + usize::from(rest.get(1) == Some(&b' ')))
            }
        }
    }
}

/// Whether a line of `curl -v` output starts a request (`> GET ...`) or a response
/// (`< HTTP/1.1 ...`).
pub(crate) fn starts_marked_message(line: &str) -> bool {
    match line.as_bytes() {
        [b'>' | b'<', b' ', ..] => looks_like_start_line(&line[2..]),
        _ => false,
    }
}

/// Parses the head whose start line begins at `start`, laid out as `layout` says.
pub(crate) fn parse_head(src: &str, start: usize, layout: Layout) -> Head {
    let first = line_at(src, start).expect("parse_head is called at a line");
    let indent = match layout {
        Layout::Indented(n) => n,
        Layout::Marked(_) => 2.min(first.end - first.start),
    };
    let content_start = first.start + indent;
    let start_text = &src[content_start..first.end];
    let start_span = Span::new(content_start, first.end);
    let pseudo = starts_pseudo_head(start_text);
    let mut issues = Vec::new();
    let (start_line, version) = if pseudo {
        // Built from the pseudo-headers once they are read; the first line is a field.
        let empty = Span::new(content_start, content_start);
        let start = if is_status_pseudo(start_text) {
            StartLine::Response { version: empty, status: empty, reason: empty, code: 0 }
        } else {
            StartLine::Request { method: empty, target: empty, version: empty }
        };
        (start, Some((2, 0)))
    } else {
        parse_start_line(start_text, content_start, &mut issues)
    };
    let indent_text = &src[first.start..content_start];

    let mut head = Head {
        start: start_line,
        start_line: start_span,
        fields: Vec::with_capacity(16),
        complete: false,
        span: start_span,
        end: first.next,
        issues,
        version,
        pseudo,
    };
    let mut lf_count = 0;
    let mut crlf_seen = false;
    let mut first_lf = None;
    let mut note_ending = |line: Line| match line.ending {
        Ending::Lf => {
            lf_count += 1;
            first_lf.get_or_insert(Span::new(line.end, line.next));
        }
        Ending::CrLf => crlf_seen = true,
        Ending::Eof => {}
    };
    note_ending(first);
    if pseudo {
        parse_field_line(src, &mut head, first, content_start, None);
    }

    let mut at = first.next;
    // Why the head stopped without its blank line: the next message began, or the text
    // ends inside a line that is not a field.
    let mut next_message = false;
    let mut cut_inside_line = false;
    while let Some(line) = line_at(src, at) {
        let raw = line.text(src);
        let Some(body_start) = layout.content_start(src, line, indent_text) else {
            // A line of curl's own (or a copy of the response) between the marked lines.
            at = line.next;
            continue;
        };
        let text = &src[body_start..line.end];
        if text.is_empty() || (trim_ows(text).is_empty() && raw.len() <= indent) {
            note_ending(line);
            head.complete = true;
            head.end = line.next;
            head.span = Span::new(start_span.start as usize, line.next);
            break;
        }
        // In a copy of HTTP/2 fields, a request pseudo-header after a response (or `:status`
        // after a request) begins the next message.
        let next_pseudo_message =
            pseudo && starts_pseudo_head(text) && is_status_pseudo(text) != head_is_response(&head);
        let scan = scan_name(text);
        if looks_like_start_line_at(text, scan.separator)
            || (matches!(layout, Layout::Marked(_)) && starts_marked_message(raw))
            || next_pseudo_message
        {
            // The next message begins before this head was closed.
            next_message = true;
            break;
        }
        if line.ending == Ending::Eof && !text.contains(':') {
            // The capture stops inside this line: it is part of the truncation, not a field.
            head.end = line.next;
            head.span = Span::new(start_span.start as usize, line.end);
            cut_inside_line = true;
            break;
        }
        note_ending(line);
        at = line.next;
        head.end = line.next;
        head.span = Span::new(start_span.start as usize, line.end);
        parse_field_line(src, &mut head, line, body_start, Some(scan));
    }
    if head.is_h2_or_later() {
        // HTTP/2 and HTTP/3 send fields in binary frames: a copy of them has no blank line
        // to end it, and no line endings on the wire to get wrong.
        head.complete = true;
        first_lf = None;
    }
    let ends_with_a_field = head
        .fields
        .last()
        .is_some_and(|f| f.line.end == head.span.end && f.name.start < f.name.end);
    // Copies of header lines lose their CRs with their blank line; bytes from the wire keep
    // CRLF, so a CRLF head that stops early is a cut capture.
    let copied = lf_count > 0 && !crlf_seen;
    if !head.complete {
        let kind = if !cut_inside_line && ends_with_a_field && copied {
            // Every field is there, only the blank line is not.
            head.complete = true;
            IssueKind::NotClosed { next_message }
        } else {
            IssueKind::Truncated { fields: head.fields.len() }
        };
        let at = Span::new(head.span.end as usize, head.span.end as usize);
        head.issues.push(Issue { kind, span: at });
    }
    if let Some(span) = first_lf {
        head.issues.push(Issue { kind: IssueKind::BareLf { count: lf_count }, span });
    }
    if pseudo {
        pseudo_start_line(src, &mut head);
    }
    // The strict parser needs the head as one contiguous HTTP/1 text, which only unindented
    // plain text with a start line is.
    if head.complete
        && layout == Layout::Indented(0)
        && head.issues.is_empty()
        && !head.is_h2_or_later()
    {
        if let Some(reason) = strict_opinion(&src[head.span.range()], head.is_request()) {
            head.issues.push(Issue { kind: IssueKind::Strict(reason), span: start_span });
        }
    }
    // The fields grew by doubling from the 16 reserved for a usual head: a head of a hundred
    // thousand lines could keep room for as many again while its report is built, and a
    // tiny one (a bare status line, one in every 16 bytes of a text of them) 896 bytes for
    // none. A head that fills at least half of its room is left as it is.
    if head.fields.capacity() > 2 * head.fields.len() {
        head.fields.shrink_to_fit();
    } else {
        trim_slack(&mut head.fields);
    }
    // Most heads have no issue; a bare status line has two in room for four. (A long list is
    // left as it is: shrinking it would copy it, and it is at most half empty.)
    if head.issues.len() < 16 && head.issues.capacity() > head.issues.len() {
        head.issues.shrink_to_fit();
    }
    head
}

/// Gives back a list's unused room when it is large (a usual list's few spare places stay,
/// which spares it a reallocation).
pub(crate) fn trim_slack<T>(list: &mut Vec<T>) {
    if list.capacity() - list.len() > 256 {
        list.shrink_to_fit();
    }
}

fn head_is_response(head: &Head) -> bool {
    !head.is_request()
}

/// Fills the start line of a pseudo-header head from `:method` and `:path`, or `:status`.
fn pseudo_start_line(src: &str, head: &mut Head) {
    let value_of = |name: &str| head.first(src, name).map(|f| f.value);
    match head.start {
        StartLine::Request { method, target, version } => {
            let method = value_of(":method").unwrap_or(method);
            let target = value_of(":path").unwrap_or(target);
            head.start = StartLine::Request { method, target, version };
        }
        StartLine::Response { version, status, reason, .. } => {
            let status = value_of(":status").unwrap_or(status);
            let text = &src[status.range()];
            let code = if text.len() == 3 { text.parse().unwrap_or(0) } else { 0 };
            head.start = StartLine::Response { version, status, reason, code };
        }
    }
    let line = head.first(src, if head.is_request() { ":method" } else { ":status" });
    if let Some(line) = line.map(|f| f.line) {
        head.start_line = line;
    }
}

fn parse_start_line(
    text: &str,
    base: usize,
    issues: &mut Vec<Issue>,
) -> (StartLine, Option<(u8, u8)>) {
    let whole = Span::new(base, base + text.len());
    let mut issue = |span: Span, kind: IssueKind| issues.push(Issue { kind, span });
    let malformed = IssueKind::MalformedStartLine;
    if text.contains('\r') {
        issue(whole, malformed("it contains a bare CR"));
    }
    // The words between runs of spaces and tabs, with their offsets in `text`: a start line
    // has three, kept on the stack; a line of many goes to the heap.
    let mut first_words = [(0, ""); 8];
    let mut all_words: Vec<(usize, &str)> = Vec::new();
    let mut count = 0;
    let mut at = 0;
    for word in text.split([' ', '\t']) {
        if !word.is_empty() {
            match count {
                0..8 => first_words[count] = (at, word),
                8 => {
                    all_words.extend_from_slice(&first_words);
                    all_words.push((at, word));
                }
                _ => all_words.push((at, word)),
            }
            count += 1;
        }
        at += word.len() + 1;
    }
    let words: &[(usize, &str)] = if count <= 8 { &first_words[..count] } else { &all_words };
    let span_of = |(pos, word): (usize, &str)| Span::new(base + pos, base + pos + word.len());
    let end = Span::new(base + text.len(), base + text.len());
    // The separator after word `i`, when it is not the single space the grammar wants.
    let odd_separator = |i: usize| -> Option<(Span, &'static str)> {
        let (pos, word) = *words.get(i)?;
        let next = words.get(i + 1)?.0;
        let sep = &text[pos + word.len()..next];
        let why = if sep.contains('\t') {
            "the parts are separated by one space, not a tab"
        } else if sep.len() > 1 {
            "the parts are separated by one space, not several"
        } else {
            return None;
        };
        Some((Span::new(base + pos + word.len(), base + next), why))
    };
    let first = words.first().copied().unwrap_or((0, ""));
    let response_version = read_version(first.1)
        .filter(|_| text.starts_with("HTTP/") || words.get(1).is_some_and(|w| is_status_code(w.1)));
    if text.starts_with("HTTP/") || response_version.is_some() {
        // Leading whitespace was removed with the indentation, so `first` starts the line.
        match response_version {
            Some(VersionWord { defect: Some(VersionDefect::Case), .. }) => {
                issue(span_of(first), IssueKind::StatusVersionCase);
            }
            Some(VersionWord { defect: Some(defect), .. }) => {
                issue(span_of(first), malformed(defect.why()));
            }
            Some(_) => {}
            None => issue(span_of(first), malformed("the version is not HTTP/<digit>.<digit>")),
        }
        let status_word = words.get(1).copied();
        let code = match status_word {
            Some((_, word)) if is_status_code(word) => word.parse().unwrap_or(0),
            Some(word) => {
                issue(span_of(word), malformed("the status code is not three digits"));
                0
            }
            None => {
                issue(whole, malformed("the status code is missing"));
                0
            }
        };
        // Between the version and the code exactly one space; between the code and the
        // reason one space, after which the reason may begin with more spaces or tabs.
        if let Some((span, why)) = odd_separator(0) {
            issue(span, malformed(why));
        }
        if let Some((span, why)) = odd_separator(1)
            .filter(|(span, _)| text.as_bytes().get(span.start as usize - base) != Some(&b' '))
        {
            issue(span, malformed(why));
        }
        let reason = match words.get(2) {
            Some(&(pos, _)) => Span::new(base + pos, base + text.len()),
            None => end,
        };
        // `HTTP/1.1 101` with nothing after the code: the space before the reason is missing.
        if let Some((pos, word)) = status_word.filter(|_| words.len() == 2) {
            if pos + word.len() == text.len() && is_status_code(word) {
                issue(span_of((pos, word)), IssueKind::StatusWithoutReason);
            }
        }
        let start = StartLine::Response {
            version: span_of(first),
            status: status_word.map_or(end, span_of),
            reason,
            code,
        };
        return (start, response_version.map(|v| v.number));
    }
    let method = span_of(first);
    if !is_token(first.1) {
        issue(method, malformed("the method is not a token"));
    }
    let (target, version_word) = match words.len() {
        0 | 1 => {
            issue(whole, malformed("a request line has three parts: method, target and version"));
            (end, None)
        }
        2 if read_version(words[1].1).is_none() => {
            issue(end, malformed("the version is missing: a request line ends with `HTTP/1.1`"));
            (span_of(words[1]), None)
        }
        2 => {
            issue(
                method,
                malformed("the request-target is missing between the method and the version"),
            );
            (Span::new(method.end as usize, method.end as usize), Some(words[1]))
        }
        n => {
            let target = Span::new(base + words[1].0, base + words[n - 2].0 + words[n - 2].1.len());
            if n > 3 {
                issue(target, malformed("the request-target contains whitespace"));
            }
            (target, Some(words[n - 1]))
        }
    };
    // After the method and before the version; whitespace inside the target is said above.
    let separators = [Some(0), words.len().checked_sub(2).filter(|&i| i > 0)];
    for (span, why) in separators.into_iter().flatten().filter_map(odd_separator) {
        issue(span, malformed(why));
    }
    let version = version_word.and_then(|w| read_version(w.1));
    match (version_word, version) {
        (Some(word), Some(VersionWord { defect: Some(defect), .. })) => {
            issue(span_of(word), malformed(defect.why()));
        }
        (Some(word), None) => {
            issue(span_of(word), malformed("the version is not HTTP/<digit>.<digit>"));
        }
        _ => {}
    }
    let version_span = version_word.map_or(end, span_of);
    (StartLine::Request { method, target, version: version_span }, version.map(|v| v.number))
}

/// Reads one field line; `scan` is [`scan_name`] of its text when the caller has it.
fn parse_field_line(
    src: &str,
    head: &mut Head,
    line: Line,
    body_start: usize,
    scan: Option<NameScan>,
) {
    let text = &src[body_start..line.end];
    let span = Span::new(body_start, line.end);
    // Almost every line has no control character at all: one branch-free pass rules out both
    // checks that look for them.
    let controls = has_control(text.as_bytes());
    if controls && memchr::memchr(b'\r', text.as_bytes()).is_some() {
        head.issues.push(Issue { kind: IssueKind::BareCr, span });
    }
    if text.starts_with([' ', '\t']) {
        let Some(previous) = head.fields.last_mut() else {
            head.issues.push(Issue { kind: IssueKind::WhitespaceBeforeFirstField, span });
            return;
        };
        head.issues.push(Issue { kind: IssueKind::ObsFold, span });
        let piece = trim_ows(text);
        let mut joined =
            previous.folded.take().unwrap_or_else(|| src[previous.value.range()].to_owned());
        if !piece.is_empty() {
            let offset = body_start + (text.len() - text.trim_start_matches([' ', '\t']).len());
            if !joined.is_empty() {
                joined.push(' ');
            } else {
                previous.value.start = u32::try_from(offset).unwrap_or(u32::MAX);
            }
            joined.push_str(piece);
            previous.value.end = u32::try_from(offset + piece.len()).unwrap_or(u32::MAX);
        }
        previous.folded = Some(joined);
        previous.line.end = span.end;
        return;
    }
    // A pseudo-header's name starts with a colon; its own colon comes after.
    let name_offset = usize::from(head.pseudo && text.starts_with(':'));
    let bytes = text.as_bytes();
    // When the caller's scan stopped at this line's colon, it has read the name already.
    let (colon, scanned) = match scan {
        Some(NameScan { separator: Some(at), hash, token })
            if name_offset == 0 && bytes.get(at) == Some(&b':') =>
        {
            (Some(at), Some((hash, token)))
        }
        _ => (bytes[name_offset..].iter().position(|&b| b == b':').map(|c| c + name_offset), None),
    };
    let Some(colon) = colon else {
        head.issues.push(Issue { kind: IssueKind::MissingColon, span });
        return;
    };
    let raw_name = &text[..colon];
    let name =
        &raw_name[..raw_name.bytes().rposition(|b| b != b' ' && b != b'\t').map_or(0, |i| i + 1)];
    if name.len() != raw_name.len() {
        let at = Span::new(body_start + name.len(), body_start + colon);
        head.issues.push(Issue { kind: IssueKind::SpaceBeforeColon, span: at });
    }
    let (hash, token) =
        scanned.unwrap_or_else(|| (name_hash(name), is_token(&name[name_offset..])));
    let name_span = Span::new(body_start, body_start + name.len());
    if !token || name.len() == name_offset {
        head.issues.push(Issue { kind: IssueKind::InvalidFieldName, span: name_span });
    }
    let after = &text[colon + 1..];
    let value = trim_ows(after);
    let leading = after.bytes().take_while(|&b| b == b' ' || b == b'\t').count();
    let value_start = body_start + colon + 1 + leading;
    let value_span = Span::new(value_start, value_start + value.len());
    let control =
        || value.bytes().position(|b| (b < 0x20 && b != b'\t' && b != b'\r') || b == 0x7f);
    if let Some(pos) = controls.then(control).flatten() {
        let at = value_start + pos;
        head.issues.push(Issue { kind: IssueKind::ControlInValue, span: Span::new(at, at + 1) });
    }
    head.fields.push(Field {
        name: name_span,
        value: value_span,
        line: span,
        folded: None,
        name_hash: hash,
    });
}

/// Whether `bytes` hold a control character other than HTAB (CR and DEL included), in
/// blocks the compiler turns into vector instructions.
fn has_control(bytes: &[u8]) -> bool {
    let control = |b: u8| (b < 0x20) & (b != b'\t') | (b == 0x7f);
    let mut blocks = bytes.chunks_exact(16);
    for block in &mut blocks {
        if block.iter().fold(false, |any, &b| any | control(b)) {
            return true;
        }
    }
    blocks.remainder().iter().any(|&b| control(b))
}

/// What httparse, a strict parser, thinks of a complete head; `None` when it accepts it.
fn strict_opinion(head: &str, is_request: bool) -> Option<String> {
    // Uninitialised slots spare a 4 KB fill on every head.
    let mut headers = [const { std::mem::MaybeUninit::uninit() }; 128];
    let config = httparse::ParserConfig::default();
    let result = if is_request {
        config
            .parse_request_with_uninit_headers(
                &mut httparse::Request::new(&mut []),
                head.as_bytes(),
                &mut headers,
            )
            .map(|s| s.is_complete())
    } else {
        config
            .parse_response_with_uninit_headers(
                &mut httparse::Response::new(&mut []),
                head.as_bytes(),
                &mut headers,
            )
            .map(|s| s.is_complete())
    };
    match result {
        Ok(_) | Err(httparse::Error::TooManyHeaders) => None,
        Err(error) => Some(error.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(src: &str) -> Vec<(String, String)> {
        let head = parse_head(src, 0, Layout::Indented(0));
        head.fields.iter().map(|f| (f.name(src).to_owned(), f.value(src).to_owned())).collect()
    }

    #[test]
    fn keeps_casing_order_and_duplicates() {
        let src = "GET / HTTP/1.1\r\nhost: a\r\nX-A: 1\r\nX-A: 2\r\n\r\n";
        assert_eq!(
            fields(src),
            [("host".into(), "a".into()), ("X-A".into(), "1".into()), ("X-A".into(), "2".into())]
        );
        let head = parse_head(src, 0, Layout::Indented(0));
        assert!(head.complete);
        assert!(head.issues.is_empty(), "{:?}", head.issues);
        assert_eq!(head.end, src.len());
    }

    #[test]
    fn unfolds_obs_fold_and_flags_it() {
        let src = "GET / HTTP/1.1\r\nX: a\r\n  b\r\n\r\n";
        assert_eq!(fields(src), [("X".into(), "a b".into())]);
        let head = parse_head(src, 0, Layout::Indented(0));
        assert!(head.issues.iter().any(|i| i.kind == IssueKind::ObsFold));
        assert!(!head.fields[0].contiguous());
    }

    #[test]
    fn flags_space_before_colon_and_bare_lf() {
        let src = "GET / HTTP/1.1\nHost : a\n\n";
        let head = parse_head(src, 0, Layout::Indented(0));
        let kinds: Vec<_> = head.issues.iter().map(|i| &i.kind).collect();
        assert!(kinds.contains(&&IssueKind::SpaceBeforeColon));
        assert!(kinds.contains(&&IssueKind::BareLf { count: 3 }));
        assert_eq!(head.fields[0].name(src), "Host");
    }

    #[test]
    fn truncated_head_is_a_state() {
        let src = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upg";
        let head = parse_head(src, 0, Layout::Indented(0));
        assert!(!head.complete);
        assert_eq!(head.fields.len(), 2);
        assert!(head.issues.iter().any(|i| i.kind == IssueKind::Truncated { fields: 2 }));
    }

    #[test]
    fn a_copy_of_header_lines_is_whole_without_its_blank_line() {
        // Firefox's Copy Response Headers: no CR, nothing after the last field.
        let src = "HTTP/1.1 101 Switching Protocols\nUpgrade: websocket\nConnection: Upgrade";
        let head = parse_head(src, 0, Layout::Indented(0));
        assert!(head.complete);
        assert_eq!(head.fields.len(), 2);
        let kinds: Vec<_> = head.issues.iter().map(|i| &i.kind).collect();
        assert!(kinds.contains(&&IssueKind::NotClosed { next_message: false }), "{kinds:?}");
        // A request copy pasted straight above the response copy.
        let src = "GET / HTTP/1.1\nHost: a\nHTTP/1.1 101 Switching Protocols\n";
        let head = parse_head(src, 0, Layout::Indented(0));
        assert!(head.complete);
        assert!(head.issues.iter().any(|i| i.kind == IssueKind::NotClosed { next_message: true }));
        // Cut inside a line, before any field, or in CRLF lines (bytes from the wire): a
        // truncation.
        for cut in
            ["GET / HTTP/1.1\n", "GET / HTTP/1.1\nHost: a\nX-", "GET / HTTP/1.1\r\nHost: a\r\n"]
        {
            assert!(!parse_head(cut, 0, Layout::Indented(0)).complete, "{cut:?}");
        }
    }

    #[test]
    fn pseudo_header_heads_build_their_start_line() {
        let src = ":authority: a\n:method: CONNECT\n:path: /chat\nx: 1\n:status: 200\ny: 2\n";
        let request = parse_head(src, 0, Layout::Indented(0));
        assert!(request.pseudo && request.complete && request.issues.is_empty());
        let StartLine::Request { method, target, .. } = request.start else { panic!() };
        assert_eq!((&src[method.range()], &src[target.range()]), ("CONNECT", "/chat"));
        assert_eq!(request.fields.len(), 4);
        let response = parse_head(src, request.end, Layout::Indented(0));
        assert_eq!(response.status(), Some(200));
        assert_eq!(response.fields[1].name(src), "y");
    }

    #[test]
    fn start_line_detection() {
        assert!(looks_like_start_line("GET /chat HTTP/1.1"));
        assert!(looks_like_start_line("HTTP/1.1 101 Switching Protocols"));
        assert!(looks_like_start_line("HTTP/2 200"));
        assert!(!looks_like_start_line("Host: example.com"));
        assert!(!looks_like_start_line("<html>"));
        // Nearly right: read, with a finding on the part that is wrong.
        assert!(looks_like_start_line("GET /chat http/1.1"));
        assert!(looks_like_start_line("GET\t/chat\tHTTP/1.1"));
        assert!(looks_like_start_line("http/1.1 101 Switching Protocols"));
        assert!(looks_like_start_line("HTPP/1.1 101"));
        // Prose that mentions a version is not a start line.
        assert!(!looks_like_start_line("see the http/1.1 spec"));
        assert!(!looks_like_start_line("tried HTTPS/1.1 first"));
    }

    #[test]
    fn the_reason_may_start_with_more_whitespace() {
        let issues = |line: &str| {
            let mut issues = Vec::new();
            parse_start_line(line, 0, &mut issues);
            issues
        };
        assert!(issues("HTTP/1.1 101  Switching Protocols").is_empty());
        assert!(!issues("HTTP/1.1 101\tSwitching Protocols").is_empty());
        assert!(!issues("HTTP/1.1  101 Switching Protocols").is_empty());
        assert!(!looks_like_start_line("Server replied: http/1.1"));
    }

    #[test]
    fn versions_nearly_right() {
        let defect = |w: &str| read_version(w).map(|v| v.defect.map(VersionDefect::why));
        assert_eq!(defect("HTTP/1.1"), Some(None));
        assert!(defect("http/1.1").unwrap().unwrap().contains("case-sensitive"));
        assert!(defect("HTTP1.1").unwrap().unwrap().contains("slash"));
        assert!(defect("HTTP/1,1").unwrap().unwrap().contains("dot"));
        for misspelled in ["HTPP/1.1", "HTTTP/1.1", "HTP/1.1", "HTTX/1.1"] {
            assert!(defect(misspelled).unwrap().unwrap().contains("misspelled"), "{misspelled}");
        }
        for not_a_version in ["FTP/1.1", "HTTP/1.1.1", "HTTPS/11", "/1.1", "HTTP/"] {
            assert_eq!(defect(not_a_version), None, "{not_a_version}");
        }
        assert_eq!(read_version("http/1.0").map(|v| v.number), Some((1, 0)));
    }

    #[test]
    fn strict_parser_second_opinion() {
        let src = "GET / HTTP/1.1\r\nX: a\x01b\r\n\r\n";
        let head = parse_head(src, 0, Layout::Indented(0));
        assert!(head.issues.iter().any(|i| i.kind == IssueKind::ControlInValue));
    }
}
