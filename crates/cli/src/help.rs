//! `help` pages as plain text.
//!
//! The AWS CLI renders reStructuredText to a man page and prints it through groff; awslice
//! lays the same page out itself (see [`layout`]), so no external program is needed: the
//! title line, NAME, DESCRIPTION (with `NOTE:`/`WARNING:` blocks and "See also"),
//! SYNOPSIS, OPTIONS (`[required]`, `Possible values:`, `Constraints:`, nested members,
//! `Syntax:`/`JSON Syntax:` samples, the input-document and skeleton options), GLOBAL
//! OPTIONS, OUTPUT and the footer, with the AWS CLI v2's texts, indents and 78-column
//! lines. Paragraphs are left-aligned and never hyphenated (groff justifies and
//! hyphenates).

mod layout;
mod markdown;
mod syntax;

use crate::globals;
use crate::schema::{MemberDef, MemberWire, OperationDef, ServiceDef, ShapeIdx, ShapeKind};
use layout::{BODY, Page, STEP};
use markdown::Block;

/// `--cli-input-json | --cli-input-yaml`, documented as one paragraph (as the AWS CLI
/// prints it: the option and its text run together).
const CLI_INPUT_HELP: &str = "--cli-input-json | --cli-input-yaml (string) Reads arguments from the JSON string provided. The JSON string follows the format provided by --generate-cli-skeleton. If other arguments are provided on the command line, those values will override the JSON-provided values. It is not possible to pass arbitrary binary values using a JSON-provided value as the string will be taken literally. This may not be specified along with --cli-input-yaml.";

/// `--generate-cli-skeleton`, documented as one paragraph.
const SKELETON_HELP: &str = "--generate-cli-skeleton (string) Prints a JSON skeleton to standard output without sending an API request. If provided with no value or the value input, prints a sample input JSON that can be used as an argument for --cli-input-json. Similarly, if provided yaml-input it will print a sample input YAML that can be used with --cli-input-yaml. If provided with the value output, it validates the command inputs and returns a sample output JSON for that command. The generated JSON skeleton is not stable between versions of the AWS CLI and there are no backwards compatibility guarantees in the JSON skeleton generated.";

const PAGINATION_SEE_ALSO: &str =
    "For usage examples, see Pagination in the AWS Command Line Interface User Guide .";
const STARTING_TOKEN_HELP: &str = "A token to specify where to start paginating. This is the NextToken from a previously truncated response.";
const PAGE_SIZE_HELP: &str = "The size of each page to get in the AWS service call. This does not affect the number of items returned in the command's output. Setting a smaller page size results in more calls to the AWS service, retrieving fewer items in each call. This can help prevent the AWS service calls from timing out.";
const MAX_ITEMS_HELP: &str = "The total number of items to return in the command's output. If the total number of items available is more than the value specified, a NextToken is provided in the command's output. To resume pagination, provide the NextToken value in the starting-token argument of a subsequent command. Do not use the NextToken response element directly outside of the AWS CLI.";

/// botocore's type name of a shape (`_get_argument_type_name`: documents and tagged
/// unions get their own names).
pub(crate) fn type_name(svc: &ServiceDef, shape: ShapeIdx) -> &'static str {
    match svc.shapes.get(shape).map(|s| &s.kind) {
        Some(ShapeKind::String { .. }) => "string",
        Some(ShapeKind::Boolean) => "boolean",
        Some(ShapeKind::Integer { .. } | ShapeKind::IntEnum { .. } | ShapeKind::BigInteger) => {
            "integer"
        }
        Some(ShapeKind::Float { .. } | ShapeKind::BigDecimal) => "double",
        Some(ShapeKind::List { .. }) => "list",
        Some(ShapeKind::Map { .. }) => "map",
        Some(ShapeKind::Timestamp { .. }) => "timestamp",
        Some(ShapeKind::Blob { streaming: true }) => "streaming blob",
        Some(ShapeKind::Blob { .. }) => "blob",
        Some(ShapeKind::Document) => "document",
        Some(ShapeKind::Union { .. }) => "tagged union structure",
        Some(ShapeKind::Structure { .. }) | None => "structure",
    }
}

