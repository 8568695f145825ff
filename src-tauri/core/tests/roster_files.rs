//! Roster import on real files: the project's messy fixtures and the shared sample.

use plm_core::participants;
use plm_core::roster::{self, Field};
use plm_core::{Lang, Store};
use std::path::PathBuf;

fn fixture(name: &str) -> Vec<u8> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures");
    std::fs::read(root.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

mod support;

fn setup() -> (Store, String) {
    support::kalsel_store(2)
}

fn all_rows(s: &Store) -> i64 {
    s.conn()
        .query_row("SELECT count(*) FROM participants", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn messy_semicolon_windows_1252_roster() {
    let (mut s, e) = setup();
    let bytes = fixture("roster-messy-semicolon-cp1252.csv");
    let rep = roster::import(&mut s, &e, &bytes, None, false, Lang::En).unwrap();
    assert_eq!(rep.imported, 4, "{rep:#?}");
    assert_eq!(rep.updated, 0);
    assert_eq!(rep.unknown_columns, vec!["Ukuran Kaos"]);
    assert_eq!(rep.rejected.len(), 1);
    assert_eq!(rep.rejected[0].line, 6);
    assert_eq!(rep.duplicates.len(), 1);
    assert_eq!(
        (rep.duplicates[0].line, rep.duplicates[0].same_as_line),
        (8, Some(5))
    );
    let w: Vec<(usize, &str, &str)> = rep
        .warnings
        .iter()
        .map(|w| (w.line, w.column.as_str(), w.value.as_str()))
        .collect();
    assert_eq!(
        w,
        vec![
            (5, "NIP", "1.97801E+17"),
            (5, "E-mail", "taufik@"),
            (7, "Jenis Kelamin", "X"),
            (10, "Unsur", "Astronaut"),
        ]
    );
    assert!(rep.warnings[0].reason.contains("Excel"));

    let list = participants::list(&s, &e).unwrap();
    let rabiatul = list.iter().find(|p| p.name.starts_with("Hj.")).unwrap();
    assert_eq!(
        rabiatul.name, "Hj. Rabiatul Ma’rufah, S.Sos.",
        "the ’ arrives as ’"
    );
    assert_eq!(rabiatul.gender.as_deref(), Some("P"));
    assert_eq!(rabiatul.category, "dinas_kabkota");
    let taufik = list.iter().find(|p| p.name == "Taufik Hidayat").unwrap();
    assert_eq!(taufik.phone.as_deref(), Some("+6285378109898"));
    assert_eq!(taufik.nip, None, "a mangled NIP is left empty, not fixed");
    assert_eq!(taufik.email, None);
    let dewi = list.iter().find(|p| p.name.starts_with("Dewi")).unwrap();
    assert_eq!(dewi.category, "lainnya");
    assert_eq!(dewi.phone.as_deref(), Some("+6281233334444"));
    assert!(list.iter().all(|p| p.source == "import"));

    // the same file again adds nothing
    let again = roster::import(&mut s, &e, &bytes, None, false, Lang::En).unwrap();
    assert_eq!((again.imported, again.updated), (0, 0));
    assert_eq!(again.duplicates.len(), 5);
    assert_eq!(participants::count(&s, &e).unwrap(), 4);
}

#[test]
fn dry_run_reports_the_same_and_writes_nothing() {
    let (mut s, e) = setup();
    let bytes = fixture("roster-messy-semicolon-cp1252.csv");
    let dry = roster::import(&mut s, &e, &bytes, None, true, Lang::Id).unwrap();
    assert!(dry.dry_run);
    assert_eq!(dry.imported, 4);
    assert_eq!(all_rows(&s), 0);
    let real = roster::import(&mut s, &e, &bytes, None, false, Lang::Id).unwrap();
    assert_eq!(real.imported, dry.imported);
    assert_eq!(real.warnings, dry.warnings);
}

#[test]
fn fatal_errors_write_nothing() {
    let (mut s, e) = setup();
    let err = roster::import(
        &mut s,
        &e,
        &fixture("roster-no-name-column.csv"),
        None,
        false,
        Lang::En,
    )
    .unwrap_err();
    use plm_core::error::Localized;
    assert_eq!(err.code(), "roster.no_name_column");
    assert!(err.message(Lang::En).contains("Instansi"));
    assert_eq!(
        roster::import(&mut s, &e, b"", None, false, Lang::En)
            .unwrap_err()
            .code(),
        "roster.empty"
    );
    let garbage: Vec<u8> = b"PK\x03\x04garbage that is not a zip".to_vec();
    assert_eq!(
        roster::import(&mut s, &e, &garbage, None, false, Lang::En)
            .unwrap_err()
            .code(),
        "roster.unreadable"
    );
    let unterminated = b"Nama,Instansi\n\"Ani,Dinas\n".to_vec();
    let r = roster::import(&mut s, &e, &unterminated, None, false, Lang::En);
    // an unterminated quote swallows the rest: either refused or one row, never garbage rows
    if let Ok(rep) = r {
        assert!(rep.imported <= 1);
    }
    let before = all_rows(&s);
    assert_eq!(
        roster::import(
            &mut s,
            "no-such-event",
            &fixture("roster-tab-english.tsv"),
            None,
            false,
            Lang::En
        )
        .unwrap_err()
        .code(),
        "not_found"
    );
    assert_eq!(all_rows(&s), before);
}

#[test]
fn tab_separated_english_headers() {
    let (mut s, e) = setup();
    let rep = roster::import(
        &mut s,
        &e,
        &fixture("roster-tab-english.tsv"),
        None,
        false,
        Lang::En,
    )
    .unwrap();
    assert_eq!(rep.imported, 2);
    assert!(
        rep.warnings.is_empty() && rep.unknown_columns.is_empty(),
        "{rep:#?}"
    );
    let list = participants::list(&s, &e).unwrap();
    let ahmad = list.iter().find(|p| p.name == "Ahmad Fauzi").unwrap();
    assert_eq!(
        (
            ahmad.gender.as_deref(),
            ahmad.category.as_str(),
            ahmad.position.as_str()
        ),
        (Some("L"), "master_trainer", "Trainer")
    );
    assert_eq!(ahmad.email.as_deref(), Some("ahmad@perpusnas.go.id"));
}

#[test]
fn xlsx_numbers_excel_made() {
    let (mut s, e) = setup();
    let rep = roster::import(
        &mut s,
        &e,
        &fixture("roster-excel-numbers.xlsx"),
        None,
        false,
        Lang::En,
    )
    .unwrap();
    assert_eq!(rep.imported, 3, "{rep:#?}");
    assert_eq!(rep.warnings.len(), 1, "{:#?}", rep.warnings);
    assert_eq!(
        (rep.warnings[0].line, rep.warnings[0].column.as_str()),
        (3, "NIP")
    );
    let list = participants::list(&s, &e).unwrap();
    let arif = list.iter().find(|p| p.name.starts_with("Arif")).unwrap();
    assert_eq!(arif.phone.as_deref(), Some("+6285300409254"));
    let ayu = list.iter().find(|p| p.name.starts_with("Ayu")).unwrap();
    assert_eq!(ayu.nip, None);
    assert_eq!(ayu.disability.as_deref(), Some("Tuna daksa"));
    let rina = list.iter().find(|p| p.name.starts_with("Rina")).unwrap();
    assert_eq!(rina.nip.as_deref(), Some("196908272016012016"));
    assert_eq!(rina.phone.as_deref(), Some("+6281217649314"));
}

#[test]
fn ods_from_libreoffice() {
    let (mut s, e) = setup();
    let rep = roster::import(
        &mut s,
        &e,
        &fixture("roster-libreoffice.ods"),
        None,
        false,
        Lang::En,
    )
    .unwrap();
    assert_eq!(rep.imported, 2, "{rep:#?}");
    assert!(participants::search(&s, &e, "hasan", 5).unwrap().len() == 1);
}

#[test]
fn mapping_can_be_changed() {
    let (mut s, e) = setup();
    let bytes = fixture("roster-messy-semicolon-cp1252.csv");
    let p = roster::preview(&bytes).unwrap();
    assert_eq!(p.header_line, 3);
    assert_eq!(p.total_rows, 6);
    let mut mapping: Vec<Option<Field>> = p.columns.iter().map(|c| c.field).collect();
    // the user says "Ukuran Kaos" is not wanted and the e-mail column is to be ignored
    mapping[7] = None;
    let rep = roster::import(&mut s, &e, &bytes, Some(&mapping), false, Lang::En).unwrap();
    assert!(rep.warnings.iter().all(|w| w.column != "E-mail"));
    assert!(participants::list(&s, &e)
        .unwrap()
        .iter()
        .all(|p| p.email.is_none()));
    let mut twice = mapping.clone();
    twice[2] = Some(Field::Name);
    use plm_core::error::Localized;
    assert_eq!(
        roster::import(&mut s, &e, &bytes, Some(&twice), false, Lang::En)
            .unwrap_err()
            .code(),
        "roster.mapped_twice"
    );
}

#[test]
fn shared_sample_roster_imports_cleanly() {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/roster-kalsel.csv");
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let (mut s, e) = setup();
    let rep = roster::import(&mut s, &e, &bytes, None, false, Lang::En).unwrap();
    let rows = String::from_utf8(bytes.clone()).unwrap().lines().count() - 1;
    assert_eq!(
        rep.imported + rep.duplicates.len() + rep.rejected.len(),
        rows,
        "{rep:#?}"
    );
    assert!(rep.rejected.is_empty());
    assert!(rep.unknown_columns.is_empty());
    let list = participants::list(&s, &e).unwrap();
    assert!(list
        .iter()
        .any(|p| p.name == "Hj. Rabiatul Ma’rufah, S.Sos."));
    assert!(list.iter().all(|p| p.gender.is_some()));
}
