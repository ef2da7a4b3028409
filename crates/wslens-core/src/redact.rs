//! Redaction: the report's text with its secrets replaced, for share links and doc embeds.
//!
//! Captures carry secrets: cookies, `Authorization`, API keys in headers named after them,
//! credentials in the query, tokens smuggled in `Sec-WebSocket-Protocol`, and tokens of
//! known shapes (JWTs, AWS, GitHub, Slack, Stripe, Google keys, long random strings) wherever
//! they appear, a refusal's body included. Redaction keeps the structure (cookie names, the
//! auth scheme, parameter names, each secret's shape and length) so the redacted text gives
//! the same verdicts and findings, and replaces each distinct secret with the same
//! placeholder everywhere, so a token the server echoed still equals the offer.
//! With [`RedactOptions::hosts`], host names, addresses and ports are replaced too, each
//! consistently; a malformed authority is masked in its own shape instead, so it stays as
//! malformed as it was.
//!
//! It reads the text and the report's spans, never the findings: findings fold when they
//! repeat, and a secret must not survive because its finding was folded. The text outside
//! the messages (comments, `curl -v`'s info lines and the copy of an answer on its standard
//! output, a client's error message, bytes past a body's length) is read too: its lines
//! shaped like a header as headers, the rest for tokens and credentials written `name=value`.

use crate::{
    explain,
    maps::Map,
    names,
    report::{BodyKind, Header, Message, Redacted, Redaction, Report, Span, StartLine},
    rules::{
        context::authority_host,
        request::is_reg_name_byte,
        security::{looks_like_token, SECRET_PARAMS},
    },
};

const REDACTED: &str = "redacted";

/// What a token found in the text outside the messages is called.
const LOOSE_TOKEN: &str = "token in the text around the messages";

/// What to replace besides the secrets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RedactOptions {
    /// Replace the body of a response that refused the handshake (a 401 or 403 page can echo
    /// a token) and a request's body (a form or JSON with a password), keeping their length
    /// and line breaks. On by default.
    pub bodies: bool,
    /// Replace host names, IP addresses and ports (in Host, Origin, Referer, Location, an
    /// absolute request-target, and in the text around the messages: a capture's `# TCP`
    /// labels, curl's `* Trying` and `* Connected` lines, a URL), each consistently. Off by
    /// default.
    pub hosts: bool,
}

impl Default for RedactOptions {
    fn default() -> RedactOptions {
        RedactOptions { bodies: true, hosts: false }
    }
}

/// [`crate::redact_with`], given the messages of the exchanges the report does not detail
/// (read again from its text by the caller).
pub(crate) fn redact_with(
    report: &Report,
    not_detailed: &[Message],
    options: &RedactOptions,
) -> Redaction {
    let mut r = Redactor::new(report, not_detailed);
    for message in messages(report, not_detailed) {
        r.message(message, options);
    }
    r.loose_text(options);
    r.apply()
}

/// [`crate::redact_headers`], given the messages of the exchanges the report does not detail.
pub(crate) fn redact_headers(
    report: &Report,
    not_detailed: &[Message],
    names: &[&str],
) -> Redaction {
    let options = RedactOptions::default();
    let mut r = Redactor::new(report, not_detailed);
    for message in messages(report, not_detailed) {
        r.message(message, &options);
        for header in &message.headers {
            let named = names.iter().any(|n| n.eq_ignore_ascii_case(&header.name));
            if named && header.explain_id == explain::UNKNOWN_ID && !header.value.is_empty() {
                r.mask(header.value_span, "header given with -H");
            }
        }
    }
    r.loose_text(&options);
    r.apply()
}

/// `words` (a browser's words on a failed handshake) with the tokens and credentials it
/// holds replaced, as the text around the messages is read.
pub(crate) fn redact_words(words: &str) -> String {
    let whole = Span::new(0, words.len());
    let mut r = Redactor {
        text: words,
        loose: vec![whole],
        edits: Vec::new(),
        secrets: Map::default(),
        hosts: Map::default(),
        counted: [0; 2],
        echoes: vec![(whole, Echo::Unmistakable)],
        protected: crate::errors::read_parts(words),
    };
    r.loose_text(&RedactOptions::default());
    r.apply().text
}

/// Recorded messages with every letter and digit of a text or binary message's data replaced
/// (a message can carry anything: a login, a token), and the tokens of the others (a close
/// frame's code and reason, an event's words); their opcodes, lengths and frame headers stay.
pub(crate) fn blank_messages(log: &mut crate::report::MessageLog) {
    for message in &mut log.first {
        // Decoded from bytes, a binary or compressed frame is shown by its length alone.
        let decoded = message.frame.as_ref();
        let payload = match message.opcode {
            1 => decoded.is_none_or(|f| !f.rsv1),
            2 => decoded.is_none(),
            _ => false,
        };
        message.data =
            if payload { masked(&message.data, "") } else { redact_words(&message.data) };
    }
}

/// Every message of the report, in order, then those of the exchanges it does not detail.
fn messages<'r>(
    report: &'r Report,
    not_detailed: &'r [Message],
) -> impl Iterator<Item = &'r Message> {
    report
        .exchanges
        .iter()
        .flat_map(|e| e.request.iter().chain(e.response.iter()))
        .chain(not_detailed)
}

struct Redactor<'t> {
    text: &'t str,
    /// The text outside every start line, header line and body, in order.
    loose: Vec<Span>,
    edits: Vec<(Span, String, &'static str)>,
    /// Each distinct secret's placeholder, so that every copy gets the same one, by the secret
    /// in lower case: the first spelling seen and its placeholder (see [`Redactor::placeholder`]).
    secrets: Map<String, (&'t str, String)>,
    /// Each distinct host, address or port's replacement.
    hosts: Map<String, String>,
    /// How many hosts, and how many ports, have a stand-in.
    counted: [usize; 2],
    /// Where a secret's copy is replaced too: the request-targets' paths and query values, the
    /// refusals' bodies and the values of headers the knowledge base does not know, where the
    /// rules read nothing that a same-shaped placeholder would change; so a secret that
    /// happens to read `websocket` does not take the Upgrade's value or the `:protocol` with
    /// it, nor a query name or a frame's bytes. The text outside the messages and the
    /// subprotocols are echoes only for a secret that cannot be a word or a host name (see
    /// [`unmistakable`]): a curl info line names the host, and a subprotocol may be a known one.
    echoes: Vec<(Span, Echo)>,
    /// What the client-error reader reads of a client's error message (its known words and
    /// status codes), in order: left as it is, so the redacted message reads the same.
    protected: Vec<Span>,
}

/// Which secrets a place that echoes them takes.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Echo {
    Any,
    Unmistakable,
}

