//! The plans module's tests.

use super::*;

fn setup() -> (Store, String) {
    events::test_event()
}

fn item(activity: &str, strategy: &str, when: &str) -> ItemInput {
    ItemInput {
        activity: activity.into(),
        strategy: strategy.into(),
        when: when.into(),
        ..Default::default()
    }
}

#[test]
fn strategies_and_statuses_parse_in_both_languages() {
    assert_eq!(Strategy::parse("Advokasi").unwrap(), "advokasi");
    assert_eq!(
        Strategy::parse("community engagement").unwrap(),
        "pelibatan"
    );
    assert_eq!(Strategy::parse("LAYANAN").unwrap(), "layanan");
    assert_eq!(Strategy::parse("publication").unwrap(), "publikasi");
    assert!(matches!(
        Strategy::parse("lainnya"),
        Err(PlanError::UnknownStrategy(_))
    ));
    assert_eq!(Status::parse("done").unwrap(), "done");
    assert_eq!(Status::parse("Selesai").unwrap(), "done");
    assert_eq!(Status::parse("in progress").unwrap(), "in_progress");
    assert_eq!(Status::parse("berjalan").unwrap(), "in_progress");
    assert!(Status::parse("finished?").is_err());
}

#[test]
fn when_accepts_months_dates_and_ranges_within_a_sensible_span() {
    assert_eq!(
        parse_when("2022-08", 2022).unwrap(),
        (Some("2022-08".into()), None)
    );
    assert_eq!(
        parse_when("08/2022", 2022).unwrap(),
        (Some("2022-08".into()), None)
    );
    assert_eq!(
        parse_when("17/08/2022", 2022).unwrap(),
        (Some("2022-08-17".into()), None)
    );
    assert_eq!(
        parse_when("2022-08..2022-10", 2022).unwrap(),
        (Some("2022-08".into()), Some("2022-10".into()))
    );
    assert_eq!(
        parse_when("2022-08 s.d. 2022-12", 2022).unwrap(),
        (Some("2022-08".into()), Some("2022-12".into()))
    );
    assert_eq!(parse_when("", 2022).unwrap(), (None, None));
    assert!(matches!(
        parse_when("2099-01", 2022),
        Err(PlanError::WhenOutOfRange { .. })
    ));
    assert!(matches!(
        parse_when("2020-01", 2022),
        Err(PlanError::WhenOutOfRange { .. })
    ));
    assert!(matches!(
        parse_when("2022-13", 2022),
        Err(PlanError::BadWhen(_))
    ));
    assert!(matches!(
        parse_when("besok", 2022),
        Err(PlanError::BadWhen(_))
    ));
    assert!(
        matches!(
            parse_when("2022-10..2022-08", 2022),
            Err(PlanError::BadWhen(_))
        ),
        "range backwards"
    );
}

#[test]
fn a_plan_with_items_in_order_duplicate_move_and_status() {
    let (mut s, ev) = setup();
    let p = create(
        &mut s,
        &ev,
        &PlanInput {
            institution: "Perpustakaan Desa Sungai Rangas".into(),
            ..Default::default()
        },
    )
    .unwrap();
    let a = add_item(
        &mut s,
        &p.id,
        &item("Kelas literasi digital", "layanan", "2022-08"),
    )
    .unwrap();
    let b = add_item(
        &mut s,
        &p.id,
        &item("Audiensi dengan kepala desa", "advokasi", "2022-09-01"),
    )
    .unwrap();
    let c = duplicate_item(&mut s, &a.id).unwrap();
    let order: Vec<String> = get(&s, &p.id)
        .unwrap()
        .items
        .iter()
        .map(|i| i.id.clone())
        .collect();
    assert_eq!(
        order,
        vec![a.id.clone(), c.id.clone(), b.id.clone()],
        "duplicate goes right after its original"
    );
    assert_eq!(c.activity, a.activity);
    let moved = move_item(&mut s, &b.id, true).unwrap();
    assert_eq!(
        moved.iter().map(|i| i.id.as_str()).collect::<Vec<_>>(),
        vec![a.id.as_str(), b.id.as_str(), c.id.as_str()]
    );
    assert_eq!(
        moved.iter().map(|i| i.position).collect::<Vec<_>>(),
        vec![1, 2, 3]
    );
    assert_eq!(
        move_item(&mut s, &a.id, true)
            .unwrap_err()
            .domain::<PlanError>(),
        Some(&PlanError::CannotMove)
    );
    let done = set_status(&mut s, &b.id, "done", Some("2022-09-02")).unwrap();
    assert_eq!(
        (done.status.code(), done.status_changed.as_str()),
        ("done", "2022-09-02")
    );
    let counts = counts_by_strategy(&s, &ev).unwrap();
    let adv = counts.iter().find(|c| c.strategy == "advokasi").unwrap();
    assert_eq!((adv.total, adv.done), (1, 1));
    assert_eq!(
        counts
            .iter()
            .find(|c| c.strategy == "layanan")
            .unwrap()
            .planned,
        2
    );
    delete_item(&mut s, &c.id).unwrap();
    assert_eq!(get(&s, &p.id).unwrap().items.len(), 2);
}

