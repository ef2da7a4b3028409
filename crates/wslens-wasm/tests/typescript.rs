//! The npm package's `report.d.ts` is generated from the Rust types the report serialises
//! (ts-rs reads their serde attributes), so the declarations cannot drift from the JSON.
//! `WSLENS_BLESS=1 cargo test -p wslens-wasm --test typescript` rewrites the file.

use std::path::Path;

use ts_rs::{Config, TS};
use wslens_core::*;

/// Every type reachable from the API's return values, in reading order.
fn declarations(cfg: &Config) -> Vec<(String, Option<String>)> {
    macro_rules! decls {
        ($($t:ty),* $(,)?) => { vec![$((<$t as TS>::decl(cfg), <$t as TS>::docs())),*] };
    }
    decls![
        Report,
        Source,
        Format,
        SourceKind,
        Summary,
        Exchange,
        Mechanism,
        Verdict,
        MessageVerdict,
        HandshakeVerdict,
        Message,
        StartLine,
        Header,
        Body,
        BodyKind,
        Accept,
        AcceptDiagnosis,
        Negotiation,
        ExtensionItem,
        ExtensionParam,
        NegotiationRow,
        ExpectedResponse,
        SoftwareFix,
        ClientVerdict,
        ProfileBasis,
        MessageLog,
        WsMessage,
        FrameHeader,
        Direction,
        Finding,
        FindingCounts,
        Label,
        Span,
        Severity,
        Part,
        RuleInfo,
        ClauseBasis,
        AppliesTo,
        HeaderDoc,
        SentBy,
        AcceptSteps,
    ]
}

fn generated() -> String {
    // Every integer of the report fits a JavaScript number.
    let cfg = Config::new().with_large_int("number");
    let mut out = String::from(
        "// Generated from the Rust types of wslens-core (crates/wslens-core/src/report.rs) by\n\
         // crates/wslens-wasm/tests/typescript.rs; do not edit. The JSON of `wslens check --json`,\n\
         // the return value of `inspect` and the detail of the element's `wslens-report` event\n\
         // all have this shape.\n",
    );
    for (decl, docs) in declarations(&cfg) {
        out.push('\n');
        if let Some(docs) = docs {
            out.push_str(&docs);
        }
        out.push_str("export ");
        out.push_str(&tidy(&decl));
        out.push('\n');
    }
    out
}

/// ts-rs writes an object type's fields flush left, each line ending in a space: indent the
/// fields and put the closing brace on its own line.
fn tidy(decl: &str) -> String {
    let lines: Vec<&str> = decl.lines().map(str::trim_end).collect();
    let [first, fields @ ..] = &lines[..] else { return decl.to_owned() };
    if fields.is_empty() {
        return (*first).to_owned();
    }
    let mut out = vec![(*first).to_owned()];
    for line in fields {
        match line.strip_suffix("};") {
            Some(last) => {
                out.push(format!("  {}", last.trim_end()));
                out.push("};".to_owned());
            }
            None => out.push(format!("  {line}")),
        }
    }
    out.join("\n")
}

#[test]
fn report_declarations_match_the_rust_types() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("npm/report.d.ts");
    let want = generated();
    if std::env::var_os("WSLENS_BLESS").is_some() {
        std::fs::write(&path, &want).unwrap();
        return;
    }
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        have == want,
        "{} is out of date: run WSLENS_BLESS=1 cargo test -p wslens-wasm --test typescript",
        path.display()
    );
}
