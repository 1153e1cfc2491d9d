//! Smithy endpoint rules engine.
//!
//! An interpreter for the `smithy.rules#endpointRuleSet` trait (rules language versions 1.0 and
//! 1.1): it reads a rule set from its JSON form, applies parameter defaults, checks required
//! parameters, walks the rules and returns the resolved [`Endpoint`] or the rule set's error
//! message as a [`ResolveError`].
//!
//! The standard library (`isSet`, `not`, `booleanEquals`, `stringEquals`, `getAttr`,
//! `substring`, `isValidHostLabel`, `parseURL`, `uriEncode`, `coalesce`, `ite`, `split`) and the
//! AWS functions (`aws.partition`, `aws.parseArn`, `aws.isVirtualHostableS3Bucket`) are built in;
//! the partitions data the AWS SDKs ship is written down in this crate as our own tables.
//!
//! Where the specification leaves room, the engine does what the AWS CLI's resolver (botocore)
//! does, checked by differential tests against it:
//! - a tree rule whose sub-rules all fail falls through to the rules after it (the real S3 and
//!   S3 Control rule sets depend on this; the specification calls trees terminal);
//! - a function given an argument with no value (an unset parameter) returns no value, so its
//!   condition fails; `isSet`, `coalesce` and `ite` look at optional values themselves;
//! - `parseURL` accepts `http` and `https` URLs without a query; the scheme is lower-cased,
//!   the path is kept as written (empty for `https://example.com`), and `normalizedPath` has
//!   dot and empty segments removed, is percent-encoded and starts and ends with `/`; `isIp` is
//!   true for a bracketed IPv6 host or a dotted quad of 1–3 digit groups. Unlike botocore,
//!   userinfo is left out of the authority, as the specification requires;
//! - `isValidHostLabel` labels neither start nor end with `-`; `aws.isVirtualHostableS3Bucket`
//!   needs 3 or more characters, no upper case, no dotted-quad shape, and valid host labels;
//! - region patterns of `aws.partition` match ASCII word characters only (the CLI rejects
//!   non-ASCII region names before resolving endpoints).
//!
//! [`run_model_endpoint_tests`] runs the `smithy.rules#endpointTests` cases of a Smithy JSON AST
//! model against its rule set.
//!
//! ```
//! use awslice_endpoints::{Params, RuleSet, Value};
//!
//! let rules = RuleSet::from_json(r#"{
//!     "version": "1.0",
//!     "parameters": {"Region": {"type": "string", "required": true}},
//!     "rules": [{"conditions": [{"fn": "aws.partition", "argv": [{"ref": "Region"}], "assign": "P"}],
//!                "endpoint": {"url": "https://svc.{Region}.{P#dnsSuffix}"}, "type": "endpoint"},
//!               {"conditions": [], "error": "no partition", "type": "error"}]
//! }"#).unwrap();
//! let mut params = Params::new();
//! params.insert("Region".into(), Value::from("cn-north-1"));
//! assert_eq!(rules.resolve(&params).unwrap().url, "https://svc.cn-north-1.amazonaws.com.cn");
//! ```

#![deny(missing_docs)]

mod aws;
mod eval;
mod parse;
mod partitions;
mod stdlib;
mod testsuite;

use std::fmt;

pub use partitions::{Partition, partition_for_region, partitions};
pub use testsuite::{TestReport, run_model_endpoint_tests};

/// The value of an endpoint parameter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// A `string` parameter.
    String(String),
    /// A `boolean` parameter.
    Bool(bool),
    /// A `stringArray` parameter.
    StringArray(Vec<String>),
}

impl From<&str> for Value {
    fn from(v: &str) -> Self {
        Value::String(v.to_owned())
    }
}

impl From<String> for Value {
    fn from(v: String) -> Self {
        Value::String(v)
    }
}

impl From<bool> for Value {
    fn from(v: bool) -> Self {
        Value::Bool(v)
    }
}

impl From<Vec<String>> for Value {
    fn from(v: Vec<String>) -> Self {
        Value::StringArray(v)
    }
}

impl Value {
    /// The parameter type this value has.
    pub fn param_type(&self) -> ParamType {
        match self {
            Value::String(_) => ParamType::String,
            Value::Bool(_) => ParamType::Boolean,
            Value::StringArray(_) => ParamType::StringArray,
        }
    }

    pub(crate) fn to_json(&self) -> serde_json::Value {
        match self {
            Value::String(s) => serde_json::Value::String(s.clone()),
            Value::Bool(b) => serde_json::Value::Bool(*b),
            Value::StringArray(a) => {
                serde_json::Value::Array(a.iter().cloned().map(serde_json::Value::String).collect())
            }
        }
    }
}

/// Parameter values given to [`RuleSet::resolve`], by parameter name (e.g. `Region`).
/// Names the rule set does not declare are ignored.
pub type Params = indexmap::IndexMap<String, Value>;

/// The declared type of a rule-set parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamType {
    /// `string`
    String,
    /// `boolean`
    Boolean,
    /// `stringArray`
    StringArray,
}

impl fmt::Display for ParamType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ParamType::String => "string",
            ParamType::Boolean => "boolean",
            ParamType::StringArray => "stringArray",
        })
    }
}

