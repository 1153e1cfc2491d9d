//! The generic service client: one call = endpoint, credentials, signing, HTTP, retries.
//!
//! INTERFACE CONTRACT (used by generated code and by awslice-cli; keep the names):
//! ```ignore
//! let config = awslice_runtime::config::ConfigLoader::new().region("us-east-1").load()?;
//! let client = ServiceClient::new(&config, &SERVICE_META);
//! let response: RawResponse = client.call("UpdateWorkspaceImagePermission", body_bytes).await?;
//! ```

use crate::error::CallError;
use crate::service::ServiceMeta;

/// Resolved configuration (PLACEHOLDER: the runtime issue replaces this with the real
/// loader in `crate::config`; keep the name `SdkConfig`).
#[derive(Debug, Clone, Default)]
pub struct SdkConfig {
    /// The region, if any.
    pub region: Option<String>,
    /// An endpoint override, if any.
    pub endpoint_url: Option<String>,
}

/// A raw HTTP response.
#[derive(Debug, Clone)]
pub struct RawResponse {
    /// HTTP status code.
    pub status: u16,
    /// Response headers.
    pub headers: http::HeaderMap,
    /// Response body.
    pub body: bytes::Bytes,
}

/// A client for one service; cheap to clone, reuses connections.
#[derive(Debug, Clone)]
pub struct ServiceClient {
    config: SdkConfig,
    service: &'static ServiceMeta,
}

impl ServiceClient {
    /// A client for `service` with `config`.
    pub fn new(config: &SdkConfig, service: &'static ServiceMeta) -> Self {
        ServiceClient {
            config: config.clone(),
            service,
        }
    }

    /// The service this client calls.
    pub fn service(&self) -> &'static ServiceMeta {
        self.service
    }

    /// Sends one operation call with an already-serialized JSON body.
    pub async fn call(&self, operation: &str, body: Vec<u8>) -> Result<RawResponse, CallError> {
        // PLACEHOLDER until the runtime issue lands.
        let _ = (&self.config, body);
        Err(CallError::Config(format!(
            "{}.{operation}: sending is not implemented yet",
            self.service.shape_name
        )))
    }
}
