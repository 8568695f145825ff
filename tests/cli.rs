//! The headless command line, run as a real process on a temporary data folder.

use serde_json::{json, Value};
use std::process::{Command, Output};

struct Cli {
    dir: tempfile::TempDir,
}

impl Cli {
    fn new() -> Cli {
        Cli {
            dir: tempfile::tempdir().unwrap(),
        }
    }
    fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_plm-desk"))
            .arg("--data")
            .arg(self.dir.path())
            .args(args)
            .env_remove("PLM_DESK_DATA")
            .output()
            .unwrap()
    }
    fn json(&self, args: &[&str]) -> Value {
        let mut a = vec!["--json"];
        a.extend_from_slice(args);
        let out = self.run(&a);
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap()
    }
    fn fails(&self, args: &[&str], code: i32) -> String {
        let out = self.run(args);
        assert_eq!(
            out.status.code(),
            Some(code),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stdout)
        );
        String::from_utf8(out.stderr).unwrap()
    }
    fn db_bytes(&self) -> Vec<u8> {
        std::fs::read(self.dir.path().join("plm-desk.sqlite3")).unwrap()
    }
}

const CREATE: [&str; 14] = [
    "event",
    "create",
    "--title",
    "PLM Kalsel",
    "--province",
    "63",
    "--city",
    "Banjarmasin",
    "--venue",
    "Aston Banua",
    "--start",
    "2022-07-05",
    "--days",
    "2",
];

#[test]
fn help_lists_commands_and_exits_0() {
    let out = Cli::new().run(&["--help"]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("event") && text.contains("session"));
}

#[test]
fn event_and_session_round_trip() {
    let cli = Cli::new();
    let mut args = CREATE.to_vec();
    args.extend_from_slice(&["--wave", "3", "--tz", "Asia/Makassar"]);
    let ev = cli.json(&args);
    let id = ev["id"].as_str().unwrap().to_string();
    assert_eq!(ev["province_name"], "Kalimantan Selatan");
    assert_eq!(ev["wave"], 3);
    assert_eq!(ev["zone_label"], "WITA");

    let list = cli.json(&["event", "list"]);
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["id"], id.as_str());

    let s = cli.json(&[
        "session",
        "add",
        "--event",
        &id,
        "--day",
        "1",
        "--start",
        "08:30",
        "--end",
        "10:00",
        "--title",
        "Pembukaan",
        "--kind",
        "opening",
        "--facilitator",
        "Ani",
        "--facilitator",
        "Budi",
    ]);
    assert_eq!(s["facilitators"], "Ani, Budi");
    cli.json(&[
        "session", "add", "--event", &id, "--day", "2", "--start", "13:00", "--end", "15:00",
        "--title", "RTL", "--kind", "rtl",
    ]);
    let sessions = cli.json(&["session", "list", "--event", &id]);
    let titles: Vec<&str> = sessions
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, ["Pembukaan", "RTL"]);

    let updated = cli.json(&["event", "update", &id, "--days", "3", "--venue", "Hotel B"]);
    assert_eq!(updated["days"], 3);
    assert_eq!(updated["title"], "PLM Kalsel");

    // text output for people
    let out = cli.run(&["session", "list", "--event", &id]);
    assert!(String::from_utf8(out.stdout)
        .unwrap()
        .contains("08:30-10:00  Pembukaan"));
}

#[test]
fn bad_input_exits_1_with_one_line_and_changes_nothing() {
    let cli = Cli::new();
    let ev = cli.json(&CREATE);
    let id = ev["id"].as_str().unwrap().to_string();
    cli.json(&[
        "session", "add", "--event", &id, "--day", "1", "--start", "08:00", "--end", "10:00",
        "--title", "A",
    ]);
    let before = cli.db_bytes();

    let mut unknown = CREATE.to_vec();
    unknown[5] = "99";
    let msg = cli.fails(&[&["--lang", "en"], &unknown[..]].concat(), 1);
    assert_eq!(msg.lines().count(), 1);
    assert!(msg.contains("Unknown province \"99\""), "{msg}");

    for days in ["0", "9"] {
        let mut a = CREATE.to_vec();
        a[13] = days;
        let msg = cli.fails(&a, 1);
        assert!(msg.contains("event.days_out_of_range"), "{msg}");
    }
    let msg = cli.fails(
        &[
            "--lang", "en", "session", "add", "--event", &id, "--day", "1", "--start", "10:00",
            "--end", "09:00", "--title", "B",
        ],
        1,
    );
    assert!(msg.contains("must be after the start time"), "{msg}");
    let msg = cli.fails(
        &[
            "session", "add", "--event", &id, "--day", "1", "--start", "09:00", "--end", "11:00",
            "--title", "B",
        ],
        1,
    );
    assert!(msg.contains("session.overlap"), "{msg}");
    let msg = cli.fails(
        &[
            "session", "add", "--event", &id, "--day", "3", "--start", "09:00", "--end", "11:00",
            "--title", "B",
        ],
        1,
    );
    assert!(msg.contains("session.day_outside_event"), "{msg}");

    // JSON errors are {code, message} on stderr
    let out = cli.run(&["--json", "event", "show", "nope"]);
    assert_eq!(out.status.code(), Some(1));
    let err: Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!(err["code"], "not_found");

    assert_eq!(
        cli.db_bytes(),
        before,
        "a refused command leaves the database byte-for-byte unchanged"
    );
}

