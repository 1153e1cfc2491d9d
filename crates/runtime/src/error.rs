//! Error types shared by the runtime, the generated service crates and the CLI.
//!
//! INTERFACE CONTRACT (used by generated code and by awslice-cli; keep the names):
//! - [`CallError`]: everything that can go wrong in [`crate::client::ServiceClient::call`].
//! - [`ServiceError`]: an HTTP error response, parsed as the AWS CLI parses it.
//! - [`SdkError`]: what a generated operation's `send()` returns, `E` being the
//!   operation's typed error enum.
//! - [`BuildError`]: a missing required member when building an input.
//! - [`ErrorMetadata`]: the code as sent and the request id a modelled error carries.
//! - [`Unhandled`]: an error response the operation's model does not list.
//!
//! Chains: a `Display` is one line, and `source()` never returns an error whose text that
//! line already holds. A wrapper that adds nothing ([`SdkError`], [`CallError`], the
//! generated error enums) displays its inner error and returns the inner error's source; an
//! error that adds context ([`EndpointError`]) displays the context and returns the cause.
//! So a chain printer (`Display`, then each `source()` in turn) shows each message once.

use std::error::Error as StdError;
use std::fmt;
use std::sync::Arc;

use crate::credentials::CredentialsError;

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

impl StdError for BuildError {}

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

impl StdError for ServiceError {}

/// What a modelled error carries beside its members: the code as the service sent it (for
/// an awsQuery service its `awsQueryError` code, `NotFound` for SNS's `NotFoundException`)
/// and the request id. Empty for an error built by hand.
///
/// One pointer wide, so it adds little to the size of the errors that carry it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ErrorMetadata {
    /// What the response said; `None` for an error built by hand.
    sent: Option<Box<Sent>>,
}

/// The code, request id and message of an error response.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Sent {
    code: String,
    request_id: Option<String>,
    message: String,
}

impl ErrorMetadata {
    /// The code, request id and message of an error response.
    pub fn from_service_error(err: &ServiceError) -> Self {
        ErrorMetadata {
            sent: Some(Box::new(Sent {
                code: err.code.clone(),
                request_id: err.request_id.clone(),
                message: err.message.clone(),
            })),
        }
    }

    /// The code as sent (`None` for an error built by hand).
    pub fn code(&self) -> Option<&str> {
        self.sent.as_deref().map(|s| s.code.as_str())
    }

    /// The request id, when the service sent one.
    pub fn request_id(&self) -> Option<&str> {
        self.sent.as_deref().and_then(|s| s.request_id.as_deref())
    }

    /// The message as the protocol parsed it (`None` for an error built by hand): what an
    /// error without a modelled message member reports (S3's `NoSuchKey`).
    pub fn message(&self) -> Option<&str> {
        self.sent.as_deref().map(|s| s.message.as_str())
    }
}

/// An error response the operation's model does not list: what the generated error enums
/// hold in their `Unhandled` variant. `Display` is `Code: message` (or the code alone); there
/// is no source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unhandled {
    code: String,
    message: String,
    request_id: Option<String>,
}

impl Unhandled {
    /// The unmodelled error of a service error response.
    pub fn from_service_error(error: ServiceError) -> Self {
        Unhandled {
            code: error.code,
            message: error.message,
            request_id: error.request_id,
        }
    }

    /// The error code as sent.
    pub fn code(&self) -> &str {
        &self.code
    }

    /// The error message (may be empty).
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The request id, when the service sent one.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }
}

impl fmt::Display for Unhandled {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.code)?;
        if !self.message.is_empty() {
            write!(f, ": {}", self.message)?;
        }
        Ok(())
    }
}

impl StdError for Unhandled {}

