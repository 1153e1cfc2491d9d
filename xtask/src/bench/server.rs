//! The fast loopback server (`benches/server`), built in release mode and run as a child.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use super::util::{bench_dir, capture, root};

/// A running server; killed (by its own process id) when dropped.
pub struct Server {
    child: Child,
    /// `http://127.0.0.1:PORT`.
    pub url: String,
}

impl Server {
    /// Builds and starts the server on a free port.
    pub fn start() -> Result<Server, String> {
        let dir = root().join("benches").join("server");
        let target = bench_dir().join("server");
        capture(
            Command::new("cargo")
                .args(["build", "--release", "--quiet", "--manifest-path"])
                .arg(dir.join("Cargo.toml"))
                .env("CARGO_TARGET_DIR", &target),
        )?;
        let exe = target.join("release").join("awslice-bench-server");
        let mut child = Command::new(&exe)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", exe.display()))?;
        let mut line = String::new();
        let read = child
            .stdout
            .take()
            .map(|out| BufReader::new(out).read_line(&mut line));
        let addr = line.trim().strip_prefix("listening on ").map(str::to_owned);
        match (read, addr) {
            (Some(Ok(_)), Some(addr)) if addr.starts_with("127.0.0.1:") => Ok(Server {
                child,
                url: format!("http://{addr}"),
            }),
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                Err(format!("the loopback server did not start (said {line:?})"))
            }
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
