//! Search as you type in the real window, measured through WebDriver: the bench starts
//! `tauri-driver` (WebKitWebDriver on Linux), opens the app on the bench's database,
//! types names into the check-in desk's search box one key at a time, and reads the
//! page's own clock for each key: from the key's input event to the results in the page,
//! and to the frame that shows them (`window.__PLM_SEARCH_TIMINGS__`, see `desk.js`).
//!
//! WebDriver is plain JSON over HTTP on this machine; the few requests the bench needs are
//! written here over a TCP socket rather than pulling an HTTP client into the app.

use serde_json::{json, Value};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

fn find_driver() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("TAURI_DRIVER").map(PathBuf::from) {
        return p.is_file().then_some(p);
    }
    let name = format!("tauri-driver{}", std::env::consts::EXE_SUFFIX);
    let mut dirs: Vec<PathBuf> = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).collect())
        .unwrap_or_default();
    if let Some(home) = dirs::home_dir() {
        dirs.push(home.join(".cargo").join("bin"));
    }
    dirs.into_iter()
        .map(|d| d.join(&name))
        .find(|p| p.is_file())
}

fn free_port() -> Option<u16> {
    std::net::TcpListener::bind("127.0.0.1:0")
        .ok()?
        .local_addr()
        .ok()
        .map(|a| a.port())
}

/// One request; the answer's `value`, or the WebDriver error as text. WebKitWebDriver
/// sometimes closes a connection without answering while the page is busy (right after
/// a click re-draws a view): such a request is sent again, a few times.
fn request(port: u16, method: &str, path: &str, body: Option<Value>) -> Result<Value, String> {
    let mut tries = 0;
    loop {
        match request_once(port, method, path, body.clone()) {
            Err(e) if e.ends_with("(0 bytes)") && tries < 10 => {
                tries += 1;
                std::thread::sleep(Duration::from_millis(100));
            }
            other => return other,
        }
    }
}

fn request_once(port: u16, method: &str, path: &str, body: Option<Value>) -> Result<Value, String> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).map_err(|e| e.to_string())?;
    s.set_read_timeout(Some(Duration::from_secs(90)))
        .map_err(|e| e.to_string())?;
    let b = body.map(|v| v.to_string()).unwrap_or_default();
    write!(
        s,
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{b}",
        b.len()
    )
    .map_err(|e| e.to_string())?;
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).map_err(|e| e.to_string())?;
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or_else(|| format!("{method} {path}: no HTTP answer ({} bytes)", raw.len()))?;
    let head = String::from_utf8_lossy(&raw[..split]).to_ascii_lowercase();
    let mut body = raw[split + 4..].to_vec();
    if head.contains("transfer-encoding: chunked") {
        body = dechunk(&body).ok_or("bad chunked body")?;
    }
    let v: Value = serde_json::from_slice(&body).map_err(|e| format!("{method} {path}: {e}"))?;
    let value = v.get("value").cloned().unwrap_or(Value::Null);
    match value.get("error").and_then(Value::as_str) {
        Some(err) => Err(format!(
            "{method} {path}: {err}: {}",
            value.get("message").and_then(Value::as_str).unwrap_or("")
        )),
        None => Ok(value),
    }
}

fn dechunk(mut b: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let nl = b.windows(2).position(|w| w == b"\r\n")?;
        let size_text = std::str::from_utf8(&b[..nl]).ok()?;
        let size = usize::from_str_radix(size_text.split(';').next()?.trim(), 16).ok()?;
        b = &b[nl + 2..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(b.get(..size)?);
        b = b.get(size + 2..)?;
    }
}

struct Driver {
    child: Child,
    port: u16,
}

impl Drop for Driver {
    /// SIGTERM first (as the bench stops the window): tauri-driver then stops its
    /// WebKitWebDriver too.
    fn drop(&mut self) {
        super::window::stop(&mut self.child);
    }
}

fn script(port: u16, sid: &str, js: &str, args: Value) -> Result<Value, String> {
    request(
        port,
        "POST",
        &format!("/session/{sid}/execute/sync"),
        Some(json!({"script": js, "args": args})),
    )
}

fn wait_for(port: u16, sid: &str, js: &str, limit: Duration) -> Result<Value, String> {
    let t = Instant::now();
    loop {
        match script(port, sid, js, json!([])) {
            Ok(v) if !v.is_null() && v != Value::Bool(false) => return Ok(v),
            _ if t.elapsed() > limit => return Err(format!("timed out waiting for: {js}")),
            _ => std::thread::sleep(Duration::from_millis(20)),
        }
    }
}

