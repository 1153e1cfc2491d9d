//! The contract between generated code and our library crates: every item of
//! `awslice_runtime`, `awslice_cli`, `awslice_endpoints` and `awslice_credentials` that
//! generated code names, in one list (smithy-rs's `RuntimeType` is the model).
//!
//! Emission code never spells one of these paths itself: it interpolates the constant
//! (`quote!(impl #TO_JSON for #ident { … })`), so renaming an item in a library crate means
//! changing one line here (and regenerating). Enum variants and associated constants are
//! written after the item they belong to (`#SHAPE_KIND::Structure { … }`,
//! `#MEMBER_WIRE::BODY`). The items carry `INTERFACE CONTRACT` comments in their crates.
//!
//! Tests: every path here is a `use` in a crate that `codegen/tests/snapshots.rs` compiles
//! together with the fixture SDKs ([`contract_check_rs`]); a unit test below checks that no
//! other codegen source spells a library path.

use proc_macro2::TokenStream;
use quote::ToTokens;

/// An item of one of our library crates, by absolute path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuntimeItem {
    /// The absolute path (`::awslice_runtime::json::ToJson`).
    pub path: &'static str,
}

impl ToTokens for RuntimeItem {
    /// `::a::b::C` as tokens, built segment by segment: the constants are interpolated tens
    /// of thousands of times per model, and parsing the text each time cost a third of the
    /// full WorkSpaces model's generation time (252 → 326 ms, `cargo xtask bench --only
    /// codegen`). The paths are checked by the tests below.
    fn to_tokens(&self, tokens: &mut TokenStream) {
        use proc_macro2::{Ident, Punct, Spacing, Span, TokenTree};
        for (i, segment) in self.path.split("::").enumerate() {
            if i > 0 {
                tokens.extend([
                    TokenTree::Punct(Punct::new(':', Spacing::Joint)),
                    TokenTree::Punct(Punct::new(':', Spacing::Alone)),
                ]);
            }
            if !segment.is_empty() {
                tokens.extend([TokenTree::Ident(Ident::new(segment, Span::call_site()))]);
            }
        }
    }
}

impl std::fmt::Display for RuntimeItem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.path)
    }
}

