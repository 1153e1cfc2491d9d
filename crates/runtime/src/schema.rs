//! Static descriptions of a service's shapes and operations, generated from its Smithy model:
//! what the protocol codecs ([`crate::protocol`]) need to put a request on the wire and read a
//! response back, and what the CLI engine needs to parse, validate and document parameters.
//!
//! INTERFACE CONTRACT between `codegen` (which emits `static` values of these types, in the
//! SDK crates and in the CLI's command tables) and their readers. Shapes are referred to by
//! their index in the service's shape table (`&'static [ShapeDef]`).

pub use crate::json::TimestampFormat;

/// Index of a shape in the service's shape table.
pub type ShapeIdx = usize;

/// One shape.
#[derive(Debug)]
pub struct ShapeDef {
    /// The shape's name without namespace (`WorkspaceImageId`).
    pub name: &'static str,
    /// What kind of shape it is, with its details.
    pub kind: ShapeKind,
    /// Shape documentation as Markdown (empty where the tables carry no documentation).
    pub doc: &'static str,
    /// `smithy.api#sensitive`.
    pub sensitive: bool,
    /// `smithy.api#xmlName` on the shape (a structure or union): the root element's name
    /// when it is a restXml payload or input document and the member or operation gives
    /// none (the shape name otherwise).
    pub xml_name: Option<&'static str>,
    /// `smithy.api#xmlNamespace` on the shape: an `xmlns` attribute on each element the
    /// shape is written as (restXml requests).
    pub xml_namespace: Option<XmlNamespace>,
}

impl ShapeDef {
    /// A shape without documentation, not sensitive: for hand-written tables (tests, tools).
    pub const fn new(name: &'static str, kind: ShapeKind) -> ShapeDef {
        ShapeDef {
            name,
            kind,
            doc: "",
            sensitive: false,
            xml_name: None,
            xml_namespace: None,
        }
    }
}

/// `smithy.api#xmlNamespace`: the namespace an XML element is in, written as an `xmlns`
/// (or `xmlns:<prefix>`) attribute on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct XmlNamespace {
    /// The namespace URI.
    pub uri: &'static str,
    /// The prefix (`xsi` gives `xmlns:xsi="…"`); `None` for a default namespace (`xmlns`).
    pub prefix: Option<&'static str>,
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
        /// `aws.protocols#awsQueryError` `code`: the code this error arrives with in the
        /// query protocols (and awsQueryCompatible services) instead of the shape name.
        error_code: Option<&'static str>,
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
        /// `smithy.api#xmlName` on the list's member (`member` when absent).
        member_xml_name: Option<&'static str>,
        /// `smithy.api#xmlNamespace` on the list's member (restXml requests).
        member_xml_namespace: Option<XmlNamespace>,
    },
    /// A map.
    Map {
        /// The key's target (a string shape).
        key: ShapeIdx,
        /// The value's target.
        value: ShapeIdx,
        /// `smithy.api#xmlName` on the map's key (`key` when absent).
        key_xml_name: Option<&'static str>,
        /// `smithy.api#xmlName` on the map's value (`value` when absent).
        value_xml_name: Option<&'static str>,
        /// `smithy.api#xmlNamespace` on the map's key (restXml requests).
        key_xml_namespace: Option<XmlNamespace>,
        /// `smithy.api#xmlNamespace` on the map's value (restXml requests).
        value_xml_namespace: Option<XmlNamespace>,
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
        /// The shape's `smithy.api#timestampFormat`, if it has one (`None`: the default of
        /// where the value goes — epoch-seconds in JSON bodies, date-time in URIs, query
        /// strings, form and XML bodies, http-date in headers). An explicit `epoch-seconds`
        /// is kept apart from none: it changes what a header or a query string holds.
        format: Option<TimestampFormat>,
    },
    /// `blob`.
    Blob {
        /// `smithy.api#streaming`.
        streaming: bool,
    },
    /// `document`.
    Document,
}

