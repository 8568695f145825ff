//! The data file and the merge: round trip, idempotence, order independence (property
//! tests over random edits on several laptops), bad files, and two registration desks.

use plm_core::attendance::{self, CheckinInput, SignatureInput, Who};
use plm_core::error::Localized;
use plm_core::events::EventInput;
use plm_core::participants::{self, ParticipantInput};
use plm_core::plans::{self, ItemInput, PlanInput};
use plm_core::sync;
use plm_core::Store;
use proptest::prelude::*;
use support::{hq, signature};

mod support;

/// A venue's database: the Kalimantan Selatan event (3 days) and `people` people with
/// phone numbers.
fn venue(people: usize) -> (Store, String) {
    let (mut s, ev) = support::kalsel_store(3);
    let people = support::numbered(people)
        .enumerate()
        .map(|(i, p)| ParticipantInput {
            phone: format!("08123{:06}", i),
            ..p
        });
    support::add_people(&mut s, &ev, people);
    (s, ev)
}

fn checkin(s: &mut Store, ev: &str, pid: &str, day: i64, signed: bool) -> attendance::Checkin {
    let mut input = CheckinInput::desk(Who::Id(pid.to_string()));
    input.day = Some(day);
    if signed {
        input.signature = Some(SignatureInput {
            png: signature(),
            strokes: None,
        });
    }
    attendance::checkin(s, ev, input).unwrap()
}

fn dump(s: &Store) -> std::collections::BTreeMap<String, Vec<String>> {
    sync::canonical_dump(s.conn()).unwrap()
}

#[test]
fn round_trip_to_headquarters_and_idempotent() {
    let (mut a, ev) = venue(5);
    let people = participants::list(&a, &ev).unwrap();
    checkin(&mut a, &ev, &people[0].id, 1, true);
    checkin(&mut a, &ev, &people[1].id, 1, false);
    let plan = plans::create(
        &mut a,
        &ev,
        &PlanInput {
            institution: "Desa 0".into(),
            ..Default::default()
        },
    )
    .unwrap();
    plans::add_item(
        &mut a,
        &plan.id,
        &ItemInput {
            activity: "Kelas".into(),
            strategy: "layanan".into(),
            ..Default::default()
        },
    )
    .unwrap();
    participants::remove(&mut a, &people[4].id).unwrap();
    let mut hq = hq();
    let (bytes, info) = sync::export(&mut a, &ev, &[hq.public.clone()], false).unwrap();
    assert!(info.manifest.encrypted);
    assert!(
        bytes.starts_with(b"age-encryption.org/v1"),
        "encrypted with age"
    );
    assert!(
        !bytes.windows(9).any(|w| w == b"Peserta 0"),
        "names are not readable in the file"
    );
    let preview = sync::import(&mut hq.store, &bytes, "a.plmsync", true, &[]).unwrap();
    assert!(preview.dry_run && preview.added > 0);
    assert!(
        dump(&hq.store)["participants"].is_empty(),
        "a preview writes nothing"
    );
    let r = sync::import(&mut hq.store, &bytes, "a.plmsync", false, &[]).unwrap();
    assert_eq!(r.added, preview.added);
    assert_eq!((r.updated, r.deleted), (0, 0));
    assert_eq!(r.by_table["participants"].added, 5);
    assert_eq!(r.by_table["signatures"].added, 1);
    assert_eq!(
        dump(&hq.store),
        dump(&a),
        "headquarters holds exactly the venue's rows"
    );
    let again = sync::import(&mut hq.store, &bytes, "a.plmsync", false, &[]).unwrap();
    assert!(again.already_imported);
    assert_eq!((again.added, again.updated, again.deleted), (0, 0, 0));
    assert_eq!(again.unchanged, r.added);
    assert_eq!(sync::ledger(&hq.store).unwrap().len(), 2);
    // the venue's later change travels as an update; its deletion as a tombstone
    participants::update(
        &mut a,
        &people[2].id,
        &ParticipantInput {
            name: "Peserta Dua".into(),
            phone: "08123000002".into(),
            ..Default::default()
        },
    )
    .unwrap();
    participants::remove(&mut a, &people[3].id).unwrap();
    let (bytes2, _) = sync::export(&mut a, &ev, &[hq.public.clone()], false).unwrap();
    let r2 = sync::import(&mut hq.store, &bytes2, "a2.plmsync", false, &[]).unwrap();
    assert_eq!((r2.updated, r2.deleted), (1, 1));
    // an older file after a newer one changes nothing
    let old = sync::import(&mut hq.store, &bytes, "a.plmsync", false, &[]).unwrap();
    assert_eq!((old.added, old.updated, old.deleted), (0, 0, 0));
    assert_eq!(dump(&hq.store), dump(&a));
}

