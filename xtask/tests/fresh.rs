//! The committed generated files equal a fresh in-memory generation (the same check as
//! `cargo xtask generate --check`).

#[test]
fn generated_files_are_fresh() {
    let root = xtask::generate::workspace_root();
    let stale = xtask::generate::stale_files(&root).expect("the model generates");
    assert!(stale.is_empty(), "{}", xtask::generate::report(&stale));
}

#[test]
fn the_workspace_generates_the_expected_files() {
    let root = xtask::generate::workspace_root();
    let files = xtask::generate::expected_files(&root).expect("the model generates");
    let paths: Vec<String> = files.iter().map(|f| f.path.display().to_string()).collect();
    for p in [
        "crates/workspaces/src/types.rs",
        "crates/workspaces/src/errors.rs",
        "crates/workspaces/src/operations.rs",
        "crates/workspaces/src/client.rs",
        "crates/workspaces/src/meta.rs",
        "crates/workspaces/tests/endpoint_tests/main.rs",
        "crates/awslice/src/main.rs",
        "crates/awslice/src/tables.rs",
        "crates/awslice/Cargo.toml",
    ] {
        assert!(paths.iter().any(|x| x == p), "{p} is generated: {paths:?}");
    }
    // The awsJson helpers live in awslice_runtime::json, not in a per-crate copy.
    assert!(
        !paths
            .iter()
            .any(|x| x == "crates/workspaces/src/protocol.rs"),
        "no protocol.rs: {paths:?}"
    );
}

#[test]
fn a_stale_file_is_reported_with_a_diff_and_the_fix() {
    let stale = vec![xtask::generate::Stale {
        path: "crates/x.rs".into(),
        diff: "-old\n+new\n".into(),
    }];
    let r = xtask::generate::report(&stale);
    assert!(r.contains("stale generated file: crates/x.rs"));
    assert!(r.contains("-old\n+new"));
    assert!(r.contains("cargo xtask generate"));
}
