//! PLM Desk application: the Tauri window and the headless command line, both thin
//! layers over `plm_core`.

pub mod bench;
pub mod bench_app;
pub mod cli;
mod cli_export;
mod cli_outcomes;
mod cli_sync;
pub mod commands;
pub mod commands_export;
pub mod commands_lock;
pub mod commands_outcomes;
pub mod commands_sync;
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

/// Entry point of the binary: a subcommand runs headless, no subcommand opens the window.
pub fn main_entry() -> i32 {
    use clap::Parser;
    STARTED.get_or_init(std::time::Instant::now);
    let args = match cli::Cli::try_parse() {
        Ok(a) => a,
        Err(e) => {
            let code = match e.kind() {
                clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion => 0,
                _ => 2,
            };
            let _ = e.print();
            return code;
        }
    };
    match args.command {
        Some(_) => cli::run(args),
        None => run_gui(args.data),
    }
}

/// Open the window. `data` overrides the data folder (also `PLM_DESK_DATA`).
pub fn run_gui(data: Option<PathBuf>) -> i32 {
    let builder = tauri::Builder::default().setup(move |app| {
        let dir = match data.clone() {
            Some(d) => d,
            None => app.path().app_data_dir()?,
        };
        logging::init(&dir);
        let store = match plm_core::Store::open(&dir.join(plm_core::db::DB_FILE)) {
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
        app.manage(state::AppState::new(store, dir));
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
    let result = commands::register(builder).run(tauri::generate_context!());
    match result {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("plm-desk: {e}");
            1
        }
    }
}
