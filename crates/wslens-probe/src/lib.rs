//! The live probe's I/O: it connects to a server, sends the opening request a real client
//! sends (built by [`wslens_core::probe`]), and records every byte both ways, with the
//! timings and the TLS facts. The recording is a transcript like any pasted one: the caller
//! hands it to [`wslens_core::inspect`]. No protocol decision is made here.
//!
//! Everything is bounded: one connection at a time, each read and the whole run by the
//! timeout, the head and the body to 64 KB each and the run to 1 MB.

#![deny(missing_docs)]

mod http2;
mod tls;

use std::{
    io::{Read, Write},
    net::{SocketAddr, TcpStream, ToSocketAddrs},
    path::PathBuf,
    time::{Duration, Instant},
};

use serde::Serialize;
use wslens_core::probe::{
    close_frame, opening_request, request_profile, RequestOptions, ResponseProgress, Target,
};

pub use tls::{CertificateFacts, TlsFacts};

/// What to probe, and how.
#[derive(Clone, Debug)]
pub struct ProbeOptions {
    /// The URL (`ws://`, `wss://`, `http://`, `https://`).
    pub url: String,
    /// The client whose request is sent (see [`wslens_core::probe::REQUEST_PROFILES`]).
    pub profile: String,
    /// What to send besides the profile's own request.
    pub request: RequestOptions,
    /// Bound on connecting, on the TLS handshake, and on the whole response.
    pub timeout: Duration,
    /// How long to read the server's first frames after a 101.
    pub frames: Duration,
    /// Connect to this `host:port` instead, keeping the URL's Host (curl's `--connect-to`).
    pub connect_to: Option<String>,
    /// Accept any certificate (the output says so).
    pub insecure: bool,
    /// Trust the certificates of this PEM file too.
    pub cacert: Option<PathBuf>,
    /// Whether to tunnel through an HTTP proxy.
    pub proxy: Proxy,
    /// Open the WebSocket over HTTP/2 with the extended CONNECT (RFC 8441) instead.
    pub http2: bool,
    /// Send this conformance case's request (built from the profile's) instead of the
    /// profile's own.
    pub case: Option<&'static wslens_core::suite::Case>,
}

/// How the probe reaches the server.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Proxy {
    /// As curl does: `https_proxy` (or `HTTPS_PROXY`) for `wss://`, `http_proxy` for `ws://`,
    /// else `all_proxy` (or `ALL_PROXY`); none for a host `NO_PROXY` (or `no_proxy`) lists.
    FromEnvironment,
    /// Straight to the server.
    Direct,
    /// Through this proxy (`http://HOST:PORT`), with a CONNECT tunnel.
    Via(String),
}

impl ProbeOptions {
    /// Options with the defaults of `wslens probe`: 10 s, 500 ms of frames.
    pub fn new(url: &str, profile: &str) -> ProbeOptions {
        ProbeOptions {
            url: url.to_owned(),
            profile: profile.to_owned(),
            request: RequestOptions::default(),
            timeout: Duration::from_secs(10),
            frames: Duration::from_millis(500),
            connect_to: None,
            insecure: false,
            cacert: None,
            proxy: Proxy::FromEnvironment,
            http2: false,
            case: None,
        }
    }
}

/// One probe's recording.
#[derive(Clone, Debug)]
pub struct Probe {
    /// The request as sent, then every byte the server sent, in order.
    pub transcript: Vec<u8>,
    /// How many of the transcript's bytes are the request.
    pub request_len: usize,
    /// What the probe measured and saw besides the bytes.
    pub facts: ProbeFacts,
}

