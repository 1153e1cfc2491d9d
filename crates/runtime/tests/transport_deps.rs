//! Guard: the TLS stack stays on ring. If any crate turns on rustls's default features,
//! aws-lc-rs (a 35 s C build and 1.3 MiB of code) comes back into the tree.

use std::process::Command;

#[test]
fn aws_lc_is_not_in_the_dependency_tree() {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let out = Command::new(cargo)
        .args([
            "tree",
            "--offline",
            "-e",
            "normal",
            "-p",
            "awslice-runtime",
            "-i",
            "aws-lc-rs",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run cargo tree");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        !out.status.success() && stderr.contains("did not match any packages"),
        "aws-lc-rs is in the tree of awslice-runtime:\n{stdout}{stderr}"
    );
    // The probe itself works: ring is found.
    let ring = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()))
        .args([
            "tree",
            "--offline",
            "-e",
            "normal",
            "-p",
            "awslice-runtime",
            "-i",
            "ring",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run cargo tree");
    assert!(
        ring.status.success(),
        "{}",
        String::from_utf8_lossy(&ring.stderr)
    );
}
