//! A local `moto_server` (the Python AWS emulator) on 127.0.0.1, started from the test venv
//! ([`crate::peers::venv_python`]) and killed on drop.

use std::io::{Read, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::paths::workspace_root;
pub use crate::peers::Skip;
use crate::peers::venv_python;

/// A running `moto_server` on 127.0.0.1; killed on drop.
pub struct Moto {
    child: Child,
    /// Its port.
    pub port: u16,
    /// The Python interpreter of the venv (for boto3 one-liners).
    pub python: PathBuf,
}

fn free_port() -> std::io::Result<u16> {
    Ok(TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?
        .local_addr()?
        .port())
}

impl Moto {
    /// Starts moto; `extra_env` is passed to it (e.g. `INITIAL_NO_AUTH_ACTION_COUNT`).
    /// Waits until it answers a WorkSpaces call (its first one is slow: lazy imports).
    pub fn start(extra_env: &[(&str, &str)]) -> Result<Moto, Skip> {
        let python = venv_python()?;
        let port = free_port().map_err(|e| Skip(format!("no free port: {e}")))?;
        let mut cmd = Command::new(&python);
        cmd.args([
            "-m",
            "moto.server",
            "-H",
            "127.0.0.1",
            "-p",
            &port.to_string(),
        ])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .env_remove("HTTP_PROXY")
        .env_remove("HTTPS_PROXY")
        .env_remove("http_proxy")
        .env_remove("https_proxy");
        for (k, v) in extra_env {
            cmd.env(k, v);
        }
        let child = cmd
            .spawn()
            .map_err(|e| Skip(format!("cannot start moto: {e}")))?;
        let moto = Moto {
            child,
            port,
            python,
        };
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if moto.ready() {
                return Ok(moto);
            }
            if Instant::now() > deadline {
                return Err(Skip("moto_server did not become ready within 30 s".into()));
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// [`Moto::start`], skipping (or failing, when peers are required) without moto.
    pub fn start_or_skip(extra_env: &[(&str, &str)]) -> Option<Moto> {
        crate::peers::or_skip(Moto::start(extra_env))
    }

    /// `http://127.0.0.1:<port>`.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// An unsigned-but-routable WorkSpaces call answered with any HTTP status = ready.
    fn ready(&self) -> bool {
        let Ok(mut s) = TcpStream::connect_timeout(
            &SocketAddr::from((Ipv4Addr::LOCALHOST, self.port)),
            Duration::from_millis(200),
        ) else {
            return false;
        };
        let _ = s.set_read_timeout(Some(Duration::from_secs(10)));
        let body = "{}";
        let req = format!(
            "POST / HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nX-Amz-Target: WorkspacesService.DescribeWorkspaceDirectories\r\n\
             Content-Type: application/x-amz-json-1.1\r\nAuthorization: AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/workspaces/aws4_request, SignedHeaders=host, Signature=0\r\n\
             Connection: close\r\nContent-Length: {}\r\n\r\n{body}",
            self.port,
            body.len()
        );
        if s.write_all(req.as_bytes()).is_err() {
            return false;
        }
        let mut out = Vec::new();
        let _ = s.read_to_end(&mut out);
        out.starts_with(b"HTTP/1.")
    }

    /// Runs a Python snippet in the venv with `MOTO_URL` set; returns its trimmed stdout.
    pub fn python(&self, code: &str) -> Result<String, String> {
        let out = Command::new(&self.python)
            .args(["-c", code])
            .env("MOTO_URL", self.url())
            .env_remove("HTTP_PROXY")
            .env_remove("HTTPS_PROXY")
            .output()
            .map_err(|e| e.to_string())?;
        if !out.status.success() {
            return Err(String::from_utf8_lossy(&out.stderr).into_owned());
        }
        Ok(String::from_utf8_lossy(&out.stdout).trim().to_owned())
    }

    /// Creates an IAM user with an access key in moto; returns (access key id, secret).
    pub fn create_access_key(&self, user: &str) -> Result<(String, String), String> {
        let code = format!(
            "import boto3,os\n\
             iam=boto3.client('iam',endpoint_url=os.environ['MOTO_URL'],region_name='us-east-1',\
             aws_access_key_id='AKIDEXAMPLE',aws_secret_access_key='x')\n\
             iam.create_user(UserName='{user}')\n\
             iam.put_user_policy(UserName='{user}',PolicyName='all',PolicyDocument='{{\"Version\":\"2012-10-17\",\"Statement\":[{{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}}]}}')\n\
             k=iam.create_access_key(UserName='{user}')['AccessKey']\n\
             print(k['AccessKeyId']+' '+k['SecretAccessKey'])"
        );
        let out = self.python(&code)?;
        let (a, s) = out
            .split_once(' ')
            .ok_or_else(|| format!("unexpected output {out:?}"))?;
        Ok((a.to_owned(), s.to_owned()))
    }
}

impl Moto {
    /// Turns on moto's request authentication (SigV4 checked against its IAM access keys)
    /// for every following request: `POST /moto-api/reset-auth` with body `0`.
    pub fn enable_auth(&self) -> Result<(), String> {
        let mut s =
            TcpStream::connect((Ipv4Addr::LOCALHOST, self.port)).map_err(|e| e.to_string())?;
        s.set_read_timeout(Some(Duration::from_secs(10)))
            .map_err(|e| e.to_string())?;
        let req = format!(
            "POST /moto-api/reset-auth HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nContent-Type: text/plain\r\n\
             Connection: close\r\nContent-Length: 1\r\n\r\n0",
            self.port
        );
        s.write_all(req.as_bytes()).map_err(|e| e.to_string())?;
        let mut out = Vec::new();
        let _ = s.read_to_end(&mut out);
        if out.starts_with(b"HTTP/1.1 200") || out.starts_with(b"HTTP/1.0 200") {
            Ok(())
        } else {
            Err(format!(
                "reset-auth answered: {}",
                String::from_utf8_lossy(&out)
            ))
        }
    }
}

impl Moto {
    /// Creates a WorkSpaces image in moto (the only way: VPC + two subnets → SimpleAD
    /// directory → RegisterWorkspaceDirectory → CreateWorkspaces → CreateWorkspaceImage)
    /// in `region`, signing with (`akid`, `secret`); returns the image id (`wsi-…`).
    pub fn create_image(&self, region: &str, akid: &str, secret: &str) -> Result<String, String> {
        // One provisioning script serves the tests and `cargo xtask demo`.
        let script = workspace_root().join("xtask/py/provision_image.py");
        let out = Command::new(&self.python)
            .arg(&script)
            .arg(self.url())
            .arg(region)
            .env("AWS_ACCESS_KEY_ID", akid)
            .env("AWS_SECRET_ACCESS_KEY", secret)
            .output()
            .map_err(|e| format!("cannot run {}: {e}", script.display()))?;
        let id = String::from_utf8_lossy(&out.stdout).trim().to_owned();
        if out.status.success() && id.starts_with("wsi-") {
            Ok(id)
        } else {
            Err(format!(
                "provisioning failed ({}): {}",
                out.status,
                String::from_utf8_lossy(&out.stderr)
            ))
        }
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
