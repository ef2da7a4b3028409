//! docs/rules.md and docs/headers.md are rendered from the rule table and the knowledge base;
//! this test fails when the committed files differ. Regenerate with
//! `WSLENS_BLESS=1 cargo test -p wslens-core --test docs`.
#![allow(clippy::disallowed_methods, reason = "tests read and write the committed docs")]

use std::{fmt::Write as _, path::Path};

use wslens_core::{header_docs, rules, AppliesTo, ClauseBasis, SentBy};

fn check_fresh(file: &str, rendered: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs").join(file);
    if std::env::var_os("WSLENS_BLESS").is_some() {
        std::fs::write(&path, rendered).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == rendered,
        "docs/{file} is stale: run `WSLENS_BLESS=1 cargo test -p wslens-core --test docs`"
    );
}

#[test]
fn rules_md_is_fresh() {
    let mut out = String::from("# Rules\n\n");
    out.push_str("<!-- Generated from crates/wslens-core/src/rules.rs by `WSLENS_BLESS=1 cargo test -p wslens-core --test docs`; do not edit. -->\n\n");
    out.push_str("Every check wslens makes, with its stable code.\n");
    out.push_str("Severity follows the RFC keyword: MUST is an error, SHOULD or a known interop breaker a warning, the rest info.\n");
    out.push_str("\"Client fails\" marks the rules where a client that follows RFC 6455 fails the connection.\n");
    out.push_str(
        "A clause in quotation marks is quoted from the RFC. The others are in our words, marked by what they are (`basis` in `wslens rules --json`): a summary of a clause the section states over several sentences or places, or, for a rule about real clients' behaviour (interop) or a capture format (capture), the fact it rests on, next to the section that frames it.\n\n",
    );
    out.push_str("| Code | Slug | Severity | Applies to | Client fails | Clause |\n|---|---|---|---|---|---|\n");
    for r in rules() {
        let _ = writeln!(
            out,
            "| [{}](#{}) | {} | {} | {} | {} | {} |",
            r.code,
            r.code.to_lowercase(),
            r.slug,
            r.severity.as_str(),
            applies(r.applies_to),
            if r.fails_handshake { "yes" } else { "" },
            r.rfc
        );
    }
    for r in rules() {
        let _ = write!(
            out,
            "\n## {}\n\n**{}**: {}.\n{} · applies to the {}",
            r.code,
            r.slug,
            r.title,
            r.severity.as_str(),
            applies(r.applies_to)
        );
        if r.fails_handshake {
            out.push_str(" · a client following RFC 6455 fails the connection");
        }
        let clause = match r.basis {
            ClauseBasis::Quote => r.clause.to_owned(),
            ClauseBasis::Summary => format!("Summary: {}", r.clause),
            ClauseBasis::Interop => format!("Interop: {}", r.clause),
            ClauseBasis::Capture => format!("Capture format: {}", r.clause),
        };
        let _ = writeln!(out, " · {}\n\n> {clause}\n\n{}", r.rfc, r.why);
    }
    check_fresh("rules.md", &out);
}

fn applies(a: AppliesTo) -> &'static str {
    match a {
        AppliesTo::Input => "input",
        AppliesTo::Request => "request",
        AppliesTo::Response => "response",
        AppliesTo::Message => "message",
        AppliesTo::Handshake => "handshake",
    }
}

#[test]
fn headers_md_is_fresh() {
    let mut out = String::from("# Header knowledge base\n\n");
    out.push_str("<!-- Generated from crates/wslens-core/src/explain.rs by `WSLENS_BLESS=1 cargo test -p wslens-core --test docs`; do not edit. -->\n\n");
    out.push_str("What `wslens explain HEADER` and the viewer say about each header seen in real handshakes.\n");
    out.push_str(
        "Headers not listed here get a neutral entry: the handshake does not use them.\n\n",
    );
    out.push_str("| Header | Sent by | Required | Defined in |\n|---|---|---|---|\n");
    for d in header_docs() {
        let by = match d.sent_by {
            SentBy::Client => "client",
            SentBy::Server => "server",
            SentBy::Both => "both",
        };
        let _ = writeln!(out, "| {} | {by} | {} | {} |", d.name, d.requirement, d.rfc);
    }
    for d in header_docs() {
        let _ = writeln!(out, "\n## {}\n\n{}\n\n{}", d.name, d.summary, d.details);
    }
    check_fresh("headers.md", &out);
}

