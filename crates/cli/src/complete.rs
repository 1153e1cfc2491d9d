//! The completion engine: what may come next on an `awslice` command line.
//!
//! Used by the shell completion scripts (through the hidden `awslice __complete` command,
//! see [`crate::completion_scripts`]) and by the interactive auto-prompt.
//!
//! It follows the AWS CLI v2's `aws_completer` where the order matters:
//! - at the top level a word completes to service names (then `help`, `completion`); a word
//!   starting with `-` to the global options;
//! - after a service, to its operation names (model order, then `help`);
//! - after an operation, to the operation's options (its parameters in model order, a
//!   boolean's `--no-x` right after `--x`, then `--cli-input-json`, `--cli-input-yaml`, the
//!   paging options, `--generate-cli-skeleton`), then every global option — offered both for
//!   an empty word and for a word starting with `-`, as the AWS CLI does;
//! - options already given are not offered again (a boolean's `--x` and `--no-x` count as
//!   one option);
//! - after an option that takes a value, its values when they are known (choices, enum
//!   values, region names for `--region`, profile names for `--profile`), paths for a value
//!   typed as `file://…`/`fileb://…`, and nothing otherwise; `--opt=partial` completes to
//!   `--opt=value`.
//!
//! Matching is by prefix, case-sensitive (the AWS CLI's `startswith_filter`).
//!
//! Nothing here sends a request or reads credentials: [`complete_with_env`] reads only the
//! shared *config* file (for profile names) and folder listings (for `file://` paths),
//! never the credentials file; [`complete`] reads no file at all.

use std::collections::HashMap;
use std::path::PathBuf;

use crate::argparse::Arity;
use crate::globals;
use crate::schema::{OperationDef, ParamDef, ServiceDef, ShapeKind};

/// One completion candidate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// The text that replaces the word being typed (`--image-id`, `json`, `workspaces`).
    pub value: String,
    /// A one-line description (first sentence of the documentation, Markdown stripped);
    /// may be empty.
    pub description: String,
    /// What the candidate is.
    pub kind: CandidateKind,
}

/// What a [`Candidate`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CandidateKind {
    /// A service command (`workspaces`).
    Service,
    /// An operation of a service (`update-workspace-image-permission`).
    Operation,
    /// An option of the operation (`--image-id`, `--no-allow-copy-image`, `--cli-input-json`).
    Parameter,
    /// A global option (`--output`).
    GlobalOption,
    /// A value of the option being completed (`json`, a profile name, an enum value).
    Value,
    /// A command that is neither a service nor an operation (`help`, `completion`, a shell).
    Command,
}

/// The shells `awslice completion SHELL` knows.
pub const SHELLS: &[&str] = &["bash", "zsh", "fish"];

/// Where the words before the cursor leave the command line.
#[derive(Debug, Clone, Copy)]
pub enum Stage<'a> {
    /// Before the service name.
    TopLevel,
    /// After a service name, before the operation.
    Service(&'a ServiceDef),
    /// After an operation name: its options.
    Operation(&'a ServiceDef, &'a OperationDef),
    /// After `completion`: the shell name.
    Completion,
    /// After one of the sign-in commands (`sso`, `configure`): its subcommand.
    Subcommand(&'static [crate::signin::Named]),
    /// Nothing more can follow (after `help`, after a complete `completion SHELL`, or after
    /// a word that names no service/operation).
    Done,
}

/// What the words before the cursor mean, for completion and for the prompt's
/// documentation pane.
#[derive(Debug, Clone)]
pub struct Context<'a> {
    /// Service / operation reached.
    pub stage: Stage<'a>,
    /// The options given so far, as canonical names (`--image-id`; an abbreviation is
    /// resolved, `--opt=value` counts as `--opt`).
    pub given: Vec<String>,
    /// The option whose value comes next (`--output` in `awslice --output `), canonical.
    pub expecting: Option<String>,
    /// The list option whose values are being typed (after its first value: more values or
    /// another option may follow).
    pub open_list: Option<String>,
}

/// One option known at a point of the command line.
#[derive(Debug, Clone)]
struct Opt<'a> {
    /// `--image-id`.
    name: String,
    arity: Arity,
    /// Options sharing a group are one option for "already given" (`--x` / `--no-x`).
    group: String,
    kind: CandidateKind,
    doc: &'static str,
    values: Values<'a>,
}

