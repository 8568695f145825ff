//! The awards module's tests.

use super::*;

fn setup() -> (Store, String) {
    events::test_event()
}

#[test]
fn a_new_event_has_the_two_default_categories_and_no_criteria() {
    let (s, ev) = setup();
    let cats = list(&s, &ev).unwrap();
    assert_eq!(
        cats.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(),
        DEFAULT_CATEGORIES.to_vec()
    );
    assert!(
        cats.iter().all(|c| c.criteria.is_empty()),
        "the app invents no criteria"
    );
}

#[test]
fn two_judges_weighted_ranking_with_a_tie_and_a_decision() {
    let (mut s, ev) = setup();
    let cat = add_category(&mut s, &ev, "Inovasi Pelibatan Masyarakat").unwrap();
    let a = add_nominee(&mut s, &cat.id, "Perpustakaan Desa A", "Banjar").unwrap();
    let b = add_nominee(&mut s, &cat.id, "Perpustakaan Desa B", "Tapin").unwrap();
    let c = add_nominee(&mut s, &cat.id, "Perpustakaan Desa C", "Tabalong").unwrap();
    let k1 = add_criterion(&mut s, &cat.id, "Jumlah kegiatan", 60.0, 100.0).unwrap();
    let k2 = add_criterion(&mut s, &cat.id, "Kemitraan", 40.0, 10.0).unwrap();
    let j1 = add_judge(&mut s, &cat.id, "Juri 1").unwrap();
    let j2 = add_judge(&mut s, &cat.id, "Juri 2").unwrap();
    // A: j1 (80, 5) -> 0.6*0.8+0.4*0.5 = 0.68 ; j2 (90, 7) -> 0.54+0.28 = 0.82 ; mean 75
    // B: j1 (70, 8) -> 0.42+0.32 = 0.74 ; j2 (80, 7.6) -> 0.48+0.304 = 0.784 ; mean 76.2
    // C: j1 (100, 5) -> 0.80 ; j2 (60, 8) -> 0.36+0.32 = 0.68 ; mean 74
    for (j, n, v1, v2) in [
        (&j1, &a, 80.0, 5.0),
        (&j2, &a, 90.0, 7.0),
        (&j1, &b, 70.0, 8.0),
        (&j2, &b, 80.0, 7.6),
        (&j1, &c, 100.0, 5.0),
        (&j2, &c, 60.0, 8.0),
    ] {
        set_score(&mut s, &j.id, &n.id, &k1.id, Some(v1)).unwrap();
        set_score(&mut s, &j.id, &n.id, &k2.id, Some(v2)).unwrap();
    }
    let r = ranking(&get(&s, &cat.id).unwrap());
    assert_eq!(
        r.iter()
            .map(|x| (x.institution.as_str(), x.score, x.rank))
            .collect::<Vec<_>>(),
        vec![
            ("Perpustakaan Desa B", 76.2, 1),
            ("Perpustakaan Desa A", 75.0, 2),
            ("Perpustakaan Desa C", 74.0, 3)
        ]
    );
    assert!(r.iter().all(|x| !x.tie && x.sheets_complete == 2));
    // judges revise their sheets until A and B tie
    set_score(&mut s, &j2.id, &a.id, &k2.id, Some(9.0)).unwrap(); // A j2 = 0.54+0.36 = 0.90 -> mean 79
    set_score(&mut s, &j1.id, &b.id, &k2.id, Some(10.0)).unwrap(); // B j1 = 0.42+0.40 = 0.82 -> mean 80.2
    set_score(&mut s, &j2.id, &b.id, &k2.id, Some(5.0)).unwrap(); // B j2 = 0.48+0.20 = 0.68 -> mean 75
    set_score(&mut s, &j2.id, &c.id, &k1.id, Some(70.0)).unwrap(); // C j2 = 0.42+0.32 = 0.74 -> mean 77
    set_score(&mut s, &j1.id, &b.id, &k1.id, Some(100.0)).unwrap(); // B j1 = 0.60+0.40 = 1.0 -> mean 84
    set_score(&mut s, &j2.id, &a.id, &k1.id, Some(100.0)).unwrap(); // A j2 = 0.60+0.36 = 0.96 -> mean 82
    set_score(&mut s, &j1.id, &a.id, &k2.id, Some(10.0)).unwrap(); // A j1 = 0.48+0.40 = 0.88 -> mean 92
    set_score(&mut s, &j2.id, &b.id, &k2.id, Some(10.0)).unwrap(); // B j2 = 0.48+0.40 = 0.88 -> mean 94
    set_score(&mut s, &j2.id, &a.id, &k2.id, Some(10.0)).unwrap(); // A j2 = 1.0 -> mean 94
    let r = ranking(&get(&s, &cat.id).unwrap());
    assert_eq!((r[0].score, r[1].score), (94.0, 94.0));
    assert_eq!(
        (r[0].rank, r[1].rank, r[2].rank),
        (1, 1, 3),
        "a tie shares the rank"
    );
    assert!(r[0].tie && r[1].tie && !r[2].tie);
    // an incomplete sheet does not count
    set_score(&mut s, &j2.id, &c.id, &k1.id, None).unwrap();
    let r = ranking(&get(&s, &cat.id).unwrap());
    let rc = r.iter().find(|x| x.nominee_id == c.id).unwrap();
    assert_eq!((rc.sheets_complete, rc.score), (1, 80.0));
    let d = decide(&mut s, &cat.id, Some(&a.id), "Undian setelah seri").unwrap();
    assert_eq!(d.winner_id.as_deref(), Some(a.id.as_str()));
    assert_eq!(
        winners(&s, &ev).unwrap()[0].1.institution,
        "Perpustakaan Desa A"
    );
    // headquarters' one-query form says the same
    let many = winners_in(&s, &[ev.clone(), "other".into()]).unwrap();
    let one: Vec<(String, String, String)> = winners(&s, &ev)
        .unwrap()
        .into_iter()
        .map(|(c, n)| (ev.clone(), c, n.institution))
        .collect();
    assert_eq!(many, one);
}

