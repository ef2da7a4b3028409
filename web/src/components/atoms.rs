//! Small shared pieces: severity marks, RFC links, copy buttons.

use wslens_core::{rfc_url, Severity};
use yew::prelude::*;

use crate::dom;

/// The CSS class and symbol of a severity (or of "nothing found").
pub fn severity_look(severity: Option<Severity>) -> (&'static str, &'static str, &'static str) {
    match severity {
        Some(Severity::Error) => ("sev-error", "✗", "error"),
        Some(Severity::Warning) => ("sev-warning", "⚠", "warning"),
        Some(Severity::Info) => ("sev-info", "ℹ", "info"),
        None => ("sev-ok", "✓", "ok"),
    }
}

#[derive(Properties, PartialEq)]
pub struct SeverityMarkProps {
    pub severity: Option<Severity>,
}

/// ✓ / ℹ / ⚠ / ✗ with a text alternative.
#[component]
pub fn SeverityMark(props: &SeverityMarkProps) -> Html {
    let (class, symbol, word) = severity_look(props.severity);
    html! { <span class={classes!("mark", class)} role="img" aria-label={word} title={word}>{ symbol }</span> }
}

#[derive(Properties, PartialEq)]
pub struct RfcLinkProps {
    /// For example `RFC 6455 §4.1`.
    pub rfc: AttrValue,
}

/// A link to the clause on rfc-editor.org (opened only when clicked).
#[component]
pub fn RfcLink(props: &RfcLinkProps) -> Html {
    let href = rfc_url(&props.rfc);
    html! { <a class="rfc" href={href} target="_blank" rel="noopener noreferrer">{ props.rfc.clone() }</a> }
}

/// At most `max` bytes of `text` (cut on a character boundary), with how much was left out:
/// a value of a megabyte in a table cell takes the browser seconds to lay out.
pub fn clipped(text: &str, max: usize) -> String {
    if text.len() <= max {
        return text.to_owned();
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}… ({} KB more, in the transcript)", &text[..end], (text.len() - end).div_ceil(1024))
}

/// A message with its `quoted` parts (header values, tokens) shown as code, as the CLI
/// shows them between backticks.
pub fn rich_text(text: &str) -> Html {
    let parts = text.split('`').enumerate().map(|(i, part)| {
        if i % 2 == 1 {
            html! { <code>{ part.to_owned() }</code> }
        } else {
            html! { <>{ part.to_owned() }</> }
        }
    });
    html! { <>{ for parts }</> }
}

#[derive(Properties, PartialEq)]
pub struct CopyButtonProps {
    pub text: AttrValue,
    #[prop_or(AttrValue::Static("Copy"))]
    pub label: AttrValue,
}

/// Copies `text` and says so for a moment.
#[component]
pub fn CopyButton(props: &CopyButtonProps) -> Html {
    let copied = use_state_eq(|| false);
    let onclick = {
        let text = props.text.clone();
        let copied = copied.clone();
        Callback::from(move |_| {
            dom::copy(&text);
            copied.set(true);
        })
    };
    html! {
        <button type="button" class="copy" {onclick}>
            { if *copied { AttrValue::Static("Copied") } else { props.label.clone() } }
        </button>
    }
}
