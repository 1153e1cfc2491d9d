//! A fast HTTP/1.1 keep-alive server on 127.0.0.1 that answers like the WorkSpaces service
//! for the two operations awslice covers, and like STS `GetCallerIdentity` (awsQuery) and
//! SSO `GetRoleCredentials` (restJson1) and S3 `HeadObject` (restXml), for benchmarks only.
//!
//! `awslice-bench-server [--port N]` (default 0 = any free port) prints
//! `listening on 127.0.0.1:PORT` on stdout, then serves until killed. Every request gets
//! `200`, a request id and a `Date`. With `Content-Type: application/x-amz-json-1.1` the body
//! is `{}` for `UpdateWorkspaceImagePermission` and a permissions list for
//! `DescribeWorkspaceImagePermissions` (chosen by `X-Amz-Target`); a `POST` without
//! `X-Amz-Target` whose form body has `Action=GetCallerIdentity` gets STS's XML reply
//! (`text/xml`); a `GET /federation/credentials…` gets SSO's `{"roleCredentials":{…}}`
//! (`application/json`); any `HEAD` gets S3's `HeadObject` answer for a 5-byte object
//! (`ETag`, `Last-Modified`, `Content-Length: 5`, `x-amz-request-id`, no body). Anything else
//! gets the `UpdateWorkspaceImagePermission` answer. A
//! request it cannot parse closes the connection.
//!
//! One thread serves every connection from a `mio` event loop: the clients it measures run
//! on the same two vCPUs, and a thread per connection cost a sleep and a wake-up (two
//! context switches) per request, which with 16 connections was most of the server's CPU.
//! Here one wake-up serves every connection that has a request waiting. HTTP parsing is
//! hand-written (a dozen lines for the three headers it needs) so the server stays tiny and
//! builds in seconds.

use std::io::{ErrorKind, Read, Write};
use std::net::SocketAddr;
use std::time::{SystemTime, UNIX_EPOCH};

use mio::net::{TcpListener, TcpStream};
use mio::{Events, Interest, Poll, Token};

const DESCRIBE_BODY: &str =
    r#"{"ImageId":"wsi-123456789","ImagePermissions":[{"SharedAccountId":"123456789012"}]}"#;
const UPDATE_BODY: &str = "{}";
/// STS `GetCallerIdentity` (awsQuery: XML wrapped in `…Response`/`…Result`).
const CALLER_IDENTITY_BODY: &str = concat!(
    r#"<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">"#,
    "<GetCallerIdentityResult>",
    "<Arn>arn:aws:iam::123456789012:user/bench</Arn>",
    "<UserId>AIDAJQABLZS4A3QDU576Q</UserId>",
    "<Account>123456789012</Account>",
    "</GetCallerIdentityResult>",
    "<ResponseMetadata><RequestId>01234567-89ab-cdef-0123-456789abcdef</RequestId></ResponseMetadata>",
    "</GetCallerIdentityResponse>",
);
/// SSO `GetRoleCredentials` (restJson1; `expiration` in epoch milliseconds).
const ROLE_CREDENTIALS_BODY: &str = concat!(
    r#"{"roleCredentials":{"accessKeyId":"ASIAIOSFODNN7EXAMPLE","#,
    r#""secretAccessKey":"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY","#,
    r#""sessionToken":"AQoDYXdzEJr1K3BENCHSESSIONTOKEN","expiration":4102444800000}}"#,
);
/// The bodies' lengths as text (`Content-Length`).
const DESCRIBE_LENGTH: &str = "83";
const UPDATE_LENGTH: &str = "2";
const CALLER_IDENTITY_LENGTH: &str = "368";
const ROLE_CREDENTIALS_LENGTH: &str = "195";
/// S3 `HeadObject` of a 5-byte object (`hello`): no body, the object's length and headers.
const HEAD_OBJECT_LENGTH: &str = "5";
const HEAD_OBJECT_HEADERS: &str = concat!(
    "ETag: \"5d41402abc4b2a76b9719d911017c592\"\r\n",
    "Last-Modified: Thu, 01 Feb 2024 00:00:00 GMT\r\n",
    "Accept-Ranges: bytes\r\n",
    "x-amz-request-id: 0123456789ABCDEF\r\n",
);
const JSON_1_1: &str = "application/x-amz-json-1.1";

