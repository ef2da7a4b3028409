//! `wslens probe`: runs `wslens-probe`, checks its recording with the core, and prints the
//! report with the probe's facts. No protocol decision is made here.

use std::{fmt::Write as _, io::Write, path::PathBuf, process::ExitCode, time::Duration};

use anyhow::Context;
use clap::ValueEnum;
use wslens_core::{
    probe::{redirect_location, RequestOptions, Target, REQUEST_PROFILES},
    Options, Report,
};
use wslens_probe::{Probe, ProbeError, ProbeFacts, ProbeOptions, Proxy};

use crate::{exit_code, render, use_color, ColorArg};

/// The arguments of `wslens probe`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// ws://, wss://, http:// or https:// URL.
    #[arg(required_unless_present = "list")]
    pub(crate) url: Option<String>,
    /// Run the conformance suite against the server: every MUST case of the opening
    /// handshake, one connection each (see docs/probe-suite.md).
    #[arg(long)]
    pub(crate) suite: bool,
    /// With --suite: list the cases and their clauses, without connecting.
    #[arg(long, requires = "suite")]
    pub(crate) list: bool,
    /// With --suite: run the cases whose ID starts with this (repeatable).
    #[arg(long = "case", value_name = "ID", requires = "suite")]
    pub(crate) cases: Vec<String>,
    /// With --suite: add the SHOULD-level and interop cases.
    #[arg(long, requires = "suite")]
    pub(crate) strict: bool,
    /// With --suite: milliseconds between cases.
    #[arg(long, default_value_t = 50, requires = "suite")]
    pub(crate) delay: u64,
    /// With --suite: also write the results as JUnit XML to FILE.
    #[arg(long, value_name = "FILE", requires = "suite")]
    pub(crate) junit: Option<PathBuf>,
    /// The client whose request is sent: chrome, firefox, safari, curl, python-websockets,
    /// node-ws, tungstenite, gorilla, coder; or `all` for one handshake each and a matrix.
    #[arg(long = "as", value_name = "PROFILE", default_value = "chrome")]
    pub(crate) profile: String,
    /// An extra header, `Name: value` (repeatable); one the client sends is replaced, an
    /// empty value removes it.
    #[arg(short = 'H', long = "header", value_name = "HEADER")]
    pub(crate) headers: Vec<String>,
    /// The Origin to send (browsers send the URL's own origin without it).
    #[arg(long)]
    pub(crate) origin: Option<String>,
    /// A subprotocol to offer (repeatable, in order).
    #[arg(long = "protocol", value_name = "P")]
    pub(crate) protocols: Vec<String>,
    /// Leave out the client's permessage-deflate offer.
    #[arg(long)]
    pub(crate) no_deflate: bool,
    /// Header names as the client spells them, or all in lowercase.
    #[arg(long, value_enum, default_value_t = HeaderCase::Profile)]
    pub(crate) header_case: HeaderCase,
    /// Seconds allowed to connect, for TLS, and for the whole answer.
    #[arg(long, default_value_t = 10.0)]
    pub(crate) timeout: f64,
    /// After a 101, how long to read the server's first frames, in milliseconds (at most
    /// 60000).
    #[arg(long, default_value_t = 500)]
    pub(crate) frames_ms: u64,
    /// Connect to HOST:PORT instead, keeping the URL's Host header (as curl's option).
    #[arg(long, value_name = "HOST:PORT")]
    pub(crate) connect_to: Option<String>,
    /// Tunnel through this HTTP proxy (CONNECT). Without it, https_proxy (wss://),
    /// http_proxy (ws://) or all_proxy are used as curl uses them, except for the hosts
    /// NO_PROXY lists; `--proxy ''` goes direct.
    #[arg(long, value_name = "http://HOST:PORT")]
    pub(crate) proxy: Option<String>,
    /// Follow up to 5 redirects, showing each (browsers never follow them).
    #[arg(long)]
    pub(crate) follow: bool,
    /// Open the WebSocket over HTTP/2 with the extended CONNECT (RFC 8441), as Chrome and
    /// Firefox do when the server's SETTINGS allow it (TLS with ALPN h2); for ws://, cleartext
    /// HTTP/2 with prior knowledge, which browsers never use.
    #[arg(long)]
    http2: bool,
    /// Do not verify the server's certificate (the output says so).
    #[arg(long)]
    pub(crate) insecure: bool,
    /// Also trust the CA certificates in this PEM file.
    #[arg(long, value_name = "FILE")]
    pub(crate) cacert: Option<PathBuf>,
    /// Print the report as JSON, with a `probe` object beside `exchanges`.
    #[arg(long)]
    pub(crate) json: bool,
    /// Write the transcript as it went over the wire, for `wslens check` and the viewer.
    #[arg(long, value_name = "FILE")]
    pub(crate) save: Option<PathBuf>,
    /// Save the transcript exactly as sent and received, secrets included.
    #[arg(long)]
    pub(crate) no_redact: bool,
    /// When to use colour.
    #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
    pub(crate) color: ColorArg,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum HeaderCase {
    /// As the client spells them.
    Profile,
    /// All in lowercase.
    Lower,
}

