//! pcap and pcapng captures (tcpdump, Wireshark's dumpcap).
//!
//! pcap-parser reads the container and the link layer, etherparse the IP and TCP headers; this
//! module reassembles each TCP direction, finds the HTTP Upgrade exchanges in it (on any
//! port), and rebuilds them as HTTP text: a `#` line naming the connection, the request head
//! and the response head exactly as captured. WebSocket frames after a 101 are decoded into
//! a message log rather than copied into the text.

use std::{fmt::Write as _, net::IpAddr};

use crate::maps::{Map, Set};

use etherparse::{NetSlice, SlicedPacket, TransportSlice};
use pcap_parser::{
    data::{get_packetdata, PacketData},
    pcapng::{self, Block},
    Linktype,
};

use crate::report::MessageLog;
use crate::{
    headers::Headers,
    http::{self, Layout, StartLine},
    names,
    prepared::{Dropped, EntryFacts, ProxyHop},
};

/// What a capture gives the rest of the pipeline.
#[derive(Debug, Default)]
pub(crate) struct Rebuilt {
    pub(crate) text: String,
    pub(crate) entries: Vec<EntryFacts>,
    /// HTTP exchanges that are not WebSocket handshakes.
    pub(crate) skipped: u32,
    /// Connections that carry TLS, by their label.
    pub(crate) encrypted: Vec<String>,
    /// Where reading stopped early, if it did.
    pub(crate) stopped: Option<String>,
    /// Packets read.
    pub(crate) packets: u64,
}

/// One direction of a TCP connection.
#[derive(Default)]
struct Stream {
    /// The sequence number of the first payload byte (after the SYN), once known.
    base: Option<u32>,
    /// Payload segments by sequence number, copied from the capture while the connection may
    /// carry HTTP.
    segments: Vec<(u32, Vec<u8>)>,
    /// Bytes held in `segments`.
    stored: usize,
    /// What the connection carries, once its first bytes have said.
    kind: Kind,
    /// Order of first appearance, so that output is stable.
    first_seen: u64,
    /// The packet that carried its first payload byte (0 when none did), to order the
    /// handshakes of different connections in time.
    first_payload: u64,
}

/// What a connection carries.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum Kind {
    /// Not known yet: its first bytes are kept until they say.
    #[default]
    Undecided,
    /// HTTP: both directions are kept (up to [`HTTP_KEEP`] bytes each).
    Http,
    /// TLS or something that is not HTTP: nothing more is kept.
    Ignored,
}

/// The most a connection that carries HTTP keeps of each direction: the heads and the first
/// WebSocket frames are what a report shows; a long WebSocket session in a big capture
/// should not make the reader hold it all.
const HTTP_KEEP: usize = 4 << 20;

type Endpoint = (IpAddr, u16);

/// The longest record (a packet, a pcapng block) the reader waits for: far above any
/// snapshot length a capture tool uses (tcpdump's default is 262,144 bytes), so only a
/// damaged length reaches it.
const MAX_RECORD: u64 = 16 << 20;

/// The most bytes pcap-parser 0.17 wants before it reads a pcapng block's length against its
/// kind (an enhanced packet block's fixed part); below that, a block too short for its kind
/// is refused only once they have arrived, so it is waited for like any other.
const LONGEST_FIXED_PART: u64 = 32;

/// How often scanning reports progress: every this many bytes.
const PROGRESS_STEP: u64 = 1 << 20;

/// Reads every packet and rebuilds the WebSocket handshakes; `progress` hears how many bytes
/// have been scanned, out of how many, about every megabyte.
pub(crate) fn read(bytes: &[u8], progress: &mut dyn FnMut(u64, u64)) -> Rebuilt {
    let total = bytes.len() as u64;
    let mut scanner = Scanner::default();
    for (i, chunk) in bytes.chunks(PROGRESS_STEP as usize).enumerate() {
        scanner.feed(chunk);
        if i > 0 {
            progress(scanner.fed, total);
        }
    }
    progress(total, total);
    scanner.finish()
}

/// A capture read as it arrives, in pieces of any size: memory holds the packets not yet
/// whole, the first bytes of each connection until they say what it carries, and the HTTP
/// connections, never the whole file.
#[derive(Default)]
pub(crate) struct Scanner {
    /// Bytes fed but not yet read as packets (a record cut between two pieces).
    pending: Vec<u8>,
    container: Option<Container>,
    streams: Map<(Endpoint, Endpoint), Stream>,
    /// TLS connections: when each was first seen, and its label.
    encrypted: Vec<(u64, String)>,
    packets: u64,
    stopped: Option<String>,
    /// Bytes fed so far.
    pub(crate) fed: u64,
}

/// What reading the record at the start of the pending bytes came to.
enum Step {
    /// It was read: this many bytes.
    Read(usize),
    /// It is not whole yet.
    Incomplete,
    /// It cannot be read, and why.
    Damaged(String),
}

/// The block type of a pcapng section header, which starts a pcapng file.
const SECTION: [u8; 4] = [0x0a, 0x0d, 0x0d, 0x0a];

/// The container, once its header has been read.
enum Container {
    Legacy { big_endian: bool, modified: bool, linktype: Linktype },
    Ng { big_endian: bool, linktypes: Vec<Linktype> },
}

impl Scanner {
    /// Reads the next piece of the capture.
    pub(crate) fn feed(&mut self, bytes: &[u8]) {
        self.fed += bytes.len() as u64;
        if self.stopped.is_some() {
            return;
        }
        let mut buffer = std::mem::take(&mut self.pending);
        let rest = if buffer.is_empty() {
            let used = self.records(bytes);
            bytes[used..].to_vec()
        } else {
            // The record cut between pieces grows in place: no copy of it per piece.
            buffer.extend_from_slice(bytes);
            let used = self.records(&buffer);
            buffer.drain(..used);
            buffer
        };
        if self.stopped.is_none() {
            self.pending = rest;
        }
    }

