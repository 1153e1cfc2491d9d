//! The ec2Query protocol (EC2): awsQuery's form-encoded requests with their own naming, XML
//! responses without a result wrapper, and EC2's error documents.
//!
//! The envelope is awsQuery's ([`super::aws_query`], which writes the form body for both): `POST /`
//! with `Content-Type: application/x-www-form-urlencoded; charset=utf-8` and a body of
//! `Action=<operation>&Version=<API version>` followed by the input members. What differs:
//! - the key of a member is its `ec2QueryName`, else its `xmlName` with the first letter
//!   upper-cased, else its name;
//! - every list is `Key.N` (no `member` segment: the list member's `xmlName` and
//!   `xmlFlattened` are ignored), and an empty list sends nothing;
//! - maps (EC2 has none; the Smithy specification leaves them undefined) are written as
//!   awsQuery writes them, with their key and value `xmlName`s upper-cased as member names are
//!   (botocore's EC2 serializer inherits its query serializer's maps);
//! - a success response holds the output members directly under its root element
//!   (`<OperationResponse>`: no `<Operation>Result` wrapper), wrapped lists have `<item>`
//!   children and the request id is in `<requestId>` ([`deserialize`]);
//! - an error is `<Response><Errors><Error><Code>…</Code><Message>…</Message></Error></Errors>
//!   <RequestID>…</RequestID></Response>` ([`parse_error`]).
//!
//! Where botocore (and so the AWS CLI) departs from the Smithy specification, this module
//! follows botocore:
//! - a member with neither `ec2QueryName` nor `xmlName` is keyed by its name **unchanged**,
//!   where Smithy upper-cases its first letter (`ComplexListArg.1.hi`, Smithy
//!   `ComplexListArg.1.Hi`): botocore's ignore list skips the suites' cases that need it
//!   (`Ec2Lists`, `Ec2TimestampsInput`, `Ec2QueryEndpointTraitWithHostLabel`). On the EC2 model
//!   the two rules agree: every member without a name there starts with a capital letter;
//! - everything awsQuery's module lists for form bodies (`+` for a space, members in the input
//!   object's order, idempotency tokens last, microsecond timestamps) and for reading XML
//!   (the flattened-list element name, lenient timestamps; `Ec2XmlLists` is on the ignore list);
//! - errors: a missing `<Code>` or `<Message>` is `Unknown`, an empty one `None`, as awsQuery's;
//!   the request id is the root's `RequestID`, else its `RequestId` (botocore's query parser
//!   reads the second and its EC2 parser lets the first win), else the `x-amzn-RequestId`
//!   header.
//!
//! Bodies that are not XML, and generic 5xx pages, are read as awsQuery reads them.

use std::borrow::Cow;

use serde_json::{Map, Value};

use super::aws_query::{self, FormRules, Lists};
use super::{Request, Response, SerializeError, xml};
use crate::error::{ResponseError, ServiceError};
use crate::schema::{MemberDef, OperationSchema, ShapeDef, ShapeIdx};
use crate::service::ServiceMeta;

/// The member's `aws.protocols#ec2QueryName`, if any.
fn ec2_query_name(member: &MemberDef) -> Option<&'static str> {
    member.wire.ec2_query_name
}

/// The `Content-Type` of every ec2Query request (awsQuery's).
pub const CONTENT_TYPE: &str = aws_query::CONTENT_TYPE;

/// ec2Query's names on top of awsQuery's form body.
const EC2_RULES: FormRules = FormRules {
    member_key: |m| member_key(ec2_query_name(m), m.wire.xml_name, m.name),
    map_part: |xml_name, default| xml_name.map_or(Cow::Borrowed(default), capitalized),
    lists: Lists::Numbered,
};

/// The form key segment of a member: its `ec2QueryName`, else its `xmlName` with the first
/// letter upper-cased, else its name as is (botocore; Smithy upper-cases that too).
fn member_key(
    query_name: Option<&'static str>,
    xml_name: Option<&'static str>,
    name: &'static str,
) -> Cow<'static, str> {
    match (query_name, xml_name) {
        (Some(query_name), _) => Cow::Borrowed(query_name),
        (None, Some(xml_name)) => capitalized(xml_name),
        (None, None) => Cow::Borrowed(name),
    }
}

