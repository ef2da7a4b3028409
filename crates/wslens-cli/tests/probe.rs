//! `wslens probe` against real servers on 127.0.0.1: the raw server of broken answers, Python
//! websockets (plain and over TLS with certificates made here), Node ws, and servers that are
//! not WebSocket servers. Each server is started here and stopped by its PID; no traffic
//! leaves loopback. The servers are the recorders' (tools/record/), so a probe's verdict can
//! be compared with what the real client did against the same server (outcomes.json).

use std::os::unix::process::CommandExt;
use std::{
    net::{TcpListener, TcpStream},
    path::{Path, PathBuf},
    process::{Child, Command, Stdio},
    time::{Duration, Instant},
};

use serde_json::Value;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A server process, stopped (by its PID) when dropped.
struct Server {
    child: Child,
    port: u16,
}

impl Server {
    /// Starts `program` with `args`, where `{port}` stands for a free port, and waits (at most
    /// ten seconds) until it accepts connections.
    fn start(program: &str, args: &[&str]) -> Server {
        Server::start_on(free_port(), program, args)
    }

    /// As [`Server::start`], on a port chosen beforehand (written into a configuration).
    fn start_on(port: u16, program: &str, args: &[&str]) -> Server {
        let args: Vec<String> =
            args.iter().map(|a| a.replace("{port}", &port.to_string())).collect();
        // In a process group of its own, so that stopping it stops what it forked too
        // (proxy.py's acceptor outlived its parent).
        let mut child = Command::new(program)
            .args(&args)
            .process_group(0)
            .current_dir(root())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {program}: {e}"));
        let started = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            if let Ok(Some(status)) = child.try_wait() {
                let mut err = String::new();
                if let Some(mut stderr) = child.stderr.take() {
                    use std::io::Read;
                    let _ = stderr.read_to_string(&mut err);
                }
                panic!("{program} {args:?} exited with {status} before listening (scripts/setup.sh installs its packages):\n{err}");
            }
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "{program} {args:?} is not listening after 10 s"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        Server { child, port }
    }

