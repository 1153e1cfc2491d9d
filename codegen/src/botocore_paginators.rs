//! botocore's paginator configs where they differ from the model's `smithy.api#paginated`
//! trait, so that the CLI pages as the AWS CLI does.
//!
//! The AWS CLI pages with botocore's `paginators-1.json` (merged with
//! `paginators-1.sdk-extras.json`), not with the Smithy trait. The trait has one input token,
//! one output token and one `items` path; it has no `more_results` flag and no
//! `non_aggregate_keys`. botocore's config can have several of each, output tokens that are
//! JMESPath expressions (`NextMarker || Contents[-1].Key`), and values copied from the first
//! page into the merged result (`"RequestCharged": null`). Where a service's config says more
//! than the trait, it is written down here; every other paginator comes from the trait.
//!
//! The entries are facts of botocore's data files (Apache-2.0, Copyright Amazon.com, Inc. or
//! its affiliates): botocore 1.44's `botocore/data/s3/2006-03-01/paginators-1.json` and
//! `paginators-1.sdk-extras.json` (all of S3's paginators: every one has `more_results` or
//! `non_aggregate_keys`), and the Route 53 (`route53/2013-04-01`) and CloudFront
//! (`cloudfront/2020-05-31`) paginators whose config has a `more_results` the trait lacks or
//! that the model does not mark as paginated at all (Route 53's `ListResourceRecordSets`, with
//! three tokens, and `ListVPCAssociationAuthorizations`); lists in botocore's order. (Found by
//! comparing each restXml model's `smithy.api#paginated` traits with botocore's configs.)

/// One operation's paginator config, in botocore's terms (each list in config order).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BotocorePaginator {
    /// `input_token`: the request members carrying the tokens.
    pub input_token: &'static [&'static str],
    /// `output_token`: one JMESPath expression per input token.
    pub output_token: &'static [&'static str],
    /// `limit_key`: the page-size member.
    pub limit_key: Option<&'static str>,
    /// `result_key`: the merged result paths, the primary (counted by `--max-items`) first.
    pub result_key: &'static [&'static str],
    /// `more_results`: paging stops when this expression is falsy.
    pub more_results: Option<&'static str>,
    /// `non_aggregate_keys`: taken from the first page into the merged result.
    pub non_aggregate_keys: &'static [&'static str],
}