/// Where an absolute request-target's authority is (`ws://host:port/path`): after a scheme,
/// never in an origin-form target's query (`/cb?next=https://h/x`).
fn target_authority(target: &str) -> Option<std::ops::Range<usize>> {
    let scheme_end = target.find("://")?;
    let scheme = &target[..scheme_end];
    let is_scheme = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme.bytes().all(|b| b.is_ascii_alphanumeric() || b"+-.".contains(&b));
    if !is_scheme {
        return None;
    }
    let start = scheme_end + 3;
    let end = target[start..].find(['/', '?', '#']).map_or(target.len(), |i| start + i);
    Some(start..end)
}

/// The places of a request-target (at `start` in the text) where a secret's copy may go: its
/// path, and each query value; not a query name, which the rules read (SEC602), nor an
/// absolute target's scheme and authority.
fn target_echoes(target: &str, start: usize, echoes: &mut Vec<Span>) {
    let path_start = target_authority(target).map_or(0, |a| a.end);
    let query_start = target[path_start..].find('?').map(|q| path_start + q);
    echoes.push(Span::new(start + path_start, start + query_start.unwrap_or(target.len())));
    let Some(query_start) = query_start else { return };
    let mut at = query_start + 1;
    for pair in target[at..].split('&') {
        if let Some(eq) = pair.find('=') {
            echoes.push(Span::new(start + at + eq + 1, start + at + pair.len()));
        }
        at += pair.len() + 1;
    }
}

/// How many distinct secrets are searched for elsewhere in the text (each search reads the
/// whole text, so a capture of thousands of cookies stays linear; and there are at most as
/// many copies as the text has room for, one per 8 bytes).
const COPIES_SEARCHED: usize = 64;

/// A secret shorter than this is not searched for elsewhere: `dark` or `1` would hit
/// unrelated text.
const COPY_MIN_LEN: usize = 8;

impl<'t> Redactor<'t> {
    fn new(report: &'t Report, not_detailed: &[Message]) -> Redactor<'t> {
        let text = report.source.text.as_str();
        let mut echoes = Vec::new();
        let mut places = Vec::new();
        for message in messages(report, not_detailed) {
            let mut urls = Vec::new();
            if let StartLine::Request { span, target, .. } = &message.start_line {
                if let Some(at) = text.get(span.range()).and_then(|line| line.find(&**target)) {
                    target_echoes(target, span.start as usize + at, &mut urls);
                }
            }
            places.push(message.start_line.span());
            for header in &message.headers {
                places.push(header.line_span);
                let value = header.value_span;
                let is = |n: &str| header.name.eq_ignore_ascii_case(n);
                if header.explain_id == explain::UNKNOWN_ID
                    || is("WWW-Authenticate")
                    || is("Proxy-Authenticate")
                {
                    echoes.push((value, Echo::Any));
                } else if is(":path")
                    || is("Referer")
                    || is(names::LOCATION)
                    || is("Content-Location")
                {
                    if let Some(url) = text.get(value.range()) {
                        target_echoes(url, value.start as usize, &mut urls);
                    }
                } else if is(names::SEC_WEBSOCKET_PROTOCOL) {
                    echoes.push((value, Echo::Unmistakable));
                }
            }
            echoes.extend(urls.into_iter().map(|span| (span, Echo::Any)));
            if let Some(body) = &message.body {
                places.push(body.span);
                // A refusal's page, not the frames after a 101, whose bytes the rules decode.
                if body.kind == BodyKind::Http {
                    echoes.push((body.span, Echo::Any));
                }
            }
        }
        let loose = outside(&mut places, text.len());
        echoes.extend(loose.iter().map(|&span| (span, Echo::Unmistakable)));
        echoes.retain(|(e, _)| !e.is_empty());
        echoes.sort_unstable_by_key(|&(span, echo)| (span, echo));
        let protected = match report.source.format {
            crate::report::Format::Error => crate::errors::read_parts(text),
            _ => Vec::new(),
        };
        Redactor {
            text,
            loose,
            edits: Vec::new(),
            secrets: Map::default(),
            hosts: Map::default(),
            counted: [0; 2],
            echoes,
            protected,
        }
    }

    fn at(&self, span: Span) -> &'t str {
        self.text.get(span.range()).unwrap_or("")
    }

    fn message(&mut self, message: &Message, options: &RedactOptions) {
        if let StartLine::Request { span, target, .. } = &message.start_line {
            self.target(*span, target, options);
        }
        for header in &message.headers {
            self.header(header, options);
        }
        if let Some(body) = &message.body {
            let refusal = match &message.start_line {
                StartLine::Response { status, .. } => *status != 101,
                StartLine::Request { .. } => true,
            };
            if body.kind == BodyKind::Http && refusal && options.bodies {
                self.blank(body.span);
            } else {
                self.scan(body.span, "token");
                if body.kind == BodyKind::Http {
                    self.named_values(body.span);
                }
            }
        }
    }

    /// The text outside the messages, line by line: a line shaped like a header field
    /// (`curl -v -i` copies the answer's head to its output; a comment may quote one), after
    /// any `> `, `< `, `* ` or `# ` it starts with, is read as that header; any other line is
    /// read for tokens and for credentials written `name=value` or `"name": "value"`.
    fn loose_text(&mut self, options: &RedactOptions) {
        for region in std::mem::take(&mut self.loose) {
            let mut at = region.start as usize;
            for line in self.at(region).split_inclusive('\n') {
                let body = line.trim_end_matches(['\r', '\n']);
                // wslens's own note above a probed request, which H2813 reads: it names the
                // host and the server's setting, no secret.
                if body.trim_start().starts_with(names::PROBE_NOTE) {
                    // Its host (`… with example.com:443; the server's …`) is no part of it
                    // that a rule reads.
                    let host = body.find(" with ").map(|w| w + " with ".len()).and_then(|from| {
                        body[from..].find(';').map(|len| Span::new(at + from, at + from + len))
                    });
                    if let Some(host) = host.filter(|_| options.hosts) {
                        self.authority(host);
                    }
                    at += line.len();
                    continue;
                }
                let lead =
                    body.len() - body.trim_start_matches([' ', '\t', '>', '<', '*', '#']).len();
                let rest = &body[lead..];
                let name_len = rest.bytes().take_while(|&b| crate::http::is_tchar(b)).count();
                let span = Span::new(at, at + body.len());
                if name_len > 0 && rest[name_len..].starts_with(':') {
                    let value = &rest[name_len + 1..];
                    let value_at =
                        at + lead + name_len + 1 + (value.len() - value.trim_start().len());
                    let value_span = Span::new(
                        value_at,
                        at + body.len() - (value.len() - value.trim_end().len()),
                    );
                    let value_span = if value_span.start > value_span.end {
                        Span::new(value_at, value_at)
                    } else {
                        value_span
                    };
                    self.field(&rest[..name_len], value_span, false, options);
                    self.named_values(value_span);
                } else {
                    self.scan(span, LOOSE_TOKEN);
                    self.named_values(span);
                    self.schemes(span);
                }
                if options.hosts {
                    self.loose_hosts(span);
                }
                at += line.len();
            }
        }
    }

