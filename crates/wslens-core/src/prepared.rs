//! The prepared input: what `prepare` hands to `inspect_prepared`. It crosses a thread
//! boundary (the viewer's worker reads the capture, the page checks it), so it is serialised;
//! it is internal to one build (the page and its worker), never a published schema. Only
//! `Prepared` is public; its parts are the input layer's.

use serde::{Deserialize, Serialize};

use crate::report::{Format, MessageLog};

/// An input with its container read: a packet capture's handshakes rebuilt as text, a HAR's
/// JSON parsed, a curl command decoded, or plain text as it is. It is small (the text shown
/// and what the capture keeps beside it) and serialisable, so the costly reading can happen
/// on one thread (a browser's worker) and the checks on another.
///
/// `inspect(input, options)` is `inspect_prepared(prepare(input, options), options)`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Prepared(pub(crate) Unpacked);

/// The input with its container read (a pcap's packets reassembled, a HAR's JSON parsed, a
/// curl command decoded): the text the user will see, and what a structured capture keeps
/// beside it. Reading the container is the only step whose cost grows with the size of the
/// file rather than with the handshakes in it, so this is what the viewer does in a worker
/// and sends back, serialised, for `input::parse` and the checks.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Unpacked {
    /// The format, resolved when it was `Auto`.
    pub(crate) format: Format,
    pub(crate) text: String,
    /// Bytes that were not UTF-8 were replaced by U+FFFD.
    pub(crate) replaced: bool,
    /// Why the container holds nothing to read, when it does not.
    pub(crate) unusable: Option<Unusable>,
    pub(crate) entries: Vec<EntryFacts>,
    pub(crate) skipped: u32,
    pub(crate) encrypted: Vec<String>,
    pub(crate) stopped: Option<String>,
    /// WebSocket frames found after 101 heads in a pasted text that kept their bytes.
    pub(crate) frames_after: Vec<FramesAfter>,
}

/// The frames after one 101 head of a pasted text, decoded from the input's bytes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct FramesAfter {
    /// Where the 101's head ends in the text (where its frames start).
    pub(crate) head_end: usize,
    pub(crate) log: MessageLog,
    pub(crate) checks: FrameChecks,
}

/// What the frames of one exchange break, each as the index of the first frame that does
/// (in the order decoded: the server's frames, then the client's), for the FRM1xx checks.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct FrameChecks {
    /// A client frame without a mask.
    pub(crate) unmasked_client: Option<usize>,
    /// A server frame with a mask.
    pub(crate) masked_server: Option<usize>,
    /// A frame with RSV1 set (allowed only when permessage-deflate was negotiated).
    pub(crate) rsv1: Option<usize>,
    /// A frame with RSV2 or RSV3 set (no extension in use defines them).
    pub(crate) rsv23: Option<usize>,
    /// An uncompressed text frame whose payload is not UTF-8.
    pub(crate) text_not_utf8: Option<usize>,
    /// A frame with a reserved opcode, and the opcode.
    pub(crate) reserved_opcode: Option<(usize, u8)>,
    /// A control frame longer than 125 bytes or not final.
    pub(crate) bad_control: Option<usize>,
}

/// What a structured capture (HAR) says about one handshake beside its headers.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct EntryFacts {
    /// Where the rebuilt request line starts in the text.
    pub(crate) request_at: usize,
    /// The browser recorded the handshake as failed: the status it wrote, and any error
    /// text it kept.
    pub(crate) failure: Option<String>,
    /// The messages recorded after the handshake.
    pub(crate) messages: Option<MessageLog>,
    /// This request is a later hop of a handshake that crossed a proxy (packet captures).
    pub(crate) proxy: Option<ProxyHop>,
    /// What the frames after the 101 break, when they were decoded from bytes.
    pub(crate) frames: Option<FrameChecks>,
}

/// A later hop of a handshake seen on both sides of a proxy.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct ProxyHop {
    /// Where the client's own request (the first hop) starts in the text.
    pub(crate) client_request_at: usize,
    /// What the client sent that this hop's request lacks.
    pub(crate) dropped: Vec<Dropped>,
}

/// One thing a relay did not pass on from the client's request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) enum Dropped {
    /// A header the client sent, by its canonical name.
    Header(String),
    /// The `upgrade` token of Connection, with the hop's Connection if it has one.
    ConnectionUpgrade(Option<String>),
    /// The HTTP version of the request line: what the client sent, what arrived.
    HttpVersion(String, String),
}

/// What the unreadable input looked like.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) enum Unusable {
    Empty,
    Binary,
    Json,
    NoStartLine,
    /// A HAR that could not be read, and why.
    BadHar(String),
    /// A curl command line that could not be read, and why.
    BadCommand(String),
    /// A packet capture, in a build without the pcap reader (the viewer's page, whose worker
    /// reads captures).
    NoCaptureReader,
    /// A HAR without a WebSocket handshake, and how many entries it has.
    NoWebSocketInHar(u32),
    /// Read as a client's error message (`--format error`), but no known message is in it.
    NoClientError,
    /// A text (after decoding) longer than a span can point into, and its length in bytes.
    TooLarge(u64),
    /// A packet capture without a readable WebSocket handshake: packets, encrypted connections,
    /// and why reading stopped early if it did.
    NoWebSocketInCapture {
        packets: u64,
        encrypted: usize,
        stopped: Option<String>,
    },
}