/// Where a member goes in an HTTP request or comes from in a response (the HTTP binding
/// traits; the RPC protocols put every member in the body).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Location {
    /// The body (no binding trait).
    #[default]
    Body,
    /// `smithy.api#httpLabel`: a `{Name}` / `{Name+}` segment of the URI template.
    Label,
    /// `smithy.api#httpQuery("name")`.
    Query(&'static str),
    /// `smithy.api#httpQueryParams`: a map of query parameters.
    QueryParams,
    /// `smithy.api#httpHeader("name")`.
    Header(&'static str),
    /// `smithy.api#httpPrefixHeaders("prefix")`: a map of headers.
    PrefixHeaders(&'static str),
    /// `smithy.api#httpPayload`: the whole body.
    Payload,
    /// `smithy.api#httpResponseCode`: the response's status code.
    StatusCode,
    /// `smithy.api#eventHeader`: a member of an event structure, carried in a header of the
    /// event's message.
    EventHeader,
    /// `smithy.api#eventPayload`: a member of an event structure, carried as the whole payload
    /// of the event's message.
    EventPayload,
}

/// One member of a structure or union.
#[derive(Debug)]
pub struct MemberDef {
    /// The member name (`ImageId`); also the JSON key unless `json_name` is set.
    pub name: &'static str,
    /// `smithy.api#jsonName`, if any (restJson1 honours it; awsJson ignores it).
    pub json_name: Option<&'static str>,
    /// The member's target shape.
    pub target: ShapeIdx,
    /// `smithy.api#required`.
    pub required: bool,
    /// The member's documentation as Markdown (empty where the tables carry none).
    pub doc: &'static str,
    /// `smithy.api#idempotencyToken`.
    pub idempotency_token: bool,
    /// `smithy.api#deprecated`.
    pub deprecated: bool,
    /// The wire details beyond the body's JSON key.
    pub wire: MemberWire,
}

impl MemberDef {
    /// An optional body member without documentation or traits: for hand-written tables
    /// (tests, tools); set the other fields with struct update syntax.
    pub const fn new(name: &'static str, target: ShapeIdx) -> MemberDef {
        MemberDef {
            name,
            json_name: None,
            target,
            required: false,
            doc: "",
            idempotency_token: false,
            deprecated: false,
            wire: MemberWire::BODY,
        }
    }
}

/// A member's wire details: its HTTP binding and its names in XML and form bodies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MemberWire {
    /// The HTTP binding (REST protocols).
    pub location: Location,
    /// `smithy.api#xmlName` on the member (the element / form key; the member name when
    /// absent).
    pub xml_name: Option<&'static str>,
    /// `smithy.api#xmlFlattened`.
    pub xml_flattened: bool,
    /// `smithy.api#xmlAttribute`.
    pub xml_attribute: bool,
    /// `smithy.api#timestampFormat` on the member (overrides the target's).
    pub timestamp_format: Option<TimestampFormat>,
    /// `smithy.rules#hostLabel` / `smithy.api#hostLabel`.
    pub host_label: bool,
    /// The target is a string whose `smithy.api#mediaType` is JSON (`application/json`, or
    /// `…+json`; botocore's `jsonvalue`). Bound to a header, its value (in the codecs' value
    /// form: the JSON value itself, not its text) is sent as the base64 of its compact JSON
    /// text, and a response header is read back the same way. Elsewhere it is a plain string.
    pub json_value: bool,
    /// The target is an event stream (a `smithy.api#streaming` union): the member's value
    /// arrives as a sequence of event messages (in the codecs' value form: a list of
    /// one-member objects, `{"<EventName>": {…}}`, in arrival order).
    pub event_stream: bool,
    /// `smithy.api#xmlNamespace` on the member (restXml requests: an `xmlns` attribute on
    /// its element; wins over the target's).
    pub xml_namespace: Option<XmlNamespace>,
    /// `aws.protocols#ec2QueryName`: the member's form key in ec2Query requests.
    pub ec2_query_name: Option<&'static str>,
}

impl MemberWire {
    /// A body member without XML names or overrides: what every member of the RPC
    /// protocols is, and the usual case elsewhere.
    pub const BODY: MemberWire = MemberWire {
        location: Location::Body,
        xml_name: None,
        xml_flattened: false,
        xml_attribute: false,
        timestamp_format: None,
        host_label: false,
        json_value: false,
        event_stream: false,
        xml_namespace: None,
        ec2_query_name: None,
    };
}

impl Default for MemberWire {
    fn default() -> Self {
        MemberWire::BODY
    }
}

/// How an operation authenticates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Auth {
    /// SigV4 (the service's `aws.auth#sigv4`).
    #[default]
    SigV4,
    /// `smithy.api#auth: []` / `smithy.api#optionalAuth`: sent unsigned.
    None,
}

