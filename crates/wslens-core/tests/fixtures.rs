#![allow(clippy::disallowed_methods, reason = "tests read fixture files; the core itself does not")]

//! Every fixture, end to end: snapshots, rule coverage, clean valid captures, no panics.

mod common;

use std::collections::BTreeSet;

use common::{check_file, fixtures, summary};
use wslens_core::{inspect, rules, HandshakeVerdict, Options, Part, Severity};

#[test]
fn snapshots() {
    // Canonical, as `fixtures()` gives its paths.
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .canonicalize()
        .unwrap();
    for path in fixtures() {
        let name = path
            .strip_prefix(&root)
            .unwrap()
            .with_extension("")
            .display()
            .to_string()
            .replace('/', "__");
        insta::with_settings!({ snapshot_path => "snapshots/fixtures", prepend_module_to_snapshot => false, omit_expression => true }, {
            insta::assert_snapshot!(name, summary(&check_file(&path)));
        });
    }
}

/// Every rule has a fixture named after its code that triggers it, and every fixture named
/// after a code triggers that code.
#[test]
fn every_rule_has_a_fixture_that_fires_it() {
    let mut missing = Vec::new();
    let mut misnamed = Vec::new();
    let mut covered = BTreeSet::new();
    for path in fixtures() {
        let file = path.file_name().unwrap().to_string_lossy().into_owned();
        let Some(code) =
            rules().iter().map(|r| r.code).find(|c| file.starts_with(&format!("{c}-")))
        else {
            continue;
        };
        let report = check_file(&path);
        let fired = report
            .findings
            .iter()
            .chain(report.exchanges.iter().flat_map(|e| &e.findings))
            .any(|f| f.code == code);
        if fired {
            covered.insert(code);
        } else {
            misnamed.push(format!(
                "{file} is named after {code}, which it does not trigger:\n{}",
                summary(&report)
            ));
        }
    }
    for rule in rules() {
        if !covered.contains(rule.code) {
            missing.push(rule.code);
        }
    }
    assert!(misnamed.is_empty(), "{}", misnamed.join("\n"));
    assert!(missing.is_empty(), "rules without a fixture: {missing:?}");
}

/// Fixtures under `valid/` (and captures of working handshakes) have no error and every
/// handshake is ok.
#[test]
fn valid_fixtures_have_no_error() {
    for path in fixtures().into_iter().filter(|p| p.to_string_lossy().contains("/valid/")) {
        let report = check_file(&path);
        assert!(!report.exchanges.is_empty(), "{}", path.display());
        for e in &report.exchanges {
            let errors: Vec<_> =
                e.findings.iter().filter(|f| f.severity == Severity::Error).collect();
            assert!(errors.is_empty(), "{}: {errors:#?}", path.display());
            assert_eq!(
                e.verdict.handshake,
                HandshakeVerdict::Ok,
                "{}\n{}",
                path.display(),
                summary(&report)
            );
        }
    }
}

/// Captures are often cut off: every prefix of every fixture gives a report, and every span
/// stays inside the text on character boundaries.
#[test]
fn truncations_never_panic_and_spans_stay_in_bounds() {
    for path in fixtures() {
        let bytes = std::fs::read(&path).unwrap();
        let step = (bytes.len() / 200).max(1);
        for end in (0..=bytes.len()).step_by(step) {
            let report = inspect(&bytes[..end], &Options::default());
            let text = &report.source.text;
            let spans = report
                .findings
                .iter()
                .chain(report.exchanges.iter().flat_map(|e| &e.findings))
                .flat_map(|f| std::iter::once(f.span).chain(f.labels.iter().map(|l| l.span)));
            for span in spans {
                assert!(
                    span.start <= span.end && span.end as usize <= text.len(),
                    "{}: {span:?}",
                    path.display()
                );
                assert!(
                    text.is_char_boundary(span.start as usize)
                        && text.is_char_boundary(span.end as usize)
                );
            }
        }
    }
}