#[test]
fn personal_data_is_not_exported_unencrypted_unless_chosen() {
    let (mut a, ev) = venue(1);
    let e = sync::export(&mut a, &ev, &[], false).unwrap_err();
    assert_eq!(e.code(), "sync.no_recipient");
    let (plain, info) = sync::export(&mut a, &ev, &[], true).unwrap();
    assert!(!info.manifest.encrypted && plain.starts_with(sync::MAGIC));
    assert_eq!(
        sync::export(&mut a, &ev, &["age1notakey".into()], false)
            .unwrap_err()
            .code(),
        "sync.bad_key"
    );
}

fn flip(bytes: &[u8], at: usize) -> Vec<u8> {
    let mut b = bytes.to_vec();
    b[at] ^= 0x20;
    b
}

#[test]
fn bad_files_each_get_their_own_message_and_change_nothing() {
    let (mut a, ev) = venue(3);
    let mut hq = hq();
    let (good, _) = sync::export(&mut a, &ev, &[hq.public.clone()], false).unwrap();
    let (plain, _) = sync::export(&mut a, &ev, &[], true).unwrap();
    let (_, other_public) = sync::hq_keypair();
    let (for_other, _) = {
        // encrypted to another office only: this laptop's key is added, so use a fresh laptop
        let (mut b, ev_b) = venue(1);
        sync::export(&mut b, &ev_b, &[other_public], false).unwrap()
    };
    // a plain file whose manifest was edited after signing
    let text = String::from_utf8_lossy(&plain[..200]).to_string();
    let at = text.find("PLM Kalsel").unwrap();
    let mut forged = plain.clone();
    forged[at] = b'X';
    // a newer format version (the check comes before the signature)
    let newer = String::from_utf8_lossy(&plain)
        .replacen("\"format\":1", "\"format\":9", 1)
        .into_bytes();
    let newer: Vec<u8> = {
        let nl = plain[8..].iter().position(|b| *b == b'\n').unwrap() + 8;
        let mut v = String::from_utf8(plain[..nl].to_vec())
            .unwrap()
            .replacen("\"format\":1", "\"format\":9", 1)
            .into_bytes();
        v.extend_from_slice(&plain[nl..]);
        let _ = newer;
        v
    };
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "truncated",
            good[..good.len() * 2 / 3].to_vec(),
            "sync.damaged",
        ),
        ("flipped byte", flip(&good, good.len() - 40), "sync.damaged"),
        (
            "plain content flipped",
            flip(&plain, plain.len() - 30),
            "sync.damaged",
        ),
        ("manifest edited", forged, "sync.bad_signature"),
        ("another key", for_other, "sync.not_for_us"),
        ("newer format", newer, "sync.newer_format"),
        (
            "not ours",
            b"%PDF-1.7 not a data file".to_vec(),
            "sync.not_ours",
        ),
        ("empty", Vec::new(), "sync.not_ours"),
    ];
    let before = dump(&hq.store);
    let writes = hq.store.write_count();
    for (what, bytes, code) in cases {
        let e = sync::import(&mut hq.store, &bytes, what, false, &[]).expect_err(what);
        assert_eq!(e.code(), code, "{what}: {}", e.message(plm_core::Lang::En));
        assert!(
            e.message(plm_core::Lang::Id)
                .contains("Tidak ada data yang diubah"),
            "{what}"
        );
    }
    assert_eq!(dump(&hq.store), before);
    assert_eq!(hq.store.write_count(), writes, "not even a ledger line");
    // and the good file still imports
    sync::import(&mut hq.store, &good, "good", false, &[]).unwrap();
}