    /// The request-target: credential-like query parameters, tokens in the path and query,
    /// and (with `hosts`) the authority of an absolute target.
    fn target(&mut self, line: Span, target: &str, options: &RedactOptions) {
        let Some(offset) = self.at(line).find(target) else { return };
        let start = line.start as usize + offset;
        let span = Span::new(start, start + target.len());
        self.url(span);
        // The path and query: an absolute target's authority is compared with Host.
        let path = target_authority(target).map_or(0, |a| a.end);
        self.scan(Span::new(start + path, span.end as usize), "token");
        if options.hosts {
            if let Some(authority) = target_authority(target) {
                self.authority(Span::new(start + authority.start, start + authority.end));
            }
        }
    }

    /// A URL's credentials: the userinfo of an absolute one (`wss://user:pass@host`), and the
    /// values of its query and fragment parameters whose names say they are secret
    /// (`?access_token=`, `;jsessionid=`, `#id_token=`, `access%5Ftoken=`).
    fn url(&mut self, span: Span) {
        let raw = self.at(span);
        let start = span.start as usize;
        if let Some(authority) = target_authority(raw) {
            if let Some(at) = raw[authority.clone()].rfind('@') {
                let userinfo = start + authority.start;
                self.mask(Span::new(userinfo, userinfo + at), "userinfo");
            }
        }
        let Some(params) = raw.find(['?', '#', ';']) else { return };
        let mut at = params + 1;
        for pair in raw[params + 1..].split(['&', ';', '#', '?']) {
            if let Some(eq) = pair.find('=') {
                if secret_name(&pair[..eq], true) && pair.len() > eq + 1 {
                    let value = start + at + eq + 1;
                    self.mask(Span::new(value, start + at + pair.len()), "query parameter");
                }
            }
            at += pair.len() + 1;
        }
    }

    fn header(&mut self, header: &Header, options: &RedactOptions) {
        let unknown = header.explain_id == explain::UNKNOWN_ID;
        self.field(&header.name, header.value_span, unknown, options);
        if unknown {
            // No rule reads it: `X-Debug: password=hunter2`.
            self.named_values(header.value_span);
        }
    }

    /// A header field's value at `value`, by its name.
    fn field(&mut self, name: &str, value: Span, unknown: bool, options: &RedactOptions) {
        let raw = self.at(value);
        let is = |n: &str| name.eq_ignore_ascii_case(n);
        if is(names::SEC_WEBSOCKET_KEY) || is(names::SEC_WEBSOCKET_ACCEPT) {
            // Not secrets, and the accept check needs them as they are.
            return;
        }
        if is(names::COOKIE) {
            self.pairs(raw, value.start, "cookie value");
        } else if is(names::SET_COOKIE) || is("Set-Cookie2") {
            self.set_cookies(raw, value.start);
        } else if is(names::AUTHORIZATION) || is(names::PROXY_AUTHORIZATION) {
            self.credentials(raw, value.start);
        } else if credential_name(name) && !raw.is_empty() {
            self.mask(value, "credential header");
        } else if is(names::HOST) || is(":authority") || (is(names::ORIGIN) && !unknown) {
            // An authority carries no token, and a long run of hex digits in an IPv6 literal
            // is not one: masked as a token, it would make the literal invalid (WS108). The
            // `hosts` option hides these values. A malformed Origin may still carry a query.
            if is(names::ORIGIN) {
                self.url(value);
            }
        } else if is(":path") || is("Referer") || is(names::LOCATION) || is("Content-Location") {
            self.url(value);
            // The path and query: the authority may be compared with the request's.
            let path = target_authority(raw).map_or(0, |a| a.end);
            self.scan(Span::new(value.start as usize + path, value.end as usize), "token");
        } else {
            let what =
                if is(names::SEC_WEBSOCKET_PROTOCOL) { "subprotocol token" } else { "token" };
            self.scan(value, what);
        }
        if options.hosts {
            if is(names::HOST) || is(":authority") {
                self.authority(value);
            } else if is(names::ORIGIN) || is("Referer") || is(names::LOCATION) {
                if let Some(scheme_end) = raw.find("://") {
                    let start = value.start as usize + scheme_end + 3;
                    let rest = &raw[scheme_end + 3..];
                    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
                    self.authority(Span::new(start, start + end));
                }
            }
        }
    }

    /// `name=value` pairs separated by `;`: each non-empty value becomes the placeholder, and
    /// so does a cookie without a name (`Cookie: abc123`, which browsers send).
    fn pairs(&mut self, raw: &str, base: u32, what: &'static str) {
        let mut at = base as usize;
        for pair in raw.split(';') {
            let (start, value) = match pair.find('=') {
                Some(eq) => (at + eq + 1, pair[eq + 1..].trim_end()),
                None => {
                    let trimmed = pair.trim();
                    (at + pair.len() - pair.trim_start().len(), trimmed)
                }
            };
            if !value.is_empty() {
                self.mask(Span::new(start, start + value.len()), what);
            }
            at += pair.len() + 1;
        }
    }

    /// A Set-Cookie value: the first pair is the cookie, the attributes after `;` are not
    /// secret; a value that joins several cookies with `,` (as some tools print them) has a
    /// pair after each comma whose first part is `name=value` (`Expires=Wed, 21 Oct` has none
    /// after its comma).
    fn set_cookies(&mut self, raw: &str, base: u32) {
        let mut at = base as usize;
        for (index, cookie) in raw.split(',').enumerate() {
            let first = cookie.split(';').next().unwrap_or("");
            let pair = first.trim_start();
            let name_ok = pair.find('=').is_some_and(|eq| {
                eq > 0 && pair[..eq].trim_end().bytes().all(crate::http::is_tchar)
            });
            if index == 0 || name_ok {
                let lead = first.len() - pair.len();
                self.pairs(pair, (at + lead) as u32, "Set-Cookie value");
            }
            at += cookie.len() + 1;
        }
    }

