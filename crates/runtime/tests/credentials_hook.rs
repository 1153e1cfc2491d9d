//! The hooks for credential providers defined outside the runtime: the chain steps that
//! call AWS (`ProfileProviders`: where each step sits in the chain, which profiles it
//! claims, refresh through the same step, the refusal of steps not provided), a user's
//! provider (`ConfigLoader::credentials_provider`) and the `aws-credential-types` adapter;
//! the advisory and mandatory refresh windows.

use crate::config_support as support;

use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use awslice_runtime::config::{ConfigLoader, SdkConfig};
use awslice_runtime::credentials::{
    AwsProvider, CredentialSource, Credentials, CredentialsError, ProfileProviders, ProfileStep,
    ProvideCredentials, ProvideFuture,
};
use support::{TempDir, loader};

fn home(config: &str, credentials: &str) -> TempDir {
    let h = TempDir::new("hook");
    h.write(".aws/config", config);
    h.write(".aws/credentials", credentials);
    h
}

async fn creds(l: ConfigLoader) -> Result<Credentials, CredentialsError> {
    let c = l.load().expect("config loads");
    Ok(c.credentials().await?.expect("signing is on"))
}

/// Records each call (step, profile) and answers from `answer`.
#[derive(Debug, Default)]
struct Fake {
    calls: Mutex<Vec<(ProfileStep, String)>>,
    /// Credentials expiring in these seconds, one per call (the last repeats).
    expiries: Vec<u64>,
    /// Whether calls after the first fail.
    fail_after_first: bool,
}

impl Fake {
    fn calls(&self) -> Vec<(ProfileStep, String)> {
        self.calls.lock().unwrap().clone()
    }
}

impl ProfileProviders for Fake {
    fn supports(&self, step: ProfileStep) -> bool {
        step != ProfileStep::Sso
    }

    fn provide<'a>(
        &'a self,
        step: ProfileStep,
        config: &'a SdkConfig,
    ) -> ProvideFuture<'a, Option<Credentials>> {
        Box::pin(async move {
            let n = {
                let mut calls = self.calls.lock().unwrap();
                calls.push((step, config.profile_name().to_string()));
                calls.len()
            };
            if self.fail_after_first && n > 1 {
                return Err(CredentialsError::other("STS is down"));
            }
            let secs = self
                .expiries
                .get(n - 1)
                .or(self.expiries.last())
                .copied()
                .unwrap_or(3600);
            Ok(Some(Credentials::new(
                format!("ASIAFAKE{n}"),
                "S",
                Some("T".into()),
                Some(SystemTime::now() + Duration::from_secs(secs)),
            )))
        })
    }
}

fn with(l: ConfigLoader, fake: &Arc<Fake>) -> ConfigLoader {
    l.profile_providers(fake.clone())
}

#[tokio::test]
async fn steps_claim_profiles_in_the_aws_cli_order() {
    let h = home(
        "[profile role]\nrole_arn = arn:aws:iam::1:role/r\nsource_profile = base\n\
         [profile empty_role]\nrole_arn =\n\
         [profile web]\nrole_arn = arn:aws:iam::1:role/w\nweb_identity_token_file = /t\n\
         [profile sso]\nsso_session = corp\nsso_account_id = 1\nsso_role_name = r\n\
         [profile plain]\nregion = us-east-1\n",
        "[role]\naws_access_key_id = AKIDOWN\naws_secret_access_key = S\n\
         [plain]\naws_access_key_id = AKIDPLAIN\naws_secret_access_key = S\n",
    );
    let fake = Arc::new(Fake::default());
    // role_arn beats the profile's own static keys; the credentials are attributed to the step.
    let c = creds(with(loader(h.path(), &[]).profile("role"), &fake))
        .await
        .unwrap();
    assert_eq!(
        (c.access_key_id(), c.provider()),
        ("ASIAFAKE1", "assume-role")
    );
    // The key counts even when empty.
    creds(with(loader(h.path(), &[]).profile("empty_role"), &fake))
        .await
        .unwrap();
    // role_arn with web_identity_token_file is web identity.
    let c = creds(with(loader(h.path(), &[]).profile("web"), &fake))
        .await
        .unwrap();
    assert_eq!(c.provider(), "assume-role-with-web-identity");
    // A step the providers do not implement keeps the refusal.
    let e = creds(with(loader(h.path(), &[]).profile("sso"), &fake))
        .await
        .unwrap_err();
    assert!(e.is_unsupported(), "{e}");
    // A profile no step claims goes on to the shared credentials file.
    let c = creds(with(loader(h.path(), &[]).profile("plain"), &fake))
        .await
        .unwrap();
    assert_eq!(c.access_key_id(), "AKIDPLAIN");
    // Environment keys come first; the web identity variables come before the profile's keys.
    let keys = [
        ("AWS_ACCESS_KEY_ID", "AKIDENV"),
        ("AWS_SECRET_ACCESS_KEY", "S"),
    ];
    let c = creds(with(
        loader(h.path(), &[keys[0], keys[1], ("AWS_PROFILE", "role")]),
        &fake,
    ))
    .await
    .unwrap();
    assert_eq!(c.access_key_id(), "AKIDENV");
    let c = creds(with(
        loader(
            h.path(),
            &[
                ("AWS_WEB_IDENTITY_TOKEN_FILE", "/t"),
                ("AWS_PROFILE", "plain"),
            ],
        ),
        &fake,
    ))
    .await
    .unwrap();
    assert_eq!(c.provider(), "assume-role-with-web-identity");
    // ... but not with an explicit profile, nor when set empty.
    let c = creds(with(
        loader(h.path(), &[("AWS_WEB_IDENTITY_TOKEN_FILE", "/t")]).profile("plain"),
        &fake,
    ))
    .await
    .unwrap();
    assert_eq!(c.access_key_id(), "AKIDPLAIN");
    assert_eq!(
        fake.calls(),
        vec![
            (ProfileStep::AssumeRole, "role".to_string()),
            (ProfileStep::AssumeRole, "empty_role".to_string()),
            (ProfileStep::WebIdentity, "web".to_string()),
            (ProfileStep::WebIdentity, "plain".to_string()),
        ]
    );
}

