//! Freezes the JSON boundary: full reports of a few fixtures as JSON snapshots.
#![allow(clippy::disallowed_methods, reason = "tests read fixture files; the core itself does not")]

mod common;

use std::path::Path;

fn fixture(rel: &str) -> wslens_core::Report {
    common::check_file(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(rel))
}

#[test]
fn json_reports() {
    for (name, rel) in [
        ("rfc6455_sample", "valid/rfc6455-sample.txt"),
        ("wrong_accept_chromium", "captured/failing/WS226-chromium-wrong-accept.txt"),
        ("bad_deflate_offer", "rules/PMD402-offer-window-7.txt"),
        ("not_http", "rules/HTTP000-not-http.txt"),
    ] {
        insta::with_settings!({ omit_expression => true }, {
            insta::assert_json_snapshot!(name, fixture(rel));
        });
    }
}

#[test]
fn required_fields_have_their_contract_names() {
    let value =
        serde_json::to_value(fixture("captured/failing/WS226-chromium-wrong-accept.txt")).unwrap();
    let exchange = &value["exchanges"][0];
    assert_eq!(value["schemaVersion"], 1);
    assert_eq!(exchange["verdict"]["request"], "valid");
    assert_eq!(exchange["verdict"]["response"], "invalid");
    assert_eq!(exchange["verdict"]["handshake"], "failed");
    for field in ["key", "expected", "received", "matches"] {
        assert!(exchange["accept"].get(field).is_some(), "accept.{field}");
    }
    let finding = &exchange["findings"][0];
    for field in ["code", "severity", "rfc", "message", "help"] {
        assert!(finding[field].is_string(), "finding.{field}");
    }
    assert!(finding["span"]["start"].is_u64() && finding["span"]["end"].is_u64());
    let no_key = serde_json::to_value(fixture("rules/WS114-key-missing.txt")).unwrap();
    assert!(no_key["exchanges"][0]["accept"].is_null());
}
