//! A raw-TCP HTTP/1.1 test server on 127.0.0.1 that records the exact request bytes and
//! answers from a script.

#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

/// What the server does with one request.
#[derive(Debug, Clone)]
pub enum Reply {
    /// Send these bytes as the response (then keep the connection open for more).
    Raw(Vec<u8>),
    /// Never answer (hold the connection until the test ends).
    Silent,
    /// Send these bytes, then close the connection at once (a response cut mid-body when
    /// the bytes promise more than they hold).
    Partial(Vec<u8>),
}

/// A response with a status line, headers and a body (Content-Length added).
pub fn reply(status: u16, reason: &str, headers: &[(&str, &str)], body: &str) -> Reply {
    let mut s = format!("HTTP/1.1 {status} {reason}\r\n");
    for (k, v) in headers {
        s.push_str(&format!("{k}: {v}\r\n"));
    }
    s.push_str(&format!("Content-Length: {}\r\n\r\n{body}", body.len()));
    Reply::Raw(s.into_bytes())
}

/// A JSON response.
pub fn json(status: u16, body: &str) -> Reply {
    let reason = http_reason(status);
    reply(
        status,
        reason,
        &[
            ("Content-Type", "application/x-amz-json-1.1"),
            ("x-amzn-RequestId", "req-1"),
        ],
        body,
    )
}

fn http_reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Whatever",
    }
}

/// One captured request.
#[derive(Debug, Clone)]
pub struct Captured {
    /// The raw head (request line and headers, up to and including the blank line).
    pub head: String,
    /// The body bytes.
    pub body: Vec<u8>,
    /// When it arrived.
    pub at: Instant,
}

impl Captured {
    /// The request line.
    pub fn request_line(&self) -> &str {
        self.head.split("\r\n").next().unwrap_or("")
    }

    /// Headers in order, as sent.
    pub fn headers(&self) -> Vec<(String, String)> {
        self.head
            .split("\r\n")
            .skip(1)
            .filter(|l| !l.is_empty())
            .filter_map(|l| {
                l.split_once(": ")
                    .map(|(k, v)| (k.to_owned(), v.to_owned()))
            })
            .collect()
    }

    /// The first header named `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<String> {
        self.headers()
            .into_iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v)
    }
}

/// The running server.
pub struct Server {
    /// Its port.
    pub port: u16,
    captured: Arc<Mutex<Vec<Captured>>>,
    connections: Arc<std::sync::atomic::AtomicUsize>,
}

impl Server {
    /// Starts a server that answers requests with `script` in order (the last entry repeats).
    pub fn start(script: Vec<Reply>) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        let port = listener.local_addr().expect("local addr").port();
        let captured = Arc::new(Mutex::new(Vec::new()));
        let script = Arc::new(script);
        let cap = captured.clone();
        let connections = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let conns = connections.clone();
        thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { return };
                conns.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                let cap = cap.clone();
                let script = script.clone();
                thread::spawn(move || serve(stream, &cap, &script));
            }
        });
        Server {
            port,
            captured,
            connections,
        }
    }

    /// `http://127.0.0.1:<port>`.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// How many TCP connections were accepted.
    pub fn connections(&self) -> usize {
        self.connections.load(std::sync::atomic::Ordering::SeqCst)
    }

    /// The requests received so far.
    pub fn requests(&self) -> Vec<Captured> {
        self.captured.lock().unwrap().clone()
    }
}

fn serve(mut stream: TcpStream, cap: &Mutex<Vec<Captured>>, script: &[Reply]) {
    let mut buf = Vec::new();
    loop {
        // Read the head.
        let head_end = loop {
            if let Some(i) = find(&buf, b"\r\n\r\n") {
                break i + 4;
            }
            let mut chunk = [0u8; 4096];
            match stream.read(&mut chunk) {
                Ok(0) | Err(_) => return,
                Ok(n) => buf.extend_from_slice(&chunk[..n]),
            }
        };
        let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
        let len = head
            .split("\r\n")
            .find_map(|l| {
                let (k, v) = l.split_once(':')?;
                k.eq_ignore_ascii_case("content-length")
                    .then(|| v.trim().parse::<usize>().ok())?
            })
            .unwrap_or(0);
        while buf.len() < head_end + len {
            let mut chunk = [0u8; 4096];
            match stream.read(&mut chunk) {
                Ok(0) | Err(_) => return,
                Ok(n) => buf.extend_from_slice(&chunk[..n]),
            }
        }
        let body = buf[head_end..head_end + len].to_vec();
        buf.drain(..head_end + len);
        let index = {
            let mut c = cap.lock().unwrap();
            c.push(Captured {
                head,
                body,
                at: Instant::now(),
            });
            c.len() - 1
        };
        match script.get(index).or(script.last()) {
            Some(Reply::Raw(bytes)) => {
                if stream.write_all(bytes).is_err() {
                    return;
                }
            }
            Some(Reply::Partial(bytes)) => {
                let _ = stream.write_all(bytes);
                let _ = stream.shutdown(std::net::Shutdown::Both);
                return;
            }
            Some(Reply::Silent) | None => {
                thread::sleep(Duration::from_secs(30));
                return;
            }
        }
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}
