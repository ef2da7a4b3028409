//! Header value grammar with positions: lists, tokens, quoted strings, extension lists.
//!
//! The functions never fail: they return what they could read and a [`GrammarError`] for each
//! place the grammar was broken, with the byte range inside the value.
//! RFC 6455 §4.3 and §9.1 use RFC 2616's list rule, where empty elements are allowed and
//! whitespace may surround separators ("implied *LWS"); RFC 9110 §5.6.1 likewise asks
//! recipients to tolerate empty elements.

use std::ops::Range;

use crate::http::{is_tchar, is_token};

/// A place where a value breaks its grammar.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct GrammarError {
    pub(crate) kind: GrammarErrorKind,
    /// Byte range inside the value.
    pub(crate) at: Range<usize>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum GrammarErrorKind {
    /// A character that cannot appear in a token.
    ExpectedToken,
    /// Something other than a comma after a list element.
    ExpectedComma,
    /// A quoted string with no closing quote.
    UnterminatedQuote,
    /// A quoted parameter value that is not a token once unquoted (RFC 6455 §9.1).
    QuotedValueNotToken,
    /// A parameter value that is empty.
    EmptyValue,
    /// The list has no element at all.
    EmptyList,
}

impl GrammarErrorKind {
    pub(crate) fn describe(self) -> &'static str {
        match self {
            GrammarErrorKind::ExpectedToken => "a character that is not allowed in a token",
            GrammarErrorKind::ExpectedComma => "something other than a comma between elements",
            GrammarErrorKind::UnterminatedQuote => "a quoted string that is never closed",
            GrammarErrorKind::QuotedValueNotToken => "a quoted value that is not a token",
            GrammarErrorKind::EmptyValue => "a parameter with `=` but no value",
            GrammarErrorKind::EmptyList => "no element at all",
        }
    }
}

/// One element of a list, with its place in the value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Item<'s> {
    pub(crate) text: &'s str,
    pub(crate) at: Range<usize>,
}

/// One `Sec-WebSocket-Extensions` element: `extension-token *( ";" extension-param )`, its
/// parameters as the caller keeps them (see [`each_extension`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Extension<'s, P = Param<'s>> {
    pub(crate) name: Item<'s>,
    pub(crate) params: Vec<P>,
    pub(crate) at: Range<usize>,
}

/// `extension-param = token [ "=" (token | quoted-string) ]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Param<'s> {
    pub(crate) name: Item<'s>,
    pub(crate) value: Option<ParamValue<'s>>,
    pub(crate) at: Range<usize>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ParamValue<'s> {
    /// The value after unquoting (borrowed when it was a token).
    pub(crate) text: std::borrow::Cow<'s, str>,
    pub(crate) at: Range<usize>,
    pub(crate) quoted: bool,
}

/// A position in a value, with the small combinators of the grammar.
struct Cursor<'s> {
    s: &'s str,
    pos: usize,
}

impl<'s> Cursor<'s> {
    fn peek(&self) -> Option<u8> {
        self.s.as_bytes().get(self.pos).copied()
    }

    fn at_end(&self) -> bool {
        self.pos >= self.s.len()
    }

    /// `OWS = *( SP / HTAB )`.
    fn skip_ows(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t')) {
            self.pos += 1;
        }
    }

    fn eat(&mut self, b: u8) -> bool {
        let hit = self.peek() == Some(b);
        self.pos += usize::from(hit);
        hit
    }

    /// `token = 1*tchar`; `None` (and no movement) when no tchar is here.
    fn token(&mut self) -> Option<Item<'s>> {
        let start = self.pos;
        while self.peek().is_some_and(is_tchar) {
            self.pos += 1;
        }
        (self.pos > start).then(|| Item { text: &self.s[start..self.pos], at: start..self.pos })
    }

    /// `quoted-string = DQUOTE *( qdtext / quoted-pair ) DQUOTE`, unescaped.
    fn quoted(&mut self) -> Result<(String, Range<usize>), GrammarError> {
        let start = self.pos;
        self.pos += 1;
        let mut out = String::new();
        while let Some(c) = self.s[self.pos..].chars().next() {
            self.pos += c.len_utf8();
            match c {
                '"' => return Ok((out, start..self.pos)),
                '\\' => {
                    if let Some(escaped) = self.s[self.pos..].chars().next() {
                        self.pos += escaped.len_utf8();
                        out.push(escaped);
                    }
                }
                _ => out.push(c),
            }
        }
        Err(GrammarError { kind: GrammarErrorKind::UnterminatedQuote, at: start..self.s.len() })
    }

    /// Skips to the next top-level comma (outside quotes), for recovery after an error.
    fn skip_to_comma(&mut self) {
        let mut quoted = false;
        while let Some(b) = self.peek() {
            match b {
                b'"' => quoted = !quoted,
                b'\\' if quoted => self.pos += 1,
                b',' if !quoted => return,
                _ => {}
            }
            self.pos += 1;
        }
        // A backslash as the last byte steps past the end.
        self.pos = self.pos.min(self.s.len());
    }
}