const LISTENER: Token = Token(usize::MAX);
/// Bytes asked for per `read`.
const READ_CHUNK: usize = 16 * 1024;
/// A request head larger than this is refused (the connection is closed).
const MAX_HEAD: usize = 64 * 1024;

fn main() {
    let mut port: u16 = 0;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match (a.as_str(), args.next()) {
            ("--port", Some(p)) => match p.parse() {
                Ok(p) => port = p,
                Err(e) => fail(&format!("--port {p}: {e}")),
            },
            _ => fail(&format!(
                "unknown argument {a}; usage: awslice-bench-server [--port N]"
            )),
        }
    }
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    let listener = match TcpListener::bind(addr) {
        Ok(l) => l,
        Err(e) => fail(&format!("cannot listen on {addr}: {e}")),
    };
    let local = match listener.local_addr() {
        Ok(a) => a,
        Err(e) => fail(&format!("local_addr: {e}")),
    };
    println!("listening on {local}");
    let _ = std::io::stdout().flush();
    if let Err(e) = run(listener) {
        fail(&format!("event loop: {e}"));
    }
}

fn fail(msg: &str) -> ! {
    eprintln!("awslice-bench-server: {msg}");
    std::process::exit(2)
}

/// One keep-alive connection.
struct Conn {
    stream: TcpStream,
    /// The read buffer (allocated and zeroed once); `input[..filled]` are received bytes not
    /// yet consumed by a whole request.
    input: Vec<u8>,
    filled: usize,
    /// Response bytes not yet written.
    output: Vec<u8>,
    /// Close once `output` is written (`Connection: close` or HTTP/1.0).
    close_after_write: bool,
    /// Registered for writability too (a response did not fit in the socket buffer).
    wants_write: bool,
}

/// The event loop: accepts connections and serves them until an error on the listener.
fn run(mut listener: TcpListener) -> std::io::Result<()> {
    let mut poll = Poll::new()?;
    poll.registry()
        .register(&mut listener, LISTENER, Interest::READABLE)?;
    let mut events = Events::with_capacity(256);
    // Connections by token (their index); freed slots are reused.
    let mut conns: Vec<Option<Conn>> = Vec::new();
    let mut state = Responder::default();
    loop {
        if let Err(e) = poll.poll(&mut events, None) {
            if e.kind() == ErrorKind::Interrupted {
                continue;
            }
            return Err(e);
        }
        for event in &events {
            if event.token() == LISTENER {
                accept_all(&listener, &poll, &mut conns);
                continue;
            }
            let i = event.token().0;
            let keep = match conns.get_mut(i).and_then(Option::as_mut) {
                Some(conn) => serve(conn, &mut state, &poll, event.token()),
                None => continue,
            };
            if !keep && let Some(mut conn) = conns.get_mut(i).and_then(Option::take) {
                let _ = poll.registry().deregister(&mut conn.stream);
            }
        }
    }
}

fn accept_all(listener: &TcpListener, poll: &Poll, conns: &mut Vec<Option<Conn>>) {
    loop {
        match listener.accept() {
            Ok((mut stream, _)) => {
                let _ = stream.set_nodelay(true);
                let i = match conns.iter().position(Option::is_none) {
                    Some(i) => i,
                    None => {
                        conns.push(None);
                        conns.len() - 1
                    }
                };
                if poll
                    .registry()
                    .register(&mut stream, Token(i), Interest::READABLE)
                    .is_ok()
                {
                    conns[i] = Some(Conn {
                        stream,
                        input: vec![0; READ_CHUNK],
                        filled: 0,
                        output: Vec::with_capacity(1024),
                        close_after_write: false,
                        wants_write: false,
                    });
                }
            }
            Err(e) if e.kind() == ErrorKind::WouldBlock => return,
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(e) => {
                eprintln!("accept: {e}");
                return;
            }
        }
    }
}

