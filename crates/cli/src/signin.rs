//! The commands that are not service operations but sign in or show credentials:
//! `sso login`, `sso logout`, `configure export-credentials` and `configure list`.
//!
//! The sign-in flows themselves call SSO-OIDC, so they live above the generated clients
//! (`awslice-credentials`) and reach the engine through the providers object
//! ([`ProfileProviders::sso_login`], [`ProfileProviders::sso_logout`]); this module parses
//! the command lines, prints the AWS CLI's texts and opens the browser.

use std::collections::HashMap;
use std::io::Write;
use std::sync::Mutex;

use awslice_runtime::credentials::{
    Credentials, CredentialsError, ProfileProviders, SsoLoginOptions, SsoLoginPrompt,
};

use crate::argparse::{Arity, OptSpec, Parsed, Parser, PosSpec};
use crate::failure::{Failure, no_credentials_text, param};
use crate::globals::Globals;
use crate::{Command, PROG, RC_CONFIG, RC_GENERAL, RC_OK};

/// A command or subcommand and its one-line description.
pub(crate) type Named = (&'static str, &'static str);

/// The top-level commands this module adds, with their subcommands and one-line
/// descriptions (what help and completion show).
pub(crate) const COMMANDS: [(&str, &str, &[Named]); 2] = [
    (
        "configure",
        "Shows the configuration and the resolved credentials.",
        &[
            (
                "export-credentials",
                "Prints the resolved credentials in the given format.",
            ),
            (
                "list",
                "Lists the profile, the credentials and the region in use.",
            ),
        ],
    ),
    (
        "sso",
        "Sign in to AWS IAM Identity Center (SSO) and sign out.",
        &[
            (
                "login",
                "Retrieves and caches an AWS IAM Identity Center access token.",
            ),
            (
                "logout",
                "Removes the cached AWS IAM Identity Center access tokens.",
            ),
        ],
    ),
];

/// Whether `word` is one of [`COMMANDS`].
pub(crate) fn is_command(word: &str) -> bool {
    COMMANDS.iter().any(|(name, _, _)| *name == word)
}

const SSO_HELP: &str = "NAME\n       sso -\n\nDESCRIPTION\n       Sign in to AWS IAM Identity Center (SSO) and sign out.\n\nAVAILABLE COMMANDS\n       o login\n\n       o logout\n";
const SSO_LOGIN_HELP: &str = "NAME\n       login -\n\nDESCRIPTION\n       Retrieves and caches an AWS IAM Identity Center access token to\n       exchange for AWS credentials. The authorization code flow with PKCE is\n       used for an sso-session, the device code flow for a legacy profile or\n       with --use-device-code.\n\nSYNOPSIS\n            login\n          [--no-browser]\n          [--use-device-code]\n          [--sso-session <value>]\n";
const SSO_LOGOUT_HELP: &str = "NAME\n       logout -\n\nDESCRIPTION\n       Removes the cached AWS IAM Identity Center access tokens and the\n       credentials obtained with them.\n\nSYNOPSIS\n            logout\n";
const CONFIGURE_HELP: &str = "NAME\n       configure -\n\nDESCRIPTION\n       Shows the configuration and the resolved credentials.\n\nAVAILABLE COMMANDS\n       o export-credentials\n\n       o list\n";
const EXPORT_HELP: &str = "NAME\n       export-credentials -\n\nDESCRIPTION\n       Resolves the credentials of the profile and prints them in the given\n       format.\n\nSYNOPSIS\n            export-credentials\n          [--format <value>]\n\nOPTIONS\n       --format (string) One of process (the default), env, env-no-export,\n       powershell, windows-cmd, fish.\n";
const LIST_HELP: &str = "NAME\n       list -\n\nDESCRIPTION\n       Lists the profile, the credentials and the region in use, with where\n       each comes from.\n\nSYNOPSIS\n            list\n";

const EXPORT_FORMATS: &[&str] = &[
    "process",
    "env",
    "env-no-export",
    "powershell",
    "windows-cmd",
    "fish",
];

/// A providers error as the command reports it.
pub(crate) fn credentials_failure(e: CredentialsError) -> Failure {
    if e.is_configuration() {
        return Failure::Coded("Configuration", e.to_string(), RC_CONFIG);
    }
    if let Some((operation, error)) = e.service_error() {
        return Failure::ProviderService(operation.to_string(), Box::new(error.clone()));
    }
    if e.is_invalid_parameter() {
        return param(e.to_string());
    }
    if e.is_not_found() {
        return Failure::Coded("NoCredentials", no_credentials_text(), RC_CONFIG);
    }
    Failure::General(e.to_string(), RC_GENERAL)
}