#[test]
fn two_desks_count_each_person_once() {
    let (mut a, ev) = venue(6);
    // desk B starts from desk A's file (encrypted to B's own key)
    let mut b = Store::open_in_memory().unwrap();
    let b_key = sync::own_public_key(&mut b).unwrap();
    let (base, _) = sync::export(&mut a, &ev, std::slice::from_ref(&b_key), false).unwrap();
    sync::import(&mut b, &base, "base", false, &[]).unwrap();
    let people = participants::list(&a, &ev).unwrap();
    // the same person checks in at both desks (A first), others at one desk each
    let first = checkin(&mut a, &ev, &people[0].id, 1, true);
    std::thread::sleep(std::time::Duration::from_millis(5));
    checkin(&mut b, &ev, &people[0].id, 1, false);
    checkin(&mut a, &ev, &people[1].id, 1, false);
    checkin(&mut b, &ev, &people[2].id, 1, true);
    // a walk-in at desk B
    participants::add(
        &mut b,
        &ev,
        &ParticipantInput {
            name: "Tamu Baru".into(),
            ..Default::default()
        },
        "walk_in",
    )
    .unwrap();
    let a_key = sync::own_public_key(&mut a).unwrap();
    let (from_b, _) = sync::export(&mut b, &ev, &[a_key], false).unwrap();
    let r = sync::import(&mut a, &from_b, "desk-b", false, &[]).unwrap();
    assert_eq!(r.conflicts.len(), 1, "{:?}", r.conflicts);
    let count = attendance::count(&a, &ev, "d1").unwrap();
    assert_eq!(count.present, 3, "person 0 once, 1 and 2");
    assert_eq!(count.expected, 7);
    let row = attendance::list(&a, &ev, "d1")
        .unwrap()
        .into_iter()
        .find(|r| r.participant.id == people[0].id)
        .unwrap();
    assert_eq!(
        row.attendance.unwrap().id,
        first.attendance.id,
        "the earliest check-in counts"
    );
    // and back the other way: both desks end the same
    let b_key2 = sync::own_public_key(&mut b).unwrap();
    let (from_a, _) = sync::export(&mut a, &ev, &[b_key2], false).unwrap();
    sync::import(&mut b, &from_a, "desk-a", false, &[]).unwrap();
    assert_eq!(dump(&a), dump(&b));
}

#[test]
fn probable_matches_across_venues_are_listed_not_merged() {
    let mut hq = hq();
    let mut files = vec![];
    for title in ["PLM Kalsel", "PLM Kaltim"] {
        let mut s = Store::open_in_memory().unwrap();
        let e = plm_core::desk::create_event(
            &mut s,
            &EventInput {
                title: title.into(),
                province: "63".into(),
                start_date: "2022-07-05".into(),
                days: 1,
                ..Default::default()
            },
        )
        .unwrap();
        participants::add(
            &mut s,
            &e.id,
            &ParticipantInput {
                name: "Siti Aminah, S.IP.".into(),
                nip: "198001012005012001".into(),
                ..Default::default()
            },
            "manual",
        )
        .unwrap();
        files.push(
            sync::export(&mut s, &e.id, &[hq.public.clone()], false)
                .unwrap()
                .0,
        );
    }
    sync::import(&mut hq.store, &files[0], "a", false, &[]).unwrap();
    let r = sync::import(&mut hq.store, &files[1], "b", false, &[]).unwrap();
    assert_eq!(r.probable_matches.len(), 1);
    assert_eq!(r.probable_matches[0].reason, "nip");
    assert_eq!(
        dump(&hq.store)["participants"].len(),
        2,
        "never merged on its own"
    );
}

// ------------------------------------------------------------------ property tests

#[derive(Debug, Clone)]
enum Op {
    Add(u8),
    Rename(u8, u8),
    Remove(u8),
    Checkin(u8, u8),
    Item(u8),
    Status(u8, u8),
    /// device exchanges its file with another device
    Exchange(u8),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        any::<u8>().prop_map(Op::Add),
        (any::<u8>(), any::<u8>()).prop_map(|(a, b)| Op::Rename(a, b)),
        any::<u8>().prop_map(Op::Remove),
        (any::<u8>(), 1u8..=3).prop_map(|(a, d)| Op::Checkin(a, d)),
        any::<u8>().prop_map(Op::Item),
        (any::<u8>(), any::<u8>()).prop_map(|(a, b)| Op::Status(a, b)),
        any::<u8>().prop_map(Op::Exchange),
    ]
}

