//! Check-in and attendance rules, each test on its own database.

use chrono::{DateTime, TimeZone, Utc};
use plm_core::attendance::{self, CheckinInput, SignatureInput, Who};
use plm_core::error::Localized;
use plm_core::events::{self, EventInput, SessionInput};
use plm_core::participants::{self, ParticipantInput};
use plm_core::Store;

fn png(w: u32, h: u32) -> Vec<u8> {
    rgba_png(w, h, &vec![0u8; (w * h * 4) as usize])
}

fn rgba_png(w: u32, h: u32, px: &[u8]) -> Vec<u8> {
    let mut out = vec![];
    {
        let mut enc = png::Encoder::new(&mut out, w, h);
        enc.set_color(png::ColorType::Rgba);
        enc.set_depth(png::BitDepth::Eight);
        enc.write_header().unwrap().write_image_data(px).unwrap();
    }
    out
}

fn at(h: u32, m: u32) -> DateTime<Utc> {
    // 2022-07-05 in WITA (UTC+8)
    Utc.with_ymd_and_hms(2022, 7, 5, h, m, 0).unwrap() - chrono::Duration::hours(8)
}

fn setup(mode: &str) -> (Store, String, Vec<participants::Participant>) {
    let mut s = Store::open_in_memory().unwrap();
    let e = plm_core::desk::create_event(
        &mut s,
        &EventInput {
            title: "PLM Kalsel".into(),
            province: "63".into(),
            start_date: "2022-07-05".into(),
            days: 2,
            attendance_mode: Some(mode.into()),
            ..Default::default()
        },
    )
    .unwrap();
    let mut ps = vec![];
    for (name, g, cat) in [
        ("Ayu Sari", "P", "impact"),
        ("Budi Santoso", "L", "perpustakaan_desa"),
        ("Citra Dewi", "P", "perpustakaan_desa"),
    ] {
        ps.push(
            participants::add(
                &mut s,
                &e.id,
                &ParticipantInput {
                    name: name.into(),
                    gender: g.into(),
                    category: cat.into(),
                    ..Default::default()
                },
                "manual",
            )
            .unwrap(),
        );
    }
    (s, e.id, ps)
}

fn by_code(code: &str) -> CheckinInput {
    CheckinInput::desk(Who::Code(code.into()))
}

#[test]
fn check_in_is_counted_once_with_its_real_time() {
    let (mut s, e, ps) = setup("day");
    let first = attendance::checkin_at(&mut s, &e, by_code(&ps[0].code), at(8, 31)).unwrap();
    assert_eq!(first.status, "checked_in");
    assert_eq!(first.at_local, "08.31 WITA");
    assert_eq!(first.attendance.day, 1);
    assert_eq!(first.at, "2022-07-05T00:31:00.000Z");
    for _ in 0..5 {
        let again =
            attendance::checkin_at(&mut s, &e, by_code(&ps[0].code.to_lowercase()), at(9, 0))
                .unwrap();
        assert_eq!(again.status, "already_checked_in");
        assert_eq!(again.at, first.at, "the first time stays");
    }
    let c = attendance::count(&s, &e, "d1").unwrap();
    assert_eq!((c.present, c.expected), (1, 3));
    // the next day is another slot
    let d2 = attendance::checkin_at(
        &mut s,
        &e,
        by_code(&ps[0].code),
        at(8, 0) + chrono::Duration::days(1),
    )
    .unwrap();
    assert_eq!((d2.status.code(), d2.attendance.day), ("checked_in", 2));
    // before the event the desk uses day 1, after it the last day
    assert_eq!(
        attendance::day_at(
            &events::get(&s, &e).unwrap(),
            at(8, 0) - chrono::Duration::days(3)
        ),
        1
    );
    assert_eq!(
        attendance::day_at(
            &events::get(&s, &e).unwrap(),
            at(8, 0) + chrono::Duration::days(9)
        ),
        2
    );
}

#[test]
fn codes_typed_under_other_keyboard_layouts() {
    assert_eq!(
        attendance::normalise_code(" ab-c é\"'(è_çà&"),
        "AB6C234578901"
    );
    let (mut s, e, ps) = setup("day");
    let code = &ps[1].code;
    let qwertz: String = code
        .chars()
        .map(|c| match c {
            'Y' => 'Z',
            'Z' => 'Y',
            c => c,
        })
        .collect();
    let r = attendance::checkin_at(&mut s, &e, by_code(&qwertz), at(8, 0)).unwrap();
    assert_eq!(r.participant.id, ps[1].id);
    let err = attendance::checkin_at(&mut s, &e, by_code("QQQQQQ"), at(8, 0)).unwrap_err();
    assert_eq!(err.code(), "checkin.unknown_code");
}