#[test]
fn usage_errors_exit_2() {
    let cli = Cli::new();
    cli.fails(&["event", "bogus"], 2);
    cli.fails(&["event", "create", "--title", "x"], 2);
    cli.fails(
        &[
            "event",
            "create",
            "--title",
            "x",
            "--province",
            "63",
            "--start",
            "2022-07-05",
            "--days",
            "two",
        ],
        2,
    );
}

#[test]
fn data_folder_from_environment() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_plm-desk"))
        .env("PLM_DESK_DATA", dir.path())
        .args(CREATE)
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(dir.path().join("plm-desk.sqlite3").exists());
    assert!(dir.path().join("logs").is_dir());
}

fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn roster_import_dry_run_then_real_and_participant_commands() {
    let cli = Cli::new();
    let ev = cli.json(&CREATE);
    let id = ev["id"].as_str().unwrap().to_string();
    let file = fixture("roster-messy-semicolon-cp1252.csv");

    let dry = cli.json(&["roster", "import", &file, "--event", &id, "--dry-run"]);
    assert_eq!(dry["imported"], 4);
    assert_eq!(
        cli.json(&["participant", "list", "--event", &id]),
        serde_json::json!([])
    );

    let rep = cli.json(&["roster", "import", &file, "--event", &id]);
    for key in ["imported", "updated", "duplicates", "rejected", "warnings"] {
        assert!(rep.get(key).is_some(), "report has {key}");
    }
    assert_eq!(rep["rejected"][0]["line"], 6);
    assert_eq!(rep["warnings"][0]["line"], 5);
    assert_eq!(rep["warnings"][0]["column"], "NIP");
    assert_eq!(rep["warnings"][0]["value"], "1.97801E+17");
    let again = cli.json(&["roster", "import", &file, "--event", &id]);
    assert_eq!(again["imported"], 0);

    let list = cli.json(&["participant", "list", "--event", &id]);
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 4);
    for p in list {
        for key in [
            "id",
            "code",
            "name",
            "gender",
            "category",
            "institution",
            "regency",
            "phone",
        ] {
            assert!(p.get(key).is_some(), "participant has {key}");
        }
    }

    let walk_in = cli.json(&[
        "participant",
        "add",
        "--event",
        &id,
        "--name",
        "Muhammad Ridwan",
        "--gender",
        "L",
        "--category",
        "Perpustakaan Desa",
        "--institution",
        "Perpustakaan Desa Tigarun",
        "--regency",
        "Hulu Sungai Utara",
        "--phone",
        "0813-1234-5678",
        "--walk-in",
    ]);
    assert_eq!(walk_in["phone"], "+6281312345678");
    assert_eq!(walk_in["source"], "walk_in");
    let found = cli.json(&["participant", "search", "--event", &id, "muh"]);
    assert_eq!(found[0]["name"], "Muhammad Ridwan");
    let by_code = cli.json(&[
        "participant",
        "search",
        "--event",
        &id,
        walk_in["code"].as_str().unwrap(),
    ]);
    assert_eq!(by_code[0]["id"], walk_in["id"]);

    let msg = cli.fails(
        &[
            "participant",
            "add",
            "--event",
            &id,
            "--name",
            "M. Ridwan",
            "--phone",
            "+6281312345678",
        ],
        1,
    );
    assert!(msg.contains("participant.duplicate"), "{msg}");

    let pid = walk_in["id"].as_str().unwrap();
    let erased = cli.json(&["participant", "erase", "--event", &id, pid]);
    assert_eq!(erased["name"], "");
    assert_eq!(erased["erased"], true);
    assert_eq!(
        cli.json(&["participant", "search", "--event", &id, "ridwan"]),
        serde_json::json!([])
    );
    assert_eq!(
        cli.json(&["participant", "list", "--event", &id])
            .as_array()
            .unwrap()
            .len(),
        5
    );
}

#[test]
fn roster_fatal_error_exits_1_and_writes_nothing() {
    let cli = Cli::new();
    let ev = cli.json(&CREATE);
    let id = ev["id"].as_str().unwrap();
    let before = cli.db_bytes();
    let msg = cli.fails(
        &[
            "--lang",
            "en",
            "roster",
            "import",
            &fixture("roster-no-name-column.csv"),
            "--event",
            id,
        ],
        1,
    );
    assert!(msg.contains("No name column"), "{msg}");
    let msg = cli.fails(
        &["roster", "import", "/nonexistent/file.csv", "--event", id],
        1,
    );
    assert!(msg.contains("file.not_found"), "{msg}");
    assert_eq!(cli.db_bytes(), before);
}

