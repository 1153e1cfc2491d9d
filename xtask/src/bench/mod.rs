//! `cargo xtask bench [--only cli|lib|protocols|cpu|build|codegen]... [--no-write]`: the
//! performance benchmarks of issue "Performance" (and of issue 13's per-protocol rows), written
//! as tables into `BENCHMARKS.md`.
//!
//! - `cli`: whole-process wall time and peak RSS of `--generate-cli-skeleton` and of one
//!   signed call to a fast loopback server: awslice vs the AWS CLI (and the official SDK's
//!   peer program for the call).
//! - `lib`: in-process latency, throughput and client CPU per call, 1 and 16 tasks: awslice's
//!   runtime vs `aws-sdk-workspaces`.
//! - `protocols`: client CPU per call of one awsQuery call (STS `GetCallerIdentity`), one
//!   restJson1 call (SSO `GetRoleCredentials`) and one restXml call (S3 `HeadObject`), 1 and
//!   16 tasks: the generated `awslice-sts` / `awslice-sso` clients and an S3 client generated
//!   at bench time vs `aws-sdk-sts` / `aws-sdk-sso` / `aws-sdk-s3`, measured like `lib`.
//! - `cpu`: criterion cost of building, serialising and signing one request, and its
//!   allocations.
//! - `build`: cold release build time and stripped size, awslice vs the SDK peer (minutes).
//! - `codegen`: generating the full official WorkSpaces model in a release build.
//!
//! Peers: the AWS CLI from the Python venv (`crate::pyenv::ensure`), and `benches/peer` (its
//! own cargo workspace using `aws-config` + `aws-sdk-workspaces`, built here). Everything
//! contacts only 127.0.0.1. `--codegen-probe MODEL` is internal (run by `codegen` inside a
//! release build of xtask).

mod build;
mod cli;
mod codegen;
mod cpu;
mod library;
mod server;
mod util;

use std::path::PathBuf;
use std::process::Command;

use util::{bench_dir, capture, load_average, root};

/// The benchmark sections, in the order they run (the slow build comes last).
const SECTIONS: &[(&str, &str)] = &[
    ("cpu", "Per-request CPU cost (criterion) and allocations"),
    ("codegen", "Code generation of the full official model"),
    (
        "lib",
        "Library: latency, throughput and CPU per call (in-process, loopback server)",
    ),
    (
        "protocols",
        "Library per protocol: client CPU per call, awsQuery, restJson1 and restXml (in-process, loopback server)",
    ),
    ("cli", "CLI: whole process (wall time, peak memory)"),
    ("build", "Cold release build and binary size"),
];

/// One table row.
pub struct Row {
    name: String,
    ours: String,
    peer: String,
    ratio: String,
    target: String,
    met: String,
    command: String,
}

fn met_mark(met: Option<bool>) -> String {
    match met {
        Some(true) => "✓".into(),
        Some(false) => "✗".into(),
        None => "–".into(),
    }
}

impl Row {
    /// A row comparing awslice's number with the peer's (`peer_value` gives the ratio,
    /// `peer_text` is shown). `failures`, when not empty, replace the numbers.
    #[allow(clippy::too_many_arguments)]
    pub fn compare(
        name: &str,
        ours: Option<f64>,
        peer_value: Option<f64>,
        peer_text: String,
        target: String,
        met: Option<bool>,
        command: &str,
        failures: &[String],
    ) -> Row {
        let fmt = |v: Option<f64>| match v {
            Some(x) if x >= 100.0 => format!("{x:.0}"),
            Some(x) => format!("{x:.2}"),
            None => "failed".into(),
        };
        let ratio = match (ours, peer_value) {
            (Some(a), Some(b)) if b > 0.0 => format!("{:.3}", a / b),
            _ => "–".into(),
        };
        let mut command = command.to_owned();
        for f in failures {
            command.push_str(&format!(" — **failed:** {}", one_line(f)));
        }
        Row {
            name: name.into(),
            ours: fmt(ours),
            peer: if peer_text.is_empty() {
                "failed".into()
            } else {
                peer_text
            },
            ratio,
            target,
            met: met_mark(met),
            command,
        }
    }

