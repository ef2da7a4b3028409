//! wslens in the browser: a DevTools-style view of a WebSocket opening handshake, built on
//! `wslens_core`. Everything runs in the page; no transcript leaves the browser.

#![allow(unreachable_pub, reason = "a binary crate: `pub` marks each module's interface")]

mod app;
mod components;
mod dom;
mod highlight;
mod samples;
mod share;
mod state;

fn main() {
    yew::Renderer::<app::App>::new().render();
}
