/*!
The WebAssembly of the `<wslens-handshake>` element (`wslens/element` in the npm package).

The element's script (`crates/wslens-wasm/npm/element/index.js`) reads the element's content
and attributes, and calls [`mount`] with a node inside the element's shadow root; this crate
renders the viewer's card there ([`wslens_viewer::card::Card`]). Bindings only: the card's
panes are the viewer's, and every verdict is the core's.
*/
#![deny(missing_docs)]
#![forbid(unsafe_code)]

use std::rc::Rc;

use js_sys::{Function, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wslens_viewer::{
    card::{Card, CardMode, CardProps},
    state::CardSource,
};
use yew::{AppHandle, AttrValue, Callback};

/// A mounted card.
#[wasm_bindgen]
pub struct Mounted {
    app: Option<AppHandle<Card>>,
    revision: u64,
}

#[wasm_bindgen]
impl Mounted {
    /// Shows the card again for a new configuration (the element's content or an attribute
    /// changed); the card starts afresh.
    pub fn update(&mut self, config: &JsValue) {
        self.revision += 1;
        let props = props_of(config, self.revision);
        if let Some(app) = self.app.as_mut() {
            app.update(props);
        }
    }

    /// Removes the card (the element left the page).
    pub fn destroy(&mut self) {
        if let Some(app) = self.app.take() {
            app.destroy();
        }
    }
}

/// Renders a card into `root`, configured by `config`: `text` (the transcript written in the
/// page), `bytes` (a `Uint8Array`, a fetched `src`), `example` (an example's id) or `error`
/// (why the content could not be read); `mode` (`"compact"` or `"full"`), `editable`,
/// `redact`, `viewer` (an address), and `onReport` (called with each report, as JSON).
#[wasm_bindgen]
pub fn mount(root: web_sys::Element, config: &JsValue) -> Mounted {
    let app = yew::Renderer::<Card>::with_root_and_props(root, props_of(config, 0)).render();
    Mounted { app: Some(app), revision: 0 }
}

fn props_of(config: &JsValue, revision: u64) -> CardProps {
    let get = |name: &str| Reflect::get(config, &JsValue::from_str(name)).unwrap_or_default();
    let flag = |name: &str| get(name).as_bool().unwrap_or(false);
    let source = if let Some(why) = get("error").as_string() {
        CardSource::Failed(why)
    } else if let Some(bytes) = get("bytes").dyn_ref::<Uint8Array>() {
        CardSource::Bytes(bytes.to_vec())
    } else if let Some(id) = get("example").as_string() {
        CardSource::Example(id)
    } else {
        CardSource::Text(get("text").as_string().unwrap_or_default())
    };
    let mode = match get("mode").as_string().as_deref() {
        Some("compact") => CardMode::Compact,
        _ => CardMode::Full,
    };
    let on_report = get("onReport").dyn_into::<Function>().ok().map_or_else(Callback::noop, |f| {
        Callback::from(move |report: Rc<wslens_core::Report>| {
            // The report crosses as the JSON the CLI prints, so the event carries that shape.
            if let Ok(json) = serde_json::to_string(&*report) {
                let _ = f.call1(&JsValue::NULL, &JsValue::from_str(&json));
            }
        })
    });
    CardProps {
        source,
        revision,
        mode,
        editable: flag("editable"),
        redact: flag("redact"),
        viewer: get("viewer").as_string().map(AttrValue::from),
        on_report,
    }
}