impl Args {
    /// What to send besides the profile's own request.
    fn request_options(&self) -> anyhow::Result<RequestOptions> {
        let headers = self
            .headers
            .iter()
            .map(|h| wslens_core::probe::parse_header_option(h))
            .collect::<Result<Vec<_>, String>>()
            .map_err(|e| anyhow::anyhow!("-H {e}"))?;
        Ok(RequestOptions {
            origin: self.origin.clone(),
            protocols: self.protocols.clone(),
            no_deflate: self.no_deflate,
            headers,
            lowercase_names: self.header_case == HeaderCase::Lower,
        })
    }

    /// `--proxy`: a proxy, `''` for none, or (absent) the environment's.
    fn proxy_setting(&self) -> Proxy {
        match &self.proxy {
            None => Proxy::FromEnvironment,
            Some(p) if p.is_empty() => Proxy::Direct,
            Some(p) => Proxy::Via(p.clone()),
        }
    }
}

/// Waited between the handshakes of `--as all`.
const BETWEEN: Duration = Duration::from_millis(100);

/// Most redirects `--follow` follows.
const MAX_REDIRECTS: usize = 5;

pub(crate) fn run(args: &Args, out: &mut impl Write) -> anyhow::Result<ExitCode> {
    if args.list {
        return crate::suite::list(out);
    }
    let Some(first_url) = args.url.clone() else {
        anyhow::bail!("give the URL to probe");
    };
    let request = args.request_options()?;
    let color = use_color(args.color);
    if !(args.timeout > 0.0 && args.timeout <= 3600.0) {
        anyhow::bail!("--timeout must be more than 0 and at most 3600 seconds");
    }
    // A redirect to another origin gets no -H header: they may carry credentials (curl drops
    // them on a cross-host redirect too).
    let without_headers = RequestOptions { headers: Vec::new(), ..request.clone() };
    let origin_of = |url: &str| Target::parse(url).map(|t| (t.tls, t.host, t.port)).ok();
    let first_origin = origin_of(&first_url);
    let options_for = |url: &str, profile: &str| ProbeOptions {
        url: url.to_owned(),
        profile: profile.to_owned(),
        request: if origin_of(url) == first_origin {
            request.clone()
        } else {
            without_headers.clone()
        },
        timeout: Duration::from_secs_f64(args.timeout),
        frames: Duration::from_millis(args.frames_ms.min(60_000)),
        connect_to: args.connect_to.clone(),
        insecure: args.insecure,
        cacert: args.cacert.clone(),
        proxy: args.proxy_setting(),
        http2: args.http2,
        case: None,
    };
    let options = |profile: &str| options_for(&first_url, profile);
    if args.suite {
        if args.profile.eq_ignore_ascii_case("all")
            || args.http2
            || args.follow
            || args.save.is_some()
        {
            anyhow::bail!("--suite runs one client's cases over HTTP/1.1: give one profile with --as, without --http2, --follow or --save");
        }
        let cases = crate::suite::selected(&args.cases, args.strict)?;
        let delay = Duration::from_millis(args.delay.min(10_000));
        return crate::suite::run(
            &options(&args.profile),
            &cases,
            delay,
            args.json,
            args.junit.as_deref(),
            out,
        );
    }
    if args.profile.eq_ignore_ascii_case("all") {
        if args.save.is_some() {
            anyhow::bail!("--save records one handshake: give one profile with --as");
        }
        if args.follow {
            anyhow::bail!("--follow follows one client's redirects: give one profile with --as");
        }
        return all(args, &first_url, &options, out);
    }
    // The first handshake, then each redirect it leads to with --follow.
    let mut url = first_url.clone();
    let mut hops: Vec<(Probe, Report)> = Vec::new();
    loop {
        let probe = match wslens_probe::probe(&options_for(&url, &args.profile)) {
            Ok(probe) => probe,
            Err(e) if hops.is_empty() => return Ok(could_not_run(&e)),
            Err(e) => {
                print_hops(args, color, &hops, None, out)?;
                return Ok(could_not_run(&e));
            }
        };
        let report = check(&probe);
        let next = match (args.follow, report.exchanges.first()) {
            (true, Some(exchange)) => {
                Target::parse(&url).ok().and_then(|target| redirect_location(exchange, &target))
            }
            _ => None,
        };
        hops.push((probe, report));
        match next {
            Some(Ok(location)) if hops.len() <= MAX_REDIRECTS => url = location,
            Some(Ok(_)) => {
                print_hops(args, color, &hops, None, out)?;
                eprintln!("wslens probe: more than {MAX_REDIRECTS} redirects; stopped at {url}");
                return Ok(ExitCode::from(2));
            }
            Some(Err(why)) => {
                print_hops(args, color, &hops, None, out)?;
                eprintln!("wslens probe: not followed: {why}");
                let (probe, report) = &hops[hops.len() - 1];
                return Ok(ExitCode::from(probe_exit(report, &probe.facts.profile)));
            }
            None => break,
        }
    }
    let (probe, report) = &hops[hops.len() - 1];
    if let Some(path) = &args.save {
        let bytes = saved(probe, &args.headers, args.no_redact);
        std::fs::write(path, bytes).with_context(|| format!("cannot write {}", path.display()))?;
    }
    print_hops(args, color, &hops, args.save.as_ref(), out)?;
    Ok(ExitCode::from(probe_exit(report, &probe.facts.profile)))
}

