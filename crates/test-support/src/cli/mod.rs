//! The CLI suite's support: a hand-written command table mirroring our two WorkSpaces
//! operations, canned replies for the loopback capture server ([`crate::http`]), and a runner
//! that drives either the engine in-process (`awslice_cli::run_with` with that table) or the
//! real `awslice` binary — the engine a test thread uses is chosen by [`use_binary`].
//!
//! [`cases`] holds the suite itself; [`crate::cli_suite!`] turns it into `#[test]`s.

pub mod cases;

use std::cell::RefCell;
use std::collections::HashMap;
use std::ffi::OsString;
use std::sync::OnceLock;

use awslice_cli::schema::*;
use awslice_runtime::service::{Protocol, ServiceMeta};

const fn string(
    name: &'static str,
    min_len: Option<u64>,
    pattern: Option<&'static str>,
) -> ShapeDef {
    ShapeDef {
        name,
        kind: ShapeKind::String {
            enum_values: &[],
            min_len,
            max_len: None,
            pattern,
        },
        doc: "",
        sensitive: false,
        xml_name: None,
        xml_namespace: None,
    }
}

const fn member(
    name: &'static str,
    target: ShapeIdx,
    required: bool,
    doc: &'static str,
) -> MemberDef {
    MemberDef {
        required,
        doc,
        ..MemberDef::new(name, target)
    }
}

const fn structure(
    name: &'static str,
    members: &'static [MemberDef],
    error: Option<&'static str>,
) -> ShapeDef {
    ShapeDef {
        name,
        kind: ShapeKind::Structure {
            members,
            error,
            error_code: None,
        },
        doc: "",
        sensitive: false,
        xml_name: None,
        xml_namespace: None,
    }
}

static SHAPES: [ShapeDef; 19] = [
    structure(
        "UpdateWorkspaceImagePermissionRequest",
        &[
            member("ImageId", 1, true, "The identifier of the image."),
            member(
                "AllowCopyImage",
                2,
                true,
                "The permission to copy the image.",
            ),
            member("SharedAccountId", 3, true, "The identifier of the account."),
        ],
        None,
    ),
    string("WorkspaceImageId", None, Some("wsi-[0-9a-z]{9,63}$")),
    ShapeDef {
        name: "BooleanObject",
        kind: ShapeKind::Boolean,
        doc: "",
        sensitive: false,
        xml_name: None,
        xml_namespace: None,
    },
    string("AwsAccount", None, Some("^\\d{12}$")),
    structure("UpdateWorkspaceImagePermissionResult", &[], None),
    structure(
        "DescribeWorkspaceImagePermissionsRequest",
        &[
            member("ImageId", 1, true, "The identifier of the image."),
            member("NextToken", 6, false, "The token."),
            member(
                "MaxResults",
                7,
                false,
                "The maximum number of items to return.",
            ),
        ],
        None,
    ),
    string("PaginationToken", Some(1), None),
    ShapeDef {
        name: "Limit",
        kind: ShapeKind::Integer {
            min: Some(1),
            max: Some(25),
        },
        doc: "",
        sensitive: false,
        xml_name: None,
        xml_namespace: None,
    },
    structure(
        "DescribeWorkspaceImagePermissionsResult",
        &[
            member("ImageId", 1, false, ""),
            member("ImagePermissions", 9, false, ""),
            member("NextToken", 6, false, ""),
        ],
        None,
    ),
    ShapeDef {
        name: "ImagePermissions",
        kind: ShapeKind::List {
            member: 10,
            min_len: None,
            max_len: None,
            member_xml_name: None,
            member_xml_namespace: None,
        },
        doc: "",
        sensitive: false,
        xml_name: None,
        xml_namespace: None,
    },
    structure(
        "ImagePermission",
        &[member("SharedAccountId", 3, false, "")],
        None,
    ),
    structure(
        "ResourceNotFoundException",
        &[
            member("message", 12, false, ""),
            member("ResourceId", 13, false, ""),
        ],
        Some("client"),
    ),
    string("ExceptionMessage", None, None),
    string("NonEmptyString", Some(1), None),
    structure(
        "ResourceUnavailableException",
        &[
            member("message", 12, false, ""),
            member("ResourceId", 13, false, ""),
        ],
        Some("client"),
    ),
    structure(
        "AccessDeniedException",
        &[member("message", 12, false, "")],
        Some("client"),
    ),
    structure(
        "InvalidParameterValuesException",
        &[member("message", 12, false, "")],
        Some("client"),
    ),
    structure(
        "OperationNotSupportedException",
        &[
            member("message", 12, false, ""),
            member("reason", 18, false, ""),
        ],
        Some("client"),
    ),
    string("ExceptionErrorCode", None, None),
];