#[test]
fn bad_scores_weights_and_mixed_categories_are_refused() {
    let (mut s, ev) = setup();
    let cats = list(&s, &ev).unwrap();
    let (c1, c2) = (&cats[0], &cats[1]);
    let n = add_nominee(&mut s, &c1.id, "Dinas Perpustakaan Kab. Banjar", "").unwrap();
    assert_eq!(
        add_nominee(&mut s, &c1.id, "dinas perpustakaan kab. banjar", "")
            .unwrap_err()
            .code(),
        "award.exists"
    );
    let k = add_criterion(&mut s, &c1.id, "Inovasi", 50.0, 10.0).unwrap();
    assert_eq!(
        add_criterion(&mut s, &c1.id, "X", 0.0, 10.0)
            .unwrap_err()
            .code(),
        "award.bad_weight"
    );
    assert_eq!(
        add_criterion(&mut s, &c1.id, "X", f64::NAN, 10.0)
            .unwrap_err()
            .code(),
        "award.bad_weight"
    );
    let j = add_judge(&mut s, &c1.id, "Juri").unwrap();
    let j_other = add_judge(&mut s, &c2.id, "Juri lain").unwrap();
    let before = s.write_count();
    let e = set_score(&mut s, &j.id, &n.id, &k.id, Some(11.0)).unwrap_err();
    assert_eq!(e.code(), "award.score_out_of_range");
    assert!(e.message(Lang::Id).contains("Inovasi"));
    assert_eq!(
        set_score(&mut s, &j_other.id, &n.id, &k.id, Some(5.0))
            .unwrap_err()
            .code(),
        "award.mismatch"
    );
    assert_eq!(s.write_count(), before);
    set_score(&mut s, &j.id, &n.id, &k.id, Some(7.0)).unwrap();
    set_score(&mut s, &j.id, &n.id, &k.id, Some(8.0)).unwrap();
    assert_eq!(
        get(&s, &c1.id).unwrap().scores.len(),
        1,
        "a second entry replaces the first"
    );
    delete_judge(&mut s, &j.id).unwrap();
    assert!(
        get(&s, &c1.id).unwrap().scores.is_empty(),
        "the judge's scores go with the judge"
    );
}
