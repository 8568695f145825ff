//! Hostile and broken input, deterministically: random bytes and mutations of real files
//! fed to the parsers that read files from outside (roster import, the data file). They
//! must answer with an error or a result, never panic, and a refused data file writes
//! nothing. The fuzz targets in `src-tauri/core/fuzz/` explore the same entry points
//! for longer; their seed corpus is replayed here.

use plm_core::events::EventInput;
use plm_core::{roster, sync, Store};
use proptest::prelude::*;
use std::path::Path;

fn corpus(dir: &str) -> Vec<Vec<u8>> {
    let d = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz")
        .join("corpus")
        .join(dir);
    let mut v: Vec<Vec<u8>> = std::fs::read_dir(&d)
        .map(|r| {
            r.filter_map(|e| std::fs::read(e.ok()?.path()).ok())
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

#[test]
fn the_seed_corpus_replays_without_panics() {
    let roster_seeds = corpus("roster");
    assert!(
        roster_seeds.len() >= 4,
        "the roster seed corpus is in the repository"
    );
    for bytes in &roster_seeds {
        let _ = roster::preview(bytes);
    }
    let sync_seeds = corpus("sync");
    assert!(
        !sync_seeds.is_empty(),
        "the sync seed corpus is in the repository"
    );
    let store = Store::open_in_memory().unwrap();
    for bytes in &sync_seeds {
        let _ = sync::read_file(&store, bytes, &[]);
    }
}

fn valid_plain_file() -> (Store, Vec<u8>) {
    let mut s = Store::open_in_memory().unwrap();
    let e = plm_core::desk::create_event(
        &mut s,
        &EventInput {
            title: "PLM".into(),
            province: "63".into(),
            start_date: "2022-07-05".into(),
            days: 1,
            ..Default::default()
        },
    )
    .unwrap();
    let (bytes, _) = sync::export(&mut s, &e.id, &[], true).unwrap();
    (s, bytes)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, .. ProptestConfig::default() })]

    #[test]
    fn roster_preview_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let _ = roster::preview(&bytes);
    }

    #[test]
    fn roster_preview_survives_mutated_csv(pos in 0usize..400, byte in any::<u8>(), cut in 0usize..400) {
        let mut csv = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/roster-messy-semicolon-cp1252.csv")).unwrap();
        if !csv.is_empty() {
            let p = pos % csv.len();
            csv[p] = byte;
            csv.truncate(cut.max(1).min(csv.len()));
        }
        let _ = roster::preview(&csv);
    }

    #[test]
    fn a_mutated_data_file_is_refused_and_writes_nothing(pos in any::<usize>(), byte in any::<u8>(), cut in any::<usize>()) {
        let (mut store, mut bytes) = valid_plain_file();
        let before = sync::canonical_dump(store.conn()).unwrap();
        let p = pos % bytes.len();
        let changed = bytes[p] != byte;
        bytes[p] = byte;
        let keep = cut % (bytes.len() + 1);
        let truncated = keep < bytes.len();
        bytes.truncate(keep);
        let writes = store.write_count();
        match sync::import(&mut store, &bytes, "m", true, &[]) {
            Ok(_) => prop_assert!(!changed && !truncated, "a changed file was accepted"),
            Err(_) => {
                prop_assert_eq!(store.write_count(), writes);
                prop_assert_eq!(sync::canonical_dump(store.conn()).unwrap(), before);
            }
        }
    }
}

/// Found by cargo-fuzz (2026-11-25): an XLSX with a forged cell reference makes calamine
/// 0.38 overflow an integer and panic. The import refuses it as unreadable instead.
#[test]
fn spreadsheet_library_panic_is_a_refusal() {
    let bytes = std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fuzz/corpus/roster/xlsx-calamine-overflow-panic"),
    )
    .unwrap();
    let e = plm_core::roster::preview(&bytes).expect_err("a damaged spreadsheet is refused");
    use plm_core::error::Localized;
    assert_eq!(e.code(), "roster.unreadable");
    // and through the import: nothing written
    let mut store = plm_core::Store::open_in_memory().unwrap();
    let ev = plm_core::desk::create_event(
        &mut store,
        &plm_core::events::EventInput {
            title: "PLM".into(),
            province: "63".into(),
            start_date: "2022-07-05".into(),
            days: 1,
            ..Default::default()
        },
    )
    .unwrap();
    assert!(
        plm_core::roster::import(&mut store, &ev.id, &bytes, None, false, plm_core::Lang::Id)
            .is_err()
    );
    assert!(plm_core::participants::list(&store, &ev.id)
        .unwrap()
        .is_empty());
}

/// A 2 KB XLSX with a name header in A1 and one stray cell in XFD1048576, the
/// last cell of a sheet. Read as a dense sheet it asked for half a terabyte and the
/// process aborted; read cell by cell it is a list with a header and nobody on it.
#[test]
fn stray_cell_in_the_last_corner_is_no_reason_to_abort() {
    let bytes = std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fuzz/corpus/roster/xlsx-stray-cell-xfd1048576.xlsx"),
    )
    .unwrap();
    assert!(bytes.len() < 4096);
    let p = plm_core::roster::preview(&bytes).expect("a header and no people is still a list");
    assert_eq!(p.total_rows, 0, "nobody on it");
    assert_eq!(p.header_line, 1);
}
