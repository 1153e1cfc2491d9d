//! Benchmark peer: the official AWS SDK for Rust (`aws-sdk-workspaces`) calling
//! `UpdateWorkspaceImagePermission` on a loopback endpoint; with `--operation sts` or
//! `--operation sso` instead `aws-sdk-sts` `GetCallerIdentity` (awsQuery) or `aws-sdk-sso`
//! `GetRoleCredentials` (restJson1, unsigned), for `cargo xtask bench --only protocols`; with
//! `--operation s3` (built with `--features s3`) `aws-sdk-s3` `HeadObject` (restXml, signed,
//! `force_path_style(true)`) of `bench-bucket/bench/key.txt`.
//!
//! Modes (each takes `--operation workspaces|sts|sso|s3`, default `workspaces`):
//! - `peer call --endpoint-url URL` — one call in a fresh process (configuration from the
//!   environment, as a CLI would load it), exit 0 on success.
//! - `peer lib --endpoint-url URL --concurrency N --calls N --warmup N` — in-process:
//!   one client, `calls` requests spread over `concurrency` tasks on a current-thread runtime
//!   (the same runtime flavour awslice uses); prints one JSON line with the latency median,
//!   p99, throughput and client CPU per call (getrusage of this process).

use std::time::{Duration, Instant};

/// One client of the measured service.
#[derive(Clone)]
enum Client {
    Workspaces(aws_sdk_workspaces::Client),
    Sts(aws_sdk_sts::Client),
    Sso(aws_sdk_sso::Client),
    #[cfg(feature = "s3")]
    S3(aws_sdk_s3::Client),
}

struct Args {
    mode: String,
    operation: String,
    endpoint: String,
    concurrency: usize,
    calls: usize,
    warmup: usize,
}

fn parse_args() -> Result<Args, String> {
    let mut it = std::env::args().skip(1);
    let mode = it
        .next()
        .ok_or("usage: peer call|lib --endpoint-url URL [...]")?;
    let mut a = Args {
        mode,
        operation: "workspaces".into(),
        endpoint: String::new(),
        concurrency: 1,
        calls: 2000,
        warmup: 200,
    };
    while let Some(flag) = it.next() {
        let value = it.next().ok_or_else(|| format!("{flag} needs a value"))?;
        let num = || value.parse::<usize>().map_err(|e| format!("{flag}: {e}"));
        match flag.as_str() {
            "--endpoint-url" => a.endpoint = value.clone(),
            "--operation" => a.operation = value.clone(),
            "--concurrency" => a.concurrency = num()?.max(1),
            "--calls" => a.calls = num()?.max(1),
            "--warmup" => a.warmup = num()?,
            _ => return Err(format!("unknown flag {flag}")),
        }
    }
    if a.endpoint.is_empty() {
        return Err("--endpoint-url is required".into());
    }
    Ok(a)
}

async fn client(endpoint: &str, operation: &str) -> Result<Client, String> {
    let config = aws_config::defaults(aws_config::BehaviorVersion::latest())
        .endpoint_url(endpoint)
        .load()
        .await;
    Ok(match operation {
        "workspaces" => Client::Workspaces(aws_sdk_workspaces::Client::new(&config)),
        "sts" => Client::Sts(aws_sdk_sts::Client::new(&config)),
        "sso" => Client::Sso(aws_sdk_sso::Client::new(&config)),
        // The bucket in the path (the endpoint is an IP address, which the rules would put
        // in the path anyway); everything else as the shared configuration gives it.
        #[cfg(feature = "s3")]
        "s3" => Client::S3(aws_sdk_s3::Client::from_conf(
            aws_sdk_s3::config::Builder::from(&config)
                .force_path_style(true)
                .build(),
        )),
        #[cfg(not(feature = "s3"))]
        "s3" => return Err("--operation s3 needs the peer built with `--features s3`".into()),
        o => return Err(format!("unknown operation {o} (workspaces|sts|sso|s3)")),
    })
}