/// Where an option's values come from.
#[derive(Debug, Clone, Copy)]
enum Values<'a> {
    None,
    Choices(&'static [&'static str]),
    /// The (list member's) enum values of a parameter's shape.
    Shape(&'a ServiceDef, usize),
    Profiles,
    /// The regions of the `aws` partition.
    Regions,
}

const DOC_CLI_INPUT_JSON: &str = "Reads arguments from the JSON string provided.";
const DOC_CLI_INPUT_YAML: &str = "Reads arguments from the YAML string provided.";
const DOC_SKELETON: &str =
    "Prints a JSON skeleton to standard output without sending an API request.";
const DOC_STARTING_TOKEN: &str = "A token to specify where to start paginating.";
const DOC_PAGE_SIZE: &str = "The size of each page to get in the AWS service call.";
const DOC_MAX_ITEMS: &str = "The total number of items to return in the command's output.";
const DOC_HELP: &str = "Show the help page.";
const DOC_COMPLETION: &str = "Print a shell completion script (bash, zsh or fish).";

fn global_opts<'a>() -> Vec<Opt<'a>> {
    globals::OPTIONS
        .iter()
        .map(|o| Opt {
            group: o.name.to_owned(),
            name: o.name.to_owned(),
            arity: o.arity,
            kind: CandidateKind::GlobalOption,
            doc: o.summary(),
            values: match (o.completion, o.choices) {
                (globals::Completion::Choices, Some(c)) => Values::Choices(c),
                (globals::Completion::Profiles, _) => Values::Profiles,
                (globals::Completion::Regions, _) => Values::Regions,
                _ => Values::None,
            },
        })
        .collect()
}

/// The operation's own options, in the AWS CLI's argument-table order.
fn operation_opts<'a>(svc: &'a ServiceDef, op: &'a OperationDef) -> Vec<Opt<'a>> {
    let mut out = Vec::new();
    let simple = |name: &str, arity: Arity, doc: &'static str, values: Values<'a>| Opt {
        name: name.to_owned(),
        arity,
        group: name.to_owned(),
        kind: CandidateKind::Parameter,
        doc,
        values,
    };
    for p in op.params {
        let name = format!("--{}", p.cli_name);
        match svc.shapes.get(p.shape).map(|s| &s.kind) {
            Some(ShapeKind::Boolean) => {
                for n in [name.clone(), format!("--no-{}", p.cli_name)] {
                    out.push(Opt {
                        name: n,
                        arity: Arity::Flag(true),
                        group: name.clone(),
                        kind: CandidateKind::Parameter,
                        doc: p.doc,
                        values: Values::None,
                    });
                }
            }
            Some(ShapeKind::List { member, .. }) => out.push(Opt {
                group: name.clone(),
                name,
                arity: Arity::OneOrMore,
                kind: CandidateKind::Parameter,
                doc: p.doc,
                values: Values::Shape(svc, *member),
            }),
            _ => out.push(Opt {
                group: name.clone(),
                name,
                arity: Arity::One,
                kind: CandidateKind::Parameter,
                doc: p.doc,
                values: Values::Shape(svc, p.shape),
            }),
        }
    }
    out.push(simple(
        "--cli-input-json",
        Arity::One,
        DOC_CLI_INPUT_JSON,
        Values::None,
    ));
    out.push(simple(
        "--cli-input-yaml",
        Arity::One,
        DOC_CLI_INPUT_YAML,
        Values::None,
    ));
    if let Some(pg) = &op.paginator {
        for name in crate::paginate::option_names(pg) {
            let (arity, doc) = match name {
                "--starting-token" => (Arity::One, DOC_STARTING_TOKEN),
                "--page-size" => (Arity::Int, DOC_PAGE_SIZE),
                _ => (Arity::Int, DOC_MAX_ITEMS),
            };
            out.push(simple(name, arity, doc, Values::None));
        }
    }
    out.push(simple(
        "--generate-cli-skeleton",
        Arity::Optional("input"),
        DOC_SKELETON,
        Values::Choices(&["input", "output", "yaml-input"]),
    ));
    out
}

/// The options in scope at a stage: the operation's, then the global ones.
fn scope_opts<'a>(stage: Stage<'a>) -> Vec<Opt<'a>> {
    let mut opts = match stage {
        Stage::Operation(svc, op) => operation_opts(svc, op),
        _ => Vec::new(),
    };
    opts.extend(global_opts());
    opts
}