/// What the probe measured: where it connected, how long each step took, the TLS session.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ProbeFacts {
    /// The URL probed.
    pub url: String,
    /// The profile's identifier.
    pub profile: String,
    /// The client the profile stands for.
    pub client: String,
    /// Where its request comes from: a recording, or the client's source.
    pub profile_source: String,
    /// The address connected to (the proxy's, through a proxy).
    pub address: String,
    /// The HTTP proxy tunnelled through, and its answer to CONNECT.
    pub proxy: Option<ProxyFacts>,
    /// Timings, in milliseconds.
    pub timings: Timings,
    /// The TLS session, for `wss://` and `https://`.
    pub tls: Option<TlsFacts>,
    /// Over HTTP/2: whether the server's SETTINGS_ENABLE_CONNECT_PROTOCOL was 1 (without it
    /// no extended CONNECT is sent).
    pub enable_connect_protocol: Option<bool>,
    /// Bytes sent (the request and, after a 101, the Close frame); over HTTP/2, the request's
    /// fields as text.
    pub bytes_sent: usize,
    /// Bytes received; over HTTP/2, the response's fields as text and its DATA.
    pub bytes_received: usize,
    /// Why reading stopped.
    pub ended: &'static str,
}

/// The proxy a probe went through.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ProxyFacts {
    /// Its URL, as given or read from the environment.
    pub url: String,
    /// Where it came from: `--proxy`, or the variable's name.
    pub from: String,
    /// Its status line in answer to CONNECT.
    pub answer: String,
}

/// How long each step took, in milliseconds.
#[derive(Clone, Copy, Debug, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Timings {
    /// Resolving the host name.
    pub dns: f64,
    /// The TCP connection (to the proxy, through one).
    pub connect: f64,
    /// The proxy's CONNECT tunnel.
    pub tunnel: Option<f64>,
    /// The TLS handshake.
    pub tls: Option<f64>,
    /// From sending the request to the first byte of the answer.
    pub first_byte: Option<f64>,
    /// The whole probe.
    pub total: f64,
}

/// Why a probe could not run (the CLI's exit status 2).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProbeError {
    /// What went wrong.
    pub kind: ErrorKind,
    /// One line: what happened, and what to try.
    pub message: String,
}

/// The kinds of [`ProbeError`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// The URL, a profile or an option is wrong.
    Usage,
    /// The host name did not resolve.
    Dns,
    /// Nothing listens there (the connection was refused or reset).
    Refused,
    /// A step took longer than the timeout.
    Timeout,
    /// The TLS handshake failed.
    Tls,
    /// The server answered with something that is not HTTP.
    NotHttp,
    /// Another I/O error.
    Io,
}

impl std::fmt::Display for ProbeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ProbeError {}

pub(crate) fn error(kind: ErrorKind, message: String) -> ProbeError {
    ProbeError { kind, message }
}

/// Most bytes of a head, and of a body, that are read.
pub(crate) const HEAD_LIMIT: usize = 64 * 1024;
/// Most bytes read in all.
pub(crate) const TOTAL_LIMIT: usize = 1024 * 1024;
/// After the last byte of a body without a length, how long to wait for more.
const BODY_IDLE: Duration = Duration::from_millis(300);

/// A TCP stream whose every read and write ends by a deadline the caller moves (the whole
/// answer, then the frames window): a server that trickles bytes cannot stretch one call past
/// it, not even inside a TLS record that rustls reads whole.
pub(crate) struct Deadlined {
    tcp: TcpStream,
    until: Instant,
}

impl Deadlined {
    fn left(&self) -> std::io::Result<Duration> {
        let left = self.until.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(std::io::ErrorKind::TimedOut.into());
        }
        Ok(left)
    }
}

impl Read for Deadlined {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let left = self.left()?;
        self.tcp.set_read_timeout(Some(left))?;
        self.tcp.read(buf)
    }
}

impl Write for Deadlined {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let left = self.left()?;
        self.tcp.set_write_timeout(Some(left))?;
        self.tcp.write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.tcp.flush()
    }
}

/// A stream the probe reads and writes: plain TCP, or TLS over it.
enum Stream {
    Plain(Deadlined),
    Tls(Box<rustls::StreamOwned<rustls::ClientConnection, Deadlined>>),
}

impl Stream {
    fn socket(&mut self) -> &mut Deadlined {
        match self {
            Stream::Plain(s) => s,
            Stream::Tls(s) => s.get_mut(),
        }
    }

    /// Reads and writes end by `until` from now on.
    fn set_until(&mut self, until: Instant) {
        self.socket().until = until;
    }
}

impl Read for Stream {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        match self {
            Stream::Plain(s) => s.read(buf),
            Stream::Tls(s) => s.read(buf),
        }
    }
}

