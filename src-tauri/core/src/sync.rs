//! The data file (`.plmsync`) that carries an event back to headquarters, and the merge
//! that takes such files in any order, any number of times.
//!
//! A file is the age encryption (X25519 recipients: headquarters and this laptop) of:
//!
//! ```text
//! PLMSYNC\n
//! <manifest: one line of JSON, signed with this laptop's Ed25519 key>\n
//! <gzip of the content JSON: every synced row of the event, table by table>
//! ```
//!
//! The merge is per row, by UUID: the version with the newer hybrid logical clock wins
//! (ties: the larger origin), tombstones are never lost (the earliest `deleted_at` of
//! either side stays), and rows the schema says are unique (one check-in per person and
//! slot, one seal per day, one score per judge sheet cell) collapse deterministically.
//! Every rule is symmetric, so A then B gives the same database as B then A. The format
//! is documented in `docs/sync-format.md`.

use crate::db::{Store, Tx};
use crate::error::{Error, Localized, Result};
use crate::i18n::Lang;
use base64::Engine;
use ed25519_dalek::{Signer, SigningKey, Verifier, VerifyingKey};
use rusqlite::types::{Value, ValueRef};
use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value as Json};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap};
use std::io::{Read, Write};

pub const FORMAT_VERSION: u32 = 1;
pub const MAGIC: &[u8] = b"PLMSYNC\n";
const AGE_MAGIC: &[u8] = b"age-encryption.org/v1\n";
/// Files larger than this are refused before reading (a venue file is a few MB).
pub const MAX_FILE_BYTES: u64 = 512 * 1024 * 1024;
const MAX_CONTENT_BYTES: u64 = 2 * 1024 * 1024 * 1024;

/// The synced tables in an order that satisfies foreign keys, with how each finds its
/// event: directly (`event_id`) or through a parent.
pub const TABLES: [(&str, &str); 16] = [
    ("events", "id = ?1"),
    ("sessions", "event_id = ?1"),
    ("participants", "event_id = ?1"),
    ("attendance", "event_id = ?1"),
    ("signatures", "event_id = ?1"),
    ("day_seals", "event_id = ?1"),
    ("audit_log", "event_id = ?1"),
    ("plans", "event_id = ?1"),
    (
        "plan_items",
        "plan_id IN (SELECT id FROM plans WHERE event_id = ?1)",
    ),
    ("learning_notes", "event_id = ?1"),
    ("impact_stories", "event_id = ?1"),
    ("award_categories", "event_id = ?1"),
    (
        "award_nominees",
        "category_id IN (SELECT id FROM award_categories WHERE event_id = ?1)",
    ),
    (
        "award_criteria",
        "category_id IN (SELECT id FROM award_categories WHERE event_id = ?1)",
    ),
    (
        "award_judges",
        "category_id IN (SELECT id FROM award_categories WHERE event_id = ?1)",
    ),
    (
        "award_scores",
        "category_id IN (SELECT id FROM award_categories WHERE event_id = ?1)",
    ),
];

#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error("not a PLM Desk data file")]
    NotOurs,
    #[error("the file is damaged or incomplete: {0}")]
    Damaged(String),
    #[error("the manifest signature does not match")]
    BadSignature,
    #[error("encrypted for another key")]
    NotForUs,
    #[error("made by a newer format version {0}")]
    NewerFormat(u32),
    #[error("no headquarters key")]
    NoRecipient,
    #[error("not a public key: {0}")]
    BadKey(String),
    #[error("the file is too large")]
    TooLarge,
    #[error("the file writes outside its event: {0}")]
    Forged(String),
}

impl Localized for SyncError {
    fn code(&self) -> &'static str {
        match self {
            SyncError::NotOurs => "sync.not_ours",
            SyncError::Damaged(_) => "sync.damaged",
            SyncError::BadSignature => "sync.bad_signature",
            SyncError::NotForUs => "sync.not_for_us",
            SyncError::NewerFormat(_) => "sync.newer_format",
            SyncError::NoRecipient => "sync.no_recipient",
            SyncError::BadKey(_) => "sync.bad_key",
            SyncError::TooLarge => "sync.too_large",
            SyncError::Forged(_) => "sync.forged",
        }
    }

    fn message(&self, lang: Lang) -> String {
        let unchanged = lang.pick(
            "Tidak ada data yang diubah.".into(),
            "Nothing was changed.".into(),
        );
        let m = match self {
            SyncError::NotOurs => lang.pick(
                "File ini bukan file data PLM Desk (.plmsync).".into(),
                "This is not a PLM Desk data file (.plmsync).".into(),
            ),
            SyncError::Damaged(d) => lang.pick(
                format!("File data rusak atau tidak lengkap (mungkin terpotong saat disalin atau dikirim): {d}. Minta fasilitator mengirim ulang file itu."),
                format!("The data file is damaged or incomplete (perhaps cut short while copying or sending): {d}. Ask the facilitator to send it again."),
            ),
            SyncError::BadSignature => lang.pick(
                "Tanda tangan digital file tidak cocok: isi file telah diubah setelah dibuat. File ditolak.".into(),
                "The file's digital signature does not match: its content was changed after it was made. The file is refused.".into(),
            ),
            SyncError::NotForUs => lang.pick(
                "File ini dienkripsi untuk kunci lain, bukan untuk laptop/kantor ini. Periksa kunci publik yang dipakai saat ekspor.".into(),
                "This file is encrypted for another key, not for this laptop or office. Check the public key used when exporting.".into(),
            ),
            SyncError::NewerFormat(v) => lang.pick(
                format!("File dibuat oleh PLM Desk yang lebih baru (format {v}). Perbarui PLM Desk di komputer ini."),
                format!("The file was made by a newer PLM Desk (format {v}). Update PLM Desk on this computer."),
            ),
            SyncError::NoRecipient => lang.pick(
                "Kunci publik Perpusnas belum diisi. Tempel kunci (age1…) dari Perpusnas, atau pilih ekspor tanpa enkripsi dengan sadar.".into(),
                "Headquarters' public key is missing. Paste the key (age1…) from headquarters, or knowingly choose an unencrypted export.".into(),
            ),
            SyncError::BadKey(k) => lang.pick(
                format!("\"{k}\" bukan kunci publik yang valid (harus diawali age1…)."),
                format!("\"{k}\" is not a valid public key (it starts with age1…)."),
            ),
            SyncError::TooLarge => lang.pick("File terlalu besar untuk file data PLM Desk.".into(), "The file is too large for a PLM Desk data file.".into()),
            SyncError::Forged(d) => lang.pick(
                format!("Isi file tidak sesuai dengan manifesnya ({d}). File ditolak."),
                format!("The file's content does not match its manifest ({d}). The file is refused."),
            ),
        };
        format!("{m} {unchanged}")
    }
}