/// Everything that can go wrong in one [`crate::client::ServiceClient::call`].
///
/// `Display` is a one-line text and transparent: each variant displays the error it holds
/// (or its own message), and `source()` is that error's source. The AWS CLI's own advice
/// ("run aws configure") is the CLI's to add.
#[derive(Debug)]
#[non_exhaustive]
pub enum CallError {
    /// The service answered with an error response (after retries). CLI exit code 254.
    Service(ServiceError),
    /// No region configured: `You must specify a region.` CLI exit code 253.
    NoRegion,
    /// No credentials found by any provider: `Unable to locate credentials (tried: …)`, the
    /// providers tried being [`CredentialsError::tried`]. CLI exit code 253.
    NoCredentials(CredentialsError),
    /// A credentials provider failed (bad `credential_process` output, IMDS error…), or the
    /// request could not be signed with the credentials. Exit 255.
    Credentials(CredentialsError),
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
    CredentialsParam(CredentialsError),
    /// The configuration gave a value HTTP does not allow in the request (a header value with
    /// a line break, a header name or method that is not a token). Exit code 255.
    Config(InvalidRequest),
    /// The endpoint could not be resolved. Exit code 255.
    Endpoint(EndpointError),
    /// The request could not be sent or no response arrived. Exit code 255.
    Dispatch(DispatchError),
    /// A request checksum cannot be computed (an algorithm awslice does not compute), or
    /// the response's body does not match its checksum. Exit code 255.
    Checksum(crate::checksum::ChecksumError),
}

/// A value HTTP does not allow in a request. `Display` names the header (or method) and the
/// value; there is no further source.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum InvalidRequest {
    /// A header name that is not an HTTP token.
    HeaderName(String),
    /// A header value with a byte HTTP does not allow (a line break, a control character).
    HeaderValue {
        /// The header name.
        name: String,
        /// The value.
        value: String,
    },
    /// A method that is not an HTTP token.
    Method(String),
    /// A path with a `.` or `..` segment (an S3 key `a/../b`), which the HTTP client would
    /// remove instead of sending.
    Path(String),
}

impl fmt::Display for InvalidRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InvalidRequest::HeaderName(name) => write!(f, "invalid header name {name:?}"),
            InvalidRequest::HeaderValue { name, value } => {
                write!(f, "invalid value for header {name}: {value:?}")
            }
            InvalidRequest::Method(method) => write!(f, "invalid method {method:?}"),
            InvalidRequest::Path(path) => write!(
                f,
                "awslice cannot send the path {path:?}: its \".\" or \"..\" segments would be \
                 removed on the way (a key or label that is one of them is not supported)"
            ),
        }
    }
}

impl StdError for InvalidRequest {}

/// The cause of an [`EndpointError`]; shared so the error stays `Clone`.
type Cause = Arc<dyn StdError + Send + Sync>;

#[derive(Debug, Clone)]
enum EndpointKind {
    RuleSet(awslice_endpoints::Error),
    Rules(awslice_endpoints::ResolveError),
    InvalidUrl { url: String, cause: Option<Cause> },
    HostPrefix { host: String, cause: Cause },
    Header { name: String, value: Option<String> },
}

/// The endpoint could not be resolved: the service's rule set could not be read or resolved
/// to an error, or the URL or headers it gave are not valid.
///
/// `Display` of an error of the rules is the rules' own text (`FIPS is not supported in
/// ap-south-1`), the whole message, so it has no source; the rules' typed error is
/// [`EndpointError::rules_error`]. An invalid URL displays `Invalid endpoint: URL`, with the
/// URL parser's error, when there is one, as the [`source`](StdError::source).
#[derive(Debug, Clone)]
pub struct EndpointError {
    kind: EndpointKind,
}

impl EndpointError {
    pub(crate) fn rule_set(e: awslice_endpoints::Error) -> Self {
        EndpointError {
            kind: EndpointKind::RuleSet(e),
        }
    }

    pub(crate) fn rules(e: awslice_endpoints::ResolveError) -> Self {
        EndpointError {
            kind: EndpointKind::Rules(e),
        }
    }

    pub(crate) fn invalid_url(url: &str, cause: Option<Cause>) -> Self {
        EndpointError {
            kind: EndpointKind::InvalidUrl {
                url: url.to_owned(),
                cause,
            },
        }
    }

    pub(crate) fn host_prefix(host: &str, cause: Cause) -> Self {
        EndpointError {
            kind: EndpointKind::HostPrefix {
                host: host.to_owned(),
                cause,
            },
        }
    }

