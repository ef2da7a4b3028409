//! `wslens check --html`: the report as one self-contained page, for CI artifacts and for docs
//! built without JavaScript. No script and no external resource: the styles are inline, and
//! each finding links to its marked span in the transcript with a plain `#anchor`.

use std::fmt::Write as _;

use wslens_core::{
    explain, highlight::runs, unknown_header_doc, Exchange, Finding, HandshakeVerdict, Message,
    Report, Severity, SourceKind, Span, StartLine,
};

const STYLE: &str = "
:root { color-scheme: light dark; --bg: #fff; --panel: #f6f8fa; --text: #1f2328; --muted: #57606a; --border: #d0d7de;
  --ok: #116329; --ok-bg: #dafbe1; --warn: #7d4e00; --warn-bg: #fff4c2; --err: #b3261e; --err-bg: #ffe3e0; --info: #0b5cad; --info-bg: #e2efff; }
@media (prefers-color-scheme: dark) { :root { --bg: #16181c; --panel: #1e2127; --text: #e6edf3; --muted: #9da7b3; --border: #3a414b;
  --ok: #7ee2a0; --ok-bg: #12351f; --warn: #f2cc60; --warn-bg: #3b2e0a; --err: #ff9a8f; --err-bg: #4a1a17; --info: #9ccaff; --info-bg: #132a45; } }
body { margin: 0 auto; max-width: 1100px; padding: 16px; background: var(--bg); color: var(--text); font: 14px/1.5 system-ui, sans-serif; }
h1 { font-size: 20px; } h2 { font-size: 17px; border-bottom: 1px solid var(--border); padding-bottom: 4px; } h3 { font-size: 14px; margin-bottom: 4px; }
code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12.5px; }
pre { background: var(--panel); border: 1px solid var(--border); border-radius: 4px; padding: 8px; overflow-x: auto; }
.verdict { padding: 6px 10px; border-radius: 4px; } .ok { background: var(--ok-bg); color: var(--ok); }
.failed { background: var(--err-bg); color: var(--err); } .incomplete { background: var(--warn-bg); color: var(--warn); }
ol.findings { padding-left: 0; list-style: none; } ol.findings li { border-left: 3px solid var(--border); padding: 2px 8px; margin: 6px 0; }
li.error { border-left-color: var(--err) !important; } li.warning { border-left-color: var(--warn) !important; } li.info { border-left-color: var(--info) !important; }
.help, .meta { color: var(--muted); margin: 2px 0; }
mark { color: inherit; } mark.error { background: var(--err-bg); text-decoration: underline wavy var(--err); }
mark.warning { background: var(--warn-bg); text-decoration: underline wavy var(--warn); } mark.info { background: transparent; text-decoration: underline dotted var(--info); }
a:target + mark { outline: 2px solid var(--text); }
table { border-collapse: collapse; width: 100%; } th, td { text-align: left; vertical-align: top; padding: 3px 6px; border-bottom: 1px solid var(--border); }
td.value, td.step { overflow-wrap: anywhere; } .doc { color: var(--muted); }
a { color: inherit; }
";

/// The reports of every input as one HTML page.
pub(crate) fn page(reports: &[Report]) -> String {
    let title = match reports {
        [report] => report.source.name.clone().unwrap_or_else(|| "input".into()),
        _ => format!("{} inputs", reports.len()),
    };
    let mut out = String::new();
    let _ = write!(
        out,
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n<title>wslens report: {}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        escape(&title)
    );
    for (i, report) in reports.iter().enumerate() {
        input(&mut out, report, i);
    }
    out.push_str(
        "<p class=\"meta\">Written by <code>wslens check --html</code>.</p>\n</body>\n</html>\n",
    );
    out
}

/// One input's report.
fn input(out: &mut String, report: &Report, i: usize) {
    let name = report.source.name.as_deref().unwrap_or("input");
    let s = &report.summary;
    let kind = match report.source.kind {
        SourceKind::Original => format!("read as {}", report.source.format.as_str()),
        SourceKind::Reconstructed => {
            format!("an HTTP view rebuilt from the {} input", report.source.format.as_str())
        }
    };
    let _ = write!(
        out,
        "<h1 id=\"input-{i}\">wslens report: {}</h1>\n<p class=\"meta\">{}; {}: {} ok, {} failed, {} incomplete; {}, {}, {}.</p>\n",
        escape(name),
        escape(&kind),
        count(s.exchanges, "exchange", "exchanges"),
        s.ok,
        s.failed,
        s.incomplete,
        count(s.errors, "error", "errors"),
        count(s.warnings, "warning", "warnings"),
        count(s.infos, "note", "notes"),
    );
    if !report.findings.is_empty() {
        out.push_str("<h2>About the input</h2>\n");
        findings(out, &report.findings, None);
    }
    for exchange in &report.exchanges {
        self::exchange(out, report, exchange, i);
    }
}

fn exchange(out: &mut String, report: &Report, e: &Exchange, input: usize) {
    let n = e.index + 1;
    let scope = format!("i{input}x{n}");
    let line = |m: Option<&Message>| match m.map(|m| &m.start_line) {
        Some(StartLine::Request { method, target, .. }) => format!("{method} {target}"),
        Some(StartLine::Response { status, reason, .. }) => format!("{status} {reason}"),
        None => "(none)".to_owned(),
    };
    let verdict = e.verdict.handshake.as_str();
    let _ = write!(
        out,
        "<section id=\"{scope}\">\n<h2>Exchange {n}: {} → {}</h2>\n<p class=\"verdict {verdict}\"><strong>{verdict}</strong>: {}</p>\n<p class=\"meta\">request {}, response {}{}</p>\n",
        escape(&line(e.request.as_ref())),
        escape(line(e.response.as_ref()).trim_end()),
        code_spans(&e.headline),
        e.verdict.request.as_str(),
        e.verdict.response.as_str(),
        e.url.as_deref().map(|u| format!(", URL <code>{}</code>", escape(u))).unwrap_or_default(),
    );
    let _ = writeln!(out, "<h3>Findings</h3>");
    if e.findings.is_empty() {
        out.push_str("<p>No problems found.</p>\n");
    } else {
        findings(out, &e.findings, Some(&scope));
    }
    transcript(out, report, e, &scope);
    if let Some(a) = &e.accept {
        let received = match (&a.received, a.matches) {
            (Some(r), true) => format!("<code>{}</code> (matches)", escape(r)),
            (Some(r), false) => format!("<code>{}</code> (does not match)", escape(r)),
            (None, _) => "nothing".to_owned(),
        };
        let _ = write!(
            out,
            "<h3>Sec-WebSocket-Accept, step by step</h3>\n<table>\n<tr><th>1. the key, as sent</th><td class=\"step\"><code>{}</code></td></tr>\n<tr><th>2. followed by the GUID</th><td class=\"step\"><code>{}</code></td></tr>\n<tr><th>3. SHA-1, in hex</th><td class=\"step\"><code>{}</code></td></tr>\n<tr><th>4. base64 of the digest</th><td class=\"step\"><code>{}</code></td></tr>\n<tr><th>the server sent</th><td class=\"step\">{received}</td></tr>\n</table>\n",
            escape(&a.key),
            escape(&a.concatenated),
            a.sha1_hex,
            a.expected,
        );
        if let Some(d) = &a.diagnosis {
            let _ =
                writeln!(out, "<p><strong>Likely mistake:</strong> {}</p>", code_spans(&d.message));
        }
    }
    for (title, message) in [("Response headers", &e.response), ("Request headers", &e.request)] {
        if let Some(message) = message {
            headers(out, title, message);
        }
    }
    if !e.clients.is_empty() {
        out.push_str("<h3>Real clients</h3>\n<table>\n<tr><th>client</th><th>would</th><th>because of</th></tr>\n");
        for c in &e.clients {
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td>{}</td><td><code>{}</code></td></tr>",
                escape(c.name),
                if c.accepts { "open" } else { "fail" },
                c.codes.join(", ")
            );
        }
        out.push_str("</table>\n");
    }
    if let Some(s) = &e.software {
        let _ = write!(
            out,
            "<h3>Answered by {}</h3>\n<p>Recognised from <code>{}</code>.</p>\n",
            escape(s.name),
            escape(&s.evidence)
        );
        if let (Some(failure), Some(fix)) = (s.failure, &s.fix) {
            let _ = writeln!(
                out,
                "<p><strong>{}</strong>. The fix in {}: {}</p>",
                escape(failure),
                escape(s.name),
                code_spans(fix)
            );
        }
        let _ = writeln!(out, "<p>Source: <a href=\"{0}\">{0}</a></p>", escape(s.docs));
    }
    if let Some(expected) =
        e.expected_response.as_ref().filter(|_| e.verdict.handshake != HandshakeVerdict::Ok)
    {
        let _ = write!(
            out,
            "<h3>What the server should have answered</h3>\n<pre>{}</pre>\n",
            escape(&expected.text)
        );
        if !expected.reasons.is_empty() {
            out.push_str("<ul>\n");
            for reason in &expected.reasons {
                let _ = writeln!(out, "<li>{}</li>", code_spans(reason));
            }
            out.push_str("</ul>\n");
        }
    }
    out.push_str("</section>\n");
}

/// The findings, each linked to its mark in the transcript of `scope` (an exchange's; the
/// input's findings have no transcript of their own).
fn findings(out: &mut String, findings: &[Finding], scope: Option<&str>) {
    out.push_str("<ol class=\"findings\">\n");
    for (i, f) in findings.iter().enumerate() {
        let title = format!("<strong>{} {}</strong>", f.severity.as_str(), f.code);
        let title = match scope {
            Some(scope) => format!("<a href=\"#{scope}-{i}\">{title}</a>"),
            None => title,
        };
        let _ = writeln!(
            out,
            "<li class=\"{}\">{title} {}<p class=\"help\">{}</p><p class=\"meta\">{} · <a href=\"{}\">{}</a></p></li>",
            f.severity.as_str(),
            code_spans(&f.message),
            code_spans(&f.help),
            f.slug,
            escape(&f.rfc_url),
            escape(f.rfc),
        );
    }
    out.push_str("</ol>\n");
}

/// The exchange's part of the transcript, its findings marked, each mark the target of its
/// finding's link.
fn transcript(out: &mut String, report: &Report, e: &Exchange, scope: &str) {
    let text = report.source.text.as_str();
    let region = [e.request.as_ref(), e.response.as_ref()]
        .into_iter()
        .flatten()
        .map(|m| Span {
            start: m.span.start,
            end: m.body.as_ref().map_or(m.span.end, |b| b.span.end),
        })
        .reduce(|a, b| Span { start: a.start.min(b.start), end: a.end.max(b.end) });
    let Some(region) = region else { return };
    let marks: Vec<(Span, Severity)> = e.findings.iter().map(|f| (f.span, f.severity)).collect();
    // The first run of each finding's span carries its anchor.
    let mut anchors: Vec<(u32, usize)> =
        e.findings.iter().enumerate().map(|(i, f)| (f.span.start, i)).collect();
    anchors.sort_unstable();
    out.push_str("<h3>Transcript</h3>\n<pre>");
    let mut next = 0;
    for run in runs(region, &marks, None) {
        let piece = text.get(run.span.range()).unwrap_or_default();
        let mut ids = String::new();
        while next < anchors.len() && anchors[next].0 <= run.span.start {
            if anchors[next].0 >= region.start {
                let _ = write!(ids, "<a id=\"{scope}-{}\"></a>", anchors[next].1);
            }
            next += 1;
        }
        out.push_str(&ids);
        match run.severity {
            Some(severity) => {
                let _ =
                    write!(out, "<mark class=\"{}\">{}</mark>", severity.as_str(), escape(piece));
            }
            None => out.push_str(&escape(piece)),
        }
    }
    out.push_str("</pre>\n");
}

fn headers(out: &mut String, title: &str, message: &Message) {
    let _ = write!(
        out,
        "<h3>{title}</h3>\n<table>\n<tr><th>name</th><th>value</th><th>what it is</th></tr>\n"
    );
    for h in &message.headers {
        let mark = match h.status {
            Some(Severity::Error) => "✗ ",
            Some(Severity::Warning) => "⚠ ",
            Some(Severity::Info) => "ℹ ",
            None => "✓ ",
        };
        let doc = explain(&h.name).map_or(unknown_header_doc(), |d| d.summary);
        let notes: String = h.notes.iter().map(|n| format!("<br>{}", code_spans(n))).collect();
        let _ = writeln!(
            out,
            "<tr><td>{mark}<strong>{}</strong></td><td class=\"value\"><code>{}</code></td><td class=\"doc\">{}{notes}</td></tr>",
            escape(&h.name),
            escape(&h.value),
            code_spans(doc),
        );
    }
    out.push_str("</table>\n");
}

fn count(n: u32, one: &str, many: &str) -> String {
    wslens_core::counted(n as usize, one, many)
}

/// Text with its `quoted` parts as code, as the viewer and the CLI show them.
fn code_spans(text: &str) -> String {
    text.split('`')
        .enumerate()
        .map(
            |(i, part)| {
                if i % 2 == 1 {
                    format!("<code>{}</code>", escape(part))
                } else {
                    escape(part)
                }
            },
        )
        .collect()
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}
