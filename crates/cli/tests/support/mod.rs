//! Test support: a hand-written command table mirroring our two WorkSpaces operations, a
//! loopback capture server that records raw requests and replays canned responses, and a
//! runner for `awslice_cli::run_with`.

#![allow(dead_code)]

use std::collections::{HashMap, VecDeque};
use std::ffi::OsString;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex, OnceLock};

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
    }
}

const fn member(
    name: &'static str,
    target: ShapeIdx,
    required: bool,
    doc: &'static str,
) -> MemberDef {
    MemberDef {
        name,
        json_name: None,
        target,
        required,
        doc,
        idempotency_token: false,
        deprecated: false,
    }
}

const fn structure(
    name: &'static str,
    members: &'static [MemberDef],
    error: Option<&'static str>,
) -> ShapeDef {
    ShapeDef {
        name,
        kind: ShapeKind::Structure { members, error },
        doc: "",
        sensitive: false,
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
        },
        doc: "",
        sensitive: false,
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

/// Copied from `shared/reference/skeletons/`.
pub const UPDATE_SKELETON_INPUT: &str =
    "{\n    \"ImageId\": \"\",\n    \"AllowCopyImage\": true,\n    \"SharedAccountId\": \"\"\n}\n";
/// Copied from `shared/reference/skeletons/`.
pub const UPDATE_SKELETON_YAML: &str = "ImageId: ''  # [REQUIRED] The identifier of the image.\nAllowCopyImage: true # [REQUIRED] The permission to copy the image.\nSharedAccountId: '' # [REQUIRED] The identifier of the Amazon Web Services account to share or unshare the image with.\n";
/// Copied from `shared/reference/skeletons/`.
pub const DESCRIBE_SKELETON_INPUT: &str =
    "{\n    \"ImageId\": \"\",\n    \"NextToken\": \"\",\n    \"MaxResults\": 0\n}\n";
/// Copied from `shared/reference/skeletons/`.
pub const DESCRIBE_SKELETON_YAML: &str = "ImageId: ''  # [REQUIRED] The identifier of the image.\nNextToken: '' # If you received a NextToken from a previous call that was paginated, provide this token to receive the next set of results.\nMaxResults: 0 # The maximum number of items to return.\n";

static OPERATIONS: [OperationDef; 2] = [
    OperationDef {
        name: "UpdateWorkspaceImagePermission",
        cli_name: "update-workspace-image-permission",
        doc: "Shares or unshares an image with one account.",
        input: Some(0),
        output: Some(4),
        errors: &[15, 16, 17, 11, 14],
        params: &UPDATE_PARAMS,
        paginator: None,
        deprecated: false,
        skeleton_input: UPDATE_SKELETON_INPUT,
        skeleton_yaml_input: UPDATE_SKELETON_YAML,
        skeleton_output: "{}",
    },
    OperationDef {
        name: "DescribeWorkspaceImagePermissions",
        cli_name: "describe-workspace-image-permissions",
        doc: "Describes the permissions that the owner of an image has granted to other accounts.",
        input: Some(5),
        output: Some(8),
        errors: &[15, 16, 11],
        params: &DESCRIBE_PARAMS,
        paginator: None,
        deprecated: false,
        skeleton_input: DESCRIBE_SKELETON_INPUT,
        skeleton_yaml_input: DESCRIBE_SKELETON_YAML,
        skeleton_output: "{\"ImageId\":\"ImageId\",\"ImagePermissions\":[{\"SharedAccountId\":\"SharedAccountId\"}],\"NextToken\":\"NextToken\"}",
    },
];

/// The official model's endpoint rule set, read from `../shared` (the reference facts).
fn rule_set() -> &'static str {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/models/workspaces-2015-04-08.json"
    );
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| {
        panic!("the reference folder `shared` is missing next to the workspace ({path}: {e}); these tests need its official WorkSpaces model")
    });
    let model: serde_json::Value = serde_json::from_str(&text).expect("official model is JSON");
    let rules = model["shapes"]["com.amazonaws.workspaces#WorkspacesService"]["traits"]["smithy.rules#endpointRuleSet"].to_string();
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

/// A canned HTTP response.
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

/// One recorded request.
#[derive(Debug, Clone)]
pub struct Request {
    /// Request line and headers, as sent (CRLF separated, without the blank line).
    pub head: String,
    /// The exact body.
    pub body: String,
}