    /// Reads every whole record at the start of `input`; returns how many bytes they took.
    fn records(&mut self, input: &[u8]) -> usize {
        let mut at = 0;
        loop {
            let rest = &input[at..];
            if rest.is_empty() {
                return at;
            }
            if let Some(why) = self.refused_unread(rest) {
                self.stopped = Some(why);
                return at;
            }
            let step = match &mut self.container {
                None if rest.starts_with(&SECTION) => {
                    match pcap_parser::pcapng::parse_sectionheaderblock(rest) {
                        Ok((left, shb)) => {
                            self.container = Some(Container::Ng {
                                big_endian: shb.big_endian(),
                                linktypes: Vec::new(),
                            });
                            Step::Read(rest.len() - left.len())
                        }
                        Err(pcap_parser::nom::Err::Incomplete(_)) => Step::Incomplete,
                        // Until its length and byte-order magic have arrived, a damaged
                        // header waits like a short one: what the message says of it must
                        // not depend on how the file was cut into pieces.
                        Err(_) if rest.len() < NG_HEADER_FACTS => Step::Incomplete,
                        Err(_) => Step::Damaged(ng_header_problem(rest)),
                    }
                }
                None => match pcap_parser::pcap::parse_pcap_header(rest) {
                    Ok((left, header)) => {
                        self.container = Some(Container::Legacy {
                            big_endian: header.is_bigendian(),
                            modified: header.is_modified_format(),
                            linktype: header.network,
                        });
                        Step::Read(rest.len() - left.len())
                    }
                    Err(pcap_parser::nom::Err::Incomplete(_)) => Step::Incomplete,
                    Err(_) if rest.len() < 4 => Step::Incomplete,
                    Err(_) => Step::Damaged(format!(
                        "the pcap file header is not readable: its first four bytes, {}, are \
                         neither a pcap magic number nor pcapng's block type 0a0d0d0a",
                        crate::accept::hex(&rest[..4])
                    )),
                },
                Some(Container::Legacy { big_endian, modified, linktype }) => {
                    let parse = match (*modified, *big_endian) {
                        (true, _) => pcap_parser::pcap::parse_pcap_frame_modified,
                        (false, true) => pcap_parser::pcap::parse_pcap_frame_be,
                        (false, false) => pcap_parser::pcap::parse_pcap_frame,
                    };
                    let linktype = *linktype;
                    match parse(rest) {
                        Ok((left, block)) => {
                            let len = (block.caplen as usize).min(block.data.len());
                            self.packet(linktype, &block.data[..len]);
                            Step::Read(rest.len() - left.len())
                        }
                        Err(pcap_parser::nom::Err::Incomplete(_)) => Step::Incomplete,
                        Err(_) => Step::Damaged(format!(
                            "the pcap file is cut off or damaged after packet {}",
                            self.packets
                        )),
                    }
                }
                Some(Container::Ng { big_endian, linktypes }) => {
                    let parse =
                        if *big_endian { pcapng::parse_block_be } else { pcapng::parse_block_le };
                    match parse(rest) {
                        Ok((left, block)) => {
                            let used = rest.len() - left.len();
                            match block {
                                Block::SectionHeader(shb) => {
                                    *big_endian = shb.big_endian();
                                    linktypes.clear();
                                }
                                Block::InterfaceDescription(idb) => linktypes.push(idb.linktype),
                                Block::EnhancedPacket(epb) => {
                                    let lt = linktypes.get(epb.if_id as usize).copied();
                                    let data =
                                        &epb.data[..(epb.caplen as usize).min(epb.data.len())];
                                    self.packet_of(lt, data);
                                }
                                Block::SimplePacket(spb) => {
                                    let lt = linktypes.first().copied();
                                    let data =
                                        &spb.data[..(spb.origlen as usize).min(spb.data.len())];
                                    self.packet_of(lt, data);
                                }
                                _ => {}
                            }
                            Step::Read(used)
                        }
                        Err(pcap_parser::nom::Err::Incomplete(_)) => Step::Incomplete,
                        Err(_) => Step::Damaged(format!(
                            "the pcapng file is cut off or damaged after packet {}",
                            self.packets
                        )),
                    }
                }
            };
            let why = match step {
                Step::Read(used) => {
                    at += used;
                    continue;
                }
                // A record not whole yet is waited for, unless all the bytes it says it has
                // are there already.
                Step::Incomplete => match self.whole_but_unreadable(rest) {
                    Some(why) => why,
                    None => return at,
                },
                Step::Damaged(why) => why,
            };
            self.stopped = Some(why);
            return at;
        }
    }

    /// What the record at the start of `rest` is, and how long it says it is, once the bytes
    /// that say so have arrived.
    fn declared(&self, rest: &[u8]) -> Option<(&'static str, u64)> {
        let field = |at, big_endian| u32_at(rest, at, big_endian).map(u64::from);
        match (&self.container, rest.starts_with(&SECTION)) {
            // A legacy file header is 24 bytes: it is never long.
            (None, false) => None,
            // A section says its own byte order, a new one too.
            (None | Some(Container::Ng { .. }), true) => {
                let big_endian = u32_at(rest, 8, false)? == BIG_ENDIAN_MAGIC;
                Some(("pcapng section header", field(4, big_endian)?))
            }
            (Some(Container::Legacy { big_endian, modified, .. }), _) => {
                let header = if *modified { 24 } else { 16 };
                Some(("packet", header + field(8, *big_endian)?))
            }
            (Some(Container::Ng { big_endian, .. }), false) => {
                Some(("block", field(4, *big_endian)?))
            }
        }
    }

    /// Why the record at the start of `rest` is not read at all, from its length alone (so
    /// the answer never depends on how much of it has arrived): longer than [`MAX_RECORD`]
    /// (waiting for it would hold the rest of the file, however large), or a pcapng block
    /// shorter than the 12 bytes of its frame (pcap-parser would subtract past zero).
    fn refused_unread(&self, rest: &[u8]) -> Option<String> {
        let (what, length) = self.declared(rest)?;
        let packets = self.packets;
        let format = self.format_name();
        if length > MAX_RECORD {
            Some(format!(
                "the {format} file is damaged after packet {packets}: a {what} says it is \
                 {length} bytes long, more than the {} MiB this reader takes for one record",
                MAX_RECORD >> 20
            ))
        } else if what == "block" && length < 12 {
            Some(format!(
                "the {format} file is damaged after packet {packets}: a block says it is \
                 {length} bytes long, shorter than the 12 of any block's frame"
            ))
        } else {
            None
        }
    }

    /// Why the record at the start of `rest`, which the parser found incomplete, is not
    /// waited for: all the bytes it says it has are there (and at least the longest fixed
    /// part of any pcapng block), so a field inside it claims more than it holds.
    fn whole_but_unreadable(&self, rest: &[u8]) -> Option<String> {
        let (what, length) = self.declared(rest)?;
        (rest.len() as u64 >= length.max(LONGEST_FIXED_PART)).then(|| {
            format!(
                "the {} file is damaged after packet {}: a {what} of {length} bytes says its \
                 contents are longer than it",
                self.format_name(),
                self.packets
            )
        })
    }