/// argparse's option lookup: the exact name, else a unique prefix (`--image` for
/// `--image-id`).
fn resolve<'o, 'a>(opts: &'o [Opt<'a>], name: &str) -> Option<&'o Opt<'a>> {
    if let Some(o) = opts.iter().find(|o| o.name == name) {
        return Some(o);
    }
    if !name.starts_with("--") || name.len() < 3 {
        return None;
    }
    let mut matches = opts.iter().filter(|o| o.name.starts_with(name));
    match (matches.next(), matches.next()) {
        (Some(o), None) => Some(o),
        _ => None,
    }
}

/// argparse treats `-5` and `-1.5` as values, not options.
fn is_negative_number(s: &str) -> bool {
    let Some(rest) = s.strip_prefix('-') else {
        return false;
    };
    let (a, b) = rest.split_once('.').unwrap_or((rest, "0"));
    !a.is_empty()
        && !b.is_empty()
        && a.chars().all(|c| c.is_ascii_digit())
        && b.chars().all(|c| c.is_ascii_digit())
}

fn is_option_like(s: &str) -> bool {
    s.starts_with('-') && s.len() > 1 && !is_negative_number(s) && !s.contains(' ')
}

/// Reads the words before the cursor (without the program name).
pub fn context<'a>(services: &[&'a ServiceDef], words: &[String]) -> Context<'a> {
    let mut ctx = Context {
        stage: Stage::TopLevel,
        given: Vec::new(),
        expecting: None,
        open_list: None,
    };
    let mut opts = scope_opts(ctx.stage);
    let mut after_dd = false;
    for w in words {
        if let Some(name) = ctx.expecting.take() {
            let arity = opts.iter().find(|o| o.name == name).map(|o| o.arity);
            match arity {
                Some(Arity::OneOrMore) => {
                    ctx.open_list = Some(name);
                    continue;
                }
                Some(Arity::Optional(_)) if is_option_like(w) => {}
                _ => continue,
            }
        }
        if !after_dd && w == "--" {
            after_dd = true;
            ctx.open_list = None;
            continue;
        }
        if !after_dd && is_option_like(w) {
            ctx.open_list = None;
            let (name, explicit) = match w.split_once('=') {
                Some((n, _)) => (n, true),
                None => (w.as_str(), false),
            };
            if let Some(o) = resolve(&opts, name) {
                ctx.given.push(o.group.clone());
                if o.arity == Arity::Version {
                    ctx.stage = Stage::Done;
                }
                let takes_value = matches!(
                    o.arity,
                    Arity::One | Arity::Int | Arity::OneOrMore | Arity::Optional(_)
                );
                // `--list=A` takes that one value only (argparse), so no list stays open.
                if takes_value && !explicit {
                    ctx.expecting = Some(o.name.clone());
                }
            }
            continue;
        }
        if ctx.open_list.is_some() {
            continue;
        }
        ctx.stage = match ctx.stage {
            Stage::TopLevel => match w.as_str() {
                "completion" => Stage::Completion,
                word if crate::signin::is_command(word) => crate::signin::COMMANDS
                    .iter()
                    .find(|(name, _, _)| *name == word)
                    .map_or(Stage::Done, |(_, _, subs)| Stage::Subcommand(subs)),
                _ => services
                    .iter()
                    .copied()
                    .find(|s| s.cli_name == w)
                    .map_or(Stage::Done, Stage::Service),
            },
            Stage::Service(svc) => svc
                .operations
                .iter()
                .find(|o| o.cli_name == w)
                .map_or(Stage::Done, |op| Stage::Operation(svc, op)),
            _ => Stage::Done,
        };
        if let Stage::Operation(..) = ctx.stage {
            opts = scope_opts(ctx.stage);
        }
    }
    ctx
}

/// Candidates for the word being typed. `words` are the complete words before it (without
/// the program name), `current` is the partial word under the cursor (may be empty).
///
/// Pure: reads no file (`--profile` names and `file://` paths come from
/// [`complete_with_env`]).
pub fn complete(services: &[&ServiceDef], words: &[String], current: &str) -> Vec<Candidate> {
    complete_inner(services, words, current, None)
}