static UPDATE_PARAMS: [ParamDef; 3] = [
    ParamDef {
        cli_name: "image-id",
        member: "ImageId",
        shape: 1,
        required: true,
        doc: "The identifier of the image.",
    },
    ParamDef {
        cli_name: "allow-copy-image",
        member: "AllowCopyImage",
        shape: 2,
        required: false,
        doc: "The permission.",
    },
    ParamDef {
        cli_name: "shared-account-id",
        member: "SharedAccountId",
        shape: 3,
        required: true,
        doc: "The account.",
    },
];

static DESCRIBE_PARAMS: [ParamDef; 3] = [
    ParamDef {
        cli_name: "image-id",
        member: "ImageId",
        shape: 1,
        required: true,
        doc: "The identifier of the image.",
    },
    ParamDef {
        cli_name: "next-token",
        member: "NextToken",
        shape: 6,
        required: false,
        doc: "The token.",
    },
    ParamDef {
        cli_name: "max-results",
        member: "MaxResults",
        shape: 7,
        required: false,
        doc: "The maximum.",
    },
];

/// As the AWS CLI v2 prints it (`testdata/awscli-v2-skeletons/`, checked by `skeleton_constants_match_the_recordings`).
pub const UPDATE_SKELETON_INPUT: &str =
    "{\n    \"ImageId\": \"\",\n    \"AllowCopyImage\": true,\n    \"SharedAccountId\": \"\"\n}\n";
/// As the AWS CLI v2 prints it (`testdata/awscli-v2-skeletons/`, checked by `skeleton_constants_match_the_recordings`).
pub const UPDATE_SKELETON_YAML: &str = "ImageId: ''  # [REQUIRED] The identifier of the image.\nAllowCopyImage: true # [REQUIRED] The permission to copy the image.\nSharedAccountId: '' # [REQUIRED] The identifier of the Amazon Web Services account to share or unshare the image with.\n";
/// As the AWS CLI v2 prints it (`testdata/awscli-v2-skeletons/`, checked by `skeleton_constants_match_the_recordings`).
pub const DESCRIBE_SKELETON_INPUT: &str =
    "{\n    \"ImageId\": \"\",\n    \"NextToken\": \"\",\n    \"MaxResults\": 0\n}\n";
/// As the AWS CLI v2 prints it (`testdata/awscli-v2-skeletons/`, checked by `skeleton_constants_match_the_recordings`).
pub const DESCRIBE_SKELETON_YAML: &str = "ImageId: ''  # [REQUIRED] The identifier of the image.\nNextToken: '' # If you received a NextToken from a previous call that was paginated, provide this token to receive the next set of results.\nMaxResults: 0 # The maximum number of items to return.\n";

static OPERATIONS: [OperationDef; 2] = [
    OperationDef {
        wire: Operation {
            name: "UpdateWorkspaceImagePermission",
            input: Some(0),
            output: Some(4),
            errors: &[15, 16, 17, 11, 14],
            http: Http::RPC,
            host_prefix: None,
            auth: Auth::SigV4,
            rules: &awslice_runtime::schema::OperationRules::NONE,
        },
        cli_name: "update-workspace-image-permission",
        doc: "Shares or unshares an image with one account.",
        params: &UPDATE_PARAMS,
        paginator: None,
        deprecated: false,
        skeleton_input: UPDATE_SKELETON_INPUT,
        skeleton_yaml_input: UPDATE_SKELETON_YAML,
        skeleton_output: "{}",
    },
    OperationDef {
        wire: Operation {
            name: "DescribeWorkspaceImagePermissions",
            input: Some(5),
            output: Some(8),
            errors: &[15, 16, 11],
            http: Http::RPC,
            host_prefix: None,
            auth: Auth::SigV4,
            rules: &awslice_runtime::schema::OperationRules::NONE,
        },
        cli_name: "describe-workspace-image-permissions",
        doc: "Describes the permissions that the owner of an image has granted to other accounts.",
        params: &DESCRIBE_PARAMS,
        paginator: None,
        deprecated: false,
        skeleton_input: DESCRIBE_SKELETON_INPUT,
        skeleton_yaml_input: DESCRIBE_SKELETON_YAML,
        skeleton_output: "{\"ImageId\":\"ImageId\",\"ImagePermissions\":[{\"SharedAccountId\":\"SharedAccountId\"}],\"NextToken\":\"NextToken\"}",
    },
];

