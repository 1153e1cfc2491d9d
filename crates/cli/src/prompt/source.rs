//! The prompt's view of the command tables: the words typed so far, their completions and
//! the documentation of the command or parameter being typed.

use std::collections::HashMap;

use super::state::{Item, Source};
use crate::complete::{self, CandidateKind, Stage};
use crate::schema::{OperationDef, ParamDef, ServiceDef, ShapeKind};

/// Completions ([`crate::complete`]) and documentation from the generated command tables.
pub struct TableSource<'a> {
    /// The services of the binary.
    pub services: &'a [&'static ServiceDef],
    /// The environment (to find the shared config file's profile names for `--profile`).
    pub env: &'a HashMap<String, String>,
}

/// The text before the cursor cut into complete words (shell rules: quotes and backslashes)
/// and the word being typed, with the byte offset where it starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Words {
    /// Complete words, unquoted.
    pub done: Vec<String>,
    /// The word being typed, unquoted (empty after a space).
    pub current: String,
    /// Byte offset of the word being typed in the text.
    pub start: usize,
}

/// Cuts `text` into words as a POSIX shell would (single and double quotes, backslash);
/// an unfinished quote belongs to the word being typed. Written here because the `shlex`
/// crate only splits whole lines and cannot say where the last, unfinished word starts.
pub fn words(text: &str) -> Words {
    let mut done = Vec::new();
    let mut cur = String::new();
    let mut in_word = false;
    let mut start = 0;
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for (i, c) in text.char_indices() {
        if escaped {
            cur.push(c);
            escaped = false;
            continue;
        }
        match quote {
            Some(q) if c == q => quote = None,
            Some('"') if c == '\\' => escaped = true,
            Some(_) => cur.push(c),
            None => {
                if c.is_whitespace() {
                    if in_word {
                        done.push(std::mem::take(&mut cur));
                        in_word = false;
                    }
                    continue;
                }
                if !in_word {
                    in_word = true;
                    start = i;
                }
                match c {
                    '\'' | '"' => quote = Some(c),
                    '\\' => escaped = true,
                    _ => cur.push(c),
                }
            }
        }
    }
    if !in_word {
        start = text.len();
    }
    Words {
        done,
        current: cur,
        start,
    }
}

/// The CLI type name of a shape, as `help` and the menu show it.
pub fn type_name(svc: &ServiceDef, shape: usize) -> &'static str {
    crate::help::type_name(svc, shape)
}

/// A help page from its DESCRIPTION section on (as the AWS CLI's doc panel shows it).
fn from_description(page: &str) -> String {
    match page.find("DESCRIPTION") {
        Some(i) if i > 0 => page[i + "DESCRIPTION".len()..].to_owned(),
        _ => page.to_owned(),
    }
}

/// Markdown as plain text for the panel: code spans lose their backquotes, links keep
/// their text and address.
pub fn plain(md: &str) -> String {
    let mut out = md.replace('`', "");
    while let Some(open) = out.find("](") {
        let Some(text_start) = out[..open].rfind('[') else {
            break;
        };
        let Some(close) = out[open..].find(')').map(|c| open + c) else {
            break;
        };
        let text = out[text_start + 1..open].to_owned();
        let url = out[open + 2..close].to_owned();
        out.replace_range(text_start..=close, &format!("{text} ({url})"));
    }
    out
}

fn param_doc(svc: &ServiceDef, op: &OperationDef, p: &ParamDef) -> String {
    let boolean = matches!(
        svc.shapes.get(p.shape).map(|s| &s.kind),
        Some(ShapeKind::Boolean)
    );
    let name = if boolean {
        format!("--{0} | --no-{0}", p.cli_name)
    } else {
        format!("--{}", p.cli_name)
    };
    let required = if p.required || boolean && is_member_required(op, svc, p) {
        " [required]"
    } else {
        ""
    };
    let mut out = format!("{name} ({}){required}\n\n", type_name(svc, p.shape));
    for line in plain(p.doc).trim().lines() {
        if line.trim().is_empty() {
            out.push('\n');
        } else {
            out.push_str("  ");
            out.push_str(line);
            out.push('\n');
        }
    }
    if let Some(ShapeKind::String { enum_values, .. }) = svc.shapes.get(p.shape).map(|s| &s.kind)
        && !enum_values.is_empty()
    {
        out.push_str("\n  Possible values:\n");
        for v in enum_values.iter() {
            out.push_str(&format!("    o {v}\n"));
        }
    }
    out
}

