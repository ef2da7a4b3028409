//! "What the server should have answered", and the messages a capture recorded.

use wslens_core::Direction;
use yew::prelude::*;

use super::{atoms::CopyButton, use_viewer};

/// The expected response with its reasons and a copy button.
#[component]
pub fn Expected() -> Html {
    let viewer = use_viewer();
    let Some(expected) = viewer.current().and_then(|e| e.expected_response.as_ref()) else {
        return html! {};
    };
    html! {
        <section class="expected" aria-label="What the server should have answered">
            <h2>{ "What the server should have answered" }</h2>
            <pre class="mono" data-testid="expected-response">{ &expected.text }</pre>
            <CopyButton text={expected.text.clone()} label="Copy response" />
            <ul class="reasons">{ for expected.reasons.iter().map(|r| html! { <li>{ r.to_string() }</li> }) }</ul>
        </section>
    }
}

/// WebSocket messages from a HAR or a pcap.
#[component]
pub fn Messages() -> Html {
    let viewer = use_viewer();
    let Some(log) = viewer.current().and_then(|e| e.messages.as_ref()) else { return html! {} };
    let rows = log.first.iter().map(|m| {
        html! {
            <tr>
                <td>{ match m.direction { Direction::Sent => "↑ sent", Direction::Received => "↓ received", Direction::Event => "event" } }</td>
                <td class="mono">{ m.opcode }</td>
                <td class="mono wrap">{ &m.data }</td>
            </tr>
        }
    });
    html! {
        <section class="messages" aria-label="Messages">
            <h2>{ format!("Messages ({} recorded, first {} shown)", log.count, log.first.len()) }</h2>
            <div class="scroll">
                <table>
                    <thead><tr><th scope="col">{ "Direction" }</th><th scope="col">{ "Opcode" }</th><th scope="col">{ "Data" }</th></tr></thead>
                    <tbody>{ for rows }</tbody>
                </table>
            </div>
        </section>
    }
}