macro_rules! contract {
    ($( $(#[doc = $doc:literal])* $name:ident = $path:literal; )*) => {
        $( $(#[doc = $doc])* pub const $name: RuntimeItem = RuntimeItem { path: $path }; )*
        /// Every item of the contract with its constant's name, in the order of this file.
        pub const ALL: &[(&str, RuntimeItem)] = &[ $( (stringify!($name), $name), )* ];
    };
}

contract! {
    // ---- awslice_runtime::service: what a service is (`meta.rs`, the CLI tables).
    /// The service's static description (`SERVICE_META`).
    SERVICE_META_TYPE = "::awslice_runtime::service::ServiceMeta";
    /// The wire protocol (`AwsJson1_0`, `AwsJson1_1`, `RestJson1`, `AwsQuery`).
    PROTOCOL = "::awslice_runtime::service::Protocol";

    // ---- awslice_runtime::client: the client the SDK wraps (`client.rs`, `operations.rs`).
    /// One service's client: `new(config, &SERVICE_META)`, `call`, `call_operation`.
    SERVICE_CLIENT = "::awslice_runtime::client::ServiceClient";
    /// The loaded configuration `Client::new` takes.
    SDK_CONFIG = "::awslice_runtime::client::SdkConfig";

    // ---- awslice_runtime::error: what operations and builders return.
    /// An operation's error: `Build`, `Call`, `Service`, `Response`.
    SDK_ERROR = "::awslice_runtime::error::SdkError";
    /// A failed call (`Service` holds the service's error response).
    CALL_ERROR = "::awslice_runtime::error::CallError";
    /// A service's error response: code, message, body.
    SERVICE_ERROR = "::awslice_runtime::error::ServiceError";
    /// A builder's missing required members.
    BUILD_ERROR = "::awslice_runtime::error::BuildError";
    /// A response that does not read as the modelled output.
    RESPONSE_ERROR = "::awslice_runtime::error::ResponseError";
    /// The code as sent and the request id a modelled error carries.
    ERROR_METADATA = "::awslice_runtime::error::ErrorMetadata";
    /// An error response the operation's model does not list (the `Unhandled` variant).
    UNHANDLED_ERROR = "::awslice_runtime::error::Unhandled";

    // ---- awslice_runtime::json: the awsJson value conversions (`types.rs`, `operations.rs`).
    /// Value → JSON (`to_json`, `to_json_with` a timestamp format).
    TO_JSON = "::awslice_runtime::json::ToJson";
    /// JSON → value (`from_json`, `from_json_with` a timestamp format).
    FROM_JSON = "::awslice_runtime::json::FromJson";
    /// The timestamp member type.
    TIMESTAMP = "::awslice_runtime::json::Timestamp";
    /// The blob member type.
    BLOB = "::awslice_runtime::json::Blob";
    /// A non-default timestamp format of a member (`DateTime`, `HttpDate`).
    JSON_TIMESTAMP_FORMAT = "::awslice_runtime::json::TimestampFormat";
    /// Reads an optional member of a JSON object.
    JSON_OPTIONAL = "::awslice_runtime::json::optional";
    /// Reads an optional timestamp member in a given format.
    JSON_OPTIONAL_WITH = "::awslice_runtime::json::optional_with";
    /// The JSON object a structure is read from.
    JSON_OBJECT = "::awslice_runtime::json::object";
    /// The path of a member, for error messages.
    JSON_JOIN = "::awslice_runtime::json::join";
    /// A `ResponseError` at a path.
    JSON_ERROR = "::awslice_runtime::json::error";
    /// A response body as a JSON value.
    PARSE_BODY = "::awslice_runtime::json::parse_body";
    /// The members of an error response's body, in the service's protocol.
    ERROR_FIELDS_OF = "::awslice_runtime::protocol::error_fields_of";

    // ---- awslice_runtime::schema: the wire description (`schema.rs`, the CLI tables).
    /// One shape of the table.
    SHAPE_DEF = "::awslice_runtime::schema::ShapeDef";
    /// A shape's kind (`Structure`, `List`, `Timestamp`, …).
    SHAPE_KIND = "::awslice_runtime::schema::ShapeKind";
    /// One member of a structure or union.
    MEMBER_DEF = "::awslice_runtime::schema::MemberDef";
    /// Where a member goes on the wire (`BODY` for the common case).
    MEMBER_WIRE = "::awslice_runtime::schema::MemberWire";
    /// A member's location (`Body`, `Header(…)`, `Query(…)`, …).
    LOCATION = "::awslice_runtime::schema::Location";
    /// An operation's HTTP binding (`RPC` for `POST /` with 200).
    HTTP = "::awslice_runtime::schema::Http";
    /// An operation's auth (`None`, `SigV4`).
    AUTH = "::awslice_runtime::schema::Auth";
    /// One operation on the wire.
    OPERATION = "::awslice_runtime::schema::Operation";
    /// An operation's call rules (endpoint parameters, checksums, service rules; `NONE`).
    OPERATION_RULES = "::awslice_runtime::schema::OperationRules";
    /// An endpoint rule-set parameter an operation sets.
    ENDPOINT_PARAM = "::awslice_runtime::schema::EndpointParam";
    /// Where it gets its value (`Member`, `Bool`, `Str`).
    ENDPOINT_PARAM_VALUE = "::awslice_runtime::schema::EndpointParamValue";
    /// `aws.protocols#httpChecksum`.
    HTTP_CHECKSUM = "::awslice_runtime::schema::HttpChecksum";
    /// A listing URL-encoded on request and decoded on reply.
    URL_ENCODED_LISTING = "::awslice_runtime::schema::UrlEncodedListing";
    /// A timestamp header also given as text.
    HEADER_TEXT = "::awslice_runtime::schema::HeaderText";
    /// How a service signs (`SigV4`, `PayloadHashHeader`).
    SIGNER = "::awslice_runtime::service::Signer";
    /// An operation with the shape table, as `ServiceClient::call_operation` takes it.
    OPERATION_SCHEMA = "::awslice_runtime::schema::OperationSchema";
    /// A timestamp format on the wire (`EpochSeconds`, `DateTime`, `HttpDate`).
    SCHEMA_TIMESTAMP_FORMAT = "::awslice_runtime::schema::TimestampFormat";
    /// An XML namespace (`uri`, `prefix`) of a shape, member or service.
    XML_NAMESPACE = "::awslice_runtime::schema::XmlNamespace";

    // ---- awslice_cli: the command tables and the binary's `main`.
    /// A service's command table.
    SERVICE_DEF = "::awslice_cli::schema::ServiceDef";
    /// One operation's command.
    OPERATION_DEF = "::awslice_cli::schema::OperationDef";
    /// One parameter of a command.
    PARAM_DEF = "::awslice_cli::schema::ParamDef";
    /// A command's paginator.
    PAGINATOR_DEF = "::awslice_cli::schema::PaginatorDef";
    /// `main` without the credential providers that call AWS.
    CLI_RUN = "::awslice_cli::run";
    /// `main` with the credential providers.
    CLI_RUN_WITH_PROVIDERS = "::awslice_cli::run_with_providers";

    // ---- awslice_credentials: the providers the binary registers.
    /// The credential providers that call AWS (`Providers::new().shared()`).
    PROVIDERS = "::awslice_credentials::Providers";

    // ---- awslice_endpoints: the generated endpoint tests.
    /// A rule set (`RuleSet::from_json`).
    RULE_SET = "::awslice_endpoints::RuleSet";
    /// The parameters of one resolution.
    ENDPOINT_PARAMS = "::awslice_endpoints::Params";
    /// A parameter value (`String`, `Bool`, `StringArray`).
    ENDPOINT_VALUE = "::awslice_endpoints::Value";
}

/// The library crates the contract names, as Rust identifiers.
pub const CRATES: [&str; 4] = [
    "awslice_runtime",
    "awslice_cli",
    "awslice_credentials",
    "awslice_endpoints",
];

/// A Rust file that `use`s every item of the contract (each under its constant's name): it
/// compiles exactly when every path resolves. Written into a crate depending on all of
/// [`CRATES`] by the snapshot test.
pub fn contract_check_rs() -> String {
    let mut s = String::from(
        "//! Every item of awslice-codegen's runtime contract (`codegen/src/contract.rs`).\n\
         #![allow(unused_imports, non_camel_case_types, non_snake_case, non_upper_case_globals)]\n",
    );
    for (name, item) in ALL {
        s.push_str(&format!("pub use {item} as {name};\n"));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_path_is_absolute_in_one_of_our_crates_and_listed_once() {
        let mut seen = std::collections::HashSet::new();
        for (name, item) in ALL {
            let krate = item
                .path
                .strip_prefix("::")
                .and_then(|p| p.split("::").next())
                .unwrap_or_default();
            assert!(CRATES.contains(&krate), "{name}: {item}");
            assert!(seen.insert(item.path), "{name}: {item} listed twice");
            let tokens = item.to_token_stream();
            let parsed: TokenStream = item.path.parse().expect("a path");
            assert_eq!(tokens.to_string(), parsed.to_string(), "{name}");
            syn::parse2::<syn::Path>(tokens).unwrap_or_else(|e| panic!("{name}: {item}: {e}"));
        }
    }

    /// The contract is the one place: no other codegen source spells a path of our crates.
    #[test]
    fn no_other_source_spells_a_library_path() {
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut stack = vec![src.clone()];
        let mut offenders = Vec::new();
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).expect("read src") {
                let path = entry.expect("entry").path();
                if path.is_dir() {
                    stack.push(path);
                    continue;
                }
                if path == src.join("contract.rs") {
                    continue;
                }
                let text = std::fs::read_to_string(&path).expect("read");
                for (i, line) in text.lines().enumerate() {
                    for krate in CRATES {
                        if line.contains(&format!("::{krate}::")) {
                            offenders.push(format!("{}:{}: {line}", path.display(), i + 1));
                        }
                    }
                }
            }
        }
        assert!(
            offenders.is_empty(),
            "library paths outside contract.rs:\n{}",
            offenders.join("\n")
        );
    }
}
