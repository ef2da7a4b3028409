//! The share bar: a link holding the transcript and the selection in its fragment, with
//! secrets redacted unless the user turns that off.

use web_sys::HtmlInputElement;
use wslens_core::{redact_with, RedactOptions};
use yew::prelude::*;

use super::{atoms::CopyButton, use_viewer};
use crate::{
    dom,
    share::{self, Payload, LONG_LINK},
    state::Action,
};

/// Share link and embed snippet.
#[component]
pub fn ShareBar() -> Html {
    let viewer = use_viewer();
    // The link (none when the text is longer than a link opens), how many secrets it hides,
    // and the text it carries (for the download).
    let link = use_state(|| None::<(Option<String>, usize, std::rc::Rc<str>)>);
    let on_toggle = {
        let viewer = viewer.clone();
        let link = link.clone();
        Callback::from(move |e: Event| {
            viewer.dispatch(Action::SetRedact(
                e.target_unchecked_into::<HtmlInputElement>().checked(),
            ));
            link.set(None);
        })
    };
    let on_share = {
        let viewer = viewer.clone();
        let link = link.clone();
        Callback::from(move |_| {
            let report = &viewer.report;
            let span = viewer.selection.map(|s| s.span);
            let (text, span, hidden) = if viewer.redact {
                let redaction = redact_with(report, &viewer.redact_options);
                let span = span.map(|s| redaction.map_span(s));
                (redaction.text, span, redaction.redacted.len())
            } else {
                (report.source.text.to_string(), span, 0)
            };
            // A link opens at most this much text (see `share::MAX_INFLATED`): past it, the
            // file is the only way.
            if text.len() > share::MAX_INFLATED {
                link.set(Some((None, hidden, text.into())));
                return;
            }
            let typed = viewer.bytes.is_none();
            let (exchange, link) = (viewer.exchange, link.clone());
            yew::platform::spawn_local(async move {
                // Compressed when the browser can (the link is then about a third as long).
                let deflated = dom::deflate_raw(text.as_bytes()).await.ok();
                let payload = deflated.as_deref().map_or(Payload::Text(&text), Payload::Deflated);
                let fragment = share::encode_payload(payload, exchange, span, false, typed);
                dom::replace_fragment(&fragment);
                let url = format!("{}#{fragment}", dom::address());
                dom::copy(&url);
                link.set(Some((Some(url), hidden, text.into())));
            });
        })
    };
    let option = |set: fn(&mut RedactOptions, bool)| {
        let viewer = viewer.clone();
        let link = link.clone();
        Callback::from(move |e: Event| {
            let mut options = viewer.redact_options;
            set(&mut options, e.target_unchecked_into::<HtmlInputElement>().checked());
            viewer.dispatch(Action::SetRedactOptions(options));
            link.set(None);
        })
    };
    let on_bodies = option(|o, on| o.bodies = on);
    let on_hosts = option(|o, on| o.hosts = on);
    let shared = (*link).clone();
    let download = |text: std::rc::Rc<str>| {
        html! {
            <button type="button" data-testid="download-transcript" onclick={
                Callback::from(move |_| dom::download(&text, "handshake.txt"))
            }>{ "Download the transcript" }</button>
        }
    };
    html! {
        <section class="share" aria-label="Share">
            <label class="toggle">
                <input type="checkbox" data-testid="redact-toggle" checked={viewer.redact} onchange={on_toggle} />
                { " Redact secrets in links (cookies, credentials, API keys, tokens)" }
            </label>
            if viewer.redact {
                <label class="toggle">
                    <input type="checkbox" data-testid="redact-bodies" checked={viewer.redact_options.bodies} onchange={on_bodies} />
                    { " and the bodies of requests and refusals (a login form, or a 401 or 403 page that echoes a token)" }
                </label>
                <label class="toggle">
                    <input type="checkbox" data-testid="redact-hosts" checked={viewer.redact_options.hosts} onchange={on_hosts} />
                    { " and host names, addresses and ports" }
                </label>
            }
            <button type="button" data-testid="share" onclick={on_share}>{ "Share link" }</button>
            if let Some((url, hidden, text)) = shared {
                if let Some(url) = url {
                if url.len() > LONG_LINK {
                    <p class="notice" role="status" data-testid="long-link">
                        <span>{ format!("This link is {} KB long, and some mail and chat programs cut links over {} KB: share the transcript as a file instead.", url.len() / 1024, LONG_LINK / 1024) }</span>
                        { download(text.clone()) }
                    </p>
                }
                <div class="share-result">
                    <label for="share-link">{ if viewer.redact { format!("Link ({} redacted; the transcript stays in the link's #fragment, which browsers never send to a server)", wslens_core::counted(hidden, "secret", "secrets")) } else { "Link (NOT redacted)".to_owned() } }</label>
                    <input id="share-link" data-testid="share-link" readonly=true value={url.clone()} class="mono" />
                    <CopyButton text={url.clone()} label="Copy link" />
                    <CopyButton text={format!("<iframe src=\"{}\" title=\"WebSocket handshake\" width=\"100%\" height=\"480\"></iframe>", url.replacen('#', "#embed&", 1))} label="Copy embed code" />
                </div>
                } else {
                    <p class="notice" role="status" data-testid="long-link">
                        <span>{ format!("This transcript is {} KB, more than a link opens ({} MiB): share it as a file instead.", text.len() / 1024, share::MAX_INFLATED >> 20) }</span>
                        { download(text) }
                    </p>
                }
            }
        </section>
    }
}
