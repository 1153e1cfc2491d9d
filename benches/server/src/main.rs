//! A fast HTTP/1.1 keep-alive server on 127.0.0.1 that answers like the WorkSpaces service
//! for the two operations awslice covers, for benchmarks only.
//!
//! `awslice-bench-server [--port N]` (default 0 = any free port) prints
//! `listening on 127.0.0.1:PORT` on stdout, then serves until killed. One std thread per
//! connection. Every request gets `200`, `Content-Type: application/x-amz-json-1.1`, a
//! request id and a `Date`; the body is `{}` for `UpdateWorkspaceImagePermission` and a
//! permissions list for `DescribeWorkspaceImagePermissions` (chosen by `X-Amz-Target`).
//! A request it cannot parse closes the connection.
//!
//! Hand-written rather than built on an HTTP crate so the server stays tiny, builds in
//! seconds and spends as little CPU as possible on the machine it shares with the client.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

const DESCRIBE_BODY: &str =
    r#"{"ImageId":"wsi-123456789","ImagePermissions":[{"SharedAccountId":"123456789012"}]}"#;
const UPDATE_BODY: &str = "{}";

static REQUESTS: AtomicU64 = AtomicU64::new(0);

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
    let listener = match TcpListener::bind(("127.0.0.1", port)) {
        Ok(l) => l,
        Err(e) => fail(&format!("cannot listen on 127.0.0.1:{port}: {e}")),
    };
    let addr = match listener.local_addr() {
        Ok(a) => a,
        Err(e) => fail(&format!("local_addr: {e}")),
    };
    println!("listening on {addr}");
    let _ = std::io::stdout().flush();
    for stream in listener.incoming() {
        match stream {
            Ok(s) => {
                std::thread::spawn(move || serve(s));
            }
            Err(e) => eprintln!("accept: {e}"),
        }
    }
}

fn fail(msg: &str) -> ! {
    eprintln!("awslice-bench-server: {msg}");
    std::process::exit(2)
}

/// Serves one keep-alive connection until the peer closes it or sends something unparsable.
fn serve(stream: TcpStream) {
    let _ = stream.set_nodelay(true);
    let Ok(write_half) = stream.try_clone() else {
        return;
    };
    let mut out = std::io::BufWriter::with_capacity(1024, write_half);
    let mut reader = BufReader::with_capacity(16 * 1024, stream);
    let mut line = String::new();
    let mut body = Vec::new();
    loop {
        // Request line.
        line.clear();
        match reader.read_line(&mut line) {
            Ok(0) | Err(_) => return,
            Ok(_) => {}
        }
        if line.trim().is_empty() {
            continue; // tolerate stray CRLF between requests
        }
        let mut content_length = 0usize;
        let mut describe = false;
        let mut close = line.ends_with("HTTP/1.0\r\n");
        // Headers.
        loop {
            line.clear();
            match reader.read_line(&mut line) {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
            let l = line.trim_end();
            if l.is_empty() {
                break;
            }
            let Some((name, value)) = l.split_once(':') else {
                return;
            };
            let value = value.trim();
            if name.eq_ignore_ascii_case("content-length") {
                match value.parse() {
                    Ok(n) => content_length = n,
                    Err(_) => return,
                }
            } else if name.eq_ignore_ascii_case("x-amz-target") {
                describe = value.ends_with(".DescribeWorkspaceImagePermissions");
            } else if name.eq_ignore_ascii_case("connection") {
                close = value.eq_ignore_ascii_case("close");
            }
        }
        body.resize(content_length, 0);
        if reader.read_exact(&mut body).is_err() {
            return;
        }
        let n = REQUESTS.fetch_add(1, Ordering::Relaxed);
        let payload = if describe { DESCRIBE_BODY } else { UPDATE_BODY };
        let written = write!(
            out,
            "HTTP/1.1 200 OK\r\nx-amzn-RequestId: 00000000-0000-4000-8000-{n:012x}\r\n\
             Content-Type: application/x-amz-json-1.1\r\nContent-Length: {}\r\n\
             Date: {}\r\n{}\r\n{payload}",
            payload.len(),
            http_date(SystemTime::now()),
            if close { "Connection: close\r\n" } else { "" },
        )
        .and_then(|()| out.flush());
        if written.is_err() || close {
            return;
        }
    }
}

/// `Sun, 06 Nov 1994 08:49:37 GMT` (RFC 9110 IMF-fixdate).
fn http_date(t: SystemTime) -> String {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let secs = t
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
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
    use std::time::Duration;

    #[test]
    fn http_date_matches_known_instants() {
        let at = |s| UNIX_EPOCH + Duration::from_secs(s);
        assert_eq!(http_date(at(0)), "Thu, 01 Jan 1970 00:00:00 GMT");
        assert_eq!(http_date(at(784_111_777)), "Sun, 06 Nov 1994 08:49:37 GMT");
        assert_eq!(
            http_date(at(1_709_164_800)),
            "Thu, 29 Feb 2024 00:00:00 GMT"
        );
    }

    #[test]
    fn answers_update_and_describe_on_one_connection() {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let addr = listener.local_addr().expect("addr");
        std::thread::spawn(move || {
            if let Ok((s, _)) = listener.accept() {
                serve(s);
            }
        });
        let mut c = TcpStream::connect(addr).expect("connect");
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
        assert!(responses[0].contains("Content-Type: application/x-amz-json-1.1\r\n"));
        assert!(responses[0].ends_with("\r\n\r\n{}"), "{}", responses[0]);
        assert!(responses[1].ends_with(DESCRIBE_BODY));
        assert!(responses[1].contains("Connection: close"));
    }
}
