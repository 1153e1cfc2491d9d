//! The generated SDK's awsJson response handling: a body (with a status, a request id and
//! an error code chosen by the first input byte) is read as each operation's output, and as
//! an error response classified into each operation's typed error.
#![no_main]

use awslice_runtime::error::ServiceError;
use awslice_runtime::json::{FromJson, parse_body};
use awslice_runtime::protocol::aws_json::error_from_parts as parse_error;
use awslice_workspaces::errors::{
    DescribeWorkspaceImagePermissionsError, UpdateWorkspaceImagePermissionError,
};
use awslice_workspaces::types::{
    DescribeWorkspaceImagePermissionsResult, UpdateWorkspaceImagePermissionResult,
};
use libfuzzer_sys::fuzz_target;

/// Error statuses the service sends (the rest of the byte picks the code below).
const STATUSES: [u16; 4] = [400, 403, 404, 500];

fuzz_target!(|data: &[u8]| {
    let Some((&selector, body)) = data.split_first() else {
        return;
    };

    // Success path: exactly what the generated `send()` does with a 2xx body.
    if let Ok(value) = parse_body(body) {
        if let Ok(out) = DescribeWorkspaceImagePermissionsResult::from_json(&value, "") {
            // Debug-format every member: exercises the accessors on whatever was accepted.
            let _ = format!("{out:?}");
        }
        let _ = UpdateWorkspaceImagePermissionResult::from_json(&value, "");
    }

    // Error path: the runtime parses the error, the generated enums classify it.
    let status = STATUSES[usize::from(selector & 3)];
    let request_id = (selector & 4 != 0).then(|| "req-1".to_owned());
    let err: ServiceError = parse_error(status, request_id, bytes::Bytes::copy_from_slice(body));
    let describe = DescribeWorkspaceImagePermissionsError::from_service_error(err.clone());
    let _ = (
        describe.code().len(),
        describe.message().len(),
        describe.to_string(),
    );
    let update = UpdateWorkspaceImagePermissionError::from_service_error(err);
    let _ = (
        update.code().len(),
        update.message().len(),
        update.to_string(),
    );
});
