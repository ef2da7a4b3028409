//! `Sec-WebSocket-Accept`: the computation, step by step, and the recognition of the usual
//! ways servers get it wrong.

use base64::{
    engine::general_purpose::{STANDARD, URL_SAFE, URL_SAFE_NO_PAD},
    Engine as _,
};
use sha1::{Digest, Sha1};

use crate::report::{AcceptDiagnosis, AcceptSteps};

/// RFC 6455 §1.3 and §4.2.2 step 5.4: the GUID appended to the key before hashing.
pub const GUID: &str = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

/// RFC 6455 §1.3: the sample key of the specification ("the sample nonce").
pub const SAMPLE_KEY: &str = "dGhlIHNhbXBsZSBub25jZQ==";

/// RFC 6455 §1.3: the accept of [`SAMPLE_KEY`].
pub const SAMPLE_ACCEPT: &str = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";

/// RFC 6455 §4.1 item 4: "the base64-encoded SHA-1 of the concatenation of the
/// |Sec-WebSocket-Key| (as a string, not base64-decoded) with the string
/// "258EAFA5-E914-47DA-95CA-C5AB0DC85B11" but ignoring any leading and trailing whitespace".
pub fn accept_key(key: &str) -> String {
    STANDARD.encode(sha1_of(&[key.trim().as_bytes(), GUID.as_bytes()]))
}

/// RFC 6455 §4.1 item 7: a key is "a randomly selected 16-byte value that has been
/// base64-encoded". The caller supplies the random bytes (the core draws no randomness).
pub fn key_from_nonce(nonce: &[u8; 16]) -> String {
    STANDARD.encode(nonce)
}

/// Every step of the computation, for teaching.
pub fn accept_steps(key: &str) -> AcceptSteps {
    steps(key, None)
}

/// [`accept_steps`], with `key` already decoded by [`decode_key`] when the caller has it.
pub(crate) fn steps(key: &str, decoded: Option<&Result<KeyBytes, KeyError>>) -> AcceptSteps {
    // The decoding is of the key as given; the steps work on it trimmed.
    let decoded = decoded.filter(|_| key.trim().len() == key.len());
    let key = key.trim();
    let digest = sha1_of(&[key.as_bytes(), GUID.as_bytes()]);
    AcceptSteps {
        key: key.to_owned(),
        concatenated: crate::text::concat(&[key, GUID]),
        sha1_hex: hex(&digest),
        accept: STANDARD.encode(digest),
        decoded_len: match decoded {
            Some(decoded) => decoded.as_ref().ok().map(|bytes| bytes.len()),
            None => decode_key(key).ok().map(|bytes| bytes.len()),
        },
    }
}

/// Why a key is not strict base64 (RFC 4648 §4, as RFC 6455 §4.3's `base64-value-non-empty`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum KeyError {
    /// The byte at this offset is not in the base64 alphabet, or padding is misplaced.
    NotBase64 { at: usize },
    /// The length is not a multiple of four.
    BadLength,
    /// The padding bits are not zero, so the text is not the canonical encoding.
    NotCanonical,
}

/// The bytes a key decodes to: on the stack for any key of up to 64 characters (a real key
/// has 24), on the heap for a longer one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum KeyBytes {
    Short([u8; 48], usize),
    Long(Vec<u8>),
}

impl std::ops::Deref for KeyBytes {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match self {
            KeyBytes::Short(bytes, len) => &bytes[..*len],
            KeyBytes::Long(bytes) => bytes,
        }
    }
}

/// Decodes a key strictly: standard alphabet, padding required, canonical trailing bits.
pub(crate) fn decode_key(key: &str) -> Result<KeyBytes, KeyError> {
    if let Some(at) =
        key.bytes().position(|b| !(b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'=')))
    {
        return Err(KeyError::NotBase64 { at });
    }
    // Padding can only be in the last two places of a valid key.
    let first_pad = key.bytes().position(|b| b == b'=');
    if let Some(first_pad) = first_pad {
        if key[first_pad..].bytes().any(|b| b != b'=') || key.len() - first_pad > 2 {
            return Err(KeyError::NotBase64 { at: first_pad });
        }
    }
    if key.is_empty() || !key.len().is_multiple_of(4) {
        return Err(KeyError::BadLength);
    }
    let error = |error| match error {
        base64::DecodeError::InvalidLastSymbol(..) => KeyError::NotCanonical,
        base64::DecodeError::InvalidByte(at, _) => KeyError::NotBase64 { at },
        _ => KeyError::BadLength,
    };
    if key.len() > 64 {
        return STANDARD.decode(key).map(KeyBytes::Long).map_err(error);
    }
    let mut bytes = [0; 48];
    match STANDARD.decode_slice(key, &mut bytes) {
        Ok(len) => Ok(KeyBytes::Short(bytes, len)),
        Err(base64::DecodeSliceError::DecodeError(e)) => Err(error(e)),
        // 64 characters decode to at most 48 bytes.
        Err(base64::DecodeSliceError::OutputSliceTooSmall) => Err(KeyError::BadLength),
    }
}

