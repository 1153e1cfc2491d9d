//! Rule sets of our own (`tests/data/`), written from the rules-engine specification, that use
//! what the WorkSpaces rule set does not: `aws.parseArn`, `aws.isVirtualHostableS3Bucket`,
//! `parseURL`, `uriEncode`, `stringArray` parameters, `split`, `coalesce`, `ite`, `substring`,
//! `getAttr` index paths, headers and properties with templates, and error rules.

use awslice_endpoints::run_model_endpoint_tests;

fn run(file: &str) -> (usize, awslice_endpoints::TestReport) {
    let path = format!("{}/tests/data/{file}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let model: serde_json::Value = serde_json::from_str(&text).unwrap();
    let declared = model["shapes"]
        .as_object()
        .unwrap()
        .values()
        .map(|s| {
            s["traits"]["smithy.rules#endpointTests"]["testCases"]
                .as_array()
                .map_or(0, Vec::len)
        })
        .sum();
    let report = run_model_endpoint_tests(&text).unwrap_or_else(|e| panic!("{file}: {e}"));
    (declared, report)
}

fn assert_all_pass(file: &str) {
    let (declared, report) = run(file);
    assert!(
        report.failures.is_empty(),
        "{file}: {} failures:\n{}",
        report.failed,
        report.failures.join("\n")
    );
    assert!(declared > 10, "{file} declares its cases");
    assert_eq!(report.passed, declared, "{file}: every case ran");
}

#[test]
fn s3_like_rule_set() {
    assert_all_pass("s3like.json");
}

#[test]
fn feature_rule_set() {
    assert_all_pass("features.json");
}

/// The runner does report failures: change one expectation and it must show up.
#[test]
fn a_wrong_expectation_is_reported() {
    let path = format!("{}/tests/data/s3like.json", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap();
    let broken = text.replacen(
        "https://bucket-name.s3-fips.us-west-2.amazonaws.com",
        "https://wrong.example.com",
        1,
    );
    assert_ne!(broken, text);
    let report = run_model_endpoint_tests(&broken).unwrap();
    assert_eq!(report.failed, 1, "{:?}", report.failures);
    assert_eq!(
        report.failures[0],
        "example.s3like#S3Like: virtual-hosted bucket, FIPS: expected url \
         https://wrong.example.com, got https://bucket-name.s3-fips.us-west-2.amazonaws.com"
    );
}
