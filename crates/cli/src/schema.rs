//! The command tables a generated CLI binary hands to the engine: static data describing a
//! service's operations and every shape they reach.
//!
//! INTERFACE CONTRACT between `codegen` (which emits `static` values of these types) and the
//! engine (which reads them). Shapes are referred to by their index in [`ServiceDef::shapes`].

use awslice_runtime::service::ServiceMeta;

/// Index of a shape in [`ServiceDef::shapes`].
pub type ShapeIdx = usize;

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
    /// The Smithy operation name (`UpdateWorkspaceImagePermission`).
    pub name: &'static str,
    /// The CLI command name (`update-workspace-image-permission`), botocore's `xform_name`
    /// with `-`.
    pub cli_name: &'static str,
    /// Operation documentation as Markdown (for `help`).
    pub doc: &'static str,
    /// The input structure (None when the operation has no input).
    pub input: Option<ShapeIdx>,
    /// The output structure (None when the operation has no output).
    pub output: Option<ShapeIdx>,
    /// The modelled error structures.
    pub errors: &'static [ShapeIdx],
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

/// One shape.
#[derive(Debug)]
pub struct ShapeDef {
    /// The shape's name without namespace (`WorkspaceImageId`).
    pub name: &'static str,
    /// What kind of shape it is, with its details.
    pub kind: ShapeKind,
    /// Shape documentation as Markdown.
    pub doc: &'static str,
    /// `smithy.api#sensitive`.
    pub sensitive: bool,
}

/// Timestamp wire formats (`smithy.api#timestampFormat`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimestampFormat {
    /// Seconds since the epoch as a JSON number (awsJson's default).
    EpochSeconds,
    /// RFC 3339 `date-time`.
    DateTime,
    /// RFC 7231 `http-date`.
    HttpDate,
}

/// The kind of a shape, with what each kind needs.
#[derive(Debug)]
pub enum ShapeKind {
    /// A structure (also used for errors: see `error`).
    Structure {
        /// Members in model order.
        members: &'static [MemberDef],
        /// `smithy.api#error` (`client` / `server`), when this is an error shape.
        error: Option<&'static str>,
    },
    /// A union (exactly one member set).
    Union {
        /// Members in model order.
        members: &'static [MemberDef],
    },
    /// A list (or set).
    List {
        /// The member's target.
        member: ShapeIdx,
        /// `smithy.api#length` on the list.
        min_len: Option<u64>,
        /// `smithy.api#length` on the list.
        max_len: Option<u64>,
    },
    /// A map.
    Map {
        /// The key's target (a string shape).
        key: ShapeIdx,
        /// The value's target.
        value: ShapeIdx,
    },
    /// A string, possibly an enum (`smithy.api#enum` or a Smithy 2 `enum` shape).
    String {
        /// Enum values in model order (empty for a plain string).
        enum_values: &'static [&'static str],
        /// `smithy.api#length`.
        min_len: Option<u64>,
        /// `smithy.api#length`.
        max_len: Option<u64>,
        /// `smithy.api#pattern`.
        pattern: Option<&'static str>,
    },
    /// An `intEnum`.
    IntEnum {
        /// (name, value) pairs in model order.
        values: &'static [(&'static str, i64)],
    },
    /// `boolean`.
    Boolean,
    /// `byte`, `short`, `integer` or `long`.
    Integer {
        /// `smithy.api#range` min.
        min: Option<i64>,
        /// `smithy.api#range` max.
        max: Option<i64>,
    },
    /// `float` or `double`.
    Float {
        /// `smithy.api#range` min.
        min: Option<f64>,
        /// `smithy.api#range` max.
        max: Option<f64>,
    },
    /// `bigInteger`.
    BigInteger,
    /// `bigDecimal`.
    BigDecimal,
    /// `timestamp`.
    Timestamp {
        /// The wire format.
        format: TimestampFormat,
    },
    /// `blob`.
    Blob,
    /// `document`.
    Document,
}

/// One member of a structure or union.
#[derive(Debug)]
pub struct MemberDef {
    /// The member name (`ImageId`); also the JSON key unless `json_name` is set.
    pub name: &'static str,
    /// `smithy.api#jsonName`, if any (awsJson ignores it; kept for completeness).
    pub json_name: Option<&'static str>,
    /// The member's target shape.
    pub target: ShapeIdx,
    /// `smithy.api#required`.
    pub required: bool,
    /// The member's documentation as Markdown.
    pub doc: &'static str,
    /// `smithy.api#idempotencyToken`.
    pub idempotency_token: bool,
    /// `smithy.api#deprecated`.
    pub deprecated: bool,
}
