//! Hostile inputs stay proportionate: repeated findings of one rule fold into one that counts
//! them, list headers explain their first items and count the rest, and the report grows
//! with the input by a small factor. (Their cost is measured by `benches/hostile.rs`, not
//! here: tests are not timed.)

use wslens_core::{inspect, Options, Report};

const REQUEST: &str = "GET /chat HTTP/1.1\r\nHost: server.example.com\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n";
const RESPONSE: &str = "\r\nHTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n";

fn with(header: &str) -> (Vec<u8>, Report) {
    let input = format!("{REQUEST}{header}\r\n{RESPONSE}").into_bytes();
    let report = inspect(&input, &Options::default());
    (input, report)
}

fn count(report: &Report, code: &str) -> usize {
    report.exchanges.iter().flat_map(|e| &e.findings).filter(|f| f.code == code).count()
}

#[test]
fn a_thousand_duplicates_are_one_finding_that_counts_them() {
    let (_, report) = with(&format!("Sec-WebSocket-Protocol: {}", vec!["a"; 10_000].join(",")));
    let dup: Vec<_> = report.exchanges[0].findings.iter().filter(|f| f.code == "WS128").collect();
    assert_eq!(dup.len(), 1, "one finding for 9,999 duplicates");
    assert!(dup[0].message.contains("9999 times in the request"), "{}", dup[0].message);
    assert!(dup[0].labels.len() <= 5, "the first spans only");
    // The negotiation table has one row for `a`, with the finding's code.
    let rows = &report.exchanges[0].negotiation.rows;
    assert_eq!(rows.iter().filter(|r| r.subject == "subprotocol").count(), 1);
    assert!(rows[0].codes.contains(&"WS128"));
}

#[test]
fn list_headers_explain_their_first_items_and_count_the_rest() {
    let list: Vec<String> = (0..5_000).map(|i| format!("p{i}")).collect();
    let (input, report) = with(&format!("Sec-WebSocket-Protocol: {}", list.join(", ")));
    let e = &report.exchanges[0];
    let header = e
        .request
        .as_ref()
        .unwrap()
        .headers
        .iter()
        .find(|h| h.name == "Sec-WebSocket-Protocol")
        .unwrap();
    assert!(header.notes.len() <= 33, "{} notes", header.notes.len());
    assert!(header.notes.last().unwrap().contains("more items"));
    assert_eq!(e.negotiation.offered_subprotocols.len(), 5_000, "the data keeps every item");
    let subprotocol_rows = e.negotiation.rows.iter().filter(|r| r.subject == "subprotocol").count();
    assert!(subprotocol_rows <= 65, "{subprotocol_rows} rows");
    assert!(e.negotiation.rows.iter().any(|r| r.item.contains("4936 more")));
    let json = serde_json::to_string(&report).unwrap();
    assert!(json.len() < 12 * input.len(), "report {} for input {}", json.len(), input.len());
}

#[test]
fn repeated_parameters_and_bad_lines_fold_too() {
    let (_, report) =
        with(&format!("Sec-WebSocket-Extensions: permessage-deflate{}", "; x=1".repeat(2_000)));
    for code in ["PMD401", "PMD403"] {
        assert_eq!(count(&report, code), 1, "{code}");
    }
    let rows = &report.exchanges[0].negotiation.rows;
    assert!(rows.len() <= 3, "the extension and one row for `x`: {rows:?}");
    let (_, report) = with(&"no colon here\r\n".repeat(3_000));
    let f: Vec<_> = report.exchanges[0].findings.iter().filter(|f| f.code == "HTTP008").collect();
    assert_eq!(f.len(), 1);
    assert!(f[0].message.contains("3000 times"));
    // A few repeats stay separate findings.
    let (_, report) = with(&"no colon here\r\n".repeat(3));
    assert_eq!(count(&report, "HTTP008"), 3);
}

#[test]
fn many_exchanges_with_many_keys_are_read_in_one_pass() {
    // Each exchange's wrong accept is the accept of the next one's key: found through the
    // index of accepts, not by comparing every pair.
    let keys: Vec<String> = (0..2_000).map(|i| format!("{i:0>21}A==")).collect();
    let mut text = String::new();
    for (i, key) in keys.iter().enumerate() {
        let answered = &keys[(i + 1) % keys.len()];
        text.push_str(&format!(
            "GET /chat HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\nHTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: {}\r\n\r\n",
            wslens_core::accept_key(answered)
        ));
    }
    let report = inspect(text.as_bytes(), &Options { all_exchanges: true, ..Options::default() });
    assert_eq!(report.exchanges.len(), 2_000);
    let diagnosed = report
        .exchanges
        .iter()
        .filter(|e| {
            e.accept
                .as_ref()
                .and_then(|a| a.diagnosis.as_ref())
                .is_some_and(|d| d.id == "other-key")
        })
        .count();
    assert_eq!(diagnosed, 2_000);
}

