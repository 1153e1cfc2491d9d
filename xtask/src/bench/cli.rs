//! Whole-process CLI benchmarks: wall time (hyperfine, or our own loop when it is missing)
//! and peak RSS (`/usr/bin/time -f %M`) of `--generate-cli-skeleton` and of one signed call
//! to the loopback server, awslice against the AWS CLI (and the official SDK's peer program
//! for the call).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use super::util::{bench_dir, capture, have, json_number, median, rel, root, run, target_dir};
use super::{Peer, Row, server::Server};

/// Runs per command for the fast programs and for the Python CLI.
const RUNS_FAST: u32 = 50;
const RUNS_SLOW: u32 = 15;
const RSS_RUNS: usize = 9;

/// One program under test.
struct Program {
    name: &'static str,
    argv: Vec<String>,
    slow: bool,
}

/// The measured numbers of one command.
struct Measured {
    wall_ms: f64,
    rss_mib: Option<f64>,
}

/// The environment every measured process gets: nothing from the caller except `PATH`,
/// static credentials, a region, an empty home (no shared config files) and no metadata
/// service lookups, so only 127.0.0.1 is contacted.
pub fn clean_env(cmd: &mut Command, home: &Path) {
    cmd.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", home)
        .env("LANG", "C.UTF-8")
        .env("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE")
        .env(
            "AWS_SECRET_ACCESS_KEY",
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        )
        .env("AWS_DEFAULT_REGION", "us-east-1")
        .env("AWS_REGION", "us-east-1")
        .env("AWS_CONFIG_FILE", home.join("config"))
        .env("AWS_SHARED_CREDENTIALS_FILE", home.join("credentials"))
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("AWS_PAGER", "");
}

/// An empty home folder for the measured processes.
pub fn empty_home() -> Result<PathBuf, String> {
    let home = bench_dir().join("home");
    std::fs::create_dir_all(&home).map_err(|e| format!("cannot create {}: {e}", home.display()))?;
    Ok(home)
}

/// Builds the awslice release binary; returns its path.
pub fn build_awslice() -> Result<PathBuf, String> {
    run(Command::new("cargo")
        .args(["build", "--release", "-p", "awslice", "--manifest-path"])
        .arg(root().join("Cargo.toml")))?;
    Ok(target_dir().join("release").join("awslice"))
}

/// Installs hyperfine with apt-get when it is missing and we may; false if unavailable.
fn ensure_hyperfine() -> bool {
    if have("hyperfine") {
        return true;
    }
    eprintln!("bench: hyperfine is missing; trying `apt-get install -y hyperfine`");
    let _ = Command::new("apt-get")
        .args(["install", "-y", "-q", "hyperfine"])
        .stdin(Stdio::null())
        .status();
    have("hyperfine")
}

fn measure(p: &Program, home: &Path, hyperfine: bool) -> Result<Measured, String> {
    let (exe, args) = p.argv.split_first().ok_or("empty command")?;
    // It must work before it is timed.
    let mut check = Command::new(exe);
    check.args(args);
    clean_env(&mut check, home);
    capture(&mut check).map_err(|e| format!("{}: {e}", p.name))?;

    let runs = if p.slow { RUNS_SLOW } else { RUNS_FAST };
    let wall_ms = if hyperfine {
        let json = bench_dir().join("hyperfine.json");
        let mut cmd = Command::new("hyperfine");
        cmd.args(["-N", "--style", "none", "--warmup", "3", "--runs"])
            .arg(runs.to_string())
            .arg("--export-json")
            .arg(&json)
            .arg(p.argv.join(" "));
        clean_env(&mut cmd, home);
        capture(&mut cmd)?;
        let text = std::fs::read_to_string(&json)
            .map_err(|e| format!("cannot read {}: {e}", json.display()))?;
        json_number(&text, &["median"]).ok_or("no median in hyperfine's JSON")? * 1e3
    } else {
        let mut times = Vec::new();
        for i in 0..runs + 3 {
            let mut cmd = Command::new(exe);
            cmd.args(args).stdout(Stdio::null()).stderr(Stdio::null());
            clean_env(&mut cmd, home);
            let t = Instant::now();
            let ok = cmd.status().is_ok_and(|s| s.success());
            let ms = t.elapsed().as_secs_f64() * 1e3;
            if !ok {
                return Err(format!("{} failed while timed", p.name));
            }
            if i >= 3 {
                times.push(ms);
            }
        }
        median(&times).unwrap_or(f64::NAN)
    };

    let rss_mib = if Path::new("/usr/bin/time").exists() {
        let out = bench_dir().join("time.txt");
        let mut kib = Vec::new();
        for _ in 0..RSS_RUNS {
            let mut cmd = Command::new("/usr/bin/time");
            cmd.args(["-f", "%M", "-o"]).arg(&out).args(&p.argv);
            clean_env(&mut cmd, home);
            capture(&mut cmd)?;
            if let Some(v) = std::fs::read_to_string(&out)
                .ok()
                .and_then(|t| t.lines().last().and_then(|l| l.trim().parse::<f64>().ok()))
            {
                kib.push(v);
            }
        }
        median(&kib).map(|k| k / 1024.0)
    } else {
        None
    };
    Ok(Measured { wall_ms, rss_mib })
}

