//! permessage-deflate's parameters (RFC 7692 §7), read from a parsed extension element.

use crate::{
    names::{
        CLIENT_MAX_WINDOW_BITS, CLIENT_NO_CONTEXT_TAKEOVER, PERMESSAGE_DEFLATE,
        SERVER_MAX_WINDOW_BITS, SERVER_NO_CONTEXT_TAKEOVER,
    },
    report::ExtensionItem,
};

/// The configuration an element asks for: `None` absent, `Some(None)` present without value.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Config {
    pub(crate) server_no_context_takeover: bool,
    pub(crate) client_no_context_takeover: bool,
    pub(crate) server_max_window_bits: Option<Option<u8>>,
    pub(crate) client_max_window_bits: Option<Option<u8>>,
}

impl Config {
    /// Reads the first occurrence of each parameter; invalid values read as "no value".
    pub(crate) fn of(ext: &ExtensionItem) -> Config {
        let mut config = Config::default();
        for p in ext.params.iter().rev() {
            let bits = || window_bits(p.value.as_deref()).ok().flatten();
            match p.name.as_str() {
                SERVER_NO_CONTEXT_TAKEOVER => config.server_no_context_takeover = true,
                CLIENT_NO_CONTEXT_TAKEOVER => config.client_no_context_takeover = true,
                SERVER_MAX_WINDOW_BITS => config.server_max_window_bits = Some(bits()),
                CLIENT_MAX_WINDOW_BITS => config.client_max_window_bits = Some(bits()),
                _ => {}
            }
        }
        config
    }
}

/// RFC 7692 §7.1.2: window bits are "a decimal integer value without leading zeroes between
/// 8 to 15, inclusive"; `Ok(None)` when there is no value.
pub(crate) fn window_bits(value: Option<&str>) -> Result<Option<u8>, &'static str> {
    let Some(value) = value else { return Ok(None) };
    if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
        return Err("is not a decimal number");
    }
    if value.len() > 1 && value.starts_with('0') {
        return Err("has a leading zero");
    }
    match value.parse::<u8>() {
        Ok(bits @ 8..=15) => Ok(Some(bits)),
        _ => Err("is outside 8 to 15"),
    }
}

/// Whether an extension element is permessage-deflate.
pub(crate) fn is_deflate(ext: &ExtensionItem) -> bool {
    ext.name.eq_ignore_ascii_case(PERMESSAGE_DEFLATE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn window_bits_follow_rfc_7692() {
        assert_eq!(window_bits(None), Ok(None));
        assert_eq!(window_bits(Some("8")), Ok(Some(8)));
        assert_eq!(window_bits(Some("15")), Ok(Some(15)));
        assert!(window_bits(Some("7")).is_err());
        assert!(window_bits(Some("16")).is_err());
        assert!(window_bits(Some("010")).is_err());
        assert!(window_bits(Some("")).is_err());
        assert!(window_bits(Some("1x")).is_err());
        assert!(window_bits(Some("99999999999")).is_err());
    }
}