/// Lays out documentation Markdown at `indent`. `first` is true while nothing has been
/// written in the enclosing block (its first paragraph gets no blank line before it).
fn docs(page: &mut Page, indent: u32, md: &str, first: &mut bool) {
    for block in markdown::blocks(md) {
        block_out(page, indent, &block, first);
    }
}

fn block_out(page: &mut Page, indent: u32, block: &Block, first: &mut bool) {
    match block {
        Block::Para { depth, text } => {
            if text.trim().is_empty() {
                return;
            }
            if !*first {
                page.space();
            }
            page.paragraph(indent + 4 * *depth as u32, text);
        }
        Block::Item { depth, text } => {
            page.bullet(indent + 4 * depth.saturating_sub(1) as u32, text);
        }
        Block::Admonition { warning, blocks } => {
            page.space();
            page.paragraph(indent, if *warning { "WARNING:" } else { "NOTE:" });
            let mut inner_first = true;
            for b in blocks {
                block_out(page, indent + STEP, b, &mut inner_first);
            }
        }
    }
    *first = false;
}

/// A paragraph, after a blank line unless it is the first thing in its block.
fn para(page: &mut Page, indent: u32, text: &str, first: &mut bool) {
    if !*first {
        page.space();
    }
    page.paragraph(indent, text);
    *first = false;
}

/// `Possible values:` of a string enum.
fn enums(page: &mut Page, svc: &ServiceDef, indent: u32, shape: ShapeIdx, first: &mut bool) {
    if let Some(ShapeKind::String { enum_values, .. }) = svc.shapes.get(shape).map(|s| &s.kind)
        && !enum_values.is_empty()
    {
        para(page, indent, "Possible values:", first);
        for v in enum_values.iter() {
            page.bullet(indent, v);
        }
    }
}

/// `Constraints:` (botocore's `min`, `max` and `pattern` metadata).
fn constraints(page: &mut Page, svc: &ServiceDef, indent: u32, shape: ShapeIdx, first: &mut bool) {
    let mut items: Vec<String> = Vec::new();
    let mut push = |name: &str, v: Option<String>| {
        if let Some(v) = v {
            items.push(format!("{name}: {v}"));
        }
    };
    match svc.shapes.get(shape).map(|s| &s.kind) {
        Some(ShapeKind::String {
            min_len,
            max_len,
            pattern,
            ..
        }) => {
            push("min", min_len.map(|v| v.to_string()));
            push("max", max_len.map(|v| v.to_string()));
            push("pattern", pattern.map(str::to_owned));
        }
        Some(ShapeKind::List {
            min_len, max_len, ..
        }) => {
            push("min", min_len.map(|v| v.to_string()));
            push("max", max_len.map(|v| v.to_string()));
        }
        Some(ShapeKind::Integer { min, max }) => {
            push("min", min.map(|v| v.to_string()));
            push("max", max.map(|v| v.to_string()));
        }
        Some(ShapeKind::Float { min, max }) => {
            push("min", min.map(awslice_pyfmt::float_repr));
            push("max", max.map(awslice_pyfmt::float_repr));
        }
        _ => {}
    }
    if items.is_empty() {
        return;
    }
    para(page, indent, "Constraints:", first);
    for item in &items {
        page.bullet(indent, item);
    }
}

/// The note the AWS CLI adds to a tagged union.
fn union_note(page: &mut Page, svc: &ServiceDef, indent: u32, shape: ShapeIdx, first: &mut bool) {
    if let Some(ShapeKind::Union { members }) = svc.shapes.get(shape).map(|s| &s.kind) {
        let names: Vec<&str> = members.iter().map(|m| m.name).collect();
        note(
            page,
            indent,
            &format!(
                "This is a Tagged Union structure. Only one of the following top level keys can be set: {}.",
                names.join(", ")
            ),
            first,
        );
    }
}

