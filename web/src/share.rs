//! The share link: transcript, selection and view flags in the URL fragment.
//!
//! The fragment never reaches a server, so a shared transcript stays between the people who
//! hold the link. Keys: `z` (the transcript compressed with the browser's deflate-raw, then
//! base64url: the link format since links got compressed; the key is its version), `t` (the
//! transcript as base64url of its UTF-8: older links, and browsers without
//! CompressionStream), `x` (exchange index),
//! `s` (`start-end`, the selected span), `e` (an example id), `parent` (the origin of a host
//! page whose messages an embed accepts), and the flags `embed` and `typed` (the text came
//! from the text box, whose line endings the browser rewrote).

use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine as _};
use wslens_core::Span;

/// What a fragment asks for.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Shared {
    /// The transcript to load (a `z` payload's inflated).
    pub text: Option<String>,
    /// The id of a built-in example to load.
    pub example: Option<String>,
    /// The exchange to show.
    pub exchange: usize,
    /// The span to select.
    pub span: Option<Span>,
    /// Compact read-only view.
    pub embed: bool,
    /// The text was typed or pasted into the text box (line endings already rewritten).
    pub typed: bool,
    /// The origin of a host page whose `postMessage`s an embed accepts (`parent=`).
    pub parent: Option<String>,
    /// Why the fragment could not be read entirely, for the user.
    pub problem: Option<String>,
}

