//! The file itself: making it (export) and reading it back (decrypt, verify, check).

use super::codec::{collect, Row};
use super::error::{Damage, SyncError};
use super::keys::{identities, own_identity, parse_recipient, signing_key};
use super::{FORMAT_VERSION, MAGIC, TABLES};
use crate::db::Store;
use crate::error::{Error, Result};
use base64::Engine;
use ed25519_dalek::{Signer, Verifier, VerifyingKey};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value as Json};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::io::{Read, Write};

const AGE_MAGIC: &[u8] = b"age-encryption.org/v1\n";
/// Files larger than this are refused before reading (a venue file is a few MB).
pub const MAX_FILE_BYTES: u64 = 512 * 1024 * 1024;
const MAX_CONTENT_BYTES: u64 = 2 * 1024 * 1024 * 1024;

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
    export_with(store, event_id, recipients, allow_plain, false)
}

/// [`export`], with the event's photos when `include_photos`.
pub fn export_with(
    store: &mut Store,
    event_id: &str,
    recipients: &[String],
    allow_plain: bool,
    include_photos: bool,
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
    let tables = collect(store.conn(), event_id, include_photos)?;
    // this laptop's database key sealed to headquarters travels with its data, so
    // headquarters can give it back when the laptop's key store is lost
    let escrow = match (store.key(), recipients.first()) {
        (Some(k), Some(hq)) => Some(crate::vault::escrow::seal(k, hq)?),
        _ => None,
    };
    let mut doc = json!({ "format": FORMAT_VERSION, "tables": tables });
    if let Some(e) = escrow {
        doc["key_escrow"] = serde_json::to_value(e).expect("json");
    }
    let content = serde_json::to_vec(&doc).expect("json");
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
            .map_err(|e| {
            log::warn!("sync export: age encryptor: {e}");
            SyncError::NoRecipient
        })?;
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
    /// The size of the decompressed content (what keeping it in memory costs, roughly).
    pub content_bytes: usize,
    /// The laptop's database key sealed to headquarters, when it sent one.
    pub key_escrow: Option<crate::vault::escrow::Escrowed>,
    /// `tables`' rows as the SQL values they are written as (checked, blobs decoded).
    pub(crate) typed: super::validate::Typed,
}

/// What reading a file needs from the receiving database, taken once: the keys that may
/// open it and the schema its rows are checked against. Reading with it touches no
/// database, so headquarters reads many files at once on all cores.
pub struct Reader {
    ids: Vec<age::x25519::Identity>,
    hq_key_here: bool,
    schema: BTreeMap<String, Vec<super::validate::Column>>,
}

impl Reader {
    pub fn new(store: &Store, extra_identities: &[String]) -> Result<Reader> {
        let mut schema = BTreeMap::new();
        for (t, _) in TABLES {
            schema.insert(
                t.to_string(),
                super::validate::table_columns(store.conn(), t)?,
            );
        }
        Ok(Reader {
            ids: identities(store, extra_identities)?,
            hq_key_here: crate::db::get_meta(store.conn(), "hq_identity")?.is_some(),
            schema,
        })
    }

    /// Read and check a file: decrypt, verify the signature and the content hash, check
    /// every row against the schema and that it belongs to the manifest's event.
    pub fn read(&self, bytes: &[u8]) -> Result<Parsed> {
        read_with(self, bytes)
    }
}

/// Read and check a file: decrypt, verify the signature and the content hash, check
/// that every row belongs to the manifest's event. Nothing is written.
pub fn read_file(store: &Store, bytes: &[u8], extra_identities: &[String]) -> Result<Parsed> {
    Reader::new(store, extra_identities)?.read(bytes)
}

