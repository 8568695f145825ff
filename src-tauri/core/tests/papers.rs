//! The papers after the event, as finance and the report's readers see them: the receipt
//! arithmetic (days from the signed attendance, amounts, deductions, totals, a corrected
//! day), every refusal naming its field, and photos shrunk, turned upright and stripped
//! of their EXIF.

use plm_core::allowance::{self, PayRole, RateInput, Signers, Target};
use plm_core::attendance::{self, CheckinInput, Who};
use plm_core::error::Localized;
use plm_core::events::EventInput;
use plm_core::participants::{self, ParticipantInput};
use plm_core::{photos, Lang, Store};

struct Fixture {
    s: Store,
    ev: String,
    /// ids by name
    ids: Vec<(String, String)>,
}

impl Fixture {
    fn id(&self, name: &str) -> String {
        self.ids.iter().find(|(n, _)| n == name).unwrap().1.clone()
    }
    fn checkin(&mut self, name: &str, day: i64, paper: bool) -> String {
        let mut input = CheckinInput::desk(Who::Id(self.id(name)));
        input.day = Some(day);
        if paper {
            input.source = plm_core::attendance::CheckinSource::Paper;
            input.sheet_ref = Some("lembar 1".into());
        }
        attendance::checkin(&mut self.s, &self.ev, input)
            .unwrap()
            .attendance
            .id
    }
    fn rate(
        &mut self,
        t: Target,
        per_day: Option<i64>,
        lump: Option<i64>,
        ded: Option<&str>,
    ) -> plm_core::Result<allowance::Rate> {
        allowance::set_rate(
            &mut self.s,
            &self.ev,
            &t,
            &RateInput {
                per_day,
                lump_sum: lump,
                deduction_percent: ded.map(str::to_string),
            },
        )
    }
}

/// A 3-day event: three village librarians, a master trainer, a resource person and a
/// committee member, one person who never came.
fn fixture() -> Fixture {
    let mut s = Store::open_in_memory().unwrap();
    let ev = plm_core::desk::create_event(
        &mut s,
        &EventInput {
            title: "PLM Kalimantan Selatan".into(),
            province: "63".into(),
            start_date: "2022-07-05".into(),
            days: 3,
            ..Default::default()
        },
    )
    .unwrap()
    .id;
    let people = [
        ("Ani", "perpustakaan_desa"),
        ("Budi", "perpustakaan_desa"),
        ("Citra", "dinas_kabkota"),
        ("Dewi MT", "master_trainer"),
        ("Eko Narasumber", "narasumber"),
        ("Fajar Panitia", "panitia"),
        ("Gita Absen", "perpustakaan_desa"),
    ];
    let mut ids = Vec::new();
    for (name, cat) in people {
        let p = participants::add(
            &mut s,
            &ev,
            &ParticipantInput {
                name: name.into(),
                category: cat.into(),
                institution: format!("Lembaga {name}"),
                ..Default::default()
            },
            "manual",
        )
        .unwrap();
        ids.push((name.to_string(), p.id));
    }
    Fixture { s, ev, ids }
}

