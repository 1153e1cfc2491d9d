//! Cross-check with botocore (the AWS CLI's engine, from the test venv): for the same
//! files and environment, both must pick the same profile, region, endpoint and
//! credentials, or fail with the same message.
//!
//! Only behaviour botocore shares with the AWS CLI v2 is compared: the venv has botocore
//! 1.x, which ignores `AWS_REGION` and defaults to legacy retries, and we strip inline
//! ` # comments` from values (the AWS SDKs' shared-config format) where botocore keeps them.

use crate::config_support as support;
use awslice_test_support::peers;

use std::collections::HashMap;

use awslice_runtime::config::{ConfigLoader, Env};
use serde_json::{Value, json};
use support::TempDir;

const SCRIPT: &str = r#"
import json, os, sys
import botocore.session
cases = json.load(sys.stdin)
base = dict(os.environ)
out = []
for case in cases:
    os.environ.clear()
    os.environ.update({'PATH': base.get('PATH', '/usr/bin:/bin')})
    os.environ.update(case['env'])
    try:
        s = botocore.session.Session(profile=case['profile']) if case['profile'] else botocore.session.Session()
        region = s.get_config_variable('region')
        c = s.get_credentials()
        creds = None
        if c is not None:
            f = c.get_frozen_credentials()
            creds = [f.access_key, f.secret_key, f.token, c.method]
        client = s.create_client('workspaces', region_name='us-east-1',
                                 aws_access_key_id='x', aws_secret_access_key='y')
        out.append({'region': region, 'endpoint': client.meta.endpoint_url, 'creds': creds})
    except Exception as e:
        out.append({'error': str(e)})
print(json.dumps(out))
"#;

struct Case {
    name: &'static str,
    config: Option<&'static str>,
    credentials: Option<&'static str>,
    env: Vec<(&'static str, &'static str)>,
    profile: Option<&'static str>,
}

fn case(name: &'static str) -> Case {
    Case {
        name,
        config: None,
        credentials: None,
        env: Vec::new(),
        profile: None,
    }
}

const ENV_CREDS: [(&str, &str); 3] = [
    ("AWS_ACCESS_KEY_ID", "AKIDENV"),
    ("AWS_SECRET_ACCESS_KEY", "envsecret"),
    ("AWS_SESSION_TOKEN", "envtoken"),
];

const CONFIG: &str = "\
[default]
region = us-east-1
[profile dev]
Region = eu-west-2
output: text
s3 =
  max_concurrent_requests = 10
[profile cfgkeys]
aws_access_key_id = AKIDCFG
aws_secret_access_key = cfgsecret
[profile ep]
endpoint_url = http://127.0.0.1:1111
services = wsvc
[profile epglobal]
endpoint_url = http://127.0.0.1:2222
[services wsvc]
workspaces =
  endpoint_url = http://127.0.0.1:3333
";

const CREDENTIALS: &str = "\
[default]
aws_access_key_id = AKIDDEFAULT
aws_secret_access_key = defaultsecret
[dev]
aws_access_key_id = AKIDDEV
aws_secret_access_key = devsecret
aws_session_token = devSessionToken123
[cfgkeys]
aws_access_key_id = AKIDCREDFILE
aws_secret_access_key = credfilesecret
[partial]
aws_access_key_id = AKIDPARTIAL
[credonly]
aws_access_key_id = AKIDCREDONLY
aws_secret_access_key = credonlysecret
";