fn apply(devs: &mut [Store], keys: &[String], ev: &str, d: usize, op: &Op) {
    let n = devs.len();
    let s = &mut devs[d];
    let people = participants::list(s, ev).unwrap();
    let pick = |k: u8| {
        people
            .get(k as usize % people.len().max(1))
            .map(|p| p.id.clone())
    };
    match op {
        Op::Add(k) => {
            let _ = participants::add(
                s,
                ev,
                &ParticipantInput {
                    name: format!("Orang {d}-{k}"),
                    institution: format!("Desa {k}"),
                    ..Default::default()
                },
                "walk_in",
            );
        }
        Op::Rename(k, v) => {
            if let Some(id) = pick(*k) {
                let _ = participants::update(
                    s,
                    &id,
                    &ParticipantInput {
                        name: format!("Nama {v}"),
                        institution: "X".into(),
                        ..Default::default()
                    },
                );
            }
        }
        Op::Remove(k) => {
            if let Some(id) = pick(*k) {
                let _ = participants::remove(s, &id);
            }
        }
        Op::Checkin(k, day) => {
            if let Some(id) = pick(*k) {
                let mut input = CheckinInput::desk(Who::Id(id));
                input.day = Some(*day as i64);
                let _ = attendance::checkin(s, ev, input);
            }
        }
        Op::Item(k) => {
            let plan = plans::create(
                s,
                ev,
                &PlanInput {
                    institution: format!("Desa {}", k % 3),
                    ..Default::default()
                },
            )
            .unwrap();
            let _ = plans::add_item(
                s,
                &plan.id,
                &ItemInput {
                    activity: format!("Kegiatan {k}"),
                    strategy: "advokasi".into(),
                    ..Default::default()
                },
            );
        }
        Op::Status(k, v) => {
            let items: Vec<_> = plans::list(s, ev)
                .unwrap()
                .into_iter()
                .flat_map(|p| p.items)
                .collect();
            if let Some(it) = items.get(*k as usize % items.len().max(1)) {
                let _ = plans::set_status(
                    s,
                    &it.id,
                    ["planned", "in_progress", "done", "dropped"][*v as usize % 4],
                    None,
                );
            }
        }
        Op::Exchange(k) => {
            let to = (d + 1 + *k as usize % (n - 1)) % n;
            let (bytes, _) = sync::export(&mut devs[d], ev, &[keys[to].clone()], false).unwrap();
            sync::import(&mut devs[to], &bytes, "x", false, &[]).unwrap();
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, .. ProptestConfig::default() })]

    /// Random edits on three laptops that share a base and sometimes exchange files;
    /// headquarters imports their files in two orders (and one file twice) and ends the same.
    #[test]
    fn merge_is_order_independent_and_idempotent(ops in proptest::collection::vec((0usize..3, op()), 1..30)) {
        let (mut base, ev) = venue(4);
        let mut devs = vec![];
        let mut keys = vec![];
        for _ in 0..3 {
            let mut d = Store::open_in_memory().unwrap();
            keys.push(sync::own_public_key(&mut d).unwrap());
            devs.push(d);
        }
        for (i, d) in devs.iter_mut().enumerate() {
            let (b, _) = sync::export(&mut base, &ev, &[keys[i].clone()], false).unwrap();
            sync::import(d, &b, "base", false, &[]).unwrap();
        }
        for (d, o) in &ops {
            apply(&mut devs, &keys, &ev, *d, o);
        }
        let mut h1 = hq();
        let mut h2 = hq();
        let files: Vec<Vec<u8>> = devs.iter_mut().map(|d| {
            let mut files = vec![];
            files.push(sync::export(d, &ev, &[h1.public.clone(), h2.public.clone()], false).unwrap().0);
            files.pop().unwrap()
        }).collect();
        for f in &files {
            sync::import(&mut h1.store, f, "f", false, &[]).unwrap();
        }
        for f in files.iter().rev() {
            sync::import(&mut h2.store, f, "f", false, &[]).unwrap();
        }
        prop_assert_eq!(dump(&h1.store), dump(&h2.store));
        // importing any file again changes nothing
        let before = dump(&h1.store);
        let r = sync::import(&mut h1.store, &files[1], "again", false, &[]).unwrap();
        prop_assert_eq!((r.added, r.updated, r.deleted), (0, 0, 0));
        prop_assert_eq!(dump(&h1.store), before);
        // nobody is counted twice for a slot
        let dup: i64 = h1.store.conn().query_row(
            "SELECT count(*) FROM (SELECT participant_id, slot FROM attendance WHERE deleted_at IS NULL GROUP BY 1, 2 HAVING count(*) > 1)",
            [], |r| r.get(0)).unwrap();
        prop_assert_eq!(dup, 0);
    }
}