#[test]
fn backup_create_list_and_restore_keep_the_current_file() {
    let cli = Cli::new();
    let ev = cli.json(&CREATE);
    let b = cli.json(&["backup", "create"]);
    assert!(b["path"].as_str().unwrap().contains("backups"));
    // a change after the backup, then a restore brings the backup's state back
    cli.json(&[
        "event",
        "update",
        ev["id"].as_str().unwrap(),
        "--title",
        "Changed",
    ]);
    let list = cli.json(&["backup", "list"]);
    assert_eq!(list.as_array().unwrap().len(), 1);
    let r = cli.json(&["backup", "restore"]);
    assert!(std::path::Path::new(r["previous_kept_at"].as_str().unwrap()).exists());
    assert_eq!(cli.json(&["event", "list"])[0]["title"], "PLM Kalsel");
    let msg = cli.fails(&["backup", "restore", "/nonexistent.sqlite3"], 1);
    assert!(
        msg.contains("[file.not_found]") && msg.contains("/nonexistent.sqlite3"),
        "{msg}"
    );
    // a file that is not a PLM Desk database: named, and nothing restored
    let junk = cli.dir.path().join("junk.sqlite3");
    std::fs::write(&junk, b"not a database at all").unwrap();
    let msg = cli.fails(
        &["--lang", "en", "backup", "restore", junk.to_str().unwrap()],
        1,
    );
    assert!(
        msg.contains("[backup.damaged]") && msg.contains("nothing was restored"),
        "{msg}"
    );
    assert_eq!(cli.json(&["event", "list"])[0]["title"], "PLM Kalsel");
}

#[test]
fn no_personal_data_in_the_log_after_a_full_flow() {
    let cli = Cli::new();
    let ev = cli.json(&CREATE);
    let id = ev["id"].as_str().unwrap();
    cli.json(&[
        "roster",
        "import",
        &fixture("roster-messy-semicolon-cp1252.csv"),
        "--event",
        id,
    ]);
    let p = cli.json(&[
        "participant",
        "add",
        "--event",
        id,
        "--name",
        "Zulkifli Rahmanto",
        "--phone",
        "0813-9999-1234",
        "--email",
        "zul@example.id",
        "--nip",
        "197208042013102099",
        "--walk-in",
    ]);
    cli.json(&[
        "checkin",
        "--event",
        id,
        "--code",
        p["code"].as_str().unwrap(),
        "--day",
        "1",
    ]);
    cli.fails(
        &[
            "participant",
            "add",
            "--event",
            id,
            "--name",
            "Zulkifli R.",
            "--phone",
            "081399991234",
        ],
        1,
    );
    cli.json(&["day", "close", "--event", id, "--day", "1"]);
    cli.json(&[
        "participant",
        "erase",
        "--event",
        id,
        p["id"].as_str().unwrap(),
    ]);
    let mut log = String::new();
    for e in std::fs::read_dir(cli.dir.path().join("logs")).unwrap() {
        log.push_str(&std::fs::read_to_string(e.unwrap().path()).unwrap());
    }
    assert!(
        log.contains("participant added"),
        "the log is written: {log}"
    );
    // what each line says, without its timestamp: the microseconds of a time can hold
    // any digits (a run failed once on "…42.499999" looking for a phone's "9999")
    let log: String = log
        .lines()
        .map(|l| match l.split_once("] ") {
            Some((_, rest)) => rest,
            None => l,
        })
        .collect::<Vec<_>>()
        .join("\n");
    for secret in [
        "Zulkifli",
        "Rahmanto",
        "9999",
        "zul@",
        "197208042013102099",
        "Rabiatul",
        "Ma’rufah",
        "taufik@",
        "Taufik",
        "Siti",
    ] {
        assert!(!log.contains(secret), "the log contains {secret}:\n{log}");
    }
}

#[test]
fn retention_date_and_erase_all() {
    let cli = Cli::new();
    let ev = cli.json(&CREATE);
    let id = ev["id"].as_str().unwrap();
    assert_eq!(ev["retention_until"], "2024-07-06");
    cli.json(&[
        "participant",
        "add",
        "--event",
        id,
        "--name",
        "Ani",
        "--phone",
        "081234567890",
        "--gender",
        "P",
    ]);
    let msg = cli.fails(&["event", "retention", id, "--until", "2022-07-01"], 1);
    assert!(msg.contains("event.bad_date"), "{msg}");
    let ev = cli.json(&["event", "retention", id, "--until", "2023-12-31"]);
    assert_eq!(ev["retention_until"], "2023-12-31");
    assert_eq!(
        cli.json(&["participant", "erase-all", "--event", id])["erased"],
        1
    );
    let list = cli.json(&["participant", "list", "--event", id]);
    assert_eq!(list[0]["name"], "");
    assert_eq!(list[0]["phone"], Value::Null);
    assert_eq!(list[0]["gender"], "P", "counts by gender stay");
}

