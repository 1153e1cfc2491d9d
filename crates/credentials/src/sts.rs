//! The STS calls: `AssumeRole` signed with the source credentials, and the unsigned
//! `AssumeRoleWithWebIdentity`, through the generated client with the configuration
//! [`SdkConfig::provider_client_config`] gives (the command's region, the configured STS
//! endpoint, `aws-global` without a region), their client-side parameter checks, and the
//! response as the JSON document the cache file holds.

use awslice_runtime::config::SdkConfig;
use awslice_runtime::credentials::{Credentials, CredentialsError};
use awslice_runtime::error::{SdkError, ServiceError};
use serde_json::{Map, Value, json};

use crate::cache;

/// STS's region when none is configured: its global endpoint, signed for us-east-1.
const NO_REGION: &str = "aws-global";

/// The parameters of one `AssumeRole` call.
pub(crate) struct AssumeRole<'a> {
    pub(crate) role_arn: &'a str,
    /// Configured (`role_session_name`) or made up.
    pub(crate) session_name: &'a str,
    pub(crate) session_name_configured: bool,
    pub(crate) external_id: Option<&'a str>,
    pub(crate) serial_number: Option<&'a str>,
    pub(crate) duration_seconds: Option<i64>,
    pub(crate) token_code: Option<&'a str>,
}

/// The parameters of one `AssumeRoleWithWebIdentity` call.
pub(crate) struct WebIdentity<'a> {
    pub(crate) role_arn: &'a str,
    pub(crate) session_name: &'a str,
    pub(crate) session_name_configured: bool,
    pub(crate) token: &'a str,
}

/// botocore's client-side checks of the parameters, in the order it sees them (the
/// configured ones, the role, the made-up session name, the code or token): minimum
/// lengths and the minimum duration. One line per problem.
struct Checks(Vec<String>);

impl Checks {
    fn min_len(&mut self, name: &str, value: &str, min: usize) {
        let len = value.chars().count();
        if len < min {
            self.0.push(format!(
                "Invalid length for parameter {name}, value: {len}, valid min length: {min}"
            ));
        }
    }

    fn min_value(&mut self, name: &str, value: i64, min: i64) {
        if value < min {
            self.0.push(format!(
                "Invalid value for parameter {name}, value: {value}, valid min value: {min}"
            ));
        }
    }

    fn result(self) -> Result<(), CredentialsError> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(CredentialsError::invalid_parameter(self.0.join("\n")))
        }
    }
}

impl AssumeRole<'_> {
    pub(crate) fn check(&self) -> Result<(), CredentialsError> {
        let mut c = Checks(Vec::new());
        if self.session_name_configured {
            c.min_len("RoleSessionName", self.session_name, 2);
        }
        if let Some(v) = self.external_id {
            c.min_len("ExternalId", v, 2);
        }
        if let Some(v) = self.serial_number {
            c.min_len("SerialNumber", v, 9);
        }
        if let Some(v) = self.duration_seconds {
            c.min_value("DurationSeconds", v, 900);
        }
        c.min_len("RoleArn", self.role_arn, 20);
        if !self.session_name_configured {
            c.min_len("RoleSessionName", self.session_name, 2);
        }
        if let Some(v) = self.token_code {
            c.min_len("TokenCode", v, 6);
        }
        c.result()
    }
}

impl WebIdentity<'_> {
    pub(crate) fn check(&self) -> Result<(), CredentialsError> {
        let mut c = Checks(Vec::new());
        if self.session_name_configured {
            c.min_len("RoleSessionName", self.session_name, 2);
        }
        c.min_len("RoleArn", self.role_arn, 20);
        if !self.session_name_configured {
            c.min_len("RoleSessionName", self.session_name, 2);
        }
        c.min_len("WebIdentityToken", self.token, 4);
        c.result()
    }
}

/// A failed call as a credentials error: error responses keep their code and message
/// (the CLI's exit code 254), everything else its text.
pub(crate) fn call_error<E: std::fmt::Display>(
    operation: &str,
    e: SdkError<E>,
    code_message: impl FnOnce(&E) -> (String, String),
) -> CredentialsError {
    match e {
        SdkError::Service(typed) => {
            let (code, message) = code_message(&typed);
            CredentialsError::service(
                operation,
                ServiceError {
                    status: 400,
                    code,
                    message,
                    request_id: None,
                    body: Default::default(),
                    retries_exhausted: None,
                },
            )
        }
        SdkError::Call(awslice_runtime::error::CallError::Service(se)) => {
            CredentialsError::service(operation, se)
        }
        other => CredentialsError::other(failure_text(&other)),
    }
}

/// A failed call that got no error response, as the AWS CLI prints it: an endpoint error
/// by its reason (the rules' own text), anything else by its `Display`.
pub(crate) fn failure_text<E: std::fmt::Display>(e: &SdkError<E>) -> String {
    match e {
        SdkError::Call(awslice_runtime::error::CallError::Endpoint(e)) => e.reason(),
        other => other.to_string(),
    }
}

