//! Backups: online copies of the database in `backups/` beside it, checked after
//! writing, rotated (the newest 20 plus the newest of each day), and restored with the
//! current file kept aside, never deleted.

use crate::db::{Store, DB_FILE};
use crate::error::Result;
use chrono::Utc;
use serde::Serialize;
use std::path::{Path, PathBuf};

pub const KEEP_NEWEST: usize = 20;

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct BackupInfo {
    pub name: String,
    pub path: String,
    pub bytes: u64,
    /// UTC time from the name, "2026-11-24 19:34:00"
    pub taken_at: String,
    pub reason: String,
}

fn clean_reason(reason: &str) -> String {
    let r: String = reason
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let r = r.trim_matches('-').to_string();
    if r.is_empty() {
        "manual".into()
    } else {
        r.chars().take(40).collect()
    }
}

/// Take a backup now (no-op for in-memory databases); returns where it went.
pub fn create(store: &Store, reason: &str) -> Result<Option<BackupInfo>> {
    let Some(dir) = store.backup_dir() else {
        return Ok(None);
    };
    let now = Utc::now();
    let mut name = format!(
        "plm-desk-{}-{}.sqlite3",
        now.format("%Y%m%d-%H%M%S%3f"),
        clean_reason(reason)
    );
    let mut n = 1;
    while dir.join(&name).exists() {
        n += 1;
        name = format!(
            "plm-desk-{}-{}-{n}.sqlite3",
            now.format("%Y%m%d-%H%M%S%3f"),
            clean_reason(reason)
        );
    }
    let path = dir.join(&name);
    store.backup_to(&path)?;
    rotate(&dir)?;
    log::info!("backup taken: {name}");
    Ok(list(&dir)?.into_iter().find(|b| b.name == name))
}

fn parse_name(name: &str) -> Option<(String, String)> {
    // plm-desk-YYYYMMDD-HHMMSSmmm-reason.sqlite3
    let rest = name.strip_prefix("plm-desk-")?.strip_suffix(".sqlite3")?;
    let (date, rest) = rest.split_at_checked(8)?;
    let rest = rest.strip_prefix('-')?;
    let (time, reason) = rest.split_at_checked(6)?;
    if !date.chars().all(|c| c.is_ascii_digit()) || !time.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let reason = reason
        .trim_start_matches(|c: char| c.is_ascii_digit())
        .trim_start_matches('-')
        .to_string();
    let taken = format!(
        "{}-{}-{} {}:{}:{}",
        &date[..4],
        &date[4..6],
        &date[6..],
        &time[..2],
        &time[2..4],
        &time[4..]
    );
    Some((taken, reason))
}

pub use crate::db::BackupError;

/// The backups of a data folder that open and pass their check, newest first: what the
/// recovery screen offers and what `backup restore` takes when no file is named.
pub fn good(data_dir: &Path) -> Vec<BackupInfo> {
    list(&data_dir.join("backups"))
        .unwrap_or_default()
        .into_iter()
        .filter(|b| check_file(data_dir, Path::new(&b.path)).unwrap_or(false))
        .collect()
}

/// The newest good backup ([`good`]), or [`BackupError::NoneGood`].
pub fn newest_good(data_dir: &Path) -> Result<BackupInfo> {
    // newest first: stop at the first that passes
    list(&data_dir.join("backups"))?
        .into_iter()
        .find(|b| check_file(data_dir, Path::new(&b.path)).unwrap_or(false))
        .ok_or_else(|| BackupError::NoneGood.into())
}

/// Backups in a folder, newest first.
pub fn list(dir: &Path) -> Result<Vec<BackupInfo>> {
    let mut out = vec![];
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(out),
        Err(e) => return Err(e.into()),
    };
    for e in entries {
        let e = e?;
        let name = e.file_name().to_string_lossy().to_string();
        if let Some((taken_at, reason)) = parse_name(&name) {
            out.push(BackupInfo {
                path: e.path().display().to_string(),
                bytes: e.metadata()?.len(),
                name,
                taken_at,
                reason,
            });
        }
    }
    out.sort_by(|a, b| b.name.cmp(&a.name));
    Ok(out)
}

/// A `.partial` copy older than this was left by a backup that was killed (a power cut,
/// a full disk); a running backup finishes in seconds.
const STALE_PARTIAL: std::time::Duration = std::time::Duration::from_secs(3600);

