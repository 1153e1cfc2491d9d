//! Reading a rule set's JSON form into the expression tree the evaluator walks.
//!
//! Every problem is reported with the JSON path where it was found.

use serde_json::Value as Json;

use crate::{Error, ParamType, Parameter, Value};

/// A rule: its conditions and what it yields when they all hold.
#[derive(Debug, Clone)]
pub(crate) struct Rule {
    pub conditions: Vec<Condition>,
    pub kind: RuleKind,
    /// Where the rule is in the document, for diagnostics.
    pub path: String,
}

/// What a rule yields.
#[derive(Debug, Clone)]
pub(crate) enum RuleKind {
    Endpoint(EndpointExpr),
    Error(Expr),
    Tree(Vec<Rule>),
}

/// The `endpoint` object of an endpoint rule.
#[derive(Debug, Clone)]
pub(crate) struct EndpointExpr {
    pub url: Expr,
    pub properties: Vec<(String, Expr)>,
    pub headers: Vec<(String, Vec<Expr>)>,
}

/// A condition: a function call whose result, when present and not `false`, may be bound to a
/// name for the rest of the rule.
#[derive(Debug, Clone)]
pub(crate) struct Condition {
    pub expr: Expr,
    pub assign: Option<String>,
}

/// One segment of a `getAttr` path.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum PathSeg {
    Key(String),
    Index(usize),
}

/// A piece of a template string.
#[derive(Debug, Clone)]
pub(crate) enum Part {
    Lit(String),
    Expr(Expr),
}

/// The functions the engine knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Func {
    IsSet,
    Not,
    BooleanEquals,
    StringEquals,
    Substring,
    IsValidHostLabel,
    ParseUrl,
    UriEncode,
    Coalesce,
    Ite,
    Split,
    AwsPartition,
    AwsParseArn,
    AwsIsVirtualHostableS3Bucket,
}

impl Func {
    fn lookup(name: &str) -> Option<(Func, usize, bool)> {
        // (function, argument count, whether more arguments are allowed)
        Some(match name {
            "isSet" => (Func::IsSet, 1, false),
            "not" => (Func::Not, 1, false),
            "booleanEquals" => (Func::BooleanEquals, 2, false),
            "stringEquals" => (Func::StringEquals, 2, false),
            "substring" => (Func::Substring, 4, false),
            "isValidHostLabel" => (Func::IsValidHostLabel, 2, false),
            "parseURL" => (Func::ParseUrl, 1, false),
            "uriEncode" => (Func::UriEncode, 1, false),
            "coalesce" => (Func::Coalesce, 2, true),
            "ite" => (Func::Ite, 3, false),
            "split" => (Func::Split, 3, false),
            "aws.partition" => (Func::AwsPartition, 1, false),
            "aws.parseArn" => (Func::AwsParseArn, 1, false),
            "aws.isVirtualHostableS3Bucket" => (Func::AwsIsVirtualHostableS3Bucket, 2, false),
            _ => return None,
        })
    }
}

/// An expression.
#[derive(Debug, Clone)]
pub(crate) enum Expr {
    /// A boolean, number or plain string literal.
    Lit(Json),
    /// A string with `{name}` / `{name#path}` placeholders.
    Template(Vec<Part>),
    /// A parameter or an assigned name.
    Ref(String),
    /// `getAttr(target, "path")`.
    GetAttr(Box<Expr>, Vec<PathSeg>),
    /// A call of any other function.
    Call(Func, Vec<Expr>),
    /// An array literal.
    Array(Vec<Expr>),
    /// An object literal (properties, records in arguments).
    Record(Vec<(String, Expr)>),
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

fn obj<'a>(v: &'a Json, path: &str) -> Result<&'a serde_json::Map<String, Json>, Error> {
    v.as_object()
        .ok_or_else(|| Error::new(path, "expected an object"))
}

fn arr<'a>(v: &'a Json, path: &str) -> Result<&'a Vec<Json>, Error> {
    v.as_array()
        .ok_or_else(|| Error::new(path, "expected an array"))
}

fn string<'a>(v: &'a Json, path: &str) -> Result<&'a str, Error> {
    v.as_str()
        .ok_or_else(|| Error::new(path, "expected a string"))
}

/// Parses a whole rule set: version, parameters and rules.
pub(crate) fn rule_set(v: &Json) -> Result<(String, Vec<Parameter>, Vec<Rule>), Error> {
    let o = obj(v, "")?;
    let version = string(
        o.get("version")
            .ok_or_else(|| Error::new("version", "missing"))?,
        "version",
    )?;
    if !version.starts_with("1.") {
        return Err(Error::new(
            "version",
            format!("unsupported rules-language version {version:?}"),
        ));
    }
    let mut parameters = Vec::new();
    if let Some(ps) = o.get("parameters") {
        for (name, p) in obj(ps, "parameters")? {
            parameters.push(parameter(name, p, &format!("parameters.{name}"))?);
        }
    }
    let rules_json = o
        .get("rules")
        .ok_or_else(|| Error::new("rules", "missing"))?;
    let rules = rule_list(rules_json, "rules")?;
    Ok((version.to_owned(), parameters, rules))
}