/// Parses `#element`: elements separated by commas, empty elements skipped.
/// Returns the elements, the errors, and how many empty elements were skipped.
fn list<'s, T>(
    s: &'s str,
    mut element: impl FnMut(&mut Cursor<'s>, &mut Vec<GrammarError>) -> Option<T>,
) -> (Vec<T>, Vec<GrammarError>, usize) {
    let mut cur = Cursor { s, pos: 0 };
    let mut items = Vec::new();
    let mut errors = Vec::new();
    let mut empty = 0;
    loop {
        cur.skip_ows();
        if cur.at_end() {
            break;
        }
        if cur.eat(b',') {
            empty += 1;
            continue;
        }
        let before = errors.len();
        if let Some(item) = element(&mut cur, &mut errors) {
            items.push(item);
        }
        cur.skip_ows();
        if cur.at_end() {
            break;
        }
        if !cur.eat(b',') {
            if errors.len() == before {
                let at = cur.pos..cur.pos + char_len(s, cur.pos);
                errors.push(GrammarError { kind: GrammarErrorKind::ExpectedComma, at });
            }
            cur.skip_to_comma();
            cur.eat(b',');
        }
    }
    if items.is_empty() && errors.is_empty() {
        errors.push(GrammarError { kind: GrammarErrorKind::EmptyList, at: 0..s.len() });
    }
    (items, errors, empty)
}

fn char_len(s: &str, pos: usize) -> usize {
    s[pos..].chars().next().map_or(0, char::len_utf8)
}

fn expected_token(cur: &Cursor<'_>) -> GrammarError {
    let at = cur.pos..cur.pos + char_len(cur.s, cur.pos).max(1).min(cur.s.len() - cur.pos);
    GrammarError { kind: GrammarErrorKind::ExpectedToken, at }
}

/// Hands each item of a `1#token` list (Sec-WebSocket-Protocol) to `each`, without collecting them; returns the
/// list's grammar errors.
pub(crate) fn each_token<'s>(s: &'s str, mut each: impl FnMut(Item<'s>)) -> Vec<GrammarError> {
    list(s, |cur, errors| {
        let Some(item) = cur.token() else {
            errors.push(expected_token(cur));
            return None;
        };
        each(item);
        Some(())
    })
    .1
}

/// The elements of Connection's `1#token` or Upgrade's `1#protocol` as a recipient compares
/// them: each element whole, from its first character to the comma after it, so that
/// `Upgrade x` is one element that is not `upgrade` (browsers split at commas and compare
/// what is between); returns the grammar errors found in the elements.
pub(crate) fn elements<'s>(
    s: &'s str,
    versioned: bool,
    mut each: impl FnMut(Item<'s>),
) -> Vec<GrammarError> {
    list(s, |cur, errors| {
        let start = cur.pos;
        let before = errors.len();
        // A name, then for Upgrade an optional `/version`.
        let name = cur.token().is_some();
        if !name || (versioned && cur.eat(b'/') && cur.token().is_none()) {
            errors.push(expected_token(cur));
        }
        cur.skip_ows();
        if !cur.at_end() && cur.peek() != Some(b',') {
            if errors.len() == before {
                let at = cur.pos..cur.pos + char_len(cur.s, cur.pos);
                errors.push(GrammarError { kind: GrammarErrorKind::ExpectedComma, at });
            }
            cur.skip_to_comma();
        }
        let text = cur.s[start..cur.pos].trim_end_matches([' ', '\t']);
        each(Item { text, at: start..start + text.len() });
        Some(())
    })
    .1
}

/// `extension-list = 1#extension` (RFC 6455 §9.1), collected.
#[cfg(test)]
pub(crate) fn extension_list(s: &str) -> (Vec<Extension<'_>>, Vec<GrammarError>, usize) {
    let mut items = Vec::new();
    let (errors, empty) = each_extension(s, |p| p, |e| items.push(e));
    (items, errors, empty)
}

