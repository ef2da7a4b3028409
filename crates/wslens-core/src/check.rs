//! One exchange, end to end: run the rules, then derive verdicts, the accept computation,
//! the negotiation table, client verdicts, the expected response and the headline.

use std::borrow::Cow;

use crate::{
    accept::{self, KeyBytes, KeyError},
    clients, expected, explain,
    headers::{deflate::is_deflate, Headers},
    http::{Head, StartLine},
    input::{EntryFacts, ParsedMessage},
    maps::{Caseless, FirstIndex, Firsts},
    names,
    report::{
        Accept, Body, ClientVerdict, Exchange, ExtensionParam, Finding, FindingCounts,
        HandshakeVerdict, Header, Mechanism, Message, MessageVerdict, Negotiation, NegotiationRow,
        Part, Severity, SharedSource, Span, StartLine as ReportStartLine, Text, Verdict,
    },
    rules::{self, context::switched, deflate, negotiation, Cx, Findings, Rule},
    software,
};

/// Analyses one exchange.
pub(crate) fn exchange(
    source: &SharedSource,
    index: u32,
    req: Option<&ParsedMessage>,
    resp: Option<&ParsedMessage>,
    other_keys: &accept::KeyAccepts<'_>,
    facts: Option<&EntryFacts>,
    line_endings_lost: bool,
) -> Exchange {
    let src = source.as_str();
    let mut cx =
        Cx::new(source, line_endings_lost, req.map(|m| &m.head), resp.map(|m| &m.head), other_keys);
    let mut out = Findings::default();
    let rebuilt_h2 = rules::capture::rebuilt_http2_view(&cx);
    let h2 = rebuilt_h2.is_some() || rules::h2::applies(&cx);
    cx.h2 = h2;
    if let Some(head) = cx.req {
        rules::http::check(&cx, head, Part::Request, &mut out);
        if h2 {
            rules::request::check_extended_connect(&cx, head, &mut out);
        } else {
            rules::request::check(&cx, head, &mut out);
        }
    }
    if let Some(head) = cx.resp {
        rules::http::check(&cx, head, Part::Response, &mut out);
    }
    if let Some(browser) = rebuilt_h2 {
        rules::capture::rebuilt_view(&cx, browser, &mut out);
        rules::h2::setting_note(&cx, &mut out);
    } else if h2 {
        rules::h2::check(&cx, &mut out);
    } else {
        rules::h2::mixed_hops(&cx, &mut out);
    }
    let offer = negotiation::offer(&cx);
    let answer = negotiation::answer(&cx);
    negotiation::check(&cx, &offer, &answer, &mut out);
    deflate::check(&cx, &offer, answer.extensions, &mut out);
    match (cx.req, cx.resp) {
        (_, Some(head)) => {
            let body = resp.and_then(|m| m.body);
            // The HTTP/2 answer of the hop behind a proxy does not answer an HTTP/1.1 Upgrade:
            // as for an extended CONNECT, only a refusal is diagnosed.
            if h2 || cx.mixed_hops() {
                rules::response::check_extended_connect(&cx, head, body, &mut out);
            } else {
                rules::response::check(&cx, head, body, &mut out);
            }
        }
        (Some(_), None) => {}
        (None, None) => {}
    }
    rules::capture::exchange(&cx, facts, &mut out);
    if let Some(checks) = facts.and_then(|f| f.frames.as_ref()) {
        let deflate = answer.extensions.iter().any(is_deflate);
        let frames_at = resp.and_then(|m| m.body).map(|(span, _)| span);
        let span = frames_at.or(cx.resp.map(|r| r.start_line)).unwrap_or(Span::new(0, 0));
        rules::frames::check(checks, deflate, span, &mut out);
    }
    rules::security::check(&cx, offer.protocols, &mut out);
    rules::interop::check(&cx, &mut out);

    let mut findings = out.into_grouped();
    findings.sort_by(|a, b| {
        b.severity.cmp(&a.severity).then(a.span.start.cmp(&b.span.start)).then(a.code.cmp(b.code))
    });
    // The first finding whose rule fails the handshake: it decides the verdict, and the
    // headline names it.
    let first_failing = findings.iter().position(|f| f.rule().info().fails_handshake);
    let verdict = verdict(&cx, &findings, first_failing.is_some());
    let expected_response =
        cx.req.map(|req| expected::response(&cx, req, &offer, &answer, &findings, verdict.request));
    let mut negotiation = negotiation_table(source, offer, &answer, &findings);
    let switched_response = cx.switched_response();
    // An incomplete exchange gets no client verdicts: what is missing (the rest of a cut
    // head, the request's key) decides them.
    let clients = match cx.resp {
        Some(_) if verdict.handshake != HandshakeVerdict::Incomplete => {
            clients::verdicts(switched_response.is_some(), h2, &findings)
        }
        _ => Vec::new(),
    };
    let failing_finding = first_failing.filter(|_| verdict.handshake == HandshakeVerdict::Failed);
    let headline = headline(
        &cx,
        &verdict,
        failing_finding.map(|i| &findings[i]),
        &findings,
        &answer,
        &clients,
    );
    let upgrade_lost =
        facts.and_then(|f| f.proxy.as_ref()).is_some_and(rules::capture::lost_the_upgrade);
    let software = cx.resp.and_then(|head| {
        let (found, evidence, span) =
            software::recognise(src, head, resp.and_then(|m| m.body.map(|b| b.0)))?;
        let failure = (verdict.handshake == HandshakeVerdict::Failed)
            .then(|| head.status().and_then(|s| software::Failure::of(s, upgrade_lost)))
            .flatten();
        Some(software::fix(found, evidence, span, failure))
    });
    let accept = accept_of(&mut cx, source);
    let request = req.map(|m| {
        let key = KeyFacts {
            accept: accept.as_ref().map(|a| a.expected.as_str()),
            first: cx.request_key().map(|f| f.value).zip(cx.key_bytes()),
        };
        message(source, m, &cx.req_headers, Part::Request, &findings, key, h2)
    });
    let response = resp.map(|m| {
        let none = KeyFacts::default();
        message(source, m, &cx.resp_headers, Part::Response, &findings, none, h2)
    });
    // Nothing reads the parsed extensions any more: the report takes them rather than a
    // copy (an element of fifty thousand parameters is held once).
    negotiation.offered_extensions = std::mem::take(&mut cx.req_headers.extensions);
    if switched_response.is_some() {
        negotiation.accepted_extensions = std::mem::take(&mut cx.resp_headers.extensions);
    }
    Exchange {
        index,
        mechanism: if h2 { Mechanism::ExtendedConnect } else { Mechanism::Upgrade },
        url: request_url(&cx),
        request,
        response,
        verdict,
        headline,
        accept,
        negotiation,
        expected_response,
        software,
        clients,
        failing_finding: failing_finding.and_then(|i| u32::try_from(i).ok()),
        finding_counts: FindingCounts::of(&findings),
        findings,
        // Moved in by the caller, which owns them.
        messages: None,
    }
}

