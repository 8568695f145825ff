//! A full disk, for real: the database lives on a 16 MiB tmpfs that a filler file fills
//! to the last byte. The app must say "disk full" (never "damaged"), keep every
//! committed check-in, leave no half-written backup, and work again once space returns.
//!
//! The test needs a mount of its own. It re-runs this test binary inside a private
//! mount namespace (`unshare --mount` as root, `unshare --user --map-root-user --mount`
//! otherwise), mounts the tmpfs there, and the mount disappears with the process.
//! `harness = false`: the binary's `main` is the test.

#[cfg(target_os = "linux")]
fn main() {
    use std::process::Command;
    const INNER: &str = "PLM_DESK_DISK_FULL_INNER";
    if std::env::var_os(INNER).is_some() {
        inner::run();
        println!("disk_full: ok");
        return;
    }
    let exe = std::env::current_exe().expect("test binary path");
    let root = is_root();
    let mut cmd = Command::new("unshare");
    if !root {
        cmd.args(["--user", "--map-root-user"]);
    }
    cmd.args(["--mount", "--propagation", "private"])
        .arg(exe)
        .env(INNER, "1");
    let status = cmd.status().expect(
        "disk_full: `unshare` (util-linux) is needed to mount a small tmpfs for this test; install util-linux",
    );
    assert!(
        status.success(),
        "disk_full: the test inside the mount namespace failed ({status})"
    );
    println!("test disk_full ... ok");
}

#[cfg(not(target_os = "linux"))]
fn main() {
    // tmpfs and mount namespaces are Linux features; CI runs on Linux
    println!("disk_full: runs on Linux only");
}

/// Whether we run as root (uid 0), read from /proc so no unsafe libc call is needed.
#[cfg(target_os = "linux")]
fn is_root() -> bool {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("Uid:"))
                .map(|l| l.split_whitespace().nth(1) == Some("0"))
        })
        .unwrap_or(false)
}

#[cfg(target_os = "linux")]
mod inner {
    use plm_core::attendance::{self, CheckinInput, SignatureInput, Who};
    use plm_core::error::Localized;
    use plm_core::events::EventInput;
    use plm_core::participants::{self, ParticipantInput};
    use plm_core::{backup, db::DB_FILE, Error, Store};
    use std::io::Write;
    use std::path::Path;
    use std::process::Command;