#[test]
fn signatures_are_checked_and_hashed() {
    let (mut s, e, ps) = setup("day");
    let good = png(400, 150);
    let mut input = by_code(&ps[0].code);
    input.signature = Some(SignatureInput {
        png: good.clone(),
        strokes: Some("[{\"points\":[]}]".into()),
    });
    let r = attendance::checkin_at(&mut s, &e, input, at(8, 0)).unwrap();
    assert!(r.attendance.signed);
    use sha2::Digest;
    assert_eq!(
        r.attendance.signature_sha256.as_deref(),
        Some(hex::encode(sha2::Sha256::digest(&good)).as_str())
    );
    assert_eq!(
        attendance::signature_png(&s, &r.attendance.id)
            .unwrap()
            .unwrap(),
        good
    );

    let rows_before: i64 = s
        .conn()
        .query_row("SELECT count(*) FROM attendance", [], |r| r.get(0))
        .unwrap();
    for (bad, why) in [
        (b"GIF89a....".to_vec(), "not a PNG"),
        (png(4000, 100), "dimensions"),
        (
            {
                let mut p = png(300, 100);
                p.truncate(30);
                p
            },
            "damaged",
        ),
        (vec![0u8; 300 * 1024], "200 KB"),
    ] {
        let mut input = by_code(&ps[1].code);
        input.signature = Some(SignatureInput {
            png: bad,
            strokes: None,
        });
        let err = attendance::checkin_at(&mut s, &e, input, at(8, 5)).unwrap_err();
        assert_eq!(err.code(), "checkin.bad_signature");
        assert!(
            err.message(plm_core::Lang::En).contains(why) || why == "damaged",
            "{why}: {}",
            err.message(plm_core::Lang::En)
        );
    }
    let rows_after: i64 = s
        .conn()
        .query_row("SELECT count(*) FROM attendance", [], |r| r.get(0))
        .unwrap();
    assert_eq!(
        rows_before, rows_after,
        "a refused signature refuses the whole check-in"
    );

    // sign later
    let plain = attendance::checkin_at(&mut s, &e, by_code(&ps[2].code), at(8, 10)).unwrap();
    assert!(!plain.attendance.signed);
    let signed = attendance::sign(
        &mut s,
        &plain.attendance.id,
        &SignatureInput {
            png: good,
            strokes: None,
        },
    )
    .unwrap();
    assert!(signed.signed);
}

#[test]
fn undo_correction_and_append_only_audit() {
    let (mut s, e, ps) = setup("day");
    let r = attendance::checkin(&mut s, &e, by_code(&ps[0].code)).unwrap();
    attendance::undo(&mut s, &r.attendance.id).unwrap();
    assert_eq!(
        attendance::count(&s, &e, &r.attendance.slot)
            .unwrap()
            .present,
        0
    );
    let r2 = attendance::checkin(&mut s, &e, by_code(&ps[0].code)).unwrap();
    assert_eq!(r2.status, "checked_in", "can check in again after undo");
    assert_eq!(
        attendance::correct_remove(&mut s, &r2.attendance.id, "  ")
            .unwrap_err()
            .code(),
        "checkin.reason_required"
    );
    attendance::correct_remove(&mut s, &r2.attendance.id, "wrong person").unwrap();

    // an old check-in cannot be undone, only corrected
    let old = attendance::checkin_at(&mut s, &e, by_code(&ps[1].code), Utc::now()).unwrap();
    s.conn()
        .execute(
            "UPDATE attendance SET created_at='2022-07-05T00:00:00.000Z' WHERE id=?1",
            [&old.attendance.id],
        )
        .unwrap();
    assert_eq!(
        attendance::undo(&mut s, &old.attendance.id)
            .unwrap_err()
            .code(),
        "checkin.too_late_to_undo"
    );

    let log = attendance::audit_log(&s, &e).unwrap();
    let actions: Vec<&str> = log.iter().map(|a| a.action.as_str()).collect();
    assert_eq!(
        actions,
        ["checkin", "undo", "checkin", "correction_remove", "checkin"]
    );
    assert_eq!(log[3].reason.as_deref(), Some("wrong person"));
    assert!(s
        .conn()
        .execute("UPDATE audit_log SET action='x'", [])
        .is_err());
    assert!(s.conn().execute("DELETE FROM audit_log", []).is_err());
}

