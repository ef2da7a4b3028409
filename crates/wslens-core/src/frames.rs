//! WebSocket frames after a 101 (RFC 6455 §5.2), decoded from the bytes of a capture or a
//! paste: each frame's header and a readable preview for the report, and what the frames
//! break for the checks (FRM1xx), which judge them against the negotiated extensions.

pub(crate) use crate::prepared::FrameChecks;
use crate::report::{Direction, FrameHeader, MessageLog, WsMessage};

/// At most this many frames are decoded per direction (a capture can hold millions).
const MAX_FRAMES: usize = 1000;
/// And this many are kept in the report.
const SHOWN: usize = 5;
/// The preview of a payload is cut here.
const PREVIEW: usize = 200;

/// One decoded frame: its header, a preview of its payload, and how many bytes it took.
struct Frame {
    header: FrameHeader,
    opcode: u8,
    data: String,
    text_not_utf8: bool,
    used: usize,
}

/// Decodes the frames each side sent after the handshake: the log for the report, and what
/// they break.
#[cfg(any(feature = "pcap", test))]
pub(crate) fn decode(server: &[u8], client: &[u8]) -> (MessageLog, FrameChecks) {
    decode_sides(server, client, false)
}

/// Decodes the frames of a paste, where both sides' frames may follow the 101 in one run:
/// a masked frame is taken for the client's and an unmasked one for the server's, so the
/// mask checks (FRM101, FRM102) cannot be made from a paste.
pub(crate) fn decode_paste(bytes: &[u8]) -> (MessageLog, FrameChecks) {
    decode_sides(bytes, &[], true)
}

fn decode_sides(server: &[u8], client: &[u8], by_mask: bool) -> (MessageLog, FrameChecks) {
    let mut first = Vec::new();
    let mut count = 0u32;
    let mut checks = FrameChecks::default();
    let mut index = 0;
    for (direction, bytes) in [(Direction::Received, server), (Direction::Sent, client)] {
        let mut at = 0;
        let mut decoded = 0;
        while let Some(frame) = frame_at(bytes.get(at..).unwrap_or_default()) {
            if decoded == MAX_FRAMES {
                break;
            }
            decoded += 1;
            count += 1;
            let direction = match by_mask {
                true if frame.header.masked => Direction::Sent,
                true => Direction::Received,
                false => direction,
            };
            check(&frame, direction, index, &mut checks);
            index += 1;
            at += frame.used;
            if first.len() < SHOWN {
                first.push(WsMessage {
                    direction,
                    opcode: frame.opcode,
                    data: frame.data,
                    frame: Some(frame.header),
                });
            }
        }
    }
    (MessageLog { count, first }, checks)
}

fn check(frame: &Frame, direction: Direction, index: usize, checks: &mut FrameChecks) {
    let h = &frame.header;
    let first = |slot: &mut Option<usize>| {
        slot.get_or_insert(index);
    };
    match direction {
        Direction::Sent if !h.masked => first(&mut checks.unmasked_client),
        Direction::Received if h.masked => first(&mut checks.masked_server),
        _ => {}
    }
    if h.rsv1 {
        first(&mut checks.rsv1);
    }
    if h.rsv2 || h.rsv3 {
        first(&mut checks.rsv23);
    }
    if frame.text_not_utf8 {
        first(&mut checks.text_not_utf8);
    }
    if matches!(frame.opcode, 3..=7 | 11..=15) && checks.reserved_opcode.is_none() {
        checks.reserved_opcode = Some((index, frame.opcode));
    }
    if frame.opcode >= 8 && (h.length > 125 || !h.fin) {
        first(&mut checks.bad_control);
    }
}

