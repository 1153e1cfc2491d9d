//! Error types shared by the runtime, the generated service crates and the CLI.
//!
//! INTERFACE CONTRACT (used by generated code and by awslice-cli; keep the names):
//! - [`CallError`]: everything that can go wrong in [`crate::client::ServiceClient::call`].
//! - [`ServiceError`]: an HTTP error response, parsed as the AWS CLI parses it.
//! - [`SdkError`]: what a generated operation's `send()` returns, `E` being the
//!   operation's typed error enum.
//! - [`BuildError`]: a missing required member when building an input.

use std::fmt;

/// A required member was not set when an input was built.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildError {
    /// The Smithy shape name of the input (`UpdateWorkspaceImagePermissionRequest`).
    pub shape: &'static str,
    /// The missing member names, in model order (`ImageId`).
    pub missing: Vec<&'static str>,
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: missing required member", self.shape)?;
        if self.missing.len() > 1 {
            f.write_str("s")?;
        }
        for (i, m) in self.missing.iter().enumerate() {
            f.write_str(if i == 0 { " " } else { ", " })?;
            f.write_str(m)?;
        }
        Ok(())
    }
}

impl std::error::Error for BuildError {}

/// An HTTP error response, parsed as the AWS CLI v2 (botocore) parses awsJson errors:
/// the code comes from the body's `__type` (cut at the first `:`, then after the last `#`),
/// otherwise the HTTP status; the message from `message`, then `Message`; a non-JSON body
/// becomes the message.
#[derive(Clone, PartialEq)]
pub struct ServiceError {
    /// HTTP status code.
    pub status: u16,
    /// Error code (`ResourceNotFoundException`, or the status as text: `400`).
    pub code: String,
    /// The message, trimmed; may be empty.
    pub message: String,
    /// `x-amzn-RequestId`, when present.
    pub request_id: Option<String>,
    /// The raw response body (the generated error types parse their members from it).
    pub body: bytes::Bytes,
    /// `Some(n)` when the error is the last of `n + 1` attempts and the retry budget ran
    /// out (the AWS CLI's `(reached max retries: n)`).
    pub retries_exhausted: Option<u32>,
}

impl fmt::Debug for ServiceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ServiceError")
            .field("status", &self.status)
            .field("code", &self.code)
            .field("message", &self.message)
            .field("request_id", &self.request_id)
            .field("retries_exhausted", &self.retries_exhausted)
            .finish_non_exhaustive()
    }
}

impl fmt::Display for ServiceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.code)?;
        if !self.message.is_empty() {
            write!(f, ": {}", self.message)?;
        }
        Ok(())
    }
}

impl std::error::Error for ServiceError {}

/// Everything that can go wrong in one [`crate::client::ServiceClient::call`].
///
/// `Display` of every variant but `Service` is the AWS CLI v2's message text, without the
/// `aws: [ERROR]: ` prefix, so the CLI can print it as is.
#[derive(Debug)]
#[non_exhaustive]
pub enum CallError {
    /// The service answered with an error response (after retries). CLI exit code 254.
    Service(ServiceError),
    /// No region configured. CLI: `An error occurred (NoRegion): You must specify a region.
    /// You can also configure your region by running "aws configure".`, exit code 253.
    NoRegion,
    /// No credentials found by any provider. CLI: `An error occurred (NoCredentials): Unable to
    /// locate credentials. …`, exit code 253. The string lists the providers tried.
    NoCredentials(String),
    /// A credentials provider failed (bad `credential_process` output, IMDS error…). Exit 255.
    Credentials(String),
    /// A call a credentials provider made to AWS (`operation`: STS `AssumeRole`…) got an
    /// error response. CLI: printed as that operation's service error, exit code 254.
    CredentialsService {
        /// The provider's operation (`AssumeRole`).
        operation: String,
        /// The error response.
        error: Box<ServiceError>,
    },
    /// A request a credentials provider was about to send failed client-side validation
    /// (`Parameter validation failed:` and one line per problem). CLI:
    /// `An error occurred (ParamValidation): …`, exit code 252.
    CredentialsParam(String),
    /// Invalid configuration (bad retry mode, max attempts, region format, missing profile…).
    /// Exit code 255.
    Config(String),
    /// The endpoint could not be resolved. Exit code 255.
    Endpoint(String),
    /// The request could not be sent or no response arrived. Exit code 255.
    Dispatch(DispatchError),
}

