//! Small helpers shared by the benchmarks: paths, running commands, statistics, a minimal
//! JSON number reader (xtask has no JSON dependency) and the machine facts.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The awslice workspace root: the parent of xtask's folder, or (when this module is built
/// elsewhere) the nearest folder above the current one that holds `crates/runtime`.
pub fn root() -> PathBuf {
    let is_root =
        |p: &Path| p.join("Cargo.toml").is_file() && p.join("crates").join("runtime").is_dir();
    if let Some(parent) = Path::new(env!("CARGO_MANIFEST_DIR")).parent()
        && is_root(parent)
    {
        return parent.to_path_buf();
    }
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    cwd.ancestors()
        .find(|p| is_root(p))
        .map(Path::to_path_buf)
        .unwrap_or(cwd)
}

/// The cargo target dir for the main workspace: `$CARGO_TARGET_DIR`, else `<root>/target`.
pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target"))
}

/// Scratch space of the benchmarks: `<root>/target/bench`.
pub fn bench_dir() -> PathBuf {
    root().join("target").join("bench")
}

/// A command line as text, for error messages and the report.
pub fn show(cmd: &Command) -> String {
    let mut s = cmd.get_program().to_string_lossy().into_owned();
    for a in cmd.get_args() {
        s.push(' ');
        s.push_str(&a.to_string_lossy());
    }
    s
}

/// Runs `cmd` with stdout/stderr captured; an error unless it exits 0.
pub fn capture(cmd: &mut Command) -> Result<Output, String> {
    let out = cmd
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run `{}`: {e}", show(cmd)))?;
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr);
        let tail: Vec<&str> = err.lines().rev().take(15).collect();
        let tail: Vec<&str> = tail.into_iter().rev().collect();
        return Err(format!(
            "`{}` failed ({}):\n{}",
            show(cmd),
            out.status,
            tail.join("\n")
        ));
    }
    Ok(out)
}

/// Runs `cmd` with inherited output (progress shows); an error unless it exits 0.
pub fn run(cmd: &mut Command) -> Result<(), String> {
    let status = cmd
        .stdin(Stdio::null())
        .status()
        .map_err(|e| format!("cannot run `{}`: {e}", show(cmd)))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{}` failed ({status})", show(cmd)))
    }
}

/// Whether `program` runs (`program --version` exits 0).
pub fn have(program: &str) -> bool {
    Command::new(program)
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// The median of `v` (mean of the two middle values for an even count); `None` if empty.
pub fn median(v: &[f64]) -> Option<f64> {
    let mut s: Vec<f64> = v.iter().copied().filter(|x| x.is_finite()).collect();
    if s.is_empty() {
        return None;
    }
    s.sort_by(f64::total_cmp);
    let n = s.len();
    Some(if n % 2 == 1 {
        s[n / 2]
    } else {
        (s[n / 2 - 1] + s[n / 2]) / 2.0
    })
}

/// The first number after `"key":` in `json`, at or after the first occurrence of each
/// key in `path` in turn (e.g. `["median", "point_estimate"]`). Enough for the flat JSON
/// written by hyperfine, criterion and our bench programs.
pub fn json_number(json: &str, path: &[&str]) -> Option<f64> {
    let mut rest = json;
    for key in path {
        let pat = format!("\"{key}\":");
        let at = rest.find(&pat)?;
        rest = rest[at + pat.len()..].trim_start();
    }
    let end = rest
        .find(|c: char| !(c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | 'e' | 'E')))
        .unwrap_or(rest.len());
    rest[..end].parse().ok()
}

/// The string after `"key":"` in `json` (no escapes inside, as in file paths).
pub fn json_string<'a>(json: &'a str, key: &str) -> Option<&'a str> {
    let pat = format!("\"{key}\":\"");
    let at = json.find(&pat)? + pat.len();
    let len = json[at..].find('"')?;
    Some(&json[at..at + len])
}

/// The machine facts for the report header, one `- ` line each.
pub fn machine_facts() -> Vec<String> {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpuinfo
        .lines()
        .find_map(|l| l.strip_prefix("model name").and_then(|r| r.split_once(':')))
        .map(|(_, m)| m.trim().to_owned())
        .unwrap_or_else(|| "unknown CPU".into());
    let cpus = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(0);
    let mem_gib = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|m| {
            m.lines()
                .find_map(|l| l.strip_prefix("MemTotal:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        })
        .map(|kb| format!("{:.1} GiB", kb / 1024.0 / 1024.0))
        .unwrap_or_else(|| "?".into());
    let os = std::fs::read_to_string("/etc/os-release")
        .ok()
        .and_then(|t| {
            t.lines().find_map(|l| {
                l.strip_prefix("PRETTY_NAME=")
                    .map(|v| v.trim_matches('"').to_owned())
            })
        })
        .unwrap_or_else(|| "unknown OS".into());
    let text = |cmd: &mut Command| {
        capture(cmd)
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
            .unwrap_or_else(|_| "?".into())
    };
    vec![
        format!(
            "- Date: {}",
            text(Command::new("date").args(["-u", "+%Y-%m-%d %H:%M UTC"]))
        ),
        format!(
            "- Machine: {os}, kernel {}, {cpus} × {model}, {mem_gib} RAM",
            text(Command::new("uname").arg("-r"))
        ),
        format!("- Toolchain: {}", text(Command::new("rustc").arg("-V"))),
        format!(
            "- Load average when the run started (1/5/15 min): {}",
            load_average()
        ),
    ]
}

/// `/proc/loadavg`'s first three fields.
pub fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "?".into())
}

/// A path for the report: relative to the root when inside it.
pub fn rel(p: &Path) -> String {
    p.strip_prefix(root()).unwrap_or(p).display().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_of_odd_even_and_empty() {
        assert_eq!(median(&[3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(&[4.0, 1.0, 3.0, 2.0]), Some(2.5));
        assert_eq!(median(&[]), None);
    }

    #[test]
    fn json_number_follows_the_path() {
        let j = r#"{"mean":{"point_estimate":9.5},"median":{"confidence_interval":{"lower_bound":1.0},"point_estimate":1234.5e0}}"#;
        assert_eq!(json_number(j, &["median", "point_estimate"]), Some(1234.5));
        assert_eq!(json_number(j, &["mean", "point_estimate"]), Some(9.5));
        assert_eq!(json_number(j, &["nope"]), None);
        assert_eq!(
            json_string(r#"{"executable":"/a/b c","x":1}"#, "executable"),
            Some("/a/b c")
        );
    }
}
