//! Resolution behaviour through the public API: parameters, defaults, required checks, error
//! rules, tree rules, scoping, and malformed rule sets.

use awslice_endpoints::{ParamType, Params, RuleSet, Value};
use serde_json::json;

fn rules(v: serde_json::Value) -> RuleSet {
    RuleSet::from_value(&v).unwrap_or_else(|e| panic!("{e}"))
}

fn params(pairs: &[(&str, Value)]) -> Params {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), v.clone()))
        .collect()
}

fn simple() -> RuleSet {
    rules(json!({
        "version": "1.0",
        "parameters": {
            "Region": {"type": "String", "builtIn": "AWS::Region", "required": true, "documentation": "r"},
            "UseFIPS": {"type": "Boolean", "builtIn": "AWS::UseFIPS", "required": true, "default": false},
            "Names": {"type": "stringArray", "required": false, "deprecated": {"message": "old"}}
        },
        "rules": [
            {"type": "error", "conditions": [{"fn": "booleanEquals", "argv": [{"ref": "UseFIPS"}, true]}],
             "error": "FIPS is not available in {Region}"},
            {"type": "endpoint", "conditions": [{"fn": "aws.partition", "argv": [{"ref": "Region"}], "assign": "P"}],
             "endpoint": {"url": "https://svc.{Region}.{P#dnsSuffix}",
                          "properties": {"authSchemes": [{"name": "sigv4", "signingName": "svc", "signingRegion": "{Region}"}]},
                          "headers": {"x-partition": ["{P#name}"]}}}
        ]
    }))
}

#[test]
fn parameters_are_declared_in_order() {
    let r = simple();
    let ps = r.parameters();
    assert_eq!(ps.len(), 3);
    assert_eq!(ps[0].name, "Region");
    assert_eq!(ps[0].param_type, ParamType::String);
    assert_eq!(ps[0].built_in.as_deref(), Some("AWS::Region"));
    assert_eq!(ps[0].documentation.as_deref(), Some("r"));
    assert!(ps[0].required && ps[0].default.is_none());
    assert_eq!(ps[1].default, Some(Value::Bool(false)));
    assert_eq!(ps[2].param_type, ParamType::StringArray);
    assert!(ps[2].deprecated && !ps[2].required);
}

#[test]
fn endpoint_with_properties_and_headers() {
    let ep = simple()
        .resolve(&params(&[("Region", "us-gov-east-1".into())]))
        .unwrap();
    assert_eq!(ep.url, "https://svc.us-gov-east-1.amazonaws.com");
    assert_eq!(
        serde_json::Value::Object(ep.properties.clone()),
        json!({"authSchemes": [{"name": "sigv4", "signingName": "svc", "signingRegion": "us-gov-east-1"}]})
    );
    assert_eq!(
        ep.headers.get("x-partition"),
        Some(&vec!["aws-us-gov".to_owned()])
    );
}

#[test]
fn error_rule_message_is_the_display_text() {
    let e = simple()
        .resolve(&params(&[
            ("Region", "eu-west-1".into()),
            ("UseFIPS", true.into()),
        ]))
        .unwrap_err();
    assert_eq!(e.to_string(), "FIPS is not available in eu-west-1");
    assert_eq!(e.message, "FIPS is not available in eu-west-1");
}

#[test]
fn missing_required_parameter_is_an_error() {
    let e = simple().resolve(&Params::new()).unwrap_err();
    assert_eq!(e.message, "missing required endpoint parameter `Region`");
}

#[test]
fn wrongly_typed_parameter_is_an_error() {
    let e = simple()
        .resolve(&params(&[
            ("Region", "us-east-1".into()),
            ("UseFIPS", "yes".into()),
        ]))
        .unwrap_err();
    assert_eq!(
        e.message,
        "endpoint parameter `UseFIPS` must be of type boolean, got string"
    );
}

#[test]
fn undeclared_parameters_are_ignored() {
    let ep = simple()
        .resolve(&params(&[
            ("Region", "us-east-1".into()),
            ("Other", true.into()),
        ]))
        .unwrap();
    assert_eq!(ep.url, "https://svc.us-east-1.amazonaws.com");
}