fn read_with(reader: &Reader, bytes: &[u8]) -> Result<Parsed> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(SyncError::TooLarge.into());
    }
    let file_sha256 = hex::encode(Sha256::digest(bytes));
    let arrived_encrypted = bytes.starts_with(AGE_MAGIC);
    let inner: Vec<u8> = if arrived_encrypted {
        let dec = age::Decryptor::new(bytes).map_err(|e| {
            log::warn!("sync read: age header: {e}");
            SyncError::Damaged(Damage::Header)
        })?;
        let mut r = dec
            .decrypt(reader.ids.iter().map(|i| i as &dyn age::Identity))
            .map_err(|e| match e {
                age::DecryptError::NoMatchingKeys => Error::from(SyncError::NotForUs {
                    hq_key_here: reader.hq_key_here,
                }),
                other => {
                    log::warn!("sync read: age: {other}");
                    SyncError::Damaged(Damage::Payload).into()
                }
            })?;
        let mut v = Vec::new();
        r.read_to_end(&mut v).map_err(|e| {
            log::warn!("sync read: decryption: {e}");
            SyncError::Damaged(Damage::Payload)
        })?;
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
        .ok_or(SyncError::Damaged(Damage::NoManifest))?;
    let raw_manifest: Json = serde_json::from_slice(&rest[..nl]).map_err(|e| {
        log::warn!("sync read: manifest: {e}");
        SyncError::Damaged(Damage::Manifest)
    })?;
    if let Some(v) = raw_manifest.get("format").and_then(Json::as_u64) {
        if v > FORMAT_VERSION as u64 {
            return Err(SyncError::NewerFormat(v as u32).into());
        }
    }
    let manifest: Manifest = serde_json::from_value(raw_manifest).map_err(|e| {
        log::warn!("sync read: manifest: {e}");
        SyncError::Damaged(Damage::Manifest)
    })?;
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
    if manifest.encrypted != arrived_encrypted {
        return Err(SyncError::EncryptionMismatch {
            said: manifest.encrypted,
            was: arrived_encrypted,
        }
        .into());
    }
    // one gzip member and nothing after it: `bufread` over the slice reads no further
    // than the member's end, so what is left over is exactly what follows it
    let mut content = Vec::new();
    let mut gz = flate2::bufread::GzDecoder::new(&rest[nl + 1..]);
    (&mut gz)
        .take(MAX_CONTENT_BYTES)
        .read_to_end(&mut content)
        .map_err(|e| {
            log::warn!("sync read: content: {e}");
            SyncError::Damaged(Damage::Content)
        })?;
    if !gz.into_inner().is_empty() {
        return Err(SyncError::Damaged(Damage::Trailing).into());
    }
    if hex::encode(Sha256::digest(&content)) != manifest.content_sha256 {
        return Err(SyncError::ContentChanged.into());
    }
    let mut doc: Json = serde_json::from_slice(&content).map_err(|e| {
        log::warn!("sync read: content json: {e}");
        SyncError::Damaged(Damage::ContentJson)
    })?;
    let key_escrow = doc
        .get_mut("key_escrow")
        .and_then(|v| serde_json::from_value(v.take()).ok());
    let mut tables: BTreeMap<String, Vec<Row>> = BTreeMap::new();
    let Some(Json::Object(obj)) = doc.get_mut("tables").map(Json::take) else {
        return Err(SyncError::Damaged(Damage::ContentJson).into());
    };
    // the rows are taken out of the document, not copied
    for (name, rows) in obj {
        if !TABLES.iter().any(|(t, _)| *t == name) {
            return Err(SyncError::Forged(format!("unknown table {name}")).into());
        }
        let Json::Array(rows) = rows else {
            return Err(SyncError::Damaged(Damage::ContentJson).into());
        };
        let list: Vec<Row> = rows
            .into_iter()
            .map(|r| match r {
                Json::Object(m) => Ok(m),
                _ => Err(Error::from(SyncError::Damaged(Damage::ContentJson))),
            })
            .collect::<Result<_>>()?;
        if manifest.counts.get(&name).copied().unwrap_or(0) != list.len() {
            return Err(SyncError::Forged(format!("{name}: count")).into());
        }
        tables.insert(name, list);
    }
    super::validate::check_manifest(&manifest)?;
    check_scope(&manifest, &tables)?;
    let typed = super::validate::check_rows(&reader.schema, &tables)?;
    Ok(Parsed {
        manifest,
        tables,
        file_sha256,
        content_bytes: content.len(),
        key_escrow,
        typed,
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

/// The use case behind "save the data file": encrypt to the keys given, or else to
/// headquarters' key saved in this app (unless the user chose a plain file), write it
/// readable by this user only, and remember the export for the home screen.
pub fn export_to_file(
    store: &mut Store,
    event_id: &str,
    keys: &[String],
    plain: bool,
    include_photos: bool,
    path: &std::path::Path,
) -> Result<ExportInfo> {
    let mut keys = keys.to_vec();
    if keys.is_empty() && !plain {
        keys.extend(crate::settings::get(
            store,
            crate::settings::Key::HqPublicKey,
        )?);
    }
    let (bytes, info) = export_with(store, event_id, &keys, plain, include_photos)?;
    crate::files::write_private_atomic(path, &bytes)?;
    super::status::record_export(store, event_id, &path.display().to_string())?;
    Ok(info)
}

/// Who made a file and when, for the window's decisions about a refused file (a new key
/// for a known laptop, a wrong clock). The file is fully read and checked, except for
/// those two trust checks; nothing is written.
#[derive(Debug, Clone, Serialize)]
pub struct FileInfo {
    pub event_id: String,
    pub event_title: String,
    pub device_id: String,
    pub key_fingerprint: String,
    pub made_at: String,
}

pub fn peek(store: &Store, bytes: &[u8], extra_identities: &[String]) -> Result<FileInfo> {
    let m = read_file(store, bytes, extra_identities)?.manifest;
    Ok(FileInfo {
        key_fingerprint: super::keys::fingerprint(&m.public_key),
        event_id: m.event_id,
        event_title: m.event_title,
        device_id: m.device_id,
        made_at: m.made_at,
    })
}
