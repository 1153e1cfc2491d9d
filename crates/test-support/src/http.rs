//! A loopback HTTP/1.1 server on 127.0.0.1 that records the exact request bytes and answers
//! from a script, a queue or a function. One thread per connection; keep-alive and pipelined
//! requests are served in order.

use std::collections::VecDeque;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

/// What the server does with one request.
#[derive(Debug, Clone)]
pub enum Reply {
    /// Send these bytes as the response, then keep the connection open for more.
    Raw(Vec<u8>),
    /// Never answer (hold the connection for 30 s: the client times out or is interrupted).
    Silent,
    /// Send these bytes, then close the connection at once (a response cut mid-body when the
    /// bytes promise more than they hold, or a `Connection: close` exchange).
    Partial(Vec<u8>),
}

/// A response with a status line, headers in order and a body (`Content-Length` added last).
pub fn reply(status: u16, reason: &str, headers: &[(&str, &str)], body: &str) -> Reply {
    let mut s = format!("HTTP/1.1 {status} {reason}\r\n");
    for (k, v) in headers {
        s.push_str(&format!("{k}: {v}\r\n"));
    }
    s.push_str(&format!("Content-Length: {}\r\n\r\n{body}", body.len()));
    Reply::Raw(s.into_bytes())
}

/// An awsJson 1.1 response with a request id.
pub fn json(status: u16, body: &str) -> Reply {
    reply(
        status,
        reason(status),
        &[
            ("Content-Type", "application/x-amz-json-1.1"),
            ("x-amzn-RequestId", "req-1"),
        ],
        body,
    )
}

/// The reason phrase of common statuses (`Whatever` for the rest).
pub fn reason(status: u16) -> &'static str {
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
    /// The request line and the headers as sent, CRLF-separated, without the blank line.
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

    /// The method.
    pub fn method(&self) -> &str {
        self.request_line().split(' ').next().unwrap_or("")
    }

    /// The request target (path and query).
    pub fn path(&self) -> &str {
        self.request_line().split(' ').nth(1).unwrap_or("")
    }

    /// Headers in order, as sent (values trimmed).
    pub fn headers(&self) -> Vec<(String, String)> {
        self.head
            .split("\r\n")
            .skip(1)
            .filter_map(|l| {
                l.split_once(':')
                    .map(|(k, v)| (k.to_owned(), v.trim().to_owned()))
            })
            .collect()
    }

    /// Header names in the order sent.
    pub fn header_names(&self) -> Vec<String> {
        self.headers().into_iter().map(|(k, _)| k).collect()
    }

    /// The first header named `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<String> {
        self.headers()
            .into_iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v)
    }

    /// The body as text (the tests' bodies are UTF-8; anything else fails the test).
    pub fn text(&self) -> &str {
        std::str::from_utf8(&self.body).expect("the request body is UTF-8")
    }
}

type Responder = dyn Fn(&Captured, usize) -> Reply + Send + Sync;

/// The running server (its threads end with the test process).
pub struct Server {
    /// Its port.
    pub port: u16,
    captured: Arc<Mutex<Vec<Captured>>>,
    connections: Arc<AtomicUsize>,
}

impl Server {
    /// Answers the n-th request with `script[n]` (the last entry repeats; none: silence).
    pub fn start(script: Vec<Reply>) -> Server {
        Server::respond(move |_, n| {
            script
                .get(n)
                .or(script.last())
                .cloned()
                .unwrap_or(Reply::Silent)
        })
    }

    /// Answers requests with `replies` in order, then with `fallback`.
    pub fn queue(replies: Vec<Reply>, fallback: Reply) -> Server {
        let queue = Mutex::new(VecDeque::from(replies));
        Server::respond(move |_, _| {
            queue
                .lock()
                .unwrap()
                .pop_front()
                .unwrap_or_else(|| fallback.clone())
        })
    }

    /// Answers each request with `respond(request, index)` (index from 0).
    pub fn respond(respond: impl Fn(&Captured, usize) -> Reply + Send + Sync + 'static) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        let port = listener.local_addr().expect("local addr").port();
        let captured = Arc::new(Mutex::new(Vec::new()));
        let respond: Arc<Responder> = Arc::new(respond);
        let connections = Arc::new(AtomicUsize::new(0));
        let (cap, conns) = (captured.clone(), connections.clone());
        thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { return };
                conns.fetch_add(1, Ordering::SeqCst);
                let (cap, respond) = (cap.clone(), respond.clone());
                thread::spawn(move || serve(stream, &cap, &*respond));
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
        self.connections.load(Ordering::SeqCst)
    }

    /// The requests received so far.
    pub fn requests(&self) -> Vec<Captured> {
        self.captured.lock().unwrap().clone()
    }
}

fn serve(mut stream: TcpStream, cap: &Mutex<Vec<Captured>>, respond: &Responder) {
    let mut buf = Vec::new();
    loop {
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
        let head = String::from_utf8_lossy(&buf[..head_end - 4]).into_owned();
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
        let request = Captured {
            head,
            body: buf[head_end..head_end + len].to_vec(),
            at: Instant::now(),
        };
        buf.drain(..head_end + len);
        let index = {
            let mut c = cap.lock().unwrap();
            c.push(request.clone());
            c.len() - 1
        };
        match respond(&request, index) {
            Reply::Raw(bytes) => {
                if stream.write_all(&bytes).is_err() {
                    return;
                }
            }
            Reply::Partial(bytes) => {
                let _ = stream.write_all(&bytes);
                let _ = stream.shutdown(std::net::Shutdown::Both);
                return;
            }
            Reply::Silent => {
                thread::sleep(Duration::from_secs(30));
                return;
            }
        }
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}
