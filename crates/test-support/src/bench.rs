//! The measuring part of the in-process loopback benches (feature `bench`), shared by
//! `crates/runtime/benches/loopback.rs` (WorkSpaces, awsJson1.1) and
//! `crates/credentials/benches/protocols.rs` (STS awsQuery, SSO restJson1): the flags, the timed loop over N tasks on a current-thread runtime, client CPU per
//! call from `getrusage(RUSAGE_SELF)` and the one JSON result line that `cargo xtask bench`
//! reads. The official SDK's peer (`benches/peer`) measures its calls the same way.

use std::future::Future;
use std::time::{Duration, Instant};

/// The flags: `--endpoint-url URL [--concurrency N] [--calls N] [--warmup N]
/// [--operation NAME]`.
pub struct Args {
    pub endpoint: String,
    pub concurrency: usize,
    pub calls: usize,
    pub warmup: usize,
    /// `--operation` (empty when not given); the bench decides what it means.
    pub operation: String,
}

fn parse_args() -> Result<Option<Args>, String> {
    let mut a = Args {
        endpoint: String::new(),
        concurrency: 1,
        calls: 2000,
        warmup: 200,
        operation: String::new(),
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        if flag == "--bench" {
            continue; // added by `cargo bench`
        }
        let value = it.next().ok_or_else(|| format!("{flag} needs a value"))?;
        let num = || value.parse::<usize>().map_err(|e| format!("{flag}: {e}"));
        match flag.as_str() {
            "--endpoint-url" => a.endpoint = value.clone(),
            "--concurrency" => a.concurrency = num()?.max(1),
            "--calls" => a.calls = num()?.max(1),
            "--warmup" => a.warmup = num()?,
            "--operation" => a.operation = value.clone(),
            _ => return Err(format!("unknown flag {flag}")),
        }
    }
    Ok((!a.endpoint.is_empty()).then_some(a))
}

/// One measured call on a client that all tasks share (cloned once per task).
pub trait Call: Clone + Send + 'static {
    fn call(&self) -> impl Future<Output = Result<(), String>> + Send + '_;
}

/// This process's user + system CPU time, all threads (`getrusage(RUSAGE_SELF)`).
fn cpu_time() -> Duration {
    let mut ru = std::mem::MaybeUninit::<libc::rusage>::zeroed();
    // SAFETY: `ru` is a valid, writable rusage; getrusage only writes into it.
    let rc = unsafe { libc::getrusage(libc::RUSAGE_SELF, ru.as_mut_ptr()) };
    if rc != 0 {
        return Duration::ZERO;
    }
    // SAFETY: getrusage returned 0, so it filled the struct (which was zeroed anyway).
    let ru = unsafe { ru.assume_init() };
    let tv = |t: libc::timeval| {
        Duration::new(
            u64::try_from(t.tv_sec).unwrap_or(0),
            u32::try_from(t.tv_usec).unwrap_or(0) * 1000,
        )
    };
    tv(ru.ru_utime) + tv(ru.ru_stime)
}

/// Warms `client` up, then makes `a.calls` calls spread over `a.concurrency` tasks and prints
/// `{"calls":…,"concurrency":…,"median_us":…,"p99_us":…,"req_per_s":…,"cpu_us_per_call":…}`.
pub async fn measure<C: Call>(a: &Args, client: C) -> Result<(), String> {
    for _ in 0..a.warmup {
        client.call().await?;
    }
    let per_task = a.calls.div_ceil(a.concurrency);
    let cpu0 = cpu_time();
    let t0 = Instant::now();
    let mut handles = Vec::new();
    for _ in 0..a.concurrency {
        let c = client.clone();
        handles.push(tokio::spawn(async move {
            let mut lat = Vec::with_capacity(per_task);
            for _ in 0..per_task {
                let s = Instant::now();
                c.call().await?;
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

/// The bench's `main`: parses the flags and runs `run` on a current-thread runtime; without
/// `--endpoint-url` (a plain `cargo bench`) it says how to run it and succeeds.
pub fn main<F, Fut>(name: &str, only: &str, run: F) -> std::process::ExitCode
where
    F: FnOnce(Args) -> Fut,
    Fut: Future<Output = Result<(), String>>,
{
    let result = parse_args().and_then(|args| {
        let Some(args) = args else {
            println!(
                "skipped: no --endpoint-url given (run `cargo xtask bench --only {only}`, which starts the loopback server)"
            );
            return Ok(());
        };
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| e.to_string())?;
        rt.block_on(run(args))
    });
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{name} bench: {e}");
            std::process::ExitCode::from(1)
        }
    }
}
