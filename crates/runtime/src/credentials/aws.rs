//! [`AwsProvider`]: a provider written for `aws-credential-types` as ours (feature
//! `aws-credential-types`).

use super::{Credentials, CredentialsError, ProvideCredentials, ProvideFuture};

/// Adapts a provider written for `aws-credential-types` (for instance one of `aws-config`'s)
/// to [`ProvideCredentials`]:
///
/// ```
/// use awslice_runtime::config::ConfigLoader;
/// use awslice_runtime::credentials::AwsProvider;
///
/// // Any `aws_credential_types::provider::ProvideCredentials`: here fixed credentials; an
/// // `aws-config` provider plugs in the same way.
/// let theirs = aws_credential_types::Credentials::new("AKID", "SECRET", None, None, "mine");
/// let config = ConfigLoader::new()
///     .region("us-east-1")
///     .credentials_provider(AwsProvider::new(theirs))
///     .load()?;
/// # let rt = tokio::runtime::Builder::new_current_thread().build()?;
/// let credentials = rt.block_on(config.credentials())?.expect("signed requests");
/// assert_eq!(credentials.access_key_id(), "AKID");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// Needs the feature `aws-credential-types` (off by default: it brings the smithy runtime
/// crates into the build).
///
/// `CredentialsNotLoaded` becomes a not-found error (the CLI's `NoCredentials`); the other
/// errors become provider errors carrying their text.
#[derive(Debug)]
pub struct AwsProvider<P>(P);

impl<P> AwsProvider<P> {
    /// Wraps `provider`.
    pub fn new(provider: P) -> Self {
        AwsProvider(provider)
    }
}

impl<P> ProvideCredentials for AwsProvider<P>
where
    P: aws_credential_types::provider::ProvideCredentials,
{
    fn provide_credentials(&self) -> ProvideFuture<'_, Credentials> {
        Box::pin(async move {
            use aws_credential_types::provider::error::CredentialsError as AwsError;
            match self.0.provide_credentials().await {
                Ok(c) => Ok(Credentials::from_provider(
                    c.access_key_id().to_string(),
                    c.secret_access_key().to_string(),
                    c.session_token().map(str::to_string),
                    c.expiry(),
                    "custom",
                )),
                Err(AwsError::CredentialsNotLoaded(_)) => {
                    Err(CredentialsError::not_found(vec!["custom"]))
                }
                Err(e) => {
                    let mut text = e.to_string();
                    let mut source = std::error::Error::source(&e);
                    while let Some(s) = source {
                        text.push_str(&format!(": {s}"));
                        source = s.source();
                    }
                    Err(CredentialsError::provider("custom", text))
                }
            }
        })
    }
}
