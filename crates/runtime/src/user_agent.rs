//! The AWS-style `User-Agent` header.
//!
//! Shape (the AWS CLI's, with our names):
//! `awslice/<version> ua/2.1 os/<os>#<release> md/arch#<arch> lang/rust#<rustc> [m/<features>] cfg/retry-mode#<mode> [extra…]`.
//! Callers (the CLI) append pieces such as `md/command#workspaces.update-workspace-image-permission`.
//!
//! `m/` lists botocore's feature ids for the call ([`features`]): the retry mode, an endpoint
//! override, the checksum settings, where the credentials came from, paging, and the agentic
//! callers botocore recognises from the environment. botocore joins them from a Python set,
//! whose order changes from one process to the next; awslice lists them in the order of
//! botocore's table.

use std::fmt::Write as _;

use crate::config::SdkConfig;
use crate::retry::RetryMode;

/// botocore's User-Agent feature ids (`useragent.py`'s `_USERAGENT_FEATURE_MAPPINGS`) that
/// awslice reports, in that table's order.
pub mod feature {
    /// `PAGINATOR`: the call is one page of a paginated command.
    pub const PAGINATOR: &str = "C";
    /// `RETRY_MODE_STANDARD`.
    pub const RETRY_MODE_STANDARD: &str = "E";
    /// `RETRY_MODE_ADAPTIVE`.
    pub const RETRY_MODE_ADAPTIVE: &str = "F";
    /// `ENDPOINT_OVERRIDE`: an endpoint URL is configured for the service.
    pub const ENDPOINT_OVERRIDE: &str = "N";
    /// `FLEXIBLE_CHECKSUMS_REQ_WHEN_SUPPORTED` (`request_checksum_calculation`).
    pub const CHECKSUMS_REQ_WHEN_SUPPORTED: &str = "Z";
    /// `FLEXIBLE_CHECKSUMS_REQ_WHEN_REQUIRED`.
    pub const CHECKSUMS_REQ_WHEN_REQUIRED: &str = "a";
    /// `FLEXIBLE_CHECKSUMS_RES_WHEN_SUPPORTED` (`response_checksum_validation`).
    pub const CHECKSUMS_RES_WHEN_SUPPORTED: &str = "b";
    /// `FLEXIBLE_CHECKSUMS_RES_WHEN_REQUIRED`.
    pub const CHECKSUMS_RES_WHEN_REQUIRED: &str = "c";
    /// `CREDENTIALS_ENV_VARS`.
    pub const CREDENTIALS_ENV_VARS: &str = "g";
    /// `CREDENTIALS_PROFILE_PROCESS`.
    pub const CREDENTIALS_PROFILE_PROCESS: &str = "v";
    /// `CREDENTIALS_PROCESS`.
    pub const CREDENTIALS_PROCESS: &str = "w";
    /// `CREDENTIALS_ENV_VARS_STS_WEB_ID_TOKEN`.
    pub const CREDENTIALS_ENV_VARS_STS_WEB_ID_TOKEN: &str = "h";
    /// `CREDENTIALS_STS_ASSUME_ROLE`.
    pub const CREDENTIALS_STS_ASSUME_ROLE: &str = "i";
    /// `CREDENTIALS_STS_ASSUME_ROLE_WEB_ID`.
    pub const CREDENTIALS_STS_ASSUME_ROLE_WEB_ID: &str = "k";
    /// `CREDENTIALS_PROFILE`.
    pub const CREDENTIALS_PROFILE: &str = "n";
    /// `CREDENTIALS_PROFILE_SOURCE_PROFILE`.
    pub const CREDENTIALS_PROFILE_SOURCE_PROFILE: &str = "o";
    /// `CREDENTIALS_PROFILE_NAMED_PROVIDER` (`credential_source`).
    pub const CREDENTIALS_PROFILE_NAMED_PROVIDER: &str = "p";
    /// `CREDENTIALS_PROFILE_STS_WEB_ID_TOKEN`.
    pub const CREDENTIALS_PROFILE_STS_WEB_ID_TOKEN: &str = "q";
    /// `CREDENTIALS_PROFILE_SSO`.
    pub const CREDENTIALS_PROFILE_SSO: &str = "r";
    /// `CREDENTIALS_SSO`.
    pub const CREDENTIALS_SSO: &str = "s";
    /// `CREDENTIALS_PROFILE_SSO_LEGACY`.
    pub const CREDENTIALS_PROFILE_SSO_LEGACY: &str = "t";
    /// `CREDENTIALS_SSO_LEGACY`.
    pub const CREDENTIALS_SSO_LEGACY: &str = "u";
    /// `CREDENTIALS_HTTP` (the container provider).
    pub const CREDENTIALS_HTTP: &str = "z";
    /// `CREDENTIALS_IMDS`.
    pub const CREDENTIALS_IMDS: &str = "0";