#[tokio::test]
async fn refresh_runs_the_same_step_within_the_windows() {
    let h = home(
        "[default]\nrole_arn = arn:aws:iam::1:role/r\nsource_profile = default\n",
        "",
    );
    // 12 minutes left: inside the advisory window (15), outside the mandatory one (10).
    let fake = Arc::new(Fake {
        expiries: vec![12 * 60, 3600],
        ..Fake::default()
    });
    let config = with(loader(h.path(), &[]), &fake).load().unwrap();
    assert_eq!(
        config.credentials().await.unwrap().unwrap().access_key_id(),
        "ASIAFAKE1"
    );
    assert_eq!(
        config.credentials().await.unwrap().unwrap().access_key_id(),
        "ASIAFAKE2"
    );
    assert_eq!(
        config.credentials().await.unwrap().unwrap().access_key_id(),
        "ASIAFAKE2"
    );
    assert_eq!(fake.calls().len(), 2);
    assert!(
        fake.calls()
            .iter()
            .all(|(s, _)| *s == ProfileStep::AssumeRole)
    );

    // A failed advisory refresh keeps the current credentials.
    let fake = Arc::new(Fake {
        expiries: vec![12 * 60],
        fail_after_first: true,
        ..Fake::default()
    });
    let config = with(loader(h.path(), &[]), &fake).load().unwrap();
    config.credentials().await.unwrap();
    let kept = config.credentials().await.unwrap().unwrap();
    assert_eq!(kept.access_key_id(), "ASIAFAKE1");
    // Inside the mandatory window a failure is an error.
    let fake = Arc::new(Fake {
        expiries: vec![5 * 60],
        fail_after_first: true,
        ..Fake::default()
    });
    let config = with(loader(h.path(), &[]), &fake).load().unwrap();
    config.credentials().await.unwrap();
    let e = config.credentials().await.unwrap_err();
    assert_eq!(e.to_string(), "STS is down");
}

#[tokio::test]
async fn source_profiles_and_credential_sources_for_providers() {
    let h = home(
        "[profile base]\naws_access_key_id = AKIDCFG\naws_secret_access_key = S\n\
         [profile role_with_keys]\nrole_arn = arn:aws:iam::1:role/r\n",
        "[base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = S\n\
         [role_with_keys]\naws_access_key_id = AKIDRK\naws_secret_access_key = S\n",
    );
    let keys = [
        ("AWS_ACCESS_KEY_ID", "AKIDENV"),
        ("AWS_SECRET_ACCESS_KEY", "S"),
    ];
    let fake = Arc::new(Fake::default());
    let config = with(loader(h.path(), &keys).region("eu-west-1"), &fake)
        .load()
        .unwrap();
    let source = config.for_source_profile("base");
    assert!(source.is_source_profile() && source.profile_explicit());
    assert_eq!(source.region(), Some("eu-west-1"));
    // The shared credentials file beats the config file; environment keys are not read.
    let c = source.profile_credentials().await.unwrap().unwrap();
    assert_eq!(c.access_key_id(), "AKIDBASE");
    // Assume-role is not a source profile step: its static keys are used.
    let c = config
        .for_source_profile("role_with_keys")
        .profile_credentials()
        .await
        .unwrap()
        .unwrap();
    assert_eq!(c.access_key_id(), "AKIDRK");
    assert!(fake.calls().is_empty());
    // credential_source = Environment reads the environment even for an explicit profile.
    let c = source
        .credentials_from(CredentialSource::Environment)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(c.access_key_id(), "AKIDENV");
    assert_eq!(CredentialSource::from_name("environment"), None);
    // A provider's own client: unsigned, or signing with the given credentials, and the
    // default region when none is configured.
    let unsigned = config
        .for_source_profile("base")
        .provider_client_config(None, "aws-global");
    assert!(unsigned.no_sign_request());
    assert_eq!(unsigned.region(), Some("eu-west-1"));
    let bare = ConfigLoader::new()
        .env(support::env(h.path(), &[]))
        .load()
        .unwrap()
        .provider_client_config(Some(Credentials::new("A", "B", None, None)), "aws-global");
    assert_eq!(bare.region(), Some("aws-global"));
    assert_eq!(
        bare.credentials().await.unwrap().unwrap().access_key_id(),
        "A"
    );
}

