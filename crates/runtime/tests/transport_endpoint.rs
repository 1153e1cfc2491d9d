//! Endpoint resolution inside a call: built-ins passed to the rule set, `authSchemes`
//! overriding the signing region and name, endpoint headers, and rule-set errors.

use crate::support;

use awslice_runtime::client::ServiceClient;
use awslice_runtime::error::CallError;
use awslice_runtime::service::ServiceMeta;
use support::server::{Server, json};
use support::*;

/// Endpoint from the `Endpoint` built-in, with a sigv4 auth scheme and a header; an error
/// rule when FIPS is asked for.
const RULES: &str = r#"{
  "version": "1.0",
  "parameters": {
    "Region": {"builtIn": "AWS::Region", "type": "String", "required": false},
    "UseFIPS": {"builtIn": "AWS::UseFIPS", "type": "Boolean", "required": true, "default": false},
    "Endpoint": {"builtIn": "SDK::Endpoint", "type": "String", "required": false}
  },
  "rules": [
    {"conditions": [{"fn": "booleanEquals", "argv": [{"ref": "UseFIPS"}, true]}],
     "error": "FIPS is not supported in {Region}", "type": "error"},
    {"conditions": [{"fn": "isSet", "argv": [{"ref": "Endpoint"}]}],
     "endpoint": {"url": {"ref": "Endpoint"},
                  "properties": {"authSchemes": [{"name": "sigv4", "signingRegion": "eu-central-1", "signingName": "custom-svc"}]},
                  "headers": {"x-endpoint-extra": ["one"]}},
     "type": "endpoint"},
    {"conditions": [], "error": "no endpoint", "type": "error"}
  ]
}"#;

static CUSTOM: ServiceMeta = ServiceMeta {
    endpoint_rule_set: RULES,
    query_compatible: false,
    xml_namespace: None,
    ..META
};

#[test]
fn auth_schemes_set_the_signing_scope_and_endpoint_headers_are_sent() {
    let server = Server::start(vec![json(200, "{}")]);
    let cfg = config(Opts {
        endpoint: Some(server.url()),
        region: Some("us-west-2"),
        ..Opts::default()
    });
    block_on(ServiceClient::new(&cfg, &CUSTOM).call("Op", b"{}".to_vec())).expect("call");
    let r = &server.requests()[0];
    let auth = sigv4::parse_authorization(&r.header("authorization").unwrap());
    assert!(
        auth.credential
            .ends_with("/eu-central-1/custom-svc/aws4_request"),
        "{}",
        auth.credential
    );
    let (expected, found) = sigv4::recompute(r, SECRET);
    assert_eq!(expected, found);
    assert_eq!(r.header("x-endpoint-extra").as_deref(), Some("one"));
}

#[test]
fn rule_set_errors_become_endpoint_errors() {
    let mut vars = std::collections::HashMap::new();
    vars.insert("AWS_USE_FIPS_ENDPOINT".to_owned(), "true".to_owned());
    let cfg = awslice_runtime::config::ConfigLoader::new()
        .env(awslice_runtime::config::Env::from_map(vars))
        .region("ap-south-1")
        .endpoint_url("http://127.0.0.1:9")
        .credentials(awslice_runtime::credentials::Credentials::new(
            AKID, SECRET, None, None,
        ))
        .load()
        .expect("config");
    let e = block_on(ServiceClient::new(&cfg, &CUSTOM).call("Op", b"{}".to_vec())).unwrap_err();
    assert!(matches!(&e, CallError::Endpoint(_)), "{e:?}");
    assert_eq!(e.to_string(), "FIPS is not supported in ap-south-1");
}

#[test]
fn a_malformed_rule_set_is_an_endpoint_error_not_a_panic() {
    static BROKEN: ServiceMeta = ServiceMeta {
        endpoint_rule_set: "{not json",
        query_compatible: false,
        xml_namespace: None,
        ..META
    };
    let e = block_on(client_for(&BROKEN).call("Op", b"{}".to_vec())).unwrap_err();
    assert!(matches!(&e, CallError::Endpoint(_)), "{e:?}");
}

#[test]
fn no_credentials_is_reported_before_sending() {
    let cfg = awslice_runtime::config::ConfigLoader::new()
        .env(awslice_runtime::config::Env::from_map(Default::default()))
        .region("us-east-1")
        .endpoint_url("http://127.0.0.1:9")
        .load()
        .expect("config");
    let e = block_on(ServiceClient::new(&cfg, &META).call("Op", b"{}".to_vec())).unwrap_err();
    assert!(matches!(&e, CallError::NoCredentials(_)), "{e:?}");
}

fn client_for(meta: &'static ServiceMeta) -> ServiceClient {
    ServiceClient::new(
        &config(Opts {
            endpoint: Some("http://127.0.0.1:9".into()),
            ..Opts::default()
        }),
        meta,
    )
}