    /// The agentic callers botocore recognises: (environment variable, the value it must
    /// have or `None` for any non-empty value, feature id).
    pub const AGENTIC_CALLERS: &[(&str, Option<&str>, &str)] = &[
        ("CLAUDECODE", Some("1"), "AN"),
        ("GEMINI_CLI", Some("1"), "AO"),
        ("CODEX_THREAD_ID", None, "AP"),
        ("KIRO_SESSION_ID", None, "AQ"),
        ("OPENCODE", None, "AR"),
        ("ANTIGRAVITY_AGENT", None, "AS"),
        ("AMP_CURRENT_THREAD_ID", None, "AT"),
        ("PI_CODING_AGENT", Some("true"), "AU"),
        ("COPILOT_CLI", Some("1"), "AV"),
        ("CURSOR_AGENT", Some("1"), "AW"),
    ];

    /// botocore's table order of the ids above.
    pub(crate) const ORDER: &[&str] = &[
        PAGINATOR,
        RETRY_MODE_STANDARD,
        RETRY_MODE_ADAPTIVE,
        ENDPOINT_OVERRIDE,
        CHECKSUMS_REQ_WHEN_SUPPORTED,
        CHECKSUMS_REQ_WHEN_REQUIRED,
        CHECKSUMS_RES_WHEN_SUPPORTED,
        CHECKSUMS_RES_WHEN_REQUIRED,
        CREDENTIALS_ENV_VARS,
        CREDENTIALS_PROFILE_PROCESS,
        CREDENTIALS_PROCESS,
        CREDENTIALS_ENV_VARS_STS_WEB_ID_TOKEN,
        CREDENTIALS_STS_ASSUME_ROLE,
        CREDENTIALS_STS_ASSUME_ROLE_WEB_ID,
        CREDENTIALS_PROFILE,
        CREDENTIALS_PROFILE_SOURCE_PROFILE,
        CREDENTIALS_PROFILE_NAMED_PROVIDER,
        CREDENTIALS_PROFILE_STS_WEB_ID_TOKEN,
        CREDENTIALS_PROFILE_SSO,
        CREDENTIALS_SSO,
        CREDENTIALS_PROFILE_SSO_LEGACY,
        CREDENTIALS_SSO_LEGACY,
        CREDENTIALS_HTTP,
        CREDENTIALS_IMDS,
        "AN",
        "AO",
        "AP",
        "AQ",
        "AR",
        "AS",
        "AT",
        "AU",
        "AV",
        "AW",
    ];
}

