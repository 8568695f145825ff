//! The db module's tests.

use super::*;

#[test]
fn migrations_are_valid() {
    migrations().validate().unwrap();
}

#[test]
fn opens_and_migrates_in_memory() {
    let s = Store::open_in_memory().unwrap();
    assert_eq!(s.schema_version().unwrap(), schema_version_latest() as i64);
    assert!(crate::ids::is_uuid(s.device_id()));
}

#[test]
fn file_database_keeps_device_and_clock() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("data").join(DB_FILE);
    let (dev, stamp) = {
        let mut s = Store::open(&path).unwrap();
        let st = s.write(|tx| Ok(tx.stamp())).unwrap();
        (s.device_id().to_string(), st)
    };
    let mut s = Store::open(&path).unwrap();
    assert_eq!(s.device_id(), dev);
    let later = s.write(|tx| Ok(tx.stamp())).unwrap();
    assert!(later.hlc > stamp.hlc, "clock continues after reopening");
    let mode: String = s
        .conn()
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let m = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(m, 0o600);
    }
}

#[test]
fn upgrading_an_older_database_backs_it_up_first_and_keeps_data() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(DB_FILE);
    {
        let mut conn = Connection::open(&path).unwrap();
        migrations().to_version(&mut conn, 4).unwrap();
        conn.execute(
            "INSERT INTO events (id, title, program_year, province_code, province_name, start_date, days, timezone,
                created_at, updated_at, hlc, origin)
             VALUES ('e1', 'Old', 2022, '63', 'Kalimantan Selatan', '2022-07-05', 2, 'Asia/Makassar', 'x', 'x', '0', 'd')",
            [],
        )
        .unwrap();
    }
    let s = Store::open(&path).unwrap();
    assert_eq!(s.schema_version().unwrap(), schema_version_latest() as i64);
    let kept: String = s
        .conn()
        .query_row(
            "SELECT retention_until FROM events WHERE id='e1'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(kept, "2024-07-06");
    let backups: Vec<_> = std::fs::read_dir(dir.path().join("backups"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(backups.len(), 1);
    assert!(backups[0].contains("before-migration-4"), "{backups:?}");
}

#[test]
fn a_damaged_file_is_reported_as_corrupt() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(DB_FILE);
    drop(Store::open(&path).unwrap());
    std::fs::write(&path, vec![0x42u8; 8192]).unwrap();
    let err = Store::open(&path).err().expect("refused");
    use crate::error::Localized;
    assert_eq!(err.code(), "storage.corrupt");
    assert_eq!(
        std::fs::read(&path).unwrap(),
        vec![0x42u8; 8192],
        "the damaged file is left as it was"
    );
}

#[test]
fn a_newer_versions_database_is_named_not_called_damaged() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(DB_FILE);
    {
        let s = Store::open(&path).unwrap();
        s.conn()
            .pragma_update(None, "user_version", schema_version_latest() as i64 + 1)
            .unwrap();
    }
    let err = Store::open(&path).err().expect("refused");
    use crate::error::Localized;
    assert_eq!(err.code(), "storage.newer_version");
    assert!(err
        .message(crate::Lang::Id)
        .contains("versi yang lebih baru"));
    let again = Store::open_for_command(&path).err().expect("refused");
    assert_eq!(again.code(), "storage.newer_version");
}

#[test]
fn failed_write_rolls_back() {
    let mut s = Store::open_in_memory().unwrap();
    let r: Result<()> = s.write(|tx| {
        tx.execute("INSERT INTO settings(key, value) VALUES ('a', 'b')", [])?;
        Err(crate::Error::not_found("event", "x"))
    });
    assert!(r.is_err());
    let n: i64 = s
        .conn()
        .query_row("SELECT count(*) FROM settings", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 0);
}

#[test]
fn a_batch_commits_to_the_wal_and_is_checkpointed_in_the_background() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(DB_FILE);
    let mut s = Store::open(&path).unwrap();
    let pragma = |s: &Store, p: &str| -> i64 {
        s.conn()
            .query_row(&format!("PRAGMA {p}"), [], |r| r.get(0))
            .unwrap()
    };
    let batch_rows = |s: &Store| -> i64 {
        s.conn()
            .query_row(
                "SELECT count(*) FROM meta WHERE key LIKE 'batch-%'",
                [],
                |r| r.get(0),
            )
            .unwrap()
    };
    let (cache, auto) = (pragma(&s, "cache_size"), pragma(&s, "wal_autocheckpoint"));
    // enough pages that an ordinary commit would checkpoint (more than 1,000 pages)
    let blob = vec![7u8; 3000];
    s.write_batch(false, |tx| {
        for i in 0..2000 {
            tx.execute(
                "INSERT INTO meta(key, value) VALUES (?1, ?2)",
                rusqlite::params![format!("batch-{i}"), hex::encode(&blob)],
            )?;
        }
        Ok(())
    })
    .unwrap();
    assert_eq!(
        (pragma(&s, "cache_size"), pragma(&s, "wal_autocheckpoint")),
        (cache, auto),
        "the usual settings are back"
    );
    assert_eq!(batch_rows(&s), 2000);
    // the background checkpoint copies every frame into the database file
    let wal = dir.path().join(format!("{DB_FILE}-wal"));
    assert!(std::fs::metadata(&wal).unwrap().len() > 6_000_000);
    let copied = (0..200).any(|_| {
        std::thread::sleep(std::time::Duration::from_millis(50));
        std::fs::metadata(&path).unwrap().len() > 6_000_000
    });
    assert!(copied, "the database file holds the batch");
    drop(s);
    // a dry run changes nothing and restores the settings too
    let mut s = Store::open(&path).unwrap();
    s.write_batch(true, |tx| {
        tx.execute("DELETE FROM meta WHERE key LIKE 'batch-%'", [])?;
        Ok(())
    })
    .unwrap();
    assert_eq!(batch_rows(&s), 2000);
    assert_eq!(pragma(&s, "cache_size"), cache);
}

