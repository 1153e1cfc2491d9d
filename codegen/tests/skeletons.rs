//! `--generate-cli-skeleton` documents generated from the official WorkSpaces model,
//! compared byte for byte with the AWS CLI's.
//!
//! - `testdata/awscli-v2-skeletons/*`: recorded from the AWS CLI v2 (the spec).
//! - `tests/golden/skeletons/<op>.input.json`: recorded from the installed AWS CLI v1 (same
//!   JSON as v2, docs/compat.md#skeletons) for all 91 operations, with botocore's
//!   `random.choice` for enum values pinned to the first value (see `golden/README.md`).
//! - `<op>.yaml-input.yaml`: the v2 yaml-input rules re-run through ruamel.yaml 0.19.1
//!   (cross-checked against the real AWS CLI v2.36.7, see `golden/README.md`).
//! - `<op>.output.json`: botocore's output skeleton (`ArgumentGenerator(use_member_names=True)`),
//!   compared as JSON values (the CLI's `--output` formatter prints ours).

use std::path::Path;

use awslice_codegen::closure::{find_operation, service_operations, the_service};
use awslice_codegen::model::Model;
use awslice_codegen::skeleton::{Skeletons, skeletons};

use crate::models::{official_model, ours_model};

fn skeletons_of(model: &Model, op: &str) -> Skeletons {
    let id = find_operation(model, op).unwrap_or_else(|e| panic!("{e}"));
    skeletons(model, &id).unwrap_or_else(|e| panic!("skeletons of {op}: {e}"))
}

fn reference(name: &str) -> String {
    awslice_test_support::paths::awscli_v2_skeleton(name)
}

fn pretty_output(compact: &str) -> String {
    let value: serde_json::Value = serde_json::from_str(compact)
        .unwrap_or_else(|e| panic!("output skeleton is not JSON ({e}): {compact}"));
    value.to_string()
}

#[test]
fn update_workspace_image_permission_input() {
    let sk = skeletons_of(&official_model(), "UpdateWorkspaceImagePermission");
    assert_eq!(
        sk.input,
        reference("update-workspace-image-permission.input.json")
    );
}

#[test]
fn update_workspace_image_permission_yaml_input() {
    let sk = skeletons_of(&official_model(), "UpdateWorkspaceImagePermission");
    assert_eq!(
        sk.yaml_input,
        reference("update-workspace-image-permission.yaml-input.yaml")
    );
}

/// The reference file is empty: the output structure has no members, the skeleton is `{}`,
/// and the CLI's formatters print nothing at all for `{}` (any `--output`).
#[test]
fn update_workspace_image_permission_output() {
    assert_eq!(
        reference("update-workspace-image-permission.output.json"),
        ""
    );
    let sk = skeletons_of(&official_model(), "UpdateWorkspaceImagePermission");
    assert_eq!(sk.output, "{}");
}

#[test]
fn describe_workspace_image_permissions_input() {
    let sk = skeletons_of(&official_model(), "DescribeWorkspaceImagePermissions");
    assert_eq!(
        sk.input,
        reference("describe-workspace-image-permissions.input.json")
    );
}

#[test]
fn describe_workspace_image_permissions_yaml_input() {
    let sk = skeletons_of(&official_model(), "DescribeWorkspaceImagePermissions");
    assert_eq!(
        sk.yaml_input,
        reference("describe-workspace-image-permissions.yaml-input.yaml")
    );
}

/// The reference is the CLI's JSON rendering (4-space indent) of the compact skeleton.
#[test]
fn describe_workspace_image_permissions_output() {
    let sk = skeletons_of(&official_model(), "DescribeWorkspaceImagePermissions");
    assert_eq!(
        sk.output,
        r#"{"ImageId":"ImageId","ImagePermissions":[{"SharedAccountId":"SharedAccountId"}],"NextToken":"NextToken"}"#
    );
    assert_eq!(
        pretty_output(&sk.output),
        pretty_output(&reference(
            "describe-workspace-image-permissions.output.json"
        ))
    );
}

/// Every operation of the official model against the recorded goldens.
#[test]
fn all_operations_match_goldens() {
    let model = official_model();
    let service = the_service(&model).expect("one service");
    let ops = service_operations(&model, &service).expect("operations");
    assert_eq!(ops.len(), 91, "the official model has 91 operations");
    let golden = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/golden/skeletons"
    ));
    let mut failures = Vec::new();
    for op in &ops {
        let cli = awslice_codegen::botocore_names::cli_operation_name(op.name());
        let sk = skeletons(&model, op).unwrap_or_else(|e| panic!("skeletons of {op}: {e}"));
        let read = |ext: &str| {
            let path = golden.join(format!("{cli}.{ext}"));
            std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("cannot read golden {}: {e}", path.display()))
        };
        if sk.input != read("input.json") {
            failures.push(format!(
                "{cli}: input differs\n--- want\n{}--- got\n{}",
                read("input.json"),
                sk.input
            ));
        }
        if sk.yaml_input != read("yaml-input.yaml") {
            failures.push(format!(
                "{cli}: yaml-input differs\n--- want\n{}--- got\n{}",
                read("yaml-input.yaml"),
                sk.yaml_input
            ));
        }
        if pretty_output(&sk.output) != pretty_output(&read("output.json")) {
            failures.push(format!(
                "{cli}: output differs\n--- want\n{}--- got\n{}",
                read("output.json"),
                sk.output
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Same model, same bytes.
#[test]
fn generation_is_deterministic() {
    let model = official_model();
    let a = skeletons_of(&model, "CreateWorkspaces");
    let b = skeletons_of(&model, "CreateWorkspaces");
    assert_eq!(a, b);
}

/// Our own slice model (`models/workspaces.json`, what ships) gives the same bytes as the
/// AWS CLI v2 for every reference skeleton.
#[test]
fn slice_model_matches_every_reference_skeleton() {
    let model = ours_model();
    let dir = awslice_test_support::paths::in_repo("testdata/awscli-v2-skeletons");
    let mut checked = 0;
    for entry in
        std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
    {
        let file = entry
            .expect("directory entry")
            .file_name()
            .to_string_lossy()
            .into_owned();
        let (cli, kind) = file
            .split_once('.')
            .unwrap_or_else(|| panic!("unexpected file {file}"));
        let op = service_operations(&model, &the_service(&model).expect("service"))
            .expect("operations")
            .into_iter()
            .find(|op| awslice_codegen::botocore_names::cli_operation_name(op.name()) == cli)
            .unwrap_or_else(|| panic!("{cli} is not in the slice model"));
        let sk = skeletons(&model, &op).unwrap_or_else(|e| panic!("skeletons of {cli}: {e}"));
        let want = reference(&file);
        match kind {
            "input.json" => assert_eq!(sk.input, want, "{file}"),
            "yaml-input.yaml" => assert_eq!(sk.yaml_input, want, "{file}"),
            "output.json" if want.is_empty() => assert_eq!(sk.output, "{}", "{file}"),
            "output.json" => assert_eq!(pretty_output(&sk.output), pretty_output(&want), "{file}"),
            other => panic!("unexpected skeleton kind {other}"),
        }
        checked += 1;
    }
    assert_eq!(
        checked,
        6,
        "expected the six reference skeletons in {}",
        dir.display()
    );
}