/// The WebSocket URL the request asks for (see [`Exchange::url`]).
fn request_url(cx: &Cx<'_>) -> Option<String> {
    let req = cx.req?;
    let StartLine::Request { target, .. } = req.start else { return None };
    let target = cx.snippet(target);
    if target.contains("://") {
        return Some(target.to_owned());
    }
    let value = |name: &'static str| req.first(cx.src, name).map(|f| f.value(cx.src));
    let (scheme, host) = if cx.h2 {
        let scheme = if value(":scheme") == Some("http") { "ws" } else { "wss" };
        (scheme, value(":authority").or_else(|| value(names::HOST))?)
    } else {
        ("ws", value(names::HOST)?)
    };
    Some(crate::text::concat(&[scheme, "://", host, target]))
}

/// The three verdicts; `fails`: a finding's rule fails the handshake.
fn verdict(cx: &Cx<'_>, findings: &[Finding], fails: bool) -> Verdict {
    let judge = |present: bool, part: Part| match present {
        false => MessageVerdict::Absent,
        true if findings.iter().any(|f| f.part == part && f.severity == Severity::Error) => {
            MessageVerdict::Invalid
        }
        true => MessageVerdict::Valid,
    };
    let handshake = match cx.resp {
        None if fails => HandshakeVerdict::Failed,
        None => HandshakeVerdict::Incomplete,
        // Two hops of a translating proxy: neither message answers the other.
        Some(_) if cx.mixed_hops() => HandshakeVerdict::Incomplete,
        Some(resp) if !switched(resp, cx.h2) && resp.status() != Some(0) => {
            HandshakeVerdict::Failed
        }
        Some(_) if fails => HandshakeVerdict::Failed,
        Some(resp) if !resp.complete => HandshakeVerdict::Incomplete,
        Some(resp) if resp.status() == Some(0) => HandshakeVerdict::Failed,
        // Without the request's key the accept cannot be checked; HTTP/2 has no key.
        Some(_) if cx.request_key().is_none() && !cx.h2 => HandshakeVerdict::Incomplete,
        Some(_) => HandshakeVerdict::Ok,
    };
    Verdict {
        request: judge(cx.req.is_some(), Part::Request),
        response: judge(cx.resp.is_some(), Part::Response),
        handshake,
    }
}

