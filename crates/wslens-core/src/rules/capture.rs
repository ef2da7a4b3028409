//! Capture rules: what the transcript's container says beside the headers, mapped to
//! findings the way `rules/http.rs` maps the head parser's issues. The input as a whole (a
//! text rebuilt from a HAR, a capture or a curl command; ignored or indented text; TLS
//! connections; a cut capture; what could not be read at all), and per exchange: a side
//! missing from the transcript, a failure the browser recorded, a relay's dropped headers
//! (CAP707), and a browser's rebuilt view of an HTTP/2 WebSocket (CAP709).

use std::borrow::Cow;

use super::{finding, Cx, Findings, Rule};
use crate::{
    input::{EntryFacts, Transcript, Unusable},
    names,
    prepared::{Dropped, ProxyHop},
    report::{Exchange, Finding, FindingCounts, Format, HandshakeVerdict, Label, Part, Span},
    text::counted,
};

/// The exchanges checked past the report's limit ([`crate::DETAILED_EXCHANGES`]): counted,
/// with where the first of them and the first that failed start, for CAP711.
#[derive(Debug, Default)]
pub(crate) struct NotDetailed {
    /// How many, and how many of them are ok, failed and incomplete.
    pub(crate) total: u32,
    pub(crate) ok: u32,
    pub(crate) failed: u32,
    pub(crate) incomplete: u32,
    /// Those with an invalid request or response, and their findings' severities.
    pub(crate) invalid: u32,
    pub(crate) finding_counts: FindingCounts,
    first: Option<Span>,
    first_failed: Option<(u32, Span)>,
}

impl NotDetailed {
    /// Counts one exchange that the report leaves out.
    pub(crate) fn count(&mut self, exchange: &Exchange) {
        self.total += 1;
        self.finding_counts = self.finding_counts + exchange.finding_counts;
        self.invalid += u32::from(exchange.verdict.has_invalid_message());
        let start =
            exchange.request.as_ref().or(exchange.response.as_ref()).map(|m| m.start_line.span());
        let start = start.unwrap_or(Span::new(0, 0));
        self.first.get_or_insert(start);
        match exchange.verdict.handshake {
            HandshakeVerdict::Ok => self.ok += 1,
            HandshakeVerdict::Failed => {
                self.failed += 1;
                self.first_failed.get_or_insert((exchange.index, start));
            }
            HandshakeVerdict::Incomplete => self.incomplete += 1,
        }
    }

    /// CAP711, when any exchange was left out of the report's `detailed`.
    pub(crate) fn finding(&self, detailed: usize) -> Option<Finding> {
        let first = self.first?;
        let total = detailed + self.total as usize;
        let mut verdicts =
            [(self.ok, "ok"), (self.failed, "failed"), (self.incomplete, "incomplete")]
                .iter()
                .filter(|(n, _)| *n > 0)
                .map(|(n, what)| format!("{n} {what}"))
                .collect::<Vec<_>>()
                .join(", ");
        if self.invalid > 0 {
            verdicts.push_str(&format!(
                ", and {} with an invalid request or response",
                counted(self.invalid as usize, "exchange", "exchanges")
            ));
        }
        let mut f = finding(
            Rule::ExchangesNotDetailed,
            Part::Input,
            first,
            format!(
                "the input holds {}; the report details the first {detailed}, and {} checked and counted: {verdicts}",
                counted(total, "exchange", "exchanges"),
                match self.total {
                    1 => "the last one was".to_owned(),
                    n => format!("the other {n} were"),
                }
            ),
            "to see every exchange in full, run `wslens check --all-exchanges` on the file, or split the input (in Wireshark, export a range of TCP streams)".into(),
        );
        if let Some((index, span)) = self.first_failed {
            f.labels.push(Label {
                span,
                text: format!("the first of them that failed (exchange {})", index as usize + 1),
            });
        }
        Some(f)
    }
}

