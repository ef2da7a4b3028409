//! WS3xx: subprotocol and extension negotiation (RFC 6455 §4.1, §4.2.2, §4.3, §9.1, §11.3).
//!
//! [`Offer`] and [`Answer`] are views of the list headers the rule context parsed once
//! (see [`crate::headers`]); the deflate rules, the negotiation table and the expected
//! response read them too.

use super::{http::truncate, Findings, Rule};
use crate::{
    grammar::{GrammarError, GrammarErrorKind},
    headers::{Kind, Token},
    http::{Field, Head},
    maps::{Caseless, FirstIndex},
    names,
    report::{ExtensionItem, Part, Span},
    rules::Cx,
};

/// What the client offered.
#[derive(Clone, Debug, Default)]
pub(crate) struct Offer<'c> {
    /// Subprotocols, with where each is.
    pub(crate) protocols: &'c [Token<'c>],
    /// Each Sec-WebSocket-Protocol line of the request whose value breaks the grammar, with
    /// its first error.
    pub(crate) protocol_errors: Vec<(&'c Field, &'c GrammarError)>,
    /// Extension elements in order.
    pub(crate) extensions: &'c [ExtensionItem],
    /// Where the offer's Sec-WebSocket-Extensions breaks the grammar.
    pub(crate) extension_errors: Vec<(Span, &'c GrammarError)>,
}

/// What the server answered in a 101.
#[derive(Clone, Debug, Default)]
pub(crate) struct Answer<'c> {
    /// The value of the single Sec-WebSocket-Protocol line, if there is exactly one token.
    pub(crate) protocol: Option<(&'c str, Span)>,
    /// Extension elements in order, over all lines.
    pub(crate) extensions: &'c [ExtensionItem],
    /// Where the answer's Sec-WebSocket-Extensions breaks the grammar.
    pub(crate) extension_errors: Vec<(Span, &'c GrammarError)>,
}

/// Extension names registered with IANA (RFC 6455 §11.4), plus the pre-standard
/// deflate-frame extensions that real clients still send.
const KNOWN_EXTENSIONS: &[&str] =
    &[names::PERMESSAGE_DEFLATE, "x-webkit-deflate-frame", "deflate-frame", "perframe-deflate"];

/// The client's offer.
pub(crate) fn offer<'c>(cx: &'c Cx<'_>) -> Offer<'c> {
    let headers = &cx.req_headers;
    let protocol_errors = headers
        .lines_of(Kind::Protocol)
        .filter_map(|line| line.errors.first().map(|e| (line.field, e)))
        .collect();
    Offer {
        protocols: &headers.protocols,
        protocol_errors,
        extensions: &headers.extensions,
        extension_errors: headers.extension_errors().collect(),
    }
}

/// The server's answer (only a response that switched negotiates anything).
pub(crate) fn answer<'c>(cx: &'c Cx<'_>) -> Answer<'c> {
    if cx.switched_response().is_none() {
        return Answer::default();
    }
    let headers = &cx.resp_headers;
    let mut lines = headers.lines_of(Kind::Protocol);
    let protocol = match (lines.next(), lines.next()) {
        (Some(line), None) => match headers.tokens(line) {
            [(token, _)] if line.errors.is_empty() => Some((*token, line.field.value)),
            _ => None,
        },
        _ => None,
    };
    Answer {
        protocol,
        extensions: &headers.extensions,
        extension_errors: headers.extension_errors().collect(),
    }
}

/// Checks the request's offer and the response's answer.
pub(crate) fn check(cx: &Cx<'_>, offer: &Offer<'_>, answer: &Answer<'_>, out: &mut Findings) {
    if cx.req.is_some() {
        check_offer(cx, offer, out);
    }
    let Some(resp) = cx.switched_response() else { return };
    check_protocol_answer(cx, resp, offer, out);
    check_extension_answer(cx, resp, offer, answer, out);
}

fn check_offer(cx: &Cx<'_>, offer: &Offer<'_>, out: &mut Findings) {
    // RFC 6455 §4.1 item 10: "The elements that comprise this value MUST be non-empty strings
    // with characters in the range U+0021 to U+007E not including separator characters ...
    // and MUST all be unique strings."
    for (field, error) in &offer.protocol_errors {
        out.add_folding(Rule::ProtocolOfferInvalid, Part::Request, field.inner(error.at.clone()), || (
            format!("Sec-WebSocket-Protocol `{}` has {}", truncate(field.value(cx.src), 80), error.kind.describe()),
            "offer a comma-separated list of tokens, for example `Sec-WebSocket-Protocol: chat, superchat`; leave the header out to offer none".into()));
    }
    let firsts = FirstIndex::new(offer.protocols, |p| p.0);
    // The name before, and where it was first offered: a run of one name (a hostile offer
    // repeats one hundreds of thousands of times) costs no lookup.
    let mut previous: Option<(&str, Span)> = None;
    for (i, &(name, ref span)) in offer.protocols.iter().enumerate() {
        let first = match previous.filter(|(p, _)| *p == name) {
            Some((_, first)) => Some(first),
            None => firsts.first(name).filter(|&at| at < i).map(|at| offer.protocols[at].1),
        };
        previous = Some((name, first.unwrap_or(*span)));
        if let Some(first) = first {
            let text = || {
                (
                    format!("the subprotocol `{name}` is offered twice"),
                    "offer each subprotocol once".into(),
                )
            };
            if let Some(f) =
                out.add_folding(Rule::ProtocolOfferDuplicate, Part::Request, *span, text)
            {
                f.label(first, "first offered here");
            }
        }
        if name == "null" {
            out.add_folding(Rule::ProtocolOfferNull, Part::Request, *span, || (
                "the client offers a subprotocol named `null`".into(),
                "in JavaScript, call `new WebSocket(url)` without a protocols argument instead of passing null".into()));
        }
    }
    // RFC 6455 §9.1: malformed extension values fail the connection.
    if let Some((span, error)) = offer.extension_errors.first() {
        out.request(Rule::ExtensionsOfferInvalid, *span,
            format!("Sec-WebSocket-Extensions in the request has {}", error.kind.describe()),
            "write extensions as `name; param; param=value`, separated by commas, for example `permessage-deflate; client_max_window_bits`".into());
    }
    unknown_extensions(offer.extensions, Part::Request, out);
}

fn unknown_extensions(items: &[ExtensionItem], part: Part, out: &mut Findings) {
    // A set, not a list: an offer can name a hundred thousand distinct extensions.
    let mut seen = crate::maps::Set::default();
    for item in items {
        let name = item.name.as_str();
        if KNOWN_EXTENSIONS.iter().any(|k| k.eq_ignore_ascii_case(name)) || !seen.insert(name) {
            continue;
        }
        out.add_folding(Rule::ExtensionUnknown, part, item.span, || (
            format!("`{name}` is not a registered WebSocket extension"),
            "only peers that implement this private extension will use it; the registered one is permessage-deflate".into()));
    }
}

/// How many offered names a message shows.
const OFFER_SHOWN: usize = 8;

/// An offer as a reader sees it: its first few names, and how many there are when there are
/// more (a hostile offer can list a hundred thousand).
fn shown_offer<'n>(names: impl Iterator<Item = &'n str>, count: usize) -> String {
    let shown: Vec<&str> = names.take(OFFER_SHOWN).collect();
    match count {
        n if n > OFFER_SHOWN => format!("{}, … ({n} in all)", shown.join(", ")),
        _ => shown.join(", "),
    }
}

