//! The few browser APIs the viewer touches, in one place. Natively (unit tests) the calls
//! that only make sense in a page do nothing.

#[cfg(target_arch = "wasm32")]
mod imp {
    use wasm_bindgen_futures::JsFuture;

    fn window() -> Option<web_sys::Window> {
        web_sys::window()
    }

    /// `performance.mark(name)`, for the budgets script.
    pub fn mark(name: &str) {
        if let Some(p) = window().and_then(|w| w.performance()) {
            let _ = p.mark(name);
        }
    }

    /// `performance.measure(name, start)`.
    pub fn measure(name: &str, start: &str) {
        if let Some(p) = window().and_then(|w| w.performance()) {
            let _ = p.measure_with_start_mark(name, start);
        }
    }

    /// The location's fragment, without `#`.
    pub fn fragment() -> String {
        let hash = window().and_then(|w| w.location().hash().ok()).unwrap_or_default();
        hash.strip_prefix('#').map(str::to_owned).unwrap_or(hash)
    }

    /// The location's query, with `?`.
    pub fn query() -> String {
        window().and_then(|w| w.location().search().ok()).unwrap_or_default()
    }

    /// The page's address without its fragment.
    pub fn address() -> String {
        let href = window().and_then(|w| w.location().href().ok()).unwrap_or_default();
        href.split('#').next().unwrap_or_default().to_owned()
    }

    /// Replaces the fragment without a navigation or a history entry.
    pub fn replace_fragment(fragment: &str) {
        if let Some(w) = window() {
            if let Ok(history) = w.history() {
                let url = format!("#{fragment}");
                let _ =
                    history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
            }
        }
    }

    /// Writes text to the clipboard; the promise is not awaited (failure just means no copy).
    pub fn copy(text: &str) {
        if let Some(w) = window() {
            let _ = w.navigator().clipboard().write_text(text);
        }
    }

    /// 16 random bytes from the browser's crypto, for a fresh key.
    pub fn random_nonce() -> Option<[u8; 16]> {
        let crypto = window()?.crypto().ok()?;
        let mut nonce = [0u8; 16];
        crypto.get_random_values_with_u8_array(&mut nonce).ok()?;
        Some(nonce)
    }

    /// Reads the first `n` bytes of a file (fewer when it is shorter, none when it cannot be
    /// read).
    pub async fn read_start(file: &web_sys::File, n: i32) -> Vec<u8> {
        let Ok(start) = file.slice_with_i32_and_i32(0, n) else { return Vec::new() };
        match JsFuture::from(start.array_buffer()).await {
            Ok(buffer) => js_sys::Uint8Array::new(&buffer).to_vec(),
            Err(_) => Vec::new(),
        }
    }

    /// A file holding these bytes, to hand to the worker.
    pub fn file_of(bytes: &[u8], name: &str) -> Option<web_sys::File> {
        let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
        web_sys::File::new_with_u8_array_sequence(&parts, name).ok()
    }

    /// Reads a whole file.
    pub async fn read(file: web_sys::File) -> Result<Vec<u8>, String> {
        let buffer = JsFuture::from(file.array_buffer())
            .await
            .map_err(|e| format!("{} could not be read: {e:?}", file.name()))?;
        Ok(js_sys::Uint8Array::new(&buffer).to_vec())
    }

    thread_local! {
        /// The worker job under way and its message handler: a new job ends the previous one.
        static JOB: std::cell::RefCell<Option<(web_sys::Worker, Closure)>> =
            const { std::cell::RefCell::new(None) };
    }

    type Closure = wasm_bindgen::closure::Closure<dyn FnMut(web_sys::MessageEvent)>;

    /// What the worker says about a job.
    pub enum WorkerNews {
        /// Bytes read out of the file's size.
        Progress { done: f64, total: f64 },
        /// The prepared input, as JSON.
        Done(String),
        /// Why the job failed.
        Failed(String),
    }

