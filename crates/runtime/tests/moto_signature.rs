//! moto (with authentication on) accepts our signed WorkSpaces call and rejects one signed
//! with a wrong secret: an independent check of the SigV4 signer against botocore.

use crate::support;

use awslice_runtime::client::ServiceClient;
use awslice_runtime::error::CallError;
use support::moto::Moto;
use support::*;

#[test]
fn moto_accepts_our_signature_and_rejects_a_wrong_secret() {
    let Some(moto) = Moto::start_or_skip(&[]) else {
        return;
    };
    let (akid, secret) = moto
        .create_access_key("awslice-test")
        .expect("IAM user and access key");
    moto.enable_auth().expect("enable moto auth");

    let good = config(Opts {
        endpoint: Some(moto.url()),
        akid: Some(akid.clone()),
        secret: Some(secret.clone()),
        ..Opts::default()
    });
    let r = block_on(
        ServiceClient::new(&good, &META).call("DescribeWorkspaceDirectories", b"{}".to_vec()),
    )
    .expect("moto accepts a correctly signed call");
    assert_eq!(r.status, 200);
    let v: serde_json::Value = serde_json::from_slice(&r.body).expect("JSON body");
    assert!(v.get("Directories").is_some(), "{v}");

    let bad = config(Opts {
        endpoint: Some(moto.url()),
        akid: Some(akid),
        secret: Some(format!("{secret}x")),
        max_attempts: Some(1),
        ..Opts::default()
    });
    let e = block_on(
        ServiceClient::new(&bad, &META).call("DescribeWorkspaceDirectories", b"{}".to_vec()),
    )
    .unwrap_err();
    let CallError::Service(e) = e else {
        panic!("{e:?}")
    };
    assert_eq!(e.status, 403);
    assert!(
        String::from_utf8_lossy(&e.body).contains("SignatureDoesNotMatch"),
        "{e:?}"
    );
}

/// Share, read back, unshare through the raw client against moto (unsigned-checking mode).
#[test]
fn share_describe_unshare_round_trip() {
    let Some(moto) = Moto::start_or_skip(&[]) else {
        return;
    };
    let image = moto
        .create_image("us-east-1", AKID, SECRET)
        .expect("image in moto");
    let c = client(&moto.url());
    let share = format!(
        r#"{{"ImageId": "{image}", "AllowCopyImage": true, "SharedAccountId": "111122223333"}}"#
    );
    let describe = format!(r#"{{"ImageId": "{image}"}}"#);
    block_on(async {
        let r = c
            .call("UpdateWorkspaceImagePermission", share.into_bytes())
            .await
            .expect("share");
        assert_eq!(r.status, 200);
        let r = c
            .call(
                "DescribeWorkspaceImagePermissions",
                describe.clone().into_bytes(),
            )
            .await
            .expect("describe");
        let v: serde_json::Value = serde_json::from_slice(&r.body).expect("JSON");
        assert_eq!(v["ImageId"], image.as_str());
        assert_eq!(
            v["ImagePermissions"][0]["SharedAccountId"], "111122223333",
            "{v}"
        );
        let unshare = format!(
            r#"{{"ImageId": "{image}", "AllowCopyImage": false, "SharedAccountId": "111122223333"}}"#
        );
        c.call("UpdateWorkspaceImagePermission", unshare.into_bytes())
            .await
            .expect("unshare");
        let r = c
            .call("DescribeWorkspaceImagePermissions", describe.into_bytes())
            .await
            .expect("describe");
        let v: serde_json::Value = serde_json::from_slice(&r.body).expect("JSON");
        assert_eq!(
            v["ImagePermissions"].as_array().map(Vec::len),
            Some(0),
            "{v}"
        );
    });
}