/// Keep the newest [`KEEP_NEWEST`] and the newest backup of every day; delete the rest,
/// and the half-written copies of backups that were interrupted long ago.
pub fn rotate(dir: &Path) -> Result<()> {
    for e in std::fs::read_dir(dir)?.flatten() {
        let name = e.file_name().to_string_lossy().to_string();
        let stale = e
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > STALE_PARTIAL);
        if name.starts_with("plm-desk-")
            && (name.ends_with(".partial") || name.ends_with(".partial-journal"))
            && stale
        {
            let _ = std::fs::remove_file(e.path());
        }
    }
    let all = list(dir)?;
    let mut days_seen = std::collections::HashSet::new();
    for (i, b) in all.iter().enumerate() {
        let day = b.taken_at[..10].to_string();
        let newest_of_day = days_seen.insert(day);
        if i >= KEEP_NEWEST && !newest_of_day {
            std::fs::remove_file(&b.path)?;
        }
    }
    Ok(())
}

/// Check a backup (or database) file of the data folder `data_dir` with `PRAGMA
/// quick_check` (read-only), with that folder's database key when the file is
/// encrypted: Ok(false) when SQLite finds it damaged, not a database, or not opened by
/// the key; an error when it could not be read at all (a full disk is not a damaged
/// backup).
pub fn check_file(data_dir: &Path, path: &Path) -> Result<bool> {
    let key = match crate::vault::file_kind(path)? {
        crate::vault::FileKind::Encrypted => {
            match crate::vault::existing_key(&data_dir.join(DB_FILE)) {
                Ok(Some(k)) => Some(k),
                _ => return Ok(false),
            }
        }
        _ => None,
    };
    let conn =
        rusqlite::Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    if let Some(k) = &key {
        crate::vault::apply_key(&conn, k)?;
    }
    match conn.query_row("PRAGMA quick_check", [], |r| r.get::<_, String>(0)) {
        Ok(verdict) => Ok(verdict == "ok"),
        // (OutOfMemory: SQLCipher's word for a page that fails its HMAC)
        Err(rusqlite::Error::SqliteFailure(f, _))
            if matches!(
                f.code,
                rusqlite::ErrorCode::DatabaseCorrupt
                    | rusqlite::ErrorCode::NotADatabase
                    | rusqlite::ErrorCode::OutOfMemory
            ) =>
        {
            Ok(false)
        }
        Err(e) => Err(crate::files::disk_full_or(&conn, e.into())),
    }
}

/// Replace the database in `data_dir` by a backup. The current file (and its WAL) is
/// renamed aside as `…damaged-<time>`, never deleted. Nothing may have the database open.
pub fn restore(data_dir: &Path, backup: &Path) -> Result<PathBuf> {
    // a path that is not there is named as such, not as a database SQLite cannot open
    std::fs::metadata(backup)
        .map_err(|e| crate::Error::from(e).in_file(backup.display().to_string()))?;
    if !check_file(data_dir, backup)? {
        return Err(BackupError::Damaged(backup.display().to_string()).into());
    }
    let db = data_dir.join(DB_FILE);
    let stamp = Utc::now().format("%Y%m%d-%H%M%S");
    let aside = data_dir.join(format!("{DB_FILE}.damaged-{stamp}"));
    if db.exists() {
        std::fs::rename(&db, &aside)?;
        for ext in ["-wal", "-shm"] {
            let side = data_dir.join(format!("{DB_FILE}{ext}"));
            if side.exists() {
                std::fs::rename(
                    &side,
                    data_dir.join(format!("{DB_FILE}.damaged-{stamp}{ext}")),
                )?;
            }
        }
    }
    let tmp = data_dir.join(format!("{DB_FILE}.restoring"));
    std::fs::copy(backup, &tmp)?;
    std::fs::rename(&tmp, &db)?;
    log::info!("database restored from a backup");
    Ok(aside)
}

// ------------------------------------------------------------ the key's backup

/// Setting: when this computer's user last saved a recovery file.
const RECOVERY_SAVED: crate::settings::Key = crate::settings::Key::RecoveryFileSavedAt;

/// [`crate::vault::save_recovery_file`] for an open database, remembering when (the window stops
/// asking for one).
pub fn save_recovery_for(store: &mut crate::db::Store, out: &Path) -> Result<()> {
    let db = store
        .path()
        .map(Path::to_path_buf)
        .ok_or(crate::vault::VaultError::KeyMissing)?;
    crate::vault::save_recovery_file(&db, out)?;
    let now = crate::ids::now_utc();
    store.write(|tx| crate::settings::put(tx, RECOVERY_SAVED, &now))
}

