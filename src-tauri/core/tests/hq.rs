//! Headquarters' year: the key made once and backed up, plans, event kits opened at a
//! venue, a batch of venue files with a bad one and a repeated one, the dashboard against
//! the tidy figures, probable same people, and the workbook read back.

use plm_core::attendance::{self, CheckinInput, Who};
use plm_core::error::Localized;
use plm_core::hq::{self, dashboard::Filter, kit, people, plans, receive::Outcome};
use plm_core::participants::{self, ParticipantInput};
use plm_core::{events, sync, Lang, Store};

fn hq_store() -> Store {
    let mut s = Store::open_in_memory().unwrap();
    hq::keys::create(&mut s).unwrap();
    s
}

fn plan(s: &mut Store, province: &str, start: &str, wave: i64) -> plans::Plan {
    plans::add(
        s,
        &plans::PlanInput {
            province: province.into(),
            start_date: start.into(),
            days: 2,
            wave: Some(wave),
            trainers: vec!["Budi Santoso".into()],
            ..Default::default()
        },
    )
    .unwrap()
}

const ROSTER: &str = "Nama;L/P;Kategori;Instansi\n\
                      Siti Aminah;P;Perpustakaan Desa;Perpusdes Maju\n\
                      Ahmad Yani;L;Desa Champion;Desa Sukamaju\n";

#[test]
fn the_key_is_made_once_and_a_backup_restores_it_elsewhere() {
    let mut s = Store::open_in_memory().unwrap();
    assert!(hq::keys::info(&s).unwrap().is_none());
    let (k, _) = hq::keys::create(&mut s).unwrap();
    assert!(
        k.backup_saved_at.is_none(),
        "no backup yet: the home screen warns"
    );
    let e = hq::keys::create(&mut s).unwrap_err();
    assert_eq!(e.code(), "hq.key_exists");
    assert_eq!(
        hq::keys::info(&s).unwrap().unwrap().public_key,
        k.public_key,
        "not replaced"
    );

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plm-hq-key-backup.txt");
    let saved = hq::keys::save_backup(&mut s, &path).unwrap();
    assert!(saved.backup_saved_at.is_some());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
    let backup = std::fs::read(&path).unwrap();

    // a second headquarters computer takes the key from the file
    let mut other = Store::open_in_memory().unwrap();
    let r = hq::keys::restore(&mut other, &backup).unwrap();
    assert_eq!(r.public_key, k.public_key);
    assert_eq!(
        r.signing_key, k.signing_key,
        "kits are signed with the same key"
    );
    // the same backup again is fine; a different key is never taken over the kept one
    hq::keys::restore(&mut other, &backup).unwrap();
    let mut third = hq_store();
    assert_eq!(
        hq::keys::restore(&mut third, &backup).unwrap_err().code(),
        "hq.other_key_kept"
    );

    // wrong files: each its own message, nothing kept
    let mut empty = Store::open_in_memory().unwrap();
    let public = hq::keys::public_key_text(&s).unwrap();
    let cases: [(&[u8], &str); 4] = [
        (public.as_bytes(), "hq.public_not_secret"),
        (b"Nama;Instansi\nSiti;Desa\n", "hq.not_a_backup"),
        (&[0xff, 0xd8, 0xff, 0x00, 0x10], "hq.not_a_backup"),
        (&[], "hq.not_a_backup"),
    ];
    for (bytes, code) in cases {
        assert_eq!(
            hq::keys::restore(&mut empty, bytes).unwrap_err().code(),
            code
        );
    }
    let text = String::from_utf8(backup.clone()).unwrap();
    // one character of the secret changed: the bech32 checksum or the check line finds it
    let secret_line = text
        .lines()
        .find(|l| l.starts_with("AGE-SECRET-KEY-"))
        .unwrap();
    let mut chars: Vec<char> = secret_line.chars().collect();
    let i = chars.len() - 10;
    chars[i] = if chars[i] == 'Q' { 'P' } else { 'Q' };
    let damaged = text.replace(secret_line, &chars.into_iter().collect::<String>());
    assert_eq!(
        hq::keys::restore(&mut empty, damaged.as_bytes())
            .unwrap_err()
            .code(),
        "hq.backup_damaged"
    );
    let cut: String = text.lines().take(4).collect::<Vec<_>>().join("\n");
    assert_eq!(
        hq::keys::restore(&mut empty, cut.as_bytes())
            .unwrap_err()
            .code(),
        "hq.backup_damaged"
    );
    assert!(
        hq::keys::info(&empty).unwrap().is_none(),
        "nothing kept from a bad file"
    );
}

