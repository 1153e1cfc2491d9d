//! Client CPU per call of S3 `HeadObject` against the loopback server, through a generated S3
//! client as an SDK user calls it: `head_object().bucket(…).key(…).send()` (restXml,
//! SigV4-signed `HEAD /bench-bucket/bench/key.txt`, path-style as the endpoint rules give for
//! an IP endpoint; `x-amz-content-sha256` as S3 signs it; the reply's ETag, Content-Length and
//! Last-Modified headers read into the output).
//!
//! There is no generated S3 crate in the workspace: `cargo xtask bench --only protocols`
//! generates one (`cargo xtask generate --model models/official/s3-2006-03-01.json
//! --operations HeadObject --out target/bench-s3/model --runtime path:.`), writes this
//! program's manifest beside it (`target/bench-s3/program/Cargo.toml`: the generated
//! `awslice-s3api`, `awslice-runtime`, `awslice-test-support` with `bench`, the workspace's
//! `Cargo.lock` and bench profile), builds it into the workspace's target directory and runs it
//! as `awslice-bench-s3 --operation s3 --endpoint-url URL [--concurrency N] [--calls N]
//! [--warmup N]`. It prints the same JSON line as the `loopback` and `protocols` benches,
//! whose measuring code (`awslice_test_support::bench`) it shares; the official SDK's side is
//! `benches/peer lib --operation s3` (`aws-sdk-s3`).

use awslice_test_support::bench as harness;

use awslice_runtime::config::{ConfigLoader, Env};
use awslice_runtime::credentials::Credentials;

/// The object the loopback server describes (`benches/server`: 5 bytes).
const BUCKET: &str = "bench-bucket";
const KEY: &str = "bench/key.txt";

/// S3 `HeadObject` (restXml, signed).
#[derive(Clone)]
struct HeadObject(awslice_s3api::Client);

impl harness::Call for HeadObject {
    async fn call(&self) -> Result<(), String> {
        let out = self
            .0
            .head_object()
            .bucket(BUCKET)
            .key(KEY)
            .send()
            .await
            .map_err(|e| e.to_string())?;
        match (out.content_length, &out.e_tag) {
            (Some(5), Some(_)) => Ok(()),
            _ => Err(format!("no ETag or Content-Length 5 in {out:?}")),
        }
    }
}

async fn run(a: harness::Args) -> Result<(), String> {
    let config = ConfigLoader::new()
        .env(Env::from_map(Default::default()))
        .region("us-east-1")
        .endpoint_url(a.endpoint.clone())
        .credentials(Credentials::new(
            "AKIDEXAMPLE",
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            None,
            None,
        ))
        .load()
        .map_err(|e| e.to_string())?;
    match a.operation.as_str() {
        "s3" => harness::measure(&a, HeadObject(awslice_s3api::Client::new(&config))).await,
        o => Err(format!("--operation s3 is required (got {o:?})")),
    }
}

fn main() -> std::process::ExitCode {
    harness::main("s3", "protocols", run)
}
