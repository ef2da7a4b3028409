//! The transcript as the report reads it, with line numbers, findings highlighted by severity
//! and the selection marked. With several exchanges it shows the lines of the shown one (and
//! of the selection), so a long capture stays one screen of DOM.

use std::rc::Rc;

use wslens_core::{
    BodyKind, Direction, Exchange, LineIndex, Severity, SourceKind, Span, WsMessage,
};
use yew::prelude::*;

use super::use_viewer;
use wslens_core::highlight::runs;

use crate::state::findings_of;

/// At most this much text is shown at once, so a huge input (a binary file dropped by
/// mistake, a capture with one enormous exchange) cannot freeze the page.
const MAX_SHOWN: usize = 64 * 1024;

/// And at most this many lines.
const MAX_LINES: usize = 2000;

/// `window` cut to at most [`MAX_SHOWN`] bytes and [`MAX_LINES`] lines, at a line end when
/// there is one.
fn capped(text: &str, window: Span) -> Span {
    let lines = |span: Span| text.as_bytes()[span.range()].iter().filter(|&&b| b == b'\n').count();
    if window.len() <= MAX_SHOWN && lines(window) <= MAX_LINES {
        return window;
    }
    let start = window.start as usize;
    let mut end = (start + MAX_SHOWN).min(window.end as usize);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    // At most MAX_LINES lines: the browser lays out every line of a `<pre>`.
    if let Some((nl, _)) = text[start..end].match_indices('\n').nth(MAX_LINES) {
        end = start + nl;
    }
    let end = text[start..end].rfind('\n').map_or(end, |nl| start + nl);
    Span::new(start, end)
}

/// The bytes an exchange covers: its request, its response and what follows the response.
fn exchange_region(exchange: &Exchange) -> Option<Span> {
    let spans = [
        exchange.request.as_ref().map(|m| m.span),
        exchange.response.as_ref().map(|m| m.span),
        exchange.response.as_ref().and_then(|m| m.body.as_ref()).map(|b| b.span),
    ];
    spans
        .into_iter()
        .flatten()
        .reduce(|a, b| Span { start: a.start.min(b.start), end: a.end.max(b.end) })
}

#[derive(Properties, PartialEq)]
pub struct TranscriptProps {
    /// Scroll only the transcript's own box to the selection, never the page around it (the
    /// element, inside someone else's page).
    #[prop_or_default]
    pub contained: bool,
}