fn accept_of(cx: &mut Cx<'_>, source: &SharedSource) -> Option<Accept> {
    if cx.h2 {
        // An extended CONNECT has no key and no accept (RFC 8441 §4); a key in the text is
        // misplaced (H2808) or a browser's rebuild, and nothing answers it.
        return None;
    }
    let received = cx.received_accept().map(|f| source.text_of(f.value(cx.src)));
    let (steps, diagnosis) = cx.take_accept();
    let steps = steps?;
    let matches = received.as_deref().is_some_and(|r| r.trim() == steps.accept);
    Some(Accept {
        key: steps.key,
        concatenated: steps.concatenated,
        sha1_hex: steps.sha1_hex,
        expected: steps.accept,
        received,
        matches,
        diagnosis,
    })
}

/// The codes of the findings on any of `spans`, each once, in the findings' order.
fn codes_at(findings: &[Finding], spans: &[Span]) -> Vec<&'static str> {
    codes_of(findings, spans.iter().copied(), |_| true)
}

/// The codes of the findings of the rules `keep` keeps on any of `spans`.
fn codes_of(
    findings: &[Finding],
    spans: impl Iterator<Item = Span> + Clone,
    keep: impl Fn(Rule) -> bool,
) -> Vec<&'static str> {
    let mut codes: Vec<&'static str> = Vec::new();
    for f in findings.iter().filter(|f| keep(f.rule())) {
        // A folded finding marks its next repeats with labels: they are its places too.
        let repeats = f.labels.iter().filter(|l| l.text == rules::SAME_AGAIN).map(|l| l.span);
        let mut places = std::iter::once(f.span).chain(repeats);
        if !codes.contains(&f.code)
            && places.any(|at| spans.clone().any(|s| s.overlaps(at) || at.contains(s)))
        {
            codes.push(f.code);
        }
    }
    codes
}

/// Rows of one kind (the subprotocols, one extension's parameters) beyond this are counted
/// in one last row: the table is for reading, and `offeredSubprotocols` and the extension
/// items keep everything.
const MAX_ROWS: usize = 64;

/// One parameter name of an extension: its first offered and first answered occurrence,
/// and where it occurs.
type ParamRow<'a> = (Option<&'a ExtensionParam>, Option<&'a ExtensionParam>, Places);

/// Where one subprotocol or parameter name occurs: the first place and the others.
struct Places {
    first: Span,
    more: Vec<Span>,
}

impl Places {
    fn new(first: Span) -> Places {
        Places { first, more: Vec::new() }
    }

    /// Adds a place, keeping at most [`MAX_ROWS`] in all (a subprotocol row's codes come
    /// from its first occurrences; the repeats of a hostile offer add nothing a reader could
    /// use).
    fn add_up_to_max(&mut self, span: Span) {
        if self.more.len() + 1 < MAX_ROWS {
            self.more.push(span);
        }
    }

    fn len(&self) -> usize {
        1 + self.more.len()
    }

    fn spans(&self) -> impl Iterator<Item = Span> + Clone + '_ {
        std::iter::once(self.first).chain(self.more.iter().copied())
    }
}

/// The row that counts the rows left out.
fn more_rows(subject: Text, left_out: usize, rfc: &'static str) -> NegotiationRow {
    NegotiationRow {
        subject,
        item: format!("… and {left_out} more").into(),
        offered: None,
        answered: None,
        codes: Vec::new(),
        rfc,
    }
}

