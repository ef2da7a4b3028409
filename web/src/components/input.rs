//! The input: the transcript box (analysed after a pause in typing), the examples menu, the
//! format picker and the file picker. Dropping a file anywhere on the page works too
//! (see `app.rs`).

use web_sys::{HtmlInputElement, HtmlSelectElement};
use wslens_core::Format;
use yew::prelude::*;

use super::{
    editor::{TranscriptEditor, MAX_EDITABLE},
    use_viewer, ViewerContext,
};
use crate::{
    dom,
    samples::EXAMPLES,
    state::{Action, WORKER_FROM_BYTES},
};

const FORMATS: &[(Format, &str)] = &[
    (Format::Auto, "Detect format"),
    (Format::Raw, "Raw HTTP"),
    (Format::Curl, "curl -v"),
    (Format::CurlCommand, "curl command"),
    (Format::Har, "HAR"),
    (Format::Pcap, "pcap / pcapng"),
    (Format::Error, "client error message"),
];

/// Reads a file into the viewer: packet captures and large files in the worker (the page
/// keeps drawing and shows how far it is; only the worker's wasm has the pcap reader), small
/// text files here.
pub fn load_file(viewer: ViewerContext, file: web_sys::File) {
    yew::platform::spawn_local(async move {
        let head = dom::read_start(&file, 4).await;
        let capture = wslens_core::is_packet_capture(&head);
        let format = viewer.format;
        if (capture || file.size() >= WORKER_FROM_BYTES) && read_in_worker(&viewer, &file, format) {
            return;
        }
        let name = file.name();
        match dom::read(file).await {
            Ok(bytes) => viewer.dispatch(Action::Load { bytes, file: Some(name) }),
            Err(why) => viewer.dispatch(Action::LoadFailed(why)),
        }
    });
}

/// Sends a large file to the worker as `format`; false when no worker could start.
fn read_in_worker(viewer: &ViewerContext, file: &web_sys::File, format: Format) -> bool {
    let (name, size, total) = (file.name(), file.size() as usize, file.size());
    viewer.dispatch(Action::Progress { name: name.clone(), done: 0.0, total });
    let (handle, sent) = (viewer.clone(), file.clone());
    let started = dom::prepare_in_worker(file, format.as_str(), move |news| match news {
        dom::WorkerNews::Progress { done, total } => {
            handle.dispatch(Action::Progress { name: name.clone(), done, total });
        }
        dom::WorkerNews::Done(json) => match serde_json::from_str(&json) {
            Ok(prepared) => {
                handle.dispatch(Action::Prepared { prepared, file: sent.clone(), size });
            }
            Err(e) => {
                handle.dispatch(Action::LoadFailed(format!("{name} could not be read: {e}")));
            }
        },
        dom::WorkerNews::Failed(why) => {
            handle.dispatch(Action::LoadFailed(format!("{name} could not be read: {why}")));
        }
    });
    if !started {
        viewer.dispatch(Action::LoadFailed(String::new()));
    }
    started
}

/// The input pane.
#[component]
pub fn InputPane() -> Html {
    let viewer = use_viewer();
    let on_example = {
        let viewer = viewer.clone();
        Callback::from(move |e: Event| {
            let select = e.target_unchecked_into::<HtmlSelectElement>();
            if let Some(example) = EXAMPLES.iter().find(|x| x.id == select.value()) {
                viewer.dispatch(Action::Load { bytes: example.bytes.to_vec(), file: None });
            }
            select.set_value("");
        })
    };
    let on_format = {
        let viewer = viewer.clone();
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<HtmlSelectElement>().value();
            if let Some((format, _)) = FORMATS.iter().find(|(f, _)| f.as_str() == value) {
                // A file read in the worker is read there again, and only the worker reads
                // packet captures.
                let file = viewer.worker_file.clone().or_else(|| {
                    let bytes = viewer.bytes.as_ref().filter(|_| *format == Format::Pcap)?;
                    let name = viewer.file.as_ref().map_or("input", |f| f.name.as_str());
                    dom::file_of(bytes, name)
                });
                viewer.dispatch(Action::SetFormat(*format));
                if let Some(file) = file {
                    if !read_in_worker(&viewer, &file, *format) {
                        viewer.dispatch(Action::LoadFailed("packet captures are read in a web worker, which this page could not start".into()));
                    }
                }
            }
        })
    };
    let on_file = {
        let viewer = viewer.clone();
        Callback::from(move |e: Event| {
            let input = e.target_unchecked_into::<HtmlInputElement>();
            if let Some(file) = input.files().and_then(|files| files.get(0)) {
                load_file(viewer.clone(), file);
            }
            input.set_value("");
        })
    };
    let status = if let Some(loading) = &viewer.loading {
        format!(
            "reading {} in the background: {:.0}%",
            loading.name,
            100.0 * loading.done / loading.total.max(1.0)
        )
    } else if viewer.pending {
        "analysing…".to_owned()
    } else {
        let s = &viewer.report.summary;
        format!(
            "{} · {} · {}",
            wslens_core::counted(s.exchanges as usize, "exchange", "exchanges"),
            wslens_core::counted(s.errors as usize, "error", "errors"),
            wslens_core::counted(s.warnings as usize, "warning", "warnings")
        )
    };
    html! {
        <section class="input" aria-label="Input">
            <div class="toolbar">
                <label class="sr-only" for="examples">{ "Load an example" }</label>
                <select id="examples" data-testid="examples" onchange={on_example}>
                    <option value="" selected=true>{ "Examples…" }</option>
                    { for EXAMPLES.iter().map(|x| html! { <option value={x.id}>{ x.label }</option> }) }
                </select>
                <label class="sr-only" for="format">{ "Input format" }</label>
                <select id="format" data-testid="format" onchange={on_format}>
                    { for FORMATS.iter().map(|(f, label)| html! {
                        <option value={f.as_str()} selected={*f == viewer.format}>{ *label }</option>
                    }) }
                </select>
                // The input comes first so that its keyboard focus can show on the label.
                <input id="file" type="file" class="sr-only" data-testid="file-input" onchange={on_file}
                    accept=".txt,.log,.har,.json,.pcap,.pcapng,.cap,text/plain,application/json" />
                <label class="file button" for="file">{ "Open file…" }</label>
            </div>
            <label for="transcript" class="label">
                { "Paste a handshake (request, then response), curl -v output or a Copy as cURL command, or drop a HAR / pcap file anywhere" }
            </label>
            <TranscriptEditor id="transcript" />
            if viewer.input.len() > MAX_EDITABLE {
                <p class="status" data-testid="too-big">
                    { format!("The text ({} KB) is too large to edit here; the analysis covers all of it. Typing in the box starts a new transcript.", viewer.input.len() / 1024) }
                </p>
            }
            if let Some(loading) = &viewer.loading {
                <progress data-testid="progress" max={loading.total.to_string()} value={loading.done.to_string()}
                    aria-label={format!("Reading {}", loading.name)} />
            }
            <p class="status" role="status" aria-live="polite">{ status }</p>
        </section>
    }
}