/// docs/client-matrix.md: what each recorded client did in each scenario of
/// tools/record/clients.py, from outcomes.json, next to what wslens reports on the response.
#[test]
fn client_matrix_is_fresh() {
    const CLIENTS: [(&str, &str); 9] = [
        ("chromium", "Chromium 156"),
        ("firefox", "Firefox ESR 153"),
        ("webkitgtk", "WebKitGTK 2.50"),
        ("python", "Python websockets 17.4"),
        ("node", "Node ws 8.23"),
        ("tungstenite", "tungstenite 0.27"),
        ("tungstenite-no-offer", "tungstenite, no offer"),
        ("gorilla", "gorilla 1.5"),
        ("nhooyr", "nhooyr 1.8.7"),
    ];
    let captured = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/captured");
    let outcomes: serde_json::Value =
        serde_json::from_slice(&std::fs::read(captured.join("outcomes.json")).unwrap()).unwrap();
    let outcomes = outcomes.as_object().unwrap();
    // Scenarios in the order the recorder plays them (the first client's files, sorted).
    let mut scenarios: Vec<String> = outcomes
        .keys()
        .filter_map(|k| {
            k.strip_prefix("clients/chromium-")?.strip_suffix(".txt").map(str::to_owned)
        })
        .collect();
    scenarios.sort_by_key(|s| (!s.starts_with("raw-"), s.clone()));
    let mut out = String::from("# What real clients did\n\n");
    out.push_str("<!-- Generated from crates/wslens-core/tests/fixtures/captured/outcomes.json by `WSLENS_BLESS=1 cargo test -p wslens-core --test docs`; do not edit. -->\n\n");
    out.push_str("Each client connected to each scenario through the recording relay of `tools/record/clients.py` (raw: the raw server's answer at that path; the others are real servers, and nginx in front of Node ws or, stripping Upgrade, of Python websockets).\n");
    out.push_str("A cell says what the client itself reported: it opened the WebSocket, or it failed. Every client offers the subprotocols chat and superchat, but for \"tungstenite, no offer\". The last column lists the errors and warnings wslens reports on the response recorded with Chromium. `client_profiles_agree_with_recorded_clients` checks every profile against every cell; [clients.md](clients.md) explains the profiles.\n\n");
    out.push_str("| scenario | ");
    out.push_str(&CLIENTS.map(|(_, name)| name).join(" | "));
    out.push_str(" | wslens reports |\n|---|");
    out.push_str(&"---|".repeat(CLIENTS.len() + 1));
    out.push('\n');
    for scenario in &scenarios {
        let _ = write!(out, "| {scenario} |");
        for (client, _) in CLIENTS {
            let outcome = outcomes
                .get(&format!("clients/{client}-{scenario}.txt"))
                .and_then(|o| o["outcome"].as_str());
            let cell = match outcome {
                Some("open") => "opens",
                Some(_) => "fails",
                None => "",
            };
            let _ = write!(out, " {cell} |");
        }
        let bytes =
            std::fs::read(captured.join(format!("clients/chromium-{scenario}.txt"))).unwrap();
        let report = wslens_core::inspect(&bytes, &wslens_core::Options::default());
        let mut codes: Vec<&str> = Vec::new();
        for f in report.exchanges.iter().flat_map(|e| &e.findings) {
            let notable =
                f.severity != wslens_core::Severity::Info && f.part != wslens_core::Part::Request;
            if notable && !codes.contains(&f.code) {
                codes.push(f.code);
            }
        }
        let _ = writeln!(out, " {} |", codes.join(", "));
    }
    check_fresh("client-matrix.md", &out);
}

