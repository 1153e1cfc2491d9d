//! The credentials provider chain: order, explicit profiles, files, credential_process,
//! unsupported providers, caching and refresh, and redaction of secrets.

use crate::config_support as support;

use std::time::{Duration, Instant};

use awslice_runtime::config::{ConfigLoader, SdkConfig};
use awslice_runtime::credentials::{Credentials, CredentialsError};
use support::{TempDir, loader, rfc3339_in};

const ENV_KEYS: [(&str, &str); 3] = [
    ("AWS_ACCESS_KEY_ID", "AKIDENV"),
    ("AWS_SECRET_ACCESS_KEY", "SECRETENV"),
    ("AWS_SESSION_TOKEN", "TOKENENV"),
];

fn home(config: &str, credentials: &str) -> TempDir {
    let h = TempDir::new("chain");
    h.write(".aws/config", config);
    h.write(".aws/credentials", credentials);
    h
}

async fn creds(l: ConfigLoader) -> Result<Credentials, CredentialsError> {
    let c = l.load().expect("config loads");
    Ok(c.credentials().await?.expect("signing is on"))
}

#[tokio::test]
async fn environment_first_unless_profile_is_explicit() {
    let h = home(
        "[profile dev]\nregion = eu-west-2\n[profile cfgonly]\noutput = text\n",
        "[dev]\naws_access_key_id = AKIDDEV\naws_secret_access_key = SECRETDEV\naws_session_token = devSessionToken123\n",
    );
    let c = creds(loader(h.path(), &ENV_KEYS)).await.unwrap();
    assert_eq!(
        (c.access_key_id(), c.secret_access_key()),
        ("AKIDENV", "SECRETENV")
    );
    assert_eq!((c.session_token(), c.provider()), (Some("TOKENENV"), "env"));
    // AWS_PROFILE keeps the environment provider.
    let mut vars = ENV_KEYS.to_vec();
    vars.push(("AWS_PROFILE", "dev"));
    assert_eq!(
        creds(loader(h.path(), &vars))
            .await
            .unwrap()
            .access_key_id(),
        "AKIDENV"
    );
    // --profile turns it off.
    let c = creds(loader(h.path(), &ENV_KEYS).profile("dev"))
        .await
        .unwrap();
    assert_eq!(c.access_key_id(), "AKIDDEV");
    assert_eq!(c.session_token(), Some("devSessionToken123"));
    assert_eq!(c.provider(), "shared-credentials-file");
    // A profile without keys, even with env keys set: nothing found.
    let e = creds(loader(h.path(), &ENV_KEYS).profile("cfgonly"))
        .await
        .unwrap_err();
    assert!(e.is_not_found(), "{e}");
    assert!(!e.tried().contains(&"env"));
    assert!(e.tried().contains(&"iam-role"));
}

#[tokio::test]
async fn shared_file_then_config_file() {
    let h = home(
        "[default]\naws_access_key_id = AKIDCFG\naws_secret_access_key = SECRETCFG\n\
         [profile c]\naws_access_key_id = AKIDC\naws_secret_access_key = S\naws_security_token = OLD\n",
        "[default]\naws_access_key_id = AKIDCRED\naws_secret_access_key = SECRETCRED\n",
    );
    let c = creds(loader(h.path(), &[])).await.unwrap();
    assert_eq!(
        (c.access_key_id(), c.provider()),
        ("AKIDCRED", "shared-credentials-file")
    );
    let c = creds(loader(h.path(), &[]).profile("c")).await.unwrap();
    assert_eq!((c.access_key_id(), c.provider()), ("AKIDC", "config-file"));
    assert_eq!(c.session_token(), Some("OLD"));
}

#[tokio::test]
async fn partial_credentials_are_errors() {
    let h = home("", "[default]\naws_access_key_id = AKID\n");
    let e = creds(loader(h.path(), &[])).await.unwrap_err();
    assert!(!e.is_not_found());
    assert_eq!(
        e.to_string(),
        "Partial credentials found in shared-credentials-file, missing: aws_secret_access_key"
    );
    let e = creds(loader(h.path(), &[("AWS_ACCESS_KEY_ID", "AKID")]))
        .await
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "Partial credentials found in env, missing: AWS_SECRET_ACCESS_KEY"
    );
}

#[tokio::test]
async fn nothing_found_is_not_found_and_fast() {
    let h = TempDir::new("empty");
    let started = Instant::now();
    let e = creds(loader(h.path(), &[])).await.unwrap_err();
    assert!(e.is_not_found());
    assert_eq!(
        e.tried(),
        [
            "env",
            "shared-credentials-file",
            "custom-process",
            "config-file",
            "container-role",
            "iam-role"
        ]
    );
    assert!(e.to_string().starts_with("Unable to locate credentials"));
    assert!(started.elapsed() < Duration::from_secs(1));
}