fn check_protocol_answer(cx: &Cx<'_>, resp: &Head, offer: &Offer<'_>, out: &mut Findings) {
    let lines = || resp.all(cx.src, names::SEC_WEBSOCKET_PROTOCOL);
    let offered_list =
        || shown_offer(offer.protocols.iter().map(|(p, _)| *p), offer.protocols.len());
    let Some(first) = lines().next() else {
        if let (Some((first_offered, _)), Some(_)) = (offer.protocols.first(), cx.req) {
            let offered_list = offered_list();
            out.response(Rule::ProtocolNoneSelected, resp.start_line,
                format!("the client offered {offered_list} and the server selected none"),
                format!("select one of {offered_list} with `Sec-WebSocket-Protocol: {first_offered}`; Chrome, Safari, ws and tungstenite fail without it"));
        }
        return;
    };
    if let Some(second) = lines().nth(1) {
        out.response(
            Rule::ProtocolDuplicateInResponse,
            second.line,
            format!("Sec-WebSocket-Protocol appears {} times in the response", lines().count()),
            "send exactly one Sec-WebSocket-Protocol line with the one subprotocol chosen".into(),
        )
        .label(first.line, "first here");
    }
    let value = first.value(cx.src);
    if value.is_empty() {
        out.response(
            Rule::ProtocolEmptyInResponse,
            first.line,
            "the response's Sec-WebSocket-Protocol is empty".into(),
            "to select no subprotocol, leave the header out of the response".into(),
        );
        return;
    }
    // Whether a name was offered, looked up in the whole offer (the list above is for
    // reading), through an index once the offer is long: a hostile answer can list as many
    // names as the offer.
    let offered = FirstIndex::new(offer.protocols, |p| p.0);
    let was_offered = |name| offered.first(name).is_some();
    let headers = &cx.resp_headers;
    let first_line = headers.lines_of(Kind::Protocol).next();
    let items = first_line.map_or(&[][..], |line| headers.tokens(line));
    if items.len() != 1 || first_line.is_some_and(|line| !line.errors.is_empty()) {
        let help = match items.iter().find(|(item, _)| was_offered(item)) {
            Some((pick, _)) => {
                format!("answer exactly one token, for example `Sec-WebSocket-Protocol: {pick}`")
            }
            None => "answer exactly one of the offered tokens".to_owned(),
        };
        out.response(
            Rule::ProtocolListInResponse,
            first.value,
            format!("the response's Sec-WebSocket-Protocol `{value}` is not a single token"),
            help,
        );
        return;
    }
    if cx.req.is_none() {
        return;
    }
    if offer.protocols.is_empty() {
        out.response(
            Rule::ProtocolUnrequested,
            first.value,
            format!("the server selected `{value}`, but the client offered no subprotocol"),
            "leave Sec-WebSocket-Protocol out of the response when the request has none".into(),
        );
    } else if !was_offered(value) {
        let offered_list = offered_list();
        let case_only =
            offer.protocols.iter().map(|(p, _)| *p).find(|o| o.eq_ignore_ascii_case(value));
        let help = match case_only {
            Some(o) => format!("answer `{o}` exactly as offered: browsers, ws and python-websockets compare subprotocols byte for byte"),
            None => format!("select one of the offered subprotocols ({offered_list}), or leave the header out"),
        };
        let f = out.response(
            Rule::ProtocolNotOffered,
            first.value,
            format!(
                "the server selected `{value}`, which the client did not offer ({offered_list})"
            ),
            help,
        );
        if let Some((_, span)) = offer.protocols.first() {
            f.label(*span, "offered here");
        }
    }
}