/// Why a request got no HTTP response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DispatchKind {
    /// Connection refused / unreachable: `Could not connect to the endpoint URL: "URL"`.
    Connect,
    /// `Connect timeout on endpoint URL: "URL"`.
    ConnectTimeout,
    /// `Read timeout on endpoint URL: "URL"`.
    ReadTimeout,
    /// `SSL validation failed for URL DETAIL`.
    Tls,
    /// `Failed to connect to proxy URL: "PROXY"`.
    Proxy,
    /// Any other I/O failure (connection reset mid-body…).
    Io,
}

/// A request that got no HTTP response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DispatchError {
    /// What went wrong.
    pub kind: DispatchKind,
    /// The endpoint URL (or the proxy URL for `Proxy`).
    pub url: String,
    /// Detail (TLS reason, I/O error text); may be empty.
    pub detail: String,
}

impl fmt::Display for DispatchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            DispatchKind::Connect => {
                write!(f, "Could not connect to the endpoint URL: \"{}\"", self.url)
            }
            DispatchKind::ConnectTimeout => {
                write!(f, "Connect timeout on endpoint URL: \"{}\"", self.url)
            }
            DispatchKind::ReadTimeout => {
                write!(f, "Read timeout on endpoint URL: \"{}\"", self.url)
            }
            DispatchKind::Tls => {
                write!(f, "SSL validation failed for {} {}", self.url, self.detail)
            }
            DispatchKind::Proxy => write!(f, "Failed to connect to proxy URL: \"{}\"", self.url),
            DispatchKind::Io => write!(
                f,
                "Connection was closed before we received a valid response from endpoint URL: \"{}\".",
                self.url
            ),
        }
    }
}

impl std::error::Error for DispatchError {}

impl fmt::Display for CallError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CallError::Service(e) => e.fmt(f),
            CallError::NoRegion => f.write_str(
                "You must specify a region. You can also configure your region by running \"aws configure\".",
            ),
            CallError::NoCredentials(_) => f.write_str(
                "Unable to locate credentials. You can configure credentials by running \"aws login\".",
            ),
            CallError::Credentials(m)
            | CallError::CredentialsParam(m)
            | CallError::Config(m)
            | CallError::Endpoint(m) => f.write_str(m),
            CallError::CredentialsService { operation, error } => {
                write!(f, "An error occurred ({}) when calling the {operation} operation", error.code)?;
                if let Some(n) = error.retries_exhausted {
                    write!(f, " (reached max retries: {n})")?;
                }
                write!(f, ": {}", error.message)
            }
            CallError::Dispatch(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for CallError {}

/// A success response whose body could not be read as the operation's output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponseError {
    /// What was wrong (`expected a JSON object`, `ImageId: expected a string`…).
    pub message: String,
}

impl fmt::Display for ResponseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "malformed response: {}", self.message)
    }
}

impl std::error::Error for ResponseError {}

/// What a generated operation's `send()` returns on failure; `E` is the operation's
/// typed error enum (one variant per modelled error plus `Unhandled`).
#[derive(Debug)]
#[non_exhaustive]
pub enum SdkError<E> {
    /// The input could not be built (a required member is missing).
    Build(BuildError),
    /// The input could not be put on the wire (a label missing or empty, a header value with
    /// a line break…): nothing was sent.
    Serialize(crate::protocol::SerializeError),
    /// The service answered with an error, parsed into the operation's error type.
    Service(E),
    /// The call failed before or without a service error (configuration, credentials,
    /// endpoint, connection, timeout, TLS…).
    Call(CallError),
    /// The service answered 2xx but the body was not the operation's output.
    Response(ResponseError),
}

impl<E: fmt::Display> fmt::Display for SdkError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SdkError::Build(e) => e.fmt(f),
            SdkError::Serialize(e) => e.fmt(f),
            SdkError::Service(e) => e.fmt(f),
            SdkError::Call(e) => e.fmt(f),
            SdkError::Response(e) => e.fmt(f),
        }
    }
}

impl<E: std::error::Error + 'static> std::error::Error for SdkError<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            SdkError::Build(e) => Some(e),
            SdkError::Serialize(e) => Some(e),
            SdkError::Service(e) => Some(e),
            SdkError::Call(e) => Some(e),
            SdkError::Response(e) => Some(e),
        }
    }
}
