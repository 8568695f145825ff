//! `plm-desk bench`: measures the library on generated data and prints a table.
//! Timings are wall-clock on this machine; run a release build for real figures.

use plm_core::attendance::{self, CheckinInput, SignatureInput, Who};
use plm_core::events::{self, EventInput};
use plm_core::participants::{self, ParticipantInput};
use plm_core::{roster, Lang, Store};
use serde_json::json;
use std::time::{Duration, Instant};

mod floor;
mod rows;
mod webdriver;
pub mod window;

const FIRST: [&str; 24] = [
    "Muhammad", "Ahmad", "Siti", "Nur", "Dewi", "Rina", "Budi", "Agus", "Sri", "Hendra", "Fitri",
    "Rahmat", "Ayu", "Taufik", "Yusuf", "Aulia", "Hasan", "Rabiatul", "Syahrani", "Arif", "Dian",
    "Lestari", "Wahyu", "Indah",
];
const LAST: [&str; 20] = [
    "Saputra",
    "Hidayat",
    "Rahman",
    "Lestari",
    "Wahyudi",
    "Kurniawati",
    "Hamdani",
    "Aminah",
    "Ma’rufah",
    "Utami",
    "Maulana",
    "Santoso",
    "Fauzi",
    "Rizki",
    "Anwar",
    "Mahmudah",
    "Rahmawati",
    "Setiawan",
    "Pratama",
    "Nugroho",
];
const PLACES: [&str; 8] = [
    "Banjar",
    "Tapin",
    "Tabalong",
    "Kotabaru",
    "Balangan",
    "Tanah Laut",
    "Barito Kuala",
    "Kota Banjarmasin",
];

fn name(i: usize) -> String {
    format!(
        "{} {} {}",
        FIRST[i % FIRST.len()],
        LAST[(i / FIRST.len()) % LAST.len()],
        i
    )
}

struct Stats {
    median: f64,
    p95: f64,
    p99: f64,
    max: f64,
}

fn stats(mut v: Vec<Duration>) -> Stats {
    v.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let at = |q: usize| ms(v[(v.len() * q / 100).min(v.len() - 1)]);
    Stats {
        median: ms(v[v.len() / 2]),
        p95: at(95),
        p99: at(99),
        max: ms(*v.last().unwrap()),
    }
}

/// Every prefix, keystroke by keystroke, of the first 12 characters of 60 names spread
/// over the list (what a facilitator types at the desk).
fn keystrokes(names: &[String]) -> Vec<String> {
    let mut out = vec![];
    for i in 0..60 {
        let full = &names[(i * 83) % names.len()];
        let typed: String = full.chars().take(12).collect();
        for n in 1..=typed.chars().count() {
            out.push(typed.chars().take(n).collect());
        }
    }
    out
}

fn search_times(
    store: &Store,
    event_id: &str,
    queries: &[String],
) -> Result<Vec<Duration>, plm_core::Error> {
    let mut out = Vec::with_capacity(queries.len());
    // the first keystroke after a change builds the event's index; it counts like any other
    for q in queries {
        let t = Instant::now();
        let _ = participants::search(store, event_id, q, 30)?;
        out.push(t.elapsed());
    }
    Ok(out)
}

fn roster_csv(rows: usize, offset: usize) -> String {
    let mut csv = String::from("No,Nama,L/P,Kategori,Instansi,Jabatan,Kab/Kota,No. HP,Email\n");
    for j in 0..rows {
        let i = j + offset;
        csv.push_str(&format!(
            "{},\"{}, S.IP.\",{},Perpustakaan Desa,Perpustakaan Desa {},Pengelola,{},08{:010},p{}@example.id\n",
            j + 1,
            name(i),
            if i.is_multiple_of(2) { "L" } else { "P" },
            PLACES[i % PLACES.len()],
            PLACES[i % PLACES.len()],
            1_100_000_000u64 + i as u64,
            i
        ));
    }
    csv
}

