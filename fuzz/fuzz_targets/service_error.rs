//! The runtime's error-response parser (`awslice_runtime::protocol::aws_json::error_from_parts`): any
//! status, any body. It must never panic, and what it returns must be consistent.
#![no_main]

use awslice_runtime::protocol::aws_json::{error_code_from_type, error_from_parts as parse_error};
use awslice_runtime::protocol::reason_phrase;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if data.len() < 2 {
        return;
    }
    let status = u16::from_be_bytes([data[0], data[1]]);
    let body = &data[2..];
    let err = parse_error(status, None, bytes::Bytes::copy_from_slice(body));
    assert_eq!(err.status, status);
    assert_eq!(&err.body[..], body);
    // The code is the last `#` part before any `:` of `__type`, or else the status.
    assert!(
        !err.code.contains([':', '#']),
        "code {:?} keeps a separator",
        err.code
    );
    let is_object = matches!(
        serde_json::from_slice::<serde_json::Value>(body),
        Ok(serde_json::Value::Object(_))
    );
    if !is_object {
        assert_eq!(err.code, status.to_string(), "a body that is not an object");
    }
    assert_eq!(err.message, err.message.trim(), "the message is trimmed");
    let _ = err.to_string();
    let _ = reason_phrase(status);
    if let Ok(text) = std::str::from_utf8(body) {
        let _ = error_code_from_type(text);
    }
});