fn cases() -> Vec<Case> {
    let std = |name| Case {
        config: Some(CONFIG),
        credentials: Some(CREDENTIALS),
        ..case(name)
    };
    vec![
        std("defaults"),
        Case {
            env: ENV_CREDS.to_vec(),
            ..std("env creds beat files")
        },
        Case {
            env: [&ENV_CREDS[..], &[("AWS_PROFILE", "dev")]].concat(),
            ..std("AWS_PROFILE keeps env creds")
        },
        Case {
            env: ENV_CREDS.to_vec(),
            profile: Some("dev"),
            ..std("--profile drops env creds")
        },
        Case {
            env: vec![("AWS_DEFAULT_REGION", "ap-south-1")],
            profile: Some("dev"),
            ..std("env region beats profile")
        },
        Case {
            env: vec![("AWS_PROFILE", "dev"), ("AWS_DEFAULT_PROFILE", "cfgkeys")],
            ..std("AWS_DEFAULT_PROFILE first")
        },
        Case {
            profile: Some("cfgkeys"),
            ..std("credentials file beats config file")
        },
        Case {
            config: Some(CONFIG),
            profile: Some("cfgkeys"),
            ..case("config file keys")
        },
        Case {
            profile: Some("credonly"),
            ..std("profile only in credentials file")
        },
        Case {
            profile: Some("partial"),
            ..std("partial credentials")
        },
        Case {
            profile: Some("nosuch"),
            ..std("missing --profile")
        },
        Case {
            env: vec![("AWS_PROFILE", "nosuch")],
            ..std("missing AWS_PROFILE")
        },
        Case {
            profile: Some("ep"),
            ..std("services section endpoint")
        },
        Case {
            profile: Some("epglobal"),
            ..std("profile endpoint")
        },
        Case {
            env: vec![("AWS_ENDPOINT_URL", "http://127.0.0.1:4444")],
            profile: Some("ep"),
            ..std("services beat AWS_ENDPOINT_URL")
        },
        Case {
            env: vec![("AWS_ENDPOINT_URL", "http://127.0.0.1:4444")],
            profile: Some("epglobal"),
            ..std("AWS_ENDPOINT_URL beats profile")
        },
        Case {
            env: vec![
                ("AWS_ENDPOINT_URL_WORKSPACES", "http://127.0.0.1:5555"),
                ("AWS_ENDPOINT_URL", "http://127.0.0.1:4444"),
            ],
            profile: Some("ep"),
            ..std("service env var first")
        },
        Case {
            env: vec![
                ("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true"),
                ("AWS_ENDPOINT_URL", "http://127.0.0.1:4444"),
            ],
            profile: Some("ep"),
            ..std("ignore configured endpoints")
        },
        Case {
            config: Some("[default]\nregion = us-east-1\nno delimiter here\n"),
            ..case("broken config")
        },
        Case {
            credentials: Some("[a]\nx = 1\n[a]\ny = 2\n"),
            ..case("duplicate section")
        },
        Case {
            credentials: Some("[default]\nk = 1\nk = 2\n"),
            ..case("duplicate key")
        },
        case("no files"),
        Case {
            config: Some("[default]\ncredential_process = {HOME}/p.sh 'A K' \"s s\"\n"),
            ..case("credential_process with quoted arguments")
        },
        Case {
            config: Some("[default]\ncredential_process = {HOME}/fail.sh\n"),
            ..case("credential_process failure")
        },
        Case {
            config: Some("[default]\ncredential_process = {HOME}/p.sh A\n"),
            credentials: Some(
                "[default]\naws_access_key_id = AKIDFILE\naws_secret_access_key = s\n",
            ),
            ..case("credentials file before credential_process")
        },
        Case {
            config: Some(
                "[profile p]\ncredential_process = {HOME}/p.sh FROMPROC\naws_access_key_id = AKIDCFG\naws_secret_access_key = s\n",
            ),
            profile: Some("p"),
            ..case("credential_process before config keys")
        },
        Case {
            env: vec![
                ("AWS_ACCESS_KEY_ID", "AK"),
                ("AWS_SECRET_ACCESS_KEY", "S"),
                ("AWS_SECURITY_TOKEN", "old"),
                ("AWS_SESSION_TOKEN", "new"),
            ],
            ..case("AWS_SECURITY_TOKEN first")
        },
        Case {
            config: Some(
                "; top\n[profile   spaced  ]\n  # indented comment\nREGION = eu-north-1\n\n[default]\nregion=us-west-1\n",
            ),
            profile: Some("spaced"),
            ..case("spacing, comments and key case")
        },
        Case {
            env: vec![("AWS_CONFIG_FILE", "~/elsewhere/cfg")],
            ..case("config file with ~")
        },
    ]
}

fn ours(c: &Case, env: HashMap<String, String>) -> Value {
    let mut l = ConfigLoader::new().env(Env::from_map(env));
    if let Some(p) = c.profile {
        l = l.profile(p);
    }
    let config = match l.load() {
        Ok(c) => c,
        Err(e) => return json!({ "error": e.to_string() }),
    };
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let creds = match rt.block_on(config.credentials()) {
        Ok(Some(c)) => json!([
            c.access_key_id(),
            c.secret_access_key(),
            c.session_token(),
            c.provider()
        ]),
        Ok(None) => Value::Null,
        Err(e) if e.is_not_found() => Value::Null,
        Err(e) => return json!({ "error": e.to_string() }),
    };
    let endpoint = config
        .endpoint_url_for("WorkSpaces")
        .unwrap_or_else(|| "https://workspaces.us-east-1.amazonaws.com".to_string());
    json!({ "region": config.region(), "endpoint": endpoint, "creds": creds })
}

#[test]
fn botocore_resolves_the_same() {
    let Some(python) = peers::or_skip(peers::python_with(&["botocore"])) else {
        return;
    };
    let cases = cases();
    let mut homes = Vec::new();
    let mut envs = Vec::new();
    let mut input = Vec::new();
    for c in &cases {
        let home = TempDir::new("boto");
        #[cfg(unix)]
        {
            home.script(
                "p.sh",
                r#"printf '{"Version": 1, "AccessKeyId": "%s", "SecretAccessKey": "%s", "SessionToken": "tok"}' "$1" "$2""#,
            );
            home.script("fail.sh", "echo 'cannot log in' >&2; exit 2");
        }
        if let Some(t) = c.config {
            let home_dir = home.path().display().to_string();
            home.write(".aws/config", &t.replace("{HOME}", &home_dir));
            home.write("elsewhere/cfg", "[default]\nregion = sa-east-1\n");
        }
        if let Some(t) = c.credentials {
            home.write(".aws/credentials", t);
        }
        if c.name == "config file with ~" {
            home.write("elsewhere/cfg", "[default]\nregion = sa-east-1\n");
        }
        let mut env: HashMap<String, String> = c
            .env
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        env.insert("HOME".into(), home.path().display().to_string());
        env.insert("AWS_EC2_METADATA_DISABLED".into(), "true".into());
        input.push(json!({ "env": env, "profile": c.profile }));
        envs.push(env);
        homes.push(home);
    }
    let mut child = std::process::Command::new(&python)
        .args(["-c", SCRIPT])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run python");
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().expect("stdin");
        stdin
            .write_all(Value::Array(input).to_string().as_bytes())
            .expect("write cases");
    }
    let out = child.wait_with_output().expect("python output");
    assert!(
        out.status.success(),
        "python failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let theirs: Vec<Value> = serde_json::from_slice(&out.stdout).expect("python JSON");
    assert_eq!(theirs.len(), cases.len());
    let mut failures = Vec::new();
    for ((c, env), theirs) in cases.iter().zip(envs).zip(theirs) {
        let ours = ours(c, env);
        if ours != theirs {
            failures.push(format!(
                "{}:\n  botocore: {theirs}\n  awslice:  {ours}",
                c.name
            ));
        }
    }
    assert!(failures.is_empty(), "differences:\n{}", failures.join("\n"));
}
