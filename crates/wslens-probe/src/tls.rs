//! TLS for `wss://` with rustls: the system's roots (Mozilla's when the system has none),
//! `--cacert`, `--insecure`; the certificate the server presented, whether or not it was
//! trusted; and why verification failed, in plain words.

use std::{
    path::Path,
    sync::{Arc, Mutex},
};

use rustls::{
    client::{
        danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier},
        WebPkiServerVerifier,
    },
    pki_types::{pem::PemObject, CertificateDer, ServerName, UnixTime},
    CertificateError, ClientConfig, ClientConnection, DigitallySignedStruct, RootCertStore,
    SignatureScheme, StreamOwned,
};
use serde::Serialize;

use crate::{error, Deadlined, ErrorKind, ProbeError};

/// The TLS session a probe opened.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TlsFacts {
    /// `TLS 1.3` or `TLS 1.2`.
    pub version: String,
    /// The protocol ALPN agreed (`http/1.1`), if the server took part.
    pub alpn: Option<String>,
    /// The cipher suite.
    pub cipher: String,
    /// The certificate chain was verified; false only under `--insecure`.
    pub verified: bool,
    /// The server's certificate.
    pub certificate: Option<CertificateFacts>,
}

/// What the server's certificate says.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CertificateFacts {
    /// Its subject.
    pub subject: String,
    /// Who signed it.
    pub issuer: String,
    /// The names it is valid for (subject alternative names).
    pub names: Vec<String>,
    /// Valid from.
    pub not_before: String,
    /// Valid until.
    pub not_after: String,
}

impl CertificateFacts {
    fn of(der: &CertificateDer<'_>) -> Option<CertificateFacts> {
        use x509_parser::prelude::{FromDer, GeneralName, X509Certificate};
        let (_, cert) = X509Certificate::from_der(der.as_ref()).ok()?;
        let mut names = Vec::new();
        if let Ok(Some(san)) = cert.subject_alternative_name() {
            for name in &san.value.general_names {
                match name {
                    GeneralName::DNSName(n) => names.push((*n).to_owned()),
                    GeneralName::IPAddress(bytes) => {
                        names.push(match bytes.len() {
                            4 => std::net::Ipv4Addr::from(<[u8; 4]>::try_from(*bytes).ok()?)
                                .to_string(),
                            16 => std::net::Ipv6Addr::from(<[u8; 16]>::try_from(*bytes).ok()?)
                                .to_string(),
                            _ => continue,
                        });
                    }
                    _ => {}
                }
            }
        }
        let time =
            |t: x509_parser::time::ASN1Time| t.to_rfc2822().unwrap_or_else(|_| t.to_string());
        Some(CertificateFacts {
            subject: crate::printable(&cert.subject().to_string()),
            issuer: crate::printable(&cert.issuer().to_string()),
            names: names.iter().map(|n| crate::printable(n)).collect(),
            not_before: time(cert.validity().not_before),
            not_after: time(cert.validity().not_after),
        })
    }
}

/// Checks the chain with webpki (unless `insecure`), and keeps the certificate presented.
#[derive(Debug)]
struct Recording {
    inner: Arc<WebPkiServerVerifier>,
    insecure: bool,
    presented: Mutex<Option<CertificateDer<'static>>>,
}

impl ServerCertVerifier for Recording {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        if let Ok(mut presented) = self.presented.lock() {
            *presented = Some(end_entity.clone().into_owned());
        }
        if self.insecure {
            return Ok(ServerCertVerified::assertion());
        }
        self.inner.verify_server_cert(end_entity, intermediates, server_name, ocsp_response, now)
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.inner.supported_verify_schemes()
    }
}

/// A client configuration with its recording verifier.
pub(crate) struct Config {
    config: Arc<ClientConfig>,
    verifier: Arc<Recording>,
}

impl Config {
    pub(crate) fn client_config(&self) -> Arc<ClientConfig> {
        self.config.clone()
    }

    /// The certificate the server presented, once the handshake has seen it.
    pub(crate) fn presented(&self) -> Option<CertificateDer<'static>> {
        self.verifier.presented.lock().ok().and_then(|p| p.clone())
    }
}

/// The roots: the system's, Mozilla's when the system has none, and `cacert`'s; `alpn`, the
/// protocols offered.
pub(crate) fn config(
    insecure: bool,
    cacert: Option<&Path>,
    alpn: &[&[u8]],
) -> Result<Config, ProbeError> {
    // ring, not aws-lc-rs: no cmake or long C build on a fresh machine. Its key exchanges
    // (X25519, P-256, P-384) reach every server; post-quantum ones are not needed to diagnose
    // a handshake.
    #[allow(deprecated, reason = "rustls' only ring provider; see above")]
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut roots = RootCertStore::empty();
    roots.add_parsable_certificates(rustls_native_certs::load_native_certs().certs);
    if roots.is_empty() {
        roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    }
    if let Some(path) = cacert {
        let bad = |e: &dyn std::fmt::Display| {
            error(ErrorKind::Usage, format!("--cacert {}: {e}", path.display()))
        };
        let mut added = 0;
        for cert in CertificateDer::pem_file_iter(path).map_err(|e| bad(&e))? {
            roots.add(cert.map_err(|e| bad(&e))?).map_err(|e| bad(&e))?;
            added += 1;
        }
        if added == 0 {
            return Err(bad(&"no PEM certificate in the file"));
        }
    }
    let inner = WebPkiServerVerifier::builder_with_provider(Arc::new(roots), provider.clone())
        .build()
        .map_err(|e| error(ErrorKind::Tls, format!("no usable trust roots: {e}")))?;
    let verifier = Arc::new(Recording { inner, insecure, presented: Mutex::new(None) });
    let mut config = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| error(ErrorKind::Tls, e.to_string()))?
        .dangerous()
        .with_custom_certificate_verifier(verifier.clone())
        .with_no_client_auth();
    config.alpn_protocols = alpn.iter().map(|p| p.to_vec()).collect();
    Ok(Config { config: Arc::new(config), verifier })
}

