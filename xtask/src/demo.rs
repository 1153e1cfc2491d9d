//! `cargo xtask demo`: share a WorkSpaces image with the real `awslice` binary against a
//! local moto server, read the share back, unshare it and read it back again.

use std::process::Command;

use crate::moto::Moto;
use crate::pyenv;
use crate::util::{run, workspace_root};

const ACCOUNT: &str = "111122223333";
const REGION: &str = "us-east-1";
/// The AWS documentation's example keys: moto accepts any.
const AKID: &str = "AKIDEXAMPLE";
const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

/// Runs the demo.
pub fn main(_args: &[String]) -> Result<(), String> {
    let root = workspace_root();
    println!("==> building the awslice binary (cargo build --release -p awslice)");
    run(Command::new(env!("CARGO"))
        .args(["build", "--release", "-p", "awslice"])
        .current_dir(&root))?;
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| root.join("target"));
    let awslice = target.join("release").join("awslice");

    println!(
        "==> installing the local WorkSpaces peer (moto) into {}",
        pyenv::venv_dir().display()
    );
    let venv = pyenv::ensure()?;

    println!("==> starting moto on 127.0.0.1");
    // SAFETY: single-threaded at this point; the launcher reads the venv location from here.
    unsafe { std::env::set_var("AWSLICE_PY_VENV", &venv) };
    let moto = Moto::start(&[]).map_err(|skip| skip.0)?;
    let endpoint = moto.url();
    println!("    moto listens at {endpoint}");

    println!(
        "==> provisioning an image (VPC, subnets, directory, WorkSpace, image: moto needs them all)"
    );
    let image_id = moto.create_image(REGION, AKID, SECRET)?;
    println!("    image: {image_id}");

    let steps: [(&str, Vec<&str>); 4] = [
        (
            "share the image with the account",
            vec![
                "update-workspace-image-permission",
                "--image-id",
                &image_id,
                "--allow-copy-image",
                "--shared-account-id",
                ACCOUNT,
            ],
        ),
        (
            "read the permissions back",
            vec![
                "describe-workspace-image-permissions",
                "--image-id",
                &image_id,
            ],
        ),
        (
            "unshare the image",
            vec![
                "update-workspace-image-permission",
                "--image-id",
                &image_id,
                "--no-allow-copy-image",
                "--shared-account-id",
                ACCOUNT,
            ],
        ),
        (
            "read the permissions back again",
            vec![
                "describe-workspace-image-permissions",
                "--image-id",
                &image_id,
            ],
        ),
    ];
    let mut outputs = Vec::new();
    for (what, args) in &steps {
        println!("==> {what}");
        println!(
            "    $ awslice workspaces {} --endpoint-url {}",
            args.join(" "),
            endpoint
        );
        let out = Command::new(&awslice)
            .arg("workspaces")
            .args(args)
            .args(["--endpoint-url", &endpoint, "--region", REGION])
            .env("AWS_ACCESS_KEY_ID", AKID)
            .env("AWS_SECRET_ACCESS_KEY", SECRET)
            .env_remove("AWS_PROFILE")
            .env("AWS_CONFIG_FILE", "/dev/null")
            .env("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")
            .output()
            .map_err(|e| format!("cannot run {}: {e}", awslice.display()))?;
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        print!("{}", indent(&stdout));
        eprint!("{}", String::from_utf8_lossy(&out.stderr));
        if !out.status.success() {
            return Err(format!(
                "awslice exited with {} while trying to {what}",
                out.status
            ));
        }
        outputs.push(stdout);
    }
    if !outputs[1].contains(ACCOUNT) {
        return Err(format!(
            "the share was not read back: account {ACCOUNT} missing"
        ));
    }
    if outputs[3].contains(ACCOUNT) {
        return Err(format!(
            "the unshare did not take: account {ACCOUNT} still listed"
        ));
    }
    println!(
        "==> done: the image was shared with {ACCOUNT}, read back, unshared and read back; moto stops now"
    );
    drop(moto);
    Ok(())
}

fn indent(text: &str) -> String {
    text.lines().map(|l| format!("    {l}\n")).collect()
}
