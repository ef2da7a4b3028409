//! The panes. Each maps part of the report to HTML and sends actions back; none of them
//! decides anything about the protocol.

pub mod accept;
pub mod atoms;
pub mod editor;
pub mod expected;
pub mod findings;
pub mod general;
pub mod headers;
pub mod input;
pub mod negotiation;
pub mod sequence;
pub mod share;
pub mod software;
pub mod transcript;

use yew::UseReducerHandle;

use crate::state::Viewer;

/// The state and its dispatcher, shared by every pane through a context.
pub type ViewerContext = UseReducerHandle<Viewer>;

/// The context; the App always provides it.
#[yew::hook]
pub fn use_viewer() -> ViewerContext {
    yew::use_context::<ViewerContext>().expect("App provides the viewer context")
}