#[test]
fn receipt_arithmetic_days_amounts_deductions_totals() {
    let mut f = fixture();
    // Ani all three days (day 2 from the paper sheet), Budi days 1 and 3, Citra day 1,
    // the trainer 3 days, the resource person day 2, the committee member day 1
    for d in 1..=3 {
        f.checkin("Ani", d, d == 2);
        f.checkin("Dewi MT", d, false);
    }
    f.checkin("Budi", 1, false);
    f.checkin("Budi", 3, false);
    f.checkin("Citra", 1, false);
    f.checkin("Eko Narasumber", 2, false);
    f.checkin("Fajar Panitia", 1, false);

    f.rate(
        Target::Role(PayRole::Participant),
        Some(150_000),
        None,
        None,
    )
    .unwrap();
    // Citra's category has its own rate: a lump sum on top of transport, 5 % withheld
    f.rate(
        Target::category("Dinas Perpustakaan Kabupaten/Kota").unwrap(),
        Some(200_000),
        Some(300_000),
        Some("5"),
    )
    .unwrap();
    f.rate(
        Target::Role(PayRole::Facilitator),
        Some(0),
        Some(1_800_000),
        Some("2,5"),
    )
    .unwrap();
    f.rate(
        Target::role("narasumber").unwrap(),
        None,
        Some(1_000_000),
        Some("15"),
    )
    .unwrap();
    f.rate(Target::Role(PayRole::Committee), Some(0), None, None)
        .unwrap();

    let r = allowance::receipts(&f.s, &f.ev).unwrap();
    let line = |name: &str| {
        r.lines
            .iter()
            .find(|l| l.name == name)
            .unwrap_or_else(|| panic!("{name} missing"))
    };
    assert!(
        r.lines.iter().all(|l| l.name != "Gita Absen"),
        "nobody who attended no day"
    );
    assert_eq!(r.lines.len(), 6);
    let ani = line("Ani");
    assert_eq!(
        (ani.days.clone(), ani.transport, ani.net),
        (vec![1, 2, 3], 450_000, 450_000),
        "a paper day counts"
    );
    let budi = line("Budi");
    assert_eq!((budi.days.clone(), budi.gross), (vec![1, 3], 300_000));
    let citra = line("Citra");
    assert_eq!(
        (
            citra.transport,
            citra.lump_sum,
            citra.gross,
            citra.deduction,
            citra.net
        ),
        (200_000, 300_000, 500_000, 25_000, 475_000)
    );
    let dewi = line("Dewi MT");
    assert_eq!(
        (dewi.role, dewi.gross, dewi.deduction, dewi.net),
        (PayRole::Facilitator, 1_800_000, 45_000, 1_755_000)
    );
    let eko = line("Eko Narasumber");
    assert_eq!(
        (eko.role, eko.gross, eko.deduction, eko.net),
        (PayRole::ResourcePerson, 1_000_000, 150_000, 850_000)
    );
    let fajar = line("Fajar Panitia");
    assert_eq!((fajar.role, fajar.net), (PayRole::Committee, 0));
    assert_eq!(
        r.total_gross,
        450_000 + 300_000 + 500_000 + 1_800_000 + 1_000_000
    );
    assert_eq!(r.total_deduction, 25_000 + 45_000 + 150_000);
    assert_eq!(r.total_net, r.total_gross - r.total_deduction);
    assert_eq!(r.total_net, 3_830_000);
    assert_eq!(
        r.total_words,
        "Tiga juta delapan ratus tiga puluh ribu rupiah"
    );
    assert!(r.has_deduction);
    assert_eq!(
        r.lines.iter().map(|l| l.no).collect::<Vec<_>>(),
        (1..=6).collect::<Vec<_>>()
    );

    // day 3 is closed, reopened and Budi's check-in corrected away: he shows day 1 only
    attendance::close_day(&mut f.s, &f.ev, 3).unwrap();
    attendance::reopen_day(&mut f.s, &f.ev, 3, "Budi pulang sebelum acara").unwrap();
    let budi_day3 = attendance::list(&f.s, &f.ev, "d3")
        .unwrap()
        .into_iter()
        .find(|row| row.participant.name == "Budi")
        .and_then(|row| row.attendance)
        .unwrap();
    attendance::correct_remove(&mut f.s, &budi_day3.id, "salah centang").unwrap();
    let r = allowance::receipts(&f.s, &f.ev).unwrap();
    let budi = r.lines.iter().find(|l| l.name == "Budi").unwrap();
    assert_eq!(
        (budi.days.clone(), budi.gross),
        (vec![1], 150_000),
        "the corrected days"
    );
    assert_eq!(r.total_net, 3_680_000);
}

