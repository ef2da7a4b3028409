//! HAR 1.2 (Chrome and Firefox DevTools exports, Playwright's `recordHar`).
//!
//! A HAR records header names and values, not message bytes, so this reader rebuilds an
//! HTTP/1.1 text view of every WebSocket handshake in it; the rest of the pipeline reads that
//! view like a pasted transcript, and every span points into it.
//! Facts the HAR keeps outside the headers (a failure the browser recorded, the messages
//! exchanged afterwards) travel beside the text as [`EntryFacts`].

use std::{borrow::Cow, fmt::Write as _};

use serde::{
    de::{SeqAccess, Visitor},
    Deserialize, Deserializer,
};

use crate::prepared::EntryFacts;
use crate::report::{Direction, MessageLog, WsMessage};

#[derive(Deserialize)]
struct Har<'a> {
    #[serde(borrow)]
    log: Log<'a>,
}

#[derive(Deserialize)]
struct Log<'a> {
    #[serde(borrow, default)]
    entries: Vec<Entry<'a>>,
}

#[derive(Deserialize)]
struct Entry<'a> {
    #[serde(borrow)]
    request: Request<'a>,
    #[serde(borrow, default)]
    response: Option<Response<'a>>,
    #[serde(rename = "_resourceType", borrow, default)]
    resource_type: Option<Cow<'a, str>>,
    #[serde(rename = "_webSocketMessages", borrow, default)]
    messages: Option<Messages<'a>>,
}

#[derive(Deserialize)]
struct Request<'a> {
    #[serde(borrow)]
    method: Cow<'a, str>,
    #[serde(borrow)]
    url: Cow<'a, str>,
    #[serde(rename = "httpVersion", borrow, default)]
    http_version: Cow<'a, str>,
    #[serde(borrow, default)]
    headers: Vec<NameValue<'a>>,
}

#[derive(Deserialize)]
struct Response<'a> {
    #[serde(default)]
    status: f64,
    #[serde(rename = "statusText", borrow, default)]
    status_text: Cow<'a, str>,
    #[serde(rename = "httpVersion", borrow, default)]
    http_version: Cow<'a, str>,
    #[serde(borrow, default)]
    headers: Vec<NameValue<'a>>,
}

#[derive(Deserialize)]
struct NameValue<'a> {
    #[serde(borrow)]
    name: Cow<'a, str>,
    #[serde(borrow)]
    value: Cow<'a, str>,
}

#[derive(Deserialize)]
struct Message<'a> {
    #[serde(rename = "type", borrow, default)]
    kind: Cow<'a, str>,
    #[serde(default)]
    opcode: f64,
    #[serde(borrow, default)]
    data: Cow<'a, str>,
}

/// An entry's `_webSocketMessages`, read without holding them all (a long session records
/// millions): how many there are, the first few, and the words of the first few events and
/// of the last (a failure's reason is in those).
#[derive(Default)]
struct Messages<'a> {
    count: usize,
    first: Vec<Message<'a>>,
    events: Vec<Cow<'a, str>>,
}

impl<'de: 'a, 'a> Deserialize<'de> for Messages<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Each<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> Visitor<'de> for Each<'a> {
            type Value = Messages<'a>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a list of WebSocket messages")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Messages<'a>, A::Error> {
                let mut out = Messages::default();
                while let Some(message) = seq.next_element::<Message<'a>>()? {
                    out.count += 1;
                    // The first events and the last: a failure's reason may close a long session.
                    if message.kind != "send" && message.kind != "receive" {
                        if out.events.len() < FIRST_MESSAGES {
                            out.events.push(message.data.clone());
                        } else {
                            out.events[FIRST_MESSAGES - 1] = message.data.clone();
                        }
                    }
                    if out.first.len() < FIRST_MESSAGES {
                        out.first.push(message);
                    }
                }
                Ok(out)
            }
        }
        deserializer.deserialize_seq(Each(std::marker::PhantomData))
    }
}

/// The rebuilt text and what goes with it.
#[derive(Debug)]
pub(crate) struct Rebuilt {
    pub(crate) text: String,
    pub(crate) entries: Vec<EntryFacts>,
    /// Entries that are not WebSocket handshakes.
    pub(crate) skipped: u32,
}

/// How many recorded messages the report lists.
const FIRST_MESSAGES: usize = 5;