    fn format_name(&self) -> &'static str {
        if matches!(self.container, Some(Container::Legacy { .. })) {
            "pcap"
        } else {
            "pcapng"
        }
    }

    /// A pcapng packet on an interface whose link type is known (others are counted, not read).
    fn packet_of(&mut self, linktype: Option<Linktype>, data: &[u8]) {
        match linktype {
            Some(linktype) => self.packet(linktype, data),
            None => self.packets += 1,
        }
    }

    /// One packet: its TCP payload joins its direction, while the connection may be HTTP.
    fn packet(&mut self, linktype: Linktype, data: &[u8]) {
        self.packets += 1;
        let Some((from, to, seq, syn, payload)) = tcp_segment(linktype, data) else { return };
        let seen = self.packets;
        let stream = self
            .streams
            .entry((from, to))
            .or_insert_with(|| Stream { first_seen: seen, ..Stream::default() });
        // A SYN's sequence number counts the SYN itself: its data (TCP Fast Open) starts at
        // the next one.
        let seq = if syn { seq.wrapping_add(1) } else { seq };
        if syn {
            stream.base = Some(seq);
        }
        if payload.is_empty() {
            return;
        }
        if stream.first_payload == 0 {
            stream.first_payload = seen;
        }
        // An undecided connection is decided once it holds PROBE bytes; the packet that
        // crosses PROBE is kept whole, as the connection may be HTTP: cut, it would leave a
        // gap that ends the stream wherever the packets happened to split.
        let keep = match stream.kind {
            Kind::Ignored => return,
            Kind::Http | Kind::Undecided => HTTP_KEEP,
        };
        if stream.stored < keep {
            let room = (keep - stream.stored).min(payload.len());
            // Most directions of a handshake's connection carry one or two segments: the
            // first gets a list of its own size, where a push would make room for four.
            if stream.segments.capacity() == 0 {
                stream.segments.reserve_exact(1);
            }
            stream.segments.push((seq, payload[..room].to_vec()));
            stream.stored += room;
        }
        if stream.kind == Kind::Undecided && stream.stored >= PROBE {
            self.classify((from, to));
        }
    }

    /// Decides what a connection carries from its first bytes (either direction may be the
    /// client's: the one that speaks HTTP first), and drops what it needs no more.
    fn classify(&mut self, key: (Endpoint, Endpoint)) -> Kind {
        let reverse = (key.1, key.0);
        let a = self.streams.get(&key).map(|s| reassemble(s, PROBE)).unwrap_or_default();
        let b = self.streams.get(&reverse).map(|s| reassemble(s, PROBE)).unwrap_or_default();
        let (client, c) =
            if looks_like_request(&b) && !looks_like_request(&a) { (reverse, b) } else { (key, a) };
        let kind = if is_tls(&c) {
            let first_seen = self.streams.get(&client).map_or(0, |s| s.first_seen);
            self.encrypted
                .push((first_seen, format!("{} -> {}", endpoint(client.0), endpoint(client.1))));
            Kind::Ignored
        } else if looks_like_request(&c) {
            Kind::Http
        } else {
            Kind::Ignored
        };
        for direction in [key, reverse] {
            if let Some(stream) = self.streams.get_mut(&direction) {
                stream.kind = kind;
                if kind == Kind::Ignored {
                    stream.segments = Vec::new();
                    stream.stored = 0;
                }
            }
        }
        kind
    }

    /// Every packet has been fed: rebuilds the handshakes.
    pub(crate) fn finish(mut self) -> Rebuilt {
        if self.stopped.is_none() && !self.pending.is_empty() {
            self.stopped = Some(match self.container {
                None if self.pending.starts_with(&SECTION) => {
                    "the pcapng section header is not readable (it is cut off)".to_owned()
                }
                None => "the pcap file header is not readable (it is cut off)".to_owned(),
                Some(_) => format!(
                    "the {} file is cut off or damaged after packet {}",
                    self.format_name(),
                    self.packets
                ),
            });
        }
        let mut out =
            Rebuilt { packets: self.packets, stopped: self.stopped.take(), ..Rebuilt::default() };
        // Pair each direction with its reverse, in order of first appearance.
        let mut keys: Vec<(Endpoint, Endpoint)> = self.streams.keys().copied().collect();
        keys.sort_by_key(|k| self.streams[k].first_seen);
        let mut done: Set<(Endpoint, Endpoint)> = Set::default();
        let mut found = Vec::new();
        for key in keys {
            if !done.insert(key) {
                continue;
            }
            let reverse = (key.1, key.0);
            done.insert(reverse);
            let kind = match self.streams[&key].kind {
                Kind::Undecided => self.classify(key),
                kind => kind,
            };
            if kind != Kind::Http {
                continue;
            }
            let a = reassemble(&self.streams[&key], PROBE);
            let b = self.streams.get(&reverse).map(|s| reassemble(s, PROBE)).unwrap_or_default();
            let (client, server) = if looks_like_request(&b) && !looks_like_request(&a) {
                (reverse, key)
            } else {
                (key, reverse)
            };
            let label = format!("{} -> {}", endpoint(client.0), endpoint(client.1));
            let c = reassemble(&self.streams[&client], usize::MAX);
            let s =
                self.streams.get(&server).map(|s| reassemble(s, usize::MAX)).unwrap_or_default();
            let connection =
                Connection { label, client, asked: self.streams[&client].first_payload };
            // Its bytes are read: they go as its handshakes come, rather than all of them
            // staying until every connection has been read.
            for direction in [client, server] {
                if let Some(stream) = self.streams.get_mut(&direction) {
                    stream.segments = Vec::new();
                }
            }
            exchanges(&connection, &c, &s, &mut found, &mut out.skipped);
        }
        self.encrypted.sort_by_key(|(first_seen, _)| *first_seen);
        out.encrypted = self.encrypted.into_iter().map(|(_, label)| label).collect();
        write_out(found, &mut out);
        out
    }
}

/// The bytes of a pcapng section header that say what is wrong with it: block type, block
/// length and byte-order magic.
const NG_HEADER_FACTS: usize = 12;

/// Why a pcapng section header (at least [`NG_HEADER_FACTS`] bytes) is not readable, from
/// its fields alone (never from the bytes after them, which depend on what has arrived).
fn ng_header_problem(header: &[u8]) -> String {
    let big_endian = match u32_at(header, 8, false) {
        Some(LITTLE_ENDIAN_MAGIC) => false,
        Some(BIG_ENDIAN_MAGIC) => true,
        _ => {
            return format!(
                "the pcapng section header is not readable: its byte-order magic, {}, is \
                 neither 1a2b3c4d nor 4d3c2b1a",
                crate::accept::hex(&header[8..NG_HEADER_FACTS])
            )
        }
    };
    let length = u32_at(header, 4, big_endian).unwrap_or_default();
    if length < 28 {
        format!(
            "the pcapng section header is not readable: its block length, {length} bytes, is \
             shorter than the 28 bytes the smallest one takes"
        )
    } else {
        // pcap-parser 0.17 refuses a section header for its magic or its length only.
        "the pcapng section header is not readable past its block length and byte-order magic"
            .to_owned()
    }
}