#[test]
fn new_databases_have_8k_pages_and_older_4k_ones_open_back_up_and_restore_as_they_are() {
    let dir = tempfile::tempdir().unwrap();
    let page_size = |c: &Connection| -> u32 { crate::vault::page_size(c).unwrap() };
    // a database made by this version
    let new_path = dir.path().join("new").join(DB_FILE);
    {
        let s = Store::open(&new_path).unwrap();
        assert_eq!(page_size(s.conn()), crate::vault::PAGE_SIZE);
    }
    // what an older version left: the same rows in a file with SQLCipher's 4 KiB pages
    let old_dir = dir.path().join("old");
    let old_path = old_dir.join(DB_FILE);
    let key = {
        let mut s = Store::open(&old_path).unwrap();
        s.write(|tx| {
            tx.execute(
                "INSERT INTO meta(key, value) VALUES ('legacy-row', 'Siti Rahmawati')",
                [],
            )?;
            Ok(())
        })
        .unwrap();
        let key = s.key.clone().expect("encrypted");
        let legacy = old_dir.join("legacy.sqlite3");
        let version: i64 = s
            .conn()
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        s.conn()
            .execute(
                "ATTACH DATABASE ?1 AS legacy KEY ?2",
                rusqlite::params![legacy.to_string_lossy(), key.sql_literal().as_str()],
            )
            .unwrap();
        s.conn()
            .execute_batch(&format!(
                "PRAGMA legacy.cipher_page_size = {};",
                crate::vault::LEGACY_PAGE_SIZE
            ))
            .unwrap();
        s.conn()
            .query_row("SELECT sqlcipher_export('legacy')", [], |_| Ok(()))
            .unwrap();
        s.conn()
            .execute_batch(&format!(
                "PRAGMA legacy.user_version = {version}; DETACH DATABASE legacy;"
            ))
            .unwrap();
        drop(s);
        for side in ["-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{side}", old_path.display()));
        }
        std::fs::rename(&legacy, &old_path).unwrap();
        key
    };
    assert_eq!(
        crate::vault::page_size_of(&old_path, &key).unwrap(),
        crate::vault::LEGACY_PAGE_SIZE
    );
    // it opens, keeps its rows and its page size, and takes writes
    let mut s = Store::open(&old_path).unwrap();
    assert_eq!(page_size(s.conn()), crate::vault::LEGACY_PAGE_SIZE);
    let row = |s: &Store, k: &str| -> Option<String> {
        s.conn()
            .query_row("SELECT value FROM meta WHERE key = ?1", [k], |r| r.get(0))
            .optional()
            .unwrap()
    };
    assert_eq!(row(&s, "legacy-row").as_deref(), Some("Siti Rahmawati"));
    s.write(|tx| {
        tx.execute("INSERT INTO meta(key, value) VALUES ('after', 'Budi')", [])?;
        Ok(())
    })
    .unwrap();
    // its backup is a checked copy with the same pages, and restores
    let info = crate::backup::create(&s, "test")
        .unwrap()
        .expect("a file store");
    let backup = std::path::PathBuf::from(&info.path);
    assert!(crate::backup::check_file(&old_dir, &backup).unwrap());
    assert_eq!(
        crate::vault::page_size_of(&backup, &key).unwrap(),
        crate::vault::LEGACY_PAGE_SIZE
    );
    s.write(|tx| {
        tx.execute("DELETE FROM meta WHERE key = 'after'", [])?;
        Ok(())
    })
    .unwrap();
    drop(s);
    crate::backup::restore(&old_dir, &backup).unwrap();
    let s = Store::open(&old_path).unwrap();
    assert_eq!(
        row(&s, "after").as_deref(),
        Some("Budi"),
        "the backup's rows"
    );
    assert_eq!(page_size(s.conn()), crate::vault::LEGACY_PAGE_SIZE);
}