/// The findings about the input as a whole, by position.
pub(crate) fn input(transcript: &Transcript) -> Vec<Finding> {
    let text = transcript.text.as_str();
    let mut findings = Vec::new();
    // A text that wslens rebuilt from a container is labelled on its first line.
    let rebuilt = |rule, message: String, help: &str| {
        finding(rule, Part::Input, first_rebuilt_line(text), message, help.into())
    };
    if let Some(unusable) = &transcript.unusable {
        let first_line = text.find('\n').unwrap_or(text.len());
        let (message, help) = unusable_explanation(unusable);
        findings.push(finding(
            Rule::InputNotHttp,
            Part::Input,
            Span::new(0, first_line),
            message,
            help,
        ));
    } else if transcript.format == Format::Har {
        let n = transcript.entries.len();
        findings.push(rebuilt(
            Rule::ReconstructedFromHar,
            format!("this text was rebuilt from {} of a HAR export", counted(n, "WebSocket entry", "WebSocket entries")),
            "a HAR does not keep line endings, header order (Chrome's is arbitrary), folding or whitespace, and Chrome drops Set-Cookie: findings about those need the raw bytes (curl -v, a pcap)",
        ));
    } else if transcript.format == Format::CurlCommand {
        findings.push(rebuilt(
            Rule::ReconstructedFromCommand,
            "this request was rebuilt from a curl command line (DevTools \"Copy as cURL\"); a command holds no response".into(),
            "to check the server's answer too, paste the request and response headers, curl -v output, or a HAR export",
        ));
    }
    if transcript.format == Format::Error && transcript.unusable.is_none() {
        findings.extend(super::errors::check(text));
    }
    if let Some(span) = transcript.indented {
        findings.push(finding(
            Rule::IndentedTranscript,
            Part::Input,
            span,
            "the transcript is indented; wslens removed the indentation before reading it".into(),
            "nothing to do; on the wire, header lines start at the first column".into(),
        ));
    }
    if transcript.format == Format::Pcap && transcript.unusable.is_none() {
        let n = transcript.entries.len();
        findings.push(rebuilt(
            Rule::RebuiltFromCapture,
            format!("this text was rebuilt from {} in the capture's TCP streams", counted(n, "WebSocket handshake", "WebSocket handshakes")),
            "heads are shown byte for byte as captured; WebSocket frames are decoded into the message list instead",
        ));
    }
    if !transcript.encrypted.is_empty() {
        let list = transcript.encrypted.join(", ");
        findings.push(finding(
            Rule::EncryptedConnections,
            Part::Input,
            Span::new(0, 0),
            format!("{} cannot be read: {list}", counted(transcript.encrypted.len(), "TLS-encrypted connection", "TLS-encrypted connections")),
            "for wss://, export a HAR from the browser's Network panel, or start the client with SSLKEYLOGFILE set, decrypt in Wireshark and export the decrypted stream".into(),
        ));
    }
    if let (Some(why), None) = (&transcript.stopped, &transcript.unusable) {
        findings.push(finding(
            Rule::CaptureCut,
            Part::Input,
            Span::new(text.len(), text.len()),
            format!("{why}; the packets before it were read"),
            "copy the capture again after the capturing program has stopped".into(),
        ));
    }
    if transcript.skipped > 0 {
        let n = transcript.skipped;
        findings.push(finding(
            Rule::EntriesSkipped,
            Part::Input,
            Span::new(0, 0),
            match (transcript.format, n) {
                (Format::Pcap, 1) => "1 HTTP exchange in the capture that is not a WebSocket handshake was skipped".to_owned(),
                (Format::Pcap, _) => format!("{n} HTTP exchanges in the capture that are not WebSocket handshakes were skipped"),
                (_, 1) => "1 HAR entry that is not a WebSocket handshake was skipped".to_owned(),
                _ => format!("{n} HAR entries that are not WebSocket handshakes were skipped"),
            },
            "nothing to do: only WebSocket handshakes are checked".into(),
        ));
    }
    // When nothing is HTTP, the ignored text is the whole input and HTTP000 already says so.
    // The probe's own note lines are not text the user pasted.
    let ours = |span: &&Span| text[span.range()].starts_with(names::PROBE_NOTE);
    for span in
        transcript.ignored.iter().filter(|_| transcript.unusable.is_none()).filter(|s| !ours(s))
    {
        let lines = text[span.range()].lines().count();
        findings.push(finding(Rule::TextIgnored, Part::Input, *span,
            match lines {
                1 => "1 line that is not part of an HTTP message was skipped".to_owned(),
                n => format!("{n} lines that are not part of an HTTP message were skipped"),
            },
            "only request lines, status lines and their headers are read; labels and comments are fine".into()));
    }
    findings.sort_by_key(|f| f.span.start);
    findings
}

