//! The CLI end to end: human output and JSON snapshots, exit codes, the small commands.

use std::{
    path::{Path, PathBuf},
    process::{Command, Output},
};

/// The core's test helpers: the list of every fixture.
#[path = "../../wslens-core/tests/common/mod.rs"]
mod common;

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../wslens-core/tests/fixtures").join(rel)
}

fn wslens(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_wslens"))
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .output()
        .unwrap()
}

/// Runs `wslens check --color never` on a fixture, from its folder so the origin is its file name.
fn check(rel: &str, extra: &[&str]) -> (i32, String) {
    let path = fixture(rel);
    let name = path.file_name().unwrap().to_str().unwrap().to_owned();
    let mut args = vec!["check", "--color", "never"];
    args.extend_from_slice(extra);
    args.push(&name);
    let out = wslens(&args, path.parent().unwrap());
    (out.status.code().unwrap(), String::from_utf8(out.stdout).unwrap())
}

#[test]
fn human_output_snapshots() {
    for (name, rel) in [
        ("ok_rfc6455_sample", "valid/rfc6455-sample.txt"),
        ("wrong_accept", "captured/failing/WS226-chromium-wrong-accept.txt"),
        ("proxy_200", "rules/WS202-200-proxy-stripped.txt"),
        ("unoffered_subprotocol", "captured/failing/WS302-python-unoffered-protocol.txt"),
        ("bad_deflate_parameter", "captured/failing/PMD414-chromium-bad-deflate.txt"),
        ("missing_connection", "captured/failing/WS222-chromium-no-connection.txt"),
        ("duplicate_accept", "captured/failing/WS225-python-duplicate-accept.txt"),
    ] {
        let (code, out) = check(rel, &[]);
        let expected_code = if name.starts_with("ok_") { 0 } else { 1 };
        assert_eq!(code, expected_code, "{rel}\n{out}");
        insta::with_settings!({ omit_expression => true }, {
            insta::assert_snapshot!(name, out);
        });
    }
}

#[test]
fn html_report_snapshots() {
    for (name, rel) in [
        ("html_wrong_accept", "captured/failing/WS226-chromium-wrong-accept.txt"),
        ("html_proxy_200", "rules/WS202-200-proxy-stripped.txt"),
        ("html_har", "captured/formats/har-firefox-forbidden.har.json"),
    ] {
        let (code, out) = check(rel, &["--html"]);
        assert_eq!(code, 1, "{rel}");
        // Self-contained: no script, nothing fetched, every finding linked to its mark.
        assert!(out.starts_with("<!doctype html>") && out.ends_with("</html>\n"));
        for forbidden in ["<script", " src=", "<link", "@import", "url("] {
            assert!(!out.contains(forbidden), "{rel}: {forbidden}");
        }
        let links = out.matches("<a href=\"#i0x").count();
        let targets = out.matches("<a id=\"i0x").count();
        assert!(links > 0 && links == targets, "{rel}: {links} links, {targets} anchors");
        insta::with_settings!({ omit_expression => true }, {
            insta::assert_snapshot!(name, out);
        });
    }
    let (_, both) = check("valid/rfc6455-sample.txt", &["--html", "--json"]);
    assert!(both.is_empty(), "--html and --json exclude each other");
}

