//! The embedded SQLite database: opening, pragmas, versioned migrations and the write
//! transaction every change goes through.

mod backup_error;
mod hooks;

pub use backup_error::BackupError;

use crate::error::Result;
use crate::files::{disk_full_or, private_create, restrict_dir};
use crate::ids::{self, Hlc};
use rusqlite::{Connection, OptionalExtension, TransactionBehavior};
use rusqlite_migration::{Migrations, M};
use std::path::{Path, PathBuf};

/// File name of the database inside the data folder.
pub const DB_FILE: &str = "plm-desk.sqlite3";

/// The schema, one migration per step. Never edit a released step: add a new one.
fn migrations() -> Migrations<'static> {
    Migrations::new(vec![
        M::up(include_str!("../../migrations/0001_foundation.sql")),
        M::up(include_str!("../../migrations/0002_participants.sql")),
        M::up(include_str!("../../migrations/0003_attendance.sql")),
        M::up(include_str!("../../migrations/0004_search_index.sql")),
        M::up(include_str!("../../migrations/0005_retention.sql")),
        M::up(include_str!("../../migrations/0006_outcomes.sql")),
        M::up(include_str!("../../migrations/0007_sync.sql")),
        M::up(include_str!("../../migrations/0008_trust.sql")),
        M::up_with_hook(
            include_str!("../../migrations/0009_search_keys.sql"),
            |tx: &rusqlite::Transaction| hooks::refold_search_keys(tx).map_err(Into::into),
        ),
        M::up(include_str!("../../migrations/0010_after_event.sql")),
        M::up(include_str!("../../migrations/0011_headquarters.sql")),
        M::up(include_str!("../../migrations/0012_search_version.sql")),
        M::up(include_str!("../../migrations/0013_key_escrow.sql")),
        M::up(include_str!("../../migrations/0014_signature_prints.sql")),
        M::up(include_str!("../../migrations/0015_figures.sql")),
    ])
}

/// Number of schema versions this build knows.
pub fn schema_version_latest() -> usize {
    15
}

/// Owner of the database connection. Reads go through [`Store::conn`]; every change goes
/// through [`Store::write`], one IMMEDIATE transaction that commits whole or not at all.
pub struct Store {
    conn: Connection,
    device_id: String,
    hlc: Hlc,
    path: Option<PathBuf>,
    writes: u64,
    /// The database key (None: an in-memory database, or a plain file the disk had no
    /// room to encrypt yet).
    key: Option<crate::vault::DbKey>,
    /// What a domain keeps in memory between calls on this connection (search's index);
    /// each owner checks its own freshness.
    memo: std::cell::RefCell<Option<Box<dyn std::any::Any + Send>>>,
    /// A checkpoint running in the background ([`Store::write_batch`]); waited for
    /// before the next one starts and when the store closes.
    checkpoint: Option<std::thread::JoinHandle<()>>,
}

impl Drop for Store {
    fn drop(&mut self) {
        // a process that ends mid-checkpoint loses nothing (the WAL holds the commit),
        // but the crypto library must not be torn down under a running thread
        if let Some(h) = self.checkpoint.take() {
            let _ = h.join();
        }
    }
}

/// What a write stamps on a row it creates or changes.
#[derive(Debug, Clone)]
pub struct Stamp {
    pub now: String,
    pub hlc: String,
    pub origin: String,
}

/// A write transaction with the clock of this device.
pub struct Tx<'a> {
    pub tx: rusqlite::Transaction<'a>,
    hlc: Hlc,
    device_id: &'a str,
}

impl<'a> Tx<'a> {
    /// This device's id (the `origin` of what it changes).
    pub fn device_id(&self) -> &str {
        self.device_id
    }

    /// A fresh stamp: the time now and the next clock value of this device.
    pub fn stamp(&mut self) -> Stamp {
        self.hlc = self.hlc.tick(ids::wall_millis());
        Stamp {
            now: ids::now_utc(),
            hlc: self.hlc.to_string(),
            origin: self.device_id.to_string(),
        }
    }
}

