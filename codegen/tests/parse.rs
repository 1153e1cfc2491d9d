//! The Smithy JSON AST parser: shape kinds, prelude targets, mixins, `apply`, traits, errors.

use awslice_codegen::closure::closure;
use awslice_codegen::model::{ShapeId, ShapeKind, parse};

fn id(s: &str) -> ShapeId {
    ShapeId(s.to_string())
}

fn model(shapes: &str) -> String {
    format!(r#"{{"smithy": "2.0", "shapes": {{ {shapes} }} }}"#)
}

#[test]
fn dangling_target_is_an_error_naming_the_member() {
    let e = parse(&model(
        r#""a#S": {"type": "structure", "members": {"X": {"target": "a#Nope"}}}"#,
    ))
    .expect_err("dangling target");
    assert_eq!(e.shape.as_deref(), Some("a#S$X"));
    assert!(e.message.contains("a#Nope"), "{e}");
}

#[test]
fn unknown_shape_type_is_an_error_naming_the_shape() {
    let e = parse(&model(r#""a#S": {"type": "struct"}"#)).expect_err("unknown type");
    assert_eq!(e.shape.as_deref(), Some("a#S"));
    assert!(e.message.contains("struct"), "{e}");
}

#[test]
fn bad_trait_values_are_errors() {
    for (shape, what) in [
        (
            r#""a#S": {"type": "string", "traits": {"smithy.api#length": {"min": "one"}}}"#,
            "smithy.api#length",
        ),
        (
            r#""a#S": {"type": "string", "traits": {"smithy.api#pattern": 3}}"#,
            "smithy.api#pattern",
        ),
        (
            r#""a#S": {"type": "structure", "traits": {"smithy.api#error": "maybe"}}"#,
            "smithy.api#error",
        ),
        (
            r#""a#S": {"type": "integer", "traits": {"smithy.api#range": {"max": "x"}}}"#,
            "smithy.api#range",
        ),
    ] {
        let e = parse(&model(shape)).expect_err(what);
        assert_eq!(e.shape.as_deref(), Some("a#S"), "{what}");
        assert!(e.message.contains(what), "{e}");
    }
    assert!(parse("not json").is_err());
    assert!(parse(r#"{"shapes": {}}"#).is_err(), "missing version");
    assert!(
        parse(&model(r#""S": {"type": "string"}"#)).is_err(),
        "relative shape id"
    );
}

#[test]
fn all_shape_kinds_and_prelude_targets() {
    let m = parse(&model(
        r#"
        "a#Svc": {"type": "service", "version": "1", "operations": [{"target": "a#Op"}], "resources": [{"target": "a#R"}]},
        "a#R": {"type": "resource", "read": {"target": "a#Get"}},
        "a#Get": {"type": "operation"},
        "a#Op": {"type": "operation", "input": {"target": "a#In"}, "output": {"target": "smithy.api#Unit"}},
        "a#In": {"type": "structure", "members": {
            "s": {"target": "smithy.api#String", "traits": {"smithy.api#required": {}}},
            "b": {"target": "smithy.api#PrimitiveBoolean"},
            "u": {"target": "a#U"}, "l": {"target": "a#L"}, "st": {"target": "a#St"}, "m": {"target": "a#M"},
            "e": {"target": "a#E"}, "ie": {"target": "a#IE"}, "t": {"target": "smithy.api#Timestamp"},
            "bl": {"target": "smithy.api#Blob"}, "d": {"target": "smithy.api#Document"},
            "n1": {"target": "a#By"}, "n2": {"target": "a#Sh"}, "n3": {"target": "a#Lo"}, "n4": {"target": "a#Fl"},
            "n5": {"target": "a#Do"}, "n6": {"target": "a#BI"}, "n7": {"target": "a#BD"}}},
        "a#U": {"type": "union", "members": {"x": {"target": "smithy.api#Integer"}, "y": {"target": "smithy.api#Unit"}}},
        "a#L": {"type": "list", "member": {"target": "smithy.api#String"}},
        "a#St": {"type": "set", "member": {"target": "smithy.api#String"}},
        "a#M": {"type": "map", "key": {"target": "smithy.api#String"}, "value": {"target": "a#L"}},
        "a#E": {"type": "enum", "members": {"A": {"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": "a-val"}}, "B": {"target": "smithy.api#Unit"}}},
        "a#IE": {"type": "intEnum", "members": {"ONE": {"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": 1}}}},
        "a#By": {"type": "byte"}, "a#Sh": {"type": "short"}, "a#Lo": {"type": "long"}, "a#Fl": {"type": "float"},
        "a#Do": {"type": "double"}, "a#BI": {"type": "bigInteger"}, "a#BD": {"type": "bigDecimal"}
        "#,
    ))
    .expect("parses");
    let kind = |s: &str| &m.shapes[&id(s)].kind;
    assert!(matches!(kind("a#St"), ShapeKind::List { unique: true, .. }));
    assert!(matches!(kind("a#L"), ShapeKind::List { unique: false, .. }));
    match kind("a#E") {
        ShapeKind::Enum(v) => {
            assert_eq!(v[0].value, "a-val");
            assert_eq!(v[1].value, "B");
        }
        k => panic!("{k:?}"),
    }
    assert!(matches!(kind("a#IE"), ShapeKind::IntEnum(v) if v[0].value == 1));
    match kind("a#Op") {
        ShapeKind::Operation(o) => {
            assert_eq!(o.input, Some(id("a#In")));
            assert_eq!(o.output, None, "Unit output is None");
        }
        k => panic!("{k:?}"),
    }
    // Prelude shapes are synthesised when targeted.
    assert!(matches!(kind("smithy.api#String"), ShapeKind::String));
    assert!(matches!(kind("smithy.api#Timestamp"), ShapeKind::Timestamp));
    assert_eq!(
        m.shapes[&id("smithy.api#PrimitiveBoolean")].traits.default,
        Some(serde_json::Value::Bool(false))
    );
    let ops = awslice_codegen::closure::service_operations(&m, &id("a#Svc")).expect("service");
    assert_eq!(
        ops,
        [id("a#Op"), id("a#Get")],
        "resource operations are included"
    );
}

#[test]
fn mixins_and_apply() {
    let m = parse(&model(
        r#"
        "a#Base": {"type": "structure", "members": {"Id": {"target": "smithy.api#String", "traits": {"smithy.api#required": {}}}},
                   "traits": {"smithy.api#mixin": {}, "smithy.api#documentation": "base doc"}},
        "a#S": {"type": "structure", "mixins": [{"target": "a#Base"}], "members": {"Name": {"target": "smithy.api#String"}}},
        "a#S$Name": {"type": "apply", "traits": {"smithy.api#documentation": "applied member doc"}}
        "#,
    ))
    .expect("parses");
    assert!(
        !m.shapes.contains_key(&id("a#Base")),
        "mixins are not shapes of the model"
    );
    let s = &m.shapes[&id("a#S")];
    let ShapeKind::Structure(ms) = &s.kind else {
        panic!("structure")
    };
    assert_eq!(
        ms.iter().map(|m| m.name.as_str()).collect::<Vec<_>>(),
        ["Id", "Name"]
    );
    assert!(ms[0].traits.required, "mixin member traits are copied");
    assert_eq!(
        ms[1].traits.documentation.as_deref(),
        Some("applied member doc")
    );
    assert_eq!(
        s.traits.documentation.as_deref(),
        Some("base doc"),
        "mixin traits are copied"
    );
}

#[test]
fn apply_to_a_missing_shape_is_an_error() {
    let e = parse(&model(
        r#""a#Nope": {"type": "apply", "traits": {"smithy.api#sensitive": {}}}"#,
    ))
    .expect_err("dangling apply");
    assert_eq!(e.shape.as_deref(), Some("a#Nope"));
}

#[test]
fn mixin_cycles_are_errors() {
    let e = parse(&model(
        r#""a#A": {"type": "structure", "mixins": [{"target": "a#B"}], "traits": {"smithy.api#mixin": {}}},
           "a#B": {"type": "structure", "mixins": [{"target": "a#A"}], "traits": {"smithy.api#mixin": {}}}"#,
    ))
    .expect_err("cycle");
    assert!(e.message.contains("cycle"), "{e}");
}

#[test]
fn closure_is_transitive_and_stable() {
    let m = parse(&model(
        r#"
        "a#Op": {"type": "operation", "input": {"target": "a#In"}, "output": {"target": "a#Out"}, "errors": [{"target": "a#Err"}]},
        "a#Op2": {"type": "operation", "input": {"target": "a#In"}},
        "a#In": {"type": "structure", "members": {"l": {"target": "a#L"}}},
        "a#L": {"type": "list", "member": {"target": "a#Item"}},
        "a#Item": {"type": "structure", "members": {"self": {"target": "a#Item"}, "m": {"target": "a#M"}}},
        "a#M": {"type": "map", "key": {"target": "smithy.api#String"}, "value": {"target": "smithy.api#Integer"}},
        "a#Out": {"type": "structure", "members": {}},
        "a#Err": {"type": "structure", "members": {}, "traits": {"smithy.api#error": "client"}},
        "a#Unused": {"type": "string"}
        "#,
    ))
    .expect("parses");
    let c = closure(&m, &[id("a#Op"), id("a#Op2")]).expect("closure");
    let names: Vec<&str> = c.iter().map(|s| s.0.as_str()).collect();
    assert_eq!(
        names,
        [
            "a#Op",
            "a#In",
            "a#L",
            "a#Item",
            "a#M",
            "smithy.api#String",
            "smithy.api#Integer",
            "a#Out",
            "a#Err",
            "a#Op2"
        ]
    );
    assert_eq!(c, closure(&m, &[id("a#Op"), id("a#Op2")]).expect("again"));
    assert!(closure(&m, &[id("a#In")]).is_err(), "not an operation");
}

#[test]
fn constraint_and_other_traits_are_decoded() {
    let m = parse(&model(
        r#"
        "a#Id": {"type": "string", "traits": {"smithy.api#pattern": "^wsi-[0-9a-z]{9,63}$", "smithy.api#length": {"min": 1, "max": 2048},
                 "smithy.api#sensitive": {}, "smithy.api#deprecated": {"message": "old", "since": "2020"}}},
        "a#Lim": {"type": "integer", "traits": {"smithy.api#range": {"min": 1, "max": 25}, "smithy.api#default": 5}},
        "a#Legacy": {"type": "string", "traits": {"smithy.api#enum": [{"value": "on", "name": "ON"}, {"value": "off"}]}},
        "a#Err": {"type": "structure", "members": {"message": {"target": "smithy.api#String", "traits": {"smithy.api#jsonName": "Message"}}},
                  "traits": {"smithy.api#error": "server", "smithy.api#httpError": 503, "smithy.api#retryable": {"throttling": true}}},
        "a#Op": {"type": "operation", "traits": {"smithy.api#paginated": {"inputToken": "NextToken", "outputToken": "NextToken", "pageSize": "MaxResults"}}}
        "#,
    ))
    .expect("parses");
    let t = |s: &str| &m.shapes[&id(s)].traits;
    assert_eq!(t("a#Id").pattern.as_deref(), Some("^wsi-[0-9a-z]{9,63}$"));
    let len = t("a#Id").length.expect("length");
    assert_eq!((len.min, len.max), (Some(1), Some(2048)));
    assert!(t("a#Id").sensitive);
    let dep = t("a#Id").deprecated.clone().expect("deprecated");
    assert_eq!(
        (dep.message.as_deref(), dep.since.as_deref()),
        (Some("old"), Some("2020"))
    );
    let range = t("a#Lim").range.expect("range");
    assert_eq!((range.min, range.max), (Some(1.0), Some(25.0)));
    assert_eq!(t("a#Lim").default, Some(serde_json::json!(5)));
    assert_eq!(
        t("a#Legacy").enum_values,
        [
            ("on".to_string(), Some("ON".to_string())),
            ("off".to_string(), None)
        ]
    );
    assert_eq!(t("a#Err").error.as_deref(), Some("server"));
    assert_eq!(t("a#Err").http_error, Some(503));
    assert_eq!(t("a#Err").retryable, Some(true));
    let ShapeKind::Structure(ms) = &m.shapes[&id("a#Err")].kind else {
        panic!("structure")
    };
    assert_eq!(ms[0].traits.json_name.as_deref(), Some("Message"));
    let p = t("a#Op").paginated.clone().expect("paginated");
    assert_eq!(p.page_size.as_deref(), Some("MaxResults"));
    assert_eq!(p.items, None);
    assert!(
        t("a#Op").raw.contains_key("smithy.api#paginated"),
        "raw traits are kept"
    );
}