/// Reads what has arrived, answers every whole request and writes the answers. `false`:
/// close the connection.
fn serve(conn: &mut Conn, state: &mut Responder, poll: &Poll, token: Token) -> bool {
    // Read until the socket is drained (mio's readiness is edge-triggered): a read that
    // fills less than the free space has emptied the socket buffer.
    loop {
        if conn.filled == conn.input.len() {
            if conn.input.len() >= MAX_HEAD + READ_CHUNK {
                return false;
            }
            conn.input.resize(conn.input.len() + READ_CHUNK, 0);
        }
        let free = conn.input.len() - conn.filled;
        match conn.stream.read(&mut conn.input[conn.filled..]) {
            Ok(0) => return false,
            Ok(n) => {
                conn.filled += n;
                if n < free {
                    break;
                }
            }
            Err(e) => match e.kind() {
                ErrorKind::WouldBlock => break,
                ErrorKind::Interrupted => {}
                _ => return false,
            },
        }
    }
    // Answer every whole request in the buffer.
    let mut consumed = 0;
    while !conn.close_after_write {
        match parse_request(&conn.input[consumed..conn.filled]) {
            Parsed::Request(req) => {
                consumed += req.len;
                state.respond(&req, &mut conn.output);
                conn.close_after_write = req.close;
            }
            Parsed::Incomplete => break,
            Parsed::Invalid => return false,
        }
    }
    conn.input.copy_within(consumed..conn.filled, 0);
    conn.filled -= consumed;
    // Write the answers.
    while !conn.output.is_empty() {
        match conn.stream.write(&conn.output) {
            Ok(0) => return false,
            Ok(n) => {
                conn.output.drain(..n);
            }
            Err(e) if e.kind() == ErrorKind::WouldBlock => break,
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(_) => return false,
        }
    }
    if conn.output.is_empty() {
        if conn.close_after_write {
            return false;
        }
        if conn.wants_write {
            conn.wants_write = false;
            return poll
                .registry()
                .reregister(&mut conn.stream, token, Interest::READABLE)
                .is_ok();
        }
    } else if !conn.wants_write {
        conn.wants_write = true;
        return poll
            .registry()
            .reregister(
                &mut conn.stream,
                token,
                Interest::READABLE | Interest::WRITABLE,
            )
            .is_ok();
    }
    true
}

/// Which answer a request gets.
#[derive(Debug, PartialEq, Clone, Copy)]
enum Kind {
    /// WorkSpaces `UpdateWorkspaceImagePermission` (and anything unrecognised).
    Update,
    /// WorkSpaces `DescribeWorkspaceImagePermissions`.
    Describe,
    /// STS `GetCallerIdentity`.
    CallerIdentity,
    /// SSO `GetRoleCredentials`.
    RoleCredentials,
    /// S3 `HeadObject`.
    HeadObject,
}

impl Kind {
    /// Body, its length as text, and `Content-Type`.
    fn reply(self) -> (&'static str, &'static str, &'static str) {
        match self {
            Kind::Update => (UPDATE_BODY, UPDATE_LENGTH, JSON_1_1),
            Kind::Describe => (DESCRIBE_BODY, DESCRIBE_LENGTH, JSON_1_1),
            Kind::CallerIdentity => (CALLER_IDENTITY_BODY, CALLER_IDENTITY_LENGTH, "text/xml"),
            Kind::RoleCredentials => (
                ROLE_CREDENTIALS_BODY,
                ROLE_CREDENTIALS_LENGTH,
                "application/json",
            ),
            Kind::HeadObject => ("", HEAD_OBJECT_LENGTH, "text/plain"),
        }
    }

    /// Header lines beyond the common ones (each ending in CRLF).
    fn extra_headers(self) -> &'static str {
        match self {
            Kind::HeadObject => HEAD_OBJECT_HEADERS,
            _ => "",
        }
    }
}

/// What the server needs to know about one request.
#[derive(Debug, PartialEq)]
struct Request {
    /// Bytes of the request (head and body), including any CRLFs before it.
    len: usize,
    kind: Kind,
    close: bool,
}