/// The real clients' own verdicts, recorded by tools/record/record.py, agree with wslens'
/// client profiles (and, for every failing capture, with the handshake verdict).
#[test]
fn client_profiles_agree_with_recorded_clients() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/captured");
    let outcomes: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("outcomes.json")).unwrap()).unwrap();
    let mut checked = 0;
    for (file, outcome) in outcomes.as_object().unwrap() {
        let report = check_file(&dir.join(file));
        let exchange = &report.exchanges[0];
        let Some(profile) = outcome["profile"].as_str() else { continue };
        let opened = outcome["outcome"].as_str() == Some("open");
        let client = exchange
            .clients
            .iter()
            .find(|c| c.id == profile)
            .unwrap_or_else(|| panic!("{file}: no {profile} verdict"));
        assert_eq!(
            client.accepts,
            opened,
            "{file}: the real {profile} said {}, wslens predicts accepts={}\n{}",
            outcome["outcome"],
            client.accepts,
            summary(&report)
        );
        if file.starts_with("failing/") {
            assert_eq!(exchange.verdict.handshake, HandshakeVerdict::Failed, "{file}");
        }
        checked += 1;
    }
    assert!(checked >= 20, "only {checked} recorded outcomes checked");
}

/// A capture in another format (curl's output, a Playwright HAR, a pcap or pcapng) gives the
/// same verdicts and findings as the wire bytes of the same handshake, recorded together by
/// tools/record/record.py; where the format lost the response (a HAR of a failed handshake),
/// the report must say so.
#[test]
fn formats_agree_with_the_wire() {
    let dir =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/captured/formats");
    let mut pairs = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let Some(stem) = name.strip_suffix(".wire.txt") else { continue };
        let wire = check_file(&path);
        for other in std::fs::read_dir(&dir).unwrap() {
            let other = other.unwrap().path();
            let other_name = other.file_name().unwrap().to_string_lossy().into_owned();
            if other_name == name || !other_name.starts_with(&format!("{stem}.")) {
                continue;
            }
            let report = check_file(&other);
            assert_ne!(
                report.source.format,
                wslens_core::Format::Raw,
                "{other_name} was not detected as its format"
            );
            assert_eq!(report.exchanges.len(), wire.exchanges.len(), "{other_name}");
            for (a, b) in report.exchanges.iter().zip(&wire.exchanges) {
                let context = || format!("{other_name}\n{}\n{}", summary(&report), summary(&wire));
                let codes = |e: &wslens_core::Exchange, part: Option<Part>| {
                    e.findings
                        .iter()
                        .filter(|f| part.is_none_or(|p| f.part == p))
                        .filter(|f| !VIEW_NOTES.contains(&f.code))
                        .map(|f| f.code)
                        .collect::<BTreeSet<_>>()
                };
                assert_eq!(a.verdict.request, b.verdict.request, "{}", context());
                assert_eq!(
                    codes(a, Some(Part::Request)),
                    codes(b, Some(Part::Request)),
                    "{}",
                    context()
                );
                if a.response.is_some() {
                    assert_eq!(a.verdict, b.verdict, "{}", context());
                    assert_eq!(codes(a, None), codes(b, None), "{}", context());
                    assert_eq!(a.accept, b.accept, "{}", context());
                } else {
                    // The format lost the response (a failed socket in a HAR, a curl command
                    // line); the report must say so, not guess. A HAR that recorded the
                    // failure (CAP702) makes the handshake failed, as the wire shows it was;
                    // without a record it is incomplete.
                    let says =
                        |code| a.findings.iter().chain(&report.findings).any(|f| f.code == code);
                    if says("CAP702") {
                        assert_eq!(a.verdict.handshake, HandshakeVerdict::Failed, "{}", context());
                        // The wire fails it, or at least the browser that recorded it does
                        // (a selection it requires and RFC 6455 does not, say).
                        let chrome_fails = b.clients.iter().any(|c| c.id == "chrome" && !c.accepts);
                        assert!(
                            b.verdict.handshake == HandshakeVerdict::Failed || chrome_fails,
                            "{}",
                            context()
                        );
                    } else {
                        assert!(says("CAP708"), "{}", context());
                        let incomplete = HandshakeVerdict::Incomplete;
                        assert_eq!(a.verdict.handshake, incomplete, "{}", context());
                    }
                    // What the request alone decides: the key, and the accept the server owes
                    // it (the expected 101 follows the server's own choices where it has them).
                    let expected = |e: &wslens_core::Exchange| {
                        e.accept.as_ref().map(|x| (x.key.clone(), x.expected.clone()))
                    };
                    assert_eq!(expected(a), expected(b), "{}", context());
                }
            }
            pairs += 1;
        }
    }
    assert!(pairs >= 5, "only {pairs} format pairs");
}