/// The findings about one exchange that its capture's facts decide: a missing request or
/// response (RFC 6455 §4.1 and §4.2.2 need both to judge the handshake), a failure the
/// browser recorded in a HAR without the response (CAP702), and the headers a relay
/// dropped between two hops (CAP707).
pub(crate) fn exchange(cx: &Cx<'_>, facts: Option<&EntryFacts>, out: &mut Findings) {
    match (cx.req, cx.resp) {
        (None, Some(head)) => {
            out.add(Rule::RequestMissing, Part::Handshake, head.start_line,
                "the transcript has no request for this response".into(),
                "include the client's request (it comes before the response) to check the accept and the negotiation".into());
        }
        (Some(head), None) => match facts.and_then(|f| f.failure.as_deref()) {
            Some(failure) => {
                let (message, help) = match chrome_failure_cause(failure) {
                    Some((cause, help)) => (
                        format!("Chrome failed this handshake ({failure}): {cause}; the HAR keeps no response"),
                        format!("{help}. To see the whole answer, replay the request with curl -v or capture a pcap"),
                    ),
                    None => (
                        format!("the browser recorded this handshake as failed ({failure}) and the HAR keeps no response"),
                        "the HAR does not say why: see the browser console, or replay the request with curl -v (or capture a pcap) to get the server's answer; below is what the server should have answered".to_owned(),
                    ),
                };
                out.add(
                    Rule::BrowserRecordedFailure,
                    Part::Handshake,
                    head.start_line,
                    message,
                    help,
                );
            }
            // The probe sent nothing, as a browser would not (H2813 says why): no response is
            // missing.
            None if out.has(Rule::H2ConnectProtocolOff) => {}
            None => {
                out.add(Rule::ResponseMissing, Part::Handshake, head.start_line,
                    "the transcript has no response to this request".into(),
                    "add the server's response after the request; below is what a careful server would answer".into());
            }
        },
        _ => {}
    }
    if let (Some(hop), Some(head)) = (facts.and_then(|f| f.proxy.as_ref()), cx.req) {
        proxy_hop(cx, hop, head.start_line, out);
    }
}

/// CAP707: what the client sent that this later hop of the handshake lacks.
fn proxy_hop(cx: &Cx<'_>, hop: &ProxyHop, at: Span, out: &mut Findings) {
    if hop.dropped.is_empty() {
        return;
    }
    // The first hop's line, if the offset (from a `Prepared`, which may come from anywhere)
    // lies on a character boundary of this text.
    let at_first = hop.client_request_at;
    let first_hop = cx.src.get(at_first..).map(|rest| {
        Span::new(at_first, rest.find(['\r', '\n']).map_or(cx.src.len(), |n| at_first + n))
    });
    let lost: Vec<String> = hop.dropped.iter().map(describe).collect();
    // When the upgrade went through, only headers were lost, and `lost` names them.
    let help = if lost_the_upgrade(hop) {
        "configure the proxy to pass the upgrade on: in nginx, `proxy_http_version 1.1; proxy_set_header Upgrade $http_upgrade; proxy_set_header Connection \"upgrade\";`".to_owned()
    } else {
        format!("the upgrade itself went through; have the proxy pass on {} too, or check it at the proxy: a backend that relies on it (an Origin allow-list, a subprotocol or compression choice) no longer sees what the client sent", lost.join(", "))
    };
    let finding = out.add(
        Rule::ProxyDroppedHeaders,
        Part::Handshake,
        at,
        format!(
            "on its way through the proxy, this request lost what the client sent: {}",
            lost.join("; ")
        ),
        help,
    );
    if let Some(span) = first_hop {
        finding.label(span, "the client's request (first hop)");
    }
}