impl Write for Stream {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            Stream::Plain(s) => s.write(buf),
            Stream::Tls(s) => s.write(buf),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Stream::Plain(s) => s.flush(),
            Stream::Tls(s) => s.flush(),
        }
    }
}

fn millis(d: Duration) -> f64 {
    (d.as_secs_f64() * 1e4).round() / 10.0
}

pub(crate) fn random<const N: usize>() -> Result<[u8; N], ProbeError> {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes)
        .map_err(|e| error(ErrorKind::Io, format!("no random bytes for the key: {e}")))?;
    Ok(bytes)
}

/// Connects, sends the profile's request, and records the answer.
pub fn probe(options: &ProbeOptions) -> Result<Probe, ProbeError> {
    let started = Instant::now();
    let target = Target::parse(&options.url).map_err(|e| error(ErrorKind::Usage, e))?;
    let profile = request_profile(&options.profile).ok_or_else(|| {
        let known: Vec<&str> = wslens_core::probe::REQUEST_PROFILES.iter().map(|p| p.id).collect();
        error(
            ErrorKind::Usage,
            format!(
                "no client profile `{}`: use one of {}, or all",
                options.profile,
                known.join(", ")
            ),
        )
    })?;
    let http2_fields = if options.http2 {
        let mut fields =
            wslens_core::probe::extended_connect_fields(profile, &target, &options.request)
                .map_err(|e| error(ErrorKind::Usage, e))?;
        if options.case.is_some_and(wslens_core::suite::Case::plain_connect) {
            // A plain CONNECT has only :method and :authority (RFC 9113 §8.5).
            fields.retain(|(name, _)| !matches!(name.as_str(), ":protocol" | ":scheme" | ":path"));
        }
        Some(fields)
    } else {
        None
    };

    let proxy = proxy_for(&options.proxy, &target)?;
    let (connect_host, connect_port) = match (&proxy, &options.connect_to) {
        (Some((url, _)), _) => proxy_address(url)?,
        (None, Some(to)) => split_connect_to(to)?,
        (None, None) => (target.host.clone(), target.port),
    };
    // One deadline for the whole run: name resolution, connecting, TLS and the answer.
    let deadline = started + options.timeout;
    let addresses = resolve(&connect_host, connect_port, deadline, options.timeout)?;
    let dns = started.elapsed();
    let (mut tcp, address) = connect(&addresses, deadline, options.timeout, &connect_host)?;
    let mut connected = started.elapsed();
    tcp.set_nodelay(true).ok();
    let mut timings =
        Timings { dns: millis(dns), connect: millis(connected - dns), ..Timings::default() };
    let proxy = match proxy {
        Some((url, from)) => {
            let tunnel_to = match &options.connect_to {
                Some(to) => {
                    let (host, port) = split_connect_to(to)?;
                    Target { host, port, ..target.clone() }
                }
                None => target.clone(),
            };
            let url = shown(&url);
            let answer = tunnel(&mut tcp, &tunnel_to, &url, deadline)?;
            let before = connected;
            connected = started.elapsed();
            timings.tunnel = Some(millis(connected - before));
            Some(ProxyFacts { url, from, answer })
        }
        None => None,
    };
    // What both ways of probing report alike; each fills in the rest.
    let mut facts = ProbeFacts {
        url: target.url.clone(),
        profile: profile.id.to_owned(),
        client: profile.name.to_owned(),
        profile_source: match profile.source {
            wslens_core::probe::ProfileSource::Recorded(path) => format!("recorded: {path}"),
            wslens_core::probe::ProfileSource::FromSource(what) => {
                format!("from source, not recorded: {what}")
            }
        },
        address: address.to_string(),
        proxy,
        timings: Timings::default(),
        tls: None,
        enable_connect_protocol: None,
        bytes_sent: 0,
        bytes_received: 0,
        ended: "",
    };
    if let Some(fields) = http2_fields {
        let settings = http2::Settings {
            insecure: options.insecure,
            cacert: options.cacert.as_deref(),
            frames: options.frames,
            deadline,
            plain_connect: options.case.is_some_and(wslens_core::suite::Case::plain_connect),
        };
        let outcome = http2::run(tcp, &target, &fields, &settings)?;
        timings.tls = outcome.tls_time.map(millis);
        timings.first_byte = outcome.first_byte.map(millis);
        timings.total = millis(started.elapsed());
        let request = wslens_core::probe::http2_transcript(&target, outcome.enabled, &fields, None);
        let response =
            outcome.response.as_ref().map(|(head, body)| (head.as_slice(), body.as_slice()));
        let transcript =
            wslens_core::probe::http2_transcript(&target, outcome.enabled, &fields, response);
        let head_bytes: usize = outcome
            .response
            .as_ref()
            .map_or(0, |(head, _)| head.iter().map(|(n, v)| n.len() + v.len() + 3).sum());
        facts.timings = timings;
        facts.tls = outcome.tls;
        facts.enable_connect_protocol = Some(outcome.enabled);
        // The fields, without the note: nothing when the CONNECT was not sent.
        facts.bytes_sent = if outcome.enabled {
            request.len() - request.iter().position(|&b| b == b'\n').map_or(0, |i| i + 1)
        } else {
            0
        };
        facts.bytes_received = head_bytes + outcome.received;
        facts.ended = outcome.ended;
        return Ok(Probe { request_len: request.len(), facts, transcript });
    }
    // Over HTTP/1.1: the client's request, with a fresh key.
    let key = wslens_core::key_from_nonce(&random::<16>()?);
    let request = match options.case {
        Some(case) => case.request(profile.id, &target, &key, &options.request),
        None => opening_request(profile, &target, &key, &options.request).into_bytes(),
    };
    let mut stream = if target.tls {
        let config = tls::config(options.insecure, options.cacert.as_deref(), &[b"http/1.1"])?;
        let socket = Deadlined { tcp, until: deadline };
        let (stream, tls) = tls::handshake(config, socket, &target.host)?;
        timings.tls = Some(millis(started.elapsed() - connected));
        facts.tls = Some(tls);
        Stream::Tls(Box::new(stream))
    } else {
        Stream::Plain(Deadlined { tcp, until: deadline })
    };

    let sent_at = Instant::now();
    stream
        .write_all(&request)
        .and_then(|()| stream.flush())
        .map_err(|e| io_error(&e, "sending the request", &target))?;
    facts.bytes_sent = request.len();
    let mut answer = Vec::new();
    let mut first_byte = None;
    facts.ended = read_answer(
        &mut stream,
        &mut answer,
        deadline,
        options.frames,
        &mut first_byte,
        sent_at,
        &target,
        request.starts_with(b"HEAD "),
        options.case,
    )?;
    if ResponseProgress::of(&answer).status == Some(101) {
        // End the WebSocket politely: a masked Close 1000, then the connection.
        let close = close_frame(random::<4>()?);
        if stream.write_all(&close).and_then(|()| stream.flush()).is_ok() {
            facts.bytes_sent += close.len();
            // Wait a moment for the server's own Close, so that it sees a clean closing
            // handshake rather than a dropped connection; what comes is not kept.
            stream.set_until((Instant::now() + Duration::from_millis(300)).min(deadline));
            let mut sink = [0u8; 4096];
            while matches!(stream.read(&mut sink), Ok(n) if n > 0) {}
        }
    }
    if let Stream::Tls(s) = &mut stream {
        s.conn.send_close_notify();
        let _ = s.flush();
    }
    let _ = stream.socket().tcp.shutdown(std::net::Shutdown::Both);
    timings.first_byte = first_byte.map(millis);
    timings.total = millis(started.elapsed());
    facts.timings = timings;
    facts.bytes_received = answer.len();
    // The transcript keeps the request's head: bytes a case sends after it (a pipelined
    // frame) are not part of the HTTP message the core reads.
    let head = ResponseProgress::of(&request).head_end.unwrap_or(request.len());
    let mut transcript = request[..head].to_vec();
    let request_len = transcript.len();
    transcript.extend_from_slice(&answer);
    Ok(Probe { transcript, request_len, facts })
}

