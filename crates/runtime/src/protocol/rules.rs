//! An operation's [`OperationRules`] applied around its protocol's codec: the defaults they
//! add to the input before it is serialized, the endpoint parameters they take from it, the
//! body they rewrite, and what they change in the response. Which rules an operation has is
//! the generator's decision (`codegen/src/customizations.rs`, botocore's handlers as data);
//! this module only applies them.

use serde_json::Value;

use crate::schema::{EndpointParamValue, OperationRules};

/// `input` with the defaults `rules` add, when they add any (`None`: `input` as it is), and
/// whether the listing's encoding was set here (so its reply is decoded,
/// [`decode_listing`]).
///
/// - the URL-encoded listing's member (`EncodingType`) = `url`, unless given;
/// - the checksum validation member (`ChecksumMode`) = `ENABLED`, unless given (botocore's
///   default `response_checksum_validation = when_supported`);
/// - a copy source percent-encoded ([`quote_copy_source`]);
/// - the last `/` segment of each id member of [`OperationRules::last_segment_members`];
/// - SSE-C keys given without their MD5, base64-encoded with it
///   ([`OperationRules::sse_key_prefixes`]).
pub(crate) fn with_defaults(rules: &OperationRules, input: &Value) -> (Option<Value>, bool) {
    let given = |member: &str| input.get(member).is_some_and(|v| !v.is_null());
    let listing = rules
        .url_encoded_listing
        .map(|l| l.member)
        .filter(|m| !given(m));
    let mode = rules
        .checksum
        .and_then(|c| c.request_validation_mode_member)
        .filter(|m| !given(m));
    let copy_source = rules
        .copy_source_member
        .and_then(|m| Some((m, input.get(m)?.as_str()?)));
    let ids: Vec<(&str, &str)> = rules
        .last_segment_members
        .iter()
        .filter_map(|m| Some((*m, input.get(*m)?.as_str()?)))
        .filter(|(_, v)| v.contains('/'))
        .collect();
    let sse: Vec<(String, String, &str)> = rules
        .sse_key_prefixes
        .iter()
        .filter_map(|p| {
            let (key, md5) = (format!("{p}Key"), format!("{p}KeyMD5"));
            let value = input.get(&key)?.as_str()?;
            (input.get(&md5).is_none()).then_some((key, md5, value))
        })
        .collect();
    if listing.is_none()
        && mode.is_none()
        && copy_source.is_none()
        && ids.is_empty()
        && sse.is_empty()
    {
        return (None, false);
    }
    let mut object = match input {
        Value::Object(o) => o.clone(),
        _ => serde_json::Map::new(),
    };
    if let Some(m) = listing {
        object.insert(m.to_owned(), Value::from("url"));
    }
    if let Some(m) = mode {
        object.insert(m.to_owned(), Value::from("ENABLED"));
    }
    if let Some((m, source)) = copy_source {
        object.insert(m.to_owned(), Value::from(quote_copy_source(source)));
    }
    for (key, md5, value) in sse {
        use base64::Engine as _;
        let b64 = &base64::engine::general_purpose::STANDARD;
        object.insert(
            md5,
            Value::from(b64.encode(md5::compute(value.as_bytes()).0)),
        );
        object.insert(key, Value::from(b64.encode(value.as_bytes())));
    }
    for (m, id) in ids {
        let last = id.rsplit('/').next().unwrap_or(id);
        object.insert(m.to_owned(), Value::from(last));
    }
    (Some(Value::Object(object)), listing.is_some())
}

/// botocore's `_quote_source_header`: `source` percent-encoded but for `/` and RFC 3986's
/// unreserved characters, up to a final `?versionId=<no white space>` (regex
/// `\?versionId=[^\s]+$`, leftmost match), which is kept as it is.
pub fn quote_copy_source(source: &str) -> String {
    const SUFFIX: &str = "?versionId=";
    let version_at = source.match_indices(SUFFIX).map(|(i, _)| i).find(|&i| {
        let id = &source[i + SUFFIX.len()..];
        // Python's `$` also matches before a final line break.
        let id = id.strip_suffix('\n').unwrap_or(id);
        !id.is_empty() && !id.chars().any(char::is_whitespace)
    });
    match version_at {
        Some(i) => format!(
            "{}{}",
            super::encode::greedy_label(&source[..i]),
            &source[i..]
        ),
        None => super::encode::greedy_label(source),
    }
}