/// What a Chrome view loses of an HTTP/2 handshake: the report names it with this code,
/// which the wire has no reason to carry.
const REBUILT_HTTP2_VIEW: &str = "CAP709";

/// What a browser's view changes, named by the report and absent from the wire: the Upgrade
/// Chrome and Firefox rebuild for an HTTP/2 handshake, and Chrome DevTools' `ws://` request line. The tests below
/// check that the views carry them.
const VIEW_NOTES: [&str; 2] = [REBUILT_HTTP2_VIEW, "CAP710"];

/// Chrome's DevTools and HAR views of a WebSocket it opened over HTTP/2 (recorded by
/// tools/record/h2_chromium.mjs) are HTTP/1.1 Upgrades it rebuilt; read as such they would
/// fail on a missing key and a 200. They must give the wire's verdict, and say why.
#[test]
fn chrome_views_of_an_http2_websocket_agree_with_the_wire() {
    let dir =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/captured/formats");
    let wire = check_file(&dir.join("h2-chromium-node-http2.wire.txt"));
    assert_eq!(wire.exchanges[0].verdict.handshake, HandshakeVerdict::Ok, "{}", summary(&wire));
    for view in ["h2-devtools-chromium-node-http2.txt", "h2-chromium-node-http2.har.json"] {
        let report = check_file(&dir.join(view));
        let (a, b) = (&report.exchanges[0], &wire.exchanges[0]);
        let context = || format!("{view}\n{}\n{}", summary(&report), summary(&wire));
        assert_eq!(a.verdict, b.verdict, "{}", context());
        assert!(a.findings.iter().any(|f| f.code == REBUILT_HTTP2_VIEW), "{}", context());
        let codes = |e: &wslens_core::Exchange| {
            e.findings
                .iter()
                .map(|f| f.code)
                .filter(|c| *c != REBUILT_HTTP2_VIEW)
                .collect::<BTreeSet<_>>()
        };
        assert_eq!(codes(a), codes(b), "{}", context());
        assert_eq!(a.accept, b.accept, "{}", context());
        assert_eq!(a.expected_response, b.expected_response, "{}", context());
        let ids = |e: &wslens_core::Exchange| e.clients.iter().map(|c| c.id).collect::<Vec<_>>();
        assert_eq!(ids(a), ["rfc6455", "chrome", "firefox"], "{}", context());
        assert_eq!(ids(a), ids(b), "{}", context());
    }
}

/// Chrome's DevTools copy of an HTTP/1.1 handshake writes the ws:// URL on the request line; it
/// must give the wire's verdict, and say so. Two recordings: the texts DevTools is given
/// (tools/record/devtools_chromium.mjs), and DevTools' own "Copy request headers" and "Copy
/// response headers" (tools/record/devtools_export_chromium.mjs).
#[test]
fn chrome_devtools_copy_agrees_with_the_wire() {
    let dir =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/captured/formats");
    for (copy, wire) in [
        ("devtools-copy-chromium-node-ws.txt", "devtools-chromium-node-ws.wire.txt"),
        ("devtools-copy-export-node-ws.txt", "devtools-export-node-ws.wire.txt"),
    ] {
        let copy = check_file(&dir.join(copy));
        let wire = check_file(&dir.join(wire));
        let (a, b) = (&copy.exchanges[0], &wire.exchanges[0]);
        let context = || format!("{}\n{}", summary(&copy), summary(&wire));
        assert_eq!(a.verdict, b.verdict, "{}", context());
        assert_eq!(b.verdict.handshake, HandshakeVerdict::Ok, "{}", context());
        let codes = |e: &wslens_core::Exchange| {
            e.findings.iter().map(|f| f.code).filter(|c| *c != "CAP710").collect::<BTreeSet<_>>()
        };
        assert_eq!(codes(a), codes(b), "{}", context());
        assert!(a.findings.iter().any(|f| f.code == "CAP710"), "{}", context());
        assert_eq!(a.accept, b.accept, "{}", context());
    }
}

