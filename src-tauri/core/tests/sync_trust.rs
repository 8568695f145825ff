//! Trust in the data file: hostile files written here (impersonated laptops, clocks that
//! are not clocks, clocks from the future, loose corners of the format), each refused
//! with its own code and message and changing nothing; a re-keyed laptop accepted only on
//! purpose; wrong clocks that neither win every later merge nor move headquarters' clock;
//! random edits with random valid clocks merging in any order.

use ed25519_dalek::{Signer, SigningKey};
use plm_core::error::Localized;
use plm_core::events;
use plm_core::participants::{self, ParticipantInput};
use plm_core::{sync, Lang, Store};
use proptest::prelude::*;
use serde_json::{json, Value as Json};
use sha2::{Digest, Sha256};
use std::io::{Read, Write};
use support::hq;

mod support;

/// A venue's database: the Kalimantan Selatan event (2 days) and `people` people.
fn venue(people: usize) -> (Store, String) {
    let (mut s, ev) = support::kalsel_store(2);
    support::add_people(&mut s, &ev, support::numbered(people));
    (s, ev)
}

fn b64(b: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(b)
}

fn dump(s: &Store) -> std::collections::BTreeMap<String, Vec<String>> {
    sync::canonical_dump(s.conn()).unwrap()
}

/// A plain file taken apart: its manifest and its content, to edit and put back.
#[derive(Clone)]
struct Unpacked {
    manifest: sync::Manifest,
    content: Json,
}

fn unpack(plain: &[u8]) -> Unpacked {
    assert!(plain.starts_with(sync::MAGIC));
    let rest = &plain[sync::MAGIC.len()..];
    let nl = rest.iter().position(|b| *b == b'\n').unwrap();
    let manifest: sync::Manifest = serde_json::from_slice(&rest[..nl]).unwrap();
    let mut content = Vec::new();
    flate2::read::GzDecoder::new(&rest[nl + 1..])
        .read_to_end(&mut content)
        .unwrap();
    Unpacked {
        manifest,
        content: serde_json::from_slice(&content).unwrap(),
    }
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(bytes).unwrap();
    gz.finish().unwrap()
}

/// Put a file together again, signed by `key`, with the hash and counts made to match
/// (as a careful forger would) unless `keep_hash`.
fn pack(u: &Unpacked, key: &SigningKey, keep_hash: bool) -> Vec<u8> {
    let content = serde_json::to_vec(&u.content).unwrap();
    let mut m = u.manifest.clone();
    if !keep_hash {
        m.content_sha256 = hex::encode(Sha256::digest(&content));
        m.counts = u.content["tables"]
            .as_object()
            .unwrap()
            .iter()
            .map(|(k, v)| (k.clone(), v.as_array().unwrap().len()))
            .collect();
    }
    m.public_key = b64(&key.verifying_key().to_bytes());
    m.signature = None;
    let sig = key.sign(&serde_json::to_vec(&m).unwrap());
    m.signature = Some(b64(&sig.to_bytes()));
    let mut out = sync::MAGIC.to_vec();
    out.extend(serde_json::to_vec(&m).unwrap());
    out.push(b'\n');
    out.extend(gzip(&content));
    out
}

fn encrypt_to(bytes: &[u8], public: &str) -> Vec<u8> {
    let r: age::x25519::Recipient = public.parse().unwrap();
    let enc = age::Encryptor::with_recipients(std::iter::once(&r as &dyn age::Recipient)).unwrap();
    let mut out = vec![];
    let mut w = enc.wrap_output(&mut out).unwrap();
    w.write_all(bytes).unwrap();
    w.finish().unwrap();
    out
}

fn rows<'a>(u: &'a mut Unpacked, table: &str) -> &'a mut Vec<Json> {
    u.content["tables"][table].as_array_mut().unwrap()
}

/// A day-1 desk check-in of `participant` in the file's event, written by hand (with the
/// event's clock and the file's laptop as its origin).
fn checkin_row(u: &Unpacked, id: &str, participant: &str, slot: &str) -> Json {
    json!({
        "id": id, "event_id": u.manifest.event_id, "participant_id": participant,
        "day": 1, "slot": slot, "session_id": null, "checked_in_at": "2022-07-05T01:00:00.000Z",
        "source": "desk", "sheet_ref": null, "created_at": "2022-07-05T01:00:00.000Z",
        "updated_at": "2022-07-05T01:00:00.000Z", "deleted_at": null,
        "hlc": u.content["tables"]["events"][0]["hlc"], "origin": u.manifest.device_id,
    })
}

