//! Runs a command as a child process and reads what it cost: wall time from the parent's clock,
//! CPU time (user + system, all threads) and peak resident memory from `wait4`'s rusage of
//! that one child.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

/// One run of one command.
#[derive(Debug, Clone, Copy)]
pub struct Run {
    pub wall_ms: f64,
    pub cpu_ms: f64,
    pub peak_rss_mb: f64,
}

/// Several runs of one command, summed up.
#[derive(Debug, Clone, Copy)]
pub struct Summary {
    pub runs: usize,
    pub wall_ms: f64,
    pub cpu_ms: f64,
    pub peak_rss_mb: f64,
}

fn ms(t: libc::timeval) -> f64 {
    t.tv_sec as f64 * 1000.0 + t.tv_usec as f64 / 1000.0
}

/// Runs `program args` once in `cwd`, output thrown away; an error if it does not exit 0.
pub fn run_once(program: &Path, args: &[&str], cwd: &Path) -> Result<Run, String> {
    let t0 = Instant::now();
    let child = Command::new(program)
        .args(args)
        .current_dir(cwd)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("{}: {e}", program.display()))?;
    let pid = child.id() as libc::pid_t;
    let mut status: libc::c_int = 0;
    // SAFETY: an all-zero rusage is a valid value of this plain C struct.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `pid` is our own child, not yet waited for; both pointers are to live locals.
    let got = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let wall_ms = t0.elapsed().as_secs_f64() * 1000.0;
    // The child is reaped: `Child` must not wait for it again (dropping it does not).
    drop(child);
    if got != pid {
        return Err(format!(
            "wait4 on {}: {}",
            program.display(),
            std::io::Error::last_os_error()
        ));
    }
    if !libc::WIFEXITED(status) || libc::WEXITSTATUS(status) != 0 {
        return Err(format!(
            "{} {} failed (status {status})",
            program.display(),
            args.join(" ")
        ));
    }
    Ok(Run {
        wall_ms,
        cpu_ms: ms(usage.ru_utime) + ms(usage.ru_stime),
        // Linux gives ru_maxrss in KiB.
        peak_rss_mb: usage.ru_maxrss as f64 / 1024.0,
    })
}

/// The median of `v` (the mean of the middle two for an even count).
pub fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n == 0 {
        f64::NAN
    } else if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

/// `warmup` untimed runs, then `runs` timed ones: median wall and CPU, the highest peak RSS.
pub fn measure(
    program: &Path,
    args: &[&str],
    cwd: &Path,
    warmup: usize,
    runs: usize,
) -> Result<Summary, String> {
    for _ in 0..warmup {
        run_once(program, args, cwd)?;
    }
    let mut all = Vec::with_capacity(runs);
    for _ in 0..runs.max(1) {
        all.push(run_once(program, args, cwd)?);
    }
    Ok(summarise(&all))
}

/// Median wall and CPU, highest peak RSS of `all`.
pub fn summarise(all: &[Run]) -> Summary {
    let mut wall: Vec<f64> = all.iter().map(|r| r.wall_ms).collect();
    let mut cpu: Vec<f64> = all.iter().map(|r| r.cpu_ms).collect();
    Summary {
        runs: all.len(),
        wall_ms: median(&mut wall),
        cpu_ms: median(&mut cpu),
        peak_rss_mb: all.iter().map(|r| r.peak_rss_mb).fold(0.0, f64::max),
    }
}

/// Least-squares slope of ln(y) against ln(x): 1.0 means y grows in proportion to x.
pub fn log_log_slope(points: &[(f64, f64)]) -> f64 {
    let n = points.len() as f64;
    let lx: Vec<f64> = points.iter().map(|p| p.0.ln()).collect();
    let ly: Vec<f64> = points.iter().map(|p| p.1.ln()).collect();
    let mx = lx.iter().sum::<f64>() / n;
    let my = ly.iter().sum::<f64>() / n;
    let cov: f64 = lx.iter().zip(&ly).map(|(x, y)| (x - mx) * (y - my)).sum();
    let var: f64 = lx.iter().map(|x| (x - mx) * (x - mx)).sum();
    cov / var
}

/// (largest − smallest) / smallest of `v`, in per cent.
pub fn spread_pct(v: &[f64]) -> f64 {
    let lo = v.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = v.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    (hi - lo) / lo * 100.0
}
