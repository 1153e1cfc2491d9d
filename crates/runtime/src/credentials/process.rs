//! `credential_process`: run a command (no shell; split with POSIX shell rules as botocore
//! does) and read credentials from its JSON output.

use super::{Credentials, CredentialsError, parse_expiry};

const PROVIDER: &str = "custom-process";

/// Runs `command_line` and parses its output.
pub(super) async fn run(command_line: &str) -> Result<Credentials, CredentialsError> {
    let argv = shlex::split(command_line)
        .filter(|a| !a.is_empty())
        .ok_or_else(|| {
            CredentialsError::provider(
                PROVIDER,
                format!("cannot split credential_process into a command line: {command_line}"),
            )
        })?;
    tracing::debug!("Running credential_process: {}", argv[0]);
    let program = argv[0].clone();
    let exec = move || {
        std::process::Command::new(&argv[0])
            .args(&argv[1..])
            .stdin(std::process::Stdio::inherit())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .output()
    };
    // The command may take a while (a login helper): keep it off the async threads
    // when there is a runtime to hand it to.
    let output = match tokio::runtime::Handle::try_current() {
        Ok(handle) => handle.spawn_blocking(exec).await.map_err(|e| {
            CredentialsError::provider(PROVIDER, format!("the command did not complete: {e}"))
        })?,
        Err(_) => exec(),
    }
    .map_err(|e| CredentialsError::provider(PROVIDER, format!("cannot run {program}: {e}")))?;

    if !output.status.success() {
        // botocore reports the command's stderr as is (trailing newline included).
        let stderr = String::from_utf8_lossy(&output.stderr);
        let msg = if stderr.trim().is_empty() {
            format!("{program} exited with {}", output.status)
        } else {
            stderr.to_string()
        };
        return Err(CredentialsError::provider(PROVIDER, msg));
    }
    let credentials = parse_output(&output.stdout)?;
    tracing::info!("Found credentials from credential_process.");
    Ok(credentials)
}

/// Parses the process's JSON (`Version` 1). Errors never quote the output (it holds secrets).
pub(super) fn parse_output(stdout: &[u8]) -> Result<Credentials, CredentialsError> {
    let json: serde_json::Value = serde_json::from_slice(stdout).map_err(|e| {
        CredentialsError::provider(PROVIDER, format!("the output is not valid JSON: {e}"))
    })?;
    let Some(obj) = json.as_object() else {
        return Err(CredentialsError::provider(
            PROVIDER,
            "the output is not a JSON object",
        ));
    };
    let version_ok = obj
        .get("Version")
        .and_then(serde_json::Value::as_f64)
        .is_some_and(|v| v == 1.0);
    if !version_ok {
        let shown = match obj.get("Version") {
            None => "<Version key not provided>".to_string(),
            Some(serde_json::Value::String(s)) => s.clone(),
            Some(v) => v.to_string(),
        };
        return Err(CredentialsError::provider(
            PROVIDER,
            format!(
                "Unsupported version '{shown}' for credential process provider, supported versions: 1"
            ),
        ));
    }
    let string = |key: &str, required: bool| -> Result<Option<String>, CredentialsError> {
        match obj.get(key) {
            Some(serde_json::Value::String(s)) => Ok(Some(s.clone())),
            None | Some(serde_json::Value::Null) if !required => Ok(None),
            None => Err(CredentialsError::provider(
                PROVIDER,
                format!("Missing required key in response: '{key}'"),
            )),
            Some(_) => Err(CredentialsError::provider(
                PROVIDER,
                format!("'{key}' in the response is not a string"),
            )),
        }
    };
    let akid = string("AccessKeyId", true)?.unwrap_or_default();
    let secret = string("SecretAccessKey", true)?.unwrap_or_default();
    let token = string("SessionToken", false)?;
    let expiry = match string("Expiration", false)? {
        None => None,
        Some(raw) => Some(parse_expiry(&raw).ok_or_else(|| {
            CredentialsError::provider(PROVIDER, format!("invalid Expiration: {raw}"))
        })?),
    };
    Ok(Credentials::from_provider(
        akid, secret, token, expiry, PROVIDER,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_variants() {
        let c = parse_output(
            br#"{"Version":1,"AccessKeyId":"AK","SecretAccessKey":"SK","SessionToken":"T","Expiration":"2099-01-01T00:00:00Z"}"#,
        )
        .unwrap();
        assert_eq!((c.access_key_id(), c.secret_access_key()), ("AK", "SK"));
        assert_eq!(c.session_token(), Some("T"));
        assert!(c.expiry().is_some());

        let cases: [(&[u8], &str); 6] = [
            (b"not json", "not valid JSON"),
            (b"[]", "not a JSON object"),
            (
                br#"{"AccessKeyId":"AK"}"#,
                "Unsupported version '<Version key not provided>'",
            ),
            (
                br#"{"Version":2}"#,
                "Unsupported version '2' for credential process provider, supported versions: 1",
            ),
            (
                br#"{"Version":1,"SecretAccessKey":"SK"}"#,
                "Missing required key in response: 'AccessKeyId'",
            ),
            (
                br#"{"Version":1,"AccessKeyId":"AK","SecretAccessKey":"SK","Expiration":"soon"}"#,
                "invalid Expiration",
            ),
        ];
        for (out, needle) in cases {
            let e = parse_output(out).unwrap_err();
            let text = e.to_string();
            assert!(
                text.starts_with("Error when retrieving credentials from custom-process: ")
                    && text.contains(needle),
                "{text}"
            );
            assert!(!text.contains("SK"), "{text}");
        }
    }
}