#[test]
fn sync_between_venue_and_headquarters_and_bad_files_exit_1_unchanged() {
    let venue = Cli::new();
    let hq = Cli::new();
    let keys = tempfile::tempdir().unwrap();
    let init = hq.json(&["hq", "init", "--out", keys.path().to_str().unwrap()]);
    let public = init["public_key"].as_str().unwrap().to_string();
    assert!(public.starts_with("age1"));
    // a second init never overwrites the secret key
    hq.fails(&["hq", "init", "--out", keys.path().to_str().unwrap()], 1);
    let ev = venue.json(&CREATE)["id"].as_str().unwrap().to_string();
    venue.json(&[
        "participant",
        "add",
        "--event",
        &ev,
        "--name",
        "Siti Aminah",
    ]);
    // no key yet: refused, unless plain is chosen
    let file = venue.dir.path().join("kalsel.plmsync");
    let f = file.to_str().unwrap();
    let err = venue.fails(&["sync", "export", "--event", &ev, "--out", f], 1);
    assert!(err.contains("sync.no_recipient"), "{err}");
    venue.json(&["sync", "set-hq", &public]);
    let out = venue.json(&["sync", "export", "--event", &ev, "--out", f]);
    assert_eq!(out["manifest"]["encrypted"], true);
    let dry = hq.json(&["sync", "import", f, "--dry-run"]);
    assert_eq!(dry["dry_run"], true);
    let added = dry["added"].as_u64().unwrap();
    assert!(added >= 2);
    let real = hq.json(&["sync", "import", f]);
    assert_eq!(real["added"].as_u64().unwrap(), added);
    let again = hq.json(&["sync", "import", f]);
    for k in ["added", "updated", "deleted"] {
        assert_eq!(again[k], 0, "{k}");
    }
    assert_eq!(again["unchanged"].as_u64().unwrap(), added);
    let bytes = std::fs::read(&file).unwrap();
    let bad = venue.dir.path().join("bad.plmsync");
    let before = hq.db_bytes();
    for (content, code) in [
        (bytes[..bytes.len() / 2].to_vec(), "sync.damaged"),
        (b"hello, not a data file".to_vec(), "sync.not_ours"),
    ] {
        std::fs::write(&bad, content).unwrap();
        let err = hq.fails(&["sync", "import", bad.to_str().unwrap()], 1);
        assert!(err.contains(code) && err.contains("bad.plmsync"), "{err}");
        assert_eq!(
            hq.db_bytes(),
            before,
            "a refused file leaves the database byte-for-byte unchanged"
        );
    }
    // the national report
    let csv = hq.dir.path().join("national.csv");
    hq.json(&["hq", "report", "--out", csv.to_str().unwrap()]);
    let text = std::fs::read_to_string(&csv).unwrap();
    assert!(
        text.contains("Kalimantan Selatan") && text.contains("participants,total,1"),
        "{text}"
    );
    let xlsx = hq.dir.path().join("national.xlsx");
    hq.json(&["hq", "report", "--out", xlsx.to_str().unwrap()]);
    assert!(std::fs::read(&xlsx).unwrap().starts_with(b"PK"));
    // a name the report cannot be, and a decision that is neither: their own codes, no file
    let doc = hq.dir.path().join("national.doc");
    let msg = hq.fails(
        &[
            "--lang",
            "en",
            "hq",
            "report",
            "--out",
            doc.to_str().unwrap(),
        ],
        1,
    );
    assert!(
        msg.contains("[hq.bad_export_kind]") && msg.contains(".xlsx, .pdf or .csv"),
        "{msg}"
    );
    assert!(!doc.exists());
    let msg = hq.fails(&["hq", "decide", "a", "b", "maybe"], 1);
    assert!(
        msg.contains("[hq.bad_decision]") && msg.contains("\"maybe\""),
        "{msg}"
    );
}

#[test]
fn lock_status_and_clear_for_a_forgotten_passphrase() {
    let cli = Cli::new();
    cli.json(&CREATE);
    assert_eq!(
        cli.json(&["lock", "status"]),
        json!({"enabled": false, "minutes": 10})
    );
    {
        let mut store = plm_core::Store::open(&cli.dir.path().join("plm-desk.sqlite3")).unwrap();
        plm_core::applock::set_passphrase(&mut store, None, "lupa lagi", "lupa lagi", 15).unwrap();
    }
    assert_eq!(
        cli.json(&["lock", "status"]),
        json!({"enabled": true, "minutes": 15})
    );
    assert_eq!(cli.json(&["lock", "clear"])["enabled"], false);
    let store = plm_core::Store::open(&cli.dir.path().join("plm-desk.sqlite3")).unwrap();
    assert!(!plm_core::applock::verify(&store, "lupa lagi").unwrap());
    assert_eq!(
        plm_core::events::list(&store).unwrap().len(),
        1,
        "only the passphrase went"
    );
}

