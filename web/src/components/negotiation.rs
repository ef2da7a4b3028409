//! Offer against answer: subprotocols and every extension parameter.

use yew::prelude::*;

use super::{atoms::RfcLink, use_viewer};

/// The negotiation table.
#[component]
pub fn Negotiation() -> Html {
    let viewer = use_viewer();
    let Some(exchange) = viewer.current() else { return html! {} };
    let rows = &exchange.negotiation.rows;
    if rows.is_empty() {
        return html! {
            <section class="negotiation" aria-label="Negotiation">
                <h2>{ "Negotiation" }</h2>
                <p class="empty">{ "No subprotocol or extension was offered or answered." }</p>
            </section>
        };
    }
    let shown = |value: &Option<wslens_core::Text>| -> String {
        value.as_deref().unwrap_or("—").to_owned()
    };
    let body = rows.iter().map(|row| {
        let class = if row.codes.is_empty() { "sev-ok" } else { "sev-error" };
        html! {
            <tr data-testid="negotiation-row" data-codes={row.codes.join(" ")}>
                <td>{ &*row.subject }</td>
                <td class="mono">{ &*row.item }</td>
                <td class="mono">{ shown(&row.offered) }</td>
                <td class="mono">{ shown(&row.answered) }</td>
                <td class={class}>{ if row.codes.is_empty() { "ok".to_owned() } else { row.codes.join(", ") } }</td>
                <td><RfcLink rfc={row.rfc.to_owned()} /></td>
            </tr>
        }
    });
    html! {
        <section class="negotiation" aria-label="Negotiation">
            <h2>{ "Negotiation" }</h2>
            <div class="scroll">
                <table>
                    <thead><tr>
                        <th scope="col">{ "What" }</th><th scope="col">{ "Item" }</th><th scope="col">{ "Offered" }</th>
                        <th scope="col">{ "Answered" }</th><th scope="col">{ "Rule" }</th><th scope="col">{ "Clause" }</th>
                    </tr></thead>
                    <tbody>{ for body }</tbody>
                </table>
            </div>
        </section>
    }
}
