//! The accept computation of the shown exchange, step by step, and a standalone calculator.

use web_sys::HtmlInputElement;
use wslens_core::{accept_steps, key_from_nonce, Mechanism, SAMPLE_KEY};
use yew::prelude::*;

use super::{atoms::CopyButton, use_viewer};
use crate::dom;

/// Why the panel has nothing to show.
fn no_accept_reason(mechanism: Option<Mechanism>) -> &'static str {
    match mechanism {
        Some(Mechanism::ExtendedConnect) => "Over HTTP/2 and HTTP/3 there is no Sec-WebSocket-Key or Sec-WebSocket-Accept: the :protocol pseudo-header replaces them (RFC 8441 §5), and a 2xx status opens the WebSocket.",
        _ => "The request carries no Sec-WebSocket-Key, so there is nothing to compute.",
    }
}

/// Key → key+GUID → SHA-1 → base64, next to what the server sent.
#[component]
pub fn AcceptPanel() -> Html {
    let viewer = use_viewer();
    let Some(accept) = viewer.current().and_then(|e| e.accept.as_ref()) else {
        return html! {
            <section class="accept" aria-label="Sec-WebSocket-Accept" part="accept">
                <h2>{ "Sec-WebSocket-Accept" }</h2>
                <p class="empty">{ no_accept_reason(viewer.current().map(|e| e.mechanism)) }</p>
            </section>
        };
    };
    let verdict = match (&accept.received, accept.matches) {
        (None, _) => {
            html! { <p class="sev-warning">{ "The server sent no Sec-WebSocket-Accept." }</p> }
        }
        (Some(_), true) => html! { <p class="sev-ok">{ "✓ The server's value matches." }</p> },
        (Some(_), false) => {
            html! { <p class="sev-error">{ "✗ The server's value does not match: the client must fail the connection." }</p> }
        }
    };
    html! {
        <section class="accept" aria-label="Sec-WebSocket-Accept" part="accept">
            <h2>{ "Sec-WebSocket-Accept" }</h2>
            <ol class="steps">
                <li><span class="step">{ "1. Sec-WebSocket-Key, as sent" }</span><code>{ &accept.key }</code></li>
                <li><span class="step">{ "2. append the GUID" }</span><code class="wrap">{ &accept.concatenated }</code></li>
                <li><span class="step">{ "3. SHA-1 of those bytes" }</span><code class="wrap">{ &accept.sha1_hex }</code></li>
                <li><span class="step">{ "4. base64 of the digest" }</span><code data-testid="accept-expected">{ &accept.expected }</code></li>
                <li><span class="step">{ "the server sent" }</span>
                    <code data-testid="accept-received" class={if accept.matches { "sev-ok" } else { "sev-error" }}>
                        { accept.received.as_deref().unwrap_or("(nothing)").to_owned() }
                    </code>
                </li>
            </ol>
            { verdict }
            if let Some(diagnosis) = &accept.diagnosis {
                <p class="diagnosis" data-testid="accept-diagnosis" data-id={diagnosis.id}>
                    <strong>{ "Likely mistake: " }</strong>{ &diagnosis.message }
                </p>
            }
        </section>
    }
}

/// Type a key, or draw a random one, and see every step.
#[component]
pub fn AcceptCalculator() -> Html {
    let key = use_state(|| SAMPLE_KEY.to_owned());
    let steps = accept_steps(&key);
    let oninput = {
        let key = key.clone();
        Callback::from(move |e: InputEvent| {
            key.set(e.target_unchecked_into::<HtmlInputElement>().value());
        })
    };
    let random = {
        let key = key.clone();
        Callback::from(move |_| {
            if let Some(nonce) = dom::random_nonce() {
                key.set(key_from_nonce(&nonce));
            }
        })
    };
    let decoded = match steps.decoded_len {
        Some(16) => html! { <span class="sev-ok">{ "decodes to 16 bytes ✓" }</span> },
        Some(n) => {
            html! { <span class="sev-error">{ format!("decodes to {}; a key must decode to 16", wslens_core::counted(n, "byte", "bytes")) }</span> }
        }
        None => html! { <span class="sev-error">{ "is not valid base64" }</span> },
    };
    html! {
        <section class="calculator" aria-label="Accept calculator">
            <h2>{ "Accept calculator" }</h2>
            <div class="row">
                <label for="calc-key">{ "Sec-WebSocket-Key" }</label>
                <input id="calc-key" data-testid="calc-key" class="mono" value={(*key).clone()} {oninput} spellcheck="false" autocomplete="off" />
                <button type="button" data-testid="calc-random" onclick={random}>{ "Random key" }</button>
            </div>
            <p class="meta">{ "The key " }{ decoded }</p>
            <ol class="steps">
                <li><span class="step">{ "key + GUID" }</span><code class="wrap">{ &steps.concatenated }</code></li>
                <li><span class="step">{ "SHA-1" }</span><code class="wrap">{ &steps.sha1_hex }</code></li>
                <li><span class="step">{ "Sec-WebSocket-Accept" }</span><code data-testid="calc-accept">{ &steps.accept }</code>
                    <CopyButton text={steps.accept.clone()} /></li>
            </ol>
        </section>
    }
}