/// Parses a sub-command line: `choices` for the sub-command, then `options` (flags and
/// one-value options).
fn subcommand(rest: &[String], choices: &[&str]) -> Result<(String, Vec<String>), Failure> {
    let mut all: Vec<String> = choices.iter().map(|s| (*s).to_string()).collect();
    all.push("help".into());
    let parser = Parser {
        options: Vec::new(),
        positionals: vec![PosSpec {
            name: "operation",
            choices: all,
            optional: false,
        }],
        slots: 0,
    };
    let out = parser
        .parse_known_args(rest)
        .map_err(|e| Failure::Usage(e.0))?;
    Ok((out.positional(0).unwrap_or_default().to_owned(), out.extras))
}

/// Parses `rest` with `options`; unknown strings are reported as the AWS CLI does.
fn options(rest: &[String], options: Vec<OptSpec>) -> Result<Vec<Option<Parsed>>, Failure> {
    let slots = options.len();
    let parser = Parser {
        options,
        positionals: Vec::new(),
        slots,
    };
    let out = parser
        .parse_known_args(rest)
        .map_err(|e| Failure::Usage(e.0))?;
    if !out.extras.is_empty() {
        return Err(Failure::UnknownOptions(out.extras));
    }
    Ok(out.values)
}

fn flag(name: &str, dest: usize) -> OptSpec {
    OptSpec {
        name: name.into(),
        dest,
        arity: Arity::Flag(true),
        choices: None,
        required: false,
    }
}

fn one(name: &str, dest: usize, choices: Option<&'static [&'static str]>) -> OptSpec {
    OptSpec {
        name: name.into(),
        dest,
        arity: Arity::One,
        choices,
        required: false,
    }
}

fn text_of(v: &Option<Parsed>) -> Option<String> {
    match v {
        Some(Parsed::Str(s)) => Some(s.clone()),
        _ => None,
    }
}

/// Runs `future` on a current-thread runtime, logging to the `--debug` log when there is one.
fn block_on<T>(
    debug: Option<&std::sync::Arc<crate::debug::DebugLog>>,
    future: impl std::future::Future<Output = T>,
) -> Result<T, Failure> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Failure::General(e.to_string(), RC_GENERAL))?;
    Ok(match debug {
        Some(d) => {
            tracing::subscriber::with_default(crate::debug::DebugDispatch(d.clone()), || {
                rt.block_on(future)
            })
        }
        None => rt.block_on(future),
    })
}

/// Whether `program` is an executable on the environment's `PATH`.
fn on_path(env: &HashMap<String, String>, program: &str) -> Option<std::path::PathBuf> {
    env.get("PATH")?
        .split(':')
        .filter(|d| !d.is_empty())
        .map(|d| std::path::Path::new(d).join(program))
        .find(|p| p.is_file())
}

/// Opens `url` with `xdg-open` (or `open` on macOS) when there is one; never waits.
fn open_browser(env: &HashMap<String, String>, url: &str) {
    let opener = ["xdg-open", "open"]
        .into_iter()
        .find_map(|p| on_path(env, p));
    if let Some(opener) = opener {
        let _ = std::process::Command::new(opener)
            .arg(url)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn();
    }
}

/// The text `sso login` prints for `prompt`.
pub(crate) fn login_text(prompt: &SsoLoginPrompt<'_>, no_browser: bool) -> String {
    match (prompt, no_browser) {
        (
            SsoLoginPrompt::DeviceCode {
                verification_uri,
                verification_uri_complete,
                user_code,
            },
            true,
        ) => format!(
            "Browser will not be automatically opened.\nPlease visit the following URL:\n\n{verification_uri}\n\
             \nThen enter the code:\n\n{user_code}\n\nAlternatively, you may visit the following URL which will autofill the code upon loading:\n{verification_uri_complete}\n"
        ),
        (
            SsoLoginPrompt::DeviceCode {
                verification_uri,
                user_code,
                ..
            },
            false,
        ) => format!(
            "Attempting to open your default browser.\nIf the browser does not open or you wish to use a different device to authorize this request, open the following URL:\n\n{verification_uri}\n\
             \nThen enter the code:\n\n{user_code}\n"
        ),
        (SsoLoginPrompt::Authorize { url }, true) => format!(
            "Browser will not be automatically opened.\nPlease visit the following URL:\n\n{url}\n"
        ),
        (SsoLoginPrompt::Authorize { url }, false) => format!(
            "Attempting to open your default browser. If the browser does not open, open the following URL.\nIf you are unable to open the URL on this device, run this command again with the '--use-device-code' option.\n\n{url}\n\n"
        ),
        _ => String::new(),
    }
}