/// What a file says about itself.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Manifest {
    pub format: u32,
    pub app_version: String,
    pub event_id: String,
    pub event_title: String,
    pub province: String,
    pub device_id: String,
    pub made_at: String,
    pub counts: BTreeMap<String, usize>,
    pub content_sha256: String,
    pub encrypted: bool,
    /// Ed25519 public key of the laptop (base64).
    pub public_key: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature: Option<String>,
}

impl Manifest {
    fn signed_bytes(&self) -> Vec<u8> {
        let mut m = self.clone();
        m.signature = None;
        serde_json::to_vec(&m).expect("json")
    }
}

// ------------------------------------------------------------------ keys

fn random32() -> [u8; 32] {
    let mut b = [0u8; 32];
    getrandom::getrandom(&mut b).expect("the system's random source");
    b
}

fn meta_or_create(store: &mut Store, key: &str, make: impl FnOnce() -> String) -> Result<String> {
    if let Some(v) = crate::db::get_meta(store.conn(), key)? {
        return Ok(v);
    }
    let v = make();
    store.write(|tx| {
        tx.execute(
            "INSERT OR IGNORE INTO meta(key, value) VALUES (?1, ?2)",
            params![key, v],
        )?;
        Ok(())
    })?;
    Ok(crate::db::get_meta(store.conn(), key)?.expect("just written"))
}

/// This laptop's signing key (created on first use, kept in the database).
pub fn signing_key(store: &mut Store) -> Result<SigningKey> {
    let hexkey = meta_or_create(store, "sync_signing_key", || hex::encode(random32()))?;
    let bytes: [u8; 32] = hex::decode(hexkey)
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or_else(|| Error::Corrupt("signing key".into()))?;
    Ok(SigningKey::from_bytes(&bytes))
}

/// This laptop's own age identity: files are also encrypted to it, so the laptop can read
/// back what it exported, and a second desk can send files to it.
pub fn own_identity(store: &mut Store) -> Result<age::x25519::Identity> {
    use age::secrecy::ExposeSecret;
    let s = meta_or_create(store, "age_identity", || {
        age::x25519::Identity::generate()
            .to_string()
            .expose_secret()
            .to_string()
    })?;
    s.parse().map_err(|_| Error::Corrupt("age identity".into()))
}

/// The public key other laptops (or headquarters) use to send files to this one.
pub fn own_public_key(store: &mut Store) -> Result<String> {
    Ok(own_identity(store)?.to_public().to_string())
}

/// Parse a public key as pasted: `age1…`, possibly inside a text with comments.
pub fn parse_recipient(text: &str) -> Result<age::x25519::Recipient> {
    let candidate = text
        .split_whitespace()
        .find(|w| w.starts_with("age1"))
        .unwrap_or(text.trim());
    candidate
        .parse()
        .map_err(|_| SyncError::BadKey(candidate.chars().take(80).collect()).into())
}

/// Headquarters' key pair, made once: the secret identity and the public key to hand out.
pub fn hq_keypair() -> (String, String) {
    use age::secrecy::ExposeSecret;
    let id = age::x25519::Identity::generate();
    (
        id.to_string().expose_secret().to_string(),
        id.to_public().to_string(),
    )
}

/// Keep headquarters' secret identity in this database (headquarters' own machine).
pub fn store_hq_identity(store: &mut Store, identity: &str) -> Result<()> {
    // refuse anything that is not an age secret key before keeping it
    identity
        .trim()
        .parse::<age::x25519::Identity>()
        .map_err(|_| SyncError::BadKey("AGE-SECRET-KEY-…".into()))?;
    store.write(|tx| {
        tx.execute(
            "INSERT INTO meta(key, value) VALUES ('hq_identity', ?1) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [identity.trim()],
        )?;
        Ok(())
    })
}

/// The identities that can open a file here. Read only: a laptop that never made its own
/// key cannot have been sent a file for it, and reading a file must write nothing.
fn identities(store: &Store, extra: &[String]) -> Result<Vec<age::x25519::Identity>> {
    let mut ids = Vec::new();
    if let Some(own) = crate::db::get_meta(store.conn(), "age_identity")? {
        if let Ok(i) = own.parse() {
            ids.push(i);
        }
    }
    if let Some(hq) = crate::db::get_meta(store.conn(), "hq_identity")? {
        if let Ok(i) = hq.parse() {
            ids.push(i);
        }
    }
    for e in extra {
        for line in e
            .lines()
            .filter(|l| l.trim_start().starts_with("AGE-SECRET-KEY-"))
        {
            ids.push(
                line.trim()
                    .parse()
                    .map_err(|_| SyncError::BadKey("AGE-SECRET-KEY-…".into()))?,
            );
        }
    }
    Ok(ids)
}

