//! The viewer's worker: reads a large capture off the page's thread.
//!
//! Once listening it says `{ kind: "ready" }`; then it receives `{ file, format }`, reads the
//! file, runs `wslens_core::prepare_with_progress` (the step whose cost grows with the file:
//! scanning a pcap, parsing a HAR) and answers with
//! `{ kind: "progress", done, total }` messages, then `{ kind: "done", prepared, memory }`
//! (the prepared input as JSON, which the page checks and shows, and the peak size of this
//! worker's memory) or `{ kind: "error", message }`.
//! It holds no protocol logic. It is its own package so that the pcap reader is built into
//! this wasm only, not into the page's.

fn main() {
    #[cfg(target_arch = "wasm32")]
    worker::start();
}

#[cfg(target_arch = "wasm32")]
mod worker {
    use js_sys::{Object, Reflect, Uint8Array};
    use wasm_bindgen::{prelude::*, JsCast};
    use web_sys::{DedicatedWorkerGlobalScope, File, MessageEvent};
    use wslens_core::{prepare_with_progress, Format, Options};

    pub(crate) fn start() {
        let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
        let reply = scope.clone();
        let onmessage = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
            let reply = reply.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let answer = match run(&reply, event.data()).await {
                    Ok(prepared) => message(&[
                        ("kind", "done".into()),
                        ("prepared", prepared.into()),
                        ("memory", memory_size().into()),
                    ]),
                    Err(why) => message(&[("kind", "error".into()), ("message", why.into())]),
                };
                let _ = reply.post_message(&answer);
            });
        });
        scope.set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
        onmessage.forget();
        // Messages that arrive before this handler exists are lost, so the page waits for this.
        let _ = scope.post_message(&message(&[("kind", "ready".into())]));
    }

    async fn run(reply: &DedicatedWorkerGlobalScope, data: JsValue) -> Result<String, String> {
        let file: File = Reflect::get(&data, &"file".into())
            .ok()
            .and_then(|f| f.dyn_into().ok())
            .ok_or("the worker was sent no file")?;
        let format = Reflect::get(&data, &"format".into())
            .ok()
            .and_then(|f| f.as_string())
            .and_then(|f| serde_json::from_str::<Format>(&format!("\"{f}\"")).ok())
            .unwrap_or_default();
        let buffer = wasm_bindgen_futures::JsFuture::from(file.array_buffer())
            .await
            .map_err(|e| format!("{} could not be read: {e:?}", file.name()))?;
        // One copy into this worker's memory; the file's buffer is dropped right after.
        let bytes = Uint8Array::new(&buffer).to_vec();
        drop(buffer);
        let options = Options { format, ..Options::default() };
        let prepared = prepare_with_progress(&bytes, &options, &mut |p| {
            let progress = message(&[
                ("kind", "progress".into()),
                ("done", (p.done as f64).into()),
                ("total", (p.total as f64).into()),
            ]);
            let _ = reply.post_message(&progress);
        });
        serde_json::to_string(&prepared).map_err(|e| format!("the result could not be sent: {e}"))
    }

    /// The size of this worker's wasm memory, which only grows: its peak (for the budgets).
    fn memory_size() -> f64 {
        let buffer = Reflect::get(&wasm_bindgen::memory(), &"buffer".into()).unwrap_or_default();
        Reflect::get(&buffer, &"byteLength".into()).ok().and_then(|n| n.as_f64()).unwrap_or(0.0)
    }

    fn message(fields: &[(&str, JsValue)]) -> Object {
        let object = Object::new();
        for (name, value) in fields {
            let _ = Reflect::set(&object, &(*name).into(), value);
        }
        object
    }
}