/// Firefox DevTools' "Copy Request Headers" and "Copy Response Headers", and its Headers tab's
/// Raw view (tools/record/firefox_copy.py), pasted one under the other: bare LF line endings and
/// no blank line after either head; a WebSocket over HTTP/2 comes out as a rebuilt Upgrade.
/// They must give the wire's verdict, findings and accept, apart from what a copy loses, which
/// the report names: the line endings (HTTP001) and the blank lines (HTTP016).
#[test]
fn firefox_devtools_copies_agree_with_the_wire() {
    let dir =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/captured/formats");
    let lost_by_a_copy = ["HTTP001", "HTTP016"];
    let cases = ["node-ws", "wrong-accept", "forbidden", "h2-node-http2"];
    for (view, case) in ["copy", "raw"].iter().flat_map(|v| cases.map(|c| (v, c))) {
        let copy = check_file(&dir.join(format!("firefox-{view}-{case}.txt")));
        let wire = check_file(&dir.join(format!("firefox-devtools-{case}.wire.txt")));
        let context = || format!("{view} {case}\n{}\n{}", summary(&copy), summary(&wire));
        assert_eq!(copy.exchanges.len(), 1, "{}", context());
        let (a, b) = (&copy.exchanges[0], &wire.exchanges[0]);
        assert_eq!(a.verdict, b.verdict, "{}", context());
        let codes = |e: &wslens_core::Exchange| {
            e.findings
                .iter()
                .map(|f| f.code)
                .filter(|c| !lost_by_a_copy.contains(c) && !VIEW_NOTES.contains(c))
                .collect::<BTreeSet<_>>()
        };
        assert_eq!(codes(a), codes(b), "{}", context());
        // An HTTP/2 head has no line endings or blank line to lose; Firefox rebuilds it as an
        // Upgrade instead, which the report names.
        let noted = match b.mechanism {
            wslens_core::Mechanism::Upgrade => &lost_by_a_copy[..],
            wslens_core::Mechanism::ExtendedConnect => &[REBUILT_HTTP2_VIEW][..],
        };
        for code in noted {
            assert!(a.findings.iter().any(|f| f.code == *code), "{code}\n{}", context());
        }
        assert_eq!(a.accept, b.accept, "{}", context());
    }
}

/// Captures of both sides of a proxy (tools/record: nginx forwarding the key, and a relay
/// that opens its own WebSocket with a new key) label the hops and say what the proxy lost.
#[test]
fn proxy_hops_are_paired_by_key_or_by_relay() {
    let dir =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/captured/formats");
    let lost = |report: &wslens_core::Report| -> Vec<String> {
        report.exchanges[1]
            .findings
            .iter()
            .filter(|f| f.code == "CAP707")
            .map(|f| f.message.clone())
            .collect()
    };
    let correct = check_file(&dir.join("pcap-nginx-correct-two-hops.pcap"));
    assert!(
        correct.source.text.contains("(hop 2 of 2: proxy -> next hop)"),
        "{}",
        summary(&correct)
    );
    assert!(lost(&correct).is_empty(), "{:?}", lost(&correct));
    let stripping = check_file(&dir.join("pcap-nginx-stripping-two-hops.pcap"));
    assert!(lost(&stripping)[0].contains("Upgrade;"), "{:?}", lost(&stripping));
    let relay = check_file(&dir.join("pcap-relay-new-key-two-hops.pcap"));
    assert!(
        relay.source.text.contains("(hop 2 of 2: proxy -> next hop, with the proxy's own key)"),
        "{}",
        relay.source.text
    );
    assert!(lost(&relay)[0].ends_with("lost what the client sent: Origin"), "{:?}", lost(&relay));
    for exchange in &relay.exchanges {
        assert_eq!(exchange.verdict.handshake, HandshakeVerdict::Ok, "{}", summary(&relay));
    }
}