/// As `check`'s status, and 1 also when the client probed as would not open the connection
/// (a legal answer that Chrome refuses fails `--as chrome`).
fn probe_exit(report: &Report, profile: &str) -> u8 {
    let refused =
        report.exchanges.iter().any(|e| e.clients.iter().any(|c| c.id == profile && !c.accepts));
    exit_code(report).max(u8::from(refused))
}

/// Prints each handshake: one report (an array of them when redirects were followed).
fn print_hops(
    args: &Args,
    color: bool,
    hops: &[(Probe, Report)],
    saved: Option<&PathBuf>,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    if args.json {
        let values = hops
            .iter()
            .map(|(probe, report)| with_probe(report, &probe.facts))
            .collect::<anyhow::Result<Vec<_>>>()?;
        match &values[..] {
            [one] => serde_json::to_writer_pretty(&mut *out, one)?,
            many => serde_json::to_writer_pretty(&mut *out, many)?,
        }
        writeln!(out)?;
        return Ok(());
    }
    for (i, (probe, report)) in hops.iter().enumerate() {
        if hops.len() > 1 {
            writeln!(out, "── handshake {} of {}: {}\n", i + 1, hops.len(), probe.facts.url)?;
        }
        write!(out, "{}", render::report(report, color))?;
        let saved = saved.filter(|_| i + 1 == hops.len());
        write!(out, "{}", facts_text(&probe.facts, saved, args.no_redact))?;
        if i + 1 < hops.len() {
            writeln!(out)?;
        }
    }
    Ok(())
}

/// The report of a probe's recording, as `wslens check` would give it.
pub(crate) fn check(probe: &Probe) -> Report {
    let options = Options { name: Some(probe.facts.url.clone()), ..Options::default() };
    wslens_core::inspect(&probe.transcript, &options)
}

/// Exit status 2, and one line that says what happened.
fn could_not_run(e: &ProbeError) -> ExitCode {
    eprintln!("wslens probe: {e}");
    ExitCode::from(2)
}