/// One size of the venue's work: a roster of `n` rows imported (whole, seconds), search
/// as you type over those `n` people (p99, ms) and 200 check-ins by code (median, ms).
fn venue_at(dir: &std::path::Path, n: usize) -> Result<(f64, f64, f64), plm_core::Error> {
    let mut store = Store::open(&dir.join(format!("growth-{n}")).join(plm_core::db::DB_FILE))?;
    let ev = plm_core::desk::create_event(
        &mut store,
        &EventInput {
            title: "Bench growth".into(),
            province: "63".into(),
            start_date: "2022-07-05".into(),
            days: 3,
            ..Default::default()
        },
    )?;
    let csv = roster_csv(n, 0);
    let t = Instant::now();
    let rep = roster::import(&mut store, &ev.id, csv.as_bytes(), None, false, Lang::En)?;
    let roster_s = t.elapsed().as_secs_f64();
    assert_eq!(rep.imported, n);
    let all = participants::list(&store, &ev.id)?;
    let names: Vec<String> = all.iter().map(|p| p.name.clone()).collect();
    let search = stats(search_times(&store, &ev.id, &keystrokes(&names))?);
    let mut ck = vec![];
    for p in all.iter().take(200) {
        let mut input = CheckinInput::desk(Who::Code(p.code.clone()));
        input.day = Some(1);
        let t = Instant::now();
        attendance::checkin(&mut store, &ev.id, input)?;
        ck.push(t.elapsed());
    }
    Ok((roster_s, search.p99, stats(ck).median))
}

fn signature_png() -> Vec<u8> {
    // a 400x150 greyscale stroke, the size the desk's pad produces
    let (w, h) = (400u32, 150u32);
    let mut img = vec![255u8; (w * h) as usize];
    for x in 20..380u32 {
        let y = (75.0 + 40.0 * ((x as f64) / 30.0).sin()) as u32;
        for dy in 0..3 {
            img[((y + dy) * w + x) as usize] = 20;
        }
    }
    let mut out = vec![];
    let mut enc = png::Encoder::new(&mut out, w, h);
    enc.set_color(png::ColorType::Grayscale);
    let mut wr = enc.write_header().expect("png");
    wr.write_image_data(&img).expect("png");
    drop(wr);
    out
}

