//! PMD4xx: permessage-deflate negotiation (RFC 7692 §5 and §7).
//!
//! A bad offer is one the server must decline (answer without compression), not a reason to
//! fail the handshake; a bad answer is one the client must fail on.

use super::{negotiation::Offer, Findings, Rule};
use crate::headers::deflate::{is_deflate, window_bits, Config};
use crate::{
    names::{
        CLIENT_MAX_WINDOW_BITS, CLIENT_NO_CONTEXT_TAKEOVER, SERVER_MAX_WINDOW_BITS,
        SERVER_NO_CONTEXT_TAKEOVER,
    },
    report::{ExtensionItem, Part, Span},
    rules::Cx,
};

/// Deflate extensions that share RSV1 with permessage-deflate.
const OTHER_DEFLATES: &[&str] = &["x-webkit-deflate-frame", "deflate-frame", "perframe-deflate"];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    Offer,
    Response,
}

/// One broken parameter: which, and what is wrong with it. The message is written only for
/// the findings that are kept (see `Findings::add_folding`).
struct Problem<'a> {
    span: Span,
    name: &'a str,
    kind: ProblemKind<'a>,
}

enum ProblemKind<'a> {
    Duplicate,
    TakesNoValue(&'a str),
    BadBits(&'a str, &'static str),
    NeedsValue,
    NoValueInResponse,
    Unknown,
}

impl Problem<'_> {
    /// The rule it breaks in an offer, and in a response.
    fn rules(&self) -> (Rule, Rule) {
        match self.kind {
            ProblemKind::Duplicate => {
                (Rule::DeflateOfferDuplicateParam, Rule::DeflateResponseDuplicateParam)
            }
            ProblemKind::TakesNoValue(_) | ProblemKind::BadBits(..) | ProblemKind::NeedsValue => {
                (Rule::DeflateOfferInvalidValue, Rule::DeflateResponseInvalidValue)
            }
            ProblemKind::NoValueInResponse => {
                (Rule::DeflateOfferInvalidValue, Rule::DeflateClientWindowNoValue)
            }
            ProblemKind::Unknown => {
                (Rule::DeflateOfferUnknownParam, Rule::DeflateResponseUnknownParam)
            }
        }
    }

    /// The message and the help.
    fn text(&self) -> (String, String) {
        let name = self.name;
        match self.kind {
            ProblemKind::Duplicate => (format!("permessage-deflate parameter `{name}` appears twice"), "give each parameter once".into()),
            ProblemKind::TakesNoValue(value) => (format!("`{name}` takes no value, but has `{value}`"), format!("write `{name}` alone")),
            ProblemKind::BadBits(value, why) => (format!("`{name}={value}`: the value {why}"), "use a whole number from 8 to 15 with no leading zero, for example 15".into()),
            ProblemKind::NeedsValue => (format!("`{name}` needs a value"), "write it with a value from 8 to 15, for example `server_max_window_bits=10`".into()),
            ProblemKind::NoValueInResponse => (format!("`{name}` has no value in the response"), "answer a value no larger than the offer's, for example `client_max_window_bits=15`; only an offer may leave it empty".into()),
            ProblemKind::Unknown => (format!("`{name}` is not a permessage-deflate parameter"), "the parameters are server_no_context_takeover, client_no_context_takeover, server_max_window_bits and client_max_window_bits".into()),
        }
    }
}

/// Whether a server may accept this permessage-deflate offer: it has no parameter that
/// obliges the server to decline it (RFC 7692 §7).
pub(crate) fn is_acceptable_offer(ext: &ExtensionItem) -> bool {
    !problems(ext, Role::Offer, |_| {})
}