    fn url(&self, scheme: &str, path: &str) -> String {
        format!("{scheme}://127.0.0.1:{}{path}", self.port)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        // The group's id is the server's PID.
        let group = format!("-{}", self.child.id());
        let _ = Command::new("kill").args(["-KILL", "--", &group]).status();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

/// The proxy variables curl reads, which the probe reads too.
const PROXY_VARIABLES: [&str; 7] =
    ["http_proxy", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY", "NO_PROXY", "no_proxy"];

fn wslens(args: &[&str]) -> Run {
    wslens_with(args, &[])
}

/// Runs wslens with these proxy variables and no others.
fn wslens_with(args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_wslens"));
    command.args(args).env_remove("NO_COLOR");
    for name in PROXY_VARIABLES {
        command.env_remove(name);
    }
    command.envs(env.iter().copied());
    let out = command.output().unwrap();
    Run {
        code: out.status.code().unwrap(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// `wslens probe URL --as PROFILE --json` with the offer, and its JSON.
fn probe_json(url: &str, profile: &str, protocols: &[&str], extra: &[&str]) -> Value {
    let mut args =
        vec!["probe", url, "--as", profile, "--json", "--frames-ms", "150", "--timeout", "5"];
    for p in protocols {
        args.extend(["--protocol", p]);
    }
    args.extend_from_slice(extra);
    let run = wslens(&args);
    assert!(run.code == 0 || run.code == 1, "{args:?}: exit {}: {}", run.code, run.stderr);
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{args:?}: {e}\n{}", run.stdout))
}

/// The codes of an exchange's findings, in order.
fn codes(exchange: &Value) -> Vec<&str> {
    let findings = exchange["findings"].as_array().expect("findings");
    findings.iter().map(|f| f["code"].as_str().unwrap()).collect()
}

/// Whether the report says `profile` opens the connection.
fn accepts(report: &Value, profile: &str) -> bool {
    let clients = report["exchanges"][0]["clients"].as_array().expect("client verdicts");
    let client = clients
        .iter()
        .find(|c| c["id"] == profile)
        .unwrap_or_else(|| panic!("no {profile} verdict"));
    client["accepts"].as_bool().unwrap()
}

fn python() -> &'static str {
    "python3"
}

/// The probe, sent as Chrome, Python websockets or Node ws, predicts what that real client did
/// against the same server (the recorder's outcomes, for every broken answer of the raw server).
#[test]
fn probes_agree_with_the_recorded_clients() {
    let captured = root().join("crates/wslens-core/tests/fixtures/captured");
    let outcomes: Value =
        serde_json::from_slice(&std::fs::read(captured.join("outcomes.json")).unwrap()).unwrap();
    let raw = Server::start(python(), &["tools/record/server_raw.py", "{port}", "120"]);
    let mut checked = 0;
    for (file, outcome) in outcomes.as_object().unwrap() {
        let Some(profile) = outcome["profile"].as_str() else { continue };
        if outcome["server"] != "raw"
            || !["chrome", "python-websockets", "node-ws"].contains(&profile)
        {
            continue;
        }
        let recorded =
            String::from_utf8_lossy(&std::fs::read(captured.join(file)).unwrap()).into_owned();
        let path = recorded.split(' ').nth(1).unwrap();
        let offer: Vec<&str> = recorded
            .lines()
            .take_while(|l| !l.trim().is_empty())
            .find_map(|l| l.strip_prefix("Sec-WebSocket-Protocol: "))
            .map(|v| v.split(',').map(str::trim).collect())
            .unwrap_or_default();
        let report = probe_json(&raw.url("ws", path), profile, &offer, &[]);
        let opened = outcome["outcome"] == "open";
        assert_eq!(
            accepts(&report, profile),
            opened,
            "{file}: the real {profile} said {}",
            outcome["outcome"]
        );
        checked += 1;
    }
    assert!(checked >= 30, "only {checked} recorded outcomes probed");
}

/// Python websockets and Node ws open the handshake of every profile that offers what they
/// answer; `--save` writes what `check` reads with the same report.
#[test]
fn real_servers_open_and_saved_probes_check_the_same() {
    let servers = [
        Server::start(python(), &["tools/record/server_py.py", "{port}", "60"]),
        Server::start("node", &["tools/record/server_ws.mjs", "{port}", "60"]),
    ];
    let dir = std::env::temp_dir().join(format!("wslens-probe-save-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for server in &servers {
        for profile in ["chrome", "python-websockets", "node-ws"] {
            let url = server.url("ws", "/chat");
            let report = probe_json(&url, profile, &["chat", "superchat"], &[]);
            let exchange = &report["exchanges"][0];
            assert_eq!(
                exchange["verdict"]["handshake"], "ok",
                "{url} as {profile}: {}",
                exchange["headline"]
            );
            assert_eq!(exchange["negotiation"]["selectedSubprotocol"], "chat");
            assert!(accepts(&report, profile));
            assert_eq!(report["probe"]["profile"], profile);
            assert!(report["probe"]["timings"]["total"].as_f64().unwrap() > 0.0);
        }
        let saved = dir.join(format!("{}.txt", server.port));
        let saved = saved.to_str().unwrap();
        let url = server.url("ws", "/chat?access_token=qu3ry-t0ken-1234");
        let args = [
            "probe",
            &url,
            "--as",
            "python-websockets",
            "--json",
            "--frames-ms",
            "150",
            "--protocol",
            "chat",
            "-H",
            "Authorization: Bearer s3cr3t-t0ken-abcdefgh",
            "-H",
            "X-Access-Key: hunter2",
            "-H",
            "X-Tenant: acme-corp",
            "-H",
            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
            "--save",
            saved,
        ];
        let run = wslens(&args);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let probed: Value = serde_json::from_str(&run.stdout).unwrap();
        let text = std::fs::read_to_string(saved).unwrap_or_else(|_| {
            String::from_utf8_lossy(&std::fs::read(saved).unwrap()).into_owned()
        });
        assert!(!text.contains("s3cr3t-t0ken"), "the saved transcript keeps the secret");
        assert!(
            !text.contains("hunter2") && text.contains("X-Access-Key: "),
            "a credential header's value is masked"
        );
        assert!(!text.contains("acme-corp"), "a custom -H header's value is masked");
        assert!(!text.contains("qu3ry-t0ken"), "the token in the URL is masked");
        // A header the rules read stays as sent, so the accept still matches.
        assert!(text.contains("Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ=="), "{text}");
        assert!(text.contains("Authorization: Bearer "), "the scheme stays: {text}");
        let checked = wslens(&["check", "--json", saved]);
        assert_eq!(checked.code, 0);
        let checked: Value = serde_json::from_str(&checked.stdout).unwrap();
        let (a, b) = (&probed["exchanges"][0], &checked["exchanges"][0]);
        assert_eq!(a["verdict"], b["verdict"]);
        assert_eq!(a["headline"], b["headline"]);
        assert_eq!(codes(a), codes(b));
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

/// `--as all` on a server that selects no subprotocol: Chrome and ws fail, Python websockets
/// opens; each row names its first failing rule.
#[test]
fn as_all_shows_where_clients_split() {
    let raw = Server::start(python(), &["tools/record/server_raw.py", "{port}", "60"]);
    let url = raw.url("ws", "/no-protocol");
    let run = wslens(&["probe", &url, "--as", "all", "--protocol", "chat", "--frames-ms", "100"]);
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    let row = |client: &str| {
        run.stdout
            .lines()
            .find(|l| l.split_whitespace().next() == Some(client))
            .unwrap_or_else(|| panic!("no row for {client}:\n{}", run.stdout))
            .to_owned()
    };
    for failing in ["chrome", "node-ws"] {
        let line = row(failing);
        assert!(line.contains(" fails ") && line.contains("WS306"), "{line}");
    }
    assert!(row("python-websockets").contains(" opens"), "{}", run.stdout);
    // One client alone: exit 0 for Python websockets, 1 for Chrome.
    let opens = wslens(&[
        "probe",
        &url,
        "--as",
        "python-websockets",
        "--protocol",
        "chat",
        "--frames-ms",
        "100",
    ]);
    assert_eq!(opens.code, 0, "{}", opens.stderr);
    let fails =
        wslens(&["probe", &url, "--as", "chrome", "--protocol", "chat", "--frames-ms", "100"]);
    assert_eq!(fails.code, 1, "{}", fails.stderr);
    assert_eq!(run.stdout.lines().filter(|l| l.contains(" 101 ")).count(), 9, "{}", run.stdout);
}

/// What keeps a probe from running gets exit status 2 and one line that says what happened.
#[test]
fn probes_that_cannot_run_say_why() {
    let closed = free_port();
    let run = wslens(&["probe", &format!("ws://127.0.0.1:{closed}/")]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("refused") && run.stderr.lines().count() == 1, "{}", run.stderr);

    let silent = Server::start(python(), &["tools/record/server_odd.py", "{port}", "silent", "60"]);
    let run = wslens(&["probe", &silent.url("ws", "/"), "--timeout", "1"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("sent nothing") && run.stderr.lines().count() == 1,
        "{}",
        run.stderr
    );

    let ssh = Server::start(python(), &["tools/record/server_odd.py", "{port}", "ssh", "60"]);
    let run = wslens(&["probe", &ssh.url("ws", "/"), "--timeout", "3"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("not HTTP") && run.stderr.contains("SSH-2.0"), "{}", run.stderr);

    // A server that trickles a byte every half second cannot stretch the probe past its
    // deadline: the head never ends, and the probe stops at the timeout with what came.
    let trickle =
        Server::start(python(), &["tools/record/server_odd.py", "{port}", "trickle", "60"]);
    let started = Instant::now();
    let run = wslens(&["probe", &trickle.url("ws", "/"), "--timeout", "2", "--json"]);
    assert!(started.elapsed() < Duration::from_secs(6), "{:?}", started.elapsed());
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(report["probe"]["ended"], "the timeout, before the end of the head");

    let plain = Server::start(python(), &["tools/record/server_raw.py", "{port}", "60"]);
    let run = wslens(&["probe", &plain.url("wss", "/"), "--timeout", "3"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("TLS") && run.stderr.lines().count() == 1, "{}", run.stderr);

    let run = wslens(&["probe", "ftp://127.0.0.1/"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("scheme"), "{}", run.stderr);
}

/// Certificates made here: a CA, and leaves signed by it (one for 127.0.0.1, one expired, one
/// for another name), each served by Python websockets over Python's ssl.
#[test]
fn tls_facts_and_certificate_failures() {
    use rcgen::{BasicConstraints, CertificateParams, IsCa, KeyPair, SanType};
    let dir = std::env::temp_dir().join(format!("wslens-probe-tls-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let ca_key = KeyPair::generate().unwrap();
    let mut ca = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca.distinguished_name.push(rcgen::DnType::CommonName, "wslens test CA");
    let ca_cert = ca.self_signed(&ca_key).unwrap();
    std::fs::write(dir.join("ca.pem"), ca_cert.pem()).unwrap();
    let leaf = |name: &str, san: SanType, expired: bool| {
        let key = KeyPair::generate().unwrap();
        let mut params = CertificateParams::new(Vec::<String>::new()).unwrap();
        params.subject_alt_names = vec![san];
        params.distinguished_name.push(rcgen::DnType::CommonName, name);
        if expired {
            params.not_before = rcgen::date_time_ymd(2020, 1, 1);
            params.not_after = rcgen::date_time_ymd(2021, 1, 1);
        }
        let cert = params.signed_by(&key, &ca_cert, &ca_key).unwrap();
        let (cert_path, key_path) =
            (dir.join(format!("{name}.pem")), dir.join(format!("{name}.key")));
        std::fs::write(&cert_path, cert.pem()).unwrap();
        std::fs::write(&key_path, key.serialize_pem()).unwrap();
        (cert_path.to_str().unwrap().to_owned(), key_path.to_str().unwrap().to_owned())
    };
    let loopback = SanType::IpAddress(std::net::IpAddr::from([127, 0, 0, 1]));
    let good = leaf("good", loopback.clone(), false);
    let expired = leaf("expired", loopback, true);
    let other = leaf("other", SanType::DnsName("other.example".try_into().unwrap()), false);
    let ca_pem = dir.join("ca.pem");
    let ca_pem = ca_pem.to_str().unwrap();
    let serve = |(cert, key): &(String, String)| {
        Server::start(python(), &["tools/record/server_tls.py", "{port}", cert, key, "60"])
    };

    let server = serve(&good);
    let report =
        probe_json(&server.url("wss", "/chat"), "chrome", &["chat"], &["--cacert", ca_pem]);
    assert_eq!(report["exchanges"][0]["verdict"]["handshake"], "ok");
    let tls = &report["probe"]["tls"];
    assert!(tls["version"].as_str().unwrap().starts_with("TLS 1."), "{tls}");
    assert_eq!(tls["verified"], true);
    assert_eq!(tls["certificate"]["names"][0], "127.0.0.1");
    assert!(tls["certificate"]["issuer"].as_str().unwrap().contains("wslens test CA"));
    // Without the CA, the issuer is unknown; with --insecure the probe looks anyway, loudly.
    let run = wslens(&["probe", &server.url("wss", "/chat"), "--timeout", "5"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("issuer not trusted") && run.stderr.contains("--cacert"),
        "{}",
        run.stderr
    );
    let run = wslens(&[
        "probe",
        &server.url("wss", "/chat"),
        "--insecure",
        "--protocol",
        "chat",
        "--frames-ms",
        "100",
        "--color",
        "never",
    ]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("NOT verified"), "{}", run.stdout);
    drop(server);

    let server = serve(&expired);
    let run = wslens(&["probe", &server.url("wss", "/chat"), "--cacert", ca_pem, "--timeout", "5"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("expired") && run.stderr.contains("2021"), "{}", run.stderr);
    drop(server);

    let server = serve(&other);
    let run = wslens(&["probe", &server.url("wss", "/chat"), "--cacert", ca_pem, "--timeout", "5"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("is for other.example, not 127.0.0.1"), "{}", run.stderr);
    drop(server);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Through a real HTTP proxy (proxy.py) with a CONNECT tunnel: given with --proxy, or read
/// from http_proxy as curl reads it, and skipped for a host NO_PROXY lists.
#[test]
fn probes_tunnel_through_an_http_proxy() {
    let proxy = Server::start(
        python(),
        &[
            "-m",
            "proxy",
            "--hostname",
            "127.0.0.1",
            "--port",
            "{port}",
            "--num-workers",
            "1",
            "--num-acceptors",
            "1",
        ],
    );
    let raw = Server::start(python(), &["tools/record/server_raw.py", "{port}", "60"]);
    let proxy_url = format!("http://127.0.0.1:{}", proxy.port);
    let url = raw.url("ws", "/forbidden");
    let run = wslens(&["probe", &url, "--json", "--proxy", &proxy_url]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(report["exchanges"][0]["response"]["startLine"]["status"], 403);
    assert_eq!(report["probe"]["proxy"]["from"], "--proxy");
    assert!(
        report["probe"]["proxy"]["answer"].as_str().unwrap().contains(" 200 "),
        "{}",
        report["probe"]
    );
    assert_eq!(report["probe"]["address"], format!("127.0.0.1:{}", proxy.port));

    let run = wslens_with(&["probe", &url, "--json"], &[("http_proxy", &proxy_url)]);
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(report["probe"]["proxy"]["from"], "http_proxy");
    let run = wslens_with(
        &["probe", &url, "--json"],
        &[("http_proxy", &proxy_url), ("NO_PROXY", "localhost,127.0.0.1")],
    );
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(report["probe"]["proxy"], Value::Null);

    // A proxy that is not there: exit 2, and the line names it.
    let run = wslens(&["probe", &url, "--proxy", &format!("http://127.0.0.1:{}", free_port())]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("refused"), "{}", run.stderr);
}

/// A redirect is reported with its diagnosis; --follow follows it and shows each handshake.
#[test]
fn redirects_are_diagnosed_and_followed_on_request() {
    let raw = Server::start(python(), &["tools/record/server_raw.py", "{port}", "60"]);
    let url = raw.url("ws", "/redirect");
    let run = wslens(&["probe", &url, "--json"]);
    assert_eq!(run.code, 1);
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    let found = codes(&report["exchanges"][0]);
    assert!(found.contains(&"WS203"), "{found:?}");
    let run = wslens(&["probe", &url, "--follow", "--json"]);
    let hops: Value = serde_json::from_str(&run.stdout).unwrap();
    let hops = hops.as_array().expect("one report per handshake");
    assert_eq!(hops.len(), 2);
    assert!(hops[1]["probe"]["url"].as_str().unwrap().ends_with("/elsewhere"));
    assert_eq!(hops[1]["exchanges"][0]["response"]["startLine"]["status"], 404);
    assert_eq!(run.code, 1);
}

/// --http2 against Node's HTTP/2 server: the extended CONNECT answered 200; a server that
/// advertises SETTINGS_ENABLE_CONNECT_PROTOCOL and answers 400 (H2814); one without the
/// setting, to which nothing is sent (H2813); cleartext h2c for ws://.
#[test]
fn http2_extended_connect() {
    let ok = Server::start("node", &["tools/record/server_h2_probe.mjs", "{port}", "ok", "60"]);
    let report =
        probe_json(&ok.url("wss", "/chat"), "chrome", &["chat"], &["--http2", "--insecure"]);
    let exchange = &report["exchanges"][0];
    assert_eq!(exchange["verdict"]["handshake"], "ok", "{}", exchange["headline"]);
    assert_eq!(exchange["mechanism"], "extended-connect");
    assert_eq!(exchange["negotiation"]["selectedSubprotocol"], "chat");
    assert_eq!(report["probe"]["enableConnectProtocol"], true);
    assert_eq!(report["probe"]["tls"]["alpn"], "h2");
    let firefox =
        probe_json(&ok.url("wss", "/chat"), "firefox", &["chat"], &["--http2", "--insecure"]);
    assert_eq!(firefox["exchanges"][0]["verdict"]["handshake"], "ok");

    let refuses =
        Server::start("node", &["tools/record/server_h2_probe.mjs", "{port}", "refuses", "60"]);
    let url = refuses.url("wss", "/chat");
    let report = probe_json(&url, "chrome", &["chat"], &["--http2", "--insecure"]);
    let exchange = &report["exchanges"][0];
    assert_eq!(exchange["verdict"]["handshake"], "failed");
    let found = codes(exchange);
    assert!(found.contains(&"H2814"), "{found:?}");
    assert!(
        exchange["headline"].as_str().unwrap().contains("advertised"),
        "{}",
        exchange["headline"]
    );
    // The saved transcript carries the setting: `check` gives the same report.
    let dir = std::env::temp_dir().join(format!("wslens-probe-h2-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let saved = dir.join("refused.txt");
    let saved = saved.to_str().unwrap();
    let run =
        wslens(&["probe", &url, "--http2", "--insecure", "--protocol", "chat", "--save", saved]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let checked = wslens(&["check", "--json", saved]);
    let checked: Value = serde_json::from_str(&checked.stdout).unwrap();
    assert_eq!(checked["exchanges"][0]["headline"], exchange["headline"]);
    std::fs::remove_dir_all(&dir).unwrap();

    let off = Server::start("node", &["tools/record/server_h2_probe.mjs", "{port}", "off", "60"]);
    let report =
        probe_json(&off.url("wss", "/chat"), "chrome", &["chat"], &["--http2", "--insecure"]);
    assert_eq!(report["probe"]["enableConnectProtocol"], false);
    let found = codes(&report["exchanges"][0]);
    assert!(found.contains(&"H2813"), "{found:?}");
    assert_eq!(
        report["exchanges"][0]["response"],
        Value::Null,
        "nothing is sent without the setting"
    );

    let cleartext = Server::start(
        "node",
        &["tools/record/server_h2_probe.mjs", "{port}", "ok-cleartext", "60"],
    );
    let report = probe_json(&cleartext.url("ws", "/chat"), "chrome", &["chat"], &["--http2"]);
    assert_eq!(report["exchanges"][0]["verdict"]["handshake"], "ok");
    assert_eq!(report["probe"]["tls"], Value::Null);

    let run = wslens(&["probe", &cleartext.url("ws", "/chat"), "--http2", "--as", "node-ws"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("does not send WebSockets over HTTP/2"), "{}", run.stderr);
}

/// nginx in front of a real server, as a correct WebSocket proxy (Upgrade and Connection
/// forwarded, HTTP/1.1 upstream) or with the default proxy set-up, which strips them.
fn nginx(dir: &Path, correct: bool, backend: u16) -> Server {
    let port = free_port();
    let prefix = dir.join(if correct { "correct" } else { "stripping" });
    std::fs::create_dir_all(&prefix).unwrap();
    let forward = if correct {
        "proxy_http_version 1.1; proxy_set_header Upgrade $http_upgrade; proxy_set_header Connection \"upgrade\"; proxy_set_header Host $host;"
    } else {
        ""
    };
    let p = prefix.display();
    let config = format!(
        "master_process off; daemon off; pid {p}/nginx.pid; error_log {p}/error.log;\n\
         events {{ worker_connections 64; }}\n\
         http {{ access_log off; client_body_temp_path {p}/body; proxy_temp_path {p}/proxy; fastcgi_temp_path {p}/fastcgi; uwsgi_temp_path {p}/uwsgi; scgi_temp_path {p}/scgi;\n\
         server {{ listen 127.0.0.1:{port}; location / {{ proxy_pass http://127.0.0.1:{backend}; {forward} }} }} }}\n"
    );
    // One process, no master: stopping it by its PID (SIGKILL, in `Drop`) stops all of nginx,
    // where a master's workers would be left running.
    let conf = prefix.join("nginx.conf");
    std::fs::write(&conf, config).unwrap();
    // Debian puts it in /usr/sbin, which a user's PATH may not have.
    let program = if Path::new("/usr/sbin/nginx").exists() { "/usr/sbin/nginx" } else { "nginx" };
    Server::start_on(port, program, &["-p", prefix.to_str().unwrap(), "-c", conf.to_str().unwrap()])
}

/// nginx as a correct proxy in front of Node ws, and with its default set-up in front of
/// Python websockets: the probe predicts what Chromium did through each (outcomes.json), and
/// names nginx with the fix in its configuration.
#[test]
fn through_nginx() {
    let dir = std::env::temp_dir().join(format!("wslens-probe-nginx-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let node = Server::start("node", &["tools/record/server_ws.mjs", "{port}", "60"]);
    let python = Server::start(python(), &["tools/record/server_py.py", "{port}", "60"]);
    let correct = nginx(&dir, true, node.port);
    let stripping = nginx(&dir, false, python.port);
    let report = probe_json(&correct.url("ws", "/chat"), "chrome", &["chat", "superchat"], &[]);
    assert_eq!(
        report["exchanges"][0]["verdict"]["handshake"], "ok",
        "{}",
        report["exchanges"][0]["headline"]
    );
    assert!(accepts(&report, "chrome"));
    let report = probe_json(&stripping.url("ws", "/chat"), "chrome", &["chat", "superchat"], &[]);
    let exchange = &report["exchanges"][0];
    assert_eq!(exchange["verdict"]["handshake"], "failed");
    assert!(
        !accepts(&report, "chrome"),
        "the recorded Chromium failed through the stripping nginx"
    );
    assert_eq!(exchange["software"]["id"], "nginx", "{}", exchange["software"]);
    drop((correct, stripping));
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Node ws in its other set-ups: permessage-deflate without context takeover, and no
/// subprotocol selected (Chrome and ws refuse that answer, Python websockets opens it); the
/// raw server's 426 for a WebSocket version it does not speak.
#[test]
fn node_ws_set_ups_and_a_426() {
    let takeover = Server::start(
        "node",
        &["tools/record/server_ws.mjs", "{port}", "60", "no-context-takeover"],
    );
    let report = probe_json(&takeover.url("ws", "/chat"), "chrome", &["chat"], &[]);
    let exchange = &report["exchanges"][0];
    assert_eq!(exchange["verdict"]["handshake"], "ok", "{}", exchange["headline"]);
    let params: Vec<&str> = exchange["negotiation"]["acceptedExtensions"][0]["params"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert!(
        params.contains(&"server_no_context_takeover")
            && params.contains(&"client_no_context_takeover"),
        "{params:?}"
    );

    let none =
        Server::start("node", &["tools/record/server_ws.mjs", "{port}", "60", "no-protocol"]);
    let url = none.url("ws", "/chat");
    for (profile, opens) in [("chrome", false), ("node-ws", false), ("python-websockets", true)] {
        let report = probe_json(&url, profile, &["chat"], &[]);
        assert_eq!(accepts(&report, profile), opens, "{profile}");
        assert!(codes(&report["exchanges"][0]).contains(&"WS306"));
    }

    let raw = Server::start(python(), &["tools/record/server_raw.py", "{port}", "60"]);
    let report = probe_json(&raw.url("ws", "/upgrade-required"), "chrome", &[], &[]);
    assert_eq!(report["exchanges"][0]["verdict"]["handshake"], "failed");
    assert!(
        codes(&report["exchanges"][0]).contains(&"WS208"),
        "{:?}",
        codes(&report["exchanges"][0])
    );
}

/// A suite case's ID, outcome and reason.
type CaseResult = (String, String, String);

/// Runs the suite with every case (`--strict`) and returns each case's outcome and reason.
fn suite(url: &str) -> Vec<CaseResult> {
    suite_as(url, "chrome")
}

/// As [`suite`], sent as another client.
fn suite_as(url: &str, profile: &str) -> Vec<CaseResult> {
    suite_with(url, profile, &[])
}

/// As [`suite_as`], with more options.
fn suite_with(url: &str, profile: &str, extra: &[&str]) -> Vec<CaseResult> {
    let mut args = vec![
        "probe",
        url,
        "--as",
        profile,
        "--suite",
        "--strict",
        "--json",
        "--delay",
        "0",
        "--protocol",
        "chat",
        "--timeout",
        "3",
        "--frames-ms",
        "50",
    ];
    args.extend_from_slice(extra);
    let run = wslens(&args);
    assert!(run.code == 0 || run.code == 1, "{url}: exit {}: {}", run.code, run.stderr);
    let results: Value = serde_json::from_str(&run.stdout).unwrap();
    let cases = results["cases"].as_array().unwrap();
    cases
        .iter()
        .map(|c| {
            (
                c["id"].as_str().unwrap().to_owned(),
                c["outcome"].as_str().unwrap().to_owned(),
                c["why"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

/// Each case fails against a server that breaks it: one that opens whatever it is sent fails
/// every MUST refusal, and one that opens only Chrome's exact spelling fails every MUST case
/// about spellings a server must accept. Both open the baseline.
#[test]
fn suite_cases_fail_against_servers_that_break_them() {
    use wslens_core::suite::{Expect, Level, CASES};
    let raw = Server::start(python(), &["tools/record/server_raw.py", "{port}", "60"]);
    let outcome = |results: &[CaseResult], id: &str| {
        results.iter().find(|r| r.0 == id).map(|r| r.1.clone()).unwrap_or_else(|| panic!("no {id}"))
    };
    let lenient = suite(&raw.url("ws", "/lenient"));
    assert_eq!(lenient.len(), CASES.len());
    for case in CASES.iter().filter(|c| c.level == Level::Must) {
        let got = outcome(&lenient, case.id);
        match case.expect {
            Expect::Refuse | Expect::RefuseWithVersion => {
                assert_eq!(got, "fail", "{} on the lenient server", case.id);
            }
            Expect::Switch => assert_eq!(got, "pass", "{} on the lenient server", case.id),
            _ => {}
        }
    }
    let picky = suite(&raw.url("ws", "/picky"));
    assert_eq!(outcome(&picky, "rfc6455/4.1/baseline"), "pass");
    for id in [
        "rfc6455/4.2.1/connection-keep-alive-upgrade",
        "rfc6455/4.2.1/upgrade-case",
        "rfc9110/5.1/lowercase-names",
        "rfc9110/5.1/uppercase-names",
        "rfc9112/5.1/extra-whitespace",
        "rfc9112/3.2.2/absolute-form",
    ] {
        assert_eq!(outcome(&picky, id), "fail", "{id} on the picky server");
    }
    // A server that refuses even the baseline: every other case is skipped, and the suite fails.
    let run = wslens(&["probe", &raw.url("ws", "/forbidden"), "--suite", "--delay", "0"]);
    assert_eq!(run.code, 1);
    assert!(run.stdout.contains("SKIP") && run.stdout.contains("FAIL  baseline"), "{}", run.stdout);
    // Unreachable: exit 2.
    let run = wslens(&["probe", &format!("ws://127.0.0.1:{}/", free_port()), "--suite"]);
    assert_eq!(run.code, 2);
    // --list needs no server; --junit writes a JUnit file.
    let list = wslens(&["probe", "--suite", "--list"]);
    assert_eq!(list.code, 0);
    assert_eq!(list.stdout.matches("    clause: ").count(), CASES.len());
    let junit = std::env::temp_dir().join(format!("wslens-suite-{}.xml", std::process::id()));
    let run = wslens(&[
        "probe",
        &raw.url("ws", "/lenient"),
        "--suite",
        "--delay",
        "0",
        "--case",
        "rfc6455/4.2.1/missing",
        "--junit",
        junit.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 1);
    let xml = std::fs::read_to_string(&junit).unwrap();
    assert!(
        xml.contains("<testcase classname=\"rfc6455/4.2.1\" name=\"missing-key\"><failure"),
        "{xml}"
    );
    std::fs::remove_file(&junit).unwrap();
}

/// Every case passes against some server and fails (or warns) against another: the raw
/// server's endpoints that break one kind of case each, a careful one with a quirk per case,
/// and the two real servers.
#[test]
fn every_suite_case_can_pass_and_fail() {
    use wslens_core::suite::CASES;
    let raw = Server::start(python(), &["tools/record/server_raw.py", "{port}", "120"]);
    let py = Server::start(python(), &["tools/record/server_py.py", "{port}", "120"]);
    let node = Server::start("node", &["tools/record/server_ws.mjs", "{port}", "120"]);
    // Firefox offers plain permessage-deflate, which the deflate-breaking endpoints answer
    // right, so that their baseline opens.
    let endpoints = [
        ("/lenient", "chrome"),
        ("/picky", "chrome"),
        ("/always-protocol", "chrome"),
        ("/echo-extensions", "firefox"),
        ("/wrong-deflate", "firefox"),
        ("/wrong-deflate-window", "chrome"),
        ("/forbidden", "chrome"),
    ];
    let mut runs: Vec<Vec<CaseResult>> =
        endpoints.iter().map(|(path, profile)| suite_as(&raw.url("ws", path), profile)).collect();
    runs.push(suite(&py.url("ws", "/chat")));
    runs.push(suite(&node.url("ws", "/chat")));
    // The HTTP/2 cases, against Node's HTTP/2 server in each of its set-ups.
    let mut h2_servers = Vec::new();
    for mode in ["ok", "refuses", "off", "tunnel"] {
        let server =
            Server::start("node", &["tools/record/server_h2_probe.mjs", "{port}", mode, "120"]);
        runs.push(suite_with(
            &server.url("wss", "/chat"),
            "chrome",
            &["--insecure", "--case", "rfc8441"],
        ));
        h2_servers.push(server);
    }
    for case in CASES {
        let outcomes: Vec<&str> = runs
            .iter()
            .map(|run| run.iter().find(|r| r.0 == case.id).map_or("missing", |r| r.1.as_str()))
            .collect();
        assert!(outcomes.contains(&"pass"), "{} passes nowhere: {outcomes:?}", case.id);
        assert!(
            outcomes.iter().any(|o| *o == "fail" || *o == "warn"),
            "{} fails nowhere: {outcomes:?}",
            case.id
        );
    }
}

/// docs/servers.md: the suite against Python websockets and Node ws, as this test finds it
/// (`WSLENS_BLESS=1` rewrites the file; otherwise the committed table must match).
#[test]
fn suite_on_real_servers_matches_docs() {
    let servers = [
        (
            "Python websockets 17.4",
            Server::start(python(), &["tools/record/server_py.py", "{port}", "120"]),
        ),
        ("Node ws 8.23", Server::start("node", &["tools/record/server_ws.mjs", "{port}", "120"])),
    ];
    let results: Vec<(&str, Vec<CaseResult>)> =
        servers.iter().map(|(name, server)| (*name, suite(&server.url("ws", "/chat")))).collect();
    let mut out = String::from("# How real servers score\n\n");
    out.push_str("<!-- Generated by `WSLENS_BLESS=1 cargo test -p wslens-cli --test probe suite_on_real_servers`; do not edit. -->\n\n");
    out.push_str("`wslens probe --suite --strict --protocol chat` against the servers the tests start on 127.0.0.1 (`tools/record/server_py.py`, `tools/record/server_ws.mjs`: echo servers in each library's default set-up, offering the subprotocols chat and superchat). [probe-suite.md](probe-suite.md) describes every case.\n\n");
    out.push_str("| case | ");
    out.push_str(&results.iter().map(|(name, _)| *name).collect::<Vec<_>>().join(" | "));
    out.push_str(" |\n|---|");
    out.push_str(&"---|".repeat(results.len()));
    out.push('\n');
    for (i, (id, _, _)) in results[0].1.iter().enumerate() {
        out.push_str(&format!("| {id} |"));
        for (_, cases) in &results {
            out.push_str(&format!(" {} |", cases[i].1));
        }
        out.push('\n');
    }
    for (name, cases) in &results {
        out.push_str(&format!("\n## {name}\n\n"));
        for (id, outcome, why) in cases.iter().filter(|c| c.1 == "fail" || c.1 == "warn") {
            out.push_str(&format!("- **{outcome}** `{id}`: {why}\n"));
        }
    }
    let path = root().join("docs/servers.md");
    if std::env::var_os("WSLENS_BLESS").is_some() {
        std::fs::write(&path, &out).unwrap();
    }
    assert_eq!(
        std::fs::read_to_string(&path).unwrap_or_default(),
        out,
        "docs/servers.md is stale: rerun with WSLENS_BLESS=1"
    );
}