/// Whether a proxy hop lost the upgrade itself: Upgrade, the Upgrade token of Connection,
/// or HTTP/1.1 (RFC 9110 §7.8: Upgrade is hop-by-hop, so each hop must pass it on).
pub(crate) fn lost_the_upgrade(hop: &ProxyHop) -> bool {
    hop.dropped.iter().any(|d| match d {
        Dropped::Header(name) => name.eq_ignore_ascii_case(names::UPGRADE),
        Dropped::ConnectionUpgrade(_) | Dropped::HttpVersion(..) => true,
    })
}

/// What was dropped, in words.
fn describe(dropped: &Dropped) -> String {
    match dropped {
        Dropped::Header(name) => name.clone(),
        Dropped::ConnectionUpgrade(Some(value)) => {
            format!("the Upgrade token of Connection (it arrived as `Connection: {value}`)")
        }
        Dropped::ConnectionUpgrade(None) => "Connection".to_owned(),
        Dropped::HttpVersion(sent, arrived) => {
            format!("the HTTP version (it arrived as {arrived}, the client sent {sent})")
        }
    }
}

/// CAP709: a browser's rebuilt view of a WebSocket it opened over HTTP/2, checked as the
/// extended CONNECT it was.
pub(crate) fn rebuilt_view(cx: &Cx<'_>, browser: Rebuilder, out: &mut Findings) {
    let resp = cx.resp.map_or(Span::new(0, 0), |r| r.start_line);
    let (message, rebuilt) = match browser {
        Rebuilder::Chrome => (
            "no Sec-WebSocket-Key and a 200 with lowercase fields: this is how Chrome shows a WebSocket it opened over HTTP/2, rebuilt as an HTTP/1.1 Upgrade",
            "the Upgrade, Connection and request line are Chrome's rebuild",
        ),
        Rebuilder::Firefox => (
            "a `GET ... HTTP/2` Upgrade answered by `HTTP/2 200` with X-Firefox-Spdy: this is how Firefox shows a WebSocket it opened over HTTP/2, rebuilt as an Upgrade",
            "the GET request line, Upgrade, Connection, Sec-WebSocket-Key and X-Firefox-Spdy are Firefox's rebuild",
        ),
    };
    out.add(Rule::RebuiltHttp2View, Part::Handshake, resp, message.into(),
        format!("it was checked as an HTTP/2 extended CONNECT (RFC 8441); {rebuilt}, not what was sent. For the real HTTP/2 fields, look at the server's log"));
}

/// The browser whose developer tools rebuilt a WebSocket opened over HTTP/2 as an Upgrade.
#[derive(Clone, Copy)]
pub(crate) enum Rebuilder {
    Chrome,
    Firefox,
}

/// Browsers show a WebSocket they opened over HTTP/2 (an extended CONNECT) as an Upgrade
/// they rebuilt. Chrome's DevTools and HAR export write an HTTP/1.1 Upgrade without a key
/// (which Chrome always sends over HTTP/1.1), answered by a 2xx whose fields are all
/// lowercase, as HTTP/2 fields are. Firefox's DevTools write `GET ... HTTP/2` with Upgrade,
/// Connection and a key, answered by `HTTP/2 200` with its own X-Firefox-Spdy field.
pub(crate) fn rebuilt_http2_view(cx: &Cx<'_>) -> Option<Rebuilder> {
    let (req, resp) = (cx.req?, cx.resp?);
    let answered = resp.status().is_some_and(|s| (200..300).contains(&s));
    if !answered || !req.has(cx.src, names::UPGRADE) || req.pseudo || resp.pseudo {
        return None;
    }
    let chrome = !req.is_h2_or_later()
        && !resp.is_h2_or_later()
        && cx.request_key().is_none()
        && !resp.fields.is_empty()
        && resp.fields.iter().all(|f| !f.name(cx.src).bytes().any(|b| b.is_ascii_uppercase()));
    let firefox = req.is_h2_or_later()
        && resp.is_h2_or_later()
        && (resp.has(cx.src, "X-Firefox-Spdy") || resp.has(cx.src, "X-Firefox-Http3"));
    match (chrome, firefox) {
        (true, _) => Some(Rebuilder::Chrome),
        (_, true) => Some(Rebuilder::Firefox),
        _ => None,
    }
}

