//! The examples menu: one case per common failure, taken from the fixture corpus (most of
//! them recorded from real clients and servers by `tools/record/record.py`).

/// A built-in example.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Example {
    /// Stable id, used in `#e=<id>` links.
    pub id: &'static str,
    /// The menu label.
    pub label: &'static str,
    /// The transcript as recorded (captures carry WebSocket frame bytes after the 101).
    pub bytes: &'static [u8],
}

macro_rules! fixture {
    ($path:literal) => {
        include_bytes!(concat!("../../crates/wslens-core/tests/fixtures/", $path))
    };
}

/// Every example, the RFC sample first.
pub const EXAMPLES: &[Example] = &[
    Example {
        id: "rfc6455",
        label: "RFC 6455 §1.3 sample (ok)",
        bytes: fixture!("valid/rfc6455-sample.txt"),
    },
    Example {
        id: "chromium-ok",
        label: "Chromium ↔ Node ws, deflate (ok)",
        bytes: fixture!("captured/valid/chromium-node-ws.txt"),
    },
    Example {
        id: "h2-devtools",
        label: "HTTP/2 WebSocket as Chrome DevTools shows it (ok)",
        bytes: fixture!("captured/formats/h2-devtools-chromium-node-http2.txt"),
    },
    Example {
        id: "h2-firefox",
        label: "HTTP/2 WebSocket as Firefox DevTools copies it (ok)",
        bytes: fixture!("captured/formats/firefox-copy-h2-node-http2.txt"),
    },
    Example {
        id: "h2-proxy-upgrade",
        label: "HTTP/2: a proxy forwarded Upgrade and Connection",
        bytes: fixture!("rules/H2806-h2-proxy-forwarded-upgrade.txt"),
    },
    Example {
        id: "proxy-200",
        label: "Proxy stripped Upgrade → 200",
        bytes: fixture!("rules/WS202-200-proxy-stripped.txt"),
    },
    Example {
        id: "nginx-http10",
        label: "nginx sent HTTP/1.0 upstream → 505",
        bytes: fixture!("captured/failing/WS210-chromium-nginx-stripping-hop1.txt"),
    },
    Example {
        id: "spa-fallback",
        label: "SPA fallback answered 200 with HTML",
        bytes: fixture!("captured/failing/WS202-chromium-spa-fallback.txt"),
    },
    Example {
        id: "wrong-accept",
        label: "Wrong Sec-WebSocket-Accept",
        bytes: fixture!("captured/failing/WS226-chromium-wrong-accept.txt"),
    },
    Example {
        id: "duplicate-accept",
        label: "Sec-WebSocket-Accept sent twice",
        bytes: fixture!("captured/failing/WS225-chromium-duplicate-accept.txt"),
    },
    Example {
        id: "no-connection",
        label: "101 without Connection: Upgrade",
        bytes: fixture!("captured/failing/WS222-chromium-no-connection.txt"),
    },
    Example {
        id: "unoffered-protocol",
        label: "Unoffered subprotocol selected",
        bytes: fixture!("captured/failing/WS302-chromium-unoffered-protocol.txt"),
    },
    Example {
        id: "no-protocol",
        label: "Subprotocol offered, none chosen",
        bytes: fixture!("captured/interop/WS306-chromium-no-protocol.txt"),
    },
    Example {
        id: "bad-deflate",
        label: "Bad permessage-deflate parameter",
        bytes: fixture!("captured/failing/PMD414-chromium-bad-deflate.txt"),
    },
    Example {
        id: "origin-403",
        label: "403: Origin rejected",
        bytes: fixture!("captured/failing/WS206-curl-forbidden.txt"),
    },
    Example {
        id: "version-426",
        label: "426: version 8 refused",
        bytes: fixture!("rules/WS120-version-8.txt"),
    },
    Example {
        id: "redirect",
        label: "Redirect (browsers never follow)",
        bytes: fixture!("captured/failing/WS203-chromium-redirect.txt"),
    },
    Example {
        id: "unauthorized-401",
        label: "401 Unauthorized",
        bytes: fixture!("captured/failing/WS231-node-ws-unauthorized.txt"),
    },
    Example {
        id: "http10-101",
        label: "101 answered as HTTP/1.0",
        bytes: fixture!("captured/failing/WS227-python-http10.txt"),
    },
];

/// The example with this id.
pub fn by_id(id: &str) -> Option<&'static Example> {
    EXAMPLES.iter().find(|e| e.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use wslens_core::{inspect, HandshakeVerdict, Options};

    #[test]
    fn ids_are_unique_and_the_ok_examples_are_ok() {
        for (i, a) in EXAMPLES.iter().enumerate() {
            assert!(EXAMPLES[i + 1..].iter().all(|b| b.id != a.id), "{} twice", a.id);
        }
        assert!(EXAMPLES[0].label.ends_with("(ok)"));
        for example in EXAMPLES.iter().filter(|e| e.label.ends_with("(ok)")) {
            let report = inspect(example.bytes, &Options::default());
            assert_eq!(
                report.exchanges[0].verdict.handshake,
                HandshakeVerdict::Ok,
                "{}",
                example.id
            );
        }
    }

    #[test]
    fn every_failure_example_fails_or_warns() {
        for example in EXAMPLES.iter().filter(|e| !e.label.ends_with("(ok)")) {
            let report = inspect(example.bytes, &Options::default());
            let exchange = &report.exchanges[0];
            assert!(
                exchange.verdict.handshake != HandshakeVerdict::Ok || report.summary.warnings > 0,
                "{} shows nothing wrong",
                example.id
            );
        }
    }
}