fn negotiation_table(
    source: &SharedSource,
    offer: negotiation::Offer<'_>,
    answer: &negotiation::Answer<'_>,
    findings: &[Finding],
) -> Negotiation {
    // Room for the usual rows; a hostile list adds rows past this (at most MAX_ROWS a kind).
    let mut rows = Vec::with_capacity(
        offer.protocols.len().min(MAX_ROWS)
            + 2 * (offer.extensions.len() + answer.extensions.len()).min(MAX_ROWS),
    );
    let selected = answer.protocol.as_ref();
    // One row per distinct subprotocol, in offer order, for the first MAX_ROWS of them; its
    // spans are every place it is offered, and the answer's when it is the one picked. The
    // names past those rows are only counted (a set, for a hostile offer of a hundred
    // thousand distinct names, which one "more" row stands for).
    let mut shown: Firsts<&str, Places> = Firsts::default();
    let mut hidden: crate::maps::Set<&str> = crate::maps::Set::default();
    // The name before and how many places it holds: a run of one name (a hostile offer)
    // needs no lookup once it is full.
    let mut run: Option<(&str, usize)> = None;
    for &(name, span) in offer.protocols {
        if run.is_some_and(|(previous, held)| previous == name && held >= MAX_ROWS) {
            continue;
        }
        let held = if shown.entries().len() < MAX_ROWS || shown.get(name).is_some() {
            let (places, new) = shown.entry(name, || Places::new(span));
            if !new {
                places.add_up_to_max(span);
            }
            places.len()
        } else {
            hidden.insert(name);
            MAX_ROWS
        };
        run = Some((name, held));
    }
    let subprotocol = || Text::from("subprotocol");
    for (name, at) in shown.entries() {
        let picked = selected.filter(|(s, _)| s == name);
        let item = source.text_of(name);
        rows.push(NegotiationRow {
            subject: subprotocol(),
            offered: Some(item.clone()),
            answered: picked.map(|p| source.text_of(p.0)),
            codes: codes_of(findings, at.spans().chain(picked.map(|p| p.1)), |_| true),
            item,
            rfc: "RFC 6455 §4.2.2",
        });
    }
    if !hidden.is_empty() {
        rows.push(more_rows(subprotocol(), hidden.len(), "RFC 6455 §4.2.2"));
    }
    if let Some((name, span)) =
        selected.filter(|(s, _)| shown.get(s).is_none() && !hidden.contains(s))
    {
        let item = source.text_of(name);
        rows.push(NegotiationRow {
            subject: subprotocol(),
            answered: Some(item.clone()),
            item,
            offered: None,
            codes: codes_at(findings, &[*span]),
            rfc: "RFC 6455 §4.1",
        });
    }
    // Each offered name once, in the order first offered (the duplicates are findings, WS128):
    // the names past the rows each leave the set the first time they come.
    let past = offer.protocols.iter().filter(|(name, _)| hidden.remove(name));
    let offered_subprotocols: Vec<Text> = shown
        .entries()
        .iter()
        .map(|(n, _)| *n)
        .chain(past.map(|(n, _)| *n))
        .map(|p| source.text_of(p))
        .collect();
    // Where each extension name is first answered, and first offered.
    let answered = FirstIndex::new(answer.extensions, Caseless::of_extension);
    let offered = FirstIndex::new(offer.extensions, Caseless::of_extension);
    let accepted_deflate = answer.extensions.iter().find(|e| is_deflate(e));
    let items = offer.extensions.iter().map(|e| (e, true)).chain(
        answer
            .extensions
            .iter()
            .filter(|a| offered.first(Caseless::of_extension(a)).is_none())
            .map(|e| (e, false)),
    );
    let mut shown = 0;
    let mut left_out = 0;
    for (ext, is_offer) in items {
        if shown == MAX_ROWS {
            left_out += 1;
            continue;
        }
        shown += 1;
        let answered_ext = if is_deflate(ext) {
            accepted_deflate
        } else {
            answered.item(Caseless::of_extension(ext))
        };
        let offered_ext = is_offer.then_some(ext);
        let rfc = if is_deflate(ext) { "RFC 7692 §7" } else { "RFC 6455 §9.1" };
        rows.push(NegotiationRow {
            subject: ext.name.clone(),
            item: Text::from("(extension)"),
            offered: offered_ext.map(|_| Text::from("offered")),
            answered: answered_ext.map(|_| Text::from("accepted")),
            codes: codes_of(findings, std::iter::once(ext.span), Rule::is_negotiation),
            rfc,
        });
        // One row per distinct parameter name: the offer's first, then the answer's new ones;
        // each with its first offered and first answered occurrence, and where it occurs.
        let mut params: Firsts<&str, ParamRow<'_>> = Firsts::default();
        let sides = offered_ext
            .into_iter()
            .map(|e| (e, true))
            .chain(answered_ext.filter(|_| is_offer || offered_ext.is_none()).map(|e| (e, false)));
        for (side, offered) in sides {
            for p in &side.params {
                let (entry, new) =
                    params.entry(p.name.as_str(), || (None, None, Places::new(p.span)));
                if !new {
                    entry.2.more.push(p.span);
                }
                let slot = if offered { &mut entry.0 } else { &mut entry.1 };
                slot.get_or_insert(p);
            }
        }
        let value = |p: Option<&ExtensionParam>| {
            p.map(|p| p.value.clone().unwrap_or_else(|| Text::from("(no value)")))
        };
        for (name, (offered, answered, at)) in params.entries().iter().take(MAX_ROWS) {
            let rfc = match *name {
                names::SERVER_NO_CONTEXT_TAKEOVER => "RFC 7692 §7.1.1.1",
                names::CLIENT_NO_CONTEXT_TAKEOVER => "RFC 7692 §7.1.1.2",
                names::SERVER_MAX_WINDOW_BITS => "RFC 7692 §7.1.2.1",
                names::CLIENT_MAX_WINDOW_BITS => "RFC 7692 §7.1.2.2",
                _ if is_deflate(ext) => "RFC 7692 §7",
                _ => "RFC 6455 §9.1",
            };
            let param = offered.or(*answered).map(|p| p.name.clone());
            rows.push(NegotiationRow {
                subject: ext.name.clone(),
                item: param.unwrap_or_else(|| Text::from((*name).to_owned())),
                offered: value(*offered),
                answered: value(*answered),
                codes: codes_of(findings, at.spans(), |_| true),
                rfc,
            });
        }
        if params.entries().len() > MAX_ROWS {
            rows.push(more_rows(ext.name.clone(), params.entries().len() - MAX_ROWS, rfc));
        }
    }
    if left_out > 0 {
        rows.push(more_rows(Text::from("extension"), left_out, "RFC 6455 §9.1"));
    }
    Negotiation {
        offered_subprotocols,
        selected_subprotocol: answer.protocol.map(|p| source.text_of(p.0)),
        // Moved in by the caller once nothing reads them (see `exchange`).
        offered_extensions: Vec::new(),
        accepted_extensions: Vec::new(),
        rows,
    }
}