/// How a link carries its transcript.
#[derive(Clone, Copy, Debug)]
pub enum Payload<'a> {
    /// As text (`t`).
    Text(&'a str),
    /// Compressed with deflate-raw (`z`).
    Deflated(&'a [u8]),
}

/// Links longer than this are cut by some mail and chat programs; the share bar offers the
/// file instead.
pub const LONG_LINK: usize = 32 * 1024;

/// The most text a compressed share link may inflate to, and so the most a link made here
/// carries (past it the share bar offers only the file): enough for a capture's rebuilt text,
/// and little enough that a crafted link (deflate turns 16 KB into 16 MB of repeated lines)
/// cannot exhaust the page's memory.
pub const MAX_INFLATED: usize = 4 << 20;

/// Inflates a compressed link's transcript (raw deflate). The output never grows past
/// [`MAX_INFLATED`], whatever the data says: a payload that would is refused.
pub fn inflate(deflated: &[u8]) -> Result<Vec<u8>, String> {
    use miniz_oxide::inflate::{decompress_to_vec_with_limit, TINFLStatus};
    decompress_to_vec_with_limit(deflated, MAX_INFLATED).map_err(|e| match e.status {
        TINFLStatus::HasMoreOutput => {
            format!("it is larger than {} MiB once inflated", MAX_INFLATED >> 20)
        }
        _ => "its compressed data is damaged".to_owned(),
    })
}

/// The fragment (without `#`) for a transcript as text and a selection.
pub fn encode(text: &str, exchange: usize, span: Option<Span>, embed: bool, typed: bool) -> String {
    encode_payload(Payload::Text(text), exchange, span, embed, typed)
}

/// The fragment (without `#`) for a transcript, as text or compressed, and a selection.
pub fn encode_payload(
    payload: Payload<'_>,
    exchange: usize,
    span: Option<Span>,
    embed: bool,
    typed: bool,
) -> String {
    let mut out = String::new();
    if embed {
        out.push_str("embed&");
    }
    if typed {
        out.push_str("typed&");
    }
    match payload {
        Payload::Text(text) => {
            out.push_str("t=");
            out.push_str(&URL_SAFE_NO_PAD.encode(text.as_bytes()));
        }
        Payload::Deflated(bytes) => {
            out.push_str("z=");
            out.push_str(&URL_SAFE_NO_PAD.encode(bytes));
        }
    }
    if exchange > 0 {
        out.push_str(&format!("&x={exchange}"));
    }
    if let Some(span) = span {
        out.push_str(&format!("&s={}-{}", span.start, span.end));
    }
    out
}

/// Reads a fragment (with or without `#`); unknown keys are ignored, damaged values reported.
pub fn decode(fragment: &str) -> Shared {
    let mut shared = Shared::default();
    let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
    for pair in fragment.split('&').filter(|p| !p.is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        match key {
            "embed" => shared.embed = true,
            "typed" => shared.typed = true,
            "e" => shared.example = Some(value.to_owned()),
            "t" => match URL_SAFE_NO_PAD.decode(value.trim_end_matches('=')) {
                Ok(bytes) => shared.text = Some(String::from_utf8_lossy(&bytes).into_owned()),
                Err(e) => {
                    shared.problem = Some(format!(
                        "the shared link's transcript is damaged ({e}); was the link cut when it was copied?"
                    ));
                }
            },
            "z" => match URL_SAFE_NO_PAD.decode(value.trim_end_matches('=')) {
                Ok(deflated) => match inflate(&deflated) {
                    Ok(bytes) => shared.text = Some(String::from_utf8_lossy(&bytes).into_owned()),
                    Err(why) => {
                        shared.problem = Some(format!(
                            "the shared link's transcript could not be opened ({why})"
                        ));
                    }
                },
                Err(e) => {
                    shared.problem = Some(format!(
                        "the shared link's transcript is damaged ({e}); was the link cut when it was copied?"
                    ));
                }
            },
            "x" => shared.exchange = value.parse().unwrap_or(0),
            "parent" => match origin(value) {
                Some(origin) => shared.parent = Some(origin),
                None => {
                    shared.problem = Some(format!(
                        "the embed link's parent `{value}` is not an origin such as https://docs.example; messages from the host page are ignored"
                    ));
                }
            },
            "s" => {
                let span = value.split_once('-').and_then(|(a, b)| {
                    let (a, b) = (a.parse::<u32>().ok()?, b.parse::<u32>().ok()?);
                    (a <= b).then_some(Span { start: a, end: b })
                });
                shared.span = span;
            }
            _ => {}
        }
    }
    shared
}

/// `scheme://host[:port]`, percent-decoded, without a trailing slash; `None` for anything
/// else (a path, a query, another scheme).
fn origin(value: &str) -> Option<String> {
    let decoded = percent_decode(value)?;
    let origin = decoded.strip_suffix('/').unwrap_or(&decoded);
    let rest = origin.strip_prefix("https://").or_else(|| origin.strip_prefix("http://"))?;
    let valid = !rest.is_empty()
        && rest.bytes().all(|b| b.is_ascii_alphanumeric() || b".-:[]".contains(&b));
    valid.then(|| origin.to_owned())
}

fn percent_decode(value: &str) -> Option<String> {
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = value.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The same fragment without the embed flag: the link from an embed to the full viewer.
pub fn without_embed(fragment: &str) -> String {
    let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
    let keep = |p: &&str| *p != "embed" && !p.starts_with("parent=") && !p.is_empty();
    fragment.split('&').filter(keep).collect::<Vec<_>>().join("&")
}

/// Whether a query string (`?embed`, `?a=1&embed=1`) asks for embed mode.
pub fn query_wants_embed(query: &str) -> bool {
    let query = query.strip_prefix('?').unwrap_or(query);
    query.split('&').any(|p| p == "embed" || p.starts_with("embed="))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_keeps_text_exchange_and_selection() {
        let text = "GET / HTTP/1.1\r\nHost: é.example\r\n\r\n";
        let fragment = encode(text, 2, Some(Span { start: 4, end: 9 }), true, true);
        let shared = decode(&format!("#{fragment}"));
        assert_eq!(shared.text.as_deref(), Some(text));
        assert_eq!(shared.exchange, 2);
        assert_eq!(shared.span, Some(Span { start: 4, end: 9 }));
        assert!(shared.embed);
        assert!(shared.typed);
        assert_eq!(shared.problem, None);
    }

    #[test]
    fn compressed_links_open_inflated_and_old_links_still_open() {
        let text = "GET /chat HTTP/1.1\r\nHost: a\r\n\r\n";
        let deflated = miniz_oxide::deflate::compress_to_vec(text.as_bytes(), 9);
        let fragment = encode_payload(Payload::Deflated(&deflated), 1, None, false, true);
        assert!(fragment.starts_with("typed&z="));
        let shared = decode(&fragment);
        assert_eq!(shared.text.as_deref(), Some(text));
        assert_eq!(shared.problem, None);
        assert_eq!(shared.exchange, 1);
        // Bytes that are not deflate data are refused with a message.
        let damaged = decode(&encode_payload(Payload::Deflated(&[0xff; 8]), 0, None, false, false));
        assert_eq!(damaged.text, None);
        assert_eq!(
            damaged.problem.as_deref(),
            Some(
                "the shared link's transcript could not be opened (its compressed data is damaged)"
            )
        );
        // A link of the first format (t=, plain base64url) keeps opening.
        let old = decode("t=R0VUIC8gSFRUUC8xLjENCg0K&x=0");
        assert_eq!(old.text.as_deref(), Some("GET / HTTP/1.1\r\n\r\n"));
        assert!(decode("z=%%").problem.unwrap().contains("damaged"));
    }

    #[test]
    fn an_inflated_link_stops_at_its_limit() {
        let text = "GET /chat HTTP/1.1\r\nHost: a\r\n\r\n";
        let deflated = miniz_oxide::deflate::compress_to_vec(text.as_bytes(), 9);
        assert_eq!(inflate(&deflated).unwrap(), text.as_bytes());
        // 8 MB of status lines in about 8 KB.
        let bomb = miniz_oxide::deflate::compress_to_vec(&b"HTTP/1.1 200 OK\n".repeat(1 << 19), 10);
        assert!(bomb.len() < 16 * 1024, "{}", bomb.len());
        assert_eq!(inflate(&bomb).unwrap_err(), "it is larger than 4 MiB once inflated");
        assert_eq!(inflate(&[0xff; 8]).unwrap_err(), "its compressed data is damaged");
    }

    #[test]
    fn damaged_transcript_is_reported_not_dropped_silently() {
        let shared = decode("t=%%%&x=1");
        assert!(shared.problem.unwrap().contains("damaged"));
        assert_eq!(shared.exchange, 1);
    }

    #[test]
    fn example_and_embed_flags() {
        let shared = decode("#embed&e=wrong-accept");
        assert!(shared.embed);
        assert_eq!(shared.example.as_deref(), Some("wrong-accept"));
        assert!(query_wants_embed("?embed"));
        assert!(query_wants_embed("?x=1&embed=1"));
        assert!(!query_wants_embed("?embedded=no"));
    }

    #[test]
    fn embed_flag_is_removed_for_the_full_view() {
        assert_eq!(without_embed("#embed&t=abc&x=1"), "t=abc&x=1");
        assert_eq!(without_embed("e=wrong-accept&embed"), "e=wrong-accept");
        assert_eq!(without_embed("embed&parent=https://a.example&e=x"), "e=x");
    }

    #[test]
    fn parent_names_an_origin() {
        assert_eq!(
            decode("embed&parent=https://docs.example").parent.as_deref(),
            Some("https://docs.example")
        );
        assert_eq!(
            decode("parent=http%3A%2F%2F127.0.0.1%3A8080%2F").parent.as_deref(),
            Some("http://127.0.0.1:8080")
        );
        let bad = decode("parent=https://docs.example/page");
        assert_eq!(bad.parent, None);
        assert!(bad.problem.unwrap().contains("not an origin"));
        assert_eq!(decode("parent=javascript:alert(1)").parent, None);
    }

    #[test]
    fn a_redacted_share_link_carries_no_secret() {
        let jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NSJ9.c2lnbmF0dXJlc2VjcmV0c2ln";
        let text = format!(
            "GET /chat?access_token={jwt} HTTP/1.1\r\nHost: a.example\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\
             Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nX-Api-Key: AIzaSyA1234567890abcdefghijklmnopqrstuv\r\n\
             Cookie: sid=ghp_1234567890abcdefghijklmnopqrstuvwxAB\r\n\r\nHTTP/1.1 401 Unauthorized\r\nContent-Length: 8\r\n\r\nno {jwt}"
        );
        let report = wslens_core::inspect(text.as_bytes(), &wslens_core::Options::default());
        let redacted = wslens_core::redact(&report).text;
        let link = decode(&encode(&redacted, 0, None, false, false));
        let shared = link.text.unwrap();
        for secret in [jwt, "AIzaSyA1234567890", "ghp_1234567890"] {
            assert!(!shared.contains(secret), "{secret} in {shared}");
        }
        assert_eq!(shared, redacted);
    }

    proptest::proptest! {
        /// Any fragment at all is read without a panic, and what it gives round-trips.
        #[test]
        fn any_fragment_is_read(fragment in ".{0,300}", text in ".{0,200}", x in 0usize..5) {
            let _ = decode(&fragment);
            let _ = without_embed(&fragment);
            let _ = query_wants_embed(&fragment);
            let shared = decode(&encode(&text, x, None, false, false));
            proptest::prop_assert_eq!(shared.text.as_deref(), Some(text.as_str()));
            proptest::prop_assert_eq!(shared.exchange, x);
        }

        #[test]
        fn any_bytes_in_a_z_payload_are_read(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..300)) {
            let shared = decode(&encode_payload(Payload::Deflated(&bytes), 0, None, true, false));
            // Inflated as the page would, or said to be damaged.
            match inflate(&bytes) {
                Ok(text) => proptest::prop_assert_eq!(shared.text, Some(String::from_utf8_lossy(&text).into_owned())),
                Err(why) => proptest::prop_assert_eq!(shared.problem, Some(format!("the shared link's transcript could not be opened ({why})"))),
            }
            proptest::prop_assert!(shared.embed);
        }
    }

    #[test]
    fn reversed_span_is_ignored() {
        assert_eq!(decode("s=9-4").span, None);
    }
}