/// One part of the bench alone, with its details, for the engineer working on it.
pub fn part(which: &str) -> Result<serde_json::Value, plm_core::Error> {
    let dir = std::env::temp_dir().join(format!("plm-desk-bench-part-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::env::set_var("PLM_DESK_KEY_STORE", "file");
    std::env::set_var("PLM_DESK_KEY_DIR", dir.join("keys"));
    let png = signature_png();
    let out = match which {
        "hq" => bench_sync(&dir, &png, 500, [11, 33, 33]),
        "pdf" => {
            let mut store = Store::open(&dir.join(plm_core::db::DB_FILE))?;
            bench_pdf(&mut store, &dir, &png, PDF_ROWS, true)
        }
        other => Ok(json!({"error": format!("no part {other}: hq or pdf")})),
    };
    let _ = std::fs::remove_dir_all(&dir);
    out
}

pub fn run(participants_n: usize, rows_n: usize) -> Result<serde_json::Value, plm_core::Error> {
    let dir = std::env::temp_dir().join(format!("plm-desk-bench-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    // the keys of the bench's throwaway databases go to key files in its own folder (and
    // the windows it starts read the same variables): nothing is left in the user's key
    // store. Set before any thread of the bench starts.
    std::env::set_var("PLM_DESK_KEY_STORE", "file");
    std::env::set_var("PLM_DESK_KEY_DIR", dir.join("keys"));
    let mut store = Store::open(&dir.join(plm_core::db::DB_FILE))?;
    let ev = plm_core::desk::create_event(
        &mut store,
        &EventInput {
            title: "Bench".into(),
            province: "63".into(),
            start_date: "2022-07-05".into(),
            days: 3,
            ..Default::default()
        },
    )?;

    // roster import of `rows_n` rows (CSV), timed whole
    let csv = roster_csv(rows_n, 0);
    let t = Instant::now();
    let rep = roster::import(&mut store, &ev.id, csv.as_bytes(), None, false, Lang::En)?;
    let import_ms = t.elapsed().as_secs_f64() * 1000.0;
    assert_eq!(rep.imported, rows_n, "bench roster imports whole");

    // top up to `participants_n` participants in one transaction each batch
    for i in rows_n..participants_n {
        participants::add(
            &mut store,
            &ev.id,
            &ParticipantInput {
                name: name(i),
                institution: format!("Dinas {}", PLACES[i % PLACES.len()]),
                ..Default::default()
            },
            "manual",
        )?;
    }
    let all = participants::list(&store, &ev.id)?;

    // search as you type: every prefix of 60 names, keystroke by keystroke; against an
    // FTS5 prefix query over the same people's search text (SQLite's own floor)
    let names: Vec<String> = all.iter().map(|p| p.name.clone()).collect();
    let queries = keystrokes(&names);
    let search = stats(search_times(&store, &ev.id, &queries)?);
    let texts: Vec<String> = {
        let mut st = store.conn().prepare(
            "SELECT search_text FROM participants WHERE event_id = ?1 AND deleted_at IS NULL",
        )?;
        let v = st
            .query_map([&ev.id], |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<String>>>()?;
        v
    };
    let fts = floor::fts5_prefix(&texts, &queries)
        .map(|v| stats(v).p99)
        .ok();

    // one check-in: code lookup to committed row (synchronous=FULL), with and without a signature
    let png = signature_png();
    let mut checkin_t = vec![];
    let mut signed_t = vec![];
    for (i, p) in all.iter().take(600).enumerate() {
        let mut input = CheckinInput::desk(Who::Code(p.code.clone()));
        input.day = Some(1);
        if i % 2 == 1 {
            input.signature = Some(SignatureInput {
                png: png.clone(),
                strokes: None,
            });
        }
        let t = Instant::now();
        attendance::checkin(&mut store, &ev.id, input)?;
        if i % 2 == 1 {
            signed_t.push(t.elapsed())
        } else {
            checkin_t.push(t.elapsed())
        }
    }
    let checkin = stats(checkin_t);
    let signed = stats(signed_t);
    let floor_insert = floor::durable_insert(&dir, 300, false)
        .map(|v| stats(v).median)
        .ok();
    let encrypted_insert = floor::durable_insert(&dir, 300, true)
        .map(|v| stats(v).median)
        .ok();

    // the attendance sheet of 1,000 people, all signed, against LibreOffice printing the
    // same table from a CSV
    let small = participants_n < 1000;
    let pdf = bench_pdf(&mut store, &dir, &png, PDF_ROWS, true)?;
    // the checking run in the tests (a few dozen people) makes a small report
    let papers = bench_papers(&mut store, &dir, small)?;
    // how cost grows: three sizes of each kind of work, each four times the one before
    // (the checking run in the tests uses a tenth)
    let scale = if small { 10 } else { 1 };
    let mut venue_growth = vec![];
    for n in [500, 2000, 8000] {
        let n = n / scale;
        let (roster_s, search_p99, checkin_ms) = venue_at(&dir, n)?;
        venue_growth.push(json!({"size": n, "roster_s": roster_s, "search_p99_ms": search_p99, "checkin_ms": checkin_ms}));
    }
    let mut pdf_growth = vec![];
    for n in [250, 1000, 4000] {
        let n = n / scale;
        let mut g = Store::open(&dir.join(format!("pdf-{n}")).join(plm_core::db::DB_FILE))?;
        let r = bench_pdf(&mut g, &dir, &png, n, false)?;
        pdf_growth.push(json!({"size": n, "ms": r["ms"]}));
    }
    let sync = bench_sync(&dir, &png, if small { 50 } else { 500 }, [11, 33, 99])?;
    // the window: a first start on an empty folder, then five on this event's database,
    // each followed by a start of the bare Tauri window
    events::set_current(&mut store, &ev.id)?;
    drop(store);
    let cli = crate::bench::window::cli_start(&dir, 21);
    // search as you type in the real window (WebDriver), 20 names spread over the list
    let typed: Vec<String> = names
        .iter()
        .step_by((names.len() / 20).max(1))
        .take(20)
        .cloned()
        .collect();
    let window_search = match crate::bench::window::sibling("plm-desk") {
        Some(app) => webdriver::window_search(&app, &dir, &typed),
        None => json!({"error": "plm-desk is not built beside the bench"}),
    };
    let fresh = dir.join("fresh-start");
    let startup = crate::bench::window::startup(&fresh, &dir, 5);
    let _ = std::fs::remove_dir_all(&dir);

    let detail = json!({
        "participants": all.len(),
        "roster_import": {"rows": rows_n, "ms": import_ms, "target_ms": null},
        "search_per_keystroke": {"queries": queries.len(), "median_ms": search.median, "p95_ms": search.p95, "p99_ms": search.p99, "max_ms": search.max, "fts5_p99_ms": fts},
        "checkin": {"median_ms": checkin.median, "p95_ms": checkin.p95, "max_ms": checkin.max, "sqlite_insert_ms": floor_insert, "sqlcipher_insert_ms": encrypted_insert},
        "checkin_with_signature": {"median_ms": signed.median, "p95_ms": signed.p95, "max_ms": signed.max},
        "attendance_pdf": pdf,
        "papers": papers,
        "sync": sync,
        "growth": {"venue": venue_growth, "pdf": pdf_growth},
        "cli": cli,
        "window_search": window_search,
        "startup": startup,
        "bench_peak_mb": crate::bench::window::own_peak_mb(),
    });
    Ok(json!({"rows": rows::rows(&detail), "detail": detail}))
}

/// Export of a 500-participant, 3-day event with a signature for every check-in, and
/// the import of 33 such files into one headquarters database.
/// Headquarters receives `counts` files (three sizes, the middle one the headline), each
/// on a fresh database.
fn bench_sync(
    dir: &std::path::Path,
    png: &[u8],
    people_n: usize,
    counts: [usize; 3],
) -> Result<serde_json::Value, plm_core::Error> {
    use plm_core::sync;
    let venues = counts[2];
    let (secret, public) = sync::hq_keypair();
    let mut files = Vec::new();
    let mut export_ms = Vec::new();
    // one venue is built for real; the others are the same venue re-identified, which
    // costs the same to merge (every id differs) and saves minutes of setup
    let mut venue = Store::open_in_memory()?;
    let ev = plm_core::desk::create_event(
        &mut venue,
        &EventInput {
            title: "Bench venue".into(),
            province: "63".into(),
            start_date: "2022-07-05".into(),
            days: 3,
            ..Default::default()
        },
    )?;
    let mut csv = String::from("Nama,L/P,Instansi,No. HP\n");
    for i in 0..people_n {
        csv.push_str(&format!(
            "\"{}\",{},Perpustakaan Desa {},08{:010}\n",
            name(i),
            if i.is_multiple_of(2) { "L" } else { "P" },
            PLACES[i % PLACES.len()],
            3_100_000_000u64 + i as u64
        ));
    }
    roster::import(&mut venue, &ev.id, csv.as_bytes(), None, false, Lang::En)?;
    let people = participants::list(&venue, &ev.id)?;
    for day in 1..=3 {
        for p in &people {
            let mut input = CheckinInput::desk(Who::Id(p.id.clone()));
            input.day = Some(day);
            input.signature = Some(SignatureInput {
                png: png.to_vec(),
                strokes: None,
            });
            attendance::checkin(&mut venue, &ev.id, input)?;
        }
    }
    for _ in 0..3 {
        let t = Instant::now();
        let (bytes, _) = sync::export(&mut venue, &ev.id, std::slice::from_ref(&public), false)?;
        export_ms.push(t.elapsed());
        files.push(bytes);
    }
    let file_bytes = files[0].len();
    // 33 venues: the one venue's rows re-identified for each; imported as
    // `plm-desk sync import *.plmsync` does (check all, one backup, merge each)
    let mut venue_files = vec![("venue-0.plmsync".to_string(), files[0].clone())];
    for v in 1..venues {
        venue_files.push((
            format!("venue-{v}.plmsync"),
            reidentified(&mut venue, &ev.id, v, &public)?,
        ));
    }
    drop(venue);
    // headquarters works on a real file database, with its backup before the import
    let hq_at = |n: usize| -> Result<Store, plm_core::Error> {
        let mut hq = Store::open(&dir.join(format!("hq-{n}")).join(plm_core::db::DB_FILE))?;
        plm_core::hq::keys::store_identity(&mut hq, &secret)?;
        Ok(hq)
    };
    let mid = counts[1];
    let mut hq = hq_at(mid)?;
    let main_files = &venue_files[..mid];
    // what one pass of decrypting, checking and parsing all files costs, on one core
    let t = Instant::now();
    for (_, bytes) in main_files {
        sync::read_file(&hq, bytes, &[])?;
    }
    let read_pass = t.elapsed();
    // the window's path (Terima file): each file checked, one backup, each merged
    let t = Instant::now();
    // when each file's check and merge ended: where the time goes
    let mut marks: Vec<(&'static str, f64)> = vec![];
    let first = plm_core::hq::receive::receive(&mut hq, main_files, false, Lang::En, &mut |p| {
        marks.push((p.phase, t.elapsed().as_secs_f64() * 1000.0))
    })?;
    let import_total = t.elapsed();
    let checked_at = marks
        .iter()
        .filter(|m| m.0 == "check")
        .map(|m| m.1)
        .fold(0.0, f64::max);
    let merge_ends: Vec<f64> = marks
        .iter()
        .filter(|m| m.0 == "merge")
        .map(|m| m.1)
        .collect();
    let merge_each: Vec<f64> = merge_ends
        .iter()
        .scan(None::<f64>, |prev, &e| {
            let d = prev.map(|p| e - p);
            *prev = Some(e);
            Some(d)
        })
        .flatten()
        .collect();
    assert_eq!(first.imported, mid, "every venue arrived");
    // what the batch wrote: the database's pages by table and index, where SQLite can say
    let pages: Option<Vec<(String, i64)>> = hq
        .conn()
        .prepare(
            "SELECT name, sum(pgsize) / 1024 FROM dbstat GROUP BY name ORDER BY 2 DESC LIMIT 16",
        )
        .and_then(|mut st| {
            st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<Vec<_>>>()
        })
        .ok();
    let t = Instant::now();
    let again = plm_core::hq::receive::receive(&mut hq, main_files, false, Lang::En, &mut |_| {})?;
    let again_total = t.elapsed();
    assert_eq!(again.nothing_new, mid, "the same files again bring nothing");
    let mut growth = vec![];
    for n in counts {
        let secs = if n == mid {
            import_total.as_secs_f64()
        } else {
            let mut other = hq_at(n)?;
            let t = Instant::now();
            let r = plm_core::hq::receive::receive(
                &mut other,
                &venue_files[..n],
                false,
                Lang::En,
                &mut |_| {},
            )?;
            assert_eq!(r.imported, n);
            t.elapsed().as_secs_f64()
        };
        growth.push(json!({"files": n, "s": secs}));
    }
    // the dashboard answering filter changes (all, a wave, a province, all again)
    use plm_core::hq::dashboard::{dashboard, Filter};
    let mut dash = Vec::new();
    for f in [
        Filter::default(),
        Filter {
            wave: Some(3),
            ..Default::default()
        },
        Filter {
            province: Some("63".into()),
            ..Default::default()
        },
        Filter {
            year: Some(2022),
            ..Default::default()
        },
        Filter::default(),
    ] {
        let t = Instant::now();
        let d = dashboard(&hq, &f)?;
        dash.push(t.elapsed());
        assert!(d.events <= mid);
    }
    let t = Instant::now();
    let xlsx = plm_core::hq::workbook::xlsx(&hq, &Filter::default())?;
    let xlsx_ms = t.elapsed().as_secs_f64() * 1000.0;
    Ok(json!({
        "participants": people_n, "days": 3, "growth": growth, "file_bytes": file_bytes,
        "export_ms": stats(export_ms).median, "export_target_ms": 1000.0,
        "venues": mid, "import_all_ms": import_total.as_secs_f64() * 1000.0, "import_target_ms": 3000.0,
        "import_again_ms": again_total.as_secs_f64() * 1000.0, "import_again_target_ms": 300.0,
        "read_pass_ms": read_pass.as_secs_f64() * 1000.0,
        "kib_by_table": pages,
        "signature_png_bytes": png.len(),
        "checked_all_at_ms": checked_at,
        "first_merge_end_ms": merge_ends.first(),
        "merge_each_ms": merge_each,
        "dashboard_max_ms": dash.iter().map(|d| d.as_secs_f64() * 1000.0).fold(0.0, f64::max), "dashboard_target_ms": 100.0,
        "national_xlsx_ms": xlsx_ms, "national_xlsx_bytes": xlsx.len(), "national_xlsx_target_ms": 2000.0,
    }))
}

/// The same venue's file with every id replaced, as if another venue had made it.
fn reidentified(
    venue: &mut Store,
    event_id: &str,
    n: usize,
    public: &str,
) -> Result<Vec<u8>, plm_core::Error> {
    // a copy of the venue database where every id gets a venue-specific first group (the
    // ids stay UUIDs, as a real venue's are: files are checked for that)
    let dir = std::env::temp_dir().join(format!("plm-desk-bench-sync-{}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir)?;
    let path = dir.join("v.sqlite3");
    venue.backup_to(&path)?;
    let mut copy = Store::open(&path)?;
    let prefix = format!("{:08x}", 0xbe_0000 + n);
    copy.write(|tx| {
        // a throwaway copy: its audit log may be rewritten
        // (print copies of signatures stay on the laptop; the file never carries them)
        tx.execute_batch(
            "PRAGMA defer_foreign_keys = ON; DROP TRIGGER audit_log_no_update; DELETE FROM signature_prints;",
        )?;
        for (table, _) in plm_core::sync::TABLES {
            tx.execute(
                &format!("UPDATE {table} SET id = ?1 || substr(id, 9)"),
                [&prefix],
            )?;
        }
        for (table, col) in [
            ("sessions", "event_id"),
            ("participants", "event_id"),
            ("attendance", "event_id"),
            ("attendance", "participant_id"),
            ("signatures", "event_id"),
            ("signatures", "participant_id"),
            ("signatures", "attendance_id"),
            ("day_seals", "event_id"),
            ("plans", "event_id"),
            ("plan_items", "plan_id"),
            ("learning_notes", "event_id"),
            ("impact_stories", "event_id"),
            ("award_categories", "event_id"),
            ("award_nominees", "category_id"),
            ("award_criteria", "category_id"),
            ("award_judges", "category_id"),
            ("award_scores", "category_id"),
            ("audit_log", "event_id"),
        ] {
            tx.execute(
                &format!(
                    "UPDATE {table} SET {col} = ?1 || substr({col}, 9) WHERE {col} IS NOT NULL"
                ),
                [&prefix],
            )?;
        }
        // another venue has other people: their phone numbers differ (the same numbers in
        // every file would make each of them a probable same person in every venue)
        tx.execute(
            "UPDATE participants SET phone = '+628' || printf('%02d', ?1) || substr(phone, 7) WHERE phone IS NOT NULL",
            [n as i64],
        )?;
        Ok(())
    })?;
    let new_event = format!("{prefix}{}", &event_id[8..]);
    let (bytes, _) = plm_core::sync::export(&mut copy, &new_event, &[public.to_string()], false)?;
    drop(copy);
    let _ = std::fs::remove_dir_all(&dir);
    Ok(bytes)
}

fn bench_pdf(
    store: &mut Store,
    dir: &std::path::Path,
    png: &[u8],
    rows: usize,
    extras: bool,
) -> Result<serde_json::Value, plm_core::Error> {
    let ev = plm_core::desk::create_event(
        store,
        &EventInput {
            title: "Bench PDF".into(),
            province: "63".into(),
            start_date: "2022-07-05".into(),
            days: 1,
            ..Default::default()
        },
    )?;
    let mut csv = String::from("No,Nama,L/P,Instansi,Jabatan,Kab/Kota,No. HP\n");
    for i in 0..rows {
        csv.push_str(&format!(
            "{},\"{}\",{},Perpustakaan Desa {} Kecamatan {},Pengelola Perpustakaan,{},08{:010}\n",
            i + 1,
            name(i),
            if i.is_multiple_of(2) { "L" } else { "P" },
            PLACES[i % PLACES.len()],
            PLACES[(i / 3) % PLACES.len()],
            PLACES[i % PLACES.len()],
            2_100_000_000u64 + i as u64
        ));
    }
    roster::import(store, &ev.id, csv.as_bytes(), None, false, Lang::En)?;
    for p in participants::list(store, &ev.id)? {
        let mut input = CheckinInput::desk(Who::Id(p.id.clone()));
        input.day = Some(1);
        input.signature = Some(SignatureInput {
            png: png.to_vec(),
            strokes: None,
        });
        attendance::checkin(store, &ev.id, input)?;
    }
    let opts = plm_core::reports::sheet::SheetOptions {
        day: Some(1),
        session_id: None,
        blank: false,
        paper: plm_core::reports::layout::Paper::A4,
        phones: true,
    };
    let out = dir.join(format!("daftar-hadir-{rows}.pdf"));
    let t = Instant::now();
    let (bytes, info) = plm_core::reports::sheet::build(store, &ev.id, &opts, &mut |_, _| {})?;
    plm_core::files::write_atomic(&out, &bytes)?;
    let ms = t.elapsed().as_secs_f64() * 1000.0;
    if !extras {
        return Ok(json!({"rows": rows, "ms": ms, "bytes": bytes.len(), "pages": info.pages}));
    }

    // where the sheet's time goes: reading the rows, making the signatures print-ready
    let t = Instant::now();
    let sheet_rows = attendance::sheet_rows(store, &ev.id, 1, None)?;
    let rows_ms = t.elapsed().as_secs_f64() * 1000.0;
    let t = Instant::now();
    let pngs: Vec<Option<&[u8]>> = sheet_rows
        .iter()
        .map(|r| r.signature_png.as_deref())
        .collect();
    let images = plm_core::reports::layout::map_parallel(&pngs, |png| {
        png.and_then(|png| plm_core::reports::layout::signature_image(png, 220, 90))
    });
    let images_ms = t.elapsed().as_secs_f64() * 1000.0;
    assert_eq!(images.len(), rows);
    // LibreOffice, if installed, converting the same table as CSV to PDF
    let csv_path = dir.join("daftar-hadir-1000.csv");
    std::fs::write(&csv_path, &csv)?;
    let office = ["libreoffice", "soffice"].into_iter().find(|b| {
        std::process::Command::new(b)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    });
    let libreoffice_ms = office.and_then(|b| {
        let t = Instant::now();
        let ok = std::process::Command::new(b)
            .args(["--headless", "--convert-to", "pdf", "--outdir"])
            .arg(dir)
            .arg(&csv_path)
            .output()
            .is_ok_and(|o| o.status.success());
        ok.then(|| t.elapsed().as_secs_f64() * 1000.0)
    });
    // the receipt list of the same 1,000 people (one rate, a deduction)
    plm_core::allowance::set_rate(
        store,
        &ev.id,
        &plm_core::allowance::Target::Role(plm_core::allowance::PayRole::Participant),
        &plm_core::allowance::RateInput {
            per_day: Some(150_000),
            lump_sum: Some(100_000),
            deduction_percent: Some("5".into()),
        },
    )?;
    let t = Instant::now();
    let (receipts, rinfo) =
        plm_core::reports::receipts::pdf(store, &ev.id, plm_core::reports::layout::Paper::A4)?;
    let receipts_ms = t.elapsed().as_secs_f64() * 1000.0;
    assert_eq!(rinfo.people, rows);
    let t = Instant::now();
    let _ = plm_core::reports::receipts::xlsx(store, &ev.id)?;
    let receipts_xlsx_ms = t.elapsed().as_secs_f64() * 1000.0;
    Ok(
        json!({"receipts_ms": receipts_ms, "receipts_pages": rinfo.pages, "receipts_bytes": receipts.len(), "receipts_xlsx_ms": receipts_xlsx_ms,
               "rows": rows, "signatures": info.signatures, "pages": info.pages, "ms": ms, "bytes": bytes.len(), "target_ms": 2000.0, "target_bytes": 5_000_000, "libreoffice_ms": libreoffice_ms, "rows_ms": rows_ms, "images_ms": images_ms}),
    )
}

const PDF_ROWS: usize = 1000;
const REPORT_PEOPLE: usize = 200;
const REPORT_PHOTOS: usize = 40;

/// The activity report of a 200-participant, 3-day event with 40 photos, as DOCX and as
/// PDF (each from the event's data, as the window makes them).
fn bench_papers(
    store: &mut Store,
    _dir: &std::path::Path,
    small: bool,
) -> Result<serde_json::Value, plm_core::Error> {
    let (people_n, photos_n) = if small {
        (20, 3)
    } else {
        (REPORT_PEOPLE, REPORT_PHOTOS)
    };
    let ev = plm_core::desk::create_event(
        store,
        &EventInput {
            title: "Bench report".into(),
            province: "63".into(),
            start_date: "2022-07-05".into(),
            days: 3,
            ..Default::default()
        },
    )?;
    for i in 0..people_n {
        let p = participants::add(
            store,
            &ev.id,
            &ParticipantInput {
                name: name(i),
                gender: if i % 2 == 0 { "L".into() } else { "P".into() },
                institution: format!("Perpustakaan Desa {}", PLACES[i % PLACES.len()]),
                ..Default::default()
            },
            "manual",
        )?;
        for day in 1..=3 {
            let mut input = CheckinInput::desk(Who::Id(p.id.clone()));
            input.day = Some(day);
            attendance::checkin(store, &ev.id, input)?;
        }
    }
    // 40 phone-sized photos (4000 x 3000), kept shrunk as the app keeps them
    let big = image::RgbImage::from_fn(4000, 3000, |x, y| {
        image::Rgb([(x / 16) as u8, (y / 12) as u8, ((x + y) / 28) as u8])
    });
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 85)
        .encode_image(&big)
        .map_err(|e| plm_core::Error::Io(std::io::Error::other(e.to_string())))?;
    let t = Instant::now();
    let first = plm_core::photos::add(store, &ev.id, None, &jpeg, "bench.jpg", "Foto 1", false)?;
    let photo_add_ms = t.elapsed().as_secs_f64() * 1000.0;
    let _ = first;
    for i in 1..photos_n {
        // the others already at the kept size (each different, a phone photo's JPEG size),
        // so the report's cost is measured, not the decoder's
        let seed = (i as u32).wrapping_mul(2_654_435_761);
        let img = image::RgbImage::from_fn(1600, 1200, |x, y| {
            // smooth shapes with a little sensor noise: a phone photo's JPEG size
            let n = ((x.wrapping_mul(374_761_393) ^ y.wrapping_mul(668_265_263) ^ seed)
                .wrapping_mul(1_274_126_177)
                >> 28) as f32;
            let (fx, fy) = (x as f32 / 97.0 + i as f32, y as f32 / 71.0);
            let v = |a: f32| (128.0 + 90.0 * a.sin() + n).clamp(0.0, 255.0) as u8;
            image::Rgb([v(fx), v(fy + fx * 0.3), v((fx - fy) * 0.7)])
        });
        let mut jpeg = Vec::new();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 85)
            .encode_image(&img)
            .map_err(|e| plm_core::Error::Io(std::io::Error::other(e.to_string())))?;
        plm_core::photos::add(
            store,
            &ev.id,
            None,
            &jpeg,
            "bench.jpg",
            &format!("Foto {}", i + 1),
            false,
        )?;
    }
    let t = Instant::now();
    let (docx, _) = plm_core::reports::activity::build_docx(store, &ev.id, Lang::Id)?;
    let docx_ms = t.elapsed().as_secs_f64() * 1000.0;
    let t = Instant::now();
    let (pdf, info) = plm_core::reports::activity::build_pdf(store, &ev.id, Lang::Id)?;
    let pdf_ms = t.elapsed().as_secs_f64() * 1000.0;
    Ok(json!({
        "people": people_n, "photos": info.photos, "pages": info.pages,
        "docx_ms": docx_ms, "docx_bytes": docx.len(), "pdf_ms": pdf_ms, "pdf_bytes": pdf.len(),
        "report_ms": docx_ms + pdf_ms, "target_ms": 2000.0,
        "photo_add_ms": photo_add_ms,
    }))
}

pub use rows::table;
