//! A plain database (from a version before encryption) encrypted in place, safely: an
//! encrypted copy is written beside it under a temporary name and checked (integrity and
//! the row count of every table), then renamed over the plain file. A kill -9 or a full
//! disk at any moment leaves the plain database or the encrypted one, never neither;
//! a leftover temporary copy is removed at the next start.

use super::{apply_key, file_kind, DbKey, FileKind};
use crate::error::Result;
use rusqlite::Connection;
use std::path::{Path, PathBuf};

fn temp_of(path: &Path) -> PathBuf {
    let mut n = path.file_name().unwrap_or_default().to_os_string();
    n.push(".encrypting");
    path.with_file_name(n)
}

/// Tables of a database and their row counts.
fn counts(conn: &Connection) -> Result<Vec<(String, i64)>> {
    let names: Vec<String> = conn
        .prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
        )?
        .query_map([], |r| r.get("name"))?
        .collect::<rusqlite::Result<_>>()?;
    names
        .into_iter()
        .map(|n| {
            let c: i64 = conn.query_row(
                &format!("SELECT count(*) FROM \"{}\"", n.replace('"', "\"\"")),
                [],
                |r| r.get(0),
            )?;
            Ok((n, c))
        })
        .collect()
}

/// Remove what an interrupted conversion left (a partial encrypted copy).
pub fn clean_leftovers(path: &Path) {
    let tmp = temp_of(path);
    for p in [
        tmp.clone(),
        PathBuf::from(format!("{}-journal", tmp.display())),
    ] {
        let _ = std::fs::remove_file(p);
    }
}

/// Encrypt the plain SQLite file at `path` with `key`, in place. `wal`: whether the file
/// is a live database (its WAL is folded in first and must be gone before the swap).
pub fn encrypt_in_place(path: &Path, key: &DbKey) -> Result<()> {
    clean_leftovers(path);
    let tmp = temp_of(path);
    let written = write_encrypted_copy(path, &tmp, key);
    if let Err(e) = written {
        clean_leftovers(path);
        return Err(e);
    }
    // the plain file's WAL was folded in and removed when its connection closed; a WAL
    // left beside it now would be read against the encrypted file: refuse the swap
    for side in ["-wal", "-shm"] {
        let p = PathBuf::from(format!("{}{side}", path.display()));
        if side == "-wal" && std::fs::metadata(&p).is_ok_and(|m| m.len() > 0) {
            clean_leftovers(path);
            return Err(crate::Error::Corrupt(
                "the plain database's WAL could not be folded in".into(),
            ));
        }
        let _ = std::fs::remove_file(&p);
    }
    std::fs::rename(&tmp, path)?;
    crate::files::sync_dir(path);
    Ok(())
}

fn write_encrypted_copy(plain: &Path, tmp: &Path, key: &DbKey) -> Result<()> {
    let before = {
        let conn = Connection::open(plain)?;
        // fold the WAL into the file, so the copy and the swap see everything committed
        conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        crate::files::private_create(tmp)?;
        let lit = key.sql_literal();
        // an attached file takes SQLCipher's default settings: this version's page size
        // (every other connection states its own)
        conn.execute_batch(&format!(
            "PRAGMA cipher_default_page_size = {};",
            super::PAGE_SIZE
        ))?;
        conn.execute(
            "ATTACH DATABASE ?1 AS encrypted KEY ?2",
            rusqlite::params![tmp.to_string_lossy(), lit.as_str()],
        )
        .map_err(|e| crate::files::disk_full_or(&conn, e.into()))?;
        let exported = conn
            .query_row("SELECT sqlcipher_export('encrypted')", [], |_| Ok(()))
            .and_then(|()| {
                conn.execute_batch(&format!("PRAGMA encrypted.user_version = {version};"))
            });
        let detached = conn.execute_batch("DETACH DATABASE encrypted;");
        exported.map_err(|e| crate::files::disk_full_or(&conn, e.into()))?;
        detached?;
        counts(&conn)?
    };
    let conn = Connection::open(tmp)?;
    apply_key(&conn, key)?;
    let ok: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
    if ok != "ok" || counts(&conn)? != before {
        return Err(crate::Error::Corrupt(
            "the encrypted copy differs from the plain database".into(),
        ));
    }
    drop(conn);
    // (a handle with write access: Windows refuses to flush a read-only one)
    std::fs::OpenOptions::new()
        .write(true)
        .open(tmp)?
        .sync_all()?;
    Ok(())
}

/// The plain backups in `dir` (none once all are encrypted).
pub fn plain_backups(dir: &Path) -> Vec<PathBuf> {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out: Vec<PathBuf> = rd
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "sqlite3"))
        .filter(|p| file_kind(p).is_ok_and(|k| k == FileKind::Plain))
        .collect();
    out.sort();
    out
}

/// Encrypt every plain backup in `dir` (after the database itself is encrypted). A
/// backup that fails its check stays as it was and is named in the log by file name.
pub fn encrypt_backups(dir: &Path, key: &DbKey) -> usize {
    let mut done = 0;
    for p in plain_backups(dir) {
        match encrypt_in_place(&p, key) {
            Ok(()) => done += 1,
            Err(e) => {
                use crate::error::Localized;
                log::warn!(
                    "backup {} not encrypted: {}",
                    p.file_name().unwrap_or_default().to_string_lossy(),
                    e.code()
                );
            }
        }
    }
    done
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_file_becomes_encrypted_with_the_same_rows() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("x.sqlite3");
        {
            let live = dir.path().join("live.sqlite3");
            let c = Connection::open(&live).unwrap();
            c.execute_batch(
                "PRAGMA journal_mode=WAL; PRAGMA user_version=7;
                 CREATE TABLE t(a TEXT); INSERT INTO t VALUES ('Siti Rahmawati'), ('Budi');",
            )
            .unwrap();
            // what a killed process leaves: the file and a WAL not yet folded in
            std::fs::copy(&live, &p).unwrap();
            std::fs::copy(
                dir.path().join("live.sqlite3-wal"),
                dir.path().join("x.sqlite3-wal"),
            )
            .unwrap();
        }
        let k = DbKey::random();
        encrypt_in_place(&p, &k).unwrap();
        assert_eq!(file_kind(&p).unwrap(), FileKind::Encrypted);
        let raw = std::fs::read(&p).unwrap();
        assert!(!raw.windows(4).any(|w| w == b"Siti"));
        let c = Connection::open(&p).unwrap();
        apply_key(&c, &k).unwrap();
        let n: i64 = c
            .query_row("SELECT count(*) FROM t", [], |r| r.get(0))
            .unwrap();
        let v: i64 = c
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!((n, v), (2, 7));
        assert!(!temp_of(&p).exists());
    }
}