    /// The credentials after an authorization scheme quoted in prose (`# sent with
    /// Authorization: Bearer opaque-tok3n`).
    fn schemes(&mut self, span: Span) {
        let text = self.at(span);
        let lower = text.to_ascii_lowercase();
        for scheme in ["bearer ", "basic "] {
            for (at, _) in lower.match_indices(scheme) {
                let word_at = at + scheme.len();
                let rest = &text[word_at..];
                let len = rest.find(|c: char| c.is_whitespace() || "'\",;)".contains(c));
                let len = len.unwrap_or(rest.len());
                if len >= 6 {
                    let start = span.start as usize + word_at;
                    self.mask(Span::new(start, start + len), "credentials");
                }
            }
        }
    }

    /// Credentials written `name=value` or `"name": "value"` whose name says they are secret
    /// (`password=hunter2`, `"token": "…"`), in text no rule reads.
    fn named_values(&mut self, span: Span) {
        let text = self.at(span);
        let bytes = text.as_bytes();
        let name_byte = |b: u8| b.is_ascii_alphanumeric() || b"-_.%".contains(&b);
        // Where the last value masked ends: the words inside it are not names.
        let mut resume = 0;
        for name in runs(bytes, name_byte) {
            let (start, i) = (name.start, name.end);
            if start < resume {
                continue;
            }
            let open = start.checked_sub(1).map(|p| bytes[p]).filter(|b| b"\"'".contains(b));
            let mut j = i;
            if open.is_some() && bytes.get(j).copied() == open {
                j += 1;
                while bytes.get(j) == Some(&b' ') {
                    j += 1;
                }
            }
            let separated = match bytes.get(j) {
                Some(b'=') => true,
                Some(b':') => open.is_some() && j > i,
                _ => false,
            };
            if !separated || !secret_name(&text[start..i], false) {
                continue;
            }
            j += 1;
            // `"name": "value"` may have spaces after its colon; `name=value` has none, so
            // `token= Unexpected…` leaves the next word alone.
            while open.is_some() && bytes.get(j) == Some(&b' ') {
                j += 1;
            }
            // A quote opens a value only when it closes on the same line: in
            // `'wss://a/?token=' failed`, the quote ends the URL and the value is empty.
            let quote = bytes.get(j).copied().filter(|&q| {
                b"\"'".contains(&q)
                    && bytes[j + 1..]
                        .iter()
                        .take_while(|&&b| b != b'\n' && b != b'\r')
                        .any(|&b| b == q)
            });
            if quote.is_none() && bytes.get(j).is_some_and(|b| b"\"'".contains(b)) {
                continue;
            }
            j += usize::from(quote.is_some());
            let value = j;
            while j < bytes.len() {
                let b = bytes[j];
                let end = match quote {
                    Some(q) => b == q || b == b'\n' || b == b'\r',
                    None => b.is_ascii_whitespace() || b"&;,\"'})]<>#".contains(&b),
                };
                if end {
                    break;
                }
                j += 1;
            }
            if j > value {
                let at = span.start as usize;
                self.mask(Span::new(at + value, at + j), "named value");
            }
            resume = j;
        }
    }

    /// `scheme credentials`: the scheme stays, the credentials go.
    fn credentials(&mut self, raw: &str, base: u32) {
        let base = base as usize;
        let (start, end) = match raw.find(' ') {
            Some(space) => (base + space + 1, base + raw.len()),
            None => (base, base + raw.len()),
        };
        if end > start {
            self.mask(Span::new(start, end), "credentials");
        }
    }

    /// A secret whose place says it is one: its letters spell `redacted`, then `x`, its digits
    /// become `0`; everything else stays (see [`masked`]), so what the rules read of it does too.
    fn mask(&mut self, mut span: Span, what: &'static str) {
        // A bare CR ends a line for the message splitter, so what follows one inside a value
        // may be a start line of its own (`X-Token: 3\rHTTP/1.1 101`): only the part before it
        // is one secret, and the rest is searched for tokens as text outside the messages is.
        if let Some(cut) = self.at(span).find(['\r', '\n']) {
            let cut = span.start as usize + cut;
            self.scan(Span::new(cut, span.end as usize), LOOSE_TOKEN);
            span = Span::new(span.start as usize, cut);
            if span.is_empty() {
                return;
            }
        }
        let replacement = self.placeholder(self.at(span));
        self.edits.push((span, replacement, what));
    }

    /// The placeholder of `secret`: the same for every copy. Spellings that differ only in case
    /// (an extension name compares without case, a subprotocol with it) share the first one's
    /// placeholder with the case of each letter where they differ turned over, so that the
    /// copies compare as the originals did, with case and without (found by the `raw` fuzz
    /// target: two spellings of one extension name got two placeholders, and WS310 came).
    fn placeholder(&mut self, secret: &'t str) -> String {
        let n = self.secrets.len() + 1;
        let (first, shared) = self
            .secrets
            .entry(secret.to_ascii_lowercase())
            .or_insert_with(|| (secret, placeholder(secret, n)));
        if *first == secret {
            return shared.clone();
        }
        let turned = |((s, f), p): ((char, char), char)| match p {
            p if s == f => p,
            p if p.is_ascii_lowercase() => p.to_ascii_uppercase(),
            p => p.to_ascii_lowercase(),
        };
        secret.chars().zip(first.chars()).zip(shared.chars()).map(turned).collect()
    }

    /// Every word in `span` that looks like a secret gets its placeholder.
    fn scan(&mut self, span: Span, what: &'static str) {
        let text = self.at(span);
        let bytes = text.as_bytes();
        for word in runs(bytes, word_byte) {
            let (start, mut i) = (word.start, word.end);
            // Base64 padding belongs to the word.
            while i < bytes.len() && bytes[i] == b'=' {
                i += 1;
            }
            let word = &text[start..i];
            // A subprotocol that SEC603 calls a credential is one here too; in prose a shorter
            // run of letters and digits mixed (`token used: 5f2b9c4e7a1d3f86`) is one too.
            if looks_secret(word)
                || (what == "subprotocol token" && looks_like_token(word))
                || (what == LOOSE_TOKEN && unmistakable(word.trim_end_matches('=')))
            {
                // One secret whatever its padding: a grammar that stops at `=` reads the same
                // item in `…w=` and `…w==`, so both need the same placeholder.
                let core = word.trim_end_matches('=');
                let mut placeholder = self.placeholder(core);
                placeholder.push_str(&word[core.len()..]);
                let at = span.start as usize + start;
                self.edits.push((Span::new(at, i + span.start as usize), placeholder, what));
            }
        }
    }

