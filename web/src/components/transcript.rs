//! The transcript as the report reads it, with line numbers, findings highlighted by severity
//! and the selection marked.

use std::rc::Rc;

use wslens_core::{SourceKind, Span};
use yew::prelude::*;

use super::use_viewer;
use crate::{highlight::runs, state::findings_of};

/// The raw transcript view.
#[component]
pub fn Transcript() -> Html {
    let viewer = use_viewer();
    let report = viewer.report.clone();
    let key = Rc::as_ptr(&report) as usize;
    let gutter = {
        let report = report.clone();
        use_memo(key, move |_| {
            let lines = report.source.text.split('\n').count();
            (1..=lines).map(|n| n.to_string()).collect::<Vec<_>>().join("\n")
        })
    };
    let text = report.source.text.as_str();
    let marks: Vec<(Span, wslens_core::Severity)> =
        findings_of(&report, viewer.exchange).iter().map(|f| (f.span, f.severity)).collect();
    let selection = viewer.selection.map(|s| s.span);
    let mut first_selected = true;
    let pieces = runs(text.len(), &marks, selection).into_iter().map(|run| {
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
            html! { { piece } }
        }
    });
    let caption = match (report.source.kind, viewer.file.as_ref()) {
        (SourceKind::Reconstructed, Some(file)) => format!(
            "HTTP view rebuilt from {} ({}, {} bytes)",
            file.name,
            report.source.format.as_str(),
            file.size
        ),
        (SourceKind::Reconstructed, None) => {
            format!("HTTP view rebuilt from the {} input", report.source.format.as_str())
        }
        (_, Some(file)) => {
            format!("{} ({}, {} bytes)", file.name, report.source.format.as_str(), file.size)
        }
        _ => format!("Transcript (read as {})", report.source.format.as_str()),
    };
    html! {
        <section class="transcript" aria-label="Transcript">
            <h2>{ caption }</h2>
            <div class="code-view" tabindex="0" aria-label="Transcript with highlighted findings">
                <pre class="gutter" aria-hidden="true">{ (*gutter).clone() }</pre>
                <pre class="source" data-testid="transcript-view">{ for pieces }</pre>
            </div>
        </section>
    }
}