/// The first line of a rebuilt text (its lines end in CRLF), where the input findings that
/// label the text as rebuilt point.
fn first_rebuilt_line(text: &str) -> Span {
    Span::new(0, text.find('\r').unwrap_or(text.len()))
}

fn unusable_explanation(unusable: &Unusable) -> (String, String) {
    let (message, help): (Cow<'_, str>, &str) = match unusable {
        Unusable::Empty => ("the input is empty".into(), "paste or pipe a handshake: the request (`GET /path HTTP/1.1` and its headers), then the response"),
        Unusable::Binary => ("the input is binary, but not a pcap or pcapng capture".into(), "wslens reads text transcripts, curl -v output, HAR, pcap and pcapng; export the handshake in one of those"),
        Unusable::Json => ("the input is JSON, but not a HAR (no `log` object)".into(), "export a HAR from the browser's Network panel, or paste the request and response headers"),
        Unusable::NoStartLine => ("no request line or status line found".into(), "a transcript starts with a line like `GET /chat HTTP/1.1` or `HTTP/1.1 101 Switching Protocols`"),
        Unusable::BadCommand(why) => (format!("the curl command cannot be read: {why}").into(), "copy it again (DevTools: Network panel, right-click the WebSocket request, Copy > Copy as cURL (bash) or (cmd)); a command cut while pasting often ends inside a quote"),
        Unusable::BadHar(why) => (why.as_str().into(), "export the HAR again (in Chrome: Network panel, right-click, Save all as HAR); a truncated download or a hand edit often breaks the JSON"),
        Unusable::NoWebSocketInCapture { packets, encrypted, stopped } => {
            let mut what = format!("the capture has {} and no readable WebSocket handshake", counted(usize::try_from(*packets).unwrap_or(usize::MAX), "packet", "packets"));
            if *encrypted > 0 {
                what.push_str(&match encrypted {
                    1 => "; 1 connection is TLS-encrypted".to_owned(),
                    n => format!("; {n} connections are TLS-encrypted"),
                });
            }
            if let Some(why) = stopped {
                what.push_str(&format!("; {why}"));
            }
            (what.into(), "capture the loopback or LAN interface while the client connects (tcpdump -i any -w ws.pcap 'tcp port 8080'); for wss://, export a HAR from the browser or log TLS keys with SSLKEYLOGFILE")
        }
        Unusable::TooLarge(bytes) => (format!("the input's text is {bytes} bytes, more than the {} bytes (4 GiB) wslens reads as text: its positions count bytes in 32 bits", u32::MAX).into(), "cut the text down to the handshakes to check (one is a few KB); from a packet capture, keep the connections of the handshake (a tcpdump or tshark filter on its port)"),
        Unusable::NoClientError => ("no client error message that wslens knows was found".into(), "paste the whole line the client printed (the browser console's \"WebSocket connection to ... failed: ...\", the exception's last line), or the handshake itself; docs/errors.md lists the messages wslens reads"),
        Unusable::NoCaptureReader => ("this is a packet capture, and this build of wslens has no pcap reader".into(), "open the capture in the wslens viewer (its web worker reads captures) or run `wslens check FILE.pcap`; the <wslens-handshake> element and a viewer page whose worker could not start cannot read one"),
        Unusable::NoWebSocketInHar(1) => ("the HAR has 1 entry and it is not a WebSocket handshake".into(),
            "record the HAR while the page opens its WebSocket (reload with the Network panel open), and check that the WS filter shows it"),
        Unusable::NoWebSocketInHar(entries) => (format!("the HAR has {entries} entries and none is a WebSocket handshake").into(), "record the HAR while the page opens its WebSocket (reload with the Network panel open), and check that the WS filter shows it"),
    };
    (message.into_owned(), help.to_owned())
}