/// `name` with its first character upper-cased (Python's `name[0].upper() + name[1:]`).
fn capitalized(name: &'static str) -> Cow<'static, str> {
    let mut chars = name.chars();
    let Some(first) = chars.next() else {
        return Cow::Borrowed(name);
    };
    let mut upper: String = first.to_uppercase().collect();
    if upper.chars().eq(std::iter::once(first)) {
        return Cow::Borrowed(name);
    }
    upper.push_str(chars.as_str());
    Cow::Owned(upper)
}

/// The request of `schema`'s operation with `input` (an object of input members, or `{}`)
/// as its form body. Idempotency-token members missing from `input` get a random UUID.
///
/// # Errors
/// A value is not of its member's type, or names no member: the error names its form key.
pub fn serialize(
    service: &ServiceMeta,
    schema: OperationSchema<'_>,
    input: &Value,
) -> Result<Request, SerializeError> {
    serialize_with(service, schema, input, &mut aws_query::uuid4)
}

/// [`serialize`] with the idempotency tokens taken from `token` (tests use a fixed one).
///
/// # Errors
/// As [`serialize`].
pub fn serialize_with(
    service: &ServiceMeta,
    schema: OperationSchema<'_>,
    input: &Value,
    token: &mut dyn FnMut() -> String,
) -> Result<Request, SerializeError> {
    aws_query::serialize_form(service, schema, input, token, &EC2_RULES)
}

/// Reads a 2xx response: the output shape from the root element's children (the root's name
/// is not checked; `<requestId>` is not part of the output). An operation without output
/// members gives `{}` whatever the body holds.
///
/// # Errors
/// The body is not XML, or holds a value not of its member's type.
pub fn deserialize(
    schema: OperationSchema<'_>,
    response: Response<'_>,
) -> Result<Value, ResponseError> {
    let Some(output) = aws_query::output_with_members(schema) else {
        return Ok(Value::Object(Map::new()));
    };
    let doc = xml::parse(response.body)?;
    xml::read_shape(doc.root_element(), schema, output)
}

/// Parses an error response (any status ≥ 300) into a [`ServiceError`]. Never panics.
///
/// As awsQuery's [`aws_query::parse_error`]: the first `Errors/Error` element gives `Code`
/// and `Message` (`Unknown` when absent, `None` when empty), a generic 5xx page or a body that
/// is not XML gives the status as the code; the request id is the root's `RequestID`, else
/// its `RequestId`, else the `x-amzn-RequestId` header.
pub fn parse_error(response: Response<'_>) -> ServiceError {
    aws_query::parse_error_with(response, &["RequestID", "RequestId"])
}

/// The modelled members of the error structure `shape`, read from the first `Errors/Error`
/// element of an error document, else from its root (botocore's EC2 error root); `None` when
/// the body is not XML.
pub fn error_fields(shapes: &[ShapeDef], shape: ShapeIdx, body: &[u8]) -> Option<Value> {
    let doc = xml::parse(body).ok()?;
    let root = doc.root_element();
    let error = xml::child(root, "Errors")
        .and_then(|errors| xml::child(errors, "Error"))
        .unwrap_or(root);
    aws_query::read_error_shape(shapes, shape, error)
}

#[cfg(test)]
mod tests {
    //! Cases from botocore's ec2 suites (`input/ec2.json`, `output/ec2.json` and their legacy
    //! files), cited by id; the legacy cases have none and are cited by their suite's title.

    use super::*;
    use crate::json::TimestampFormat;
    use crate::schema::{Auth, Http, MemberWire, Operation, ShapeKind};
    use crate::service::Protocol;
    use serde_json::json;

    const fn shape(name: &'static str, kind: ShapeKind) -> ShapeDef {
        ShapeDef::new(name, kind)
    }

    const fn member(name: &'static str, target: ShapeIdx) -> MemberDef {
        MemberDef::new(name, target)
    }

    const fn named(name: &'static str, target: ShapeIdx, xml_name: &'static str) -> MemberDef {
        let mut m = member(name, target);
        m.wire.xml_name = Some(xml_name);
        m
    }

    const fn wired(name: &'static str, target: ShapeIdx, wire: MemberWire) -> MemberDef {
        let mut m = member(name, target);
        m.wire = wire;
        m
    }

    const fn token(mut m: MemberDef) -> MemberDef {
        m.idempotency_token = true;
        m
    }

    const fn host_label(mut m: MemberDef) -> MemberDef {
        m.required = true;
        m.wire.host_label = true;
        m
    }

    const fn structure(name: &'static str, members: &'static [MemberDef]) -> ShapeDef {
        shape(
            name,
            ShapeKind::Structure {
                members,
                error: None,
                error_code: None,
            },
        )
    }

    const fn list(name: &'static str, member: ShapeIdx, xml: Option<&'static str>) -> ShapeDef {
        shape(
            name,
            ShapeKind::List {
                member,
                min_len: None,
                max_len: None,
                member_xml_name: xml,
                member_xml_namespace: None,
            },
        )
    }

    const STRING_KIND: ShapeKind = ShapeKind::String {
        enum_values: &[],
        min_len: None,
        max_len: None,
        pattern: None,
    };

    const FLOAT_KIND: ShapeKind = ShapeKind::Float {
        min: None,
        max: None,
    };

    const INTEGER_KIND: ShapeKind = ShapeKind::Integer {
        min: None,
        max: None,
    };

    const FLAT: MemberWire = MemberWire {
        xml_flattened: true,
        ..MemberWire::BODY
    };

    // The request side: the input shapes of the ec2 input suite, in one table.
    const STRING: ShapeIdx = 0;
    const BOOLEAN: ShapeIdx = 1;
    const SIMPLE: ShapeIdx = 2;
    const LISTS: ShapeIdx = 3;
    const STRING_LIST: ShapeIdx = 4;
    const GREETING_LIST: ShapeIdx = 5;
    const LIST_WITH_XML_NAME: ShapeIdx = 6;
    const NESTED_WITH_LIST: ShapeIdx = 7;
    const GREETING: ShapeIdx = 8;
    const NESTED_INPUT: ShapeIdx = 9;
    const STRUCT_ARG: ShapeIdx = 10;
    const TIMESTAMPS: ShapeIdx = 11;
    const TIMESTAMP: ShapeIdx = 12;
    const EPOCH_SECONDS: ShapeIdx = 13;
    const TOKEN_INPUT: ShapeIdx = 14;
    const HOST_LABEL_INPUT: ShapeIdx = 15;
    const EMPTY: ShapeIdx = 16;
    const MAP_INPUT: ShapeIdx = 17;
    const STRING_MAP: ShapeIdx = 18;
    const INTEGER: ShapeIdx = 19;
    const FLOAT: ShapeIdx = 20;
    const DOUBLE: ShapeIdx = 21;
    const BLOB: ShapeIdx = 22;
    const FOO_ENUM: ShapeIdx = 23;

    static IN_SHAPES: &[ShapeDef] = &[
        shape("String", STRING_KIND),
        shape("Boolean", ShapeKind::Boolean),
        structure(
            "SimpleInputParamsInput",
            &[
                member("Foo", STRING),
                member("Bar", STRING),
                member("Baz", BOOLEAN),
                member("Bam", INTEGER),
                member("FloatValue", FLOAT),
                member("Boo", DOUBLE),
                member("Qux", BLOB),
                member("FooEnum", FOO_ENUM),
                member("HasQueryName", STRING),
                named("HasQueryAndXmlName", STRING, "hasQueryAndXmlName"),
                named("UsesXmlName", STRING, "usesXmlName"),
            ],
        ),
        structure(
            "QueryListsInput",
            &[
                member("ListArg", STRING_LIST),
                member("ComplexListArg", GREETING_LIST),
                member("ListArgWithXmlNameMember", LIST_WITH_XML_NAME),
                named("ListArgWithXmlName", LIST_WITH_XML_NAME, "Hi"),
                member("NestedWithList", NESTED_WITH_LIST),
                wired("FlatItems", LIST_WITH_XML_NAME, FLAT),
            ],
        ),
        list("StringList", STRING, None),
        list("GreetingList", GREETING, None),
        list("ListWithXmlName", STRING, Some("item")),
        structure("NestedStructWithList", &[member("ListArg", STRING_LIST)]),
        structure("GreetingStruct", &[member("hi", STRING)]),
        structure("NestedStructuresInput", &[member("Nested", STRUCT_ARG)]),
        structure(
            "StructArg",
            &[
                member("StringArg", STRING),
                member("OtherArg", BOOLEAN),
                member("RecursiveArg", STRUCT_ARG),
                named("Renamed", STRING, "scalar"),
            ],
        ),
        structure(
            "QueryTimestampsInput",
            &[
                member("normalFormat", TIMESTAMP),
                wired(
                    "epochMember",
                    TIMESTAMP,
                    MemberWire {
                        timestamp_format: Some(TimestampFormat::EpochSeconds),
                        ..MemberWire::BODY
                    },
                ),
                member("epochTarget", EPOCH_SECONDS),
            ],
        ),
        shape("Timestamp", ShapeKind::Timestamp { format: None }),
        shape(
            "EpochSeconds",
            ShapeKind::Timestamp {
                format: Some(TimestampFormat::EpochSeconds),
            },
        ),
        structure(
            "QueryIdempotencyTokenAutoFillInput",
            &[token(member("token", STRING))],
        ),
        structure("HostLabelInput", &[host_label(member("label", STRING))]),
        structure("EmptyInputAndEmptyOutputInput", &[]),
        structure(
            "MapInput",
            &[
                member("Map", STRING_MAP),
                wired("FlatMap", STRING_MAP, FLAT),
            ],
        ),
        shape(
            "StringMap",
            ShapeKind::Map {
                key: STRING,
                value: STRING,
                key_xml_name: Some("name"),
                value_xml_name: None,
                key_xml_namespace: None,
                value_xml_namespace: None,
            },
        ),
        shape("Integer", INTEGER_KIND),
        shape("Float", FLOAT_KIND),
        shape("Double", FLOAT_KIND),
        shape("Blob", ShapeKind::Blob { streaming: false }),
        shape(
            "FooEnum",
            ShapeKind::String {
                enum_values: &["Foo", "Baz", "Bar", "1", "0"],
                min_len: None,
                max_len: None,
                pattern: None,
            },
        ),
    ];

    static SERVICE: ServiceMeta = ServiceMeta {
        shape_name: "AwsEc2",
        sdk_id: "EC2 Protocol",
        endpoint_prefix: "ec2",
        signing_name: "ec2",
        protocol: Protocol::Ec2Query,
        api_version: "2020-01-08",
        endpoint_rule_set: "{}",
        query_compatible: false,
        xml_namespace: None,
        signer: crate::service::Signer::SigV4,
    };

    const fn operation(name: &'static str, input: Option<ShapeIdx>) -> Operation {
        Operation {
            name,
            input,
            output: None,
            errors: &[],
            http: Http::RPC,
            host_prefix: None,
            auth: Auth::SigV4,
            rules: &crate::schema::OperationRules::NONE,
        }
    }

    fn fixed_token() -> String {
        "00000000-0000-4000-8000-000000000000".to_owned()
    }

    /// The form body of `operation` with `input`.
    fn body(operation: &'static Operation, input: Value) -> String {
        let schema = OperationSchema {
            shapes: IN_SHAPES,
            operation,
        };
        let request = serialize_with(&SERVICE, schema, &input, &mut fixed_token).unwrap();
        String::from_utf8(request.body.to_vec()).unwrap()
    }

    /// The members of `operation`'s form body with `input`: what follows `Action` and
    /// `Version`.
    fn members(operation: &'static Operation, input: Value) -> String {
        let body = body(operation, input);
        let head = format!("Action={}&Version=2020-01-08", operation.name);
        let rest = body.strip_prefix(&head).unwrap_or_else(|| panic!("{body}"));
        rest.strip_prefix('&').unwrap_or(rest).to_owned()
    }

    static SIMPLE_INPUT_PARAMS: Operation = operation("SimpleInputParams", Some(SIMPLE));
    static QUERY_LISTS: Operation = operation("QueryLists", Some(LISTS));

    #[test]
    fn requests_use_the_query_envelope() {
        // Ec2QueryEmptyInputAndEmptyOutput, Ec2QueryNoInputAndOutput.
        static EMPTY_IN: Operation = operation("EmptyInputAndEmptyOutput", Some(EMPTY));
        static NO_INPUT: Operation = operation("NoInputAndOutput", None);
        let schema = OperationSchema {
            shapes: IN_SHAPES,
            operation: &EMPTY_IN,
        };
        assert_eq!(
            serialize(&SERVICE, schema, &json!({})).unwrap(),
            Request {
                method: "POST",
                path: "/".to_owned(),
                query: String::new(),
                headers: vec![(
                    "content-type".to_owned(),
                    "application/x-www-form-urlencoded; charset=utf-8".to_owned()
                )],
                body: bytes::Bytes::from_static(
                    b"Action=EmptyInputAndEmptyOutput&Version=2020-01-08"
                ),
                host_prefix: None,
                auth: Auth::SigV4,
                ..Request::default()
            }
        );
        assert_eq!(
            body(&NO_INPUT, Value::Null),
            "Action=NoInputAndOutput&Version=2020-01-08"
        );
        // Legacy "Scalar members".
        assert_eq!(
            body(&SIMPLE_INPUT_PARAMS, json!({"Foo": "val1", "Bar": "val2"})),
            "Action=SimpleInputParams&Version=2020-01-08&Foo=val1&Bar=val2"
        );
    }

    #[test]
    fn scalars() {
        let m = |input| members(&SIMPLE_INPUT_PARAMS, input);
        // Ec2SimpleInputParamsStrings.
        assert_eq!(
            m(json!({"Foo": "val1", "Bar": "val2"})),
            "Foo=val1&Bar=val2"
        );
        // Ec2SimpleInputParamsStringAndBooleanTrue, …StringsAndBooleanFalse.
        assert_eq!(m(json!({"Foo": "val1", "Baz": true})), "Foo=val1&Baz=true");
        assert_eq!(m(json!({"Baz": false})), "Baz=false");
        // Ec2SimpleInputParamsInteger, Ec2SimpleInputParamsFloat.
        assert_eq!(m(json!({"Bam": 10})), "Bam=10");
        assert_eq!(m(json!({"Boo": 10.8})), "Boo=10.8");
        // Ec2SimpleInputParamsBlob (the input value holds the base64 text of "value").
        assert_eq!(m(json!({"Qux": "dmFsdWU="})), "Qux=dmFsdWU%3D");
        // Ec2Enums.
        assert_eq!(m(json!({"FooEnum": "Foo"})), "FooEnum=Foo");
        // Ec2QuerySupportsNaNFloatInputs, …InfinityFloatInputs, …NegativeInfinityFloatInputs.
        assert_eq!(
            m(json!({"FloatValue": "NaN", "Boo": "NaN"})),
            "FloatValue=NaN&Boo=NaN"
        );
        assert_eq!(
            m(json!({"FloatValue": "Infinity", "Boo": "Infinity"})),
            "FloatValue=Infinity&Boo=Infinity"
        );
        assert_eq!(
            m(json!({"FloatValue": "-Infinity", "Boo": "-Infinity"})),
            "FloatValue=-Infinity&Boo=-Infinity"
        );
    }

    #[test]
    fn member_keys_are_the_query_name_else_the_capitalised_xml_name() {
        let m = |input| members(&SIMPLE_INPUT_PARAMS, input);
        // Ec2Query: the member is named as its ec2QueryName in botocore's model.
        assert_eq!(m(json!({"HasQueryName": "Hi"})), "HasQueryName=Hi");
        // Ec2QueryIsPreferred: xmlName `hasQueryAndXmlName`, key `HasQueryAndXmlName`.
        assert_eq!(
            m(json!({"HasQueryAndXmlName": "Hi"})),
            "HasQueryAndXmlName=Hi"
        );
        // Ec2XmlNameIsUppercased.
        assert_eq!(m(json!({"UsesXmlName": "Hi"})), "UsesXmlName=Hi");
        // An ec2QueryName wins over the xmlName and is kept as is, unlike an xmlName
        // (legacy "Structure with locationName and queryName applied to members":
        // `Bar` with `barLocationName`, `Yuck` with `yuckLocationName` and `yuckQueryName`;
        // Ec2QueryIsPreferred with its ec2QueryName).
        assert_eq!(member_key(None, None, "Foo"), "Foo");
        assert_eq!(
            member_key(None, Some("barLocationName"), "Bar"),
            "BarLocationName"
        );
        assert_eq!(
            member_key(Some("yuckQueryName"), Some("yuckLocationName"), "Yuck"),
            "yuckQueryName"
        );
        assert_eq!(
            member_key(
                Some("HasQueryAndXmlName"),
                Some("hasQueryAndXmlName"),
                "hasQueryAndXmlName"
            ),
            "HasQueryAndXmlName"
        );
        assert!(matches!(
            member_key(None, Some("Upper"), "x"),
            Cow::Borrowed("Upper")
        ));
        assert_eq!(capitalized("élan"), "Élan");
        assert_eq!(capitalized("ßx"), "SSx");
        assert_eq!(capitalized(""), "");
        // Legacy "Nested structure members" (`StructArg` as `Struct`, `ScalarArg` as
        // `Scalar`), here with a lower-case xmlName inside a nested structure.
        static NESTED: Operation = operation("NestedStructures", Some(NESTED_INPUT));
        assert_eq!(
            members(&NESTED, json!({"Nested": {"Renamed": "foo"}})),
            "Nested.Scalar=foo"
        );
    }

    #[test]
    fn member_names_are_not_capitalised_as_botocore_does() {
        // Smithy upper-cases a member name without ec2QueryName or xmlName; botocore keeps it,
        // and its ignore list skips these three cases for that reason.
        // Ec2Lists: Smithy `ComplexListArg.1.Hi`.
        assert_eq!(
            members(
                &QUERY_LISTS,
                json!({"ComplexListArg": [{"hi": "hello"}, {"hi": "hola"}]})
            ),
            "ComplexListArg.1.hi=hello&ComplexListArg.2.hi=hola"
        );
        // Ec2TimestampsInput: Smithy `NormalFormat=…&EpochMember=…&EpochTarget=…`.
        static TIMESTAMPS_OP: Operation = operation("QueryTimestamps", Some(TIMESTAMPS));
        assert_eq!(
            members(
                &TIMESTAMPS_OP,
                json!({
                    "normalFormat": 1_422_172_800,
                    "epochMember": 1_422_172_800,
                    "epochTarget": 1_422_172_800,
                })
            ),
            "normalFormat=2015-01-25T08%3A00%3A00Z&epochMember=1422172800&epochTarget=1422172800"
        );
        // Ec2QueryEndpointTraitWithHostLabel: Smithy `Label=bar`; the host prefix is filled.
        static HOST_LABEL: Operation = Operation {
            host_prefix: Some("foo.{label}."),
            ..operation("EndpointWithHostLabelOperation", Some(HOST_LABEL_INPUT))
        };
        let schema = OperationSchema {
            shapes: IN_SHAPES,
            operation: &HOST_LABEL,
        };
        let request = serialize(&SERVICE, schema, &json!({"label": "bar"})).unwrap();
        assert_eq!(request.host_prefix.as_deref(), Some("foo.bar."));
        assert_eq!(
            request.body,
            "Action=EndpointWithHostLabelOperation&Version=2020-01-08&label=bar"
        );
    }

    #[test]
    fn lists_are_numbered_whatever_their_names_and_empty_lists_send_nothing() {
        let m = |input| members(&QUERY_LISTS, input);
        // Ec2Lists (the list of strings), legacy "List types".
        assert_eq!(
            m(json!({"ListArg": ["foo", "bar", "baz"]})),
            "ListArg.1=foo&ListArg.2=bar&ListArg.3=baz"
        );
        // Ec2EmptyQueryLists.
        assert_eq!(m(json!({"ListArg": []})), "");
        assert_eq!(
            m(json!({
                "ListArg": [],
                "ListArgWithXmlName": ["A"],
                "NestedWithList": {"ListArg": []},
            })),
            "Hi.1=A"
        );
        // Ec2ListArgWithXmlNameMember: the list member's xmlName (`item`) is not used.
        assert_eq!(
            m(json!({"ListArgWithXmlNameMember": ["A", "B"]})),
            "ListArgWithXmlNameMember.1=A&ListArgWithXmlNameMember.2=B"
        );
        // Ec2ListMemberWithXmlName; legacy "List with location name applied to member".
        assert_eq!(
            m(json!({"ListArgWithXmlName": ["A", "B"]})),
            "Hi.1=A&Hi.2=B"
        );
        // Ec2ListNestedStructWithList.
        assert_eq!(
            m(json!({"NestedWithList": {"ListArg": ["A", "B"]}})),
            "NestedWithList.ListArg.1=A&NestedWithList.ListArg.2=B"
        );
        // xmlFlattened changes nothing (awsQuery would write `item.1`).
        assert_eq!(
            m(json!({"FlatItems": ["x", "y"]})),
            "FlatItems.1=x&FlatItems.2=y"
        );
        // A list member error names the numbered key.
        let schema = OperationSchema {
            shapes: IN_SHAPES,
            operation: &QUERY_LISTS,
        };
        let err = |input: Value| serialize(&SERVICE, schema, &input).unwrap_err().message;
        assert_eq!(
            err(json!({"ComplexListArg": [{"hi": "a"}, {"Hi": "b"}]})),
            "ComplexListArg.2.Hi: not a member of GreetingStruct"
        );
        assert_eq!(
            err(json!({"ListArg": ["a", ["b"]]})),
            "ListArg.2: expected a string"
        );
    }

    #[test]
    fn nested_structures() {
        // Ec2NestedStructures.
        static NESTED: Operation = operation("NestedStructures", Some(NESTED_INPUT));
        assert_eq!(
            members(
                &NESTED,
                json!({"Nested": {
                    "StringArg": "foo",
                    "OtherArg": true,
                    "RecursiveArg": {"StringArg": "baz"},
                }})
            ),
            "Nested.StringArg=foo&Nested.OtherArg=true&Nested.RecursiveArg.StringArg=baz"
        );
    }

    #[test]
    fn idempotency_tokens() {
        // Ec2ProtocolIdempotencyTokenAutoFill, …AutoFillIsSet (the member is `token`: keyed
        // as is, as botocore would; the suite is on botocore's general ignore list).
        static TOKEN_OP: Operation = operation("QueryIdempotencyTokenAutoFill", Some(TOKEN_INPUT));
        assert_eq!(
            members(&TOKEN_OP, json!({})),
            "token=00000000-0000-4000-8000-000000000000"
        );
        assert_eq!(
            members(
                &TOKEN_OP,
                json!({"token": "00000000-0000-4000-8000-000000000123"})
            ),
            "token=00000000-0000-4000-8000-000000000123"
        );
        let schema = OperationSchema {
            shapes: IN_SHAPES,
            operation: &TOKEN_OP,
        };
        let request = serialize(&SERVICE, schema, &json!({})).unwrap();
        let body = String::from_utf8(request.body.to_vec()).unwrap();
        let token = body
            .strip_prefix("Action=QueryIdempotencyTokenAutoFill&Version=2020-01-08&token=")
            .unwrap();
        assert_eq!(token.len(), 36, "{token}");
        assert_ne!(token, fixed_token());
    }

    #[test]
    fn maps_as_awsquery_with_capitalised_names() {
        // No suite case (EC2 has no maps): botocore's EC2 serializer inherits the query
        // serializer's maps, naming a key or value by its capitalised xmlName.
        static MAPS: Operation = operation("Maps", Some(MAP_INPUT));
        assert_eq!(
            members(
                &MAPS,
                json!({"Map": {"k": "v", "a b": "c"}, "FlatMap": {"x": "y"}})
            ),
            "Map.entry.1.Name=k&Map.entry.1.value=v&Map.entry.2.Name=a+b&Map.entry.2.value=c\
             &FlatMap.1.Name=x&FlatMap.1.value=y"
        );
        assert_eq!(members(&MAPS, json!({"Map": {}})), "");
    }

    // The response side.
    const O_STRING: ShapeIdx = 0;
    const O_SCALARS: ShapeIdx = 1;
    const O_BOOLEAN: ShapeIdx = 2;
    const O_INTEGER: ShapeIdx = 3;
    const O_FLOAT: ShapeIdx = 4;
    const O_LISTS: ShapeIdx = 5;
    const O_STRING_LIST: ShapeIdx = 6;
    const O_RENAMED_LIST: ShapeIdx = 7;
    const O_STRUCTURE_LIST: ShapeIdx = 8;
    const O_STRUCTURE_MEMBER: ShapeIdx = 9;
    const O_TIMES: ShapeIdx = 10;
    const O_DATE_TIME: ShapeIdx = 11;
    const O_EMPTY: ShapeIdx = 12;
    const O_INVALID_GREETING: ShapeIdx = 13;
    const O_COMPLEX_ERROR: ShapeIdx = 14;
    const O_COMPLEX_NESTED: ShapeIdx = 15;
    const O_EXCEPTION: ShapeIdx = 16;
    const O_BLOB: ShapeIdx = 17;

    static OUT_SHAPES: &[ShapeDef] = &[
        shape("String", STRING_KIND),
        structure(
            "SimpleScalarXmlPropertiesOutput",
            &[
                member("stringValue", O_STRING),
                member("emptyStringValue", O_STRING),
                member("trueBooleanValue", O_BOOLEAN),
                member("falseBooleanValue", O_BOOLEAN),
                member("integerValue", O_INTEGER),
                member("floatValue", O_FLOAT),
                named("doubleValue", O_FLOAT, "DoubleDribble"),
                member("data", O_BLOB),
            ],
        ),
        shape("Boolean", ShapeKind::Boolean),
        shape("Integer", INTEGER_KIND),
        shape("Double", FLOAT_KIND),
        structure(
            "XmlListsOutput",
            &[
                member("stringList", O_STRING_LIST),
                member("stringSet", O_STRING_LIST),
                named("renamedListMembers", O_RENAMED_LIST, "renamed"),
                wired("flattenedList", O_RENAMED_LIST, FLAT),
                wired(
                    "flattenedList2",
                    O_STRING_LIST,
                    MemberWire {
                        xml_name: Some("customName"),
                        ..FLAT
                    },
                ),
                named("structureList", O_STRUCTURE_LIST, "myStructureList"),
            ],
        ),
        list("StringList", O_STRING, None),
        list("RenamedListMembers", O_STRING, Some("item")),
        list("StructureList", O_STRUCTURE_MEMBER, Some("item")),
        structure(
            "StructureListMember",
            &[named("a", O_STRING, "value"), named("b", O_STRING, "other")],
        ),
        structure("DatetimeOffsetsOutput", &[member("datetime", O_DATE_TIME)]),
        // The suite's `DateTime` has format date-time, which only changes the JSON form of
        // the value read (a string, where the suite compares epoch seconds).
        shape("DateTime", ShapeKind::Timestamp { format: None }),
        structure("EmptyInputAndEmptyOutputOutput", &[]),
        structure("InvalidGreeting", &[member("Message", O_STRING)]),
        structure(
            "ComplexError",
            &[
                member("TopLevel", O_STRING),
                member("Nested", O_COMPLEX_NESTED),
            ],
        ),
        structure("ComplexNestedErrorData", &[member("Foo", O_STRING)]),
        structure(
            "ExceptionShape",
            &[member("BodyMember", O_STRING), member("Message", O_STRING)],
        ),
        shape("Blob", ShapeKind::Blob { streaming: false }),
    ];

    const fn output_op(name: &'static str, output: ShapeIdx) -> Operation {
        Operation {
            output: Some(output),
            ..operation(name, None)
        }
    }

    fn read(operation: &'static Operation, body: &str) -> Result<Value, ResponseError> {
        let schema = OperationSchema {
            shapes: OUT_SHAPES,
            operation,
        };
        deserialize(
            schema,
            Response {
                status: 200,
                headers: &http::HeaderMap::new(),
                body: body.as_bytes(),
            },
        )
    }

    static SCALARS: Operation = output_op("SimpleScalarXmlProperties", O_SCALARS);

    #[test]
    fn responses_have_no_result_wrapper() {
        // Ec2SimpleScalarProperties (`requestId` is not part of the output).
        let xml = r#"<SimpleScalarXmlPropertiesResponse xmlns="https://example.com/">
    <stringValue>string</stringValue>
    <emptyStringValue/>
    <trueBooleanValue>true</trueBooleanValue>
    <falseBooleanValue>false</falseBooleanValue>
    <integerValue>3</integerValue>
    <floatValue>5.5</floatValue>
    <DoubleDribble>6.5</DoubleDribble>
    <requestId>requestid</requestId>
</SimpleScalarXmlPropertiesResponse>
"#;
        assert_eq!(
            read(&SCALARS, xml).unwrap(),
            json!({
                "stringValue": "string",
                "emptyStringValue": "",
                "trueBooleanValue": true,
                "falseBooleanValue": false,
                "integerValue": 3,
                "floatValue": 5.5,
                "doubleValue": 6.5,
            })
        );
        // Ec2QuerySupportsNaNFloatOutputs, …InfinityFloatOutputs,
        // …NegativeInfinityFloatOutputs.
        for word in ["NaN", "Infinity", "-Infinity"] {
            let xml = format!(
                "<SimpleScalarXmlPropertiesResponse xmlns=\"https://example.com/\">\n\
                 <floatValue>{word}</floatValue>\n<DoubleDribble>{word}</DoubleDribble>\n\
                 </SimpleScalarXmlPropertiesResponse>"
            );
            assert_eq!(
                read(&SCALARS, &xml).unwrap(),
                json!({"floatValue": word, "doubleValue": word})
            );
        }
        // Ec2XmlBlobs, Ec2XmlEmptyBlobs, Ec2XmlEmptySelfClosedBlobs (blobs stay base64 text).
        assert_eq!(
            read(
                &SCALARS,
                "<XmlBlobsResponse><data>dmFsdWU=</data></XmlBlobsResponse>"
            )
            .unwrap(),
            json!({"data": "dmFsdWU="})
        );
        assert_eq!(
            read(
                &SCALARS,
                "<XmlEmptyBlobsResponse><data></data></XmlEmptyBlobsResponse>"
            )
            .unwrap(),
            json!({"data": ""})
        );
        assert_eq!(
            read(
                &SCALARS,
                "<XmlEmptyBlobsResponse><data/></XmlEmptyBlobsResponse>"
            )
            .unwrap(),
            json!({"data": ""})
        );
        // An awsQuery-style wrapper is not looked into: its members are not the root's.
        assert_eq!(
            read(
                &SCALARS,
                "<SimpleScalarXmlPropertiesResponse><SimpleScalarXmlPropertiesResult>\
                 <stringValue>x</stringValue></SimpleScalarXmlPropertiesResult>\
                 </SimpleScalarXmlPropertiesResponse>"
            )
            .unwrap(),
            json!({})
        );
        assert_eq!(
            read(&SCALARS, "<R><integerValue>x</integerValue></R>")
                .unwrap_err()
                .message,
            r#"integerValue: expected an integer, got "x""#
        );
        assert!(
            read(&SCALARS, "<R>")
                .unwrap_err()
                .to_string()
                .starts_with("malformed response: invalid XML")
        );
    }

    #[test]
    fn outputs_without_members_are_not_parsed() {
        // Ec2QueryEmptyInputAndEmptyOutput, Ec2QueryNoInputAndOutput.
        static EMPTY_OUT: Operation = output_op("EmptyInputAndEmptyOutput", O_EMPTY);
        static NO_OUTPUT: Operation = operation("NoInputAndOutput", None);
        let xml = "<EmptyInputAndEmptyOutputResponse xmlns=\"https://example.com/\">\n\
                   <requestId>requestid</requestId>\n</EmptyInputAndEmptyOutputResponse>\n";
        assert_eq!(read(&EMPTY_OUT, xml).unwrap(), json!({}));
        assert_eq!(read(&NO_OUTPUT, "").unwrap(), json!({}));
    }

    #[test]
    fn wrapped_lists_read_item_children() {
        static LISTS_OP: Operation = output_op("XmlLists", O_LISTS);
        // Ec2XmlLists, in part: wrapped lists of `member` and `item` children, a renamed
        // wrapper, a flattened list under its member's name, a list of structures. Its
        // `flattenedList` (list member named `item`) is read from `<item>` elements as
        // botocore reads it; the case is on botocore's ignore list for that.
        let xml = r#"<XmlListsResponse xmlns="https://example.com/">
    <stringList><member>foo</member><member>bar</member></stringList>
    <renamed><item>foo</item><item>bar</item></renamed>
    <item>hi</item>
    <item>bye</item>
    <customName>yep</customName>
    <customName>nope</customName>
    <myStructureList>
        <item><value>1</value><other>2</other></item>
        <item><value>3</value><other>4</other></item>
    </myStructureList>
    <requestId>requestid</requestId>
</XmlListsResponse>"#;
        assert_eq!(
            read(&LISTS_OP, xml).unwrap(),
            json!({
                "stringList": ["foo", "bar"],
                "renamedListMembers": ["foo", "bar"],
                "flattenedList": ["hi", "bye"],
                "flattenedList2": ["yep", "nope"],
                "structureList": [{"a": "1", "b": "2"}, {"a": "3", "b": "4"}],
            })
        );
        // Ec2XmlEmptyLists.
        assert_eq!(
            read(
                &LISTS_OP,
                "<XmlEmptyListsResponse xmlns=\"https://example.com/\">\n  <stringList/>\n  \
                 <stringSet></stringSet>\n</XmlEmptyListsResponse>\n"
            )
            .unwrap(),
            json!({"stringList": [], "stringSet": []})
        );
        // Legacy "List with custom member name": EC2's `<item>` wrapping.
        assert_eq!(
            read(
                &LISTS_OP,
                "<DescribeResponse><stringList><item>abc</item><item>123</item></stringList>\
                 <requestId>requestid</requestId></DescribeResponse>"
            )
            .unwrap(),
            json!({"stringList": ["abc", "123"]})
        );
    }

    #[test]
    fn timestamps_with_offsets_and_fractions() {
        static TIMES: Operation = output_op("DatetimeOffsets", O_TIMES);
        // Ec2QueryDateTimeWithNegativeOffset, Ec2QueryDateTimeWithPositiveOffset.
        for text in ["2019-12-16T22:48:18-01:00", "2019-12-17T00:48:18+01:00"] {
            let xml = format!(
                "<DatetimeOffsetsResponse xmlns=\"https://example.com/\">\n    \
                 <datetime>{text}</datetime>\n    <requestId>requestid</requestId>\n\
                 </DatetimeOffsetsResponse>\n"
            );
            assert_eq!(
                read(&TIMES, &xml).unwrap(),
                json!({"datetime": 1_576_540_098})
            );
        }
        // Ec2QueryDateTimeWithFractionalSeconds.
        assert_eq!(
            read(
                &TIMES,
                "<FractionalSecondsResponse><datetime>2000-01-02T20:34:56.123Z</datetime>\
                 </FractionalSecondsResponse>"
            )
            .unwrap()
            .to_string(),
            r#"{"datetime":946845296.123}"#
        );
    }

    fn error_of(status: u16, headers: &http::HeaderMap, body: &str) -> ServiceError {
        parse_error(Response {
            status,
            headers,
            body: body.as_bytes(),
        })
    }

    fn summary(e: &ServiceError) -> (u16, &str, &str, Option<&str>) {
        (e.status, &e.code, &e.message, e.request_id.as_deref())
    }

    /// Ec2InvalidGreetingError's body.
    const INVALID_GREETING: &str = "<Response>\n    <Errors>\n        <Error>\n            \
        <Code>InvalidGreeting</Code>\n            <Message>Hi</Message>\n        </Error>\n    \
        </Errors>\n    <RequestID>foo-id</RequestID>\n</Response>\n";

    #[test]
    fn ec2_error_documents() {
        let none = http::HeaderMap::new();
        // Ec2InvalidGreetingError: the request id is `RequestID`.
        let e = error_of(400, &none, INVALID_GREETING);
        assert_eq!(summary(&e), (400, "InvalidGreeting", "Hi", Some("foo-id")));
        assert_eq!(e.body, INVALID_GREETING.as_bytes());
        assert_eq!(
            error_fields(OUT_SHAPES, O_INVALID_GREETING, INVALID_GREETING.as_bytes()),
            Some(json!({"Message": "Hi"}))
        );
        // The first of several errors; dotted codes as EC2 sends them.
        let e = error_of(
            400,
            &none,
            "<Response><Errors><Error><Code>InvalidInstanceID.NotFound</Code>\
             <Message>gone</Message></Error><Error><Code>Other</Code></Error></Errors>\
             <RequestID>r-1</RequestID></Response>",
        );
        assert_eq!(
            summary(&e),
            (400, "InvalidInstanceID.NotFound", "gone", Some("r-1"))
        );
        // `RequestID` wins over `RequestId`, which is read when it is alone; then the header.
        let e = error_of(
            400,
            &none,
            "<Response><Errors><Error><Code>C</Code><Message>m</Message></Error></Errors>\
             <RequestId>lower</RequestId><RequestID>upper</RequestID></Response>",
        );
        assert_eq!(e.request_id.as_deref(), Some("upper"));
        let e = error_of(
            400,
            &none,
            "<Response><Errors><Error><Code>C</Code></Error></Errors>\
             <RequestId>lower</RequestId></Response>",
        );
        assert_eq!(e.request_id.as_deref(), Some("lower"));
        let mut headers = http::HeaderMap::new();
        headers.insert("x-amzn-requestid", "from-header".parse().unwrap());
        let e = error_of(
            400,
            &headers,
            "<Response><Errors><Error><Code>C</Code></Error></Errors></Response>",
        );
        assert_eq!(e.request_id.as_deref(), Some("from-header"));
    }

    #[test]
    fn missing_or_empty_codes_and_messages() {
        let none = http::HeaderMap::new();
        // A missing Message reads as what the AWS CLI prints for a missing key (botocore
        // sets Message only when the element exists), as in awsQuery.
        let e = error_of(
            400,
            &none,
            "<Response><Errors><Error><Code>ComplexError</Code><TopLevel>Top level</TopLevel>\
             </Error></Errors><RequestID>foo-id</RequestID></Response>",
        );
        assert_eq!(
            summary(&e),
            (400, "ComplexError", "Unknown", Some("foo-id"))
        );
        let e = error_of(
            400,
            &none,
            "<Response><Errors><Error><Code/><Message></Message></Error></Errors></Response>",
        );
        assert_eq!(summary(&e), (400, "None", "None", None));
        let e = error_of(400, &none, "<Response/>");
        assert_eq!(summary(&e), (400, "Unknown", "Unknown", None));
    }

    #[test]
    fn modelled_error_fields() {
        // Ec2ComplexError (on botocore's ignore list; its fields are read as botocore's EC2
        // parser reads them, from the first Errors/Error element).
        let body = "<Response>\n    <Errors>\n        <Error>\n            \
            <Code>ComplexError</Code>\n            <Message>Hi</Message>\n            \
            <TopLevel>Top level</TopLevel>\n            <Nested>\n                \
            <Foo>bar</Foo>\n            </Nested>\n        </Error>\n    </Errors>\n    \
            <RequestID>foo-id</RequestID>\n</Response>\n";
        assert_eq!(
            error_fields(OUT_SHAPES, O_COMPLEX_ERROR, body.as_bytes()),
            Some(json!({"TopLevel": "Top level", "Nested": {"Foo": "bar"}}))
        );
        assert_eq!(
            summary(&error_of(400, &http::HeaderMap::new(), body)),
            (400, "ComplexError", "Hi", Some("foo-id"))
        );
        // Legacy "Modeled exceptions".
        let body = "<Response><Errors><Error><Code>ExceptionShape</Code>\
            <Message>mymessage</Message><BodyMember>mybody</BodyMember></Error></Errors>\
            </Response>";
        assert_eq!(
            error_fields(OUT_SHAPES, O_EXCEPTION, body.as_bytes()),
            Some(json!({"BodyMember": "mybody", "Message": "mymessage"}))
        );
        // Without Errors/Error, botocore's EC2 error root is the document's root.
        assert_eq!(
            error_fields(
                OUT_SHAPES,
                O_EXCEPTION,
                b"<Response><BodyMember>b</BodyMember></Response>"
            ),
            Some(json!({"BodyMember": "b"}))
        );
        assert_eq!(error_fields(OUT_SHAPES, O_EXCEPTION, b"not xml"), None);
    }

    #[test]
    fn generic_and_unparsable_errors() {
        let none = http::HeaderMap::new();
        let e = error_of(503, &none, "<html><body>Service Unavailable</body></html>");
        assert_eq!(summary(&e), (503, "503", "Service Unavailable", None));
        let e = error_of(500, &none, "");
        assert_eq!(summary(&e), (500, "500", "Internal Server Error", None));
        let e = error_of(400, &none, "not xml");
        assert_eq!(summary(&e), (400, "400", "not xml", None));
    }
}