    pub(crate) fn header(name: &str, value: Option<&str>) -> Self {
        EndpointError {
            kind: EndpointKind::Header {
                name: name.to_owned(),
                value: value.map(str::to_owned),
            },
        }
    }

    /// The error the rules resolved to, when they did.
    pub fn rules_error(&self) -> Option<&awslice_endpoints::ResolveError> {
        match &self.kind {
            EndpointKind::Rules(e) => Some(e),
            _ => None,
        }
    }

    /// The error as one line as the AWS CLI prints it: this error's text, followed by the
    /// URL parser's error for an invalid host prefix.
    pub fn reason(&self) -> String {
        match &self.kind {
            EndpointKind::HostPrefix { cause, .. } => format!("{self}: {cause}"),
            _ => self.to_string(),
        }
    }
}

impl fmt::Display for EndpointError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            EndpointKind::RuleSet(e) => e.fmt(f),
            EndpointKind::Rules(e) => e.fmt(f),
            EndpointKind::InvalidUrl { url, .. } => write!(f, "Invalid endpoint: {url}"),
            EndpointKind::HostPrefix { host, .. } => {
                write!(f, "Invalid endpoint with host prefix {host:?}")
            }
            EndpointKind::Header { name, value: None } => {
                write!(f, "invalid endpoint header name {name:?}")
            }
            EndpointKind::Header {
                value: Some(value), ..
            } => write!(f, "invalid endpoint header value {value:?}"),
        }
    }
}

impl StdError for EndpointError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        match &self.kind {
            EndpointKind::RuleSet(e) => e.source(),
            EndpointKind::Rules(e) => e.source(),
            EndpointKind::InvalidUrl { cause, .. } => {
                cause.as_deref().map(|c| c as &(dyn StdError + 'static))
            }
            EndpointKind::HostPrefix { cause, .. } => Some(&**cause),
            EndpointKind::Header { .. } => None,
        }
    }
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

impl StdError for DispatchError {}

impl fmt::Display for CallError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CallError::Service(e) => e.fmt(f),
            CallError::NoRegion => f.write_str("You must specify a region."),
            CallError::NoCredentials(e)
            | CallError::Credentials(e)
            | CallError::CredentialsParam(e) => e.fmt(f),
            CallError::CredentialsService { operation, error } => {
                write!(
                    f,
                    "An error occurred ({}) when calling the {operation} operation",
                    error.code
                )?;
                if let Some(n) = error.retries_exhausted {
                    write!(f, " (reached max retries: {n})")?;
                }
                write!(f, ": {}", error.message)
            }
            CallError::Config(e) => e.fmt(f),
            CallError::Endpoint(e) => e.fmt(f),
            CallError::Dispatch(e) => e.fmt(f),
            CallError::Checksum(e) => e.fmt(f),
        }
    }
}

impl StdError for CallError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        match self {
            CallError::Service(e) => e.source(),
            CallError::NoRegion | CallError::CredentialsService { .. } => None,
            CallError::NoCredentials(e)
            | CallError::Credentials(e)
            | CallError::CredentialsParam(e) => e.source(),
            CallError::Config(e) => e.source(),
            CallError::Endpoint(e) => e.source(),
            CallError::Dispatch(e) => e.source(),
            CallError::Checksum(e) => e.source(),
        }
    }
}

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

impl StdError for ResponseError {}

/// What a generated operation's `send()` returns on failure; `E` is the operation's
/// typed error enum (one variant per modelled error plus `Unhandled`).
///
/// `Display` is the inner error's text; `source()` is the inner error's source (see the
/// module documentation: each message of the chain once).
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