fn param_type(s: &str, path: &str) -> Result<ParamType, Error> {
    // The rules language spells these in lower camel case; older models capitalise them.
    match s.to_ascii_lowercase().as_str() {
        "string" => Ok(ParamType::String),
        "boolean" => Ok(ParamType::Boolean),
        "stringarray" => Ok(ParamType::StringArray),
        _ => Err(Error::new(path, format!("unknown parameter type {s:?}"))),
    }
}

/// Converts a JSON value to a parameter value of the given type.
pub(crate) fn param_value(v: &Json, t: ParamType) -> Option<Value> {
    match (t, v) {
        (ParamType::String, Json::String(s)) => Some(Value::String(s.clone())),
        (ParamType::Boolean, Json::Bool(b)) => Some(Value::Bool(*b)),
        (ParamType::StringArray, Json::Array(items)) => items
            .iter()
            .map(|i| i.as_str().map(str::to_owned))
            .collect::<Option<Vec<_>>>()
            .map(Value::StringArray),
        _ => None,
    }
}

fn parameter(name: &str, v: &Json, path: &str) -> Result<Parameter, Error> {
    let o = obj(v, path)?;
    let t = string(
        o.get("type")
            .ok_or_else(|| Error::new(join(path, "type"), "missing"))?,
        &join(path, "type"),
    )?;
    let param_type = param_type(t, &join(path, "type"))?;
    let built_in = match o.get("builtIn") {
        Some(b) => Some(string(b, &join(path, "builtIn"))?.to_owned()),
        None => None,
    };
    let default = match o.get("default") {
        Some(d) => Some(param_value(d, param_type).ok_or_else(|| {
            Error::new(
                join(path, "default"),
                format!("default does not have the parameter's type {param_type}"),
            )
        })?),
        None => None,
    };
    let required = match o.get("required") {
        Some(r) => r
            .as_bool()
            .ok_or_else(|| Error::new(join(path, "required"), "expected a boolean"))?,
        None => false,
    };
    let documentation = o
        .get("documentation")
        .and_then(Json::as_str)
        .map(str::to_owned);
    Ok(Parameter {
        name: name.to_owned(),
        param_type,
        built_in,
        default,
        required,
        documentation,
        deprecated: o.contains_key("deprecated"),
    })
}

fn rule_list(v: &Json, path: &str) -> Result<Vec<Rule>, Error> {
    arr(v, path)?
        .iter()
        .enumerate()
        .map(|(i, r)| rule(r, &format!("{path}[{i}]")))
        .collect()
}

fn rule(v: &Json, path: &str) -> Result<Rule, Error> {
    let o = obj(v, path)?;
    let cpath = join(path, "conditions");
    let conditions = match o.get("conditions") {
        Some(c) => arr(c, &cpath)?
            .iter()
            .enumerate()
            .map(|(i, c)| condition(c, &format!("{cpath}[{i}]")))
            .collect::<Result<Vec<_>, _>>()?,
        None => Vec::new(),
    };
    let tpath = join(path, "type");
    let t = string(
        o.get("type").ok_or_else(|| Error::new(&tpath, "missing"))?,
        &tpath,
    )?;
    let need = |key: &str| {
        o.get(key)
            .ok_or_else(|| Error::new(join(path, key), "missing"))
    };
    let kind = match t {
        "endpoint" => RuleKind::Endpoint(endpoint(need("endpoint")?, &join(path, "endpoint"))?),
        "error" => RuleKind::Error(expr(need("error")?, &join(path, "error"))?),
        "tree" => RuleKind::Tree(rule_list(need("rules")?, &join(path, "rules"))?),
        other => return Err(Error::new(tpath, format!("unknown rule type {other:?}"))),
    };
    Ok(Rule {
        conditions,
        kind,
        path: path.to_owned(),
    })
}

fn condition(v: &Json, path: &str) -> Result<Condition, Error> {
    let o = obj(v, path)?;
    if !o.contains_key("fn") {
        return Err(Error::new(path, "a condition must be a function call"));
    }
    let expr = expr(v, path)?;
    let assign = match o.get("assign") {
        Some(a) => {
            let name = string(a, &join(path, "assign"))?;
            if name.is_empty() {
                return Err(Error::new(join(path, "assign"), "empty name"));
            }
            Some(name.to_owned())
        }
        None => None,
    };
    Ok(Condition { expr, assign })
}