/// The credentials of a response, and the response as the cache file's document.
fn response_document(
    credentials: Option<&awslice_sts::types::Credentials>,
    mut rest: Vec<(&str, Value)>,
    assumed_arn: Option<&str>,
) -> Result<(Credentials, Value), CredentialsError> {
    let missing = |what: &str| CredentialsError::other(format!("the STS response has no {what}"));
    let c = credentials.ok_or_else(|| missing("Credentials"))?;
    let akid = c
        .access_key_id
        .as_deref()
        .ok_or_else(|| missing("AccessKeyId"))?;
    let secret = c
        .secret_access_key
        .as_deref()
        .ok_or_else(|| missing("SecretAccessKey"))?;
    let token = c
        .session_token
        .as_deref()
        .ok_or_else(|| missing("SessionToken"))?;
    let expiration = c.expiration.ok_or_else(|| missing("Expiration"))?;
    let iso = cache::isoformat(expiration).ok_or_else(|| missing("valid Expiration"))?;
    let expiry = awslice_runtime::credentials::parse_expiry(&iso)
        .ok_or_else(|| missing("valid Expiration"))?;
    let mut creds = Map::new();
    creds.insert("AccessKeyId".into(), akid.into());
    creds.insert("SecretAccessKey".into(), secret.into());
    creds.insert("SessionToken".into(), token.into());
    creds.insert("Expiration".into(), iso.into());
    if let Some(account) = assumed_arn.and_then(cache::account_id) {
        creds.insert("AccountId".into(), account.into());
    }
    let mut doc = Map::new();
    doc.insert("Credentials".into(), Value::Object(creds));
    for (k, v) in rest.drain(..) {
        if !v.is_null() {
            doc.insert(k.to_string(), v);
        }
    }
    Ok((
        Credentials::new(akid, secret, Some(token.to_string()), Some(expiry)),
        Value::Object(doc),
    ))
}

fn assumed_user(u: Option<&awslice_sts::types::AssumedRoleUser>) -> Value {
    match u {
        None => Value::Null,
        Some(u) => {
            let mut m = Map::new();
            if let Some(id) = &u.assumed_role_id {
                m.insert("AssumedRoleId".into(), id.as_str().into());
            }
            if let Some(arn) = &u.arn {
                m.insert("Arn".into(), arn.as_str().into());
            }
            Value::Object(m)
        }
    }
}

fn opt_str(v: Option<&String>) -> Value {
    v.map_or(Value::Null, |s| Value::String(s.clone()))
}

/// Calls `AssumeRole` with `source` credentials.
pub(crate) async fn assume_role(
    config: &SdkConfig,
    source: Credentials,
    p: &AssumeRole<'_>,
) -> Result<(Credentials, Value), CredentialsError> {
    p.check()?;
    let client = awslice_sts::Client::new(&config.provider_client_config(Some(source), NO_REGION));
    let duration = p
        .duration_seconds
        .map(|d| i32::try_from(d).unwrap_or(if d < 0 { i32::MIN } else { i32::MAX }));
    let call = client
        .assume_role()
        .role_arn(p.role_arn)
        .role_session_name(p.session_name)
        .set_external_id(p.external_id.map(str::to_string))
        .set_serial_number(p.serial_number.map(str::to_string))
        .set_duration_seconds(duration)
        .set_token_code(p.token_code.map(str::to_string))
        .send();
    let out = crate::quiet::redacting_bodies(call).await.map_err(|e| {
        call_error("AssumeRole", e, |t| {
            (t.code().to_string(), t.message().to_string())
        })
    })?;
    let arn = out.assumed_role_user.as_ref().and_then(|u| u.arn.clone());
    response_document(
        out.credentials.as_ref(),
        vec![
            (
                "AssumedRoleUser",
                assumed_user(out.assumed_role_user.as_ref()),
            ),
            (
                "PackedPolicySize",
                out.packed_policy_size.map_or(Value::Null, |n| json!(n)),
            ),
            ("SourceIdentity", opt_str(out.source_identity.as_ref())),
        ],
        arn.as_deref(),
    )
}

/// Calls `AssumeRoleWithWebIdentity`, unsigned.
pub(crate) async fn assume_role_with_web_identity(
    config: &SdkConfig,
    p: &WebIdentity<'_>,
) -> Result<(Credentials, Value), CredentialsError> {
    p.check()?;
    let client = awslice_sts::Client::new(&config.provider_client_config(None, NO_REGION));
    let call = client
        .assume_role_with_web_identity()
        .role_arn(p.role_arn)
        .role_session_name(p.session_name)
        .web_identity_token(p.token)
        .send();
    let out = crate::quiet::redacting_bodies(call).await.map_err(|e| {
        call_error("AssumeRoleWithWebIdentity", e, |t| {
            (t.code().to_string(), t.message().to_string())
        })
    })?;
    let arn = out.assumed_role_user.as_ref().and_then(|u| u.arn.clone());
    response_document(
        out.credentials.as_ref(),
        vec![
            (
                "SubjectFromWebIdentityToken",
                opt_str(out.subject_from_web_identity_token.as_ref()),
            ),
            (
                "AssumedRoleUser",
                assumed_user(out.assumed_role_user.as_ref()),
            ),
            (
                "PackedPolicySize",
                out.packed_policy_size.map_or(Value::Null, |n| json!(n)),
            ),
            ("Provider", opt_str(out.provider.as_ref())),
            ("Audience", opt_str(out.audience.as_ref())),
            ("SourceIdentity", opt_str(out.source_identity.as_ref())),
        ],
        arn.as_deref(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checks_in_botocore_order() {
        let p = AssumeRole {
            role_arn: "arn:short",
            session_name: "x",
            session_name_configured: true,
            external_id: Some("e"),
            serial_number: None,
            duration_seconds: Some(100),
            token_code: Some("12345"),
        };
        let e = p.check().unwrap_err();
        assert!(e.is_invalid_parameter());
        assert_eq!(
            e.to_string(),
            "Parameter validation failed:\n\
             Invalid length for parameter RoleSessionName, value: 1, valid min length: 2\n\
             Invalid length for parameter ExternalId, value: 1, valid min length: 2\n\
             Invalid value for parameter DurationSeconds, value: 100, valid min value: 900\n\
             Invalid length for parameter RoleArn, value: 9, valid min length: 20\n\
             Invalid length for parameter TokenCode, value: 5, valid min length: 6"
        );
    }
}