#[tokio::test]
async fn unsupported_providers_say_so() {
    let h = home(
        "[profile role]\nrole_arn = arn:aws:iam::123456789012:role/x\nsource_profile = default\n\
         [profile sso]\nsso_session = corp\n[profile oldsso]\nsso_start_url = https://x\n\
         [profile web]\nweb_identity_token_file = /t\nrole_arn = arn:aws:iam::1:role/y\n\
         [profile login]\nlogin_session = arn:aws:iam::1:user/u\n\
         [sso-session corp]\nsso_region = us-east-1\n",
        "",
    );
    for (profile, needle) in [
        ("role", "uses assume-role (`role_arn`)"),
        ("sso", "(SSO) (`sso_session`)"),
        ("oldsso", "(`sso_start_url`)"),
        ("web", "(`role_arn`)"),
        ("login", "aws login (`login_session`)"),
    ] {
        let e = creds(loader(h.path(), &[]).profile(profile))
            .await
            .unwrap_err();
        assert!(e.is_unsupported() && !e.is_not_found(), "{e}");
        let text = e.to_string();
        assert!(
            text.starts_with(&format!("The config profile ({profile}) uses "))
                && text.contains(needle),
            "{text}"
        );
        assert!(
            text.ends_with("which awslice does not support yet"),
            "{text}"
        );
    }
    // Env credentials come first even when the profile would need assume-role.
    let c = creds(loader(
        h.path(),
        &[ENV_KEYS[0], ENV_KEYS[1], ("AWS_PROFILE", "role")],
    ))
    .await
    .unwrap();
    assert_eq!(c.access_key_id(), "AKIDENV");
    // Web identity through the environment.
    let empty = TempDir::new("empty");
    let e = creds(loader(
        empty.path(),
        &[
            ("AWS_WEB_IDENTITY_TOKEN_FILE", "/t"),
            ("AWS_ROLE_ARN", "arn:aws:iam::1:role/r"),
        ],
    ))
    .await
    .unwrap_err();
    assert!(e.is_unsupported(), "{e}");
}

#[tokio::test]
async fn static_credentials_and_env_expiry() {
    let h = TempDir::new("static");
    let fixed = Credentials::new("AKIDFIXED", "SECRETFIXED", None, None);
    let c = creds(loader(h.path(), &ENV_KEYS).credentials(fixed))
        .await
        .unwrap();
    assert_eq!((c.access_key_id(), c.provider()), ("AKIDFIXED", "static"));

    let mut vars = ENV_KEYS.to_vec();
    let later = rfc3339_in(3600);
    vars.push(("AWS_CREDENTIAL_EXPIRATION", &later));
    let c = creds(loader(h.path(), &vars)).await.unwrap();
    assert!(c.expiry().is_some());
    vars.pop();
    vars.push(("AWS_CREDENTIAL_EXPIRATION", "someday"));
    let e = creds(loader(h.path(), &vars)).await.unwrap_err();
    assert!(e.to_string().contains("AWS_CREDENTIAL_EXPIRATION"), "{e}");
}

#[cfg(unix)]
mod process {
    use super::*;

    fn process_home(script_args: &str, body: &str) -> TempDir {
        let h = TempDir::new("proc");
        let script = h.script("creds.sh", body);
        h.write(
            ".aws/config",
            &format!(
                "[default]\ncredential_process = {} {script_args}\n",
                script.display()
            ),
        );
        h
    }

    #[tokio::test]
    async fn success_with_quoted_arguments() {
        let h = process_home(
            r#""AK ID" 'x y'"#,
            r#"printf '{"Version": 1, "AccessKeyId": "%s", "SecretAccessKey": "%s", "SessionToken": "TOK"}' "$1" "$2""#,
        );
        let c = creds(loader(h.path(), &[])).await.unwrap();
        assert_eq!((c.access_key_id(), c.secret_access_key()), ("AK ID", "x y"));
        assert_eq!(
            (c.session_token(), c.provider()),
            (Some("TOK"), "custom-process")
        );
        assert_eq!(c.expiry(), None);
    }

    #[tokio::test]
    async fn shared_credentials_file_beats_the_process() {
        let h = process_home("", "exit 1");
        h.write(
            ".aws/credentials",
            "[default]\naws_access_key_id = AKIDFILE\naws_secret_access_key = S\n",
        );
        assert_eq!(
            creds(loader(h.path(), &[])).await.unwrap().access_key_id(),
            "AKIDFILE"
        );
    }