    /// A refusal's body: every letter and digit becomes `x` (see [`masked`]), so its length
    /// (and Content-Length) and its shape (an HTML page still starts with `<`, JSON with `{`)
    /// stay.
    fn blank(&mut self, span: Span) {
        let body = self.at(span);
        if body.trim().is_empty() {
            return;
        }
        self.edits.push((span, masked(body, ""), "body"));
    }

    /// `host[:port]`: the host as the rules read it (`authority_host`, which Origin and Host
    /// are compared by) gets a consistent stand-in of its own kind, a different one for each
    /// host: an address another address, a name `host-N.example`, a bracketed literal that is
    /// no address the same shape with other hex digits, anything else its own shape; so it
    /// stays as valid or as malformed as it was (WS108) and compares as it did. A port that
    /// is not 80 or 443 gets a stand-in too, a malformed one its own shape.
    fn authority(&mut self, span: Span) {
        // A bare CR ends the line for the message splitter: what follows it is not the host's.
        let raw = self.at(span);
        let raw = &raw[..raw.find(['\r', '\n']).unwrap_or(raw.len())];
        let span = Span::new(span.start as usize, span.start as usize + raw.len());
        let host = authority_host(raw);
        let bracketed = raw.starts_with('[');
        // `authority_host` gives a prefix of the value, or of what follows its `[`.
        let host_at = usize::from(bracketed);
        if !host.is_empty() {
            let address = host.parse::<std::net::IpAddr>().is_ok();
            // An unbracketed host with a colon left in it has a port that is not digits.
            let name = !bracketed && !host.contains(':') && host.bytes().all(is_reg_name_byte);
            let replacement = if address || name {
                self.host_replacement(host)
            } else {
                self.shaped_replacement(host, bracketed)
            };
            let start = span.start as usize + host_at;
            self.edits.push((Span::new(start, start + host.len()), replacement, "host"));
        }
        let mut rest = host_at + host.len();
        if bracketed && raw[rest..].starts_with(']') {
            rest += 1;
        }
        let rest_span = Span::new(span.start as usize + rest, span.end as usize);
        match raw[rest..].strip_prefix(':') {
            Some("80" | "443") => {}
            Some(port) if !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()) => {
                let replacement = self.port_replacement(port);
                let start = span.end as usize - port.len();
                self.edits.push((Span::new(start, span.end as usize), replacement, "port"));
            }
            _ if !rest_span.is_empty() => self.mask(rest_span, "host"),
            _ => {}
        }
    }

    /// A host that is neither an address nor a plain name keeps its shape, with the host's
    /// number written into its last letters (in a bracketed literal that is no address,
    /// `[::1aaaa]`, into its last hex digits, which stay hex digits), so two such hosts stay
    /// different and the same host is the same everywhere.
    fn shaped_replacement(&mut self, host: &str, literal: bool) -> String {
        self.remembered(host.to_ascii_lowercase(), |mut n| {
            let (shape, radix) =
                if literal { (masked_literal(host), 16) } else { (masked(host, REDACTED), 26) };
            let mut chars: Vec<char> = shape.chars().collect();
            let place = |c: &&mut char| {
                if literal {
                    c.is_ascii_hexdigit()
                } else {
                    c.is_ascii_alphabetic()
                }
            };
            for c in chars.iter_mut().rev().filter(place) {
                if n == 0 {
                    break;
                }
                let digit = (n % radix) as u8;
                *c = if literal {
                    char::from_digit(u32::from(digit), 16).unwrap_or('0')
                } else {
                    char::from(b'a' + digit)
                };
                n /= radix;
            }
            chars.into_iter().collect()
        })
    }

    /// With [`RedactOptions::hosts`], the hosts in one line of text no rule reads: a capture's
    /// `# TCP a -> b` labels, curl's `* Trying 127.0.0.1:8080...` and `* Connected to
    /// localhost (::1) port 8080`, a URL in a note. The authority of every URL, every IP
    /// address, every name a message already gave as a host (with the port after any of
    /// them), and the number after `port ` take the stand-ins the messages' hosts and ports
    /// got, so the same host reads the same everywhere.
    fn loose_hosts(&mut self, span: Span) {
        let text = self.at(span);
        let base = span.start as usize;
        let bytes = text.as_bytes();
        // The URLs' authorities, in order and apart (each ends before the next `/`).
        let mut urls: Vec<std::ops::Range<usize>> = Vec::new();
        for (at, _) in text.match_indices("://") {
            let start = at + 3;
            let len = text[start..]
                .find(|c: char| c.is_whitespace() || "/?#'\"<>(),;".contains(c))
                .unwrap_or(text.len() - start);
            if len > 0 {
                urls.push(start..start + len);
            }
        }
        let authority_byte = |b: u8| b.is_ascii_alphanumeric() || b"-._:[]%".contains(&b);
        let mut next_url = 0;
        for run in runs(bytes, authority_byte) {
            // The runs come in order too: one walk finds the URL a run may be part of.
            while urls.get(next_url).is_some_and(|url| url.end <= run.start) {
                next_url += 1;
            }
            let in_url = urls.get(next_url).is_some_and(|url| url.start < run.end);
            // A URL's scheme (`ws:` before `//`), and a version or a path after a `/`
            // (`Chrome/120.0.0.0`), are no hosts.
            let scheme = text[run.end..].starts_with("//");
            let after_slash = run.start > 0 && bytes[run.start - 1] == b'/';
            if in_url || scheme || after_slash {
                continue;
            }
            let (mut start, mut word) = (run.start, &text[run.clone()]);
            // Prose after an address (`127.0.0.1:8080...`, `resolved to ::1.`), unless the
            // address itself ends in `::`.
            let trimmed = word.trim_end_matches('.');
            if !is_ipv6(trimmed) {
                word = trimmed.trim_end_matches(['.', ':', '-']);
            } else {
                word = trimmed;
            }
            // A name in brackets (`[localhost:8080]`); an IPv6 literal keeps them.
            if let Some(inner) = word.strip_prefix('[').and_then(|w| w.strip_suffix(']')) {
                if !is_ipv6(inner) {
                    (start, word) = (start + 1, inner);
                }
            }
            let at = base + start;
            // An IPv6 address without brackets (a zone after `%` included) has no port: it is
            // the host whole.
            if is_ipv6(word) {
                let address = word.split_once('%').map_or(word, |(address, _)| address);
                let replacement = self.host_replacement(address);
                self.edits.push((Span::new(at, at + word.len()), replacement, "host"));
                continue;
            }
            let host = authority_host(word);
            let address = host.parse::<std::net::IpAddr>().is_ok();
            let known = !host.is_empty() && self.hosts.contains_key(&host.to_ascii_lowercase());
            if address || known {
                self.authority(Span::new(at, at + word.len()));
            }
        }
        for url in urls {
            self.authority(Span::new(base + url.start, base + url.end));
        }
        // `port 8080` (curl's `Connected to … port 8080`), not `support 2`.
        for (at, _) in text.match_indices("port ") {
            if at > 0 && bytes[at - 1].is_ascii_alphanumeric() {
                continue;
            }
            let digits = &text[at + 5..];
            let len = digits.bytes().take_while(u8::is_ascii_digit).count();
            let port = &digits[..len];
            let ends = !digits[len..].starts_with(|c: char| c.is_ascii_alphanumeric());
            if (1..=5).contains(&len) && ends && port != "80" && port != "443" {
                let replacement = self.port_replacement(port);
                let start = base + at + 5;
                self.edits.push((Span::new(start, start + len), replacement, "port"));
            }
        }
    }

    /// An address or a plain name (never bracketed: `authority_host` leaves the brackets
    /// out): an address of the same family from the documentation ranges, or
    /// `host-N.example`.
    fn host_replacement(&mut self, host: &str) -> String {
        self.remembered(host.to_ascii_lowercase(), |n| match host.parse::<std::net::IpAddr>() {
            // The documentation range while it lasts, then 10.0.0.0 and up: one address each.
            Ok(std::net::IpAddr::V4(_)) if n <= 254 => format!("192.0.2.{n}"),
            Ok(std::net::IpAddr::V4(_)) => {
                std::net::Ipv4Addr::from(0x0a00_0000_u32.wrapping_add(n as u32)).to_string()
            }
            Ok(std::net::IpAddr::V6(_)) => format!("2001:db8::{n:x}"),
            Err(_) => format!("host-{n}.example"),
        })
    }

    fn port_replacement(&mut self, port: &str) -> String {
        // The dynamic ports while they last, then 1024 and up: one port each.
        self.remembered(format!(":{port}"), |n| match n - 1 {
            k if k < 16383 => (49152 + k).to_string(),
            k => (1024 + k - 16383).to_string(),
        })
    }

    /// The stand-in already given to `key` (a host or a `:port`), or a new one made from the
    /// next number, so every copy of a host or port gets the same one and different ones get
    /// different ones.
    /// Hosts and ports are numbered apart, so a port's number stays below 65,536.
    fn remembered(&mut self, key: String, make: impl FnOnce(usize) -> String) -> String {
        if let Some(known) = self.hosts.get(&key) {
            return known.clone();
        }
        let count = &mut self.counted[usize::from(key.starts_with(':'))];
        *count += 1;
        let replacement = make(*count);
        self.hosts.insert(key, replacement.clone());
        replacement
    }

    fn apply(mut self) -> Redaction {
        self.copies();
        self.unprotect();
        self.edits.sort_by_key(|(span, ..)| (span.start, std::cmp::Reverse(span.end)));
        let text = self.text;
        let mut out = String::with_capacity(text.len());
        let mut redacted = Vec::new();
        let mut at = 0usize;
        for (span, replacement, what) in self.edits {
            let range = span.range();
            if text.get(range.clone()).is_none() {
                continue;
            }
            // Overlapping edits (a token inside a redacted cookie) keep the first, widest; the
            // part of a later one that reaches past it still goes, in its own shape.
            if range.start < at {
                if let Some(tail) = text.get(at..range.end).filter(|t| !t.is_empty()) {
                    out.push_str(&masked(tail, REDACTED));
                    redacted.push(Redacted {
                        what,
                        original: Span::new(at, range.end),
                        span: Span::new(out.len() - tail.len(), out.len()),
                    });
                    at = range.end;
                }
                continue;
            }
            out.push_str(&text[at..range.start]);
            let start = out.len();
            out.push_str(&replacement);
            redacted.push(Redacted { what, original: span, span: Span::new(start, out.len()) });
            at = range.end;
        }
        out.push_str(&text[at..]);
        Redaction { text: out, redacted }
    }
}