#[test]
fn bad_items_are_refused_and_change_nothing() {
    let (mut s, ev) = setup();
    let p = create(
        &mut s,
        &ev,
        &PlanInput {
            institution: "Dinas Perpustakaan Kab. Banjar".into(),
            ..Default::default()
        },
    )
    .unwrap();
    let before = s.write_count();
    let e = add_item(&mut s, &p.id, &item("  ", "layanan", "")).unwrap_err();
    assert_eq!(e.code(), "plan.required");
    assert!(e.message(Lang::Id).contains("kegiatan"));
    let e = add_item(&mut s, &p.id, &item("Lomba", "layanan", "2035-01")).unwrap_err();
    assert_eq!(e.code(), "plan.when_out_of_range");
    assert!(
        e.message(Lang::En).contains("2021 and 2025"),
        "{}",
        e.message(Lang::En)
    );
    let e = add_item(&mut s, &p.id, &item("Lomba", "", "")).unwrap_err();
    assert_eq!(e.code(), "plan.required");
    assert_eq!(s.write_count(), before);
    assert!(get(&s, &p.id).unwrap().items.is_empty());
    let e = set_status(&mut s, "nope", "done", None).unwrap_err();
    assert_eq!(e.code(), "not_found");
}

#[test]
fn one_plan_per_institution_and_members_must_belong_to_the_event() {
    let (mut s, ev) = setup();
    let a = create(
        &mut s,
        &ev,
        &PlanInput {
            institution: "Perpustakaan Desa Maju".into(),
            ..Default::default()
        },
    )
    .unwrap();
    let b = create(
        &mut s,
        &ev,
        &PlanInput {
            institution: " perpustakaan desa MAJU ".into(),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(a.id, b.id);
    let e = create(
        &mut s,
        &ev,
        &PlanInput {
            institution: "X".into(),
            members: vec!["ghost".into()],
            ..Default::default()
        },
    )
    .unwrap_err();
    assert_eq!(e.code(), "plan.unknown_member");
    assert_eq!(list(&s, &ev).unwrap().len(), 1);
    let p = set_presented(&mut s, &a.id, true).unwrap();
    assert!(p.presented && p.presented_at.is_some());
    delete(&mut s, &a.id).unwrap();
    assert!(list(&s, &ev).unwrap().is_empty());
}

#[test]
fn when_reads_as_words() {
    let (mut s, ev) = setup();
    let p = create(
        &mut s,
        &ev,
        &PlanInput {
            institution: "A".into(),
            ..Default::default()
        },
    )
    .unwrap();
    let i = add_item(&mut s, &p.id, &item("x", "publikasi", "2022-08..2022-10")).unwrap();
    assert_eq!(i.when_text(Lang::Id), "Agustus 2022 – Oktober 2022");
    let i = add_item(&mut s, &p.id, &item("y", "publikasi", "2022-08-17")).unwrap();
    assert_eq!(i.when_text(Lang::Id), "17 Agustus 2022");
    assert_eq!(i.when_text(Lang::En), "17 August 2022");
}
