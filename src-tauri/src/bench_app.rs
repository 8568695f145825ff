//! The window's part of `plm-desk bench`: start-up to the first painted screen and the
//! memory the app takes. The bench starts this same binary as the window with
//! `PLM_DESK_STARTUP_PROBE` set; the page reports its first painted frame through the
//! `app_painted` command, which prints one line the bench reads.

use serde_json::json;
use std::io::BufRead;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

pub const PROBE_ENV: &str = "PLM_DESK_STARTUP_PROBE";
pub const PAINTED_LINE: &str = "plm-desk-painted";
const WAIT: Duration = Duration::from_secs(90);

/// One start of the window on `data`: milliseconds from spawning the process to the
/// first painted frame, and the peak memory of the window's processes then.
fn one_start(data: &Path) -> Result<(f64, Option<Memory>), String> {
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let t = Instant::now();
    let mut child = Command::new(exe)
        .arg("--data")
        .arg(data)
        .env(PROBE_ENV, "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| e.to_string())?;
    let stdout = child.stdout.take().expect("piped stdout");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stdout)
            .lines()
            .map_while(Result::ok)
        {
            if line.starts_with(PAINTED_LINE) {
                let _ = tx.send(());
            }
        }
    });
    let painted = rx.recv_timeout(WAIT);
    let ms = t.elapsed().as_secs_f64() * 1000.0;
    let mem = memory_of_tree(child.id());
    stop(&mut child);
    match painted {
        Ok(()) => Ok((ms, mem)),
        Err(_) => Err("the window did not paint (no display? run the bench under xvfb-run)".into()),
    }
}

/// Ask the window to close (SIGTERM lets WebKit's helper processes go with it), then
/// make sure it is gone.
fn stop(child: &mut std::process::Child) {
    #[cfg(unix)]
    {
        // SAFETY: kill(2) on the pid of a child we spawned and have not reaped yet.
        unsafe {
            libc::kill(child.id() as libc::pid_t, libc::SIGTERM);
        }
        let t = Instant::now();
        while t.elapsed() < Duration::from_secs(5) {
            if let Ok(Some(_)) = child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
    let _ = child.kill();
    let _ = child.wait();
}

#[derive(Debug, Clone, Copy)]
pub struct Memory {
    /// Peak resident memory (VmHWM) of the app's own process.
    pub main_mb: f64,
    /// Proportional set size (shared pages split among the sharers, so the sum is fair)
    /// of the app and its WebKit helper processes together, at the moment of reading.
    pub total_mb: f64,
    pub processes: usize,
}

/// Peak resident set (VmHWM) of a process, and the summed PSS of it and all its
/// descendants (Linux /proc).
#[cfg(target_os = "linux")]
pub fn memory_of_tree(root: u32) -> Option<Memory> {
    let mut parent_of = vec![];
    for e in std::fs::read_dir("/proc").ok()?.flatten() {
        let Ok(pid) = e.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(e.path().join("stat")) else {
            continue;
        };
        // "pid (comm) state ppid ...": the name may hold spaces and parentheses
        let Some(after) = stat.rfind(')').map(|i| &stat[i + 1..]) else {
            continue;
        };
        if let Some(ppid) = after
            .split_whitespace()
            .nth(1)
            .and_then(|p| p.parse::<u32>().ok())
        {
            parent_of.push((pid, ppid));
        }
    }
    let mut tree = vec![root];
    let mut i = 0;
    while i < tree.len() {
        let p = tree[i];
        tree.extend(parent_of.iter().filter(|(_, pp)| *pp == p).map(|(c, _)| *c));
        i += 1;
    }
    let main_kb = peak_kb(&format!("/proc/{root}/status"))?;
    let total_kb: u64 = tree.iter().filter_map(|p| pss_kb(*p)).sum();
    Some(Memory {
        main_mb: main_kb as f64 / 1024.0,
        total_mb: total_kb as f64 / 1024.0,
        processes: tree.len(),
    })
}

#[cfg(target_os = "linux")]
fn pss_kb(pid: u32) -> Option<u64> {
    let s = std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup")).ok()?;
    s.lines()
        .find(|l| l.starts_with("Pss:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

#[cfg(not(target_os = "linux"))]
pub fn memory_of_tree(_root: u32) -> Option<Memory> {
    None
}

#[cfg(target_os = "linux")]
fn peak_kb(status_path: &str) -> Option<u64> {
    let s = std::fs::read_to_string(status_path).ok()?;
    s.lines()
        .find(|l| l.starts_with("VmHWM:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

/// Peak resident memory of this process (the bench itself: import, PDF, sync).
pub fn own_peak_mb() -> Option<f64> {
    #[cfg(target_os = "linux")]
    {
        peak_kb("/proc/self/status").map(|kb| kb as f64 / 1024.0)
    }
    #[cfg(not(target_os = "linux"))]
    {
        None
    }
}

/// The first start on an empty data folder (database created), then `later` starts on
/// `data` (the bench's event with its participants). Without a display the figures are
/// null and `error` says why.
pub fn startup(fresh: &Path, data: &Path, later: usize) -> serde_json::Value {
    let first = match one_start(fresh) {
        Ok(r) => r,
        Err(e) => return json!({"error": e}),
    };
    let mut times = vec![];
    let mut mem: Option<Memory> = None;
    for _ in 0..later {
        match one_start(data) {
            Ok((ms, m)) => {
                times.push(ms);
                if let Some(m) = m {
                    if mem.is_none_or(|old| m.total_mb > old.total_mb) {
                        mem = Some(m);
                    }
                }
            }
            Err(e) => return json!({"error": e}),
        }
    }
    times.sort_by(f64::total_cmp);
    let median = times.get(times.len() / 2).copied();
    json!({
        "first_start_ms": first.0,
        "starts": times.len(),
        "median_ms": median,
        "max_ms": times.last(),
        "target_ms": 3000.0,
        "window_peak_mb": mem.map(|m| m.main_mb),
        "window_with_webkit_pss_mb": mem.map(|m| m.total_mb),
        "window_processes": mem.map(|m| m.processes),
    })
}