/// A section's byte-order magic, read as little-endian: the section's own byte order.
const LITTLE_ENDIAN_MAGIC: u32 = 0x1A2B_3C4D;
const BIG_ENDIAN_MAGIC: u32 = 0x4D3C_2B1A;

/// The 32-bit field at `at`, in the byte order given, once its bytes have arrived.
fn u32_at(bytes: &[u8], at: usize, big_endian: bool) -> Option<u32> {
    let field: [u8; 4] = bytes.get(at..at.checked_add(4)?)?.try_into().ok()?;
    Some(if big_endian { u32::from_be_bytes(field) } else { u32::from_le_bytes(field) })
}

fn endpoint((ip, port): Endpoint) -> String {
    match ip {
        IpAddr::V4(v4) => format!("{v4}:{port}"),
        IpAddr::V6(v6) => format!("[{v6}]:{port}"),
    }
}

/// The TCP segment in a packet: source, destination, sequence number, SYN, payload.
fn tcp_segment(linktype: Linktype, data: &[u8]) -> Option<(Endpoint, Endpoint, u32, bool, &[u8])> {
    let sliced = match get_packetdata(data, linktype, data.len())? {
        PacketData::L2(frame) => SlicedPacket::from_ethernet(frame).ok()?,
        PacketData::L3(_, packet) => SlicedPacket::from_ip(packet).ok()?,
        PacketData::L4(..) | PacketData::Unsupported(_) => return None,
    };
    let (src, dst): (IpAddr, IpAddr) = match sliced.net? {
        NetSlice::Ipv4(ip) if !ip.is_payload_fragmented() => {
            (ip.header().source_addr().into(), ip.header().destination_addr().into())
        }
        NetSlice::Ipv6(ip) if !ip.is_payload_fragmented() => {
            (ip.header().source_addr().into(), ip.header().destination_addr().into())
        }
        _ => return None,
    };
    let TransportSlice::Tcp(tcp) = sliced.transport? else { return None };
    Some((
        (src, tcp.source_port()),
        (dst, tcp.destination_port()),
        tcp.sequence_number(),
        tcp.syn(),
        tcp.payload(),
    ))
}

/// How many bytes of a direction decide whether it is HTTP or TLS (`looks_like_request`
/// reads the first line within this many bytes).
const PROBE: usize = 8192;

/// The bytes of one direction in sequence order, up to at least `limit` bytes when there are
/// that many: retransmissions and overlaps are dropped, out-of-order segments are put in
/// place, and a gap ends the stream.
fn reassemble(stream: &Stream, limit: usize) -> Vec<u8> {
    let Some(base) = stream.base.or_else(|| stream.segments.iter().map(|s| s.0).min_by_key(|&s| s))
    else {
        return Vec::new();
    };
    let mut segments: Vec<(u32, &[u8])> = stream
        .segments
        .iter()
        .map(|(seq, data)| (seq.wrapping_sub(base), data.as_slice()))
        .collect();
    segments.sort_by_key(|s| s.0);
    let mut out = Vec::new();
    for (offset, data) in segments {
        let offset = offset as usize;
        if offset > out.len() {
            break; // a gap: the capture missed a segment
        }
        let end = offset + data.len();
        if end > out.len() {
            out.extend_from_slice(&data[out.len() - offset..]);
        }
        if out.len() >= limit {
            break;
        }
    }
    out
}

fn looks_like_request(bytes: &[u8]) -> bool {
    let line_end =
        bytes.iter().take(PROBE).position(|&b| b == b'\n').unwrap_or(bytes.len().min(PROBE));
    let line = String::from_utf8_lossy(&bytes[..line_end]);
    crate::http::looks_like_start_line(&line) && !line.starts_with("HTTP/")
}

/// A TLS record (handshake, 0x16) with a TLS version.
fn is_tls(bytes: &[u8]) -> bool {
    matches!(bytes, [0x16, 0x03, 0x00..=0x04, ..])
}

/// The end of the head that starts at `from` (just after its blank line).
fn head_end(bytes: &[u8], from: usize) -> Option<usize> {
    let rest = &bytes[from..];
    (0..rest.len()).find_map(|i| match &rest[i..] {
        [b'\r', b'\n', b'\r', b'\n', ..] => Some(from + i + 4),
        [b'\n', b'\n', ..] => Some(from + i + 2),
        _ => None,
    })
}

/// The headers a relay may drop on the way, by their canonical names (see [`dropped_by_proxy`]).
const DROPPABLE: [&str; 5] = [
    names::UPGRADE,
    names::SEC_WEBSOCKET_VERSION,
    names::SEC_WEBSOCKET_PROTOCOL,
    names::SEC_WEBSOCKET_EXTENSIONS,
    names::ORIGIN,
];

/// One head of a direction, read once by the HTTP parser and the typed headers, and what
/// the reader needs of it.
#[derive(Clone, Debug, Default)]
struct HeadFacts {
    /// The head's bytes as text.
    text: String,
    status: Option<u16>,
    /// The HTTP version as written on the start line.
    version: String,
    /// It asks for a WebSocket (Upgrade names it), or carries a key (a proxy may have
    /// dropped Upgrade).
    websocket: bool,
    key: Option<String>,
    /// The first Connection value, and whether Connection has the `upgrade` element.
    connection: Option<String>,
    connection_upgrade: bool,
    /// Which of [`DROPPABLE`] it has.
    present: [bool; 5],
    /// The subprotocols it offers.
    protocols: Vec<String>,
    content_length: usize,
}

impl HeadFacts {
    fn of(bytes: &[u8]) -> HeadFacts {
        let text = String::from_utf8_lossy(bytes).into_owned();
        let head = http::parse_head(&text, 0, Layout::Indented(0));
        let lists = Headers::parse(&text, &head);
        let value = |name: &str| head.first(&text, name).map(|f| f.value(&text).to_owned());
        let version = match head.start {
            StartLine::Request { version, .. } | StartLine::Response { version, .. } => {
                text.get(version.range()).unwrap_or_default().to_owned()
            }
        };
        let key = value(names::SEC_WEBSOCKET_KEY);
        HeadFacts {
            status: head.status().filter(|_| text.starts_with("HTTP/")),
            version,
            websocket: key.is_some()
                || lists.upgrade().any(|(u, _)| u.to_ascii_lowercase().contains(names::WEBSOCKET)),
            key,
            connection: value(names::CONNECTION),
            connection_upgrade: lists.connection_has("upgrade"),
            present: DROPPABLE.map(|name| head.has(&text, name)),
            protocols: lists.protocols.iter().map(|(p, _)| (*p).to_owned()).collect(),
            content_length: value(names::CONTENT_LENGTH)
                .as_deref()
                .and_then(http::content_length)
                .unwrap_or(0),
            text,
        }
    }