/// Runs the CLI benchmarks.
pub fn bench(server: &Server, peer: &Peer) -> Result<Vec<Row>, String> {
    let awslice = build_awslice()?;
    let venv = crate::pyenv::ensure()?;
    let aws = venv.join("bin").join("aws");
    let home = empty_home()?;
    let hyperfine = ensure_hyperfine();
    let s = |p: &Path| p.display().to_string();
    let op = ["workspaces", "update-workspace-image-permission"].map(String::from);
    let call_args = [
        "--image-id",
        "wsi-123456789",
        "--allow-copy-image",
        "--shared-account-id",
        "123456789012",
        "--endpoint-url",
        &server.url,
    ]
    .map(String::from);
    let skeleton = |exe: &Path| {
        let mut v = vec![s(exe)];
        v.extend(op.iter().cloned());
        v.push("--generate-cli-skeleton".into());
        v
    };
    let call = |exe: &Path| {
        let mut v = vec![s(exe)];
        v.extend(op.iter().cloned());
        v.extend(call_args.iter().cloned());
        v
    };
    let cases: Vec<(&str, Program, Program, Option<Program>)> = vec![
        (
            "`--generate-cli-skeleton`",
            Program {
                name: "awslice",
                argv: skeleton(&awslice),
                slow: false,
            },
            Program {
                name: "aws",
                argv: skeleton(&aws),
                slow: true,
            },
            None,
        ),
        (
            "one signed call",
            Program {
                name: "awslice",
                argv: call(&awslice),
                slow: false,
            },
            Program {
                name: "aws",
                argv: call(&aws),
                slow: true,
            },
            Some(Program {
                name: "SDK peer",
                argv: vec![
                    s(&peer.exe),
                    "call".into(),
                    "--endpoint-url".into(),
                    server.url.clone(),
                ],
                slow: false,
            }),
        ),
    ];
    let baseline = Program {
        name: "/bin/true",
        argv: vec!["/bin/true".into()],
        slow: false,
    };
    let timer = if hyperfine {
        "hyperfine -N"
    } else {
        "own spawn loop"
    };
    let mut rows = Vec::new();
    for (what, ours, theirs, sdk) in cases {
        let shown = |p: &Program| {
            let mut v = p.argv.clone();
            if let Some(first) = v.first_mut() {
                *first = match p.name {
                    "awslice" => "awslice".into(),
                    "aws" => rel(Path::new(first)),
                    _ => rel(Path::new(first)),
                };
            }
            v.join(" ")
        };
        eprintln!("bench: cli: {what}");
        let a = measure(&ours, &home, hyperfine);
        let b = measure(&theirs, &home, hyperfine);
        let c = sdk.as_ref().map(|p| measure(p, &home, hyperfine));
        let peer_col = |f: &dyn Fn(&Measured) -> Option<f64>| -> String {
            let aws = b.as_ref().ok().and_then(f);
            let sdk = c.as_ref().and_then(|r| r.as_ref().ok()).and_then(f);
            match (aws, sdk) {
                (Some(x), Some(y)) => format!("aws {x:.1} / SDK peer {y:.1}"),
                (Some(x), None) => format!("aws {x:.1}"),
                _ => "failed".into(),
            }
        };
        let (target_ms, target_mib) = if what.contains("skeleton") {
            (1.5, 6.0)
        } else {
            (2.0, 6.0)
        };
        let err = |r: &Result<Measured, String>| r.as_ref().err().cloned();
        let failures: Vec<String> = [err(&a), err(&b), c.as_ref().and_then(err)]
            .into_iter()
            .flatten()
            .collect();
        let command = format!("{timer}: `{}`; `{}`", shown(&ours), shown(&theirs))
            + &sdk
                .as_ref()
                .map(|p| format!("; `{}`", shown(p)))
                .unwrap_or_default();
        rows.push(Row::compare(
            &format!("{what}: wall time median (ms)"),
            a.as_ref().ok().map(|m| m.wall_ms),
            b.as_ref().ok().map(|m| m.wall_ms),
            peer_col(&|m| Some(m.wall_ms)),
            format!("≤ {target_ms} ms"),
            a.as_ref().ok().map(|m| m.wall_ms <= target_ms),
            &command,
            &failures,
        ));
        rows.push(Row::compare(
            &format!("{what}: peak RSS median (MiB)"),
            a.as_ref().ok().and_then(|m| m.rss_mib),
            b.as_ref().ok().and_then(|m| m.rss_mib),
            peer_col(&|m| m.rss_mib),
            format!("≤ {target_mib} MiB"),
            a.as_ref()
                .ok()
                .and_then(|m| m.rss_mib)
                .map(|v| v <= target_mib),
            &format!("`/usr/bin/time -f %M` × {RSS_RUNS}, same commands"),
            &failures,
        ));
    }
    // The cost of starting any process on this machine, for scale.
    if let Ok(m) = measure(&baseline, &home, hyperfine) {
        rows.push(Row::single(
            "baseline: `/bin/true` wall time median (ms)",
            format!("{:.2}", m.wall_ms),
            "–",
            None,
            &format!("{timer}: `/bin/true`"),
        ));
    }
    Ok(rows)
}
