//! Turning command-line strings into input values: `file://`/`fileb://` parameter files,
//! the AWS CLI's scalar conversions (`int()`, `float()`), JSON for structures, maps and
//! lists, and the `--cli-input-json`/`--cli-input-yaml` documents.

use std::collections::HashMap;
use std::path::PathBuf;

use serde_json::{Map, Value};

use crate::argparse::Parsed;
use crate::schema::{ServiceDef, ShapeIdx, ShapeKind};

/// Why a value could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ValueError {
    /// `Error parsing parameter '<param>': <message>`: a parameter error (exit 252).
    Param(String, String),
    /// A Python exception text such as `invalid literal for int() with base 10: 'abc'`
    /// (exit 255).
    General(String),
}

/// `os.path.expandvars(os.path.expanduser(path))`, with the command's environment.
fn expand_path(path: &str, env: &HashMap<String, String>) -> String {
    let mut p = path.to_owned();
    if (p == "~" || p.starts_with("~/"))
        && let Some(home) = env.get("HOME")
    {
        p = format!("{home}{}", &p[1..]);
    }
    awslice_pyfmt::expandvars(&p, |name| env.get(name))
}

/// Python's text of an `OSError` on `path` (`[Errno 2] No such file or directory: 'x'`).
pub(crate) fn io_error_text(e: &std::io::Error, path: &str) -> String {
    let quoted = awslice_pyfmt::str_repr(path);
    match e.kind() {
        std::io::ErrorKind::NotFound => format!("[Errno 2] No such file or directory: {quoted}"),
        std::io::ErrorKind::PermissionDenied => format!("[Errno 13] Permission denied: {quoted}"),
        std::io::ErrorKind::IsADirectory => format!("[Errno 21] Is a directory: {quoted}"),
        // Python's `OSError` text: `[Errno N] <strerror>: 'path'`. Rust's text of an OS
        // error is `<strerror> (os error N)`, the same strerror.
        _ => match e.raw_os_error() {
            Some(n) => {
                let text = e.to_string();
                let text = text
                    .strip_suffix(&format!(" (os error {n})"))
                    .unwrap_or(&text);
                format!("[Errno {n}] {text}: {quoted}")
            }
            None => format!("{e}: {quoted}"),
        },
    }
}

/// Resolves a `file://` or `fileb://` value to the file's contents; other values are
/// returned unchanged. The error is the AWS CLI's `Unable to load paramfile …` text.
pub fn resolve_paramfile(value: &str, env: &HashMap<String, String>) -> Result<String, String> {
    let (path, binary) = if let Some(p) = value.strip_prefix("file://") {
        (p, false)
    } else if let Some(p) = value.strip_prefix("fileb://") {
        (p, true)
    } else {
        return Ok(value.to_owned());
    };
    let bytes = read_paramfile_bytes(value, path, env)?;
    if binary {
        Ok(String::from_utf8_lossy(&bytes).into_owned())
    } else {
        String::from_utf8(bytes).map_err(|_| {
            format!(
                "Unable to load paramfile {value}: 'utf-8' codec can't decode the file {}",
                awslice_pyfmt::str_repr(&expand_path(path, env))
            )
        })
    }
}

/// The bytes of the file a `file://` or `fileb://` value (`value`) names (`path`, expanded
/// as Python expands it). The error is the AWS CLI's `Unable to load paramfile …` text.
pub fn read_paramfile_bytes(
    value: &str,
    path: &str,
    env: &HashMap<String, String>,
) -> Result<Vec<u8>, String> {
    let expanded = expand_path(path, env);
    std::fs::read(PathBuf::from(&expanded)).map_err(|e| {
        format!(
            "Unable to load paramfile {value}: {}",
            io_error_text(&e, &expanded)
        )
    })
}

/// The bytes of a streaming blob parameter (`@streaming`, such as S3's `--body`), read as the
/// AWS CLI reads one: the value (after `file://`/`fileb://`, like any value) is the path of a
/// file (`os.path.expanduser(os.path.expandvars(value))`); anything that is not a file is the
/// parameter error `Blob values must be a path to a file.` (exit 252), a file that cannot be read
/// Python's `OSError` text (exit 255).
pub fn read_streaming_blob(
    raw: &str,
    env: &HashMap<String, String>,
) -> Result<Vec<u8>, ValueError> {
    let value = resolve_paramfile(raw, env).map_err(|m| ValueError::Param(String::new(), m))?;
    let vars = awslice_pyfmt::expandvars(&value, |name| env.get(name));
    let path = match env.get("HOME") {
        Some(home) if vars == "~" || vars.starts_with("~/") => format!("{home}{}", &vars[1..]),
        _ => vars,
    };
    if !std::path::Path::new(&path).is_file() {
        return Err(ValueError::Param(
            String::new(),
            "Blob values must be a path to a file.".to_owned(),
        ));
    }
    std::fs::read(&path).map_err(|e| ValueError::General(io_error_text(&e, &path)))
}

fn is_scalar(kind: &ShapeKind) -> bool {
    !matches!(
        kind,
        ShapeKind::Structure { .. }
            | ShapeKind::Union { .. }
            | ShapeKind::List { .. }
            | ShapeKind::Map { .. }
            | ShapeKind::Document
    )
}

fn parse_json(param: &str, text: &str) -> Result<Value, ValueError> {
    serde_json::from_str(text).map_err(|e| {
        ValueError::Param(
            param.to_owned(),
            format!("Invalid JSON: {e}\nJSON received: {text}"),
        )
    })
}