#[test]
fn a_rekeyed_laptop_is_refused_until_trusted_and_files_are_private() {
    let venue = Cli::new();
    let hq = Cli::new();
    let keys = tempfile::tempdir().unwrap();
    let public = hq.json(&["hq", "init", "--out", keys.path().to_str().unwrap()])["public_key"]
        .as_str()
        .unwrap()
        .to_string();
    let ev = venue.json(&CREATE)["id"].as_str().unwrap().to_string();
    venue.json(&[
        "participant",
        "add",
        "--event",
        &ev,
        "--name",
        "Siti Aminah",
    ]);
    venue.json(&["sync", "set-hq", &public]);
    let file = venue.dir.path().join("kalsel.plmsync");
    let f = file.to_str().unwrap();
    let first = venue.json(&["sync", "export", "--event", &ev, "--out", f]);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "a data file holds personal data");
        let plain = venue.dir.path().join("plain.plmsync");
        venue.json(&[
            "sync",
            "export",
            "--event",
            &ev,
            "--out",
            plain.to_str().unwrap(),
            "--plain",
        ]);
        let mode = std::fs::metadata(&plain).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
    hq.json(&["sync", "import", f]);
    let device = first["manifest"]["device_id"].as_str().unwrap().to_string();
    let ledger = hq.json(&["sync", "ledger"]);
    let pinned = plm_core::sync::fingerprint(first["manifest"]["public_key"].as_str().unwrap());
    assert_eq!(ledger[0]["key_fingerprint"], json!(pinned), "{ledger}");

    // the laptop is reinstalled: same device id, a new signing key
    {
        let s = plm_core::Store::open(&venue.dir.path().join("plm-desk.sqlite3")).unwrap();
        s.conn()
            .execute("DELETE FROM meta WHERE key = 'sync_signing_key'", [])
            .unwrap();
    }
    let second = venue.json(&["sync", "export", "--event", &ev, "--out", f]);
    let new_fp = plm_core::sync::fingerprint(second["manifest"]["public_key"].as_str().unwrap());
    assert_ne!(new_fp, pinned);
    let before = hq.db_bytes();
    let err = hq.fails(&["--json", "sync", "import", f], 1);
    let payload: Value = serde_json::from_str(err.trim()).unwrap();
    assert_eq!(payload["code"], "sync.device_key_changed");
    let msg = payload["message"].as_str().unwrap();
    assert!(
        msg.contains(&pinned) && msg.contains(&new_fp) && msg.contains(&device),
        "{msg}"
    );
    assert_eq!(hq.db_bytes(), before);
    // accepted on purpose, then it goes in
    let trusted = hq.json(&["sync", "trust", &device, "--key", &new_fp]);
    assert_eq!(trusted["key_fingerprint"], json!(new_fp));
    hq.json(&["sync", "import", f]);
    let err = hq.fails(&["sync", "trust", "not-a-device", "--key", &new_fp], 1);
    assert!(err.contains("sync.unknown_device"), "{err}");
}

#[test]
fn unknown_category_is_refused_with_the_list_and_records_nothing() {
    let c = Cli::new();
    let ev = c.json(&CREATE)["id"].as_str().unwrap().to_string();
    let err = c.fails(
        &[
            "--lang",
            "en",
            "participant",
            "add",
            "--event",
            &ev,
            "--name",
            "Ani",
            "--category",
            "Xyz",
        ],
        1,
    );
    assert!(
        err.contains("perpustakaan_desa") && err.contains("lainnya"),
        "{err}"
    );
    assert!(!err.contains("recorded as"), "nothing is recorded: {err}");
    assert_eq!(c.json(&["participant", "list", "--event", &ev]), json!([]));
}

#[test]
fn a_reader_that_goes_away_ends_the_command_quietly() {
    let c = Cli::new();
    let ev = c.json(&CREATE)["id"].as_str().unwrap().to_string();
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("big.csv");
    let mut text = String::from("Nama,Instansi\n");
    for i in 0..600 {
        text.push_str(&format!("Peserta Nomor {i},Perpustakaan Desa Contoh {i}\n"));
    }
    std::fs::write(&csv, text).unwrap();
    c.json(&["roster", "import", csv.to_str().unwrap(), "--event", &ev]);
    let mut child = Command::new(env!("CARGO_BIN_EXE_plm-desk"))
        .arg("--data")
        .arg(c.dir.path())
        .args(["--json", "participant", "list", "--event", &ev])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    {
        use std::io::Read;
        let mut head = [0u8; 600];
        child.stdout.take().unwrap().read_exact(&mut head).unwrap();
        // the pipe closes here, with most of the list unread
    }
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(out.status.code(), Some(0), "{err}");
}