fn sha1_of(parts: &[&[u8]]) -> [u8; 20] {
    let mut hasher = Sha1::new();
    for part in parts {
        hasher.update(part);
    }
    hasher.finalize().into()
}

/// `bytes` in lowercase hex, added to `out`.
pub(crate) fn push_hex(out: &mut String, bytes: &[u8]) {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    for b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 0xf)]));
    }
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    push_hex(&mut out, bytes);
    out
}

/// The accept of every key in a transcript, by accept: a proxy that regenerates the key
/// makes the backend answer a key the client never sent, which shows as the accept of
/// another exchange's key.
#[derive(Debug, Default)]
pub(crate) struct KeyAccepts<'a> {
    keys: Vec<(u32, &'a str)>,
    /// The keys by their accept, hashed only when a wrong accept is diagnosed.
    by_accept: std::cell::OnceCell<AcceptIndex>,
    /// The mistyped-GUID searches already run (key, the accept's digest, answer): each
    /// hashes about 1,700 candidates, so a transcript runs at most [`TYPO_SEARCHES`] distinct
    /// ones (a hostile paste can hold thousands of wrong accepts), and a repeated exchange
    /// reuses its answer. A list, not a map: it is short, and a map of this type would add
    /// to the page's wasm.
    typo_searches: std::cell::RefCell<Vec<TypoSearch>>,
}

/// Positions in [`KeyAccepts`]' keys, by the accept of the key.
type AcceptIndex = crate::maps::Map<String, Vec<usize>>;

/// One mistyped-GUID search: the key, the digest the server sent, and what was found.
type TypoSearch = (String, [u8; 20], Option<String>);

/// How many distinct mistyped-GUID searches one transcript may run.
const TYPO_SEARCHES: usize = 64;

