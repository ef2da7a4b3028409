//! The handshake's list headers, each parsed once per message into typed values with spans.
//!
//! Connection, Upgrade, Sec-WebSocket-Protocol and Sec-WebSocket-Extensions are the headers
//! whose values have a grammar of their own. [`Headers::parse`] reads each of their lines once;
//! the rules (through the rule context), the expected response, the negotiation table and the
//! header notes read the result, and nothing else splits one of these values. [`deflate`]
//! reads permessage-deflate's parameters from a parsed element.

pub(crate) mod deflate;

use std::ops::Range;

use crate::{
    grammar::{self, GrammarError},
    http::{is_tchar, name_hash, trim_ows, trim_slack, Field, Head},
    names,
    report::{ExtensionItem, ExtensionParam, SharedSource, Span, Text},
};

/// Which list header a line is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// `Connection: 1#token` (RFC 9110 §7.6.1), each element whole.
    Connection,
    /// `Upgrade: 1#protocol` (RFC 9110 §7.8), each element whole.
    Upgrade,
    /// `Sec-WebSocket-Protocol: 1#token` (RFC 6455 §4.1 item 10), its valid tokens.
    Protocol,
    /// `Sec-WebSocket-Extensions: 1#extension` (RFC 6455 §9.1).
    Extensions,
}

impl Kind {
    const ALL: [(Kind, &'static str, u32); 4] = [
        (Kind::Connection, names::CONNECTION, name_hash(names::CONNECTION)),
        (Kind::Upgrade, names::UPGRADE, name_hash(names::UPGRADE)),
        (Kind::Protocol, names::SEC_WEBSOCKET_PROTOCOL, name_hash(names::SEC_WEBSOCKET_PROTOCOL)),
        (
            Kind::Extensions,
            names::SEC_WEBSOCKET_EXTENSIONS,
            name_hash(names::SEC_WEBSOCKET_EXTENSIONS),
        ),
    ];

    fn of(src: &str, field: &Field) -> Option<Kind> {
        Kind::ALL
            .iter()
            .find(|(_, name, hash)| field.name_hash == *hash && field.is(src, name))
            .map(|(kind, _, _)| *kind)
    }
}

/// A list value longer than this is counted before it is read.
const LONG_LIST: usize = 256;

/// Makes room in `list` for the elements of a long list value that start with a token, once:
/// a hostile list of half a million items would otherwise be copied on every doubling, and a
/// million commas (or `@,`s) alone hold no item. (An estimate: a quoted string can hold a
/// comma.)
fn reserve_for<T>(list: &mut Vec<T>, value: &str) {
    if value.len() > LONG_LIST {
        let starts_a_token = |e: &&str| trim_ows(e).bytes().next().is_some_and(is_tchar);
        list.reserve(value.split(',').filter(starts_a_token).count());
    }
}

/// One element of a list, borrowed from the text, and where it is.
pub(crate) type Token<'h> = (&'h str, Span);

/// One line of a list header: its field, its items (a range into the header's items), and
/// the grammar errors in its value (ranges inside the value, see [`Field::inner`]).
#[derive(Clone, Debug)]
pub(crate) struct Line<'h> {
    pub(crate) kind: Kind,
    pub(crate) field: &'h Field,
    /// The field's index in its head.
    pub(crate) index: usize,
    pub(crate) items: Range<usize>,
    pub(crate) errors: Vec<GrammarError>,
}

/// The list headers of one message, parsed.
#[derive(Clone, Debug, Default)]
pub(crate) struct Headers<'h> {
    /// Every line of the four headers, in field order.
    pub(crate) lines: Vec<Line<'h>>,
    /// The elements of every Connection and Upgrade line, each line's a range of them (see
    /// [`Headers::connection`] and [`Headers::upgrade`]).
    elements: Vec<Token<'h>>,
    /// Sec-WebSocket-Protocol's tokens over all its lines (borrowed: an offer of a hundred
    /// thousand is read without a hundred thousand copies).
    pub(crate) protocols: Vec<Token<'h>>,
    /// Sec-WebSocket-Extensions' elements over all its lines.
    pub(crate) extensions: Vec<ExtensionItem>,
}