#[test]
fn headquarters_key_plans_kits_and_a_batch_from_the_command_line() {
    let hq = Cli::new();
    let keys = tempfile::tempdir().unwrap();
    let public = hq.json(&["hq", "init", "--out", keys.path().to_str().unwrap()])["public_key"]
        .as_str()
        .unwrap()
        .to_string();
    // another folder on the same database: the kept key is never replaced
    let other = tempfile::tempdir().unwrap();
    let err = hq.fails(&["hq", "init", "--out", other.path().to_str().unwrap()], 1);
    assert!(err.contains("hq.key_exists"), "{err}");
    assert!(
        !other.path().join("hq-identity.txt").exists(),
        "nothing written"
    );
    assert_eq!(hq.json(&["hq", "key"])["public_key"], public.as_str());
    // a second headquarters computer takes the key from the backup; a public key is refused
    let second = Cli::new();
    let err = second.fails(
        &[
            "hq",
            "restore-key",
            keys.path().join("hq-public-key.txt").to_str().unwrap(),
        ],
        1,
    );
    assert!(err.contains("hq.public_not_secret"), "{err}");
    let backup = keys.path().join("backup.txt");
    hq.json(&["hq", "backup-key", "--out", backup.to_str().unwrap()]);
    assert_eq!(
        second.json(&["hq", "restore-key", backup.to_str().unwrap()])["public_key"],
        public.as_str()
    );

    let plan = hq.json(&[
        "hq",
        "plan",
        "add",
        "--province",
        "63",
        "--start",
        "2022-07-05",
        "--days",
        "2",
        "--wave",
        "3",
        "--trainer",
        "Budi",
    ]);
    let plan_id = plan["id"].as_str().unwrap().to_string();
    assert_eq!(plan["title"], "PLM Provinsi Kalimantan Selatan");
    let kit = hq.dir.path().join("kalsel.plmkit");
    hq.json(&[
        "kit",
        "make",
        "--plan",
        &plan_id,
        "--out",
        kit.to_str().unwrap(),
    ]);
    assert!(hq.json(&["hq", "plan", "list"])[0]["kit_saved_at"].is_string());

    let venue = Cli::new();
    let preview = venue.json(&["kit", "open", kit.to_str().unwrap(), "--dry-run"]);
    assert_eq!(preview["event_created"], true);
    assert_eq!(venue.json(&["event", "list"]).as_array().unwrap().len(), 0);
    let opened = venue.json(&["kit", "open", kit.to_str().unwrap()]);
    let ev = opened["event_id"].as_str().unwrap().to_string();
    assert_eq!(ev, plan["event_id"].as_str().unwrap());
    assert_eq!(
        venue.json(&["kit", "open", kit.to_str().unwrap()])["event_created"],
        false
    );
    venue.json(&[
        "participant",
        "add",
        "--event",
        &ev,
        "--name",
        "Siti Aminah",
    ]);
    let file = venue.dir.path().join("kalsel.plmsync");
    // no --to: the kit set headquarters' key
    venue.json(&[
        "sync",
        "export",
        "--event",
        &ev,
        "--out",
        file.to_str().unwrap(),
    ]);
    let bad = venue.dir.path().join("bad.plmsync");
    std::fs::write(&bad, b"not a data file").unwrap();
    let r = hq.json(&[
        "hq",
        "receive",
        file.to_str().unwrap(),
        bad.to_str().unwrap(),
        file.to_str().unwrap(),
    ]);
    assert_eq!(
        (
            r["imported"].as_u64(),
            r["refused"].as_u64(),
            r["nothing_new"].as_u64()
        ),
        (Some(1), Some(1), Some(1))
    );
    assert_eq!(r["files"][1]["code"], "sync.not_ours");
    assert_eq!(r["files"][0]["plan_id"], plan_id.as_str());
    let list = hq.json(&["hq", "plan", "list"]);
    assert_eq!(list[0]["state"], "received");
    assert_eq!(list[0]["arrival"]["participants"], 1);
    let d = hq.json(&["hq", "dashboard", "--wave", "3"]);
    assert_eq!(
        (d["events"].as_u64(), d["participants"].as_u64()),
        (Some(1), Some(1))
    );
    for ext in ["csv", "xlsx", "pdf"] {
        let out = hq.dir.path().join(format!("national.{ext}"));
        hq.json(&["hq", "report", "--out", out.to_str().unwrap()]);
        assert!(std::fs::metadata(&out).unwrap().len() > 100, "{ext}");
    }
    // a forged kit: refused, nothing written
    let mut text = std::fs::read_to_string(&kit).unwrap();
    text = text.replacen("\"signature\": \"", "\"signature\": \"AAAA", 1);
    let forged = hq.dir.path().join("forged.plmkit");
    std::fs::write(&forged, text).unwrap();
    let fresh = Cli::new();
    let err = fresh.fails(&["kit", "open", forged.to_str().unwrap()], 1);
    assert!(
        err.contains("kit.") && err.contains("forged.plmkit"),
        "{err}"
    );
}

/// `plm-desk-cli` answers the same commands on the same database as the window's binary,
/// and `doctor` checks the whole file (what a command no longer does before it starts).
#[test]
fn console_program_and_doctor() {
    let c = Cli::new();
    let ev = c.json(&CREATE);
    let console = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_plm-desk-cli"))
            .arg("--data")
            .arg(c.dir.path())
            .args(args)
            .env_remove("PLM_DESK_DATA")
            .output()
            .unwrap()
    };
    let out = console(&["--json", "event", "list"]);
    assert!(out.status.success());
    let list: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(list[0]["id"], ev["id"]);
    // without a command it says how to open the window instead (usage error)
    let out = console(&[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("plm-desk"));
    let h = c.json(&["doctor"]);
    assert_eq!(h["integrity"], "ok");
    assert_eq!(h["schema_version"], h["schema_version_latest"]);
    assert!(h["bytes"].as_u64().unwrap() > 0);
    // damaged pages: doctor does not say ok (SQLite's verdict, or the refusal to read)
    let path = c.dir.path().join("plm-desk.sqlite3");
    let out = console(&["backup", "create"]);
    assert!(out.status.success());
    let mut bytes = std::fs::read(&path).unwrap();
    let page = 4096;
    assert!(bytes.len() > 6 * page);
    // every b-tree page header after the first page (the file's own header stays)
    for k in 1..bytes.len() / page {
        for b in &mut bytes[k * page..k * page + 8] {
            *b = 0x5a;
        }
    }
    std::fs::write(&path, &bytes).unwrap();
    let out = console(&["--json", "doctor"]);
    let text =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    assert!(
        text.contains("corrupt")
            || text.contains("malformed")
            || text.contains("damaged")
            || text.contains("Tree"),
        "{text}"
    );
    assert!(!text.contains("\"integrity\": \"ok\""), "{text}");
}