/// RFC 7692 §7: hands `each` the undefined parameters, invalid values and duplicated
/// parameters (without collecting them: a hostile offer has thousands); returns whether there
/// was any.
fn problems<'a>(ext: &'a ExtensionItem, role: Role, mut each: impl FnMut(Problem<'a>)) -> bool {
    let mut found = false;
    let firsts = crate::maps::FirstIndex::new(&ext.params, |p| p.name.as_str());
    for (i, p) in ext.params.iter().enumerate() {
        let name = p.name.as_str();
        let kind = if firsts.first(name) != Some(i) {
            Some(ProblemKind::Duplicate)
        } else {
            match name {
                SERVER_NO_CONTEXT_TAKEOVER | CLIENT_NO_CONTEXT_TAKEOVER => {
                    p.value.as_deref().map(ProblemKind::TakesNoValue)
                }
                SERVER_MAX_WINDOW_BITS | CLIENT_MAX_WINDOW_BITS => {
                    match window_bits(p.value.as_deref()) {
                        Err(why) => {
                            Some(ProblemKind::BadBits(p.value.as_deref().unwrap_or(""), why))
                        }
                        Ok(None) if name == SERVER_MAX_WINDOW_BITS => Some(ProblemKind::NeedsValue),
                        Ok(None) if role == Role::Response => Some(ProblemKind::NoValueInResponse),
                        Ok(_) => None,
                    }
                }
                _ => Some(ProblemKind::Unknown),
            }
        };
        if let Some(kind) = kind {
            found = true;
            each(Problem { span: p.span, name, kind });
        }
    }
    found
}

/// Checks the offer elements and the accepted element.
pub(crate) fn check(
    cx: &Cx<'_>,
    offer: &Offer<'_>,
    accepted: &[ExtensionItem],
    out: &mut Findings,
) {
    let mut valid_offers = Vec::new();
    for ext in offer.extensions {
        if OTHER_DEFLATES.iter().any(|o| o.eq_ignore_ascii_case(&ext.name)) {
            out.add_folding(Rule::DeflateLegacyWebkit, Part::Request, ext.span, || (
                format!("the client offers `{}`, a pre-standard compression extension", ext.name),
                "offer permessage-deflate (RFC 7692), which every current server and browser supports".into()));
        }
        if !is_deflate(ext) {
            continue;
        }
        let found = problems(ext, Role::Offer, |p| {
            out.add_folding(p.rules().0, Part::Request, p.span, || {
                let (message, help) = p.text();
                (format!("{message}, so the server must decline this offer"),
                    format!("{help}; a server answers such an offer without permessage-deflate, not with an error"))
            });
        });
        if !found {
            valid_offers.push(ext);
        }
    }
    if !valid_offers.is_empty()
        && valid_offers.iter().all(|o| Config::of(o).server_max_window_bits.is_some())
    {
        out.request(Rule::DeflateOfferNoFallback, valid_offers[0].span,
            "every permessage-deflate offer limits server_max_window_bits".into(),
            "add a second offer without it, for example `permessage-deflate; server_max_window_bits=10, permessage-deflate`".into());
    }

    if cx.switched_response().is_none() {
        return;
    }
    let mut deflates = accepted.iter().filter(|e| is_deflate(e));
    let Some(answer) = deflates.next() else { return };
    if let Some(second) = deflates.next() {
        out.response(
            Rule::DeflateDuplicateInResponse,
            second.span,
            "the response accepts permessage-deflate twice".into(),
            "accept one permessage-deflate offer only".into(),
        )
        .label(answer.span, "first accepted here");
    }
    if let Some(other) =
        accepted.iter().find(|e| OTHER_DEFLATES.iter().any(|o| o.eq_ignore_ascii_case(&e.name)))
    {
        out.response(
            Rule::DeflateRsv1Conflict,
            other.span,
            format!("the response accepts both permessage-deflate and {}", other.name),
            "accept only permessage-deflate: both compress with the RSV1 bit".into(),
        );
    }
    let offered_deflate = offer.extensions.iter().any(is_deflate);
    if cx.req.is_none() || !offered_deflate {
        return;
    }
    problems(answer, Role::Response, |p| {
        out.add_folding(p.rules().1, Part::Response, p.span, || p.text());
    });
    if valid_offers.is_empty() {
        out.response(Rule::DeflateAcceptedBadOffer, answer.span,
            "the server accepted permessage-deflate, but every offer was one it must decline".into(),
            "answer without Sec-WebSocket-Extensions: declining a broken offer completes the handshake without compression".into());
        return;
    }
    let answered = Config::of(answer);
    // The first offer the answer fits; when none does, the first offer's conflicts.
    let chosen = valid_offers.iter().position(|o| conflicts(Config::of(o), answered).is_empty());
    if chosen.is_none() {
        for c in &conflicts(Config::of(valid_offers[0]), answered) {
            let span =
                answer.params.iter().find(|p| p.name == c.param).map_or(answer.span, |p| p.span);
            out.response(c.rule, span, c.message.clone(), c.help.clone())
                .label(valid_offers[0].span, "offer");
        }
    }
    if let Some(param) =
        answer.params.iter().find(|p| p.name == CLIENT_MAX_WINDOW_BITS && p.value.is_some())
    {
        if !out.has(Rule::DeflateClientWindowNotOffered) {
            out.add(Rule::ClientWindowInResponse, Part::Response, param.span,
                "the response sets client_max_window_bits".into(),
                "legal after an offer with it, but nhooyr/websocket 1.8.7 (coder/websocket's predecessor) rejects it; leave it out if those clients matter".into());
        }
    }
    if let Some(param) = answer.params.iter().find(|p| p.name == SERVER_MAX_WINDOW_BITS) {
        if !out.has(Rule::DeflateServerWindowAboveOffer) {
            out.add(Rule::ServerWindowInResponse, Part::Response, param.span,
                "the response sets server_max_window_bits".into(),
                "legal, but nhooyr/websocket 1.8.7 (coder/websocket's predecessor) rejects it; leave it out if those clients matter".into());
        }
    }
}

