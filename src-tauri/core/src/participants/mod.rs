//! Participants of an event: validation and normalisation of their fields, badge codes,
//! duplicates, walk-ins, consent, removal and erasure on request, and search.

use crate::db::{Store, Tx};
use crate::error::{Error, Localized, Result};
use crate::i18n::Lang;
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

/// Version of the consent wording; stored with each consent.
pub const CONSENT_VERSION: &str = "2026-11-v1";

/// The consent text shown at check-in.
pub fn consent_text(lang: Lang) -> &'static str {
    match lang {
        Lang::Id => "Data Anda (nama, jenis kelamin, instansi, jabatan, kabupaten/kota, dan bila Anda isi: NIP, nomor HP, e-mail) \
dicatat oleh panitia untuk daftar hadir, sertifikat, dan laporan kegiatan PLM kepada Perpustakaan Nasional. \
Data disimpan selama program berjalan (paling lama 2 tahun) lalu dihapus. Anda boleh menolak: Anda tetap tercatat hadir, \
tetapi NIP, nomor HP, e-mail, dan data disabilitas tidak disimpan. Untuk melihat, memperbaiki, atau menghapus data Anda, \
hubungi fasilitator atau panitia.",
        Lang::En => "Your data (name, gender, institution, position, regency/city and, if you give them: civil-servant number, phone, e-mail) \
is recorded by the organisers for the attendance sheet, certificates and the PLM report to the National Library. \
It is kept while the program runs (at most 2 years) and then deleted. You may decline: you are still recorded as present, \
but your civil-servant number, phone, e-mail and disability data are not stored. To see, correct or delete your data, \
ask the facilitator or the organisers.",
    }
}

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum ParticipantError {
    #[error("the name is required")]
    NameRequired,
    #[error("{field} is too long")]
    TooLong { field: &'static str, max: usize },
    #[error("invalid {field} {value:?}: {reason:?}")]
    Invalid {
        field: &'static str,
        value: String,
        reason: FieldProblem,
    },
    #[error("already registered as {name} ({code})")]
    Duplicate {
        name: String,
        code: String,
        id: String,
    },
    #[error("participant erased")]
    Erased,
}

/// Why a field value was refused (also used in import warnings).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldProblem {
    PhoneFormat,
    NipDigits,
    NipMangled,
    GenderUnknown,
    EmailFormat,
    /// A roster's unknown category: a warning, the person is recorded as "Lainnya".
    CategoryUnknown,
    /// A person added one by one with an unknown category: refused, nothing recorded.
    CategoryNotListed,
}

impl FieldProblem {
    pub fn text(self, lang: Lang) -> &'static str {
        use FieldProblem::*;
        match (self, lang) {
            (PhoneFormat, Lang::Id) => "bukan nomor HP Indonesia (contoh: 0812 3456 7890)",
            (PhoneFormat, Lang::En) => "not an Indonesian phone number (e.g. 0812 3456 7890)",
            (NipDigits, Lang::Id) => "NIP harus tepat 18 angka",
            (NipDigits, Lang::En) => "an NIP has exactly 18 digits",
            (NipMangled, Lang::Id) => "NIP rusak oleh Excel (tertulis sebagai angka pangkat, digit hilang); ketik ulang sebagai teks",
            (NipMangled, Lang::En) => "the NIP was mangled by Excel (written as an exponent, digits lost); type it again as text",
            (GenderUnknown, Lang::Id) => "jenis kelamin harus L atau P",
            (GenderUnknown, Lang::En) => "gender must be L (male) or P (female)",
            (EmailFormat, Lang::Id) => "alamat e-mail tidak valid",
            (EmailFormat, Lang::En) => "not a valid e-mail address",
            (CategoryUnknown, Lang::Id) => "kategori tidak dikenal, dicatat sebagai Lainnya",
            (CategoryUnknown, Lang::En) => "unknown category, recorded as Lainnya (other)",
            (CategoryNotListed, Lang::Id) => "kategori tidak dikenal; pilih salah satu: dinas_provinsi, dinas_kabkota, perpustakaan_desa, impact, desa_champion, master_trainer, fasilitator_daerah, narasumber, panitia, perpusnas, lainnya (atau namanya, mis. \"Perpustakaan Desa\")",
            (CategoryNotListed, Lang::En) => "unknown category; use one of: dinas_provinsi, dinas_kabkota, perpustakaan_desa, impact, desa_champion, master_trainer, fasilitator_daerah, narasumber, panitia, perpusnas, lainnya (or its name, e.g. \"Perpustakaan Desa\")",
        }
    }
}

