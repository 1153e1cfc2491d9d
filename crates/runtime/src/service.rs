//! Static description of a service, generated from its Smithy model.

use crate::schema::XmlNamespace;

/// The wire protocol of a service.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protocol {
    /// `aws.protocols#awsJson1_0`: `Content-Type: application/x-amz-json-1.0`.
    AwsJson1_0,
    /// `aws.protocols#awsJson1_1`: `Content-Type: application/x-amz-json-1.1`.
    AwsJson1_1,
    /// `aws.protocols#restJson1`: HTTP bindings, JSON bodies.
    RestJson1,
    /// `aws.protocols#awsQuery`: form-encoded requests, XML responses.
    AwsQuery,
    /// `aws.protocols#restXml`: HTTP bindings, XML bodies.
    RestXml,
    /// `aws.protocols#ec2Query`: awsQuery's form requests with EC2's names and lists, XML
    /// responses without a result wrapper.
    Ec2Query,
}

/// Everything the runtime needs to know about a service; generated from the model.
#[derive(Debug)]
pub struct ServiceMeta {
    /// The service shape's name, the `X-Amz-Target` prefix (`WorkspacesService`).
    pub shape_name: &'static str,
    /// `aws.api#service` `sdkId` (`WorkSpaces`).
    pub sdk_id: &'static str,
    /// `aws.api#service` `endpointPrefix` (`workspaces`).
    pub endpoint_prefix: &'static str,
    /// `aws.auth#sigv4` `name` (`workspaces`).
    pub signing_name: &'static str,
    /// The service's protocol.
    pub protocol: Protocol,
    /// The service shape's `version` (`2015-04-08`).
    pub api_version: &'static str,
    /// The `smithy.rules#endpointRuleSet` trait as JSON text.
    pub endpoint_rule_set: &'static str,
    /// `aws.protocols#awsQueryCompatible`: an awsJson service that was an awsQuery one. Its
    /// requests carry `x-amzn-query-mode: true`, and its error responses may give their
    /// awsQuery code in an `x-amzn-query-error` header.
    pub query_compatible: bool,
    /// The service's `smithy.api#xmlNamespace`: the namespace of every restXml request
    /// document's root element (`None` for a service without one).
    pub xml_namespace: Option<XmlNamespace>,
    /// How requests are signed.
    pub signer: Signer,
}

/// How a service's requests are signed (both SigV4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Signer {
    /// botocore's `SigV4Auth`: the path normalized and encoded once more, the payload hash
    /// only in the canonical request.
    #[default]
    SigV4,
    /// botocore's `S3SigV4Auth` (signing names `s3`, `s3-outposts`, `s3-object-lambda`,
    /// `s3express`): the path signed as sent, and the payload hash also sent as
    /// `x-amz-content-sha256` (`UNSIGNED-PAYLOAD` over HTTPS when a checksum header carries
    /// the body's integrity, `STREAMING-UNSIGNED-PAYLOAD-TRAILER` for a trailing checksum).
    PayloadHashHeader,
}