#[test]
fn exhausted_tree_rule_falls_through_to_later_rules() {
    let r = rules(json!({
        "version": "1.1",
        "parameters": {"X": {"type": "boolean"}},
        "rules": [
            {"type": "tree", "conditions": [], "rules": [
                {"type": "endpoint", "conditions": [{"fn": "isSet", "argv": [{"ref": "X"}]}],
                 "endpoint": {"url": "https://inner.example.com"}}
            ]},
            {"type": "endpoint", "conditions": [], "endpoint": {"url": "https://after.example.com"}}
        ]
    }));
    assert_eq!(
        r.resolve(&params(&[("X", false.into())])).unwrap().url,
        "https://inner.example.com"
    );
    // As botocore and the real S3 rule set expect (the specification calls trees terminal).
    assert_eq!(
        r.resolve(&Params::new()).unwrap().url,
        "https://after.example.com"
    );
}

#[test]
fn no_rule_matching_at_top_level_is_an_error() {
    let r = rules(json!({
        "version": "1.0",
        "parameters": {},
        "rules": [{"type": "error", "conditions": [{"fn": "not", "argv": [true]}], "error": "never"}]
    }));
    assert_eq!(
        r.resolve(&Params::new()).unwrap_err().message,
        "no endpoint rule matched the endpoint parameters"
    );
}

#[test]
fn assignments_do_not_leak_to_sibling_rules() {
    let r = rules(json!({
        "version": "1.0",
        "parameters": {"R": {"type": "string", "required": true}},
        "rules": [
            {"type": "endpoint",
             "conditions": [{"fn": "aws.partition", "argv": [{"ref": "R"}], "assign": "P"},
                            {"fn": "stringEquals", "argv": [{"ref": "R"}, "never"]}],
             "endpoint": {"url": "https://x"}},
            {"type": "endpoint", "conditions": [], "endpoint": {"url": "https://{P#name}"}}
        ]
    }));
    let e = r
        .resolve(&params(&[("R", "us-east-1".into())]))
        .unwrap_err();
    assert_eq!(e.message, "reference to undefined name `P`");
}

#[test]
fn getattr_paths_on_assigned_values() {
    let r = rules(json!({
        "version": "1.0",
        "parameters": {"Arn": {"type": "string", "required": true}},
        "rules": [
            {"type": "endpoint",
             "conditions": [
                 {"fn": "aws.parseArn", "argv": [{"ref": "Arn"}], "assign": "A"},
                 {"fn": "getAttr", "argv": [{"ref": "A"}, "resourceId[2]"], "assign": "Third"}
             ],
             "endpoint": {"url": "https://{Third}.{A#region}.example.com/{A#resourceId[0]}"}},
            {"type": "error", "conditions": [], "error": "short: {Arn}"}
        ]
    }));
    let ep = r
        .resolve(&params(&[("Arn", "arn:aws:svc:eu-west-3:1:a/b/c".into())]))
        .unwrap();
    assert_eq!(ep.url, "https://c.eu-west-3.example.com/a");
    let e = r
        .resolve(&params(&[("Arn", "arn:aws:svc:eu-west-3:1:a/b".into())]))
        .unwrap_err();
    assert_eq!(e.message, "short: arn:aws:svc:eu-west-3:1:a/b");
}

#[test]
fn parse_url_results_are_attributes() {
    let r = rules(json!({
        "version": "1.0",
        "parameters": {"Endpoint": {"type": "string", "required": true}},
        "rules": [
            {"type": "endpoint",
             "conditions": [{"fn": "parseURL", "argv": [{"ref": "Endpoint"}], "assign": "U"}],
             "endpoint": {"url": "{U#scheme}://{U#authority}{U#normalizedPath}",
                          "properties": {"ip": "{U#path}|{U#normalizedPath}"}}},
            {"type": "error", "conditions": [], "error": "bad url"}
        ]
    }));
    let ep = r
        .resolve(&params(&[(
            "Endpoint",
            "https://[2001:db8::1]:443/a/b".into(),
        )]))
        .unwrap();
    assert_eq!(ep.url, "https://[2001:db8::1]:443/a/b/");
    assert_eq!(ep.properties["ip"], "/a/b|/a/b/");
    let e = r
        .resolve(&params(&[("Endpoint", "https://h/x?y=z".into())]))
        .unwrap_err();
    assert_eq!(e.message, "bad url");
}

