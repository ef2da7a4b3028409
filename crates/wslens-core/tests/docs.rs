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
