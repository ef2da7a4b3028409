//! The viewer's worker: reads a large capture off the page's thread.
//!
//! Once listening it says `{ kind: "ready" }`; then it receives `{ file, format }`, reads the
//! file (a packet capture piece by piece into `wslens_core::CaptureReader`, so the worker never
//! holds the whole file; anything else whole, through `wslens_core::prepare_with_progress`: the
//! step whose cost grows with the file) and answers with
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
    use wslens_core::{is_packet_capture, prepare_with_progress, CaptureReader, Format, Options};

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
        let progress = |done: f64, total: f64| {
            let progress = message(&[
                ("kind", "progress".into()),
                ("done", done.into()),
                ("total", total.into()),
            ]);
            let _ = reply.post_message(&progress);
        };
        let head = read(&file, 0.0, 4.0).await?;
        if format == Format::Pcap || (format == Format::Auto && is_packet_capture(&head)) {
            // A capture is read piece by piece: the worker never holds the whole file.
            let total = file.size();
            let mut capture = CaptureReader::new();
            let mut at = 0.0;
            while at < total {
                let end = (at + CHUNK).min(total);
                capture.feed(&read(&file, at, end).await?);
                at = end;
                progress(at, total);
            }
            let prepared = capture.finish();
            return serde_json::to_string(&prepared)
                .map_err(|e| format!("the result could not be sent: {e}"));
        }
        let bytes = read(&file, 0.0, file.size()).await?;
        let options = Options { format, ..Options::default() };
        let prepared = prepare_with_progress(&bytes, &options, &mut |p| {
            progress(p.done as f64, p.total as f64);
        });
        serde_json::to_string(&prepared).map_err(|e| format!("the result could not be sent: {e}"))
    }

    /// Bytes of a capture read at a time.
    const CHUNK: f64 = 4.0 * 1024.0 * 1024.0;

    /// The bytes `start..end` of a file, copied into this worker's memory.
    async fn read(file: &File, start: f64, end: f64) -> Result<Vec<u8>, String> {
        let slice = file
            .slice_with_f64_and_f64(start, end)
            .map_err(|e| format!("{} could not be read: {e:?}", file.name()))?;
        let buffer = wasm_bindgen_futures::JsFuture::from(slice.array_buffer())
            .await
            .map_err(|e| format!("{} could not be read: {e:?}", file.name()))?;
        Ok(Uint8Array::new(&buffer).to_vec())
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
