//! End to end against moto's WorkSpaces server on 127.0.0.1: the real `awslice` binary shares an
//! image, reads the share back, unshares it and reads it back again.

use awslice_test_support::moto;

use std::process::{Command, Output};

const AKID: &str = "AKIDEXAMPLE";
const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
const ACCOUNT: &str = "111122223333";

fn awslice(endpoint: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_awslice"))
        .arg("workspaces")
        .args(args)
        .args(["--endpoint-url", endpoint, "--region", "us-east-1"])
        .env_clear()
        .env("AWS_ACCESS_KEY_ID", AKID)
        .env("AWS_SECRET_ACCESS_KEY", SECRET)
        .env("AWS_CONFIG_FILE", "/dev/null")
        .env("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")
        .output()
        .expect("run awslice")
}

fn ok(out: Output) -> String {
    let stdout = String::from_utf8(out.stdout).expect("utf-8 stdout");
    assert!(
        out.status.success(),
        "awslice failed ({}): {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stderr.is_empty(),
        "unexpected stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

fn permissions(endpoint: &str, image: &str) -> serde_json::Value {
    let text = ok(awslice(
        endpoint,
        &["describe-workspace-image-permissions", "--image-id", image],
    ));
    serde_json::from_str(&text).expect("describe prints JSON")
}

#[test]
fn share_read_back_unshare_read_back() {
    let Some(moto) = moto::Moto::start_or_skip(&[]) else {
        return;
    };
    let endpoint = moto.url();
    let image = moto
        .create_image("us-east-1", AKID, SECRET)
        .expect("an image in moto");

    let shared = ok(awslice(
        &endpoint,
        &[
            "update-workspace-image-permission",
            "--image-id",
            &image,
            "--allow-copy-image",
            "--shared-account-id",
            ACCOUNT,
        ],
    ));
    assert_eq!(
        shared, "",
        "a successful update prints nothing, as the AWS CLI"
    );

    let after_share = permissions(&endpoint, &image);
    assert_eq!(after_share["ImageId"], image.as_str());
    assert_eq!(
        after_share["ImagePermissions"],
        serde_json::json!([{ "SharedAccountId": ACCOUNT }])
    );

    // Sharing again keeps one entry.
    ok(awslice(
        &endpoint,
        &[
            "update-workspace-image-permission",
            "--image-id",
            &image,
            "--allow-copy-image",
            "--shared-account-id",
            ACCOUNT,
        ],
    ));
    assert_eq!(
        permissions(&endpoint, &image)["ImagePermissions"]
            .as_array()
            .map(Vec::len),
        Some(1)
    );

    let unshared = ok(awslice(
        &endpoint,
        &[
            "update-workspace-image-permission",
            "--image-id",
            &image,
            "--no-allow-copy-image",
            "--shared-account-id",
            ACCOUNT,
        ],
    ));
    assert_eq!(unshared, "");
    let after_unshare = permissions(&endpoint, &image);
    assert_eq!(after_unshare["ImagePermissions"], serde_json::json!([]));

    // The text output of the read-back, as a script would parse it.
    let text = ok(awslice(
        &endpoint,
        &[
            "describe-workspace-image-permissions",
            "--image-id",
            &image,
            "--output",
            "text",
        ],
    ));
    assert_eq!(text, format!("{image}\n"));
}
