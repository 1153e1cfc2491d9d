//! Evaluating a parsed rule set against parameter values.

use serde_json::Value as Json;

use crate::parse::{Expr, Func, Part, PathSeg, Rule, RuleKind};
use crate::{Endpoint, Parameter, Params, ResolveError, aws, partitions, stdlib};

/// Names in scope: the parameters first, then the names conditions assigned, innermost last.
/// A rule's assignments are dropped when evaluation leaves the rule.
struct Scope {
    vars: Vec<(String, Option<Json>)>,
}

impl Scope {
    fn get(&self, name: &str) -> Result<Option<&Json>, ResolveError> {
        self.vars
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_ref())
            .ok_or_else(|| ResolveError::new(format!("reference to undefined name `{name}`")))
    }
}

/// Applies defaults, checks required parameters and types, then evaluates the rules.
pub(crate) fn resolve(
    parameters: &[Parameter],
    rules: &[Rule],
    params: &Params,
) -> Result<Endpoint, ResolveError> {
    let mut vars = Vec::with_capacity(parameters.len() + 4);
    for p in parameters {
        let value = match params.get(&p.name) {
            Some(v) if v.param_type() != p.param_type => {
                return Err(ResolveError::new(format!(
                    "endpoint parameter `{}` must be of type {}, got {}",
                    p.name,
                    p.param_type,
                    v.param_type()
                )));
            }
            Some(v) => Some(v.clone()),
            None => p.default.clone(),
        };
        if p.required && value.is_none() {
            return Err(ResolveError::new(format!(
                "missing required endpoint parameter `{}`",
                p.name
            )));
        }
        vars.push((p.name.clone(), value.map(|v| v.to_json())));
    }
    let mut scope = Scope { vars };
    match rules_in(rules, &mut scope)? {
        Some(e) => Ok(e),
        None => Err(ResolveError::new(
            "no endpoint rule matched the endpoint parameters",
        )),
    }
}

/// Evaluates rules in order; `Ok(None)` when none matched.
fn rules_in(rules: &[Rule], scope: &mut Scope) -> Result<Option<Endpoint>, ResolveError> {
    for rule in rules {
        let mark = scope.vars.len();
        let result = rule_eval(rule, scope);
        scope.vars.truncate(mark);
        if let Some(e) = result? {
            return Ok(Some(e));
        }
    }
    Ok(None)
}

fn rule_eval(rule: &Rule, scope: &mut Scope) -> Result<Option<Endpoint>, ResolveError> {
    for c in &rule.conditions {
        let v = eval(&c.expr, scope)?;
        match v {
            None | Some(Json::Bool(false)) => return Ok(None),
            Some(v) => {
                if let Some(name) = &c.assign {
                    scope.vars.push((name.clone(), Some(v)));
                }
            }
        }
    }
    match &rule.kind {
        RuleKind::Endpoint(e) => {
            let url = eval_string(&e.url, scope, &format!("the endpoint url at {}", rule.path))?;
            let mut properties = serde_json::Map::new();
            for (k, v) in &e.properties {
                let value = eval(v, scope)?.ok_or_else(|| {
                    ResolveError::new(format!(
                        "endpoint property `{k}` at {} has no value",
                        rule.path
                    ))
                })?;
                properties.insert(k.clone(), value);
            }
            let mut headers = indexmap::IndexMap::new();
            for (k, values) in &e.headers {
                let mut out = Vec::with_capacity(values.len());
                for v in values {
                    out.push(eval_string(
                        v,
                        scope,
                        &format!("endpoint header `{k}` at {}", rule.path),
                    )?);
                }
                headers.insert(k.clone(), out);
            }
            Ok(Some(Endpoint {
                url,
                properties,
                headers,
            }))
        }
        RuleKind::Error(msg) => Err(ResolveError::new(eval_string(
            msg,
            scope,
            &format!("the error message at {}", rule.path),
        )?)),
        // The specification calls tree rules terminal, but the AWS rule sets (S3, S3 Control)
        // rely on falling through to the tree's next sibling when no sub-rule matched, and the
        // AWS CLI (botocore) and the generated Rust SDK behave that way: so do we.
        RuleKind::Tree(rules) => rules_in(rules, scope),
    }
}

fn eval_string(e: &Expr, scope: &Scope, what: &str) -> Result<String, ResolveError> {
    match eval(e, scope)? {
        Some(Json::String(s)) => Ok(s),
        Some(other) => Err(ResolveError::new(format!(
            "{what} must be a string, got {other}"
        ))),
        None => Err(ResolveError::new(format!("{what} has no value"))),
    }
}

/// Evaluates an expression; `Ok(None)` is "no value" (an unset optional).
fn eval(e: &Expr, scope: &Scope) -> Result<Option<Json>, ResolveError> {
    Ok(match e {
        Expr::Lit(v) => Some(v.clone()),
        Expr::Ref(name) => scope.get(name)?.cloned(),
        Expr::Template(parts) => {
            let mut out = String::new();
            for p in parts {
                match p {
                    Part::Lit(s) => out.push_str(s),
                    Part::Expr(e) => {
                        out.push_str(&eval_string(e, scope, &placeholder_name(e))?);
                    }
                }
            }
            Some(Json::String(out))
        }
        Expr::GetAttr(target, path) => eval(target, scope)?.and_then(|v| get_attr(&v, path)),
        Expr::Array(items) => {
            let mut out = Vec::with_capacity(items.len());
            for i in items {
                out.push(
                    eval(i, scope)?
                        .ok_or_else(|| ResolveError::new("array element has no value"))?,
                );
            }
            Some(Json::Array(out))
        }
        Expr::Record(fields) => {
            let mut out = serde_json::Map::new();
            for (k, v) in fields {
                let value = eval(v, scope)?
                    .ok_or_else(|| ResolveError::new(format!("field `{k}` has no value")))?;
                out.insert(k.clone(), value);
            }
            Some(Json::Object(out))
        }
        Expr::Call(func, args) => call(*func, args, scope)?,
    })
}

