//! A curl command line, as DevTools "Copy as cURL" writes it (bash quoting, or Windows cmd
//! quoting with `^`), rebuilt as the HTTP/1.1 request curl would send. A command holds a
//! request only; the response is never in it.

use std::fmt::Write as _;

use base64::{engine::general_purpose::STANDARD, Engine as _};

/// Whether the text is a curl command line rather than curl's `-v` output.
pub(crate) fn looks_like_command(text: &str) -> bool {
    let start = text.trim_start();
    ["curl ", "curl.exe ", "curl\t", "curl \\", "curl ^"].iter().any(|p| start.starts_with(p))
}

/// The request the command sends, as HTTP/1.1 text, or why it cannot be read.
pub(crate) fn rebuild(text: &str) -> Result<String, String> {
    let words = if is_cmd(text) { cmd_words(text) } else { bash_words(text) }?;
    let mut request = Request::default();
    let mut args = words.iter().skip(1).map(String::as_str);
    while let Some(word) = args.next() {
        let mut value = |name: &str| {
            args.next()
                .map(str::to_owned)
                .ok_or_else(|| format!("`{name}` at the end of the command has no value"))
        };
        match word {
            "-H" | "--header" => {
                let header = value(word)?;
                request.header(&header);
            }
            "-X" | "--request" => request.method = Some(value(word)?),
            "-A" | "--user-agent" => request.headers.push(("User-Agent".into(), value(word)?)),
            "-e" | "--referer" => request.headers.push(("Referer".into(), value(word)?)),
            "-b" | "--cookie" => {
                let cookie = value(word)?;
                // Without `=`, curl reads the value as a cookie file name.
                if cookie.contains('=') {
                    request.headers.push(("Cookie".into(), cookie));
                }
            }
            "-u" | "--user" => {
                let credentials = STANDARD.encode(value(word)?);
                request.headers.push(("Authorization".into(), format!("Basic {credentials}")));
            }
            "-d" | "--data" | "--data-raw" | "--data-binary" | "--data-ascii"
            | "--data-urlencode" => {
                request.body = Some(value(word)?);
            }
            "--url" => request.url = Some(value(word)?),
            "--http1.0" | "-0" => request.version = "HTTP/1.0",
            "--http1.1" => request.version = "HTTP/1.1",
            w if TAKES_VALUE.contains(&w) => {
                value(w)?;
            }
            w if w.starts_with('-') && w.len() > 1 => {}
            url if request.url.is_none() => request.url = Some(url.to_owned()),
            _ => {}
        }
    }
    request.text()
}

/// curl options that take a value the request does not depend on.
const TAKES_VALUE: &[&str] = &[
    "-o",
    "--output",
    "-m",
    "--max-time",
    "--connect-timeout",
    "-x",
    "--proxy",
    "--resolve",
    "--connect-to",
    "--cacert",
    "--capath",
    "-E",
    "--cert",
    "--key",
    "-w",
    "--write-out",
    "--retry",
    "-F",
    "--form",
    "-T",
    "--upload-file",
    "-r",
    "--range",
    "-c",
    "--cookie-jar",
    "-D",
    "--dump-header",
    "--unix-socket",
    "--max-redirs",
    "--limit-rate",
    "--interface",
    "-K",
    "--config",
    "--trace",
    "--trace-ascii",
    "--stderr",
    "-U",
    "--proxy-user",
];

#[derive(Default)]
struct Request {
    url: Option<String>,
    method: Option<String>,
    version: &'static str,
    headers: Vec<(String, String)>,
    body: Option<String>,
}

impl Request {
    /// `-H 'Name: value'` adds a header, `-H 'Name:'` removes one curl would add (nothing to
    /// do here), `-H 'Name;'` sends it empty.
    fn header(&mut self, header: &str) {
        if let Some((name, value)) = header.split_once(':') {
            let value = value.trim();
            if !value.is_empty() {
                self.headers.push((name.trim().to_owned(), value.to_owned()));
            }
        } else if let Some(name) = header.strip_suffix(';') {
            self.headers.push((name.trim().to_owned(), String::new()));
        }
    }