    fn is_request(&self) -> bool {
        !self.text.starts_with("HTTP/")
    }
}

/// A TCP connection that carries HTTP.
struct Connection {
    label: String,
    client: (Endpoint, Endpoint),
    /// The packet that carried its first request byte.
    asked: u64,
}

/// One handshake found in a connection, before it is written out.
struct Found {
    label: String,
    request: HeadFacts,
    response: String,
    messages: Option<MessageLog>,
    /// What its frames break.
    frames: Option<crate::frames::FrameChecks>,
    /// `(client, server)` of its connection.
    ends: (Endpoint, Endpoint),
    /// When its request was sent, in packets, for the first request of a connection only
    /// (later ones share the connection's timing).
    asked: Option<u64>,
}

/// Splits a direction into message heads (skipping bodies by Content-Length), pairs requests
/// with responses in order, and keeps those that are WebSocket handshakes.
fn exchanges(
    connection: &Connection,
    client: &[u8],
    server: &[u8],
    found: &mut Vec<Found>,
    skipped: &mut u32,
) {
    let requests = heads(client);
    let responses = heads(server);
    for (i, (request, (_, end))) in requests.into_iter().enumerate() {
        if !request.websocket {
            *skipped += 1;
            continue;
        }
        let mut response = String::new();
        let mut messages = None;
        let mut frame_checks = None;
        match responses.get(i) {
            Some((head, (_, re))) => {
                let re = *re;
                response.push_str(&head.text);
                if head.status == Some(101) {
                    let (log, checks) = crate::frames::decode(&server[re..], &client[end..]);
                    messages = Some(log);
                    frame_checks = Some(checks);
                } else {
                    // The body often says why the server refused (at most 2 KiB of it).
                    let body_end = re + head.content_length.min(2048).min(server.len() - re);
                    response.push_str(&String::from_utf8_lossy(&server[re..body_end]));
                }
            }
            None if end < client.len() || !server.is_empty() => {
                // The server said something that is not an HTTP head; show where it stops.
                response.push_str(&String::from_utf8_lossy(&server[..server.len().min(2048)]));
            }
            None => {}
        }
        found.push(Found {
            label: connection.label.clone(),
            request,
            response,
            messages,
            frames: frame_checks,
            ends: connection.client,
            asked: (i == 0 && connection.asked > 0).then_some(connection.asked),
        });
    }
}

/// Groups the handshakes that are hops of one handshake across a proxy, in hop order.
/// Proxies that pass the upgrade on (nginx, HAProxy) forward the Sec-WebSocket-Key, which is
/// random per connection, so equal keys make hops. Proxies that end the WebSocket and open
/// their own to the backend send a new key; their hop is the next handshake, in time, that
/// the proxy's host sends to another port for the same resource and subprotocol offer.
fn hops(found: &[Found]) -> Vec<Vec<usize>> {
    let keys: Vec<Option<&str>> = found.iter().map(|f| f.request.key.as_deref()).collect();
    let mut group_of: Vec<usize> = vec![0; found.len()];
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut by_key: Map<&str, usize> = Map::default();
    for (i, key) in keys.iter().enumerate() {
        let g = match key.as_deref() {
            Some(k) => *by_key.entry(k).or_insert_with(|| {
                groups.push(Vec::new());
                groups.len() - 1
            }),
            None => {
                groups.push(Vec::new());
                groups.len() - 1
            }
        };
        groups[g].push(i);
        group_of[i] = g;
    }
    // Relays: a group of one, whose request follows another group's last hop from the host
    // that hop was sent to. Candidates are indexed by (sender's address, target, offer), in
    // the order they were sent.
    let target = |f: &Found| f.request.text.split(' ').nth(1).unwrap_or_default().to_owned();
    let offer = |f: &Found| f.request.protocols.clone();
    let mut index: Map<RelayKey, usize> = Map::default();
    let mut lists: Vec<Candidates> = Vec::new();
    for (j, f) in found.iter().enumerate() {
        if let Some(asked) = f.asked {
            let at = *index.entry((f.ends.0 .0, target(f), offer(f))).or_insert_with(|| {
                lists.push(Candidates::default());
                lists.len() - 1
            });
            lists[at].sent.push((asked, j));
        }
    }
    // Where each request stands in its list, to strike it out once it is no longer alone.
    let mut place: Vec<Option<(usize, usize)>> = vec![None; found.len()];
    for (l, list) in lists.iter_mut().enumerate() {
        list.prepare(found, |j| groups[group_of[j]].len() == 1);
        for (at, &(_, j)) in list.sent.iter().enumerate() {
            place[j] = Some((l, at));
        }
    }
    for g in 0..groups.len() {
        let Some(&last) = groups[g].last() else { continue };
        let Some(asked) = found[last].asked else { continue };
        let (_, proxy) = found[last].ends;
        let key = (proxy.0, target(&found[last]), offer(&found[last]));
        let Some(&l) = index.get(&key) else { continue };
        let Some(j) = lists[l].next_hop(asked, proxy, |j| group_of[j] != g, found) else {
            continue;
        };
        // Neither the hop taken nor the group's first hop is alone any more.
        for member in [j, last] {
            if let Some((l, at)) = place[member] {
                lists[l].strike(at);
            }
        }
        let from = group_of[j];
        groups[from].clear();
        groups[g].push(j);
        group_of[j] = g;
    }
    groups.retain(|g| !g.is_empty());
    groups
}

/// The requests that share a [`RelayKey`], in the order they were sent, and which of them are
/// still alone (each alone request is a possible next hop of one relay).
#[derive(Default)]
struct Candidates {
    /// When each was sent (its packet), and its index among the handshakes found.
    sent: Vec<(u64, usize)>,
    /// For each request, the first request at or after it that is still alone (resolved
    /// lazily, with path halving, so striking requests out keeps lookups near constant).
    alive: Vec<usize>,
    /// For each request, the first later one sent to another endpoint: a run of requests to
    /// the proxy itself is skipped in one step.
    other_target: Vec<usize>,
}

impl Candidates {
    fn prepare(&mut self, found: &[Found], alone: impl Fn(usize) -> bool) {
        self.sent.sort_unstable();
        let n = self.sent.len();
        self.alive =
            (0..=n).map(|at| if at < n && !alone(self.sent[at].1) { at + 1 } else { at }).collect();
        self.other_target = vec![n; n];
        for at in (0..n.saturating_sub(1)).rev() {
            let same = found[self.sent[at].1].ends.1 == found[self.sent[at + 1].1].ends.1;
            self.other_target[at] = if same { self.other_target[at + 1] } else { at + 1 };
        }
    }

    /// The first request at or after `at` still alone.
    fn alive_from(&mut self, mut at: usize) -> usize {
        while self.alive[at] != at {
            self.alive[at] = self.alive[self.alive[at]];
            at = self.alive[at];
        }
        at
    }