#[test]
fn a_kit_opens_the_event_once_and_refuses_forgeries() {
    let mut hqs = hq_store();
    let p = plan(&mut hqs, "63", "2022-07-05", 3);
    let july = chrono::NaiveDate::from_ymd_opt(2022, 7, 1).unwrap();
    assert_eq!(
        plans::list(&hqs, july).unwrap()[0].state,
        plans::PlanState::Planned
    );
    // an agenda template from an event kept at headquarters
    let tpl = plm_core::desk::create_event(
        &mut hqs,
        &events::EventInput {
            title: "Template".into(),
            province: "31".into(),
            start_date: "2022-01-10".into(),
            days: 3,
            ..Default::default()
        },
    )
    .unwrap();
    for (day, start, end, title) in [
        (1, "08:00", "09:00", "Pembukaan"),
        (2, "08:00", "10:00", "Praktik"),
        (3, "08:00", "09:00", "Hari ketiga"),
    ] {
        events::add_session(
            &mut hqs,
            &tpl.id,
            &events::SessionInput {
                day,
                start: start.into(),
                end: end.into(),
                title: title.into(),
                ..Default::default()
            },
        )
        .unwrap();
    }
    let pid = p.id.clone().unwrap();
    let (bytes, made) = kit::make(
        &mut hqs,
        &pid,
        Some(ROSTER.as_bytes()),
        Some(&tpl.id),
        Lang::En,
    )
    .unwrap();
    assert_eq!(
        (made.sessions, made.participants),
        (2, 2),
        "day 3 is beyond the 2-day plan"
    );
    assert_eq!(
        plans::list(&hqs, july).unwrap()[0].state,
        plans::PlanState::KitSent
    );
    let text = String::from_utf8(bytes.clone()).unwrap();
    assert!(
        !text.contains("Siti"),
        "the roster is inside the signed payload, not loose text"
    );

    let mut venue = Store::open_in_memory().unwrap();
    let preview = kit::open(&mut venue, &bytes, true).unwrap();
    assert!(preview.dry_run && preview.event_created);
    assert_eq!(preview.participants_added, 2);
    assert!(
        events::list(&venue).unwrap().is_empty(),
        "a preview writes nothing"
    );
    let opened = kit::open(&mut venue, &bytes, false).unwrap();
    assert_eq!(
        opened.event_id, p.event_id,
        "the venue's event carries the plan's id"
    );
    assert_eq!(
        sync::hq_key(&venue).unwrap().unwrap(),
        hq::keys::info(&hqs).unwrap().unwrap().public_key
    );
    assert_eq!(events::current(&venue).unwrap().unwrap().id, p.event_id);

    // the facilitator changes things; the kit opened again (and re-made) adds nothing
    let ev = events::get(&venue, &p.event_id).unwrap();
    let people = participants::list(&venue, &ev.id).unwrap();
    participants::remove(&mut venue, &people[0].id).unwrap();
    let mut input = events::EventInput {
        title: "PLM Kalsel (diubah)".into(),
        province: "63".into(),
        start_date: ev.start_date.clone(),
        days: 2,
        ..Default::default()
    };
    input.venue = "Hotel Baru".into();
    events::update(&mut venue, &ev.id, &input).unwrap();
    let (again, _) = kit::make(
        &mut hqs,
        &pid,
        Some(ROSTER.as_bytes()),
        Some(&tpl.id),
        Lang::En,
    )
    .unwrap();
    for b in [&bytes, &again] {
        let r = kit::open(&mut venue, b, false).unwrap();
        assert!(!r.event_created);
        assert_eq!((r.sessions_added, r.participants_added), (0, 0));
    }
    let ev = events::get(&venue, &p.event_id).unwrap();
    assert_eq!(
        (ev.title.as_str(), ev.venue.as_str()),
        ("PLM Kalsel (diubah)", "Hotel Baru")
    );
    assert_eq!(
        participants::list(&venue, &ev.id).unwrap().len(),
        1,
        "removed stays removed"
    );
    assert_eq!(events::list_sessions(&venue, &ev.id).unwrap().len(), 2);

    // forged: one byte of the payload changed; another headquarters' kit; not a kit
    let mut v: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    let payload = v["payload"].as_str().unwrap().to_string();
    use base64::Engine;
    let b64 = base64::engine::general_purpose::STANDARD;
    let mut raw = b64.decode(&payload).unwrap();
    let pos = raw.windows(4).position(|w| w == b"Siti").unwrap();
    raw[pos] = b'Z';
    v["payload"] = b64.encode(&raw).into();
    let forged = serde_json::to_vec(&v).unwrap();
    let mut fresh = Store::open_in_memory().unwrap();
    assert_eq!(
        kit::open(&mut fresh, &forged, false).unwrap_err().code(),
        "kit.bad_signature"
    );
    let mut other_hq = hq_store();
    let q = plan(&mut other_hq, "63", "2022-07-05", 3);
    let (foreign, _) = kit::make(
        &mut other_hq,
        q.id.as_deref().unwrap(),
        None,
        None,
        Lang::En,
    )
    .unwrap();
    assert_eq!(
        kit::open(&mut venue, &foreign, false).unwrap_err().code(),
        "kit.other_hq"
    );
    assert_eq!(
        kit::open(&mut fresh, b"PLMSYNC\n\x00\x01", false)
            .unwrap_err()
            .code(),
        "kit.not_a_kit"
    );
    assert_eq!(
        kit::open(&mut fresh, &bytes[..bytes.len() / 2], false)
            .unwrap_err()
            .code(),
        "kit.damaged"
    );
    assert!(events::list(&fresh).unwrap().is_empty());
}

