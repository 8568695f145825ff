//! Participants of an event: validation and normalisation of their fields, badge codes,
//! duplicates, walk-ins, consent, removal and erasure on request, and search.

use crate::db::{Store, Tx};
use crate::error::{Error, Result};
use rusqlite::{params, OptionalExtension, Row};
use serde::{Deserialize, Serialize};

/// Badge-code alphabet: upper-case letters and digits without look-alikes (no O/0,
/// I/1/L), so a USB barcode scanner and a person both type it right.
pub const CODE_ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";
pub const CODE_LEN: usize = 6;
pub const MAX_NAME: usize = 150;
const MAX_TEXT: usize = 200;

/// The participant categories (code, printed name).
pub const CATEGORIES: [(&str, &str); 11] = [
    ("dinas_provinsi", "Dinas Perpustakaan Provinsi"),
    ("dinas_kabkota", "Dinas Perpustakaan Kabupaten/Kota"),
    ("perpustakaan_desa", "Perpustakaan Desa"),
    ("impact", "Impact/Dampak"),
    ("desa_champion", "Desa Champion"),
    ("master_trainer", "Master Trainer"),
    ("fasilitator_daerah", "Fasilitator Daerah"),
    ("narasumber", "Narasumber"),
    ("panitia", "Panitia"),
    ("perpusnas", "Perpusnas"),
    ("lainnya", "Lainnya"),
];

// ------------------------------------------------------------------ normalisation

pub use crate::fields::{parse_email, parse_gender, parse_nip, parse_phone, FieldProblem};
pub use crate::text::{fold, name_key};

/// Category code from a code, a printed name or a common variant.
pub fn parse_category(v: &str) -> Result<&'static str, FieldProblem> {
    let f = fold(v).replace(' ', "");
    if f.is_empty() {
        return Ok("lainnya");
    }
    for (code, label) in CATEGORIES {
        if f == code.replace('_', "") || f == fold(label).replace(' ', "") {
            return Ok(code);
        }
    }
    let found = match f.as_str() {
        "dinasprovinsi" | "provinsi" | "dinasperpustakaanprov" | "dispersipprovinsi" => {
            "dinas_provinsi"
        }
        "dinaskabupatenkota"
        | "dinaskabkota"
        | "dinasperpustakaankabupaten"
        | "dinasperpustakaankota"
        | "kabupatenkota"
        | "dinaskabupaten"
        | "dinaskota" => "dinas_kabkota",
        "perpusdes" | "perpustakaandesakelurahan" | "desa" => "perpustakaan_desa",
        "impact" | "dampak" | "penerimamanfaat" => "impact",
        "champion" | "desachampions" => "desa_champion",
        "mt" | "mastertrainers" => "master_trainer",
        "fasda" | "fasilitator" | "fasilitatorkabupaten" => "fasilitator_daerah",
        "narsum" | "narasumberlokal" | "resourceperson" => "narasumber",
        "committee" | "organiser" | "organizer" => "panitia",
        "perpustakaannasional" | "perpusnasri" | "headquarters" => "perpusnas",
        "other" | "others" | "lainlain" => "lainnya",
        _ => return Err(FieldProblem::CategoryUnknown),
    };
    Ok(found)
}

pub fn category_label(code: &str) -> &'static str {
    CATEGORIES
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, l)| *l)
        .unwrap_or("Lainnya")
}

// ------------------------------------------------------------------ records

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Participant {
    pub id: String,
    pub event_id: String,
    pub code: String,
    pub name: String,
    pub gender: Option<String>,
    pub category: String,
    pub category_label: String,
    pub institution: String,
    pub position: String,
    pub regency: String,
    pub village: String,
    pub nip: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub disability: Option<String>,
    pub consent: Option<bool>,
    pub consent_at: Option<String>,
    pub consent_version: Option<String>,
    pub source: String,
    pub erased: bool,
    pub created_at: String,
    pub updated_at: String,
}

/// What a person types in the participant form (empty = not given).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ParticipantInput {
    pub name: String,
    pub gender: String,
    pub category: String,
    pub institution: String,
    pub position: String,
    pub regency: String,
    pub village: String,
    pub nip: String,
    pub phone: String,
    pub email: String,
    pub disability: String,
}

