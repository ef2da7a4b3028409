//! DevTools' Response Headers and Request Headers tables: wire order, original casing, a mark
//! per row, and a row that expands to the header's explanation and findings.

use wslens_core::{explain, unknown_header_doc, Part};
use yew::prelude::*;

use super::{
    atoms::{clipped, rich_text, severity_look, RfcLink, SeverityMark},
    use_viewer,
};
use crate::state::{findings_of, findings_on, message_of, Action, HeaderRef};

/// Header rows shown at most.
const MAX_ROWS: usize = 200;

/// Bytes of a value shown in its cell at most.
const MAX_VALUE: usize = 2048;

#[derive(Properties, PartialEq)]
pub struct HeaderTableProps {
    /// `Part::Request` or `Part::Response`.
    pub part: Part,
}

/// One message's header table.
#[component]
pub fn HeaderTable(props: &HeaderTableProps) -> Html {
    let viewer = use_viewer();
    let title = if props.part == Part::Response { "Response Headers" } else { "Request Headers" };
    let Some(message) = viewer.current().and_then(|e| message_of(e, props.part)) else {
        return html! {
            <section class="headers" aria-label={title} part="headers">
                <h2>{ title }</h2>
                <p class="empty">{ "Not in the transcript." }</p>
            </section>
        };
    };
    let findings = findings_of(&viewer.report, viewer.exchange);
    let selected = viewer.selection.and_then(|s| s.header);
    // A head of thousands of fields would take the page seconds to lay out: the first rows
    // show, and the selected one wherever it is.
    let shown = |index: usize| {
        index < MAX_ROWS || selected.is_some_and(|s| s.part == props.part && s.index == index)
    };
    let hidden = message.headers.len().saturating_sub(MAX_ROWS);
    let rows = message.headers.iter().enumerate().filter(|(index, _)| shown(*index)).map(|(index, header)| {
        let target = HeaderRef { part: props.part, index };
        let open = selected == Some(target);
        let onclick = {
            let viewer = viewer.clone();
            Callback::from(move |_| viewer.dispatch(Action::ToggleHeader(target)))
        };
        let (class, _, word) = severity_look(header.status);
        let detail_id = format!("hdr-{}-{index}", if props.part == Part::Response { "res" } else { "req" });
        let detail = open.then(|| {
            let doc = explain(&header.name);
            let own = findings_on(&findings, header);
            let clean = own.is_empty();
            let own = own.iter().map(|&i| {
                let f = findings[i];
                let onclick = {
                    let viewer = viewer.clone();
                    Callback::from(move |_| viewer.dispatch(Action::SelectFinding(i)))
                };
                html! {
                    <li><button type="button" class="link" {onclick}>
                        <SeverityMark severity={Some(f.severity)} />{ " " }<span class="code">{ f.code }</span>{ " " }{ rich_text(&f.message) }
                    </button></li>
                }
            });
            html! {
                <tr class="detail" id={detail_id.clone()}>
                    <td colspan="3">
                        if let Some(doc) = doc {
                            <p class="doc-summary">{ doc.summary }</p>
                            <p class="doc-details">{ doc.details }</p>
                            <p class="meta">{ format!("sent by the {} · {} · ", doc.sent_by.as_str(), doc.requirement) }<RfcLink rfc={doc.rfc} /></p>
                        } else {
                            <p class="doc-summary">{ unknown_header_doc() }</p>
                        }
                        if !header.notes.is_empty() {
                            <ul class="notes" aria-label="About this value">
                                { for header.notes.iter().map(|n| html! { <li>{ rich_text(n) }</li> }) }
                            </ul>
                        }
                        if clean {
                            <p class="meta">{ "No findings on this header." }</p>
                        }
                        <ul class="own-findings">{ for own }</ul>
                    </td>
                </tr>
            }
        });
        html! {
            <>
                <tr class={classes!("header-row", class, open.then_some("selected"))}
                    data-testid="header-row" data-name={header.name.to_string()} data-status={word}>
                    <td class="status"><SeverityMark severity={header.status} /></td>
                    <th scope="row">
                        <button type="button" class="name" aria-expanded={open.to_string()} aria-controls={detail_id} {onclick}>
                            { &*header.name }
                        </button>
                    </th>
                    <td class="value mono">{ clipped(&header.value, MAX_VALUE) }</td>
                </tr>
                { detail.unwrap_or_default() }
            </>
        }
    });
    html! {
        <section class="headers" aria-label={title} part="headers">
            <h2>{ title }</h2>
            <p class="start-line mono">{ clipped(&start_line(message), MAX_VALUE) }</p>
            <table>
                <thead><tr><th scope="col"><span class="sr-only">{ "Status" }</span></th><th scope="col">{ "Name" }</th><th scope="col">{ "Value" }</th></tr></thead>
                <tbody>{ for rows }</tbody>
            </table>
            if hidden > 0 {
                <p class="empty" data-testid="headers-hidden">{ format!("and {hidden} more header lines, not shown here (the transcript and the findings cover them)") }</p>
            }
        </section>
    }
}

fn start_line(message: &wslens_core::Message) -> String {
    match &message.start_line {
        wslens_core::StartLine::Request { method, target, version, .. } => {
            format!("{method} {target} {version}")
        }
        wslens_core::StartLine::Response { version, status, reason, .. } => {
            format!("{version} {status} {reason}")
        }
    }
}
