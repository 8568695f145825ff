//! The participants module's tests: fields, codes, duplicates, consent and erasure.

use super::*;
use crate::error::Localized;
use crate::events::{self, EventInput};
use crate::i18n::Lang;

pub(crate) fn event(store: &mut Store) -> String {
    crate::desk::create_event(
        store,
        &EventInput {
            title: "PLM".into(),
            province: "63".into(),
            start_date: "2022-07-05".into(),
            days: 2,
            ..Default::default()
        },
    )
    .unwrap()
    .id
}

fn person(name: &str) -> ParticipantInput {
    ParticipantInput {
        name: name.into(),
        ..Default::default()
    }
}

#[test]
fn phone_normalisation() {
    assert_eq!(
        parse_phone("0812-3456-7890").unwrap().unwrap(),
        "+6281234567890"
    );
    assert_eq!(
        parse_phone("+62 812 3456 7890").unwrap().unwrap(),
        "+6281234567890"
    );
    assert_eq!(
        parse_phone("6281234567890").unwrap().unwrap(),
        "+6281234567890"
    );
    assert_eq!(
        parse_phone("85300409254").unwrap().unwrap(),
        "+6285300409254",
        "leading zero Excel dropped"
    );
    assert_eq!(
        parse_phone("(0511) 3252 111").unwrap().unwrap(),
        "+625113252111"
    );
    assert_eq!(parse_phone("").unwrap(), None);
    for bad in [
        "8.53004E+10",
        "12345",
        "+44 20 7946 0958",
        "0812-abc",
        "0000000000000000",
    ] {
        assert!(parse_phone(bad).is_err(), "{bad}");
    }
}

#[test]
fn nip_gender_email_category() {
    assert_eq!(
        parse_nip("19720804 201310 2 017").unwrap().unwrap(),
        "197208042013102017"
    );
    assert_eq!(
        parse_nip("1.97801E+17").unwrap_err(),
        FieldProblem::NipMangled
    );
    assert_eq!(parse_nip("12345").unwrap_err(), FieldProblem::NipDigits);
    for (v, g) in [
        ("L", "L"),
        ("Laki-laki", "L"),
        ("pria", "L"),
        ("M", "L"),
        ("Male", "L"),
        ("P", "P"),
        ("Perempuan", "P"),
        ("Wanita", "P"),
        ("F", "P"),
        ("female", "P"),
    ] {
        assert_eq!(parse_gender(v).unwrap(), Some(g), "{v}");
    }
    assert!(parse_gender("X").is_err());
    assert_eq!(
        parse_email(" Ayu66@Gmail.com ").unwrap().unwrap(),
        "ayu66@gmail.com"
    );
    for bad in ["ayu", "ayu@", "a@b", "a b@c.id", "a@@b.id", "a@b..id"] {
        assert!(parse_email(bad).is_err(), "{bad}");
    }
    assert_eq!(
        parse_category("Dinas Perpustakaan Kabupaten/Kota").unwrap(),
        "dinas_kabkota"
    );
    assert_eq!(parse_category("Impact/Dampak").unwrap(), "impact");
    assert_eq!(
        parse_category("perpustakaan desa").unwrap(),
        "perpustakaan_desa"
    );
    assert_eq!(parse_category("").unwrap(), "lainnya");
    assert!(parse_category("Astronaut").is_err());
}

#[test]
fn name_keys_ignore_titles_and_accents() {
    assert_eq!(
        name_key("Hj. Rabiatul Ma’rufah, S.Sos."),
        "rabiatul marufah"
    );
    assert_eq!(name_key("Arif Utami, S.Hum."), "arif utami");
    assert_eq!(name_key("Dr. Ir. Budi"), "budi");
    assert_eq!(name_key("Sité"), "site");
}

#[test]
fn badge_codes_use_the_safe_alphabet() {
    let mut s = Store::open_in_memory().unwrap();
    let e = event(&mut s);
    for i in 0..200 {
        let p = add(&mut s, &e, &person(&format!("Peserta {i}")), "manual").unwrap();
        assert_eq!(p.code.len(), 6);
        assert!(
            p.code.bytes().all(|b| CODE_ALPHABET.contains(&b)),
            "{}",
            p.code
        );
        assert!(!p.code.contains(['O', '0', 'I', '1', 'L']));
    }
    let codes: std::collections::HashSet<_> =
        list(&s, &e).unwrap().into_iter().map(|p| p.code).collect();
    assert_eq!(codes.len(), 200);
}