/// A venue that opened the kit, ran a small event and exported its file.
fn run_venue(
    hqs: &mut Store,
    p: &plans::Plan,
    people: &[(&str, &str)],
    present: usize,
) -> (Store, Vec<u8>) {
    let (bytes, _) = kit::make(hqs, p.id.as_deref().unwrap(), None, None, Lang::En).unwrap();
    let mut v = Store::open_in_memory().unwrap();
    kit::open(&mut v, &bytes, false).unwrap();
    let ev = p.event_id.clone();
    for (name, phone) in people {
        participants::add(
            &mut v,
            &ev,
            &ParticipantInput {
                name: name.to_string(),
                phone: phone.to_string(),
                gender: "P".into(),
                category: "perpustakaan_desa".into(),
                ..Default::default()
            },
            "manual",
        )
        .unwrap();
    }
    for pp in participants::list(&v, &ev).unwrap().iter().take(present) {
        let mut input = CheckinInput::desk(Who::Id(pp.id.clone()));
        input.day = Some(1);
        attendance::checkin(&mut v, &ev, input).unwrap();
    }
    // the kit set headquarters' key: the export needs no key typed in
    let key = sync::hq_key(&v).unwrap().expect("set by the kit");
    let (file, _) = sync::export(&mut v, &ev, &[key], false).unwrap();
    (v, file)
}