fn field_id(f: &str) -> &str {
    match f {
        "name" => "nama",
        "gender" => "jenis kelamin",
        "category" => "kategori",
        "institution" => "instansi",
        "position" => "jabatan",
        "regency" => "kabupaten/kota",
        "village" => "desa",
        "phone" => "nomor HP",
        "email" => "e-mail",
        "disability" => "disabilitas",
        other => other,
    }
}

impl Localized for ParticipantError {
    fn code(&self) -> &'static str {
        match self {
            ParticipantError::NameRequired => "participant.name_required",
            ParticipantError::TooLong { .. } => "participant.too_long",
            ParticipantError::Invalid { .. } => "participant.invalid_field",
            ParticipantError::Duplicate { .. } => "participant.duplicate",
            ParticipantError::Erased => "participant.erased",
        }
    }
    fn message(&self, lang: Lang) -> String {
        match self {
            ParticipantError::NameRequired => lang.pick("Nama peserta wajib diisi.".into(), "The participant's name is required.".into()),
            ParticipantError::TooLong { field, max } => lang.pick(
                format!("Isian {} terlalu panjang (paling banyak {max} karakter).", field_id(field)),
                format!("The {field} is too long (at most {max} characters)."),
            ),
            ParticipantError::Invalid { field, value, reason } => lang.pick(
                format!("{} \"{value}\" tidak valid: {}.", capital(field_id(field)), reason.text(lang)),
                format!("The {field} \"{value}\" is not valid: {}.", reason.text(lang)),
            ),
            ParticipantError::Duplicate { name, code, .. } => lang.pick(
                format!("Peserta ini sudah terdaftar: {name} (kode {code}). Cari namanya untuk check-in."),
                format!("This person is already registered: {name} (code {code}). Search for the name to check in."),
            ),
            ParticipantError::Erased => lang.pick(
                "Data peserta ini sudah dihapus atas permintaan dan tidak dapat diubah.".into(),
                "This participant's data was erased on request and cannot be changed.".into(),
            ),
        }
    }
}

fn capital(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

// ------------------------------------------------------------------ normalisation

/// Lower-case ASCII words: accents removed, punctuation turned into spaces.
pub fn fold(s: &str) -> String {
    let ascii = deunicode::deunicode(s).to_lowercase();
    let mut out = String::with_capacity(ascii.len());
    let mut space = true;
    for ch in ascii.chars() {
        // apostrophes join what they separate: Ma'rufah, Ma’rufah and Marufah are one name
        // (deunicode turns ’ ‘ ʼ ´ into ' or `)
        if ch == '\'' || ch == '`' {
            continue;
        }
        if ch.is_ascii_alphanumeric() {
            out.push(ch);
            space = false;
        } else if !space {
            out.push(' ');
            space = true;
        }
    }
    out.trim_end().to_string()
}

const HONORIFICS: [&str; 8] = ["hj", "h", "dr", "drs", "dra", "ir", "prof", "ust"];

/// The key that decides "same name": folded, academic titles after the comma and
/// honorifics before the name removed.
pub fn name_key(name: &str) -> String {
    let base = name.split(',').next().unwrap_or("");
    let f = fold(base);
    let words: Vec<&str> = f.split(' ').collect();
    let start = words.iter().take_while(|w| HONORIFICS.contains(w)).count();
    let rest = &words[start.min(words.len().saturating_sub(1))..];
    rest.join(" ")
}

pub fn parse_gender(v: &str) -> Result<Option<&'static str>, FieldProblem> {
    match fold(v).replace(' ', "").as_str() {
        "" => Ok(None),
        "l" | "lk" | "lakilaki" | "laki" | "pria" | "m" | "male" | "man" => Ok(Some("L")),
        "p" | "pr" | "perempuan" | "wanita" | "f" | "female" | "woman" => Ok(Some("P")),
        _ => Err(FieldProblem::GenderUnknown),
    }
}

/// Normalise an Indonesian phone number to +62…; a leading zero that Excel dropped
/// (85300409254) is restored, anything else that is not a phone number is refused.
pub fn parse_phone(v: &str) -> Result<Option<String>, FieldProblem> {
    let t = v.trim();
    if t.is_empty() || t == "-" {
        return Ok(None);
    }
    if t.contains(['e', 'E']) {
        return Err(FieldProblem::PhoneFormat);
    }
    let plus = t.starts_with('+');
    if t.chars()
        .any(|c| !(c.is_ascii_digit() || " -.()/+".contains(c)))
    {
        return Err(FieldProblem::PhoneFormat);
    }
    let digits: String = t.chars().filter(|c| c.is_ascii_digit()).collect();
    let national = if let Some(rest) = digits.strip_prefix("62") {
        rest.to_string()
    } else if plus {
        return Err(FieldProblem::PhoneFormat); // another country
    } else if let Some(rest) = digits.strip_prefix('0') {
        rest.to_string()
    } else if digits.starts_with('8') {
        digits.clone()
    } else {
        return Err(FieldProblem::PhoneFormat);
    };
    if !(8..=12).contains(&national.len()) || national.starts_with('0') {
        return Err(FieldProblem::PhoneFormat);
    }
    Ok(Some(format!("+62{national}")))
}