/// The proxy to use and where its URL came from, or none.
fn proxy_for(proxy: &Proxy, target: &Target) -> Result<Option<(String, String)>, ProbeError> {
    match proxy {
        Proxy::Direct => Ok(None),
        Proxy::Via(url) => Ok(Some((url.clone(), "--proxy".to_owned()))),
        Proxy::FromEnvironment => {
            let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
            // curl reads the lowercase spellings first.
            let no_proxy = var("no_proxy").or_else(|| var("NO_PROXY")).unwrap_or_default();
            if bypassed(&no_proxy, &target.host) {
                return Ok(None);
            }
            // curl 8 reads ws_proxy/wss_proxy for WebSockets, then the HTTP ones (only the
            // lowercase http_proxy: an uppercase one can be set by a CGI request's Proxy header).
            let names: &[&str] = if target.tls {
                &["wss_proxy", "WSS_PROXY", "https_proxy", "HTTPS_PROXY"]
            } else {
                &["ws_proxy", "WS_PROXY", "http_proxy"]
            };
            let found = names
                .iter()
                .chain(&["all_proxy", "ALL_PROXY"])
                .find_map(|name| var(name).map(|url| (url, (*name).to_owned())));
            Ok(found)
        }
    }
}

/// Whether `NO_PROXY`'s list names `host`: `*`, the host itself, or a domain it is in.
fn bypassed(no_proxy: &str, host: &str) -> bool {
    let address: Option<std::net::IpAddr> = host.parse().ok();
    no_proxy.split(',').map(str::trim).filter(|e| !e.is_empty()).any(|entry| {
        let entry = entry.trim_start_matches("*.").trim_start_matches('.');
        let entry = entry.trim_start_matches('[').trim_end_matches(']');
        if let (Some(address), Some((network, bits))) = (address, entry.split_once('/')) {
            return in_network(address, network, bits);
        }
        entry == "*"
            || host.eq_ignore_ascii_case(entry)
            || host.to_ascii_lowercase().ends_with(&format!(".{}", entry.to_ascii_lowercase()))
    })
}