    /// A signature-sized PNG that does not compress away (noise), so check-ins use space.
    fn noisy_png(seed: u32) -> Vec<u8> {
        let (w, h) = (240u32, 90u32);
        let mut x = seed.wrapping_mul(2_654_435_761).max(1);
        let img: Vec<u8> = (0..w * h)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                (x & 0xff) as u8
            })
            .collect();
        let mut out = vec![];
        let mut enc = png::Encoder::new(&mut out, w, h);
        enc.set_color(png::ColorType::Grayscale);
        let mut wr = enc.write_header().unwrap();
        wr.write_image_data(&img).unwrap();
        drop(wr);
        out
    }

    fn checkin(
        store: &mut Store,
        ev: &str,
        code: &str,
        seed: u32,
    ) -> plm_core::Result<attendance::Checkin> {
        let mut input = CheckinInput::desk(Who::Code(code.to_string()));
        input.day = Some(1);
        input.signature = Some(SignatureInput {
            png: noisy_png(seed),
            strokes: None,
        });
        attendance::checkin(store, ev, input)
    }

    /// Write zeros until the file system refuses: the disk is then full to the byte.
    fn fill(dir: &Path) -> std::path::PathBuf {
        let path = dir.join("filler.bin");
        let mut f = std::fs::File::create(&path).unwrap();
        for chunk in [1 << 16, 4096, 1] {
            let buf = vec![0u8; chunk];
            loop {
                match f.write(&buf) {
                    Ok(n) if n == chunk => continue,
                    Ok(_) => break,
                    Err(e) => {
                        assert_eq!(
                            e.raw_os_error(),
                            Some(28),
                            "filling the disk ends with ENOSPC: {e}"
                        );
                        break;
                    }
                }
            }
        }
        let _ = f.sync_all();
        path
    }

    fn assert_disk_full(e: &Error, what: &str) {
        assert_eq!(
            e.code(),
            "storage.disk_full",
            "{what}: expected a disk-full error, got {e:?}"
        );
        let id = e.message(plm_core::Lang::Id);
        assert!(
            id.contains("Disk penuh") && id.contains("aman"),
            "{what}: Indonesian message says the disk is full and saved data is safe: {id}"
        );
    }

    fn integrity(db: &Path) -> String {
        let c = rusqlite::Connection::open(db).unwrap();
        if let Some(k) = plm_core::vault::existing_key(db).unwrap() {
            plm_core::vault::apply_key(&c, &k).unwrap();
        }
        c.query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap()
    }

    fn no_partial_backups(dir: &Path) {
        let stray: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().to_string())
            .filter(|n| !n.ends_with(".sqlite3"))
            .collect();
        assert!(
            stray.is_empty(),
            "no half-written backup is left behind: {stray:?}"
        );
    }

    pub fn run() {
        let base = tempfile::tempdir().unwrap();
        let dir = base.path().join("data");
        std::fs::create_dir_all(&dir).unwrap();
        let st = Command::new("mount")
            .args(["-t", "tmpfs", "-o", "size=16m,mode=0700", "tmpfs"])
            .arg(&dir)
            .status()
            .expect("mount");
        assert!(st.success(), "mounting a 16 MiB tmpfs failed");
        let db = dir.join(DB_FILE);

        // the event, 120 participants, 10 signed check-ins, a backup: all on the small disk
        let mut store = Store::open(&db).unwrap();
        let ev = plm_core::desk::create_event(
            &mut store,
            &EventInput {
                title: "PLM Kalsel".into(),
                province: "63".into(),
                start_date: "2022-07-05".into(),
                days: 2,
                ..Default::default()
            },
        )
        .unwrap()
        .id;
        let mut codes = vec![];
        for i in 0..120 {
            let p = participants::add(
                &mut store,
                &ev,
                &ParticipantInput {
                    name: format!("Peserta Uji {i}"),
                    institution: "Perpustakaan Desa".into(),
                    ..Default::default()
                },
                "manual",
            )
            .unwrap();
            codes.push(p.code);
        }
        let mut committed = vec![];
        for (i, c) in codes.iter().take(10).enumerate() {
            checkin(&mut store, &ev, c, i as u32).unwrap();
            committed.push(c.clone());
        }
        let first_backup = backup::create(&store, "before-full")
            .unwrap()
            .expect("file database has backups");
        let backups_dir = dir.join("backups");

        // the disk fills up while the desk is open
        let filler = fill(&dir);
        let mut refused = 0;
        for (i, c) in codes.iter().enumerate().skip(10).take(60) {
            match checkin(&mut store, &ev, c, 1000 + i as u32) {
                Ok(_) => committed.push(c.clone()),
                Err(e) => {
                    assert_disk_full(&e, "check-in on a full disk");
                    refused += 1;
                }
            }
        }
        assert!(
            refused > 0,
            "the disk really filled up: some check-ins were refused"
        );

        // a backup on a full disk fails with the same message and leaves nothing behind
        let e = backup::create(&store, "auto").expect_err("no room for a backup");
        assert_disk_full(&e, "backup on a full disk");
        no_partial_backups(&backups_dir);
        assert!(
            backup::check_file(&dir, Path::new(&first_backup.path)).unwrap(),
            "the earlier backup is untouched"
        );

        // a second program opening the database (the command line beside the window)
        // hears "disk full" or gets in, never "damaged"
        match Store::open(&db) {
            Ok(_) => {}
            Err(e) => assert_disk_full(&e, "opening on a full disk"),
        }

        // closing and starting again on the still-full disk: not called damaged either
        drop(store);
        match Store::open(&db) {
            Ok(s) => drop(s),
            Err(e) => assert_disk_full(&e, "restart on a full disk"),
        }

        // space returns: every committed check-in is there, and the desk works again
        std::fs::remove_file(&filler).unwrap();
        let mut store = Store::open(&db).unwrap();
        let rows = attendance::list(&store, &ev, "d1").unwrap();
        let mut present: Vec<String> = rows
            .iter()
            .filter_map(|r| r.attendance.as_ref().map(|_| r.participant.code.clone()))
            .collect();
        present.sort();
        committed.sort();
        assert_eq!(
            present, committed,
            "exactly the committed check-ins survived the full disk"
        );
        let last = codes.last().unwrap();
        checkin(&mut store, &ev, last, 9999).unwrap();
        assert_eq!(
            attendance::count(&store, &ev, "d1").unwrap().present as usize,
            committed.len() + 1
        );
        backup::create(&store, "after-full").unwrap().unwrap();
        no_partial_backups(&backups_dir);
        drop(store);
        assert_eq!(integrity(&db), "ok");
        println!(
            "disk_full: {} check-ins committed, {refused} refused while full, all kept",
            committed.len()
        );

        first_start_on_a_full_disk(&dir);
        let _ = Command::new("umount").arg(&dir).status();
    }

    /// An older version's plain database meets a full disk at the first start of this
    /// version: the encrypted copy cannot be written, nothing is lost or half-swapped,
    /// and once there is room the next start encrypts it.
    fn first_start_on_a_full_disk(dir: &Path) {
        use plm_core::vault::{file_kind, FileKind};
        let old_dir = dir.join("old");
        std::fs::create_dir_all(&old_dir).unwrap();
        let db = old_dir.join(DB_FILE);
        {
            let c = rusqlite::Connection::open(&db).unwrap();
            c.execute_batch("CREATE TABLE old_rows(v TEXT);").unwrap();
            let mut st = c.prepare("INSERT INTO old_rows VALUES (?1)").unwrap();
            for i in 0..3000 {
                st.execute([format!("Peserta lama {i} {}", "x".repeat(600))])
                    .unwrap();
            }
        }
        let rows = |c: &rusqlite::Connection| -> i64 {
            c.query_row("SELECT count(*) FROM old_rows", [], |r| r.get(0))
                .unwrap()
        };
        let filler = fill(dir);
        match Store::open(&db) {
            Ok(s) => assert!(s.key().is_none(), "opened plain while the disk is full"),
            Err(e) => assert_disk_full(&e, "first start of the encrypting version"),
        }
        assert_eq!(file_kind(&db).unwrap(), FileKind::Plain);
        assert_eq!(rows(&rusqlite::Connection::open(&db).unwrap()), 3000);
        std::fs::remove_file(&filler).unwrap();
        let s = Store::open(&db).unwrap();
        assert!(s.key().is_some());
        assert_eq!(rows(s.conn()), 3000);
        drop(s);
        assert_eq!(file_kind(&db).unwrap(), FileKind::Encrypted);
        let left: Vec<_> = std::fs::read_dir(&old_dir)
            .unwrap()
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().to_string())
            .filter(|n| n.contains("encrypting"))
            .collect();
        assert!(left.is_empty(), "no half-written encrypted copy: {left:?}");
        println!("disk_full: the plain database was kept while full, encrypted after");
    }
}
