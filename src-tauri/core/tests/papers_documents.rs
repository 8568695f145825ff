//! The after-event documents read back as their readers will: the PDFs with poppler
//! (`pdftotext`, `pdfimages`), the receipt workbook with calamine, and the activity
//! report's DOCX opened by LibreOffice (converted headless to PDF, then its text and
//! pictures checked), so what Word users receive is real.

// poppler and LibreOffice are Linux programs here: under Wine these are left out.
#![cfg(not(windows))]

use plm_core::allowance::{self, PayRole, RateInput, Signers, Target};
use plm_core::attendance::{self, CheckinInput, Who};
use plm_core::events::{self, EventInput, SessionInput};
use plm_core::notes::{self, NoteInput, StoryInput};
use plm_core::participants::{self, ParticipantInput};
use plm_core::reports::{self, activity, layout::Paper};
use plm_core::{photos, Lang, Store};
use std::path::{Path, PathBuf};
use std::process::Command;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures")
}

fn setup() -> (Store, String) {
    let mut s = Store::open_in_memory().unwrap();
    let ev = plm_core::desk::create_event(
        &mut s,
        &EventInput {
            title: "PLM Provinsi Kalimantan Selatan 2022".into(),
            province: "63".into(),
            regency: "Banjarbaru".into(),
            venue: "Hotel Aston Banua".into(),
            start_date: "2022-07-05".into(),
            days: 2,
            ..Default::default()
        },
    )
    .unwrap()
    .id;
    events::set_signer(
        &mut s,
        &ev,
        "Ketua Panitia",
        "Rahmawati",
        "197001012000032001",
        None,
    )
    .unwrap();
    let sess = events::add_session(
        &mut s,
        &ev,
        &SessionInput {
            day: 1,
            start: "08.30".into(),
            end: "10.00".into(),
            title: "Paparan capaian perpustakaan desa".into(),
            kind: Some("presentation".into()),
            facilitators: "Master Trainer Nasional".into(),
            resource_person: "Kepala Dinas".into(),
        },
    )
    .unwrap();
    events::add_session(
        &mut s,
        &ev,
        &SessionInput {
            day: 2,
            start: "13".into(),
            end: "15".into(),
            title: "Penyusunan RTL".into(),
            kind: Some("rtl".into()),
            ..Default::default()
        },
    )
    .unwrap();
    for (i, (name, cat)) in [
        ("Siti Ma’rufah", "perpustakaan_desa"),
        ("Budi Santoso", "perpustakaan_desa"),
        ("Dewi Lestari", "master_trainer"),
    ]
    .iter()
    .enumerate()
    {
        let p = participants::add(
            &mut s,
            &ev,
            &ParticipantInput {
                name: name.to_string(),
                category: cat.to_string(),
                gender: if i == 1 { "L".into() } else { "P".into() },
                institution: format!("Perpustakaan Desa Sungai {i}"),
                ..Default::default()
            },
            "manual",
        )
        .unwrap();
        for day in 1..=(2 - i as i64 % 2) {
            let mut c = CheckinInput::desk(Who::Id(p.id.clone()));
            c.day = Some(day);
            attendance::checkin(&mut s, &ev, c).unwrap();
        }
    }
    allowance::set_rate(
        &mut s,
        &ev,
        &Target::Role(PayRole::Participant),
        &RateInput {
            per_day: Some(150_000),
            lump_sum: None,
            deduction_percent: None,
        },
    )
    .unwrap();
    allowance::set_rate(
        &mut s,
        &ev,
        &Target::Role(PayRole::Facilitator),
        &RateInput {
            per_day: None,
            lump_sum: Some(2_200_000),
            deduction_percent: Some("5".into()),
        },
    )
    .unwrap();
    allowance::set_signers(
        &mut s,
        &ev,
        &Signers {
            treasurer_name: "Siti Bendahara".into(),
            treasurer_nip: "198001012005012001".into(),
            officer_role: "Pejabat Pembuat Komitmen".into(),
            officer_name: "Ahmad Fauzi".into(),
            officer_nip: "197502022000031002".into(),
            ceiling: 5_000_000,
        },
    )
    .unwrap();
    notes::add_note(
        &mut s,
        &ev,
        &NoteInput {
            session_id: Some(sess.id.clone()),
            kind: "obstacle".into(),
            text: "Sinyal internet lemah di desa".into(),
            raised_by: "Budi".into(),
        },
    )
    .unwrap();
    notes::add_story(
        &mut s,
        &ev,
        &StoryInput {
            participant_id: None,
            title: "Dari pojok baca ke usaha kue".into(),
            service: "Pelatihan".into(),
            story: "Ibu-ibu belajar resep dari buku perpustakaan desa.".into(),
            publishable: true,
        },
    )
    .unwrap();
    notes::add_story(
        &mut s,
        &ev,
        &StoryInput {
            participant_id: None,
            title: "Cerita tanpa izin terbit".into(),
            service: String::new(),
            story: "Tidak boleh muncul di laporan.".into(),
            publishable: false,
        },
    )
    .unwrap();
    let jpg = std::fs::read(fixtures().join("photo-opening.jpg")).unwrap();
    photos::add(
        &mut s,
        &ev,
        Some(&sess.id),
        &jpg,
        "photo-opening.jpg",
        "Pembukaan oleh Kepala Dinas",
        false,
    )
    .unwrap();
    let png = std::fs::read(fixtures().join("photo-discussion.png")).unwrap();
    photos::add(
        &mut s,
        &ev,
        None,
        &png,
        "photo-discussion.png",
        "Peserta berdiskusi (tidak dimuat)",
        true,
    )
    .unwrap();
    (s, ev)
}

