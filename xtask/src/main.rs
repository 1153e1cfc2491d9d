//! `cargo xtask <task>`: project tasks. `cargo xtask` alone lists them.

use std::process::ExitCode;

/// The tasks: name and one-line description.
const TASKS: &[(&str, &str)] = &[
    (
        "demo",
        "share an image with the real awslice binary against a local moto server, read it back, unshare it",
    ),
    (
        "test",
        "every check and test (fmt, generate --check, clippy, cargo test), installing the Python test peers",
    ),
    (
        "bench",
        "benchmarks against the AWS CLI and the official Rust SDK; writes BENCHMARKS.md (--only cli|lib|protocols|cpu|build|codegen)",
    ),
    (
        "endpoint-tests",
        "run a model's smithy.rules#endpointTests through the rules engine (--model PATH; default: ours)",
    ),
    (
        "fuzz",
        "cargo-fuzz targets, 30 s each (--seconds N, TARGET…; --regressions: replay saved inputs on stable)",
    ),
    (
        "generate-all",
        "generate every model under --models DIR in memory and report the count per protocol",
    ),
    (
        "generate",
        "regenerate the SDK and CLI crates from models/workspaces.json (--check: verify only; --model/--operations/--out/--runtime: standalone crates for any service)",
    ),
];

fn usage() -> String {
    let mut s = String::from("usage: cargo xtask <task> [args]\n\ntasks:\n");
    for (name, what) in TASKS {
        s.push_str(&format!("  {name:<12} {what}\n"));
    }
    s
}

/// Prints a task's error; the exit code.
fn report(result: Result<(), String>) -> i32 {
    match result {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("error: {e}");
            1
        }
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let code = match args.first().map(String::as_str) {
        None | Some("-h" | "--help" | "help") => {
            print!("{}", usage());
            0
        }
        Some("generate") => xtask::generate::run(&args[1..]),
        Some("generate-all") => report(xtask::generate_all::main(&args[1..])),
        Some("demo") => report(xtask::demo::main(&args[1..])),
        Some("test") => report(xtask::test::main(&args[1..])),
        Some("bench") => report(xtask::bench::main(&args[1..])),
        Some("fuzz") => report(xtask::fuzz::main(&args[1..])),
        Some("endpoint-tests") => report(xtask::endpoint_tests::main(&args[1..])),
        Some(other) => {
            eprintln!("error: unknown task `{other}`\n\n{}", usage());
            2
        }
    };
    ExitCode::from(u8::try_from(code).unwrap_or(1))
}