/// (botocore service name, operation name, config).
const PAGINATORS: &[(&str, &str, BotocorePaginator)] = &[
    (
        "s3",
        "ListMultipartUploads",
        BotocorePaginator {
            input_token: &["KeyMarker", "UploadIdMarker"],
            output_token: &["NextKeyMarker", "NextUploadIdMarker"],
            limit_key: Some("MaxUploads"),
            result_key: &["Uploads", "CommonPrefixes"],
            more_results: Some("IsTruncated"),
            non_aggregate_keys: &["RequestCharged", "Prefix"],
        },
    ),
    (
        "s3",
        "ListObjectVersions",
        BotocorePaginator {
            input_token: &["KeyMarker", "VersionIdMarker"],
            output_token: &["NextKeyMarker", "NextVersionIdMarker"],
            limit_key: Some("MaxKeys"),
            result_key: &["Versions", "DeleteMarkers", "CommonPrefixes"],
            more_results: Some("IsTruncated"),
            non_aggregate_keys: &["RequestCharged", "Prefix"],
        },
    ),
    (
        "s3",
        "ListObjects",
        BotocorePaginator {
            input_token: &["Marker"],
            output_token: &["NextMarker || Contents[-1].Key"],
            limit_key: Some("MaxKeys"),
            result_key: &["Contents", "CommonPrefixes"],
            more_results: Some("IsTruncated"),
            non_aggregate_keys: &["RequestCharged", "Prefix"],
        },
    ),
    (
        "s3",
        "ListObjectsV2",
        BotocorePaginator {
            input_token: &["ContinuationToken"],
            output_token: &["NextContinuationToken"],
            limit_key: Some("MaxKeys"),
            result_key: &["Contents", "CommonPrefixes"],
            more_results: Some("IsTruncated"),
            non_aggregate_keys: &["RequestCharged", "Prefix"],
        },
    ),
    (
        "s3",
        "ListParts",
        BotocorePaginator {
            input_token: &["PartNumberMarker"],
            output_token: &["NextPartNumberMarker"],
            limit_key: Some("MaxParts"),
            result_key: &["Parts"],
            more_results: Some("IsTruncated"),
            non_aggregate_keys: &[
                "ChecksumAlgorithm",
                "Initiator",
                "Owner",
                "StorageClass",
                "ChecksumType",
            ],
        },
    ),
    (
        "s3",
        "ListDirectoryBuckets",
        BotocorePaginator {
            input_token: &["ContinuationToken"],
            output_token: &["ContinuationToken"],
            limit_key: Some("MaxDirectoryBuckets"),
            result_key: &["Buckets"],
            more_results: None,
            non_aggregate_keys: &[],
        },
    ),
    (
        "s3",
        "ListBuckets",
        BotocorePaginator {
            input_token: &["ContinuationToken"],
            output_token: &["ContinuationToken"],
            limit_key: Some("MaxBuckets"),
            result_key: &["Buckets"],
            more_results: None,
            non_aggregate_keys: &["Owner", "Prefix"],
        },
    ),
    (
        "s3",
        "ListObjectAnnotations",
        BotocorePaginator {
            input_token: &["ContinuationToken"],
            output_token: &["NextContinuationToken"],
            limit_key: Some("MaxAnnotationResults"),
            result_key: &["Annotations"],
            more_results: None,
            non_aggregate_keys: &[
                "AnnotationCount",
                "AnnotationPrefix",
                "Bucket",
                "Key",
                "ObjectVersionId",
                "RequestCharged",
            ],
        },
    ),
    (
        "route53",
        "ListHealthChecks",
        BotocorePaginator {
            input_token: &["Marker"],
            output_token: &["NextMarker"],
            limit_key: Some("MaxItems"),
            result_key: &["HealthChecks"],
            more_results: Some("IsTruncated"),
            non_aggregate_keys: &[],
        },
    ),
    (
        "route53",
        "ListHostedZones",
        BotocorePaginator {
            input_token: &["Marker"],
            output_token: &["NextMarker"],
            limit_key: Some("MaxItems"),
            result_key: &["HostedZones"],
            more_results: Some("IsTruncated"),
            non_aggregate_keys: &[],
        },
    ),
    (
        "route53",
        "ListResourceRecordSets",
        BotocorePaginator {
            input_token: &[
                "StartRecordName",
                "StartRecordType",
                "StartRecordIdentifier",
            ],
            output_token: &["NextRecordName", "NextRecordType", "NextRecordIdentifier"],
            limit_key: Some("MaxItems"),
            result_key: &["ResourceRecordSets"],
            more_results: Some("IsTruncated"),
            non_aggregate_keys: &[],
        },
    ),
    (
        "route53",
        "ListVPCAssociationAuthorizations",
        BotocorePaginator {
            input_token: &["NextToken"],
            output_token: &["NextToken"],
            limit_key: None,
            result_key: &["VPCs"],
            more_results: None,
            non_aggregate_keys: &["HostedZoneId"],
        },
    ),
    (
        "cloudfront",
        "ListCloudFrontOriginAccessIdentities",
        BotocorePaginator {
            input_token: &["Marker"],
            output_token: &["CloudFrontOriginAccessIdentityList.NextMarker"],
            limit_key: Some("MaxItems"),
            result_key: &["CloudFrontOriginAccessIdentityList.Items"],
            more_results: Some("CloudFrontOriginAccessIdentityList.IsTruncated"),
            non_aggregate_keys: &[],
        },
    ),
    (
        "cloudfront",
        "ListDistributions",
        BotocorePaginator {
            input_token: &["Marker"],
            output_token: &["DistributionList.NextMarker"],
            limit_key: Some("MaxItems"),
            result_key: &["DistributionList.Items"],
            more_results: Some("DistributionList.IsTruncated"),
            non_aggregate_keys: &[],
        },
    ),
    (
        "cloudfront",
        "ListInvalidations",
        BotocorePaginator {
            input_token: &["Marker"],
            output_token: &["InvalidationList.NextMarker"],
            limit_key: Some("MaxItems"),
            result_key: &["InvalidationList.Items"],
            more_results: Some("InvalidationList.IsTruncated"),
            non_aggregate_keys: &[],
        },
    ),
    (
        "cloudfront",
        "ListStreamingDistributions",
        BotocorePaginator {
            input_token: &["Marker"],
            output_token: &["StreamingDistributionList.NextMarker"],
            limit_key: Some("MaxItems"),
            result_key: &["StreamingDistributionList.Items"],
            more_results: Some("StreamingDistributionList.IsTruncated"),
            non_aggregate_keys: &[],
        },
    ),
];

/// botocore's paginator config of `operation` (its model name, `ListObjectVersions`) in the
/// service botocore names `service` (`s3`), when it differs from the Smithy trait.
///
/// ```
/// use awslice_codegen::botocore_paginators::botocore_paginator;
/// let p = botocore_paginator("s3", "ListObjects").unwrap();
/// assert_eq!(p.output_token, ["NextMarker || Contents[-1].Key"]);
/// assert!(botocore_paginator("workspaces", "DescribeWorkspaces").is_none());
/// ```
pub fn botocore_paginator(service: &str, operation: &str) -> Option<&'static BotocorePaginator> {
    PAGINATORS
        .iter()
        .find(|(s, o, _)| *s == service && *o == operation)
        .map(|(_, _, p)| p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_config_pairs_its_tokens_and_has_a_result_key() {
        for (service, op, p) in PAGINATORS {
            assert_eq!(
                p.input_token.len(),
                p.output_token.len(),
                "{service} {op}: one output token per input token"
            );
            assert!(!p.result_key.is_empty(), "{service} {op}: no result key");
        }
    }
}
