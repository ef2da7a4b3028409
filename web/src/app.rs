//! The App: owns the reducer, provides it to the panes, and lays them out like DevTools'
//! Network → Headers tab (full view) or as a compact read-only card (embed mode).

use std::rc::Rc;

use wslens_core::Part;
use yew::prelude::*;

use crate::{
    components::{
        accept::{AcceptCalculator, AcceptPanel},
        expected::{Expected, Messages},
        findings::Findings,
        general::{Clients, ExchangeList, General},
        headers::HeaderTable,
        input::{load_file, InputPane},
        negotiation::Negotiation,
        sequence::Sequence,
        share::ShareBar,
        software::Software,
        transcript::Transcript,
        ViewerContext,
    },
    dom,
    embed::use_host_messages,
    share,
    state::{Action, Viewer},
};

/// The version the page shows: the crates' version and the build's id.
fn version() -> String {
    let build = dom::build_id().map(|id| format!(" · build {id}")).unwrap_or_default();
    format!("v{}{build}", env!("CARGO_PKG_VERSION"))
}

/// The whole viewer.
#[component]
pub fn App() -> Html {
    let viewer = use_reducer(|| {
        let shared = share::decode(&dom::fragment());
        Viewer::from_fragment(shared, share::query_wants_embed(&dom::query()))
    });

    use_host_messages(viewer.clone());

    // Marks for the budgets script: every re-analysis, once the report is on screen.
    {
        let key = Rc::as_ptr(&viewer.report) as usize;
        use_effect_with(key, |_| dom::measure("wslens-analyse", "wslens-analyse-start"));
    }
    // The first render shows the input and the verdict; the panes follow in the next one, so
    // the first verdict does not wait for their layout.
    let settled = use_state_eq(|| false);
    {
        let settled = settled.clone();
        use_effect_with((), move |_| {
            settled.set(true);
            dom::register_service_worker();
        });
    }
    let later = |pane: Html| if *settled { pane } else { Html::default() };

    let ondragover = Callback::from(|e: DragEvent| e.prevent_default());
    let ondrop = {
        let viewer = viewer.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            if let Some(file) = e.data_transfer().and_then(|d| d.files()).and_then(|f| f.get(0)) {
                load_file(viewer.clone(), file);
            }
        })
    };
    // Escape clears the selection, wherever the focus is.
    let onkeydown = {
        let viewer = viewer.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" && viewer.selection.is_some() {
                viewer.dispatch(Action::ClearSelection);
            }
        })
    };
    let notice = viewer.notice.clone().map(|text| {
        let viewer = viewer.clone();
        let dismiss = Callback::from(move |_| viewer.dispatch(Action::DismissNotice));
        html! {
            <div class="notice" role="alert" data-testid="notice">
                <span>{ text }</span>
                <button type="button" onclick={dismiss} aria-label="Dismiss">{ "×" }</button>
            </div>
        }
    });
    let embed = viewer.embed;
    let content = if embed {
        html! {
            <main class="embed">
                <General />
                <Findings />
                <HeaderTable part={Part::Response} />
                <HeaderTable part={Part::Request} />
                <AcceptPanel />
                <p class="open-full"><a href={format!("{}#{}", dom::address().replace("?embed", ""), share::without_embed(&dom::fragment()))} target="_blank" rel="noopener">{ "Open in wslens ↗" }</a></p>
            </main>
        }
    } else {
        html! {
            <>
                <header class="top">
                    <h1>{ "wslens" }<span class="tagline">{ " · WebSocket handshake inspector" }</span></h1>
                    <p class="privacy">{ "Everything runs in this page; nothing you paste leaves your browser." }</p>
                    <p class="version" data-testid="version">{ version() }</p>
                </header>
                { notice.unwrap_or_default() }
                <main class="layout">
                    <div class="left">
                        <InputPane />
                        { later(html! { <><ExchangeList /><Transcript /></> }) }
                    </div>
                    <div class="right">
                        <General />
                        { later(html! {
                            <>
                                <Findings />
                                <HeaderTable part={Part::Response} />
                                <HeaderTable part={Part::Request} />
                                <AcceptPanel />
                                <Negotiation />
                                <Sequence />
                                <Software />
                                <Expected />
                                <Clients />
                                <Messages />
                                <AcceptCalculator />
                                <ShareBar />
                            </>
                        }) }
                    </div>
                </main>
            </>
        }
    };
    html! {
        <ContextProvider<ViewerContext> context={viewer.clone()}>
            <div class={classes!("app", embed.then_some("is-embed"))} data-ready={settled.to_string()} {ondragover} {ondrop} {onkeydown}>
                { content }
            </div>
        </ContextProvider<ViewerContext>>
    }
}
