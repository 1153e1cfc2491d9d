//! The `Syntax:` and `JSON Syntax:` examples the AWS CLI prints after a non-scalar
//! option: a sample value built from the shape, indented two spaces per level.

use crate::schema::{ServiceDef, ShapeIdx, ShapeKind};

/// Whether the AWS CLI treats the shape's type as a scalar (`SCALAR_TYPES`).
pub fn is_scalar(svc: &ServiceDef, shape: ShapeIdx) -> bool {
    matches!(
        svc.shapes.get(shape).map(|s| &s.kind),
        Some(
            ShapeKind::String { .. }
                | ShapeKind::Boolean
                | ShapeKind::Integer { .. }
                | ShapeKind::IntEnum { .. }
                | ShapeKind::Float { .. }
                | ShapeKind::Blob { .. }
                | ShapeKind::Timestamp { .. }
        )
    )
}

/// The sample value of a scalar: `"string"`, `"A"|"B"` for an enum, `true|false`, or the
/// type name.
pub fn value_name(svc: &ServiceDef, shape: ShapeIdx, with_enum: bool) -> String {
    match svc.shapes.get(shape).map(|s| &s.kind) {
        Some(ShapeKind::String { enum_values, .. }) if with_enum && !enum_values.is_empty() => {
            enum_values
                .iter()
                .map(|v| format!("\"{v}\""))
                .collect::<Vec<_>>()
                .join("|")
        }
        Some(ShapeKind::String { .. }) => "\"string\"".to_owned(),
        Some(ShapeKind::Boolean) => "true|false".to_owned(),
        _ => super::type_name(svc, shape).to_owned(),
    }
}

/// Text with the AWS CLI's indentation rules: `new_line` starts a line at the current
/// indent (two spaces per level).
struct Writer {
    out: String,
    level: usize,
}

impl Writer {
    fn new_line(&mut self) {
        self.out.push('\n');
        self.out.push_str(&"  ".repeat(self.level));
    }
}

/// The `JSON Syntax:` sample of a shape, as lines.
pub fn json_example(svc: &ServiceDef, shape: ShapeIdx) -> Vec<String> {
    let mut w = Writer {
        out: String::new(),
        level: 0,
    };
    let mut stack = Vec::new();
    example(svc, shape, &mut w, &mut stack);
    w.out.lines().map(str::to_owned).collect()
}

fn example(svc: &ServiceDef, shape: ShapeIdx, w: &mut Writer, stack: &mut Vec<ShapeIdx>) {
    // A recursive shape is shown once more, then elided.
    if stack.iter().filter(|&&s| s == shape).count() > 1 {
        if matches!(
            svc.shapes.get(shape).map(|s| &s.kind),
            Some(ShapeKind::Structure { .. } | ShapeKind::Union { .. })
        ) {
            w.out.push_str("{ ... recursive ... }");
        }
        return;
    }
    stack.push(shape);
    match svc.shapes.get(shape).map(|s| &s.kind) {
        Some(ShapeKind::List { member, .. }) => {
            w.out.push('[');
            if is_scalar(svc, *member) {
                w.out.push_str(&value_name(svc, *member, true));
                w.out.push_str(", ...");
            } else {
                w.level += 1;
                w.new_line();
                example(svc, *member, w, stack);
                w.new_line();
                w.out.push_str("...");
                w.level -= 1;
                w.new_line();
            }
            w.out.push(']');
        }
        Some(ShapeKind::Map { key, value, .. }) => {
            w.out.push('{');
            w.level += 1;
            w.out.push_str(&value_name(svc, *key, true));
            w.out.push_str(": ");
            if is_scalar(svc, *value) {
                w.out.push_str(&value_name(svc, *value, true));
            } else {
                w.level += 1;
                example(svc, *value, w, stack);
                w.level -= 1;
            }
            w.new_line();
            w.out.push_str("...");
            w.level -= 1;
            w.out.push('}');
        }
        Some(ShapeKind::Document) => w.out.push_str("{...}"),
        Some(ShapeKind::Structure { members, .. } | ShapeKind::Union { members }) => {
            w.out.push('{');
            w.level += 1;
            w.new_line();
            for (i, m) in members.iter().enumerate() {
                w.out.push('"');
                w.out.push_str(m.name);
                w.out.push_str("\": ");
                if is_scalar(svc, m.target) {
                    w.out.push_str(&value_name(svc, m.target, true));
                } else {
                    example(svc, m.target, w, stack);
                }
                if i + 1 < members.len() {
                    w.out.push(',');
                    w.new_line();
                }
            }
            w.level -= 1;
            w.new_line();
            w.out.push('}');
        }
        _ => {}
    }
    stack.pop();
}

/// Options whose list of one-member structures the AWS CLI still documents (and parses)
/// the old way, `--opt Member1 Member2 Member3` (its `ParamShorthand._uses_old_list_case`).
const OLD_LIST_CASES: &[(&str, &str, &str)] = &[
    ("firehose", "put-record-batch", "records"),
    (
        "workspaces",
        "reboot-workspaces",
        "reboot-workspace-requests",
    ),
    (
        "workspaces",
        "rebuild-workspaces",
        "rebuild-workspace-requests",
    ),
    (
        "workspaces",
        "terminate-workspaces",
        "terminate-workspace-requests",
    ),
    ("elb", "remove-tags", "tags"),
    ("elb", "describe-instance-health", "instances"),
    (
        "elb",
        "deregister-instances-from-load-balancer",
        "instances",
    ),
    ("elb", "register-instances-with-load-balancer", "instances"),
];