    fn strike(&mut self, at: usize) {
        self.alive[at] = at + 1;
    }

    /// The first request alone sent after `asked`, not to the proxy itself, that `open`
    /// allows; after [`RELAY_LOOKAHEAD`] refusals there is none.
    fn next_hop(
        &mut self,
        asked: u64,
        proxy: Endpoint,
        open: impl Fn(usize) -> bool,
        found: &[Found],
    ) -> Option<usize> {
        let mut at = self.alive_from(self.sent.partition_point(|&(t, _)| t <= asked));
        for _ in 0..RELAY_LOOKAHEAD {
            let &(_, j) = self.sent.get(at)?;
            if found[j].ends.1 == proxy {
                at = self.alive_from(self.other_target[at]);
            } else if open(j) {
                return Some(j);
            } else {
                at = self.alive_from(at + 1);
            }
        }
        None
    }
}

/// How many requests a relay's next hop is sought among, past the requests still alone
/// that cannot be it (a run of requests to the proxy itself counts once): it follows within
/// a few in a real capture, and the bound keeps a hostile capture linear.
const RELAY_LOOKAHEAD: usize = 64;

/// What a relay's next hop shares with the hop before it: the sender's address, the target
/// and the subprotocol offer.
type RelayKey = (IpAddr, String, Vec<String>);

/// Writes the handshakes out, naming the hops of a handshake that crossed a proxy.
fn write_out(mut found: Vec<Found>, out: &mut Rebuilt) {
    let groups = hops(&found);
    // Each handshake's group and its place in it.
    let mut place: Vec<Option<(usize, usize)>> = vec![None; found.len()];
    for (g, members) in groups.iter().enumerate() {
        for (hop, &i) in members.iter().enumerate() {
            place[i] = Some((g, hop));
        }
    }
    let group_of = |i: usize| place[i].map(|(g, hop)| (groups[g].as_slice(), hop));
    // The text is sized once: grown by doubling, the text of a capture of many handshakes
    // could keep room for as much again while its exchanges are checked.
    let mut line = String::new();
    let mut length = 0;
    for (i, f) in found.iter().enumerate() {
        line.clear();
        let alone = [i];
        label_line(&found, i, group_of(i).unwrap_or((&alone, 0)), &mut line);
        let separator = if i > 0 { "\r\n".len() } else { 0 };
        length += separator + line.len() + f.request.text.len() + f.response.len();
    }
    out.text.reserve_exact(length);
    out.entries.reserve_exact(found.len());
    for i in 0..found.len() {
        let alone = [i];
        let (same_key, hop) = group_of(i).unwrap_or((&alone, 0));
        if i > 0 {
            out.text.push_str("\r\n");
        }
        label_line(&found, i, (same_key, hop), &mut out.text);
        let request_at = out.text.len();
        let dropped = (hop > 0).then(|| {
            let before = out.entries.get(same_key[0]).map(|e| e.request_at);
            (before, dropped_by_proxy(&found[same_key[0]].request, &found[i].request))
        });
        // What is written is not needed again: it goes as the text grows.
        let f = &mut found[i];
        out.text.push_str(&std::mem::take(&mut f.request.text));
        out.text.push_str(&std::mem::take(&mut f.response));
        let proxy = dropped
            .map(|(at, what)| ProxyHop { client_request_at: at.unwrap_or(0), dropped: what });
        out.entries.push(EntryFacts {
            request_at,
            failure: None,
            messages: f.messages.take(),
            proxy,
            frames: f.frames.take(),
        });
    }
}

/// Writes the `# TCP` line that names handshake `i`'s connection and, when it is one hop of
/// several (`same_key`, the group, and its place in it), which.
fn label_line(found: &[Found], i: usize, (same_key, hop): (&[usize], usize), out: &mut String) {
    let f = &found[i];
    let of = same_key.len();
    let _ = if of > 1 {
        let own_key = hop > 0 && f.request.key != found[same_key[0]].request.key;
        let role = match (hop, own_key) {
            (0, _) => "client -> proxy",
            (_, false) => "proxy -> next hop",
            (_, true) => "proxy -> next hop, with the proxy's own key",
        };
        write!(out, "# TCP {} (hop {} of {of}: {role})\r\n", f.label, hop + 1)
    } else {
        write!(out, "# TCP {}\r\n", f.label)
    };
}

/// What the client sent on the first hop that the request on a later hop lacks.
fn dropped_by_proxy(first: &HeadFacts, later: &HeadFacts) -> Vec<Dropped> {
    let mut out: Vec<Dropped> = (0..DROPPABLE.len())
        .filter(|&i| first.present[i] && !later.present[i])
        .map(|i| Dropped::Header(DROPPABLE[i].to_owned()))
        .collect();
    if first.connection_upgrade && !later.connection_upgrade {
        out.push(Dropped::ConnectionUpgrade(later.connection.clone()));
    }
    if !first.version.is_empty() && !later.version.is_empty() && first.version != later.version {
        out.push(Dropped::HttpVersion(first.version.clone(), later.version.clone()));
    }
    out
}

