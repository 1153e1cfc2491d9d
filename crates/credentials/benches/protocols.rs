//! Client CPU per call of one awsQuery and one restJson1 call against the loopback server,
//! through the generated clients: `--operation sts` is `awslice_sts::Client`
//! `get_caller_identity().send()` (awsQuery, SigV4-signed `POST /`), `--operation sso` is
//! `awslice_sso::Client` `get_role_credentials().send()` (restJson1, unsigned `GET
//! /federation/credentials?role_name=…&account_id=…` with `x-amz-sso_bearer_token`).
//!
//! Driven by `cargo xtask bench --only protocols`, which starts the loopback server and runs
//! the official SDK's peer (`aws-sdk-sts` / `aws-sdk-sso`) the same way. Alone: `cargo bench
//! -p awslice-credentials --bench protocols -- --endpoint-url http://127.0.0.1:PORT
//! --operation sts|sso [--concurrency N] [--calls N] [--warmup N]`; prints the same JSON line
//! as the `loopback` bench, whose measuring code (`awslice_test_support::bench`) it shares.
//!
//! It lives here because it measures the generated STS and SSO crates, which this crate
//! already depends on; a bench in `awslice-runtime` would need them as dev-dependencies (a
//! dependency cycle through the runtime), and the generated crates carry no hand-written code.

use awslice_test_support::bench as harness;

use awslice_runtime::config::{ConfigLoader, Env};
use awslice_runtime::credentials::Credentials;

/// STS `GetCallerIdentity` (awsQuery).
#[derive(Clone)]
struct Sts(awslice_sts::Client);

impl harness::Call for Sts {
    async fn call(&self) -> Result<(), String> {
        let out = self
            .0
            .get_caller_identity()
            .send()
            .await
            .map_err(|e| e.to_string())?;
        match out.account {
            Some(_) => Ok(()),
            None => Err(format!("no Account in {out:?}")),
        }
    }
}

/// SSO `GetRoleCredentials` (restJson1, unsigned).
#[derive(Clone)]
struct Sso(awslice_sso::Client);

impl harness::Call for Sso {
    async fn call(&self) -> Result<(), String> {
        let out = self
            .0
            .get_role_credentials()
            .role_name("bench-role")
            .account_id("123456789012")
            .access_token("bench-access-token")
            .send()
            .await
            .map_err(|e| e.to_string())?;
        match out.role_credentials {
            Some(_) => Ok(()),
            None => Err(format!("no roleCredentials in {out:?}")),
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
        "sts" => harness::measure(&a, Sts(awslice_sts::Client::new(&config))).await,
        "sso" => harness::measure(&a, Sso(awslice_sso::Client::new(&config))).await,
        o => Err(format!("--operation sts|sso is required (got {o:?})")),
    }
}

fn main() -> std::process::ExitCode {
    harness::main("protocols", "protocols", run)
}