    /// A row with awslice's number only.
    pub fn single(name: &str, ours: String, target: &str, met: Option<bool>, command: &str) -> Row {
        Row {
            name: name.into(),
            ours,
            peer: "–".into(),
            ratio: "–".into(),
            target: target.into(),
            met: met_mark(met),
            command: command.into(),
        }
    }

    /// A row saying a whole section failed.
    fn failed(error: &str) -> Row {
        Row::single("**failed**", "–".into(), "–", None, &one_line(error))
    }
}

/// Markdown-safe single line.
fn one_line(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace('|', "\\|")
}

/// The peer program (official SDK), built.
pub struct Peer {
    /// `benches/peer/target/release/awslice-bench-peer`.
    pub exe: PathBuf,
}

impl Peer {
    fn build() -> Result<Peer, String> {
        let dir = root().join("benches").join("peer");
        eprintln!("bench: building the SDK peer (the first build takes minutes)");
        capture(
            Command::new("cargo")
                .args(["build", "--release", "--manifest-path"])
                .arg(dir.join("Cargo.toml"))
                .env("CARGO_TARGET_DIR", dir.join("target")),
        )?;
        Ok(Peer {
            exe: dir
                .join("target")
                .join("release")
                .join("awslice-bench-peer"),
        })
    }
}

fn usage() -> String {
    let names: Vec<&str> = SECTIONS.iter().map(|s| s.0).collect();
    format!(
        "usage: cargo xtask bench [--only {}]... [--no-write]\n  --only: run a subset (repeatable or comma-separated); default: all\n  --no-write: print the tables without updating BENCHMARKS.md",
        names.join("|")
    )
}

/// Entry point: `args` are the arguments after `bench`.
pub fn main(args: &[String]) -> Result<(), String> {
    let mut only: Vec<String> = Vec::new();
    let mut write = true;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--only" => {
                let v = it
                    .next()
                    .ok_or_else(|| format!("--only needs a value\n{}", usage()))?;
                for s in v.split(',').filter(|s| !s.is_empty()) {
                    if !SECTIONS.iter().any(|(n, _)| *n == s) {
                        return Err(format!("unknown benchmark `{s}`\n{}", usage()));
                    }
                    only.push(s.to_owned());
                }
            }
            "--no-write" => write = false,
            "--codegen-probe" => {
                let model = it.next().ok_or("--codegen-probe needs a model path")?;
                return codegen::probe(model);
            }
            "-h" | "--help" => {
                println!("{}", usage());
                return Ok(());
            }
            other => return Err(format!("unknown argument `{other}`\n{}", usage())),
        }
    }
    let wanted = |s: &str| only.is_empty() || only.iter().any(|o| o == s);
    std::fs::create_dir_all(bench_dir())
        .map_err(|e| format!("cannot create {}: {e}", bench_dir().display()))?;
    let load = load_average();
    let facts = util::machine_facts();

    // The loopback server and the peer, only when a section needs them.
    let needs_peers = wanted("cli") || wanted("lib") || wanted("protocols");
    let server = if needs_peers {
        Some(server::Server::start())
    } else {
        None
    };
    let peer = if needs_peers {
        Some(Peer::build())
    } else {
        None
    };

    let mut results: Vec<(&str, &str, Vec<Row>)> = Vec::new();
    let mut failed = Vec::new();
    for (name, title) in SECTIONS {
        if !wanted(name) {
            continue;
        }
        let rows = match *name {
            "cpu" => cpu::bench(),
            "codegen" => codegen::bench(),
            "build" => build::bench(),
            "lib" | "protocols" | "cli" => match (&server, &peer) {
                (Some(Ok(s)), Some(Ok(p))) if *name == "lib" => library::bench(s, p),
                (Some(Ok(s)), Some(Ok(p))) if *name == "protocols" => {
                    library::bench_protocols(s, p)
                }
                (Some(Ok(s)), Some(Ok(p))) => cli::bench(s, p),
                (Some(Err(e)), _) | (_, Some(Err(e))) => Err(e.clone()),
                _ => Err("internal: peers not prepared".into()),
            },
            _ => Err(format!("internal: unknown section {name}")),
        };
        let rows = rows.unwrap_or_else(|e| {
            eprintln!("bench: {name} failed: {e}");
            failed.push(*name);
            vec![Row::failed(&e)]
        });
        let table = render_section(&rows, &load);
        println!("## {title}\n\n{table}");
        results.push((name, title, rows));
    }
    drop(server);

    if write {
        let path = root().join("BENCHMARKS.md");
        let mut doc = std::fs::read_to_string(&path).unwrap_or_else(|_| template());
        doc = replace_block(&doc, "machine", &facts.join("\n"));
        for (name, _, rows) in &results {
            doc = replace_block(&doc, name, &render_section(rows, &load));
        }
        std::fs::write(&path, doc).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        eprintln!("bench: wrote {}", path.display());
    }
    if failed.is_empty() {
        Ok(())
    } else {
        Err(format!("benchmarks failed: {}", failed.join(", ")))
    }
}