fn check_extension_answer(
    cx: &Cx<'_>,
    resp: &Head,
    offer: &Offer<'_>,
    answer: &Answer<'_>,
    out: &mut Findings,
) {
    let lines = || resp.all(cx.src, names::SEC_WEBSOCKET_EXTENSIONS);
    if let (Some(first), Some(second)) = (lines().next(), lines().nth(1)) {
        out.response(Rule::ExtensionsSplitInResponse, second.line,
            format!("Sec-WebSocket-Extensions is split over {} lines in the response", lines().count()),
            "join the accepted extensions into one line, separated by commas: Safari fails on the split".into())
            .label(first.line, "first line");
    }
    for field in lines() {
        if field.value(cx.src).is_empty() {
            out.add_folding(Rule::ExtensionsEmptyInResponse, Part::Response, field.line, || {
                (
                    "the response's Sec-WebSocket-Extensions is empty".into(),
                    "to accept no extension, leave the header out of the response".into(),
                )
            });
        }
    }
    let (accepted, errors) = (&answer.extensions, &answer.extension_errors);
    if let Some((span, error)) = errors.iter().find(|(_, e)| e.kind != GrammarErrorKind::EmptyList)
    {
        out.response(Rule::ExtensionsResponseInvalid, *span,
            format!("Sec-WebSocket-Extensions in the response has {}", error.kind.describe()),
            "write the accepted extension as `name; param=value`, for example `permessage-deflate; server_max_window_bits=10`".into());
    }
    if cx.req.is_some() {
        // Looked up through an index past a few names: a hostile answer can list as many as
        // the offer.
        let offered = FirstIndex::new(offer.extensions, Caseless::of_extension);
        // Written once: each unrequested answer names the offer.
        let what = std::cell::OnceCell::new();
        let what = || {
            what.get_or_init(|| match offer.extensions.len() {
                0 => "no extension".to_owned(),
                n => shown_offer(offer.extensions.iter().map(|o| o.name.as_str()), n),
            })
        };
        for item in *accepted {
            if offered.first(Caseless::of_extension(item)).is_none() {
                out.add_folding(Rule::ExtensionUnrequested, Part::Response, item.span, || {
                    let what = what();
                    (
                        format!(
                            "the server accepted `{}`, but the client offered {what}",
                            item.name
                        ),
                        "accept only extensions listed in the request's Sec-WebSocket-Extensions"
                            .into(),
                    )
                });
            }
        }
    }
    unknown_extensions(accepted, Part::Response, out);
}
