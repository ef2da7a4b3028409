//! The probe's response reader (`probe::ResponseProgress`), fed a server's bytes as they
//! arrive in pieces whose sizes the input picks: no panic, the head's end stays inside what
//! arrived, and what more bytes tell never contradicts what fewer told (the end of the head
//! only moves earlier, the status once read never changes).
#![no_main]

use libfuzzer_sys::fuzz_target;
use wslens_core::probe::ResponseProgress;

fuzz_target!(|data: &[u8]| {
    // The first byte sets the piece size (1 to 64 bytes); the rest is the response.
    let Some((&size, bytes)) = data.split_first() else { return };
    let size = usize::from(size % 64) + 1;
    let mut earlier: Option<ResponseProgress> = None;
    let mut arrived = 0;
    while arrived < bytes.len() {
        arrived = (arrived + size).min(bytes.len());
        let now = ResponseProgress::of(&bytes[..arrived]);
        if let Some(end) = now.head_end {
            assert!(end <= arrived, "the head ends at {end}, past the {arrived} bytes read");
        }
        if let Some(before) = earlier {
            if let Some(end) = before.head_end {
                assert!(now.head_end.is_some_and(|now| now <= end), "the head's end moved");
            }
            if before.status.is_some() {
                assert_eq!(now.status, before.status, "the status changed");
            }
            if before.head_end.is_some() && before.head_end == now.head_end {
                assert_eq!(now.content_length, before.content_length, "Content-Length changed");
            }
        }
        earlier = Some(now);
    }
});
