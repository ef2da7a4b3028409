//! Redaction: the report's text with its secrets replaced, for share links and doc embeds.
//!
//! RULES.md §2.G4: cookies, `Authorization`, credentials in the query and tokens smuggled in
//! `Sec-WebSocket-Protocol` travel in captures. Redaction keeps the structure (cookie names,
//! the auth scheme, parameter names) so the redacted text still gives the same verdicts, and
//! replaces each secret consistently, so a token the server echoed stays equal to the offer.

use crate::{
    names,
    report::{Redacted, Redaction, Report, Span},
    rules::Rule,
};

const REDACTED: &str = "redacted";

/// Returns the report's source text with its secrets replaced, and what was replaced.
pub fn redact(report: &Report) -> Redaction {
    let text = report.source.text.as_str();
    let mut edits: Vec<(Span, String, &'static str)> = Vec::new();
    let mut tokens: Vec<&str> = Vec::new();

    for exchange in &report.exchanges {
        let messages = exchange.request.iter().chain(exchange.response.iter());
        for header in messages.flat_map(|m| m.headers.iter()) {
            let value = header.value_span;
            let Some(raw) = text.get(value.range()) else { continue };
            let name = &*header.name;
            if name.eq_ignore_ascii_case(names::COOKIE) {
                edits.extend(cookie_values(raw, value.start, ';', "cookie value"));
            } else if name.eq_ignore_ascii_case(names::SET_COOKIE) {
                // Only the first pair is the cookie; the attributes after `;` are not secret.
                let first = raw.split(';').next().unwrap_or("");
                edits.extend(cookie_values(first, value.start, ';', "Set-Cookie value"));
            } else if name.eq_ignore_ascii_case(names::AUTHORIZATION)
                || name.eq_ignore_ascii_case(names::PROXY_AUTHORIZATION)
            {
                edits.extend(credentials(raw, value.start));
            }
        }
        for finding in &exchange.findings {
            let Some(raw) = text.get(finding.span.range()) else { continue };
            if finding.code == Rule::CredentialsInQuery.info().code {
                if let Some(eq) = raw.find('=') {
                    let start = finding.span.start as usize + eq + 1;
                    edits.push((
                        Span::new(start, finding.span.end as usize),
                        REDACTED.into(),
                        "query parameter",
                    ));
                }
            } else if finding.code == Rule::TokenInSubprotocol.info().code && !tokens.contains(&raw)
            {
                tokens.push(raw);
            }
        }
    }
    // A token offered as a subprotocol may come back in the answer: replace every occurrence
    // inside Sec-WebSocket-Protocol values with the same placeholder.
    for exchange in &report.exchanges {
        let messages = exchange.request.iter().chain(exchange.response.iter());
        for header in messages.flat_map(|m| m.headers.iter()) {
            if !header.name.eq_ignore_ascii_case(names::SEC_WEBSOCKET_PROTOCOL) {
                continue;
            }
            let Some(raw) = text.get(header.value_span.range()) else { continue };
            for (n, token) in tokens.iter().enumerate() {
                for (at, _) in raw.match_indices(token) {
                    let start = header.value_span.start as usize + at;
                    edits.push((
                        Span::new(start, start + token.len()),
                        token_placeholder(token, n + 1),
                        "subprotocol token",
                    ));
                }
            }
        }
    }
    apply(text, edits)
}

/// A placeholder with the token's shape (a JWT stays three dotted parts, a long token keeps
/// its length), so the redacted text still shows that a credential rode in the subprotocol.
fn token_placeholder(token: &str, n: usize) -> String {
    let mut out = format!("{REDACTED}-token-{n}");
    if token.split('.').count() == 3 {
        out.push_str(".redacted.redacted");
    } else {
        while out.len() < token.len() {
            out.push('x');
        }
    }
    out
}

/// `name=value` pairs separated by `separator`; each non-empty value becomes the placeholder.
fn cookie_values(
    raw: &str,
    base: u32,
    separator: char,
    what: &'static str,
) -> Vec<(Span, String, &'static str)> {
    let mut out = Vec::new();
    let mut at = base as usize;
    for pair in raw.split(separator) {
        if let Some(eq) = pair.find('=') {
            let value = pair[eq + 1..].trim_end();
            if !value.is_empty() {
                let start = at + eq + 1;
                out.push((Span::new(start, start + value.len()), REDACTED.into(), what));
            }
        }
        at += pair.len() + separator.len_utf8();
    }
    out
}

/// `scheme credentials`: the scheme stays, the credentials go.
fn credentials(raw: &str, base: u32) -> Option<(Span, String, &'static str)> {
    let base = base as usize;
    let (start, end) = match raw.find(' ') {
        Some(space) => (base + space + 1, base + raw.len()),
        None => (base, base + raw.len()),
    };
    (end > start).then(|| (Span::new(start, end), REDACTED.into(), "credentials"))
}

fn apply(text: &str, mut edits: Vec<(Span, String, &'static str)>) -> Redaction {
    edits.sort_by_key(|(span, ..)| (span.start, span.end));
    let mut out = String::with_capacity(text.len());
    let mut redacted = Vec::new();
    let mut at = 0usize;
    for (span, replacement, what) in edits {
        let range = span.range();
        // Overlapping edits (a token inside a query parameter) keep the first.
        if range.start < at || text.get(range.clone()).is_none() {
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
