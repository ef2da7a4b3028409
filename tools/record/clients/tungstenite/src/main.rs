//! tungstenite client for the recorders: connects to URL offering chat and superchat (none
//! with `--no-offer`) with Origin http://127.0.0.1, prints `open` or `error: <reason>` as the
//! library reports it.

use std::time::Duration;

use tungstenite::{client::IntoClientRequest, Message};

fn main() {
    let offer = !std::env::args().any(|a| a == "--no-offer");
    let url = std::env::args()
        .skip(1)
        .find(|a| a != "--no-offer")
        .expect("usage: wslens-record-tungstenite [--no-offer] URL");
    let mut request = url.into_client_request().expect("a ws:// URL");
    let headers = request.headers_mut();
    if offer {
        headers
            .insert("Sec-WebSocket-Protocol", "chat, superchat".parse().expect("a header value"));
    }
    headers.insert("Origin", "http://127.0.0.1".parse().expect("a header value"));
    let host = request.uri().host().unwrap_or("127.0.0.1").to_owned();
    let port = request.uri().port_u16().unwrap_or(80);
    let stream = match std::net::TcpStream::connect((host.as_str(), port)) {
        Ok(stream) => stream,
        Err(e) => return println!("error: {e}"),
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(3)));
    match tungstenite::client(request, stream) {
        Ok((mut socket, _response)) => {
            println!("open");
            let _ = socket.send(Message::text("hello"));
            let _ = socket.read();
            let _ = socket.close(None);
        }
        Err(e) => println!("error: {e}"),
    }
}
