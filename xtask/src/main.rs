//! `cargo xtask <task>`: project tasks. `cargo xtask` alone lists them.

use std::process::ExitCode;

/// The tasks: name and one-line description.
const TASKS: &[(&str, &str)] = &[(
    "generate",
    "regenerate the SDK and CLI crates from models/workspaces.json (--check: verify only; --model/--operations/--out: standalone crates)",
)];

fn usage() -> String {
    let mut s = String::from("usage: cargo xtask <task> [args]\n\ntasks:\n");
    for (name, what) in TASKS {
        s.push_str(&format!("  {name:<12} {what}\n"));
    }
    s
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let code = match args.first().map(String::as_str) {
        None | Some("-h" | "--help" | "help") => {
            print!("{}", usage());
            0
        }
        Some("generate") => xtask::generate::run(&args[1..]),
        Some(other) => {
            eprintln!("error: unknown task `{other}`\n\n{}", usage());
            2
        }
    };
    ExitCode::from(u8::try_from(code).unwrap_or(1))
}
