//! The events module's tests: events, their agenda, and the rules on both.

use super::*;
use crate::error::Localized;
use crate::i18n::Lang;

pub(crate) fn kalsel() -> EventInput {
    EventInput {
        title: "PLM Provinsi Kalimantan Selatan".into(),
        province: "63".into(),
        regency: "Kota Banjarmasin".into(),
        venue: "Aston Banua Hotel".into(),
        start_date: "2022-07-05".into(),
        days: 2,
        wave: Some(3),
        organiser: "Perpusnas RI".into(),
        ..Default::default()
    }
}

fn sess(day: i64, start: &str, end: &str, title: &str) -> SessionInput {
    SessionInput {
        day,
        start: start.into(),
        end: end.into(),
        title: title.into(),
        ..Default::default()
    }
}

fn count(store: &Store, table: &str) -> i64 {
    store
        .conn()
        .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}

#[test]
fn create_event_derives_zone_regency_and_year() {
    let mut s = Store::open_in_memory().unwrap();
    let e = crate::desk::create_event(&mut s, &kalsel()).unwrap();
    assert_eq!(e.province_name, "Kalimantan Selatan");
    assert_eq!(e.timezone, "Asia/Makassar");
    assert_eq!(e.zone_label, "WITA");
    assert_eq!(e.regency_code.as_deref(), Some("63.71"));
    assert_eq!(e.program_year, 2022);
    assert_eq!(e.end_date, "2022-07-06");
    assert_eq!(e.attendance_mode, AttendanceMode::Day);
    assert_eq!(
        e.retention_until.as_deref(),
        Some("2024-07-06"),
        "two years after the last day"
    );
    assert!(!e.retention_due(NaiveDate::from_ymd_opt(2024, 7, 6).unwrap()));
    assert!(e.retention_due(NaiveDate::from_ymd_opt(2024, 7, 7).unwrap()));
    assert_eq!(
        set_retention(&mut s, &e.id, "2022-07-01")
            .unwrap_err()
            .code(),
        "event.bad_date",
        "not before the event ends"
    );
    assert_eq!(
        set_retention(&mut s, &e.id, "2023-01-31")
            .unwrap()
            .retention_until
            .as_deref(),
        Some("2023-01-31")
    );
    assert!(crate::ids::is_uuid(&e.id));
    let (hlc, origin, deleted): (String, String, Option<String>) = s
        .conn()
        .query_row(
            "SELECT hlc, origin, deleted_at FROM events WHERE id=?1",
            [&e.id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert!(crate::ids::Hlc::parse(&hlc).is_some());
    assert_eq!(origin, s.device_id());
    assert!(deleted.is_none());
}

#[test]
fn explicit_zone_overrides_province() {
    let mut s = Store::open_in_memory().unwrap();
    let e = crate::desk::create_event(
        &mut s,
        &EventInput {
            timezone: Some("WIB".into()),
            ..kalsel()
        },
    )
    .unwrap();
    assert_eq!(e.zone_label, "WIB");
}

#[test]
fn bad_event_input_is_refused_and_changes_nothing() {
    let mut s = Store::open_in_memory().unwrap();
    let cases: Vec<(EventInput, &str)> = vec![
        (
            EventInput {
                province: "99".into(),
                ..kalsel()
            },
            "event.unknown_province",
        ),
        (
            EventInput {
                days: 0,
                ..kalsel()
            },
            "event.days_out_of_range",
        ),
        (
            EventInput {
                days: 9,
                ..kalsel()
            },
            "event.days_out_of_range",
        ),
        (
            EventInput {
                start_date: "2022-02-30".into(),
                ..kalsel()
            },
            "event.bad_date",
        ),
        (
            EventInput {
                start_date: "kemarin".into(),
                ..kalsel()
            },
            "event.bad_date",
        ),
        (
            EventInput {
                title: "   ".into(),
                ..kalsel()
            },
            "event.required",
        ),
        (
            EventInput {
                title: "x".repeat(201),
                ..kalsel()
            },
            "event.too_long",
        ),
        (
            EventInput {
                timezone: Some("CET".into()),
                ..kalsel()
            },
            "event.unknown_zone",
        ),
        (
            EventInput {
                wave: Some(0),
                ..kalsel()
            },
            "event.wave_out_of_range",
        ),
        (
            EventInput {
                attendance_mode: Some("hourly".into()),
                ..kalsel()
            },
            "event.unknown_mode",
        ),
    ];
    for (input, code) in cases {
        let err = crate::desk::create_event(&mut s, &input).unwrap_err();
        assert_eq!(err.code(), code, "{input:?}");
        assert!(!err.message(Lang::Id).is_empty());
    }
    assert_eq!(count(&s, "events"), 0);
}

#[test]
fn indonesian_date_format_is_accepted() {
    let mut s = Store::open_in_memory().unwrap();
    let e = crate::desk::create_event(
        &mut s,
        &EventInput {
            start_date: "5/7/2022".into(),
            ..kalsel()
        },
    )
    .unwrap();
    assert_eq!(e.start_date, "2022-07-05");
}

#[test]
fn edit_event_and_current_event() {
    let mut s = Store::open_in_memory().unwrap();
    let a = crate::desk::create_event(&mut s, &kalsel()).unwrap();
    let b = crate::desk::create_event(
        &mut s,
        &EventInput {
            title: "PLM Bali".into(),
            province: "Bali".into(),
            start_date: "2022-08-01".into(),
            ..kalsel()
        },
    )
    .unwrap();
    assert_eq!(b.zone_label, "WITA");
    assert_eq!(current(&s).unwrap().unwrap().id, b.id, "newest by default");
    set_current(&mut s, &a.id).unwrap();
    assert_eq!(current(&s).unwrap().unwrap().id, a.id);
    let edited = update(
        &mut s,
        &a.id,
        &EventInput {
            days: 3,
            venue: "Hotel A".into(),
            ..kalsel()
        },
    )
    .unwrap();
    assert_eq!(edited.days, 3);
    assert_eq!(edited.venue, "Hotel A");
    assert_eq!(edited.created_at, a.created_at);
    assert_eq!(list(&s).unwrap().len(), 2);
    delete(&mut s, &b.id).unwrap();
    assert_eq!(list(&s).unwrap().len(), 1);
    assert_eq!(count(&s, "events"), 2, "deletion is a tombstone");
    assert_eq!(get(&s, &b.id).unwrap_err().code(), "not_found");
}

#[test]
fn agenda_rules() {
    let mut s = Store::open_in_memory().unwrap();
    let e = crate::desk::create_event(&mut s, &kalsel()).unwrap();
    let open = add_session(
        &mut s,
        &e.id,
        &SessionInput {
            kind: Some("pembukaan".into()),
            ..sess(1, "08.00", "09:00", "Pembukaan")
        },
    )
    .unwrap();
    assert_eq!(open.kind, "opening");
    assert_eq!(open.date, "2022-07-05");
    add_session(&mut s, &e.id, &sess(1, "09:00", "10:30", "Paparan capaian")).unwrap();
    add_session(&mut s, &e.id, &sess(2, "08:00", "09:00", "RTL")).unwrap();

    let err = add_session(&mut s, &e.id, &sess(1, "10:00", "11:00", "Diskusi")).unwrap_err();
    assert_eq!(err.code(), "session.overlap");
    assert!(err.message(Lang::Id).contains("Paparan capaian"));
    assert_eq!(
        add_session(&mut s, &e.id, &sess(1, "11:00", "10:00", "X"))
            .unwrap_err()
            .code(),
        "session.end_before_start"
    );
    assert_eq!(
        add_session(&mut s, &e.id, &sess(1, "11:00", "11:00", "X"))
            .unwrap_err()
            .code(),
        "session.end_before_start"
    );
    assert_eq!(
        add_session(&mut s, &e.id, &sess(3, "08:00", "09:00", "X"))
            .unwrap_err()
            .code(),
        "session.day_outside_event"
    );
    assert_eq!(
        add_session(&mut s, &e.id, &sess(0, "08:00", "09:00", "X"))
            .unwrap_err()
            .code(),
        "session.day_outside_event"
    );
    assert_eq!(
        add_session(&mut s, &e.id, &sess(1, "25:00", "26:00", "X"))
            .unwrap_err()
            .code(),
        "session.bad_time"
    );
    assert_eq!(
        add_session(
            &mut s,
            &e.id,
            &SessionInput {
                kind: Some("party".into()),
                ..sess(1, "13:00", "14:00", "X")
            }
        )
        .unwrap_err()
        .code(),
        "session.unknown_kind"
    );
    assert_eq!(
        add_session(&mut s, "nope", &sess(1, "13:00", "14:00", "X"))
            .unwrap_err()
            .code(),
        "not_found"
    );
    assert_eq!(list_sessions(&s, &e.id).unwrap().len(), 3);

    // editing a session may keep its own slot
    let mut edit = sess(1, "08:00", "09:15", "Pembukaan resmi");
    edit.kind = Some("opening".into());
    assert_eq!(
        update_session(&mut s, &open.id, &edit).unwrap_err().code(),
        "session.overlap"
    );
    edit.end = "08:45".into();
    let edited = update_session(&mut s, &open.id, &edit).unwrap();
    assert_eq!(edited.title, "Pembukaan resmi");

    // shortening the event below a day that has sessions is refused
    let err = update(
        &mut s,
        &e.id,
        &EventInput {
            days: 1,
            ..kalsel()
        },
    )
    .unwrap_err();
    assert_eq!(err.code(), "event.sessions_beyond_days");
    assert_eq!(get(&s, &e.id).unwrap().days, 2);

    delete_session(&mut s, &edited.id).unwrap();
    assert_eq!(list_sessions(&s, &e.id).unwrap().len(), 2);
    assert_eq!(get_session(&s, &edited.id).unwrap_err().code(), "not_found");
}

#[test]
fn reorder_keeps_durations_and_slot() {
    let mut s = Store::open_in_memory().unwrap();
    let e = crate::desk::create_event(&mut s, &kalsel()).unwrap();
    let a = add_session(&mut s, &e.id, &sess(1, "08:00", "09:00", "A")).unwrap();
    let b = add_session(&mut s, &e.id, &sess(1, "09:15", "11:15", "B")).unwrap();
    let list = move_session(&mut s, &b.id, true).unwrap();
    let titles: Vec<_> = list
        .iter()
        .map(|x| (x.title.as_str(), x.start.as_str(), x.end.as_str()))
        .collect();
    assert_eq!(
        titles,
        vec![("B", "08:00", "10:00"), ("A", "10:15", "11:15")]
    );
    assert_eq!(
        move_session(&mut s, &b.id, true).unwrap_err().code(),
        "session.cannot_move"
    );
    let list = move_session(&mut s, &b.id, false).unwrap();
    assert_eq!(list[0].title, "A");
    assert_eq!(
        (list[0].start.as_str(), list[1].end.as_str()),
        ("08:00", "11:15")
    );
    assert_eq!(a.day, 1);
}
