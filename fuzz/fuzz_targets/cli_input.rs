//! The command line's input documents.
//!
//! The first byte picks the parser of the rest (UTF-8 text):
//! - bit 0 clear: `awslice_yaml::load`; a document it accepts must survive
//!   `emit` → `load` unchanged (but see the exceptions below);
//! - bit 0 set: the `awslice` command line (`awslice_cli::run_with` with the generated
//!   WorkSpaces tables) given the text as `--cli-input-json` (bit 1 clear) or
//!   `--cli-input-yaml` (bit 1 set) for one of the two operations (bit 2), with
//!   `--generate-cli-skeleton output` so that the document is parsed and validated but
//!   nothing is sent.
#![no_main]

use std::collections::HashMap;
use std::ffi::OsString;

use awslice_cli::{Io, RC_OK, RC_PARAM};
use libfuzzer_sys::fuzz_target;

/// The generated command tables: the `awslice` binary crate's module, compiled in here as
/// is (it names only `awslice_cli` and `awslice_runtime`).
#[allow(dead_code, missing_docs)]
#[path = "../../crates/awslice/src/tables.rs"]
mod tables;

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    if mode & 1 == 0 {
        if let Ok(value) = awslice_yaml::load(text) {
            let emitted = awslice_yaml::emit(&value);
            // Not compared: an empty mapping (`emit` prints nothing for it, as the AWS CLI)
            // and text with NEL/LS/PS, which the emitter treats as line breaks (as ruamel)
            // and the loader does not (a known difference, see the fuzzing report).
            // A top-level scalar is printed as JSON (`Infinity` for an overflowing float),
            // not YAML, as the AWS CLI does: only collections are compared.
            let comparable = (value.is_array() || value.is_object())
                && !emitted.is_empty()
                && !emitted.contains(['\u{85}', '\u{2028}', '\u{2029}']);
            if comparable {
                match awslice_yaml::load(&emitted) {
                    Ok(again) => assert_eq!(again, value, "emit → load changed {emitted:?}"),
                    Err(e) => panic!(
                        "emit wrote {emitted:?}, which load rejects: {}",
                        e.message()
                    ),
                }
            }
        }
        return;
    }
    // `file://…` / `fileb://…` would read local files: not the parser under test.
    if text.trim_start().starts_with("file") {
        return;
    }
    let flag = if mode & 2 == 0 {
        "--cli-input-json"
    } else {
        "--cli-input-yaml"
    };
    let op = if mode & 4 == 0 {
        "describe-workspace-image-permissions"
    } else {
        "update-workspace-image-permission"
    };
    let args: Vec<OsString> = [
        "workspaces".to_owned(),
        op.to_owned(),
        // Two words: the AWS CLI relaxes required options only on the exact word
        // `--cli-input-json`/`--cli-input-yaml` (not the `--flag=value` form).
        flag.to_owned(),
        text.to_owned(),
        "--generate-cli-skeleton".to_owned(),
        "output".to_owned(),
    ]
    .into_iter()
    .map(OsString::from)
    .collect();
    let (mut io, stdout, stderr) = Io::captured(HashMap::new());
    let rc = awslice_cli::run_with(&[&tables::SERVICE], args, &mut io);
    assert!(
        rc == RC_OK || rc == RC_PARAM,
        "unexpected exit code {rc}; stderr: {}",
        stderr.text()
    );
    // DescribeWorkspaceImagePermissions has a non-empty output skeleton to print (the
    // other operation's output is empty, and the AWS CLI prints nothing for it).
    if rc == RC_OK && mode & 4 == 0 {
        assert!(
            !stdout.bytes().is_empty(),
            "success prints the output skeleton"
        );
    }
});
