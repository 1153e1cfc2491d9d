//! The completion scripts in real shells (bash, zsh, fish) against the built `awslice`
//! binary, found on `PATH` as users install it.
//!
//! A missing shell skips with a message under plain `cargo test` and fails under `cargo xtask
//! test` (`awslice_test_support::peers`).

use std::path::{Path, PathBuf};
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_awslice");

/// The shell's path, or `None` (skipped, or failing when peers are required) when it is not
/// installed.
fn shell(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    let found = std::env::split_paths(&path)
        .map(|d| d.join(name))
        .find(|p| p.is_file());
    found.or_else(|| awslice_test_support::peers::skip(format!("{name} is not installed")))
}

/// A scratch home with a config file holding profiles (one with a space) and a
/// credentials file whose profile must never be offered (it is never read).
struct Home(PathBuf);

impl Home {
    fn new(tag: &str) -> Home {
        let dir = std::env::temp_dir().join(format!(
            "awslice-completion-shells-{tag}-{}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join(".aws")).expect("create scratch home");
        std::fs::write(
            dir.join(".aws/config"),
            "[default]\nregion = us-east-1\n[profile \"my team\"]\n[profile dev]\n",
        )
        .expect("write config");
        std::fs::write(
            dir.join(".aws/credentials"),
            "[only-in-credentials]\naws_access_key_id = AKIDEXAMPLE\n",
        )
        .expect("write credentials");
        std::fs::create_dir_all(dir.join("sub dir")).expect("create a folder");
        Home(dir)
    }

    /// Writes `awslice completion SHELL` into the home and returns its path.
    fn script(&self, shell: &str) -> PathBuf {
        let out = Command::new(BIN)
            .args(["completion", shell])
            .output()
            .expect("run awslice completion");
        assert_eq!(out.status.code(), Some(0), "{out:?}");
        let path = self.0.join(format!("awslice.{shell}"));
        std::fs::write(&path, &out.stdout).expect("write script");
        path
    }
}

impl Drop for Home {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Runs `program args…` with a clean environment: `awslice`'s folder first on `PATH`, the
/// scratch home, no AWS variables.
fn run_shell(program: &Path, args: &[&str], home: &Home) -> String {
    let bin_dir = Path::new(BIN).parent().expect("binary folder");
    let mut path = vec![bin_dir.to_path_buf()];
    path.extend(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    ));
    let out = Command::new(program)
        .args(args)
        .env_clear()
        .env("PATH", std::env::join_paths(path).expect("PATH"))
        .env("HOME", &home.0)
        .env("XDG_CONFIG_HOME", home.0.join(".config"))
        .env("XDG_DATA_HOME", home.0.join(".local/share"))
        .env("LANG", "C.UTF-8")
        .output()
        .expect("run the shell");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{} failed: {:?}\nstdout: {stdout}\nstderr: {}",
        program.display(),
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

/// Splits the output of the driver scripts: one block per case, ended by a `===` line.
fn blocks(out: &str) -> Vec<Vec<&str>> {
    let mut all = Vec::new();
    let mut cur = Vec::new();
    for line in out.lines() {
        if line == "===" {
            all.push(std::mem::take(&mut cur));
        } else {
            cur.push(line);
        }
    }
    all
}

const UPDATE: &str = "update-workspace-image-permission";

#[test]
fn bash_completes_through_the_script() {
    let Some(bash) = shell("bash") else { return };
    let home = Home::new("bash");
    let script = home.script("bash");
    // `t LINE` sets what bash sets before calling the function (COMP_WORDS roughly: the
    // function reads only COMP_LINE, COMP_POINT and the command word).
    let driver = format!(
        r#"
source '{script}'
complete -p awslice
t() {{
    COMP_LINE=$1
    COMP_POINT=${{#COMP_LINE}}
    read -ra COMP_WORDS <<< "$1"
    [[ $1 == *' ' ]] && COMP_WORDS+=('')
    COMP_CWORD=$(( ${{#COMP_WORDS[@]}} - 1 ))
    [[ -n $2 ]] && COMP_WORDS[0]=$2
    _awslice_completion awslice "${{COMP_WORDS[COMP_CWORD]}}" "${{COMP_WORDS[COMP_CWORD-1]}}"
    printf '%s\n' "${{COMPREPLY[@]}}"
    echo ===
}}
t 'awslice wor'
t 'awslice '
t 'awslice workspaces {UPDATE} --query "a b" --image-id '"'"'x y'"'"' --sh'
t 'awslice --output=y'
t 'awslice --profile '
t 'awslice --profile my'
t "awslice --profile 'my"
t 'awslice workspaces {UPDATE} --image-id x --no-allow-copy-image --al'
PATH=/nonexistent t 'awslice wor' '{bin}'
t 'awslice --ca-bundle file://{home}/su'
"#,
        script = script.display(),
        bin = BIN,
        home = home.0.display(),
    );
    let out = run_shell(&bash, &["--norc", "--noprofile", "-c", &driver], &home);
    assert!(
        out.starts_with("complete -o nosort -F _awslice_completion awslice\n"),
        "{out}"
    );
    let b = blocks(out.split_once('\n').map_or("", |(_, rest)| rest));
    assert_eq!(b[0], ["workspaces"]);
    assert_eq!(
        b[1],
        ["workspaces", "help", "completion", "configure", "sso"]
    );
    assert_eq!(b[2], ["--shared-account-id"]);
    assert_eq!(b[3], ["yaml", "yaml-stream"]);
    assert_eq!(b[4], ["default", "dev", "my\\ team"]);
    assert_eq!(b[5], ["my\\ team"]);
    assert_eq!(b[6], ["my team"]);
    assert_eq!(
        b[7],
        [""],
        "--allow-copy-image is taken by --no-allow-copy-image"
    );
    // The command word as a path works without `awslice` on PATH.
    assert_eq!(b[8], ["workspaces"]);
    // bash replaces the text after `:`; the space is escaped.
    assert_eq!(b[9], [format!("//{}/sub\\ dir/", home.0.display())]);
}

#[test]
fn zsh_completes_through_the_script() {
    let Some(zsh) = shell("zsh") else { return };
    let home = Home::new("zsh");
    let script = home.script("zsh");
    // compinit for real (the script registers itself with compdef); `_describe` stubbed to
    // print what it is given, as it only runs inside a completion widget.
    let driver = format!(
        r#"
autoload -U compinit && compinit -u -d '{home}/.zcompdump'
source '{script}'
print -r -- "registered: $_comps[awslice]"
_describe() {{ print -r -- "flags: ${{@[1,-3]}}"; print -rl -- "${{(@P)${{@[-1]}}}}"; }}
t() {{ words=("$@"); CURRENT=$#words; PREFIX=$words[-1]; _awslice; print -r -- "rc=$?"; print -r -- '==='; }}
t awslice wor
t awslice workspaces {UPDATE} --query "'a b'" --sh
t awslice --output ''
# Inside an open quote zsh leaves the quote out of PREFIX (it is in compstate[quote]).
words=(awslice --profile "'my"); CURRENT=3; PREFIX=my; _awslice; print -r -- "rc=$?"; print -r -- '==='
t awslice nope ''
compadd() {{ print -r -- "compadd: $*"; }}
t awslice --ca-bundle 'file://{home}/'
"#,
        home = home.0.display(),
        script = script.display(),
    );
    let out = run_shell(&zsh, &["-f", "-c", &driver], &home);
    let (first, rest) = out.split_once('\n').unwrap_or_default();
    assert_eq!(first, "registered: _awslice");
    let b = blocks(rest);
    assert_eq!(
        b[0],
        [
            "flags: -V -t awslice",
            "workspaces:Amazon WorkSpaces enables you to provision virtual, cloud-based Microsoft Windows or Amazon Linux desktops for your users, known as WorkSpaces.",
            "rc=0"
        ]
    );
    assert_eq!(
        b[1][1],
        "--shared-account-id:The identifier of the Amazon Web Services account to share or unshare the image with."
    );
    assert_eq!(
        b[2][1..],
        [
            "json",
            "text",
            "table",
            "yaml",
            "yaml-stream",
            "off",
            "rc=0"
        ]
    );
    assert_eq!(b[3][1..], ["my team", "rc=0"]);
    let h = home.0.display();
    assert_eq!(
        b[5],
        [
            "flags: -V -t awslice".to_owned(),
            format!("file\\://{h}/awslice.zsh"),
            format!("compadd: -V awslice-folders -S  -- file://{h}/sub dir/"),
            "rc=0".to_owned(),
        ]
    );
    assert_eq!(
        b[4],
        ["rc=1"],
        "no candidates: the function fails, _describe not called"
    );
}

#[test]
fn fish_completes_through_the_script() {
    let Some(fish) = shell("fish") else { return };
    let home = Home::new("fish");
    let script = home.script("fish");
    let driver = format!(
        r#"
source '{script}'
complete -C 'awslice wor'; echo ===
complete -C 'awslice workspaces '; echo ===
complete -C 'awslice workspaces {UPDATE} --query "a b" --sh'; echo ===
complete -C 'awslice --output y'; echo ===
complete -C 'awslice --profile '; echo ===
complete -C "awslice --profile 'my"; echo ===
complete -C 'awslice completion '; echo ===
complete -C 'awslice --ca-bundle file://{home}/su'; echo ===
"#,
        script = script.display(),
        home = home.0.display(),
    );
    let out = run_shell(&fish, &["--no-config", "-c", &driver], &home);
    let b = blocks(&out);
    assert_eq!(
        b[0],
        [
            "workspaces\tAmazon WorkSpaces enables you to provision virtual, cloud-based Microsoft Windows or Amazon Linux desktops for your users, known as WorkSpaces."
        ]
    );
    assert_eq!(b[1].len(), 3, "{:?}", b[1]);
    assert!(b[1][0].starts_with("describe-workspace-image-permissions\t"));
    assert!(b[1][1].starts_with("update-workspace-image-permission\t"));
    assert_eq!(b[1][2], "help\tShow the help page.");
    assert_eq!(
        b[2],
        [
            "--shared-account-id\tThe identifier of the Amazon Web Services account to share or unshare the image with."
        ]
    );
    assert_eq!(b[3], ["yaml", "yaml-stream"]);
    assert_eq!(b[4], ["default", "dev", "my team"]);
    assert_eq!(b[5], ["my team"]);
    assert_eq!(b[6], ["bash", "zsh", "fish"]);
    assert_eq!(b[7], [format!("file://{}/sub dir/", home.0.display())]);
}