fn percentile(v: &mut [f64], q: usize) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    Some(v[(v.len() * q / 100).min(v.len() - 1)])
}

/// Type `names` (each up to 12 characters, key by key) into the desk's search box of the
/// app started on `data`; p50/p95 of key to results and key to painted frame, in ms.
pub fn window_search(app: &Path, data: &Path, names: &[String]) -> Value {
    match run(app, data, names) {
        Ok(v) => v,
        Err(e) => json!({ "error": e }),
    }
}

fn run(app: &Path, data: &Path, names: &[String]) -> Result<Value, String> {
    let exe = find_driver().ok_or("tauri-driver is not installed (cargo install tauri-driver)")?;
    let (port, native) = (free_port().ok_or("no port")?, free_port().ok_or("no port")?);
    let child = Command::new(exe)
        .args([
            "--port",
            &port.to_string(),
            "--native-port",
            &native.to_string(),
        ])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("tauri-driver: {e}"))?;
    let driver = Driver { child, port };
    let t = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        if t.elapsed() > Duration::from_secs(15) {
            return Err("tauri-driver did not start".into());
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    // the driver listens before its WebKitWebDriver is ready: the first requests may be
    // dropped without an answer
    let caps = json!({"capabilities": {"alwaysMatch": {
        "browserName": "wry",
        "tauri:options": {"application": app, "args": ["--data", data]},
    }}});
    let mut tries = 0;
    let session = loop {
        match request(driver.port, "POST", "/session", Some(caps.clone())) {
            Ok(v) => break v,
            Err(e) if tries >= 20 => return Err(e),
            Err(_) => {
                tries += 1;
                std::thread::sleep(Duration::from_millis(250));
            }
        }
    };
    let sid = session["sessionId"]
        .as_str()
        .ok_or("no WebDriver session")?
        .to_string();
    let result = (|| {
        let limit = Duration::from_secs(30);
        wait_for(
            port,
            &sid,
            "return document.body.dataset.ready === 'true'",
            limit,
        )?;
        script(
            port,
            &sid,
            "document.getElementById('nav-desk').click()",
            json!([]),
        )?;
        wait_for(
            port,
            &sid,
            "const s = document.getElementById('desk-search'); return !!s && !s.disabled",
            limit,
        )?;
        // the desk fills in after its first paint (slot, counts): let it settle
        std::thread::sleep(Duration::from_millis(1500));
        let el = request(
            port,
            "POST",
            &format!("/session/{sid}/element"),
            Some(json!({"using": "css selector", "value": "#desk-search"})),
        )?;
        let eid = el[ELEMENT].as_str().ok_or("no search box")?.to_string();
        let count = "return window.__PLM_SEARCH_TIMINGS__.length";
        let mut keys = 0usize;
        for name in names {
            script(
                port,
                &sid,
                "const s = document.getElementById('desk-search'); s.value = ''; s.dispatchEvent(new Event('input'));",
                json!([]),
            )?;
            for ch in name.chars().take(12) {
                let before = script(port, &sid, count, json!([]))?.as_u64().unwrap_or(0);
                request(
                    port,
                    "POST",
                    &format!("/session/{sid}/element/{eid}/value"),
                    Some(json!({"text": ch.to_string(), "value": [ch.to_string()]})),
                )?;
                keys += 1;
                wait_for(
                    port,
                    &sid,
                    &format!("return window.__PLM_SEARCH_TIMINGS__.length > {before}"),
                    Duration::from_secs(10),
                )?;
            }
        }
        let timings = script(
            port,
            &sid,
            "return window.__PLM_SEARCH_TIMINGS__.slice(-arguments[0])",
            json!([keys]),
        )?;
        let pairs = timings.as_array().cloned().unwrap_or_default();
        let mut shown: Vec<f64> = pairs.iter().filter_map(|p| p[0].as_f64()).collect();
        let mut painted: Vec<f64> = pairs.iter().filter_map(|p| p[1].as_f64()).collect();
        Ok(json!({
            "keys": keys,
            "shown_p50_ms": percentile(&mut shown, 50),
            "shown_p95_ms": percentile(&mut shown, 95),
            "p50_ms": percentile(&mut painted, 50),
            "p95_ms": percentile(&mut painted, 95),
        }))
    })();
    let _ = request(port, "DELETE", &format!("/session/{sid}"), None);
    drop(driver);
    result
}
