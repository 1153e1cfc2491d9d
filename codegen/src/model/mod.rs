//! The semantic model: a Smithy 2.0 JSON AST, parsed, with `apply` statements and mixins
//! applied and the traits the SDK and the CLI need decoded.
//!
//! INTERFACE CONTRACT shared by the parser (`model::parse`) and the emitters
//! (`rust_sdk`, `cli_tables`, `skeleton`, …). Order is the model's order everywhere.

use indexmap::IndexMap;

/// An absolute shape id, `namespace#Name` (members are never shape ids here).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ShapeId(pub String);

impl ShapeId {
    /// The part after `#` (`WorkspaceImageId`).
    pub fn name(&self) -> &str {
        self.0.rsplit_once('#').map_or(self.0.as_str(), |(_, n)| n)
    }

    /// The part before `#` (`com.amazonaws.workspaces`).
    pub fn namespace(&self) -> &str {
        self.0.split_once('#').map_or("", |(ns, _)| ns)
    }
}

impl std::fmt::Display for ShapeId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A parsed model.
#[derive(Debug, Clone, Default)]
pub struct Model {
    /// Every shape in the model, in document order (prelude shapes such as
    /// `smithy.api#String` are synthesised on demand by the parser and included here
    /// when targeted).
    pub shapes: IndexMap<ShapeId, Shape>,
    /// The model's `metadata`, as JSON.
    pub metadata: serde_json::Map<String, serde_json::Value>,
}

/// A shape.
#[derive(Debug, Clone)]
pub struct Shape {
    /// The shape's id.
    pub id: ShapeId,
    /// Kind and kind-specific data.
    pub kind: ShapeKind,
    /// Decoded traits.
    pub traits: Traits,
}

/// A shape's kind.
#[derive(Debug, Clone)]
pub enum ShapeKind {
    /// `structure`.
    Structure(Vec<Member>),
    /// `union`.
    Union(Vec<Member>),
    /// `list` or `set` (`unique` is true for `set` and for `smithy.api#uniqueItems`).
    List {
        /// The `member` member.
        member: Box<Member>,
        /// Whether this is a set.
        unique: bool,
    },
    /// `map`.
    Map {
        /// The `key` member.
        key: Box<Member>,
        /// The `value` member.
        value: Box<Member>,
    },
    /// `string` (enum values may come from the legacy `smithy.api#enum` trait: see
    /// [`Traits::enum_values`]).
    String,
    /// Smithy 2 `enum`: (member name, value) pairs in order.
    Enum(Vec<EnumMember>),
    /// Smithy 2 `intEnum`: (member name, value) pairs in order.
    IntEnum(Vec<IntEnumMember>),
    /// `boolean`.
    Boolean,
    /// `byte`.
    Byte,
    /// `short`.
    Short,
    /// `integer`.
    Integer,
    /// `long`.
    Long,
    /// `float`.
    Float,
    /// `double`.
    Double,
    /// `bigInteger`.
    BigInteger,
    /// `bigDecimal`.
    BigDecimal,
    /// `timestamp`.
    Timestamp,
    /// `blob`.
    Blob,
    /// `document`.
    Document,
    /// `operation`.
    Operation(Operation),
    /// `service`.
    Service(Service),
    /// `resource`.
    Resource(Resource),
}

/// A member of a structure, union, list or map.
#[derive(Debug, Clone)]
pub struct Member {
    /// The member name (`ImageId`, `member`, `key`, `value`).
    pub name: String,
    /// The targeted shape.
    pub target: ShapeId,
    /// The member's own traits (documentation, required, …), with any `apply` applied.
    pub traits: Traits,
}

/// One value of a Smithy 2 `enum`.
#[derive(Debug, Clone)]
pub struct EnumMember {
    /// The member name (`AUTO_STOP`).
    pub name: String,
    /// The wire value (`smithy.api#enumValue`, else the member name).
    pub value: String,
    /// Documentation, if any.
    pub documentation: Option<String>,
}