/// [`complete`], plus what needs the file system, located through `env`:
/// - profile names for `--profile`, read from the shared config file (`AWS_CONFIG_FILE`,
///   else `~/.aws/config`); the credentials file is never read;
/// - paths for a value typed as `file://…` or `fileb://…` (as the AWS CLI v2's completer):
///   the entries of the folder typed so far (relative to the current directory, `~/` is the
///   home), folders with a trailing `/`, hidden entries only when the name typed starts
///   with `.`.
pub fn complete_with_env(
    services: &[&ServiceDef],
    words: &[String],
    current: &str,
    env: &HashMap<String, String>,
) -> Vec<Candidate> {
    complete_inner(services, words, current, Some(env))
}

fn home_dir(env: &HashMap<String, String>) -> Option<PathBuf> {
    env.get("HOME")
        .or_else(|| env.get("USERPROFILE"))
        .filter(|h| !h.is_empty())
        .map(PathBuf::from)
}

/// Paths completing `typed` (`file://dir/pa`), each prefixed with `prefix`, sorted by name.
fn file_candidates(prefix: &str, typed: &str, env: &HashMap<String, String>) -> Vec<Candidate> {
    let Some((scheme, path)) = ["file://", "fileb://"]
        .iter()
        .find_map(|s| typed.strip_prefix(s).map(|rest| (*s, rest)))
    else {
        return Vec::new();
    };
    let (dir_part, base) = match path.rfind('/') {
        Some(i) => (&path[..=i], &path[i + 1..]),
        None => ("", path),
    };
    let dir = if dir_part.is_empty() {
        PathBuf::from(".")
    } else if let (Some(rest), Some(home)) = (dir_part.strip_prefix("~/"), home_dir(env)) {
        home.join(rest)
    } else {
        PathBuf::from(dir_part)
    };
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut names: Vec<String> = entries
        .filter_map(Result::ok)
        .filter_map(|e| {
            let name = e.file_name().into_string().ok()?;
            if !name.starts_with(base) || (name.starts_with('.') && !base.starts_with('.')) {
                return None;
            }
            let is_dir = std::fs::metadata(e.path()).is_ok_and(|m| m.is_dir());
            Some(if is_dir { format!("{name}/") } else { name })
        })
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|n| Candidate {
            value: format!("{prefix}{scheme}{dir_part}{n}"),
            description: String::new(),
            kind: CandidateKind::Value,
        })
        .collect()
}

/// The profile names of the shared config file (`[default]`, `[profile NAME]`), sorted;
/// empty when the file is absent or unreadable.
pub fn profile_names(env: &HashMap<String, String>) -> Vec<String> {
    let home = home_dir(env);
    let path = match env.get("AWS_CONFIG_FILE").filter(|p| !p.is_empty()) {
        Some(p) => match (p.strip_prefix("~/"), &home) {
            (Some(rest), Some(h)) => h.join(rest),
            _ => PathBuf::from(p),
        },
        None => match home {
            Some(h) => h.join(".aws").join("config"),
            None => return Vec::new(),
        },
    };
    let Ok(text) = std::fs::read_to_string(&path) else {
        return Vec::new();
    };
    match awslice_runtime::config::profile::ProfileSet::parse(Some((&text, &path)), None) {
        Ok(set) => set.profile_names().into_iter().map(str::to_owned).collect(),
        Err(_) => Vec::new(),
    }
}

/// The regions `--region` completes to: those of the `aws` partition (the AWS CLI offers
/// the service's regions there), without the `aws-global` pseudo-region, sorted.
fn region_names() -> Vec<String> {
    let mut names: Vec<String> = awslice_endpoints::partitions()
        .iter()
        .filter(|p| p.name == "aws")
        .flat_map(|p| p.regions.iter())
        .filter(|r| !r.ends_with("-global"))
        .map(|r| (*r).to_owned())
        .collect();
    names.sort();
    names
}