/// `extension-list = 1#extension` (RFC 6455 §9.1): `each` gets the elements in order, each
/// parameter made into what the caller keeps by `param` as it is read (an element with ten
/// thousand parameters is then held once, not once as read and once as kept). Returns the
/// errors and how many empty elements were skipped.
pub(crate) fn each_extension<'s, P>(
    s: &'s str,
    mut param: impl FnMut(Param<'s>) -> P,
    mut each: impl FnMut(Extension<'s, P>),
) -> (Vec<GrammarError>, usize) {
    let mut element = |cur: &mut Cursor<'s>, errors: &mut Vec<GrammarError>| {
        let start = cur.pos;
        let Some(name) = cur.token() else {
            errors.push(expected_token(cur));
            return None;
        };
        let mut params = Vec::new();
        loop {
            let save = cur.pos;
            cur.skip_ows();
            if !cur.eat(b';') {
                cur.pos = save;
                break;
            }
            cur.skip_ows();
            let param_start = cur.pos;
            let Some(param_name) = cur.token() else {
                errors.push(expected_token(cur));
                return Some(Extension { name, params, at: start..cur.pos });
            };
            let save = cur.pos;
            cur.skip_ows();
            let mut value = None;
            if cur.eat(b'=') {
                cur.skip_ows();
                if cur.peek() == Some(b'"') {
                    match cur.quoted() {
                        Ok((text, at)) => {
                            if !is_token(&text) {
                                let kind = GrammarErrorKind::QuotedValueNotToken;
                                errors.push(GrammarError { kind, at: at.clone() });
                            }
                            value = Some(ParamValue { text: text.into(), at, quoted: true });
                        }
                        Err(error) => {
                            errors.push(error);
                            return Some(Extension { name, params, at: start..cur.pos });
                        }
                    }
                } else if let Some(token) = cur.token() {
                    value =
                        Some(ParamValue { text: token.text.into(), at: token.at, quoted: false });
                } else {
                    let kind = if matches!(cur.peek(), None | Some(b',' | b';')) {
                        GrammarErrorKind::EmptyValue
                    } else {
                        GrammarErrorKind::ExpectedToken
                    };
                    let at = cur.pos..cur.pos + char_len(cur.s, cur.pos);
                    errors.push(GrammarError { kind, at });
                    return Some(Extension { name, params, at: start..cur.pos });
                }
            } else {
                cur.pos = save;
            }
            if params.len() == params.capacity() && params.len() >= 16 {
                // A long run of parameters is sized once, not copied on every doubling.
                params.reserve_exact(params_ahead(&cur.s.as_bytes()[cur.pos..]) + 1);
            }
            params.push(param(Param { name: param_name, value, at: param_start..cur.pos }));
        }
        Some(Extension { name, params, at: start..cur.pos })
    };
    let (_, errors, empty) = list(s, |cur, errors| element(cur, errors).map(&mut each));
    (errors, empty)
}

