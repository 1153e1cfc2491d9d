//! The AWS partitions: which regions belong where and the DNS facts of each partition.
//!
//! These are facts (the partition outputs every AWS SDK ships), written down here in our own
//! form. A partition's region pattern, `^(prefix…)-\w+-\d+$` in the SDKs' data, is kept as the
//! list of allowed leading segments; [`Partition::matches_pattern`] checks the same shape.

/// One AWS partition and its outputs (the value `aws.partition` returns).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Partition {
    /// The partition id, e.g. `aws`, `aws-cn`.
    pub name: &'static str,
    /// The DNS suffix of regional endpoints, e.g. `amazonaws.com`.
    pub dns_suffix: &'static str,
    /// The DNS suffix of dual-stack endpoints, e.g. `api.aws`.
    pub dual_stack_dns_suffix: &'static str,
    /// Whether FIPS endpoints exist in the partition.
    pub supports_fips: bool,
    /// Whether dual-stack endpoints exist in the partition.
    pub supports_dual_stack: bool,
    /// The region global services are signed for.
    pub implicit_global_region: &'static str,
    /// The regions known to be in the partition.
    pub regions: &'static [&'static str],
    /// The region pattern: allowed values of the leading segments, then `-\w+-\d+`.
    pattern: &'static [&'static [&'static str]],
}

impl Partition {
    /// Whether `region` has this partition's region-name shape (the SDKs' `regionRegex`).
    pub fn matches_pattern(&self, region: &str) -> bool {
        let segs: Vec<&str> = region.split('-').collect();
        if segs.len() != self.pattern.len() + 2 {
            return false;
        }
        let word = segs[segs.len() - 2];
        let digits = segs[segs.len() - 1];
        self.pattern
            .iter()
            .zip(&segs)
            .all(|(allowed, seg)| allowed.contains(seg))
            && !word.is_empty()
            && word.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
            && !digits.is_empty()
            && digits.bytes().all(|b| b.is_ascii_digit())
    }

    /// The outputs as the JSON object `aws.partition` returns.
    pub fn to_json(&self) -> serde_json::Value {
        let mut m = serde_json::Map::new();
        m.insert("name".into(), self.name.into());
        m.insert("dnsSuffix".into(), self.dns_suffix.into());
        m.insert(
            "dualStackDnsSuffix".into(),
            self.dual_stack_dns_suffix.into(),
        );
        m.insert("supportsFIPS".into(), self.supports_fips.into());
        m.insert("supportsDualStack".into(), self.supports_dual_stack.into());
        m.insert(
            "implicitGlobalRegion".into(),
            self.implicit_global_region.into(),
        );
        serde_json::Value::Object(m)
    }
}

/// The partitions, in the order their patterns are tried.
pub(crate) const PARTITIONS: &[Partition] = &[
    Partition {
        name: "aws",
        dns_suffix: "amazonaws.com",
        dual_stack_dns_suffix: "api.aws",
        supports_fips: true,
        supports_dual_stack: true,
        implicit_global_region: "us-east-1",
        regions: &[
            "af-south-1",
            "ap-east-1",
            "ap-east-2",
            "ap-northeast-1",
            "ap-northeast-2",
            "ap-northeast-3",
            "ap-south-1",
            "ap-south-2",
            "ap-southeast-1",
            "ap-southeast-2",
            "ap-southeast-3",
            "ap-southeast-4",
            "ap-southeast-5",
            "ap-southeast-6",
            "ap-southeast-7",
            "aws-global",
            "ca-central-1",
            "ca-west-1",
            "eu-central-1",
            "eu-central-2",
            "eu-north-1",
            "eu-south-1",
            "eu-south-2",
            "eu-west-1",
            "eu-west-2",
            "eu-west-3",
            "il-central-1",
            "me-central-1",
            "me-south-1",
            "me-west-1",
            "mx-central-1",
            "sa-east-1",
            "sa-west-1",
            "us-east-1",
            "us-east-2",
            "us-west-1",
            "us-west-2",
        ],
        pattern: &[&["us", "eu", "ap", "sa", "ca", "me", "af", "il", "mx"]],
    },
    Partition {
        name: "aws-cn",
        dns_suffix: "amazonaws.com.cn",
        dual_stack_dns_suffix: "api.amazonwebservices.com.cn",
        supports_fips: true,
        supports_dual_stack: true,
        implicit_global_region: "cn-northwest-1",
        regions: &["aws-cn-global", "cn-north-1", "cn-northwest-1"],
        pattern: &[&["cn"]],
    },
    Partition {
        name: "aws-eusc",
        dns_suffix: "amazonaws.eu",
        dual_stack_dns_suffix: "api.amazonwebservices.eu",
        supports_fips: true,
        supports_dual_stack: true,
        implicit_global_region: "eusc-de-east-1",
        regions: &["eusc-de-east-1"],
        pattern: &[&["eusc"], &["de"]],
    },
    Partition {
        name: "aws-iso",
        dns_suffix: "c2s.ic.gov",
        dual_stack_dns_suffix: "api.aws.ic.gov",
        supports_fips: true,
        supports_dual_stack: true,
        implicit_global_region: "us-iso-east-1",
        regions: &["aws-iso-global", "us-iso-east-1", "us-iso-west-1"],
        pattern: &[&["us"], &["iso"]],
    },
    Partition {
        name: "aws-iso-b",
        dns_suffix: "sc2s.sgov.gov",
        dual_stack_dns_suffix: "api.aws.scloud",
        supports_fips: true,
        supports_dual_stack: true,
        implicit_global_region: "us-isob-east-1",
        regions: &["aws-iso-b-global", "us-isob-east-1", "us-isob-west-1"],
        pattern: &[&["us"], &["isob"]],
    },
    Partition {
        name: "aws-iso-e",
        dns_suffix: "cloud.adc-e.uk",
        dual_stack_dns_suffix: "api.cloud-aws.adc-e.uk",
        supports_fips: true,
        supports_dual_stack: true,
        implicit_global_region: "eu-isoe-west-1",
        regions: &["aws-iso-e-global", "eu-isoe-west-1"],
        pattern: &[&["eu"], &["isoe"]],
    },
    Partition {
        name: "aws-iso-f",
        dns_suffix: "csp.hci.ic.gov",
        dual_stack_dns_suffix: "api.aws.hci.ic.gov",
        supports_fips: true,
        supports_dual_stack: true,
        implicit_global_region: "us-isof-south-1",
        regions: &["aws-iso-f-global", "us-isof-east-1", "us-isof-south-1"],
        pattern: &[&["us"], &["isof"]],
    },
    Partition {
        name: "aws-us-gov",
        dns_suffix: "amazonaws.com",
        dual_stack_dns_suffix: "api.aws",
        supports_fips: true,
        supports_dual_stack: true,
        implicit_global_region: "us-gov-west-1",
        regions: &["aws-us-gov-global", "us-gov-east-1", "us-gov-west-1"],
        pattern: &[&["us"], &["gov"]],
    },
];