/// The AWS CLI's note on a streaming blob parameter (a file path, read as bytes).
fn streaming_blob_note(
    page: &mut Page,
    svc: &ServiceDef,
    indent: u32,
    shape: ShapeIdx,
    first: &mut bool,
) {
    if let Some(ShapeKind::Blob { streaming: true }) = svc.shapes.get(shape).map(|s| &s.kind) {
        note(
            page,
            indent,
            "This argument is of type: streaming blob. Its value must be the path to a file (e.g. path/to/file) and must not be prefixed with file:// or fileb://",
            first,
        );
    }
}

/// A `NOTE:` block holding one paragraph.
fn note(page: &mut Page, indent: u32, text: &str, first: &mut bool) {
    let note = Block::Admonition {
        warning: false,
        blocks: vec![Block::Para {
            depth: 0,
            text: text.to_owned(),
        }],
    };
    block_out(page, indent, &note, first);
}

/// A member's documentation: its own, else its target's (botocore merges them that way).
fn member_doc<'a>(svc: &'a ServiceDef, doc: &'a str, target: ShapeIdx) -> &'a str {
    if doc.trim().is_empty() {
        svc.shapes.get(target).map_or("", |s| s.doc)
    } else {
        doc
    }
}

/// The members of a structure, list, map or union shape, documented one by one
/// (`_document_nested_structure`).
fn nested(
    page: &mut Page,
    svc: &ServiceDef,
    indent: u32,
    shape: ShapeIdx,
    stack: &mut Vec<ShapeIdx>,
    first: &mut bool,
) {
    match svc.shapes.get(shape).map(|s| &s.kind) {
        Some(ShapeKind::Structure { members, .. } | ShapeKind::Union { members }) => {
            for m in members.iter() {
                member(page, svc, indent, Some(m.name), m, stack, first);
            }
        }
        Some(ShapeKind::List { member: target, .. }) => {
            let m = synthetic(*target);
            member(page, svc, indent, None, &m, stack, first);
        }
        Some(ShapeKind::Map { key, value, .. }) => {
            member(
                page,
                svc,
                indent,
                Some("key"),
                &synthetic(*key),
                stack,
                first,
            );
            member(
                page,
                svc,
                indent,
                Some("value"),
                &synthetic(*value),
                stack,
                first,
            );
        }
        _ => {}
    }
}

/// A member for a list's, key's or value's target (no name, no documentation of its own).
fn synthetic(target: ShapeIdx) -> MemberDef {
    MemberDef {
        name: "",
        json_name: None,
        target,
        required: false,
        doc: "",
        idempotency_token: false,
        deprecated: false,
        wire: MemberWire::BODY,
    }
}

/// `Name -> (type) [required]` and what it contains (`_doc_member`).
fn member(
    page: &mut Page,
    svc: &ServiceDef,
    indent: u32,
    name: Option<&str>,
    m: &MemberDef,
    stack: &mut Vec<ShapeIdx>,
    first: &mut bool,
) {
    let shape = m.target;
    let seen = stack.iter().filter(|&&s| s == shape).count();
    if seen > 1 {
        if matches!(
            svc.shapes.get(shape).map(|s| &s.kind),
            Some(ShapeKind::Structure { .. } | ShapeKind::Union { .. })
        ) {
            para(page, indent, "( ... recursive ... )", first);
        }
        return;
    }
    stack.push(shape);
    let ty = type_name(svc, shape);
    let mut header = match name {
        Some(n) => format!("{n} -> ({ty})"),
        None => format!("({ty})"),
    };
    if m.required {
        header.push_str(" [required]");
    }
    para(page, indent, &header, first);
    let body = indent + STEP;
    let mut inner = true;
    docs(page, body, member_doc(svc, m.doc, shape), &mut inner);
    union_note(page, svc, body, shape, &mut inner);
    enums(page, svc, body, shape, &mut inner);
    constraints(page, svc, body, shape, &mut inner);
    nested(page, svc, body, shape, stack, &mut inner);
    stack.pop();
}

