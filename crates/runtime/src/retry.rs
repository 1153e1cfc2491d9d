//! Retries as the AWS CLI v2 does them (botocore's `standard` and `adaptive` modes).
//!
//! - At most `max_attempts` attempts (default 3).
//! - Delay before attempt `n + 1` = `rand() * min(2^(n-1), 20)` seconds.
//! - A retry quota shared by all calls of one client: 500 tokens, a retry costs 5 (10 after
//!   a timeout); a success gives back what its last retry took, or 1 token when it needed
//!   no retry.
//! - Retryable: HTTP 500/502/503/504, the transient codes `RequestTimeout`,
//!   `RequestTimeoutException`, `PriorRequestNotComplete`, the throttling codes, and
//!   connection errors and timeouts. A bare 429 without a throttling code is not retried.
//! - `adaptive` adds a client-side rate limiter (a token bucket whose rate follows CUBIC)
//!   that starts limiting after the first throttling error.
//!
//! botocore's algorithms are reproduced here by hand because no maintained crate
//! implements the AWS retry-quota and adaptive-rate rules.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::error::{DispatchKind, ServiceError};

#[doc(inline)]
pub use crate::config::RetryMode;

/// The throttling error codes (botocore `standard.py`).
pub const THROTTLING_CODES: &[&str] = &[
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "RequestThrottledException",
    "TooManyRequestsException",
    "ProvisionedThroughputExceededException",
    "TransactionInProgressException",
    "RequestLimitExceeded",
    "BandwidthLimitExceeded",
    "LimitExceededException",
    "RequestThrottled",
    "SlowDown",
    "EC2ThrottledException",
];

/// Transient error codes, retried like 5xx statuses.
pub const TRANSIENT_CODES: &[&str] = &[
    "RequestTimeout",
    "RequestTimeoutException",
    "PriorRequestNotComplete",
];

/// Transient HTTP statuses.
pub const TRANSIENT_STATUSES: &[u16] = &[500, 502, 503, 504];

const INITIAL_QUOTA: u32 = 500;
const RETRY_COST: u32 = 5;
const TIMEOUT_RETRY_COST: u32 = 10;
const NO_RETRY_INCREMENT: u32 = 1;
const MAX_BACKOFF_SECS: f64 = 20.0;

/// What one attempt produced, as far as retrying is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// A 2xx response.
    Success,
    /// A throttling error.
    Throttling,
    /// A transient error (5xx or a transient code) that is not throttling.
    Transient,
    /// A connection error (retried, normal cost).
    Connection,
    /// A connect or read timeout (retried, timeout cost).
    Timeout,
    /// Anything else: not retried.
    NotRetryable,
}

impl Outcome {
    /// Classifies a service error.
    pub fn of_service_error(e: &ServiceError) -> Outcome {
        if THROTTLING_CODES.contains(&e.code.as_str()) {
            Outcome::Throttling
        } else if TRANSIENT_CODES.contains(&e.code.as_str())
            || TRANSIENT_STATUSES.contains(&e.status)
        {
            Outcome::Transient
        } else {
            Outcome::NotRetryable
        }
    }

    /// Classifies a request that got no response.
    pub fn of_dispatch(kind: DispatchKind) -> Outcome {
        match kind {
            DispatchKind::ConnectTimeout | DispatchKind::ReadTimeout => Outcome::Timeout,
            DispatchKind::Connect | DispatchKind::Io | DispatchKind::Proxy | DispatchKind::Tls => {
                Outcome::Connection
            }
        }
    }

    /// Whether the outcome is worth another attempt.
    pub fn is_retryable(self) -> bool {
        !matches!(self, Outcome::Success | Outcome::NotRetryable)
    }
}

/// A uniform random number in `[0, 1)` from the operating system's generator.
pub fn random_unit() -> f64 {
    use ring::rand::SecureRandom;
    let mut bytes = [0u8; 8];
    if ring::rand::SystemRandom::new().fill(&mut bytes).is_err() {
        return 0.5;
    }
    // 53 random bits → an exactly representable fraction in [0, 1).
    (u64::from_le_bytes(bytes) >> 11) as f64 / (1u64 << 53) as f64
}

/// The delay before the attempt after attempt number `failed_attempt` (1-based) with the
/// random factor `unit` in `[0, 1)`.
pub fn backoff(failed_attempt: u32, unit: f64) -> Duration {
    let exp = failed_attempt.saturating_sub(1).min(30);
    let base = f64::from(1u32 << exp).min(MAX_BACKOFF_SECS);
    Duration::from_secs_f64((unit.clamp(0.0, 1.0) * base).max(0.0))
}

