//! `--debug`: prints the runtime's `tracing` events on stderr in the AWS CLI's log line
//! format, `%(asctime)s - MainThread - <target> - DEBUG - <message>`.
//!
//! A dozen lines of `tracing::Subscriber` instead of `tracing-subscriber`: the format is
//! fixed, there are no spans to track, and it keeps start-up and build time small.

use std::fmt::Write as _;
use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::{SystemTime, UNIX_EPOCH};

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
    let d = t.duration_since(UNIX_EPOCH).unwrap_or_default();
    let secs = d.as_secs();
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    // Howard Hinnant's civil-from-days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02}:{:02},{:03}",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60,
        d.subsec_millis()
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
        *metadata.level() <= Level::DEBUG && !metadata.target().starts_with("aws_sigv4")
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn asctime_format() {
        let t = UNIX_EPOCH + Duration::from_millis(1_795_953_999_470);
        assert_eq!(asctime(t), "2026-11-29 12:06:39,470");
    }
}