#[test]
fn erasure_travels_to_headquarters() {
    let (mut a, ev) = venue(2);
    let mut hq = hq();
    let (first, _) = sync::export(&mut a, &ev, &[hq.public.clone()], false).unwrap();
    sync::import(&mut hq.store, &first, "first", false, &[]).unwrap();
    let p = participants::list(&a, &ev).unwrap()[0].clone();
    participants::erase(&mut a, &p.id).unwrap();
    let (second, _) = sync::export(&mut a, &ev, &[hq.public.clone()], false).unwrap();
    let r = sync::import(&mut hq.store, &second, "second", false, &[]).unwrap();
    assert_eq!(r.by_table["participants"].updated, 1);
    let name: String = hq
        .store
        .conn()
        .query_row(
            "SELECT name FROM participants WHERE id = ?1",
            [&p.id],
            |r| r.get(0),
        )
        .unwrap();
    assert!(
        !name.contains("Peserta"),
        "the name is erased at headquarters too: {name}"
    );
    let phone: Option<String> = hq
        .store
        .conn()
        .query_row(
            "SELECT phone FROM participants WHERE id = ?1",
            [&p.id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(phone, None);
    // the old file, imported again later, does not bring the name back
    sync::import(&mut hq.store, &first, "first", false, &[]).unwrap();
    let name2: String = hq
        .store
        .conn()
        .query_row(
            "SELECT name FROM participants WHERE id = ?1",
            [&p.id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(name, name2);
}

/// Headquarters' evening: several venue files at once. One damaged file among them stops
/// everything before anything is written, and the error names it; the good batch is
/// merged after a single backup.
#[test]
fn many_files_checked_first_then_one_backup() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("plm-desk.sqlite3")).unwrap();
    let (secret, public) = sync::hq_keypair();
    plm_core::hq::keys::store_identity(&mut store, &secret).unwrap();
    let mut files = vec![];
    for v in 0..3 {
        let (mut s, ev) = venue(3 + v);
        let (bytes, _) = sync::export(&mut s, &ev, std::slice::from_ref(&public), false).unwrap();
        files.push((format!("venue-{v}.plmsync"), bytes));
    }
    let mut bad = files.clone();
    let n = bad[1].1.len();
    bad[1].1[n - 40] ^= 0x55;
    let before = dump(&store);
    let e = sync::import_many(&mut store, &bad, false, &[]).expect_err("one file is damaged");
    assert!(
        e.message(plm_core::Lang::En)
            .starts_with("venue-1.plmsync: "),
        "{}",
        e.message(plm_core::Lang::En)
    );
    assert_eq!(
        dump(&store),
        before,
        "nothing written, not even from the good files"
    );
    assert!(
        plm_core::backup::list(&dir.path().join("backups"))
            .unwrap()
            .is_empty(),
        "no backup for a refused batch"
    );

    let reports = sync::import_many(&mut store, &files, false, &[]).unwrap();
    assert_eq!(reports.len(), 3);
    assert_eq!(
        reports.iter().map(|r| r.file.as_str()).collect::<Vec<_>>(),
        ["venue-0.plmsync", "venue-1.plmsync", "venue-2.plmsync"]
    );
    assert!(reports.iter().all(|r| r.added > 0));
    assert_eq!(
        plm_core::backup::list(&dir.path().join("backups"))
            .unwrap()
            .len(),
        1,
        "one backup for the batch"
    );
    assert_eq!(
        sync::ledger(&store).unwrap().len(),
        3,
        "one ledger line per file"
    );
    let n: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM events", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 3);
}
