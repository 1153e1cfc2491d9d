//! `--debug`: prints the runtime's `tracing` events on stderr in the AWS CLI's log line
//! format, `%(asctime)s - MainThread - <target> - DEBUG - <message>`.
//!
//! A dozen lines of `tracing::Subscriber` instead of `tracing-subscriber`: the format is
//! fixed, there are no spans to track, and it keeps start-up and build time small.

use std::fmt::Write as _;
use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Level, Metadata, Subscriber};

/// Where the log lines go (the command's stderr).
pub type Sink = Arc<Mutex<Box<dyn Write + Send>>>;

/// The subscriber installed for `--debug`.
pub struct DebugLog {
    sink: Sink,
}

impl DebugLog {
    /// A subscriber writing to `sink`.
    pub fn new(sink: Sink) -> Self {
        DebugLog { sink }
    }

    /// Writes one line as logger `target` at `level`.
    pub fn line(&self, target: &str, level: &str, message: &str) {
        let line = format!(
            "{} - MainThread - {target} - {level} - {message}\n",
            asctime(SystemTime::now())
        );
        if let Ok(mut w) = self.sink.lock() {
            let _ = w.write_all(line.as_bytes());
            let _ = w.flush();
        }
    }
}

/// `2026-11-25 11:46:39,470` (UTC).
pub fn asctime(t: SystemTime) -> String {
    let dt = time::OffsetDateTime::from(t);
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02},{:03}",
        dt.year(),
        u8::from(dt.month()),
        dt.day(),
        dt.hour(),
        dt.minute(),
        dt.second(),
        dt.millisecond()
    )
}

/// Field names whose values are never printed.
fn is_secret(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    n.contains("secret")
        || n.contains("session_token")
        || n.contains("security_token")
        || n == "token"
}

struct Fields {
    message: String,
    rest: String,
}

impl Visit for Fields {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        if field.name() == "message" {
            let _ = write!(self.message, "{value:?}");
        } else if is_secret(field.name()) {
            let _ = write!(self.rest, " {}=<redacted>", field.name());
        } else {
            let _ = write!(self.rest, " {}={value:?}", field.name());
        }
    }

    fn record_str(&mut self, field: &Field, value: &str) {
        if field.name() == "message" {
            self.message.push_str(value);
        } else if is_secret(field.name()) {
            let _ = write!(self.rest, " {}=<redacted>", field.name());
        } else {
            let _ = write!(self.rest, " {}={value}", field.name());
        }
    }
}

impl Subscriber for DebugLog {
    fn enabled(&self, metadata: &Metadata<'_>) -> bool {
        *metadata.level() <= Level::DEBUG
    }

    fn new_span(&self, _span: &Attributes<'_>) -> Id {
        Id::from_u64(1)
    }

    fn record(&self, _span: &Id, _values: &Record<'_>) {}

    fn record_follows_from(&self, _span: &Id, _follows: &Id) {}

    fn event(&self, event: &Event<'_>) {
        let mut f = Fields {
            message: String::new(),
            rest: String::new(),
        };
        event.record(&mut f);
        let meta = event.metadata();
        let target = meta.target().replace("::", ".");
        self.line(
            &target,
            meta.level().as_str(),
            &format!("{}{}", f.message, f.rest),
        );
    }

    fn enter(&self, _span: &Id) {}

    fn exit(&self, _span: &Id) {}
}

/// Adapts the shared debug log to `tracing`'s dispatcher (which needs an owned subscriber).
pub(crate) struct DebugDispatch(pub(crate) Arc<DebugLog>);

impl tracing::Subscriber for DebugDispatch {
    fn enabled(&self, m: &tracing::Metadata<'_>) -> bool {
        self.0.enabled(m)
    }
    fn new_span(&self, s: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        self.0.new_span(s)
    }
    fn record(&self, s: &tracing::span::Id, v: &tracing::span::Record<'_>) {
        self.0.record(s, v)
    }
    fn record_follows_from(&self, s: &tracing::span::Id, f: &tracing::span::Id) {
        self.0.record_follows_from(s, f)
    }
    fn event(&self, e: &tracing::Event<'_>) {
        self.0.event(e)
    }
    fn enter(&self, s: &tracing::span::Id) {
        self.0.enter(s)
    }
    fn exit(&self, s: &tracing::span::Id) {
        self.0.exit(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, UNIX_EPOCH};

    #[test]
    fn asctime_format() {
        let t = UNIX_EPOCH + Duration::from_millis(1_795_953_999_470);
        assert_eq!(asctime(t), "2026-11-29 12:06:39,470");
    }
}
