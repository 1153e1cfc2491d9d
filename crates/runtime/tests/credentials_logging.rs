//! What `--debug` shows about configuration and credentials: the botocore-style messages,
//! and never a secret.

mod config_support;

use config_support as support;

use std::fmt::Write as _;
use std::sync::{Arc, Mutex};

use support::{TempDir, loader};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

/// A minimal subscriber that keeps every event's fields as text (the project has no
/// tracing-subscriber dependency, and this is all the test needs).
#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<String>>>);

struct Fields(String);

impl Visit for Fields {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        let _ = write!(self.0, "{}={value:?} ", field.name());
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        let _ = write!(self.0, "{}={value} ", field.name());
    }
}

impl Subscriber for Capture {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, _: &Attributes<'_>) -> Id {
        Id::from_u64(1)
    }
    fn record(&self, _: &Id, _: &Record<'_>) {}
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, event: &Event<'_>) {
        let mut f = Fields(format!("{} ", event.metadata().level()));
        event.record(&mut f);
        self.0.lock().expect("lock").push(f.0);
    }
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}

fn captured(run: impl FnOnce()) -> Vec<String> {
    let capture = Capture::default();
    tracing::subscriber::with_default(capture.clone(), run);
    capture.0.lock().expect("lock").clone()
}

fn block_on<F: std::future::Future>(f: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime")
        .block_on(f)
}

#[test]
fn debug_messages_without_secrets() {
    let home = TempDir::new("log");
    home.write(".aws/config", "[default]\nregion = us-east-1\n[profile p]\naws_access_key_id = AKIDCFG\naws_secret_access_key = CFGSECRET99\naws_session_token = CFGTOKEN99\n");
    home.write(
        ".aws/credentials",
        "[default]\naws_access_key_id = AKIDFILE\naws_secret_access_key = FILESECRET99\n",
    );
    let env_vars = [
        ("AWS_ACCESS_KEY_ID", "AKIDENV"),
        ("AWS_SECRET_ACCESS_KEY", "ENVSECRET99"),
        ("AWS_SESSION_TOKEN", "ENVTOKEN99"),
    ];

    let lines = captured(|| {
        let c = loader(home.path(), &env_vars).load().unwrap();
        block_on(c.credentials()).unwrap();
    });
    let all = lines.join("\n");
    assert!(all.contains("Loading config file "), "{all}");
    assert!(
        all.contains("INFO message=Found credentials in environment variables."),
        "{all}"
    );

    let lines = captured(|| {
        let c = loader(home.path(), &env_vars).profile("p").load().unwrap();
        block_on(c.credentials()).unwrap();
    });
    let explicit = lines.join("\n");
    assert!(explicit.contains("Skipping environment variable credential check because profile name was explicitly set."), "{explicit}");
    assert!(
        explicit.contains("Looking for credentials via: shared-credentials-file"),
        "{explicit}"
    );
    assert!(
        explicit.contains("Credentials found in config file: ~/.aws/config"),
        "{explicit}"
    );

    let lines = captured(|| {
        let c = loader(home.path(), &[]).load().unwrap();
        block_on(c.credentials()).unwrap();
    });
    let file = lines.join("\n");
    assert!(
        file.contains("Found credentials in shared credentials file: ~/.aws/credentials"),
        "{file}"
    );

    for text in [&all, &explicit, &file] {
        for secret in [
            "ENVSECRET99",
            "ENVTOKEN99",
            "CFGSECRET99",
            "CFGTOKEN99",
            "FILESECRET99",
        ] {
            assert!(!text.contains(secret), "{secret} logged:\n{text}");
        }
    }
}
