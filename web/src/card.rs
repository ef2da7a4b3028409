//! The card of the `<wslens-handshake>` element: the viewer's panes for one transcript, in
//! someone else's page. `web/element` mounts it inside the element's shadow root.

use std::rc::Rc;

use wslens_core::{Part, Report};
use yew::prelude::*;

use crate::{
    components::{
        accept::AcceptPanel, editor::TranscriptEditor, findings::Findings, general::Clients,
        general::General, headers::HeaderTable, transcript::Transcript, ViewerContext,
    },
    share,
    state::{CardSource, Viewer},
};

/// How much the card shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum CardMode {
    /// The verdict, the findings and the transcript.
    Compact,
    /// Also the accept steps, both header tables and the real clients.
    #[default]
    Full,
}

/// What the element asks for.
#[derive(Properties, Clone, PartialEq)]
pub struct CardProps {
    /// The transcript.
    pub source: CardSource,
    /// Bumped when the element's content or attributes change: the card starts again.
    pub revision: u64,
    /// How much to show.
    #[prop_or_default]
    pub mode: CardMode,
    /// The transcript is a text box the reader can edit, and the verdict follows.
    #[prop_or_default]
    pub editable: bool,
    /// Show the transcript with its secrets replaced, as a share link carries it.
    #[prop_or_default]
    pub redact: bool,
    /// The address of a wslens viewer: adds an "Open in wslens" link carrying the transcript.
    #[prop_or_default]
    pub viewer: Option<AttrValue>,
    /// Told every report, once it is on screen.
    #[prop_or_default]
    pub on_report: Callback<Rc<Report>>,
}

/// The card: a fresh state for each revision of the element.
#[component]
pub fn Card(props: &CardProps) -> Html {
    html! { <CardBody key={props.revision.to_string()} ..props.clone() /> }
}

#[component]
fn CardBody(props: &CardProps) -> Html {
    let viewer = use_reducer(|| Viewer::for_card(props.source.clone(), props.redact));
    {
        let (report, on_report) = (viewer.report.clone(), props.on_report.clone());
        use_effect_with(Rc::as_ptr(&report) as usize, move |_| on_report.emit(report));
    }
    let full = props.mode == CardMode::Full;
    let notice = viewer.notice.clone().map(|text| {
        html! { <p class="notice" role="alert" data-testid="notice" part="notice">{ text }</p> }
    });
    let open = props.viewer.as_ref().map(|address| {
        let span = viewer.selection.map(|s| s.span);
        let typed = viewer.bytes.is_none();
        let fragment =
            share::encode(&viewer.report.source.text, viewer.exchange, span, false, typed);
        let href = format!("{}#{fragment}", address.split('#').next().unwrap_or_default());
        html! {
            <p class="open-full" part="open">
                <a href={href} target="_blank" rel="noopener" data-testid="open-in-viewer">{ "Open in wslens ↗" }</a>
            </p>
        }
    });
    html! {
        <ContextProvider<ViewerContext> context={viewer.clone()}>
            <div class={classes!("card", full.then_some("card-full"))} data-ready="true">
                { notice.unwrap_or_default() }
                <General compact={!full} />
                <Findings />
                if props.editable {
                    <section class="editor" aria-label="Edit the handshake" part="editor">
                        <label for="card-input" class="label">{ "Edit the handshake; the verdict follows as you type" }</label>
                        <TranscriptEditor id="card-input" rows={Some(12)} />
                    </section>
                }
                <Transcript contained=true />
                if full {
                    <AcceptPanel />
                    <HeaderTable part={Part::Response} />
                    <HeaderTable part={Part::Request} />
                    <Clients />
                }
                { open.unwrap_or_default() }
            </div>
        </ContextProvider<ViewerContext>>
    }
}