fn headline(
    cx: &Cx<'_>,
    verdict: &Verdict,
    first_failure: Option<&Finding>,
    findings: &[Finding],
    answer: &negotiation::Answer<'_>,
    clients: &[ClientVerdict],
) -> String {
    match verdict.handshake {
        HandshakeVerdict::Ok => {
            let mut text = String::with_capacity(160);
            text.push_str("Handshake ok: the server switched to WebSocket");
            let mut joiner = " with ";
            if let Some((p, _)) = answer.protocol {
                text.push_str(joiner);
                text.push_str("subprotocol ");
                text.push_str(p);
                joiner = " and ";
            }
            for (i, ext) in answer.extensions.iter().enumerate() {
                text.push_str(if i == 0 { joiner } else { ", " });
                text.push_str(&ext.name);
            }
            text.push('.');
            // An RFC 6455 client opens it; say so when real clients would not.
            let refusing: Vec<&ClientVerdict> = clients.iter().filter(|c| !c.accepts).collect();
            if !refusing.is_empty() {
                let mut codes: Vec<&str> = Vec::new();
                for code in refusing.iter().flat_map(|c| &c.codes) {
                    if !codes.contains(code) {
                        codes.push(code);
                    }
                }
                let names: Vec<&str> = refusing.iter().map(|c| c.name).collect();
                text.push_str(&format!(
                    " But {} would refuse it ({}).",
                    join_names(&names),
                    codes.join(", ")
                ));
            }
            text
        }
        HandshakeVerdict::Failed => match first_failure {
            Some(f) => format!("Handshake failed: {}.", f.message),
            None => "Handshake failed.".into(),
        },
        HandshakeVerdict::Incomplete => {
            let why = match (cx.req, cx.resp) {
                (_, None) if findings.iter().any(|f| f.rule() == Rule::H2ConnectProtocolOff) => {
                    "no extended CONNECT was sent, because the server's SETTINGS do not allow it"
                }
                (_, None) => "the transcript has no response",
                (None, Some(_)) => "the transcript has no request, so the accept cannot be checked",
                (_, Some(r)) if !r.complete => "the response is cut off before the end of its head",
                _ if cx.mixed_hops() => "one message is HTTP/2 or later and the other HTTP/1, so they come from two hops of a proxy and neither answers the other",
                _ => "the request has no Sec-WebSocket-Key, so the accept cannot be checked",
            };
            let request = match verdict.request {
                MessageVerdict::Invalid => "; the request itself is invalid",
                _ => "",
            };
            format!("Handshake incomplete: {why}{request}.")
        }
    }
}

