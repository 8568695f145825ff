//! The log: a size-rotated file in the data folder's `logs/`. Only ids, counts and error
//! codes are logged, never names, phone numbers or other personal data.

use flexi_logger::{
    Cleanup, Criterion, Duplicate, FileSpec, Logger, LoggerHandle, Naming, WriteMode,
};
use std::path::Path;
use std::sync::OnceLock;

static HANDLE: OnceLock<LoggerHandle> = OnceLock::new();

pub fn init(data_dir: &Path) {
    if HANDLE.get().is_some() {
        return;
    }
    let dir = data_dir.join("logs");
    let _ = std::fs::create_dir_all(&dir);
    plm_core::files::restrict_dir(&dir);
    let level = std::env::var("PLM_DESK_LOG").unwrap_or_else(|_| "info".into());
    let started = Logger::try_with_str(level).and_then(|l| {
        l.log_to_file(
            FileSpec::default()
                .directory(&dir)
                .basename("plm-desk")
                .suppress_timestamp(),
        )
        .rotate(
            Criterion::Size(1_000_000),
            Naming::Numbers,
            Cleanup::KeepLogFiles(5),
        )
        .append()
        .format_for_files(flexi_logger::detailed_format)
        .duplicate_to_stderr(Duplicate::None)
        .write_mode(WriteMode::Direct)
        .start()
    });
    match started {
        Ok(h) => {
            let _ = HANDLE.set(h);
        }
        Err(e) => eprintln!("plm-desk: log file unavailable: {e}"),
    }
}
