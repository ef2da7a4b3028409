//! Human output: findings as rustc-style diagnostics (annotate-snippets), then the verdict,
//! the accept computation, client verdicts and the expected response.

use std::fmt::Write as _;

use annotate_snippets::{Level, Renderer, Snippet};
use wslens_core::{
    counted, AcceptSteps, Direction, Exchange, Finding, HandshakeVerdict, LineIndex, Report,
    RuleInfo, SentBy, Severity, SourceKind, Span, StartLine,
};

/// The whole report as text.
pub(crate) fn report(report: &Report, color: bool) -> String {
    let renderer = if color { Renderer::styled() } else { Renderer::plain() };
    let text = report.source.text.as_str();
    let name = report.source.name.as_deref().unwrap_or("<input>");
    let origin = match report.source.kind {
        SourceKind::Original => name.to_owned(),
        SourceKind::Reconstructed => {
            format!("{name} (HTTP view rebuilt from {})", report.source.format.as_str())
        }
    };
    let source = Source { text, origin: origin.as_str(), lines: LineIndex::new(text) };
    let origin = source.origin;
    let mut out = String::new();
    for f in &report.findings {
        let _ = writeln!(out, "{}\n", diagnostic(&renderer, &source, f));
    }
    for exchange in &report.exchanges {
        out.push_str(&exchange_text(&renderer, &source, exchange));
    }
    let s = &report.summary;
    let _ = writeln!(
        out,
        "{origin}: {}: {} ok, {} failed, {} incomplete; {}, {}, {}{}",
        counted(s.exchanges as usize, "exchange", "exchanges"),
        s.ok,
        s.failed,
        s.incomplete,
        counted(s.errors as usize, "error", "errors"),
        counted(s.warnings as usize, "warning", "warnings"),
        counted(s.infos as usize, "note", "notes"),
        match s.not_detailed {
            0 => String::new(),
            n => format!(
                " (the last {} counted, not detailed: CAP711)",
                counted(n as usize, "exchange", "exchanges")
            ),
        }
    );
    out
}

/// The text the findings point into, where its lines start, and what to call it.
struct Source<'a> {
    text: &'a str,
    origin: &'a str,
    lines: LineIndex,
}

fn exchange_text(renderer: &Renderer, source: &Source<'_>, e: &Exchange) -> String {
    let mut out = String::new();
    let request = e.request.as_ref().map(|m| match &m.start_line {
        StartLine::Request { method, target, .. } => format!("{method} {target}"),
        StartLine::Response { .. } => String::new(),
    });
    let response = e.response.as_ref().map(|m| match &m.start_line {
        StartLine::Response { status, reason, .. } => format!("{status} {reason}"),
        StartLine::Request { .. } => String::new(),
    });
    let _ = writeln!(
        out,
        "── exchange {}: {} → {}",
        e.index + 1,
        request.as_deref().unwrap_or("(no request)"),
        response.as_deref().unwrap_or("(no response)").trim_end()
    );
    out.push('\n');
    for f in &e.findings {
        let _ = writeln!(out, "{}\n", diagnostic(renderer, source, f));
    }
    let _ = writeln!(
        out,
        "verdict: handshake {}, request {}, response {}",
        e.verdict.handshake.as_str(),
        e.verdict.request.as_str(),
        e.verdict.response.as_str()
    );
    let _ = writeln!(out, "  {}", e.headline);
    if let Some(a) = &e.accept {
        let received = match (&a.received, a.matches) {
            (Some(r), true) => format!("server sent {r} (matches)"),
            (Some(r), false) => format!("server sent {r} (does NOT match)"),
            (None, _) => "server sent none".to_owned(),
        };
        let _ = writeln!(out, "accept: expected {}, {received}", a.expected);
        if let Some(d) = &a.diagnosis {
            let _ = writeln!(out, "  likely cause ({}): {}", d.id, d.message);
        }
    }
    if let Some(log) = e
        .messages
        .as_ref()
        .filter(|l| !l.first.is_empty() && l.first.iter().all(|m| m.frame.is_some()))
    {
        let _ = writeln!(
            out,
            "frames after the handshake ({} decoded, first {} shown):",
            log.count,
            log.first.len()
        );
        for m in &log.first {
            let Some(h) = m.frame else { continue };
            let flags = h.flags();
            let _ = writeln!(
                out,
                "  {} {:<6} {:<22} {:>5} B  {:?}",
                if m.direction == Direction::Sent { "↑ client" } else { "↓ server" },
                wslens_core::opcode_name(m.opcode),
                flags.join(" "),
                h.length,
                m.data
            );
        }
    } else if let Some(log) = &e.messages {
        let first: Vec<String> = log
            .first
            .iter()
            .map(|m| match m.direction {
                // A tool's event (a browser's handshake error) is not a frame: no opcode.
                Direction::Event => format!("event {:?}", m.data),
                _ => format!("{} opcode {} {:?}", m.direction.as_str(), m.opcode, m.data),
            })
            .collect();
        let _ = writeln!(out, "messages: {} recorded; first: {}", log.count, first.join(", "));
    }
    if !e.clients.is_empty() {
        let list: Vec<String> = e
            .clients
            .iter()
            .map(|c| format!("{} {}", c.name, if c.accepts { "accepts" } else { "fails" }))
            .collect();
        let _ = writeln!(out, "clients: {}", list.join(", "));
    }
    if let Some(s) = &e.software {
        let _ = writeln!(out, "answered by {} ({})", s.name, s.evidence);
        if let (Some(failure), Some(fix)) = (s.failure, &s.fix) {
            let _ = writeln!(out, "  {failure}; the fix in {}: {fix}", s.name);
            let _ = writeln!(out, "  see {}", s.docs);
        }
    }
    if let Some(expected) = &e.expected_response {
        if e.verdict.handshake != HandshakeVerdict::Ok {
            let _ = writeln!(out, "what the server should have answered:");
            for line in expected.text.trim_end().lines() {
                let _ = writeln!(out, "  | {line}");
            }
            for reason in &expected.reasons {
                let _ = writeln!(out, "  - {reason}");
            }
        }
    }
    out.push('\n');
    out
}