/// A parameter declared by a rule set.
#[derive(Debug, Clone, PartialEq)]
pub struct Parameter {
    /// The parameter name, e.g. `Region`.
    pub name: String,
    /// Its type.
    pub param_type: ParamType,
    /// The built-in it is bound to, e.g. `AWS::Region`, `AWS::UseFIPS`, `SDK::Endpoint`.
    pub built_in: Option<String>,
    /// The value used when the caller gives none.
    pub default: Option<Value>,
    /// Whether a value must be present (after defaults) for resolution to proceed.
    pub required: bool,
    /// The documentation text, if any.
    pub documentation: Option<String>,
    /// Whether the parameter is marked deprecated.
    pub deprecated: bool,
}

/// A parsed `smithy.rules#endpointRuleSet`, ready to resolve endpoints.
#[derive(Debug, Clone)]
pub struct RuleSet {
    version: String,
    parameters: Vec<Parameter>,
    rules: Vec<parse::Rule>,
}

impl RuleSet {
    /// Parses the rule set from the JSON text of the trait value.
    pub fn from_json(text: &str) -> Result<RuleSet, Error> {
        let v: serde_json::Value =
            serde_json::from_str(text).map_err(|e| Error::new("", format!("invalid JSON: {e}")))?;
        RuleSet::from_value(&v)
    }

    /// Parses the rule set from the trait value as JSON.
    pub fn from_value(v: &serde_json::Value) -> Result<RuleSet, Error> {
        let (version, parameters, rules) = parse::rule_set(v)?;
        Ok(RuleSet {
            version,
            parameters,
            rules,
        })
    }

    /// The rules-language version the rule set declares (`1.0`, `1.1`, …).
    pub fn version(&self) -> &str {
        &self.version
    }

    /// The declared parameters, in declaration order.
    pub fn parameters(&self) -> &[Parameter] {
        &self.parameters
    }

    /// The declared parameter bound to the given built-in (e.g. `AWS::Region`), if any.
    pub fn parameter_for_built_in(&self, built_in: &str) -> Option<&Parameter> {
        self.parameters
            .iter()
            .find(|p| p.built_in.as_deref() == Some(built_in))
    }

    /// The parameters as the AWS CLI logs them before resolving (`Calling endpoint provider with
    /// parameters: {…}` in `--debug` output): a Python dict literal in declaration order, with
    /// parameters that have no value (given or default) left out, e.g.
    /// `{'Region': 'us-west-2', 'UseDualStack': False, 'UseFIPS': False}`.
    pub fn params_python_repr(&self, params: &Params) -> String {
        let mut out = String::from("{");
        let mut first = true;
        for p in &self.parameters {
            let Some(v) = params.get(&p.name).or(p.default.as_ref()) else {
                continue;
            };
            if !first {
                out.push_str(", ");
            }
            first = false;
            awslice_pyfmt::push_str_repr(&mut out, &p.name);
            out.push_str(": ");
            match v {
                Value::String(s) => awslice_pyfmt::push_str_repr(&mut out, s),
                Value::Bool(b) => out.push_str(if *b { "True" } else { "False" }),
                Value::StringArray(items) => out.push_str(&awslice_pyfmt::str_list_repr(items)),
            }
        }
        out.push('}');
        out
    }

    /// Resolves an endpoint: applies defaults, checks required parameters and types, then
    /// evaluates the rules. An error rule's message (templates expanded) is returned as the
    /// [`ResolveError`]'s message.
    pub fn resolve(&self, params: &Params) -> Result<Endpoint, ResolveError> {
        eval::resolve(&self.parameters, &self.rules, params)
    }
}

/// A resolved endpoint.
#[derive(Debug, Clone, PartialEq)]
pub struct Endpoint {
    /// The endpoint URL, e.g. `https://workspaces.us-east-1.amazonaws.com`.
    pub url: String,
    /// Endpoint properties with templates expanded (`authSchemes` with `signingName`,
    /// `signingRegion`, `signingRegionSet`, …).
    pub properties: serde_json::Map<String, serde_json::Value>,
    /// Headers to add to the request.
    pub headers: indexmap::IndexMap<String, Vec<String>>,
}

/// Endpoint resolution failed: either the rule set selected an error rule (the message is that
/// rule's text exactly) or the parameters or rule set did not allow evaluation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolveError {
    /// The error text.
    pub message: String,
}

impl ResolveError {
    pub(crate) fn new(message: impl Into<String>) -> Self {
        ResolveError {
            message: message.into(),
        }
    }
}

impl fmt::Display for ResolveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ResolveError {}

/// A malformed rule set, test suite or model: `path` says where (a JSON path such as
/// `rules[1].conditions[0].argv[0]`), `message` what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// Where in the document the problem is (empty for the document itself).
    pub path: String,
    /// What is wrong.
    pub message: String,
}

impl Error {
    pub(crate) fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
        Error {
            path: path.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "malformed endpoint rule set: {}", self.message)
        } else {
            write!(
                f,
                "malformed endpoint rule set at {}: {}",
                self.path, self.message
            )
        }
    }
}

impl std::error::Error for Error {}
