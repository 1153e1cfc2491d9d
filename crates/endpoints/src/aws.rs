//! The AWS rules-engine functions other than `aws.partition`.

use crate::stdlib::{is_ipv4_shaped, is_valid_host_label};

/// `aws.parseArn(value)`: `arn:partition:service:region:accountId:resource` into an object
/// with `resourceId` being the resource split at every `:` and `/`. `None` unless the value
/// has six `:`-separated fields starting with `arn`, with partition, service and resource
/// non-empty (region and account may be empty).
pub(crate) fn parse_arn(value: &str) -> Option<serde_json::Value> {
    let mut fields = value.splitn(6, ':');
    let (arn, partition, service, region, account, resource) = (
        fields.next()?,
        fields.next()?,
        fields.next()?,
        fields.next()?,
        fields.next()?,
        fields.next()?,
    );
    if arn != "arn" || partition.is_empty() || service.is_empty() || resource.is_empty() {
        return None;
    }
    let resource_id: Vec<serde_json::Value> = resource
        .split([':', '/'])
        .map(|s| serde_json::Value::String(s.to_owned()))
        .collect();
    let mut m = serde_json::Map::new();
    m.insert("partition".into(), partition.into());
    m.insert("service".into(), service.into());
    m.insert("region".into(), region.into());
    m.insert("accountId".into(), account.into());
    m.insert("resourceId".into(), serde_json::Value::Array(resource_id));
    Some(serde_json::Value::Object(m))
}

/// `aws.isVirtualHostableS3Bucket(value, allowSubDomains)`: whether the bucket name can be
/// used as a host label, as the AWS CLI decides it: at least 3 characters, no upper-case
/// letters, not shaped like an IPv4 address, and a valid host label (dot-separated labels with
/// `allowSubDomains`).
pub(crate) fn is_virtual_hostable_s3_bucket(value: &str, allow_sub_domains: bool) -> bool {
    value.len() >= 3
        && !value.bytes().any(|c| c.is_ascii_uppercase())
        && !is_ipv4_shaped(value)
        && is_valid_host_label(value, allow_sub_domains)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arn_fields_and_resource_ids() {
        let a = parse_arn("arn:aws:s3:us-west-2:123456789012:accesspoint/myendpoint").unwrap();
        assert_eq!(
            a.to_string(),
            r#"{"partition":"aws","service":"s3","region":"us-west-2","accountId":"123456789012","resourceId":["accesspoint","myendpoint"]}"#
        );
        let a = parse_arn("arn:aws:s3:::bucket").unwrap();
        assert_eq!(a["region"], "");
        assert_eq!(a["accountId"], "");
        assert_eq!(a["resourceId"], serde_json::json!(["bucket"]));
        let a = parse_arn("arn:aws:s3-outposts:us-west-2:1:outpost:op-01/accesspoint:ap").unwrap();
        assert_eq!(
            a["resourceId"],
            serde_json::json!(["outpost", "op-01", "accesspoint", "ap"])
        );
    }

    #[test]
    fn bad_arns() {
        for bad in [
            "",
            "arn",
            "arn:aws:s3:us-west-2:123456789012",
            "arn:aws:s3:us-west-2:123456789012:",
            "arn::s3:us-west-2:1:r",
            "arn:aws::us-west-2:1:r",
            "urn:aws:s3:us-west-2:1:r",
            "not an arn",
        ] {
            assert_eq!(parse_arn(bad), None, "{bad}");
        }
    }

    #[test]
    fn virtual_hostable_buckets() {
        assert!(is_virtual_hostable_s3_bucket("bucket-name", false));
        assert!(is_virtual_hostable_s3_bucket("abc", false));
        assert!(is_virtual_hostable_s3_bucket("a1b2", false));
        assert!(!is_virtual_hostable_s3_bucket("ab", false));
        assert!(!is_virtual_hostable_s3_bucket(&"a".repeat(64), false));
        // Only each label is limited to 63 characters.
        assert!(is_virtual_hostable_s3_bucket(
            &format!("{}.ab", "a".repeat(63)),
            true
        ));
        assert!(!is_virtual_hostable_s3_bucket("my-.bucket", true));
        assert!(!is_virtual_hostable_s3_bucket("Bucket", false));
        assert!(!is_virtual_hostable_s3_bucket("-bucket", false));
        assert!(!is_virtual_hostable_s3_bucket("bucket-", false));
        assert!(!is_virtual_hostable_s3_bucket("bucket_name", false));
        assert!(!is_virtual_hostable_s3_bucket("my.bucket", false));
        assert!(is_virtual_hostable_s3_bucket("my.bucket", true));
        assert!(!is_virtual_hostable_s3_bucket("my..bucket", true));
        assert!(!is_virtual_hostable_s3_bucket("my.-bucket", true));
        assert!(!is_virtual_hostable_s3_bucket("192.168.5.4", true));
    }
}