// ------------------------------------------------------------------ rows as JSON

fn to_json(v: ValueRef<'_>) -> Json {
    match v {
        ValueRef::Null => Json::Null,
        ValueRef::Integer(i) => json!(i),
        ValueRef::Real(f) => json!(f),
        ValueRef::Text(t) => Json::String(String::from_utf8_lossy(t).into_owned()),
        ValueRef::Blob(b) => json!({ "b64": base64::engine::general_purpose::STANDARD.encode(b) }),
    }
}

fn from_json(v: &Json) -> std::result::Result<Value, String> {
    Ok(match v {
        Json::Null => Value::Null,
        Json::Bool(b) => Value::Integer(*b as i64),
        Json::Number(n) => match n.as_i64() {
            Some(i) => Value::Integer(i),
            None => Value::Real(n.as_f64().ok_or("number")?),
        },
        Json::String(s) => Value::Text(s.clone()),
        Json::Object(o) => match o.get("b64").and_then(Json::as_str) {
            Some(b) => Value::Blob(
                base64::engine::general_purpose::STANDARD
                    .decode(b)
                    .map_err(|_| "base64")?,
            ),
            None => return Err("object".into()),
        },
        Json::Array(_) => return Err("array".into()),
    })
}

type Row = Map<String, Json>;

fn columns(conn: &rusqlite::Connection, table: &str) -> Result<Vec<String>> {
    let mut st = conn.prepare(&format!("PRAGMA table_info({table})"))?;
    let cols = st
        .query_map([], |r| r.get::<_, String>(1))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(cols)
}

/// Every synced row of an event, table by table.
pub fn collect(conn: &rusqlite::Connection, event_id: &str) -> Result<BTreeMap<String, Vec<Row>>> {
    let mut out = BTreeMap::new();
    for (table, filter) in TABLES {
        let cols = columns(conn, table)?;
        let mut st = conn.prepare(&format!("SELECT * FROM {table} WHERE {filter} ORDER BY id"))?;
        let mut rows = st.query([event_id])?;
        let mut list = Vec::new();
        while let Some(r) = rows.next()? {
            let mut m = Map::new();
            for (i, c) in cols.iter().enumerate() {
                m.insert(c.clone(), to_json(r.get_ref(i)?));
            }
            list.push(m);
        }
        out.insert(table.to_string(), list);
    }
    Ok(out)
}

// ------------------------------------------------------------------ export

#[derive(Debug, Clone, Serialize)]
pub struct ExportInfo {
    pub manifest: Manifest,
    pub bytes: usize,
}

/// Make the data file of an event. `recipients` are age public keys (headquarters');
/// this laptop's own key is always added. With no recipient the file is plain only if
/// `allow_plain` says the user chose that.
pub fn export(
    store: &mut Store,
    event_id: &str,
    recipients: &[String],
    allow_plain: bool,
) -> Result<(Vec<u8>, ExportInfo)> {
    let ev = crate::events::get(store, event_id)?;
    let key = signing_key(store)?;
    let mut rcpts: Vec<age::x25519::Recipient> = recipients
        .iter()
        .map(|r| parse_recipient(r))
        .collect::<Result<_>>()?;
    if rcpts.is_empty() && !allow_plain {
        return Err(SyncError::NoRecipient.into());
    }
    let encrypted = !rcpts.is_empty();
    if encrypted {
        rcpts.push(own_identity(store)?.to_public());
    }
    let tables = collect(store.conn(), event_id)?;
    let content =
        serde_json::to_vec(&json!({ "format": FORMAT_VERSION, "tables": tables })).expect("json");
    let mut manifest = Manifest {
        format: FORMAT_VERSION,
        app_version: env!("CARGO_PKG_VERSION").to_string(),
        event_id: ev.id.clone(),
        event_title: ev.title.clone(),
        province: ev.province_name.clone(),
        device_id: store.device_id().to_string(),
        made_at: crate::ids::now_utc(),
        counts: tables.iter().map(|(k, v)| (k.clone(), v.len())).collect(),
        content_sha256: hex::encode(Sha256::digest(&content)),
        encrypted,
        public_key: base64::engine::general_purpose::STANDARD
            .encode(key.verifying_key().to_bytes()),
        signature: None,
    };
    manifest.signature = Some(
        base64::engine::general_purpose::STANDARD
            .encode(key.sign(&manifest.signed_bytes()).to_bytes()),
    );
    let mut inner = Vec::with_capacity(content.len() / 3);
    inner.extend_from_slice(MAGIC);
    inner.extend_from_slice(&serde_json::to_vec(&manifest).expect("json"));
    inner.push(b'\n');
    {
        let mut gz = flate2::write::GzEncoder::new(&mut inner, flate2::Compression::fast());
        gz.write_all(&content)?;
        gz.finish()?;
    }
    let bytes = if encrypted {
        let enc = age::Encryptor::with_recipients(rcpts.iter().map(|r| r as &dyn age::Recipient))
            .map_err(|e| SyncError::Damaged(e.to_string()))?;
        let mut out = Vec::with_capacity(inner.len() + 512);
        let mut w = enc.wrap_output(&mut out)?;
        w.write_all(&inner)?;
        w.finish()?;
        out
    } else {
        inner
    };
    log::info!(
        "sync export: event {}, {} bytes, encrypted {}",
        ev.id,
        bytes.len(),
        encrypted
    );
    let info = ExportInfo {
        bytes: bytes.len(),
        manifest,
    };
    Ok((bytes, info))
}

