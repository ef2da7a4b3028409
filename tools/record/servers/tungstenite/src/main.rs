//! tungstenite echo server for the suite's table: `accept_hdr` with the library's defaults,
//! selecting chat or superchat when offered, on 127.0.0.1:PORT for SECONDS.

use std::{net::TcpListener, time::Duration};

use tungstenite::handshake::server::{Request, Response};

fn main() {
    let mut args = std::env::args().skip(1);
    let port: u16 = args.next().and_then(|p| p.parse().ok()).expect("usage: PORT SECONDS");
    let seconds: u64 = args.next().and_then(|s| s.parse().ok()).unwrap_or(120);
    std::thread::spawn(move || {
        std::thread::sleep(Duration::from_secs(seconds));
        std::process::exit(0);
    });
    let listener = TcpListener::bind(("127.0.0.1", port)).expect("a free port");
    for stream in listener.incoming().flatten() {
        std::thread::spawn(move || {
            let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
            let pick = |request: &Request, mut response: Response| {
                let offered = request
                    .headers()
                    .get("Sec-WebSocket-Protocol")
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("")
                    .split(',')
                    .map(str::trim)
                    .find(|p| *p == "chat" || *p == "superchat")
                    .map(str::to_owned);
                if let Some(p) = offered {
                    response.headers_mut().insert("Sec-WebSocket-Protocol", p.parse().expect("a token"));
                }
                Ok(response)
            };
            let Ok(mut socket) = tungstenite::accept_hdr(stream, pick) else { return };
            while let Ok(message) = socket.read() {
                if message.is_close() || socket.send(message).is_err() {
                    break;
                }
            }
        });
    }
}