fn complete_inner(
    services: &[&ServiceDef],
    words: &[String],
    current: &str,
    env: Option<&HashMap<String, String>>,
) -> Vec<Candidate> {
    let ctx = context(services, words);
    if matches!(ctx.stage, Stage::Done) {
        return Vec::new();
    }
    let opts = scope_opts(ctx.stage);
    if let Some(name) = &ctx.expecting {
        let Some(o) = opts.iter().find(|o| &o.name == name) else {
            return Vec::new();
        };
        if matches!(o.arity, Arity::Optional(_)) && current.starts_with('-') {
            return option_candidates(&opts, &ctx, current);
        }
        return value_candidates(o, "", current, env);
    }
    if let Some(name) = &ctx.open_list {
        if current.starts_with('-') && !is_negative_number(current) {
            return option_candidates(&opts, &ctx, current);
        }
        return match opts.iter().find(|o| &o.name == name) {
            Some(o) => value_candidates(o, "", current, env),
            None => Vec::new(),
        };
    }
    if current.starts_with("--")
        && let Some((name, partial)) = current.split_once('=')
    {
        return match resolve(&opts, name) {
            Some(o) if o.arity != Arity::Flag(true) && o.arity != Arity::Version => {
                value_candidates(o, &format!("{}=", o.name), partial, env)
            }
            _ => Vec::new(),
        };
    }
    if current.starts_with('-') {
        return option_candidates(&opts, &ctx, current);
    }
    match ctx.stage {
        Stage::TopLevel => {
            let mut out: Vec<Candidate> = services
                .iter()
                .map(|s| Candidate {
                    value: s.cli_name.to_owned(),
                    description: first_sentence(s.doc),
                    kind: CandidateKind::Service,
                })
                .collect();
            out.push(command("help", DOC_HELP));
            out.push(command("completion", DOC_COMPLETION));
            out.extend(
                crate::signin::COMMANDS
                    .iter()
                    .map(|(name, doc, _)| command(name, doc)),
            );
            out.retain(|c| c.value.starts_with(current));
            out
        }
        Stage::Service(svc) => {
            let mut out: Vec<Candidate> = svc
                .operations
                .iter()
                .map(|o| Candidate {
                    value: o.cli_name.to_owned(),
                    description: first_sentence(o.doc),
                    kind: CandidateKind::Operation,
                })
                .collect();
            out.push(command("help", DOC_HELP));
            out.retain(|c| c.value.starts_with(current));
            out
        }
        // As the AWS CLI: no more commands, so the options (which all start with `--`).
        Stage::Operation(..) => option_candidates(&opts, &ctx, current),
        Stage::Completion => SHELLS
            .iter()
            .filter(|s| s.starts_with(current))
            .map(|s| command(s, ""))
            .collect(),
        Stage::Subcommand(subs) => subs
            .iter()
            .filter(|(name, _)| name.starts_with(current))
            .map(|(name, doc)| command(name, doc))
            .collect(),
        Stage::Done => Vec::new(),
    }
}

fn command(value: &str, doc: &str) -> Candidate {
    Candidate {
        value: value.to_owned(),
        description: doc.to_owned(),
        kind: CandidateKind::Command,
    }
}

fn option_candidates(opts: &[Opt<'_>], ctx: &Context<'_>, current: &str) -> Vec<Candidate> {
    opts.iter()
        .filter(|o| o.name.starts_with(current) && !ctx.given.contains(&o.group))
        .map(|o| Candidate {
            value: o.name.clone(),
            description: first_sentence(o.doc),
            kind: o.kind,
        })
        .collect()
}

fn value_candidates(
    o: &Opt<'_>,
    prefix: &str,
    partial: &str,
    env: Option<&HashMap<String, String>>,
) -> Vec<Candidate> {
    let values: Vec<String> = match o.values {
        Values::None => Vec::new(),
        Values::Choices(c) => c.iter().map(|s| (*s).to_owned()).collect(),
        Values::Profiles => env.map(profile_names).unwrap_or_default(),
        Values::Regions => region_names(),
        Values::Shape(svc, shape) => match svc.shapes.get(shape).map(|s| &s.kind) {
            Some(ShapeKind::String { enum_values, .. }) => {
                enum_values.iter().map(|s| (*s).to_owned()).collect()
            }
            Some(ShapeKind::IntEnum { values }) => {
                values.iter().map(|(_, v)| v.to_string()).collect()
            }
            _ => Vec::new(),
        },
    };
    if values.is_empty()
        && let Some(env) = env
    {
        return file_candidates(prefix, partial, env);
    }
    values
        .into_iter()
        .filter(|v| v.starts_with(partial))
        .map(|v| Candidate {
            value: format!("{prefix}{v}"),
            description: String::new(),
            kind: CandidateKind::Value,
        })
        .collect()
}

/// The parameter an option names at this point of the command line (`--image-id` or
/// `--no-allow-copy-image` after `workspaces update-workspace-image-permission`); `None` for
/// global and generic options.
pub fn param_def<'a>(
    services: &[&'a ServiceDef],
    words: &[String],
    option: &str,
) -> Option<&'a ParamDef> {
    let Stage::Operation(svc, op) = context(services, words).stage else {
        return None;
    };
    let opts = operation_opts(svc, op);
    let name = resolve(&opts, option.split_once('=').map_or(option, |(n, _)| n))?
        .group
        .clone();
    op.params
        .iter()
        .find(|p| name.strip_prefix("--") == Some(p.cli_name))
}