    fn text(self) -> Result<String, String> {
        let url = self.url.ok_or("the curl command has no URL")?;
        let rest = url.split_once("://").map_or(url.as_str(), |(_, r)| r);
        let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
        let authority = authority.rsplit_once('@').map_or(authority, |(_, host)| host);
        if authority.is_empty() {
            return Err(format!("the URL `{url}` has no host"));
        }
        let method =
            self.method.unwrap_or_else(|| if self.body.is_some() { "POST" } else { "GET" }.into());
        let version = if self.version.is_empty() { "HTTP/1.1" } else { self.version };
        let mut out = String::new();
        let _ = write!(
            out,
            "{} {} {}\r\n",
            crate::text::one_line(&method),
            crate::text::one_line(crate::text::origin_form(&url)),
            crate::text::one_line(version)
        );
        // curl sends Host first unless the command gives its own.
        if !self.headers.iter().any(|(n, _)| n.eq_ignore_ascii_case("host")) {
            let _ = write!(out, "Host: {}\r\n", crate::text::one_line(authority));
        }
        for (name, value) in &self.headers {
            let _ = write!(
                out,
                "{}: {}\r\n",
                crate::text::one_line(name),
                crate::text::one_line(value)
            );
        }
        if let Some(body) = &self.body {
            // On one line (the length is kept), so that no line of it reads as a response.
            let body = crate::text::one_line(body);
            let _ = write!(out, "Content-Length: {}\r\n\r\n{body}", body.len());
        } else {
            out.push_str("\r\n");
        }
        Ok(out)
    }
}

/// Windows cmd quoting: `^"` quotes and `^` before special characters or line ends.
fn is_cmd(text: &str) -> bool {
    text.contains("^\"") || text.lines().any(|l| l.trim_end().ends_with(" ^"))
}

/// Splits a bash command line: `'…'`, `$'…'`, `"…"`, backslash escapes and continuations.
fn bash_words(text: &str) -> Result<Vec<String>, String> {
    let mut words = Vec::new();
    let mut word: Option<String> = None;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('\n') => {}
                Some('\r') if chars.peek() == Some(&'\n') => {
                    chars.next();
                }
                Some(next) => word.get_or_insert_with(String::new).push(next),
                None => {}
            },
            '\'' => {
                let w = word.get_or_insert_with(String::new);
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(ch) => w.push(ch),
                        None => return Err("the command ends inside a '…' quote".into()),
                    }
                }
            }
            '$' if chars.peek() == Some(&'\'') => {
                chars.next();
                let w = word.get_or_insert_with(String::new);
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some('\\') => ansi_c_escape(&mut chars, w),
                        Some(ch) => w.push(ch),
                        None => return Err("the command ends inside a $'…' quote".into()),
                    }
                }
            }
            '"' => {
                let w = word.get_or_insert_with(String::new);
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') => match chars.next() {
                            Some(e @ ('"' | '\\' | '$' | '`')) => w.push(e),
                            Some('\n') => {}
                            Some(other) => {
                                w.push('\\');
                                w.push(other);
                            }
                            None => return Err("the command ends inside a \"…\" quote".into()),
                        },
                        Some(ch) => w.push(ch),
                        None => return Err("the command ends inside a \"…\" quote".into()),
                    }
                }
            }
            c if c.is_whitespace() => {
                if let Some(w) = word.take() {
                    words.push(w);
                }
            }
            c => word.get_or_insert_with(String::new).push(c),
        }
    }
    words.extend(word);
    Ok(words)
}

/// One escape inside `$'…'` (the `\` already read).
fn ansi_c_escape(chars: &mut std::iter::Peekable<std::str::Chars<'_>>, out: &mut String) {
    let hex = |n: usize, chars: &mut std::iter::Peekable<std::str::Chars<'_>>| {
        let mut value = 0u32;
        for _ in 0..n {
            match chars.peek().and_then(|c| c.to_digit(16)) {
                Some(d) => {
                    value = value * 16 + d;
                    chars.next();
                }
                None => break,
            }
        }
        char::from_u32(value).unwrap_or('\u{FFFD}')
    };
    match chars.next() {
        Some('n') => out.push('\n'),
        Some('r') => out.push('\r'),
        Some('t') => out.push('\t'),
        Some('x') => out.push(hex(2, chars)),
        Some('u') => out.push(hex(4, chars)),
        Some('U') => out.push(hex(8, chars)),
        Some(c) => out.push(c),
        None => {}
    }
}

