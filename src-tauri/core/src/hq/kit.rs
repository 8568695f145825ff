//! Event kits: what headquarters hands a master trainer before a PLM (the event, an
//! agenda template, a roster, headquarters' public key), signed by headquarters, and how
//! the venue app opens one. Format: `docs/kit-format.md`.

use super::error::HqError;
use super::keys;
use crate::db::Store;
use crate::error::Result;
use crate::events::{self, EventInput, SessionInput};
use crate::participants::{self, ParticipantInput};
use base64::Engine;
use ed25519_dalek::{Signature, Signer, VerifyingKey};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

pub const FORMAT: &str = "plm-desk-kit";
pub const VERSION: u32 = 1;
/// A kit is a few hundred kilobytes at most (a roster of thousands of names).
pub const MAX_BYTES: usize = 8 * 1024 * 1024;
const SIGNED_PREFIX: &[u8] = b"PLM Desk event kit v1\n";

/// The outer file: the payload's bytes (base64) and their signature.
#[derive(Debug, Serialize, Deserialize)]
struct Envelope {
    format: String,
    version: u32,
    payload: String,
    signature: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct KitEvent {
    pub id: String,
    pub title: String,
    pub province_code: String,
    pub regency: String,
    pub venue: String,
    pub start_date: String,
    pub days: i64,
    pub wave: Option<i64>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct KitSession {
    pub id: String,
    pub day: i64,
    pub start: String,
    pub end: String,
    pub title: String,
    pub kind: String,
    pub facilitators: String,
    pub resource_person: String,
}

/// A roster line. Contact fields (phone, NIP, e-mail) never travel in a kit: it is signed,
/// not encrypted, because headquarters does not know the venue laptop's key before it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct KitPerson {
    pub id: String,
    pub name: String,
    pub gender: String,
    pub category: String,
    pub institution: String,
    pub position: String,
    pub regency: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Kit {
    pub kit_id: String,
    pub made_at: String,
    pub plan_id: String,
    pub hq_public_key: String,
    pub hq_signing_key: String,
    pub event: KitEvent,
    pub trainers: Vec<String>,
    pub sessions: Vec<KitSession>,
    pub roster: Vec<KitPerson>,
}

/// What making a kit did: counts, and the roster file's per-line report.
#[derive(Debug, Clone, Serialize)]
pub struct MadeKit {
    pub plan_id: String,
    pub event_id: String,
    pub title: String,
    pub sessions: usize,
    pub participants: usize,
    pub roster_report: Option<crate::roster::ImportReport>,
    pub bytes: usize,
}

/// A stable id from a seed, so that a kit made twice names the same rows the same way.
fn stable_id(parts: &[&str]) -> String {
    let mut h = Sha256::new();
    for p in parts {
        h.update(p.as_bytes());
        h.update([0]);
    }
    let d = h.finalize();
    let mut b = [0u8; 16];
    b.copy_from_slice(&d[..16]);
    uuid::Builder::from_random_bytes(b).into_uuid().to_string()
}

/// Make the kit for a planned PLM: its event, the agenda of `agenda_from` (an event kept
/// here, as a template), the roster file (read by the roster importer, with its report).
pub fn make(
    store: &mut Store,
    plan_id: &str,
    roster: Option<&[u8]>,
    agenda_from: Option<&str>,
    lang: crate::Lang,
) -> Result<(Vec<u8>, MadeKit)> {
    let secret = keys::secret(store)?;
    let key = keys::info(store)?.ok_or(HqError::NoKey)?;
    let plan = super::plans::get(store, plan_id)?;
    let event = KitEvent {
        id: plan.event_id.clone(),
        title: plan.title.clone(),
        province_code: plan.province_code.clone(),
        regency: plan.city.clone(),
        venue: plan.venue.clone(),
        start_date: plan.start_date.clone(),
        days: plan.days,
        wave: plan.wave,
    };
    let mut sessions = Vec::new();
    if let Some(from) = agenda_from {
        for s in events::list_sessions(store, from)? {
            if s.day > plan.days {
                continue;
            }
            sessions.push(KitSession {
                id: stable_id(&[
                    &plan.event_id,
                    "session",
                    &s.day.to_string(),
                    &s.start,
                    &s.title,
                ]),
                day: s.day,
                start: s.start,
                end: s.end,
                title: s.title,
                kind: s.kind,
                facilitators: s.facilitators,
                resource_person: s.resource_person,
            });
        }
    }
    let mut people = Vec::new();
    let mut roster_report = None;
    if let Some(bytes) = roster {
        // the roster goes through the same reader and checks as a venue's import, in a
        // scratch database that is thrown away
        let mut scratch = Store::open_in_memory()?;
        let ev = crate::desk::create_event(
            &mut scratch,
            &EventInput {
                title: plan.title.clone(),
                province: plan.province_code.clone(),
                start_date: plan.start_date.clone(),
                days: plan.days,
                ..Default::default()
            },
        )?;
        let rep = crate::roster::import(&mut scratch, &ev.id, bytes, None, false, lang)?;
        for p in participants::list(&scratch, &ev.id)? {
            people.push(KitPerson {
                id: stable_id(&[
                    &plan.event_id,
                    "participant",
                    &crate::text::name_key(&p.name),
                    &p.institution,
                ]),
                name: p.name,
                gender: p.gender.unwrap_or_default(),
                category: p.category,
                institution: p.institution,
                position: p.position,
                regency: p.regency,
            });
        }
        roster_report = Some(rep);
    }
    let kit = Kit {
        kit_id: crate::ids::new_id(),
        made_at: crate::ids::now_utc(),
        plan_id: plan_id.to_string(),
        hq_public_key: key.public_key.clone(),
        hq_signing_key: key.signing_key.clone(),
        event,
        trainers: plan.trainers.clone(),
        sessions,
        roster: people,
    };
    let payload = serde_json::to_vec(&kit).expect("json");
    let mut signed = SIGNED_PREFIX.to_vec();
    signed.extend_from_slice(&payload);
    let sig = keys::signing_from(&secret).sign(&signed);
    let b64 = base64::engine::general_purpose::STANDARD;
    let env = Envelope {
        format: FORMAT.into(),
        version: VERSION,
        payload: b64.encode(&payload),
        signature: b64.encode(sig.to_bytes()),
    };
    let bytes = serde_json::to_vec_pretty(&env).expect("json");
    super::plans::mark_kit_saved(store, plan_id)?;
    log::info!("kit made for plan {plan_id}");
    Ok((
        bytes.clone(),
        MadeKit {
            plan_id: plan_id.to_string(),
            event_id: plan.event_id,
            title: plan.title,
            sessions: kit.sessions.len(),
            participants: kit.roster.len(),
            roster_report,
            bytes: bytes.len(),
        },
    ))
}

/// Read and verify a kit: its shape, its signature, and that its headquarters is the one
/// this laptop knows (if it knows one). Nothing is written.
pub fn read(store: &Store, bytes: &[u8]) -> Result<Kit> {
    if bytes.len() > MAX_BYTES {
        return Err(HqError::KitDamaged.into());
    }
    let text = std::str::from_utf8(bytes).map_err(|_| HqError::NotAKit)?;
    let v: serde_json::Value = serde_json::from_str(text).map_err(|_| {
        if text.trim_start().starts_with('{') {
            HqError::KitDamaged
        } else {
            HqError::NotAKit
        }
    })?;
    if v.get("format").and_then(|f| f.as_str()) != Some(FORMAT) {
        return Err(HqError::NotAKit.into());
    }
    let env: Envelope = serde_json::from_value(v).map_err(|_| HqError::KitDamaged)?;
    if env.version > VERSION {
        return Err(HqError::KitTooNew(env.version).into());
    }
    let b64 = base64::engine::general_purpose::STANDARD;
    let payload = b64.decode(&env.payload).map_err(|_| HqError::KitDamaged)?;
    let sig: [u8; 64] = b64
        .decode(&env.signature)
        .ok()
        .and_then(|s| s.try_into().ok())
        .ok_or(HqError::KitDamaged)?;
    let kit: Kit = serde_json::from_slice(&payload).map_err(|_| HqError::KitDamaged)?;
    let vk: [u8; 32] = b64
        .decode(&kit.hq_signing_key)
        .ok()
        .and_then(|k| k.try_into().ok())
        .ok_or(HqError::KitDamaged)?;
    let vk = VerifyingKey::from_bytes(&vk).map_err(|_| HqError::KitForged)?;
    let mut signed = SIGNED_PREFIX.to_vec();
    signed.extend_from_slice(&payload);
    vk.verify_strict(&signed, &Signature::from_bytes(&sig))
        .map_err(|_| HqError::KitForged)?;
    crate::sync::parse_recipient(&kit.hq_public_key).map_err(|_| HqError::KitDamaged)?;
    if !crate::ids::is_uuid(&kit.event.id) {
        return Err(HqError::KitDamaged.into());
    }
    // a laptop that already works for one headquarters takes kits from that one only
    let kept_key = crate::sync::hq_key(store)?;
    let kept_signer = crate::settings::get(store, crate::settings::Key::HqSigningKey)?;
    let other = kept_key.as_deref().is_some_and(|k| k != kit.hq_public_key)
        || kept_signer
            .as_deref()
            .is_some_and(|k| k != kit.hq_signing_key);
    if other {
        return Err(HqError::KitOtherHq {
            kit: keys::short(&kit.hq_public_key),
            kept: keys::short(kept_key.as_deref().unwrap_or(&kit.hq_public_key)),
        }
        .into());
    }
    Ok(kit)
}

/// What opening a kit does (or did): the preview and the result have the same shape.
#[derive(Debug, Clone, Serialize)]
pub struct Opened {
    pub dry_run: bool,
    pub event_id: String,
    pub title: String,
    pub province: String,
    pub start_date: String,
    pub days: i64,
    pub trainers: Vec<String>,
    pub hq_fingerprint: String,
    /// The event was created (false: it was already here, and is left as it is).
    pub event_created: bool,
    pub sessions_added: usize,
    pub sessions_kept: usize,
    pub participants_added: usize,
    /// Already here (the same id, or the same person added by hand), or removed here.
    pub participants_kept: usize,
}

/// Open a kit at the venue: the event (with headquarters' id) is created with
/// headquarters' key set, the agenda and the roster added. One transaction. Opening it
/// again, or after the facilitator changed things, adds nothing twice and overwrites
/// nothing: rows are matched by their kit ids (a removed one stays removed) and people
/// also by name. With `dry_run`, the same report and nothing written.
pub fn open(store: &mut Store, bytes: &[u8], dry_run: bool) -> Result<Opened> {
    let kit = read(store, bytes)?;
    let input = EventInput {
        title: kit.event.title.clone(),
        province: kit.event.province_code.clone(),
        regency: kit.event.regency.clone(),
        venue: kit.event.venue.clone(),
        start_date: kit.event.start_date.clone(),
        days: kit.event.days,
        wave: kit.event.wave,
        ..Default::default()
    };
    let province = crate::places::find_province(&kit.event.province_code)
        .map(|p| p.name.to_string())
        .unwrap_or_default();
    let work = |tx: &mut crate::db::Tx<'_>| -> Result<Opened> {
        let event_created = crate::desk::insert_event_if_absent(tx, &kit.event.id, &input)?;
        // the event as it is here now (the facilitator may have changed its days)
        let days: i64 = tx.query_row(
            "SELECT days FROM events WHERE id = ?1",
            [&kit.event.id],
            |r| r.get(0),
        )?;
        let mut out = Opened {
            dry_run,
            event_id: kit.event.id.clone(),
            title: kit.event.title.clone(),
            province: province.clone(),
            start_date: kit.event.start_date.clone(),
            days: kit.event.days,
            trainers: kit.trainers.clone(),
            hq_fingerprint: keys::short(&kit.hq_public_key),
            event_created,
            sessions_added: 0,
            sessions_kept: 0,
            participants_added: 0,
            participants_kept: 0,
        };
        for s in &kit.sessions {
            let si = SessionInput {
                day: s.day,
                start: s.start.clone(),
                end: s.end.clone(),
                title: s.title.clone(),
                kind: Some(s.kind.clone()),
                facilitators: s.facilitators.clone(),
                resource_person: s.resource_person.clone(),
            };
            if s.day <= days
                && events::insert_session_if_absent(tx, &s.id, &kit.event.id, days, &si)?
            {
                out.sessions_added += 1;
            } else {
                out.sessions_kept += 1;
            }
        }
        for p in &kit.roster {
            let there: Option<i64> = rusqlite::OptionalExtension::optional(tx.query_row(
                "SELECT 1 FROM participants WHERE id = ?1",
                [&p.id],
                |r| r.get(0),
            ))?;
            let clean = ParticipantInput {
                name: p.name.clone(),
                gender: p.gender.clone(),
                category: p.category.clone(),
                institution: p.institution.clone(),
                position: p.position.clone(),
                regency: p.regency.clone(),
                ..Default::default()
            }
            .clean()?;
            if there.is_some()
                || participants::find_same_person(tx, &kit.event.id, &clean)?.is_some()
            {
                out.participants_kept += 1;
                continue;
            }
            participants::insert_as(tx, &p.id, &kit.event.id, &clean, "import")?;
            out.participants_added += 1;
        }
        // headquarters' key: set from the kit, never pasted by hand
        crate::settings::put(tx, crate::settings::Key::HqPublicKey, &kit.hq_public_key)?;
        crate::settings::put(tx, crate::settings::Key::HqSigningKey, &kit.hq_signing_key)?;
        crate::settings::put(tx, crate::settings::Key::CurrentEvent, &kit.event.id)?;
        Ok(out)
    };
    let out = if dry_run {
        store.dry_run(work)?
    } else {
        store.write(work)?
    };
    if !dry_run {
        crate::sync::keep_escrow(store);
        log::info!(
            "kit opened: event {}, {} sessions and {} people added",
            out.event_id,
            out.sessions_added,
            out.participants_added
        );
    }
    Ok(out)
}