fn refused(hq: &mut Store, bytes: &[u8], code: &str) -> String {
    let before = dump(hq);
    let writes = hq.write_count();
    let e = sync::import(hq, bytes, "x.plmsync", false, &[]).expect_err(code);
    assert_eq!(e.code(), code, "{}", e.message(Lang::En));
    assert_eq!(dump(hq), before, "{code}: nothing changed");
    assert_eq!(hq.write_count(), writes, "{code}: not even a ledger line");
    let msg = e.message(Lang::En);
    assert!(!msg.contains('\n'), "one line: {msg}");
    assert!(!msg.contains("Have you tried"), "our own words: {msg}");
    assert!(e.message(Lang::Id).contains("Tidak ada data yang diubah"));
    msg
}

fn hlc_at(millis: i64) -> String {
    format!("{:013x}-{:04x}", millis, 0)
}

fn hq_clock(s: &Store) -> u64 {
    let h: String = s
        .conn()
        .query_row("SELECT value FROM meta WHERE key = 'hlc'", [], |r| r.get(0))
        .unwrap();
    plm_core::ids::Hlc::parse(&h).unwrap().millis
}

#[test]
fn a_known_laptop_cannot_be_impersonated_and_a_rekey_is_a_recorded_decision() {
    let (mut a, ev) = venue(3);
    let mut hq = hq();
    let (real, _) = sync::export(&mut a, &ev, &[hq.public.clone()], false).unwrap();
    sync::import(&mut hq.store, &real, "real", false, &[]).unwrap();
    let devices = sync::devices(&hq.store).unwrap();
    assert_eq!(devices.len(), 1);
    let real_fp = devices[0].key_fingerprint.clone();
    assert_eq!(real_fp.len(), 39, "{real_fp}");

    // a forger with headquarters' public key (every facilitator has it) renames a person
    let (plain, _) = sync::export(&mut a, &ev, &[], true).unwrap();
    let mut u = unpack(&plain);
    rows(&mut u, "participants")[0]["name"] = json!("Nama Palsu");
    rows(&mut u, "participants")[0]["hlc"] = json!(hlc_at(chrono::Utc::now().timestamp_millis()));
    u.manifest.encrypted = true;
    let forger = SigningKey::from_bytes(&[7u8; 32]);
    let forged = encrypt_to(&pack(&u, &forger, false), &hq.public);
    let msg = refused(&mut hq.store, &forged, "sync.device_key_changed");
    let forger_fp = sync::fingerprint(&b64(&forger.verifying_key().to_bytes()));
    assert!(msg.contains(&real_fp) && msg.contains(&forger_fp), "{msg}");
    assert!(msg.contains(&u.manifest.device_id), "{msg}");

    // a file that claims to be headquarters' own computer
    let mut own = u.clone();
    own.manifest.device_id = hq.store.device_id().to_string();
    refused(
        &mut hq.store,
        &encrypt_to(&pack(&own, &forger, false), &hq.public),
        "sync.device_key_changed",
    );

    // two files of one batch naming one new device with two keys
    let (mut b, ev_b) = venue(1);
    let (b1, _) = sync::export(&mut b, &ev_b, &[], true).unwrap();
    let b2 = pack(&unpack(&b1), &forger, false);
    let e = sync::import_many(
        &mut hq.store,
        &[("b1".into(), b1.clone()), ("b2".into(), b2)],
        false,
        &[],
    )
    .unwrap_err();
    assert_eq!(e.code(), "sync.device_key_changed");
    assert!(
        e.message(Lang::En).starts_with("b2: "),
        "{}",
        e.message(Lang::En)
    );

    // the laptop really was reinstalled: headquarters accepts the new key on purpose
    let unknown = sync::trust_device(
        &mut hq.store,
        "0193aaaa-0000-7000-8000-000000000000",
        &forger_fp,
    );
    assert_eq!(unknown.unwrap_err().code(), "sync.unknown_device");
    let d = sync::trust_device(&mut hq.store, &u.manifest.device_id, &forger_fp).unwrap();
    assert_eq!(d.key_fingerprint, forger_fp);
    let r = sync::import(&mut hq.store, &forged, "rekeyed", false, &[]).unwrap();
    assert_eq!(r.updated, 1);
    let log: Vec<(String, Option<String>, Option<String>)> = {
        let mut st = hq
            .store
            .conn()
            .prepare("SELECT decision, old_key, new_key FROM sync_trust_log ORDER BY at, rowid")
            .unwrap();
        st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    assert!(
        log.contains(&("pin".into(), None, Some(real_fp.clone()))),
        "{log:?}"
    );
    assert!(
        log.contains(&(
            "rekey".into(),
            Some(real_fp.clone()),
            Some(forger_fp.clone())
        )),
        "{log:?}"
    );
    // and now the old key is the stranger
    refused(&mut hq.store, &real, "sync.device_key_changed");
}

#[test]
fn every_row_is_checked_before_anything_is_written() {
    let (mut a, ev) = venue(2);
    let key = sync::signing_key(&mut a).unwrap();
    let (plain, _) = sync::export(&mut a, &ev, &[], true).unwrap();
    let base = unpack(&plain);
    let pid = base.content["tables"]["participants"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    type Edit = Box<dyn Fn(&mut Unpacked)>;
    let cases: Vec<(&str, &str, Edit)> = vec![
        (
            "hlc",
            "hlc",
            Box::new(|u| rows(u, "participants")[0]["hlc"] = json!("not-an-hlc")),
        ),
        (
            "upper-case hlc",
            "hlc",
            Box::new(|u| {
                let h = rows(u, "participants")[0]["hlc"]
                    .as_str()
                    .unwrap()
                    .to_uppercase();
                rows(u, "participants")[0]["hlc"] = json!(h);
            }),
        ),
        (
            "created_at",
            "created_at",
            Box::new(|u| rows(u, "participants")[0]["created_at"] = json!("kemarin")),
        ),
        (
            "updated_at",
            "updated_at",
            Box::new(|u| rows(u, "participants")[0]["updated_at"] = json!(12)),
        ),
        (
            "deleted_at",
            "deleted_at",
            Box::new(|u| rows(u, "participants")[0]["deleted_at"] = json!("2022-13-45T00:00:00Z")),
        ),
        (
            "start_date",
            "start_date",
            Box::new(|u| rows(u, "events")[0]["start_date"] = json!("5 Juli 2022")),
        ),
        (
            "days as text",
            "days",
            Box::new(|u| rows(u, "events")[0]["days"] = json!("2")),
        ),
        (
            "origin",
            "origin",
            Box::new(|u| rows(u, "participants")[0]["origin"] = json!("laptop-1")),
        ),
        (
            "missing name",
            "name",
            Box::new(|u| {
                rows(u, "participants")[0]
                    .as_object_mut()
                    .unwrap()
                    .remove("name");
            }),
        ),
        (
            "unknown column",
            "is_admin",
            Box::new(|u| rows(u, "participants")[0]["is_admin"] = json!(1)),
        ),
    ];
    let mut hq = hq();
    for (what, field, edit) in &cases {
        let mut u = base.clone();
        edit(&mut u);
        let msg = refused(&mut hq.store, &pack(&u, &key, false), "sync.bad_row");
        assert!(msg.contains(&format!("field {field}")), "{what}: {msg}");
        let table = if ["start_date", "days"].contains(field) {
            "events"
        } else {
            "participants"
        };
        assert!(msg.contains(&format!("table {table}")), "{what}: {msg}");
        if table == "participants" {
            assert!(msg.contains(&pid), "{what}: the row's id: {msg}");
        }
    }

    // an attendance row whose slot does not match its day, and an id that is not a UUID
    let p0 = pid.clone();
    let mut checked = base.clone();
    let att = checkin_row(&base, "0193bbbb-0000-7000-8000-000000000001", &p0, "d2");
    rows(&mut checked, "attendance").push(att.clone());
    let msg = refused(&mut hq.store, &pack(&checked, &key, false), "sync.bad_row");
    assert!(msg.contains("field slot"), "{msg}");
    let mut bad_id = base.clone();
    let mut a2 = att.clone();
    a2["slot"] = json!("d1");
    a2["participant_id"] = json!("someone");
    rows(&mut bad_id, "attendance").push(a2);
    let msg = refused(&mut hq.store, &pack(&bad_id, &key, false), "sync.bad_row");
    assert!(msg.contains("field participant_id"), "{msg}");

    // the untouched file goes in
    sync::import(&mut hq.store, &plain, "good", false, &[]).unwrap();
}

#[test]
fn a_row_naming_a_record_found_nowhere_is_refused_alone() {
    // a check-in of somebody who is neither in the file nor at headquarters: the merge
    // checks references once the file's rows are in, and the file is refused whole
    let (mut a, ev) = venue(2);
    let key = sync::signing_key(&mut a).unwrap();
    let (plain, _) = sync::export(&mut a, &ev, &[], true).unwrap();
    let mut dangling = unpack(&plain);
    let nobody = "0193cccc-0000-7000-8000-000000000009";
    let row = checkin_row(
        &dangling,
        "0193bbbb-0000-7000-8000-000000000002",
        nobody,
        "d1",
    );
    rows(&mut dangling, "attendance").push(row);
    let bad = pack(&dangling, &key, false);
    let mut hq = hq();
    let msg = refused(&mut hq.store, &bad, "sync.forged");
    assert!(msg.contains("refer to records found nowhere"), "{msg}");

    // in a batch, the other files still go in, before and after it (the batch runs
    // again without it); the bad one has its own result, in its place
    let (mut b, ev_b) = venue(3);
    let (good, _) = sync::export(&mut b, &ev_b, &[], true).unwrap();
    let (mut c, ev_c) = venue(4);
    let (earlier, _) = sync::export(&mut c, &ev_c, &[], true).unwrap();
    let files = vec![
        ("earlier.plmsync".to_string(), earlier),
        ("dangling.plmsync".to_string(), bad),
        ("good.plmsync".to_string(), good),
    ];
    // a preview says the same and keeps nothing
    let preview = sync::ImportOptions {
        dry_run: true,
        ..Default::default()
    };
    let out = sync::import_each(&mut hq.store, &files, &preview, &mut |_| {}).unwrap();
    assert_eq!(out[1].as_ref().unwrap_err().code(), "sync.forged");
    assert!(
        out[0].as_ref().unwrap().added > 4,
        "the earlier file's rows would go in"
    );
    assert!(
        out[2].as_ref().unwrap().added > 3,
        "the good file's rows would go in"
    );
    let events: i64 = hq
        .store
        .conn()
        .query_row("SELECT count(*) FROM events", [], |r| r.get(0))
        .unwrap();
    assert_eq!(events, 0, "a preview keeps nothing");
    let mut merged = vec![];
    let out = sync::import_each(
        &mut hq.store,
        &files,
        &sync::ImportOptions::default(),
        &mut |p| {
            if p.phase == "merge" {
                merged.push(p.done)
            }
        },
    )
    .unwrap();
    assert_eq!(out.len(), 3);
    let e = out[1].as_ref().expect_err("the dangling file");
    assert_eq!(e.code(), "sync.forged", "{}", e.message(Lang::En));
    assert_eq!(out[0].as_ref().expect("the earlier file").event_id, ev_c);
    let r = out[2].as_ref().expect("the good file");
    assert_eq!(r.event_id, ev_b);
    assert_eq!(participants::list(&hq.store, &ev_b).unwrap().len(), 3);
    assert_eq!(participants::list(&hq.store, &ev_c).unwrap().len(), 4);
    assert_eq!(merged.last(), Some(&3), "the progress ends at every file");
    let count = |sql: &str, arg: &str| -> i64 {
        hq.store.conn().query_row(sql, [arg], |r| r.get(0)).unwrap()
    };
    assert_eq!(count("SELECT count(*) FROM events WHERE id = ?1", &ev), 0);
    assert_eq!(
        count("SELECT count(*) FROM attendance WHERE event_id = ?1", &ev),
        0,
        "nothing of the refused file stays"
    );
}

#[test]
fn a_clock_from_the_future_is_refused_or_accepted_on_purpose_and_never_moves_ours() {
    let (mut a, ev) = venue(2);
    let key = sync::signing_key(&mut a).unwrap();
    let (plain, _) = sync::export(&mut a, &ev, &[], true).unwrap();
    let y2100 = chrono::DateTime::parse_from_rfc3339("2100-01-01T00:00:00Z")
        .unwrap()
        .timestamp_millis();

    // a laptop whose year is 2100: the file and its rows say so
    let mut future = unpack(&plain);
    future.manifest.made_at = "2100-01-01T00:05:00.000Z".into();
    for t in ["events", "participants"] {
        for r in rows(&mut future, t) {
            r["hlc"] = json!(hlc_at(y2100));
            r["updated_at"] = json!("2100-01-01T00:00:00.000Z");
        }
    }
    let future = pack(&future, &key, false);
    let mut hq = hq();
    let msg = refused(&mut hq.store, &future, "sync.clock_ahead");
    assert!(msg.contains("years"), "says by how much: {msg}");
    let msg_id = sync::import(&mut hq.store, &future, "f", false, &[])
        .unwrap_err()
        .message(Lang::Id);
    assert!(msg_id.contains("tahun"), "{msg_id}");

    // a row clock far ahead of its own file's made_at (an altered file or a bad clock)
    let mut ahead = unpack(&plain);
    let made = chrono::DateTime::parse_from_rfc3339(&ahead.manifest.made_at)
        .unwrap()
        .timestamp_millis();
    rows(&mut ahead, "participants")[1]["hlc"] = json!(hlc_at(made + 3 * 3_600_000));
    let msg = refused(
        &mut hq.store,
        &pack(&ahead, &key, false),
        "sync.clock_ahead",
    );
    assert!(
        msg.contains("3 hours") && msg.contains("participants"),
        "{msg}"
    );

    // accepted on purpose: the rows go in, the decision is logged, and headquarters'
    // own clock stays within its wall time plus the tolerance
    let opts = sync::ImportOptions {
        accept_clock: true,
        ..Default::default()
    };
    sync::import_many_with(&mut hq.store, &[("future".into(), future.clone())], &opts).unwrap();
    let now = chrono::Utc::now().timestamp_millis() as u64;
    assert!(hq_clock(&hq.store) <= now + sync::CLOCK_TOLERANCE_MS + 1000);
    let decisions: i64 = hq
        .store
        .conn()
        .query_row(
            "SELECT count(*) FROM sync_trust_log WHERE decision = 'accept_clock'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(decisions, 1);
    // a change made at headquarters afterwards carries today's clock, not 2100's
    let people = participants::list(&hq.store, &ev).unwrap();
    participants::update(
        &mut hq.store,
        &people[0].id,
        &ParticipantInput {
            name: "Dikoreksi Pusat".into(),
            institution: "Desa 0".into(),
            ..Default::default()
        },
    )
    .unwrap();
    assert!(
        hq_clock(&hq.store) < y2100 as u64 / 2 + now / 2,
        "not dragged to 2100"
    );
}

#[test]
fn a_laptop_years_behind_does_not_win_later_merges() {
    // venue A's clock says 2019; venue B (a second desk, right clock) corrects a name later
    let (mut a, ev) = venue(1);
    let key_a = sync::signing_key(&mut a).unwrap();
    let (plain, _) = sync::export(&mut a, &ev, &[], true).unwrap();
    let mut old = unpack(&plain);
    old.manifest.made_at = "2019-01-01T00:00:00.000Z".into();
    let y2019 = chrono::DateTime::parse_from_rfc3339("2019-01-01T00:00:00Z")
        .unwrap()
        .timestamp_millis();
    let tables: Vec<String> = old.content["tables"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect();
    for t in &tables {
        for r in rows(&mut old, t) {
            r["hlc"] = json!(hlc_at(y2019 - 1000));
        }
    }
    let old_file = pack(&old, &key_a, false);
    let mut b = Store::open_in_memory().unwrap();
    sync::import(&mut b, &old_file, "a", false, &[]).unwrap();
    let pid = participants::list(&b, &ev).unwrap()[0].id.clone();
    participants::update(
        &mut b,
        &pid,
        &ParticipantInput {
            name: "Nama Benar".into(),
            institution: "Desa 0".into(),
            ..Default::default()
        },
    )
    .unwrap();
    let (b_file, _) = sync::export(&mut b, &ev, &[], true).unwrap();
    for order in [[&old_file, &b_file], [&b_file, &old_file]] {
        let mut h = Store::open_in_memory().unwrap();
        for f in order {
            sync::import(&mut h, f, "f", false, &[]).unwrap();
        }
        let names: Vec<String> = participants::list(&h, &ev)
            .unwrap()
            .into_iter()
            .map(|p| p.name)
            .collect();
        assert_eq!(names, vec!["Nama Benar".to_string()]);
    }
}

#[test]
fn loose_corners_of_the_format_are_refused() {
    let (mut a, ev) = venue(2);
    let key = sync::signing_key(&mut a).unwrap();
    let mut hq = hq();
    let (plain, _) = sync::export(&mut a, &ev, &[], true).unwrap();

    // a plain file whose manifest says it was encrypted (re-signed, so only the flag lies)
    let mut u = unpack(&plain);
    u.manifest.encrypted = true;
    refused(
        &mut hq.store,
        &pack(&u, &key, false),
        "sync.encryption_mismatch",
    );
    // an encrypted file whose manifest says it was not
    let enc = encrypt_to(&plain, &hq.public);
    refused(&mut hq.store, &enc, "sync.encryption_mismatch");

    // bytes after the gzip stream (a second gzip member, or junk)
    let mut trailing = plain.clone();
    trailing.extend(gzip(b"{\"more\": true}"));
    let msg = refused(&mut hq.store, &trailing, "sync.damaged");
    assert!(msg.contains("extra bytes"), "{msg}");
    let mut junk = plain.clone();
    junk.extend(b"junk");
    refused(&mut hq.store, &junk, "sync.damaged");

    // content changed but the gzip stream intact: changed, not damaged
    let mut changed = unpack(&plain);
    rows(&mut changed, "participants")[0]["name"] = json!("Diubah");
    let msg = refused(
        &mut hq.store,
        &pack(&changed, &key, true),
        "sync.content_changed",
    );
    assert!(msg.contains("changed after it was signed"), "{msg}");

    // a truncated encrypted file: our words, no library advice
    let (good, _) = sync::export(&mut a, &ev, &[hq.public.clone()], false).unwrap();
    refused(&mut hq.store, &good[..good.len() / 2], "sync.damaged");
    refused(&mut hq.store, &good[..40], "sync.damaged");

    // headquarters without its key kept here is told what to do
    let mut bare = Store::open_in_memory().unwrap();
    let e = sync::import(&mut bare, &good, "x", false, &[]).unwrap_err();
    assert_eq!(e.code(), "sync.not_for_us");
    assert!(
        e.message(Lang::En).contains("restore the key"),
        "{}",
        e.message(Lang::En)
    );

    sync::import(&mut hq.store, &good, "good", false, &[]).unwrap();
}

#[test]
fn the_signed_manifest_keeps_its_counts_in_key_order() {
    let (mut a, ev) = venue(1);
    let (plain, _) = sync::export(&mut a, &ev, &[], true).unwrap();
    let rest = &plain[sync::MAGIC.len()..];
    let nl = rest.iter().position(|b| *b == b'\n').unwrap();
    let line = std::str::from_utf8(&rest[..nl]).unwrap();
    let counts_at = line.find("\"counts\":{").unwrap();
    let counts = &line[counts_at + 10..line[counts_at..].find('}').unwrap() + counts_at];
    let keys: Vec<&str> = counts
        .split(',')
        .map(|kv| kv.split(':').next().unwrap().trim_matches('"'))
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted, "documented: counts keys in byte order");
    // every table, the photos only when asked for
    assert_eq!(keys.len(), sync::TABLES.len() - sync::OPTIONAL_TABLES.len());
}

fn edited_copy(plain: &[u8], device: usize, edits: &[(usize, u8, i64)], made: i64) -> Vec<u8> {
    let mut u = unpack(plain);
    u.manifest.device_id = format!("0193cccc-0000-7000-8000-00000000000{device}");
    u.manifest.made_at = chrono::DateTime::from_timestamp_millis(made)
        .unwrap()
        .to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    let origin = u.manifest.device_id.clone();
    let n = rows(&mut u, "participants").len();
    for (who, name, offset) in edits {
        let r = &mut rows(&mut u, "participants")[who % n];
        r["name"] = json!(format!("Nama {name}"));
        r["hlc"] = json!(hlc_at(made - offset));
        r["origin"] = json!(origin);
    }
    pack(&u, &SigningKey::from_bytes(&[device as u8 + 1; 32]), false)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, .. ProptestConfig::default() })]

    /// Three laptops edit the same people with random names and random (valid, maybe
    /// equal) clocks; headquarters receives their files in two orders and ends the same.
    #[test]
    fn random_valid_clocks_merge_in_any_order(
        edits in proptest::collection::vec(
            proptest::collection::vec((0usize..4, any::<u8>(), 0i64..5_000), 0..6), 3..=3)
    ) {
        let (mut a, ev) = venue(4);
        let (plain, _) = sync::export(&mut a, &ev, &[], true).unwrap();
        let made = chrono::Utc::now().timestamp_millis();
        let files: Vec<Vec<u8>> = edits
            .iter()
            .enumerate()
            .map(|(d, e)| edited_copy(&plain, d, e, made))
            .collect();
        let mut h1 = Store::open_in_memory().unwrap();
        let mut h2 = Store::open_in_memory().unwrap();
        for f in &files {
            sync::import(&mut h1, f, "f", false, &[]).unwrap();
        }
        for f in files.iter().rev() {
            sync::import(&mut h2, f, "f", false, &[]).unwrap();
        }
        prop_assert_eq!(dump(&h1), dump(&h2));
        let _ = ev;
    }
}