fn run(cmd: &str, args: &[&str]) -> String {
    let out = Command::new(cmd)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{cmd} is needed: {e}"));
    assert!(
        out.status.success(),
        "{cmd} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).to_string()
}

fn text(pdf: &Path) -> String {
    run("pdftotext", &["-layout", pdf.to_str().unwrap(), "-"])
}

fn flat(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn agenda_and_receipt_list_read_back() {
    let (s, ev) = setup();
    let dir = tempfile::tempdir().unwrap();
    let (pdf, info) = reports::agenda::build(&s, &ev, Paper::F4).unwrap();
    assert_eq!((info.sessions, info.days), (2, 2));
    let p = dir.path().join("agenda.pdf");
    std::fs::write(&p, pdf).unwrap();
    let t = flat(&text(&p));
    for needle in [
        "JADWAL ACARA",
        "Hari ke-1: Selasa, 5 Juli 2022",
        "08.30–10.00 WITA",
        "Paparan capaian perpustakaan desa",
        "Master Trainer Nasional",
        "Kepala Dinas",
        "Hari ke-2: Rabu, 6 Juli 2022",
        "13.00–15.00 WITA",
        "Rahmawati",
        "NIP. 197001012000032001",
    ] {
        assert!(t.contains(needle), "agenda lacks {needle:?}: {t}");
    }
    let size = run("pdfinfo", &[p.to_str().unwrap()]);
    assert!(
        size.contains("609.45 x 935.43") || size.contains("609.449 x 935.433"),
        "F4 paper: {size}"
    );

    let (pdf, info) = reports::receipts::pdf(&s, &ev, Paper::A4).unwrap();
    // Siti 2 days x 150,000, Budi 1 day, Dewi a lump sum of 2,200,000 less 5 %
    assert_eq!(info.total_net, 300_000 + 150_000 + 2_090_000);
    let p = dir.path().join("receipts.pdf");
    std::fs::write(&p, pdf).unwrap();
    let t = flat(&text(&p));
    for needle in [
        "DAFTAR PENERIMAAN",
        "Siti Ma’rufah",
        "2 (1, 2)",
        "2.200.000",
        "110.000",
        "2.090.000",
        "2.540.000",
        "Rp2.540.000 (Dua juta lima ratus empat puluh ribu rupiah)",
        "Bendahara Pengeluaran",
        "Siti Bendahara",
        "Pejabat Pembuat Komitmen",
        "NIP. 197502022000031002",
    ] {
        assert!(t.contains(needle), "receipt list lacks {needle:?}: {t}");
    }

    // the workbook holds the same numbers
    let (xlsx, _) = reports::receipts::xlsx(&s, &ev).unwrap();
    use calamine::Reader;
    let mut wb = calamine::Xlsx::new(std::io::Cursor::new(xlsx)).unwrap();
    let range = wb.worksheet_range("Daftar penerimaan").unwrap();
    let cells: Vec<String> = range
        .rows()
        .flat_map(|r| r.iter().map(|c| c.to_string()))
        .collect();
    assert!(cells.contains(&"Siti Ma’rufah".to_string()));
    assert!(
        cells.contains(&"2540000".to_string()),
        "grand total: {cells:?}"
    );
    assert!(cells
        .iter()
        .any(|c| c == "Terbilang: Dua juta lima ratus empat puluh ribu rupiah"));
}

#[test]
fn activity_report_pdf_and_docx_opened_by_libreoffice() {
    let (s, ev) = setup();
    let dir = tempfile::tempdir().unwrap();
    let (pdf, info) = activity::build_pdf(&s, &ev, Lang::Id).unwrap();
    assert_eq!(
        info.photos, 1,
        "the photo with people is not kept in the report"
    );
    let p = dir.path().join("laporan.pdf");
    std::fs::write(&p, pdf).unwrap();
    let t = flat(&text(&p));
    for needle in [
        "LAPORAN KEGIATAN",
        "1. Latar belakang",
        "Program Transformasi Perpustakaan Berbasis Inklusi Sosial",
        "diselenggarakan di Hotel Aston Banua",
        "2. Tujuan",
        "3. Jadwal acara",
        "Paparan capaian perpustakaan desa",
        "4. Peserta menurut kategori dan jenis kelamin (3)",
        "Perpustakaan Desa",
        "5. Kehadiran per hari",
        "Kendala (1)",
        "Sinyal internet lemah di desa — Budi",
        "Dari pojok baca ke usaha kue",
        "Pembukaan oleh Kepala Dinas (hari ke-1, Paparan capaian perpustakaan desa)",
        "Daftar hadir bertanda tangan, hari ke-2 (6 Juli 2022)",
        "Rahmawati",
    ] {
        assert!(t.contains(needle), "report lacks {needle:?}: {t}");
    }
    assert!(
        !t.contains("Tidak boleh muncul"),
        "a story without consent stays out"
    );
    assert!(
        !t.contains("Peserta berdiskusi"),
        "a photo with people stays out until kept"
    );
    let images = run("pdfimages", &["-list", p.to_str().unwrap()]);
    assert_eq!(
        images.lines().filter(|l| l.contains(" jpeg ")).count(),
        1,
        "{images}"
    );

    // English on the English setting
    let (pdf, _) = activity::build_pdf(&s, &ev, Lang::En).unwrap();
    let p = dir.path().join("report.pdf");
    std::fs::write(&p, pdf).unwrap();
    let t = flat(&text(&p));
    assert!(
        t.contains("ACTIVITY REPORT") && t.contains("1. Background") && t.contains("Obstacle"),
        "{t}"
    );

    // the DOCX, as LibreOffice opens it
    let (docx, info) = activity::build_docx(&s, &ev, Lang::Id).unwrap();
    assert_eq!(info.photos, 1);
    let d = dir.path().join("laporan-kegiatan.docx");
    std::fs::write(&d, &docx).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&docx)).unwrap();
    let names: Vec<String> = zip.file_names().map(str::to_string).collect();
    assert!(
        names
            .iter()
            .any(|n| n.starts_with("word/media/") && n.ends_with(".jpg")),
        "{names:?}"
    );
    let mut types = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("[Content_Types].xml").unwrap(), &mut types)
        .unwrap();
    let jpg = types
        .split("<Default ")
        .find(|d| d.contains(r#"Extension="jpg""#))
        .expect("jpg declared");
    assert!(jpg.contains(r#"ContentType="image/jpeg""#), "{jpg}");
    let profile = format!("-env:UserInstallation=file://{}/lo", dir.path().display());
    run(
        "soffice",
        &[
            &profile,
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            dir.path().to_str().unwrap(),
            d.to_str().unwrap(),
        ],
    );
    let converted = dir.path().join("laporan-kegiatan.pdf");
    let t = flat(&text(&converted));
    for needle in [
        "LAPORAN KEGIATAN",
        "PLM Provinsi Kalimantan Selatan 2022",
        "1. Latar belakang",
        "Paparan capaian perpustakaan desa",
        "Sinyal internet lemah di desa",
        "Pembukaan oleh Kepala Dinas",
        "Rahmawati",
    ] {
        assert!(
            t.contains(needle),
            "the DOCX as LibreOffice reads it lacks {needle:?}: {t}"
        );
    }
    let images = run("pdfimages", &["-list", converted.to_str().unwrap()]);
    assert!(
        images.lines().count() >= 3,
        "the photo is in the DOCX: {images}"
    );
}

#[test]
fn the_bundle_writes_everything_or_nothing() {
    let (mut s, ev) = setup();
    let dir = tempfile::tempdir().unwrap();
    let files = reports::bundle::write(&s, &ev, dir.path(), Paper::A4, Lang::Id).unwrap();
    let names: Vec<&str> = files.iter().map(|f| f.file.as_str()).collect();
    assert_eq!(
        names,
        [
            "daftar-penerimaan.pdf",
            "daftar-penerimaan.xlsx",
            "daftar-hadir-hari-1.pdf",
            "daftar-hadir-hari-2.pdf",
            "jadwal-acara.pdf",
            "laporan-kegiatan.docx",
            "laporan-kegiatan.pdf"
        ]
    );
    for f in &files {
        assert_eq!(
            std::fs::metadata(dir.path().join(&f.file)).unwrap().len() as usize,
            f.bytes
        );
    }
    // no amounts for a category that attended: refused, and nothing is written
    allowance::remove_rate(&mut s, &ev, &Target::Role(PayRole::Facilitator)).unwrap();
    let empty = tempfile::tempdir().unwrap();
    let e = reports::bundle::write(&s, &ev, empty.path(), Paper::A4, Lang::Id).unwrap_err();
    assert_eq!(e.field(), Some("rates"));
    assert_eq!(std::fs::read_dir(empty.path()).unwrap().count(), 0);
}