/// The endpoint rule-set parameters `rules` set for a call with `input`, in the model's
/// order: each static value, and each context member that was given a string or boolean.
pub(crate) fn endpoint_params(
    rules: &OperationRules,
    input: &Value,
) -> Vec<(&'static str, awslice_endpoints::Value)> {
    rules
        .endpoint_params
        .iter()
        .filter_map(|p| {
            let value = match p.value {
                EndpointParamValue::Bool(b) => b.into(),
                EndpointParamValue::Str(s) => s.into(),
                EndpointParamValue::Member(m) => match input.get(m)? {
                    Value::String(s) => s.as_str().into(),
                    Value::Bool(b) => (*b).into(),
                    _ => return None,
                },
            };
            Some((p.name, value))
        })
        .collect()
}

/// `body` with every `\r` written `&#xD;` and every `\n` `&#xA;` (botocore's
/// `escape_xml_payload`, on the whole serialized document).
pub(crate) fn escape_line_breaks(body: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(body.len());
    for &b in body {
        match b {
            b'\r' => out.extend_from_slice(b"&#xD;"),
            b'\n' => out.extend_from_slice(b"&#xA;"),
            _ => out.push(b),
        }
    }
    out
}

/// Whether a 200 reply of an operation with [`OperationRules::error_in_200`] is an error
/// (botocore's `_looks_like_special_case_error`): a non-empty body that is not XML (a reply
/// cut short) or whose root element is `Error` (without a namespace).
pub fn is_error_in_200(body: &[u8]) -> bool {
    if body.is_empty() {
        return false;
    }
    let Ok(text) = std::str::from_utf8(body) else {
        return true;
    };
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..roxmltree::ParsingOptions::default()
    };
    match roxmltree::Document::parse_with_options(text, options) {
        Err(_) => true,
        Ok(doc) => {
            let root = doc.root_element().tag_name();
            root.name() == "Error" && root.namespace().is_none()
        }
    }
}

/// botocore's `validate_bucket_name`: a bucket name (`^[a-zA-Z0-9.\-_]{1,255}$`) or an
/// access-point or Outposts access-point ARN; any other value of `member` in `input` is
/// refused with botocore's text.
pub(crate) fn check_bucket_name(member: &str, input: &Value) -> Result<(), String> {
    let Some(bucket) = input.get(member).and_then(Value::as_str) else {
        return Ok(());
    };
    // Python's `$` also matches before a final line break.
    let name = bucket.strip_suffix('\n').unwrap_or(bucket);
    let name_ok = (1..=255).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'));
    if name_ok || is_s3_access_point_arn(bucket) {
        return Ok(());
    }
    Err(format!(
        "Parameter validation failed:\nInvalid bucket name \"{bucket}\": Bucket name must match the regex \"^[a-zA-Z0-9.\\-_]{{1,255}}$\" or be an ARN matching the regex \"^arn:(aws).*:(s3|s3-object-lambda):[a-z\\-0-9]*:[0-9]{{12}}:accesspoint[/:][a-zA-Z0-9\\-.]{{1,63}}$|^arn:(aws).*:s3-outposts:[a-z\\-0-9]+:[0-9]{{12}}:outpost[/:][a-zA-Z0-9\\-]{{1,63}}[/:]accesspoint[/:][a-zA-Z0-9\\-]{{1,63}}$\""
    ))
}

/// botocore's `validate_ascii_metadata`: every key and value of the map `member` of `input`
/// is ASCII, else botocore's text naming the first pair that is not.
pub(crate) fn check_ascii_map(member: &str, input: &Value) -> Result<(), String> {
    let Some(map) = input.get(member).and_then(Value::as_object) else {
        return Ok(());
    };
    for (key, value) in map {
        let Some(value) = value.as_str() else {
            continue;
        };
        if !key.is_ascii() || !value.is_ascii() {
            return Err(format!(
                "Parameter validation failed:\nNon ascii characters found in S3 metadata for key \"{key}\", value: \"{value}\".  \nS3 metadata can only contain ASCII characters. "
            ));
        }
    }
    Ok(())
}

