//! `--http2`: the WebSocket over HTTP/2 of RFC 8441. TLS with ALPN `h2` (or cleartext h2
//! with prior knowledge for `ws://`), the server's SETTINGS read before anything is sent (a
//! PING's answer proves they arrived), then the extended CONNECT as a browser sends it. The
//! h2 crate speaks HTTP/2, on a one-thread tokio runtime that lives for one probe.

use std::{
    net::TcpStream,
    time::{Duration, Instant},
};

use bytes::Bytes;
use tokio::io::{AsyncRead, AsyncWrite};
use wslens_core::probe::{close_frame, Field, Target};

use crate::{error, random, tls, ErrorKind, ProbeError, TlsFacts, HEAD_LIMIT, TOTAL_LIMIT};

/// What an HTTP/2 probe saw.
pub(crate) struct Outcome {
    /// The server's SETTINGS_ENABLE_CONNECT_PROTOCOL was 1.
    pub(crate) enabled: bool,
    /// The response's fields (`:status` first) and body; none when nothing was sent or the
    /// stream was reset.
    pub(crate) response: Option<(Vec<Field>, Vec<u8>)>,
    pub(crate) tls: Option<TlsFacts>,
    pub(crate) tls_time: Option<Duration>,
    pub(crate) first_byte: Option<Duration>,
    pub(crate) ended: &'static str,
    pub(crate) received: usize,
}

/// Options that matter here.
pub(crate) struct Settings<'a> {
    pub(crate) insecure: bool,
    pub(crate) cacert: Option<&'a std::path::Path>,
    pub(crate) frames: Duration,
    pub(crate) deadline: Instant,
    /// Send a plain CONNECT (no `:protocol`), whatever the SETTINGS say: the suite's check
    /// that a WebSocket endpoint does not take it for one.
    pub(crate) plain_connect: bool,
}

/// Opens HTTP/2 over `tcp` and sends `fields` as the extended CONNECT, if the server allows it.
pub(crate) fn run(
    tcp: TcpStream,
    target: &Target,
    fields: &[Field],
    settings: &Settings<'_>,
) -> Result<Outcome, ProbeError> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| error(ErrorKind::Io, format!("cannot start the HTTP/2 runtime: {e}")))?;
    runtime.block_on(async {
        let deadline = tokio::time::Instant::from_std(settings.deadline);
        match tokio::time::timeout_at(deadline, open(tcp, target, fields, settings)).await {
            Ok(outcome) => outcome,
            Err(_) => Err(error(
                ErrorKind::Timeout,
                format!(
                    "{} did not finish the HTTP/2 exchange in time: try --timeout",
                    target.authority
                ),
            )),
        }
    })
}

async fn open(
    tcp: TcpStream,
    target: &Target,
    fields: &[Field],
    settings: &Settings<'_>,
) -> Result<Outcome, ProbeError> {
    let io_error = |e: std::io::Error| {
        error(ErrorKind::Io, format!("the connection to {} failed: {e}", target.authority))
    };
    tcp.set_nonblocking(true).map_err(io_error)?;
    let tcp = tokio::net::TcpStream::from_std(tcp).map_err(io_error)?;
    if !target.tls {
        // ws:// over HTTP/2: cleartext with prior knowledge (RFC 9113 §3.3).
        return exchange(tcp, target, fields, settings, None, None).await;
    }
    let config = tls::config(settings.insecure, settings.cacert, &[b"h2"])?;
    let name = rustls::pki_types::ServerName::try_from(target.host.clone()).map_err(|e| {
        error(ErrorKind::Usage, format!("`{}` cannot be a TLS server name: {e}", target.host))
    })?;
    let started = Instant::now();
    let connector = tokio_rustls::TlsConnector::from(config.client_config());
    let stream = match connector.connect(name, tcp).await {
        Ok(stream) => stream,
        Err(e) => return Err(tls::error_of(&e, &target.host, config.presented().as_ref())),
    };
    let tls_time = started.elapsed();
    let facts = tls::facts(stream.get_ref().1, &config);
    if facts.alpn.as_deref() != Some("h2") {
        let alpn = facts.alpn.as_deref().unwrap_or("none");
        return Err(error(
            ErrorKind::Usage,
            format!("{} did not agree to HTTP/2 (ALPN: {alpn}): browsers use HTTP/1.1 for its WebSockets; probe without --http2", target.authority),
        ));
    }
    exchange(stream, target, fields, settings, Some(facts), Some(tls_time)).await
}

fn h2_error(target: &Target, doing: &str, e: &h2::Error) -> ProbeError {
    error(ErrorKind::Io, format!("{} ended HTTP/2 while {doing}: {e}", target.authority))
}