impl<'a> Tx<'a> {
    /// Remove rows the way every synced table does: a tombstone (`deleted_at`, stamped
    /// with this device's clock so it travels and wins by clock), never a `DELETE`. The
    /// rows are those whose `column` equals `value` and that are still live; returns how
    /// many were removed. `table` and `column` are always the caller's constants.
    pub fn tombstone(
        &mut self,
        table: &'static str,
        column: &'static str,
        value: &str,
    ) -> Result<usize> {
        let s = self.stamp();
        Ok(self
            .tx
            .prepare_cached(&format!(
                "UPDATE {table} SET deleted_at = ?2, updated_at = ?2, hlc = ?3, origin = ?4
             WHERE {column} = ?1 AND deleted_at IS NULL"
            ))?
            .execute(rusqlite::params![value, s.now, s.hlc, s.origin])?)
    }
}

impl<'a> Tx<'a> {
    /// Move this device's clock past a value seen in data from another device, so its
    /// next change is newer than everything it has merged; but never further than this
    /// computer's wall time plus [`ids::CLOCK_TOLERANCE_MS`]: one laptop with a wrong
    /// year must not drag everyone's clock into the future.
    pub fn observe(&mut self, hlc: &str) {
        if let Some(h) = Hlc::parse(hlc) {
            self.hlc = self
                .hlc
                .observe_bounded(h, ids::wall_millis() + ids::CLOCK_TOLERANCE_MS);
        }
    }
}

impl<'a> std::ops::Deref for Tx<'a> {
    type Target = rusqlite::Transaction<'a>;
    fn deref(&self) -> &Self::Target {
        &self.tx
    }
}

impl Store {
    /// Open (or create) the database file at `path`, apply pragmas and migrations, after
    /// a quick integrity check of the whole file (the window, once per start).
    pub fn open(path: &Path) -> Result<Store> {
        Store::open_with(path, true)
    }

    /// Open without the whole-file check first: for one headless command (on a large
    /// database it costs more than the command), and for the window, which runs the check
    /// beside its start (`backup::check_file` on a connection of its own) so the first
    /// screen does not wait for every page to be read and decrypted. SQLite still refuses
    /// any damaged page it reads (`storage.corrupt`), and `plm-desk doctor` checks the
    /// whole file.
    pub fn open_for_command(path: &Path) -> Result<Store> {
        Store::open_with(path, false)
    }

    fn open_with(path: &Path, whole_check: bool) -> Result<Store> {
        configure_sqlite();
        use crate::vault::{self, FileKind};
        if let Some(dir) = path.parent() {
            if !dir.as_os_str().is_empty() {
                std::fs::create_dir_all(dir)?;
                restrict_dir(dir);
            }
        }
        vault::convert::clean_leftovers(path);
        let mut key = Some(vault::key_for(path)?);
        let kind = vault::file_kind(path)?;
        if kind == FileKind::Plain {
            match vault::convert::encrypt_in_place(path, key.as_ref().expect("key")) {
                Ok(()) => log::info!("database encrypted in place"),
                // no room for the encrypted copy: keep working on the plain file (nothing
                // was changed) and try again at the next start
                Err(e) if crate::error::Localized::code(&e) == "storage.disk_full" => {
                    log::warn!("database not encrypted yet: the disk is full");
                    key = None;
                }
                Err(e) => return Err(e),
            }
        }
        let fresh = kind == FileKind::Absent;
        if !path.exists() {
            private_create(path)?;
        }
        let mut conn = Connection::open(path)?;
        let prepared = Store::unlock(&conn, key.as_ref())
            .and_then(|()| {
                Store::check_and_prepare(&conn, path, key.as_ref(), fresh || !whole_check)
            })
            .and_then(|()| Store::configure(&mut conn));
        let (device_id, hlc) = prepared.map_err(|e| disk_full_or(&conn, e))?;
        let store = Store {
            conn,
            device_id,
            hlc,
            path: Some(path.to_path_buf()),
            writes: 0,
            key,
            memo: Default::default(),
            checkpoint: None,
        };
        store.keep_key_copies();
        Ok(store)
    }

