//! The PDF reports, checked with poppler's tools as a reader of the paper would:
//! `pdftotext` finds names and headings in order, `pdfimages -list` counts signatures,
//! `pdfinfo` the pages and paper, `pdffonts` the embedding. Each test on its own database.

// poppler's tools are Linux programs: under Windows (Wine) these tests are left out, and
// scripts/windows.sh covers the same reports another way: the Windows .exe exports every
// PDF and poppler checks them on the Linux side.
#![cfg(not(windows))]

use plm_core::attendance::{self, CheckinInput, SignatureInput, Who};
use plm_core::awards;
use plm_core::events::EventInput;
use plm_core::participants::{self, ParticipantInput};
use plm_core::plans::{self, ItemInput, PlanInput};
use plm_core::reports::{self, certificates::Rule, layout::Paper, sheet::SheetOptions};
use plm_core::Store;
use std::path::Path;
use std::process::Command;

fn signature() -> Vec<u8> {
    let (w, h) = (500u32, 180u32);
    let mut px = vec![0u8; (w * h * 4) as usize];
    for x in 30..470u32 {
        let y = (90.0 + 50.0 * ((x as f32) / 40.0).sin()) as u32;
        for dy in 0..4 {
            let i = (((y + dy) * w + x) * 4) as usize;
            px[i..i + 4].copy_from_slice(&[16, 36, 63, 255]);
        }
    }
    let mut out = vec![];
    {
        let mut enc = png::Encoder::new(&mut out, w, h);
        enc.set_color(png::ColorType::Rgba);
        enc.set_depth(png::BitDepth::Eight);
        enc.write_header().unwrap().write_image_data(&px).unwrap();
    }
    out
}

const LONG_INSTITUTION: &str =
    "Dinas Perpustakaan dan Kearsipan Kabupaten Hulu Sungai Selatan Provinsi Kalimantan Selatan";

/// An event with `n` participants (names sortable by number), the first `signed` checked
/// in on day 1 with a signature, and one with an apostrophe and a very long institution.
fn setup(n: usize, signed: usize) -> (Store, String) {
    let mut s = Store::open_in_memory().unwrap();
    let e = plm_core::desk::create_event(
        &mut s,
        &EventInput {
            title: "Peer Learning Meeting Provinsi Kalimantan Selatan".into(),
            province: "63".into(),
            regency: "Banjarbaru".into(),
            venue: "Hotel Aston Banua".into(),
            start_date: "2022-07-05".into(),
            days: 2,
            ..Default::default()
        },
    )
    .unwrap();
    for i in 0..n {
        let name = if i == 1 {
            "Abdul Ma’ruf, S.IP.".to_string()
        } else {
            format!("Aa Peserta {i:04}")
        };
        participants::add(
            &mut s,
            &e.id,
            &ParticipantInput {
                name,
                gender: if i % 2 == 0 { "L".into() } else { "P".into() },
                category: "perpustakaan_desa".into(),
                institution: if i == 2 {
                    LONG_INSTITUTION.into()
                } else {
                    format!("Perpustakaan Desa {i}")
                },
                phone: format!("0812{:08}", 10_000_000 + i),
                ..Default::default()
            },
            "manual",
        )
        .unwrap();
    }
    let sig = signature();
    for p in participants::list(&s, &e.id).unwrap().iter().take(signed) {
        let mut input = CheckinInput::desk(Who::Id(p.id.clone()));
        input.day = Some(1);
        input.signature = Some(SignatureInput {
            png: sig.clone(),
            strokes: None,
        });
        attendance::checkin(&mut s, &e.id, input).unwrap();
    }
    (s, e.id)
}