/// A validated, normalised participant ready to store.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Clean {
    pub name: String,
    pub gender: Option<String>,
    pub category: String,
    pub institution: String,
    pub position: String,
    pub regency: String,
    pub village: String,
    pub nip: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub disability: Option<String>,
}

fn limited(field: &'static str, v: &str, max: usize) -> Result<String, ParticipantError> {
    let t = v.split_whitespace().collect::<Vec<_>>().join(" ");
    if t.chars().count() > max {
        return Err(ParticipantError::TooLong { field, max });
    }
    Ok(t)
}

impl ParticipantInput {
    /// Strict validation for the form: any invalid value is an error.
    pub fn clean(&self) -> Result<Clean, ParticipantError> {
        let name = limited("name", &self.name, MAX_NAME)?;
        if name.is_empty() {
            return Err(ParticipantError::NameRequired);
        }
        fn inv<'a>(
            field: &'static str,
            value: &'a str,
        ) -> impl Fn(FieldProblem) -> ParticipantError + 'a {
            move |reason| ParticipantError::Invalid {
                field,
                value: value.trim().to_string(),
                reason,
            }
        }
        Ok(Clean {
            name,
            gender: parse_gender(&self.gender)
                .map_err(inv("gender", &self.gender))?
                .map(str::to_string),
            category: parse_category(&self.category)
                .map_err(|_| FieldProblem::CategoryNotListed)
                .map_err(inv("category", &self.category))?
                .to_string(),
            institution: limited("institution", &self.institution, MAX_TEXT)?,
            position: limited("position", &self.position, MAX_TEXT)?,
            regency: limited("regency", &self.regency, MAX_TEXT)?,
            village: limited("village", &self.village, MAX_TEXT)?,
            nip: parse_nip(&self.nip).map_err(inv("NIP", &self.nip))?,
            phone: parse_phone(&self.phone).map_err(inv("phone", &self.phone))?,
            email: parse_email(&self.email).map_err(inv("email", &self.email))?,
            disability: Some(limited("disability", &self.disability, MAX_TEXT)?)
                .filter(|s| !s.is_empty()),
        })
    }
}

fn search_text(code: &str, c: &Clean) -> String {
    crate::text::search_text(&c.name, code, &c.institution, &c.regency)
}

const COLS: &str = "id, event_id, code, name, gender, category, institution, position, regency, village, nip, phone, \
     email, disability, consent, consent_at, consent_version, source, erased_at, created_at, updated_at";

fn from_row(r: &Row) -> rusqlite::Result<Participant> {
    let category: String = r.get("category")?;
    let consent: Option<i64> = r.get("consent")?;
    let erased: Option<String> = r.get("erased_at")?;
    Ok(Participant {
        id: r.get("id")?,
        event_id: r.get("event_id")?,
        code: r.get("code")?,
        name: r.get("name")?,
        gender: r.get("gender")?,
        category_label: category_label(&category).to_string(),
        category,
        institution: r.get("institution")?,
        position: r.get("position")?,
        regency: r.get("regency")?,
        village: r.get("village")?,
        nip: r.get("nip")?,
        phone: r.get("phone")?,
        email: r.get("email")?,
        disability: r.get("disability")?,
        consent: consent.map(|c| c == 1),
        consent_at: r.get("consent_at")?,
        consent_version: r.get("consent_version")?,
        source: r.get("source")?,
        erased: erased.is_some(),
        created_at: r.get("created_at")?,
        updated_at: r.get("updated_at")?,
    })
}

/// Why a candidate counts as someone already present.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchReason {
    Nip,
    Phone,
    NameInstitution,
}

/// The participant of the event that is the same person as `c`, if any.
pub fn find_same_person(
    tx: &rusqlite::Connection,
    event_id: &str,
    c: &Clean,
) -> Result<Option<(Participant, MatchReason)>> {
    let q = |sql: &str, p: &[&dyn rusqlite::ToSql]| -> Result<Option<Participant>> {
        let mut st = tx.prepare_cached(&format!(
            "SELECT {COLS} FROM participants WHERE event_id = ?1 AND deleted_at IS NULL AND erased_at IS NULL AND {sql} LIMIT 1"
        ))?;
        Ok(st.query_row(p, from_row).optional()?)
    };
    if let Some(nip) = &c.nip {
        if let Some(p) = q("nip = ?2", params![event_id, nip])? {
            return Ok(Some((p, MatchReason::Nip)));
        }
    }
    if let Some(phone) = &c.phone {
        if let Some(p) = q("phone = ?2", params![event_id, phone])? {
            return Ok(Some((p, MatchReason::Phone)));
        }
    }
    let nk = name_key(&c.name);
    if !nk.is_empty() {
        if let Some(p) = q(
            "name_key = ?2 AND inst_key = ?3",
            params![event_id, nk, fold(&c.institution)],
        )? {
            return Ok(Some((p, MatchReason::NameInstitution)));
        }
    }
    Ok(None)
}