/// Whether `address` is in the CIDR block `network/bits` (as curl 7.86 and later read them).
fn in_network(address: std::net::IpAddr, network: &str, bits: &str) -> bool {
    let Ok(bits) = bits.parse::<u32>() else { return false };
    let mask = |width: u32| if bits == 0 { 0 } else { u128::MAX << (width - bits.min(width)) };
    match (address, network.trim_start_matches('[').trim_end_matches(']').parse()) {
        (std::net::IpAddr::V4(a), Ok(std::net::IpAddr::V4(n))) if bits <= 32 => {
            let (a, n) = (u128::from(u32::from(a)), u128::from(u32::from(n)));
            a & mask(32) & 0xffff_ffff == n & mask(32) & 0xffff_ffff
        }
        (std::net::IpAddr::V6(a), Ok(std::net::IpAddr::V6(n))) if bits <= 128 => {
            u128::from(a) & mask(128) == u128::from(n) & mask(128)
        }
        _ => false,
    }
}

/// A proxy URL without its credentials, to show.
fn shown(url: &str) -> String {
    match url.split_once("://") {
        Some((scheme, rest)) => match rest.split_once('@') {
            Some((_, host)) => format!("{scheme}://…@{host}"),
            None => url.to_owned(),
        },
        None => {
            url.rsplit_once('@').map_or_else(|| url.to_owned(), |(_, host)| format!("…@{host}"))
        }
    }
}

/// Text from the server or a proxy, safe to print: control characters become `?`.
pub fn printable(text: &str) -> String {
    text.chars().map(|c| if c.is_control() { '?' } else { c }).collect()
}

/// A proxy URL's host and port (`http://HOST:PORT`, the scheme optional, port 1080 by
/// default as curl's).
fn proxy_address(url: &str) -> Result<(String, u16), ProbeError> {
    let bad = |why: &str| {
        error(ErrorKind::Usage, format!("the proxy `{}` {why}: write http://HOST:PORT", shown(url)))
    };
    let rest = match url.split_once("://") {
        Some((scheme, rest)) if scheme.eq_ignore_ascii_case("http") => rest,
        Some((scheme, _)) => {
            return Err(bad(&format!("has the scheme {scheme}; only HTTP proxies are supported")))
        }
        None => url,
    };
    let authority = rest.split('/').next().unwrap_or_default();
    if authority.contains('@') {
        return Err(bad("carries credentials, which the probe does not send"));
    }
    if authority.ends_with(']') || !authority.contains(':') {
        let host = authority.trim_start_matches('[').trim_end_matches(']');
        return if host.is_empty() { Err(bad("has no host")) } else { Ok((host.to_owned(), 1080)) };
    }
    split_connect_to(authority).map_err(|_| bad("is not a host and port"))
}

