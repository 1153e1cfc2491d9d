//! The official WorkSpaces model's endpoint tests, and the `--region` → endpoint facts the
//! AWS CLI v2 showed (docs/compat.md#global-options).

use awslice_endpoints::{Params, RuleSet, Value, run_model_endpoint_tests};

#[test]
fn every_official_endpoint_test_passes() {
    let text = awslice_test_support::paths::official_workspaces_model();
    let model: serde_json::Value = serde_json::from_str(&text).unwrap();
    let declared: usize = model["shapes"]
        .as_object()
        .unwrap()
        .values()
        .filter_map(|s| s["traits"]["smithy.rules#endpointTests"]["testCases"].as_array())
        .map(Vec::len)
        .sum();
    let report = run_model_endpoint_tests(&text).expect("the model and its rule set parse");
    assert!(
        report.failures.is_empty(),
        "{} of {} endpoint tests failed:\n{}",
        report.failed,
        report.passed + report.failed,
        report.failures.join("\n")
    );
    assert_eq!(report.failed, 0);
    assert_eq!(report.passed, declared, "every declared case ran");
    assert!(report.passed >= 36, "the model declares its endpoint tests");
}

#[test]
fn official_rule_set_declares_the_aws_built_ins() {
    let rules =
        RuleSet::from_value(&awslice_test_support::paths::official_workspaces_rule_set()).unwrap();
    assert_eq!(rules.version(), "1.0");
    let region = rules.parameter_for_built_in("AWS::Region").unwrap();
    assert_eq!(region.name, "Region");
    assert!(!region.required);
    let fips = rules.parameter_for_built_in("AWS::UseFIPS").unwrap();
    assert_eq!(fips.name, "UseFIPS");
    assert_eq!(fips.default, Some(Value::Bool(false)));
    assert!(fips.required);
    assert_eq!(
        rules
            .parameter_for_built_in("AWS::UseDualStack")
            .unwrap()
            .name,
        "UseDualStack"
    );
    assert_eq!(
        rules.parameter_for_built_in("SDK::Endpoint").unwrap().name,
        "Endpoint"
    );
    let names: Vec<&str> = rules.parameters().iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["Region", "UseDualStack", "UseFIPS", "Endpoint"]);
}

fn resolve(region: &str, fips: bool, dual_stack: bool) -> String {
    let rules =
        RuleSet::from_value(&awslice_test_support::paths::official_workspaces_rule_set()).unwrap();
    let mut p = Params::new();
    p.insert("Region".into(), Value::from(region));
    p.insert("UseFIPS".into(), Value::from(fips));
    p.insert("UseDualStack".into(), Value::from(dual_stack));
    let ep = rules
        .resolve(&p)
        .unwrap_or_else(|e| panic!("{region}: {e}"));
    assert!(ep.properties.is_empty() && ep.headers.is_empty());
    ep.url
}

/// The AWS CLI v2's `--region` → endpoint table (docs/compat.md#global-options).
#[test]
fn cli_region_to_endpoint_table() {
    let plain = [
        ("us-east-1", "https://workspaces.us-east-1.amazonaws.com"),
        ("us-west-2", "https://workspaces.us-west-2.amazonaws.com"),
        (
            "eu-central-1",
            "https://workspaces.eu-central-1.amazonaws.com",
        ),
        (
            "il-central-1",
            "https://workspaces.il-central-1.amazonaws.com",
        ),
        (
            "ap-southeast-7",
            "https://workspaces.ap-southeast-7.amazonaws.com",
        ),
        (
            "cn-northwest-1",
            "https://workspaces.cn-northwest-1.amazonaws.com.cn",
        ),
        (
            "us-gov-west-1",
            "https://workspaces.us-gov-west-1.amazonaws.com",
        ),
        (
            "us-iso-east-1",
            "https://workspaces.us-iso-east-1.c2s.ic.gov",
        ),
        ("mars", "https://workspaces.mars.amazonaws.com"),
        (
            "xx-nowhere-9",
            "https://workspaces.xx-nowhere-9.amazonaws.com",
        ),
    ];
    for (region, url) in plain {
        assert_eq!(resolve(region, false, false), url, "{region}");
    }
    assert_eq!(
        resolve("us-east-1", true, false),
        "https://workspaces-fips.us-east-1.amazonaws.com"
    );
    assert_eq!(
        resolve("us-gov-west-1", true, false),
        "https://workspaces-fips.us-gov-west-1.amazonaws.com"
    );
    assert_eq!(
        resolve("us-east-1", false, true),
        "https://workspaces.us-east-1.api.aws"
    );
}

#[test]
fn custom_endpoint_and_missing_region() {
    let rules =
        RuleSet::from_value(&awslice_test_support::paths::official_workspaces_rule_set()).unwrap();
    let mut p = Params::new();
    p.insert("Endpoint".into(), Value::from("http://127.0.0.1:4566"));
    assert_eq!(rules.resolve(&p).unwrap().url, "http://127.0.0.1:4566");
    p.insert("UseFIPS".into(), Value::from(true));
    assert_eq!(
        rules.resolve(&p).unwrap_err().to_string(),
        "Invalid Configuration: FIPS and custom endpoint are not supported"
    );
    // Defaults apply: without any parameter the rule set's own error is returned.
    assert_eq!(
        rules.resolve(&Params::new()).unwrap_err().message,
        "Invalid Configuration: Missing Region"
    );
}