/// `smithy.api#http`: the method, URI template and success code of an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Http {
    /// `GET`, `POST`, …
    pub method: &'static str,
    /// The URI template (`/2015-03-31/functions/{FunctionName}/policy?x=y`).
    pub uri: &'static str,
    /// The success status code (200 unless the trait says otherwise).
    pub code: u16,
}

impl Http {
    /// What the RPC protocols send: `POST /`, success 200.
    pub const RPC: Http = Http {
        method: "POST",
        uri: "/",
        code: 200,
    };
}

/// One operation's wire description.
#[derive(Debug, Clone, Copy)]
pub struct Operation {
    /// The Smithy operation name (`UpdateWorkspaceImagePermission`).
    pub name: &'static str,
    /// The input structure (None when the operation has no input).
    pub input: Option<ShapeIdx>,
    /// The output structure (None when the operation has no output).
    pub output: Option<ShapeIdx>,
    /// The modelled error structures.
    pub errors: &'static [ShapeIdx],
    /// `smithy.api#http` (REST protocols; [`Http::RPC`] otherwise).
    pub http: Http,
    /// `smithy.api#endpoint` `hostPrefix` (`{Name}.data.`), if any.
    pub host_prefix: Option<&'static str>,
    /// How the operation authenticates.
    pub auth: Auth,
    /// Endpoint parameters, checksums and the AWS CLI's service-specific wire rules.
    pub rules: &'static OperationRules,
}

/// What an operation's call needs beyond its HTTP binding: the endpoint rule-set parameters
/// it sets, its checksums, and the rules botocore's handlers add for some services (which
/// the generator decides from the model; the runtime only applies them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OperationRules {
    /// `smithy.rules#staticContextParams` and `smithy.rules#contextParam`: rule-set
    /// parameters this operation sets (a fixed value, or an input member's value).
    pub endpoint_params: &'static [EndpointParam],
    /// `aws.protocols#httpChecksum` / `smithy.api#httpChecksumRequired`.
    pub checksum: Option<HttpChecksum>,
    /// A 200 response whose body is an XML `<Error>` document, or not XML at all, is an
    /// error (botocore's `_handle_200_error`; such a response is read as a 500).
    pub error_in_200: bool,
    /// Every `\r` and `\n` of the XML body is written as `&#xD;` and `&#xA;` (botocore's
    /// `escape_xml_payload`: a line break in an object key survives the server's XML parser).
    pub escape_xml_line_breaks: bool,
    /// A listing sent with `<member>=url` unless the caller set that member, whose listed
    /// names are then URL-decoded (botocore's `set_list_objects_encoding_type_url` and
    /// `decode_list_object*`): keys the XML reply could not carry arrive intact.
    pub url_encoded_listing: Option<UrlEncodedListing>,
    /// The rule set's `ForcePathStyle` built-in is true for this operation whatever the
    /// configuration (an operation whose reply comes only from the path-style endpoint).
    pub force_path_style: bool,
    /// The request carries `Expect: 100-continue` (botocore's `add_expect_header`: a PUT or
    /// POST whose body is a file; the server may refuse before the body is sent).
    pub expect_continue: bool,
    /// This input member must hold a bucket name or access-point ARN (botocore's
    /// `validate_bucket_name`); anything else is refused before sending.
    pub bucket_name_member: Option<&'static str>,
    /// This output member is the text of the reply's root element, which the model cannot
    /// describe (botocore's `parse_get_bucket_location`; `null` when the element is empty).
    pub root_text_member: Option<&'static str>,
    /// This input member names a source object as `bucket/key[?versionId=…]`, whose part
    /// before the version id is percent-encoded before sending (botocore's
    /// `handle_copy_source_param`).
    pub copy_source_member: Option<&'static str>,
    /// This input member is a map whose keys and values must be ASCII (botocore's
    /// `validate_ascii_metadata`); anything else is refused before sending.
    pub ascii_map_member: Option<&'static str>,
    /// Input members of which only the text after the last `/` is sent (botocore's
    /// `fix_route53_ids`: `/hostedzone/Z1` → `Z1`, so one call's output feeds the next).
    pub last_segment_members: &'static [&'static str],
    /// Prefixes of SSE-C key members (`SSECustomer`: `SSECustomerKey` and
    /// `SSECustomerKeyMD5`): a key given without its MD5 is sent base64-encoded with the
    /// base64 MD5 of its bytes (botocore's `sse_md5` and `copy_source_sse_md5`).
    pub sse_key_prefixes: &'static [&'static str],
    /// A timestamp header also given as text (botocore's `handle_expires_header`: the
    /// `Expires` header's text as `ExpiresString`, and the header left out of the reply when it
    /// is not a valid timestamp, rather than failing the call).
    pub header_text: Option<HeaderText>,
}