pub fn parse_nip(v: &str) -> Result<Option<String>, FieldProblem> {
    let t = v.trim();
    if t.is_empty() || t == "-" {
        return Ok(None);
    }
    if t.contains(['e', 'E']) && t.contains('+') {
        return Err(FieldProblem::NipMangled);
    }
    let digits: String = t.chars().filter(|c| !c.is_whitespace()).collect();
    if digits.len() == 18 && digits.chars().all(|c| c.is_ascii_digit()) {
        Ok(Some(digits))
    } else {
        Err(FieldProblem::NipDigits)
    }
}

pub fn parse_email(v: &str) -> Result<Option<String>, FieldProblem> {
    let t = v.trim();
    if t.is_empty() || t == "-" {
        return Ok(None);
    }
    let ok = t.len() <= 254
        && !t.contains(char::is_whitespace)
        && t.matches('@').count() == 1
        && t.split_once('@').is_some_and(|(l, d)| {
            !l.is_empty()
                && d.contains('.')
                && !d.starts_with('.')
                && !d.ends_with('.')
                && !d.contains("..")
        });
    if ok {
        Ok(Some(t.to_lowercase()))
    } else {
        Err(FieldProblem::EmailFormat)
    }
}

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
    search_text_of(&c.name, code, &c.institution, &c.regency)
}

/// What search looks in: " name code institution regency ", each folded.
fn search_text_of(name: &str, code: &str, institution: &str, regency: &str) -> String {
    format!(
        " {} {} {} {} ",
        fold(name),
        code.to_lowercase(),
        fold(institution),
        fold(regency)
    )
}