fn tool(name: &str, args: &[&str], pdf: &Path) -> String {
    let out = Command::new(name)
        .args(args)
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap_or_else(|e| panic!("{name} (poppler-utils) is needed: {e}"));
    assert!(
        out.status.success(),
        "{name} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn info(pdf: &Path) -> String {
    let out = Command::new("pdfinfo").arg(pdf).output().expect("pdfinfo");
    String::from_utf8(out.stdout).unwrap()
}

fn pages(pdf: &Path) -> usize {
    info(pdf)
        .lines()
        .find(|l| l.starts_with("Pages:"))
        .unwrap()
        .split_whitespace()
        .nth(1)
        .unwrap()
        .parse()
        .unwrap()
}

/// Text in drawing order, whitespace collapsed (a wrapped cell reads whole).
fn text(pdf: &Path) -> String {
    tool("pdftotext", &["-raw"], pdf)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn images(pdf: &Path) -> usize {
    let out = Command::new("pdfimages")
        .arg("-list")
        .arg(pdf)
        .output()
        .expect("pdfimages");
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .skip(2)
        .filter(|l| !l.trim().is_empty())
        .count()
}

fn fonts(pdf: &Path) -> Vec<String> {
    let out = Command::new("pdffonts")
        .arg(pdf)
        .output()
        .expect("pdffonts");
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .skip(2)
        .map(str::to_string)
        .collect()
}

fn write(dir: &tempfile::TempDir, name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let p = dir.path().join(name);
    plm_core::files::write_atomic(&p, bytes).unwrap();
    p
}

fn assert_fonts_embedded_and_subset(pdf: &Path) {
    let f = fonts(pdf);
    assert!(!f.is_empty(), "fonts listed");
    for line in &f {
        let cols: Vec<&str> = line.split_whitespace().collect();
        // name type… emb sub uni id gen: emb and sub are the 4th and 3rd from the end… count from the end
        let n = cols.len();
        assert_eq!(
            (cols[n - 5], cols[n - 4]),
            ("yes", "yes"),
            "embedded and subset: {line}"
        );
        assert!(cols[0].contains("DejaVuSansCondensed"), "{line}");
    }
}

#[test]
fn signed_attendance_sheet() {
    let (s, ev) = setup(40, 25);
    let dir = tempfile::tempdir().unwrap();
    let opts = SheetOptions {
        day: Some(1),
        session_id: None,
        blank: false,
        paper: Paper::A4,
        phones: true,
    };
    let mut calls = 0;
    let (bytes, info_) = reports::sheet::build(&s, &ev, &opts, &mut |_, _| calls += 1).unwrap();
    assert!(calls > 0, "progress is reported");
    let pdf = write(&dir, "sheet.pdf", &bytes);
    let t = text(&pdf);
    assert!(t.starts_with("DAFTAR HADIR"), "{}", &t[..80]);
    assert!(t.contains("Selasa, 5 Juli 2022"));
    assert!(t.contains("Hotel Aston Banua"));
    for h in [
        "No",
        "Nama",
        "Jabatan",
        "Instansi/Unit Kerja",
        "Kab/Kota",
        "L/P",
        "No. HP",
        "Tanda Tangan",
    ] {
        assert!(t.contains(h), "column {h}");
    }
    // names in the sheet's order (by name), the apostrophe printed as typed
    let people = participants::list(&s, &ev).unwrap();
    let mut last = 0;
    for p in &people {
        let at = t[last..]
            .find(&p.name)
            .map(|i| i + last)
            .unwrap_or_else(|| panic!("{} missing or out of order", p.name));
        last = at;
        assert!(t.contains(&p.code), "badge code {} printed", p.code);
    }
    assert!(t.contains("Abdul Ma’ruf, S.IP."));
    assert!(
        t.contains(LONG_INSTITUTION),
        "a long institution wraps inside its cell, whole"
    );
    assert!(t.contains("081210000000"), "phones as people write them");
    assert_eq!(images(&pdf), 25, "one image per captured signature");
    assert_eq!(info_.signatures, 25);
    let n = pages(&pdf);
    assert_eq!(n, info_.pages);
    assert!(n >= 2);
    assert!(
        t.contains(&format!("Halaman 1 dari {n}")) && t.contains(&format!("Halaman {n} dari {n}"))
    );
    assert!(
        t.contains(&format!("SHA-256 {}", info_.sha256)),
        "verification line"
    );
    assert!(t.contains("Ketua Panitia"), "sign-off block");
    assert!(info(&pdf).contains("595.276 x 841.89"), "A4");
    assert_fonts_embedded_and_subset(&pdf);
    // the header row is repeated on the next page
    let page2 = tool("pdftotext", &["-f", "2", "-l", "2", "-raw"], &pdf);
    assert!(page2.contains("Tanda Tangan") && page2.contains("DAFTAR HADIR"));

    // the same data gives the same digest; a new check-in changes it
    let (_, again) = reports::sheet::build(&s, &ev, &opts, &mut |_, _| {}).unwrap();
    assert_eq!(again.sha256, info_.sha256);
    let mut s = s;
    let mut input = CheckinInput::desk(Who::Id(people[30].id.clone()));
    input.day = Some(1);
    attendance::checkin(&mut s, &ev, input).unwrap();
    let (_, changed) = reports::sheet::build(&s, &ev, &opts, &mut |_, _| {}).unwrap();
    assert_ne!(changed.sha256, info_.sha256);
}

#[test]
fn blank_sheet_on_f4_has_rows_for_walk_ins_and_no_signatures() {
    let (s, ev) = setup(12, 6);
    let dir = tempfile::tempdir().unwrap();
    let opts = SheetOptions {
        day: Some(2),
        session_id: None,
        blank: true,
        paper: Paper::F4,
        phones: false,
    };
    let (bytes, i) = reports::sheet::build(&s, &ev, &opts, &mut |_, _| {}).unwrap();
    let pdf = write(&dir, "blank.pdf", &bytes);
    let t = text(&pdf);
    assert!(t.contains("Rabu, 6 Juli 2022"), "day 2");
    assert_eq!(images(&pdf), 0);
    assert!(t.contains("17."), "12 people and 5 empty rows");
    assert!(!t.contains("18."));
    assert!(t.contains("lembar kosong"));
    assert!(
        !t.contains("No. HP") && !t.contains("081210000000"),
        "no phone numbers unless the facilitator chooses them"
    );
    assert_eq!(i.rows, 12);
    assert!(
        info(&pdf).contains("609.449 x 935.433"),
        "F4 is 215 x 330 mm: {}",
        info(&pdf)
    );
}

#[test]
fn a_thousand_signed_rows_stay_small() {
    let (s, ev) = setup(1000, 1000);
    let opts = SheetOptions {
        day: Some(1),
        session_id: None,
        blank: false,
        paper: Paper::A4,
        phones: true,
    };
    let (bytes, i) = reports::sheet::build(&s, &ev, &opts, &mut |_, _| {}).unwrap();
    assert_eq!(i.signatures, 1000);
    assert!(bytes.len() < 5_000_000, "{} bytes", bytes.len());
}

#[test]
fn plans_report_lists_items_in_order_with_strategy_and_status() {
    let (mut s, ev) = setup(3, 0);
    let a = plans::create(
        &mut s,
        &ev,
        &PlanInput {
            institution: "Perpustakaan Desa Sungai Rangas".into(),
            ..Default::default()
        },
    )
    .unwrap();
    for (act, st) in [
        ("Kelas literasi digital", "layanan"),
        ("Audiensi kepala desa", "advokasi"),
        ("Lomba bercerita anak", "publikasi"),
    ] {
        plans::add_item(
            &mut s,
            &a.id,
            &ItemInput {
                activity: act.into(),
                strategy: st.into(),
                when: "2022-09".into(),
                objective:
                    "Tujuan yang cukup panjang sehingga harus dibungkus di dalam selnya sendiri"
                        .into(),
                ..Default::default()
            },
        )
        .unwrap();
    }
    let b = plans::create(
        &mut s,
        &ev,
        &PlanInput {
            institution: "Dinas Perpustakaan Kab. Banjar".into(),
            ..Default::default()
        },
    )
    .unwrap();
    let it = plans::add_item(
        &mut s,
        &b.id,
        &ItemInput {
            activity: "Bimtek pengelola".into(),
            strategy: "pelibatan".into(),
            ..Default::default()
        },
    )
    .unwrap();
    plans::set_status(&mut s, &it.id, "done", Some("2022-10-01")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (bytes, i) = reports::plans::build(&s, &ev, None).unwrap();
    assert_eq!((i.plans, i.items), (2, 4));
    let pdf = write(&dir, "plans.pdf", &bytes);
    let t = text(&pdf);
    assert!(t.starts_with("RENCANA TINDAK LANJUT (RTL)"));
    let order = [
        "Dinas Perpustakaan Kab. Banjar",
        "Bimtek pengelola",
        "Pelibatan Masyarakat",
        "Selesai",
        "Perpustakaan Desa Sungai Rangas",
        "Kelas literasi digital",
        "Layanan Informasi",
        "Audiensi kepala desa",
        "Advokasi",
        "Lomba bercerita anak",
        "Publikasi",
    ];
    let mut last = 0;
    for w in order {
        last = t[last..]
            .find(w)
            .map(|p| p + last)
            .unwrap_or_else(|| panic!("{w} missing or out of order"));
    }
    assert!(info(&pdf).contains("841.89 x 595.276"), "landscape A4");
    assert_fonts_embedded_and_subset(&pdf);
    // one institution only
    let (bytes, i) =
        reports::plans::build(&s, &ev, Some("perpustakaan desa sungai rangas")).unwrap();
    assert_eq!(i.plans, 1);
    assert!(!text(&write(&dir, "one.pdf", &bytes)).contains("Bimtek"));
    assert!(reports::plans::build(&s, &ev, Some("Nowhere")).is_err());
}

#[test]
fn badges_eight_to_a_page_with_codes() {
    let (s, ev) = setup(19, 0);
    let dir = tempfile::tempdir().unwrap();
    let (bytes, pages_, n) = reports::badges::build(&s, &ev).unwrap();
    assert_eq!((pages_, n), (3, 19));
    let pdf = write(&dir, "badges.pdf", &bytes);
    assert_eq!(pages(&pdf), 3);
    let t = text(&pdf);
    for p in participants::list(&s, &ev).unwrap() {
        assert!(t.contains(&p.code) && t.contains(&p.name), "{}", p.name);
    }
    assert_fonts_embedded_and_subset(&pdf);
}

#[test]
fn certificates_follow_the_attendance_rule_and_winners() {
    let (mut s, ev) = setup(6, 4);
    let people = participants::list(&s, &ev).unwrap();
    // two of the four day-1 people also come on day 2
    for p in people.iter().take(2) {
        let mut input = CheckinInput::desk(Who::Id(p.id.clone()));
        input.day = Some(2);
        attendance::checkin(&mut s, &ev, input).unwrap();
    }
    let dir = tempfile::tempdir().unwrap();
    let (bytes, n) = reports::certificates::build(&s, &ev, Rule::AnyDay, false).unwrap();
    assert_eq!(n, 4);
    let pdf = write(&dir, "any.pdf", &bytes);
    assert_eq!(pages(&pdf), 4);
    let t = text(&pdf);
    assert!(
        t.contains("SERTIFIKAT") && t.contains(&people[0].name) && !t.contains(&people[5].name)
    );
    assert!(t.contains("5 Juli 2022 s.d. 6 Juli 2022"));
    let (_, n) = reports::certificates::build(&s, &ev, Rule::AllDays, false).unwrap();
    assert_eq!(n, 2);
    // no winners yet: a clear refusal, then one certificate of appreciation
    assert!(reports::certificates::build(&s, &ev, Rule::AnyDay, true).is_err());
    let cat = &awards::list(&s, &ev).unwrap()[1];
    let nom =
        awards::add_nominee(&mut s, &cat.id, "Perpustakaan Desa Sungai Rangas", "Banjar").unwrap();
    awards::decide(&mut s, &cat.id, Some(&nom.id), "").unwrap();
    let (bytes, n) = reports::certificates::build(&s, &ev, Rule::AnyDay, true).unwrap();
    assert_eq!(n, 1);
    let t = text(&write(&dir, "win.pdf", &bytes));
    assert!(
        t.contains("PIAGAM PENGHARGAAN")
            && t.contains("Perpustakaan Desa Sungai Rangas")
            && t.contains("Perpustakaan Desa Terbaik")
    );
}

#[test]
fn summary_has_its_sections_and_counts() {
    let (s, ev) = setup(10, 7);
    let dir = tempfile::tempdir().unwrap();
    let (bytes, pages_) = reports::summary::build(&s, &ev).unwrap();
    assert!(pages_ <= 2, "a head of office reads one or two pages");
    let t = text(&write(&dir, "summary.pdf", &bytes));
    for h in [
        "RINGKASAN KEGIATAN",
        "1. Peserta menurut kategori dan jenis kelamin (10 orang)",
        "2. Kehadiran per hari",
        "7/10 (70%)",
        "0/10 (0%)",
        "3. Rencana tindak lanjut",
        "4. Penghargaan",
        "5. Catatan pembelajaran",
    ] {
        assert!(t.contains(h), "{h} in {t}");
    }
}

#[test]
fn an_export_that_cannot_be_written_leaves_nothing_behind() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("missing-folder").join("sheet.pdf");
    assert!(plm_core::files::write_atomic(&target, b"%PDF-1.7").is_err());
    assert!(!target.exists());
    // an existing file is replaced whole, and no temporary file remains
    let ok = dir.path().join("sheet.pdf");
    std::fs::write(&ok, b"old").unwrap();
    plm_core::files::write_atomic(&ok, b"%PDF-new").unwrap();
    assert_eq!(std::fs::read(&ok).unwrap(), b"%PDF-new");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}
