/*!
The JS API of the npm package `wslens`: thin bindings over [`wslens_core`].

Each function checks the JavaScript types of its arguments, calls the core, and hands the
result back as a plain object. Objects cross as JSON (`serde_json` here, `JSON.parse` on the
JavaScript side), so `inspect` returns exactly what `wslens check --json` prints for the same
bytes. Nothing here knows anything about WebSockets: every decision is the core's.

No function throws for any string or bytes; a wrong argument type is a `TypeError` that names
the function and the argument. The package's wrappers (`npm/`) add the `version` and
`schemaVersion` constants and the TypeScript declarations.
*/
#![deny(missing_docs)]
#![forbid(unsafe_code)]

use js_sys::{ArrayBuffer, Reflect, TypeError, Uint8Array, JSON};
use serde::Serialize;
use wasm_bindgen::prelude::*;
use wslens_core::{Format, Options};

/// Checks a handshake: a raw transcript, `curl -v` output, a curl command, a HAR export or a
/// pcap/pcapng capture (detected as the CLI does), given as a string or as bytes.
///
/// `options` may set `format` (`"auto"`, `"raw"`, `"curl"`, `"curl-command"`, `"har"`,
/// `"pcap"`, `"error"`), `lineEndingsLost` (the text came through a `<textarea>` or HTML, which rewrote
/// CRLF into LF), `allExchanges` (detail every exchange, past the first 1,000 too) and `name`
/// (echoed as `report.source.name`).
#[wasm_bindgen(skip_typescript)]
pub fn inspect(input: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
    let bytes = input_bytes("inspect", &input)?;
    let options = read_options("inspect", &options)?;
    to_js(&wslens_core::inspect(&bytes, &options))
}

/// The transcript's text with its secrets replaced (cookies, credentials, API keys, tokens of
/// known shapes, a refusal's body), as share links use it; the redacted text gives the same
/// verdicts and finding codes. Besides `inspect`'s options, `bodies: false` keeps request and
/// refusal bodies (their tokens still go) and `hosts: true` replaces host names, addresses and ports.
#[wasm_bindgen(skip_typescript)]
pub fn redact(input: JsValue, options: JsValue) -> Result<String, JsValue> {
    let bytes = input_bytes("redact", &input)?;
    let inspect_options = read_options("redact", &options)?;
    let mut redact_options = wslens_core::RedactOptions::default();
    if options.is_object() {
        redact_options.bodies = flag("redact", &options, "bodies", redact_options.bodies)?;
        redact_options.hosts = flag("redact", &options, "hosts", redact_options.hosts)?;
    }
    let report = wslens_core::inspect(&bytes, &inspect_options);
    Ok(wslens_core::redact_with(&report, &redact_options).text)
}

/// A boolean option, `default` when absent.
fn flag(function: &str, options: &JsValue, name: &str, default: bool) -> Result<bool, JsValue> {
    let value = Reflect::get(options, &JsValue::from_str(name)).unwrap_or_default();
    if value.is_undefined() {
        return Ok(default);
    }
    value.as_bool().ok_or_else(|| {
        type_error(&format!(
            "{function}: options.{name} must be a boolean, got {}",
            describe(&value)
        ))
    })
}

/// `Sec-WebSocket-Accept` for a `Sec-WebSocket-Key`.
#[wasm_bindgen(js_name = acceptKey, skip_typescript)]
pub fn accept_key(key: JsValue) -> Result<String, JsValue> {
    Ok(wslens_core::accept_key(&string_arg("acceptKey", "key", &key)?))
}

/// Every step of the accept computation, for teaching.
#[wasm_bindgen(js_name = acceptSteps, skip_typescript)]
pub fn accept_steps(key: JsValue) -> Result<JsValue, JsValue> {
    to_js(&wslens_core::accept_steps(&string_arg("acceptSteps", "key", &key)?))
}

/// The knowledge base's entry for a header name (any casing), or `null`.
#[wasm_bindgen(js_name = explainHeader, skip_typescript)]
pub fn explain_header(name: JsValue) -> Result<JsValue, JsValue> {
    match wslens_core::explain(&string_arg("explainHeader", "name", &name)?) {
        Some(doc) => to_js(doc),
        None => Ok(JsValue::NULL),
    }
}