/// Fold every live person's search keys again (a migration hook: when the folding rule
/// changes, the stored keys follow). Erased people keep their emptied keys.
pub(crate) fn refold_search_keys(conn: &rusqlite::Connection) -> rusqlite::Result<()> {
    let mut st = conn.prepare(
        "SELECT id, name, code, institution, regency FROM participants WHERE erased_at IS NULL",
    )?;
    let rows = st
        .query_map([], |r| {
            Ok((
                r.get::<_, String>("id")?,
                r.get::<_, String>("name")?,
                r.get::<_, String>("code")?,
                r.get::<_, String>("institution")?,
                r.get::<_, String>("regency")?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut up = conn.prepare(
        "UPDATE participants SET name_key = ?2, inst_key = ?3, search_text = ?4 WHERE id = ?1",
    )?;
    for (id, name, code, institution, regency) in rows {
        up.execute(params![
            id,
            name_key(&name),
            fold(&institution),
            search_text_of(&name, &code, &institution, &regency)
        ])?;
    }
    Ok(())
}

const COLS: &str = "id, event_id, code, name, gender, category, institution, position, regency, village, nip, phone, \
     email, disability, consent, consent_at, consent_version, source, erased_at, created_at, updated_at";

fn from_row(r: &Row) -> rusqlite::Result<Participant> {
    let category: String = r.get(5)?;
    let consent: Option<i64> = r.get(14)?;
    let erased: Option<String> = r.get(18)?;
    Ok(Participant {
        id: r.get(0)?,
        event_id: r.get(1)?,
        code: r.get(2)?,
        name: r.get(3)?,
        gender: r.get(4)?,
        category_label: category_label(&category).to_string(),
        category,
        institution: r.get(6)?,
        position: r.get(7)?,
        regency: r.get(8)?,
        village: r.get(9)?,
        nip: r.get(10)?,
        phone: r.get(11)?,
        email: r.get(12)?,
        disability: r.get(13)?,
        consent: consent.map(|c| c == 1),
        consent_at: r.get(15)?,
        consent_version: r.get(16)?,
        source: r.get(17)?,
        erased: erased.is_some(),
        created_at: r.get(19)?,
        updated_at: r.get(20)?,
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
        let s = tx.stamp();
        tx.execute(
            "UPDATE participants SET deleted_at=?2, updated_at=?2, hlc=?3, origin=?4 WHERE id=?1",
            params![id, s.now, s.hlc, s.origin],
        )?;
        Ok(())
    })?;
    log::info!("participant removed: {id}");
    Ok(())
}

/// Erase on request: personal fields wiped; the record (its code, category and gender,
/// for counts) and its attendance stay.
pub fn erase(store: &mut Store, id: &str) -> Result<Participant> {
    let p = get(store, id)?;
    store.write(|tx| wipe(tx, id, &p.code))?;
    log::info!("participant erased on request: {id}");
    get(store, id)
}

/// Wipe a participant's personal fields (one row, inside the caller's transaction).
fn wipe(tx: &mut Tx, id: &str, code: &str) -> Result<()> {
    let s = tx.stamp();
    tx.execute(
        "UPDATE participants SET name='', institution='', position='', regency='', village='', nip=NULL, phone=NULL,
            email=NULL, disability=NULL, name_key='', inst_key='', search_text=?2, erased_at=?3, updated_at=?3,
            hlc=?4, origin=?5 WHERE id=?1",
        params![id, format!(" {} ", code.to_lowercase()), s.now, s.hlc, s.origin],
    )?;
    Ok(())
}

/// Data entered this recently (e.g. a past event just imported) is never offered for
/// erasure on sight, even when its retention date has passed.
pub const RECENT_DAYS: i64 = 14;

/// What the home screen says about an event's retention date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Retention {
    /// No date, a date still ahead, or nobody left to erase.
    NotDue,
    /// The date has passed: erasing `people` is offered (with a confirmation).
    Due { until: String, people: usize },
    /// The date has passed but `recent` of the `people` were entered in the last
    /// [`RECENT_DAYS`] days: erasure is not offered; the date can be moved instead.
    DueButRecent {
        until: String,
        people: usize,
        recent: usize,
    },
}

/// Decide what is offered about retention at `now` (the venue's calendar decides
/// "passed").
pub fn retention(
    store: &Store,
    event_id: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Retention> {
    let ev = crate::events::get(store, event_id)?;
    let off = crate::places::zone_offset_minutes(&ev.timezone).unwrap_or(0) as i64;
    let today = (now + chrono::Duration::minutes(off)).date_naive();
    let Some(until) = ev
        .retention_until
        .clone()
        .filter(|_| ev.retention_due(today))
    else {
        return Ok(Retention::NotDue);
    };
    let since = crate::ids::fmt_utc(now - chrono::Duration::days(RECENT_DAYS));
    let (people, recent): (i64, i64) = store.conn().query_row(
        "SELECT COUNT(*), COALESCE(SUM(created_at > ?2), 0) FROM participants
          WHERE event_id=?1 AND erased_at IS NULL AND deleted_at IS NULL",
        params![event_id, since],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    Ok(match (people, recent) {
        (0, _) => Retention::NotDue,
        (p, 0) => Retention::Due {
            until,
            people: p as usize,
        },
        (p, r) => Retention::DueButRecent {
            until,
            people: p as usize,
            recent: r as usize,
        },
    })
}

/// Erase the personal data of every participant of an event (the retention date has
/// passed); counts by category and gender and attendance stay. Returns how many.
pub fn erase_all(store: &mut Store, event_id: &str) -> Result<usize> {
    crate::events::get(store, event_id)?;
    let n = store.write(|tx| {
        let ids: Vec<(String, String)> = {
            let mut st = tx.prepare("SELECT id, code FROM participants WHERE event_id=?1 AND erased_at IS NULL AND deleted_at IS NULL")?;
            let v = st.query_map([event_id], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<Vec<_>>>()?;
            v
        };
        for (id, code) in &ids {
            wipe(tx, id, code)?;
        }
        Ok(ids.len())
    })?;
    log::info!("retention: personal data of {n} participants erased for event {event_id}");
    Ok(n)
}

/// Record the participant's answer to the consent text. Declining removes the optional
/// fields (NIP, phone, e-mail, disability).
pub fn record_consent(store: &mut Store, id: &str, given: bool, by: &str) -> Result<Participant> {
    let p = get(store, id)?;
    if p.erased {
        return Err(ParticipantError::Erased.into());
    }
    let by = limited("recorded by", by, MAX_TEXT)?;
    store.write(|tx| {
        let s = tx.stamp();
        tx.execute(
            "UPDATE participants SET consent=?2, consent_at=?3, consent_version=?4, consent_by=?5, updated_at=?3, hlc=?6, origin=?7
             WHERE id=?1",
            params![id, given as i64, s.now, CONSENT_VERSION, by, s.hlc, s.origin],
        )?;
        if !given {
            tx.execute("UPDATE participants SET nip=NULL, phone=NULL, email=NULL, disability=NULL WHERE id=?1", [id])?;
        }
        Ok(())
    })?;
    get(store, id)
}

mod search;
pub use search::search;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::events::{self, EventInput};

    pub(crate) fn event(store: &mut Store) -> String {
        events::create(
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
}