/// The retry quota of one client (shared across its calls and clones).
#[derive(Debug)]
pub struct RetryQuota {
    available: Mutex<u32>,
}

impl Default for RetryQuota {
    fn default() -> Self {
        RetryQuota {
            available: Mutex::new(INITIAL_QUOTA),
        }
    }
}

impl RetryQuota {
    /// Takes the cost of one retry after `outcome`; `None` when the quota is exhausted.
    pub fn acquire(&self, outcome: Outcome) -> Option<u32> {
        let cost = if outcome == Outcome::Timeout {
            TIMEOUT_RETRY_COST
        } else {
            RETRY_COST
        };
        let mut available = self.available.lock().unwrap_or_else(|p| p.into_inner());
        if *available < cost {
            return None;
        }
        *available -= cost;
        Some(cost)
    }

    /// Records a success: gives back `last_retry_cost`, or one token when there was no retry.
    pub fn release(&self, last_retry_cost: Option<u32>) {
        let mut available = self.available.lock().unwrap_or_else(|p| p.into_inner());
        *available =
            (*available + last_retry_cost.unwrap_or(NO_RETRY_INCREMENT)).min(INITIAL_QUOTA);
    }

    /// Tokens left.
    pub fn available(&self) -> u32 {
        *self.available.lock().unwrap_or_else(|p| p.into_inner())
    }
}

// ---- adaptive mode (botocore `retries/adaptive.py`, `bucket.py`, `throttling.py`) ----

const MIN_FILL_RATE: f64 = 0.5;
const BETA: f64 = 0.7;
const SCALE_CONSTANT: f64 = 0.4;
const SMOOTHING: f64 = 0.8;
const RATE_BUCKET_SECS: f64 = 0.5;

#[derive(Debug)]
struct LimiterState {
    enabled: bool,
    // token bucket
    max_rate: f64,
    capacity: f64,
    tokens: f64,
    last_refill: Option<f64>,
    // cubic
    w_max: f64,
    last_fail: f64,
    k: f64,
    // rate clocker
    measured_rate: f64,
    bucket_start: f64,
    bucket_count: u64,
}

/// The adaptive mode's client-side rate limiter.
#[derive(Debug)]
pub struct RateLimiter {
    start: Instant,
    state: Mutex<LimiterState>,
}

impl Default for RateLimiter {
    fn default() -> Self {
        RateLimiter {
            start: Instant::now(),
            state: Mutex::new(LimiterState {
                enabled: false,
                max_rate: MIN_FILL_RATE,
                capacity: 1.0,
                tokens: 0.0,
                last_refill: None,
                w_max: MIN_FILL_RATE,
                last_fail: 0.0,
                k: 0.0,
                measured_rate: 0.0,
                bucket_start: 0.0,
                bucket_count: 0,
            }),
        }
    }
}

impl RateLimiter {
    fn now(&self) -> f64 {
        self.start.elapsed().as_secs_f64()
    }

    /// Whether throttling has switched limiting on.
    pub fn is_enabled(&self) -> bool {
        self.state.lock().unwrap_or_else(|p| p.into_inner()).enabled
    }

    /// The current fill rate (requests per second).
    pub fn rate(&self) -> f64 {
        self.state
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .max_rate
    }

    /// Waits for a token before a request is sent (no wait until throttling was seen).
    pub async fn before_send(&self) {
        loop {
            let wait = {
                let mut s = self.state.lock().unwrap_or_else(|p| p.into_inner());
                if !s.enabled {
                    return;
                }
                let now = self.now();
                refill(&mut s, now);
                if s.tokens >= 1.0 {
                    s.tokens -= 1.0;
                    return;
                }
                (1.0 - s.tokens) / s.max_rate
            };
            tokio::time::sleep(Duration::from_secs_f64(wait.clamp(0.001, 60.0))).await;
        }
    }