#[test]
fn walk_in_validation_and_duplicates() {
    let mut s = Store::open_in_memory().unwrap();
    let e = event(&mut s);
    let ayu = add(
        &mut s,
        &e,
        &ParticipantInput {
            phone: "0821 3857 699".into(),
            gender: "perempuan".into(),
            institution: "Desa Pematang Benteng".into(),
            ..person("Ayu Sari")
        },
        "walk_in",
    )
    .unwrap();
    assert_eq!(ayu.phone.as_deref(), Some("+628213857699"));
    assert_eq!(ayu.gender.as_deref(), Some("P"));
    assert_eq!(ayu.source, "walk_in");

    let dup = add(
        &mut s,
        &e,
        &ParticipantInput {
            phone: "+62 821-3857-699".into(),
            ..person("Ayu S.")
        },
        "walk_in",
    )
    .unwrap_err();
    assert_eq!(dup.code(), "participant.duplicate");
    assert!(dup.message(Lang::Id).contains(&ayu.code));
    let dup = add(
        &mut s,
        &e,
        &ParticipantInput {
            institution: "desa pematang  benteng".into(),
            ..person("AYU SARI, S.Pd.")
        },
        "walk_in",
    )
    .unwrap_err();
    assert_eq!(dup.code(), "participant.duplicate");

    assert_eq!(
        add(&mut s, &e, &person("  "), "walk_in")
            .unwrap_err()
            .code(),
        "participant.name_required"
    );
    let bad = add(
        &mut s,
        &e,
        &ParticipantInput {
            nip: "1.97801E+17".into(),
            ..person("Budi")
        },
        "walk_in",
    )
    .unwrap_err();
    assert_eq!(bad.code(), "participant.invalid_field");
    assert!(bad.message(Lang::En).contains("mangled by Excel"));
    assert_eq!(count(&s, &e).unwrap(), 1);
}

#[test]
fn search_words_prefixes_accents_and_codes() {
    let mut s = Store::open_in_memory().unwrap();
    let e = event(&mut s);
    let m1 = add(
        &mut s,
        &e,
        &ParticipantInput {
            institution: "Dinas Perpustakaan Kab. Banjar".into(),
            ..person("Muhammad Rizki")
        },
        "manual",
    )
    .unwrap();
    let m2 = add(&mut s, &e, &person("Muh. Arsyad, S.IP."), "manual").unwrap();
    let r = add(&mut s, &e, &person("Hj. Rabiatul Ma’rufah"), "manual").unwrap();
    add(
        &mut s,
        &e,
        &ParticipantInput {
            regency: "Hulu Sungai Utara".into(),
            ..person("Siti Aminah")
        },
        "manual",
    )
    .unwrap();

    let names = |q: &str| {
        search(&s, &e, q, 20)
            .unwrap()
            .into_iter()
            .map(|p| p.name)
            .collect::<Vec<_>>()
    };
    assert_eq!(names("muh"), vec!["Muh. Arsyad, S.IP.", "Muhammad Rizki"]);
    assert_eq!(names("MUH RIZ"), vec!["Muhammad Rizki"]);
    assert_eq!(names("rizki muh"), vec!["Muhammad Rizki"]);
    assert_eq!(
        names("marufah"),
        vec!["Hj. Rabiatul Ma’rufah"],
        "apostrophes join what they separate"
    );
    assert_eq!(names("ma'rufah"), vec!["Hj. Rabiatul Ma’rufah"]);
    assert_eq!(names("ma rufah"), Vec::<String>::new());
    assert_eq!(names("rabi"), vec!["Hj. Rabiatul Ma’rufah"]);
    assert_eq!(names("banjar"), vec!["Muhammad Rizki"], "institution");
    assert_eq!(names("hulu sungai"), vec!["Siti Aminah"], "regency");
    assert_eq!(names("hammad"), Vec::<String>::new(), "word prefixes only");
    assert!(names("%").is_empty() && names("_").is_empty());
    let by_code = search(&s, &e, &m2.code.to_lowercase(), 20).unwrap();
    assert_eq!(by_code[0].id, m2.id);
    let exact = search(&s, &e, &r.code, 20).unwrap();
    assert_eq!(exact[0].id, r.id, "exact code first");
    assert_ne!(m1.id, m2.id);
}