    /// Reads `file` as `format` (its JSON name) in a new worker (`wslens-worker`), which
    /// ends with the job, so the memory that held the file goes back to the system. Returns
    /// false when no worker could be started.
    pub fn prepare_in_worker(
        file: &web_sys::File,
        format: &str,
        mut news: impl FnMut(WorkerNews) + 'static,
    ) -> bool {
        use wasm_bindgen::JsCast;
        // The single-file build has no file to load the worker from: it puts one in a blob
        // and names it in `window.wslensWorkerUrl`.
        let url = window()
            .and_then(|w| js_sys::Reflect::get(&w, &"wslensWorkerUrl".into()).ok())
            .and_then(|u| u.as_string())
            .unwrap_or_else(|| "./wslens-worker_loader.js".into());
        let Ok(worker) = web_sys::Worker::new(&url) else { return false };
        let message = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&message, &"file".into(), file);
        let _ = js_sys::Reflect::set(&message, &"format".into(), &format.into());
        let handle = worker.clone();
        let onmessage = Closure::new(move |event: web_sys::MessageEvent| {
            let data = event.data();
            let get = |name: &str| js_sys::Reflect::get(&data, &name.into()).unwrap_or_default();
            let kind = get("kind").as_string().unwrap_or_default();
            let finished = match kind.as_str() {
                // Messages sent before the worker's wasm has started would be lost: the job
                // goes out when the worker says it listens.
                "ready" => {
                    if handle.post_message(&message).is_err() {
                        news(WorkerNews::Failed("the file could not be sent to the worker".into()));
                        handle.terminate();
                    }
                    false
                }
                "progress" => {
                    let done = get("done").as_f64().unwrap_or(0.0);
                    let total = get("total").as_f64().unwrap_or(0.0);
                    news(WorkerNews::Progress { done, total });
                    false
                }
                "done" => {
                    // For web/budgets.mjs: the worker's memory at its peak.
                    if let Some(w) = window() {
                        let _ =
                            js_sys::Reflect::set(&w, &"wslensWorkerMemory".into(), &get("memory"));
                    }
                    news(WorkerNews::Done(get("prepared").as_string().unwrap_or_default()));
                    true
                }
                _ => {
                    let why = get("message").as_string();
                    news(WorkerNews::Failed(why.unwrap_or_else(|| "the worker failed".into())));
                    true
                }
            };
            if finished {
                handle.terminate();
            }
        });
        worker.set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
        // An error event (the worker's script or wasm did not load) carries no `data`, so
        // the same handler reports it as a failure.
        worker.set_onerror(Some(onmessage.as_ref().unchecked_ref()));
        JOB.with(|job| {
            if let Some((previous, _)) = job.replace(Some((worker, onmessage))) {
                previous.terminate();
            }
        });
        true
    }

    /// Where to answer a host page's message: the window that sent it, and its origin.
    pub struct Reply {
        source: wasm_bindgen::JsValue,
        /// The sender's origin, which the answer is addressed to.
        pub origin: String,
    }

    /// A host page's message to an embed.
    pub struct HostMessage {
        /// Where to answer.
        pub reply: Reply,
        /// Its `type`.
        pub kind: String,
        /// Its `text`, if a string.
        pub text: Option<String>,
    }

    /// Calls `handler` with every message posted to this window, for the page's lifetime.
    pub fn on_host_message(handler: impl Fn(HostMessage) + 'static) {
        use wasm_bindgen::JsCast;
        let Some(w) = window() else { return };
        let listener = wasm_bindgen::closure::Closure::<dyn Fn(web_sys::MessageEvent)>::new(
            move |event: web_sys::MessageEvent| {
                let data = event.data();
                let get = |name: &str| js_sys::Reflect::get(&data, &name.into()).ok();
                let kind = get("type").and_then(|v| v.as_string()).unwrap_or_default();
                let text = get("text").and_then(|v| v.as_string());
                let source = event.source().map(wasm_bindgen::JsValue::from).unwrap_or_default();
                handler(HostMessage {
                    reply: Reply { source, origin: event.origin() },
                    kind,
                    text,
                });
            },
        );
        let _ = w.add_event_listener_with_callback("message", listener.as_ref().unchecked_ref());
        listener.forget();
    }

    /// Posts `message` (JSON text, parsed into an object) back to the window a message came from.
    pub fn answer(reply: &Reply, message: &str) {
        use wasm_bindgen::JsCast;
        let Ok(data) = js_sys::JSON::parse(message) else { return };
        let post = js_sys::Reflect::get(&reply.source, &"postMessage".into())
            .ok()
            .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
        if let Some(post) = post {
            let _ = post.call2(&reply.source, &data, &reply.origin.as_str().into());
        }
    }

    /// Posts `message` (JSON text) to the parent window, addressed to `origin`.
    pub fn tell_parent(message: &str, origin: &str) {
        let Some(w) = window() else { return };
        let Ok(Some(parent)) = w.parent() else { return };
        if parent == w {
            return;
        }
        if let Ok(data) = js_sys::JSON::parse(message) {
            let _ = parent.post_message(&data, origin);
        }
    }

    /// Compresses bytes with the browser's `CompressionStream("deflate-raw")`. (Links are
    /// inflated in Rust, `share::inflate`, which can stop at a limit.)
    pub async fn deflate_raw(bytes: &[u8]) -> Result<Vec<u8>, String> {
        use js_sys::{Array, Function, Reflect, Uint8Array};
        use wasm_bindgen::JsCast;
        let class = "CompressionStream";
        let fail = |e: wasm_bindgen::JsValue| format!("{class} failed: {e:?}");
        let ctor: Function = Reflect::get(&js_sys::global(), &class.into())
            .map_err(fail)?
            .dyn_into()
            .map_err(|_| format!("this browser has no {class}"))?;
        let codec = Reflect::construct(&ctor, &Array::of1(&"deflate-raw".into())).map_err(fail)?;
        let blob = web_sys::Blob::new_with_u8_array_sequence(&Array::of1(&Uint8Array::from(bytes)))
            .map_err(fail)?;
        let stream = blob.stream();
        let pipe: Function =
            Reflect::get(&stream, &"pipeThrough".into()).map_err(fail)?.unchecked_into();
        let piped: web_sys::ReadableStream =
            pipe.call1(&stream, &codec).map_err(fail)?.unchecked_into();
        let response =
            web_sys::Response::new_with_opt_readable_stream(Some(&piped)).map_err(fail)?;
        let buffer = JsFuture::from(response.array_buffer().map_err(fail)?).await.map_err(fail)?;
        Ok(Uint8Array::new(&buffer).to_vec())
    }

    /// Offers `text` as a file download named `name`.
    pub fn download(text: &str, name: &str) {
        use wasm_bindgen::JsCast;
        let Some(document) = window().and_then(|w| w.document()) else { return };
        let parts = js_sys::Array::of1(&text.into());
        let Ok(blob) = web_sys::Blob::new_with_str_sequence(&parts) else { return };
        let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else { return };
        if let Ok(a) = document.create_element("a") {
            let a: web_sys::HtmlAnchorElement = a.unchecked_into();
            a.set_href(&url);
            a.set_download(name);
            a.click();
        }
        let _ = web_sys::Url::revoke_object_url(&url);
    }

    /// The build's id, which `scripts/stamp-build.mjs` writes into the page.
    pub fn build_id() -> Option<String> {
        let document = window()?.document()?;
        let meta = document.query_selector("meta[name=wslens-build]").ok()??;
        meta.get_attribute("content")
    }

    /// This page's origin.
    pub fn origin() -> String {
        window().and_then(|w| w.location().origin().ok()).unwrap_or_default()
    }

    /// The text of a paste event, before the browser puts it in the box.
    pub fn pasted_text(event: &web_sys::Event) -> Option<String> {
        use wasm_bindgen::JsCast;
        let data = event.dyn_ref::<web_sys::ClipboardEvent>()?.clipboard_data()?;
        data.get_data("text/plain").ok()
    }

    /// Registers the service worker that keeps the viewer working offline (served pages
    /// only: a page opened from a file has no origin to cache for).
    pub fn register_service_worker() {
        let served = window()
            .and_then(|w| w.location().protocol().ok())
            .is_some_and(|p| p == "http:" || p == "https:");
        if let Some(w) = window().filter(|_| served) {
            let container = w.navigator().service_worker();
            let _ = container.register("sw.js");
        }
    }

    /// Scrolls the selection (the first `mark` inside `view`) into view, as little as
    /// needed: the page too, or, when `contained`, only `view`'s own scroll box.
    pub fn reveal_selection(view: &yew::NodeRef, contained: bool) {
        let Some(view) = view.cast::<web_sys::Element>() else { return };
        let Ok(Some(mark)) = view.query_selector("mark") else { return };
        if contained {
            let (outer, inner) = (view.get_bounding_client_rect(), mark.get_bounding_client_rect());
            let below = inner.bottom() - outer.bottom();
            let above = inner.top() - outer.top();
            let scroll = view.scroll_top() as f64;
            if below > 0.0 {
                view.set_scroll_top((scroll + below + 8.0) as i32);
            } else if above < 0.0 {
                view.set_scroll_top((scroll + above - 8.0) as i32);
            }
        } else {
            let options = web_sys::ScrollIntoViewOptions::new();
            options.set_block(web_sys::ScrollLogicalPosition::Nearest);
            mark.scroll_into_view_with_scroll_into_view_options(&options);
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
#[allow(clippy::missing_const_for_fn, dead_code)]
mod imp {
    pub fn mark(_: &str) {}
    pub fn measure(_: &str, _: &str) {}
    pub fn fragment() -> String {
        String::new()
    }
    pub fn query() -> String {
        String::new()
    }
    pub fn address() -> String {
        String::new()
    }
    pub fn replace_fragment(_: &str) {}
    pub fn copy(_: &str) {}
    pub fn random_nonce() -> Option<[u8; 16]> {
        None
    }
    pub async fn read(_: web_sys::File) -> Result<Vec<u8>, String> {
        Err("files are read in the browser only".into())
    }
    pub async fn read_start(_: &web_sys::File, _: i32) -> Vec<u8> {
        Vec::new()
    }
    pub fn file_of(_: &[u8], _: &str) -> Option<web_sys::File> {
        None
    }
    pub fn register_service_worker() {}
    pub fn pasted_text(_: &web_sys::Event) -> Option<String> {
        None
    }
    pub struct Reply {
        pub origin: String,
    }
    pub struct HostMessage {
        pub reply: Reply,
        pub kind: String,
        pub text: Option<String>,
    }
    pub fn on_host_message(_: impl Fn(HostMessage) + 'static) {}
    pub fn answer(_: &Reply, _: &str) {}
    pub fn tell_parent(_: &str, _: &str) {}
    pub fn origin() -> String {
        String::new()
    }
    pub fn build_id() -> Option<String> {
        None
    }
    pub async fn deflate_raw(_: &[u8]) -> Result<Vec<u8>, String> {
        Err("no browser".into())
    }
    pub fn download(_: &str, _: &str) {}
    pub fn reveal_selection(_: &yew::NodeRef, _: bool) {}
    pub enum WorkerNews {
        Progress { done: f64, total: f64 },
        Done(String),
        Failed(String),
    }
    pub fn prepare_in_worker(_: &web_sys::File, _: &str, _: impl FnMut(WorkerNews)) -> bool {
        false
    }
}

pub use imp::*;
