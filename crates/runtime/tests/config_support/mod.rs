//! Helpers shared by the `config_*` and `credentials_*` tests: temporary directories,
//! environments and a scripted HTTP server on 127.0.0.1.
#![allow(dead_code)]

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use awslice_runtime::config::{ConfigLoader, Env};

/// A temporary directory removed on drop.
pub struct TempDir(PathBuf);

impl TempDir {
    pub fn new(tag: &str) -> TempDir {
        static N: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "awslice-config-test-{}-{tag}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::SeqCst)
        ));
        std::fs::create_dir_all(&dir).expect("create temp dir");
        TempDir(dir)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }

    /// Writes `name` (creating parent folders) and returns its path.
    pub fn write(&self, name: &str, text: &str) -> PathBuf {
        let p = self.0.join(name);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).expect("create dir");
        }
        std::fs::write(&p, text).expect("write file");
        p
    }

    /// Writes an executable shell script.
    #[cfg(unix)]
    pub fn script(&self, name: &str, body: &str) -> PathBuf {
        use std::os::unix::fs::PermissionsExt;
        let p = self.write(name, &format!("#!/bin/sh\n{body}\n"));
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).expect("chmod");
        p
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// An environment with HOME set to `home` (so `~/.aws` is inside the temp dir), IMDS
/// disabled (tests never probe 169.254.169.254) and the given variables.
pub fn env(home: &Path, vars: &[(&str, &str)]) -> Env {
    let mut map: HashMap<String, String> = HashMap::new();
    map.insert("HOME".into(), home.display().to_string());
    map.insert("AWS_EC2_METADATA_DISABLED".into(), "true".into());
    for (k, v) in vars {
        map.insert((*k).into(), (*v).into());
    }
    Env::from_map(map)
}

/// A loader over `env(home, vars)`.
pub fn loader(home: &Path, vars: &[(&str, &str)]) -> ConfigLoader {
    ConfigLoader::new().env(env(home, vars))
}

/// One request seen by [`FakeServer`].
#[derive(Debug, Clone)]
pub struct Seen {
    pub method: String,
    pub path: String,
    /// Header names lower-cased.
    pub headers: HashMap<String, String>,
}

/// Chooses the response (status, body) for a request.
pub type Responder = dyn Fn(&Seen, usize) -> (u16, String) + Send + Sync;

/// A scripted HTTP/1.1 server on 127.0.0.1 (one thread, `Connection: close`).
pub struct FakeServer {
    pub url: String,
    pub seen: Arc<Mutex<Vec<Seen>>>,
}

impl FakeServer {
    pub fn start(respond: Box<Responder>) -> FakeServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let url = format!("http://{}", listener.local_addr().expect("addr"));
        let seen: Arc<Mutex<Vec<Seen>>> = Arc::default();
        let log = seen.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { continue };
                let mut reader = BufReader::new(stream.try_clone().expect("clone stream"));
                let mut line = String::new();
                if reader.read_line(&mut line).is_err() {
                    continue;
                }
                let mut parts = line.split_whitespace();
                let method = parts.next().unwrap_or_default().to_string();
                let path = parts.next().unwrap_or_default().to_string();
                let mut headers = HashMap::new();
                loop {
                    let mut h = String::new();
                    if reader.read_line(&mut h).unwrap_or(0) == 0 || h.trim().is_empty() {
                        break;
                    }
                    if let Some((k, v)) = h.split_once(':') {
                        headers.insert(k.trim().to_lowercase(), v.trim().to_string());
                    }
                }
                let len: usize = headers
                    .get("content-length")
                    .and_then(|l| l.parse().ok())
                    .unwrap_or(0);
                let mut body = vec![0; len];
                let _ = reader.read_exact(&mut body);
                let req = Seen {
                    method,
                    path,
                    headers,
                };
                let n = {
                    let mut l = log.lock().expect("lock");
                    l.push(req.clone());
                    l.len()
                };
                let (status, body) = respond(&req, n);
                let _ = write!(
                    stream,
                    "HTTP/1.1 {status} X\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                );
            }
        });
        FakeServer { url, seen }
    }

    pub fn requests(&self) -> Vec<Seen> {
        self.seen.lock().expect("lock").clone()
    }
}

/// An RFC 3339 UTC timestamp `secs` seconds from now (negative: in the past).
pub fn rfc3339_in(secs: i64) -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock")
        .as_secs() as i64;
    let t = now + secs;
    let (days, rem) = (t.div_euclid(86_400), t.rem_euclid(86_400));
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// Why a peer test cannot run.
pub struct Skip(pub String);

/// The Python interpreter of the test venv (`$AWSLICE_PY_VENV`, default
/// `<workspace>/target/py-venv`) if it has botocore.
pub fn venv_python() -> Result<PathBuf, Skip> {
    let venv = std::env::var_os("AWSLICE_PY_VENV")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/py-venv"));
    let python = venv.join("bin/python");
    if !python.exists() {
        return Err(Skip(format!("no Python venv at {}", venv.display())));
    }
    let ok = std::process::Command::new(&python)
        .args(["-c", "import botocore"])
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    if !ok {
        return Err(Skip(format!(
            "botocore is not installed in {}",
            venv.display()
        )));
    }
    Ok(python)
}

/// True when CI demands that peer tests run (`AWSLICE_REQUIRE_PEERS=1`).
pub fn peers_required() -> bool {
    std::env::var("AWSLICE_REQUIRE_PEERS").is_ok_and(|v| v == "1")
}