#[test]
fn closing_a_day_summarises_seals_and_backs_up() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(&dir.path().join("plm-desk.sqlite3")).unwrap();
    let e = plm_core::desk::create_event(
        &mut s,
        &EventInput {
            title: "PLM".into(),
            province: "63".into(),
            start_date: "2022-07-05".into(),
            days: 2,
            ..Default::default()
        },
    )
    .unwrap()
    .id;
    let mut ps = vec![];
    for (name, g, cat) in [
        ("Ayu", "P", "impact"),
        ("Budi", "L", "perpustakaan_desa"),
        ("Citra", "P", "perpustakaan_desa"),
    ] {
        ps.push(
            participants::add(
                &mut s,
                &e,
                &ParticipantInput {
                    name: name.into(),
                    gender: g.into(),
                    category: cat.into(),
                    ..Default::default()
                },
                "manual",
            )
            .unwrap(),
        );
    }
    attendance::checkin_at(&mut s, &e, by_code(&ps[0].code), at(8, 0)).unwrap();
    attendance::checkin_at(&mut s, &e, by_code(&ps[1].code), at(8, 5)).unwrap();
    let sum = attendance::close_day(&mut s, &e, 1).unwrap();
    assert_eq!(
        (sum.present, sum.expected, sum.male, sum.female),
        (2, 3, 1, 1)
    );
    assert_eq!(
        sum.absent
            .iter()
            .map(|p| p.name.as_str())
            .collect::<Vec<_>>(),
        ["Citra"]
    );
    let desa = sum
        .by_category
        .iter()
        .find(|c| c.category == "perpustakaan_desa")
        .unwrap();
    assert_eq!((desa.l, desa.p, desa.total), (1, 0, 1));
    let backup = std::path::PathBuf::from(sum.backup.unwrap());
    assert!(backup.exists() && backup.starts_with(dir.path().join("backups")));
    // the backup is encrypted with the database's key: without it, no table is readable
    let bare = rusqlite::Connection::open(&backup).unwrap();
    assert!(bare
        .query_row("SELECT count(*) FROM attendance", [], |r| r
            .get::<_, i64>(0))
        .is_err());
    let copy = rusqlite::Connection::open(&backup).unwrap();
    plm_core::vault::apply_key(&copy, s.key().unwrap()).unwrap();
    let n: i64 = copy
        .query_row("SELECT count(*) FROM attendance", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 2, "the backup holds the day's check-ins");

    let err = attendance::checkin_at(&mut s, &e, by_code(&ps[2].code), at(9, 0)).unwrap_err();
    assert_eq!(err.code(), "checkin.day_sealed");
    assert_eq!(
        attendance::close_day(&mut s, &e, 1).unwrap_err().code(),
        "checkin.day_sealed"
    );
    assert_eq!(
        attendance::reopen_day(&mut s, &e, 1, "")
            .unwrap_err()
            .code(),
        "checkin.reason_required"
    );
    attendance::reopen_day(&mut s, &e, 1, "Citra signed on paper").unwrap();
    let mut paper = by_code(&ps[2].code);
    paper.source = plm_core::attendance::CheckinSource::Paper;
    paper.sheet_ref = Some("Lembar 1".into());
    let r = attendance::checkin_at(&mut s, &e, paper, at(9, 0)).unwrap();
    assert_eq!(
        (
            r.attendance.source.code(),
            r.attendance.sheet_ref.as_deref()
        ),
        ("paper", Some("Lembar 1"))
    );
    let actions: Vec<String> = attendance::audit_log(&s, &e)
        .unwrap()
        .into_iter()
        .map(|a| a.action)
        .collect();
    assert!(actions.ends_with(&[
        "seal_day".to_string(),
        "reopen_day".into(),
        "paper_entry".into()
    ]));
}