fn level(severity: Severity) -> Level {
    match severity {
        Severity::Error => Level::Error,
        Severity::Warning => Level::Warning,
        Severity::Info => Level::Info,
    }
}

/// A span that annotate-snippets can draw: at least one character, on char boundaries.
fn drawable(text: &str, span: Span) -> std::ops::Range<usize> {
    let floor = |mut i: usize| {
        i = i.min(text.len());
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let mut start = floor(span.start as usize);
    let mut end = floor(span.end as usize).max(start);
    if start == end {
        if end < text.len() {
            end += text[end..].chars().next().map_or(1, char::len_utf8);
        } else if start > 0 {
            start = floor(start - 1);
        }
    }
    start..end
}

/// One finding as a diagnostic. The snippet holds only the lines from the first span the
/// finding marks to the last, numbered as in the whole text: annotate-snippets reads every
/// line of the source it is given, so giving it the whole text for each finding would cost
/// the findings times the text (a transcript of 10,000 exchanges took seconds).
fn diagnostic(renderer: &Renderer, source: &Source<'_>, f: &Finding) -> String {
    let rfc = format!("{} ({})", f.rfc, f.rfc_url);
    let text = source.text;
    let spans: Vec<_> = std::iter::once(f.span)
        .chain(f.labels.iter().map(|l| l.span))
        .map(|span| drawable(text, span))
        .collect();
    let from = spans.iter().map(|r| r.start).min().unwrap_or(0);
    let to = spans.iter().map(|r| r.end).max().unwrap_or(0);
    let (first, _) = source.lines.line_col(from);
    let last_byte = to.max(from + 1) - 1;
    let (last, _) = source.lines.line_col(last_byte);
    let window_start = source.lines.line_start(first);
    // Through the line after the last one marked: annotate-snippets draws a mark at the very
    // end of its source as `...`, where the whole text has a line after it.
    let window_end = source.lines.next_line_start(last + 1).unwrap_or(text.len()).max(to);
    let window = &text[window_start..window_end];
    let shifted = |r: &std::ops::Range<usize>| r.start - window_start..r.end - window_start;
    let mut snippet = Snippet::source(window).line_start(first).origin(source.origin).fold(true);
    if !text.is_empty() {
        snippet = snippet.annotation(level(f.severity).span(shifted(&spans[0])));
        for (label, span) in f.labels.iter().zip(&spans[1..]) {
            snippet = snippet.annotation(Level::Note.span(shifted(span)).label(&label.text));
        }
    }
    let message = level(f.severity)
        .title(&f.message)
        .id(f.code)
        .snippet(snippet)
        .footer(Level::Help.title(&f.help))
        .footer(Level::Note.title(&rfc));
    let rendered = renderer.render(message).to_string();
    rendered
}

/// `wslens accept --explain`.
pub(crate) fn accept_steps(steps: &AcceptSteps) -> String {
    let decoded = match steps.decoded_len {
        Some(16) => "16 bytes (valid)".to_owned(),
        Some(n) => format!("{} (a valid key decodes to 16)", counted(n, "byte", "bytes")),
        None => "not valid base64".to_owned(),
    };
    format!(
        "1. key (as sent):       {}\n   decodes to:           {decoded}\n2. key + GUID:          {}\n3. SHA-1 (hex):         {}\n4. base64 = accept:     {}\n\nSec-WebSocket-Accept: {}",
        steps.key, steps.concatenated, steps.sha1_hex, steps.accept, steps.accept
    )
}

/// `wslens explain HEADER`.
pub(crate) fn header_doc(name: &str) -> String {
    match wslens_core::explain(name) {
        Some(d) => {
            let sent_by = match d.sent_by {
                SentBy::Client => "client",
                SentBy::Server => "server",
                SentBy::Both => "client and server",
            };
            format!(
                "{}\n  sent by:  {sent_by}\n  required: {}\n  defined:  {}\n\n{}\n\n{}",
                d.name, d.requirement, d.rfc, d.summary, d.details
            )
        }
        None => format!("{name}\n\n{}", wslens_core::unknown_header_doc()),
    }
}

/// `wslens rules`.
pub(crate) fn rules_table(rules: &[RuleInfo]) -> String {
    let mut out = String::new();
    for r in rules {
        let _ = writeln!(
            out,
            "{:<7} {:<7} {:<18} {:<34} {}",
            r.code,
            r.severity.as_str(),
            r.rfc,
            r.slug,
            r.title
        );
    }
    out
}