/// The raw transcript view.
#[component]
pub fn Transcript(props: &TranscriptProps) -> Html {
    let viewer = use_viewer();
    let view = use_node_ref();
    let report = viewer.report.clone();
    let key = Rc::as_ptr(&report) as usize;
    let lines = {
        let report = report.clone();
        use_memo(key, move |_| LineIndex::new(&report.source.text))
    };
    let text = report.source.text.as_str();
    let selection = viewer.selection.map(|s| s.span);
    // Scroll the selection into view once it is rendered (not when it is dispatched, when
    // the old selection is still on screen).
    {
        let (view, contained) = (view.clone(), props.contained);
        use_effect_with(selection, move |selection| {
            if selection.is_some() {
                crate::dom::reveal_selection(&view, contained);
            }
        });
    }
    let whole = Span { start: 0, end: u32::try_from(text.len()).unwrap_or(u32::MAX) };
    let window = match viewer.current().and_then(exchange_region) {
        Some(region) if report.exchanges.len() > 1 => {
            // A selection outside the exchange (an input finding such as CAP711, which points
            // past the detailed exchanges) is shown on its own lines: with the exchange too,
            // the window could pass what the view holds and leave the selection out.
            let region = match selection {
                Some(s) if !s.is_empty() && (s.end <= region.start || s.start >= region.end) => s,
                Some(s) => Span { start: region.start.min(s.start), end: region.end.max(s.end) },
                None => region,
            };
            // Whole lines, so the numbers line up.
            let first = lines.line_col(region.start as usize).0;
            let last = lines.line_col(region.end.saturating_sub(1) as usize).0;
            let end = if last < lines.line_col(text.len()).0 {
                lines.line_start(last + 1).saturating_sub(1)
            } else {
                text.len()
            };
            Span::new(lines.line_start(first), end)
        }
        _ => whole,
    };
    // Frames after a 101 that the core decoded are shown as lines, not as the bytes' mojibake;
    // the raw bytes are one click away.
    let show_raw = use_state(|| false);
    let decoded: Vec<WsMessage> = viewer
        .current()
        .filter(|e| {
            e.messages
                .as_ref()
                .is_some_and(|l| !l.first.is_empty() && l.first.iter().all(|m| m.frame.is_some()))
        })
        .and_then(|e| e.messages.clone())
        .map(|l| l.first)
        .unwrap_or_default();
    let frames_at = viewer
        .current()
        .and_then(|e| e.response.as_ref()?.body.as_ref())
        .filter(|b| b.kind == BodyKind::WebsocketFrames && !decoded.is_empty())
        .map(|b| b.span)
        .filter(|f| f.start > window.start && f.start <= window.end && f.end >= window.end);
    // A selected finding on the frames (FRM1xx) is shown where it points: in the bytes.
    let raw_view =
        *show_raw || selection.zip(frames_at).is_some_and(|(s, f)| s.overlaps(f) || f.contains(s));
    let window = match frames_at {
        Some(f) if !raw_view => Span { start: window.start, end: f.start },
        _ => window,
    };
    let full_window = window;
    let window = capped(text, window);
    let first_line = lines.line_col(window.start as usize).0;
    let last_line = lines.line_col(window.end as usize).0;
    let gutter = (first_line..=last_line).map(|n| n.to_string()).collect::<Vec<_>>().join("\n");

    let marks: Vec<(Span, Severity)> =
        findings_of(&report, viewer.exchange).iter().map(|f| (f.span, f.severity)).collect();
    let mut first_selected = true;
    let pieces = runs(window, &marks, selection).into_iter().map(|run| {
        let piece = text.get(run.span.range()).unwrap_or_default().to_owned();
        let class = classes!(
            run.severity.map(|s| format!("hl-{}", s.as_str())),
            run.selected.then_some("hl-selected"),
            (run.selected && run.span.is_empty()).then_some("caret"),
        );
        if run.selected {
            let id = first_selected.then_some("selected-span");
            first_selected = false;
            html! { <mark {class} id={id} data-testid="selected-span">{ piece }</mark> }
        } else if run.severity.is_some() {
            html! { <span {class}>{ piece }</span> }
        } else {
            html! { <>{ piece }</> }
        }
    });
    let format = report.source.format.as_str();
    let mut caption = match (report.source.kind, viewer.file.as_ref()) {
        (SourceKind::Reconstructed, Some(file)) => {
            format!("HTTP view rebuilt from {} ({format}, {} bytes)", file.name, file.size)
        }
        (SourceKind::Reconstructed, None) => format!("HTTP view rebuilt from the {format} input"),
        (_, Some(file)) => format!("{} ({format}, {} bytes)", file.name, file.size),
        _ => format!("Transcript (read as {format})"),
    };
    if window != full_window {
        caption.push_str(&format!(
            " · the first {} KB of {} KB shown",
            window.len() / 1024,
            full_window.len() / 1024
        ));
    } else if window != whole {
        caption.push_str(&format!(
            " · lines {first_line}–{last_line} of {}, exchange {} of {}",
            lines.line_col(text.len()).0,
            viewer.exchange + 1,
            report.summary.exchanges
        ));
    }
    html! {
        <section class="transcript" aria-label="Transcript" part="transcript">
            <h2>{ caption }</h2>
            <div class="code-view" tabindex="0" aria-label="Transcript with highlighted findings" ref={view}>
                <pre class="gutter" aria-hidden="true">{ gutter }</pre>
                <pre class="source" data-testid="transcript-view">{ for pieces }</pre>
            </div>
            if frames_at.is_some() {
                <div class="frames" data-testid="decoded-frames">
                    if !raw_view {
                        <p>{ format!("The WebSocket frames after the 101, decoded from their bytes (the first {}):", decoded.len()) }</p>
                        <ol class="mono">{ for decoded.iter().map(frame_line) }</ol>
                    }
                    <button type="button" data-testid="toggle-raw-frames" onclick={{
                        let show_raw = show_raw.clone();
                        Callback::from(move |_| show_raw.set(!*show_raw))
                    }}>{ if raw_view { "Show the frames decoded" } else { "Show the raw bytes" } }</button>
                </div>
            }
        </section>
    }
}

/// One decoded frame: direction, opcode, header bits, length and a preview.
fn frame_line(m: &WsMessage) -> Html {
    let Some(h) = m.frame else { return html! {} };
    let opcode = wslens_core::opcode_name(m.opcode);
    let bits = h.flags();
    let from = if m.direction == Direction::Sent { "↑ client" } else { "↓ server" };
    html! {
        <li data-testid="decoded-frame">{ format!("{from} · {opcode} · {} · {} bytes · {}", bits.join(" "), h.length, m.data) }</li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn huge_windows_are_cut_at_a_line_end_on_a_char_boundary() {
        let text = "é\n".repeat(MAX_SHOWN);
        let whole = Span::new(0, text.len());
        let cut = capped(&text, whole);
        assert!(cut.len() <= MAX_SHOWN);
        assert!(text[cut.range()].ends_with('é'), "cut before a line end");
        let small = Span::new(0, 10);
        assert_eq!(capped(&text, small), small);
        let one_line = "é".repeat(MAX_SHOWN);
        let cut = capped(&one_line, Span::new(0, one_line.len()));
        assert!(one_line.is_char_boundary(cut.end as usize) && cut.len() <= MAX_SHOWN);
    }
}