impl<'a> KeyAccepts<'a> {
    /// Indexes `(exchange, key)` pairs.
    pub(crate) fn new(keys: impl IntoIterator<Item = (u32, &'a str)>) -> KeyAccepts<'a> {
        KeyAccepts {
            keys: keys.into_iter().collect(),
            by_accept: std::cell::OnceCell::new(),
            typo_searches: Default::default(),
        }
    }

    /// [`guid_typo`], remembered per key and accept, within the transcript's budget. Only a
    /// value that decodes to a SHA-1 digest can be one, and only such a value is searched.
    fn guid_typo(&self, key: &str, received: &str) -> Option<String> {
        // 28 characters of base64 are the 20 bytes of a digest.
        if received.len() != 28 {
            return None;
        }
        let digest = <[u8; 20]>::try_from(STANDARD.decode(received).ok()?).ok()?;
        let searches = self.typo_searches.borrow();
        if let Some((_, _, known)) = searches.iter().find(|(k, d, _)| k == key && *d == digest) {
            return known.clone();
        }
        if searches.len() >= TYPO_SEARCHES {
            return None;
        }
        drop(searches);
        let found = guid_typo(key, &digest);
        self.typo_searches.borrow_mut().push((key.to_owned(), digest, found.clone()));
        found
    }

    /// The first exchange whose key is not `key` and whose accept is `accept`.
    fn answered(&self, accept: &str, key: &str) -> Option<u32> {
        let by_accept = self.by_accept.get_or_init(|| {
            let mut index = AcceptIndex::default();
            for (at, (_, key)) in self.keys.iter().enumerate() {
                index.entry(accept_key(key)).or_default().push(at);
            }
            index
        });
        by_accept
            .get(accept)?
            .iter()
            .map(|&at| self.keys[at])
            .find(|(_, other)| other.trim() != key)
            .map(|(e, _)| e)
    }
}

/// Recognises how a wrong accept was most likely computed; `others` holds the accepts of the
/// transcript's keys.
pub(crate) fn diagnose(
    key: &str,
    received: &str,
    others: &KeyAccepts<'_>,
) -> Option<AcceptDiagnosis> {
    let key = key.trim();
    let received_trimmed = received.trim();
    let expected_digest = sha1_of(&[key.as_bytes(), GUID.as_bytes()]);
    let expected = STANDARD.encode(expected_digest);
    let said = |id: &'static str, message: String| Some(AcceptDiagnosis { id, message });
    let b64_of = |parts: &[&[u8]]| STANDARD.encode(sha1_of(parts));

    if received_trimmed.len() < expected.len()
        && !received_trimmed.is_empty()
        && expected.starts_with(received_trimmed)
    {
        let missing = expected.len() - received_trimmed.len();
        return said(
            "truncated",
            format!("the value is the right accept cut short by {}: a partial read or a fixed-size buffer lost its end", crate::text::counted(missing, "character", "characters")),
        );
    }
    let squeezed: String = received.chars().filter(|c| !c.is_whitespace()).collect();
    if squeezed == expected {
        return said("whitespace", "the value is right but has whitespace inside it".to_owned());
    }
    if received_trimmed.eq_ignore_ascii_case(&expected) {
        return said("case-changed", "the value has the right letters in the wrong case: something lowercased or uppercased it, but base64 is case-sensitive".to_owned());
    }
    if let Ok(decoded) = STANDARD.decode(key) {
        if received_trimmed == b64_of(&[&decoded, GUID.as_bytes()]) {
            return said("key-decoded", "the server base64-decoded the key before hashing; RFC 6455 hashes the key as the string that was sent".to_owned());
        }
    }
    if received_trimmed == URL_SAFE.encode(expected_digest)
        || received_trimmed == URL_SAFE_NO_PAD.encode(expected_digest)
    {
        return said("base64url", "the server encoded the digest with the URL-safe base64 alphabet (`-` and `_`); the accept uses standard base64 (`+` and `/`) with padding".to_owned());
    }
    let hex_digest = hex(&expected_digest);
    if received_trimmed.eq_ignore_ascii_case(&hex_digest) {
        return said("hex-digest", "the server sent the SHA-1 digest as hexadecimal; it must be the base64 of the 20 raw digest bytes".to_owned());
    }
    if received_trimmed == STANDARD.encode(hex_digest.as_bytes())
        || received_trimmed == STANDARD.encode(hex_digest.to_uppercase().as_bytes())
    {
        return said("base64-of-hex", "the server base64-encoded the hexadecimal text of the digest; it must encode the 20 raw digest bytes".to_owned());
    }
    let concatenation = [key.as_bytes(), GUID.as_bytes()].concat();
    if received_trimmed == STANDARD.encode(sha2::Sha256::digest(&concatenation)) {
        return said("sha256", "the server hashed with SHA-256; the accept uses SHA-1".to_owned());
    }
    if received_trimmed == STANDARD.encode(md5::Md5::digest(&concatenation)) {
        return said("md5", "the server hashed with MD5; the accept uses SHA-1".to_owned());
    }
    if received_trimmed == b64_of(&[GUID.as_bytes(), key.as_bytes()]) {
        return said(
            "guid-first",
            "the server put the GUID before the key; the key comes first".to_owned(),
        );
    }
    if received_trimmed == b64_of(&[key.as_bytes()]) {
        return said(
            "no-guid",
            "the server hashed the key alone, without appending the GUID".to_owned(),
        );
    }
    for (padding, what) in
        [("\r", "a trailing CR"), (" ", "a trailing space"), ("\r\n", "a trailing CRLF")]
    {
        if received_trimmed == b64_of(&[key.as_bytes(), padding.as_bytes(), GUID.as_bytes()])
            || received_trimmed == b64_of(&[padding.as_bytes(), key.as_bytes(), GUID.as_bytes()])
        {
            return said("key-not-trimmed", format!("the server hashed the key with {what} still attached; whitespace around the header value is not part of the key"));
        }
    }
    let lower_guid = GUID.to_ascii_lowercase();
    if received_trimmed == b64_of(&[key.as_bytes(), lower_guid.as_bytes()]) {
        return said(
            "guid-lowercase",
            format!(
                "the server used the GUID in lowercase ({lower_guid}); it must be exactly {GUID}"
            ),
        );
    }
    let dashed = GUID.replace('-', "\u{2013}");
    if received_trimmed == b64_of(&[key.as_bytes(), dashed.as_bytes()]) {
        return said("guid-en-dash", "the server's GUID has en-dashes (–) where it needs hyphens (-), as happens when it is copied from a formatted document".to_owned());
    }
    if received_trimmed == SAMPLE_ACCEPT && key != SAMPLE_KEY {
        return said("sample-accept", "the server sent the accept of the RFC's sample key (s3pPLMBiTxaQ9kYGzzhZRbK+xOo=), a hard-coded value, not one computed from this request's key".to_owned());
    }
    if let Some(exchange) = others.answered(received_trimmed, key) {
        return said("other-key", format!("the value is the accept of another key in this capture (exchange {}): a proxy probably replaced the key, so the backend answered a key the client never sent", exchange + 1));
    }
    if let Some(typo) = others.guid_typo(key, received_trimmed) {
        return said(
            "guid-typo",
            format!("the server used a mistyped GUID, {typo}; it must be exactly {GUID}"),
        );
    }
    None
}

/// Tries every GUID one edit away (a changed, missing, extra or swapped character) against
/// the digest the server sent.
fn guid_typo(key: &str, digest: &[u8; 20]) -> Option<String> {
    const ALPHABET: &[u8] = b"0123456789ABCDEFabcdef-";
    let guid = GUID.as_bytes();
    // The key is hashed once; each candidate continues from that state, so a long key does
    // not cost its length for every candidate.
    let keyed = Sha1::new_with_prefix(key.as_bytes());
    let matches = |candidate: &[u8]| {
        <[u8; 20]>::from(keyed.clone().chain_update(candidate).finalize()) == *digest
    };
    let mut candidate = Vec::with_capacity(guid.len() + 1);
    for i in 0..=guid.len() {
        // A missing character.
        if i < guid.len() {
            candidate.clear();
            candidate.extend_from_slice(&guid[..i]);
            candidate.extend_from_slice(&guid[i + 1..]);
            if matches(&candidate) {
                return Some(format!("with the character at position {} missing", i + 1));
            }
        }
        // Two neighbours swapped.
        if i + 1 < guid.len() && guid[i] != guid[i + 1] {
            candidate.clear();
            candidate.extend_from_slice(guid);
            candidate.swap(i, i + 1);
            if matches(&candidate) {
                return Some(format!(
                    "with the characters at positions {} and {} swapped",
                    i + 1,
                    i + 2
                ));
            }
        }
        for &c in ALPHABET {
            // A changed character.
            if i < guid.len() && guid[i] != c {
                candidate.clear();
                candidate.extend_from_slice(guid);
                candidate[i] = c;
                if matches(&candidate) {
                    return Some(format!(
                        "{} (position {} changed)",
                        String::from_utf8_lossy(&candidate),
                        i + 1
                    ));
                }
            }
            // An extra character.
            candidate.clear();
            candidate.extend_from_slice(&guid[..i]);
            candidate.push(c);
            candidate.extend_from_slice(&guid[i..]);
            if matches(&candidate) {
                return Some(format!(
                    "{} (an extra character at position {})",
                    String::from_utf8_lossy(&candidate),
                    i + 1
                ));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc_6455_sample() {
        assert_eq!(accept_key(SAMPLE_KEY), SAMPLE_ACCEPT);
        let steps = accept_steps(SAMPLE_KEY);
        assert_eq!(
            steps.concatenated,
            "dGhlIHNhbXBsZSBub25jZQ==258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
        );
        // RFC 6455 §1.3 gives the digest bytes 0xb3 0x7a 0x4f ... 0xc4 0xea.
        assert_eq!(steps.sha1_hex, "b37a4f2cc0624f1690f64606cf385945b2bec4ea");
        assert_eq!(steps.decoded_len, Some(16));
    }

    #[test]
    fn key_decoding_is_strict() {
        assert_eq!(decode_key(SAMPLE_KEY).map(|k| k.len()), Ok(16));
        let long = "A".repeat(88);
        assert_eq!(decode_key(&long).map(|k| k.len()), Ok(66));
        // RFC 6455 §4.1 item 7's own example ends in "C==", which is not canonical base64.
        assert_eq!(decode_key("AQIDBAUGBwgJCgsMDQ4PEC=="), Err(KeyError::NotCanonical));
        assert_eq!(decode_key("AQIDBAUGBwgJCgsMDQ4PEA==").map(|k| k.len()), Ok(16));
        assert_eq!(decode_key("abc"), Err(KeyError::BadLength));
        assert_eq!(decode_key("ab-_"), Err(KeyError::NotBase64 { at: 2 }));
        assert_eq!(decode_key("a=bc"), Err(KeyError::NotBase64 { at: 1 }));
    }

    fn diagnosis_id(received: &str) -> Option<&'static str> {
        diagnose(SAMPLE_KEY, received, &KeyAccepts::default()).map(|d| d.id)
    }

    #[test]
    fn recognises_common_mistakes() {
        let digest = sha1_of(&[SAMPLE_KEY.as_bytes(), GUID.as_bytes()]);
        let decoded = STANDARD.decode(SAMPLE_KEY).unwrap();
        let b64 = |parts: &[&[u8]]| STANDARD.encode(sha1_of(parts));
        assert_eq!(diagnosis_id("s3pPLMBiTxaQ9kYGzzhZRbK+xOo"), Some("truncated"));
        assert_eq!(diagnosis_id("s3pPLMBiTxaQ9kYG zzhZRbK+xOo="), Some("whitespace"));
        assert_eq!(diagnosis_id("S3PPLMBITXAQ9KYGZZHZRBK+XOO="), Some("case-changed"));
        assert_eq!(diagnosis_id(&b64(&[&decoded, GUID.as_bytes()])), Some("key-decoded"));
        assert_eq!(diagnosis_id(&URL_SAFE.encode(digest)), Some("base64url"));
        assert_eq!(diagnosis_id(&hex(&digest)), Some("hex-digest"));
        assert_eq!(diagnosis_id(&STANDARD.encode(hex(&digest))), Some("base64-of-hex"));
        let concat = format!("{SAMPLE_KEY}{GUID}");
        assert_eq!(diagnosis_id(&STANDARD.encode(sha2::Sha256::digest(&concat))), Some("sha256"));
        assert_eq!(diagnosis_id(&STANDARD.encode(md5::Md5::digest(&concat))), Some("md5"));
        assert_eq!(
            diagnosis_id(&b64(&[GUID.as_bytes(), SAMPLE_KEY.as_bytes()])),
            Some("guid-first")
        );
        assert_eq!(diagnosis_id(&b64(&[SAMPLE_KEY.as_bytes()])), Some("no-guid"));
        assert_eq!(
            diagnosis_id(&b64(&[SAMPLE_KEY.as_bytes(), b"\r", GUID.as_bytes()])),
            Some("key-not-trimmed")
        );
        let lower = GUID.to_ascii_lowercase();
        assert_eq!(
            diagnosis_id(&b64(&[SAMPLE_KEY.as_bytes(), lower.as_bytes()])),
            Some("guid-lowercase")
        );
        let dashed = GUID.replace('-', "\u{2013}");
        assert_eq!(
            diagnosis_id(&b64(&[SAMPLE_KEY.as_bytes(), dashed.as_bytes()])),
            Some("guid-en-dash")
        );
        for typo in [
            "258EAFA5-E914-47DA-95CA-C5AB0DC85B1",
            "258EAFA5-E914-47DA-95CA-C5AB0DC58B11",
            "258EAFA5-E914-47DA-95CA-C5AB0DC85B12",
            "258EAFA5-E914-47DA-95CA-C5AB0DC85B111",
        ] {
            assert_eq!(
                diagnosis_id(&b64(&[SAMPLE_KEY.as_bytes(), typo.as_bytes()])),
                Some("guid-typo"),
                "{typo}"
            );
        }
        let other = "x3JJHMbDL1EzLkh9GBhXDw==";
        assert_eq!(
            diagnose(other, SAMPLE_ACCEPT, &KeyAccepts::default()).map(|d| d.id),
            Some("sample-accept")
        );
        let third = "AQIDBAUGBwgJCgsMDQ4PEA==";
        assert_eq!(
            diagnose(other, &accept_key(third), &KeyAccepts::new([(1, third)])).map(|d| d.id),
            Some("other-key")
        );
        assert_eq!(diagnosis_id("not even close"), None);
    }

    #[test]
    fn typo_searches_are_bounded_per_transcript_and_remembered() {
        let typo = |key: &str| {
            STANDARD.encode(sha1_of(&[key.as_bytes(), b"258EAFA5-E914-47DA-95CA-C5AB0DC85B1"]))
        };
        let keys: Vec<String> =
            (0..=TYPO_SEARCHES as u8).map(|i| STANDARD.encode([i; 16])).collect();
        let transcript = KeyAccepts::default();
        let id = |key: &str| diagnose(key, &typo(key), &transcript).map(|d| d.id);
        for key in &keys[..TYPO_SEARCHES] {
            assert_eq!(id(key), Some("guid-typo"), "{key}");
        }
        // The budget is spent: a new pair is not searched, a repeated one keeps its answer.
        assert_eq!(id(&keys[TYPO_SEARCHES]), None);
        assert_eq!(id(&keys[0]), Some("guid-typo"));
        // Anything that is not a base64 digest is not searched, and spends no budget.
        let junk = KeyAccepts::default();
        for _ in 0..=TYPO_SEARCHES {
            assert_eq!(junk.guid_typo(SAMPLE_KEY, "not a digest"), None);
        }
        assert!(junk.typo_searches.borrow().is_empty());
    }
}