/// The input member `name` of the operation.
fn input_member(svc: &ServiceDef, op: &OperationDef, name: &str) -> Option<&'static MemberDef> {
    match op
        .wire
        .input
        .and_then(|i| svc.shapes.get(i))
        .map(|s| &s.kind)
    {
        Some(ShapeKind::Structure { members, .. }) => members.iter().find(|m| m.name == name),
        _ => None,
    }
}

/// An option's documentation is hidden when pagination replaces it (the AWS CLI marks the
/// input tokens and the limit key `_UNDOCUMENTED`).
fn hidden_by_paging(op: &OperationDef, member: &str) -> bool {
    op.paginator
        .as_ref()
        .is_some_and(|p| p.input_tokens.contains(&member) || p.limit_key == Some(member))
}

fn is_boolean(svc: &ServiceDef, shape: ShapeIdx) -> bool {
    matches!(
        svc.shapes.get(shape).map(|s| &s.kind),
        Some(ShapeKind::Boolean)
    )
}

fn global_synopsis(page: &mut Page) {
    for g in globals::OPTIONS {
        let line = if g.type_name == "boolean" {
            format!("[{}]", g.name)
        } else {
            format!("[{} <value>]", g.name)
        };
        page.literal(BODY + STEP, &line);
    }
}

fn global_options(page: &mut Page) {
    page.section("GLOBAL OPTIONS");
    for g in globals::OPTIONS {
        page.space();
        page.paragraph(BODY, &format!("{} ({})", g.name, g.type_name));
        page.space();
        page.paragraph(BODY, g.help);
        for c in g.choices.unwrap_or_default() {
            page.bullet(BODY, c);
        }
    }
}

/// The page-size member's shape, for `--page-size`'s type and constraints.
fn page_size_shape(svc: &ServiceDef, op: &OperationDef) -> Option<ShapeIdx> {
    let name = op.paginator.as_ref()?.limit_key?;
    input_member(svc, op, name).map(|m| m.target)
}