#[cfg(test)]
thread_local! {
    /// How many header values [`Headers::parse`] has read, for the test that each is read once.
    pub(crate) static PARSED_VALUES: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

impl<'h> Headers<'h> {
    /// Reads the list headers of `head`.
    pub(crate) fn parse(src: &'h str, head: &'h Head) -> Headers<'h> {
        Headers::parse_in(src, head, None)
    }

    /// [`Headers::parse`], where `src` is `source`'s text: the extension names and
    /// parameters share it instead of copying it.
    pub(crate) fn parse_in(
        src: &'h str,
        head: &'h Head,
        source: Option<&SharedSource>,
    ) -> Headers<'h> {
        let text = |piece: &str| match source {
            Some(source) => source.text_of(piece),
            None => Text::from(piece.to_owned()),
        };
        let mut out = Headers::default();
        for (index, field) in head.fields.iter().enumerate() {
            let Some(kind) = Kind::of(src, field) else { continue };
            #[cfg(test)]
            PARSED_VALUES.with(|n| n.set(n.get() + 1));
            let value = field.value(src);
            let token = |item: grammar::Item<'h>| (item.text, field.inner(item.at));
            let (items, errors) = match kind {
                Kind::Connection | Kind::Upgrade => {
                    let list = &mut out.elements;
                    let start = list.len();
                    let errors =
                        grammar::elements(value, kind == Kind::Upgrade, |i| list.push(token(i)));
                    (start..list.len(), errors)
                }
                Kind::Protocol => {
                    reserve_for(&mut out.protocols, value);
                    let start = out.protocols.len();
                    let errors = grammar::each_token(value, |i| out.protocols.push(token(i)));
                    (start..out.protocols.len(), errors)
                }
                Kind::Extensions => {
                    reserve_for(&mut out.extensions, value);
                    let start = out.extensions.len();
                    let param = |p: grammar::Param<'h>| ExtensionParam {
                        name: text(p.name.text),
                        value: p.value.map(|v| match v.text {
                            std::borrow::Cow::Borrowed(piece) => text(piece),
                            std::borrow::Cow::Owned(unquoted) => Text::from(unquoted),
                        }),
                        span: field.inner(p.at),
                    };
                    let (errors, _) = grammar::each_extension(value, param, |mut ext| {
                        trim_slack(&mut ext.params);
                        out.extensions.push(ExtensionItem {
                            name: text(ext.name.text),
                            span: field.inner(ext.at),
                            params: ext.params,
                        });
                    });
                    (start..out.extensions.len(), errors)
                }
            };
            out.lines.push(Line { kind, field, index, items, errors });
        }
        out
    }

    /// The lines of one header, in order.
    pub(crate) fn lines_of(&self, kind: Kind) -> impl Iterator<Item = &Line<'h>> + '_ {
        self.lines.iter().filter(move |l| l.kind == kind)
    }

    /// The line of the field at `index` in its head, when it is one of the list headers.
    pub(crate) fn line_at(&self, index: usize) -> Option<&Line<'h>> {
        let at = self.lines.binary_search_by_key(&index, |l| l.index).ok()?;
        self.lines.get(at)
    }

    /// The tokens of a Connection, Upgrade or Sec-WebSocket-Protocol line.
    pub(crate) fn tokens(&self, line: &Line<'h>) -> &[Token<'h>] {
        let list = match line.kind {
            Kind::Connection | Kind::Upgrade => &self.elements,
            Kind::Protocol => &self.protocols,
            Kind::Extensions => return &[],
        };
        list.get(line.items.clone()).unwrap_or(&[])
    }

    /// The extensions of a Sec-WebSocket-Extensions line.
    pub(crate) fn extensions_of(&self, line: &Line<'h>) -> &[ExtensionItem] {
        match line.kind {
            Kind::Extensions => self.extensions.get(line.items.clone()).unwrap_or(&[]),
            _ => &[],
        }
    }

    /// Connection's elements over all its lines.
    pub(crate) fn connection(&self) -> impl Iterator<Item = &Token<'h>> + '_ {
        self.lines_of(Kind::Connection).flat_map(|line| self.tokens(line))
    }

    /// Upgrade's elements over all its lines.
    pub(crate) fn upgrade(&self) -> impl Iterator<Item = &Token<'h>> + '_ {
        self.lines_of(Kind::Upgrade).flat_map(|line| self.tokens(line))
    }

    /// Whether some Connection line has the element `token` (ASCII case-insensitive).
    pub(crate) fn connection_has(&self, token: &str) -> bool {
        self.connection().any(|(t, _)| t.eq_ignore_ascii_case(token))
    }

    /// Whether some Upgrade line has the element `protocol` (ASCII case-insensitive).
    pub(crate) fn upgrade_has(&self, protocol: &str) -> bool {
        self.upgrade().any(|(t, _)| t.eq_ignore_ascii_case(protocol))
    }

    /// Where the Sec-WebSocket-Extensions lines break their grammar, as spans.
    pub(crate) fn extension_errors(&self) -> impl Iterator<Item = (Span, &GrammarError)> + '_ {
        self.lines_of(Kind::Extensions)
            .flat_map(|l| l.errors.iter().map(move |e| (l.field.inner(e.at.clone()), e)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::{parse_head, Layout};

    fn parsed(text: &'static str) -> (&'static str, Head) {
        (text, parse_head(text, 0, Layout::Indented(0)))
    }

    #[test]
    fn elements_are_compared_whole() {
        let (src, head) = parsed(
            "GET / HTTP/1.1\r\nConnection: keep-alive, Upgrade x\r\nUpgrade: WebSocket, h2c\r\n\r\n",
        );
        let headers = Headers::parse(src, &head);
        let texts: Vec<&str> = headers.connection().map(|t| t.0).collect();
        assert_eq!(texts, ["keep-alive", "Upgrade x"]);
        assert!(!headers.connection_has("upgrade"));
        assert!(headers.upgrade_has("websocket"));
        let line = headers.lines_of(Kind::Connection).next().unwrap();
        assert_eq!(line.errors.len(), 1);
        assert_eq!(&src[headers.connection().nth(1).unwrap().1.range()], "Upgrade x");
    }

    #[test]
    fn lines_keep_their_items_and_field_index() {
        let (src, head) = parsed(
            "GET / HTTP/1.1\r\nSec-WebSocket-Protocol: a, b\r\nHost: x\r\nSec-WebSocket-Protocol: c\r\nSec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n\r\n",
        );
        let headers = Headers::parse(src, &head);
        let second = headers.line_at(2).unwrap();
        let [(text, span)] = headers.tokens(second) else { panic!("one token") };
        assert_eq!((*text, &src[span.range()]), ("c", "c"));
        assert_eq!(span.start as usize, src.rfind(": c").unwrap() + 2);
        assert!(headers.line_at(1).is_none());
        let all: Vec<&str> = headers.protocols.iter().map(|t| t.0).collect();
        assert_eq!(all, ["a", "b", "c"]);
        let ext = headers.line_at(3).unwrap();
        assert_eq!(headers.extensions_of(ext)[0].params[0].name, "client_max_window_bits");
    }

    /// A long list is sized from its elements that start with a token: a megabyte of `@,`
    /// holds none, and reserves no room (found by review).
    #[test]
    fn a_long_list_reserves_room_for_its_tokens_only() {
        let text = format!(
            "GET / HTTP/1.1\r\nSec-WebSocket-Extensions: {}\r\nSec-WebSocket-Protocol: {}\r\n\r\n",
            "@,".repeat(10_000),
            "a, @, ".repeat(1_000)
        );
        let head = parse_head(&text, 0, Layout::Indented(0));
        let headers = Headers::parse(&text, &head);
        let extensions = &headers.extensions;
        assert!(extensions.capacity() <= 4, "{} for {}", extensions.capacity(), extensions.len());
        assert_eq!(headers.protocols.len(), 1_000);
        assert!(headers.protocols.capacity() <= 1_000, "{}", headers.protocols.capacity());
    }

    /// Each list header line of a typical exchange is parsed once in all of `inspect`: by
    /// the rule context, whose parse the rules, the negotiation table, the expected response
    /// and the header notes share.
    #[test]
    fn each_list_header_is_parsed_once_per_inspect() {
        let chromium = include_bytes!("../tests/fixtures/captured/valid/chromium-node-ws.txt");
        let lines = String::from_utf8_lossy(chromium)
            .lines()
            .filter(|l| {
                let name = l.split(':').next().unwrap_or("");
                Kind::ALL.iter().any(|(_, n, _)| n.eq_ignore_ascii_case(name))
            })
            .count();
        assert!(lines >= 6, "the exchange has its list headers ({lines})");
        let before = PARSED_VALUES.with(std::cell::Cell::get);
        let report = crate::inspect(chromium, &crate::Options::default());
        let parsed = PARSED_VALUES.with(std::cell::Cell::get) - before;
        assert_eq!(report.exchanges.len(), 1);
        assert_eq!(parsed, lines);
    }
}
