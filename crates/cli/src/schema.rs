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

/// `smithy.api#paginated`, resolved against the service's defaults.
#[derive(Debug)]
pub struct PaginatorDef {
    /// The input token member (`NextToken`).
    pub input_token: &'static str,
    /// The output token path (`NextToken`).
    pub output_token: &'static str,
    /// The page-size member (`MaxResults`), if any.
    pub page_size: Option<&'static str>,
    /// The result list path (`Images`), if any.
    pub items: Option<&'static str>,
}