/// The official model's endpoint rule set.
fn rule_set() -> &'static str {
    let rules = crate::paths::official_workspaces_rule_set().to_string();
    Box::leak(rules.into_boxed_str())
}

/// The test command table.
pub fn service() -> &'static ServiceDef {
    static SVC: OnceLock<&'static ServiceDef> = OnceLock::new();
    SVC.get_or_init(|| {
        let meta: &'static ServiceMeta = Box::leak(Box::new(ServiceMeta {
            shape_name: "WorkspacesService",
            sdk_id: "WorkSpaces",
            endpoint_prefix: "workspaces",
            signing_name: "workspaces",
            protocol: Protocol::AwsJson1_1,
            api_version: "2015-04-08",
            endpoint_rule_set: rule_set(),
            query_compatible: false,
            xml_namespace: None,
            signer: awslice_runtime::service::Signer::SigV4,
        }));
        Box::leak(Box::new(ServiceDef {
            cli_name: "workspaces",
            meta,
            doc: "Amazon WorkSpaces enables you to provision virtual desktops.",
            operations: &OPERATIONS,
            shapes: &SHAPES,
        }))
    })
}

/// A canned HTTP response, as the CLI suite writes them (`HTTP/1.1 <status> X`, its headers,
/// `Content-Length`).
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
    /// When set, these exact bytes are sent instead and the connection is closed at once
    /// (a connection cut before or in the middle of a response).
    pub raw_then_close: Option<Vec<u8>>,
}

impl Reply {
    pub fn json(status: u16, body: &str) -> Reply {
        Reply {
            status,
            headers: vec![("Content-Type".into(), "application/x-amz-json-1.1".into())],
            body: body.to_owned(),
            raw_then_close: None,
        }
    }

    /// Sends `bytes` as they are, then closes the connection.
    pub fn cut(bytes: &[u8]) -> Reply {
        Reply {
            raw_then_close: Some(bytes.to_vec()),
            ..Reply::json(200, "")
        }
    }

    /// A reply that never comes.
    pub fn hang() -> Reply {
        Reply {
            status: 0,
            headers: Vec::new(),
            body: String::new(),
            raw_then_close: None,
        }
    }

    pub fn header(mut self, k: &str, v: &str) -> Reply {
        self.headers.push((k.to_owned(), v.to_owned()));
        self
    }
}

impl From<Reply> for crate::http::Reply {
    fn from(reply: Reply) -> crate::http::Reply {
        if reply.status == 0 {
            return crate::http::Reply::Silent;
        }
        if let Some(bytes) = reply.raw_then_close {
            return crate::http::Reply::Partial(bytes);
        }
        let mut out = format!(
            "HTTP/1.1 {} X\r\nContent-Length: {}\r\n",
            reply.status,
            reply.body.len()
        );
        for (k, v) in &reply.headers {
            out.push_str(&format!("{k}: {v}\r\n"));
        }
        out.push_str("\r\n");
        out.push_str(&reply.body);
        crate::http::Reply::Raw(out.into_bytes())
    }
}

/// One recorded request.
pub type Request = crate::http::Captured;

/// A loopback capture server answering with `replies` in order, then `200 {}`.
pub fn capture(replies: Vec<Reply>) -> crate::http::Server {
    crate::http::Server::queue(
        replies.into_iter().map(Into::into).collect(),
        Reply::json(200, "{}").into(),
    )
}

/// What a command did.
#[derive(Debug)]
pub struct Outcome {
    pub rc: i32,
    pub stdout: String,
    pub stderr: String,
}