fn is_member_required(op: &OperationDef, svc: &ServiceDef, p: &ParamDef) -> bool {
    op.wire
        .input
        .and_then(|i| svc.shapes.get(i))
        .and_then(|s| match &s.kind {
            ShapeKind::Structure { members, .. } => members.iter().find(|m| m.name == p.member),
            _ => None,
        })
        .is_some_and(|m| m.required)
}

impl TableSource<'_> {
    /// The option under the cursor: the one being typed, or the one whose value is.
    fn option_at(&self, w: &Words, ctx: &complete::Context<'_>) -> Option<String> {
        if w.current.starts_with("--") {
            let name = w
                .current
                .split_once('=')
                .map_or(w.current.as_str(), |(n, _)| n);
            return Some(name.to_owned());
        }
        ctx.expecting.clone().or_else(|| ctx.open_list.clone())
    }
}

impl Source for TableSource<'_> {
    fn complete(&self, before_cursor: &str) -> (usize, Vec<Item>) {
        let w = words(before_cursor);
        let candidates = complete::complete_with_env(self.services, &w.done, &w.current, self.env);
        let stage = complete::context(self.services, &w.done).stage;
        let mut items: Vec<(bool, Item)> = candidates
            .into_iter()
            // The prompt's own switches are not offered (as in the AWS CLI).
            .filter(|c| c.value != "--cli-auto-prompt" && c.value != "--no-cli-auto-prompt")
            .map(|c| {
                let param = (c.kind == CandidateKind::Parameter)
                    .then(|| complete::param_def(self.services, &w.done, &c.value))
                    .flatten();
                // A boolean is never required by argparse, but its member can be (the
                // AWS CLI's menu and help both say so).
                let (required, ty) = match (stage, param) {
                    (Stage::Operation(svc, op), Some(p)) => (
                        p.required || is_member_required(op, svc, p),
                        Some(type_name(svc, p.shape)),
                    ),
                    _ => (false, None),
                };
                let display = if required {
                    format!("{} (required)", c.value)
                } else {
                    c.value.clone()
                };
                let meta = match ty {
                    Some(t) if c.description.is_empty() => format!("[{t}]"),
                    Some(t) => format!("[{t}] {}", c.description),
                    None => c.description,
                };
                (
                    required,
                    Item {
                        value: c.value,
                        display,
                        meta,
                    },
                )
            })
            .collect();
        // Required parameters first (as the AWS CLI's prompt), otherwise the engine's order.
        items.sort_by_key(|(required, _)| !*required);
        (w.start, items.into_iter().map(|(_, i)| i).collect())
    }

    fn docs(&self, before_cursor: &str) -> String {
        let mut w = words(before_cursor);
        let mut ctx = complete::context(self.services, &w.done);
        // As the AWS CLI's panel, a command word being typed counts once it names one
        // (`workspaces update-…-permission` shows the operation's page).
        if ctx.expecting.is_none() && !w.current.is_empty() && !w.current.starts_with('-') {
            let mut done = w.done.clone();
            done.push(w.current.clone());
            let next = complete::context(self.services, &done);
            if !matches!(next.stage, Stage::Done) {
                w.done = done;
                w.current.clear();
                ctx = next;
            }
        }
        match ctx.stage {
            Stage::Operation(svc, op) => {
                if let Some(opt) = self.option_at(&w, &ctx) {
                    if let Some(p) = complete::param_def(self.services, &w.done, &opt) {
                        return param_doc(svc, op, p);
                    }
                    if let Some(doc) = complete::param_doc(self.services, &w.done, &opt) {
                        return format!("{opt}\n\n  {}\n", plain(doc));
                    }
                }
                from_description(&crate::help::operation_help(svc, op))
            }
            Stage::Service(svc) => from_description(&crate::help::service_help(svc)),
            _ => {
                if let Some(opt) = self.option_at(&w, &ctx)
                    && let Some(doc) = complete::param_doc(self.services, &w.done, &opt)
                {
                    return format!("{opt}\n\n  {}\n", plain(doc));
                }
                from_description(&crate::help::main_help(self.services, &["completion"]))
            }
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::schema::{Auth, Http, MemberDef, MemberWire, Operation, ShapeDef};
    use awslice_runtime::service::{Protocol, ServiceMeta};

    static META: ServiceMeta = ServiceMeta {
        shape_name: "Svc",
        sdk_id: "Svc",
        endpoint_prefix: "svc",
        signing_name: "svc",
        protocol: Protocol::AwsJson1_1,
        api_version: "2020-01-01",
        endpoint_rule_set: "{}",
        query_compatible: false,
        xml_namespace: None,
        signer: awslice_runtime::service::Signer::SigV4,
    };

    /// A small service: `update-thing --thing-id (required) --allow|--no-allow --mode`.
    pub(crate) static SVC: ServiceDef = ServiceDef {
        cli_name: "demo",
        meta: &META,
        doc: "Demo service docs.",
        operations: &[
            OperationDef {
                wire: Operation {
                    name: "UpdateThing",
                    input: Some(0),
                    output: None,
                    errors: &[],
                    http: Http::RPC,
                    host_prefix: None,
                    auth: Auth::SigV4,
                    rules: &awslice_runtime::schema::OperationRules::NONE,
                },
                cli_name: "update-thing",
                doc: "Updates a `thing`. See [the guide](https://example.com/g).",
                params: &[
                    ParamDef {
                        cli_name: "thing-id",
                        member: "ThingId",
                        shape: 1,
                        required: true,
                        doc: "The identifier of the thing.\n\nMore words.",
                    },
                    ParamDef {
                        cli_name: "allow",
                        member: "Allow",
                        shape: 2,
                        required: false,
                        doc: "Whether it is allowed.",
                    },
                    ParamDef {
                        cli_name: "mode",
                        member: "Mode",
                        shape: 3,
                        required: false,
                        doc: "The mode.",
                    },
                ],
                paginator: None,
                deprecated: false,
                skeleton_input: "{}\n",
                skeleton_yaml_input: "{}\n",
                skeleton_output: "{}",
            },
            OperationDef {
                wire: Operation {
                    name: "DescribeThings",
                    input: None,
                    output: None,
                    errors: &[],
                    http: Http::RPC,
                    host_prefix: None,
                    auth: Auth::SigV4,
                    rules: &awslice_runtime::schema::OperationRules::NONE,
                },
                cli_name: "describe-things",
                doc: "Describes things.",
                params: &[],
                paginator: None,
                deprecated: false,
                skeleton_input: "{}\n",
                skeleton_yaml_input: "{}\n",
                skeleton_output: "{}",
            },
        ],
        shapes: &[
            ShapeDef {
                name: "UpdateThingRequest",
                kind: ShapeKind::Structure {
                    members: &[
                        MemberDef {
                            name: "ThingId",
                            json_name: None,
                            target: 1,
                            required: true,
                            doc: "",
                            idempotency_token: false,
                            deprecated: false,
                            wire: MemberWire::BODY,
                        },
                        MemberDef {
                            name: "Allow",
                            json_name: None,
                            target: 2,
                            required: true,
                            doc: "",
                            idempotency_token: false,
                            deprecated: false,
                            wire: MemberWire::BODY,
                        },
                    ],
                    error: None,
                    error_code: None,
                },
                doc: "",
                sensitive: false,
                xml_name: None,
                xml_namespace: None,
            },
            ShapeDef {
                name: "ThingId",
                kind: ShapeKind::String {
                    enum_values: &[],
                    min_len: None,
                    max_len: None,
                    pattern: None,
                },
                doc: "",
                sensitive: false,
                xml_name: None,
                xml_namespace: None,
            },
            ShapeDef {
                name: "Bool",
                kind: ShapeKind::Boolean,
                doc: "",
                sensitive: false,
                xml_name: None,
                xml_namespace: None,
            },
            ShapeDef {
                name: "Mode",
                kind: ShapeKind::String {
                    enum_values: &["FAST", "SLOW"],
                    min_len: None,
                    max_len: None,
                    pattern: None,
                },
                doc: "",
                sensitive: false,
                xml_name: None,
                xml_namespace: None,
            },
        ],
    };

    pub(crate) const SERVICES: &[&ServiceDef] = &[&SVC];

    pub(crate) fn src() -> TableSource<'static> {
        static ENV: std::sync::OnceLock<HashMap<String, String>> = std::sync::OnceLock::new();
        TableSource {
            services: SERVICES,
            env: ENV.get_or_init(HashMap::new),
        }
    }

    fn values(before: &str) -> Vec<String> {
        src()
            .complete(before)
            .1
            .into_iter()
            .map(|i| i.value)
            .collect()
    }

    #[test]
    fn shell_words() {
        let w = words("demo 'a b' \"c\\\"d\" e\\ f --x");
        assert_eq!(w.done, ["demo", "a b", "c\"d", "e f"]);
        assert_eq!((w.current.as_str(), w.start), ("--x", 23));
        let w = words("demo ");
        assert_eq!((w.done.len(), w.current.as_str(), w.start), (1, "", 5));
        let w = words("demo 'unfinished wo");
        assert_eq!((w.current.as_str(), w.start), ("unfinished wo", 5));
    }

    /// The prompt offers every global option of the one table (but its own two switches),
    /// described by the table's summary.
    #[test]
    fn offers_every_global_option() {
        let (_, items) = src().complete("demo update-thing --");
        for o in crate::globals::OPTIONS {
            let offered = items.iter().find(|i| i.value == o.name);
            if o.name.ends_with("cli-auto-prompt") {
                assert!(offered.is_none(), "{}", o.name);
            } else {
                let item = offered.unwrap_or_else(|| panic!("{} is not offered", o.name));
                assert!(
                    item.meta.ends_with(o.summary()),
                    "{}: {}",
                    o.name,
                    item.meta
                );
            }
        }
    }

    #[test]
    fn completes_services_operations_and_parameters() {
        assert_eq!(
            values(""),
            ["demo", "help", "completion", "configure", "sso"]
        );
        assert_eq!(values("sso "), ["login", "logout"]);
        assert_eq!(values("de"), ["demo"]);
        assert_eq!(values("demo "), ["update-thing", "describe-things", "help"]);
        assert_eq!(values("demo upd"), ["update-thing"]);
        let (start, items) = src().complete("demo update-thing ");
        assert_eq!(start, 18);
        assert_eq!(items[0].display, "--thing-id (required)");
        assert_eq!(items[0].meta, "[string] The identifier of the thing.");
        // A boolean whose member is required says so (both spellings).
        assert_eq!(items[1].display, "--allow (required)");
        assert_eq!(items[1].meta, "[boolean] Whether it is allowed.");
        assert_eq!(items[2].display, "--no-allow (required)");
        assert_eq!(items[3].display, "--mode");
        // Used parameters are not offered again.
        let v = values("demo update-thing --thing-id x ");
        assert!(!v.contains(&"--thing-id".to_owned()), "{v:?}");
        assert!(v.contains(&"--mode".to_owned()), "{v:?}");
        // The prompt's own switches are never offered.
        let v = values("demo update-thing --");
        assert!(v.contains(&"--region".to_owned()), "{v:?}");
        assert!(!v.iter().any(|o| o.contains("auto-prompt")), "{v:?}");
        assert_eq!(values("demo update-thing --mode "), ["FAST", "SLOW"]);
        assert_eq!(
            values("--output "),
            ["json", "text", "table", "yaml", "yaml-stream", "off"]
        );
    }

    #[test]
    fn markdown_to_plain_text() {
        assert_eq!(
            plain("Use `NextToken`; see [the guide](https://e.com/g) and [x]."),
            "Use NextToken; see the guide (https://e.com/g) and [x]."
        );
        // An unclosed link is left alone (no loop, no panic).
        assert_eq!(plain("a [b](c"), "a [b](c");
    }

    #[test]
    fn docs_follow_the_cursor() {
        let s = src();
        assert!(s.docs("").contains("o demo"), "{}", s.docs(""));
        assert!(s.docs("demo ").contains("Demo service docs."));
        // A command word counts as soon as it names a command; a partial one does not.
        assert!(s.docs("demo").contains("Demo service docs."));
        assert!(s.docs("demo upd").contains("Demo service docs."));
        assert_eq!(s.docs("demo update-thing"), s.docs("demo update-thing "));
        let op = s.docs("demo update-thing ");
        // The operation's help page from DESCRIPTION on (as the AWS CLI's panel).
        assert!(!op.contains("NAME"), "{op}");
        assert!(op.trim_start().starts_with("Updates a thing"), "{op}");
        assert!(op.contains("--thing-id"), "{op}");
        let p = s.docs("demo update-thing --thing-id");
        assert_eq!(
            p,
            "--thing-id (string) [required]\n\n  The identifier of the thing.\n\n  More words.\n"
        );
        // While typing the value, the parameter's docs stay.
        assert_eq!(s.docs("demo update-thing --thing-id wsi-1"), p);
        // Booleans take no value: the next word is back to the operation's docs.
        assert!(
            s.docs("demo update-thing --allow ")
                .contains("Updates a thing")
        );
        assert!(
            s.docs("demo update-thing --no-allow")
                .starts_with("--allow | --no-allow (boolean) [required]")
        );
        let m = s.docs("demo update-thing --mode F");
        assert!(
            m.ends_with("  Possible values:\n    o FAST\n    o SLOW\n"),
            "{m}"
        );
    }
}
