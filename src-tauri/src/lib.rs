//! PLM Desk application: the Tauri window and the headless command line, both thin
//! layers over `plm_core`.

/// `plm-desk bench`: in test builds and `--features bench` release builds only.
#[cfg(dev_tools)]
pub mod bench;

pub mod cli;
pub mod commands;
pub mod logging;
pub mod state;

use std::path::PathBuf;
use tauri::Manager;

/// The app's identifier, as in the root `tauri.conf.json`; the default data folder is
/// the platform's data directory joined with it (the same place Tauri's path API gives).
pub const IDENTIFIER: &str = "id.go.perpusnas.plmdesk";

pub fn default_data_dir() -> PathBuf {
    dirs::data_dir()
        .unwrap_or_else(std::env::temp_dir)
        .join(IDENTIFIER)
}

/// When the process started (for "first screen painted after N ms" in the log and bench).
pub static STARTED: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();

/// The command line parsed, or the exit code when clap answered itself (help, version:
/// 0; a usage error: 2).
fn parse_args() -> Result<cli::Cli, i32> {
    use clap::Parser;
    STARTED.get_or_init(std::time::Instant::now);
    cli::Cli::try_parse().map_err(|e| {
        let code = match e.kind() {
            clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion => 0,
            _ => 2,
        };
        let _ = e.print();
        code
    })
}

/// Entry point of the binary: a subcommand runs headless, no subcommand opens the window.
pub fn main_entry() -> i32 {
    match parse_args() {
        Err(code) => code,
        Ok(args) if args.command.is_some() => cli::run(args),
        Ok(args) => run_gui(args.data),
    }
}

/// Entry point of the console program `plm-desk-cli`: the same commands, no window
/// (nothing here may reach Tauri, so the window's libraries are never loaded).
pub fn cli_entry() -> i32 {
    match parse_args() {
        Err(code) => code,
        Ok(args) if args.command.is_some() => cli::run(args),
        Ok(_) => {
            eprintln!("plm-desk-cli: give a command (see --help); `plm-desk` opens the window");
            2
        }
    }
}

/// Open the window. `data` overrides the data folder (also `PLM_DESK_DATA`).
pub fn run_gui(data: Option<PathBuf>) -> i32 {
    // Windows draws the window with the WebView2 runtime. Without it Tauri would show an
    // English box and then panic; check first and explain in the user's language.
    #[cfg(windows)]
    if let Err(e) = tauri::webview_version() {
        return webview2_missing(data.as_deref(), &e.to_string());
    }
    let builder = tauri::Builder::default().setup(move |app| {
        let dir = match data.clone() {
            Some(d) => d,
            None => app.path().app_data_dir()?,
        };
        logging::init(&dir);
        // opened without the whole-file check, which runs beside the start (below)
        let store = match plm_core::desk::open_for_command(&dir.join(plm_core::db::DB_FILE)) {
            Ok(s) => s,
            Err(e) => {
                // open the window anyway: it explains and offers the newest good backup
                use plm_core::error::Localized;
                log::error!("database could not be opened: {}", e.code());
                app.manage(state::AppState::damaged(dir, &e));
                return Ok(());
            }
        };
        log::info!(
            "window start, schema version {}",
            store.schema_version().unwrap_or(-1)
        );
        let state = state::AppState::new(store, dir);
        state.start_whole_check();
        app.manage(state);
        // every 10 minutes, a backup if anything was written since the last one
        let handle = app.handle().clone();
        tauri::async_runtime::spawn(async move {
            let mut last = 0u64;
            loop {
                tokio::time::sleep(std::time::Duration::from_secs(600)).await;
                let st = handle.state::<state::AppState>();
                let _ = st.with(|s| {
                    if s.write_count() != last {
                        plm_core::backup::create(s, "auto")?;
                        last = s.write_count();
                    }
                    Ok(())
                });
            }
        });
        Ok(())
    });
    // files dropped onto the window are the user's choice, as a dialog's are: the page
    // gets their paths from the same event and may hand them to the commands
    let builder = builder.on_window_event(|window, event| {
        if let tauri::WindowEvent::DragDrop(tauri::DragDropEvent::Drop { paths, .. }) = event {
            if let Some(state) = window.try_state::<state::AppState>() {
                state.grant(paths.iter().cloned());
            }
        }
    });
    let result = commands::register(builder).run(tauri::generate_context!());
    match result {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("plm-desk: {e}");
            1
        }
    }
}

/// The WebView2 runtime is missing: log it, tell the user (a native message box, in the
/// language chosen in the app, Indonesian by default) what to install and where, and
/// exit with 1. The headless command line never needs WebView2.
#[cfg(windows)]
fn webview2_missing(data: Option<&std::path::Path>, detail: &str) -> i32 {
    use plm_core::Lang;
    let dir = data.map(PathBuf::from).unwrap_or_else(default_data_dir);
    logging::init(&dir);
    log::error!("WebView2 runtime missing, the window cannot open: {detail}");
    // read the chosen language only from an existing database: never create one here
    let db = dir.join(plm_core::db::DB_FILE);
    let lang = if db.exists() {
        plm_core::Store::open(&db)
            .map(|s| plm_core::settings::language(&s))
            .unwrap_or_default()
    } else {
        Lang::Id
    };
    let (title, text) = webview2_text(lang);
    eprintln!("plm-desk: {text}");
    if std::env::var_os("PLM_DESK_NO_MESSAGE_BOX").is_none() {
        message_box(title, &text);
    }
    1
}

/// The words of the missing-WebView2 box.
pub fn webview2_text(lang: plm_core::Lang) -> (&'static str, String) {
    match lang {
        plm_core::Lang::Id => (
            "PLM Desk: WebView2 belum terpasang",
            "PLM Desk memerlukan Microsoft Edge WebView2 Runtime untuk membuka jendelanya, dan komputer ini belum memilikinya. \
Pasang \"WebView2 Evergreen Standalone Installer\" (berkas MicrosoftEdgeWebView2RuntimeInstallerX64.exe, misalnya dari flashdisk Perpusnas; tidak perlu internet), lalu buka PLM Desk lagi. \
Data Anda aman dan tidak berubah. Perintah baris (plm-desk --help) tetap bisa dipakai tanpa WebView2.".to_string(),
        ),
        plm_core::Lang::En => (
            "PLM Desk: WebView2 is not installed",
            "PLM Desk needs the Microsoft Edge WebView2 Runtime to open its window, and this computer does not have it. \
Install the \"WebView2 Evergreen Standalone Installer\" (the file MicrosoftEdgeWebView2RuntimeInstallerX64.exe, e.g. from headquarters' USB stick; no internet needed), then open PLM Desk again. \
Your data is safe and unchanged. The command line (plm-desk --help) works without WebView2.".to_string(),
        ),
    }
}

#[cfg(windows)]
fn message_box(title: &str, text: &str) {
    use windows_sys::Win32::UI::WindowsAndMessaging::{MessageBoxW, MB_ICONWARNING, MB_OK};
    let wide = |s: &str| {
        s.encode_utf16()
            .chain(std::iter::once(0))
            .collect::<Vec<u16>>()
    };
    let (t, m) = (wide(title), wide(text));
    // SAFETY: both pointers are to NUL-terminated UTF-16 buffers that outlive the call;
    // a null owner window is allowed.
    unsafe {
        MessageBoxW(
            std::ptr::null_mut(),
            m.as_ptr(),
            t.as_ptr(),
            MB_OK | MB_ICONWARNING,
        );
    }
}
