//! Header names and other protocol strings, spelled once.

pub(crate) const HOST: &str = "Host";
pub(crate) const USER_AGENT: &str = "User-Agent";
pub(crate) const UPGRADE: &str = "Upgrade";
pub(crate) const CONNECTION: &str = "Connection";
pub(crate) const ORIGIN: &str = "Origin";
pub(crate) const COOKIE: &str = "Cookie";
pub(crate) const AUTHORIZATION: &str = "Authorization";
pub(crate) const PROXY_AUTHORIZATION: &str = "Proxy-Authorization";
pub(crate) const SET_COOKIE: &str = "Set-Cookie";
pub(crate) const LOCATION: &str = "Location";
pub(crate) const CONTENT_LENGTH: &str = "Content-Length";
/// How `wslens probe` starts the line it writes before an HTTP/2 request, with the server's
/// SETTINGS (see [`crate::probe`]).
pub(crate) const PROBE_NOTE: &str = "# wslens probe:";
/// The setting that allows the extended CONNECT (RFC 8441 §3), as the probe's note names it.
pub(crate) const ENABLE_CONNECT_PROTOCOL: &str = "SETTINGS_ENABLE_CONNECT_PROTOCOL = ";
pub(crate) const WWW_AUTHENTICATE: &str = "WWW-Authenticate";
pub(crate) const PROXY_AUTHENTICATE: &str = "Proxy-Authenticate";
pub(crate) const ALLOW: &str = "Allow";
pub(crate) const SEC_WEBSOCKET_KEY: &str = "Sec-WebSocket-Key";
pub(crate) const SEC_WEBSOCKET_ACCEPT: &str = "Sec-WebSocket-Accept";
pub(crate) const SEC_WEBSOCKET_VERSION: &str = "Sec-WebSocket-Version";
pub(crate) const SEC_WEBSOCKET_PROTOCOL: &str = "Sec-WebSocket-Protocol";
pub(crate) const SEC_WEBSOCKET_EXTENSIONS: &str = "Sec-WebSocket-Extensions";

/// The Upgrade token and the only Sec-WebSocket-Version of RFC 6455.
pub(crate) const WEBSOCKET: &str = "websocket";
pub(crate) const VERSION_13: &str = "13";

/// RFC 7692 §7: the extension name and its four parameters.
pub(crate) const PERMESSAGE_DEFLATE: &str = "permessage-deflate";
pub(crate) const SERVER_NO_CONTEXT_TAKEOVER: &str = "server_no_context_takeover";
pub(crate) const CLIENT_NO_CONTEXT_TAKEOVER: &str = "client_no_context_takeover";
pub(crate) const SERVER_MAX_WINDOW_BITS: &str = "server_max_window_bits";
pub(crate) const CLIENT_MAX_WINDOW_BITS: &str = "client_max_window_bits";

/// The handshake headers whose canonical spelling some clients depend on.
pub(crate) const HANDSHAKE_HEADERS: &[&str] = &[
    UPGRADE,
    CONNECTION,
    SEC_WEBSOCKET_KEY,
    SEC_WEBSOCKET_ACCEPT,
    SEC_WEBSOCKET_VERSION,
    SEC_WEBSOCKET_PROTOCOL,
    SEC_WEBSOCKET_EXTENSIONS,
];
