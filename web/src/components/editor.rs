//! The transcript box: analysed after a pause in typing. The viewer's input pane and the
//! element's editable card both use it.

use std::{cell::Cell, rc::Rc, time::Duration};

use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use super::use_viewer;
use crate::state::{analyse_pasted, Action};

/// Larger texts stay out of the box: a browser text box lays out all of its text, which
/// takes Chromium about a second per megabyte (a binary file dropped by mistake, a huge
/// paste). They are analysed in full all the same.
pub const MAX_EDITABLE: usize = 256 * 1024;

/// About one frame: long enough for the browser to draw between two pieces of work.
const FRAME: Duration = Duration::from_millis(20);

/// How long typing must pause before the input is analysed again.
const DEBOUNCE: Duration = Duration::from_millis(120);

#[derive(Properties, PartialEq)]
pub struct EditorProps {
    /// The box's id, for its label.
    pub id: AttrValue,
    /// Rows shown (the box can be resized).
    #[prop_or(None)]
    pub rows: Option<u32>,
}

/// The transcript box.
#[component]
pub fn TranscriptEditor(props: &EditorProps) -> Html {
    let viewer = use_viewer();
    // The box is written only when a load replaced the input (see `Viewer::loads`).
    let textarea = use_node_ref();
    {
        let textarea = textarea.clone();
        let input = viewer.input.clone();
        use_effect_with(viewer.loads, move |_| {
            if let Some(element) = textarea.cast::<HtmlTextAreaElement>() {
                element.set_value(if input.len() > MAX_EDITABLE { "" } else { &input });
            }
        });
    }
    // Counts edits; a timer only fires the analysis if no edit came after it.
    let edits = use_mut_ref(|| Rc::new(Cell::new(0u64)));
    let oninput = {
        let viewer = viewer.clone();
        let edits = edits.borrow().clone();
        Callback::from(move |e: InputEvent| {
            let text = e.target_unchecked_into::<HtmlTextAreaElement>().value();
            viewer.dispatch(Action::Edit(text));
            let mine = edits.get() + 1;
            edits.set(mine);
            let (viewer, edits) = (viewer.clone(), edits.clone());
            yew::platform::spawn_local(async move {
                yew::platform::time::sleep(DEBOUNCE).await;
                if edits.get() == mine {
                    viewer.dispatch(Action::Analyse);
                }
            });
        })
    };
    // A paste too large for the box goes straight to the analysis.
    let onpaste = {
        let viewer = viewer.clone();
        Callback::from(move |e: Event| {
            let Some(text) = crate::dom::pasted_text(&e) else { return };
            if text.len() > MAX_EDITABLE {
                e.prevent_default();
                viewer.dispatch(Action::PastingLarge);
                let viewer = viewer.clone();
                yew::platform::spawn_local(async move {
                    // The paste event ends and a frame is drawn; then the analysis, then
                    // (after another frame) the render, each in a task of its own.
                    yew::platform::time::sleep(FRAME).await;
                    let report = analyse_pasted(&text, viewer.format);
                    yew::platform::time::sleep(FRAME).await;
                    viewer.dispatch(Action::PastedLarge(report));
                });
            }
        })
    };
    html! {
        <textarea id={props.id.clone()} data-testid="transcript-input" class="mono" spellcheck="false"
            autocomplete="off" wrap="off" rows={props.rows.map(|r| r.to_string())} ref={textarea} {oninput} {onpaste} />
    }
}
