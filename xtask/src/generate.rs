//! `cargo xtask generate [--check] [--model PATH] [--operations A,B] [--out DIR]`.
//!
//! Without `--out`: regenerates every generated file of the workspace from
//! `models/workspaces.json` (`--check`: writes nothing, names each stale file with a unified
//! diff and the fix command, fails). With `--out DIR`: writes buildable standalone crates
//! (SDK + CLI binary + a workspace `Cargo.toml`) for the model and operations given.

use std::path::{Path, PathBuf};

use awslice_codegen::{GeneratedFile, Options, Standalone, generate};

/// The model of the workspace's own crates, relative to the workspace root.
pub const MODEL: &str = "models/workspaces.json";

/// The operations the workspace's crates are generated for.
pub const OPERATIONS: &[&str] = &[
    "UpdateWorkspaceImagePermission",
    "DescribeWorkspaceImagePermissions",
];

/// The command that fixes stale files.
pub const FIX: &str = "cargo xtask generate";

/// The workspace root (the parent of the xtask crate).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

/// The generated files of the workspace, freshly generated in memory.
///
/// # Errors
/// The model cannot be read or generated from.
pub fn expected_files(root: &Path) -> Result<Vec<GeneratedFile>, String> {
    let path = root.join(MODEL);
    let json = std::fs::read_to_string(&path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let opts = Options {
        operations: Some(OPERATIONS.iter().map(|s| (*s).to_string()).collect()),
        ..Options::default()
    };
    generate(&json, &opts).map_err(|e| format!("{}: {e}", path.display()))
}

/// A generated file whose committed copy differs from a fresh generation.
#[derive(Debug, Clone)]
pub struct Stale {
    /// Path relative to the root.
    pub path: PathBuf,
    /// Unified diff from the committed copy to the fresh one (`missing` when absent).
    pub diff: String,
}

/// THE freshness check (used by `--check` and by the freshness test): every generated file
/// compared with a fresh in-memory generation.
///
/// # Errors
/// The model cannot be read or generated from.
pub fn stale_files(root: &Path) -> Result<Vec<Stale>, String> {
    let mut stale = Vec::new();
    for f in expected_files(root)? {
        let on_disk = std::fs::read_to_string(root.join(&f.path)).ok();
        if on_disk.as_deref() == Some(f.contents.as_str()) {
            continue;
        }
        let name = f.path.display().to_string();
        let diff = match &on_disk {
            None => "(file is missing)\n".to_string(),
            Some(old) => similar::TextDiff::from_lines(old.as_str(), f.contents.as_str())
                .unified_diff()
                .context_radius(3)
                .header(
                    &format!("a/{name} (committed)"),
                    &format!("b/{name} (generated)"),
                )
                .to_string(),
        };
        stale.push(Stale { path: f.path, diff });
    }
    Ok(stale)
}

/// A report of stale files: each with its diff, then the fix command.
pub fn report(stale: &[Stale]) -> String {
    let mut s = String::new();
    for f in stale {
        s.push_str(&format!(
            "stale generated file: {}\n{}\n",
            f.path.display(),
            f.diff
        ));
    }
    s.push_str(&format!(
        "{} generated file(s) out of date; run `{FIX}` and commit the result.\n",
        stale.len()
    ));
    s
}

/// Writes `files` under `root`, leaving unchanged files untouched. Returns how many changed.
///
/// # Errors
/// A file cannot be written.
pub fn write_files(root: &Path, files: &[GeneratedFile]) -> Result<usize, String> {
    let mut changed = 0;
    for f in files {
        let path = root.join(&f.path);
        if std::fs::read_to_string(&path).ok().as_deref() == Some(f.contents.as_str()) {
            continue;
        }
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)
                .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        }
        std::fs::write(&path, &f.contents)
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        changed += 1;
    }
    Ok(changed)
}

/// Generates standalone crates for `model` (`operations`: `None` = all) into `out`.
///
/// # Errors
/// The model cannot be read or generated from, or a file cannot be written.
pub fn generate_out(
    root: &Path,
    model: &Path,
    operations: Option<Vec<String>>,
    out: &Path,
) -> Result<Vec<GeneratedFile>, String> {
    let json = std::fs::read_to_string(model)
        .map_err(|e| format!("cannot read {}: {e}", model.display()))?;
    let root = std::fs::canonicalize(root).map_err(|e| format!("{}: {e}", root.display()))?;
    let opts = Options {
        operations,
        standalone: Some(Standalone {
            runtime: root.join("crates/runtime"),
            cli: root.join("crates/cli"),
            endpoints: root.join("crates/endpoints"),
        }),
        ..Options::default()
    };
    let files = generate(&json, &opts).map_err(|e| format!("{}: {e}", model.display()))?;
    write_files(out, &files)?;
    // Start from our lock file so the new workspace builds with the versions we test with.
    let lock = out.join("Cargo.lock");
    if !lock.exists() {
        std::fs::copy(root.join("Cargo.lock"), &lock)
            .map_err(|e| format!("cannot write {}: {e}", lock.display()))?;
    }
    Ok(files)
}

/// Runs the task with its arguments; returns the process exit code.
pub fn run(args: &[String]) -> i32 {
    let mut check = false;
    let mut model: Option<PathBuf> = None;
    let mut operations: Option<Vec<String>> = None;
    let mut out: Option<PathBuf> = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--check" => check = true,
            "--model" | "--operations" | "--out" => {
                let Some(v) = it.next() else {
                    eprintln!("error: {a} needs a value");
                    return 2;
                };
                match a.as_str() {
                    "--model" => model = Some(PathBuf::from(v)),
                    "--out" => out = Some(PathBuf::from(v)),
                    _ => {
                        operations = Some(
                            v.split(',')
                                .map(str::trim)
                                .filter(|s| !s.is_empty())
                                .map(str::to_string)
                                .collect(),
                        );
                    }
                }
            }
            "-h" | "--help" => {
                println!(
                    "usage: cargo xtask generate [--check]\n       cargo xtask generate --model PATH [--operations A,B] --out DIR"
                );
                return 0;
            }
            other => {
                eprintln!("error: unknown argument `{other}` (see cargo xtask generate --help)");
                return 2;
            }
        }
    }
    let root = workspace_root();
    if let Some(out) = out {
        if check {
            eprintln!("error: --check cannot be combined with --out");
            return 2;
        }
        let model = model.unwrap_or_else(|| root.join(MODEL));
        return match generate_out(&root, &model, operations, &out) {
            Ok(files) => {
                println!("wrote {} files to {}", files.len(), out.display());
                0
            }
            Err(e) => {
                eprintln!("error: {e}");
                1
            }
        };
    }
    if model.is_some() || operations.is_some() {
        eprintln!(
            "error: --model and --operations need --out DIR (the workspace crates always use {MODEL})"
        );
        return 2;
    }
    if check {
        return match stale_files(&root) {
            Ok(stale) if stale.is_empty() => {
                println!("generated files are up to date");
                0
            }
            Ok(stale) => {
                eprint!("{}", report(&stale));
                1
            }
            Err(e) => {
                eprintln!("error: {e}");
                1
            }
        };
    }
    match expected_files(&root)
        .and_then(|files| write_files(&root, &files).map(|n| (n, files.len())))
    {
        Ok((changed, total)) => {
            println!("generated {total} files ({changed} changed)");
            0
        }
        Err(e) => {
            eprintln!("error: {e}");
            1
        }
    }
}