/// How a template placeholder is named in errors: `the template placeholder `{P#a.b[0]}``.
fn placeholder_name(e: &Expr) -> String {
    let text = match e {
        Expr::Ref(name) => name.clone(),
        Expr::GetAttr(target, path) => {
            let base = match target.as_ref() {
                Expr::Ref(name) => name.as_str(),
                _ => "?",
            };
            let mut p = String::new();
            for seg in path {
                match seg {
                    PathSeg::Key(k) => {
                        if !p.is_empty() {
                            p.push('.');
                        }
                        p.push_str(k);
                    }
                    PathSeg::Index(i) => p.push_str(&format!("[{i}]")),
                }
            }
            format!("{base}#{p}")
        }
        _ => "?".to_owned(),
    };
    format!("the template placeholder `{{{text}}}`")
}

/// Follows a `getAttr` path; a missing key, an index out of range or a type mismatch is "no value".
fn get_attr(v: &Json, path: &[PathSeg]) -> Option<Json> {
    let mut cur = v;
    for seg in path {
        cur = match seg {
            PathSeg::Key(k) => cur.as_object()?.get(k)?,
            PathSeg::Index(i) => cur.as_array()?.get(*i)?,
        };
    }
    Some(cur.clone())
}

fn func_name(f: Func) -> &'static str {
    match f {
        Func::IsSet => "isSet",
        Func::Not => "not",
        Func::BooleanEquals => "booleanEquals",
        Func::StringEquals => "stringEquals",
        Func::Substring => "substring",
        Func::IsValidHostLabel => "isValidHostLabel",
        Func::ParseUrl => "parseURL",
        Func::UriEncode => "uriEncode",
        Func::Coalesce => "coalesce",
        Func::Ite => "ite",
        Func::Split => "split",
        Func::AwsPartition => "aws.partition",
        Func::AwsParseArn => "aws.parseArn",
        Func::AwsIsVirtualHostableS3Bucket => "aws.isVirtualHostableS3Bucket",
    }
}

/// Typed access to evaluated arguments, with errors naming the function and argument.
struct Args {
    func: Func,
    values: Vec<Json>,
}

impl Args {
    fn err(&self, i: usize, want: &str) -> ResolveError {
        ResolveError::new(format!(
            "argument {} of {} must be {want}, got {}",
            i + 1,
            func_name(self.func),
            self.values[i]
        ))
    }
    fn str(&self, i: usize) -> Result<&str, ResolveError> {
        self.values[i]
            .as_str()
            .ok_or_else(|| self.err(i, "a string"))
    }
    fn bool(&self, i: usize) -> Result<bool, ResolveError> {
        self.values[i]
            .as_bool()
            .ok_or_else(|| self.err(i, "a boolean"))
    }
    fn int(&self, i: usize) -> Result<i64, ResolveError> {
        self.values[i]
            .as_i64()
            .ok_or_else(|| self.err(i, "an integer"))
    }
}

fn call(func: Func, args: &[Expr], scope: &Scope) -> Result<Option<Json>, ResolveError> {
    // Functions that look at optional values themselves.
    match func {
        Func::IsSet => return Ok(Some(Json::Bool(eval(&args[0], scope)?.is_some()))),
        Func::Coalesce => {
            for a in args {
                if let Some(v) = eval(a, scope)? {
                    return Ok(Some(v));
                }
            }
            return Ok(None);
        }
        Func::Ite => {
            return match eval(&args[0], scope)? {
                Some(Json::Bool(true)) => eval(&args[1], scope),
                Some(Json::Bool(false)) => eval(&args[2], scope),
                Some(other) => Err(ResolveError::new(format!(
                    "argument 1 of ite must be a boolean, got {other}"
                ))),
                None => Ok(None),
            };
        }
        _ => {}
    }
    // The rest take values: any argument without a value makes the result "no value".
    let mut values = Vec::with_capacity(args.len());
    for a in args {
        match eval(a, scope)? {
            Some(v) => values.push(v),
            None => return Ok(None),
        }
    }
    let a = Args { func, values };
    Ok(match func {
        Func::Not => Some(Json::Bool(!a.bool(0)?)),
        Func::BooleanEquals => Some(Json::Bool(a.bool(0)? == a.bool(1)?)),
        Func::StringEquals => Some(Json::Bool(a.str(0)? == a.str(1)?)),
        Func::Substring => {
            stdlib::substring(a.str(0)?, a.int(1)?, a.int(2)?, a.bool(3)?).map(Json::String)
        }
        Func::IsValidHostLabel => Some(Json::Bool(stdlib::is_valid_host_label(
            a.str(0)?,
            a.bool(1)?,
        ))),
        Func::ParseUrl => stdlib::parse_url(a.str(0)?).map(|u| u.to_json()),
        Func::UriEncode => Some(Json::String(stdlib::uri_encode(a.str(0)?))),
        Func::Split => stdlib::split(a.str(0)?, a.str(1)?, a.int(2)?)
            .map(|parts| Json::Array(parts.into_iter().map(Json::String).collect())),
        Func::AwsPartition => Some(partitions::partition_for_region(a.str(0)?).to_json()),
        Func::AwsParseArn => aws::parse_arn(a.str(0)?),
        Func::AwsIsVirtualHostableS3Bucket => Some(Json::Bool(aws::is_virtual_hostable_s3_bucket(
            a.str(0)?,
            a.bool(1)?,
        ))),
        Func::IsSet | Func::Coalesce | Func::Ite => None,
    })
}