/// The heads of a direction, each read once, with where it is: each starts at a start line
/// and ends after its blank line; a final head cut off by the end of the capture is kept.
fn heads(bytes: &[u8]) -> Vec<(HeadFacts, (usize, usize))> {
    let mut out = Vec::new();
    let mut at = 0;
    while at < bytes.len() && out.len() < 64 {
        let Some(end) = head_end(bytes, at) else {
            out.push((HeadFacts::of(&bytes[at..]), (at, bytes.len())));
            break;
        };
        let head = HeadFacts::of(&bytes[at..end]);
        // After an upgrade, the bytes are WebSocket frames.
        let upgraded = head.status == Some(101) || (head.is_request() && head.websocket);
        let next = end.saturating_add(head.content_length);
        out.push((head, (at, end)));
        if upgraded {
            break;
        }
        at = next;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn handshake(client_port: u16, server_port: u16, asked: u64, key: &str) -> Found {
        between([127, 0, 0, 1], client_port, [127, 0, 0, 1], server_port, asked, key)
    }

    fn between(
        from: [u8; 4],
        client_port: u16,
        to: [u8; 4],
        server_port: u16,
        asked: u64,
        key: &str,
    ) -> Found {
        let (from, to) = (IpAddr::from(from), IpAddr::from(to));
        Found {
            label: String::new(),
            request: HeadFacts::of(
                format!("GET /chat HTTP/1.1\r\nSec-WebSocket-Key: {key}\r\n\r\n").as_bytes(),
            ),
            response: String::new(),
            messages: None,
            frames: None,
            ends: ((from, client_port), (to, server_port)),
            asked: Some(asked),
        }
    }

    #[test]
    fn hops_pair_by_key_or_by_a_relay_that_follows() {
        // Same key on two connections: a proxy that forwards the upgrade.
        let forwarded = [handshake(50000, 8080, 1, "a"), handshake(50001, 9000, 3, "a")];
        assert_eq!(hops(&forwarded), [vec![0, 1]]);
        // A new key, sent from the proxy's host to another port after the client's request.
        let relayed = [handshake(50000, 8080, 1, "a"), handshake(50001, 9000, 3, "b")];
        assert_eq!(hops(&relayed), [vec![0, 1]]);
        // Two clients of the same server are not hops of each other.
        let clients = [handshake(50000, 8080, 1, "a"), handshake(50001, 8080, 3, "b")];
        assert_eq!(hops(&clients), [vec![0], vec![1]]);
        // A later request from another host than the proxy is not its next hop.
        let elsewhere = [
            between([10, 0, 0, 1], 50000, [10, 0, 0, 2], 8080, 1, "a"),
            between([10, 0, 0, 3], 50001, [10, 0, 0, 4], 9000, 3, "b"),
        ];
        assert_eq!(hops(&elsewhere), [vec![0], vec![1]]);
        // From the proxy's host, but sent before the client's request: not its next hop.
        let earlier = [
            between([10, 0, 0, 1], 50000, [10, 0, 0, 2], 8080, 5, "a"),
            between([10, 0, 0, 2], 50001, [10, 0, 0, 4], 9000, 3, "b"),
        ];
        assert_eq!(hops(&earlier), [vec![0], vec![1]]);
        // A load test on one host: 100 clients connect to the relay on 8080 before it opens
        // any of its 100 connections to 9000; each client pairs with the relay's next one.
        let mut load: Vec<Found> = (0..100u16)
            .map(|i| handshake(40000 + i, 8080, u64::from(i), &format!("c{i}")))
            .collect();
        load.extend(
            (0..100u16).map(|i| handshake(50000 + i, 9000, 100 + u64::from(i), &format!("r{i}"))),
        );
        let pairs: Vec<Vec<usize>> = (0..100).map(|i| vec![i, 100 + i]).collect();
        assert_eq!(hops(&load), pairs);
    }

    #[test]
    fn reassembly_orders_and_deduplicates() {
        let stream = Stream {
            base: Some(100),
            segments: vec![
                (105, b"world".to_vec()),
                (100, b"hello".to_vec()),
                (100, b"hello".to_vec()),
                (103, b"low".to_vec()),
            ],
            first_payload: 1,
            ..Stream::default()
        };
        assert_eq!(reassemble(&stream, usize::MAX), b"helloworld");
        assert_eq!(
            reassemble(&stream, 3),
            b"hello",
            "stops after the segment that reaches the limit"
        );
        let gap = Stream {
            base: Some(0),
            segments: vec![(0, b"ab".to_vec()), (5, b"cd".to_vec())],
            first_payload: 1,
            ..Stream::default()
        };
        assert_eq!(reassemble(&gap, usize::MAX), b"ab");
    }

    #[test]
    fn a_damaged_header_or_length_reads_the_same_in_pieces_of_any_size() {
        // A pcapng section header: block length, byte-order magic as the file holds it, then
        // the version and section length.
        let ng = |length: u32, magic: [u8; 4], big_endian: bool| {
            let mut bytes = SECTION.to_vec();
            let length = if big_endian { length.to_be_bytes() } else { length.to_le_bytes() };
            bytes.extend_from_slice(&length);
            bytes.extend_from_slice(&magic);
            bytes.extend_from_slice(&[1, 0, 0, 0]);
            bytes.extend_from_slice(&[0xff; 8]);
            bytes.extend_from_slice(&length);
            bytes
        };
        let little = [0x4d, 0x3c, 0x2b, 0x1a];
        let big = [0x1a, 0x2b, 0x3c, 0x4d];
        let with = |mut head: Vec<u8>, more: &[u8]| {
            head.extend_from_slice(more);
            head.extend_from_slice(&[0x55; 64]);
            head
        };
        // A legacy header (little-endian, Ethernet), then a packet whose captured length is
        // 2 GiB.
        let legacy =
            with(LEGACY_HEADER.to_vec(), &[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x80, 0, 0, 0, 0x80]);
        let cases = [
            (ng(16, little, false), "its block length, 16 bytes, is shorter than the 28"),
            (ng(16, big, true), "its block length, 16 bytes, is shorter than the 28"),
            (ng(28, [1, 2, 3, 4], false), "its byte-order magic, 01020304, is neither"),
            (ng(2_000_000_000, big, true), "a pcapng section header says it is 2000000000 bytes"),
            (
                with(ng(28, little, false), &[6, 0, 0, 0, 0xf0, 0xff, 0xff, 0xff]),
                "a block says it is 4294967280 bytes long, more than the 16 MiB",
            ),
            (legacy, "a packet says it is 2147483664 bytes long"),
            // A process information block of 8 bytes: shorter than a block's frame.
            (
                with(ng(28, little, false), &[0x01, 0, 0, 0x80, 8, 0, 0, 0]),
                "a block says it is 8 bytes long, shorter than the 12",
            ),
            // An enhanced packet block of 32 bytes whose captured length (4) needs 36.
            (
                with(
                    ng(28, little, false),
                    &[
                        1, 0, 0, 0, 20, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 20, 0, 0, 0, 6, 0, 0, 0,
                        32, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4, 0, 0, 0, 4, 0, 0, 0,
                        32, 0, 0, 0,
                    ],
                ),
                "a block of 32 bytes says its contents are longer than it",
            ),
            (
                ng(28, little, false)[..20].to_vec(),
                "the pcapng section header is not readable (it is cut off)",
            ),
            (b"GET / HTTP/1.1\r\n\r\n".to_vec(), "its first four bytes, 47455420, are neither"),
        ];
        // A little-endian section, then a big-endian one: its length is read in its own
        // byte order, wherever the pieces cut it.
        let mut sections = ng(28, little, false);
        sections.extend_from_slice(&ng(28, big, true));
        for size in 1..=sections.len() {
            let mut scanner = Scanner::default();
            for piece in sections.chunks(size) {
                scanner.feed(piece);
            }
            assert_eq!(scanner.finish().stopped, None, "pieces of {size}");
        }
        for (bytes, says) in cases {
            let whole = read(&bytes, &mut |_, _| {});
            let why = whole.stopped.clone().unwrap_or_default();
            assert!(why.contains(says), "{says}: {why}");
            for size in 1..=bytes.len() {
                let mut scanner = Scanner::default();
                for piece in bytes.chunks(size) {
                    scanner.feed(piece);
                    // A damaged length is not waited for: nothing is held past it.
                    assert!(scanner.stopped.is_none() || scanner.pending.is_empty());
                }
                assert_eq!(scanner.finish().stopped, whole.stopped, "pieces of {size}");
            }
        }
    }

    /// A legacy pcap file header: little-endian, version 2.4, Ethernet.
    const LEGACY_HEADER: [u8; 24] =
        [0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0, 0, 1, 0, 0, 0];

    /// A little-endian pcap of Ethernet frames, one TCP segment each between 10.0.0.1 (the
    /// client, port 50001) and 10.0.0.2:80: (from the client, sequence number, SYN, payload).
    fn tcp_capture(segments: &[(bool, u32, bool, &[u8])]) -> Vec<u8> {
        let mut out = LEGACY_HEADER.to_vec();
        for &(from_client, seq, syn, payload) in segments {
            let (a, b, ports) = if from_client {
                ([10, 0, 0, 1], [10, 0, 0, 2], [0xc3, 0x51, 0, 80])
            } else {
                ([10, 0, 0, 2], [10, 0, 0, 1], [0, 80, 0xc3, 0x51])
            };
            let mut frame = vec![0; 12];
            frame.extend_from_slice(&[0x08, 0x00, 0x45, 0]);
            frame.extend_from_slice(&(40 + payload.len() as u16).to_be_bytes());
            frame.extend_from_slice(&[0, 0, 0x40, 0, 64, 6, 0, 0]);
            frame.extend_from_slice(&a);
            frame.extend_from_slice(&b);
            frame.extend_from_slice(&ports);
            frame.extend_from_slice(&seq.to_be_bytes());
            let flags = if syn { 0x02 } else { 0x18 };
            frame.extend_from_slice(&[0, 0, 0, 0, 0x50, flags, 0xff, 0xff, 0, 0, 0, 0]);
            frame.extend_from_slice(payload);
            out.extend_from_slice(&[0; 8]);
            out.extend_from_slice(&(frame.len() as u32).to_le_bytes());
            out.extend_from_slice(&(frame.len() as u32).to_le_bytes());
            out.extend_from_slice(&frame);
        }
        out
    }

    const UPGRADE: &[u8] = b"GET /chat HTTP/1.1\r\nHost: 10.0.0.2\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
    const SWITCHED: &[u8] = b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n";

    #[test]
    fn a_record_over_the_limit_is_refused_even_when_all_of_it_has_arrived() {
        let length = (MAX_RECORD as usize) + 1;
        let mut bytes = LEGACY_HEADER.to_vec();
        bytes.extend_from_slice(&[0; 8]);
        bytes.extend_from_slice(&(length as u32).to_le_bytes());
        bytes.extend_from_slice(&(length as u32).to_le_bytes());
        bytes.resize(bytes.len() + length, 0);
        for size in [bytes.len(), 1 << 20, 4096] {
            let mut scanner = Scanner::default();
            for piece in bytes.chunks(size) {
                scanner.feed(piece);
            }
            let why = scanner.finish().stopped.unwrap_or_default();
            assert!(why.contains("more than the 16 MiB"), "pieces of {size}: {why}");
        }
    }

    #[test]
    fn a_request_in_the_syn_is_read() {
        // TCP Fast Open: the request rides on the SYN, whose own sequence number comes first.
        let bytes = tcp_capture(&[
            (true, 1000, true, UPGRADE),
            (false, 5000, true, b""),
            (false, 5001, false, SWITCHED),
        ]);
        let text = read(&bytes, &mut |_, _| {}).text;
        assert!(text.contains("GET /chat HTTP/1.1") && text.contains("101 Switching"), "{text}");
    }

    #[test]
    fn the_packet_that_decides_a_connection_is_kept_whole() {
        // The server's 101 and then frames in 1,448-byte segments: the one that crosses the
        // first 8 KB decides the connection, and none of it may be lost.
        let mut segments = vec![(true, 0, true, &b""[..]), (true, 1, false, UPGRADE)];
        segments.push((false, 0, true, b""));
        segments.push((false, 1, false, SWITCHED));
        let frames = [0x81; 1448];
        let mut seq = 1 + SWITCHED.len() as u32;
        for _ in 0..8 {
            segments.push((false, seq, false, &frames[..]));
            seq += 1448;
        }
        let mut scanner = Scanner::default();
        scanner.feed(&tcp_capture(&segments));
        let server = scanner.streams.keys().find(|k| k.0 .1 == 80).copied().unwrap();
        let stream = &scanner.streams[&server];
        assert_eq!(stream.kind, Kind::Http);
        assert_eq!(reassemble(stream, usize::MAX).len(), SWITCHED.len() + 8 * 1448);
    }

    #[test]
    fn a_huge_content_length_ends_the_heads() {
        // Past 2^32 (the viewer's usize), 2^64 and any integer: more than there is, everywhere.
        for length in ["4294967296", "18446744073709551615", "99999999999999999999999"] {
            let bytes = format!(
                "POST /a HTTP/1.1\r\nContent-Length: {length}\r\n\r\nGET /b HTTP/1.1\r\n\r\n"
            );
            assert_eq!(heads(bytes.as_bytes()).len(), 1, "{length}");
        }
        assert_eq!(http::content_length(" 12\t"), Some(12));
        assert_eq!(http::content_length("+12"), None);
    }

    #[test]
    fn a_capture_fed_in_pieces_of_any_size_reads_as_a_whole() {
        let capture =
            include_bytes!("../../tests/fixtures/rules/CAP707-nginx-stripping-both-hops.pcap");
        let whole = read(capture, &mut |_, _| {});
        for size in [1, 7, 100, 4096] {
            let mut scanner = Scanner::default();
            for piece in capture.chunks(size) {
                scanner.feed(piece);
            }
            let pieces = scanner.finish();
            assert_eq!(pieces.text, whole.text, "pieces of {size}");
            assert_eq!((pieces.packets, pieces.skipped), (whole.packets, whole.skipped));
        }
        // A bulk stream that is not HTTP keeps nothing once its first bytes have said so.
        let payload = [b'x'; 1460];
        let segments: Vec<_> =
            (0..100u32).map(|i| (true, 1 + i * 1460, false, &payload[..])).collect();
        let mut scanner = Scanner::default();
        scanner.feed(&tcp_capture(&segments));
        assert_eq!(scanner.packets, 100);
        let stream = scanner.streams.values().next().unwrap();
        assert_eq!((stream.kind, stream.stored), (Kind::Ignored, 0));
    }

    #[test]
    fn not_a_capture() {
        assert!(!super::super::is_capture(b"GET / HTTP/1.1"));
        let rebuilt = read(&[0xd4, 0xc3, 0xb2, 0xa1, 2, 0], &mut |_, _| {});
        assert!(rebuilt.stopped.is_some());
    }
}