struct Conflict {
    rule: Rule,
    param: &'static str,
    message: String,
    help: String,
}

/// How an accepted configuration disagrees with one offer (RFC 7692 §7.1.1.1 to §7.1.2.2).
fn conflicts(offer: Config, answer: Config) -> Vec<Conflict> {
    let mut out = Vec::new();
    match (offer.client_max_window_bits, answer.client_max_window_bits) {
        (None, Some(_)) => out.push(Conflict {
            rule: Rule::DeflateClientWindowNotOffered,
            param: CLIENT_MAX_WINDOW_BITS,
            message: "the response sets client_max_window_bits, which the offer did not include".into(),
            help: "remove client_max_window_bits from the response: a client that did not offer it may not support a smaller window".into(),
        }),
        (Some(Some(offered)), Some(Some(answered))) if answered > offered => out.push(Conflict {
            rule: Rule::DeflateClientWindowAboveOffer,
            param: CLIENT_MAX_WINDOW_BITS,
            message: format!("client_max_window_bits={answered} is larger than the offered {offered}"),
            help: format!("answer client_max_window_bits={offered} or less"),
        }),
        _ => {}
    }
    if let Some(Some(offered)) = offer.server_max_window_bits {
        match answer.server_max_window_bits {
            None => out.push(Conflict {
                rule: Rule::DeflateServerWindowMissing,
                param: SERVER_MAX_WINDOW_BITS,
                message: format!("the offer limits server_max_window_bits to {offered}, and the response does not include it"),
                help: format!("answer `server_max_window_bits={offered}` (or less), or decline the offer"),
            }),
            Some(Some(answered)) if answered > offered => out.push(Conflict {
                rule: Rule::DeflateServerWindowAboveOffer,
                param: SERVER_MAX_WINDOW_BITS,
                message: format!("server_max_window_bits={answered} is larger than the offered {offered}"),
                help: format!("answer server_max_window_bits={offered} or less"),
            }),
            _ => {}
        }
    }
    if offer.server_no_context_takeover && !answer.server_no_context_takeover {
        out.push(Conflict {
            rule: Rule::DeflateServerNoContextMissing,
            param: SERVER_NO_CONTEXT_TAKEOVER,
            message: "the offer asks for server_no_context_takeover, and the response does not include it".into(),
            help: "answer with server_no_context_takeover, or decline the offer".into(),
        });
    }
    out
}