/// Asks the proxy for a tunnel to the target; returns its status line.
fn tunnel(
    tcp: &mut TcpStream,
    target: &Target,
    proxy: &str,
    deadline: Instant,
) -> Result<String, ProbeError> {
    let request = wslens_core::probe::connect_request(
        target,
        Some(concat!("wslens/", env!("CARGO_PKG_VERSION"))),
    );
    tcp.write_all(request.as_bytes()).map_err(|e| {
        error(ErrorKind::Io, format!("sending CONNECT to the proxy {proxy} failed: {e}"))
    })?;
    let mut answer = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(error(
                ErrorKind::Timeout,
                format!("the proxy {proxy} did not answer CONNECT in time"),
            ));
        }
        tcp.set_read_timeout(Some(left)).ok();
        // The server speaks only after the probe's next write, so a whole read here takes
        // nothing of the tunnel's own bytes.
        let n = match tcp.read(&mut buf) {
            Ok(0) => {
                return Err(error(
                    ErrorKind::Refused,
                    format!("the proxy {proxy} closed the connection instead of answering CONNECT"),
                ))
            }
            Ok(n) => n,
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) =>
            {
                continue
            }
            Err(e) => {
                return Err(error(
                    ErrorKind::Io,
                    format!("reading the proxy's answer to CONNECT failed: {e}"),
                ))
            }
        };
        answer.extend_from_slice(&buf[..n]);
        let progress = ResponseProgress::of(&answer);
        if progress.head_end.is_some() {
            let first = answer.split(|&b| b == b'\n').next().unwrap_or_default();
            let status_line = printable(String::from_utf8_lossy(first).trim());
            return match progress.status {
                Some(200..=299) => Ok(status_line),
                Some(407) => Err(error(ErrorKind::Refused, format!("the proxy {proxy} wants credentials ({status_line}): the probe sends none; use a proxy without authentication"))),
                _ => Err(error(ErrorKind::Refused, format!("the proxy {proxy} refused the tunnel to {}: {status_line}", target.authority))),
            };
        }
        if answer.len() > HEAD_LIMIT {
            return Err(error(
                ErrorKind::NotHttp,
                format!(
                    "the proxy {proxy} answered CONNECT with more than 64 KB and no end of head"
                ),
            ));
        }
    }
}

fn split_connect_to(to: &str) -> Result<(String, u16), ProbeError> {
    let bad = || {
        error(
            ErrorKind::Usage,
            format!("--connect-to `{to}`: write HOST:PORT (an IPv6 address in brackets)"),
        )
    };
    let (host, port) = to.rsplit_once(':').ok_or_else(bad)?;
    let host = host.trim_start_matches('[').trim_end_matches(']');
    let port = port.parse().map_err(|_| bad())?;
    if host.is_empty() {
        return Err(bad());
    }
    Ok((host.to_owned(), port))
}

/// Resolves `host`, within the deadline: the system's resolver has no timeout of its own, so
/// it runs on a thread of its own that is left behind if it hangs.
fn resolve(
    host: &str,
    port: u16,
    deadline: Instant,
    timeout: Duration,
) -> Result<Vec<SocketAddr>, ProbeError> {
    let (sender, receiver) = std::sync::mpsc::channel();
    let name = host.to_owned();
    std::thread::spawn(move || {
        let _ = sender.send((name.as_str(), port).to_socket_addrs().map(Iterator::collect));
    });
    let left = deadline.saturating_duration_since(Instant::now());
    let found: Vec<SocketAddr> = match receiver.recv_timeout(left) {
        Ok(found) => found.map_err(|e| {
            error(ErrorKind::Dns, format!("cannot resolve {host}: {e}; check the name, or give an address with --connect-to"))
        })?,
        Err(_) => {
            return Err(error(
                ErrorKind::Timeout,
                format!("resolving {host} took longer than {} s: check the resolver, or give an address with --connect-to", timeout.as_secs_f64()),
            ))
        }
    };
    if found.is_empty() {
        return Err(error(ErrorKind::Dns, format!("{host} has no address")));
    }
    Ok(found)
}