/// One frame, or `None` when the bytes run out before its end.
fn frame_at(bytes: &[u8]) -> Option<Frame> {
    let [b0, b1, ..] = *bytes else { return None };
    let opcode = b0 & 0x0f;
    let masked = b1 & 0x80 != 0;
    let (length, mut at) = match b1 & 0x7f {
        126 => (u64::from(u16::from_be_bytes(bytes.get(2..4)?.try_into().ok()?)), 4),
        127 => (u64::from_be_bytes(bytes.get(2..10)?.try_into().ok()?), 10),
        n => (u64::from(n), 2),
    };
    let mask: Option<[u8; 4]> = if masked {
        let key = bytes.get(at..at + 4)?.try_into().ok()?;
        at += 4;
        Some(key)
    } else {
        None
    };
    let len = usize::try_from(length).ok()?;
    let payload = bytes.get(at..at.checked_add(len)?)?;
    let unmask = |i: usize, b: u8| mask.map_or(b, |m| b ^ m[i % 4]);
    // A server's frames are not masked: their bytes are shown as they are.
    let shown: std::borrow::Cow<'_, [u8]> = match mask {
        None => payload[..len.min(PREVIEW)].into(),
        Some(_) => payload.iter().take(PREVIEW).enumerate().map(|(i, b)| unmask(i, *b)).collect(),
    };
    let header = FrameHeader {
        fin: b0 & 0x80 != 0,
        rsv1: b0 & 0x40 != 0,
        rsv2: b0 & 0x20 != 0,
        rsv3: b0 & 0x10 != 0,
        masked,
        length,
    };
    // A whole, uncompressed text frame must be UTF-8 (RFC 6455 §8.1); a fragment may end
    // inside a character, so only whole frames are judged.
    let text_not_utf8 = opcode == 1
        && header.fin
        && !header.rsv1
        && match mask {
            None => std::str::from_utf8(payload).is_err(),
            Some(_) => {
                let whole: Vec<u8> =
                    payload.iter().enumerate().map(|(i, b)| unmask(i, *b)).collect();
                std::str::from_utf8(&whole).is_err()
            }
        };
    let data = match opcode {
        8 => match &*shown {
            [hi, lo, reason @ ..] => format!(
                "close {} {:?}",
                u16::from_be_bytes([*hi, *lo]),
                String::from_utf8_lossy(reason)
            ),
            _ => "close (no code)".to_owned(),
        },
        1 if !header.rsv1 => String::from_utf8_lossy(&shown).into_owned(),
        9 | 10 => format!(
            "{} {:?}",
            if opcode == 9 { "ping" } else { "pong" },
            String::from_utf8_lossy(&shown)
        ),
        _ => {
            let mut digits = [0; 20];
            crate::text::concat(&[
                crate::text::decimal(len, &mut digits),
                if len == 1 { " byte" } else { " bytes" },
                if header.rsv1 { ", compressed (RSV1)" } else { "" },
            ])
        }
    };
    Some(Frame { header, opcode, data, text_not_utf8, used: at + len })
}

/// Where the frames after a 101 start in a pasted or captured text: the text offset just
/// after each 101's head, for every 101 status line in it.
pub(crate) fn after_101_heads(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut at = 0;
    let status_line = memchr::memmem::Finder::new("HTTP/1.1 101");
    std::iter::from_fn(move || loop {
        let found = status_line.find(text.as_bytes().get(at..)?)?;
        let start = at + found;
        at = start + 12;
        if start > 0 && !text[..start].ends_with('\n') {
            continue;
        }
        // The blank line that ends the head (CRLF or bare LF), found in one pass.
        let rest = &text[start..];
        let end = memchr::memchr_iter(b'\n', rest.as_bytes()).find_map(|nl| {
            let after = &rest[nl + 1..];
            if after.starts_with('\n') {
                Some(nl + 2)
            } else if after.starts_with("\r\n") {
                Some(nl + 3)
            } else {
                None
            }
        });
        // No blank line from here on: no later 101 has one either.
        let Some(end) = end else {
            at = text.len();
            return None;
        };
        // The next 101 starts after this head.
        at = start + end;
        return Some((start, start + end));
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_and_checks() {
        // A masked client text frame "hi", a server close 1000 "bye", then a server text
        // frame with RSV1 and one that is not UTF-8, and an unmasked client frame.
        let client = [0x81, 0x82, 1, 2, 3, 4, b'h' ^ 1, b'i' ^ 2, 0x81, 0x01, b'x'];
        let server = [0x88, 0x05, 0x03, 0xe8, b'b', b'y', b'e', 0xc1, 0x01, 0x00, 0x81, 0x01, 0xff];
        let (log, checks) = decode(&server, &client);
        assert_eq!(log.count, 5);
        assert_eq!(log.first[0].data, "close 1000 \"bye\"");
        assert_eq!(log.first[3].data, "hi");
        assert!(log.first[3].frame.is_some_and(|h| h.masked && h.fin && h.length == 2));
        assert_eq!(checks.rsv1, Some(1));
        assert_eq!(checks.text_not_utf8, Some(2));
        assert_eq!(checks.unmasked_client, Some(4));
        assert_eq!(checks.masked_server, None);
        assert!(frame_at(&[0x81, 0x05, b'h']).is_none());
    }

    #[test]
    fn finds_the_frames_after_each_101() {
        let text = "GET / HTTP/1.1\r\n\r\nHTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n\u{fffd}\u{2}hi";
        let found: Vec<_> = after_101_heads(text).collect();
        assert_eq!(found.len(), 1);
        assert!(text[found[0].1..].starts_with('\u{fffd}'));
    }
}
