//! What every rule may look at for one exchange (`Cx`), and the small facts rules share.

use crate::{
    accept,
    headers::Headers,
    http::{Field, Head},
    names,
    report::{AcceptDiagnosis, AcceptSteps, SharedSource, Span},
};

/// What every rule may look at for one exchange.
pub(crate) struct Cx<'a> {
    pub(crate) src: &'a str,
    /// The text went through a text box that rewrites line endings (see [`crate::Options`]).
    pub(crate) line_endings_lost: bool,
    pub(crate) req: Option<&'a Head>,
    pub(crate) resp: Option<&'a Head>,
    /// The request's list headers, parsed once.
    pub(crate) req_headers: Headers<'a>,
    /// The response's list headers, parsed once.
    pub(crate) resp_headers: Headers<'a>,
    /// Keys sent in the other exchanges of the capture, by exchange index.
    pub(crate) other_keys: &'a accept::KeyAccepts<'a>,
    /// The request's key decoded, once: its rule, the accept computation and its note read it.
    key_bytes: std::cell::OnceCell<Option<Result<accept::KeyBytes, accept::KeyError>>>,
    /// The accept computation for the request's key, done once.
    accept: std::cell::OnceCell<Option<AcceptSteps>>,
    /// The likely mistake behind a wrong accept, worked out once (trying every GUID typo
    /// costs thousands of hashes).
    diagnosis: std::cell::OnceCell<Option<AcceptDiagnosis>>,
    /// The exchange is an HTTP/2 or HTTP/3 extended CONNECT (RFC 8441, RFC 9220), written
    /// as such or rebuilt by Chrome as an HTTP/1.1 Upgrade.
    pub(crate) h2: bool,
    /// Where the request's first credentials and its Origin are (field indices), when a
    /// server should check that Origin before switching; found once (SEC601 and the expected
    /// answer both ask; see `security::Exposure`). Indices, not references, keep `Cx`
    /// covariant.
    pub(crate) exposure: std::cell::OnceCell<Option<(usize, Option<usize>)>>,
}

impl<'a> Cx<'a> {
    /// The context of one exchange, over HTTP/1.1 until [`Cx::h2`] is set.
    pub(crate) fn new(
        source: &'a SharedSource,
        line_endings_lost: bool,
        req: Option<&'a Head>,
        resp: Option<&'a Head>,
        other_keys: &'a accept::KeyAccepts<'a>,
    ) -> Cx<'a> {
        let src = source.as_str();
        Cx {
            src,
            line_endings_lost,
            req,
            resp,
            req_headers: req.map(|h| Headers::parse_in(src, h, Some(source))).unwrap_or_default(),
            resp_headers: resp.map(|h| Headers::parse_in(src, h, Some(source))).unwrap_or_default(),
            other_keys,
            key_bytes: std::cell::OnceCell::new(),
            accept: std::cell::OnceCell::new(),
            diagnosis: std::cell::OnceCell::new(),
            h2: false,
            exposure: std::cell::OnceCell::new(),
        }
    }

    pub(crate) fn snippet(&self, span: Span) -> &'a str {
        self.src.get(span.range()).unwrap_or("")
    }

    /// The request's first Sec-WebSocket-Key.
    pub(crate) fn request_key(&self) -> Option<&'a Field> {
        self.req?.first(self.src, names::SEC_WEBSOCKET_KEY)
    }

    /// Whether one of the two messages is HTTP/2 (or later) and the other not: two hops of a
    /// translating proxy, neither of which answers the other (H2812).
    pub(crate) fn mixed_hops(&self) -> bool {
        match (self.req, self.resp) {
            (Some(req), Some(resp)) => req.is_h2_or_later() != resp.is_h2_or_later(),
            _ => false,
        }
    }

    /// The response, when its status opens the WebSocket (see [`switched`]).
    pub(crate) fn switched_response(&self) -> Option<&'a Head> {
        self.resp.filter(|r| switched(r, self.h2))
    }

    /// The request's first key, decoded (see [`accept::decode_key`]).
    pub(crate) fn key_bytes(&self) -> Option<&Result<accept::KeyBytes, accept::KeyError>> {
        self.key_bytes
            .get_or_init(|| self.request_key().map(|k| accept::decode_key(k.value(self.src))))
            .as_ref()
    }

    /// The accept computation for the request's key.
    pub(crate) fn accept_steps(&self) -> Option<&AcceptSteps> {
        self.accept
            .get_or_init(|| {
                let key = self.request_key()?.value(self.src);
                Some(accept::steps(key, self.key_bytes()))
            })
            .as_ref()
    }

    /// The accept computation and the diagnosis of a wrong accept, moved out for the report
    /// once no rule needs them.
    pub(crate) fn take_accept(&mut self) -> (Option<AcceptSteps>, Option<AcceptDiagnosis>) {
        self.accept_diagnosis();
        (self.accept.take().flatten(), self.diagnosis.take().flatten())
    }

    /// The 101's first Sec-WebSocket-Accept.
    pub(crate) fn received_accept(&self) -> Option<&'a Field> {
        self.resp.filter(|r| r.status() == Some(101))?.first(self.src, names::SEC_WEBSOCKET_ACCEPT)
    }

    /// How the 101's accept was most likely computed, when it does not match the key.
    pub(crate) fn accept_diagnosis(&self) -> Option<&AcceptDiagnosis> {
        self.diagnosis
            .get_or_init(|| {
                let steps = self.accept_steps()?;
                let received = self.received_accept()?.value(self.src);
                (received.trim() != steps.accept)
                    .then(|| accept::diagnose(&steps.key, received, self.other_keys))
                    .flatten()
            })
            .as_ref()
    }
}

/// The host part of `host[:port]` or `[v6]:port`.
pub(crate) fn authority_host(authority: &str) -> &str {
    if let Some(rest) = authority.strip_prefix('[') {
        return rest.split(']').next().unwrap_or(rest);
    }
    authority.rsplit_once(':').map_or(authority, |(host, port)| {
        if port.bytes().all(|b| b.is_ascii_digit()) {
            host
        } else {
            authority
        }
    })
}

/// Whether the response's status opens the WebSocket: 101 for the HTTP/1.1 Upgrade, any
/// 2xx for the extended CONNECT of HTTP/2 and HTTP/3 (RFC 8441 §5).
pub(crate) fn switched(resp: &Head, h2: bool) -> bool {
    match resp.status() {
        Some(status) if h2 => (200..300).contains(&status),
        status => status == Some(101),
    }
}

#[cfg(test)]
mod tests {
    use super::authority_host;

    #[test]
    fn authority_hosts() {
        assert_eq!(authority_host("example.com:8080"), "example.com");
        assert_eq!(authority_host("example.com"), "example.com");
        assert_eq!(authority_host("[::1]:80"), "::1");
    }
}