/// Every rule, in code order.
#[wasm_bindgen(skip_typescript)]
pub fn rules() -> Result<JsValue, JsValue> {
    to_js(wslens_core::rules())
}

/// Every header of the knowledge base.
#[wasm_bindgen(js_name = headerDocs, skip_typescript)]
pub fn header_docs() -> Result<JsValue, JsValue> {
    to_js(wslens_core::header_docs())
}

/// The package's version (the crates' version).
#[wasm_bindgen(js_name = packageVersion, skip_typescript)]
pub fn package_version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}

/// The report's `schemaVersion`.
#[wasm_bindgen(js_name = schemaVersion, skip_typescript)]
pub fn schema_version() -> u32 {
    wslens_core::SCHEMA_VERSION
}

/// The input as bytes: a string (as UTF-8), a `Uint8Array` (Node's `Buffer` too) or an
/// `ArrayBuffer`.
fn input_bytes(function: &str, input: &JsValue) -> Result<Vec<u8>, JsValue> {
    if let Some(text) = input.as_string() {
        Ok(text.into_bytes())
    } else if let Some(bytes) = input.dyn_ref::<Uint8Array>() {
        Ok(bytes.to_vec())
    } else if let Some(buffer) = input.dyn_ref::<ArrayBuffer>() {
        Ok(Uint8Array::new(buffer).to_vec())
    } else {
        Err(type_error(&format!(
            "{function}: input must be a string or a Uint8Array, got {}",
            describe(input)
        )))
    }
}

/// Reads the options object; `undefined` and `null` mean the defaults.
fn read_options(function: &str, options: &JsValue) -> Result<Options, JsValue> {
    let mut out = Options::default();
    if options.is_undefined() || options.is_null() {
        return Ok(out);
    }
    if !options.is_object() || options.is_function() || js_sys::Array::is_array(options) {
        return Err(type_error(&format!(
            "{function}: options must be an object, got {}",
            describe(options)
        )));
    }
    let field = |name: &str| Reflect::get(options, &JsValue::from_str(name)).unwrap_or_default();
    let format = field("format");
    if !format.is_undefined() {
        let named = format.as_string().and_then(|name| Format::from_name(&name));
        out.format = named.ok_or_else(|| {
            let names: Vec<&str> = Format::ALL.iter().map(|f| f.as_str()).collect();
            type_error(&format!(
                "{function}: options.format must be one of {}, got {}",
                names.join(", "),
                describe(&format)
            ))
        })?;
    }
    out.line_endings_lost = flag(function, options, "lineEndingsLost", false)?;
    out.all_exchanges = flag(function, options, "allExchanges", false)?;
    let name = field("name");
    if !name.is_undefined() && !name.is_null() {
        out.name = Some(name.as_string().ok_or_else(|| {
            type_error(&format!(
                "{function}: options.name must be a string, got {}",
                describe(&name)
            ))
        })?);
    }
    Ok(out)
}

fn string_arg(function: &str, argument: &str, value: &JsValue) -> Result<String, JsValue> {
    value.as_string().ok_or_else(|| {
        type_error(&format!("{function}: {argument} must be a string, got {}", describe(value)))
    })
}

/// Hands a serialisable value to JavaScript as a plain object, through JSON so that it is
/// the CLI's `--json` field for field (`null` for `None`, camelCase names).
fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
    let json = serde_json::to_string(value).map_err(|e| {
        js_sys::Error::new(&format!("wslens: the result could not be encoded: {e}"))
    })?;
    JSON::parse(&json)
}

fn type_error(message: &str) -> JsValue {
    TypeError::new(message).into()
}

/// A value's type as a message names it: `null`, `array`, or what `typeof` says (with the
/// value, for a string).
fn describe(value: &JsValue) -> String {
    if value.is_null() {
        "null".into()
    } else if js_sys::Array::is_array(value) {
        "an array".into()
    } else if let Some(text) = value.as_string() {
        let shown: String = text.chars().take(40).collect();
        format!("the string {shown:?}")
    } else {
        value.js_typeof().as_string().unwrap_or_else(|| "a value of unknown type".into())
    }
}