/// `docs/sync-format.md` lists every synced table's columns as the migrations make them.
/// After a migration, run this test with `PLM_BLESS_DOCS=1` to rewrite that part.
#[test]
fn the_format_document_lists_the_columns_the_migrations_make() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/sync-format.md");
    let doc = std::fs::read_to_string(&path).unwrap();
    let (begin, end) = ("<!-- columns:begin -->", "<!-- columns:end -->");
    let a = doc.find(begin).expect("begin marker") + begin.len();
    let b = doc.find(end).expect("end marker");
    let s = Store::open_in_memory().unwrap();
    let want = sync::schema_markdown(s.conn()).unwrap();
    if std::env::var_os("PLM_BLESS_DOCS").is_some() {
        let new = format!("{}{}\n{}", &doc[..a], want, &doc[b..]);
        std::fs::write(&path, new).unwrap();
        return;
    }
    assert_eq!(
        doc[a..b].trim(),
        want.trim(),
        "docs/sync-format.md is out of date: run PLM_BLESS_DOCS=1 cargo test -p plm-core --test sync_trust"
    );
}

/// One rule for a removed participant's check-ins: kept and carried in the file, counted
/// nowhere: not on the desk, not in the day summary or the sheet, not in `hq report`.
#[test]
fn a_removed_participants_checkins_count_nowhere_the_same_everywhere() {
    use plm_core::attendance::{self, CheckinInput, Who};
    let (mut a, ev) = venue(3);
    let people = participants::list(&a, &ev).unwrap();
    for p in &people {
        let mut input = CheckinInput::desk(Who::Id(p.id.clone()));
        input.day = Some(1);
        attendance::checkin(&mut a, &ev, input).unwrap();
    }
    participants::remove(&mut a, &people[2].id).unwrap();
    let event = events::get(&a, &ev).unwrap();
    let slot = attendance::slot_for(&a, &event, Some(1), None, None, chrono::Utc::now()).unwrap();
    assert_eq!(
        attendance::count(&a, &ev, &slot.key).unwrap().present,
        2,
        "the desk"
    );
    assert_eq!(
        attendance::day_summary(&a, &ev, 1).unwrap().present,
        2,
        "the day summary"
    );
    let sheet = attendance::sheet_rows(&a, &ev, 1, None).unwrap();
    assert_eq!(
        sheet.iter().filter(|r| r.attendance.is_some()).count(),
        2,
        "the sheet"
    );
    let mut hq = hq();
    let (bytes, info) = sync::export(&mut a, &ev, &[hq.public.clone()], false).unwrap();
    assert_eq!(
        info.manifest.counts["attendance"], 3,
        "the file carries all three"
    );
    sync::import(&mut hq.store, &bytes, "f", false, &[]).unwrap();
    let rows = plm_core::hq::national(&hq.store).unwrap();
    let present = rows
        .iter()
        .find(|r| r.measure == "attendance" && r.key == "day 1/present")
        .unwrap();
    assert_eq!(present.value, "2", "hq report");
}