impl Command<'_> {
    /// Runs `configure …` or `sso …`; `rest` are the arguments after the command word.
    pub(crate) fn signin_command(
        &mut self,
        g: &Globals,
        command: &str,
        rest: &[String],
    ) -> Result<i32, Failure> {
        match command {
            "sso" => {
                let (sub, rest) = subcommand(rest, &["login", "logout"])?;
                self.op_name = sub.clone();
                let help = rest.len() == 1 && rest[0] == "help";
                match sub.as_str() {
                    "help" => self.help_text(SSO_HELP),
                    "login" if help => self.help_text(SSO_LOGIN_HELP),
                    "logout" if help => self.help_text(SSO_LOGOUT_HELP),
                    "login" => self.sso_login(g, &rest),
                    _ => self.sso_logout(g, &rest),
                }
            }
            _ => {
                let (sub, rest) = subcommand(rest, &["export-credentials", "list"])?;
                let help = rest.len() == 1 && rest[0] == "help";
                match sub.as_str() {
                    "help" => self.help_text(CONFIGURE_HELP),
                    "export-credentials" if help => self.help_text(EXPORT_HELP),
                    "list" if help => self.help_text(LIST_HELP),
                    "export-credentials" => self.export_credentials(g, &rest),
                    _ => self.configure_list(g, &rest),
                }
            }
        }
    }

    fn help_text(&mut self, text: &str) -> Result<i32, Failure> {
        self.show_help(text)?;
        Ok(RC_OK)
    }

    fn providers(&self) -> Result<std::sync::Arc<dyn ProfileProviders>, Failure> {
        self.profile_providers.clone().ok_or_else(|| {
            Failure::General(
                format!("{PROG} was built without the IAM Identity Center sign-in"),
                RC_GENERAL,
            )
        })
    }

    fn sso_login(&mut self, g: &Globals, rest: &[String]) -> Result<i32, Failure> {
        let values = options(
            rest,
            vec![
                flag("--no-browser", 0),
                flag("--use-device-code", 1),
                one("--sso-session", 2, None),
            ],
        )?;
        let no_browser = values[0].is_some();
        let opts = SsoLoginOptions {
            use_device_code: values[1].is_some(),
            sso_session: text_of(&values[2]),
        };
        let providers = self.providers()?;
        let config = self.load_config(g)?;
        let env = self.env.clone();
        let debug = self.debug.clone();
        let out = Mutex::new(&mut *self.stdout);
        let prompt = |p: &SsoLoginPrompt<'_>| {
            let text = login_text(p, no_browser);
            if let Ok(mut o) = out.lock() {
                let _ = o.write_all(text.as_bytes());
                let _ = o.flush();
            }
            if !no_browser {
                match p {
                    SsoLoginPrompt::DeviceCode {
                        verification_uri_complete,
                        ..
                    } => open_browser(&env, verification_uri_complete),
                    SsoLoginPrompt::Authorize { url } => open_browser(&env, url),
                    _ => {}
                }
            }
        };
        let result = block_on(debug.as_ref(), providers.sso_login(&config, &opts, &prompt))?;
        let start_url = result.map_err(credentials_failure)?;
        self.out(&format!(
            "Successfully logged into Start URL: {start_url}\n"
        ))?;
        Ok(RC_OK)
    }

    fn sso_logout(&mut self, g: &Globals, rest: &[String]) -> Result<i32, Failure> {
        options(rest, Vec::new())?;
        let providers = self.providers()?;
        let config = self.load_config(g)?;
        block_on(self.debug.as_ref(), providers.sso_logout(&config))?
            .map_err(credentials_failure)?;
        Ok(RC_OK)
    }

    fn export_credentials(&mut self, g: &Globals, rest: &[String]) -> Result<i32, Failure> {
        let values = options(rest, vec![one("--format", 0, Some(EXPORT_FORMATS))])?;
        let format = text_of(&values[0]).unwrap_or_else(|| "process".into());
        let config = self.load_config(g)?;
        let unable = |msg: String| {
            Failure::Coded(
                "Configuration",
                format!("Unable to retrieve credentials: {msg}"),
                RC_CONFIG,
            )
        };
        let creds = match block_on(self.debug.as_ref(), config.credentials())? {
            Ok(Some(c)) => c,
            Ok(None) => return Err(unable("no credentials found".into())),
            Err(e) if e.is_not_found() => return Err(unable("no credentials found".into())),
            Err(e) => return Err(unable(e.to_string())),
        };
        let expiration = creds.expiry().map(iso_expiry);
        let text = export_text(&creds, expiration.as_deref(), &format);
        self.out(&text)?;
        Ok(RC_OK)
    }

    fn configure_list(&mut self, g: &Globals, rest: &[String]) -> Result<i32, Failure> {
        options(rest, Vec::new())?;
        let config = self.load_config(g)?;
        let row = |name: &str, value: &str, kind: &str, location: &str| {
            format!("{name:<10} : {value:<24} : {kind:<16} : {location}\n")
        };
        let mut text = row("NAME", "VALUE", "TYPE", "LOCATION");
        let env_set = |k: &str| self.env.get(k).filter(|v| !v.is_empty()).cloned();
        if let Some(p) = &g.profile {
            text.push_str(&row("profile", p, "manual", "--profile"));
        } else if let Some(p) = env_set("AWS_PROFILE").or_else(|| env_set("AWS_DEFAULT_PROFILE")) {
            text.push_str(&row(
                "profile",
                &p,
                "env",
                "['AWS_PROFILE', 'AWS_DEFAULT_PROFILE']",
            ));
        } else {
            text.push_str(&row("profile", "<not set>", "None", "None"));
        }
        match block_on(self.debug.as_ref(), config.credentials())? {
            Ok(Some(c)) => {
                let masked = |s: &str| {
                    let tail: String = s
                        .chars()
                        .rev()
                        .take(4)
                        .collect::<Vec<_>>()
                        .into_iter()
                        .rev()
                        .collect();
                    format!("****************{tail}")
                };
                text.push_str(&row(
                    "access_key",
                    &masked(c.access_key_id()),
                    c.provider(),
                    "",
                ));
                text.push_str(&row(
                    "secret_key",
                    &masked(c.secret_access_key()),
                    c.provider(),
                    "",
                ));
            }
            Ok(None) => {
                text.push_str(&row("access_key", "<not set>", "None", "None"));
                text.push_str(&row("secret_key", "<not set>", "None", "None"));
            }
            Err(e) if e.is_not_found() => {
                text.push_str(&row("access_key", "<not set>", "None", "None"));
                text.push_str(&row("secret_key", "<not set>", "None", "None"));
            }
            Err(e) => return Err(credentials_failure(e)),
        }
        let region_env = env_set("AWS_REGION").or_else(|| env_set("AWS_DEFAULT_REGION"));
        match (config.region(), g.region.is_some(), region_env) {
            (None, _, _) => text.push_str(&row("region", "<not set>", "None", "None")),
            (Some(r), true, _) => text.push_str(&row("region", r, "imds", "")),
            (Some(r), false, Some(_)) => text.push_str(&row(
                "region",
                r,
                "env",
                "['AWS_REGION', 'AWS_DEFAULT_REGION']",
            )),
            (Some(r), false, None) => {
                let file = env_set("AWS_CONFIG_FILE").unwrap_or_else(|| "~/.aws/config".into());
                text.push_str(&row("region", r, "config-file", &file));
            }
        }
        self.out(&text)?;
        Ok(RC_OK)
    }
}