fn endpoint(v: &Json, path: &str) -> Result<EndpointExpr, Error> {
    let o = obj(v, path)?;
    let url = expr(
        o.get("url")
            .ok_or_else(|| Error::new(join(path, "url"), "missing"))?,
        &join(path, "url"),
    )?;
    let mut properties = Vec::new();
    if let Some(p) = o.get("properties") {
        let ppath = join(path, "properties");
        for (k, v) in obj(p, &ppath)? {
            properties.push((k.clone(), literal(v, &join(&ppath, k))?));
        }
    }
    let mut headers = Vec::new();
    if let Some(h) = o.get("headers") {
        let hpath = join(path, "headers");
        for (k, v) in obj(h, &hpath)? {
            let vpath = join(&hpath, k);
            let values = arr(v, &vpath)?
                .iter()
                .enumerate()
                .map(|(i, e)| expr(e, &format!("{vpath}[{i}]")))
                .collect::<Result<Vec<_>, _>>()?;
            headers.push((k.clone(), values));
        }
    }
    Ok(EndpointExpr {
        url,
        properties,
        headers,
    })
}

/// A property value: strings are templates, objects are records (never references or calls).
fn literal(v: &Json, path: &str) -> Result<Expr, Error> {
    Ok(match v {
        Json::String(s) => template(s, path)?,
        Json::Array(items) => Expr::Array(
            items
                .iter()
                .enumerate()
                .map(|(i, e)| literal(e, &format!("{path}[{i}]")))
                .collect::<Result<_, _>>()?,
        ),
        Json::Object(o) => Expr::Record(
            o.iter()
                .map(|(k, e)| Ok((k.clone(), literal(e, &join(path, k))?)))
                .collect::<Result<_, Error>>()?,
        ),
        Json::Null => return Err(Error::new(path, "null is not a valid value")),
        other => Expr::Lit(other.clone()),
    })
}

/// An expression: a literal, a template string, `{"ref": …}` or `{"fn": …, "argv": […]}`.
pub(crate) fn expr(v: &Json, path: &str) -> Result<Expr, Error> {
    let o = match v {
        Json::Object(o) => o,
        Json::String(s) => return template(s, path),
        Json::Array(items) => {
            return Ok(Expr::Array(
                items
                    .iter()
                    .enumerate()
                    .map(|(i, e)| expr(e, &format!("{path}[{i}]")))
                    .collect::<Result<_, _>>()?,
            ));
        }
        Json::Null => return Err(Error::new(path, "null is not a valid expression")),
        other => return Ok(Expr::Lit(other.clone())),
    };
    if let Some(r) = o.get("ref") {
        let name = string(r, &join(path, "ref"))?;
        return Ok(Expr::Ref(name.to_owned()));
    }
    let Some(f) = o.get("fn") else {
        return literal(v, path);
    };
    let name = string(f, &join(path, "fn"))?;
    let apath = join(path, "argv");
    let argv = arr(
        o.get("argv").ok_or_else(|| Error::new(&apath, "missing"))?,
        &apath,
    )?;
    if name == "getAttr" {
        if argv.len() != 2 {
            return Err(Error::new(apath, "getAttr takes 2 arguments"));
        }
        let target = expr(&argv[0], &format!("{apath}[0]"))?;
        let ppath = format!("{apath}[1]");
        let p = string(&argv[1], &ppath)?;
        return Ok(Expr::GetAttr(Box::new(target), attr_path(p, &ppath)?));
    }
    let (func, arity, variadic) = Func::lookup(name)
        .ok_or_else(|| Error::new(join(path, "fn"), format!("unknown function {name:?}")))?;
    if argv.len() < arity || (!variadic && argv.len() > arity) {
        return Err(Error::new(
            apath,
            format!(
                "{name} takes {}{arity} argument(s), got {}",
                if variadic { "at least " } else { "" },
                argv.len()
            ),
        ));
    }
    let args = argv
        .iter()
        .enumerate()
        .map(|(i, a)| expr(a, &format!("{apath}[{i}]")))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Expr::Call(func, args))
}

/// Parses a `getAttr` path such as `a.b[2]` (keys separated by dots, an index in brackets).
pub(crate) fn attr_path(p: &str, path: &str) -> Result<Vec<PathSeg>, Error> {
    let bad = || Error::new(path, format!("invalid getAttr path {p:?}"));
    let mut segs = Vec::new();
    for part in p.split('.') {
        match part.find('[') {
            Some(open) => {
                let (key, rest) = part.split_at(open);
                if !key.is_empty() {
                    segs.push(PathSeg::Key(key.to_owned()));
                }
                let digits = rest
                    .strip_prefix('[')
                    .and_then(|r| r.strip_suffix(']'))
                    .ok_or_else(bad)?;
                if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(bad());
                }
                segs.push(PathSeg::Index(digits.parse().map_err(|_| bad())?));
            }
            None if part.is_empty() => return Err(bad()),
            None => segs.push(PathSeg::Key(part.to_owned())),
        }
    }
    Ok(segs)
}