    #[tokio::test]
    async fn failures_are_clear_errors() {
        let h = process_home("", "echo 'token expired, run login' >&2; exit 3");
        let e = creds(loader(h.path(), &[])).await.unwrap_err();
        assert!(!e.is_not_found());
        assert_eq!(
            e.to_string(),
            "Error when retrieving credentials from custom-process: token expired, run login\n"
        );

        let h = process_home(
            "",
            r#"echo '{"Version": 1, "AccessKeyId": "A", "SecretAccessKey": "SEKRIT",'"#,
        );
        let e = creds(loader(h.path(), &[])).await.unwrap_err();
        assert!(e.to_string().contains("not valid JSON"), "{e}");
        assert!(!e.to_string().contains("SEKRIT"));

        let h = process_home("", r#"echo '{"Version": 2}'"#);
        let e = creds(loader(h.path(), &[])).await.unwrap_err();
        assert!(e.to_string().ends_with(
            "Unsupported version '2' for credential process provider, supported versions: 1"
        ));

        let h = TempDir::new("proc");
        h.write(
            ".aws/config",
            "[default]\ncredential_process = /nonexistent/helper --flag\n",
        );
        let e = creds(loader(h.path(), &[])).await.unwrap_err();
        assert!(
            e.to_string().contains("cannot run /nonexistent/helper"),
            "{e}"
        );

        h.write(
            ".aws/config",
            "[default]\ncredential_process = helper 'unbalanced\n",
        );
        let e = creds(loader(h.path(), &[])).await.unwrap_err();
        assert!(e.to_string().contains("cannot split"), "{e}");

        let h = process_home(
            "",
            &format!(
                r#"echo '{{"Version": 1, "AccessKeyId": "A", "SecretAccessKey": "S", "Expiration": "{}"}}'"#,
                rfc3339_in(-60)
            ),
        );
        let e = creds(loader(h.path(), &[])).await.unwrap_err();
        assert!(e.to_string().contains("already expired"), "{e}");
    }

    #[tokio::test]
    async fn expiring_credentials_are_refreshed_once() {
        let h = TempDir::new("refresh");
        // 1st run: expires in 2 minutes (inside the 5-minute refresh window);
        // later runs: expire in an hour. Every run is counted.
        h.write("first.json", &format!(
            r#"{{"Version": 1, "AccessKeyId": "AK1", "SecretAccessKey": "S1", "Expiration": "{}"}}"#,
            rfc3339_in(120)
        ));
        h.write("later.json", &format!(
            r#"{{"Version": 1, "AccessKeyId": "AK2", "SecretAccessKey": "S2", "Expiration": "{}"}}"#,
            rfc3339_in(3600)
        ));
        let dir = h.path().display().to_string();
        let script = h.script(
            "creds.sh",
            &format!(
                "echo run >> '{dir}/runs'\nif [ -f '{dir}/done' ]; then cat '{dir}/later.json'; else touch '{dir}/done'; cat '{dir}/first.json'; fi"
            ),
        );
        h.write(
            ".aws/config",
            &format!("[default]\ncredential_process = {}\n", script.display()),
        );
        let config: SdkConfig = loader(h.path(), &[]).load().unwrap();
        let first = config.credentials().await.unwrap().unwrap();
        assert_eq!(first.access_key_id(), "AK1");
        let clone = config.clone();
        let calls = (0..100).map(|_| {
            let c = clone.clone();
            async move { c.credentials().await }
        });
        let results = join_all(calls).await;
        for r in results {
            assert_eq!(r.unwrap().unwrap().access_key_id(), "AK2");
        }
        let runs = std::fs::read_to_string(h.path().join("runs")).unwrap();
        assert_eq!(runs.lines().count(), 2, "the process ran {runs:?}");
    }
}

/// Polls all futures concurrently on the current task (no extra dependency).
pub async fn join_all<F: std::future::Future>(
    futures: impl IntoIterator<Item = F>,
) -> Vec<F::Output> {
    let local: Vec<_> = futures.into_iter().map(Box::pin).collect();
    let mut out: Vec<Option<F::Output>> = local.iter().map(|_| None).collect();
    let mut pending: Vec<_> = local.into_iter().enumerate().collect();
    std::future::poll_fn(|cx| {
        pending.retain_mut(|(i, f)| match f.as_mut().poll(cx) {
            std::task::Poll::Ready(v) => {
                out[*i] = Some(v);
                false
            }
            std::task::Poll::Pending => true,
        });
        if pending.is_empty() {
            std::task::Poll::Ready(())
        } else {
            std::task::Poll::Pending
        }
    })
    .await;
    out.into_iter().flatten().collect()
}

#[tokio::test]
async fn secrets_never_shown() {
    let h = home(
        "[default]\naws_access_key_id = AKIDCFG\naws_secret_access_key = CFGSECRETVALUE\n",
        "[p]\naws_access_key_id = AKIDP\n",
    );
    let mut vars = ENV_KEYS.to_vec();
    vars.push(("AWS_SECRET_ACCESS_KEY", "ENVSECRETVALUE"));
    let config = loader(h.path(), &vars).load().unwrap();
    let c = config.credentials().await.unwrap().unwrap();
    let mut texts = vec![
        format!("{config:?}"),
        format!("{c:?}"),
        c.to_string(),
        format!("{:?}", config.profile_set()),
    ];
    let e = creds(loader(h.path(), &vars).profile("p"))
        .await
        .unwrap_err();
    texts.push(e.to_string());
    texts.push(format!("{e:?}"));
    for t in &texts {
        for secret in ["CFGSECRETVALUE", "ENVSECRETVALUE", "SECRETENV", "TOKENENV"] {
            assert!(!t.contains(secret), "{secret} in {t}");
        }
    }
    assert!(texts[1].contains("AKIDENV"), "{}", texts[1]);
}