/// See [`OperationRules::header_text`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HeaderText {
    /// The reply's header (`Expires`).
    pub header: &'static str,
    /// The output member its text is given as (`ExpiresString`).
    pub member: &'static str,
}

impl OperationRules {
    /// No endpoint parameters, checksums or extra rules: what most operations have.
    pub const NONE: OperationRules = OperationRules {
        endpoint_params: &[],
        checksum: None,
        error_in_200: false,
        escape_xml_line_breaks: false,
        url_encoded_listing: None,
        force_path_style: false,
        expect_continue: false,
        bucket_name_member: None,
        root_text_member: None,
        copy_source_member: None,
        ascii_map_member: None,
        last_segment_members: &[],
        sse_key_prefixes: &[],
        header_text: None,
    };
}

/// One endpoint rule-set parameter an operation sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EndpointParam {
    /// The rule set's parameter name (`Bucket`).
    pub name: &'static str,
    /// Where its value comes from.
    pub value: EndpointParamValue,
}

/// Where an operation's endpoint parameter gets its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EndpointParamValue {
    /// `smithy.rules#contextParam`: the value of this top-level input member, when given.
    Member(&'static str),
    /// `smithy.rules#staticContextParams`: a fixed boolean.
    Bool(bool),
    /// `smithy.rules#staticContextParams`: a fixed string.
    Str(&'static str),
}

/// `aws.protocols#httpChecksum` (and `smithy.api#httpChecksumRequired`): the checksums an
/// operation's request carries and its response may be checked against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HttpChecksum {
    /// The request needs a checksum whatever the configuration.
    pub request_required: bool,
    /// The input member naming the request checksum's algorithm (`ChecksumAlgorithm`).
    pub request_algorithm_member: Option<&'static str>,
    /// The header that member is bound to (`x-amz-sdk-checksum-algorithm`), set to the
    /// default algorithm when the checksum is added without the member.
    pub request_algorithm_header: Option<&'static str>,
    /// The input member that asks for the response's checksum to be checked
    /// (`ChecksumMode`), set to `ENABLED` by default.
    pub request_validation_mode_member: Option<&'static str>,
    /// The algorithms the response may carry a checksum in (`CRC32`, `SHA256`, …).
    pub response_algorithms: &'static [&'static str],
}

/// An operation whose listing is URL-encoded on request: see
/// [`OperationRules::url_encoded_listing`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UrlEncodedListing {
    /// The input member set to `url` (`EncodingType`).
    pub member: &'static str,
    /// The output values decoded, each as a path of member names; a list on the way is
    /// entered element by element (`["Contents", "Key"]`).
    pub decoded: &'static [&'static [&'static str]],
}

/// A service's shape table and one of its operations: what a protocol codec reads.
#[derive(Debug, Clone, Copy)]
pub struct OperationSchema<'a> {
    /// Every shape the service's operations reach.
    pub shapes: &'a [ShapeDef],
    /// The operation.
    pub operation: &'a Operation,
}

impl<'a> OperationSchema<'a> {
    /// The shape at `idx`.
    ///
    /// # Panics
    /// `idx` is outside the table (generated tables are consistent by construction).
    pub fn shape(&self, idx: ShapeIdx) -> &'a ShapeDef {
        &self.shapes[idx]
    }

    /// The members of the structure or union at `idx` (empty for any other kind).
    pub fn members(&self, idx: ShapeIdx) -> &'a [MemberDef] {
        match &self.shapes[idx].kind {
            ShapeKind::Structure { members, .. } | ShapeKind::Union { members } => members,
            _ => &[],
        }
    }

    /// The output member bound to the whole response body when it is a blob: what botocore
    /// calls the streaming output (`OperationModel.has_streaming_output`, true for any blob
    /// `httpPayload`, `@streaming` or not), for which the AWS CLI adds its `outfile` argument.
    pub fn blob_payload_output(&self) -> Option<&'a MemberDef> {
        self.members(self.operation.output?).iter().find(|m| {
            m.wire.location == Location::Payload
                && matches!(self.shape(m.target).kind, ShapeKind::Blob { .. })
        })
    }
}
