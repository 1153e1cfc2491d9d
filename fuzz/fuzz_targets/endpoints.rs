//! The endpoint rules engine (`awslice_endpoints`).
//!
//! The first byte picks what the rest is:
//! - `0`: parameters for the official WorkSpaces rule set (as the generated SDK ships it):
//!   `Region`, NUL, `Endpoint`; bits 1–4 of the byte say which are set and the FIPS and
//!   dual-stack flags;
//! - `1`: parameters for a probe rule set that calls every standard-library and AWS function
//!   (`parseURL`, `aws.parseArn`, `substring`, `uriEncode`, …): `Mode`, NUL, `Input`;
//! - otherwise: a rule set's JSON text, parsed with `RuleSet::from_json` and, when it
//!   parses, resolved with a value of the right type for every declared parameter.
#![no_main]

use std::sync::OnceLock;

use awslice_endpoints::{ParamType, Params, RuleSet, Value, partition_for_region};
use libfuzzer_sys::fuzz_target;

/// The rule set used by the probe mode: rules keyed on `Mode` that each call one function.
const PROBE: &str = include_str!("../../crates/endpoints/tests/data/function-probe.json");

fn official() -> &'static RuleSet {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    RULES.get_or_init(|| {
        RuleSet::from_json(awslice_workspaces::SERVICE_META.endpoint_rule_set)
            .expect("the generated WorkSpaces rule set parses")
    })
}

fn probe() -> &'static RuleSet {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    RULES.get_or_init(|| RuleSet::from_json(PROBE).expect("the probe rule set parses"))
}

/// Checks what a successful resolution returns, then formats it.
fn check(result: Result<awslice_endpoints::Endpoint, awslice_endpoints::ResolveError>) {
    match result {
        Ok(endpoint) => {
            let _ = format!("{endpoint:?}");
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let (first, second) = text.split_once('\0').unwrap_or((text, ""));
    match mode {
        0..=31 if mode & 1 == 0 => {
            let mut params = Params::new();
            if mode & 2 != 0 {
                params.insert("Region".into(), Value::from(first));
                let _ = partition_for_region(first);
            }
            if mode & 4 != 0 {
                params.insert("Endpoint".into(), Value::from(second));
            }
            params.insert("UseFIPS".into(), Value::from(mode & 8 != 0));
            params.insert("UseDualStack".into(), Value::from(mode & 16 != 0));
            let rules = official();
            let _ = rules.params_python_repr(&params);
            check(rules.resolve(&params));
        }
        0..=31 => {
            let mut params = Params::new();
            params.insert("Mode".into(), Value::from(first));
            params.insert("Input".into(), Value::from(second));
            params.insert("Flag".into(), Value::from(mode & 2 != 0));
            check(probe().resolve(&params));
        }
        _ => {
            let Ok(rules) = RuleSet::from_json(text) else {
                return;
            };
            let mut params = Params::new();
            for p in rules.parameters() {
                let value = match p.param_type {
                    ParamType::String => Value::from("us-east-1"),
                    ParamType::Boolean => Value::from(mode & 1 != 0),
                    ParamType::StringArray => Value::from(vec!["a".to_owned(), "b".to_owned()]),
                };
                params.insert(p.name.clone(), value);
            }
            let _ = rules.params_python_repr(&params);
            check(rules.resolve(&params));
            // And with nothing given: defaults and required-parameter checks.
            check(rules.resolve(&Params::new()));
        }
    }
});
