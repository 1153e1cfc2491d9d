//! Keeps the STS calls' secrets out of the debug log: the runtime logs every request and
//! response body, and these carry the web identity token, the MFA code and the assumed
//! role's secret key and session token. While a provider's call runs, those two log lines
//! are replaced by redacted ones; everything else reaches the current subscriber as is.

use std::fmt;
use std::future::Future;

use tracing::field::{Field, Visit};
use tracing::instrument::WithSubscriber;
use tracing::subscriber::Interest;
use tracing::{Dispatch, Event, Metadata, Subscriber};

/// Runs `fut` with the body lines of the log redacted (nothing to do without a subscriber).
pub(crate) async fn redacting_bodies<F: Future>(fut: F) -> F::Output {
    let current = tracing::dispatcher::get_default(Dispatch::clone);
    if current.is::<tracing::subscriber::NoSubscriber>() {
        return fut.await;
    }
    fut.with_subscriber(Dispatch::new(Redact { inner: current }))
        .await
}

struct Redact {
    inner: Dispatch,
}

/// The `message` field of an event.
#[derive(Default)]
struct Message(Option<String>);

impl Visit for Message {
    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        if field.name() == "message" {
            self.0 = Some(format!("{value:?}"));
        }
    }
}

/// The redacted form of a log line that shows a body, or `None` to keep it.
fn redacted(message: &str) -> Option<String> {
    if message.starts_with("Response body:") {
        return Some("Response body:\n<redacted: it holds credentials>".to_string());
    }
    if let Some(at) = message.find(" with body: ")
        && message.starts_with("Making request for ")
    {
        return Some(format!("{} with body: <redacted>", &message[..at]));
    }
    None
}

impl Subscriber for Redact {
    fn register_callsite(&self, m: &'static Metadata<'static>) -> Interest {
        self.inner.register_callsite(m)
    }
    fn enabled(&self, m: &Metadata<'_>) -> bool {
        self.inner.enabled(m)
    }
    fn new_span(&self, s: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        self.inner.new_span(s)
    }
    fn record(&self, s: &tracing::span::Id, v: &tracing::span::Record<'_>) {
        self.inner.record(s, v)
    }
    fn record_follows_from(&self, s: &tracing::span::Id, f: &tracing::span::Id) {
        self.inner.record_follows_from(s, f)
    }
    fn event(&self, e: &Event<'_>) {
        let mut message = Message::default();
        e.record(&mut message);
        match message.0.as_deref().and_then(redacted) {
            None => self.inner.event(e),
            Some(text) => {
                // The same event with its message replaced (the other fields left out).
                let meta = e.metadata();
                let Some(field) = meta.fields().field("message") else {
                    return;
                };
                let args = format_args!("{text}");
                let values = [(&field, Some(&args as &dyn tracing::Value))];
                let values = meta.fields().value_set(&values);
                self.inner.event(&Event::new(meta, &values));
            }
        }
    }
    fn enter(&self, s: &tracing::span::Id) {
        self.inner.enter(s)
    }
    fn exit(&self, s: &tracing::span::Id) {
        self.inner.exit(s)
    }
    fn clone_span(&self, s: &tracing::span::Id) -> tracing::span::Id {
        self.inner.clone_span(s)
    }
    fn try_close(&self, s: tracing::span::Id) -> bool {
        self.inner.try_close(s)
    }
}

#[cfg(test)]
mod tests {
    use super::redacted;

    #[test]
    fn body_lines() {
        assert_eq!(
            redacted("Making request for AssumeRoleWithWebIdentity with body: Action=x&WebIdentityToken=jwt").as_deref(),
            Some("Making request for AssumeRoleWithWebIdentity with body: <redacted>")
        );
        assert!(redacted("Response body:\n<xml/>").is_some());
        assert_eq!(redacted("Response headers: {}"), None);
    }
}