fn random_code() -> String {
    let bytes = uuid::Uuid::new_v4().into_bytes();
    bytes[..CODE_LEN]
        .iter()
        .map(|b| CODE_ALPHABET[*b as usize % CODE_ALPHABET.len()] as char)
        .collect()
}

fn new_code(tx: &rusqlite::Connection, event_id: &str) -> Result<String> {
    loop {
        let code = random_code();
        let taken: Option<i64> = tx
            .query_row(
                "SELECT 1 FROM participants WHERE event_id = ?1 AND code = ?2",
                params![event_id, code],
                |r| r.get(0),
            )
            .optional()?;
        if taken.is_none() {
            return Ok(code);
        }
    }
}

/// Insert a validated participant (no duplicate check); returns its id.
pub fn insert(tx: &mut Tx, event_id: &str, c: &Clean, source: &str) -> Result<String> {
    let id = crate::ids::new_id();
    insert_as(tx, &id, event_id, c, source)?;
    Ok(id)
}

/// Insert a validated participant with an id chosen elsewhere (a headquarters kit).
pub(crate) fn insert_as(
    tx: &mut Tx,
    id: &str,
    event_id: &str,
    c: &Clean,
    source: &str,
) -> Result<()> {
    let code = new_code(tx, event_id)?;
    let s = tx.stamp();
    tx.execute(
        "INSERT INTO participants (id, event_id, code, name, gender, category, institution, position, regency, village,
                nip, phone, email, disability, source, name_key, inst_key, search_text, created_at, updated_at, hlc, origin)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?19, ?20, ?21)",
        params![
            id, event_id, code, c.name, c.gender, c.category, c.institution, c.position, c.regency, c.village, c.nip,
            c.phone, c.email, c.disability, source, name_key(&c.name), fold(&c.institution), search_text(&code, c),
            s.now, s.hlc, s.origin
        ],
    )?;
    Ok(())
}

fn write_fields(tx: &mut Tx, p: &Participant, c: &Clean) -> Result<()> {
    let s = tx.stamp();
    tx.execute(
        "UPDATE participants SET name=?2, gender=?3, category=?4, institution=?5, position=?6, regency=?7, village=?8,
            nip=?9, phone=?10, email=?11, disability=?12, name_key=?13, inst_key=?14, search_text=?15,
            updated_at=?16, hlc=?17, origin=?18 WHERE id=?1",
        params![
            p.id, c.name, c.gender, c.category, c.institution, c.position, c.regency, c.village, c.nip, c.phone, c.email,
            c.disability, name_key(&c.name), fold(&c.institution), search_text(&p.code, c), s.now, s.hlc, s.origin
        ],
    )?;
    Ok(())
}

/// Fill the fields of `p` that are empty with those of `c`; true if anything changed.
pub fn fill_empty(tx: &mut Tx, p: &Participant, c: &Clean) -> Result<bool> {
    let mut merged = to_clean(p);
    let mut changed = false;
    macro_rules! fill {
        ($f:ident, opt) => {
            if merged.$f.is_none() && c.$f.is_some() {
                merged.$f = c.$f.clone();
                changed = true;
            }
        };
        ($f:ident) => {
            if merged.$f.is_empty() && !c.$f.is_empty() {
                merged.$f = c.$f.clone();
                changed = true;
            }
        };
    }
    fill!(gender, opt);
    fill!(nip, opt);
    fill!(phone, opt);
    fill!(email, opt);
    fill!(disability, opt);
    fill!(institution);
    fill!(position);
    fill!(regency);
    fill!(village);
    if merged.category == "lainnya" && c.category != "lainnya" {
        merged.category = c.category.clone();
        changed = true;
    }
    if changed {
        write_fields(tx, p, &merged)?;
    }
    Ok(changed)
}