/// What Chrome's recorded handshake error (the text of a HAR's `error` message, found
/// anywhere in `error`) says the server did, and what to change; `None` for a text it does
/// not recognise. The texts are those of Chromium's `websocket_basic_handshake_stream.cc`,
/// as Chrome's saved HARs record them (tests/fixtures/captured/formats).
pub(crate) fn chrome_failure_cause(error: &str) -> Option<(String, &'static str)> {
    if let Some((_, code)) = error.split_once("Unexpected response code: ") {
        let code = code.split(|c: char| !c.is_ascii_digit()).next().unwrap_or_default();
        let help = match code.parse::<u16>() {
            Ok(200) => "a 200 means a proxy dropped Upgrade (hop-by-hop) or an app route answered: pass Upgrade and Connection on at the proxy, and route the path to the WebSocket handler",
            Ok(300..=399) => "browsers never follow a redirect on a WebSocket handshake: connect to the final URL",
            Ok(403) => "403 on a handshake is usually the server's Origin check: add the page's origin to the allow-list",
            Ok(404) => "the path has no WebSocket handler: check the URL and the server's (or proxy's) routes",
            Ok(426) => "the server wants another protocol version: Chrome speaks only 13",
            Ok(500..=599) => "the server or a proxy failed: its logs say why",
            _ => "the server refused the upgrade: replay the request with curl -v to read its answer",
        };
        return Some((format!("the server answered {code} instead of 101"), help));
    }
    const KNOWN: &[(&str, &str, &str)] = &[
        ("Incorrect 'Sec-WebSocket-Accept'", "the server's Sec-WebSocket-Accept did not match the key", "compute the accept from the key as sent: base64(SHA-1(key + \"258EAFA5-E914-47DA-95CA-C5AB0DC85B11\")); check it with `wslens accept KEY`"),
        ("'Sec-WebSocket-Accept' header is missing", "the 101 had no Sec-WebSocket-Accept", "send Sec-WebSocket-Accept, computed from the request's key"),
        ("'Upgrade' header", "the 101's Upgrade was missing or not `websocket`", "answer `Upgrade: websocket`"),
        ("'Connection' header", "the 101's Connection was missing or had no `Upgrade` token", "answer `Connection: Upgrade`"),
        ("Sent non-empty 'Sec-WebSocket-Protocol' header but no response", "the page offered subprotocols and the server selected none, which Chrome fails", "select one of the offered subprotocols, or have the page offer none"),
        ("in response does not match any of sent values", "the server selected a subprotocol the page did not offer", "select one of the offered subprotocols"),
        ("Response must not include 'Sec-WebSocket-Protocol'", "the server selected a subprotocol although the page offered none", "leave Sec-WebSocket-Protocol out when none was offered"),
        ("permessage-deflate", "the server's permessage-deflate answer broke RFC 7692", "answer only parameters the offer allows, each once, with window bits from 8 to 15"),
        ("Found an unsupported extension", "the server accepted an extension the page did not offer", "accept only offered extensions"),
        ("Invalid status line", "the answer was not an HTTP/1.1 status line", "answer with `HTTP/1.1 101 Switching Protocols`"),
        ("Connection closed before receiving a handshake response", "the server closed the connection without answering", "check the server's logs: it crashed, timed out, or refused the request at the TLS or TCP level"),
    ];
    KNOWN
        .iter()
        .find(|(text, _, _)| error.contains(text))
        .map(|(_, cause, help)| ((*cause).to_owned(), *help))
}

#[cfg(test)]
mod recorded_failure_tests {
    use super::chrome_failure_cause;

    #[test]
    fn reads_chrome_handshake_errors() {
        let (cause, help) =
            chrome_failure_cause("Error during WebSocket handshake: Unexpected response code: 403")
                .unwrap();
        assert_eq!(cause, "the server answered 403 instead of 101");
        assert!(help.contains("Origin"));
        let (cause, _) = chrome_failure_cause(
            "Error during WebSocket handshake: Incorrect 'Sec-WebSocket-Accept' header value",
        )
        .unwrap();
        assert!(cause.contains("did not match the key"));
        assert!(chrome_failure_cause("net::ERR_SOMETHING_NEW").is_none());
    }
}