#[test]
fn every_refusal_names_its_field_and_changes_nothing() {
    let mut f = fixture();
    f.checkin("Ani", 1, false);
    f.checkin("Dewi MT", 1, false);
    // nothing set yet
    let e = allowance::receipts(&f.s, &f.ev).unwrap_err();
    assert_eq!(e.field(), Some("rates"));
    assert!(
        e.message(Lang::Id).contains("Belum ada besaran"),
        "{}",
        e.message(Lang::Id)
    );

    let p = Target::Role(PayRole::Participant);
    // per day, lump sum, deduction; the field named; words of the message
    type Case<'a> = (Option<i64>, Option<i64>, Option<&'a str>, &'a str, &'a str);
    let cases: [Case; 6] = [
        (Some(-1), None, None, "per_day", "tidak boleh negatif"),
        (
            None,
            Some(-150_000),
            None,
            "lump_sum",
            "tidak boleh negatif",
        ),
        (
            Some(10_000_001),
            None,
            None,
            "per_day",
            "melebihi batas Rp10.000.000",
        ),
        (
            Some(100),
            None,
            Some("100,01"),
            "deduction",
            "lebih dari 100%",
        ),
        (
            Some(100),
            None,
            Some("sepuluh"),
            "deduction",
            "bukan persentase",
        ),
        (
            None,
            None,
            None,
            "per_day",
            "Isi uang transport per hari atau uang paket untuk Peserta",
        ),
    ];
    for (per_day, lump, ded, field, words) in cases {
        let e = f.rate(p.clone(), per_day, lump, ded).unwrap_err();
        assert_eq!(e.field(), Some(field), "{per_day:?} {lump:?} {ded:?}");
        assert!(
            e.message(Lang::Id).contains(words),
            "{}",
            e.message(Lang::Id)
        );
    }
    assert!(
        allowance::rates(&f.s, &f.ev).unwrap().is_empty(),
        "nothing was kept"
    );
    assert_eq!(
        Target::category("kucing").unwrap_err().field(),
        Some("category")
    );
    assert_eq!(Target::role("bos").unwrap_err().field(), Some("role"));

    // the ceiling is the user's: raised, the amount is taken
    let mut signers = Signers {
        ceiling: 20_000_000,
        treasurer_name: "Siti".into(),
        ..Default::default()
    };
    allowance::set_signers(&mut f.s, &f.ev, &signers).unwrap();
    f.rate(p.clone(), Some(10_000_001), None, None).unwrap();
    signers.ceiling = 0;
    assert_eq!(
        allowance::set_signers(&mut f.s, &f.ev, &signers)
            .unwrap_err()
            .field(),
        Some("ceiling")
    );
    assert_eq!(allowance::signers(&f.s, &f.ev).unwrap().ceiling, 20_000_000);

    // someone attended whose category and role have no amount: refused, by name
    let e = allowance::receipts(&f.s, &f.ev).unwrap_err();
    assert!(
        e.message(Lang::Id)
            .contains("Kategori \"Master Trainer\" (1 orang hadir)"),
        "{}",
        e.message(Lang::Id)
    );
    assert!(
        e.message(Lang::En).contains("nor has the role Facilitator"),
        "{}",
        e.message(Lang::En)
    );
    f.rate(Target::Role(PayRole::Facilitator), Some(0), Some(0), None)
        .unwrap();
    assert_eq!(allowance::receipts(&f.s, &f.ev).unwrap().lines.len(), 2);
    // removing a rate that does not exist is a not-found, not a silent success
    assert_eq!(
        allowance::remove_rate(&mut f.s, &f.ev, &Target::Role(PayRole::Committee))
            .unwrap_err()
            .code(),
        "not_found"
    );
}

// ------------------------------------------------------------------ photos

