//! wslens in the browser: a DevTools-style view of a WebSocket opening handshake, built on
//! `wslens_core`. Everything runs in the page; no transcript leaves the browser.
//!
//! The same panes render the full viewer ([`app::App`], the `wslens-viewer` binary) and the
//! `<wslens-handshake>` element's card ([`card::Card`], mounted by `web/element`).

#![allow(
    unreachable_pub,
    reason = "the panes' `pub` items are this crate's interface to its binaries"
)]

pub mod app;
pub mod card;
pub mod components;
pub mod dom;
pub mod embed;
pub mod samples;
pub mod share;
pub mod state;