#[test]
fn is_ip_attribute_drives_conditions() {
    let r = rules(json!({
        "version": "1.0",
        "parameters": {"Endpoint": {"type": "string", "required": true}},
        "rules": [
            {"type": "endpoint",
             "conditions": [{"fn": "parseURL", "argv": [{"ref": "Endpoint"}], "assign": "U"},
                            {"fn": "booleanEquals", "argv": [{"fn": "getAttr", "argv": [{"ref": "U"}, "isIp"]}, true]}],
             "endpoint": {"url": "https://ip"}},
            {"type": "endpoint", "conditions": [], "endpoint": {"url": "https://name"}}
        ]
    }));
    let url = |e: &str| r.resolve(&params(&[("Endpoint", e.into())])).unwrap().url;
    assert_eq!(url("http://10.0.0.1:80"), "https://ip");
    assert_eq!(url("http://[::1]"), "https://ip");
    assert_eq!(url("http://localhost:80"), "https://name");
}

fn malformed(v: serde_json::Value) -> awslice_endpoints::Error {
    RuleSet::from_value(&v).unwrap_err()
}

#[test]
fn malformed_rule_sets_say_where() {
    let e = malformed(json!({"version": "1.0", "parameters": {}, "rules": [
        {"type": "endpoint", "conditions": [{"fn": "nope", "argv": []}], "endpoint": {"url": "x"}}]}));
    assert_eq!(e.path, "rules[0].conditions[0].fn");
    assert!(e.message.contains("unknown function \"nope\""), "{e}");

    let e = malformed(json!({"version": "1.0", "parameters": {}, "rules": [
        {"type": "tree", "conditions": [], "rules": [
            {"type": "error", "conditions": [], "error": "{unclosed"}]}]}));
    assert_eq!(e.path, "rules[0].rules[0].error");

    let e = malformed(json!({"version": "1.0", "parameters": {}, "rules": [
        {"type": "endpoint", "conditions": [{"fn": "stringEquals", "argv": ["a"]}], "endpoint": {"url": "x"}}]}));
    assert_eq!(e.path, "rules[0].conditions[0].argv");
    assert_eq!(e.message, "stringEquals takes 2 argument(s), got 1");

    let e = malformed(
        json!({"version": "1.0", "parameters": {"P": {"type": "boolean", "default": "x"}}, "rules": []}),
    );
    assert_eq!(e.path, "parameters.P.default");

    let e =
        malformed(json!({"version": "1.0", "parameters": {"P": {"type": "integer"}}, "rules": []}));
    assert_eq!(e.path, "parameters.P.type");

    let e = malformed(json!({"version": "2.0", "parameters": {}, "rules": []}));
    assert_eq!(e.path, "version");

    let e = malformed(json!({"version": "1.0", "rules": [{"type": "bogus", "conditions": []}]}));
    assert_eq!(e.path, "rules[0].type");

    let e = malformed(json!({"version": "1.0", "rules": [{"type": "endpoint", "conditions": []}]}));
    assert_eq!(e.path, "rules[0].endpoint");
    assert_eq!(
        e.to_string(),
        "malformed endpoint rule set at rules[0].endpoint: missing"
    );

    let e = RuleSet::from_json("{not json").unwrap_err();
    assert!(e.message.starts_with("invalid JSON"), "{e}");
}

#[test]
fn type_errors_at_evaluation_are_resolve_errors() {
    let r = rules(json!({
        "version": "1.0",
        "parameters": {"R": {"type": "string", "required": true}},
        "rules": [{"type": "endpoint",
                   "conditions": [{"fn": "booleanEquals", "argv": [{"ref": "R"}, true]}],
                   "endpoint": {"url": "https://x"}}]
    }));
    let e = r.resolve(&params(&[("R", "s".into())])).unwrap_err();
    assert_eq!(
        e.message,
        "argument 1 of booleanEquals must be a boolean, got \"s\""
    );
}

