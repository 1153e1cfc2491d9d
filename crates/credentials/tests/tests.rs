//! awslice-credentials' integration tests, one binary (`autotests = false`): each module is
//! a suite. `fake_sts` answers from a loopback server of our own (request shapes, errors,
//! refresh, MFA); `moto_sts` runs the providers against moto's STS and signs a WorkSpaces
//! call captured on a loopback server with what they return; `fake_sso` and `sso_login` run
//! the IAM Identity Center step and the `sso login` flows against a fake portal and SSO-OIDC;
//! `botocore_cache` has botocore read and write the assume-role cache files.

mod support;

mod botocore_cache;
mod cache_files;
mod config_errors;
mod fake_sso;
mod fake_sts;
mod moto_sts;
mod secrets;
mod sso_login;