/// The report's JSON with a `probe` object beside `exchanges`.
fn with_probe(report: &Report, facts: &ProbeFacts) -> anyhow::Result<serde_json::Value> {
    let mut value = serde_json::to_value(report)?;
    if let Some(object) = value.as_object_mut() {
        object.insert("probe".into(), serde_json::to_value(facts)?);
    }
    Ok(value)
}

/// The bytes `--save` writes: the recording with its secrets redacted as a share link's are
/// (a token in the URL, `Authorization`, cookies, a token offered as a subprotocol and its
/// echo, a refusal's body), and also the values of the custom headers given with -H, unless
/// `--no-redact`. The request and the answer are redacted as one text, so an echo gets the
/// placeholder of its offer; the bytes after a 101's head stay exact (frames are not text).
fn saved(probe: &Probe, headers: &[String], no_redact: bool) -> Vec<u8> {
    if no_redact {
        return probe.transcript.clone();
    }
    let names: Vec<&str> =
        headers.iter().filter_map(|h| h.split_once(':').map(|(name, _)| name.trim())).collect();
    let answer = &probe.transcript[probe.request_len..];
    let progress = wslens_core::probe::ResponseProgress::of(answer);
    // After a 101 come frames; a refusal's body is text, which can echo a token.
    let kept_from = match (progress.status, progress.head_end) {
        (Some(101), Some(head_end)) => head_end,
        _ => answer.len(),
    };
    let (text, rest) = probe.transcript.split_at(probe.request_len + kept_from);
    let report = wslens_core::inspect(text, &Options::default());
    let mut bytes = wslens_core::redact_headers(&report, &names).text.into_bytes();
    bytes.extend_from_slice(rest);
    bytes
}

fn facts_text(facts: &ProbeFacts, saved: Option<&PathBuf>, no_redact: bool) -> String {
    let mut out = String::new();
    let t = &facts.timings;
    let _ = writeln!(out, "\nprobe: {} as {} ({})", facts.url, facts.profile, facts.client);
    let _ = writeln!(out, "  request: {}", facts.profile_source);
    match &facts.proxy {
        Some(proxy) => {
            let _ = writeln!(
                out,
                "  connected to {} through the proxy {} (from {}): {}",
                facts.address, proxy.url, proxy.from, proxy.answer
            );
        }
        None => {
            let _ = writeln!(out, "  connected to {}", facts.address);
        }
    }
    let mut timings = format!("dns {} ms, connect {} ms", t.dns, t.connect);
    if let Some(tunnel) = t.tunnel {
        let _ = write!(timings, ", proxy tunnel {tunnel} ms");
    }
    if let Some(tls) = t.tls {
        let _ = write!(timings, ", TLS {tls} ms");
    }
    if let Some(first) = t.first_byte {
        let _ = write!(timings, ", first byte {first} ms");
    }
    let _ = writeln!(out, "  timings: {timings}, total {} ms", t.total);
    if let Some(enabled) = facts.enable_connect_protocol {
        let what = if enabled {
            "1: the extended CONNECT is allowed"
        } else {
            "not 1: no extended CONNECT may be sent"
        };
        let _ = writeln!(out, "  HTTP/2: the server's SETTINGS_ENABLE_CONNECT_PROTOCOL is {what}");
    }
    if let Some(tls) = &facts.tls {
        let alpn = tls.alpn.as_deref().unwrap_or("none");
        let _ = writeln!(out, "  TLS: {}, {}, ALPN {alpn}", tls.version, tls.cipher);
        if let Some(cert) = &tls.certificate {
            let _ = writeln!(out, "  certificate: {} (issued by {})", cert.subject, cert.issuer);
            let _ = writeln!(
                out,
                "    names: {}",
                if cert.names.is_empty() { "none".to_owned() } else { cert.names.join(", ") }
            );
            let _ = writeln!(out, "    valid: {} to {}", cert.not_before, cert.not_after);
        }
        if !tls.verified {
            let _ = writeln!(out, "  WARNING: --insecure: the certificate was NOT verified; anyone on the path could have answered");
        }
    }
    let _ = writeln!(
        out,
        "  sent {} bytes, received {} bytes; reading stopped at {}",
        facts.bytes_sent, facts.bytes_received, facts.ended
    );
    if let Some(path) = saved {
        let how = if no_redact { "exactly as sent" } else { "with the request's secrets redacted" };
        let _ = writeln!(
            out,
            "  saved to {} ({how}): `wslens check {}` reads it",
            path.display(),
            path.display()
        );
    }
    out
}