/// One section's block: when and under what load it was measured, then the table.
fn render_section(rows: &[Row], load: &str) -> String {
    let when = capture(Command::new("date").args(["-u", "+%Y-%m-%d %H:%M UTC"]))
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_else(|_| "?".into());
    let mut s = format!(
        "Measured {when}; load average at the start of the run: {load}.\n\n\
         | benchmark | awslice | peer | awslice ÷ peer | target | met | command |\n\
         |---|---|---|---|---|---|---|\n"
    );
    for r in rows {
        s.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} | {} |\n",
            r.name, r.ours, r.peer, r.ratio, r.target, r.met, r.command
        ));
    }
    s
}

/// Replaces the text between `<!-- bench:NAME -->` and `<!-- /bench:NAME -->`; appends a
/// new block at the end when the markers are missing.
fn replace_block(doc: &str, name: &str, body: &str) -> String {
    let (open, close) = (
        format!("<!-- bench:{name} -->"),
        format!("<!-- /bench:{name} -->"),
    );
    match (doc.find(&open), doc.find(&close)) {
        (Some(a), Some(b)) if a < b => {
            format!("{}{open}\n{body}\n{}", &doc[..a], &doc[b..])
        }
        _ => format!("{}\n{open}\n{body}\n{close}\n", doc.trim_end()),
    }
}

/// `BENCHMARKS.md` when it does not exist yet.
fn template() -> String {
    let mut s = String::from(
        "# Benchmarks\n\nWritten by `cargo xtask bench`; the blocks between `<!-- bench:… -->` markers are replaced on every run.\n\n## Machine\n\n<!-- bench:machine -->\n<!-- /bench:machine -->\n",
    );
    for (name, title) in SECTIONS {
        s.push_str(&format!(
            "\n## {title}\n\n<!-- bench:{name} -->\n<!-- /bench:{name} -->\n"
        ));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_are_replaced_in_place_or_appended() {
        let doc = "a\n<!-- bench:cpu -->\nold\n<!-- /bench:cpu -->\nz\n";
        assert_eq!(
            replace_block(doc, "cpu", "new"),
            "a\n<!-- bench:cpu -->\nnew\n<!-- /bench:cpu -->\nz\n"
        );
        let appended = replace_block("a\n", "lib", "x");
        assert_eq!(appended, "a\n<!-- bench:lib -->\nx\n<!-- /bench:lib -->\n");
        let t = template();
        for (name, _) in SECTIONS {
            assert!(t.contains(&format!("<!-- /bench:{name} -->")));
        }
    }

    #[test]
    fn rows_show_ratio_and_failures() {
        let r = Row::compare(
            "x",
            Some(1.0),
            Some(4.0),
            "4.0".into(),
            "t".into(),
            Some(true),
            "cmd",
            &[],
        );
        assert_eq!(
            (r.ratio.as_str(), r.met.as_str(), r.ours.as_str()),
            ("0.250", "✓", "1.00")
        );
        let r = Row::compare(
            "x",
            None,
            Some(4.0),
            String::new(),
            "t".into(),
            None,
            "cmd",
            &["a|b\nc".into()],
        );
        assert_eq!(r.ours, "failed");
        assert_eq!(r.ratio, "–");
        assert!(r.command.ends_with("**failed:** a\\|b c"), "{}", r.command);
    }

    #[test]
    fn bad_arguments_are_errors() {
        assert!(main(&["--only".into(), "nope".into()]).is_err());
        assert!(main(&["--frobnicate".into()]).is_err());
        assert!(main(&["--only".into()]).is_err());
    }
}