#[test]
fn per_session_attendance() {
    let (mut s, e, ps) = setup("session");
    let open = events::add_session(
        &mut s,
        &e,
        &SessionInput {
            day: 1,
            start: "08:00".into(),
            end: "09:00".into(),
            title: "Pembukaan".into(),
            ..Default::default()
        },
    )
    .unwrap();
    let share = events::add_session(
        &mut s,
        &e,
        &SessionInput {
            day: 1,
            start: "09:00".into(),
            end: "11:00".into(),
            title: "Berbagi".into(),
            ..Default::default()
        },
    )
    .unwrap();
    let a = attendance::checkin_at(&mut s, &e, by_code(&ps[0].code), at(8, 30)).unwrap();
    assert_eq!(a.attendance.session_id.as_deref(), Some(open.id.as_str()));
    let b = attendance::checkin_at(&mut s, &e, by_code(&ps[0].code), at(9, 30)).unwrap();
    assert_eq!(
        (b.status.code(), b.attendance.session_id.as_deref()),
        ("checked_in", Some(share.id.as_str()))
    );
    let mut explicit = by_code(&ps[0].code);
    explicit.session_id = Some(open.id.clone());
    assert_eq!(
        attendance::checkin_at(&mut s, &e, explicit, at(10, 0))
            .unwrap()
            .status,
        "already_checked_in"
    );
    let mut none = by_code(&ps[1].code);
    none.day = Some(2);
    assert_eq!(
        attendance::checkin_at(&mut s, &e, none, at(10, 0))
            .unwrap_err()
            .code(),
        "checkin.no_sessions"
    );
}

/// A stroke on transparent, as the desk's pad draws it.
fn stroke_png(w: u32, h: u32) -> Vec<u8> {
    let mut px = vec![0u8; (w * h * 4) as usize];
    for x in 10..w - 10 {
        let y = h / 2 + ((x as f32 / 20.0).sin() * (h as f32 / 4.0)) as u32;
        let i = ((y * w + x) * 4) as usize;
        px[i + 3] = 255;
    }
    rgba_png(w, h, &px)
}

#[test]
fn a_signature_is_made_print_ready_when_captured_and_leaves_with_it() {
    use std::io::Read;
    let (mut s, e, ps) = setup("day");
    let sig = stroke_png(400, 150);
    let mut input = by_code(&ps[0].code);
    input.signature = Some(SignatureInput {
        png: sig.clone(),
        strokes: None,
    });
    let r = attendance::checkin_at(&mut s, &e, input, at(8, 0)).unwrap();
    // the sheet gets the copy made at capture: the same pixels as decoding at print time
    let rows = attendance::sheet_rows(&s, &e, 1, None).unwrap();
    let row = rows.iter().find(|x| x.participant.id == ps[0].id).unwrap();
    let print = row.signature_print.as_ref().expect("a print copy");
    let (bw, bh) = plm_core::signature::PRINT_BOX;
    let grey = plm_core::signature::to_grey(&sig, bw, bh).unwrap();
    assert_eq!((print.width, print.height), (grey.width, grey.height));
    assert_eq!((print.width, print.height), (220, 83));
    let mut pixels = vec![];
    flate2::read::ZlibDecoder::new(&print.deflated[..])
        .read_to_end(&mut pixels)
        .unwrap();
    assert_eq!(pixels, grey.pixels);
    assert!(pixels.iter().any(|&g| g < 128), "the stroke is there");
    // the printed sheet places it as deflated greyscale, undecoded
    let opts = plm_core::reports::sheet::SheetOptions {
        day: Some(1),
        session_id: None,
        blank: false,
        paper: plm_core::reports::layout::Paper::A4,
        phones: false,
    };
    let (pdf, info) = plm_core::reports::sheet::build(&s, &e, &opts, &mut |_, _| {}).unwrap();
    assert_eq!(info.signatures, 1);
    let text = String::from_utf8_lossy(&pdf);
    assert!(text.contains("/DeviceGray") && text.contains("/FlateDecode"));
    // a signature replaced or undone takes its copy with it
    let prints = |s: &Store| -> i64 {
        s.conn()
            .query_row("SELECT count(*) FROM signature_prints", [], |r| r.get(0))
            .unwrap()
    };
    assert_eq!(prints(&s), 1);
    attendance::sign(
        &mut s,
        &r.attendance.id,
        &SignatureInput {
            png: stroke_png(300, 100),
            strokes: None,
        },
    )
    .unwrap();
    assert_eq!(prints(&s), 1, "the replaced signature's copy is gone");
    attendance::correct_remove(&mut s, &r.attendance.id, "wrong person").unwrap();
    assert_eq!(prints(&s), 0, "a removed check-in leaves no copy");
}
