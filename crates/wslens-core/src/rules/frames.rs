//! FRM1xx: the WebSocket frames after a 101, as decoded from a capture's or a paste's bytes,
//! judged against the handshake (RFC 6455 §5, §8.1).

use super::{Findings, Rule};
use crate::{
    prepared::FrameChecks,
    report::{Part, Span},
};

/// Findings for what the frames break. `deflate`: permessage-deflate was negotiated, which
/// gives RSV1 its meaning. `span`: where the frames are in the text (or the 101's line).
pub(crate) fn check(checks: &FrameChecks, deflate: bool, span: Span, out: &mut Findings) {
    let nth = |i: usize| format!("frame {}", i + 1);
    let part = Part::Handshake;
    if let Some(i) = checks.unmasked_client {
        out.add(Rule::ClientFrameUnmasked, part, span,
            format!("{} (sent by the client) is not masked", nth(i)),
            "mask every frame a client sends, with a fresh random key; the server must close the connection (1002)".into());
    }
    if let Some(i) = checks.masked_server {
        out.add(
            Rule::ServerFrameMasked,
            part,
            span,
            format!("{} (sent by the server) is masked", nth(i)),
            "send server frames unmasked; a client must close the connection when it sees a mask"
                .into(),
        );
    }
    match (checks.rsv1.filter(|_| !deflate), checks.rsv23) {
        (Some(i), _) => {
            out.add(Rule::FrameReservedBits, part, span,
                format!("{} sets RSV1 (compressed), but the handshake did not agree on permessage-deflate", nth(i)),
                "compress only after the 101 accepted permessage-deflate; the other side fails the connection (1002)".into());
        }
        (None, Some(i)) => {
            out.add(
                Rule::FrameReservedBits,
                part,
                span,
                format!("{} sets RSV2 or RSV3, which no negotiated extension defines", nth(i)),
                "leave RSV2 and RSV3 at 0; the other side fails the connection (1002)".into(),
            );
        }
        (None, None) => {}
    }
    if let Some(i) = checks.text_not_utf8 {
        out.add(Rule::FrameTextNotUtf8, part, span,
            format!("{} is a text frame whose payload is not UTF-8", nth(i)),
            "send binary data in binary frames (opcode 2), and text as UTF-8; the receiver closes the connection with 1007".into());
    }
    if let Some((i, opcode)) = checks.reserved_opcode {
        out.add(Rule::FrameReservedOpcode, part, span,
            format!("{} has the reserved opcode {opcode}", nth(i)),
            "if these bytes are not frames at all, the server went on speaking HTTP after its 101; otherwise use opcodes 0-2 and 8-10".into());
    }
    if let Some(i) = checks.bad_control {
        out.add(
            Rule::FrameControlInvalid,
            part,
            span,
            format!("{} is a control frame longer than 125 bytes or fragmented", nth(i)),
            "keep close, ping and pong payloads to 125 bytes, in one final frame".into(),
        );
    }
}