/// The feature ids of one call of a client with `config` (retry mode, endpoint override of
/// `sdk_id`, checksum settings, agentic caller), credentials from `provider` (the credential
/// provider's method name, `None` for an unsigned call), and the caller's `extra` ids
/// ([`feature::PAGINATOR`]); in botocore's table order, each once.
pub fn features(
    config: &SdkConfig,
    sdk_id: &str,
    provider: Option<&str>,
    extra: &[&'static str],
) -> Vec<&'static str> {
    use feature::*;
    let mut on: Vec<&'static str> = extra.to_vec();
    on.push(match config.retry_mode() {
        RetryMode::Adaptive => RETRY_MODE_ADAPTIVE,
        RetryMode::Standard => RETRY_MODE_STANDARD,
    });
    if config.endpoint_url_for(sdk_id).is_some() {
        on.push(ENDPOINT_OVERRIDE);
    }
    // `when_supported` unless configured `when_required` (the environment first).
    let setting = |env: &str, key: &str| {
        config
            .env()
            .get_nonempty(env)
            .or_else(|| config.profile_value(key))
            .is_some_and(|v| v.eq_ignore_ascii_case("when_required"))
    };
    on.push(
        if setting(
            "AWS_REQUEST_CHECKSUM_CALCULATION",
            "request_checksum_calculation",
        ) {
            CHECKSUMS_REQ_WHEN_REQUIRED
        } else {
            CHECKSUMS_REQ_WHEN_SUPPORTED
        },
    );
    on.push(
        if setting(
            "AWS_RESPONSE_CHECKSUM_VALIDATION",
            "response_checksum_validation",
        ) {
            CHECKSUMS_RES_WHEN_REQUIRED
        } else {
            CHECKSUMS_RES_WHEN_SUPPORTED
        },
    );
    for (var, value, id) in AGENTIC_CALLERS {
        let set = match (config.env().get(var), value) {
            (Some(v), Some(want)) => v == *want,
            (Some(v), None) => !v.is_empty(),
            (None, _) => false,
        };
        if set {
            on.push(id);
        }
    }
    let profile = |key: &str| config.profile_value(key).is_some();
    match provider {
        Some("env") => on.push(CREDENTIALS_ENV_VARS),
        Some("shared-credentials-file" | "config-file") => on.push(CREDENTIALS_PROFILE),
        Some("custom-process") => on.extend([CREDENTIALS_PROFILE_PROCESS, CREDENTIALS_PROCESS]),
        Some("container-role") => on.push(CREDENTIALS_HTTP),
        Some("iam-role") => on.push(CREDENTIALS_IMDS),
        Some("assume-role") => {
            on.push(CREDENTIALS_STS_ASSUME_ROLE);
            match config.profile_value("credential_source") {
                Some(source) => {
                    on.push(CREDENTIALS_PROFILE_NAMED_PROVIDER);
                    on.extend(match source {
                        "Environment" => Some(CREDENTIALS_ENV_VARS),
                        "Ec2InstanceMetadata" => Some(CREDENTIALS_IMDS),
                        "EcsContainer" => Some(CREDENTIALS_HTTP),
                        _ => None,
                    });
                }
                None => on.extend([CREDENTIALS_PROFILE_SOURCE_PROFILE, CREDENTIALS_PROFILE]),
            }
        }
        Some("assume-role-with-web-identity") => {
            on.push(CREDENTIALS_STS_ASSUME_ROLE_WEB_ID);
            if config.env().get("AWS_WEB_IDENTITY_TOKEN_FILE").is_some() {
                on.push(CREDENTIALS_ENV_VARS_STS_WEB_ID_TOKEN);
            }
            if profile("web_identity_token_file") || profile("role_arn") {
                on.push(CREDENTIALS_PROFILE_STS_WEB_ID_TOKEN);
            }
        }
        Some("sso") if profile("sso_session") => {
            on.extend([CREDENTIALS_PROFILE_SSO, CREDENTIALS_SSO]);
        }
        Some("sso") => on.extend([CREDENTIALS_PROFILE_SSO_LEGACY, CREDENTIALS_SSO_LEGACY]),
        _ => {}
    }
    ORDER.iter().copied().filter(|id| on.contains(id)).collect()
}

/// The version of the Rust compiler that built awslice (`1.95.0`), recorded by the build
/// script; `unknown` when `rustc --version` could not be run. The User-Agent's
/// `lang/rust#<version>` piece and the CLI's `--version` line print it.
pub const RUSTC_VERSION: &str = env!("AWSLICE_RUSTC_VERSION");

/// Builds the `User-Agent` value.
#[derive(Debug, Clone, Default)]
pub struct UserAgent {
    extra: Vec<String>,
}

impl UserAgent {
    /// A user agent with no extra pieces.
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends a piece (`md/command#…`, `app/…`); whitespace inside it is replaced by `-`
    /// so the header stays a list of space-separated tokens.
    pub fn push(&mut self, piece: &str) {
        let clean: String = piece
            .trim()
            .chars()
            .map(|c| {
                if c.is_whitespace() || c.is_control() {
                    '-'
                } else {
                    c
                }
            })
            .collect();
        if !clean.is_empty() {
            self.extra.push(clean);
        }
    }

    /// The extra pieces, in the order they were pushed.
    pub fn extra(&self) -> &[String] {
        &self.extra
    }

    /// The header value for a client in `mode`, with the feature ids `features` ([`features`])
    /// as its `m/` piece (none when empty).
    pub fn header_value(&self, mode: RetryMode, features: &[&str]) -> String {
        let mut out = format!(
            "awslice/{} ua/2.1 os/{}",
            env!("CARGO_PKG_VERSION"),
            std::env::consts::OS
        );
        if let Some(release) = os_release() {
            let _ = write!(out, "#{release}");
        }
        let _ = write!(
            out,
            " md/arch#{} lang/rust#{}",
            std::env::consts::ARCH,
            RUSTC_VERSION,
        );
        if !features.is_empty() {
            let _ = write!(out, " m/{}", features.join(","));
        }
        let _ = write!(out, " cfg/retry-mode#{}", mode.as_str());
        for piece in &self.extra {
            out.push(' ');
            out.push_str(piece);
        }
        out
    }
}