/// Deeper than this, shorthand is "too complex" and not documented.
const MAX_SHORTHAND_STACK: usize = 3;

/// What the `Shorthand Syntax:` of an option is.
pub enum Shorthand {
    /// The option takes no shorthand (scalars, lists of scalars, documents).
    Unsupported,
    /// The AWS CLI documents no example at all for this option (not even JSON).
    NoExample,
    /// Shorthand exists but is too deeply nested to document.
    TooComplex,
    /// The sample, as lines.
    Lines(Vec<String>),
}

fn kind(svc: &ServiceDef, shape: ShapeIdx) -> Option<&ShapeKind> {
    svc.shapes.get(shape).map(|s| &s.kind)
}

fn is_complex(svc: &ServiceDef, shape: ShapeIdx) -> bool {
    matches!(
        kind(svc, shape),
        Some(
            ShapeKind::Structure { .. }
                | ShapeKind::Union { .. }
                | ShapeKind::List { .. }
                | ShapeKind::Map { .. }
        )
    )
}

/// A document, or lists and maps that end in documents.
fn is_document_container(svc: &ServiceDef, shape: ShapeIdx, depth: usize) -> bool {
    if depth > 32 {
        return false;
    }
    match kind(svc, shape) {
        Some(ShapeKind::Document) => true,
        Some(ShapeKind::List { member, .. }) => is_document_container(svc, *member, depth + 1),
        Some(ShapeKind::Map { value, .. }) => is_document_container(svc, *value, depth + 1),
        _ => false,
    }
}

/// The `Shorthand Syntax:` sample of an option (`ParamShorthandDocGen`).
pub fn shorthand(svc: &ServiceDef, operation: &str, option: &str, shape: ShapeIdx) -> Shorthand {
    if is_document_container(svc, shape, 0) || !is_complex(svc, shape) {
        return Shorthand::Unsupported;
    }
    if let Some(ShapeKind::List {
        member,
        min_len,
        max_len,
        ..
    }) = kind(svc, shape)
    {
        match kind(svc, *member) {
            Some(
                ShapeKind::Structure { .. }
                | ShapeKind::Union { .. }
                | ShapeKind::List { .. }
                | ShapeKind::Map { .. },
            ) => {}
            _ => return Shorthand::Unsupported,
        }
        if let Some(ShapeKind::Structure { members, .. }) = kind(svc, *member)
            && members.len() == 1
            && OLD_LIST_CASES
                .iter()
                .any(|&(s, o, a)| s == svc.cli_name && o == operation && a == option)
        {
            let m = members[0].name;
            let line = if *min_len == Some(1) && *max_len == Some(1) {
                format!("--{option} {m}1")
            } else {
                format!("--{option} {m}1 {m}2 {m}3")
            };
            return Shorthand::Lines(vec![line]);
        }
    }
    if let Some(ShapeKind::Structure { members, .. }) = kind(svc, shape)
        && members.len() == 1
        && members[0].name == "Value"
        && matches!(kind(svc, members[0].target), Some(ShapeKind::String { .. }))
    {
        return Shorthand::NoExample;
    }
    let mut stack = Vec::new();
    let text = match kind(svc, shape) {
        Some(ShapeKind::List { member, .. }) => {
            shorthand_docs(svc, *member, &mut stack).map(|t| format!("{t} ..."))
        }
        _ => shorthand_docs(svc, shape, &mut stack),
    };
    match text {
        Some(t) => Shorthand::Lines(t.lines().map(str::to_owned).collect()),
        None => Shorthand::TooComplex,
    }
}

/// `None` when too complex.
fn shorthand_docs(svc: &ServiceDef, shape: ShapeIdx, stack: &mut Vec<ShapeIdx>) -> Option<String> {
    if stack.len() > MAX_SHORTHAND_STACK {
        return None;
    }
    match kind(svc, shape) {
        Some(ShapeKind::Structure { members, .. } | ShapeKind::Union { members }) => {
            let mut parts = Vec::new();
            for m in members.iter() {
                if is_document_container(svc, m.target, 0) {
                    continue;
                }
                if stack.contains(&m.target) {
                    parts.push("( ... recursive ... )".to_owned());
                    continue;
                }
                stack.push(m.target);
                let v = shorthand_docs(svc, m.target, stack);
                stack.pop();
                parts.push(format!("{}={}", m.name, v?));
            }
            let inner = parts.join(",");
            Some(if stack.is_empty() {
                inner
            } else {
                format!("{{{inner}}}")
            })
        }
        Some(ShapeKind::List { member, .. }) => {
            stack.push(*member);
            let element = shorthand_docs(svc, *member, stack);
            stack.pop();
            let element = element?;
            Some(if is_complex(svc, *member) || stack.len() > 1 {
                format!("[{element},{element}]")
            } else {
                format!("{element},{element}")
            })
        }
        Some(ShapeKind::Map { key, value, .. }) => {
            stack.push(*value);
            let v = shorthand_docs(svc, *value, stack);
            stack.pop();
            let v = v?;
            let mut start = format!("KeyName1={v},KeyName2={v}");
            match kind(svc, *key) {
                Some(ShapeKind::String { enum_values, .. })
                    if !enum_values.is_empty() && stack.is_empty() =>
                {
                    start.push_str("\n\nWhere valid key names are:\n");
                    for e in enum_values.iter() {
                        start.push_str(&format!("  {e}\n"));
                    }
                }
                _ if !stack.is_empty() => start = format!("{{{start}}}"),
                _ => {}
            }
            Some(start)
        }
        _ => Some(super::type_name(svc, shape).to_owned()),
    }
}
