//! The names the AWS CLI derives from model names: botocore's `xform_name`.
//!
//! The AWS CLI names commands and options by running botocore's `xform_name` over the
//! operation and input member names (`UpdateWorkspaceImagePermission` →
//! `update-workspace-image-permission`, `ImageId` → `--image-id`). heck's kebab case differs
//! from it on acronyms (`DescribeIpGroups` agrees, but `ARNs`, `VPCs`, `ImportWorkspaceImageV2`
//! do not), so the exact rules are written here by hand. They are three regular expressions,
//! applied in order:
//!
//! 1. a trailing run of two or more capitals followed by `s` (`[A-Z]{2,}s$`) is split off and
//!    lower-cased (`ListARNs` → `List_arns`);
//! 2. `(.)([A-Z][a-z]+)` → `\1<sep>\2`, left to right, without overlap;
//! 3. `([a-z0-9])([A-Z])` → `\1<sep>\2`, left to right, without overlap;
//!
//! then the whole name is lower-cased. A name that already contains the separator is returned
//! unchanged, and a few names botocore lists explicitly (`CreateCachediSCSIVolume`, the
//! `WhatsApp` and `OTel` operations…) use its fixed spellings.
//!
//! The service command (`aws workspaces …`) is botocore's service name, which for most
//! services is the model's `sdkId` lower-cased with its spaces as hyphens (botocore's
//! `hyphenize_service_id`: `SSO OIDC` → `sso-oidc`), for older services a fixed legacy name
//! (`Elastic Load Balancing v2` → `elbv2`), and then the AWS CLI renames three of them
//! (`s3` → `s3api`, `codedeploy` → `deploy`, `config` → `configservice`):
//! [`cli_service_name`].

/// botocore's fixed spellings for names its rules would mangle: (name, snake-case form).
/// The kebab form is the same with `-`.
const SPECIAL_CASES: &[(&str, &str)] = &[
    ("CreateCachediSCSIVolume", "create_cached_iscsi_volume"),
    (
        "DescribeCachediSCSIVolumes",
        "describe_cached_iscsi_volumes",
    ),
    (
        "DescribeStorediSCSIVolumes",
        "describe_stored_iscsi_volumes",
    ),
    ("CreateStorediSCSIVolume", "create_stored_iscsi_volume"),
    (
        "ListHITsForQualificationType",
        "list_hits_for_qualification_type",
    ),
    ("ExecutePartiQLStatement", "execute_partiql_statement"),
    ("ExecutePartiQLTransaction", "execute_partiql_transaction"),
    ("ExecutePartiQLBatch", "execute_partiql_batch"),
    (
        "AssociateWhatsAppBusinessAccount",
        "associate_whatsapp_business_account",
    ),
    (
        "CreateWhatsAppMessageTemplate",
        "create_whatsapp_message_template",
    ),
    (
        "CreateWhatsAppMessageTemplateFromLibrary",
        "create_whatsapp_message_template_from_library",
    ),
    (
        "CreateWhatsAppMessageTemplateMedia",
        "create_whatsapp_message_template_media",
    ),
    (
        "DeleteWhatsAppMessageMedia",
        "delete_whatsapp_message_media",
    ),
    (
        "DeleteWhatsAppMessageTemplate",
        "delete_whatsapp_message_template",
    ),
    (
        "DisassociateWhatsAppBusinessAccount",
        "disassociate_whatsapp_business_account",
    ),
    (
        "GetLinkedWhatsAppBusinessAccount",
        "get_linked_whatsapp_business_account",
    ),
    (
        "GetLinkedWhatsAppBusinessAccountPhoneNumber",
        "get_linked_whatsapp_business_account_phone_number",
    ),
    ("GetOTelEnrichment", "get_otel_enrichment"),
    ("GetWhatsAppMessageMedia", "get_whatsapp_message_media"),
    (
        "GetWhatsAppMessageTemplate",
        "get_whatsapp_message_template",
    ),
    (
        "ListLinkedWhatsAppBusinessAccounts",
        "list_linked_whatsapp_business_accounts",
    ),
    (
        "ListWhatsAppMessageTemplates",
        "list_whatsapp_message_templates",
    ),
    (
        "ListWhatsAppTemplateLibrary",
        "list_whatsapp_template_library",
    ),
    ("PostWhatsAppMessageMedia", "post_whatsapp_message_media"),
    (
        "PutWhatsAppBusinessAccountEventDestinations",
        "put_whatsapp_business_account_event_destinations",
    ),
    ("SendWhatsAppMessage", "send_whatsapp_message"),
    ("StartOTelEnrichment", "start_otel_enrichment"),
    ("StopOTelEnrichment", "stop_otel_enrichment"),
    (
        "UpdateWhatsAppMessageTemplate",
        "update_whatsapp_message_template",
    ),
];

