//! Learning notes and impact stories: kinds in either language, sessions of the event,
//! consent before a name.

use super::*;
use crate::error::Localized;
use crate::events::SessionInput;
use crate::participants::ParticipantInput;

fn setup() -> (Store, String, String) {
    let (mut s, event_id) = events::test_event();
    let sess = events::add_session(
        &mut s,
        &event_id,
        &SessionInput {
            day: 1,
            start: "09:00".into(),
            end: "10:00".into(),
            title: "Berbagi".into(),
            kind: Some("sharing".into()),
            ..Default::default()
        },
    )
    .unwrap();
    (s, event_id, sess.id)
}

#[test]
fn notes_per_session_with_kind_in_either_language() {
    let (mut s, ev, sess) = setup();
    let n = add_note(
        &mut s,
        &ev,
        &NoteInput {
            session_id: Some(sess.clone()),
            kind: "Kendala".into(),
            text: "Internet lambat".into(),
            raised_by: "Desa A".into(),
        },
    )
    .unwrap();
    assert_eq!(n.kind, "obstacle");
    add_note(
        &mut s,
        &ev,
        &NoteInput {
            kind: "solution".into(),
            text: "Modem bersama".into(),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(list_notes(&s, &ev, Some(&sess)).unwrap().len(), 1);
    assert_eq!(list_notes(&s, &ev, None).unwrap().len(), 2);
    let e = add_note(
        &mut s,
        &ev,
        &NoteInput {
            kind: "gossip".into(),
            text: "x".into(),
            ..Default::default()
        },
    )
    .unwrap_err();
    assert!(e.message(Lang::Id).contains("Jenis catatan"));
    // no kind chosen: asked for, never a silent default
    let e = add_note(
        &mut s,
        &ev,
        &NoteInput {
            kind: " ".into(),
            text: "x".into(),
            ..Default::default()
        },
    )
    .unwrap_err();
    assert_eq!(e.field(), Some("kind"));
    assert!(e.message(Lang::Id).starts_with("Pilih jenis catatan"));
    let e = add_note(
        &mut s,
        &ev,
        &NoteInput {
            kind: "obstacle".into(),
            text: "   ".into(),
            ..Default::default()
        },
    )
    .unwrap_err();
    assert_eq!(e.code(), "note.required");
    assert_eq!(e.field(), Some("note"));
    let e = add_note(
        &mut s,
        &ev,
        &NoteInput {
            session_id: Some("nope".into()),
            kind: "obstacle".into(),
            text: "x".into(),
            ..Default::default()
        },
    )
    .unwrap_err();
    assert_eq!(e.code(), "not_found");
    delete_note(&mut s, &n.id).unwrap();
    assert_eq!(list_notes(&s, &ev, None).unwrap().len(), 1);
}

#[test]
fn a_story_names_a_person_only_with_consent() {
    let (mut s, ev, _) = setup();
    let p = crate::participants::add(
        &mut s,
        &ev,
        &ParticipantInput {
            name: "Siti Aminah".into(),
            category: "impact".into(),
            ..Default::default()
        },
        "walk_in",
    )
    .unwrap();
    let input = StoryInput {
        participant_id: Some(p.id.clone()),
        title: "Usaha kue".into(),
        story: "Belajar resep dari pojok baca.".into(),
        ..Default::default()
    };
    let e = add_story(&mut s, &ev, &input).unwrap_err();
    assert!(
        e.message(Lang::En).contains("consent"),
        "{}",
        e.message(Lang::En)
    );
    crate::participants::record_consent(&mut s, &p.id, true, "op").unwrap();
    let st = add_story(
        &mut s,
        &ev,
        &StoryInput {
            publishable: true,
            ..input
        },
    )
    .unwrap();
    assert_eq!(st.person, "Siti Aminah");
    assert!(st.publishable);
    assert_eq!(list_stories(&s, &ev).unwrap().len(), 1);
}