/// All partitions, in the order their region patterns are tried.
pub fn partitions() -> &'static [Partition] {
    PARTITIONS
}

/// The partition of a region, as `aws.partition` finds it: a partition that lists the region,
/// else the first whose region pattern matches, else `aws`.
pub fn partition_for_region(region: &str) -> &'static Partition {
    PARTITIONS
        .iter()
        .find(|p| p.regions.contains(&region))
        .or_else(|| PARTITIONS.iter().find(|p| p.matches_pattern(region)))
        .unwrap_or(&PARTITIONS[0])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_regions() {
        assert_eq!(partition_for_region("us-east-1").name, "aws");
        assert_eq!(partition_for_region("aws-global").name, "aws");
        assert_eq!(partition_for_region("cn-north-1").name, "aws-cn");
        assert_eq!(partition_for_region("aws-cn-global").name, "aws-cn");
        assert_eq!(partition_for_region("us-gov-west-1").name, "aws-us-gov");
        assert_eq!(partition_for_region("us-iso-east-1").name, "aws-iso");
        assert_eq!(partition_for_region("us-isob-east-1").name, "aws-iso-b");
        assert_eq!(partition_for_region("eu-isoe-west-1").name, "aws-iso-e");
        assert_eq!(partition_for_region("us-isof-south-1").name, "aws-iso-f");
        assert_eq!(partition_for_region("eusc-de-east-1").name, "aws-eusc");
    }

    #[test]
    fn unknown_regions_by_pattern() {
        assert_eq!(partition_for_region("us-west-9").name, "aws");
        assert_eq!(partition_for_region("mx-north_x-12").name, "aws");
        assert_eq!(partition_for_region("cn-south-7").name, "aws-cn");
        assert_eq!(partition_for_region("us-gov-central-3").name, "aws-us-gov");
        assert_eq!(partition_for_region("us-iso-north-2").name, "aws-iso");
        assert_eq!(partition_for_region("us-isob-south-2").name, "aws-iso-b");
        assert_eq!(partition_for_region("eu-isoe-east-4").name, "aws-iso-e");
        assert_eq!(partition_for_region("us-isof-west-4").name, "aws-iso-f");
        assert_eq!(partition_for_region("eusc-de-west-2").name, "aws-eusc");
    }

    #[test]
    fn no_match_falls_back_to_aws() {
        for r in [
            "mars",
            "xx-nowhere-9",
            "us-east",
            "us-east-x",
            "eusc-fr-east-1",
            "",
            "us--1",
        ] {
            assert_eq!(partition_for_region(r).name, "aws", "{r}");
            assert!(!PARTITIONS.iter().any(|p| p.matches_pattern(r)), "{r}");
        }
    }

    #[test]
    fn outputs_json() {
        let j = partition_for_region("cn-north-1").to_json();
        assert_eq!(
            j.to_string(),
            r#"{"name":"aws-cn","dnsSuffix":"amazonaws.com.cn","dualStackDnsSuffix":"api.amazonwebservices.com.cn","supportsFIPS":true,"supportsDualStack":true,"implicitGlobalRegion":"cn-northwest-1"}"#
        );
    }
}