/// Splits a cmd.exe command line the way cmd.exe and then the C runtime do: `^` escapes the
/// next character (and joins lines), then quotes group and `\"` is a literal quote.
fn cmd_words(text: &str) -> Result<Vec<String>, String> {
    let mut unescaped = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '^' {
            unescaped.push(c);
            continue;
        }
        match chars.next() {
            // `^` at a line end continues the command on the next line.
            Some('\r') if chars.peek() == Some(&'\n') => {
                chars.next();
            }
            Some('\n') => {}
            Some(next) => unescaped.push(next),
            None => {}
        }
    }
    let mut words = Vec::new();
    let mut word: Option<String> = None;
    let mut quoted = false;
    let mut chars = unescaped.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let mut backslashes = 1;
                while chars.peek() == Some(&'\\') {
                    chars.next();
                    backslashes += 1;
                }
                let w = word.get_or_insert_with(String::new);
                if chars.peek() == Some(&'"') {
                    w.extend(std::iter::repeat_n('\\', backslashes / 2));
                    if backslashes % 2 == 1 {
                        chars.next();
                        w.push('"');
                    }
                } else {
                    w.extend(std::iter::repeat_n('\\', backslashes));
                }
            }
            '"' => {
                quoted = !quoted;
                word.get_or_insert_with(String::new);
            }
            c if c.is_whitespace() && !quoted => {
                if let Some(w) = word.take() {
                    words.push(w);
                }
            }
            c => word.get_or_insert_with(String::new).push(c),
        }
    }
    if quoted {
        return Err("the command ends inside a \"…\" quote".into());
    }
    words.extend(word);
    Ok(words)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bash_copy_as_curl() {
        let command = "curl 'wss://chat.example.com/socket?room=1' \\\n  -H 'Upgrade: websocket' \\\n  -H 'Origin: https://chat.example.com' \\\n  -H $'X-Quote: it\\'s' \\\n  -H \"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\" \\\n  --compressed";
        assert!(looks_like_command(command));
        let text = rebuild(command).unwrap();
        assert_eq!(
            text,
            "GET /socket?room=1 HTTP/1.1\r\nHost: chat.example.com\r\nUpgrade: websocket\r\nOrigin: https://chat.example.com\r\nX-Quote: it's\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n"
        );
    }

    #[test]
    fn cmd_copy_as_curl() {
        let command = "curl ^\"ws://127.0.0.1:8080/chat^\" ^\n  -H ^\"Upgrade: websocket^\" ^\n  -H ^\"Sec-WebSocket-Protocol: chat, superchat^\" ^\n  -H ^\"X-Json: ^{\\^\"a\\^\":1^}^\" ^\n  --compressed";
        let text = rebuild(command).unwrap();
        assert_eq!(
            text,
            "GET /chat HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nUpgrade: websocket\r\nSec-WebSocket-Protocol: chat, superchat\r\nX-Json: {\"a\":1}\r\n\r\n"
        );
    }

    #[test]
    fn options_that_become_headers() {
        let text = rebuild("curl -u 'user:pw' -A agent -b 'a=1' -X POST --url http://h/p -H 'Host: other' -H 'Empty;' -H 'Gone:'").unwrap();
        assert_eq!(text, "POST /p HTTP/1.1\r\nAuthorization: Basic dXNlcjpwdw==\r\nUser-Agent: agent\r\nCookie: a=1\r\nHost: other\r\nEmpty: \r\n\r\n");
    }

    #[test]
    fn a_line_break_in_an_argument_makes_no_line_of_its_own() {
        let text = rebuild("curl -X $'GET\\r\\nHTTP/1.1 101 Fake' $'ws://h\\nX: y/a'").unwrap();
        assert!(
            text.lines().all(|l| !l.starts_with("HTTP/1.1 101") && !l.starts_with("X: y")),
            "{text}"
        );
        assert_eq!(text.lines().count(), 3, "{text}");
        let text = rebuild(
            "curl ws://h/ --data-raw $'x\\r\\n\\r\\nHTTP/1.1 101 Switching Protocols\\r\\n\\r\\n'",
        )
        .unwrap();
        assert!(text.contains("Content-Length: 41\r\n"), "{text}");
        assert!(text.lines().all(|l| !l.starts_with("HTTP/1.1 101")), "{text}");
    }

    #[test]
    fn broken_commands_say_why() {
        assert!(rebuild("curl 'ws://x/").unwrap_err().contains("quote"));
        assert!(rebuild("curl -H 'A: b'").unwrap_err().contains("no URL"));
        assert!(rebuild("curl -H").unwrap_err().contains("no value"));
        assert!(rebuild("curl ^\"ws://x/").unwrap_err().contains("quote"));
    }
}