// ------------------------------------------------------------------ reading a file

/// A file read, decrypted and checked, ready to merge.
pub struct Parsed {
    pub manifest: Manifest,
    pub tables: BTreeMap<String, Vec<Row>>,
    pub file_sha256: String,
}

/// Read and check a file: decrypt, verify the signature and the content hash, check
/// that every row belongs to the manifest's event. Nothing is written.
pub fn read_file(store: &Store, bytes: &[u8], extra_identities: &[String]) -> Result<Parsed> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(SyncError::TooLarge.into());
    }
    let file_sha256 = hex::encode(Sha256::digest(bytes));
    let inner: Vec<u8> = if bytes.starts_with(AGE_MAGIC) {
        let ids = identities(store, extra_identities)?;
        let dec = age::Decryptor::new(bytes)
            .map_err(|e| SyncError::Damaged(format!("age header: {e}")))?;
        let mut r = dec
            .decrypt(ids.iter().map(|i| i as &dyn age::Identity))
            .map_err(|e| match e {
                age::DecryptError::NoMatchingKeys => Error::from(SyncError::NotForUs),
                other => SyncError::Damaged(other.to_string()).into(),
            })?;
        let mut v = Vec::new();
        r.read_to_end(&mut v)
            .map_err(|e| SyncError::Damaged(format!("decryption: {e}")))?;
        v
    } else if bytes.starts_with(MAGIC) {
        bytes.to_vec()
    } else {
        return Err(SyncError::NotOurs.into());
    };
    if !inner.starts_with(MAGIC) {
        return Err(SyncError::NotOurs.into());
    }
    let rest = &inner[MAGIC.len()..];
    let nl = rest
        .iter()
        .position(|b| *b == b'\n')
        .ok_or_else(|| SyncError::Damaged("no manifest".into()))?;
    let raw_manifest: Json = serde_json::from_slice(&rest[..nl])
        .map_err(|e| SyncError::Damaged(format!("manifest: {e}")))?;
    if let Some(v) = raw_manifest.get("format").and_then(Json::as_u64) {
        if v > FORMAT_VERSION as u64 {
            return Err(SyncError::NewerFormat(v as u32).into());
        }
    }
    let manifest: Manifest = serde_json::from_value(raw_manifest)
        .map_err(|e| SyncError::Damaged(format!("manifest: {e}")))?;
    // the signature covers the manifest; the manifest covers the content by its hash
    let pk: [u8; 32] = base64::engine::general_purpose::STANDARD
        .decode(&manifest.public_key)
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or(SyncError::BadSignature)?;
    let vk = VerifyingKey::from_bytes(&pk).map_err(|_| SyncError::BadSignature)?;
    let sig: [u8; 64] = manifest
        .signature
        .as_deref()
        .and_then(|s| base64::engine::general_purpose::STANDARD.decode(s).ok())
        .and_then(|b| b.try_into().ok())
        .ok_or(SyncError::BadSignature)?;
    vk.verify(
        &manifest.signed_bytes(),
        &ed25519_dalek::Signature::from_bytes(&sig),
    )
    .map_err(|_| SyncError::BadSignature)?;
    let mut content = Vec::new();
    flate2::read::GzDecoder::new(&rest[nl + 1..])
        .take(MAX_CONTENT_BYTES)
        .read_to_end(&mut content)
        .map_err(|e| SyncError::Damaged(format!("content: {e}")))?;
    if hex::encode(Sha256::digest(&content)) != manifest.content_sha256 {
        return Err(SyncError::Damaged("content hash".into()).into());
    }
    let doc: Json = serde_json::from_slice(&content)
        .map_err(|e| SyncError::Damaged(format!("content: {e}")))?;
    let mut tables: BTreeMap<String, Vec<Row>> = BTreeMap::new();
    let obj = doc
        .get("tables")
        .and_then(Json::as_object)
        .ok_or_else(|| SyncError::Damaged("no tables".into()))?;
    for (name, rows) in obj {
        if !TABLES.iter().any(|(t, _)| t == name) {
            return Err(SyncError::Forged(format!("unknown table {name}")).into());
        }
        let rows = rows
            .as_array()
            .ok_or_else(|| SyncError::Damaged(format!("table {name}")))?;
        let list: Vec<Row> = rows
            .iter()
            .map(|r| {
                r.as_object()
                    .cloned()
                    .ok_or_else(|| Error::from(SyncError::Damaged(format!("row in {name}"))))
            })
            .collect::<Result<_>>()?;
        if manifest.counts.get(name).copied().unwrap_or(0) != list.len() {
            return Err(SyncError::Forged(format!("{name}: count")).into());
        }
        tables.insert(name.clone(), list);
    }
    check_scope(&manifest, &tables)?;
    Ok(Parsed {
        manifest,
        tables,
        file_sha256,
    })
}

