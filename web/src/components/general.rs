//! The "General" block of DevTools' Headers tab, the verdict, the exchange list and the
//! client profiles.

use wslens_core::{Exchange, HandshakeVerdict, StartLine};
use yew::prelude::*;

use super::use_viewer;
use crate::state::Action;

/// The URL the core worked out, or what the request line says when there is no host.
fn request_url(exchange: &Exchange) -> String {
    match (&exchange.url, exchange.request.as_ref().map(|r| &r.start_line)) {
        (Some(url), _) => url.clone(),
        (None, Some(StartLine::Request { target, .. })) => format!("{target} (no Host)"),
        (None, _) => "no request in the transcript".into(),
    }
}

fn verdict_word(verdict: HandshakeVerdict) -> (&'static str, &'static str) {
    match verdict {
        HandshakeVerdict::Ok => ("Connection opens", "verdict-ok"),
        HandshakeVerdict::Failed => ("Connection fails", "verdict-failed"),
        HandshakeVerdict::Incomplete => ("Cannot tell yet", "verdict-incomplete"),
    }
}

#[derive(Properties, PartialEq)]
pub struct GeneralProps {
    /// Only the verdict and the headline (the element's compact card).
    #[prop_or_default]
    pub compact: bool,
}

/// General block with the verdict of the shown exchange.
#[component]
pub fn General(props: &GeneralProps) -> Html {
    let viewer = use_viewer();
    // For the budgets script: the first verdict is on screen.
    use_effect_with((), |_| crate::dom::mark("wslens-verdict"));
    let Some(exchange) = viewer.current() else {
        return html! {
            <section class="general" aria-label="General" part="general">
                <p data-testid="verdict" data-verdict="incomplete" class="verdict verdict-incomplete" part="verdict">
                    { "Nothing to analyse: paste a request and its response" }
                </p>
            </section>
        };
    };
    let (word, class) = verdict_word(exchange.verdict.handshake);
    let method = match exchange.request.as_ref().map(|r| &r.start_line) {
        Some(StartLine::Request { method, .. }) => method.to_string(),
        _ => "—".into(),
    };
    let status = match exchange.response.as_ref().map(|r| &r.start_line) {
        Some(StartLine::Response { status, reason, version, .. }) => {
            format!("{status} {reason} ({version})")
        }
        _ => "no response in the transcript".into(),
    };
    html! {
        <section class="general" aria-label="General" part="general">
            <h2>{ "General" }</h2>
            <p data-testid="verdict" data-verdict={exchange.verdict.handshake.as_str()} class={classes!("verdict", class)} part="verdict">
                <strong>{ word }</strong>{ " — " }{ super::atoms::rich_text(&exchange.headline) }
            </p>
            if !props.compact {
            <dl class="kv">
                <dt>{ "Request URL" }</dt><dd class="mono">{ super::atoms::clipped(&request_url(exchange), 2048) }</dd>
                <dt>{ "Request Method" }</dt><dd class="mono">{ method }</dd>
                <dt>{ "Status Code" }</dt><dd class="mono">{ status }</dd>
                <dt>{ "Request" }</dt><dd>{ exchange.verdict.request.as_str() }</dd>
                <dt>{ "Response" }</dt><dd>{ exchange.verdict.response.as_str() }</dd>
            </dl>
            }
        </section>
    }
}

/// Exchanges listed at most.
const MAX_LISTED: usize = 300;

/// One button per exchange when the input holds several.
#[component]
pub fn ExchangeList() -> Html {
    let viewer = use_viewer();
    let report = &viewer.report;
    if report.exchanges.len() < 2 {
        return html! {};
    }
    // The list shows the exchanges around the one shown, so a capture of thousands stays
    // one short list to lay out.
    let from = viewer.exchange.saturating_sub(MAX_LISTED / 2);
    let to = (from + MAX_LISTED).min(report.exchanges.len());
    let from = to.saturating_sub(MAX_LISTED);
    let items = report.exchanges[from..to].iter().enumerate().map(|(offset, e)| {
        let i = from + offset;
        let onclick = {
            let viewer = viewer.clone();
            Callback::from(move |_| viewer.dispatch(Action::SelectExchange(i)))
        };
        let line = match e.request.as_ref().map(|r| &r.start_line) {
            Some(StartLine::Request { method, target, .. }) => format!("{method} {target}"),
            _ => "(no request)".into(),
        };
        let status = match e.response.as_ref().map(|r| &r.start_line) {
            Some(StartLine::Response { status, .. }) => status.to_string(),
            _ => "—".into(),
        };
        let (_, class) = verdict_word(e.verdict.handshake);
        let current = i == viewer.exchange;
        html! {
            <li>
                <button type="button" class={classes!("exchange", class, current.then_some("current"))}
                    aria-current={current.then_some("true")} data-testid="exchange" {onclick}>
                    <span class="num">{ i + 1 }</span>
                    <span class="mono">{ super::atoms::clipped(&line, 256) }</span>
                    <span class="status">{ status }</span>
                    <span class="word">{ e.verdict.handshake.as_str() }</span>
                </button>
            </li>
        }
    });
    let s = &report.summary;
    html! {
        <section class="exchanges" aria-label="Exchanges">
            <h2>{ format!("{}: {} ok, {} failed, {} incomplete", wslens_core::counted(s.exchanges as usize, "exchange", "exchanges"), s.ok, s.failed, s.incomplete) }</h2>
            if from > 0 {
                <p class="empty">{ format!("{} not listed", wslens_core::counted(from, "earlier exchange", "earlier exchanges")) }</p>
            }
            <ol start={(from + 1).to_string()}>{ for items }</ol>
            if to < report.exchanges.len() {
                <p class="empty">{ format!("{} not listed", wslens_core::counted(report.exchanges.len() - to, "later exchange", "later exchanges")) }</p>
            }
            if s.not_detailed > 0 {
                <p class="empty" data-testid="not-detailed">{ format!("{} after these checked and counted, not detailed (CAP711)", wslens_core::counted(s.not_detailed as usize, "exchange", "exchanges")) }</p>
            }
        </section>
    }
}

/// Which real clients would open the connection.
#[component]
pub fn Clients() -> Html {
    let viewer = use_viewer();
    let Some(exchange) = viewer.current() else { return html! {} };
    if exchange.clients.is_empty() {
        return html! {};
    }
    let rows = exchange.clients.iter().map(|c| {
        let (class, word) = if c.accepts { ("sev-ok", "opens") } else { ("sev-error", "fails") };
        html! {
            <tr data-testid="client" data-client={c.id} data-accepts={c.accepts.to_string()}>
                <td>{ c.name }</td>
                <td class={class}>{ word }</td>
                <td class="mono">{ c.codes.join(", ") }</td>
            </tr>
        }
    });
    html! {
        <section class="clients" aria-label="Real clients" part="clients">
            <h2>{ "Real clients" }</h2>
            <table>
                <thead><tr><th scope="col">{ "Client" }</th><th scope="col">{ "Would" }</th><th scope="col">{ "Because of" }</th></tr></thead>
                <tbody>{ for rows }</tbody>
            </table>
        </section>
    }
}