    /// The key as the first statement; a file the right key does not open is damaged
    /// (or another file was put in its place).
    fn unlock(conn: &Connection, key: Option<&crate::vault::DbKey>) -> Result<()> {
        let Some(key) = key else { return Ok(()) };
        crate::vault::apply_key(conn, key)?;
        match conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
            r.get::<_, i64>(0)
        }) {
            Ok(_) => Ok(()),
            Err(e) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::NotADatabase) => Err(
                crate::Error::Corrupt("the database key does not open this file".into()),
            ),
            Err(e) => Err(e.into()),
        }
    }

    /// After opening: plain backups left by an older version are encrypted. Failures are
    /// logged, not fatal: the next start tries again. (The key's copy sealed to
    /// headquarters is kept by `desk::open`, which knows headquarters' key.)
    fn keep_key_copies(&self) {
        let Some(key) = self.key.as_ref() else {
            return;
        };
        if let Some(dir) = self.backup_dir() {
            let n = crate::vault::convert::encrypt_backups(&dir, key);
            if n > 0 {
                log::info!("{n} plain backups encrypted");
            }
        }
    }

    /// The quick integrity check of an existing file, WAL mode, and a backup before a
    /// migration changes it.
    fn check_and_prepare(
        conn: &Connection,
        path: &Path,
        key: Option<&crate::vault::DbKey>,
        skip_check: bool,
    ) -> Result<()> {
        if !skip_check {
            // a quick integrity check on every start: a damaged file is reported, not used
            let check: rusqlite::Result<String> =
                conn.query_row("PRAGMA quick_check", [], |r| r.get(0));
            match check {
                Ok(ok) if ok == "ok" => {}
                Ok(other) => return Err(crate::Error::Corrupt(other)),
                // only SQLite's own verdict means damage; a full disk or a locked file
                // is no reason to offer restoring a backup
                Err(e @ rusqlite::Error::SqliteFailure(f, _))
                    if matches!(
                        f.code,
                        rusqlite::ErrorCode::DatabaseCorrupt
                            | rusqlite::ErrorCode::NotADatabase
                            | rusqlite::ErrorCode::OutOfMemory
                    ) =>
                {
                    return Err(crate::Error::Corrupt(e.to_string()))
                }
                Err(e) => return Err(e.into()),
            }
        }
        conn.pragma_update(None, "journal_mode", "WAL")?;
        // before a migration changes an existing database, keep a copy of it as it was
        let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        // a newer version's database is not damaged: say so, and touch nothing (restoring
        // an older backup would lose what the newer version wrote)
        if version > schema_version_latest() as i64 {
            return Err(crate::Error::NewerVersion {
                found: version,
                known: schema_version_latest(),
            });
        }
        if version > 0 && (version as usize) < schema_version_latest() {
            if let Some(dir) = path.parent() {
                let name = format!(
                    "plm-desk-{}-before-migration-{version}.sqlite3",
                    chrono::Utc::now().format("%Y%m%d-%H%M%S%3f")
                );
                backup_conn(conn, key, &dir.join("backups").join(name))?;
            }
        }
        Ok(())
    }

    /// A private in-memory database (tests, dry runs).
    pub fn open_in_memory() -> Result<Store> {
        configure_sqlite();
        Store::init(Connection::open_in_memory()?)
    }

    fn init(mut conn: Connection) -> Result<Store> {
        let (device_id, hlc) = Store::configure(&mut conn)?;
        Ok(Store {
            conn,
            device_id,
            hlc,
            path: None,
            writes: 0,
            key: None,
            memo: Default::default(),
            checkpoint: None,
        })
    }

    /// Pragmas, migrations, this device's id and clock.
    fn configure(conn: &mut Connection) -> Result<(String, Hlc)> {
        // FULL: a committed transaction survives a power cut, not only a crash.
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        // a roomier page cache and in-memory temp tables keep search-as-you-type fast, and
        // headquarters' national picture (a year of venues' people and check-ins, about
        // 20 MB) in memory, already decrypted; pages are taken only as they are used
        conn.pragma_update(None, "cache_size", -64000)?;
        conn.pragma_update(None, "temp_store", "MEMORY")?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        migrations().to_latest(conn)?;
        let device_id = match get_meta(conn, "device_id")? {
            Some(d) => d,
            None => {
                let d = ids::new_id();
                conn.execute(
                    "INSERT INTO meta(key, value) VALUES ('device_id', ?1)",
                    [&d],
                )?;
                d
            }
        };
        let hlc = get_meta(conn, "hlc")?
            .and_then(|s| Hlc::parse(&s))
            .unwrap_or_default();
        Ok((device_id, hlc))
    }

    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    pub fn device_id(&self) -> &str {
        &self.device_id
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Schema version recorded in the database (`PRAGMA user_version`).
    /// The slot a domain keeps a cache in (see `participants::search`).
    pub(crate) fn memo(&self) -> &std::cell::RefCell<Option<Box<dyn std::any::Any + Send>>> {
        &self.memo
    }

    pub fn schema_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    /// Run `f` in one IMMEDIATE transaction: it commits if `f` returns Ok and rolls back
    /// entirely otherwise, so a failed write changes nothing.
    pub fn write<T>(&mut self, f: impl FnOnce(&mut Tx<'_>) -> Result<T>) -> Result<T> {
        let (out, hlc) = self
            .write_inner(f)
            .map_err(|e| disk_full_or(&self.conn, e))?;
        self.hlc = hlc;
        self.writes += 1;
        Ok(out)
    }

    /// An IMMEDIATE transaction (the write lock taken at once) with this device's clock.
    fn begin(&mut self) -> Result<Tx<'_>> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        Ok(Tx {
            tx,
            hlc: self.hlc,
            device_id: &self.device_id,
        })
    }

    fn write_inner<T>(&mut self, f: impl FnOnce(&mut Tx<'_>) -> Result<T>) -> Result<(T, Hlc)> {
        let mut t = self.begin()?;
        let out = f(&mut t)?;
        let hlc_text = t.hlc.to_string();
        t.tx.execute(
            "INSERT INTO meta(key, value) VALUES ('hlc', ?1) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [&hlc_text],
        )?;
        let Tx { tx, hlc, .. } = t;
        tx.commit()?;
        Ok((out, hlc))
    }
}

