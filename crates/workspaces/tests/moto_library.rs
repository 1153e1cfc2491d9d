//! The library API against moto's WorkSpaces server on 127.0.0.1: share an image with an
//! account, read it back with DescribeWorkspaceImagePermissions, unshare, read back.

use awslice_runtime::config::ConfigLoader;
use awslice_runtime::credentials::Credentials;
use awslice_test_support::moto;
use awslice_workspaces::Client;

const AKID: &str = "AKIDEXAMPLE";
const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
const ACCOUNT: &str = "111122223333";

fn shared_accounts(
    output: &awslice_workspaces::types::DescribeWorkspaceImagePermissionsResult,
) -> Vec<String> {
    output
        .image_permissions
        .iter()
        .flatten()
        .filter_map(|p| p.shared_account_id.clone())
        .collect()
}

#[test]
fn share_read_back_unshare_read_back() {
    let Some(moto) = moto::Moto::start_or_skip(&[]) else {
        return;
    };
    let image = moto
        .create_image("us-east-1", AKID, SECRET)
        .expect("an image in moto");
    let config = ConfigLoader::new()
        .env(awslice_runtime::config::Env::from_map(Default::default()))
        .region("us-east-1")
        .endpoint_url(moto.url())
        .credentials(Credentials::new(AKID, SECRET, None, None))
        .load()
        .expect("config");
    let client = Client::new(&config);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        client
            .update_workspace_image_permission()
            .image_id(&image)
            .allow_copy_image(true)
            .shared_account_id(ACCOUNT)
            .send()
            .await
            .expect("share");
        let shared = client
            .describe_workspace_image_permissions()
            .image_id(&image)
            .send()
            .await
            .expect("describe after share");
        assert_eq!(shared.image_id.as_deref(), Some(image.as_str()));
        assert_eq!(shared_accounts(&shared), vec![ACCOUNT.to_string()]);

        client
            .update_workspace_image_permission()
            .image_id(&image)
            .allow_copy_image(false)
            .shared_account_id(ACCOUNT)
            .send()
            .await
            .expect("unshare");
        let unshared = client
            .describe_workspace_image_permissions()
            .image_id(&image)
            .send()
            .await
            .expect("describe after unshare");
        assert!(shared_accounts(&unshared).is_empty(), "{unshared:?}");
    });
}

#[test]
fn a_missing_required_member_is_refused_before_sending() {
    // No server at all: the builder must refuse before any I/O.
    let config = ConfigLoader::new()
        .env(awslice_runtime::config::Env::from_map(Default::default()))
        .region("us-east-1")
        .endpoint_url("http://127.0.0.1:9")
        .credentials(Credentials::new(AKID, SECRET, None, None))
        .load()
        .expect("config");
    let client = Client::new(&config);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let err = runtime
        .block_on(
            client
                .update_workspace_image_permission()
                .image_id("wsi-123456789")
                .send(),
        )
        .expect_err("AllowCopyImage and SharedAccountId are required");
    let text = err.to_string();
    assert!(
        text.contains("AllowCopyImage") && text.contains("SharedAccountId"),
        "{text}"
    );
    assert!(
        matches!(err, awslice_runtime::error::SdkError::Build(_)),
        "{err:?}"
    );
}