/// botocore's service names that are not the hyphenized `sdkId`: (`sdkId`, service name), for
/// every such service of botocore 1.43 (55 of its 424 services; the others all follow the rule).
const LEGACY_SERVICE_NAMES: &[(&str, &str)] = &[
    ("API Gateway", "apigateway"),
    ("App Mesh", "appmesh"),
    ("Application Auto Scaling", "application-autoscaling"),
    ("Application Discovery Service", "discovery"),
    ("Auto Scaling", "autoscaling"),
    ("Auto Scaling Plans", "autoscaling-plans"),
    ("CloudHSM V2", "cloudhsmv2"),
    ("CloudSearch Domain", "cloudsearchdomain"),
    ("CloudWatch Logs", "logs"),
    ("Cognito Identity Provider", "cognito-idp"),
    ("Config Service", "config"),
    ("Cost Explorer", "ce"),
    ("Cost and Usage Report Service", "cur"),
    ("Data Pipeline", "datapipeline"),
    ("Database Migration Service", "dms"),
    ("Device Farm", "devicefarm"),
    ("Direct Connect", "directconnect"),
    ("Directory Service", "ds"),
    ("Directory Service Data", "ds-data"),
    ("DynamoDB Streams", "dynamodbstreams"),
    ("Elastic Beanstalk", "elasticbeanstalk"),
    ("Elastic Load Balancing", "elb"),
    ("Elastic Load Balancing v2", "elbv2"),
    ("Elasticsearch Service", "es"),
    ("EventBridge", "events"),
    ("Global Accelerator", "globalaccelerator"),
    ("IoT Data Plane", "iot-data"),
    ("IoT Events", "iotevents"),
    ("IoT Events Data", "iotevents-data"),
    ("IoT Jobs Data Plane", "iot-jobs-data"),
    ("IoT Wireless", "iotwireless"),
    ("Kinesis Analytics", "kinesisanalytics"),
    ("Kinesis Analytics V2", "kinesisanalyticsv2"),
    ("Kinesis Video", "kinesisvideo"),
    ("Lex Model Building Service", "lex-models"),
    ("Lex Models V2", "lexv2-models"),
    ("Lex Runtime Service", "lex-runtime"),
    ("Lex Runtime V2", "lexv2-runtime"),
    ("Machine Learning", "machinelearning"),
    (
        "Marketplace Commerce Analytics",
        "marketplacecommerceanalytics",
    ),
    ("Marketplace Entitlement Service", "marketplace-entitlement"),
    ("Marketplace Metering", "meteringmarketplace"),
    ("Migration Hub", "mgh"),
    ("Pinpoint SMS Voice", "sms-voice"),
    ("Resource Groups Tagging API", "resourcegroupstaggingapi"),
    ("Route 53", "route53"),
    ("Route 53 Domains", "route53domains"),
    ("S3 Control", "s3control"),
    ("SFN", "stepfunctions"),
    ("Secrets Manager", "secretsmanager"),
    ("ServerlessApplicationRepository", "serverlessrepo"),
    ("Service Catalog", "servicecatalog"),
    ("Service Catalog AppRegistry", "servicecatalog-appregistry"),
    ("SimpleDB", "sdb"),
    ("Storage Gateway", "storagegateway"),
];

/// The AWS CLI's renames of botocore service names: (service name, command name).
const CLI_RENAMES: &[(&str, &str)] = &[
    ("s3", "s3api"),
    ("codedeploy", "deploy"),
    ("config", "configservice"),
];