#[test]
fn a_batch_with_a_bad_file_and_a_repeated_one_lands_the_rest() {
    let mut hqs = hq_store();
    let a = plan(&mut hqs, "63", "2022-07-05", 3);
    let b = plan(&mut hqs, "11", "2022-05-10", 1);
    let _c = plan(&mut hqs, "94", "2022-09-01", 5);
    let (_va, fa) = run_venue(
        &mut hqs,
        &a,
        &[("Siti Aminah", "081234500001"), ("Rina", "081234500002")],
        2,
    );
    let (mut vb, fb) = run_venue(
        &mut hqs,
        &b,
        &[
            ("Siti Aminah", "081234500001"),
            ("Joko", "081234500003"),
            ("Ani", ""),
        ],
        1,
    );
    let files = vec![
        ("kalsel.plmsync".to_string(), fa.clone()),
        ("rusak.plmsync".to_string(), b"PLMSYNC\n garbage".to_vec()),
        ("aceh.plmsync".to_string(), fb.clone()),
        ("kalsel-lagi.plmsync".to_string(), fa.clone()),
    ];
    let mut steps = Vec::new();
    let r = hq::receive::receive(&mut hqs, &files, false, Lang::En, &mut |p| {
        steps.push((p.phase, p.done))
    })
    .unwrap();
    assert_eq!(
        steps.len(),
        8,
        "a step per file checked and per file merged"
    );
    let outcomes: Vec<Outcome> = r.files.iter().map(|f| f.outcome).collect();
    assert_eq!(
        outcomes,
        vec![
            Outcome::Imported,
            Outcome::Refused,
            Outcome::Imported,
            Outcome::NothingNew
        ]
    );
    assert!(
        r.files[1].code.as_deref().unwrap().starts_with("sync."),
        "{:?}",
        r.files[1]
    );
    assert!(!r.files[1].message.as_deref().unwrap().is_empty());
    assert_eq!(r.files[0].plan_id, a.id);

    let today = chrono::NaiveDate::from_ymd_opt(2022, 12, 1).unwrap();
    let table = plans::list(&hqs, today).unwrap();
    let state = |id: &Option<String>| table.iter().find(|p| &p.id == id).unwrap().state;
    assert_eq!(state(&a.id), plans::PlanState::Received);
    assert_eq!(state(&b.id), plans::PlanState::Received);
    let kalsel = table
        .iter()
        .find(|p| p.id == a.id)
        .unwrap()
        .arrival
        .clone()
        .unwrap();
    assert_eq!(
        (kalsel.files, kalsel.participants, kalsel.checkins),
        (1, 2, 2)
    );
    assert_eq!(
        table
            .iter()
            .filter(|p| p.state == plans::PlanState::Overdue)
            .count(),
        1
    );

    // Aceh corrects its file: the row says "updated"; the old file again brings nothing back
    let ev_b = b.event_id.clone();
    let joko = participants::list(&vb, &ev_b)
        .unwrap()
        .into_iter()
        .find(|p| p.name == "Joko")
        .unwrap();
    let mut input = CheckinInput::desk(Who::Id(joko.id.clone()));
    input.day = Some(1);
    attendance::checkin(&mut vb, &ev_b, input).unwrap();
    let key = sync::hq_key(&vb).unwrap().unwrap();
    let (fb2, _) = sync::export(&mut vb, &ev_b, &[key], false).unwrap();
    let r2 = hq::receive::receive(
        &mut hqs,
        &[("aceh-2.plmsync".into(), fb2), ("aceh.plmsync".into(), fb)],
        false,
        Lang::En,
        &mut |_| {},
    )
    .unwrap();
    assert_eq!(r2.files[0].outcome, Outcome::Imported);
    assert_eq!(r2.files[1].outcome, Outcome::NothingNew);
    let table = plans::list(&hqs, today).unwrap();
    let aceh = table.iter().find(|p| p.id == b.id).unwrap();
    assert_eq!(aceh.state, plans::PlanState::Updated);
    assert_eq!(aceh.arrival.as_ref().unwrap().checkins, 2);

    // the dashboard agrees with the tidy figures of `hq report`
    let d = hq::dashboard::dashboard(&hqs, &Filter::default()).unwrap();
    assert_eq!((d.events, d.participants), (2, 5));
    let figures = hq::national(&hqs).unwrap();
    let fig = |event: &str, key: &str| -> i64 {
        figures
            .iter()
            .find(|f| f.event_id == event && f.key == key)
            .unwrap()
            .value
            .parse()
            .unwrap()
    };
    assert_eq!(
        d.days[0].present,
        fig(&a.event_id, "day 1/present") + fig(&b.event_id, "day 1/present")
    );
    assert_eq!(
        d.days[0].expected,
        fig(&a.event_id, "day 1/expected") + fig(&b.event_id, "day 1/expected")
    );
    let only_aceh = hq::dashboard::dashboard(
        &hqs,
        &Filter {
            wave: Some(1),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(
        (
            only_aceh.events,
            only_aceh.participants,
            only_aceh.days[0].present
        ),
        (1, 3, 2)
    );
    assert_eq!(only_aceh.waves, vec![1, 3]);

    // the same phone and a similar name in two provinces: a probable pair, decided
    let pairs = people::pairs(&hqs).unwrap();
    assert_eq!(pairs.len(), 1, "{pairs:?}");
    assert_eq!(pairs[0].reason, "phone");
    assert!(pairs[0].decision.is_none());
    plm_core::settings::set_operator(&mut hqs, "  Staf   Pusat ").unwrap();
    people::decide(
        &mut hqs,
        &pairs[0].a.id,
        &pairs[0].b.id,
        people::Decision::Same,
    )
    .unwrap();
    // recorded as made by the person at this computer, as the window and CLI both do
    let by: String = hqs
        .conn()
        .query_row("SELECT decided_by FROM hq_same_person", [], |r| r.get(0))
        .unwrap();
    assert_eq!(by, "Staf Pusat");
    let pairs = people::pairs(&hqs).unwrap();
    assert_eq!(pairs[0].decision, Some(people::Decision::Same));
    assert_eq!(
        participants::list(&hqs, &a.event_id).unwrap().len(),
        2,
        "never merged"
    );

    // the workbook, read back
    let x = hq::workbook::xlsx(&hqs, &Filter::default()).unwrap();
    use calamine::Reader;
    let mut wb: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(x)).unwrap();
    assert_eq!(
        wb.sheet_names(),
        hq::workbook::SHEETS
            .iter()
            .map(|s| s.to_string())
            .collect::<Vec<_>>()
    );
    let people_sheet = wb.worksheet_range("Peserta").unwrap();
    assert_eq!(people_sheet.height(), 6, "a header and five people");
    let text: String = people_sheet
        .rows()
        .flat_map(|r| r.iter().map(|c| c.to_string()))
        .collect::<Vec<_>>()
        .join("|");
    assert!(
        text.contains("Siti Aminah") && !text.contains("081234500001"),
        "no phone numbers"
    );
    let prov = wb.worksheet_range("Provinsi").unwrap();
    assert_eq!(prov.height(), 3);
    let pdf = hq::workbook::pdf(&hqs, &Filter::default(), Lang::Id).unwrap();
    assert!(pdf.starts_with(b"%PDF"));
}

#[test]
fn an_unplanned_event_appears_and_can_be_attached_to_a_plan() {
    let mut hqs = hq_store();
    let key = hq::keys::info(&hqs).unwrap().unwrap().public_key;
    let mut v = Store::open_in_memory().unwrap();
    let ev = plm_core::desk::create_event(
        &mut v,
        &events::EventInput {
            title: "PLM Papua".into(),
            province: "94".into(),
            start_date: "2022-09-01".into(),
            days: 2,
            ..Default::default()
        },
    )
    .unwrap();
    let (file, _) = sync::export(&mut v, &ev.id, &[key], false).unwrap();
    hq::receive::receive(
        &mut hqs,
        &[("papua.plmsync".into(), file)],
        false,
        Lang::Id,
        &mut |_| {},
    )
    .unwrap();
    let p = plan(&mut hqs, "94", "2022-09-01", 5);
    let today = chrono::NaiveDate::from_ymd_opt(2022, 9, 2).unwrap();
    let table = plans::list(&hqs, today).unwrap();
    assert_eq!(table.len(), 2);
    assert_eq!(table[1].state, plans::PlanState::Unplanned);
    plans::attach(&mut hqs, p.id.as_deref().unwrap(), &ev.id).unwrap();
    let table = plans::list(&hqs, today).unwrap();
    assert_eq!(table.len(), 1);
    assert_eq!(table[0].state, plans::PlanState::Received);
}

#[test]
fn the_workspace_is_a_closed_choice() {
    let mut s = Store::open_in_memory().unwrap();
    assert_eq!(hq::workspace(&s).unwrap(), None);
    hq::set_workspace(&mut s, hq::Workspace::Hq).unwrap();
    assert_eq!(hq::workspace(&s).unwrap(), Some(hq::Workspace::Hq));
    let e =
        plm_core::settings::set(&mut s, plm_core::settings::Key::Workspace, "kantor").unwrap_err();
    assert_eq!(e.code(), "hq.bad_workspace");
}