/// Connects to the first address that answers, all of them within the deadline.
fn connect(
    addresses: &[SocketAddr],
    deadline: Instant,
    timeout: Duration,
    host: &str,
) -> Result<(TcpStream, SocketAddr), ProbeError> {
    let mut last = None;
    for address in addresses {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            last = Some((std::io::ErrorKind::TimedOut.into(), *address));
            break;
        }
        match TcpStream::connect_timeout(address, left) {
            Ok(stream) => return Ok((stream, *address)),
            Err(e) => last = Some((e, *address)),
        }
    }
    let Some((e, address)) = last else {
        return Err(error(ErrorKind::Dns, format!("{host} has no address")));
    };
    Err(match e.kind() {
        std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock => error(
            ErrorKind::Timeout,
            format!("connecting to {host} ({address}) took longer than {} s: is a firewall dropping it? try --timeout", timeout.as_secs_f64()),
        ),
        std::io::ErrorKind::ConnectionRefused => error(
            ErrorKind::Refused,
            format!("nothing listens on {address} ({host}): the connection was refused; check the port and that the server runs"),
        ),
        _ => error(ErrorKind::Io, format!("cannot connect to {address} ({host}): {e}")),
    })
}

fn io_error(e: &std::io::Error, doing: &str, target: &Target) -> ProbeError {
    match e.kind() {
        std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock => error(
            ErrorKind::Timeout,
            format!("{} did not answer in time while {doing}: the server accepted the connection but sent nothing; try --timeout, or check the path", target.authority),
        ),
        _ => error(ErrorKind::Io, format!("{doing} to {} failed: {e}", target.authority)),
    }
}

