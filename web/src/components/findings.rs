//! The findings of the shown exchange, worst first; a click selects the finding's span.

use yew::prelude::*;

use super::{
    atoms::{rich_text, severity_look, RfcLink, SeverityMark},
    use_viewer,
};
use crate::state::{findings_of, Action};

/// The findings list.
#[component]
pub fn Findings() -> Html {
    let viewer = use_viewer();
    let findings = findings_of(&viewer.report, viewer.exchange);
    let selected = viewer.selection.and_then(|s| s.finding);
    // The input's own findings are listed with the exchange's, so their counts add up.
    let own = viewer.report.exchanges.get(viewer.exchange).map(|e| e.finding_counts);
    let counts = viewer.report.finding_counts + own.unwrap_or_default();
    let items = findings.iter().enumerate().map(|(i, f)| {
        let onclick = {
            let viewer = viewer.clone();
            Callback::from(move |_| viewer.dispatch(Action::SelectFinding(i)))
        };
        let is_selected = selected == Some(i);
        let (class, _, word) = severity_look(Some(f.severity));
        html! {
            <li class={classes!("finding", class, is_selected.then_some("selected"))}
                data-testid="finding" data-code={f.code} data-severity={word}>
                <button type="button" class="finding-head" aria-pressed={is_selected.to_string()} {onclick}>
                    <SeverityMark severity={Some(f.severity)} />
                    <span class="code">{ f.code }</span>
                    <span class="message">{ rich_text(&f.message) }</span>
                </button>
                <p class="help">{ rich_text(&f.help) }</p>
                <p class="meta"><span class="slug">{ f.slug }</span>{ " · " }<RfcLink rfc={f.rfc} /></p>
            </li>
        }
    });
    html! {
        <section class="findings" aria-label="Findings" part="findings">
            <h2>{ "Findings " }<span class="counts">{ format!(
                "{} · {} · {}",
                wslens_core::counted(counts.errors as usize, "error", "errors"),
                wslens_core::counted(counts.warnings as usize, "warning", "warnings"),
                wslens_core::counted(counts.infos as usize, "note", "notes")
            ) }</span></h2>
            if findings.is_empty() {
                <p class="empty">{ "No problems found." }</p>
            } else {
                <ol>{ for items }</ol>
            }
        </section>
    }
}