impl Store {
    /// Run `f` in a transaction that is always rolled back: a dry run that reports
    /// exactly what a write would do and changes nothing.
    pub fn dry_run<T>(&mut self, f: impl FnOnce(&mut Tx<'_>) -> Result<T>) -> Result<T> {
        let mut t = self.begin()?;
        let out = f(&mut t)?;
        t.tx.rollback()?;
        Ok(out)
    }

    /// [`Store::write`] (or, with `dry_run`, [`Store::dry_run`]) for one large batch
    /// (headquarters receiving many venue files): the page cache is made large enough
    /// that the pages the batch touches are not written out and read back (decrypted)
    /// mid-transaction, and the commit stays in the WAL, as durable as ever; copying it
    /// into the database file (a passive checkpoint) runs afterwards on a connection of
    /// its own in the background, so the caller has its answer first.
    pub fn write_batch<T>(
        &mut self,
        dry_run: bool,
        f: impl FnOnce(&mut Tx<'_>) -> Result<T>,
    ) -> Result<T> {
        let cache: i64 = self.conn.query_row("PRAGMA cache_size", [], |r| r.get(0))?;
        let autocheckpoint: i64 = self
            .conn
            .query_row("PRAGMA wal_autocheckpoint", [], |r| r.get(0))?;
        // pages are taken only as they are used: the size is a ceiling
        self.conn
            .pragma_update(None, "cache_size", -BATCH_CACHE_KIB)?;
        self.conn.pragma_update(None, "wal_autocheckpoint", 0)?;
        let out = if dry_run {
            self.dry_run(f)
        } else {
            self.write(f)
        };
        self.conn.pragma_update(None, "cache_size", cache)?;
        self.conn
            .pragma_update(None, "wal_autocheckpoint", autocheckpoint)?;
        if out.is_ok() && !dry_run {
            self.checkpoint_in_background();
        }
        out
    }

    /// A passive checkpoint on its own connection and thread: readers and writers of
    /// this store go on meanwhile; a failure is logged (the next checkpoint does it).
    fn checkpoint_in_background(&mut self) {
        let Some(path) = self.path.clone() else {
            return;
        };
        if let Some(h) = self.checkpoint.take() {
            let _ = h.join();
        }
        let key = self.key.clone();
        let spawned = std::thread::Builder::new()
            .name("checkpoint".into())
            .spawn(move || {
                let run = || -> Result<()> {
                    let conn = Connection::open(&path)?;
                    if let Some(k) = &key {
                        crate::vault::apply_key(&conn, k)?;
                    }
                    conn.busy_timeout(std::time::Duration::from_secs(5))?;
                    conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()))?;
                    Ok(())
                };
                if let Err(e) = run() {
                    log::warn!("background checkpoint: {e}");
                }
            });
        match spawned {
            Ok(h) => self.checkpoint = Some(h),
            Err(e) => log::warn!("background checkpoint not started: {e}"),
        }
    }
}

