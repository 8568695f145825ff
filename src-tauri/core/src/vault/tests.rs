//! The vault module's tests.

use super::*;

/// While the database is open, what is committed sits in the WAL: its bytes (and the
/// file's, and a backup's) show no personal data either; a connection without the key
/// reads nothing.
#[test]
fn database_wal_and_backup_bytes_show_no_personal_data() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join(crate::db::DB_FILE);
    let mut s = crate::Store::open(&db).unwrap();
    let ev = crate::desk::create_event(
        &mut s,
        &crate::events::EventInput {
            title: "PLM Kalsel".into(),
            province: "63".into(),
            start_date: "2022-07-05".into(),
            days: 1,
            ..Default::default()
        },
    )
    .unwrap();
    let secret = ["Nurul Hidayatullah", "081299988877", "198811222010011009"];
    crate::participants::add(
        &mut s,
        &ev.id,
        &crate::participants::ParticipantInput {
            name: secret[0].into(),
            phone: secret[1].into(),
            nip: secret[2].into(),
            ..Default::default()
        },
        "manual",
    )
    .unwrap();
    let backup = crate::backup::create(&s, "manual").unwrap().unwrap();
    let wal = dir.path().join(format!("{}-wal", crate::db::DB_FILE));
    assert!(
        std::fs::metadata(&wal).unwrap().len() > 0,
        "the WAL holds the writes"
    );
    for f in [db.clone(), wal, std::path::PathBuf::from(&backup.path)] {
        let bytes = std::fs::read(&f).unwrap();
        for needle in secret {
            assert!(
                !bytes.windows(needle.len()).any(|w| w == needle.as_bytes()),
                "{} shows {needle}",
                f.display()
            );
        }
    }
    let bare = rusqlite::Connection::open(&db).unwrap();
    let e = bare
        .query_row("SELECT count(*) FROM participants", [], |r| {
            r.get::<_, i64>(0)
        })
        .unwrap_err();
    assert_eq!(
        e.sqlite_error_code(),
        Some(rusqlite::ErrorCode::NotADatabase)
    );
}

#[test]
fn recovery_text_round_trip_and_typos() {
    let k = DbKey::random();
    let text = k.recovery_text();
    assert!(text.starts_with("PLMK-"));
    assert_eq!(DbKey::parse_recovery(&text).unwrap(), k);
    // lower case, spaces instead of dashes, inside a whole file
    let loose = text.to_lowercase().replace('-', " ");
    assert_eq!(DbKey::parse_recovery(&loose).unwrap(), k);
    let file = recovery_file_text(&k, "dev");
    assert_eq!(DbKey::parse_recovery(&file).unwrap(), k);
    // one digit changed: caught by the checksum
    let mut bad = text.to_string();
    let i = bad.len() - 7;
    let c = if &bad[i..i + 1] == "0" { "1" } else { "0" };
    bad.replace_range(i..i + 1, c);
    assert!(matches!(
        DbKey::parse_recovery(&bad),
        Err(VaultError::RecoveryMistyped)
    ));
    assert!(matches!(
        DbKey::parse_recovery("hello"),
        Err(VaultError::RecoveryUnreadable)
    ));
    assert_eq!(format!("{k:?}"), "DbKey(…)");
}
