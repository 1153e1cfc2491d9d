//! The command tables a generated CLI binary hands to the engine: static data describing a
//! service's operations and every shape they reach.
//!
//! INTERFACE CONTRACT between `codegen` (which emits `static` values of these types) and the
//! engine (which reads them). Shapes are referred to by their index in [`ServiceDef::shapes`].

use awslice_runtime::service::ServiceMeta;

pub use awslice_runtime::schema::{
    Auth, Http, Location, MemberDef, MemberWire, Operation, ShapeDef, ShapeIdx, ShapeKind,
    TimestampFormat,
};

/// One service as the CLI sees it.
#[derive(Debug)]
pub struct ServiceDef {
    /// The CLI command name (`workspaces`).
    pub cli_name: &'static str,
    /// Runtime metadata (signing name, protocol, endpoint rules…).
    pub meta: &'static ServiceMeta,
    /// Service documentation as Markdown (for `help`).
    pub doc: &'static str,
    /// Operations, in model order.
    pub operations: &'static [OperationDef],
    /// Every shape reachable from the operations (inputs, outputs, errors).
    pub shapes: &'static [ShapeDef],
}

/// One operation.
#[derive(Debug)]
pub struct OperationDef {
    /// What the protocol codecs need: name, input, output, errors, HTTP binding, auth.
    pub wire: Operation,
    /// The CLI command name (`update-workspace-image-permission`), botocore's `xform_name`
    /// with `-`.
    pub cli_name: &'static str,
    /// Operation documentation as Markdown (for `help`).
    pub doc: &'static str,
    /// The command's parameters: one per input member, in model order.
    pub params: &'static [ParamDef],
    /// `smithy.api#paginated` (with the service's defaults applied), if the operation is
    /// paginated.
    pub paginator: Option<PaginatorDef>,
    /// Whether the operation is deprecated.
    pub deprecated: bool,
    /// `--generate-cli-skeleton input` output, byte for byte (ends with `\n`).
    pub skeleton_input: &'static str,
    /// `--generate-cli-skeleton yaml-input` output, byte for byte (ends with `\n`).
    pub skeleton_yaml_input: &'static str,
    /// The output skeleton as compact JSON text, to be printed through the selected
    /// `--output` formatter (`{}` when the output has no members).
    pub skeleton_output: &'static str,
}

/// One command-line parameter, bound to one member of the input structure.
#[derive(Debug)]
pub struct ParamDef {
    /// The option name without dashes (`image-id`; a boolean also accepts `no-image-id`).
    pub cli_name: &'static str,
    /// The input member name (`ImageId`).
    pub member: &'static str,
    /// The member's target shape.
    pub shape: ShapeIdx,
    /// Whether the command line requires it (argparse `required`; booleans are never
    /// required on the command line, even when the member is).
    pub required: bool,
    /// The member's documentation as Markdown (for `help`).
    pub doc: &'static str,
}

/// A command's paginator, in botocore's model (`paginators-1.json`): `smithy.api#paginated`
/// resolved against the service's defaults, or botocore's own config where it differs (S3's
/// `ListObjectVersions`: two tokens, three result keys, `IsTruncated`). One-token
/// paginators have one-element `input_tokens` and `output_tokens`.
#[derive(Debug)]
pub struct PaginatorDef {
    /// botocore's `input_token`: the request members carrying the tokens (`NextToken`;
    /// `KeyMarker`, `VersionIdMarker`).
    pub input_tokens: &'static [&'static str],
    /// botocore's `output_token`: one JMESPath expression per input token, read from each
    /// page (`NextToken`; `NextMarker || Contents[-1].Key`).
    pub output_tokens: &'static [&'static str],
    /// botocore's `limit_key`: the page-size member (`MaxResults`), if any.
    pub limit_key: Option<&'static str>,
    /// botocore's `result_key`: the merged result paths (`Images`; `Contents`,
    /// `CommonPrefixes`), the first the one `--max-items` counts; empty when none.
    pub result_keys: &'static [&'static str],
    /// botocore's `more_results`: a JMESPath expression (`IsTruncated`); paging stops when it
    /// is falsy, whatever the tokens say.
    pub more_results: Option<&'static str>,
    /// botocore's `non_aggregate_keys`: paths taken from the first page into the merged
    /// result (`RequestCharged`, `Prefix`), printed even when null.
    pub non_aggregate_keys: &'static [&'static str],
}
