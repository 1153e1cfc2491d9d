//! Where the repository keeps what its tests read. Everything is inside the checkout: a clone
//! in an empty folder runs every test.

use std::path::{Path, PathBuf};

/// The workspace root (the folder of the top-level `Cargo.toml`).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .expect("crates/test-support sits two levels below the workspace root")
        .to_path_buf()
}

/// `<root>/<rel>`.
pub fn in_repo(rel: &str) -> PathBuf {
    workspace_root().join(rel)
}

/// Reads `<root>/<rel>` as text, failing with the path when it cannot.
pub fn read(rel: &str) -> String {
    let path = in_repo(rel);
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read the test data {}: {e}", path.display()))
}

/// The official WorkSpaces model (`models/official/workspaces-2015-04-08.json`).
pub const OFFICIAL_WORKSPACES_MODEL: &str = "models/official/workspaces-2015-04-08.json";

/// The official WorkSpaces model's text.
pub fn official_workspaces_model() -> String {
    read(OFFICIAL_WORKSPACES_MODEL)
}

/// The official WorkSpaces model's `smithy.rules#endpointRuleSet`, as JSON.
pub fn official_workspaces_rule_set() -> serde_json::Value {
    let model: serde_json::Value =
        serde_json::from_str(&official_workspaces_model()).expect("the official model is JSON");
    model["shapes"]
        .as_object()
        .expect("the model has shapes")
        .values()
        .find(|s| s["type"] == "service")
        .and_then(|s| s["traits"].get("smithy.rules#endpointRuleSet"))
        .cloned()
        .expect("the official model's service has an endpoint rule set")
}

/// A skeleton recorded from the AWS CLI v2 (`testdata/awscli-v2-skeletons/<name>`).
pub fn awscli_v2_skeleton(name: &str) -> String {
    read(&format!("testdata/awscli-v2-skeletons/{name}"))
}