/// Python's `isoformat()` of a UTC expiry: `2026-01-01T12:00:00+00:00` (with
/// `.ffffff` when there are microseconds).
fn iso_expiry(t: std::time::SystemTime) -> String {
    let secs = t
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64());
    let text = awslice_runtime::json::Timestamp(secs)
        .to_date_time()
        .unwrap_or_default();
    format!("{}+00:00", text.strip_suffix('Z').unwrap_or(&text))
}

/// The output of `configure export-credentials --format FORMAT`.
pub(crate) fn export_text(c: &Credentials, expiration: Option<&str>, format: &str) -> String {
    let mut vars: Vec<(&str, &str)> = vec![
        ("AWS_ACCESS_KEY_ID", c.access_key_id()),
        ("AWS_SECRET_ACCESS_KEY", c.secret_access_key()),
    ];
    if let Some(t) = c.session_token() {
        vars.push(("AWS_SESSION_TOKEN", t));
    }
    if let Some(e) = expiration {
        vars.push(("AWS_CREDENTIAL_EXPIRATION", e));
    }
    let line = |(k, v): &(&str, &str)| match format {
        "env" => format!("export {k}={v}\n"),
        "env-no-export" => format!("{k}={v}\n"),
        "powershell" => format!("$Env:{k}=\"{v}\"\n"),
        "windows-cmd" => format!("set {k}={v}\n"),
        "fish" => format!("set -gx {k} \"{v}\"\n"),
        _ => String::new(),
    };
    if format != "process" {
        return vars.iter().map(line).collect();
    }
    let mut doc = serde_json::Map::new();
    doc.insert("Version".into(), 1.into());
    doc.insert("AccessKeyId".into(), c.access_key_id().into());
    doc.insert("SecretAccessKey".into(), c.secret_access_key().into());
    if let Some(t) = c.session_token() {
        doc.insert("SessionToken".into(), t.into());
    }
    if let Some(e) = expiration {
        doc.insert("Expiration".into(), e.into());
    }
    let layout = awslice_pyfmt::Dumps {
        indent: Some(2),
        item_separator: ",",
        key_separator: ": ",
        ensure_ascii: true,
    };
    let mut text = awslice_pyfmt::dumps(&serde_json::Value::Object(doc), &layout);
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn export_formats() {
        let c = Credentials::new("AKID", "SECRET", Some("TOKEN".into()), None);
        let e = Some("2026-01-01T12:00:00+00:00");
        assert_eq!(
            export_text(&c, e, "env"),
            "export AWS_ACCESS_KEY_ID=AKID\nexport AWS_SECRET_ACCESS_KEY=SECRET\n\
             export AWS_SESSION_TOKEN=TOKEN\nexport AWS_CREDENTIAL_EXPIRATION=2026-01-01T12:00:00+00:00\n"
        );
        assert_eq!(
            export_text(&c, None, "powershell"),
            "$Env:AWS_ACCESS_KEY_ID=\"AKID\"\n$Env:AWS_SECRET_ACCESS_KEY=\"SECRET\"\n$Env:AWS_SESSION_TOKEN=\"TOKEN\"\n"
        );
        assert_eq!(
            export_text(&c, None, "windows-cmd"),
            "set AWS_ACCESS_KEY_ID=AKID\nset AWS_SECRET_ACCESS_KEY=SECRET\nset AWS_SESSION_TOKEN=TOKEN\n"
        );
        let plain = Credentials::new("AKID", "SECRET", None, None);
        assert_eq!(
            export_text(&plain, None, "fish"),
            "set -gx AWS_ACCESS_KEY_ID \"AKID\"\nset -gx AWS_SECRET_ACCESS_KEY \"SECRET\"\n"
        );
        assert_eq!(
            export_text(&plain, None, "env-no-export"),
            "AWS_ACCESS_KEY_ID=AKID\nAWS_SECRET_ACCESS_KEY=SECRET\n"
        );
        assert_eq!(
            export_text(&c, e, "process"),
            "{\n  \"Version\": 1,\n  \"AccessKeyId\": \"AKID\",\n  \"SecretAccessKey\": \"SECRET\",\n  \"SessionToken\": \"TOKEN\",\n  \"Expiration\": \"2026-01-01T12:00:00+00:00\"\n}\n"
        );
    }

    #[test]
    fn iso_of_expiry() {
        let t = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_767_268_800);
        assert_eq!(iso_expiry(t), "2026-01-01T12:00:00+00:00");
    }

    #[test]
    fn login_texts() {
        let p = SsoLoginPrompt::DeviceCode {
            verification_uri: "https://v",
            verification_uri_complete: "https://v?c=AB",
            user_code: "AB",
        };
        assert_eq!(
            login_text(&p, true),
            "Browser will not be automatically opened.\nPlease visit the following URL:\n\nhttps://v\n\nThen enter the code:\n\nAB\n\nAlternatively, you may visit the following URL which will autofill the code upon loading:\nhttps://v?c=AB\n"
        );
        assert!(
            login_text(&p, false)
                .ends_with("open the following URL:\n\nhttps://v\n\nThen enter the code:\n\nAB\n")
        );
    }
}
