//! Search as the desk uses it: ranked by where the match is (badge code, a name that
//! starts with it, a word of the name, then institution or regency), apostrophes folded
//! away in the query and the index alike.

use plm_core::participants::{self, ParticipantInput};
use plm_core::Store;

mod support;

/// The Kalimantan Selatan event (1 day) with these people (name, institution).
fn event_with(people: &[(&str, &str)]) -> (Store, String) {
    let (mut s, ev) = support::kalsel_store(1);
    let people = people.iter().map(|(name, institution)| ParticipantInput {
        name: name.to_string(),
        institution: institution.to_string(),
        ..Default::default()
    });
    support::add_people(&mut s, &ev, people);
    (s, ev)
}

fn names(s: &Store, ev: &str, q: &str) -> Vec<String> {
    participants::search(s, ev, q, 30)
        .unwrap()
        .into_iter()
        .map(|p| p.name)
        .collect()
}

#[test]
fn a_name_match_outranks_an_institution_match() {
    let (s, ev) = event_with(&[
        ("Budi Santoso", "Perpustakaan Desa Tambak Sari Panji"),
        ("Nur Sari Dewi", "Dinas Perpustakaan Kab. Banjar"),
        ("Sari Wulandari", "Perpustakaan Desa Tigarun"),
        ("Ahmad Sarif", "Desa Sungai Tabuk"),
    ]);
    assert_eq!(
        names(&s, &ev, "sari"),
        [
            "Sari Wulandari",
            "Ahmad Sarif",
            "Nur Sari Dewi",
            "Budi Santoso"
        ]
    );
    // the badge code comes first of all
    let budi = participants::list(&s, &ev)
        .unwrap()
        .into_iter()
        .find(|p| p.name == "Budi Santoso")
        .unwrap();
    assert_eq!(names(&s, &ev, &budi.code)[0], "Budi Santoso");
}

#[test]
fn apostrophes_are_folded_away_in_the_query_and_the_index() {
    let (s, ev) = event_with(&[
        (
            "Hj. Rabiatul Ma’rufah, S.Sos.",
            "Dinas Perpustakaan Provinsi",
        ),
        ("Nur'aini", "Desa Pematang"),
    ]);
    for q in ["marufah", "ma'rufah", "ma’rufah", "MARUFAH"] {
        assert_eq!(names(&s, &ev, q), ["Hj. Rabiatul Ma’rufah, S.Sos."], "{q}");
    }
    assert_eq!(names(&s, &ev, "nuraini"), ["Nur'aini"]);
    assert_eq!(
        names(&s, &ev, "nur ain"),
        Vec::<String>::new(),
        "one word, not two"
    );
}
