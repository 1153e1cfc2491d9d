//! Helpers shared by the `config_*` and `credentials_*` tests: temporary directories,
//! environments and a scripted HTTP server on 127.0.0.1.
#![allow(dead_code)]

use std::collections::HashMap;
use std::path::Path;

use awslice_runtime::config::{ConfigLoader, Env};
pub use awslice_test_support::http::{Captured, Reply, Server};
pub use awslice_test_support::temp::TempDir;

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

/// A scripted HTTP server on 127.0.0.1 answering `(status, body)` with `Connection: close`.
pub fn fake_server(
    respond: impl Fn(&Captured, usize) -> (u16, String) + Send + Sync + 'static,
) -> Server {
    Server::respond(move |req, index| {
        let (status, body) = respond(req, index + 1);
        Reply::Partial(
            format!(
                "HTTP/1.1 {status} X\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            )
            .into_bytes(),
        )
    })
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