/// Reads a HAR; the error says where the JSON stopped making sense.
pub(crate) fn read(json: &str) -> Result<Rebuilt, String> {
    let har: Har<'_> = serde_json::from_str(json).map_err(|e| {
        format!("the HAR is not valid JSON at line {}, column {}: {e}", e.line(), e.column())
    })?;
    let mut out = Rebuilt { text: String::new(), entries: Vec::new(), skipped: 0 };
    for entry in &har.log.entries {
        if !is_websocket(entry) {
            out.skipped += 1;
            continue;
        }
        if !out.text.is_empty() {
            out.text.push_str("\r\n");
        }
        let request_at = out.text.len();
        rebuild_request(&entry.request, &mut out.text);
        let failure = match &entry.response {
            Some(r) if r.status >= 1.0 => {
                rebuild_response(r, &mut out.text);
                None
            }
            response => {
                let status = response.as_ref().map_or(0.0, |r| r.status);
                let errors: Vec<&str> =
                    entry.messages.iter().flat_map(|m| &m.events).map(Cow::as_ref).collect();
                let said = if errors.is_empty() {
                    String::new()
                } else {
                    format!(": {}", errors.join("; "))
                };
                Some(format!("status {status}{said}"))
            }
        };
        out.entries.push(EntryFacts {
            request_at,
            failure,
            messages: message_log(entry),
            proxy: None,
            frames: None,
        });
    }
    Ok(out)
}

/// A WebSocket handshake: Chrome's and Playwright's resource type, a ws(s) URL, or an
/// `Upgrade: websocket` request.
fn is_websocket(entry: &Entry<'_>) -> bool {
    entry.resource_type.as_deref() == Some("websocket")
        || starts_with_ignore_case(&entry.request.url, "ws://")
        || starts_with_ignore_case(&entry.request.url, "wss://")
        || entry.request.headers.iter().any(|h| {
            h.name.eq_ignore_ascii_case("upgrade")
                && h.value.to_ascii_lowercase().contains("websocket")
        })
}

fn starts_with_ignore_case(s: &str, prefix: &str) -> bool {
    s.get(..prefix.len()).is_some_and(|p| p.eq_ignore_ascii_case(prefix))
}

/// `GET /path?query HTTP/1.1` and the headers in HAR order.
fn rebuild_request(request: &Request<'_>, out: &mut String) {
    let _ = write!(
        out,
        "{} {} {}\r\n",
        crate::text::one_line(&request.method),
        crate::text::one_line(crate::text::origin_form(&request.url)),
        crate::text::one_line(&version(&request.http_version))
    );
    headers(&request.headers, out);
}

fn rebuild_response(response: &Response<'_>, out: &mut String) {
    // HAR stores the status as a JSON number; real ones are whole and small.
    let status = response.status.clamp(0.0, 999.0) as u16;
    let _ = write!(
        out,
        "{} {status} {}\r\n",
        crate::text::one_line(&version(&response.http_version)),
        crate::text::one_line(&response.status_text)
    );
    headers(&response.headers, out);
}

/// The header lines. Browsers record a header that came several times (`Set-Cookie`) as one
/// value with the values joined by line feeds: each becomes its own line again, as it was sent.
fn headers(headers: &[NameValue<'_>], out: &mut String) {
    for h in headers {
        let name = crate::text::one_line(&h.name);
        let pieces = h.value.split('\n').map(|v| v.strip_suffix('\r').unwrap_or(v));
        for (index, value) in pieces.enumerate() {
            if index == 0 || !value.is_empty() {
                let _ = write!(out, "{name}: {}\r\n", crate::text::one_line(value));
            }
        }
    }
    out.push_str("\r\n");
}

/// HAR writes `HTTP/1.1`, `http/1.1` or an empty string for HTTP/1.1.
fn version(v: &str) -> Cow<'_, str> {
    match v {
        "" | "unknown" => Cow::Borrowed("HTTP/1.1"),
        v if v.starts_with("HTTP/") => Cow::Borrowed(v),
        v => Cow::Owned(v.to_ascii_uppercase()),
    }
}

