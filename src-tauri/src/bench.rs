//! `plm-desk bench`: measures the library on generated data and prints a table.
//! Timings are wall-clock on this machine; run a release build for real figures.

use plm_core::attendance::{self, CheckinInput, SignatureInput, Who};
use plm_core::events::{self, EventInput};
use plm_core::participants::{self, ParticipantInput};
use plm_core::{roster, Lang, Store};
use serde_json::json;
use std::time::{Duration, Instant};

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
    max: f64,
}

fn stats(mut v: Vec<Duration>) -> Stats {
    v.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    Stats {
        median: ms(v[v.len() / 2]),
        p95: ms(v[(v.len() * 95 / 100).min(v.len() - 1)]),
        max: ms(*v.last().unwrap()),
    }
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

pub fn run(participants_n: usize, rows_n: usize) -> Result<serde_json::Value, plm_core::Error> {
    let dir = std::env::temp_dir().join(format!("plm-desk-bench-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let mut store = Store::open(&dir.join(plm_core::db::DB_FILE))?;
    let ev = events::create(
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
    let mut csv = String::from("No,Nama,L/P,Kategori,Instansi,Jabatan,Kab/Kota,No. HP,Email\n");
    for i in 0..rows_n {
        csv.push_str(&format!(
            "{},\"{}, S.IP.\",{},Perpustakaan Desa,Perpustakaan Desa {},Pengelola,{},08{:010},p{}@example.id\n",
            i + 1,
            name(i),
            if i % 2 == 0 { "L" } else { "P" },
            PLACES[i % PLACES.len()],
            PLACES[i % PLACES.len()],
            1_100_000_000u64 + i as u64,
            i
        ));
    }
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

    // search as you type: every prefix of 60 names, keystroke by keystroke
    let mut search_t = vec![];
    for i in 0..60 {
        let full = all[(i * 83) % all.len()].name.clone();
        let typed: String = full.chars().take(12).collect();
        for n in 1..=typed.chars().count() {
            let q: String = typed.chars().take(n).collect();
            let t = Instant::now();
            let _ = participants::search(&store, &ev.id, &q, 30)?;
            search_t.push(t.elapsed());
        }
    }
    let search = stats(search_t);

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

    // the attendance sheet of 1,000 people, all signed, against LibreOffice printing the
    // same table from a CSV
    let pdf = bench_pdf(&mut store, &dir, &png)?;
    // the checking run in the tests (a few dozen people) makes a small report
    let papers = bench_papers(&mut store, &dir, participants_n < 1000)?;
    let sync = bench_sync(&dir, &png)?;
    // the window: a first start on an empty folder, then five on this event's database
    events::set_current(&mut store, &ev.id)?;
    drop(store);
    let fresh = dir.join("fresh-start");
    let startup = crate::bench_app::startup(&fresh, &dir, 5);
    let _ = std::fs::remove_dir_all(&dir);

    Ok(json!({
        "participants": all.len(),
        "roster_import": {"rows": rows_n, "ms": import_ms, "target_ms": null},
        "search_per_keystroke": {"queries": 0, "median_ms": search.median, "p95_ms": search.p95, "max_ms": search.max, "target_ms": 5.0},
        "checkin": {"median_ms": checkin.median, "p95_ms": checkin.p95, "max_ms": checkin.max, "target_ms": 10.0},
        "checkin_with_signature": {"median_ms": signed.median, "p95_ms": signed.p95, "max_ms": signed.max, "target_ms": 10.0},
        "attendance_pdf": pdf,
        "papers": papers,
        "sync": sync,
        "startup": startup,
        "bench_peak_mb": crate::bench_app::own_peak_mb(),
    }))
}

const PDF_ROWS: usize = 1000;
const SYNC_PEOPLE: usize = 500;
const SYNC_VENUES: usize = 33;

/// Export of a 500-participant, 3-day event with a signature for every check-in, and
/// the import of 33 such files into one headquarters database.
fn bench_sync(dir: &std::path::Path, png: &[u8]) -> Result<serde_json::Value, plm_core::Error> {
    use plm_core::sync;
    // headquarters works on a real file database, with its backup before the import
    let mut hq = Store::open(&dir.join("hq").join(plm_core::db::DB_FILE))?;
    let (secret, public) = sync::hq_keypair();
    sync::store_hq_identity(&mut hq, &secret)?;
    let mut files = Vec::new();
    let mut export_ms = Vec::new();
    // one venue is built for real; the others are the same venue re-identified, which
    // costs the same to merge (every id differs) and saves minutes of setup
    let mut venue = Store::open_in_memory()?;
    let ev = events::create(
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
    for i in 0..SYNC_PEOPLE {
        csv.push_str(&format!(
            "\"{}\",{},Perpustakaan Desa {},08{:010}\n",
            name(i),
            if i % 2 == 0 { "L" } else { "P" },
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
    for v in 1..SYNC_VENUES {
        venue_files.push((
            format!("venue-{v}.plmsync"),
            reidentified(&mut venue, &ev.id, v, &public)?,
        ));
    }
    drop(venue);
    // what one pass of decrypting, checking and parsing all files costs (import_many
    // makes two: a check of every file first, then each again as it is merged)
    let t = Instant::now();
    for (_, bytes) in &venue_files {
        sync::read_file(&hq, bytes, &[])?;
    }
    let read_pass = t.elapsed();
    // the window's path (Terima file): each file checked, one backup, each merged
    let t = Instant::now();
    let first =
        plm_core::hq::receive::receive(&mut hq, &venue_files, false, Lang::En, &mut |_| {})?;
    let import_total = t.elapsed();
    assert_eq!(first.imported, SYNC_VENUES, "every venue arrived");
    let t = Instant::now();
    let again =
        plm_core::hq::receive::receive(&mut hq, &venue_files, false, Lang::En, &mut |_| {})?;
    let again_total = t.elapsed();
    assert_eq!(
        again.nothing_new, SYNC_VENUES,
        "the same files again bring nothing"
    );
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
        assert!(d.events <= SYNC_VENUES);
    }
    let t = Instant::now();
    let xlsx = plm_core::hq::workbook::xlsx(&hq, &Filter::default())?;
    let xlsx_ms = t.elapsed().as_secs_f64() * 1000.0;
    Ok(json!({
        "participants": SYNC_PEOPLE, "days": 3, "file_bytes": file_bytes,
        "export_ms": stats(export_ms).median, "export_target_ms": 1000.0,
        "venues": SYNC_VENUES, "import_all_ms": import_total.as_secs_f64() * 1000.0, "import_target_ms": 3000.0,
        "import_again_ms": again_total.as_secs_f64() * 1000.0, "import_again_target_ms": 300.0,
        "read_pass_ms": read_pass.as_secs_f64() * 1000.0,
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
        tx.execute_batch("PRAGMA defer_foreign_keys = ON; DROP TRIGGER audit_log_no_update;")?;
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
) -> Result<serde_json::Value, plm_core::Error> {
    let ev = events::create(
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
    for i in 0..PDF_ROWS {
        csv.push_str(&format!(
            "{},\"{}\",{},Perpustakaan Desa {} Kecamatan {},Pengelola Perpustakaan,{},08{:010}\n",
            i + 1,
            name(i),
            if i % 2 == 0 { "L" } else { "P" },
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
    let out = dir.join("daftar-hadir-1000.pdf");
    let t = Instant::now();
    let (bytes, info) = plm_core::reports::sheet::build(store, &ev.id, &opts, &mut |_, _| {})?;
    plm_core::reports::write_atomic(&out, &bytes)?;
    let ms = t.elapsed().as_secs_f64() * 1000.0;

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
    assert_eq!(rinfo.people, PDF_ROWS);
    let t = Instant::now();
    let _ = plm_core::reports::receipts::xlsx(store, &ev.id)?;
    let receipts_xlsx_ms = t.elapsed().as_secs_f64() * 1000.0;
    Ok(
        json!({"receipts_ms": receipts_ms, "receipts_pages": rinfo.pages, "receipts_bytes": receipts.len(), "receipts_xlsx_ms": receipts_xlsx_ms,
               "rows": PDF_ROWS, "signatures": info.signatures, "pages": info.pages, "ms": ms, "bytes": bytes.len(), "target_ms": 2000.0, "target_bytes": 5_000_000, "libreoffice_ms": libreoffice_ms}),
    )
}

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
    let ev = events::create(
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
        .map_err(|e| plm_core::Error::invalid("bench", e.to_string(), e.to_string()))?;
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
            .map_err(|e| plm_core::Error::invalid("bench", e.to_string(), e.to_string()))?;
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

pub fn table(v: &serde_json::Value) -> String {
    let f = |p: &str| v.pointer(p).and_then(|x| x.as_f64()).unwrap_or(f64::NAN);
    format!(
        "| measure | median | p95 | max | target |\n|---|---|---|---|---|\n\
         | participant search per keystroke ({} participants) | {:.2} ms | {:.2} ms | {:.2} ms | < 5 ms |\n\
         | one check-in, code to committed row | {:.2} ms | {:.2} ms | {:.2} ms | < 10 ms |\n\
         | one check-in with a signature | {:.2} ms | {:.2} ms | {:.2} ms | < 10 ms |\n\
         | roster import, {} rows (CSV) | {:.0} ms total | | | |\n\
         | attendance PDF, {} signed rows ({} pages, {:.1} MB) | {:.0} ms total | | | < 2000 ms, < 5 MB |\n\
         | the same table as CSV through LibreOffice (no signatures) | {} | | | |\n\
         | receipt list, {} people (PDF, {} pages) / the same as XLSX | {:.0} ms / {:.0} ms | | | < 500 ms |\n\
         | activity report, {} participants x 3 days, {} photos: DOCX + PDF ({:.1} MB + {:.1} MB) | {:.0} ms ({:.0} + {:.0}) | | | < 2000 ms |\n\
         | one phone photo (4000 x 3000 JPEG) added: decoded, turned, shrunk, re-encoded | {:.0} ms | | | |\n\
         | sync export, {} participants x 3 days, all signed ({:.1} MB file) | {:.0} ms | | | < 1000 ms |\n\
         | headquarters receives {} such venue files (window's path, one backup) | {:.0} ms total | | | < 3000 ms |\n\
         | of which one pass reading (decrypting, checking) all the files | {:.0} ms | | | |\n\
         | the same files received again (nothing new) | {:.0} ms total | | | < 300 ms |\n\
         | national dashboard, slowest of five filter changes | {:.0} ms | | | < 100 ms |\n\
         | national XLSX workbook of every venue | {:.0} ms | | | < 2000 ms |\n\
         {}",
        v["participants"],
        f("/search_per_keystroke/median_ms"), f("/search_per_keystroke/p95_ms"), f("/search_per_keystroke/max_ms"),
        f("/checkin/median_ms"), f("/checkin/p95_ms"), f("/checkin/max_ms"),
        f("/checkin_with_signature/median_ms"), f("/checkin_with_signature/p95_ms"), f("/checkin_with_signature/max_ms"),
        v["roster_import"]["rows"], f("/roster_import/ms"),
        v["attendance_pdf"]["rows"], v["attendance_pdf"]["pages"], f("/attendance_pdf/bytes") / 1e6, f("/attendance_pdf/ms"),
        v["attendance_pdf"]["libreoffice_ms"].as_f64().map(|m| format!("{m:.0} ms total")).unwrap_or_else(|| "LibreOffice not installed".into()),
        v["attendance_pdf"]["rows"], v["attendance_pdf"]["receipts_pages"], f("/attendance_pdf/receipts_ms"), f("/attendance_pdf/receipts_xlsx_ms"),
        v["papers"]["people"], v["papers"]["photos"], f("/papers/docx_bytes") / 1e6, f("/papers/pdf_bytes") / 1e6,
        f("/papers/report_ms"), f("/papers/docx_ms"), f("/papers/pdf_ms"),
        f("/papers/photo_add_ms"),
        v["sync"]["participants"], f("/sync/file_bytes") / 1e6, f("/sync/export_ms"),
        v["sync"]["venues"], f("/sync/import_all_ms"),
        f("/sync/read_pass_ms"),
        f("/sync/import_again_ms"),
        f("/sync/dashboard_max_ms"),
        f("/sync/national_xlsx_ms"),
        startup_rows(v),
    )
}

fn startup_rows(v: &serde_json::Value) -> String {
    let f = |p: &str| v.pointer(p).and_then(|x| x.as_f64());
    let mb = |x: Option<f64>| {
        x.map(|m| format!("{m:.0} MB"))
            .unwrap_or_else(|| "n/a".into())
    };
    let mut out = String::new();
    match v.pointer("/startup/error").and_then(|e| e.as_str()) {
        Some(e) => out.push_str(&format!("| start-up to the first painted screen | {e} | | | < 3000 ms |\n")),
        None => out.push_str(&format!(
            "| start-up to the first painted screen, first start (new database) | {:.0} ms | | | < 3000 ms |\n\
             | start-up to the first painted screen, {} starts on the {} participants | {:.0} ms | | {:.0} ms | < 3000 ms |\n\
             | memory at the first screen: app process peak (RSS) / app with WebKit's {} helper processes (PSS) | {} / {} | | | |\n",
            f("/startup/first_start_ms").unwrap_or(f64::NAN),
            v["startup"]["starts"], v["participants"],
            f("/startup/median_ms").unwrap_or(f64::NAN),
            f("/startup/max_ms").unwrap_or(f64::NAN),
            v["startup"]["window_processes"].as_u64().map(|n| n.saturating_sub(1)).unwrap_or(0),
            mb(f("/startup/window_peak_mb")),
            mb(f("/startup/window_with_webkit_pss_mb")),
        )),
    }
    out.push_str(&format!(
        "| peak memory of the bench process (all of the above in one process) | {} | | | |\n",
        mb(f("/bench_peak_mb"))
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_shows_startup_and_memory_or_why_not() {
        let mut v = json!({
            "participants": 5000,
            "roster_import": {"rows": 2000, "ms": 100.0},
            "attendance_pdf": {"rows": 1000, "pages": 55, "bytes": 1_100_000, "ms": 700.0, "libreoffice_ms": null},
            "sync": {"participants": 500, "venues": 33, "file_bytes": 400_000, "export_ms": 60.0, "import_all_ms": 6000.0, "read_pass_ms": 900.0},
            "startup": {"first_start_ms": 1234.0, "starts": 5, "median_ms": 700.0, "max_ms": 800.0,
                        "window_peak_mb": 120.0, "window_with_webkit_pss_mb": 300.0, "window_processes": 3},
            "bench_peak_mb": 390.0,
        });
        let t = table(&v);
        assert!(t.contains("first start (new database) | 1234 ms"), "{t}");
        assert!(
            t.contains("reading (decrypting, checking) all the files | 900 ms"),
            "{t}"
        );
        assert!(
            t.contains("5 starts on the 5000 participants | 700 ms | | 800 ms"),
            "{t}"
        );
        assert!(
            t.contains("WebKit's 2 helper processes (PSS) | 120 MB / 300 MB"),
            "{t}"
        );
        assert!(
            t.contains("bench process (all of the above in one process) | 390 MB"),
            "{t}"
        );
        v["startup"] =
            json!({"error": "the window did not paint (no display? run the bench under xvfb-run)"});
        v["bench_peak_mb"] = json!(null);
        let t = table(&v);
        assert!(
            t.contains("| start-up to the first painted screen | the window did not paint"),
            "{t}"
        );
        assert!(t.contains("one process) | n/a |"), "{t}");
    }
}
