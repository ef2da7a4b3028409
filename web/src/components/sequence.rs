//! A sequence diagram of the exchange: the GET with Upgrade, the answer, and what the client
//! does next.

use wslens_core::{HandshakeVerdict, Mechanism, StartLine};
use yew::prelude::*;

use super::use_viewer;

fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_owned()
    } else {
        let cut: String = s.chars().take(max.saturating_sub(1)).collect();
        format!("{cut}…")
    }
}

/// The SVG diagram.
#[component]
pub fn Sequence() -> Html {
    let viewer = use_viewer();
    let Some(exchange) = viewer.current() else { return html! {} };
    let request = match exchange.request.as_ref().map(|r| &r.start_line) {
        Some(StartLine::Request { method, target, .. }) => match exchange.mechanism {
            Mechanism::Upgrade => format!("{method} {target} · Upgrade: websocket"),
            Mechanism::ExtendedConnect => format!("{method} {target} · :protocol websocket"),
        },
        _ => "(request not in the transcript)".into(),
    };
    let response = match exchange.response.as_ref().map(|r| &r.start_line) {
        Some(StartLine::Response { status, reason, .. }) => Some(format!("{status} {reason}")),
        _ => None,
    };
    let failing =
        exchange.failing_finding.and_then(|i| exchange.findings.get(i as usize)).map(|f| f.code);
    let response_class = match exchange.verdict.response {
        wslens_core::MessageVerdict::Invalid => "seq-bad",
        _ if exchange.verdict.handshake == HandshakeVerdict::Failed => "seq-bad",
        _ => "seq-good",
    };
    let outcome = match exchange.verdict.handshake {
        HandshakeVerdict::Ok => html! {
            <g class="seq-good">
                <line x1="60" y1="170" x2="300" y2="170" class="arrow both" marker-end="url(#head)" marker-start="url(#tail)" />
                <text x="180" y="162" text-anchor="middle">{ "WebSocket frames, both ways" }</text>
            </g>
        },
        HandshakeVerdict::Failed => html! {
            <g class="seq-bad">
                <text x="50" y="176" text-anchor="middle" class="cross">{ "✗" }</text>
                <text x="70" y="174">{ shorten(&format!("client fails the connection{}", failing.map(|c| format!(" ({c})")).unwrap_or_default()), 44) }</text>
                <text x="70" y="190" class="small">{ "browsers report close code 1006" }</text>
            </g>
        },
        HandshakeVerdict::Incomplete => html! {
            <g class="seq-unknown">
                <text x="180" y="174" text-anchor="middle">{ "? the transcript does not show how it ends" }</text>
            </g>
        },
    };
    html! {
        <section class="sequence" aria-label="Sequence diagram">
            <h2>{ "Sequence" }</h2>
            <svg viewBox="0 0 360 205" role="img" data-testid="sequence"
                aria-label={format!("Client sends {request}; server answers {}; verdict {}", response.clone().unwrap_or_else(|| "nothing".into()), exchange.verdict.handshake.as_str())}>
                <defs>
                    <marker id="head" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto">
                        <path d="M0,0 L10,5 L0,10 z" class="arrowhead" />
                    </marker>
                    <marker id="tail" viewBox="0 0 10 10" refX="1" refY="5" markerWidth="7" markerHeight="7" orient="auto">
                        <path d="M10,0 L0,5 L10,10 z" class="arrowhead" />
                    </marker>
                </defs>
                <text x="50" y="20" text-anchor="middle" class="actor">{ "Client" }</text>
                <text x="310" y="20" text-anchor="middle" class="actor">{ "Server" }</text>
                <line x1="50" y1="28" x2="50" y2="200" class="lifeline" />
                <line x1="310" y1="28" x2="310" y2="200" class="lifeline" />
                <g class={if exchange.verdict.request == wslens_core::MessageVerdict::Invalid { "seq-bad" } else { "seq-neutral" }}>
                    <line x1="52" y1="65" x2="306" y2="65" class="arrow" marker-end="url(#head)" />
                    <text x="180" y="57" text-anchor="middle">{ shorten(&request, 46) }</text>
                </g>
                if let Some(response) = response {
                    <g class={response_class}>
                        <line x1="308" y1="115" x2="54" y2="115" class="arrow" marker-end="url(#head)" />
                        <text x="180" y="107" text-anchor="middle">{ shorten(&response, 46) }</text>
                    </g>
                } else {
                    <g class="seq-unknown">
                        <line x1="308" y1="115" x2="54" y2="115" class="arrow dashed" />
                        <text x="180" y="107" text-anchor="middle">{ "no response in the transcript" }</text>
                    </g>
                }
                { outcome }
            </svg>
        </section>
    }
}
