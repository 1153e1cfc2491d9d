//! Shared config / credentials files: locations, profile selection, parsing errors.

use crate::config_support as support;

use awslice_runtime::config::{ConfigErrorKind, ConfigLoader};
use support::{TempDir, loader};

const CONFIG: &str = "\
# comment line
; another comment
[default]
region = us-east-1
output = json

[profile dev]   # header comment
region = eu-west-2 # trailing comment
output = text
cli_pager =
s3 =
  max_concurrent_requests = 10
  addressing_style = path

[sso-session corp]
sso_region = us-east-1
";

#[test]
fn default_locations_under_home() {
    let home = TempDir::new("home");
    home.write(".aws/config", CONFIG);
    home.write(
        ".aws/credentials",
        "[dev]\naws_access_key_id = AKDEV\naws_secret_access_key = s\n",
    );
    let c = loader(home.path(), &[]).load().unwrap();
    assert_eq!(c.profile_name(), "default");
    assert_eq!(c.region(), Some("us-east-1"));
    assert_eq!(c.profile_value("output"), Some("json"));

    let c = loader(home.path(), &[]).profile("dev").load().unwrap();
    assert_eq!(c.profile_name(), "dev");
    assert_eq!(c.region(), Some("eu-west-2"));
    assert_eq!(c.profile_value("output"), Some("text"));
    assert_eq!(c.profile_value("cli_pager"), Some(""));
    // Nested blocks are not plain values.
    assert_eq!(c.profile_value("s3"), None);
    // Values from the credentials file are merged into the profile.
    assert_eq!(c.profile_value("aws_access_key_id"), Some("AKDEV"));
    assert!(c.profile_set().sso_session("corp").is_some());
}

#[test]
fn explicit_file_variables_win() {
    let home = TempDir::new("home");
    home.write(".aws/config", "[default]\nregion = us-east-1\n");
    let other = TempDir::new("other");
    let cfg = other.write(
        "cfg",
        "[default]\nregion = ap-south-1\n[profile x]\noutput = yaml\n",
    );
    let creds = other.write(
        "creds",
        "[y]\naws_access_key_id = A\naws_secret_access_key = B\n",
    );
    let c = loader(
        home.path(),
        &[
            ("AWS_CONFIG_FILE", cfg.to_str().unwrap()),
            ("AWS_SHARED_CREDENTIALS_FILE", creds.to_str().unwrap()),
        ],
    )
    .load()
    .unwrap();
    assert_eq!(c.region(), Some("ap-south-1"));
    assert_eq!(c.profile_set().profile_names(), vec!["default", "x", "y"]);
    // A profile that exists only in the credentials file can be selected.
    let vars = [
        ("AWS_CONFIG_FILE", cfg.to_str().unwrap()),
        ("AWS_SHARED_CREDENTIALS_FILE", creds.to_str().unwrap()),
    ];
    assert!(loader(home.path(), &vars).profile("y").load().is_ok());
    // `~` in the variable is the home directory.
    let c = loader(home.path(), &[("AWS_CONFIG_FILE", "~/.aws/config")])
        .load()
        .unwrap();
    assert_eq!(c.region(), Some("us-east-1"));
}

#[test]
fn profile_selection_order() {
    let home = TempDir::new("home");
    home.write(
        ".aws/config",
        "[default]\noutput = json\n[profile a]\noutput = text\n[profile b]\noutput = yaml\n",
    );
    let pick = |vars: &[(&str, &str)], flag: Option<&str>| {
        let mut l = loader(home.path(), vars);
        if let Some(p) = flag {
            l = l.profile(p);
        }
        let c = l.load().unwrap();
        (
            c.profile_name().to_string(),
            c.profile_value("output").map(str::to_string),
        )
    };
    assert_eq!(pick(&[], None), ("default".into(), Some("json".into())));
    assert_eq!(
        pick(&[("AWS_PROFILE", "a")], None),
        ("a".into(), Some("text".into()))
    );
    assert_eq!(
        pick(&[("AWS_PROFILE", "a")], Some("b")),
        ("b".into(), Some("yaml".into()))
    );
}

#[test]
fn missing_profiles() {
    let home = TempDir::new("home");
    // No files at all: fine without a named profile.
    let c = loader(home.path(), &[]).load().unwrap();
    assert_eq!(c.region(), None);
    assert_eq!(c.profile_value("output"), None);
    for (vars, flag) in [
        (vec![], Some("nosuch")),
        (vec![("AWS_PROFILE", "nosuch")], None),
    ] {
        let mut l = loader(home.path(), &vars);
        if let Some(p) = flag {
            l = l.profile(p);
        }
        let e = l.load().unwrap_err();
        assert_eq!(e.kind(), ConfigErrorKind::ProfileNotFound);
        assert_eq!(
            e.to_string(),
            "The config profile (nosuch) could not be found"
        );
    }
    // Even "default" must exist when named explicitly (botocore).
    let e = loader(home.path(), &[])
        .profile("default")
        .load()
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "The config profile (default) could not be found"
    );
}

#[test]
fn broken_file_is_a_clear_error() {
    let home = TempDir::new("home");
    let path = home.write(
        ".aws/config",
        "[default]\nregion = us-east-1\nthis line is wrong\n",
    );
    let e = loader(home.path(), &[]).load().unwrap_err();
    assert_eq!(e.kind(), ConfigErrorKind::File);
    assert_eq!(
        e.to_string(),
        format!("Unable to parse config file: {}", path.display())
    );
    let detail = e.detail().unwrap();
    assert!(
        detail.contains("line 3") && detail.contains("this line is wrong"),
        "{detail}"
    );

    let creds = home.write(".aws/credentials", "[a]\nk = 1\n[a]\n");
    home.write(".aws/config", "[default]\n");
    let e = loader(home.path(), &[]).load().unwrap_err();
    assert_eq!(
        e.to_string(),
        format!("Unable to parse config file: {}", creds.display())
    );
    assert!(e.detail().unwrap().contains("already exists"));

    std::fs::write(home.path().join(".aws/credentials"), b"[a]\nk = \xff\xfe\n").unwrap();
    let e = loader(home.path(), &[]).load().unwrap_err();
    assert!(e.detail().unwrap().contains("UTF-8"), "{e:?}");
}

#[cfg(unix)]
#[test]
fn unreadable_file_is_an_error() {
    use std::os::unix::fs::PermissionsExt;
    let home = TempDir::new("home");
    let path = home.write(".aws/config", "[default]\n");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(&path).is_ok() {
        eprintln!("skipped: running as a user who can read mode-000 files (root)");
        return;
    }
    let e = loader(home.path(), &[]).load().unwrap_err();
    assert!(
        e.to_string().starts_with("Unable to read config file: "),
        "{e}"
    );
}

#[test]
fn a_directory_or_missing_file_is_skipped() {
    let home = TempDir::new("home");
    std::fs::create_dir_all(home.path().join(".aws/config")).unwrap();
    let c = loader(
        home.path(),
        &[("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/creds")],
    )
    .load()
    .unwrap();
    assert_eq!(c.profile_set().profile_names(), Vec::<&str>::new());
}

#[test]
fn process_environment_snapshot() {
    let env = awslice_runtime::config::Env::process();
    assert_eq!(
        env.get("PATH").map(str::to_string),
        std::env::var("PATH").ok()
    );
    // The Debug output lists names only.
    let dbg = format!("{env:?}");
    if let Ok(path) = std::env::var("PATH")
        && path.len() > 3
    {
        assert!(dbg.contains("\"PATH\"") && !dbg.contains(&path), "{dbg}");
    }
    let _ = ConfigLoader::new();
}