/// Converts one scalar string by the shape's type.
fn scalar(svc: &ServiceDef, shape: ShapeIdx, text: &str) -> Result<Value, ValueError> {
    let kind = svc.shapes.get(shape).map(|s| &s.kind);
    Ok(match kind {
        Some(ShapeKind::Integer { .. } | ShapeKind::IntEnum { .. } | ShapeKind::BigInteger) => {
            let digits = awslice_pyfmt::parse_int(text).map_err(ValueError::General)?;
            serde_json::from_str(&digits).map_err(|e| ValueError::General(e.to_string()))?
        }
        Some(ShapeKind::Float { .. } | ShapeKind::BigDecimal) => awslice_pyfmt::float_number(
            awslice_pyfmt::parse_float(text).map_err(ValueError::General)?,
        ),
        Some(ShapeKind::Boolean) => {
            Value::Bool(!(text.eq_ignore_ascii_case("false") || text.is_empty()))
        }
        _ => Value::String(text.to_owned()),
    })
}

fn complex(
    svc: &ServiceDef,
    shape: ShapeIdx,
    param: &str,
    text: &str,
) -> Result<Value, ValueError> {
    if text.trim_start().starts_with(['{', '['])
        || matches!(
            svc.shapes.get(shape).map(|s| &s.kind),
            Some(ShapeKind::Document)
        )
    {
        return parse_json(param, text);
    }
    Err(ValueError::Param(
        param.to_owned(),
        "Expected a JSON value: shorthand syntax is not supported yet, pass JSON (for example '{\"Key\": \"Value\"}')".to_owned(),
    ))
}

/// Converts a parsed command-line value for a parameter whose member targets `shape`.
/// `param` is the option string (`--image-id`) for messages.
pub fn convert(
    svc: &ServiceDef,
    shape: ShapeIdx,
    param: &str,
    parsed: &Parsed,
    env: &HashMap<String, String>,
) -> Result<Value, ValueError> {
    let file =
        |v: &str| resolve_paramfile(v, env).map_err(|m| ValueError::Param(param.to_owned(), m));
    let kind = svc.shapes.get(shape).map(|s| &s.kind);
    match parsed {
        Parsed::Bool(b) => Ok(Value::Bool(*b)),
        Parsed::Str(raw) => {
            let text = file(raw)?;
            match kind {
                Some(k) if is_scalar(k) => scalar(svc, shape, &text),
                _ => complex(svc, shape, param, &text),
            }
        }
        Parsed::List(raws) => {
            let texts = raws
                .iter()
                .map(|r| file(r))
                .collect::<Result<Vec<_>, _>>()?;
            let Some(ShapeKind::List { member, .. }) = kind else {
                // nargs='+' is only used for lists; be lenient with anything else.
                return complex(svc, shape, param, &texts.join(" "));
            };
            if texts.len() == 1 && texts[0].trim_start().starts_with('[') {
                return parse_json(param, &texts[0]);
            }
            let member_scalar = svc.shapes.get(*member).is_some_and(|s| is_scalar(&s.kind));
            let mut items = Vec::with_capacity(texts.len());
            for t in &texts {
                items.push(if member_scalar {
                    scalar(svc, *member, t)?
                } else {
                    complex(svc, *member, param, t)?
                });
            }
            Ok(Value::Array(items))
        }
    }
}

/// Which `--cli-input-*` document was given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    /// `--cli-input-json`.
    Json,
    /// `--cli-input-yaml`.
    Yaml,
}

impl InputKind {
    fn name(self) -> &'static str {
        match self {
            InputKind::Json => "cli-input-json",
            InputKind::Yaml => "cli-input-yaml",
        }
    }
}

/// Loads a `--cli-input-json`/`--cli-input-yaml` document (inline, `file://`, `fileb://`)
/// into an object. Errors are the full AWS CLI messages (exit 252).
pub fn load_input_document(
    kind: InputKind,
    raw: &str,
    env: &HashMap<String, String>,
) -> Result<Map<String, Value>, String> {
    let text = resolve_paramfile(raw, env)
        .map_err(|m| format!("Error parsing parameter '--{}': {m}", kind.name()))?;
    let value = match kind {
        InputKind::Json => serde_json::from_str::<Value>(&text).map_err(|_| {
            format!(
                "Error parsing parameter '{}': Invalid JSON received.",
                kind.name()
            )
        })?,
        InputKind::Yaml => crate::backends::load_yaml(&text).map_err(|_| {
            format!(
                "Error parsing parameter '{}': Invalid YAML received.",
                kind.name()
            )
        })?,
    };
    match value {
        Value::Object(map) => Ok(map),
        other => Err(format!(
            "Error parsing parameter '--{}': Invalid type: expecting map, received <class '{}'>",
            kind.name(),
            awslice_pyfmt::type_name(&other)
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_expand_like_python() {
        let env: HashMap<String, String> = [("HOME", "/h"), ("X", "x1")]
            .into_iter()
            .map(|(a, b)| (a.to_owned(), b.to_owned()))
            .collect();
        assert_eq!(expand_path("~/a/$X/${X}/$NOPE", &env), "/h/a/x1/x1/$NOPE");
    }

    #[test]
    fn missing_paramfile_message() {
        let err = resolve_paramfile("file://nope.json", &HashMap::new()).unwrap_err();
        assert_eq!(
            err,
            "Unable to load paramfile file://nope.json: [Errno 2] No such file or directory: 'nope.json'"
        );
    }
}