/// Every file under `dir`, recursively (the data folder: database, WAL, backups, the key
/// description, logs).
fn all_files(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = vec![];
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(all_files(&p));
        } else {
            out.push(p);
        }
    }
    out
}

/// #19: after a full flow, no byte of the data folder (database, WAL, backups) shows a
/// participant's name, phone or NIP; the logs never show the key. The key store lost,
/// the database refuses to open with its own message, headquarters gives the key back
/// from the data files it received (from the laptop's database file or its key
/// description), and the laptop opens again; the passphrase path works too.
#[test]
fn encrypted_at_rest_and_every_lost_key_comes_back() {
    let venue = Cli::new();
    let hq = Cli::new();
    let keys = tempfile::tempdir().unwrap();
    let public = hq.json(&["hq", "init", "--out", keys.path().to_str().unwrap()])["public_key"]
        .as_str()
        .unwrap()
        .to_string();
    let ev = venue.json(&CREATE)["id"].as_str().unwrap().to_string();
    let people = [
        (
            "Siti Nurhaliza Rahmawati",
            "081234567891",
            "198703152010012003",
        ),
        ("Bambang Sutrisnowati", "082198765432", "199001012015031001"),
    ];
    for (name, phone, nip) in people {
        let p = venue.json(&[
            "participant",
            "add",
            "--event",
            &ev,
            "--name",
            name,
            "--phone",
            phone,
            "--nip",
            nip,
        ]);
        venue.json(&[
            "checkin",
            "--event",
            &ev,
            "--code",
            p["code"].as_str().unwrap(),
            "--day",
            "1",
        ]);
    }
    venue.json(&["backup", "create"]);
    venue.json(&["sync", "set-hq", &public]);
    let file = venue.dir.path().join("kalsel.plmsync");
    venue.json(&[
        "sync",
        "export",
        "--event",
        &ev,
        "--out",
        file.to_str().unwrap(),
    ]);
    hq.json(&["sync", "import", file.to_str().unwrap()]);

    let doctor = venue.json(&["doctor"]);
    assert_eq!(doctor["encrypted"], true, "{doctor}");
    assert_eq!(doctor["backups_encrypted"], true, "{doctor}");
    assert_eq!(doctor["escrow"], true, "known headquarters key: escrowed");
    assert!(["system", "file"].contains(&doctor["key_store"].as_str().unwrap()));
    let status = venue.json(&["key", "status"]);
    assert_eq!(status["encrypted"], true);

    // the raw bytes of every file in the data folder (the data file left aside)
    let secrets: Vec<&str> = people.iter().flat_map(|(n, p, i)| [*n, *p, *i]).collect();
    let db = venue.dir.path().join("plm-desk.sqlite3");
    let side: Value = serde_json::from_slice(
        &std::fs::read(venue.dir.path().join("plm-desk.sqlite3.keys.json")).unwrap(),
    )
    .unwrap();
    let store_id = side["store_id"].as_str().unwrap().to_string();
    let key_file = plm_core::vault::keystore::file_path(&store_id);
    let key_hex = std::fs::read_to_string(&key_file).ok();
    let mut seen = 0;
    for f in all_files(venue.dir.path()) {
        if f == file {
            continue;
        }
        let bytes = std::fs::read(&f).unwrap();
        seen += 1;
        for s in &secrets {
            assert!(
                !bytes.windows(s.len()).any(|w| w == s.as_bytes()),
                "{} shows {s}",
                f.display()
            );
        }
        if let Some(k) = &key_hex {
            let k = k.trim();
            assert!(
                !bytes.windows(k.len()).any(|w| w == k.as_bytes()),
                "{} holds the key",
                f.display()
            );
        }
    }
    assert!(seen >= 4, "database, backups, key description, log: {seen}");

    // a recovery file for the USB stick, before anything is lost
    let usb = tempfile::tempdir().unwrap();
    let rec = usb.path().join("pemulihan.txt");
    venue.json(&["key", "recovery-file", rec.to_str().unwrap()]);

    // the key store is lost (Windows reinstalled): the database says so and stays as it was
    plm_core::vault::keystore::forget(&store_id);
    let before = venue.db_bytes();
    let err = venue.fails(&["--lang", "en", "event", "list"], 1);
    assert!(
        err.contains("vault.key_missing") && err.contains("headquarters"),
        "{err}"
    );
    assert_eq!(venue.db_bytes(), before);
    // a wrong recovery key (another laptop's) is refused with its own message
    let other = plm_core::vault::DbKey::random().recovery_text().to_string();
    let err = venue.fails(&["key", "unlock", "--recovery-key", &other], 1);
    assert!(err.contains("vault.key_does_not_open"), "{err}");
    let err = venue.fails(&["key", "unlock", "--recovery-key", "PLMK-1234"], 1);
    assert!(err.contains("vault.recovery_unreadable"), "{err}");

    // headquarters gives it back from the laptop's database file alone
    let back = usb.path().join("dari-pusat.txt");
    let r = hq.json(&[
        "hq",
        "recover-key",
        db.to_str().unwrap(),
        "--out",
        back.to_str().unwrap(),
    ]);
    assert!(r["recovery_key"].as_str().unwrap().starts_with("PLMK-"));
    assert!(r["device_id"].is_string());
    // and from the key description beside it
    let from_side = hq.json(&[
        "hq",
        "recover-key",
        venue
            .dir
            .path()
            .join("plm-desk.sqlite3.keys.json")
            .to_str()
            .unwrap(),
    ]);
    assert_eq!(from_side["recovery_key"], r["recovery_key"]);
    // a stranger's database: headquarters has no key for it
    let stranger = Cli::new();
    stranger.json(&CREATE);
    let err = hq.fails(
        &[
            "hq",
            "recover-key",
            stranger
                .dir
                .path()
                .join("plm-desk.sqlite3")
                .to_str()
                .unwrap(),
        ],
        1,
    );
    assert!(err.contains("vault.no_escrow"), "{err}");
    venue.json(&["key", "unlock", "--recovery-file", back.to_str().unwrap()]);
    assert_eq!(venue.json(&["event", "list"])[0]["id"], ev.as_str());

    // lost again: the user's own recovery file opens it too
    plm_core::vault::keystore::forget(&store_id);
    venue.fails(&["event", "list"], 1);
    venue.json(&["key", "unlock", "--recovery-file", rec.to_str().unwrap()]);
    assert_eq!(
        venue
            .json(&["participant", "list", "--event", &ev])
            .as_array()
            .unwrap()
            .len(),
        2
    );

    // the passphrase path: the data folder copied to a second computer (no key there)
    {
        let mut s = plm_core::Store::open(&db).unwrap();
        plm_core::applock::set_passphrase(&mut s, None, "rahasia kalsel", "rahasia kalsel", 10)
            .unwrap();
    }
    let second = tempfile::tempdir().unwrap();
    for f in all_files(venue.dir.path()) {
        let rel = f.strip_prefix(venue.dir.path()).unwrap();
        let to = second.path().join(rel);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(&f, &to).unwrap();
    }
    plm_core::vault::keystore::forget(&store_id);
    let on_second = |args: &[&str], stdin: &str| {
        use std::io::Write;
        let mut child = Command::new(env!("CARGO_BIN_EXE_plm-desk"))
            .arg("--data")
            .arg(second.path())
            .args(args)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(stdin.as_bytes())
            .unwrap();
        child.wait_with_output().unwrap()
    };
    let out = on_second(&["key", "unlock", "--passphrase"], "salah sekali\n");
    assert!(String::from_utf8_lossy(&out.stderr).contains("vault.passphrase_wrong"));
    let out = on_second(&["key", "unlock", "--passphrase"], "rahasia kalsel\n");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = on_second(&["--json", "event", "list"], "");
    assert!(out.status.success());

    // the logs of the whole flow never hold the key or the recovery key
    let key = plm_core::vault::DbKey::parse_recovery(r["recovery_key"].as_str().unwrap()).unwrap();
    let hexed = hex_of(key.bytes());
    for dir in [venue.dir.path(), hq.dir.path(), second.path()] {
        for f in all_files(dir).into_iter().filter(|f| {
            f.extension().is_some_and(|e| e == "log") || f.to_string_lossy().contains("logs")
        }) {
            let text = String::from_utf8_lossy(&std::fs::read(&f).unwrap()).to_string();
            assert!(!text.contains(&hexed), "{} holds the key", f.display());
            assert!(
                !text.contains("PLMK-"),
                "{} holds a recovery key",
                f.display()
            );
            for s in &secrets {
                assert!(!text.contains(s), "{} shows {s}", f.display());
            }
        }
    }
}