/// The base environment: example credentials, region us-east-1, an empty home directory.
pub fn base_env() -> HashMap<String, String> {
    let home = std::env::temp_dir().join(format!("awslice-cli-test-home-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&home);
    [
        ("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE"),
        (
            "AWS_SECRET_ACCESS_KEY",
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        ),
        ("AWS_DEFAULT_REGION", "us-east-1"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .chain([("HOME".to_owned(), home.to_string_lossy().into_owned())])
    .collect()
}

thread_local! {
    static BINARY: RefCell<Option<&'static str>> = const { RefCell::new(None) };
}

/// Makes the calling test thread run the real binary at `path` (cargo's
/// `env!("CARGO_BIN_EXE_awslice")`) instead of the engine in-process.
pub fn use_binary(path: &'static str) {
    BINARY.with(|b| *b.borrow_mut() = Some(path));
}

/// The binary this test thread runs, if any (see [`use_binary`]).
pub fn binary() -> Option<&'static str> {
    BINARY.with(|b| *b.borrow())
}

/// Runs `awslice ARGS` with `env`: the real binary after [`use_binary`], else in-process.
pub fn run_env(args: &[&str], env: HashMap<String, String>) -> Outcome {
    if let Some(binary) = binary() {
        let output = std::process::Command::new(binary)
            .args(args)
            .env_clear()
            .envs(env)
            .stdin(std::process::Stdio::null())
            .output()
            .expect("run the awslice binary");
        return Outcome {
            rc: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        };
    }
    let (mut io, out, err) = awslice_cli::Io::captured(env);
    let args: Vec<OsString> = args.iter().map(OsString::from).collect();
    let rc = awslice_cli::run_with(&[service()], args, &mut io);
    Outcome {
        rc,
        stdout: out.text(),
        stderr: err.text(),
    }
}

/// Runs `awslice ARGS` with [`base_env`].
pub fn run(args: &[&str]) -> Outcome {
    run_env(args, base_env())
}

/// The usage block (`awslice` where the AWS CLI says `aws`).
pub const USAGE: &str = "usage: awslice [options] <command> <subcommand> [<subcommand> ...] [parameters]\nTo see help text, you can run:\n\n  awslice help\n  awslice <command> help\n  awslice <command> <subcommand> help\n";

/// Runs `awslice ARGS` in-process against `services` with [`base_env`].
pub fn run_on(services: &[&'static ServiceDef], args: &[&str]) -> Outcome {
    let (mut io, out, err) = awslice_cli::Io::captured(base_env());
    let args: Vec<OsString> = args.iter().map(OsString::from).collect();
    let rc = awslice_cli::run_with(services, args, &mut io);
    Outcome {
        rc,
        stdout: out.text(),
        stderr: err.text(),
    }
}

/// Asserts that every line of a help page fits in 80 columns, unless it is one word that
/// cannot be broken.
pub fn assert_wrapped(text: &str) {
    for line in text.lines() {
        if line.chars().count() > 80 {
            assert_eq!(
                line.split_whitespace().count(),
                1,
                "a breakable line is over 80 columns: {line:?}"
            );
        }
    }
}

/// The line numbers (1-based) and titles of a help page's section headings.
pub fn help_sections(text: &str) -> Vec<(usize, &str)> {
    text.lines()
        .enumerate()
        .skip(1)
        .filter(|(_, l)| !l.is_empty() && !l.starts_with(' '))
        .map(|(i, l)| (i + 1, l))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::paths::awscli_v2_skeleton;

    /// The hand-written table's skeletons are the AWS CLI v2's recorded bytes.
    #[test]
    fn skeleton_constants_match_the_recordings() {
        for (constant, recording) in [
            (
                UPDATE_SKELETON_INPUT,
                "update-workspace-image-permission.input.json",
            ),
            (
                UPDATE_SKELETON_YAML,
                "update-workspace-image-permission.yaml-input.yaml",
            ),
            (
                DESCRIBE_SKELETON_INPUT,
                "describe-workspace-image-permissions.input.json",
            ),
            (
                DESCRIBE_SKELETON_YAML,
                "describe-workspace-image-permissions.yaml-input.yaml",
            ),
        ] {
            assert_eq!(constant, awscli_v2_skeleton(recording), "{recording}");
        }
    }
}