/// How many `;` the rest of an element has outside quoted strings that a token follows (after
/// optional whitespace), up to the comma that ends it: the parameters still to come, at most
/// (a run of bare `;`s starts none). Linear.
fn params_ahead(rest: &[u8]) -> usize {
    let (mut count, mut quoted, mut escaped) = (0, false, false);
    for (i, &b) in rest.iter().enumerate() {
        match b {
            _ if escaped => escaped = false,
            b'\\' if quoted => escaped = true,
            b'"' => quoted = !quoted,
            _ if quoted => {}
            b';' => {
                let next = rest[i + 1..].iter().find(|&&c| c != b' ' && c != b'\t');
                count += usize::from(next.is_some_and(|&c| is_tchar(c)));
            }
            b',' => break,
            _ => {}
        }
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_ahead_are_counted_outside_quoted_strings() {
        assert_eq!(params_ahead(b"; a; b=1, c; d"), 2);
        assert_eq!(params_ahead(br#"; a="x;y,z"; b"#), 2);
        assert_eq!(params_ahead(br#"; a="x\";y"; b, c"#), 2);
        // An unclosed quote holds the rest.
        assert_eq!(params_ahead(br#"; a="; b; c"#), 1);
        // A `;` that no token follows starts no parameter (found by review: a megabyte of them
        // reserved room for a million).
        assert_eq!(params_ahead(b"; a; ;;;; ;\t; b"), 2);
        // Ten thousand, read into exactly that much room.
        let value = format!("permessage-deflate{}", "; x=1".repeat(10_000));
        let mut capacity = 0;
        each_extension(&value, |p| p.name.text, |e| capacity = e.params.capacity());
        assert_eq!(capacity, 10_000);
    }

    fn tokens(s: &str) -> (Vec<&str>, Vec<(GrammarErrorKind, Range<usize>)>) {
        let mut items = Vec::new();
        let errors = each_token(s, |i| items.push(i.text));
        (items, errors.into_iter().map(|e| (e.kind, e.at)).collect())
    }

    fn whole(s: &str, versioned: bool) -> (Vec<&str>, Vec<GrammarErrorKind>) {
        let mut items = Vec::new();
        let errors = elements(s, versioned, |i| {
            assert_eq!(&s[i.at.clone()], i.text);
            items.push(i.text);
        });
        (items, errors.into_iter().map(|e| e.kind).collect())
    }

    /// Renders an extension list back to text, for round trips.
    fn render(exts: &[Extension<'_>]) -> String {
        let one = |e: &Extension<'_>| {
            let mut out = e.name.text.to_owned();
            for p in &e.params {
                out.push_str("; ");
                out.push_str(p.name.text);
                if let Some(v) = &p.value {
                    out.push('=');
                    out.push_str(&v.text);
                }
            }
            out
        };
        exts.iter().map(one).collect::<Vec<_>>().join(", ")
    }

    #[test]
    fn token_lists() {
        // realistic
        assert_eq!(tokens("Upgrade").0, ["Upgrade"]);
        assert_eq!(tokens("keep-alive, Upgrade").0, ["keep-alive", "Upgrade"]);
        assert_eq!(tokens("chat, superchat").0, ["chat", "superchat"]);
        // synthetic: empty elements are tolerated and counted
        assert_eq!(tokens(",,\t, ,Upgrade").0.len(), 1);
        assert_eq!(extension_list(",,\t, ,a").2, 4);
        // pathological
        assert_eq!(tokens("a b"), (vec!["a"], vec![(GrammarErrorKind::ExpectedComma, 2..3)]));
        assert_eq!(
            tokens("chat, {x}"),
            (vec!["chat"], vec![(GrammarErrorKind::ExpectedToken, 6..7)])
        );
        assert_eq!(tokens(""), (vec![], vec![(GrammarErrorKind::EmptyList, 0..0)]));
    }

    #[test]
    fn elements_run_to_the_comma() {
        assert_eq!(whole("keep-alive, Upgrade", false), (vec!["keep-alive", "Upgrade"], vec![]));
        assert_eq!(whole(" websocket/13 ,h2c", true), (vec!["websocket/13", "h2c"], vec![]));
        // pathological: a malformed element stays whole, so it matches no token
        assert_eq!(
            whole("Upgrade x, close", false),
            (vec!["Upgrade x", "close"], vec![GrammarErrorKind::ExpectedComma])
        );
        assert_eq!(
            whole("{x} ,a", false),
            (vec!["{x}", "a"], vec![GrammarErrorKind::ExpectedToken])
        );
        assert_eq!(whole("websocket/", true).1, vec![GrammarErrorKind::ExpectedToken]);
        assert_eq!(whole("a/b", false).1, vec![GrammarErrorKind::ExpectedComma]);
    }

    #[test]
    fn extension_lists_round_trip() {
        for value in [
            "permessage-deflate",
            "permessage-deflate; client_max_window_bits",
            "permessage-deflate; server_max_window_bits=10; client_no_context_takeover",
            "permessage-deflate; client_max_window_bits=15, permessage-deflate",
            "x-webkit-deflate-frame, foo; bar=baz",
        ] {
            let (exts, errors, _) = extension_list(value);
            assert!(errors.is_empty(), "{value}: {errors:?}");
            let again = render(&exts);
            let (reparsed, _, _) = extension_list(&again);
            assert_eq!(render(&reparsed), again);
        }
    }

    #[test]
    fn extension_list_whitespace_and_quotes() {
        let (exts, errors, _) =
            extension_list("permessage-deflate ;server_max_window_bits = \"10\"");
        assert!(errors.is_empty(), "{errors:?}");
        let value = exts[0].params[0].value.as_ref().unwrap();
        assert_eq!((value.text.as_ref(), value.quoted), ("10", true));
    }

    #[test]
    fn extension_list_errors_have_positions() {
        let (_, errors, _) = extension_list("permessage-deflate; x=\"a b\"");
        assert_eq!(errors[0].kind, GrammarErrorKind::QuotedValueNotToken);
        assert_eq!(errors[0].at, 22..27);
        let (_, errors, _) = extension_list("permessage-deflate; x=\"open");
        assert_eq!(errors[0].kind, GrammarErrorKind::UnterminatedQuote);
        let (_, errors, _) = extension_list("permessage-deflate; x=");
        assert_eq!(errors[0].kind, GrammarErrorKind::EmptyValue);
        let (exts, errors, _) = extension_list("a; =1, b");
        assert_eq!((errors[0].kind, errors[0].at.clone()), (GrammarErrorKind::ExpectedToken, 3..4));
        assert_eq!(exts.last().unwrap().name.text, "b");
    }
}
