//! `--debug` material: tracing events show the endpoint, the canonical request, headers,
//! response and retry decisions, but never the secret key, and the session token only as
//! `<redacted>`.

mod support;

use std::sync::{Arc, Mutex};

use awslice_runtime::client::ServiceClient;
use support::server::{Server, json};
use support::*;

/// A minimal subscriber that records (target, rendered fields) of every event.
#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<(String, String)>>>);

struct Fields(String);

impl tracing::field::Visit for Fields {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        if field.name() == "message" {
            self.0.push_str(&format!("{value:?} "));
        } else {
            self.0.push_str(&format!("{}={value:?} ", field.name()));
        }
    }
}

impl tracing::Subscriber for Capture {
    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, _: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        tracing::span::Id::from_u64(1)
    }
    fn record(&self, _: &tracing::span::Id, _: &tracing::span::Record<'_>) {}
    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}
    fn event(&self, event: &tracing::Event<'_>) {
        let mut f = Fields(String::new());
        event.record(&mut f);
        self.0
            .lock()
            .unwrap()
            .push((event.metadata().target().to_owned(), f.0));
    }
    fn enter(&self, _: &tracing::span::Id) {}
    fn exit(&self, _: &tracing::span::Id) {}
}

#[test]
fn debug_events_show_the_exchange_without_secrets() {
    let server = Server::start(vec![
        json(503, r#"{"__type":"ServiceUnavailable","message":"u"}"#),
        json(200, "{}"),
    ]);
    let token = "SessionTokenValue123";
    let cfg = config(Opts {
        endpoint: Some(server.url()),
        token: Some(token),
        ..Opts::default()
    });
    let capture = Capture::default();
    tracing::subscriber::with_default(capture.clone(), || {
        block_on(ServiceClient::new(&cfg, &META).call(
            "UpdateWorkspaceImagePermission",
            SHARE_BODY.as_bytes().to_vec(),
        ))
        .expect("call");
    });
    let events = capture.0.lock().unwrap().clone();
    let all: String = events.iter().map(|(t, m)| format!("{t}: {m}\n")).collect();
    let has = |target: &str, needle: &str| {
        events
            .iter()
            .any(|(t, m)| t == target && m.contains(needle))
    };
    assert!(
        has(
            "awslice::endpoint",
            "Calling endpoint provider with parameters"
        ),
        "{all}"
    );
    assert!(
        has(
            "awslice::endpoint",
            &format!("Endpoint provider result: {}", server.url())
        ),
        "{all}"
    );
    assert!(
        has("awslice::http", "Setting workspaces timeout as (60, 60)"),
        "{all}"
    );
    assert!(
        has(
            "awslice::auth",
            "content-type;host;x-amz-date;x-amz-security-token;x-amz-target"
        ),
        "{all}"
    );
    assert!(
        has("awslice::auth", "x-amz-security-token:<redacted>"),
        "{all}"
    );
    assert!(has("awslice::auth", "AWS4-HMAC-SHA256"), "{all}");
    assert!(
        has("awslice::http", "'X-Amz-Security-Token': '<redacted>'"),
        "{all}"
    );
    assert!(has("awslice::http", "Authorization"), "{all}");
    assert!(has("awslice::http", "\"POST / HTTP/1.1\" 503"), "{all}");
    assert!(has("awslice::http", "Response body:"), "{all}");
    assert!(has("awslice::retry", "Retry needed"), "{all}");
    assert!(has("awslice::retry", "Not retrying request."), "{all}");
    assert!(!all.contains(SECRET), "the secret key leaked:\n{all}");
    assert!(!all.contains(token), "the session token leaked:\n{all}");
}