/// botocore's service name of the service whose `sdkId` is `sdk_id` (`WorkSpaces` →
/// `workspaces`, `SSO OIDC` → `sso-oidc`, `Elastic Load Balancing v2` → `elbv2`).
pub fn botocore_service_name(sdk_id: &str) -> String {
    match LEGACY_SERVICE_NAMES.iter().find(|(id, _)| *id == sdk_id) {
        Some((_, name)) => (*name).to_owned(),
        None => sdk_id.replace(' ', "-").to_lowercase(),
    }
}

/// The AWS CLI's service command name (`aws <name> …`) of the service whose `sdkId` is
/// `sdk_id`: its botocore service name, renamed as the AWS CLI renames it (`S3` → `s3api`).
///
/// ```
/// use awslice_codegen::botocore_names::cli_service_name;
/// assert_eq!(cli_service_name("WorkSpaces"), "workspaces");
/// assert_eq!(cli_service_name("SSO OIDC"), "sso-oidc");
/// assert_eq!(cli_service_name("Config Service"), "configservice");
/// ```
pub fn cli_service_name(sdk_id: &str) -> String {
    let name = botocore_service_name(sdk_id);
    match CLI_RENAMES.iter().find(|(from, _)| *from == name) {
        Some((_, to)) => (*to).to_owned(),
        None => name,
    }
}

/// botocore's `xform_name(name, sep)`: CamelCase → `sep`-separated lower case.
///
/// ```
/// use awslice_codegen::botocore_names::xform_name;
/// assert_eq!(xform_name("UpdateWorkspaceImagePermission", '-'), "update-workspace-image-permission");
/// assert_eq!(xform_name("ListARNs", '_'), "list_arns");
/// ```
pub fn xform_name(name: &str, sep: char) -> String {
    if name.contains(sep) {
        return name.to_owned();
    }
    if let Some((_, snake)) = SPECIAL_CASES.iter().find(|(n, _)| *n == name) {
        return snake.replace('_', &sep.to_string());
    }
    let chars: Vec<char> = name.chars().collect();
    let chars = split_plural_acronym(chars, sep);
    let chars = split_first_caps(&chars, sep);
    let chars = split_end_caps(&chars, sep);
    chars.into_iter().collect::<String>().to_lowercase()
}

/// The CLI command name of an operation (`update-workspace-image-permission`).
pub fn cli_operation_name(operation: &str) -> String {
    xform_name(operation, '-')
}

/// The CLI option name of an input member, without the leading dashes (`image-id`).
pub fn cli_param_name(member: &str) -> String {
    xform_name(member, '-')
}

/// Rule 1, `[A-Z]{2,}s$`: the leftmost match is the whole run of capitals before a final
/// `s`; it is replaced by `sep` and its lower-case form.
fn split_plural_acronym(chars: Vec<char>, sep: char) -> Vec<char> {
    let n = chars.len();
    if n < 3 || chars[n - 1] != 's' {
        return chars;
    }
    let mut start = n - 1;
    while start > 0 && chars[start - 1].is_ascii_uppercase() {
        start -= 1;
    }
    if n - 1 - start < 2 {
        return chars;
    }
    let mut out: Vec<char> = chars[..start].to_vec();
    out.push(sep);
    out.extend(chars[start..].iter().map(|c| c.to_ascii_lowercase()));
    out
}