async fn one(client: &Client) -> Result<(), String> {
    let e = |e: &dyn std::fmt::Debug| format!("{e:?}");
    match client {
        Client::Workspaces(c) => c
            .update_workspace_image_permission()
            .image_id("wsi-123456789")
            .allow_copy_image(true)
            .shared_account_id("123456789012")
            .send()
            .await
            .map(|_| ())
            .map_err(|x| e(&x)),
        Client::Sts(c) => match c.get_caller_identity().send().await {
            Ok(out) if out.account().is_some() => Ok(()),
            Ok(out) => Err(format!("no account in {out:?}")),
            Err(x) => Err(e(&x)),
        },
        Client::Sso(c) => match c
            .get_role_credentials()
            .role_name("bench-role")
            .account_id("123456789012")
            .access_token("bench-access-token")
            .send()
            .await
        {
            Ok(out) if out.role_credentials().is_some() => Ok(()),
            Ok(out) => Err(format!("no roleCredentials in {out:?}")),
            Err(x) => Err(e(&x)),
        },
        #[cfg(feature = "s3")]
        Client::S3(c) => match c
            .head_object()
            .bucket("bench-bucket")
            .key("bench/key.txt")
            .send()
            .await
        {
            Ok(out) if out.content_length() == Some(5) && out.e_tag().is_some() => Ok(()),
            Ok(out) => Err(format!("no ETag or Content-Length 5 in {out:?}")),
            Err(x) => Err(e(&x)),
        },
    }
}

fn cpu_time() -> Duration {
    // getrusage(RUSAGE_SELF): user + system time of every thread of this process.
    let mut ru = std::mem::MaybeUninit::<libc::rusage>::zeroed();
    // SAFETY: `ru` is a valid, writable rusage; getrusage only writes into it.
    let rc = unsafe { libc::getrusage(libc::RUSAGE_SELF, ru.as_mut_ptr()) };
    if rc != 0 {
        return Duration::ZERO;
    }
    // SAFETY: getrusage returned 0, so it filled the struct (which was zeroed anyway).
    let ru = unsafe { ru.assume_init() };
    let tv = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    tv(ru.ru_utime) + tv(ru.ru_stime)
}

async fn lib_mode(a: &Args) -> Result<(), String> {
    let c = client(&a.endpoint, &a.operation).await?;
    for _ in 0..a.warmup {
        one(&c).await?;
    }
    let per_task = a.calls.div_ceil(a.concurrency);
    let cpu0 = cpu_time();
    let t0 = Instant::now();
    let mut handles = Vec::new();
    for _ in 0..a.concurrency {
        let c = c.clone();
        handles.push(tokio::spawn(async move {
            let mut lat = Vec::with_capacity(per_task);
            for _ in 0..per_task {
                let s = Instant::now();
                one(&c).await?;
                lat.push(s.elapsed());
            }
            Ok::<_, String>(lat)
        }));
    }
    let mut lat = Vec::new();
    for h in handles {
        lat.extend(h.await.map_err(|e| e.to_string())??);
    }
    let wall = t0.elapsed();
    let cpu = cpu_time().saturating_sub(cpu0);
    lat.sort();
    let n = lat.len();
    let pct = |p: f64| lat[((n as f64 * p).ceil() as usize).clamp(1, n) - 1].as_secs_f64() * 1e6;
    println!(
        "{{\"calls\":{n},\"concurrency\":{},\"median_us\":{:.1},\"p99_us\":{:.1},\"req_per_s\":{:.0},\"cpu_us_per_call\":{:.2}}}",
        a.concurrency,
        pct(0.5),
        pct(0.99),
        n as f64 / wall.as_secs_f64(),
        cpu.as_secs_f64() * 1e6 / n as f64
    );
    Ok(())
}

fn main() -> std::process::ExitCode {
    let result = parse_args().and_then(|a| {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| e.to_string())?;
        rt.block_on(async {
            match a.mode.as_str() {
                "call" => one(&client(&a.endpoint, &a.operation).await?).await,
                "lib" => lib_mode(&a).await,
                m => Err(format!("unknown mode {m}")),
            }
        })
    });
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("peer: {e}");
            std::process::ExitCode::from(1)
        }
    }
}