impl Redactor<'_> {
    /// Puts back what the error reader reads where an edit covers it: an edit keeps the
    /// secret's length and each character's, so the original's bytes go back in place.
    fn unprotect(&mut self) {
        if self.protected.is_empty() {
            return;
        }
        let (text, protected) = (self.text, &self.protected);
        let status_codes = crate::errors::status_codes(text);
        for (span, replacement, what) in &mut self.edits {
            // The protected parts are in order: those that can overlap start before the end.
            let before = protected.partition_point(|p| p.start < span.end);
            let overlapping =
                || protected[..before].iter().rev().take_while(|p| p.end > span.start);
            if overlapping().next().is_none() {
                continue;
            }
            let Some(original) = text.get(span.range()) else { continue };
            // A host or a port the error reader reads part of (a word of its message glued to a
            // name, or any digits on a line with a status code) keeps its shape instead of its
            // stand-in, its digits made 0s (never a status code, 100 to 599), so that only what
            // the reader takes goes back: its words, and the digits of the status it reads
            // (an address on such a line is hidden too).
            let host = matches!(*what, "host" | "port");
            if host {
                *replacement = masked_literal(original);
            } else if replacement.len() != span.len() {
                continue;
            }
            for part in overlapping() {
                let from = part.start.max(span.start) as usize;
                let to = part.end.min(span.end) as usize;
                let digits = text[from..to].bytes().all(|b| b.is_ascii_digit());
                // The status codes are in order, one per line at most.
                let code = status_codes.partition_point(|s| s.end < to as u32);
                let read = status_codes.get(code).is_some_and(|s| s.contains(Span::new(from, to)));
                if host && digits && !read {
                    continue;
                }
                let at = span.start as usize;
                if replacement.is_char_boundary(from - at) && replacement.is_char_boundary(to - at)
                {
                    replacement.replace_range(from - at..to - at, &text[from..to]);
                }
            }
        }
    }

    /// A secret found in one place goes wherever else the text echoes it (see `echoes`), with
    /// the same placeholder: a token sent in a header and again in the query under a name that
    /// says nothing, a cookie value echoed in another header or a body.
    fn copies(&mut self) {
        let text = self.text;
        let mut seen: Map<&str, ()> = Map::default();
        let mut copies = Vec::new();
        for (span, replacement, what) in &self.edits {
            if matches!(*what, "host" | "port" | "body") {
                continue;
            }
            let secret = text.get(span.range()).unwrap_or("");
            if secret.len() < COPY_MIN_LEN || seen.insert(secret, ()).is_some() {
                continue;
            }
            let strong = unmistakable(secret);
            for at in memchr::memmem::find_iter(text.as_bytes(), secret.as_bytes()) {
                let copy = Span::new(at, at + secret.len());
                // The echoes are apart and in order: the one that could hold the copy is the
                // last to start at or before it.
                let before = self.echoes.partition_point(|(e, _)| e.start <= copy.start);
                let echoed = before > 0 && {
                    let (echo, takes) = self.echoes[before - 1];
                    echo.contains(copy) && (takes == Echo::Any || strong)
                };
                if copy != *span && echoed && copies.len() < text.len() / COPY_MIN_LEN {
                    copies.push((copy, replacement.clone(), *what));
                }
            }
            if seen.len() == COPIES_SEARCHED {
                break;
            }
        }
        self.edits.extend(copies);
    }
}

