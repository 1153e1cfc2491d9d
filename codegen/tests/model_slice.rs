//! `models/workspaces.json` agrees with the official WorkSpaces model: every shape of ours has
//! the official shape's kind, members (names, order, targets), constraint traits, error and
//! required traits, and identical member documentation.

use awslice_codegen::model::{Member, Shape, ShapeKind};

use crate::models::{official_model, ours_model};

fn kind(s: &Shape) -> String {
    let k = format!("{:?}", s.kind);
    k.split(['(', ' ', '{'])
        .next()
        .unwrap_or_default()
        .to_string()
}

fn members(s: &Shape) -> Vec<&Member> {
    match &s.kind {
        ShapeKind::Structure(m) | ShapeKind::Union(m) => m.iter().collect(),
        ShapeKind::List { member, .. } => vec![member],
        ShapeKind::Map { key, value } => vec![key, value],
        _ => Vec::new(),
    }
}

fn constraints(t: &awslice_codegen::model::Traits) -> String {
    format!(
        "pattern={:?} length={:?} range={:?} required={} error={:?} sensitive={} enum={:?}",
        t.pattern, t.length, t.range, t.required, t.error, t.sensitive, t.enum_values
    )
}

#[test]
fn every_shape_matches_the_official_model() {
    let ours = ours_model();
    let official = official_model();
    let mut compared = 0;
    for (id, s) in &ours.shapes {
        if id.namespace() == "smithy.api" {
            continue;
        }
        let o = official
            .shapes
            .get(id)
            .unwrap_or_else(|| panic!("{id}: not in the official model"));
        assert_eq!(kind(s), kind(o), "{id}: kind");
        assert_eq!(
            constraints(&s.traits),
            constraints(&o.traits),
            "{id}: traits"
        );
        let (sm, om) = (members(s), members(o));
        let names = |v: &[&Member]| {
            v.iter()
                .map(|m| (m.name.clone(), m.target.0.clone()))
                .collect::<Vec<_>>()
        };
        assert_eq!(names(&sm), names(&om), "{id}: members and targets");
        for (a, b) in sm.iter().zip(&om) {
            assert_eq!(
                constraints(&a.traits),
                constraints(&b.traits),
                "{id}${}: traits",
                a.name
            );
            assert_eq!(
                a.traits.documentation, b.traits.documentation,
                "{id}${}: documentation",
                a.name
            );
        }
        match (&s.kind, &o.kind) {
            (ShapeKind::Operation(a), ShapeKind::Operation(b)) => {
                // `help` prints the operation documentation: it must be the official text.
                assert_eq!(
                    s.traits.documentation, o.traits.documentation,
                    "{id}: documentation"
                );
                assert_eq!(a.input, b.input, "{id}: input");
                assert_eq!(a.output, b.output, "{id}: output");
                assert_eq!(a.errors, b.errors, "{id}: errors");
            }
            (ShapeKind::Service(a), ShapeKind::Service(b)) => {
                assert_eq!(a.version, b.version);
                for op in &a.operations {
                    assert!(b.operations.contains(op), "{op}: not an official operation");
                }
                for t in [
                    "aws.api#service",
                    "aws.auth#sigv4",
                    "aws.protocols#awsJson1_1",
                    "smithy.api#title",
                ] {
                    assert_eq!(s.traits.raw.get(t), o.traits.raw.get(t), "{id}: trait {t}");
                }
            }
            _ => {}
        }
        compared += 1;
    }
    // The service, 2 operations, 4 inputs/outputs, 5 errors and 10 other shapes.
    assert_eq!(compared, 22, "shapes compared");
}

#[test]
fn the_slice_has_the_expected_constraints_and_errors() {
    let ours = ours_model();
    let get = |n: &str| {
        ours.shapes
            .get(&awslice_codegen::model::ShapeId(format!(
                "com.amazonaws.workspaces#{n}"
            )))
            .unwrap_or_else(|| panic!("{n} missing"))
    };
    assert_eq!(
        get("WorkspaceImageId").traits.pattern.as_deref(),
        Some("^wsi-[0-9a-z]{9,63}$")
    );
    assert_eq!(
        get("AwsAccount").traits.pattern.as_deref(),
        Some("^\\d{12}$")
    );
    let limit = get("Limit").traits.range.expect("Limit has a range");
    assert_eq!((limit.min, limit.max), (Some(1.0), Some(25.0)));
    let token = get("PaginationToken")
        .traits
        .length
        .expect("PaginationToken has a length");
    assert_eq!((token.min, token.max), (Some(1), Some(2048)));
    for e in [
        "AccessDeniedException",
        "InvalidParameterValuesException",
        "OperationNotSupportedException",
        "ResourceNotFoundException",
        "ResourceUnavailableException",
    ] {
        assert_eq!(get(e).traits.error.as_deref(), Some("client"), "{e}");
    }
    let svc = get("WorkspacesService");
    let tests = svc.traits.raw["smithy.rules#endpointTests"]["testCases"]
        .as_array()
        .expect("endpoint tests");
    assert!(
        tests.len() >= 20,
        "endpoint tests cover regional, FIPS, dual-stack, partitions and custom endpoints"
    );
    let doc = get("UpdateWorkspaceImagePermission")
        .traits
        .documentation
        .clone()
        .unwrap_or_default();
    for needle in [
        "Ningxia",
        "GovCloud",
        "unshare the image before",
        "BYOL",
        "same Amazon Web Services Region",
    ] {
        assert!(
            doc.contains(needle),
            "operation documentation mentions {needle}"
        );
    }
}