/// The messages name only the first offered subprotocols, but the checks read them all: a
/// server that picks the tenth of ten has picked an offered one.
#[test]
fn the_answer_is_checked_against_the_whole_offer() {
    let offer: Vec<String> = (1..=10).map(|i| format!("p{i}")).collect();
    let text = format!(
        "GET /chat HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\
         Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\
         Sec-WebSocket-Protocol: {}\r\n\r\nHTTP/1.1 101 Switching Protocols\r\n\
         Upgrade: websocket\r\nConnection: Upgrade\r\n\
         Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\nSec-WebSocket-Protocol: p10\r\n\r\n",
        offer.join(", ")
    );
    let report = wslens_core::inspect(text.as_bytes(), &wslens_core::Options::default());
    let codes: Vec<&str> = report.exchanges[0].findings.iter().map(|f| f.code).collect();
    assert!(!codes.contains(&"WS302"), "{codes:?}");
    assert_eq!(report.exchanges[0].verdict.handshake, wslens_core::HandshakeVerdict::Ok);
}

/// An answer that lists as many subprotocols as the offer is checked in linear time (each is
/// looked up in a set of the offered names): 50,000 against 50,000 would otherwise be 2.5
/// billion comparisons, which this test would not finish.
#[test]
fn a_long_answer_against_a_long_offer_is_linear() {
    let names: Vec<String> = (0..50_000).map(|i| format!("p{i}")).collect();
    let list = names.join(", ");
    let text = format!(
        "GET /chat HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\
         Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\
         Sec-WebSocket-Protocol: {list}\r\n\r\nHTTP/1.1 101 Switching Protocols\r\n\
         Upgrade: websocket\r\nConnection: Upgrade\r\n\
         Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\nSec-WebSocket-Protocol: x, {list}\r\n\r\n"
    );
    let report = wslens_core::inspect(text.as_bytes(), &wslens_core::Options::default());
    let codes: Vec<&str> = report.exchanges[0].findings.iter().map(|f| f.code).collect();
    assert!(codes.contains(&"WS303"), "{codes:?}");
}

#[test]
fn answers_the_client_did_not_ask_for_name_the_offer_once_and_briefly() {
    // 3,000 offered extensions, 3,000 accepted ones the client never offered: each finding
    // names only the offer's first few, so the report stays a small multiple of the input.
    let offered: Vec<String> = (0..3_000).map(|i| format!("o{i}")).collect();
    let accepted: Vec<String> = (0..3_000).map(|i| format!("a{i}")).collect();
    let input = format!(
        "{REQUEST}Sec-WebSocket-Extensions: {}\r\n\r\nHTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\nSec-WebSocket-Extensions: {}\r\n\r\n",
        offered.join(", "),
        accepted.join(", ")
    );
    let report = inspect(input.as_bytes(), &Options::default());
    let unrequested: Vec<_> =
        report.exchanges[0].findings.iter().filter(|f| f.code == "WS310").collect();
    assert!(!unrequested.is_empty());
    assert!(
        unrequested.iter().all(|f| f.message.contains("o7, … (3000 in all)")),
        "{}",
        unrequested[0].message
    );
    let json = serde_json::to_string(&report).unwrap();
    assert!(json.len() < 60 * input.len(), "report {} for input {}", json.len(), input.len());
}

#[test]
fn a_row_keeps_its_places_past_a_hundred_distinct_names() {
    let list: Vec<String> = (0..100).map(|i| format!("p{i}")).collect();
    let (_, report) = with(&format!("Sec-WebSocket-Protocol: chat, {}, chat", list.join(", ")));
    let rows = &report.exchanges[0].negotiation.rows;
    let chat = rows.iter().find(|r| r.subject == "subprotocol" && r.item == "chat").unwrap();
    assert!(chat.codes.contains(&"WS128"), "the repeat far down the offer is the row's: {chat:?}");
    let subprotocol_rows: Vec<_> = rows.iter().filter(|r| r.subject == "subprotocol").collect();
    assert_eq!(subprotocol_rows.len(), 65, "64 rows, then a count of the rest");
    assert!(subprotocol_rows[63].item == "p62", "the 64th distinct name has its row");
    assert!(subprotocol_rows[64].item.contains("37 more"), "{:?}", subprotocol_rows[64]);
    let offered = &report.exchanges[0].negotiation.offered_subprotocols;
    assert_eq!(offered.len(), 101, "the data lists every distinct name");
    assert!(offered[100] == "p99", "in the order first offered");
}

