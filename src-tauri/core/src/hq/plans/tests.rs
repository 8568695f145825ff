//! The planned PLMs' tests.

use super::*;

fn plan(province: &str, start: &str) -> PlanInput {
    PlanInput {
        province: province.into(),
        start_date: start.into(),
        days: 3,
        wave: Some(1),
        trainers: vec!["Budi; Sari".into()],
        ..Default::default()
    }
}

#[test]
fn a_plan_is_named_after_its_province_and_moves_from_planned_to_overdue() {
    let mut s = Store::open_in_memory().unwrap();
    let p = add(&mut s, &plan("63", "2022-07-05")).unwrap();
    assert_eq!(p.title, "PLM Provinsi Kalimantan Selatan");
    assert_eq!(p.trainers, vec!["Budi", "Sari"]);
    assert_eq!(p.end_date, "2022-07-07");
    let day = |d: &str| NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap();
    let state = |s: &Store, today| list(s, day(today)).unwrap()[0].state;
    assert_eq!(state(&s, "2022-07-21"), PlanState::Planned);
    assert_eq!(state(&s, "2022-07-22"), PlanState::Overdue);
    mark_kit_saved(&mut s, p.id.as_deref().unwrap()).unwrap();
    assert_eq!(state(&s, "2022-07-01"), PlanState::KitSent);
}

#[test]
fn a_bad_plan_is_refused_with_its_field() {
    let mut s = Store::open_in_memory().unwrap();
    let e = add(&mut s, &plan("Atlantis", "2022-07-05")).unwrap_err();
    assert_eq!(crate::error::Localized::code(&e), "event.unknown_province");
    let e = add(&mut s, &plan("63", "31/02/2022")).unwrap_err();
    assert_eq!(crate::error::Localized::code(&e), "event.bad_date");
    assert!(list(&s, NaiveDate::MIN).unwrap().is_empty());
}

#[test]
fn a_spreadsheet_of_plans_reports_each_line_and_adds_nothing_twice() {
    let mut s = Store::open_in_memory().unwrap();
    let csv = "No;Provinsi;Gelombang;Tanggal mulai;Hari;Kota;Tempat;Master trainer\n\
               1;Kalimantan Selatan;3;05/07/2022;3;Banjarbaru;Hotel Aston;Budi, Sari\n\
               2;Atlantis;3;05/07/2022;3;;;\n\
               3;Papua;x;2022-08-01;2;;;\n\
               4;Aceh;1;2022-05-10;;Banda Aceh;;\n";
    let r = import(&mut s, csv.as_bytes(), false, crate::Lang::En).unwrap();
    assert_eq!(r.added, 2);
    assert_eq!(
        r.rejected.iter().map(|x| x.line).collect::<Vec<_>>(),
        vec![3, 4]
    );
    assert!(
        r.rejected[0].reason.contains("Atlantis"),
        "{:?}",
        r.rejected
    );
    let again = import(&mut s, csv.as_bytes(), false, crate::Lang::En).unwrap();
    assert_eq!(again.added, 0);
    assert_eq!(again.already_planned.len(), 2);
    let all = list(&s, NaiveDate::MIN).unwrap();
    assert_eq!(all.len(), 2);
    let aceh = &all[0];
    assert_eq!((aceh.province_code.as_str(), aceh.days), ("11", 3));
    assert_eq!(all[1].trainers, vec!["Budi", "Sari"]);
    assert_eq!(all[1].city, "Kota Banjarbaru");
}