/// The documentation (Markdown) of the option `option` at this point of the command line:
/// a parameter's member documentation, or the one-sentence description of a global or
/// generic option. `None` when the option is not known there.
pub fn param_doc(services: &[&ServiceDef], words: &[String], option: &str) -> Option<&'static str> {
    let stage = context(services, words).stage;
    let opts = scope_opts(stage);
    let name = option.split_once('=').map_or(option, |(n, _)| n);
    resolve(&opts, name).map(|o| o.doc)
}

/// The first sentence of Markdown documentation, as one line of plain text: the first
/// paragraph, with links reduced to their text, code spans, emphasis, HTML tags, quote and
/// list markers removed and whitespace collapsed, cut after the first `.`, `!` or `?`
/// followed by a space (`e.g.` and `i.e.` do not end a sentence).
pub fn first_sentence(markdown: &str) -> String {
    let para = markdown
        .split("\n\n")
        .map(str::trim)
        .find(|p| !p.trim_start_matches(['>', '#', ' ', '\n']).is_empty())
        .unwrap_or("");
    let text = strip_markdown(para);
    let chars: Vec<char> = text.chars().collect();
    let mut end = chars.len();
    for i in 0..chars.len() {
        if matches!(chars[i], '.' | '!' | '?') && chars.get(i + 1).is_none_or(|c| *c == ' ') {
            let before: String = chars[..i].iter().collect();
            if chars[i] == '.' && (before.ends_with("e.g") || before.ends_with("i.e")) {
                continue;
            }
            end = i + 1;
            break;
        }
    }
    chars[..end].iter().collect::<String>().trim().to_owned()
}