/// `awslice <service> <operation> help`.
pub fn operation_help(svc: &ServiceDef, op: &OperationDef) -> String {
    let mut page = Page::new(op.cli_name);
    page.section("NAME");
    page.paragraph(BODY, &format!("{} -", op.cli_name));

    page.section("DESCRIPTION");
    let mut first = true;
    docs(&mut page, BODY, op.doc, &mut first);
    para(
        &mut page,
        BODY,
        "See also: AWS API Documentation",
        &mut first,
    );
    if let Some(p) = &op.paginator {
        let mut text = format!(
            "{} is a paginated operation. Multiple API calls may be issued in order to retrieve the entire data set of results. You can disable pagination by providing the --no-paginate argument.",
            op.cli_name
        );
        if !p.result_keys.is_empty() {
            text.push_str(&format!(
                "\nWhen using --output text and the --query argument on a paginated response, the --query argument must extract data from the results of the following query expressions: {}",
                p.result_keys.join(", ")
            ));
        }
        para(&mut page, BODY, &text, &mut first);
    }

    // Documented options: (name, shape, required, doc), in argument-table order.
    let documented: Vec<_> = op
        .params
        .iter()
        .filter(|p| !hidden_by_paging(op, p.member))
        .map(|p| {
            let m = input_member(svc, op, p.member);
            let required = m.map_or(p.required, |m| m.required && !m.idempotency_token);
            (p, required)
        })
        .collect();

    page.section("SYNOPSIS");
    page.literal(BODY + STEP, &format!("  {}", op.cli_name));
    for (p, required) in &documented {
        let mut syn = if is_boolean(svc, p.shape) {
            format!("--{0} | --no-{0}", p.cli_name)
        } else {
            format!("--{} <value>", p.cli_name)
        };
        if !required {
            syn = format!("[{syn}]");
        }
        page.literal(BODY + STEP, &syn);
    }
    // An operation with the `outfile` positional has no input documents and no skeletons.
    let outfile = awslice_runtime::schema::OperationSchema {
        shapes: svc.shapes,
        operation: &op.wire,
    }
    .blob_payload_output()
    .is_some();
    if !outfile {
        page.literal(BODY + STEP, "[--cli-input-json | --cli-input-yaml]");
    }
    let page_size = page_size_shape(svc, op);
    if op.paginator.is_some() {
        page.literal(BODY + STEP, "[--starting-token <value>]");
        if page_size.is_some() {
            page.literal(BODY + STEP, "[--page-size <value>]");
        }
        page.literal(BODY + STEP, "[--max-items <value>]");
    }
    if outfile {
        page.literal(BODY + STEP, "<outfile>");
    } else {
        page.literal(BODY + STEP, "[--generate-cli-skeleton <value>]");
    }
    global_synopsis(&mut page);

    page.section("OPTIONS");
    if documented.is_empty() {
        page.paragraph(BODY, "None");
    }
    for (p, required) in &documented {
        let shape = p.shape;
        let name = if is_boolean(svc, shape) {
            format!("--{0} | --no-{0}", p.cli_name)
        } else {
            format!("--{}", p.cli_name)
        };
        let mut header = format!("{name} ({})", type_name(svc, shape));
        if *required {
            header.push_str(" [required]");
        }
        page.space();
        page.paragraph(BODY, &header);
        let body = BODY + STEP;
        let mut first = true;
        docs(&mut page, body, member_doc(svc, p.doc, shape), &mut first);
        streaming_blob_note(&mut page, svc, body, shape, &mut first);
        union_note(&mut page, svc, body, shape, &mut first);
        enums(&mut page, svc, body, shape, &mut first);
        constraints(&mut page, svc, body, shape, &mut first);
        let mut stack = vec![shape];
        nested(&mut page, svc, body, shape, &mut stack, &mut first);
        example(&mut page, svc, op, p.cli_name, shape);
    }
    if !outfile {
        page.space();
        page.paragraph(BODY, CLI_INPUT_HELP);
    }
    if op.paginator.is_some() {
        let int_type = page_size.map_or("integer", |s| type_name(svc, s));
        paging_option(
            &mut page,
            "starting-token",
            "string",
            STARTING_TOKEN_HELP,
            None,
            svc,
        );
        if let Some(s) = page_size {
            paging_option(
                &mut page,
                "page-size",
                int_type,
                PAGE_SIZE_HELP,
                Some(s),
                svc,
            );
        }
        paging_option(&mut page, "max-items", int_type, MAX_ITEMS_HELP, None, svc);
    }
    page.space();
    if outfile {
        // The AWS CLI's streaming-output argument: a required string positional.
        page.paragraph(BODY, "outfile (string) [required]");
        let mut first = true;
        para(
            &mut page,
            BODY + STEP,
            "Filename where the content will be saved",
            &mut first,
        );
    } else {
        page.paragraph(BODY, SKELETON_HELP);
    }

    global_options(&mut page);

    page.section("OUTPUT");
    let members = match op
        .wire
        .output
        .and_then(|o| svc.shapes.get(o))
        .map(|s| &s.kind)
    {
        Some(ShapeKind::Structure { members, .. }) => *members,
        _ => &[],
    };
    if members.is_empty() {
        page.paragraph(BODY, "None");
    }
    let mut first = true;
    for m in members {
        let top = MemberDef {
            required: false,
            ..*m
        };
        member(
            &mut page,
            svc,
            BODY,
            Some(m.name),
            &top,
            &mut Vec::new(),
            &mut first,
        );
    }
    page.finish()
}

/// `--starting-token`, `--page-size`, `--max-items`.
fn paging_option(
    page: &mut Page,
    name: &str,
    ty: &str,
    help: &str,
    shape: Option<ShapeIdx>,
    svc: &ServiceDef,
) {
    page.space();
    page.paragraph(BODY, &format!("--{name} ({ty})"));
    let body = BODY + STEP;
    let mut first = true;
    para(page, body, help, &mut first);
    para(page, body, PAGINATION_SEE_ALSO, &mut first);
    if let Some(s) = shape {
        constraints(page, svc, body, s, &mut first);
    }
}