/// Transparent: `source()` is the source of the error `Display` printed.
impl<E: StdError + 'static> StdError for SdkError<E> {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        match self {
            SdkError::Build(e) => e.source(),
            SdkError::Serialize(e) => e.source(),
            SdkError::Service(e) => e.source(),
            SdkError::Call(e) => e.source(),
            SdkError::Response(e) => e.source(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The chain as a chain printer shows it: `Display`, then each `source()`.
    fn chain(e: &(dyn StdError + 'static)) -> Vec<String> {
        let mut lines = vec![e.to_string()];
        let mut next = e.source();
        while let Some(s) = next {
            lines.push(s.to_string());
            next = s.source();
        }
        lines
    }

    /// Every message of the chain appears once in the printed chain.
    fn assert_each_once(e: &(dyn StdError + 'static)) -> Vec<String> {
        let lines = chain(e);
        let printed = lines.join("\n");
        for line in &lines {
            assert_eq!(
                printed.matches(line.as_str()).count(),
                1,
                "{line:?} more than once in:\n{printed}"
            );
        }
        lines
    }

    fn service_error(code: &str, message: &str) -> ServiceError {
        ServiceError {
            status: 400,
            code: code.to_owned(),
            message: message.to_owned(),
            request_id: Some("req-1".to_owned()),
            body: bytes::Bytes::new(),
            retries_exhausted: None,
        }
    }

    /// A modelled error as generated: members, then the metadata; `Display` `Code: message`.
    #[derive(Debug)]
    struct NotFound {
        message: String,
        meta: ErrorMetadata,
    }

    impl fmt::Display for NotFound {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(f, "NotFoundException: {}", self.message)
        }
    }

    impl StdError for NotFound {}

    /// An operation's error enum as generated: transparent.
    #[derive(Debug)]
    enum OpError {
        NotFound(NotFound),
        Unhandled(Unhandled),
    }

    impl OpError {
        fn from_service_error(err: ServiceError) -> Self {
            match err.code.as_str() {
                "NotFound" => OpError::NotFound(NotFound {
                    message: err.message.clone(),
                    meta: ErrorMetadata::from_service_error(&err),
                }),
                _ => OpError::Unhandled(Unhandled::from_service_error(err)),
            }
        }
    }

    impl fmt::Display for OpError {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            match self {
                OpError::NotFound(e) => e.fmt(f),
                OpError::Unhandled(e) => e.fmt(f),
            }
        }
    }

    impl StdError for OpError {
        fn source(&self) -> Option<&(dyn StdError + 'static)> {
            match self {
                OpError::NotFound(e) => e.source(),
                OpError::Unhandled(e) => e.source(),
            }
        }
    }

    fn rules_error(rules: &str) -> awslice_endpoints::ResolveError {
        awslice_endpoints::RuleSet::from_json(rules)
            .expect("rule set")
            .resolve(&awslice_endpoints::Params::new())
            .expect_err("an error rule")
    }

    #[test]
    fn each_message_of_every_chain_is_printed_once() {
        let sdk = |e: SdkError<OpError>| assert_each_once(&e);
        assert_eq!(
            sdk(SdkError::Build(BuildError {
                shape: "Input",
                missing: vec!["ImageId"],
            })),
            ["Input: missing required member ImageId"]
        );
        assert_eq!(
            sdk(SdkError::Serialize(crate::protocol::SerializeError::new(
                "label Id is empty"
            ))),
            ["label Id is empty"]
        );
        // A modelled error: once (before: the SdkError, the enum and the structure each
        // printed `NotFoundException: gone`).
        let modelled = OpError::from_service_error(service_error("NotFound", "gone"));
        let OpError::NotFound(e) = &modelled else {
            panic!("{modelled:?}")
        };
        assert_eq!(
            (e.meta.code(), e.meta.request_id()),
            (Some("NotFound"), Some("req-1"))
        );
        assert_eq!(
            sdk(SdkError::Service(modelled)),
            ["NotFoundException: gone"]
        );
        let unhandled = OpError::from_service_error(service_error("Throttling", "slow down"));
        let OpError::Unhandled(u) = &unhandled else {
            panic!("{unhandled:?}")
        };
        assert_eq!(
            (u.code(), u.message(), u.request_id()),
            ("Throttling", "slow down", Some("req-1"))
        );
        assert_eq!(sdk(SdkError::Service(unhandled)), ["Throttling: slow down"]);
        assert_eq!(
            sdk(SdkError::Response(ResponseError {
                message: "expected a JSON object".to_owned(),
            })),
            ["malformed response: expected a JSON object"]
        );

        let call = |e: CallError| {
            let direct = assert_each_once(&e);
            assert_eq!(
                sdk(SdkError::Call(e)),
                direct,
                "SdkError::Call is transparent"
            );
            direct
        };
        assert_eq!(
            call(CallError::Service(service_error("Oops", "bad"))),
            ["Oops: bad"]
        );
        assert_eq!(call(CallError::NoRegion), ["You must specify a region."]);
        assert_eq!(
            call(CallError::NoCredentials(CredentialsError::not_found(vec![
                "env", "profile"
            ]))),
            ["Unable to locate credentials (tried: env, profile)"]
        );
        assert_eq!(
            call(CallError::Credentials(CredentialsError::provider(
                "process",
                "exit status 1"
            ))),
            ["Error when retrieving credentials from process: exit status 1"]
        );
        assert_eq!(
            call(CallError::CredentialsService {
                operation: "AssumeRole".to_owned(),
                error: Box::new(service_error("AccessDenied", "no")),
            }),
            ["An error occurred (AccessDenied) when calling the AssumeRole operation: no"]
        );
        assert_eq!(
            call(CallError::CredentialsParam(
                CredentialsError::invalid_parameter("Invalid length for parameter RoleArn")
            )),
            ["Parameter validation failed:\nInvalid length for parameter RoleArn"]
        );
        assert_eq!(
            call(CallError::Config(InvalidRequest::HeaderValue {
                name: "user-agent".to_owned(),
                value: "a\nb".to_owned(),
            })),
            ["invalid value for header user-agent: \"a\\nb\""]
        );
        assert_eq!(
            call(CallError::Config(InvalidRequest::HeaderName(
                "a b".to_owned()
            ))),
            ["invalid header name \"a b\""]
        );
        assert_eq!(
            call(CallError::Config(InvalidRequest::Method("G T".to_owned()))),
            ["invalid method \"G T\""]
        );
        // Endpoint errors: the rules' text (the whole message), or the context and the URL
        // parser's error.
        let rules = r#"{"version":"1.0","parameters":{},"rules":[{"type":"error","conditions":[],"error":"Invalid Configuration: Missing Region"}]}"#;
        let e = EndpointError::rules(rules_error(rules));
        assert_eq!(e.reason(), "Invalid Configuration: Missing Region");
        assert!(e.rules_error().is_some());
        assert_eq!(
            call(CallError::Endpoint(e)),
            ["Invalid Configuration: Missing Region"]
        );
        let bad = awslice_endpoints::RuleSet::from_json("{").expect_err("not JSON");
        let e = EndpointError::rule_set(bad.clone());
        assert_eq!(e.reason(), bad.to_string());
        assert_eq!(call(CallError::Endpoint(e)), [bad.to_string()]);
        let parse = reqwest::Url::parse("https://exa mple.com").expect_err("a space");
        let e = EndpointError::invalid_url("https://exa mple.com", Some(Arc::new(parse)));
        assert_eq!(e.reason(), "Invalid endpoint: https://exa mple.com");
        assert_eq!(
            call(CallError::Endpoint(e)),
            [
                "Invalid endpoint: https://exa mple.com".to_owned(),
                parse.to_string()
            ]
        );
        let e = EndpointError::host_prefix("a b.example.com", Arc::new(parse));
        assert_eq!(
            e.reason(),
            format!("Invalid endpoint with host prefix \"a b.example.com\": {parse}")
        );
        assert_eq!(
            call(CallError::Endpoint(e)),
            [
                "Invalid endpoint with host prefix \"a b.example.com\"".to_owned(),
                parse.to_string()
            ]
        );
        assert_eq!(
            call(CallError::Endpoint(EndpointError::header(
                "x-a",
                Some("a\nb")
            ))),
            ["invalid endpoint header value \"a\\nb\""]
        );
        assert_eq!(
            call(CallError::Dispatch(DispatchError {
                kind: DispatchKind::Connect,
                url: "https://example.com/".to_owned(),
                detail: String::new(),
            })),
            ["Could not connect to the endpoint URL: \"https://example.com/\""]
        );
    }
}