#[test]
fn consent_decline_drops_optional_fields_and_erase_keeps_counts() {
    let mut s = Store::open_in_memory().unwrap();
    let e = event(&mut s);
    let p = add(
        &mut s,
        &e,
        &ParticipantInput {
            phone: "081234567890".into(),
            nip: "197208042013102017".into(),
            gender: "L".into(),
            category: "Perpustakaan Desa".into(),
            ..person("Budi")
        },
        "manual",
    )
    .unwrap();
    let declined = record_consent(&mut s, &p.id, false, "Fasilitator").unwrap();
    assert_eq!(declined.consent, Some(false));
    assert_eq!(declined.consent_version.as_deref(), Some(CONSENT_VERSION));
    assert!(declined.phone.is_none() && declined.nip.is_none());
    assert_eq!(declined.name, "Budi");
    // editing later does not bring them back
    let edited = update(
        &mut s,
        &p.id,
        &ParticipantInput {
            phone: "081234567890".into(),
            gender: "L".into(),
            category: "perpustakaan_desa".into(),
            ..person("Budi Santoso")
        },
    )
    .unwrap();
    assert!(edited.phone.is_none());
    assert_eq!(edited.name, "Budi Santoso");

    let erased = erase(&mut s, &p.id).unwrap();
    assert!(erased.erased);
    assert_eq!(erased.name, "");
    assert_eq!(erased.gender.as_deref(), Some("L"));
    assert_eq!(erased.category, "perpustakaan_desa");
    assert_eq!(count(&s, &e).unwrap(), 1, "still counted");
    assert!(search(&s, &e, "budi", 10).unwrap().is_empty());
    assert_eq!(
        update(&mut s, &p.id, &person("X")).unwrap_err().code(),
        "participant.erased"
    );

    let other = add(
        &mut s,
        &e,
        &ParticipantInput {
            phone: "0812 1111 2222".into(),
            ..person("Citra")
        },
        "manual",
    )
    .unwrap();
    assert_eq!(
        erase_all(&mut s, &e).unwrap(),
        1,
        "only those not erased yet"
    );
    let other = get(&s, &other.id).unwrap();
    assert!(other.erased && other.phone.is_none() && other.name.is_empty());
    assert_eq!(count(&s, &e).unwrap(), 2);
    remove(&mut s, &other.id).unwrap();
    remove(&mut s, &p.id).unwrap();
    assert_eq!(count(&s, &e).unwrap(), 0);
    let rows: i64 = s
        .conn()
        .query_row("SELECT count(*) FROM participants", [], |r| r.get(0))
        .unwrap();
    assert_eq!(rows, 2, "tombstones stay");
}

#[test]
fn retention_is_offered_only_for_data_older_than_the_recent_days() {
    use chrono::{TimeZone, Utc};
    let mut s = Store::open_in_memory().unwrap();
    let e = event(&mut s); // 2022-07-05, 2 days: kept until 2024-07-06 by default
    let at = |y, m, d| Utc.with_ymd_and_hms(y, m, d, 3, 0, 0).unwrap();
    assert_eq!(
        retention(&s, &e, at(2030, 1, 1)).unwrap(),
        Retention::NotDue,
        "nobody to erase"
    );
    add(&mut s, &e, &person("Budi"), "manual").unwrap();
    let created = get(&s, &list(&s, &e).unwrap()[0].id).unwrap().created_at;
    let entered = chrono::DateTime::parse_from_rfc3339(&created)
        .unwrap()
        .with_timezone(&Utc);
    let until = events::get(&s, &e).unwrap().retention_until.unwrap();
    // the date has passed, but the person was entered today: not offered, and why
    assert_eq!(
        retention(&s, &e, entered + chrono::Duration::hours(1)).unwrap(),
        Retention::DueButRecent {
            until: until.clone(),
            people: 1,
            recent: 1
        }
    );
    // 15 days later: offered
    assert_eq!(
        retention(&s, &e, entered + chrono::Duration::days(RECENT_DAYS + 1)).unwrap(),
        Retention::Due {
            until: until.clone(),
            people: 1
        }
    );
    // the retention date moved into the future: nothing to say
    events::set_retention(&mut s, &e, "2099-12-31").unwrap();
    assert_eq!(
        retention(&s, &e, entered + chrono::Duration::days(30)).unwrap(),
        Retention::NotDue
    );
    events::set_retention(&mut s, &e, &until).unwrap();
    erase_all(&mut s, &e).unwrap();
    assert_eq!(
        retention(&s, &e, entered + chrono::Duration::days(30)).unwrap(),
        Retention::NotDue,
        "all erased"
    );
    let json = serde_json::to_value(Retention::Due {
        until: "2024-07-06".into(),
        people: 3,
    })
    .unwrap();
    assert_eq!(
        json,
        serde_json::json!({"state": "due", "until": "2024-07-06", "people": 3})
    );
}

#[test]
fn consent_text_in_both_languages() {
    assert!(consent_text(Lang::Id).contains("menolak"));
    assert!(consent_text(Lang::En).contains("decline"));
}

#[test]
fn consent_is_recorded_by_the_person_at_the_desk_unless_named() {
    let mut s = Store::open_in_memory().unwrap();
    let e = event(&mut s);
    let p = add(&mut s, &e, &person("Siti"), "manual").unwrap();
    let by = |s: &Store| -> String {
        s.conn()
            .query_row(
                "SELECT consent_by FROM participants WHERE id = ?1",
                [&p.id],
                |r| r.get(0),
            )
            .unwrap()
    };
    // nobody named at the desk: "desk", as the window and the command line both record
    record_consent(&mut s, &p.id, true, "").unwrap();
    assert_eq!(by(&s), "desk");
    crate::settings::set_operator(&mut s, " Ani   Rahma ").unwrap();
    record_consent(&mut s, &p.id, true, "  ").unwrap();
    assert_eq!(by(&s), "Ani Rahma");
    record_consent(&mut s, &p.id, true, "Fasilitator").unwrap();
    assert_eq!(by(&s), "Fasilitator");
    // someone from another event is "not found" in this one
    let other = event(&mut s);
    assert_eq!(get_in(&s, &e, &p.id).unwrap().id, p.id);
    assert!(matches!(
        get_in(&s, &other, &p.id),
        Err(Error::NotFound { .. })
    ));
}