/// When a recovery file was last saved from this database (None: never).
pub fn recovery_saved_at(store: &crate::db::Store) -> Result<Option<String>> {
    crate::settings::get(store, RECOVERY_SAVED)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_parse_and_rotation_keeps_newest_and_one_per_day() {
        assert_eq!(
            parse_name("plm-desk-20261124-193400123-close-day-1.sqlite3"),
            Some(("2026-11-24 19:34:00".into(), "close-day-1".into()))
        );
        assert_eq!(parse_name("notes.txt"), None);
        let dir = tempfile::tempdir().unwrap();
        // 30 backups on one day and one on each of 3 earlier days
        for i in 0..30 {
            std::fs::write(
                dir.path()
                    .join(format!("plm-desk-20261124-10{:02}00000-auto.sqlite3", i)),
                b"x",
            )
            .unwrap();
        }
        for d in 21..24 {
            std::fs::write(
                dir.path()
                    .join(format!("plm-desk-202611{d}-090000000-auto.sqlite3")),
                b"x",
            )
            .unwrap();
        }
        // a copy left half-written by a killed backup two hours ago, and one being written now
        let old = dir.path().join("plm-desk-20261124-080000000-auto.partial");
        std::fs::File::create(&old)
            .unwrap()
            .set_modified(std::time::SystemTime::now() - std::time::Duration::from_secs(7200))
            .unwrap();
        let fresh = dir.path().join("plm-desk-20261124-110000000-auto.partial");
        std::fs::write(&fresh, b"x").unwrap();
        rotate(dir.path()).unwrap();
        assert!(
            !old.exists() && fresh.exists(),
            "only the stale half-written copy is removed"
        );
        let left = list(dir.path()).unwrap();
        assert_eq!(left.len(), 20 + 3);
        assert!(left.iter().any(|b| b.name.starts_with("plm-desk-20261121")));
        assert_eq!(
            left[0].name,
            "plm-desk-20261124-1029000000-auto.sqlite3".replace("1029000000", "102900000")
        );
    }

    #[test]
    fn create_check_and_restore_keep_the_damaged_file() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = Store::open(&dir.path().join(DB_FILE)).unwrap();
        crate::settings::set(&mut s, crate::settings::Key::Operator, "Ani").unwrap();
        let b = create(&s, "manual").unwrap().unwrap();
        assert!(check_file(dir.path(), Path::new(&b.path)).unwrap());
        crate::settings::set(&mut s, crate::settings::Key::Operator, "Budi").unwrap();
        drop(s);
        // damage the live database
        std::fs::write(
            dir.path().join(DB_FILE),
            b"this is not sqlite at all, but sixteen+ bytes",
        )
        .unwrap();
        assert!(!check_file(dir.path(), &dir.path().join(DB_FILE)).unwrap_or(false));
        let aside = restore(dir.path(), Path::new(&b.path)).unwrap();
        assert!(aside.exists(), "the damaged file is kept");
        let s = Store::open(&dir.path().join(DB_FILE)).unwrap();
        assert_eq!(
            crate::settings::get(&s, crate::settings::Key::Operator)
                .unwrap()
                .as_deref(),
            Some("Ani")
        );
        // a damaged backup is refused
        std::fs::write(dir.path().join("bad.sqlite3"), b"garbage garbage garbage").unwrap();
        assert!(restore(dir.path(), &dir.path().join("bad.sqlite3")).is_err());
    }
}

/// The state of this computer's data, for `plm-desk doctor`: where the database is, its
/// schema version and whether the whole file passes SQLite's integrity check, and the
/// backups beside it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Health {
    pub database: Option<String>,
    pub bytes: Option<u64>,
    pub schema_version: i64,
    pub schema_version_latest: usize,
    /// `ok`, or SQLite's first complaint.
    pub integrity: String,
    pub backups: usize,
    pub newest_backup: Option<String>,
    /// Where the database key is and which copies of it exist; whether the database and
    /// every backup are encrypted (`key_store`, `key_file`, `escrow`,
    /// `passphrase_wrapped`, `encrypted`, `backups_encrypted`).
    #[serde(flatten)]
    pub at_rest: crate::vault::KeyReport,
}

pub fn health(store: &Store) -> Result<Health> {
    let integrity: String = store
        .conn()
        .query_row("PRAGMA integrity_check(1)", [], |r| r.get(0))?;
    let path = store.path().map(Path::to_path_buf);
    let backups = match path.as_deref().and_then(Path::parent) {
        Some(dir) => list(&dir.join("backups"))?,
        None => vec![],
    };
    Ok(Health {
        database: path.as_ref().map(|p| p.display().to_string()),
        bytes: path
            .as_ref()
            .and_then(|p| std::fs::metadata(p).ok())
            .map(|m| m.len()),
        schema_version: store.schema_version()?,
        schema_version_latest: crate::db::schema_version_latest(),
        integrity,
        backups: backups.len(),
        newest_backup: backups.first().map(|b| b.path.clone()),
        at_rest: match path.as_deref() {
            Some(p) => crate::vault::report(p)?,
            None => crate::vault::KeyReport::in_memory(),
        },
    })
}