#[derive(Debug, PartialEq)]
enum Parsed {
    Request(Request),
    Incomplete,
    Invalid,
}

/// Parses one request at the start of `buf`: the request line, the headers
/// (`Content-Length`, `X-Amz-Target`, `Connection`) and the body's length (and, for a `POST`
/// without `X-Amz-Target`, whether the body is an awsQuery `Action=GetCallerIdentity`). Lines
/// end in CRLF or LF; empty lines before a request are skipped.
fn parse_request(buf: &[u8]) -> Parsed {
    let mut pos = buf
        .iter()
        .position(|&b| b != b'\r' && b != b'\n')
        .unwrap_or(buf.len());
    let mut request_line = true;
    let mut close = false;
    let mut content_length = 0usize;
    let mut kind = Kind::Update;
    let mut has_target = false;
    loop {
        let Some(end) = buf[pos..].iter().position(|&b| b == b'\n') else {
            return if buf.len() > MAX_HEAD {
                Parsed::Invalid
            } else {
                Parsed::Incomplete
            };
        };
        let line = buf[pos..pos + end].trim_ascii_end();
        pos += end + 1;
        if request_line {
            request_line = false;
            close = line.ends_with(b"HTTP/1.0");
            if line.starts_with(b"GET /federation/credentials") {
                kind = Kind::RoleCredentials;
            } else if line.starts_with(b"HEAD ") {
                kind = Kind::HeadObject;
            }
            continue;
        }
        if line.is_empty() {
            break;
        }
        let Some(colon) = line.iter().position(|&b| b == b':') else {
            return Parsed::Invalid;
        };
        let (name, value) = (&line[..colon], line[colon + 1..].trim_ascii());
        if name.eq_ignore_ascii_case(b"content-length") {
            match std::str::from_utf8(value).ok().and_then(|v| v.parse().ok()) {
                Some(n) => content_length = n,
                None => return Parsed::Invalid,
            }
        } else if name.eq_ignore_ascii_case(b"x-amz-target") {
            has_target = true;
            if value.ends_with(b".DescribeWorkspaceImagePermissions") {
                kind = Kind::Describe;
            }
        } else if name.eq_ignore_ascii_case(b"connection") {
            close = value.eq_ignore_ascii_case(b"close");
        }
    }
    let len = pos + content_length;
    if buf.len() < len {
        return Parsed::Incomplete;
    }
    if kind == Kind::Update && !has_target && is_caller_identity(&buf[pos..len]) {
        kind = Kind::CallerIdentity;
    }
    Parsed::Request(Request { len, kind, close })
}

/// An awsQuery form body whose `Action` is `GetCallerIdentity`.
fn is_caller_identity(body: &[u8]) -> bool {
    body.split(|&b| b == b'&')
        .any(|pair| pair == b"Action=GetCallerIdentity")
}

/// Writes responses: numbers the requests and keeps the `Date` text of the current second.
#[derive(Default)]
struct Responder {
    requests: u64,
    date_secs: u64,
    date: String,
}

impl Responder {
    fn respond(&mut self, req: &Request, out: &mut Vec<u8>) {
        let n = self.requests;
        self.requests += 1;
        let secs = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        if self.date.is_empty() || secs != self.date_secs {
            self.date = http_date(secs);
            self.date_secs = secs;
        }
        let (payload, length, content_type) = req.kind.reply();
        // The same bytes as `write!` with `{n:012x}` would give, without the formatter.
        out.extend_from_slice(b"HTTP/1.1 200 OK\r\nx-amzn-RequestId: 00000000-0000-4000-8000-");
        if n >> 48 == 0 {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.extend((0..12).rev().map(|i| HEX[((n >> (4 * i)) & 0xf) as usize]));
        } else {
            let _ = write!(out, "{n:012x}");
        }
        for part in [
            "\r\nContent-Type: ",
            content_type,
            "\r\nContent-Length: ",
            length,
            "\r\nDate: ",
            &self.date,
            "\r\n",
            req.kind.extra_headers(),
            if req.close {
                "Connection: close\r\n"
            } else {
                ""
            },
            "\r\n",
            payload,
        ] {
            out.extend_from_slice(part.as_bytes());
        }
    }
}