    /// Updates the rate after a response (`throttled`: it was a throttling error).
    pub fn after_response(&self, throttled: bool) {
        let mut s = self.state.lock().unwrap_or_else(|p| p.into_inner());
        let now = self.now();
        // Measure the sending rate.
        let bucket = (now / RATE_BUCKET_SECS).floor() * RATE_BUCKET_SECS;
        s.bucket_count += 1;
        if bucket > s.bucket_start {
            let current = s.bucket_count as f64 / (bucket - s.bucket_start);
            s.measured_rate = current * SMOOTHING + s.measured_rate * (1.0 - SMOOTHING);
            s.bucket_count = 0;
            s.bucket_start = bucket;
        }
        let measured = s.measured_rate;
        let new_rate = if throttled {
            let rate_to_use = if s.enabled {
                measured.min(s.max_rate)
            } else {
                measured
            };
            s.w_max = rate_to_use;
            s.k = ((s.w_max * (1.0 - BETA)) / SCALE_CONSTANT).cbrt();
            s.last_fail = now;
            s.enabled = true;
            rate_to_use * BETA
        } else {
            SCALE_CONSTANT * (now - s.last_fail - s.k).powi(3) + s.w_max
        };
        let rate = new_rate.min(2.0 * measured).max(MIN_FILL_RATE);
        refill(&mut s, now);
        s.max_rate = rate;
        s.capacity = rate.max(1.0);
        s.tokens = s.tokens.min(s.capacity);
    }
}

fn refill(s: &mut LimiterState, now: f64) {
    if let Some(last) = s.last_refill {
        s.tokens = (s.tokens + (now - last) * s.max_rate).min(s.capacity);
    }
    s.last_refill = Some(now);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(status: u16, code: &str) -> ServiceError {
        ServiceError {
            status,
            code: code.into(),
            message: String::new(),
            request_id: None,
            body: bytes::Bytes::new(),
            retries_exhausted: None,
        }
    }

    #[test]
    fn classification_matches_standard_mode() {
        assert_eq!(
            Outcome::of_service_error(&err(503, "ServiceUnavailable")),
            Outcome::Transient
        );
        assert_eq!(
            Outcome::of_service_error(&err(500, "500")),
            Outcome::Transient
        );
        assert_eq!(
            Outcome::of_service_error(&err(400, "ThrottlingException")),
            Outcome::Throttling
        );
        assert_eq!(
            Outcome::of_service_error(&err(429, "TooManyRequestsException")),
            Outcome::Throttling
        );
        assert_eq!(
            Outcome::of_service_error(&err(429, "429")),
            Outcome::NotRetryable
        );
        assert_eq!(
            Outcome::of_service_error(&err(400, "RequestTimeoutException")),
            Outcome::Transient
        );
        assert_eq!(
            Outcome::of_service_error(&err(400, "ResourceLimitExceededException")),
            Outcome::NotRetryable
        );
        assert_eq!(
            Outcome::of_service_error(&err(403, "AccessDeniedException")),
            Outcome::NotRetryable
        );
        assert!(Outcome::of_dispatch(DispatchKind::Connect).is_retryable());
        assert_eq!(
            Outcome::of_dispatch(DispatchKind::ReadTimeout),
            Outcome::Timeout
        );
    }

    #[test]
    fn backoff_is_capped_exponential() {
        assert_eq!(backoff(1, 0.5), Duration::from_millis(500));
        assert_eq!(backoff(2, 0.5), Duration::from_secs(1));
        assert_eq!(backoff(3, 1.0), Duration::from_secs(4));
        assert_eq!(backoff(10, 1.0), Duration::from_secs(20));
        assert_eq!(backoff(1000, 0.0), Duration::ZERO);
        let r = random_unit();
        assert!((0.0..1.0).contains(&r));
    }

    #[test]
    fn quota_drains_and_refills() {
        let q = RetryQuota::default();
        for _ in 0..50 {
            assert_eq!(q.acquire(Outcome::Timeout), Some(10));
        }
        assert_eq!(q.available(), 0);
        assert_eq!(q.acquire(Outcome::Transient), None);
        q.release(Some(5));
        q.release(None);
        assert_eq!(q.available(), 6);
        assert_eq!(q.acquire(Outcome::Transient), Some(5));
        for _ in 0..1000 {
            q.release(None);
        }
        assert_eq!(q.available(), 500);
    }

    #[test]
    fn adaptive_limiter_delays_sends_once_enabled() {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        let l = RateLimiter::default();
        let start = Instant::now();
        rt.block_on(l.before_send());
        assert!(
            start.elapsed() < Duration::from_millis(50),
            "no limit before throttling"
        );
        l.after_response(true);
        // The rate is now the minimum (0.5/s) and the bucket is empty: the next send waits.
        let start = Instant::now();
        rt.block_on(l.before_send());
        assert!(
            start.elapsed() >= Duration::from_millis(500),
            "{:?}",
            start.elapsed()
        );
    }

    #[test]
    fn adaptive_limiter_switches_on_after_throttling() {
        let l = RateLimiter::default();
        l.after_response(false);
        assert!(!l.is_enabled());
        l.after_response(true);
        assert!(l.is_enabled());
        assert!(l.rate() >= MIN_FILL_RATE);
    }
}
