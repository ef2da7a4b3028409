//! The embed's messages with its host page (`window.postMessage`): the host posts
//! `{type: "wslens:load", text}`, the embed answers `{type: "wslens:report", report}` with
//! the report of that text (the CLI's JSON). It also says `{type: "wslens:ready"}` to its
//! parent once it listens. Messages are taken from the viewer's own origin, and from the
//! origin the embed URL names with `parent=`; all others are ignored.

use std::{cell::RefCell, rc::Rc};

use yew::prelude::*;

use crate::{components::ViewerContext, dom, state::Action};

/// Listens to the host page while `viewer` is an embed.
#[hook]
pub fn use_host_messages(viewer: ViewerContext) {
    let pending: Rc<RefCell<Option<dom::Reply>>> = use_mut_ref(|| None);
    {
        let (viewer, pending) = (viewer.clone(), pending.clone());
        use_effect_with((), move |_| {
            if !viewer.embed {
                return;
            }
            let own = dom::origin();
            let parent = viewer.parent.clone();
            let allowed = {
                let own = own.clone();
                let parent = parent.clone();
                move |origin: &str| origin == own || parent.as_deref() == Some(origin)
            };
            let handle = viewer.clone();
            dom::on_host_message(move |message| {
                if message.kind != "wslens:load" || !allowed(&message.reply.origin) {
                    return;
                }
                let text = message.text.unwrap_or_default();
                *pending.borrow_mut() = Some(message.reply);
                handle.dispatch(Action::Load { bytes: text.into_bytes(), file: None });
            });
            dom::tell_parent(r#"{"type":"wslens:ready"}"#, parent.as_deref().unwrap_or(&own));
        });
    }
    // Once the loaded text's report is the state's, it goes back to whoever asked.
    let key = Rc::as_ptr(&viewer.report) as usize;
    let report = viewer.report.clone();
    use_effect_with(key, move |_| {
        if let Some(reply) = pending.borrow_mut().take() {
            if let Ok(json) = serde_json::to_string(&*report) {
                dom::answer(&reply, &format!(r#"{{"type":"wslens:report","report":{json}}}"#));
            }
        }
    });
}
