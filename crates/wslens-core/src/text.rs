//! Lines and positions in the source text.

use crate::{names, report::Span};

/// `n` followed by the noun in the number that fits: `counted(1, "line", "lines")` is
/// "1 line", `counted(3, "line", "lines")` is "3 lines". Every count that a person reads
/// (findings, the CLI's summary, the viewer's status) is written with it.
pub fn counted(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The pieces joined, in one allocation of the exact size: cheaper than `format!` for the
/// texts built on every exchange (notes, reasons, the request's URL).
pub(crate) fn concat(pieces: &[&str]) -> String {
    let mut out = String::with_capacity(pieces.iter().map(|p| p.len()).sum());
    for piece in pieces {
        out.push_str(piece);
    }
    out
}

/// `n` in decimal, written into `buffer`.
pub(crate) fn decimal(mut n: usize, buffer: &mut [u8; 20]) -> &str {
    let mut at = buffer.len();
    loop {
        at -= 1;
        buffer[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    std::str::from_utf8(&buffer[at..]).unwrap_or_default()
}

/// How a line ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Ending {
    /// `\r\n`, as HTTP/1.1 requires.
    CrLf,
    /// A bare `\n`, which a recipient MAY accept (RFC 9112 §2.2).
    Lf,
    /// The text ends without a line ending.
    Eof,
}

/// One line of the source text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Line {
    /// First byte of the line.
    pub(crate) start: usize,
    /// End of the content, before `\r\n` or `\n`.
    pub(crate) end: usize,
    /// First byte of the next line.
    pub(crate) next: usize,
    /// How it ends.
    pub(crate) ending: Ending,
}

impl Line {
    pub(crate) fn text(self, src: &str) -> &str {
        &src[self.start..self.end]
    }
}

/// The line that starts at `start`, or `None` at the end of the text.
pub(crate) fn line_at(src: &str, start: usize) -> Option<Line> {
    if start >= src.len() {
        return None;
    }
    let rest = &src.as_bytes()[start..];
    Some(match memchr::memchr(b'\n', rest) {
        Some(nl) if nl > 0 && rest[nl - 1] == b'\r' => {
            Line { start, end: start + nl - 1, next: start + nl + 1, ending: Ending::CrLf }
        }
        Some(nl) => Line { start, end: start + nl, next: start + nl + 1, ending: Ending::Lf },
        None => Line { start, end: src.len(), next: src.len(), ending: Ending::Eof },
    })
}

/// Iterates over the lines from `start` on.
pub(crate) fn lines_from(src: &str, start: usize) -> impl Iterator<Item = Line> + '_ {
    let mut at = start;
    std::iter::from_fn(move || {
        let line = line_at(src, at)?;
        at = line.next;
        Some(line)
    })
}

/// The largest character boundary at or before `at` (offsets computed from byte counts on
/// the wire, such as Content-Length, can fall inside a character of the decoded text).
pub(crate) fn floor_char_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// Converts byte offsets to 1-based line and column numbers.
#[derive(Clone, Debug)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes the line starts of `text`.
    pub fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(text.bytes().enumerate().filter(|&(_, b)| b == b'\n').map(|(i, _)| i + 1));
        LineIndex { starts }
    }

    /// The 1-based line and 1-based byte column of `offset`.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let line = self.starts.partition_point(|&s| s <= offset).max(1);
        (line, offset - self.starts[line - 1] + 1)
    }

    /// The byte offset where 1-based `line` starts.
    pub fn line_start(&self, line: usize) -> usize {
        self.starts[line.clamp(1, self.starts.len()) - 1]
    }

    /// Where the line after 1-based `line` starts, or `None` when `line` is the last.
    pub fn next_line_start(&self, line: usize) -> Option<usize> {
        self.starts.get(line).copied()
    }
}

/// The request-target as it went on the wire: the path and query of a URL.
pub(crate) fn origin_form(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    match rest.find(['/', '?']) {
        Some(i) if rest[i..].starts_with('/') => rest[i..].split('#').next().unwrap_or("/"),
        _ => "/",
    }
}

/// A value from a structured capture (a HAR's JSON string, a command-line argument) may hold a
/// line break, which would end the rebuilt line.
pub(crate) fn one_line(s: &str) -> std::borrow::Cow<'_, str> {
    if s.contains(['\r', '\n']) {
        std::borrow::Cow::Owned(s.replace(['\r', '\n'], " "))
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

/// Where the `wslens probe` note is when the last line of `text[from..at]` is one: the line
/// just before a message that starts at `at`. The rules read the note there, and the body
/// of a message before it ends above it, so both take the same line for the note.
pub(crate) fn probe_note_before(text: &str, from: usize, at: usize) -> Option<Span> {
    let before = text.get(from..at)?.trim_end_matches(['\r', '\n']);
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    before[start..]
        .starts_with(names::PROBE_NOTE)
        .then(|| Span::new(from + start, from + before.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_crlf_lf_and_eof() {
        let src = "a\r\nb\nc";
        let lines: Vec<_> = lines_from(src, 0).map(|l| (l.text(src), l.ending)).collect();
        assert_eq!(lines, [("a", Ending::CrLf), ("b", Ending::Lf), ("c", Ending::Eof)]);
    }

    #[test]
    fn line_col_is_one_based() {
        let index = LineIndex::new("ab\ncd\n");
        assert_eq!(index.line_col(0), (1, 1));
        assert_eq!(index.line_col(4), (2, 2));
        assert_eq!(index.line_col(6), (3, 1));
    }
}