/// `--as all`: one handshake per profile, then the matrix.
fn all(
    args: &Args,
    url: &str,
    options: &dyn Fn(&str) -> ProbeOptions,
    out: &mut impl Write,
) -> anyhow::Result<ExitCode> {
    let mut rows = Vec::new();
    let mut json = Vec::new();
    let mut code = 0u8;
    // With --http2, the clients that send WebSockets over HTTP/2.
    let profiles = REQUEST_PROFILES.iter().filter(|p| p.http2 || !args.http2);
    for (i, profile) in profiles.enumerate() {
        if i > 0 {
            std::thread::sleep(BETWEEN);
        }
        match wslens_probe::probe(&options(profile.id)) {
            Ok(probe) => {
                let report = check(&probe);
                code = code.max(probe_exit(&report, profile.id));
                rows.push(row(profile.id, &report));
                if args.json {
                    json.push(with_probe(&report, &probe.facts)?);
                }
            }
            Err(e) => {
                code = 2;
                rows.push([
                    profile.id.to_owned(),
                    "-".into(),
                    format!("could not run: {e}"),
                    String::new(),
                    String::new(),
                    String::new(),
                ]);
                if args.json {
                    json.push(serde_json::json!({ "profile": profile.id, "error": e.message }));
                }
            }
        }
    }
    if args.json {
        serde_json::to_writer_pretty(&mut *out, &json)?;
        writeln!(out)?;
    } else {
        write!(out, "{}", matrix(url, &rows))?;
    }
    Ok(ExitCode::from(code))
}

/// One matrix row: client, status, whether that client opens it, the first failing rule,
/// the subprotocol and the extensions agreed.
fn row(profile: &str, report: &Report) -> [String; 6] {
    let Some(exchange) = report.exchanges.first() else {
        return [
            profile.to_owned(),
            "-".into(),
            "no exchange".into(),
            String::new(),
            String::new(),
            String::new(),
        ];
    };
    let status = match exchange.response.as_ref().map(|r| &r.start_line) {
        Some(wslens_core::StartLine::Response { status, .. }) => status.to_string(),
        _ => "-".into(),
    };
    let opens = match exchange.clients.iter().find(|c| c.id == profile) {
        Some(c) if c.accepts => "opens".to_owned(),
        Some(_) => "fails".to_owned(),
        // A client without a profile of its own (curl checks nothing): the RFC's verdict.
        None => format!("{} (RFC 6455)", exchange.verdict.handshake.as_str()),
    };
    let failing = exchange
        .clients
        .iter()
        .find(|c| c.id == profile && !c.accepts)
        .and_then(|c| c.codes.first().map(|c| (*c).to_owned()))
        .or_else(|| {
            exchange
                .failing_finding
                .and_then(|i| exchange.findings.get(i as usize))
                .map(|f| f.code.to_owned())
        })
        .unwrap_or_default();
    let protocol =
        exchange.negotiation.selected_subprotocol.as_deref().unwrap_or_default().to_owned();
    let extensions: Vec<&str> =
        exchange.negotiation.accepted_extensions.iter().map(|e| e.name.as_str()).collect();
    [profile.to_owned(), status, opens, failing, protocol, extensions.join(", ")]
}

fn matrix(url: &str, rows: &[[String; 6]]) -> String {
    let header = ["client", "status", "verdict", "first failing rule", "subprotocol", "extensions"];
    let mut widths = header.map(str::len);
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut out = format!("{url}: one handshake as each client\n\n");
    let line = |cells: &[&str]| {
        let mut s = String::new();
        for (i, cell) in cells.iter().enumerate() {
            let _ = write!(s, "{cell:<width$}  ", width = widths[i]);
        }
        s.trim_end().to_owned() + "\n"
    };
    out.push_str(&line(&header));
    for row in rows {
        out.push_str(&line(&row.iter().map(String::as_str).collect::<Vec<_>>()));
    }
    out
}