#[test]
fn model_runner_errors() {
    use awslice_endpoints::run_model_endpoint_tests;
    assert!(run_model_endpoint_tests("[]").is_err());
    let no_rules = json!({"shapes": {"a#S": {"type": "service", "traits": {
        "smithy.rules#endpointTests": {"testCases": []}}}}});
    let e = run_model_endpoint_tests(&no_rules.to_string()).unwrap_err();
    assert_eq!(e.path, "shapes.a#S.traits");
    let bad_rules = json!({"shapes": {"a#S": {"type": "service", "traits": {
        "smithy.rules#endpointRuleSet": {"version": "1.0", "rules": [{"type": "x", "conditions": []}]},
        "smithy.rules#endpointTests": {"testCases": []}}}}});
    let e = run_model_endpoint_tests(&bad_rules.to_string()).unwrap_err();
    assert_eq!(
        e.path,
        "shapes.a#S.traits.smithy.rules#endpointRuleSet.rules[0].type"
    );
    let empty = json!({"shapes": {}});
    let r = run_model_endpoint_tests(&empty.to_string()).unwrap();
    assert_eq!((r.passed, r.failed), (0, 0));
}

#[test]
fn params_repr_matches_the_cli_debug_line() {
    let r = rules(json!({
        "version": "1.0",
        "parameters": {
            "Region": {"type": "string"},
            "UseDualStack": {"type": "boolean", "required": true, "default": false},
            "UseFIPS": {"type": "boolean", "required": true, "default": false},
            "Endpoint": {"type": "string"},
            "Names": {"type": "stringArray"}
        },
        "rules": []
    }));
    // Given out of order; printed in declaration order with defaults, unset ones left out.
    let p = params(&[("UseFIPS", false.into()), ("Region", "us-west-2".into())]);
    assert_eq!(
        r.params_python_repr(&p),
        "{'Region': 'us-west-2', 'UseDualStack': False, 'UseFIPS': False}"
    );
    // Expected texts are Python 3.11's repr() of the same values.
    let p = params(&[
        ("Region", "tab\there\n".into()),
        ("Endpoint", "it's".into()),
        (
            "Names",
            vec![
                "a".to_owned(),
                "b'".to_owned(),
                "both'\"".to_owned(),
                "back\\slash".to_owned(),
                "é\u{7f}\u{85}".to_owned(),
            ]
            .into(),
        ),
        ("UseFIPS", true.into()),
    ]);
    assert_eq!(
        r.params_python_repr(&p),
        r#"{'Region': 'tab\there\n', 'UseDualStack': False, 'UseFIPS': True, 'Endpoint': "it's", 'Names': ['a', "b'", 'both\'"', 'back\\slash', 'é\x7f\x85']}"#
    );
    assert_eq!(
        r.params_python_repr(&Params::new()),
        "{'UseDualStack': False, 'UseFIPS': False}"
    );
}

#[test]
fn evaluation_errors_name_the_rule() {
    let r = rules(json!({
        "version": "1.0",
        "parameters": {"E": {"type": "string"}},
        "rules": [{"type": "tree", "conditions": [], "rules": [
            {"type": "endpoint", "conditions": [], "endpoint": {"url": {"ref": "E"}}}]}]
    }));
    assert_eq!(
        r.resolve(&Params::new()).unwrap_err().message,
        "the endpoint url at rules[0].rules[0] has no value"
    );
    let r = rules(json!({
        "version": "1.0",
        "parameters": {"E": {"type": "string"}},
        "rules": [{"type": "error", "conditions": [], "error": "x {E} {P#a.b[0]}"}]
    }));
    assert_eq!(
        r.resolve(&Params::new()).unwrap_err().message,
        "the template placeholder `{E}` has no value"
    );
    let r = rules(json!({
        "version": "1.0",
        "parameters": {"E": {"type": "string", "required": true}},
        "rules": [{"type": "error", "conditions": [{"fn": "aws.partition", "argv": ["x"], "assign": "P"}],
                   "error": "x {E} {P#a.b[0]}"}]
    }));
    assert_eq!(
        r.resolve(&params(&[("E", "e".into())]))
            .unwrap_err()
            .message,
        "the template placeholder `{P#a.b[0]}` has no value"
    );
    let r = rules(json!({
        "version": "1.0",
        "parameters": {},
        "rules": [{"type": "endpoint", "conditions": [], "endpoint": {"url": true}}]
    }));
    assert_eq!(
        r.resolve(&Params::new()).unwrap_err().message,
        "the endpoint url at rules[0] must be a string, got true"
    );
}