/// Reads the answer: the head, then the body a refusal carries, or the first frames after
/// a 101. Returns why it stopped.
#[allow(clippy::too_many_arguments)]
fn read_answer(
    stream: &mut Stream,
    answer: &mut Vec<u8>,
    deadline: Instant,
    frames: Duration,
    first_byte: &mut Option<Duration>,
    sent_at: Instant,
    target: &Target,
    no_body: bool,
    case: Option<&wslens_core::suite::Case>,
) -> Result<&'static str, ProbeError> {
    let mut buf = [0u8; 16 * 1024];
    // Until the head is complete: bounded by the deadline and HEAD_LIMIT.
    // Until when to read, and what to say if reading stops there.
    let (mut until, mut stops) = (deadline, "the timeout");
    let mut head_done: Option<(usize, Option<u16>, Option<usize>)> = None;
    loop {
        let now = Instant::now();
        if now >= until {
            return match head_done {
                Some(_) => Ok(stops),
                None if answer.is_empty() => Err(error(
                    ErrorKind::Timeout,
                    format!("{} accepted the connection but sent nothing in {:.1} s: is it a WebSocket endpoint? try --timeout", target.authority, (deadline - sent_at).as_secs_f64()),
                )),
                None => Ok("the timeout, before the end of the head"),
            };
        }
        stream.set_until(until);
        let n = match stream.read(&mut buf) {
            Ok(0) if answer.is_empty() => {
                return Err(error(ErrorKind::Io, format!("{} closed the connection without answering: is it an HTTP server? for TLS use wss://", target.authority)));
            }
            Ok(0) => return Ok("the server closing the connection"),
            Ok(n) => n,
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) =>
            {
                continue
            }
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::ConnectionReset
                        | std::io::ErrorKind::ConnectionAborted
                        | std::io::ErrorKind::UnexpectedEof
                ) && !answer.is_empty() =>
            {
                return Ok("the server resetting the connection");
            }
            Err(e) => return Err(io_error(&e, "reading the answer", target)),
        };
        first_byte.get_or_insert_with(|| sent_at.elapsed());
        answer.extend_from_slice(&buf[..n]);
        if head_done.is_none() {
            if !answer.starts_with(b"HTTP/") && !answer.starts_with(b"http/") && answer.len() >= 5 {
                let shown: String = String::from_utf8_lossy(&answer[..answer.len().min(24)])
                    .chars()
                    .map(|c| if c.is_control() { '.' } else { c })
                    .collect();
                let tls_hint = if answer.first() == Some(&0x15) || answer.first() == Some(&0x16) {
                    "; it speaks TLS: use wss://"
                } else {
                    ""
                };
                return Err(error(
                    ErrorKind::NotHttp,
                    format!(
                        "{} answered with something that is not HTTP (`{shown}`){tls_hint}",
                        target.authority
                    ),
                ));
            }
            let progress = ResponseProgress::of(answer);
            if let Some(end) = progress.head_end {
                // An answer to HEAD has no body, whatever its Content-Length says.
                if no_body && progress.status != Some(101) {
                    return Ok("the end of the head (an answer to HEAD has no body)");
                }
                head_done = Some((end, progress.status, progress.content_length));
                // A case may send a frame once the WebSocket is open (a compressed message).
                if let Some(frame) = case.and_then(|c| c.after_open(&answer[..end])) {
                    let _ = stream.write_all(&frame).and_then(|()| stream.flush());
                }
                (until, stops) = match (progress.status, progress.content_length) {
                    (Some(101), _) => {
                        ((Instant::now() + frames).min(deadline), "the end of the frames window")
                    }
                    (_, Some(_)) => (deadline, "the timeout, before the end of the body"),
                    // No length: the body ends when the server closes or pauses.
                    (_, None) => {
                        ((Instant::now() + BODY_IDLE).min(deadline), "a pause after the body")
                    }
                };
            } else if answer.len() >= HEAD_LIMIT {
                return Ok("the 64 KB limit on a head");
            }
        }
        if let Some((end, status, length)) = head_done {
            let body = answer.len() - end;
            if status != Some(101) {
                match length {
                    Some(length) if body >= length.min(HEAD_LIMIT) => {
                        return Ok("the end of the body (Content-Length)")
                    }
                    Some(_) => {}
                    // No length: wait a little after each piece, then stop.
                    None => until = (Instant::now() + BODY_IDLE).min(deadline),
                }
                if body >= HEAD_LIMIT {
                    return Ok("the 64 KB limit on a body");
                }
            }
            if answer.len() >= TOTAL_LIMIT {
                return Ok("the 1 MB limit on a probe");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_proxy_lists() {
        assert!(bypassed("*", "example.com"));
        assert!(bypassed("localhost, .example.com", "ws.example.com"));
        assert!(bypassed("example.com", "EXAMPLE.com"));
        assert!(bypassed("127.0.0.1", "127.0.0.1"));
        assert!(!bypassed("example.com", "notexample.com"));
        assert!(!bypassed("", "example.com"));
        assert!(bypassed("10.0.0.0/8", "10.1.2.3"));
        assert!(!bypassed("10.0.0.0/8", "11.1.2.3"));
        assert!(bypassed("[::1]", "::1"));
        assert!(bypassed("fd00::/8", "fd12::1"));
        assert!(bypassed("0.0.0.0/0", "192.0.2.1"));
    }

    #[test]
    fn proxy_and_connect_to_addresses() {
        assert_eq!(proxy_address("http://proxy.local:3128").unwrap(), ("proxy.local".into(), 3128));
        assert_eq!(proxy_address("proxy.local").unwrap(), ("proxy.local".into(), 1080));
        assert_eq!(proxy_address("http://[::1]:8080/").unwrap(), ("::1".into(), 8080));
        assert!(proxy_address("socks5://p:1080").is_err());
        let refused = proxy_address("http://user:pw@p:1080").unwrap_err();
        assert!(!refused.message.contains("pw"), "{}", refused.message);
        assert_eq!(shown("http://user:pw@p:1080"), "http://…@p:1080");
        assert_eq!(split_connect_to("[::1]:9").unwrap(), ("::1".into(), 9));
        assert!(split_connect_to("nohost").is_err());
    }
}