/// The TLS handshake, bounded by `deadline`.
pub(crate) fn handshake(
    config: Config,
    mut socket: Deadlined,
    host: &str,
) -> Result<(StreamOwned<ClientConnection, Deadlined>, TlsFacts), ProbeError> {
    let name = ServerName::try_from(host.to_owned()).map_err(|e| {
        error(ErrorKind::Usage, format!("`{host}` cannot be a TLS server name: {e}"))
    })?;
    let mut conn = ClientConnection::new(config.config.clone(), name)
        .map_err(|e| error(ErrorKind::Tls, e.to_string()))?;
    // Each socket read and write ends by the socket's deadline.
    while conn.is_handshaking() {
        if let Err(e) = conn.complete_io(&mut socket) {
            return Err(error_of(&e, host, config.presented().as_ref()));
        }
    }
    let facts = facts(&conn, &config);
    Ok((StreamOwned::new(conn, socket), facts))
}

/// What a finished handshake agreed, and the certificate presented.
pub(crate) fn facts(conn: &ClientConnection, config: &Config) -> TlsFacts {
    TlsFacts {
        version: match conn.protocol_version() {
            Some(rustls::ProtocolVersion::TLSv1_3) => "TLS 1.3".into(),
            Some(rustls::ProtocolVersion::TLSv1_2) => "TLS 1.2".into(),
            Some(other) => format!("{other:?}"),
            None => "unknown".into(),
        },
        alpn: conn.alpn_protocol().map(|p| String::from_utf8_lossy(p).into_owned()),
        cipher: conn
            .negotiated_cipher_suite()
            .map_or_else(String::new, |s| format!("{:?}", s.suite())),
        verified: !config.verifier.insecure,
        certificate: config.presented().as_ref().and_then(CertificateFacts::of),
    }
}

/// Why the handshake failed, in plain words, with what to try.
pub(crate) fn error_of(
    e: &std::io::Error,
    host: &str,
    presented: Option<&CertificateDer<'_>>,
) -> ProbeError {
    if matches!(e.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut) {
        return error(ErrorKind::Timeout, format!("the TLS handshake with {host} took longer than the timeout: is this port TLS? for plain WebSocket use ws://"));
    }
    let facts = presented.and_then(CertificateFacts::of);
    let names = facts.as_ref().map_or_else(String::new, |f| f.names.join(", "));
    let inner = e.get_ref().and_then(|inner| inner.downcast_ref::<rustls::Error>());
    let message = match inner {
        Some(rustls::Error::InvalidCertificate(cert)) => match cert {
            CertificateError::Expired | CertificateError::ExpiredContext { .. } => format!(
                "the certificate of {host} expired{}: renew it (the server's, not yours); --insecure looks anyway",
                facts.as_ref().map_or_else(String::new, |f| format!(" on {}", f.not_after))
            ),
            CertificateError::NotValidYet | CertificateError::NotValidYetContext { .. } => format!(
                "the certificate of {host} is not valid yet{}: check the server's clock and the certificate",
                facts.as_ref().map_or_else(String::new, |f| format!(" (from {})", f.not_before))
            ),
            CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. } => format!(
                "the certificate is for {}, not {host}: use a name it covers, or fix the server's certificate",
                if names.is_empty() { "other names".to_owned() } else { names.clone() }
            ),
            CertificateError::UnknownIssuer => format!(
                "the certificate of {host} is signed by an issuer not trusted here{}: pass its CA with --cacert FILE, or --insecure to look anyway",
                facts.as_ref().map_or_else(String::new, |f| format!(" ({})", f.issuer))
            ),
            other => format!("the certificate of {host} was refused: {other:?}"),
        },
        Some(rustls::Error::AlertReceived(alert)) => {
            format!("{host} ended the TLS handshake with the alert {alert:?}")
        }
        Some(rustls::Error::InvalidMessage(_)) | Some(rustls::Error::InappropriateHandshakeMessage { .. }) => {
            format!("{host} does not speak TLS on this port: for plain WebSocket use ws://")
        }
        Some(other) => format!("the TLS handshake with {host} failed: {other}"),
        None if e.kind() == std::io::ErrorKind::UnexpectedEof || e.kind() == std::io::ErrorKind::ConnectionReset => {
            format!("{host} closed the connection during the TLS handshake: is this port TLS? for plain WebSocket use ws://")
        }
        None => format!("the TLS handshake with {host} failed: {e}"),
    };
    error(ErrorKind::Tls, message)
}