/// `a`, `a and b`, `a, b and c`.
fn join_names(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// The version as written, or `HTTP/2` for a copy of pseudo-headers, which has none.
fn version_text(source: &SharedSource, head: &Head, version: Span) -> Text {
    if head.pseudo {
        Text::from("HTTP/2")
    } else {
        source.slice(version)
    }
}

/// What the request's key notes can reuse: the accept the exchange computed, and where the
/// first key is with its decoding.
#[derive(Clone, Copy, Default)]
struct KeyFacts<'a> {
    accept: Option<&'a str>,
    first: Option<(Span, &'a Result<KeyBytes, KeyError>)>,
}

/// The report's view of one message as its text has it, without the rules: no header's
/// status, and notes that know nothing of the other headers. Redaction reads the exchanges a
/// report does not detail this way, without checking them again.
pub(crate) fn bare_message(source: &SharedSource, m: &ParsedMessage) -> Message {
    let part = if m.head.is_request() { Part::Request } else { Part::Response };
    let over_h2 = m.head.is_h2_or_later();
    message(source, m, &Headers::default(), part, &[], KeyFacts::default(), over_h2)
}

/// The report's view of one message, with per-header status and value notes.
fn message(
    source: &SharedSource,
    m: &ParsedMessage,
    lists: &Headers<'_>,
    part: Part,
    findings: &[Finding],
    key: KeyFacts<'_>,
    over_h2: bool,
) -> Message {
    let src = source.as_str();
    let head = &m.head;
    let start_line = match head.start {
        StartLine::Request { method, target, version } => ReportStartLine::Request {
            span: head.start_line,
            method: source.slice(method),
            target: source.slice(target),
            version: version_text(source, head, version),
        },
        StartLine::Response { version, reason, code, .. } => ReportStartLine::Response {
            span: head.start_line,
            version: version_text(source, head, version),
            status: code,
            reason: source.slice(reason),
        },
    };
    let headers = head
        .fields
        .iter()
        .enumerate()
        .map(|(index, f)| {
            let name = f.name(src);
            let doc = explain::lookup_hashed(name, f.name_hash);
            let explain_id = doc.map_or(explain::UNKNOWN_ID, |d| d.name);
            let status = findings
                .iter()
                .filter(|x| x.part == part && (f.line.overlaps(x.span) || x.span.contains(f.line)))
                .map(|x| x.severity)
                .max();
            Header {
                // Most names are spelled as in the knowledge base: share its text.
                name: match doc {
                    Some(d) if d.name == name => Cow::Borrowed(d.name),
                    _ => Cow::Owned(name.to_owned()),
                },
                value: source.text_of(f.value(src)),
                name_span: f.name,
                value_span: f.value,
                line_span: f.line,
                explain_id,
                status,
                notes: explain::value_notes(
                    explain_id,
                    f.value(src),
                    part,
                    key.accept,
                    key.first.filter(|(at, _)| *at == f.value).map(|(_, decoded)| decoded),
                    over_h2,
                    lists.line_at(index).map(|line| (lists, line)),
                ),
            }
        })
        .collect();
    Message {
        span: head.span,
        start_line,
        headers,
        complete: head.complete,
        body: m.body.map(|(span, kind)| Body { span, kind }),
    }
}