#[tokio::test]
async fn provider_clients_ignore_the_command_line_endpoint() {
    let h = home(
        "[profile p]\nendpoint_url = http://profile.example\nservices = s\n\
         [profile src]\nendpoint_url = http://source.example\n\
         [services s]\nsts =\n  endpoint_url = http://sts-section.example\n",
        "",
    );
    let config = loader(h.path(), &[])
        .profile("p")
        .endpoint_url("http://command-line.example")
        .load()
        .unwrap();
    assert_eq!(
        config.endpoint_url_for("STS").as_deref(),
        Some("http://command-line.example")
    );
    let sts = config.provider_client_config(None, "aws-global");
    assert_eq!(
        sts.endpoint_url_for("STS").as_deref(),
        Some("http://sts-section.example")
    );
    // The selected profile's endpoints apply to a source profile's clients too.
    let from_source = config
        .for_source_profile("src")
        .provider_client_config(None, "x");
    assert_eq!(
        from_source.endpoint_url_for("WorkSpaces").as_deref(),
        Some("http://profile.example")
    );
    let env = loader(h.path(), &[("AWS_ENDPOINT_URL_STS", "http://env.example")])
        .profile("p")
        .load()
        .unwrap()
        .provider_client_config(None, "x");
    assert_eq!(
        env.endpoint_url_for("STS").as_deref(),
        Some("http://env.example")
    );
}

/// A user's provider counting its calls.
#[derive(Debug, Default)]
struct Mine {
    calls: Mutex<u32>,
}

impl ProvideCredentials for Mine {
    fn provide_credentials(&self) -> ProvideFuture<'_, Credentials> {
        Box::pin(async move {
            let mut n = self.calls.lock().unwrap();
            *n += 1;
            Ok(Credentials::new(
                format!("AKIDMINE{n}"),
                "S",
                None,
                Some(SystemTime::now() + Duration::from_secs(if *n == 1 { 60 } else { 3600 })),
            ))
        })
    }
}

#[tokio::test]
async fn a_users_provider_replaces_the_chain_and_is_refreshed() {
    let h = home(
        "[default]\naws_access_key_id = AKIDFILE\naws_secret_access_key = S\n",
        "",
    );
    let config = loader(
        h.path(),
        &[
            ("AWS_ACCESS_KEY_ID", "AKIDENV"),
            ("AWS_SECRET_ACCESS_KEY", "S"),
        ],
    )
    .credentials_provider(Mine::default())
    .load()
    .unwrap();
    assert_eq!(
        config.credentials().await.unwrap().unwrap().access_key_id(),
        "AKIDMINE1"
    );
    // It expires within the refresh window: asked again, then cached.
    assert_eq!(
        config.credentials().await.unwrap().unwrap().access_key_id(),
        "AKIDMINE2"
    );
    assert_eq!(
        config.credentials().await.unwrap().unwrap().access_key_id(),
        "AKIDMINE2"
    );
}

/// A provider written for `aws-credential-types`, as `aws-config`'s are.
#[derive(Debug)]
struct AwsStyle(bool);

impl aws_credential_types::provider::ProvideCredentials for AwsStyle {
    fn provide_credentials<'a>(
        &'a self,
    ) -> aws_credential_types::provider::future::ProvideCredentials<'a>
    where
        Self: 'a,
    {
        use aws_credential_types::provider::{error::CredentialsError as E, future};
        if self.0 {
            future::ProvideCredentials::ready(Ok(aws_credential_types::Credentials::new(
                "AKIDAWS",
                "AWSSECRET",
                Some("AWSTOKEN".into()),
                Some(SystemTime::now() + Duration::from_secs(3600)),
                "aws-style",
            )))
        } else {
            future::ProvideCredentials::ready(Err(E::not_loaded("nothing here")))
        }
    }
}

#[tokio::test]
async fn aws_credential_types_providers_fit() {
    let h = home("", "");
    let config = loader(h.path(), &[])
        .credentials_provider(AwsProvider::new(AwsStyle(true)))
        .load()
        .unwrap();
    let c = config.credentials().await.unwrap().unwrap();
    assert_eq!(
        (c.access_key_id(), c.secret_access_key(), c.session_token()),
        ("AKIDAWS", "AWSSECRET", Some("AWSTOKEN"))
    );
    assert!(c.expiry().is_some());
    let e = loader(h.path(), &[])
        .credentials_provider(AwsProvider::new(AwsStyle(false)))
        .load()
        .unwrap()
        .credentials()
        .await
        .unwrap_err();
    assert!(e.is_not_found(), "{e}");
}