fn hex_of(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// The command line makes papers through the same request as the window: every paper is
/// private to the user (they name people), a wrong file name or paper size is refused
/// with its own code, and nothing is written then.
#[test]
fn papers_are_private_and_bad_names_refused() {
    let cli = Cli::new();
    let ev = cli.json(&CREATE)["id"].as_str().unwrap().to_string();
    let sheet = cli.dir.path().join("hadir.pdf");
    let out = cli.json(&[
        "export",
        "attendance",
        "--event",
        &ev,
        "--day",
        "1",
        "--blank",
        "--paper",
        "f4",
        "--out",
        sheet.to_str().unwrap(),
    ]);
    assert!(out["info"]["pages"].as_u64().unwrap() >= 1, "{out}");
    assert!(std::fs::read(&sheet).unwrap().starts_with(b"%PDF"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&sheet).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "a daftar hadir names people");
    }
    let wrong = cli.dir.path().join("laporan.xlsx");
    let msg = cli.fails(
        &[
            "--lang",
            "en",
            "export",
            "report",
            "--event",
            &ev,
            "--out",
            wrong.to_str().unwrap(),
        ],
        1,
    );
    assert!(
        msg.contains("[report.bad_extension]") && msg.contains(".pdf, .docx"),
        "{msg}"
    );
    assert!(!wrong.exists());
}