impl Request {
    /// A header's value (case-insensitive name).
    pub fn header(&self, name: &str) -> Option<String> {
        self.head.split("\r\n").skip(1).find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case(name).then(|| v.trim().to_owned())
        })
    }

    /// Header names in the order sent.
    pub fn header_names(&self) -> Vec<String> {
        self.head
            .split("\r\n")
            .skip(1)
            .filter_map(|l| l.split_once(':').map(|(k, _)| k.to_owned()))
            .collect()
    }
}

/// A loopback HTTP server: records raw requests, answers with queued replies (then 200 `{}`).
pub struct Server {
    pub port: u16,
    requests: Arc<Mutex<Vec<Request>>>,
    connections: Arc<std::sync::atomic::AtomicUsize>,
}

fn read_request(stream: &mut TcpStream) -> Option<Request> {
    let mut buf = Vec::new();
    let mut byte = [0u8; 1];
    while !buf.ends_with(b"\r\n\r\n") {
        match stream.read(&mut byte) {
            Ok(1) => buf.push(byte[0]),
            _ => return None,
        }
    }
    let head = String::from_utf8_lossy(&buf[..buf.len() - 4]).into_owned();
    let len = head
        .split("\r\n")
        .find_map(|l| {
            l.split_once(':')
                .filter(|(k, _)| k.eq_ignore_ascii_case("content-length"))
                .map(|(_, v)| v.trim().parse::<usize>().unwrap_or(0))
        })
        .unwrap_or(0);
    let mut body = vec![0u8; len];
    stream.read_exact(&mut body).ok()?;
    Some(Request {
        head,
        body: String::from_utf8_lossy(&body).into_owned(),
    })
}

impl Server {
    pub fn start(replies: Vec<Reply>) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
        let port = listener.local_addr().expect("addr").port();
        let requests = Arc::new(Mutex::new(Vec::new()));
        let queue = Arc::new(Mutex::new(VecDeque::from(replies)));
        let recorded = requests.clone();
        let connections = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let accepted = connections.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { continue };
                accepted.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                let recorded = recorded.clone();
                let queue = queue.clone();
                std::thread::spawn(move || {
                    while let Some(req) = read_request(&mut stream) {
                        recorded.lock().unwrap().push(req);
                        let reply = queue
                            .lock()
                            .unwrap()
                            .pop_front()
                            .unwrap_or_else(|| Reply::json(200, "{}"));
                        if reply.status == 0 {
                            // Never answer (the client times out or is interrupted).
                            std::thread::sleep(std::time::Duration::from_secs(30));
                            return;
                        }
                        if let Some(bytes) = &reply.raw_then_close {
                            let _ = stream.write_all(bytes);
                            let _ = stream.shutdown(std::net::Shutdown::Both);
                            return;
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
                        if stream.write_all(out.as_bytes()).is_err() {
                            return;
                        }
                    }
                });
            }
        });
        Server {
            port,
            requests,
            connections,
        }
    }

    /// How many TCP connections were accepted.
    pub fn connections(&self) -> usize {
        self.connections.load(std::sync::atomic::Ordering::SeqCst)
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    pub fn requests(&self) -> Vec<Request> {
        self.requests.lock().unwrap().clone()
    }
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

/// The real `awslice` binary when this suite is compiled as a test of the `awslice` package
/// (cargo sets `CARGO_BIN_EXE_awslice` there); `None` when compiled in `awslice-cli`, where the
/// suite runs the engine in-process with the hand-written table above.
pub const BINARY: Option<&str> = option_env!("CARGO_BIN_EXE_awslice");

/// Runs `awslice ARGS` with `env`: the real binary when [`BINARY`] is set, else in-process.
pub fn run_env(args: &[&str], env: HashMap<String, String>) -> Outcome {
    if let Some(binary) = BINARY {
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

/// The Python interpreter of the venv `cargo xtask test` creates (`$AWSLICE_PY_VENV`,
/// default `<workspace>/target/py-venv`). `None` (after printing `skipped: …`) when it is
/// missing, unless `AWSLICE_REQUIRE_PEERS=1`, where a missing venv fails the test.
pub fn python() -> Option<std::path::PathBuf> {
    let venv = std::env::var_os("AWSLICE_PY_VENV")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| {
            std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../target/py-venv"))
        });
    let py = venv.join("bin/python");
    if py.exists() {
        return Some(py);
    }
    let reason = format!(
        "no Python venv at {} (run cargo xtask test)",
        venv.display()
    );
    if std::env::var("AWSLICE_REQUIRE_PEERS").as_deref() == Ok("1") {
        panic!("{reason}");
    }
    println!("skipped: {reason}");
    None
}