/// The recorded Ethernet capture, rewritten to the BSD loopback (NULL) and raw IP link types,
/// gives the same report: those link types have no tcpdump recording on Linux.
#[test]
fn pcap_link_types_agree() {
    let dir =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/captured/formats");
    let ethernet = std::fs::read(dir.join("pcap-lo-ethernet-chromium-node-ws.pcap")).unwrap();
    assert_eq!(&ethernet[..4], &[0xd4, 0xc3, 0xb2, 0xa1], "a little-endian microsecond pcap");
    // linktype 0 (NULL): a 4-byte host-order address family; 101 (RAW): the IP packet alone.
    for (linktype, prefix) in [(0u32, 2u32.to_le_bytes().to_vec()), (101, Vec::new())] {
        let mut out = ethernet[..24].to_vec();
        out[20..24].copy_from_slice(&linktype.to_le_bytes());
        let mut at = 24;
        while at + 16 <= ethernet.len() {
            let caplen = u32::from_le_bytes(ethernet[at + 8..at + 12].try_into().unwrap()) as usize;
            let packet = &ethernet[at + 16..at + 16 + caplen];
            let ip = [prefix.as_slice(), &packet[14..]].concat();
            out.extend_from_slice(&ethernet[at..at + 8]);
            out.extend_from_slice(&(ip.len() as u32).to_le_bytes());
            out.extend_from_slice(&(ip.len() as u32).to_le_bytes());
            out.extend_from_slice(&ip);
            at += 16 + caplen;
        }
        let rewritten = inspect(&out, &Options::default());
        let original = inspect(&ethernet, &Options::default());
        assert_eq!(rewritten.exchanges.len(), 1, "linktype {linktype}");
        assert_eq!(summary(&rewritten), summary(&original), "linktype {linktype}");
    }
}

/// DevTools "Copy as cURL" of a recorded Chromium request, in bash and in cmd quoting, rebuilds
/// the very request head Chromium sent (Chromium, like curl, sends Host first).
#[test]
fn copy_as_curl_rebuilds_the_request_on_the_wire() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let wire = check_file(&root.join("captured/valid/chromium-node-ws.txt"));
    let wire_request = wire.exchanges[0].request.as_ref().unwrap();
    let wire_head = &wire.source.text[wire_request.span.range()];
    for quoting in ["bash", "cmd"] {
        let report = check_file(&root.join(format!("rules/CAP708-copy-as-curl-{quoting}.txt")));
        assert_eq!(report.source.format, wslens_core::Format::CurlCommand, "{quoting}");
        let request = report.exchanges[0].request.as_ref().unwrap();
        assert_eq!(&report.source.text[request.span.range()], wire_head, "{quoting}");
        let accept =
            |r: &wslens_core::Report| r.exchanges[0].accept.as_ref().unwrap().expected.clone();
        assert_eq!(accept(&report), accept(&wire), "{quoting}");
    }
}

/// Every fixture, prepared and sent through JSON (as the viewer's worker sends it), then
/// checked, gives the same report as `inspect`; and preparing a capture reports progress up
/// to its whole length.
#[test]
fn prepared_inputs_survive_serialisation() {
    let options = Options::default();
    for path in fixtures() {
        let bytes = std::fs::read(&path).unwrap();
        let mut seen = Vec::new();
        let prepared =
            wslens_core::prepare_with_progress(&bytes, &options, &mut |p| seen.push(p.done));
        let json = serde_json::to_string(&prepared).unwrap();
        let back: wslens_core::Prepared = serde_json::from_str(&json).unwrap();
        assert_eq!(back, prepared, "{}", path.display());
        let report = wslens_core::inspect_prepared(back, &options);
        assert_eq!(report, inspect(&bytes, &options), "{}", path.display());
        assert!(seen.windows(2).all(|w| w[0] <= w[1]), "{}: {seen:?}", path.display());
        assert_eq!(seen.last(), Some(&(bytes.len() as u64)), "{}", path.display());
    }
}