/// The spans of `0..len` outside every span of `places` (which it sorts).
fn outside(places: &mut [Span], len: usize) -> Vec<Span> {
    places.sort_unstable();
    let mut out = Vec::new();
    let mut at = 0;
    for place in places.iter() {
        let start = (place.start as usize).min(len);
        if start > at {
            out.push(Span::new(at, start));
        }
        at = at.max(place.end as usize);
    }
    if at < len {
        out.push(Span::new(at, len));
    }
    out
}

/// Whether a secret's copy can be trusted to be that secret wherever it appears: one word
/// (a list of several, `a; b=8, a`, would be replaced across its items, which the rules
/// compare), and a known token or 16 characters or more of letters and digits mixed, with no
/// dot (no word and no host name is one).
fn unmistakable(secret: &str) -> bool {
    let one_word = secret.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.+/=~".contains(&b));
    let long_mixed = secret.len() >= 16
        && !secret.contains('.')
        && secret.bytes().any(|b| b.is_ascii_digit())
        && secret.bytes().any(|b| b.is_ascii_alphabetic());
    one_word && (looks_secret(secret) || long_mixed)
}

/// Whether a query, fragment or `name=value` parameter's name says its value is secret: the
/// names SEC602 knows, short forms (`pwd`, `sid`, `otp`) and any name with a credential's
/// word in it (`refresh_token`, `client_secret`, `X-Amz-Signature`), also when
/// percent-encoded (`access%5Ftoken`); in a URL also OAuth's `code` (elsewhere `code=1006`
/// is a close code).
fn secret_name(name: &str, in_url: bool) -> bool {
    let mut decoded = String::with_capacity(name.len());
    let mut bytes = name.bytes();
    while let Some(b) = bytes.next() {
        let escaped = (b == b'%')
            .then(|| {
                let hex = [bytes.clone().next()?, bytes.clone().nth(1)?];
                u8::from_str_radix(std::str::from_utf8(&hex).ok()?, 16).ok()
            })
            .flatten()
            .filter(u8::is_ascii);
        match escaped {
            Some(c) => {
                decoded.push(char::from(c.to_ascii_lowercase()));
                bytes.nth(1);
            }
            None => decoded.push(char::from(b.to_ascii_lowercase())),
        }
    }
    let decoded = decoded.trim();
    SECRET_PARAMS.iter().any(|s| s.eq_ignore_ascii_case(decoded))
        || (in_url && decoded == "code")
        || ["pwd", "pass", "sid", "otp", "jsessionid", "phpsessid"].contains(&decoded)
        || CREDENTIAL_WORDS.iter().any(|w| decoded.contains(w))
}

/// Words that make a header's or a parameter's name a credential's.
const CREDENTIAL_WORDS: &[&str] = &[
    "token",
    "secret",
    "session",
    "password",
    "passwd",
    "signature",
    "auth",
    "api-key",
    "apikey",
    "api_key",
    "credential",
    "private-key",
];

/// Whether a header's name says it carries a credential (`X-Api-Key`, `X-Auth-Token`,
/// `X-CSRF-Token`, `X-Amz-Security-Token`, anything with token, secret, session, password,
/// signature or auth in it), apart from the handshake's own and the challenges that name no
/// secret.
fn credential_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    let challenge = lower == "www-authenticate" || lower == "proxy-authenticate";
    // Pseudo-headers (`:authority`) name the server, not a secret.
    let handshake = lower.starts_with("sec-websocket-") || lower.starts_with(':');
    !challenge && !handshake && CREDENTIAL_WORDS.iter().any(|w| lower.contains(w))
}

/// Whether `word` is an IPv6 address, with a zone (`fe80::1%eth0`) or without.
fn is_ipv6(word: &str) -> bool {
    let address = word.split_once('%').map_or(word, |(address, _)| address);
    address.contains(':') && address.parse::<std::net::Ipv6Addr>().is_ok()
}

/// The runs of `bytes` whose every byte is `part_of` one, in order.
fn runs<'a>(
    bytes: &'a [u8],
    part_of: impl Fn(u8) -> bool + 'a,
) -> impl Iterator<Item = std::ops::Range<usize>> + 'a {
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < bytes.len() && !part_of(bytes[i]) {
            i += 1;
        }
        let start = i;
        while i < bytes.len() && part_of(bytes[i]) {
            i += 1;
        }
        (i > start).then_some(start..i)
    })
}

/// The characters a token is made of (base64url, JWT dots, prefixes' underscores, base64's
/// `+`). Not `/`, so that a path is read segment by segment.
fn word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"-_.+".contains(&b)
}