#[test]
fn json_is_the_report() {
    let (code, out) = check("valid/rfc6455-sample.txt", &["--json"]);
    assert_eq!(code, 0);
    let value: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(value["exchanges"][0]["verdict"]["handshake"], "ok");
    assert_eq!(value["exchanges"][0]["accept"]["expected"], "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
}

#[test]
fn copy_as_curl_commands_are_read_and_can_be_forced() {
    for quoting in ["bash", "cmd"] {
        let rel = format!("rules/CAP708-copy-as-curl-{quoting}.txt");
        for extra in [&[][..], &["--format", "curl-command"][..]] {
            let (code, out) = check(&rel, extra);
            assert_eq!(code, 1, "a command has no response, so the handshake is incomplete\n{out}");
            assert!(out.contains("CAP708"), "{out}");
            assert!(
                out.contains("bZcLS+opYTor9KlAEVUqQjRPBfg="),
                "the accept the server must send\n{out}"
            );
        }
    }
    let (code, out) =
        check("rules/WS202-200-proxy-stripped.txt", &["--format", "curl-command", "--json"]);
    assert_eq!(code, 2, "a transcript forced as a command is unusable\n{out}");
}

#[test]
fn exit_codes() {
    assert_eq!(check("rules/HTTP000-not-http.txt", &[]).0, 2, "nothing HTTP is unusable");
    assert_eq!(check("rules/WS200-response-missing.txt", &[]).0, 1, "incomplete is not ok");
    let out = wslens(&["check", "no-such-file.txt"], Path::new(env!("CARGO_MANIFEST_DIR")));
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read no-such-file.txt"));
}

#[test]
fn reads_stdin() {
    use std::io::Write as _;
    let mut child = Command::new(env!("CARGO_BIN_EXE_wslens"))
        .args(["check", "--json", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(&std::fs::read(fixture("valid/rfc6455-sample.txt")).unwrap())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let value: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(value["source"]["name"], "<stdin>");
}

#[test]
fn captures_stream_from_a_pipe_and_a_fifo_as_from_a_file() {
    use std::io::Write as _;
    let pcap = fixture("rules/CAP707-nginx-stripping-both-hops.pcap");
    let from_file = wslens(&["check", "--json", pcap.to_str().unwrap()], Path::new("."));
    let report = |out: &[u8]| {
        let mut value: serde_json::Value = serde_json::from_slice(out).unwrap();
        value["source"]["name"] = serde_json::Value::Null;
        value
    };
    // Standard input, written a few bytes at a time.
    let mut child = Command::new(env!("CARGO_BIN_EXE_wslens"))
        .args(["check", "--json", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    for piece in std::fs::read(&pcap).unwrap().chunks(3) {
        stdin.write_all(piece).unwrap();
    }
    drop(stdin);
    let piped = child.wait_with_output().unwrap();
    assert_eq!(piped.status.code(), from_file.status.code());
    assert_eq!(report(&piped.stdout), report(&from_file.stdout));
    // A FIFO.
    let dir = std::env::temp_dir().join(format!("wslens-fifo-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let fifo = dir.join("capture.pcap");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    let writer = {
        let (fifo, pcap) = (fifo.clone(), pcap.clone());
        std::thread::spawn(move || std::fs::write(fifo, std::fs::read(pcap).unwrap()).unwrap())
    };
    let from_fifo = wslens(&["check", "--json", fifo.to_str().unwrap()], Path::new("."));
    writer.join().unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(report(&from_fifo.stdout), report(&from_file.stdout));
}

#[test]
fn small_commands() {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let accept = wslens(&["accept", "dGhlIHNhbXBsZSBub25jZQ=="], here);
    assert_eq!(String::from_utf8(accept.stdout).unwrap(), "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\n");
    let explained = String::from_utf8(
        wslens(&["accept", "dGhlIHNhbXBsZSBub25jZQ==", "--explain"], here).stdout,
    )
    .unwrap();
    insta::assert_snapshot!("accept_explain", explained);
    let header = String::from_utf8(wslens(&["explain", "sec-websocket-key"], here).stdout).unwrap();
    assert!(header.starts_with("Sec-WebSocket-Key\n  sent by:  client"), "{header}");
    let unknown = String::from_utf8(wslens(&["explain", "X-Custom"], here).stdout).unwrap();
    assert!(unknown.contains("does not use"), "{unknown}");
    let rules = String::from_utf8(wslens(&["rules"], here).stdout).unwrap();
    assert!(rules.lines().any(|l| l.starts_with("WS226   error   RFC 6455 §4.1")), "{rules}");
    assert_eq!(rules.lines().count(), wslens_core::rules().len());
}

/// The exit status follows the README's rule from the report's verdicts on every fixture:
/// 2 when nothing is usable, 1 when a handshake is not ok or a message is invalid or the
/// input is a client's error message, else 0.
#[test]
fn exit_status_follows_the_verdicts_on_every_fixture() {
    let mut checked = 0;
    for path in common::fixtures() {
        let out = wslens(&["check", "--json", path.to_str().unwrap()], Path::new("."));
        let report: serde_json::Value = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let exchanges = report["exchanges"].as_array().unwrap();
        let expected = if report["summary"]["unusable"] == true {
            2
        } else if exchanges.is_empty() {
            if report["source"]["format"] == "error" {
                1
            } else {
                2
            }
        } else if exchanges.iter().any(|e| {
            let v = &e["verdict"];
            v["handshake"] != "ok" || v["request"] == "invalid" || v["response"] == "invalid"
        }) || report["summary"]["ok"] != report["summary"]["exchanges"]
            || report["summary"]["invalid"] != 0
        {
            1
        } else {
            0
        };
        assert_eq!(out.status.code(), Some(expected), "{}", path.display());
        checked += 1;
    }
    assert!(checked > 200, "only {checked} fixtures");
}

/// `--redact` gives the report of the redacted input: on every fixture, the same verdicts and
/// finding codes as without it.
#[test]
fn redact_keeps_the_verdicts_and_codes_on_every_fixture() {
    let codes = |report: &serde_json::Value| {
        let exchanges = report["exchanges"].as_array().unwrap();
        let mut codes: Vec<String> = report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .chain(exchanges.iter().flat_map(|e| e["findings"].as_array().unwrap()))
            .map(|f| f["code"].as_str().unwrap().to_owned())
            .collect();
        codes.sort_unstable();
        let verdicts: Vec<_> = exchanges.iter().map(|e| e["verdict"].clone()).collect();
        (codes, verdicts)
    };
    let mut checked = 0;
    for path in common::fixtures() {
        let path = path.to_str().unwrap();
        let read = |extra: &[&str]| {
            let mut args = vec!["check", "--json"];
            args.extend_from_slice(extra);
            args.push(path);
            let out = wslens(&args, Path::new("."));
            let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
            (out.status.code(), codes(&report))
        };
        assert_eq!(read(&["--redact"]), read(&[]), "{path}");
        assert_eq!(read(&["--redact", "--redact-hosts"]), read(&[]), "{path} with hosts");
        checked += 1;
    }
    assert!(checked > 200, "only {checked} fixtures");
}

/// `--redact` hides the secrets in every output: the text, the values, the quotes in the
/// findings, a HAR's recorded messages.
#[test]
fn redact_hides_the_secrets_in_every_output() {
    let dir = std::env::temp_dir().join(format!("wslens-redact-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NSJ9.c2lnbmF0dXJlc2VjcmV0";
    let text = format!(
        "# captured with token 5f2b9c4e7a1d3f86aa\nGET /chat?access_token={jwt} HTTP/1.1\r\nHost: a.example\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nCookie: sid=s3ss10n-c00k1e\r\nAuthorization: Basic YWxpY2U6aHVudGVyMg==\r\nSec-WebSocket-Protocol: chat, {jwt}\r\n\r\nHTTP/1.1 401 Unauthorized\r\nContent-Length: 25\r\n\r\npassword hunter2 is wrong"
    );
    let har = r#"{"log":{"entries":[{"_resourceType":"websocket","request":{"method":"GET","url":"wss://a.example/ws","httpVersion":"HTTP/1.1","headers":[{"name":"Host","value":"a.example"},{"name":"Upgrade","value":"websocket"},{"name":"Connection","value":"Upgrade"},{"name":"Sec-WebSocket-Key","value":"dGhlIHNhbXBsZSBub25jZQ=="},{"name":"Sec-WebSocket-Version","value":"13"}]},
        "response":{"status":101,"statusText":"Switching Protocols","httpVersion":"HTTP/1.1","headers":[{"name":"Upgrade","value":"websocket"},{"name":"Connection","value":"Upgrade"},{"name":"Sec-WebSocket-Accept","value":"s3pPLMBiTxaQ9kYGzzhZRbK+xOo="}]},
        "_webSocketMessages":[{"type":"send","opcode":1,"data":"{\"login\":\"alice\",\"password\":\"hunter2\"}","time":1}]}]}}"#;
    std::fs::write(dir.join("secrets.txt"), &text).unwrap();
    std::fs::write(dir.join("messages.har"), har).unwrap();
    for file in ["secrets.txt", "messages.har"] {
        for output in [&[][..], &["--json"], &["--html"]] {
            let mut args = vec!["check", "--color", "never", "--redact"];
            args.extend_from_slice(output);
            args.push(file);
            let out = String::from_utf8(wslens(&args, &dir).stdout).unwrap();
            assert!(!out.is_empty(), "{file} {output:?}");
            for secret in [
                "5f2b9c4e7a1d3f86aa",
                "c2lnbmF0dXJl",
                "s3ss10n-c00k1e",
                "YWxpY2U6aHVudGVyMg",
                "hunter2",
            ] {
                assert!(!out.contains(secret), "{file} {output:?}: {secret} survives:\n{out}");
            }
            assert!(out.contains("dGhlIHNhbXBsZSBub25jZQ=="), "{file} {output:?}: the key stays");
        }
    }
    let plain =
        String::from_utf8(wslens(&["check", "--json", "messages.har"], &dir).stdout).unwrap();
    assert!(plain.contains("hunter2"), "without --redact the report is as read");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A mark on an empty line's line break is drawn on that line, as in the whole text (a
/// snippet cut just after the line break drew it as `...`).
#[test]
fn a_mark_on_a_line_break_is_drawn_on_its_line() {
    let dir = std::env::temp_dir().join(format!("wslens-render-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let text = "GET /chat HTTP/1.1\r\nHost: a.example\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\nHTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n";
    std::fs::write(dir.join("lf.txt"), text).unwrap();
    let out =
        String::from_utf8(wslens(&["check", "--color", "never", "lf.txt"], &dir).stdout).unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    assert!(out.contains("HTTP001"), "{out}");
    assert!(out.lines().any(|l| l.trim_end() == "7 |"), "{out}");
    assert!(!out.lines().any(|l| l.trim_end().ends_with("| ...")), "{out}");
}

/// Past the first thousand exchanges the report counts instead of detailing: the summary
/// line says so, a failure there still sets the exit status, and `--all-exchanges` details
/// every one.
#[test]
fn exchanges_past_a_thousand_are_counted_and_all_exchanges_details_them() {
    let rel = "rules/CAP711-load-test-past-a-thousand.txt";
    let (code, text) = check(rel, &[]);
    assert_eq!(code, 1, "the refused exchange is past the detailed ones");
    assert!(
        text.starts_with("warning[CAP711]: the input holds 1001 exchanges"),
        "{}",
        &text[..200]
    );
    let last = text.lines().last().unwrap();
    assert_eq!(
        last,
        "CAP711-load-test-past-a-thousand.txt: 1001 exchanges: 1000 ok, 1 failed, 0 incomplete; 1 error, 1 warning, 0 notes (the last 1 exchange counted, not detailed: CAP711)"
    );
    let (code, text) = check(rel, &["--all-exchanges"]);
    assert_eq!(code, 1);
    assert!(!text.contains("[CAP711]") && !text.contains("not detailed"));
    assert!(text.contains("503 Service Unavailable"));
    let out = wslens(
        &["check", "--json", "--all-exchanges", fixture(rel).to_str().unwrap()],
        Path::new("."),
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["exchanges"].as_array().unwrap().len(), 1001);
    assert_eq!(report["summary"]["notDetailed"], 0);
}