/// botocore's `VALID_S3_ARN` (`handlers.py`), without a regex engine:
/// `^arn:(aws).*:(s3|s3-object-lambda):[a-z\-0-9]*:[0-9]{12}:accesspoint[/:][a-zA-Z0-9\-.]{1,63}$`
/// or `^arn:(aws).*:s3-outposts:[a-z\-0-9]+:[0-9]{12}:outpost[/:][a-zA-Z0-9\-]{1,63}[/:]accesspoint[/:][a-zA-Z0-9\-]{1,63}$`.
/// Python's `search` with `^…$` anchors the whole text (`$` also before a final `\n`).
fn is_s3_access_point_arn(text: &str) -> bool {
    let text = text.strip_suffix('\n').unwrap_or(text);
    let Some(rest) = text.strip_prefix("arn:aws") else {
        return false;
    };
    let region_ok = |r: &str, nonempty: bool| {
        (!nonempty || !r.is_empty())
            && r.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    };
    let account_ok = |a: &str| a.len() == 12 && a.bytes().all(|b| b.is_ascii_digit());
    let label_ok = |l: &str, dot: bool| {
        (1..=63).contains(&l.len())
            && l.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || (dot && b == b'.'))
    };
    // `.*` is greedy but may match any prefix: try every split of the tail into
    // `:<service>:<region>:<account>:accesspoint<sep><name>`.
    let tail_matches = |tail: &str| -> bool {
        let access_point = |s: &str| {
            ["accesspoint/", "accesspoint:"]
                .iter()
                .find_map(|p| s.strip_prefix(p))
                .is_some_and(|name| label_ok(name, true))
        };
        for service in [":s3:", ":s3-object-lambda:"] {
            if let Some(after) = tail.strip_prefix(service) {
                let mut parts = after.splitn(3, ':');
                if let (Some(region), Some(account), Some(ap)) =
                    (parts.next(), parts.next(), parts.next())
                    && region_ok(region, false)
                    && account_ok(account)
                    && access_point(ap)
                {
                    return true;
                }
            }
        }
        if let Some(after) = tail.strip_prefix(":s3-outposts:") {
            let mut parts = after.splitn(3, ':');
            if let (Some(region), Some(account), Some(outpost)) =
                (parts.next(), parts.next(), parts.next())
                && region_ok(region, true)
                && account_ok(account)
            {
                let Some(o) = ["outpost/", "outpost:"]
                    .iter()
                    .find_map(|p| outpost.strip_prefix(p))
                else {
                    return false;
                };
                // <outpost id><sep>accesspoint<sep><name>
                for (i, c) in o.char_indices() {
                    if (c == '/' || c == ':') && label_ok(&o[..i], false) {
                        let rest = &o[i + 1..];
                        if ["accesspoint/", "accesspoint:"]
                            .iter()
                            .find_map(|p| rest.strip_prefix(p))
                            .is_some_and(|n| label_ok(n, false))
                        {
                            return true;
                        }
                    }
                }
            }
        }
        false
    };
    // `.` matches anything but a line break.
    rest.char_indices()
        .map(|(i, _)| i)
        .chain([rest.len()])
        .take_while(|&i| !rest[..i].contains('\n'))
        .any(|i| tail_matches(&rest[i..]))
}

/// The text of the root element of an XML `body` (`None` when it has none or the body is
/// not XML): what botocore's `parse_get_bucket_location` reads.
pub(crate) fn root_text(body: &[u8]) -> Option<String> {
    let text = std::str::from_utf8(body).ok()?;
    let doc = roxmltree::Document::parse(text).ok()?;
    let root = doc.root_element();
    root.first_child()
        .filter(|c| c.is_text())
        .and_then(|c| c.text())
        .map(str::to_owned)
}

