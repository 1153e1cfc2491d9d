//! No secret in `Debug`, `Display`, errors or the debug log: the source secret key, the
//! assumed secret key and session token, the web identity token and the MFA code.

use std::fmt::Write as _;
use std::sync::{Arc, Mutex};

use awslice_credentials::Providers;
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

use crate::support::*;

/// Collects every event's fields as text.
#[derive(Clone, Default)]
struct Log(Arc<Mutex<String>>);

struct Fields<'a>(&'a mut String);

impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        let _ = writeln!(self.0, "{}={value:?}", field.name());
    }
}

impl Subscriber for Log {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, _: &Attributes<'_>) -> Id {
        Id::from_u64(1)
    }
    fn record(&self, _: &Id, _: &Record<'_>) {}
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, e: &Event<'_>) {
        let mut text = self.0.lock().unwrap();
        let _ = write!(text, "{}: ", e.metadata().target());
        e.record(&mut Fields(&mut text));
    }
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}

const SECRETS: [&str; 7] = [
    SOURCE_SECRET,
    "SECRET0",
    "TOKEN0",
    "SECRET1",
    "TOKEN1",
    "web-token-value",
    "987654",
];

fn assert_clean(what: &str, text: &str) {
    for s in SECRETS {
        assert!(!text.contains(s), "{what} shows {s}:\n{text}");
    }
}

#[tokio::test]
async fn not_in_debug_errors_or_logs() {
    let sts = fake_sts();
    let h = home(
        "[profile role]\nrole_arn = arn:aws:iam::123456789012:role/test\nsource_profile = base\n\
         mfa_serial = arn:aws:iam::123456789012:mfa/user\n",
        &format!(
            "[base]\naws_access_key_id = {SOURCE_AKID}\naws_secret_access_key = {SOURCE_SECRET}\n"
        ),
    );
    let token = h.write("token", "web-token-value");
    let cap = capture();
    let (s, w, t) = (sts.url(), cap.url(), token.display().to_string());
    let log = Log::default();
    let _guard = tracing::subscriber::set_default(log.clone());

    let providers = Providers::with_mfa_prompt(mfa("987654\n"));
    let config = loader_with(
        h.path(),
        &[
            ("AWS_ENDPOINT_URL_STS", &s),
            ("AWS_ENDPOINT_URL_WORKSPACES", &w),
        ],
        providers.clone(),
    )
    .profile("role")
    .load()
    .unwrap();
    signed_call(&config, &cap).await;
    let c = config.credentials().await.unwrap().unwrap();
    assert_clean("Credentials", &format!("{c:?} {c}"));
    assert_clean("Providers", &format!("{providers:?}"));
    assert_clean("SdkConfig", &format!("{config:?}"));

    // Web identity from the environment.
    let config = loader(
        h.path(),
        &[
            ("AWS_ENDPOINT_URL_STS", &s),
            ("AWS_ENDPOINT_URL_WORKSPACES", &w),
            ("AWS_WEB_IDENTITY_TOKEN_FILE", &t),
            ("AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/web"),
        ],
    )
    .load()
    .unwrap();
    signed_call(&config, &cap).await;

    // An error after a refresh refusal carries no secret either.
    let e =
        creds(loader_with(h.path(), &[("AWS_ENDPOINT_URL_STS", &s)], providers).profile("role"))
            .await
            .unwrap_err();
    assert_clean("error", &format!("{e} {e:?}"));

    let text = log.0.lock().unwrap().clone();
    assert!(
        text.contains("Looking for credentials via: assume-role"),
        "{text}"
    );
    assert!(text.contains("Response body:\n<redacted"), "{text}");
    assert!(
        text.contains("Making request for AssumeRoleWithWebIdentity with body: <redacted>"),
        "{text}"
    );
    assert_clean("the debug log", &text);
    assert_eq!(sts.requests().len(), 2);
}