fn message_log(entry: &Entry<'_>) -> Option<MessageLog> {
    let messages = entry.messages.as_ref()?;
    let first = messages
        .first
        .iter()
        .map(|m| WsMessage {
            direction: match m.kind.as_ref() {
                "send" => Direction::Sent,
                "receive" => Direction::Received,
                _ => Direction::Event,
            },
            opcode: if (0.0..=15.0).contains(&m.opcode) { m.opcode as u8 } else { 0 },
            data: m.data.chars().take(200).collect(),
            frame: None,
        })
        .collect();
    Some(MessageLog { count: u32::try_from(messages.count).unwrap_or(u32::MAX), first })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rebuilds_a_websocket_entry_and_skips_the_rest() {
        let har = r#"{"log":{"entries":[
            {"request":{"method":"GET","url":"http://a/","httpVersion":"HTTP/1.1","headers":[]},"response":{"status":200,"statusText":"OK","httpVersion":"HTTP/1.1","headers":[]}},
            {"_resourceType":"websocket","request":{"method":"GET","url":"ws://a:1/chat?x=1","httpVersion":"HTTP/1.1","headers":[{"name":"Host","value":"a:1"}]},
             "response":{"status":101,"statusText":"Switching Protocols","httpVersion":"HTTP/1.1","headers":[{"name":"Upgrade","value":"websocket"}]},
             "_webSocketMessages":[{"type":"send","opcode":1,"data":"hi","time":1}]}]}}"#;
        let rebuilt = read(har).unwrap();
        assert_eq!(rebuilt.skipped, 1);
        assert_eq!(rebuilt.text, "GET /chat?x=1 HTTP/1.1\r\nHost: a:1\r\n\r\nHTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n");
        let log = rebuilt.entries[0].messages.as_ref().unwrap();
        assert_eq!(
            (log.count, log.first[0].direction, log.first[0].data.as_str()),
            (1, Direction::Sent, "hi")
        );
    }

    /// Browsers record a header sent several times as one value joined by line feeds: it is
    /// several lines again (a second cookie hidden after a space would escape redaction).
    #[test]
    fn a_header_recorded_with_line_feeds_is_several_lines() {
        let har = r#"{"log":{"entries":[{"_resourceType":"websocket","request":{"method":"GET","url":"ws://a/","headers":[]},
            "response":{"status":101,"statusText":"Switching Protocols","headers":[{"name":"Set-Cookie","value":"a=1; Path=/\nsid=2\r\n"}]}}]}}"#;
        let rebuilt = read(har).unwrap();
        assert_eq!(
            rebuilt.text,
            "GET / HTTP/1.1\r\n\r\nHTTP/1.1 101 Switching Protocols\r\nSet-Cookie: a=1; Path=/\r\nSet-Cookie: sid=2\r\n\r\n"
        );
    }

    #[test]
    fn a_failed_handshake_keeps_the_request_and_the_browsers_words() {
        let har = r#"{"log":{"entries":[{"_resourceType":"websocket","request":{"method":"GET","url":"wss://a/ws","headers":[]},
            "response":{"status":0,"statusText":"","headers":[]},"_webSocketMessages":[{"type":"error","opcode":0,"data":"Error during WebSocket handshake: Unexpected response code: 403"}]}]}}"#;
        let rebuilt = read(har).unwrap();
        assert_eq!(rebuilt.text, "GET /ws HTTP/1.1\r\n\r\n");
        assert_eq!(
            rebuilt.entries[0].failure.as_deref(),
            Some("status 0: Error during WebSocket handshake: Unexpected response code: 403")
        );
    }

    #[test]
    fn a_line_break_in_a_field_makes_no_line_of_its_own() {
        let har = r#"{"log":{"entries":[{"_resourceType":"websocket","request":{"method":"GET","url":"ws://a/x\r\nHTTP/1.1 101 Fake\r\nUpgrade: websocket\r\n","httpVersion":"HTTP/1.1\nX: y","headers":[]},
            "response":{"status":101,"statusText":"OK","httpVersion":"HTTP/1.1\r\nZ: z","headers":[]}}]}}"#;
        let text = read(har).unwrap().text;
        // The request line, a blank line, the status line, a blank line.
        assert_eq!(text.lines().count(), 4, "{text}");
        assert!(text.lines().all(|l| !l.starts_with("HTTP/1.1 101 Fake") && !l.starts_with("X:")));
    }

    #[test]
    fn a_long_session_keeps_the_count_the_first_messages_and_the_failure() {
        let sends = r#"{"type":"send","opcode":1,"data":"hi"},"#.repeat(1000);
        let har = format!(
            r#"{{"log":{{"entries":[{{"_resourceType":"websocket","request":{{"method":"GET","url":"wss://a/ws","headers":[]}},
            "response":{{"status":0,"headers":[]}},"_webSocketMessages":[{sends}{{"type":"error","opcode":0,"data":"Unexpected response code: 403"}}]}}]}}}}"#
        );
        let rebuilt = read(&har).unwrap();
        let facts = &rebuilt.entries[0];
        let log = facts.messages.as_ref().unwrap();
        assert_eq!((log.count, log.first.len()), (1001, FIRST_MESSAGES));
        assert_eq!(facts.failure.as_deref(), Some("status 0: Unexpected response code: 403"));
        // Of many events, the first four and the last are kept.
        let events: String =
            (0..10).map(|i| format!(r#"{{"type":"error","data":"E{i}"}},"#)).collect();
        let har = har.replace(r#"[{"type":"send""#, &format!(r#"[{events}{{"type":"send""#));
        let facts = &read(&har).unwrap().entries[0];
        assert_eq!(
            facts.failure.as_deref(),
            Some("status 0: E0; E1; E2; E3; Unexpected response code: 403")
        );
    }

    #[test]
    fn bad_json_says_where() {
        let error = read("{\"log\": [1,").unwrap_err();
        assert!(error.starts_with("the HAR is not valid JSON at line 1, column"), "{error}");
    }
}
