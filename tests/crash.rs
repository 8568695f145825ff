//! Power-cut safety: check-in processes are killed with SIGKILL at varying moments. Every
//! check-in a process reported as done must still be there, and the database must open
//! cleanly and pass `PRAGMA integrity_check`.

#![cfg(unix)]

use std::process::{Command, Stdio};
use std::time::Duration;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_plm-desk"))
}

/// A one-day event in `data` through the command line; its id.
fn create_event(data: &std::path::Path) -> String {
    let out = bin()
        .arg("--data")
        .arg(data)
        .args([
            "--json",
            "event",
            "create",
            "--title",
            "PLM",
            "--province",
            "63",
        ])
        .args(["--start", "2022-07-05", "--days", "1"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let ev: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    ev["id"].as_str().unwrap().to_string()
}

/// The database after the kills: it opens (start-up's quick check) and passes the full
/// `PRAGMA integrity_check`.
fn open_intact(data: &std::path::Path) -> plm_core::Store {
    let store = plm_core::Store::open(&data.join("plm-desk.sqlite3"))
        .expect("the database opens after the kills");
    let ok: String = store
        .conn()
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok");
    store
}

/// A roster of `n` people, large enough that copying the database takes a while.
fn large_roster(n: usize) -> String {
    let mut csv = String::from("Nama,Instansi,Jabatan,Kab/Kota,Email\n");
    for i in 0..n {
        csv.push_str(&format!("Peserta Nomor {i},Perpustakaan Desa {i},Pengelola perpustakaan desa,Kabupaten {},p{i}@contoh.id\n", i % 13));
    }
    csv
}

/// Import a CSV roster text into the event through the command line.
fn import_roster(data: &std::path::Path, event: &str, csv: &str) {
    let file = data.with_extension("roster.csv");
    std::fs::write(&file, csv).unwrap();
    let ok = bin()
        .arg("--data")
        .arg(data)
        .args(["roster", "import"])
        .arg(&file)
        .args(["--event", event])
        .status()
        .unwrap()
        .success();
    assert!(ok, "the roster imports");
}

#[test]
fn sigkill_during_checkins_loses_no_reported_checkin() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let event = create_event(&data);

    let mut csv = String::from("Nama,Instansi\n");
    for i in 0..80 {
        csv.push_str(&format!("Peserta {i},Perpustakaan Desa {i}\n"));
    }
    import_roster(&data, &event, &csv);
    let out = bin()
        .arg("--data")
        .arg(&data)
        .args(["--json", "participant", "list", "--event", &event])
        .output()
        .unwrap();
    let people: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(people.len(), 80);

    let (mut reported, mut killed) = (vec![], 0);
    for (i, p) in people.iter().enumerate() {
        let code = p["code"].as_str().unwrap();
        let mut child = bin()
            .arg("--data")
            .arg(&data)
            .args([
                "--json", "checkin", "--event", &event, "--code", code, "--day", "1",
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        if i % 2 == 1 {
            // kill at a moment that moves through start-up, the write and the exit
            std::thread::sleep(Duration::from_micros(((i * 7919) % 60_000) as u64));
            let _ = child.kill(); // SIGKILL
        }
        let out = child.wait_with_output().unwrap();
        if out.status.success() {
            let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
            assert_eq!(v["status"], "checked_in");
            reported.push(p["id"].as_str().unwrap().to_string());
        } else {
            killed += 1;
        }
    }
    assert!(
        killed > 0 && reported.len() >= 40,
        "the run must mix kills and completions ({killed} killed)"
    );

    let store = open_intact(&data);
    let rows = plm_core::attendance::list(&store, &event, "d1").unwrap();
    for id in &reported {
        let row = rows.iter().find(|r| &r.participant.id == id).unwrap();
        assert!(row.attendance.is_some(), "a reported check-in was lost");
    }
    // and nothing is counted twice
    let n: i64 = store
        .conn()
        .query_row(
            "SELECT count(*) FROM attendance WHERE deleted_at IS NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let distinct: i64 = store
        .conn()
        .query_row(
            "SELECT count(DISTINCT participant_id) FROM attendance WHERE deleted_at IS NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(n, distinct);
}

/// A backup killed part-way (a power cut while copying) never shows up as a backup, never
/// harms the database, and the next backup works.
#[test]
fn sigkill_during_backups_leaves_database_and_backups_whole() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let event = create_event(&data);
    // a roster large enough that a backup takes a while to copy
    import_roster(&data, &event, &large_roster(6000));

    let mut finished = 0;
    let mut killed = 0;
    for i in 0..16u64 {
        let mut child = bin()
            .arg("--data")
            .arg(&data)
            .args(["backup", "create"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(5 + (i * 37) % 160));
        let _ = child.kill();
        if child.wait().unwrap().success() {
            finished += 1;
        } else {
            killed += 1;
        }
    }
    assert!(
        killed > 0,
        "some backups were killed part-way ({finished} finished)"
    );

    // every listed backup is a whole, valid database; half-written copies are not listed
    let out = bin()
        .arg("--data")
        .arg(&data)
        .args(["--json", "backup", "list"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let listed: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    for b in &listed {
        let path = std::path::Path::new(b["path"].as_str().unwrap());
        assert!(
            plm_core::backup::check_file(&data, path).unwrap(),
            "listed backup {} is whole",
            b["name"]
        );
    }
    // the database itself is untouched, and the next backup works
    let store = open_intact(&data);
    assert_eq!(
        plm_core::participants::list(&store, &event).unwrap().len(),
        6000
    );
    drop(store);
    let out = bin()
        .arg("--data")
        .arg(&data)
        .args(["--json", "backup", "create"])
        .output()
        .unwrap();
    assert!(out.status.success(), "a backup after the kills works");
    let b: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        plm_core::backup::check_file(&data, std::path::Path::new(b["path"].as_str().unwrap()))
            .unwrap()
    );
}

/// Turn the encrypted database of `data` back into the plain file an older version left
/// (no key description beside it, no key kept): what the first start of this version
/// meets on a laptop that is upgraded.
fn make_plain_like_an_older_version(data: &std::path::Path) {
    let db = data.join("plm-desk.sqlite3");
    let key = plm_core::vault::existing_key(&db).unwrap().expect("key");
    let plain = data.join("plain.sqlite3");
    {
        let c = rusqlite::Connection::open(&db).unwrap();
        plm_core::vault::apply_key(&c, &key).unwrap();
        let v: i64 = c
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        c.execute(
            "ATTACH DATABASE ?1 AS plain KEY ''",
            [plain.to_string_lossy()],
        )
        .unwrap();
        c.query_row("SELECT sqlcipher_export('plain')", [], |_| Ok(()))
            .unwrap();
        c.execute_batch(&format!(
            "PRAGMA plain.user_version = {v}; DETACH DATABASE plain;"
        ))
        .unwrap();
    }
    let side = plm_core::vault::Sidecar::read(&db).unwrap().unwrap();
    plm_core::vault::keystore::forget(&side.store_id);
    std::fs::remove_file(plm_core::vault::sidecar_path(&db)).unwrap();
    std::fs::rename(&plain, &db).unwrap();
    assert_eq!(
        plm_core::vault::file_kind(&db).unwrap(),
        plm_core::vault::FileKind::Plain
    );
}

/// The first start of this version encrypts an older plain database in place; killed at
/// any moment of that, the data folder holds the plain file or the encrypted one (never
/// neither, never a half-swapped file) and the next start finishes the job.
#[test]
fn sigkill_during_first_start_encryption_loses_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let event = create_event(&data);
    import_roster(&data, &event, &large_roster(6000));
    let db = data.join("plm-desk.sqlite3");
    let mut seen_plain = 0;
    for i in 0..12u64 {
        make_plain_like_an_older_version(&data);
        let mut child = bin()
            .arg("--data")
            .arg(&data)
            .args(["event", "list"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(3 + (i * 29) % 120));
        let _ = child.kill();
        let _ = child.wait();
        let kind = plm_core::vault::file_kind(&db).unwrap();
        if kind == plm_core::vault::FileKind::Plain {
            seen_plain += 1;
            let c = rusqlite::Connection::open(&db).unwrap();
            let n: i64 = c
                .query_row("SELECT count(*) FROM participants", [], |r| r.get(0))
                .unwrap();
            assert_eq!(n, 6000, "the plain database is whole after kill {i}");
        }
        // whichever it is, the next start opens it with every participant
        let store = open_intact(&data);
        assert_eq!(
            plm_core::participants::list(&store, &event).unwrap().len(),
            6000
        );
        assert!(store.key().is_some());
        drop(store);
        assert_eq!(
            plm_core::vault::file_kind(&db).unwrap(),
            plm_core::vault::FileKind::Encrypted
        );
    }
    assert!(seen_plain > 0, "some kills came before the swap");
}