/// One value of an `intEnum`.
#[derive(Debug, Clone)]
pub struct IntEnumMember {
    /// The member name.
    pub name: String,
    /// The integer value.
    pub value: i64,
    /// Documentation, if any.
    pub documentation: Option<String>,
}

/// An `operation` shape.
#[derive(Debug, Clone, Default)]
pub struct Operation {
    /// `input` target (`smithy.api#Unit` is stored as None).
    pub input: Option<ShapeId>,
    /// `output` target (`smithy.api#Unit` is stored as None).
    pub output: Option<ShapeId>,
    /// `errors`.
    pub errors: Vec<ShapeId>,
}

/// A `service` shape.
#[derive(Debug, Clone, Default)]
pub struct Service {
    /// `version`.
    pub version: String,
    /// `operations` (direct ones).
    pub operations: Vec<ShapeId>,
    /// `resources`.
    pub resources: Vec<ShapeId>,
    /// Service-wide `errors`.
    pub errors: Vec<ShapeId>,
}

/// A `resource` shape: only what bounds the operation closure.
#[derive(Debug, Clone, Default)]
pub struct Resource {
    /// Lifecycle and other operations (`create`, `put`, `read`, `update`, `delete`, `list`,
    /// `operations`, `collectionOperations`), in document order.
    pub operations: Vec<ShapeId>,
    /// Child `resources`.
    pub resources: Vec<ShapeId>,
}

/// `smithy.api#length`.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Length {
    /// `min`.
    pub min: Option<u64>,
    /// `max`.
    pub max: Option<u64>,
}

/// `smithy.api#range` (kept as f64: ranges may be decimals).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Range {
    /// `min`.
    pub min: Option<f64>,
    /// `max`.
    pub max: Option<f64>,
}

/// `smithy.api#paginated`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Paginated {
    /// `inputToken`.
    pub input_token: Option<String>,
    /// `outputToken`.
    pub output_token: Option<String>,
    /// `items`.
    pub items: Option<String>,
    /// `pageSize`.
    pub page_size: Option<String>,
}

/// `smithy.api#deprecated`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Deprecated {
    /// `message`.
    pub message: Option<String>,
    /// `since`.
    pub since: Option<String>,
}

/// The decoded traits the SDK and the CLI need, plus every trait as raw JSON.
#[derive(Debug, Clone, Default)]
pub struct Traits {
    /// `smithy.api#required`.
    pub required: bool,
    /// `smithy.api#default` (JSON value).
    pub default: Option<serde_json::Value>,
    /// `smithy.api#documentation` (HTML).
    pub documentation: Option<String>,
    /// `smithy.api#pattern`.
    pub pattern: Option<String>,
    /// `smithy.api#length`.
    pub length: Option<Length>,
    /// `smithy.api#range`.
    pub range: Option<Range>,
    /// `smithy.api#error` (`client` or `server`).
    pub error: Option<String>,
    /// `smithy.api#httpError`.
    pub http_error: Option<u16>,
    /// `smithy.api#retryable` (Some(throttling)).
    pub retryable: Option<bool>,
    /// `smithy.api#sensitive`.
    pub sensitive: bool,
    /// `smithy.api#deprecated`.
    pub deprecated: Option<Deprecated>,
    /// `smithy.api#enumValue` (string or int, as JSON).
    pub enum_value: Option<serde_json::Value>,
    /// Legacy `smithy.api#enum` on a string: (value, name) pairs.
    pub enum_values: Vec<(String, Option<String>)>,
    /// `smithy.api#jsonName`.
    pub json_name: Option<String>,
    /// `smithy.api#timestampFormat`.
    pub timestamp_format: Option<String>,
    /// `smithy.api#idempotencyToken`.
    pub idempotency_token: bool,
    /// `smithy.api#paginated`.
    pub paginated: Option<Paginated>,
    /// `smithy.api#input`.
    pub input: bool,
    /// `smithy.api#output`.
    pub output: bool,
    /// `smithy.api#title`.
    pub title: Option<String>,
    /// Every trait as given (id → value), including the decoded ones, in model order.
    pub raw: IndexMap<String, serde_json::Value>,
}

pub mod parse;
pub use parse::parse;
