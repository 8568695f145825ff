//! The benchmark's baseline (`plm-desk bench`): a bare Tauri 2 window with the same Tauri
//! version and features as PLM Desk, whose page has one button calling one command that
//! returns a string. The bench starts it the way it starts the app and compares start-up
//! time and memory. Not shipped to users.
#![cfg_attr(
    all(not(debug_assertions), target_os = "windows"),
    windows_subsystem = "windows"
)]

#[tauri::command]
fn hello() -> String {
    "Hello from Rust".into()
}

/// The page's first painted frame: one line on stdout, which the bench waits for.
#[tauri::command]
fn painted() {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{}", plm_desk::bench::window::PAINTED_LINE).and_then(|_| out.flush());
}

fn main() {
    tauri::Builder::default()
        .invoke_handler(tauri::generate_handler![hello, painted])
        .run(tauri::generate_context!("src-tauri/bare/tauri.conf.json"))
        .expect("the bare window runs");
}