/// Rule 2, `(.)([A-Z][a-z]+)` → `\1<sep>\2` (Python's `.` matches anything but `\n`).
fn split_first_caps(chars: &[char], sep: char) -> Vec<char> {
    let mut out = Vec::with_capacity(chars.len() + 8);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let matches = c != '\n'
            && chars.get(i + 1).is_some_and(char::is_ascii_uppercase)
            && chars.get(i + 2).is_some_and(char::is_ascii_lowercase);
        if matches {
            let mut end = i + 2;
            while end < chars.len() && chars[end].is_ascii_lowercase() {
                end += 1;
            }
            out.push(c);
            out.push(sep);
            out.extend_from_slice(&chars[i + 1..end]);
            i = end;
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

/// Rule 3, `([a-z0-9])([A-Z])` → `\1<sep>\2`.
fn split_end_caps(chars: &[char], sep: char) -> Vec<char> {
    let mut out = Vec::with_capacity(chars.len() + 8);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next_upper = chars.get(i + 1).is_some_and(char::is_ascii_uppercase);
        if (c.is_ascii_lowercase() || c.is_ascii_digit()) && next_upper {
            out.push(c);
            out.push(sep);
            out.push(chars[i + 1]);
            i += 2;
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (name, `xform_name(name, '_')`), as botocore 1.43 computes them.
    const CASES: &[(&str, &str)] = &[
        (
            "UpdateWorkspaceImagePermission",
            "update_workspace_image_permission",
        ),
        (
            "DescribeWorkspaceImagePermissions",
            "describe_workspace_image_permissions",
        ),
        ("ImageId", "image_id"),
        ("AllowCopyImage", "allow_copy_image"),
        ("ListARNs", "list_arns"),
        ("ARNs", "_arns"),
        ("DescribeVPCs", "describe_vpcs"),
        ("ImportWorkspaceImageV2", "import_workspace_image_v2"),
        ("HTTPResponseCode", "http_response_code"),
        ("Ipv6Address", "ipv6_address"),
        ("RootVolumeSizeGib", "root_volume_size_gib"),
        ("SAMLProperties", "saml_properties"),
        ("DescribeIpGroups", "describe_ip_groups"),
        ("CreateCachediSCSIVolume", "create_cached_iscsi_volume"),
        ("already_snake", "already_snake"),
        ("a", "a"),
        ("", ""),
        ("X", "x"),
        ("AB", "ab"),
        ("ABs", "_abs"),
        ("aBCs", "a_bcs"),
        ("Ec2IpAddress", "ec2_ip_address"),
        ("UDPPort", "udp_port"),
    ];

    #[test]
    fn snake_cases_match_botocore() {
        for (name, want) in CASES {
            assert_eq!(xform_name(name, '_'), *want, "xform_name({name:?}, '_')");
            assert_eq!(
                xform_name(name, '-'),
                if name.contains('_') {
                    (*name).to_owned()
                } else {
                    want.replace('_', "-")
                },
                "xform_name({name:?}, '-')"
            );
        }
    }

    /// (`sdkId`, AWS CLI command name), as the AWS CLI 1.45 / botocore 1.43 name them.
    const SERVICES: &[(&str, &str)] = &[
        ("WorkSpaces", "workspaces"),
        ("DynamoDB", "dynamodb"),
        ("Lambda", "lambda"),
        ("STS", "sts"),
        ("SSO", "sso"),
        ("SSO OIDC", "sso-oidc"),
        ("SageMaker Runtime", "sagemaker-runtime"),
        ("ACM PCA", "acm-pca"),
        ("Elastic Load Balancing v2", "elbv2"),
        ("Cognito Identity Provider", "cognito-idp"),
        ("SFN", "stepfunctions"),
        ("ServerlessApplicationRepository", "serverlessrepo"),
        ("S3", "s3api"),
        ("CodeDeploy", "deploy"),
        ("Config Service", "configservice"),
    ];

    #[test]
    fn service_names_match_the_aws_cli() {
        for (sdk_id, want) in SERVICES {
            assert_eq!(
                cli_service_name(sdk_id),
                *want,
                "cli_service_name({sdk_id:?})"
            );
        }
        assert_eq!(botocore_service_name("S3"), "s3");
        assert_eq!(botocore_service_name("Config Service"), "config");
        // The legacy table holds only names the rule gets wrong, each once.
        for (i, (id, name)) in LEGACY_SERVICE_NAMES.iter().enumerate() {
            assert_ne!(id.replace(' ', "-").to_lowercase(), *name, "{id}");
            assert!(
                LEGACY_SERVICE_NAMES[..i]
                    .iter()
                    .all(|(other, _)| other != id),
                "{id} twice"
            );
        }
    }

    #[test]
    fn cli_names() {
        assert_eq!(
            cli_operation_name("DescribeWorkspaceImagePermissions"),
            "describe-workspace-image-permissions"
        );
        assert_eq!(cli_param_name("SharedAccountId"), "shared-account-id");
        assert_eq!(cli_param_name("Already-Dashed"), "Already-Dashed");
    }
}
