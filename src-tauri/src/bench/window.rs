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
fn one_start(exe: &Path, data: &Path) -> Result<(f64, Option<Memory>), String> {
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
pub(super) fn stop(child: &mut std::process::Child) {
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

/// A program built beside this one (`plm-desk`, `plm-bare`, `plm-desk-cli`), if it is there.
pub fn sibling(name: &str) -> Option<std::path::PathBuf> {
    let exe = std::env::current_exe().ok()?;
    let p = exe
        .parent()?
        .join(format!("{name}{}", std::env::consts::EXE_SUFFIX));
    p.is_file().then_some(p)
}

/// The first start on an empty data folder (database created), then `later` starts on
/// `data` (the bench's event with its participants), then as many starts of the bare
/// Tauri window (`plm-bare`, built beside this binary), alternating so that a machine
/// growing busier weighs on both alike. Without a display the figures are null and
/// `error` says why.
pub fn startup(fresh: &Path, data: &Path, later: usize) -> serde_json::Value {
    let Some(app) = sibling("plm-desk") else {
        return json!({"error": "plm-desk is not built beside the bench"});
    };
    let first = match one_start(&app, fresh) {
        Ok(r) => r,
        Err(e) => return json!({"error": e}),
    };
    let bare = sibling("plm-bare");
    let bare_data = fresh.join("bare");
    let mut app_times = vec![];
    let mut bare_times = vec![];
    let mut mem: Option<Memory> = None;
    let mut bare_mem: Option<Memory> = None;
    for _ in 0..later {
        match one_start(&app, data) {
            Ok((ms, m)) => {
                app_times.push(ms);
                if let Some(m) = m.filter(|m| mem.is_none_or(|old| m.total_mb > old.total_mb)) {
                    mem = Some(m);
                }
            }
            Err(e) => return json!({"error": e}),
        }
        if let Some(Ok((ms, m))) = bare.as_deref().map(|b| one_start(b, &bare_data)) {
            bare_times.push(ms);
            if let Some(m) = m.filter(|m| bare_mem.is_none_or(|old| m.main_mb > old.main_mb)) {
                bare_mem = Some(m);
            }
        }
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v.get(v.len() / 2).copied()
    };
    let times_median = median(&mut app_times);
    let bare_median = median(&mut bare_times);
    json!({
        "first_start_ms": first.0,
        "starts": app_times.len(),
        "median_ms": times_median,
        "max_ms": app_times.last(),
        "target_ms": 3000.0,
        "window_peak_mb": mem.map(|m| m.main_mb),
        "window_with_webkit_pss_mb": mem.map(|m| m.total_mb),
        "window_processes": mem.map(|m| m.processes),
        "bare_starts": bare_times.len(),
        "bare_median_ms": bare_median,
        "bare_peak_mb": bare_mem.map(|m| m.main_mb),
        "bare_with_webkit_pss_mb": bare_mem.map(|m| m.total_mb),
    })
}

/// A headless command as a whole process (`plm-desk-cli --data DIR event list`, or
/// `plm-desk` when the console program is not built): the median of `n` runs, in ms.
pub fn cli_start(data: &Path, n: usize) -> serde_json::Value {
    let (exe, name) = match sibling("plm-desk-cli") {
        Some(p) => (p, "plm-desk-cli"),
        None => match sibling("plm-desk") {
            Some(p) => (p, "plm-desk"),
            None => return json!({"error": "neither plm-desk-cli nor plm-desk is built"}),
        },
    };
    let mut times = vec![];
    for _ in 0..n {
        let t = Instant::now();
        let ok = Command::new(&exe)
            .arg("--data")
            .arg(data)
            .args(["event", "list"])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if !ok {
            return json!({"error": format!("{name} event list failed")});
        }
        times.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    json!({"program": name, "runs": n, "median_ms": times[times.len() / 2], "max_ms": times.last()})
}