/// `Sun, 06 Nov 1994 08:49:37 GMT` (RFC 9110 IMF-fixdate) for `secs` since the epoch.
fn http_date(secs: u64) -> String {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let days = secs / 86_400;
    let rem = secs % 86_400;
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{}, {d:02} {} {y} {:02}:{:02}:{:02} GMT",
        DAYS[(days % 7) as usize],
        MONTHS[(m - 1) as usize],
        rem / 3600,
        rem / 60 % 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn http_date_matches_known_instants() {
        assert_eq!(http_date(0), "Thu, 01 Jan 1970 00:00:00 GMT");
        assert_eq!(http_date(784_111_777), "Sun, 06 Nov 1994 08:49:37 GMT");
        assert_eq!(http_date(1_709_164_800), "Thu, 29 Feb 2024 00:00:00 GMT");
    }

    #[test]
    fn responses_are_byte_for_byte_the_formatted_ones() {
        assert_eq!(DESCRIBE_LENGTH, DESCRIBE_BODY.len().to_string());
        assert_eq!(UPDATE_LENGTH, UPDATE_BODY.len().to_string());
        assert_eq!(
            CALLER_IDENTITY_LENGTH,
            CALLER_IDENTITY_BODY.len().to_string()
        );
        assert_eq!(
            ROLE_CREDENTIALS_LENGTH,
            ROLE_CREDENTIALS_BODY.len().to_string()
        );
        let mut r = Responder::default();
        for n in [0u64, 1, 255, 0xfff_ffff_ffff, 1 << 48, (1 << 52) + 7] {
            for (kind, close) in [
                (Kind::Update, false),
                (Kind::Describe, false),
                (Kind::Update, true),
                (Kind::CallerIdentity, false),
                (Kind::RoleCredentials, true),
                (Kind::HeadObject, false),
            ] {
                r.requests = n;
                let mut out = Vec::new();
                r.respond(
                    &Request {
                        len: 0,
                        kind,
                        close,
                    },
                    &mut out,
                );
                let (payload, length, content_type, extra) = match kind {
                    Kind::Update => (UPDATE_BODY, UPDATE_BODY.len(), JSON_1_1, ""),
                    Kind::Describe => (DESCRIBE_BODY, DESCRIBE_BODY.len(), JSON_1_1, ""),
                    Kind::CallerIdentity => (
                        CALLER_IDENTITY_BODY,
                        CALLER_IDENTITY_BODY.len(),
                        "text/xml",
                        "",
                    ),
                    Kind::RoleCredentials => (
                        ROLE_CREDENTIALS_BODY,
                        ROLE_CREDENTIALS_BODY.len(),
                        "application/json",
                        "",
                    ),
                    // A HEAD answer: the object's length, no body.
                    Kind::HeadObject => (
                        "",
                        5,
                        "text/plain",
                        "ETag: \"5d41402abc4b2a76b9719d911017c592\"\r\n\
                         Last-Modified: Thu, 01 Feb 2024 00:00:00 GMT\r\n\
                         Accept-Ranges: bytes\r\nx-amz-request-id: 0123456789ABCDEF\r\n",
                    ),
                };
                let expected = format!(
                    "HTTP/1.1 200 OK\r\nx-amzn-RequestId: 00000000-0000-4000-8000-{n:012x}\r\n\
                     Content-Type: {content_type}\r\nContent-Length: {length}\r\n\
                     Date: {}\r\n{extra}{}\r\n{payload}",
                    r.date,
                    if close { "Connection: close\r\n" } else { "" },
                );
                assert_eq!(String::from_utf8_lossy(&out), expected);
            }
        }
    }

    #[test]
    fn parses_requests_and_waits_for_whole_ones() {
        let req = b"POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: WorkspacesService.DescribeWorkspaceImagePermissions\r\ncontent-length: 2\r\n\r\n{}";
        let whole = Parsed::Request(Request {
            len: req.len(),
            kind: Kind::Describe,
            close: false,
        });
        assert_eq!(parse_request(req), whole);
        for cut in [0, 10, req.len() - 4, req.len() - 1] {
            assert_eq!(parse_request(&req[..cut]), Parsed::Incomplete, "{cut}");
        }
        let mut two = b"\r\n".to_vec();
        two.extend_from_slice(req);
        two.extend_from_slice(req);
        assert_eq!(
            parse_request(&two),
            Parsed::Request(Request {
                len: req.len() + 2,
                kind: Kind::Describe,
                close: false,
            })
        );
        assert_eq!(
            parse_request(b"GET / HTTP/1.0\r\n\r\n"),
            Parsed::Request(Request {
                len: 18,
                kind: Kind::Update,
                close: true,
            })
        );
        let lf_only = b"POST / HTTP/1.1\nX-Amz-Target: S.Op\nConnection: close\n\n";
        assert_eq!(
            parse_request(lf_only),
            Parsed::Request(Request {
                len: lf_only.len(),
                kind: Kind::Update,
                close: true,
            })
        );
        let sts = b"POST / HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 43\r\n\r\nAction=GetCallerIdentity&Version=2011-06-15";
        assert_eq!(
            parse_request(sts),
            Parsed::Request(Request {
                len: sts.len(),
                kind: Kind::CallerIdentity,
                close: false,
            })
        );
        let sso = b"GET /federation/credentials?role_name=r&account_id=123456789012 HTTP/1.1\r\nx-amz-sso_bearer_token: t\r\n\r\n";
        assert_eq!(
            parse_request(sso),
            Parsed::Request(Request {
                len: sso.len(),
                kind: Kind::RoleCredentials,
                close: false,
            })
        );
        let head = b"HEAD /bench-bucket/bench/key.txt HTTP/1.1\r\nHost: 127.0.0.1\r\nx-amz-content-sha256: e3b0\r\n\r\n";
        assert_eq!(
            parse_request(head),
            Parsed::Request(Request {
                len: head.len(),
                kind: Kind::HeadObject,
                close: false,
            })
        );
        assert_eq!(
            parse_request(b"POST / HTTP/1.1\r\nbroken\r\n\r\n"),
            Parsed::Invalid
        );
        assert_eq!(
            parse_request(b"POST / HTTP/1.1\r\nContent-Length: x\r\n\r\n"),
            Parsed::Invalid
        );
    }

    #[test]
    fn answers_update_and_describe_on_one_connection() {
        let listener = TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0))).expect("bind");
        let addr = listener.local_addr().expect("addr");
        std::thread::spawn(move || run(listener));
        let mut c = std::net::TcpStream::connect(addr).expect("connect");
        let req = |target: &str, close: bool| {
            format!(
                "POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: WorkspacesService.{target}\r\n\
                 Content-Length: 2\r\n{}\r\n{{}}",
                if close { "Connection: close\r\n" } else { "" }
            )
        };
        c.write_all(req("UpdateWorkspaceImagePermission", false).as_bytes())
            .expect("w1");
        c.write_all(req("DescribeWorkspaceImagePermissions", true).as_bytes())
            .expect("w2");
        let mut all = String::new();
        c.read_to_string(&mut all).expect("read");
        let responses: Vec<&str> = all.split("HTTP/1.1 200 OK").skip(1).collect();
        assert_eq!(responses.len(), 2, "{all}");
        assert!(
            responses[0]
                .starts_with("\r\nx-amzn-RequestId: 00000000-0000-4000-8000-000000000000\r\n")
        );
        assert!(responses[0].contains("Content-Type: application/x-amz-json-1.1\r\n"));
        assert!(responses[0].contains("\r\nContent-Length: 2\r\nDate: "));
        assert!(responses[0].ends_with(" GMT\r\n\r\n{}"), "{}", responses[0]);
        assert!(responses[1].ends_with(DESCRIBE_BODY));
        assert!(responses[1].contains("Connection: close"));
    }
}