/// The kernel release (`uname -r`) on Linux, read once; `None` elsewhere or when unreadable.
fn os_release() -> Option<&'static str> {
    static RELEASE: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();
    RELEASE
        .get_or_init(|| {
            let text = std::fs::read_to_string("/proc/sys/kernel/osrelease").ok()?;
            let t = text.trim();
            (!t.is_empty() && !t.contains(char::is_whitespace)).then(|| t.to_owned())
        })
        .as_deref()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Removes the test's configuration files when dropped.
    struct Scratch(std::path::PathBuf);

    impl Drop for Scratch {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    fn scratch() -> Scratch {
        Scratch(std::env::temp_dir().join(format!("awslice-ua-{}", std::process::id())))
    }

    fn config(env: &[(&str, &str)], config_file: &str) -> SdkConfig {
        let dir = std::env::temp_dir()
            .join(format!("awslice-ua-{}", std::process::id()))
            .join(format!("{}", config_file.len()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("config");
        std::fs::write(&path, config_file).unwrap();
        let mut vars: std::collections::HashMap<String, String> = env
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        vars.insert("AWS_CONFIG_FILE".into(), path.display().to_string());
        vars.insert(
            "AWS_SHARED_CREDENTIALS_FILE".into(),
            dir.join("none").display().to_string(),
        );
        crate::config::ConfigLoader::new()
            .env(crate::config::Env::from_map(vars))
            .load()
            .unwrap()
    }

    #[test]
    fn feature_ids_as_botocore_registers_them() {
        let _cleanup = scratch();
        // The recorded AWS CLI v2 call: env keys, --endpoint-url, defaults (m/E,N,Z,g,b).
        let c = config(&[("AWS_ENDPOINT_URL", "http://127.0.0.1:1")], "");
        assert_eq!(
            features(&c, "WorkSpaces", Some("env"), &[]),
            ["E", "N", "Z", "b", "g"]
        );
        assert_eq!(
            features(&c, "WorkSpaces", None, &[feature::PAGINATOR]),
            ["C", "E", "N", "Z", "b"]
        );
        let c = config(
            &[
                ("AWS_RETRY_MODE", "adaptive"),
                ("AWS_REQUEST_CHECKSUM_CALCULATION", "WHEN_REQUIRED"),
                ("CLAUDECODE", "1"),
                ("CODEX_THREAD_ID", "t"),
                ("GEMINI_CLI", "0"),
            ],
            "[default]\nresponse_checksum_validation = when_required\nrole_arn = arn\nsource_profile = base\n",
        );
        assert_eq!(
            features(&c, "WorkSpaces", Some("assume-role"), &[]),
            ["F", "a", "c", "i", "n", "o", "AN", "AP"]
        );
        let c = config(
            &[],
            "[default]\nrole_arn = arn\ncredential_source = Environment\n",
        );
        assert_eq!(
            features(&c, "WorkSpaces", Some("assume-role"), &[]),
            ["E", "Z", "b", "g", "i", "p"]
        );
        let c = config(&[("AWS_WEB_IDENTITY_TOKEN_FILE", "/t")], "");
        assert_eq!(
            features(&c, "WorkSpaces", Some("assume-role-with-web-identity"), &[]),
            ["E", "Z", "b", "h", "k"]
        );
        let c = config(&[], "[default]\nsso_session = s\n");
        assert_eq!(
            features(&c, "WorkSpaces", Some("sso"), &[]),
            ["E", "Z", "b", "r", "s"]
        );
        let c = config(&[], "");
        for (provider, ids) in [
            ("config-file", &["n"][..]),
            ("custom-process", &["v", "w"]),
            ("container-role", &["z"]),
            ("iam-role", &["0"]),
            ("sso", &["t", "u"]),
            ("static", &[]),
        ] {
            let mut want = vec!["E", "Z", "b"];
            want.extend_from_slice(ids);
            assert_eq!(
                features(&c, "WorkSpaces", Some(provider), &[]),
                want,
                "{provider}"
            );
        }
    }

    #[test]
    fn has_the_aws_shape_and_extra_pieces() {
        let mut ua = UserAgent::new();
        ua.push("md/command#workspaces.update-workspace-image-permission");
        ua.push("  ");
        ua.push("md/x y");
        let v = ua.header_value(RetryMode::Adaptive, &["F", "Z", "b"]);
        assert!(v.starts_with(&format!("awslice/{} ua/2.1 os/", env!("CARGO_PKG_VERSION"))));
        assert!(v.contains(" lang/rust#"));
        assert!(v.contains(" m/F,Z,b cfg/retry-mode#adaptive md/command#workspaces.update-workspace-image-permission md/x-y"));
        assert!(!v.ends_with(' '));
        assert!(!ua.header_value(RetryMode::Standard, &[]).contains(" m/"));
    }
}