/// The `Shorthand Syntax:`, `Syntax:` or `JSON Syntax:` samples after a non-scalar option
/// (`doc_option_example`).
fn example(page: &mut Page, svc: &ServiceDef, op: &OperationDef, option: &str, shape: ShapeIdx) {
    match syntax::shorthand(svc, op.cli_name, option, shape) {
        syntax::Shorthand::NoExample => return,
        syntax::Shorthand::Lines(lines) => sample(page, "Shorthand Syntax:", &lines),
        syntax::Shorthand::Unsupported | syntax::Shorthand::TooComplex => {}
    }
    match svc.shapes.get(shape).map(|s| &s.kind) {
        Some(ShapeKind::List { member, .. }) if syntax::is_scalar(svc, *member) => {
            let v = syntax::value_name(svc, *member, false);
            sample(page, "Syntax:", &[format!("{v} {v} ...")]);
        }
        _ if syntax::is_scalar(svc, shape) => {}
        _ => sample(page, "JSON Syntax:", &syntax::json_example(svc, shape)),
    }
}

fn sample(page: &mut Page, title: &str, lines: &[String]) {
    page.space();
    page.paragraph(BODY, title);
    page.space();
    for l in lines {
        page.literal(BODY + STEP, l);
    }
}

/// `awslice <service> help`: the service's documentation and its commands (`help`
/// included, deprecated operations left out), sorted.
pub fn service_help(svc: &ServiceDef) -> String {
    let mut page = Page::new(svc.cli_name);
    page.section("NAME");
    page.paragraph(BODY, &format!("{} -", svc.cli_name));
    page.section("DESCRIPTION");
    docs(&mut page, BODY, svc.doc, &mut true);
    page.section("AVAILABLE COMMANDS");
    let mut names: Vec<&str> = svc
        .operations
        .iter()
        .filter(|o| !o.deprecated)
        .map(|o| o.cli_name)
        .chain(["help"])
        .collect();
    names.sort_unstable();
    for n in names {
        page.bullet(BODY, n);
    }
    page.finish()
}

/// `awslice help`: the services and the other top-level commands (`extra_commands`, such
/// as `completion`, and `help`), sorted together as the AWS CLI sorts its command table.
pub fn main_help(services: &[&'static ServiceDef], extra_commands: &[&str]) -> String {
    let prog = crate::PROG;
    let mut page = Page::new(prog);
    page.section("NAME");
    page.paragraph(BODY, &format!("{prog} -"));
    page.section("DESCRIPTION");
    page.paragraph(
        BODY,
        &format!(
            "{prog} is a fast, drop-in replacement for the AWS Command Line Interface's commands of the services listed below."
        ),
    );
    page.section("SYNOPSIS");
    page.literal(
        BODY + STEP,
        &format!("{prog} [options] <command> <subcommand> [parameters]"),
    );
    page.space();
    page.paragraph(
        BODY,
        &format!(
            "Use {prog} command help for information on a specific command. The synopsis for each command shows its parameters and their usage. Optional parameters are shown in square brackets."
        ),
    );
    global_options(&mut page);
    page.section("AVAILABLE SERVICES");
    let mut names: Vec<&str> = services
        .iter()
        .map(|s| s.cli_name)
        .chain(extra_commands.iter().copied())
        .chain(["help"])
        .collect();
    names.sort_unstable();
    names.dedup();
    for n in names {
        page.bullet(BODY, n);
    }
    page.finish()
}

/// Where a help page goes.
#[derive(Debug, PartialEq, Eq)]
enum HelpOutput {
    /// Straight to stdout: it is not a terminal, and a pager would copy the page unchanged.
    Stdout,
    /// The pager program is not on `PATH`: the AWS CLI then prints the page itself, with one
    /// more newline.
    NoPager,
    /// Through this pager command.
    Pager(Vec<String>),
}

/// The help pager as the AWS CLI v2 picks it: `MANPAGER`, then `PAGER`, then `less -R`
/// (not `AWS_PAGER`, and without `LESS=FRX`). Errors are Python's texts for a command
/// `shlex.split` rejects or that has no words.
fn help_output(
    env: &std::collections::HashMap<String, String>,
    stdout_is_tty: bool,
) -> Result<HelpOutput, String> {
    if !stdout_is_tty {
        return Ok(HelpOutput::Stdout);
    }
    let cmd = env
        .get("MANPAGER")
        .or_else(|| env.get("PAGER"))
        .map_or("less -R", String::as_str);
    let words = crate::pager::split(cmd).map_err(str::to_owned)?;
    let Some(prog) = words.first() else {
        return Err("list index out of range".to_owned());
    };
    let path = env.get("PATH").map_or("", String::as_str);
    // `os.path.join(dir, prog)` for each `PATH` entry: an absolute `prog` stands alone.
    if std::env::split_paths(path).any(|dir| dir.join(prog).exists()) {
        Ok(HelpOutput::Pager(words))
    } else {
        Ok(HelpOutput::NoPager)
    }
}

/// Ctrl-C while the help pager runs belongs to the pager (`less` handles it, and the AWS
/// CLI ignores it meanwhile): installing tokio's SIGINT handler replaces the default action
/// (ending awslice and leaving the pager behind) for the rest of this process, which ends
/// when the pager does.
fn ignore_interrupts() {
    #[cfg(unix)]
    if let Ok(rt) = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        rt.block_on(async {
            let _ = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::interrupt());
        });
    }
}