/// Every row must belong to the manifest's event (directly or through its parent in the
/// same file), so a file can never write into another event.
fn check_scope(m: &Manifest, tables: &BTreeMap<String, Vec<Row>>) -> Result<()> {
    let forged = |w: &str| Error::from(SyncError::Forged(w.to_string()));
    let ids_of = |t: &str| -> std::collections::HashSet<String> {
        tables
            .get(t)
            .map(|v| {
                v.iter()
                    .filter_map(|r| r.get("id").and_then(Json::as_str).map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    };
    let (plan_ids, category_ids) = (ids_of("plans"), ids_of("award_categories"));
    for (table, rows) in tables {
        for r in rows {
            let id = r
                .get("id")
                .and_then(Json::as_str)
                .ok_or_else(|| forged("row without id"))?;
            if id.is_empty() || id.len() > 64 {
                return Err(forged("id"));
            }
            if table != "audit_log"
                && (r.get("hlc").and_then(Json::as_str).is_none()
                    || r.get("origin").and_then(Json::as_str).is_none())
            {
                return Err(forged("row without clock"));
            }
            let ok = match table.as_str() {
                "events" => id == m.event_id,
                "plan_items" => r
                    .get("plan_id")
                    .and_then(Json::as_str)
                    .is_some_and(|p| plan_ids.contains(p)),
                "award_nominees" | "award_criteria" | "award_judges" | "award_scores" => r
                    .get("category_id")
                    .and_then(Json::as_str)
                    .is_some_and(|c| category_ids.contains(c)),
                _ => r.get("event_id").and_then(Json::as_str) == Some(m.event_id.as_str()),
            };
            if !ok {
                return Err(forged(&format!("{table} {id}")));
            }
        }
    }
    if tables.get("events").map(|v| v.len()) != Some(1) {
        return Err(forged("event"));
    }
    Ok(())
}

// ------------------------------------------------------------------ merging

#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Counts {
    pub added: usize,
    pub updated: usize,
    pub deleted: usize,
    pub unchanged: usize,
    pub conflicts: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Conflict {
    pub table: String,
    pub id: String,
    pub kind: String,
    pub detail: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ProbableMatch {
    pub a: String,
    pub a_event: String,
    pub b: String,
    pub b_event: String,
    pub name_a: String,
    pub name_b: String,
    pub reason: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ImportReport {
    pub file: String,
    pub event_id: String,
    pub event_title: String,
    pub device_id: String,
    pub made_at: String,
    pub dry_run: bool,
    pub already_imported: bool,
    pub added: usize,
    pub updated: usize,
    pub deleted: usize,
    pub unchanged: usize,
    pub conflicts: Vec<Conflict>,
    pub by_table: BTreeMap<String, Counts>,
    pub probable_matches: Vec<ProbableMatch>,
}

fn text<'a>(r: &'a Row, k: &str) -> &'a str {
    r.get(k).and_then(Json::as_str).unwrap_or("")
}

/// The winner of two versions of one row: newer clock, then larger origin, then the
/// larger serialisation (so even a forged tie is decided the same way everywhere).
fn newer<'a>(a: &'a Row, b: &'a Row) -> &'a Row {
    let ka = (text(a, "hlc"), text(a, "origin"));
    let kb = (text(b, "hlc"), text(b, "origin"));
    match ka.cmp(&kb) {
        std::cmp::Ordering::Greater => a,
        std::cmp::Ordering::Less => b,
        std::cmp::Ordering::Equal => {
            if serde_json::to_string(a).expect("json") >= serde_json::to_string(b).expect("json") {
                a
            } else {
                b
            }
        }
    }
}

/// The merged version: the newer row, with the earliest tombstone of either side.
fn merge_rows(local: &Row, incoming: &Row) -> Row {
    let mut out = newer(local, incoming).clone();
    if out.contains_key("deleted_at") {
        let dels: Vec<&str> = [local, incoming]
            .iter()
            .filter_map(|r| r.get("deleted_at").and_then(Json::as_str))
            .collect();
        if let Some(first) = dels.iter().min() {
            out.insert("deleted_at".into(), Json::String(first.to_string()));
        }
    }
    out
}

fn read_row(tx: &Tx, table: &str, cols: &[String], id: &str) -> Result<Option<Row>> {
    let mut st = tx.prepare_cached(&format!("SELECT * FROM {table} WHERE id = ?1"))?;
    let mut rows = st.query([id])?;
    match rows.next()? {
        None => Ok(None),
        Some(r) => {
            let mut m = Map::new();
            for (i, c) in cols.iter().enumerate() {
                m.insert(c.clone(), to_json(r.get_ref(i)?));
            }
            Ok(Some(m))
        }
    }
}

fn values(row: &Row, cols: &[String]) -> std::result::Result<Vec<Value>, String> {
    cols.iter()
        .map(|c| row.get(c).map(from_json).unwrap_or(Ok(Value::Null)))
        .collect()
}

fn write_row(tx: &Tx, table: &str, cols: &[String], row: &Row, exists: bool) -> Result<()> {
    let vals = values(row, cols).map_err(|e| SyncError::Damaged(format!("{table}: {e}")))?;
    let sql = if exists {
        let sets: Vec<String> = cols
            .iter()
            .enumerate()
            .filter(|(_, c)| *c != "id")
            .map(|(i, c)| format!("{c} = ?{}", i + 1))
            .collect();
        let id_pos = cols.iter().position(|c| c == "id").expect("id column") + 1;
        format!(
            "UPDATE {table} SET {} WHERE id = ?{id_pos}",
            sets.join(", ")
        )
    } else {
        let marks: Vec<String> = (1..=cols.len()).map(|i| format!("?{i}")).collect();
        format!(
            "INSERT INTO {table} ({}) VALUES ({})",
            cols.join(", "),
            marks.join(", ")
        )
    };
    tx.prepare_cached(&sql)?
        .execute(rusqlite::params_from_iter(vals))?;
    Ok(())
}

/// A deterministic replacement badge code for a participant whose code collides.
fn derived_code(id: &str) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";
    let h = Sha256::digest(id.as_bytes());
    h.iter()
        .take(6)
        .map(|b| ALPHABET[*b as usize % ALPHABET.len()] as char)
        .collect()
}

/// Rows that must be unique besides their id: which columns, among live rows.
fn unique_key(table: &str) -> Option<&'static [&'static str]> {
    match table {
        "attendance" => Some(&["participant_id", "slot"]),
        "award_scores" => Some(&["judge_id", "nominee_id", "criterion_id"]),
        _ => None,
    }
}

/// Of two rows that claim the same unique place, does `a` keep it? The earliest
/// check-in counts; for scores the newest entry counts. Ids decide exact ties.
fn keeps_place(table: &str, a: &Row, b: &Row) -> bool {
    match table {
        "attendance" => {
            (text(a, "checked_in_at"), text(a, "id")) <= (text(b, "checked_in_at"), text(b, "id"))
        }
        _ => {
            (text(a, "hlc"), text(a, "origin"), text(a, "id"))
                >= (text(b, "hlc"), text(b, "origin"), text(b, "id"))
        }
    }
}

/// Merge one table's incoming rows.
fn merge_table(
    tx: &mut Tx,
    table: &str,
    rows: &[Row],
    counts: &mut Counts,
    conflicts: &mut Vec<Conflict>,
) -> Result<()> {
    let cols = columns(tx, table)?;
    for r in rows {
        for k in r.keys() {
            if !cols.contains(k) {
                return Err(SyncError::Forged(format!("{table}.{k}")).into());
            }
        }
    }
    for incoming in rows {
        let id = text(incoming, "id").to_string();
        if table == "audit_log" {
            // append-only: a known entry is never rewritten
            if read_row(tx, table, &cols, &id)?.is_some() {
                counts.unchanged += 1;
            } else {
                write_row(tx, table, &cols, incoming, false)?;
                counts.added += 1;
            }
            continue;
        }
        if let Some(h) = incoming.get("hlc").and_then(Json::as_str) {
            tx.observe(h);
        }
        let local = read_row(tx, table, &cols, &id)?;
        let mut merged = match &local {
            Some(l) => merge_rows(l, incoming),
            None => incoming.clone(),
        };
        // a second desk's check-in for the same person and slot, a second seal of a day,
        // a second score for the same cell: one keeps its place, the other is tombstoned
        if let Some(key) = unique_key(table) {
            if merged.get("deleted_at").is_none_or(Json::is_null) {
                let wh: Vec<String> = key
                    .iter()
                    .enumerate()
                    .map(|(i, c)| format!("{c} = ?{}", i + 2))
                    .collect();
                let sql = format!(
                    "SELECT id FROM {table} WHERE id <> ?1 AND deleted_at IS NULL AND {}",
                    wh.join(" AND ")
                );
                let mut vals: Vec<Value> = vec![Value::Text(id.clone())];
                for c in key.iter() {
                    vals.push(
                        merged
                            .get(*c)
                            .map(from_json)
                            .transpose()
                            .map_err(|e| SyncError::Damaged(e))?
                            .unwrap_or(Value::Null),
                    );
                }
                let other: Option<String> = tx
                    .query_row(&sql, rusqlite::params_from_iter(vals), |r| r.get(0))
                    .optional()?;
                if let Some(other_id) = other {
                    let other_row = read_row(tx, table, &cols, &other_id)?.expect("found");
                    let tomb = |r: &Row, at: &str| {
                        let mut t = r.clone();
                        t.insert("deleted_at".into(), Json::String(at.to_string()));
                        t
                    };
                    conflicts.push(Conflict {
                        table: table.into(),
                        id: id.clone(),
                        kind: "duplicate".into(),
                        detail: format!("same place as {other_id}; one kept"),
                    });
                    if keeps_place(table, &other_row, &merged) {
                        let at = text(&merged, "updated_at").to_string();
                        merged = tomb(&merged, &at);
                    } else {
                        let at = text(&other_row, "updated_at").to_string();
                        write_row(tx, table, &cols, &tomb(&other_row, &at), true)?;
                    }
                }
            }
        }
        if table == "day_seals" {
            // one seal per event and day: the smaller id keeps the row, the newer content wins
            let other: Option<String> = tx
                .query_row(
                    "SELECT id FROM day_seals WHERE event_id = ?1 AND day = ?2 AND id <> ?3",
                    params![
                        text(&merged, "event_id"),
                        merged.get("day").and_then(Json::as_i64).unwrap_or(0),
                        id
                    ],
                    |r| r.get(0),
                )
                .optional()?;
            if let Some(other_id) = other {
                let other_row = read_row(tx, table, &cols, &other_id)?.expect("found");
                let mut content = newer(&other_row, &merged).clone();
                let keep = if other_id < id {
                    other_id.clone()
                } else {
                    id.clone()
                };
                content.insert("id".into(), Json::String(keep.clone()));
                if content == other_row {
                    counts.unchanged += 1;
                    continue;
                }
                conflicts.push(Conflict {
                    table: table.into(),
                    id: id.clone(),
                    kind: "duplicate".into(),
                    detail: format!("day sealed on two laptops; kept {keep}"),
                });
                tx.execute("DELETE FROM day_seals WHERE id = ?1", [&other_id])?;
                write_row(tx, table, &cols, &content, false)?;
                counts.updated += 1;
                continue;
            }
        }
        if table == "participants" {
            // a badge code taken by another person: the smaller id keeps it
            let code = text(&merged, "code").to_string();
            let other: Option<String> = tx
                .query_row(
                    "SELECT id FROM participants WHERE event_id = ?1 AND code = ?2 AND id <> ?3",
                    params![text(&merged, "event_id"), code, id],
                    |r| r.get(0),
                )
                .optional()?;
            if let Some(other_id) = other {
                conflicts.push(Conflict {
                    table: table.into(),
                    id: id.clone(),
                    kind: "code".into(),
                    detail: format!("badge code {code} also used by {other_id}"),
                });
                if other_id < id {
                    merged.insert("code".into(), Json::String(derived_code(&id)));
                } else {
                    let mut o = read_row(tx, table, &cols, &other_id)?.expect("found");
                    o.insert("code".into(), Json::String(derived_code(&other_id)));
                    write_row(tx, table, &cols, &o, true)?;
                }
            }
        }
        match &local {
            None => {
                write_row(tx, table, &cols, &merged, false)?;
                counts.added += 1;
            }
            Some(l) if *l == merged => counts.unchanged += 1,
            Some(l) => {
                let was_live = l.get("deleted_at").is_none_or(Json::is_null);
                let now_dead = merged.get("deleted_at").is_some_and(|d| !d.is_null());
                write_row(tx, table, &cols, &merged, true)?;
                if was_live && now_dead {
                    counts.deleted += 1;
                } else {
                    counts.updated += 1;
                }
            }
        }
    }
    Ok(())
}

/// People who probably are the same person in different events (same NIP, or same phone
/// and a similar name). Listed for headquarters to confirm; never merged.
pub fn probable_matches(conn: &rusqlite::Connection, event_id: &str) -> Result<Vec<ProbableMatch>> {
    // two indexed lookups (by NIP, by phone) rather than one join with OR, which would
    // compare every pair of people
    let mut st = conn.prepare(
        "SELECT a.id, a.event_id, b.id, b.event_id, a.name, b.name, 'nip'
         FROM participants a JOIN participants b INDEXED BY participants_nip ON b.nip = a.nip
         WHERE a.event_id = ?1 AND a.nip IS NOT NULL AND b.event_id <> ?1 AND a.deleted_at IS NULL AND b.deleted_at IS NULL
         UNION ALL
         SELECT a.id, a.event_id, b.id, b.event_id, a.name, b.name, 'phone'
         FROM participants a JOIN participants b INDEXED BY participants_phone ON b.phone = a.phone
         WHERE a.event_id = ?1 AND a.phone IS NOT NULL AND b.event_id <> ?1 AND a.deleted_at IS NULL AND b.deleted_at IS NULL
           AND (a.nip IS NULL OR b.nip IS NULL OR a.nip <> b.nip)
           AND substr(a.name_key, 1, 4) = substr(b.name_key, 1, 4)",
    )?;
    let rows = st.query_map([event_id], |r| {
        Ok(ProbableMatch {
            a: r.get(0)?,
            a_event: r.get(1)?,
            b: r.get(2)?,
            b_event: r.get(3)?,
            name_a: r.get(4)?,
            name_b: r.get(5)?,
            reason: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn merge_all(tx: &mut Tx, p: &Parsed) -> Result<(BTreeMap<String, Counts>, Vec<Conflict>)> {
    let mut by_table = BTreeMap::new();
    let mut conflicts = Vec::new();
    for (table, _) in TABLES {
        let mut c = Counts::default();
        if let Some(rows) = p.tables.get(table) {
            merge_table(tx, table, rows, &mut c, &mut conflicts)?;
        }
        c.conflicts = conflicts.iter().filter(|x| x.table == table).count();
        by_table.insert(table.to_string(), c);
    }
    Ok((by_table, conflicts))
}

/// Merge a file's content: a preview (`dry_run`, everything rolled back) or one
/// transaction recorded in the import ledger. A backup is taken first (file databases).
pub fn import(
    store: &mut Store,
    bytes: &[u8],
    name: &str,
    dry_run: bool,
    extra_identities: &[String],
) -> Result<ImportReport> {
    let parsed = read_file(store, bytes, extra_identities)?;
    if !dry_run {
        crate::backup::create(store, "before-import")?;
    }
    merge_parsed(store, parsed, name, dry_run)
}

/// Headquarters' evening: many venue files. Every file is read and checked first (one
/// bad file stops everything before anything is written, and the error names it); then
/// one backup, then each file merged in its own transaction and ledger line. A file is
/// decrypted and parsed again when its turn comes, so memory holds one file's content
/// at a time, not all of them.
pub fn import_many(
    store: &mut Store,
    files: &[(String, Vec<u8>)],
    dry_run: bool,
    extra_identities: &[String],
) -> Result<Vec<ImportReport>> {
    for (name, bytes) in files {
        read_file(store, bytes, extra_identities).map_err(|e| e.in_file(name.clone()))?;
    }
    if !dry_run && !files.is_empty() {
        crate::backup::create(store, "before-import")?;
    }
    let mut reports = Vec::with_capacity(files.len());
    for (name, bytes) in files {
        let parsed =
            read_file(store, bytes, extra_identities).map_err(|e| e.in_file(name.clone()))?;
        reports
            .push(merge_parsed(store, parsed, name, dry_run).map_err(|e| e.in_file(name.clone()))?);
    }
    Ok(reports)
}

fn merge_parsed(
    store: &mut Store,
    parsed: Parsed,
    name: &str,
    dry_run: bool,
) -> Result<ImportReport> {
    let already: bool = store
        .conn()
        .query_row(
            "SELECT 1 FROM sync_imports WHERE file_sha256 = ?1",
            [&parsed.file_sha256],
            |_| Ok(()),
        )
        .optional()?
        .is_some();
    let work =
        |tx: &mut Tx<'_>| -> Result<(BTreeMap<String, Counts>, Vec<Conflict>, Vec<ProbableMatch>)> {
            let (by_table, conflicts) = merge_all(tx, &parsed)?;
            let matches = probable_matches(tx, &parsed.manifest.event_id)?;
            if !dry_run {
                let s = tx.stamp();
                tx.execute(
                "INSERT INTO sync_imports (id, file_sha256, device_id, device_key, event_id, made_at, imported_at, counts)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![
                    crate::ids::new_id(),
                    parsed.file_sha256,
                    parsed.manifest.device_id,
                    parsed.manifest.public_key,
                    parsed.manifest.event_id,
                    parsed.manifest.made_at,
                    s.now,
                    serde_json::to_string(&by_table).expect("json")
                ],
            )?;
            }
            Ok((by_table, conflicts, matches))
        };
    let (by_table, conflicts, probable_matches) = if dry_run {
        store.dry_run(work)?
    } else {
        store.write(work)?
    };
    let sum = |f: fn(&Counts) -> usize| by_table.values().map(f).sum::<usize>();
    let m = &parsed.manifest;
    log::info!(
        "sync import{}: event {}, {} tables",
        if dry_run { " (dry run)" } else { "" },
        m.event_id,
        by_table.len()
    );
    Ok(ImportReport {
        file: name.to_string(),
        event_id: m.event_id.clone(),
        event_title: m.event_title.clone(),
        device_id: m.device_id.clone(),
        made_at: m.made_at.clone(),
        dry_run,
        already_imported: already,
        added: sum(|c| c.added),
        updated: sum(|c| c.updated),
        deleted: sum(|c| c.deleted),
        unchanged: sum(|c| c.unchanged),
        conflicts,
        by_table,
        probable_matches,
    })
}

/// The import ledger, newest first.
#[derive(Debug, Clone, Serialize)]
pub struct LedgerEntry {
    pub file_sha256: String,
    pub device_id: String,
    pub event_id: String,
    pub made_at: String,
    pub imported_at: String,
}

pub fn ledger(store: &Store) -> Result<Vec<LedgerEntry>> {
    let mut st = store.conn().prepare("SELECT file_sha256, device_id, event_id, made_at, imported_at FROM sync_imports ORDER BY imported_at DESC")?;
    let rows = st.query_map([], |r| {
        Ok(LedgerEntry {
            file_sha256: r.get(0)?,
            device_id: r.get(1)?,
            event_id: r.get(2)?,
            made_at: r.get(3)?,
            imported_at: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A canonical dump of every synced row (all events), for comparing two databases.
pub fn canonical_dump(conn: &rusqlite::Connection) -> Result<BTreeMap<String, Vec<String>>> {
    let mut out = BTreeMap::new();
    for (table, _) in TABLES {
        let cols = columns(conn, table)?;
        let mut st = conn.prepare(&format!("SELECT * FROM {table} ORDER BY id"))?;
        let mut rows = st.query([])?;
        let mut list = Vec::new();
        while let Some(r) = rows.next()? {
            let mut m = BTreeMap::new();
            for (i, c) in cols.iter().enumerate() {
                m.insert(c.clone(), to_json(r.get_ref(i)?));
            }
            list.push(serde_json::to_string(&m).expect("json"));
        }
        out.insert(table.to_string(), list);
    }
    Ok(out)
}

/// Record counts for export previews and the home screen.
/// (Counted in SQL: the home screen asks for this, and reading every row, signature
/// images included, just to count them would be wasted work.)
pub fn counts(store: &Store, event_id: &str) -> Result<HashMap<String, usize>> {
    let mut out = HashMap::new();
    for (table, filter) in TABLES {
        let n: i64 = store.conn().query_row(
            &format!("SELECT count(*) FROM {table} WHERE {filter}"),
            [event_id],
            |r| r.get(0),
        )?;
        out.insert(table.to_string(), n as usize);
    }
    Ok(out)
}

/// Whether the event's data file is up to date: when and where it was last exported, and
/// whether anything changed since (this laptop's clock moved).
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
pub struct ExportStatus {
    pub event_id: String,
    pub at: Option<String>,
    pub path: Option<String>,
    pub hlc: Option<String>,
    pub up_to_date: bool,
}

pub fn export_status(store: &Store, event_id: &str) -> Result<ExportStatus> {
    let current = crate::db::get_meta(store.conn(), "hlc")?;
    let last: Option<ExportStatus> =
        crate::settings::get(store, "last_export")?.and_then(|s| serde_json::from_str(&s).ok());
    Ok(match last {
        Some(mut l) if l.event_id == event_id => {
            l.up_to_date = l.hlc.is_some() && l.hlc == current;
            l
        }
        _ => ExportStatus {
            event_id: event_id.to_string(),
            ..Default::default()
        },
    })
}

/// Remember a finished export (shown on the home screen).
pub fn record_export(store: &mut Store, event_id: &str, path: &str) -> Result<()> {
    let st = ExportStatus {
        event_id: event_id.to_string(),
        at: Some(crate::ids::now_utc()),
        path: Some(path.to_string()),
        hlc: crate::db::get_meta(store.conn(), "hlc")?,
        up_to_date: true,
    };
    crate::settings::set(
        store,
        "last_export",
        &serde_json::to_string(&st).expect("json"),
    )
}