/// Markdown / HTML to plain text, on one line. Written by hand: a Markdown parser crate
/// would be a large dependency for reducing one paragraph to text.
fn strip_markdown(text: &str) -> String {
    let mut lines = Vec::new();
    for line in text.lines() {
        let mut l = line.trim_start();
        while let Some(rest) = l.strip_prefix('>') {
            l = rest.trim_start();
        }
        l = l.trim_start_matches('#').trim_start();
        if let Some(rest) = l.strip_prefix("- ").or_else(|| l.strip_prefix("* ")) {
            l = rest;
        }
        lines.push(l);
    }
    let joined = lines.join(" ");
    let chars: Vec<char> = joined.chars().collect();
    let mut out = String::with_capacity(joined.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            // `[text](url)` → `text`; a `[` without a link stays.
            '[' => {
                if let Some(close) = chars[i..].iter().position(|&c| c == ']').map(|p| p + i)
                    && chars.get(close + 1) == Some(&'(')
                    && let Some(paren) = chars[close..].iter().position(|&c| c == ')')
                {
                    out.extend(&chars[i + 1..close]);
                    i = close + paren + 1;
                    continue;
                }
                out.push(c);
            }
            '!' if chars.get(i + 1) == Some(&'[') => {}
            '<' => match chars[i..].iter().position(|&c| c == '>') {
                Some(p)
                    if chars
                        .get(i + 1)
                        .is_some_and(|c| c.is_ascii_alphabetic() || *c == '/') =>
                {
                    i += p + 1;
                    continue;
                }
                _ => out.push(c),
            },
            '`' | '*' => {}
            '_' => {
                let prev = i.checked_sub(1).and_then(|p| chars.get(p));
                let next = chars.get(i + 1);
                let word = |c: Option<&char>| c.is_some_and(|c| c.is_alphanumeric());
                if word(prev) && word(next) {
                    out.push(c);
                }
            }
            '\\' if chars.get(i + 1).is_some_and(|c| c.is_ascii_punctuation()) => {
                out.push(chars[i + 1]);
                i += 2;
                continue;
            }
            _ => out.push(c),
        }
        i += 1;
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_sentence_strips_markdown() {
        assert_eq!(
            first_sentence("The identifier of the image. More text."),
            "The identifier of the image."
        );
        assert_eq!(
            first_sentence("If you received a `NextToken` from a call, provide it."),
            "If you received a NextToken from a call, provide it."
        );
        assert_eq!(
            first_sentence("See [Share an Image](https://x.example/a.html) now. Then"),
            "See Share an Image now."
        );
        assert_eq!(
            first_sentence("Amazon WorkSpaces Service\n\nAmazon WorkSpaces provides desktops."),
            "Amazon WorkSpaces Service"
        );
        assert_eq!(
            first_sentence("Use a value, e.g. 5 and\n  more __bold__ *it* my_name. Second."),
            "Use a value, e.g. 5 and more bold it my_name."
        );
        assert_eq!(first_sentence("<p>Hello <b>world</b>.</p>"), "Hello world.");
        assert_eq!(first_sentence("> - Quoted item. Next."), "Quoted item.");
        assert_eq!(first_sentence(""), "");
        assert_eq!(first_sentence("a < b and 1.5 works"), "a < b and 1.5 works");
    }

    #[test]
    fn regions() {
        let c = complete(&[], &["--region".to_owned()], "us-east-");
        let v: Vec<&str> = c.iter().map(|c| c.value.as_str()).collect();
        assert_eq!(v, ["us-east-1", "us-east-2"]);
        let all = region_names();
        assert!(all.contains(&"eu-west-1".to_owned()));
        assert!(
            !all.iter()
                .any(|r| r.ends_with("-global") || r.starts_with("cn-"))
        );
    }

    #[test]
    fn negative_numbers() {
        assert!(is_negative_number("-5"));
        assert!(is_negative_number("-1.5"));
        assert!(!is_negative_number("-x"));
        assert!(!is_negative_number("-"));
        assert!(!is_option_like("-"));
        assert!(is_option_like("--x"));
    }

    #[test]
    fn global_options_in_aws_order_with_docs() {
        let names: Vec<String> = global_opts().into_iter().map(|o| o.name).collect();
        assert_eq!(names.first().map(String::as_str), Some("--debug"));
        assert_eq!(names.last().map(String::as_str), Some("--cli-error-format"));
        for o in global_opts() {
            assert!(!o.doc.is_empty(), "{} has no description", o.name);
        }
    }

    #[test]
    fn top_level_and_values() {
        let words: Vec<String> = Vec::new();
        let c = complete(&[], &words, "");
        let v: Vec<&str> = c.iter().map(|c| c.value.as_str()).collect();
        assert_eq!(v, ["help", "completion", "configure", "sso"]);
        let c = complete(&[], &["sso".to_owned()], "");
        let v: Vec<&str> = c.iter().map(|c| c.value.as_str()).collect();
        assert_eq!(v, ["login", "logout"]);
        let c = complete(&[], &["configure".to_owned()], "e");
        let v: Vec<&str> = c.iter().map(|c| c.value.as_str()).collect();
        assert_eq!(v, ["export-credentials"]);
        assert!(complete(&[], &["sso".to_owned(), "login".to_owned()], "").is_empty());
        let c = complete(&[], &["--output".to_owned()], "y");
        let v: Vec<&str> = c.iter().map(|c| c.value.as_str()).collect();
        assert_eq!(v, ["yaml", "yaml-stream"]);
        let c = complete(&[], &[], "--col");
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].value, "--color");
        assert_eq!(c[0].kind, CandidateKind::GlobalOption);
        assert_eq!(c[0].description, "Turn on/off color output.");
        let c = complete(&[], &[], "--color=o");
        let v: Vec<&str> = c.iter().map(|c| c.value.as_str()).collect();
        assert_eq!(v, ["--color=on", "--color=off"]);
        // An abbreviation counts as the option it names.
        let c = complete(&[], &["--col".to_owned(), "on".to_owned()], "--col");
        assert!(c.is_empty());
        let c = complete(&[], &["completion".to_owned()], "");
        let v: Vec<&str> = c.iter().map(|c| c.value.as_str()).collect();
        assert_eq!(v, ["bash", "zsh", "fish"]);
        assert!(complete(&[], &["completion".to_owned(), "bash".to_owned()], "").is_empty());
        assert!(complete(&[], &["help".to_owned()], "").is_empty());
        assert!(complete(&[], &["--version".to_owned()], "").is_empty());
    }
}