impl crate::Command<'_> {
    /// Shows a help page: through the help pager on a terminal, else on stdout.
    pub(crate) fn show_help(&mut self, text: &str) -> Result<(), crate::failure::Failure> {
        let words = match help_output(&self.env, self.stdout_is_tty)
            .map_err(|e| crate::failure::Failure::General(e, crate::RC_GENERAL))?
        {
            HelpOutput::Stdout => return self.out(text),
            HelpOutput::NoPager => return self.out(&format!("{text}\n")),
            HelpOutput::Pager(words) => words,
        };
        let Some((prog, args)) = words.split_first() else {
            return self.out(text);
        };
        if self.handle_sigint {
            ignore_interrupts();
        }
        let spawned = std::process::Command::new(prog)
            .args(args)
            .env_clear()
            .envs(&self.env)
            .stdin(std::process::Stdio::piped())
            .spawn();
        match spawned {
            Ok(mut child) => {
                if let Some(mut stdin) = child.stdin.take() {
                    use std::io::Write as _;
                    // A pager that quits early closes the pipe: not an error.
                    let _ = stdin.write_all(text.as_bytes());
                }
                let _ = child.wait();
                Ok(())
            }
            // On PATH but not runnable: printed as when the pager is missing.
            Err(_) => self.out(&format!("{text}\n")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    #[test]
    fn help_pager_choice() {
        let dir = std::env::temp_dir().join(format!("awslice-help-pager-{}", std::process::id()));
        let _ = std::fs::create_dir_all(&dir);
        let prog = dir.join("mypager");
        let _ = std::fs::write(&prog, "");
        let mut env: HashMap<String, String> = HashMap::new();
        env.insert("PATH".into(), dir.display().to_string());
        // Not a terminal: no pager.
        assert_eq!(help_output(&env, false), Ok(HelpOutput::Stdout));
        // `less` is not in this PATH.
        assert_eq!(help_output(&env, true), Ok(HelpOutput::NoPager));
        env.insert("PAGER".into(), "mypager -x".into());
        assert_eq!(
            help_output(&env, true),
            Ok(HelpOutput::Pager(vec![
                "mypager".to_owned(),
                "-x".to_owned()
            ]))
        );
        env.insert("MANPAGER".into(), "nothere".into());
        assert_eq!(help_output(&env, true), Ok(HelpOutput::NoPager));
        env.insert("MANPAGER".into(), prog.display().to_string());
        assert_eq!(
            help_output(&env, true),
            Ok(HelpOutput::Pager(vec![prog.display().to_string()]))
        );
        env.insert("MANPAGER".into(), "'open".into());
        assert_eq!(
            help_output(&env, true),
            Err("No closing quotation".to_owned())
        );
        env.insert("MANPAGER".into(), " ".into());
        assert_eq!(
            help_output(&env, true),
            Err("list index out of range".to_owned())
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}