/// The page cache of one large batch, KiB ([`Store::write_batch`]).
const BATCH_CACHE_KIB: i64 = 256 * 1024;

impl Store {
    /// Copy the whole database to `dest` with SQLite's online backup API, then check the
    /// copy (`PRAGMA integrity_check`). The copy is written under a temporary name and
    /// renamed, so a failure never leaves a half backup that looks whole.
    pub fn backup_to(&self, dest: &Path) -> Result<()> {
        backup_conn(&self.conn, self.key.as_ref(), dest)
    }

    /// The database key (None for in-memory databases).
    pub fn key(&self) -> Option<&crate::vault::DbKey> {
        self.key.as_ref()
    }

    /// Folder for automatic backups, beside the database (None for in-memory databases).
    pub fn backup_dir(&self) -> Option<PathBuf> {
        self.path
            .as_ref()
            .and_then(|p| p.parent())
            .map(|d| d.join("backups"))
    }

    /// How many write transactions this store has committed (for "changed since").
    pub fn write_count(&self) -> u64 {
        self.writes
    }
}

/// SQLite's settings for the whole process, made once before its first connection: no
/// memory statistics (SQLite keeps them under one global lock taken on every allocation,
/// and nothing here reads them; the headquarters batch allocates millions of times).
fn configure_sqlite() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        // SAFETY: sqlite3_config only changes process-wide settings before SQLite is
        // initialised; called later (a connection was opened elsewhere first) it returns
        // SQLITE_MISUSE and changes nothing, which is harmless.
        let rc = unsafe {
            rusqlite::ffi::sqlite3_config(
                rusqlite::ffi::SQLITE_CONFIG_MEMSTATUS,
                0 as std::os::raw::c_int,
            )
        };
        if rc != rusqlite::ffi::SQLITE_OK {
            log::info!("SQLite's memory statistics stay on (it was initialised already)");
        }
    });
}

/// The online backup into `tmp`, then `PRAGMA integrity_check` on the copy.
fn copy_and_check(conn: &Connection, key: Option<&crate::vault::DbKey>, tmp: &Path) -> Result<()> {
    private_create(tmp)?;
    let mut out = Connection::open(tmp)?;
    if let Some(k) = key {
        // SQLCipher copies page by page: the copy has the source's page size
        crate::vault::apply_key_sized(&out, k, crate::vault::page_size(conn)?)?;
    }
    let copied = rusqlite::backup::Backup::new(conn, &mut out)
        .and_then(|b| b.run_to_completion(256, std::time::Duration::from_millis(0), None));
    copied.map_err(|e| disk_full_or(&out, e.into()))?;
    // a backup is one self-contained file (no -wal/-shm beside it), to copy or restore
    out.pragma_update(None, "journal_mode", "DELETE")
        .map_err(|e| disk_full_or(&out, e.into()))?;
    let ok: String = out.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
    if ok != "ok" {
        return Err(BackupError::CheckFailed.into());
    }
    Ok(())
}

/// Online backup of a connection's database to `dest`, checked, written under a
/// temporary name and renamed.
pub fn backup_conn(
    conn: &Connection,
    key: Option<&crate::vault::DbKey>,
    dest: &Path,
) -> Result<()> {
    {
        if let Some(dir) = dest.parent() {
            std::fs::create_dir_all(dir)?;
            restrict_dir(dir);
        }
        let tmp = dest.with_extension("partial");
        let _ = std::fs::remove_file(&tmp);
        let written = copy_and_check(conn, key, &tmp);
        if let Err(e) = written {
            // a half-written copy (full disk, I/O error) would only take more space
            let _ = std::fs::remove_file(&tmp);
            let _ = std::fs::remove_file(tmp.with_extension("partial-journal"));
            return Err(e);
        }
        std::fs::rename(&tmp, dest)?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let _ = std::fs::set_permissions(dest, std::fs::Permissions::from_mode(0o600));
        }
        Ok(())
    }
}

pub fn get_meta(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn
        .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
        .optional()?)
}

#[cfg(test)]
mod tests;
