//! Backups of the database: list, create, restore.

use super::*;
use plm_core::backup;

#[derive(Subcommand, Debug)]
pub enum BackupCmd {
    /// List the backups, newest first
    List,
    /// Take a backup now
    Create,
    /// Replace the database by a backup (the current file is kept aside, not deleted)
    Restore {
        /// The backup file (default: the newest good one)
        file: Option<PathBuf>,
    },
}

pub(super) fn restore(
    dir: &std::path::Path,
    file: Option<PathBuf>,
) -> plm_core::Result<(String, String)> {
    let from = match file {
        Some(f) => f,
        None => PathBuf::from(backup::newest_good(dir)?.path),
    };
    let aside = backup::restore(dir, &from)?;
    Ok((from.display().to_string(), aside.display().to_string()))
}

pub(super) fn backup_cmd(store: &mut Store, c: BackupCmd) -> plm_core::Result<Out> {
    match c {
        BackupCmd::List => {
            let list = match store.backup_dir() {
                Some(d) => backup::list(&d)?,
                None => vec![],
            };
            let text = if list.is_empty() {
                "No backups yet.".to_string()
            } else {
                list.iter()
                    .map(|b| {
                        format!(
                            "{}  {}  {} bytes  {}",
                            b.taken_at, b.reason, b.bytes, b.path
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            };
            Ok(Out {
                json: serde_json::to_value(&list).expect("json"),
                text,
            })
        }
        BackupCmd::Create => {
            let b = backup::create(store, "manual")?;
            Ok(Out {
                text: b
                    .as_ref()
                    .map(|b| format!("backup: {}", b.path))
                    .unwrap_or_default(),
                json: serde_json::to_value(&b).expect("json"),
            })
        }
        BackupCmd::Restore { .. } => unreachable!("handled before the database opens"),
    }
}
