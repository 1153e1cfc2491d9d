//! awslice-codegen's integration tests, one binary (`autotests = false`).

/// The models the suites read: ours (`models/workspaces.json`) and the official one.
mod models {
    use awslice_codegen::model::Model;
    use awslice_codegen::model::parse::parse;
    use awslice_test_support::paths;

    /// `models/workspaces.json`, the slice that ships.
    pub fn ours_text() -> String {
        paths::read("models/workspaces.json")
    }

    /// The official WorkSpaces model's text.
    pub fn official_text() -> String {
        paths::official_workspaces_model()
    }

    /// Our slice, parsed.
    pub fn ours_model() -> Model {
        parse(&ours_text()).unwrap_or_else(|e| panic!("models/workspaces.json: {e}"))
    }

    /// The official WorkSpaces model, parsed.
    pub fn official_model() -> Model {
        parse(&official_text())
            .unwrap_or_else(|e| panic!("{}: {e}", paths::OFFICIAL_WORKSPACES_MODEL))
    }
}

mod cli_tables;
mod generate;
mod hostile_protocols;
mod model_slice;
mod parse;
mod protocol_suites;
mod s3_wire;
mod skeletons;
mod snapshots;
