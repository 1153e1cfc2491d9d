//! The CLI command tables: names as the AWS CLI gives them, and `emit_cli_tables` over the
//! whole official WorkSpaces model producing valid Rust.

use std::path::Path;

use awslice_codegen::botocore_names::xform_name;
use awslice_codegen::cli_tables::emit_cli_tables;
use awslice_codegen::closure::{find_operation, service_operations, the_service};
use awslice_codegen::service_meta::emit_service_meta;

use awslice_codegen::model::Model;

use crate::models::official_model;

/// Every operation name and input member name of the official model, with the names botocore
/// 1.43 gives them (recorded in `tests/golden/botocore-names.tsv`).
#[test]
fn names_match_botocore_for_the_whole_model() {
    let path = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/golden/botocore-names.tsv"
    ));
    let table = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let mut rows = 0;
    for line in table
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
    {
        let cols: Vec<&str> = line.split('\t').collect();
        assert_eq!(cols.len(), 3, "bad row {line:?}");
        assert_eq!(
            xform_name(cols[0], '_'),
            cols[1],
            "snake name of {}",
            cols[0]
        );
        assert_eq!(xform_name(cols[0], '-'), cols[2], "CLI name of {}", cols[0]);
        rows += 1;
    }
    assert!(rows > 200, "the table has {rows} rows");

    // And the table covers the model: every operation and input member is in it.
    let model = official_model();
    let service = the_service(&model).expect("service");
    for op in service_operations(&model, &service).expect("operations") {
        assert!(
            table.contains(&format!("\n{}\t", op.name())),
            "{} missing from the table",
            op.name()
        );
    }
}

fn emitted(model: &Model) -> String {
    let service = the_service(model).expect("service");
    let ops = service_operations(model, &service).expect("operations");
    assert_eq!(ops.len(), 91);
    let tokens =
        emit_cli_tables(model, &service, &ops).unwrap_or_else(|e| panic!("emit_cli_tables: {e}"));
    let file = syn::parse2::<syn::File>(tokens)
        .unwrap_or_else(|e| panic!("the tables are not valid Rust: {e}"));
    prettyplease::unparse(&file)
}

#[test]
fn full_model_tables_are_valid_rust() {
    let model = official_model();
    let text = emitted(&model);
    assert!(text.contains("pub static SERVICE_META: ::awslice_runtime::service::ServiceMeta"));
    assert!(text.contains("pub static SERVICE: ::awslice_cli::schema::ServiceDef"));
    assert!(text.contains("cli_name: \"workspaces\""));
    assert_eq!(
        text.matches("::awslice_cli::schema::OperationDef {")
            .count(),
        91
    );
    // Every shape once: one ShapeDef per distinct name.
    let names: Vec<&str> = text
        .split("::awslice_runtime::schema::ShapeDef {")
        .skip(1)
        .filter_map(|s| s.trim_start().strip_prefix("name: \"")?.split('"').next())
        .collect();
    let mut unique = names.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(names.len(), unique.len(), "a shape is emitted twice");
    assert!(names.contains(&"WorkspaceImageId"));
    // Same model, same bytes.
    assert_eq!(text, emitted(&model));
}

#[test]
fn update_workspace_image_permission_command() {
    let model = official_model();
    let service = the_service(&model).expect("service");
    let op = find_operation(&model, "UpdateWorkspaceImagePermission").expect("operation");
    let tokens = emit_cli_tables(&model, &service, std::slice::from_ref(&op)).expect("tables");
    let text = prettyplease::unparse(&syn::parse2::<syn::File>(tokens).expect("valid Rust"));
    assert!(text.contains("cli_name: \"update-workspace-image-permission\""));
    let squash: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        squash.contains("cli_name: \"image-id\", member: \"ImageId\", shape: 1, required: true"),
        "{squash}"
    );
    // A required boolean is not required on the command line (`--[no-]allow-copy-image`).
    assert!(squash.contains(
        "cli_name: \"allow-copy-image\", member: \"AllowCopyImage\", shape: 2, required: false"
    ));
    assert!(squash.contains(
        "cli_name: \"shared-account-id\", member: \"SharedAccountId\", shape: 3, required: true"
    ));
    assert!(squash.contains("paginator: ::std::option::Option::None"));
    assert!(squash.contains("skeleton_output: \"{}\""));
    assert!(squash.contains("input: ::std::option::Option::Some(0), output: ::std::option::Option::Some(4), errors: &[5, 7, 8, 10, 12]"));
    // The skeleton strings are embedded byte for byte.
    assert!(text.contains(r#"skeleton_input: "{\n    \"ImageId\": \"\",\n    \"AllowCopyImage\": true,\n    \"SharedAccountId\": \"\"\n}\n""#), "{text}");
    // Shapes: input first, its members' targets, then the output and the errors.
    assert!(squash.contains("shapes: &[ ::awslice_runtime::schema::ShapeDef { name: \"UpdateWorkspaceImagePermissionRequest\""));
}

#[test]
fn paginators_are_emitted() {
    let model = official_model();
    let service = the_service(&model).expect("service");
    let op = find_operation(&model, "DescribeWorkspaces").expect("operation");
    let tokens = emit_cli_tables(&model, &service, &[op]).expect("tables");
    let squash: String = tokens
        .to_string()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(squash.contains(
        "input_tokens : & [\"NextToken\"] , output_tokens : & [\"NextToken\"] , limit_key : :: std :: option :: Option :: Some (\"Limit\") , result_keys : & [\"Workspaces\"] , more_results : :: std :: option :: Option :: None , non_aggregate_keys : & [] ,"
    ), "{squash}");
}

#[test]
fn service_meta_of_workspaces() {
    let model = official_model();
    let service = the_service(&model).expect("service");
    let tokens = emit_service_meta(&model, &service).expect("meta");
    let text = prettyplease::unparse(&syn::parse2::<syn::File>(tokens).expect("valid Rust"));
    for want in [
        "shape_name: \"WorkspacesService\"",
        "sdk_id: \"WorkSpaces\"",
        "endpoint_prefix: \"workspaces\"",
        "signing_name: \"workspaces\"",
        "protocol: ::awslice_runtime::service::Protocol::AwsJson1_1",
        "api_version: \"2015-04-08\"",
        "query_compatible: false",
    ] {
        assert!(text.contains(want), "missing {want} in\n{text}");
    }
    // The rule set is embedded as compact JSON text that parses back.
    let start = text.find("endpoint_rule_set: ").expect("rule set") + "endpoint_rule_set: ".len();
    // The literal is one line (compact JSON); the next field follows on the next line.
    let line = text[start..].lines().next().unwrap_or_default();
    let lit: syn::LitStr = syn::parse_str(line.trim_end().trim_end_matches([';', '}', ',', ' ']))
        .expect("string literal");
    let rules: serde_json::Value = serde_json::from_str(&lit.value()).expect("rule set JSON");
    assert!(rules.get("rules").is_some_and(|r| r.is_array()));
}
