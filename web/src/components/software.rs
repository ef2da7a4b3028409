//! "Who answered": the proxy or server the core recognised, and the fix in its configuration.

use yew::prelude::*;

use super::use_viewer;

/// The recognised software, what showed it, and (on failure) the change to make.
#[component]
pub fn Software() -> Html {
    let viewer = use_viewer();
    let Some(software) = viewer.current().and_then(|e| e.software.as_ref()) else {
        return html! {};
    };
    html! {
        <section class="software" aria-label="Who answered" data-testid="software" data-software={software.id}>
            <h2>{ format!("Answered by {}", software.name) }</h2>
            <p>{ "Recognised from " }<code>{ &software.evidence }</code>{ "." }</p>
            if let (Some(failure), Some(fix)) = (software.failure, &software.fix) {
                <p><strong>{ failure }</strong>{ format!(". The fix in {}:", software.name) }</p>
                <p class="fix" data-testid="software-fix">{ fix }</p>
            }
            <p><a href={software.docs} target="_blank" rel="noopener noreferrer">{ format!("{}'s documentation", software.name) }</a></p>
        </section>
    }
}