/// Parses a template string: `{name}` references, `{name#path}` attribute reads, `{{` and `}}`
/// for literal braces. A string without placeholders is a plain literal.
pub(crate) fn template(s: &str, path: &str) -> Result<Expr, Error> {
    let mut parts = Vec::new();
    let mut lit = String::new();
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '{' if chars.peek().map(|&(_, n)| n) == Some('{') => {
                chars.next();
                lit.push('{');
            }
            '}' if chars.peek().map(|&(_, n)| n) == Some('}') => {
                chars.next();
                lit.push('}');
            }
            '{' => {
                let start = i + 1;
                let end = s[start..]
                    .find('}')
                    .map(|e| start + e)
                    .ok_or_else(|| Error::new(path, format!("unclosed '{{' in template {s:?}")))?;
                let inner = &s[start..end];
                if inner.is_empty() || inner.contains('{') {
                    return Err(Error::new(
                        path,
                        format!("invalid placeholder in template {s:?}"),
                    ));
                }
                if !lit.is_empty() {
                    parts.push(Part::Lit(std::mem::take(&mut lit)));
                }
                let e = match inner.split_once('#') {
                    Some((name, attr)) => {
                        Expr::GetAttr(Box::new(Expr::Ref(name.to_owned())), attr_path(attr, path)?)
                    }
                    None => Expr::Ref(inner.to_owned()),
                };
                parts.push(Part::Expr(e));
                while chars.peek().is_some_and(|&(j, _)| j <= end) {
                    chars.next();
                }
            }
            '}' => {
                return Err(Error::new(
                    path,
                    format!("unmatched '}}' in template {s:?}"),
                ));
            }
            c => lit.push(c),
        }
    }
    if parts.is_empty() {
        return Ok(Expr::Lit(Json::String(lit)));
    }
    if !lit.is_empty() {
        parts.push(Part::Lit(lit));
    }
    Ok(Expr::Template(parts))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(e: &Expr) -> Vec<String> {
        match e {
            Expr::Template(ps) => ps
                .iter()
                .map(|p| match p {
                    Part::Lit(s) => format!("lit:{s}"),
                    Part::Expr(Expr::Ref(r)) => format!("ref:{r}"),
                    Part::Expr(Expr::GetAttr(t, path)) => format!("attr:{t:?}:{path:?}"),
                    Part::Expr(other) => format!("{other:?}"),
                })
                .collect(),
            Expr::Lit(Json::String(s)) => vec![format!("plain:{s}")],
            other => vec![format!("{other:?}")],
        }
    }

    #[test]
    fn templates_split_into_parts() {
        let t = template("https://{Region}.x/{P#a.b[1]}", "p").unwrap();
        assert_eq!(
            parts(&t),
            vec![
                "lit:https://".to_owned(),
                "ref:Region".to_owned(),
                "lit:.x/".to_owned(),
                "attr:Ref(\"P\"):[Key(\"a\"), Key(\"b\"), Index(1)]".to_owned()
            ]
        );
    }

    #[test]
    fn template_escapes_are_literal_braces() {
        let t = template("{{not}} {R} }}{{", "p").unwrap();
        assert_eq!(
            parts(&t),
            vec![
                "lit:{not} ".to_owned(),
                "ref:R".to_owned(),
                "lit: }{".to_owned()
            ]
        );
        assert_eq!(parts(&template("a{{b}}", "p").unwrap()), vec!["plain:a{b}"]);
    }

    #[test]
    fn bad_templates_are_errors_with_path() {
        for bad in ["{unclosed", "x}y", "{}", "{a#}"] {
            let e = template(bad, "rules[0].error").unwrap_err();
            assert_eq!(e.path, "rules[0].error", "{bad}");
        }
    }

    #[test]
    fn attr_paths() {
        assert_eq!(
            attr_path("resourceId[2]", "p").unwrap(),
            vec![PathSeg::Key("resourceId".into()), PathSeg::Index(2)]
        );
        assert_eq!(attr_path("[0]", "p").unwrap(), vec![PathSeg::Index(0)]);
        assert_eq!(
            attr_path("a.b", "p").unwrap(),
            vec![PathSeg::Key("a".into()), PathSeg::Key("b".into())]
        );
        for bad in ["a..b", "a[x]", "a[1", "a[]", ""] {
            assert!(attr_path(bad, "p").is_err(), "{bad}");
        }
    }
}