/// The report details the first thousand exchanges; the rest are checked and counted.
#[test]
fn exchanges_past_the_first_thousand_are_counted_not_detailed() {
    let ok = format!("{REQUEST}{RESPONSE}");
    let refused = format!("{REQUEST}\r\nHTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n");
    let cut = format!("{REQUEST}\r\nHTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n");
    // A request without Host: a strict server refuses it, but the handshake went through.
    let no_host = ok.replace("Host: server.example.com\r\n", "");
    // 1,499 exchanges: the 1,234th and 1,300th refused, the 1,400th without Host, the last
    // one cut off.
    let mut text = String::new();
    for i in 1..=1_498 {
        text.push_str(match i {
            1_234 | 1_300 => &refused,
            1_400 => &no_host,
            _ => &ok,
        });
    }
    let first_refused_at = text.match_indices("HTTP/1.1 403").next().unwrap().0;
    text.push_str(&cut);
    let report = inspect(text.as_bytes(), &Options::default());
    assert_eq!(report.exchanges.len(), wslens_core::DETAILED_EXCHANGES);
    let s = &report.summary;
    assert_eq!(
        (s.exchanges, s.ok, s.failed, s.incomplete, s.not_detailed),
        (1_499, 1_496, 2, 1, 499)
    );
    let [note] = &report.findings[..] else { panic!("{:?}", report.findings) };
    assert_eq!(note.code, "CAP711");
    assert_eq!(
        note.message,
        "the input holds 1499 exchanges; the report details the first 1000, and the other 499 were checked and counted: 496 ok, 2 failed, 1 incomplete, and 1 exchange with an invalid request or response"
    );
    assert_eq!(s.invalid, 1);
    // It points at the first exchange left out, and its label at the first that failed.
    let first_left_out = report.exchanges.last().unwrap().response.as_ref().unwrap().span.end;
    assert!(text[note.span.start as usize..].starts_with("GET /chat"));
    assert!(note.span.start as usize >= first_left_out as usize);
    let [label] = &note.labels[..] else { panic!("{:?}", note.labels) };
    assert_eq!(label.text, "the first of them that failed (exchange 1234)");
    assert!(text[label.span.start as usize..first_refused_at].starts_with("GET /chat"));
    assert!(!text[label.span.end as usize..first_refused_at].contains("GET /chat"));
    assert_eq!(report.finding_counts.warnings, 1);

    // Asked for, every exchange is detailed, and the counts are the same.
    let all = inspect(text.as_bytes(), &Options { all_exchanges: true, ..Options::default() });
    assert_eq!(all.exchanges.len(), 1_499);
    assert!(all.findings.is_empty());
    let a = &all.summary;
    assert_eq!(
        (a.exchanges, a.ok, a.failed, a.incomplete, a.not_detailed),
        (1_499, 1_496, 2, 1, 0)
    );
    // The severities count every exchange either way; the report's own CAP711 comes on top.
    assert_eq!((s.errors, s.warnings, s.infos), (a.errors, a.warnings + 1, a.infos));
    assert_eq!(a.invalid, 1);
    assert_eq!(all.exchanges[1_399].verdict.request, wslens_core::MessageVerdict::Invalid);
    assert_eq!(all.exchanges[..1_000], report.exchanges[..]);
}

/// A text of tiny exchanges keeps a report in proportion to what is detailed: a megabyte of
/// bare status lines (65,536 exchanges) once needed a report of over 300 MB.
#[test]
fn many_tiny_exchanges_keep_a_bounded_report() {
    let text = "HTTP/1.1 200 OK\n".repeat(65_536);
    let report = inspect(text.as_bytes(), &Options::default());
    assert_eq!(report.exchanges.len(), 1_000);
    assert_eq!((report.summary.exchanges, report.summary.failed), (65_536, 65_536));
    let json = serde_json::to_string(&report).unwrap();
    assert!(json.len() < 8 * text.len(), "{} bytes of JSON", json.len());
}