fn to_clean(p: &Participant) -> Clean {
    Clean {
        name: p.name.clone(),
        gender: p.gender.clone(),
        category: p.category.clone(),
        institution: p.institution.clone(),
        position: p.position.clone(),
        regency: p.regency.clone(),
        village: p.village.clone(),
        nip: p.nip.clone(),
        phone: p.phone.clone(),
        email: p.email.clone(),
        disability: p.disability.clone(),
    }
}

/// Add one participant (walk-in or by hand). Refuses a person already registered.
pub fn add(
    store: &mut Store,
    event_id: &str,
    input: &ParticipantInput,
    source: &str,
) -> Result<Participant> {
    crate::events::get(store, event_id)?;
    let c = input.clean()?;
    let source = if source == "walk_in" {
        "walk_in"
    } else {
        "manual"
    };
    let id = store.write(|tx| {
        if let Some((p, _)) = find_same_person(tx, event_id, &c)? {
            return Err(ParticipantError::Duplicate {
                name: p.name,
                code: p.code,
                id: p.id,
            }
            .into());
        }
        insert(tx, event_id, &c, source)
    })?;
    log::info!("participant added ({source}): {id}");
    get(store, &id)
}

pub fn update(store: &mut Store, id: &str, input: &ParticipantInput) -> Result<Participant> {
    let p = get(store, id)?;
    if p.erased {
        return Err(ParticipantError::Erased.into());
    }
    let mut c = input.clean()?;
    if p.consent == Some(false) {
        strip_optional(&mut c);
    }
    store.write(|tx| {
        if let Some((other, _)) = find_same_person(tx, &p.event_id, &c)? {
            if other.id != p.id {
                return Err(ParticipantError::Duplicate {
                    name: other.name,
                    code: other.code,
                    id: other.id,
                }
                .into());
            }
        }
        write_fields(tx, &p, &c)
    })?;
    get(store, id)
}

fn strip_optional(c: &mut Clean) {
    c.nip = None;
    c.phone = None;
    c.email = None;
    c.disability = None;
}

/// The participant, if they belong to this event: any other is "not found" (a code or id
/// from another event never reaches that event's rows).
pub fn get_in(store: &Store, event_id: &str, id: &str) -> Result<Participant> {
    let p = get(store, id)?;
    if p.event_id != event_id {
        return Err(Error::not_found("participant", id));
    }
    Ok(p)
}

pub fn get(store: &Store, id: &str) -> Result<Participant> {
    store
        .conn()
        .query_row(
            &format!("SELECT {COLS} FROM participants WHERE id = ?1 AND deleted_at IS NULL"),
            [id],
            from_row,
        )
        .optional()?
        .ok_or_else(|| Error::not_found("participant", id))
}

pub fn by_code(store: &Store, event_id: &str, code: &str) -> Result<Option<Participant>> {
    Ok(store
        .conn()
        .query_row(
            &format!("SELECT {COLS} FROM participants WHERE event_id = ?1 AND code = ?2 AND deleted_at IS NULL"),
            params![event_id, code.trim().to_uppercase()],
            from_row,
        )
        .optional()?)
}

/// All participants of an event by name.
pub fn list(store: &Store, event_id: &str) -> Result<Vec<Participant>> {
    crate::events::get(store, event_id)?;
    let mut st = store.conn().prepare_cached(&format!(
        "SELECT {COLS} FROM participants WHERE event_id = ?1 AND deleted_at IS NULL ORDER BY name_key, code"
    ))?;
    let rows = st
        .query_map([event_id], from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

pub fn count(store: &Store, event_id: &str) -> Result<i64> {
    Ok(store.conn().query_row(
        "SELECT count(*) FROM participants WHERE event_id = ?1 AND deleted_at IS NULL",
        [event_id],
        |r| r.get(0),
    )?)
}

/// Remove a participant: a tombstone that propagates to headquarters.
pub fn remove(store: &mut Store, id: &str) -> Result<()> {
    get(store, id)?;
    store.write(|tx| {
        tx.tombstone("participants", "id", id)?;
        Ok(())
    })?;
    log::info!("participant removed: {id}");
    Ok(())
}

mod error;
mod privacy;
mod search;
#[cfg(test)]
mod tests;

pub use error::ParticipantError;
pub use privacy::*;
pub use search::search;
