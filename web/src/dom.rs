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

    /// Reads a whole file.
    pub async fn read(file: web_sys::File) -> Result<Vec<u8>, String> {
        let buffer = JsFuture::from(file.array_buffer())
            .await
            .map_err(|e| format!("{} could not be read: {e:?}", file.name()))?;
        Ok(js_sys::Uint8Array::new(&buffer).to_vec())
    }

    /// Registers the service worker that keeps the viewer working offline.
    pub fn register_service_worker() {
        if let Some(w) = window() {
            let container = w.navigator().service_worker();
            let _ = container.register("sw.js");
        }
    }

    /// Scrolls the element with this id into view, as little as needed.
    pub fn reveal(id: &str) {
        let element = window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(id));
        if let Some(element) = element {
            let options = web_sys::ScrollIntoViewOptions::new();
            options.set_block(web_sys::ScrollLogicalPosition::Nearest);
            element.scroll_into_view_with_scroll_into_view_options(&options);
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
    pub fn register_service_worker() {}
    pub fn reveal(_: &str) {}
}

pub use imp::*;