async fn exchange<T>(
    io: T,
    target: &Target,
    fields: &[Field],
    settings: &Settings<'_>,
    tls: Option<TlsFacts>,
    tls_time: Option<Duration>,
) -> Result<Outcome, ProbeError>
where
    T: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let (send, mut connection) = h2::client::Builder::new()
        // The same bound as on an HTTP/1.1 head.
        .max_header_list_size(HEAD_LIMIT as u32)
        .handshake::<_, Bytes>(io)
        .await
        .map_err(|e| h2_error(target, "opening the connection", &e))?;
    let mut ping = connection
        .ping_pong()
        .ok_or_else(|| error(ErrorKind::Io, "HTTP/2 ping unavailable".into()))?;
    let mut driver = tokio::spawn(connection);
    // The server's SETTINGS come before its answer to this PING: after it, the setting is known.
    ping.ping(h2::Ping::opaque())
        .await
        .map_err(|e| h2_error(target, "reading its SETTINGS", &e))?;
    let enabled = send.is_extended_connect_protocol_enabled();
    let mut outcome = Outcome {
        enabled,
        response: None,
        tls,
        tls_time,
        first_byte: None,
        ended: "the server's SETTINGS, which do not allow the extended CONNECT",
        received: 0,
    };
    if !enabled && !settings.plain_connect {
        driver.abort();
        return Ok(outcome);
    }
    let mut send = send.ready().await.map_err(|e| h2_error(target, "opening a stream", &e))?;
    let scheme = if target.tls { "https" } else { "http" };
    // A plain CONNECT names only the authority (RFC 9113 §8.5).
    let uri = if settings.plain_connect {
        format!("{}:{}", target.host, target.port)
    } else {
        format!("{scheme}://{}{}", target.authority, target.path)
    };
    let mut request = http::Request::builder().method(http::Method::CONNECT).uri(uri);
    for (name, value) in fields.iter().filter(|(name, _)| !name.starts_with(':')) {
        request = request.header(name.as_str(), value.as_str());
    }
    let mut request = request.body(()).map_err(|e| {
        error(ErrorKind::Usage, format!("a header cannot go into the HTTP/2 request: {e}"))
    })?;
    if !settings.plain_connect {
        request.extensions_mut().insert(h2::ext::Protocol::from_static("websocket"));
    }
    let sent_at = Instant::now();
    let (response, mut stream) = send.send_request(request, false).map_err(|e| {
        if e.is_remote() || e.is_io() {
            h2_error(target, "sending the extended CONNECT", &e)
        } else {
            // h2 refused the request itself: a field HTTP/2 forbids, given with -H.
            error(ErrorKind::Usage, format!("the request cannot go over HTTP/2: {e} (a connection-specific header given with -H?)"))
        }
    })?;
    let response = match response.await {
        Ok(response) => response,
        Err(e) => {
            outcome.ended = if e.is_reset() {
                "the server resetting the stream instead of answering"
            } else {
                "the connection ending before an answer"
            };
            driver.abort();
            return Ok(outcome);
        }
    };
    outcome.first_byte = Some(sent_at.elapsed());
    let (parts, mut body) = response.into_parts();
    let mut head = vec![(":status".to_owned(), parts.status.as_u16().to_string())];
    head.extend(parts.headers.iter().map(|(name, value)| {
        (name.as_str().to_owned(), String::from_utf8_lossy(value.as_bytes()).into_owned())
    }));
    let opened = parts.status.is_success();
    // After a 2xx the stream carries WebSocket frames: read them for the frames window, then
    // close as a client does. A refusal's body is kept (up to 64 KB), as over HTTP/1.1.
    let until = tokio::time::Instant::from_std(if opened {
        (Instant::now() + settings.frames).min(settings.deadline)
    } else {
        settings.deadline
    });
    let mut data = Vec::new();
    outcome.ended = loop {
        match tokio::time::timeout_at(until, body.data()).await {
            Ok(Some(Ok(chunk))) => {
                let _ = body.flow_control().release_capacity(chunk.len());
                outcome.received += chunk.len();
                if outcome.received >= TOTAL_LIMIT {
                    break "the 1 MB limit on a probe";
                }
                if !opened {
                    data.extend_from_slice(&chunk);
                    if data.len() >= HEAD_LIMIT {
                        data.truncate(HEAD_LIMIT);
                        break "the 64 KB limit on a body";
                    }
                }
            }
            Ok(Some(Err(_))) => break "the server resetting the stream",
            Ok(None) => break "the end of the stream",
            Err(_) if opened => break "the end of the frames window",
            Err(_) => break "the timeout",
        }
    };
    if opened {
        let close = close_frame(random::<4>()?);
        let _ = stream.send_data(Bytes::copy_from_slice(&close), true);
    }
    // Let the connection task write what is queued (the Close) before it stops.
    drop((stream, body, send));
    let _ = tokio::time::timeout(Duration::from_millis(200), &mut driver).await;
    driver.abort();
    outcome.response = Some((head, data));
    Ok(outcome)
}