/// A JPEG of `w` x `h` (left half dark, right half light) with an EXIF block holding the
/// given orientation, a camera make and a GPS position.
fn jpeg_with_exif(w: u32, h: u32, orientation: u16) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, _| {
        if x < w / 2 {
            image::Rgb([20, 20, 20])
        } else {
            image::Rgb([235, 235, 235])
        }
    });
    let mut plain = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut plain, 90)
        .encode_image(&img)
        .unwrap();
    // TIFF, little endian: IFD0 (Make, Orientation, GPS pointer) then the GPS IFD
    let mut t: Vec<u8> = b"II\x2a\x00\x08\x00\x00\x00".to_vec();
    let entry = |t: &mut Vec<u8>, tag: u16, typ: u16, count: u32, value: u32| {
        t.extend(tag.to_le_bytes());
        t.extend(typ.to_le_bytes());
        t.extend(count.to_le_bytes());
        t.extend(value.to_le_bytes());
    };
    t.extend(3u16.to_le_bytes());
    entry(&mut t, 0x010F, 2, 10, 50); // Make -> offset 50
    entry(&mut t, 0x0112, 3, 1, orientation as u32);
    entry(&mut t, 0x8825, 4, 1, 60); // GPS IFD at 60
    t.extend(0u32.to_le_bytes());
    assert_eq!(t.len(), 50);
    t.extend(b"CanonSPY\0\0");
    assert_eq!(t.len(), 60);
    t.extend(1u16.to_le_bytes());
    entry(&mut t, 0x0002, 5, 3, 78); // GPSLatitude -> offset 78
    t.extend(0u32.to_le_bytes());
    assert_eq!(t.len(), 78);
    for (n, d) in [(3u32, 1u32), (19, 1), (4242, 100)] {
        t.extend(n.to_le_bytes());
        t.extend(d.to_le_bytes());
    }
    let mut app1 = b"Exif\0\0".to_vec();
    app1.extend(&t);
    let mut out = vec![0xFF, 0xD8, 0xFF, 0xE1];
    out.extend(((app1.len() + 2) as u16).to_be_bytes());
    out.extend(&app1);
    out.extend(&plain[2..]);
    out
}

fn find(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn photos_are_turned_upright_shrunk_and_lose_their_exif() {
    let mut f = fixture();
    let original = jpeg_with_exif(3200, 1800, 6); // taken sideways: 90 degrees clockwise
    assert!(find(&original, b"CanonSPY") && find(&original, b"Exif"));
    let p = photos::add(
        &mut f.s,
        &f.ev,
        None,
        &original,
        "IMG_0001.JPG",
        "Pembukaan",
        false,
    )
    .unwrap();
    assert_eq!(
        (p.width, p.height),
        (900, 1600),
        "upright (portrait) and 1600 px on the long side"
    );
    assert!(p.in_report);
    let kept = photos::jpeg(&f.s, &p.id).unwrap();
    assert!(
        !find(&kept, b"Exif") && !find(&kept, b"CanonSPY"),
        "no EXIF: no camera, no position"
    );
    let img = image::load_from_memory(&kept).unwrap().to_luma8();
    // rotated clockwise, the dark left half is now the top half
    assert!(img.get_pixel(450, 200).0[0] < 80 && img.get_pixel(450, 1400).0[0] > 180);

    // a small PNG stays its size; a photo with people stays out of the report until kept
    let mut png = Vec::new();
    image::RgbImage::from_pixel(640, 480, image::Rgb([10, 120, 200]))
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .unwrap();
    let q = photos::add(
        &mut f.s,
        &f.ev,
        None,
        &png,
        "peserta.png",
        "Peserta berdiskusi",
        true,
    )
    .unwrap();
    assert_eq!(
        (q.width, q.height, q.shows_people, q.in_report),
        (640, 480, true, false)
    );
    assert_eq!(photos::for_report(&f.s, &f.ev).unwrap().len(), 1);
    photos::update(&mut f.s, &q.id, "Peserta berdiskusi", true, true).unwrap();
    assert_eq!(photos::for_report(&f.s, &f.ev).unwrap().len(), 2);
    photos::remove(&mut f.s, &q.id).unwrap();
    assert_eq!(photos::list(&f.s, &f.ev).unwrap().len(), 1);
}

#[test]
fn corrupt_enormous_and_unsupported_images_are_refused_and_change_nothing() {
    let mut f = fixture();
    let good = jpeg_with_exif(400, 300, 1);
    // a JPEG cut off in its headers (a copy that stopped early)
    let truncated = &good[..200];
    let e = photos::add(&mut f.s, &f.ev, None, truncated, "rusak.jpg", "", false).unwrap_err();
    assert_eq!(e.field(), Some("photo"));
    assert!(
        e.message(Lang::Id).contains("rusak.jpg"),
        "{}",
        e.message(Lang::Id)
    );

    // an image "bomb": a few bytes of PNG that claim 60000 x 60000 pixels
    let mut bomb = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut bomb, 60_000, 60_000);
        enc.set_color(png::ColorType::Rgb);
        let _ = enc.write_header().unwrap();
    }
    let e = photos::add(&mut f.s, &f.ev, None, &bomb, "bom.png", "", false).unwrap_err();
    assert_eq!(e.code(), "photo.too_large_to_open");
    assert!(
        e.message(Lang::Id).contains("terlalu besar"),
        "{}",
        e.message(Lang::Id)
    );

    let mut heic = vec![0, 0, 0, 0x18];
    heic.extend(b"ftypheic\0\0\0\0mif1heic");
    heic.resize(200, 0);
    let e = photos::add(&mut f.s, &f.ev, None, &heic, "IMG_2001.HEIC", "", false).unwrap_err();
    assert_eq!((e.code(), e.field()), ("photo.heic", Some("photo")));
    assert!(
        e.message(Lang::Id).contains("HEIC") && e.message(Lang::Id).contains("JPEG"),
        "{}",
        e.message(Lang::Id)
    );

    let e = photos::add(
        &mut f.s,
        &f.ev,
        None,
        b"%PDF-1.7 not a photo",
        "surat.pdf",
        "",
        false,
    )
    .unwrap_err();
    assert_eq!(e.code(), "photo.not_a_photo");
    assert!(
        e.message(Lang::En).contains("not a JPEG or PNG"),
        "{}",
        e.message(Lang::En)
    );

    let huge = vec![0xFFu8; photos::MAX_FILE_BYTES + 1];
    let e = photos::add(&mut f.s, &f.ev, None, &huge, "besar.jpg", "", false).unwrap_err();
    assert_eq!(e.code(), "photo.too_large");
    assert!(e.message(Lang::Id).contains("terlalu besar"));

    let long = "x".repeat(301);
    assert_eq!(
        photos::add(&mut f.s, &f.ev, None, &good, "ok.jpg", &long, false)
            .unwrap_err()
            .field(),
        Some("caption")
    );
    assert!(
        photos::list(&f.s, &f.ev).unwrap().is_empty(),
        "nothing was kept"
    );
}

