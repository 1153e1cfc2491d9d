//! `help` pages as plain text.
//!
//! The AWS CLI renders reStructuredText through groff; awslice prints the same sections
//! (NAME, DESCRIPTION, SYNOPSIS, OPTIONS, GLOBAL OPTIONS, OUTPUT) as plain text, with the
//! documentation's Markdown indented, so no external program is needed.

use std::fmt::Write as _;

use crate::schema::{OperationDef, ServiceDef, ShapeKind};

const GLOBAL_SYNOPSIS: &[&str] = &[
    "[--debug]",
    "[--endpoint-url <value>]",
    "[--no-verify-ssl]",
    "[--no-paginate]",
    "[--output <value>]",
    "[--query <value>]",
    "[--profile <value>]",
    "[--region <value>]",
    "[--version <value>]",
    "[--color <value>]",
    "[--no-sign-request]",
    "[--ca-bundle <value>]",
    "[--cli-read-timeout <value>]",
    "[--cli-connect-timeout <value>]",
    "[--cli-binary-format <value>]",
    "[--no-cli-pager]",
    "[--cli-auto-prompt]",
    "[--no-cli-auto-prompt]",
    "[--cli-error-format <value>]",
];

fn indent(text: &str, by: usize) -> String {
    let pad = " ".repeat(by);
    let mut out = String::new();
    for line in text.trim().lines() {
        if line.trim().is_empty() {
            out.push('\n');
        } else {
            let _ = writeln!(out, "{pad}{line}");
        }
    }
    out
}

fn type_name(svc: &ServiceDef, shape: usize) -> &'static str {
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
        Some(ShapeKind::Blob) => "blob",
        Some(ShapeKind::Document) => "document",
        _ => "structure",
    }
}

/// The paging options of a paginated operation, as the AWS CLI documents them.
const PAGING_HELP_STARTING_TOKEN: &str = "       --starting-token (string)\n          A token to specify where to start paginating. This is the NextToken\n          from a previously truncated response.\n\n";
const PAGING_HELP_PAGE_SIZE: &str = "       --page-size (integer)\n          The size of each page to get in the AWS service call. This does not\n          affect the number of items returned in the command's output.\n\n";
const PAGING_HELP_MAX_ITEMS: &str = "       --max-items (integer)\n          The total number of items to return in the command's output. If the\n          total number of items available is more than the value specified, a\n          NextToken is provided in the command's output. To resume pagination,\n          provide the NextToken value in the starting-token argument of a\n          subsequent command.\n\n";

/// `awslice <service> <operation> help`.
pub fn operation_help(svc: &ServiceDef, op: &OperationDef) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "NAME\n       {} -\n\nDESCRIPTION\n{}\nSYNOPSIS\n            {}\n",
        op.cli_name,
        indent(op.doc, 7),
        op.cli_name
    );
    for p in op.params {
        let boolean = matches!(
            svc.shapes.get(p.shape).map(|s| &s.kind),
            Some(ShapeKind::Boolean)
        );
        let mut syn = if boolean {
            format!("--{0} | --no-{0}", p.cli_name)
        } else {
            format!("--{} <value>", p.cli_name)
        };
        let member_required = op
            .input
            .and_then(|i| svc.shapes.get(i))
            .and_then(|s| match &s.kind {
                ShapeKind::Structure { members, .. } => members
                    .iter()
                    .find(|m| m.name == p.member)
                    .map(|m| m.required),
                _ => None,
            })
            .unwrap_or(p.required);
        if !member_required {
            syn = format!("[{syn}]");
        }
        let _ = writeln!(out, "          {syn}");
    }
    out.push_str("          [--cli-input-json | --cli-input-yaml]\n");
    if let Some(paginator) = &op.paginator {
        out.push_str("          [--starting-token <value>]\n");
        if paginator.page_size.is_some() {
            out.push_str("          [--page-size <value>]\n");
        }
        out.push_str("          [--max-items <value>]\n");
    }
    out.push_str("          [--generate-cli-skeleton <value>]\n");
    for g in GLOBAL_SYNOPSIS {
        let _ = writeln!(out, "          {g}");
    }
    out.push_str("\nOPTIONS\n");
    for p in op.params {
        let boolean = matches!(
            svc.shapes.get(p.shape).map(|s| &s.kind),
            Some(ShapeKind::Boolean)
        );
        let name = if boolean {
            format!("--{0} | --no-{0}", p.cli_name)
        } else {
            format!("--{}", p.cli_name)
        };
        let _ = write!(
            out,
            "       {name} ({})\n{}\n",
            type_name(svc, p.shape),
            indent(p.doc, 10)
        );
    }
    if let Some(paginator) = &op.paginator {
        out.push_str(PAGING_HELP_STARTING_TOKEN);
        if paginator.page_size.is_some() {
            out.push_str(PAGING_HELP_PAGE_SIZE);
        }
        out.push_str(PAGING_HELP_MAX_ITEMS);
    }
    out.push_str("OUTPUT\n");
    match op.output.and_then(|o| svc.shapes.get(o)) {
        Some(s) => match &s.kind {
            ShapeKind::Structure { members, .. } if !members.is_empty() => {
                for m in members.iter() {
                    let _ = write!(
                        out,
                        "       {} -> ({})\n{}\n",
                        m.name,
                        type_name(svc, m.target),
                        indent(m.doc, 10)
                    );
                }
            }
            _ => out.push_str("       None\n"),
        },
        None => out.push_str("       None\n"),
    }
    out
}

/// `awslice <service> help`.
pub fn service_help(svc: &ServiceDef) -> String {
    let mut out = format!(
        "NAME\n       {} -\n\nDESCRIPTION\n{}\nAVAILABLE COMMANDS\n",
        svc.cli_name,
        indent(svc.doc, 7)
    );
    for op in svc.operations {
        let _ = writeln!(out, "       o {}\n", op.cli_name);
    }
    out
}

/// `awslice help`.
pub fn main_help(services: &[&'static ServiceDef]) -> String {
    let mut out = String::from(
        "NAME\n       awslice -\n\nSYNOPSIS\n          awslice [options] <command> <subcommand> [parameters]\n\nAVAILABLE SERVICES\n",
    );
    for s in services {
        let _ = writeln!(out, "       o {}\n", s.cli_name);
    }
    out
}