/// Token prefixes of well-known services, each followed by at least this many characters.
const PREFIXES: &[(&str, usize)] = &[
    ("AKIA", 16),
    ("ASIA", 16),
    ("ghp_", 20),
    ("gho_", 20),
    ("ghu_", 20),
    ("ghs_", 20),
    ("ghr_", 20),
    ("github_pat_", 20),
    ("glpat-", 16),
    ("xoxb-", 10),
    ("xoxp-", 10),
    ("xoxa-", 10),
    ("xoxr-", 10),
    ("xoxs-", 10),
    ("xapp-", 10),
    ("sk_live_", 10),
    ("sk_test_", 10),
    ("rk_live_", 10),
    ("rk_test_", 10),
    ("pk_live_", 10),
    ("pk_test_", 10),
    ("whsec_", 10),
    ("AIza", 30),
    ("npm_", 30),
    ("SG.", 20),
    ("ya29.", 20),
    // kubectl and the Kubernetes dashboard send their bearer token as a subprotocol.
    ("base64url.bearer.authorization.k8s.io.", 8),
    ("v1.local.", 20),
    ("v2.local.", 20),
    ("v2.public.", 20),
    ("v3.local.", 20),
    ("v3.public.", 20),
    ("v4.local.", 20),
    ("v4.public.", 20),
];

/// Whether a word looks like a secret: a known service's token; a JWT (signed, unsigned with
/// an empty signature, or encrypted in five parts); a long string of mixed letters and digits
/// (32 characters or more, no dots: not a host name); or a dotted one of 32 characters or more
/// with a part of 20 such characters in both cases (Discord's and other tokens in dotted
/// parts; a host name's labels are in one case, `my-elb-1234567890.us-west-2.elb…`).
fn looks_secret(word: &str) -> bool {
    let known = PREFIXES
        .iter()
        .any(|(prefix, rest)| word.starts_with(prefix) && word.len() >= prefix.len() + rest);
    let mixed = |part: &str| {
        part.bytes().any(|b| b.is_ascii_digit()) && part.bytes().any(|b| b.is_ascii_alphabetic())
    };
    let parts = word.split('.').count();
    let jwt = (parts == 3 || parts == 5)
        && word.starts_with("eyJ")
        && word.split('.').take(parts - 1).all(|p| !p.is_empty())
        && word.len() > parts;
    let random = word.len() >= 32 && !word.contains('.') && mixed(word);
    // Host names are written in one case; a token's base64 parts mix both.
    let both_cases = |part: &str| {
        part.bytes().any(|b| b.is_ascii_uppercase()) && part.bytes().any(|b| b.is_ascii_lowercase())
    };
    let dotted = word.len() >= 32
        && word.split('.').any(|part| part.len() >= 20 && mixed(part) && both_cases(part));
    known || jwt || random || dotted
}

/// A placeholder of the secret's exact shape: a known prefix stays, every other letter spells
/// `redacted`, the secret's number in letters (`a`, `b`, … `w`, `aa`: never `x`) and then `x`,
/// every digit spells the number in digits 1 to 9 (`1`, … `9`, `11`: never `0`) and then `0`,
/// and every other character stays where it was. The length, the dots of a JWT, a base64 `+`
/// or `=`, which characters are letters and which digits: what the grammar of the header
/// reads is unchanged, so the verdicts are. Each distinct secret has its own placeholder: when
/// neither its digits nor its letters after `redacted` have room for its number, the letters
/// are `r` and the number (`dark` becomes `rcxx`), or the number alone.
fn placeholder(secret: &str, n: usize) -> String {
    let prefix = PREFIXES.iter().map(|(p, _)| *p).find(|p| secret.starts_with(p)).unwrap_or("");
    let rest = &secret[prefix.len()..];
    let (letters, digits) = (number_in_letters(n), number_in_digits(n));
    let room = |f: fn(&u8) -> bool| rest.bytes().filter(f).count();
    let letter_room = room(u8::is_ascii_alphabetic);
    let label = if letter_room >= REDACTED.len() + letters.len()
        || room(u8::is_ascii_digit) >= digits.len()
    {
        format!("{REDACTED}{letters}{digits}")
    } else if letter_room > letters.len() {
        format!("r{letters}{digits}")
    } else {
        format!("{letters}{digits}")
    };
    format!("{prefix}{}", masked(rest, &label))
}

/// `n` (from 1) in bijective base 9 over `1`–`9`, so that the `0` after it is unambiguous.
fn number_in_digits(n: usize) -> String {
    bijective(n, b'1', 9)
}

/// `n` (from 1) in bijective base 23 over `a`–`w`, so that the `x` after it is unambiguous.
fn number_in_letters(n: usize) -> String {
    bijective(n, b'a', 23)
}

/// `n` (from 1) in bijective base `base` over the characters from `first`: no character
/// stands for zero, so a padding character outside them never reads as part of the number.
fn bijective(mut n: usize, first: u8, base: usize) -> String {
    let mut out = Vec::new();
    while n > 0 {
        n -= 1;
        out.push(char::from(first + (n % base) as u8));
        n /= base;
    }
    out.iter().rev().collect()
}

/// An IP literal's text with its digits as `0`, its other hex digits as `a`, `v` (IPvFuture)
/// kept and any other letter as `x`: no address is left, and what was a hex digit still is one.
fn masked_literal(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '0'..='9' => '0',
            'a'..='f' | 'A'..='F' => 'a',
            'v' | 'V' => c,
            c if c.is_ascii_alphabetic() => 'x',
            c if c.is_ascii() => c,
            c => stand_in(c),
        })
        .collect()
}

/// A stand-in for a character that is not ASCII, of as many bytes (still not ASCII, so a
/// grammar that refuses it still does).
fn stand_in(c: char) -> char {
    match c.len_utf8() {
        2 => '\u{b7}',
        3 => '\u{fffd}',
        _ => '\u{1f512}',
    }
}

/// `text` with its letters replaced, in order, by the letters of `label` and then `x`, its digits by the digits of `label` and then `0`; other ASCII characters
/// stay; other characters become a stand-in of as many bytes (still not ASCII, so a grammar
/// that refuses them still does). A letter stays a letter and a digit a digit, so a grammar
/// that cares (a scheme starts with a letter, a port is digits) reads the same.
fn masked(text: &str, label: &str) -> String {
    let mut letters = label.chars().filter(char::is_ascii_alphabetic);
    let mut digits = label.chars().filter(char::is_ascii_digit);
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii_alphabetic() {
            out.push(letters.next().unwrap_or('x'));
        } else if c.is_ascii_digit() {
            out.push(digits.next().unwrap_or('0'));
        } else if c.is_ascii() {
            out.push(c);
        } else {
            out.push(stand_in(c));
        }
    }
    out
}
