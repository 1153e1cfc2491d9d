//! The shared-config parser (`~/.aws/config` and `~/.aws/credentials`).
//!
//! Input: the config file's text, a NUL byte, the credentials file's text. The first byte
//! picks the entry point: `ProfileSet::parse` directly, or the whole `ConfigLoader::load`
//! (settings resolved from the files) through two temporary files.
#![no_main]

use std::collections::HashMap;
use std::path::Path;

use awslice_runtime::config::profile::ProfileSet;
use awslice_runtime::config::{ConfigLoader, Env};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let (config, credentials) = text.split_once('\0').unwrap_or((text, ""));
    if mode & 1 == 0 {
        let set = ProfileSet::parse(
            Some((config, Path::new("config"))),
            Some((credentials, Path::new("credentials"))),
        );
        match set {
            Ok(set) => {
                for name in set.profile_names() {
                    let props = set.profile(name).expect("a listed profile exists");
                    for (key, value) in props {
                        assert_eq!(key, &key.to_lowercase(), "keys are lower-cased");
                        let _ = value.as_str();
                    }
                }
                let _ = (set.services("x"), set.sso_session("x"), format!("{set:?}"));
            }
            Err(e) => {
                let _ = e.to_string();
            }
        }
    } else {
        let dir = std::env::temp_dir();
        let pid = std::process::id();
        let config_path = dir.join(format!("awslice-fuzz-{pid}-config"));
        let credentials_path = dir.join(format!("awslice-fuzz-{pid}-credentials"));
        if std::fs::write(&config_path, config).is_err()
            || std::fs::write(&credentials_path, credentials).is_err()
        {
            return;
        }
        // No HOME: nothing but these two files is read.
        let vars: HashMap<String, String> = [
            ("AWS_CONFIG_FILE", config_path.display().to_string()),
            (
                "AWS_SHARED_CREDENTIALS_FILE",
                credentials_path.display().to_string(),
            ),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect();
        let profile = if mode & 2 == 0 { None } else { Some("p") };
        let mut loader = ConfigLoader::new().env(Env::from_map(vars));
        if let Some(p) = profile {
            loader = loader.profile(p);
        }
        match loader.load() {
            Ok(cfg) => {
                let _ = (
                    cfg.region(),
                    cfg.endpoint_url_for("WorkSpaces"),
                    cfg.use_fips(),
                    cfg.use_dual_stack(),
                    cfg.retry_mode(),
                    cfg.max_attempts(),
                    cfg.ca_bundle(),
                    cfg.profile_value("region"),
                );
            }
            Err(e) => {
                let _ = (e.kind(), e.detail(), e.to_string());
            }
        }
    }
});