/// docs/probe-suite.md: every case of `wslens probe --suite`, from the suite's table.
#[test]
fn probe_suite_md_is_fresh() {
    use wslens_core::suite::{Expect, Level, CASES};
    let scoring = |expect: Expect| {
        match expect {
        Expect::Switch => "pass when the server opens the WebSocket with a 101 an RFC 6455 client accepts; fail on anything else",
        Expect::Refuse => "pass on a 4xx (and on 505 for the HTTP/1.0 case); fail on a 101, and when the server closes or stays silent without an HTTP error (RFC 6455 §4.2.1 asks for one); warn on another status",
        Expect::RefuseWithVersion => "pass on a 4xx whose Sec-WebSocket-Version names 13; fail on a 101, a 4xx without it, or no HTTP answer; warn on another status",
        Expect::OlderVersion => "pass on a 101 (the server speaks that version too) or on a 4xx whose Sec-WebSocket-Version names 13; fail on a 4xx without it",
        Expect::NoSubprotocol => "pass on a 101 without Sec-WebSocket-Protocol, or a 4xx; fail when the 101 selects one",
        Expect::OnlyOffered => "pass on a 101 that selects nothing or what was offered, or a 4xx; fail when it selects another",
        Expect::NoExtension => "pass on a 101 without Sec-WebSocket-Extensions, or a 4xx; fail when the 101 accepts the offer",
        Expect::ValidIfSwitched => "pass on a 4xx, or on a 101 whose answer to the offer has no error (RFC 7692's rules, PMD4xx and WS31x); fail on a 101 that answers it wrongly",
        Expect::RefuseForeignOrigin => "pass on a 403 or another 4xx; warn on a 101 (the RFC leaves the policy to the server, but a 101 lets any page use a logged-in user's cookies) and on any other answer",
        Expect::Answers => "pass on a 101 (the server takes it) or a 4xx; warn on a 5xx, another answer, or none (a hang or a reset)",
        Expect::H2Setting => "over HTTP/2 (a wss:// URL whose server offers h2): pass when SETTINGS_ENABLE_CONNECT_PROTOCOL is 1; warn when not; n/a without HTTP/2",
        Expect::H2Open => "pass on a 2xx to the extended CONNECT; fail on any other answer; n/a when the SETTINGS do not allow it or without HTTP/2",
        Expect::H2PlainConnect => "fail on a 2xx to a CONNECT without :protocol; pass on any other answer or a reset stream; n/a without HTTP/2",
        Expect::ReadsCompressed => "after a 101 that accepts permessage-deflate, the probe sends a compressed message: pass when the server sends a message back, fail when it closes with an error code; pass when it declines the offer or refuses; warn when it stays silent or closes normally",
    }
    };
    let mut out = String::from("# The conformance suite\n\n");
    out.push_str("<!-- Generated from crates/wslens-core/src/suite.rs by `WSLENS_BLESS=1 cargo test -p wslens-core --test docs`; do not edit. -->\n\n");
    out.push_str("`wslens probe --suite URL` runs these cases against a server's opening handshake, one connection each, 50 ms apart (`--delay`). Each request is the chosen client's own (`--as`, default chrome) with one change; the core checks the answer as it checks any transcript, and the case judges it. `--list` prints them, `--case ID` (a prefix, repeatable) runs some, `--strict` adds the SHOULD cases, `--json` and `--junit FILE` write the results. A case that leaves out a header the chosen client never sends (no Origin from curl) is skipped as n/a. The exit status is 0 when no MUST case fails, 1 when one does (or the baseline does not open, which skips the rest), 2 when the server cannot be reached. [servers.md](servers.md) shows how Python websockets and Node ws score.\n\n");
    out.push_str("| case | level | sends |\n|---|---|---|\n");
    for case in CASES {
        let level = if case.level == Level::Must { "MUST" } else { "SHOULD" };
        let _ = writeln!(
            out,
            "| [{}](#{}) | {level} | {} |",
            case.id,
            case.id.replace(['/', '.'], ""),
            case.sends
        );
    }
    for case in CASES {
        let level = if case.level == Level::Must { "MUST" } else { "SHOULD (run with `--strict`)" };
        let _ = write!(
            out,
            "\n## {}\n\n{level}. **Sends:** {}.\n\n**The RFC:** {}\n\n**Scored:** {}.\n",
            case.id,
            case.sends,
            case.clause,
            scoring(case.expect)
        );
    }
    check_fresh("probe-suite.md", &out);
}