/// Decodes the listed names of an output `value` whose listing was URL-encoded on request
/// by [`with_defaults`] (botocore's `decode_list_object*`): only when the reply says
/// `<member>` is `url`, each value at the rules' paths goes through Python's `unquote_plus`.
pub fn decode_listing(rules: &OperationRules, value: &mut Value) {
    let Some(listing) = rules.url_encoded_listing else {
        return;
    };
    if value.get(listing.member).and_then(Value::as_str) != Some("url") {
        return;
    }
    for path in listing.decoded {
        decode_at(value, path);
    }
}

fn decode_at(value: &mut Value, path: &[&str]) {
    match value {
        Value::Array(items) => {
            for item in items {
                decode_at(item, path);
            }
        }
        Value::Object(o) => {
            if let Some((first, rest)) = path.split_first()
                && let Some(v) = o.get_mut(*first)
            {
                decode_at(v, rest);
            }
        }
        Value::String(s) if path.is_empty() => *s = unquote_plus(s),
        _ => {}
    }
}

/// Python's `urllib.parse.unquote_plus`: `+` is a space, `%XX` a byte; the bytes read as
/// UTF-8 with each invalid sequence replaced by U+FFFD (`errors='replace'`).
pub fn unquote_plus(s: &str) -> String {
    let spaced = s.replace('+', " ");
    percent_encoding::percent_decode_str(&spaced)
        .decode_utf8_lossy()
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::{EndpointParam, HttpChecksum, UrlEncodedListing};

    static LISTING: OperationRules = OperationRules {
        url_encoded_listing: Some(UrlEncodedListing {
            member: "EncodingType",
            decoded: &[&["Prefix"], &["Contents", "Key"]],
        }),
        ..OperationRules::NONE
    };

    #[test]
    fn defaults_are_added_only_when_not_given() {
        let (input, auto) = with_defaults(&LISTING, &serde_json::json!({"Bucket": "b"}));
        assert_eq!(
            input,
            Some(serde_json::json!({"Bucket": "b", "EncodingType": "url"}))
        );
        assert!(auto);
        let given = serde_json::json!({"Bucket": "b", "EncodingType": "url"});
        assert_eq!(with_defaults(&LISTING, &given), (None, false));
        let rules = OperationRules {
            checksum: Some(HttpChecksum {
                request_required: false,
                request_algorithm_member: None,
                request_algorithm_header: None,
                request_validation_mode_member: Some("ChecksumMode"),
                response_algorithms: &["CRC32"],
            }),
            ..OperationRules::NONE
        };
        let (input, auto) = with_defaults(&rules, &serde_json::json!({}));
        assert_eq!(input, Some(serde_json::json!({"ChecksumMode": "ENABLED"})));
        assert!(!auto);
        assert_eq!(
            with_defaults(&OperationRules::NONE, &Value::Null),
            (None, false)
        );
    }

    #[test]
    fn sse_c_keys_are_sent_base64_with_their_md5() {
        let rules = OperationRules {
            sse_key_prefixes: &["SSECustomer", "CopySourceSSECustomer"],
            ..OperationRules::NONE
        };
        let (input, _) = with_defaults(
            &rules,
            &serde_json::json!({"SSECustomerKey": "0123456789abcdef0123456789abcdef",
                                "CopySourceSSECustomerKey": "k", "CopySourceSSECustomerKeyMD5": "given"}),
        );
        // Python: base64.b64encode(key), base64.b64encode(hashlib.md5(key).digest()).
        assert_eq!(
            input,
            Some(serde_json::json!({
                "SSECustomerKey": "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
                "CopySourceSSECustomerKey": "k",
                "CopySourceSSECustomerKeyMD5": "given",
                "SSECustomerKeyMD5": "hRasmdxgYDKV3nvbahU1MA==",
            }))
        );
    }

    #[test]
    fn route53_ids_keep_their_last_segment() {
        let rules = OperationRules {
            last_segment_members: &["Id", "DelegationSetId"],
            ..OperationRules::NONE
        };
        let (input, _) = with_defaults(
            &rules,
            &serde_json::json!({"Id": "/hostedzone/Z1", "DelegationSetId": "N1", "Other": "/a/b"}),
        );
        assert_eq!(
            input,
            Some(serde_json::json!({"Id": "Z1", "DelegationSetId": "N1", "Other": "/a/b"}))
        );
        assert_eq!(
            with_defaults(&rules, &serde_json::json!({"Id": "Z1"})),
            (None, false)
        );
    }

    #[test]
    fn endpoint_params_come_from_statics_and_given_members() {
        let rules = OperationRules {
            endpoint_params: &[
                EndpointParam {
                    name: "UseS3ExpressControlEndpoint",
                    value: EndpointParamValue::Bool(true),
                },
                EndpointParam {
                    name: "Bucket",
                    value: EndpointParamValue::Member("Bucket"),
                },
                EndpointParam {
                    name: "Key",
                    value: EndpointParamValue::Member("Key"),
                },
            ],
            ..OperationRules::NONE
        };
        assert_eq!(
            endpoint_params(&rules, &serde_json::json!({"Bucket": "b", "Key": 3})),
            vec![
                ("UseS3ExpressControlEndpoint", true.into()),
                ("Bucket", "b".into())
            ]
        );
    }

    #[test]
    fn copy_sources_are_quoted_up_to_the_version_id() {
        assert_eq!(quote_copy_source("b/src key"), "b/src%20key");
        assert_eq!(
            quote_copy_source("b/k+ü?versionId=a b"),
            "b/k%2B%C3%BC%3FversionId%3Da%20b"
        );
        assert_eq!(
            quote_copy_source("b/k?x?versionId=v1"),
            "b/k%3Fx?versionId=v1"
        );
        assert_eq!(quote_copy_source("b/k?versionId="), "b/k%3FversionId%3D");
    }

    #[test]
    fn metadata_must_be_ascii() {
        let ok = serde_json::json!({"Metadata": {"a": "b"}});
        assert_eq!(check_ascii_map("Metadata", &ok), Ok(()));
        let bad = serde_json::json!({"Metadata": {"a": "b", "k": "vé"}});
        assert_eq!(
            check_ascii_map("Metadata", &bad).unwrap_err(),
            "Parameter validation failed:\nNon ascii characters found in S3 metadata for key \"k\", value: \"vé\".  \nS3 metadata can only contain ASCII characters. "
        );
        assert_eq!(check_ascii_map("Metadata", &serde_json::json!({})), Ok(()));
    }

    #[test]
    fn line_breaks_are_escaped_everywhere_in_the_body() {
        assert_eq!(
            escape_line_breaks(b"<Key>a\r\nb</Key>\n"),
            b"<Key>a&#xD;&#xA;b</Key>&#xA;"
        );
    }

    #[test]
    fn errors_in_200_are_error_roots_or_broken_xml() {
        assert!(is_error_in_200(
            b"<Error><Code>InternalError</Code></Error>"
        ));
        assert!(is_error_in_200(
            b"<?xml version=\"1.0\"?>\n<Error><Code>SlowDown</Code></Error>"
        ));
        assert!(is_error_in_200(b"<CopyObjectResult><ETag>"));
        assert!(is_error_in_200(b"\xff\xfe"));
        assert!(!is_error_in_200(b""));
        assert!(!is_error_in_200(
            b"<CopyObjectResult><ETag>x</ETag></CopyObjectResult>"
        ));
        assert!(!is_error_in_200(
            b"<Error xmlns=\"urn:x\"><Code>X</Code></Error>"
        ));
    }

    #[test]
    fn listings_are_decoded_only_when_the_reply_says_url() {
        let mut v = serde_json::json!({
            "EncodingType": "url",
            "Prefix": "a+b%2F",
            "Contents": [{"Key": "x%20y+z"}, {"Key": "%E6%97%A5%ff"}, {"Size": 1}],
        });
        decode_listing(&LISTING, &mut v);
        assert_eq!(v["Prefix"], "a b/");
        assert_eq!(v["Contents"][0]["Key"], "x y z");
        assert_eq!(v["Contents"][1]["Key"], "日\u{fffd}");
        let mut plain = serde_json::json!({"Prefix": "a+b"});
        decode_listing(&LISTING, &mut plain);
        assert_eq!(plain["Prefix"], "a+b");
    }
}