#[test]
fn photos_travel_to_headquarters_only_when_asked() {
    use plm_core::sync;
    let mut f = fixture();
    let jpeg = jpeg_with_exif(1200, 800, 1);
    let p = photos::add(&mut f.s, &f.ev, None, &jpeg, "a.jpg", "Pembukaan", false).unwrap();
    let totals = photos::totals(&f.s, &f.ev).unwrap();
    assert_eq!(totals.photos, 1);
    assert!(
        totals.bytes >= p.bytes,
        "the size the file grows by is announced"
    );

    let (without, info) = sync::export(&mut f.s, &f.ev, &[], true).unwrap();
    assert!(!info.manifest.counts.contains_key("photos"));
    let (with, info) = sync::export_with(&mut f.s, &f.ev, &[], true, true).unwrap();
    assert_eq!(info.manifest.counts.get("photos"), Some(&1));
    assert!(
        with.len() > without.len(),
        "{} vs {}",
        with.len(),
        without.len()
    );

    let mut hq = Store::open_in_memory().unwrap();
    sync::import(&mut hq, &without, "a.plmsync", false, &[]).unwrap();
    assert!(
        photos::list(&hq, &f.ev).unwrap().is_empty(),
        "no photos unless asked"
    );
    let r = sync::import(&mut hq, &with, "b.plmsync", false, &[]).unwrap();
    assert_eq!(r.by_table["photos"].added, 1);
    assert_eq!(
        photos::jpeg(&hq, &p.id).unwrap(),
        photos::jpeg(&f.s, &p.id).unwrap()
    );
    // a file without photos after one with them removes nothing
    sync::import(&mut hq, &without, "a.plmsync", false, &[]).unwrap();
    assert_eq!(photos::list(&hq, &f.ev).unwrap().len(), 1);
    // a removal travels as a tombstone (the bytes do not)
    photos::remove(&mut f.s, &p.id).unwrap();
    let (again, _) = sync::export_with(&mut f.s, &f.ev, &[], true, true).unwrap();
    sync::import(&mut hq, &again, "c.plmsync", false, &[]).unwrap();
    assert!(photos::list(&hq, &f.ev).unwrap().is_empty());
}
