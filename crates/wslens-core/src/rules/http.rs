//! HTTP0xx: what the lenient parser had to forgive in a message head (RFC 9110, RFC 9112).

use super::{Findings, Rule};
use crate::{
    http::{Head, IssueKind},
    report::Part,
    rules::Cx,
};

/// Turns the parser's issues for one head into findings.
pub(crate) fn check(cx: &Cx<'_>, head: &Head, part: Part, out: &mut Findings) {
    let what = if head.is_request() { "request" } else { "response" };
    for issue in &head.issues {
        let span = issue.span;
        let seen = cx.snippet(span);
        match &issue.kind {
            // A text box already turned CRLF into LF: nothing to say about the capture.
            IssueKind::BareLf { .. } if cx.line_endings_lost => {}
            IssueKind::BareLf { count } => {
                out.add_folding(Rule::BareLf, part, span, || {
                    (match count {
                    1 => format!("1 line of the {what} ends with a bare LF instead of CRLF"),
                    n => format!("{n} lines of the {what} end with a bare LF instead of CRLF"),
                }, "harmless in a paste (copying converts line endings); on the wire, send CRLF"
                        .into())
                });
            }
            IssueKind::BareCr => {
                out.add_folding(Rule::BareCr, part, span, || {
                    (
                        format!("a line of the {what} contains a CR that does not end the line"),
                        "remove the stray CR; recipients must reject it or replace it with a space"
                            .into(),
                    )
                });
            }
            IssueKind::MalformedStartLine(why) => {
                let rule = if head.is_request() {
                    Rule::MalformedRequestLine
                } else {
                    Rule::MalformedStatusLine
                };
                let line = truncate(cx.snippet(head.start_line), 80);
                let at = if span == head.start_line || seen.is_empty() {
                    String::new()
                } else if seen.trim().is_empty() {
                    " at the marked whitespace".to_owned()
                } else {
                    format!(" at `{}`", truncate(seen, 40))
                };
                out.add_folding(rule, part, span, || (format!("the {what} line `{line}` is malformed{at}: {why}"), if head.is_request() {
                        "write it as `GET /path HTTP/1.1`: method, one space, target, one space, version".into()
                    } else {
                        "write it as `HTTP/1.1 101 Switching Protocols`: version, one space, three-digit status, reason".into()
                    }));
            }
            IssueKind::StatusVersionCase => {
                out.add(Rule::StatusVersionCase, part, span,
                    format!("the status line `{}` writes its version as `{seen}`: the protocol name is case-sensitive", truncate(cx.snippet(head.start_line), 80)),
                    format!("answer `HTTP/{}` in capitals; strict clients (Node ws, Python websockets, Go, Rust) do not read this line as a status line", seen.get(5..).unwrap_or("1.1")));
            }
            // A browser's rebuilt view of an HTTP/2 answer (CAP709) writes no reason.
            IssueKind::StatusWithoutReason if cx.h2 => {}
            IssueKind::StatusWithoutReason => {
                out.add(Rule::StatusWithoutReason, part, span,
                    format!("the status line `{}` ends right after the status code", truncate(cx.snippet(head.start_line), 80)),
                    format!("send a space and a reason phrase after the code (`{} Switching Protocols` for a 101); Python websockets fails without the space", truncate(cx.snippet(head.start_line), 80)));
            }
            IssueKind::WhitespaceBeforeFirstField => {
                out.add_folding(Rule::WhitespaceBeforeFirstField, part, span, || (format!("the first line after the {what} line starts with whitespace"), "remove the leading whitespace; recipients skip such a line, so this field is lost".into()));
            }
            IssueKind::SpaceBeforeColon => {
                out.add_folding(Rule::SpaceBeforeColon, part, span, || ("whitespace between the field name and the colon".into(), "remove it: a server must answer 400 to such a request, and a proxy must strip it from a response".into()));
            }
            IssueKind::ObsFold => {
                out.add_folding(Rule::ObsFold, part, span, || {
                    (
                        "this line continues the previous field's value (obs-fold)".into(),
                        "put the whole value on one line; wslens joined the lines with a space"
                            .into(),
                    )
                });
            }
            IssueKind::MissingColon => {
                out.add_folding(Rule::LineWithoutColon, part, span, || {
                    (format!(
                        "`{}` in the {what} head is not a header field (no colon)",
                        truncate(seen, 60)
                    ), "every line between the start line and the blank line must be `Name: value`"
                        .into())
                });
            }
            IssueKind::InvalidFieldName => {
                out.add_folding(Rule::InvalidFieldName, part, span, || {
                    (
                        format!(
                            "the field name `{seen}` contains characters that a token cannot have"
                        ),
                        "field names are letters, digits and !#$%&'*+-.^_`|~ only".into(),
                    )
                });
            }
            IssueKind::ControlInValue => {
                out.add_folding(Rule::ControlInValue, part, span, || ("a field value contains a control character".into(), "remove it; recipients must reject the message or replace CR, LF and NUL with a space".into()));
            }
            IssueKind::NotUtf8 => {
                out.add_folding(Rule::NotUtf8, part, span, || (format!("the {what} head contains bytes that are not valid UTF-8 (shown as �)"), "if the exact bytes matter, inspect the original capture; header values should be ASCII".into()));
            }
            IssueKind::Truncated { fields } => {
                let status = if head.fields.is_empty() {
                    String::new()
                } else {
                    format!(
                        " after {}",
                        crate::text::counted(*fields, "header line", "header lines")
                    )
                };
                out.add_folding(Rule::HeadTruncated, part, span, || (format!("the {what} ends{status}, before the blank line that closes its head"), "capture or paste the whole message, up to and including the empty line after the last header".into()));
            }
            IssueKind::NotClosed { next_message } => {
                let stop = if *next_message { "the next message begins" } else { "the text ends" };
                out.add_folding(Rule::HeadNotClosed, part, span, || (format!("the {what} head has no closing blank line: {stop} right after its last field"), "nothing to do for a copy of header lines (Firefox's Copy Request/Response Headers and most pastes look like this, with bare LF line endings); it was read as complete. If this text is a capture, check that it was not cut: fields after this point would be missing".into()));
            }
            IssueKind::Strict(reason) => {
                out.add_folding(Rule::StrictParserRejects, part, span, || (format!("a strict HTTP/1.1 parser rejects this {what}: {reason}"), "strict servers and clients reject this message before looking at its WebSocket headers".into()));
            }
        }
    }
}

/// At most `max` characters of `s`, with an ellipsis when cut.
pub(crate) fn truncate(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((at, _)) => format!("{}…", &s[..at]),
        None => s.to_owned(),
    }
}
