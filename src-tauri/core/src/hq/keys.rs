//! Headquarters' key pair: made once and never replaced, backed up to a small text file,
//! taken over by a second headquarters computer from that file.
//!
//! The secret is one age X25519 identity. The Ed25519 key that signs event kits is
//! derived from it (SHA-256 of a label and the identity), so a restored backup signs with
//! the same key and the backup stays one line to keep safe.

use super::error::HqError;
use crate::db::{get_meta, Store};
use crate::error::Result;
use base64::Engine;
use ed25519_dalek::SigningKey;
use rusqlite::params;
use serde::Serialize;
use sha2::{Digest, Sha256};

const IDENTITY: &str = "hq_identity";
const CREATED: &str = "hq_key_created_at";
const BACKED_UP: &str = "hq_key_backup_at";
const BACKUP_MARK: &str = "PLM-DESK-HQ-KEY-BACKUP 1";

/// What the window and `--json` show of headquarters' key (never the secret).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct KeyInfo {
    /// The age public key venues encrypt to (`age1…`), handed out in kits.
    pub public_key: String,
    /// The kits' signing key (Ed25519, base64).
    pub signing_key: String,
    /// A short fingerprint of the public key to read aloud on the phone.
    pub fingerprint: String,
    pub created_at: Option<String>,
    /// When a backup file was last saved (None: never; the home screen warns).
    pub backup_saved_at: Option<String>,
}

fn parse_identity(s: &str) -> Option<age::x25519::Identity> {
    s.trim().parse().ok()
}

/// The kit signing key derived from the secret identity.
pub(crate) fn signing_from(identity: &str) -> SigningKey {
    let mut h = Sha256::new();
    h.update(b"PLM Desk headquarters kit signing key v1\n");
    h.update(identity.trim().as_bytes());
    SigningKey::from_bytes(&h.finalize().into())
}

fn public_of(identity: &str) -> Option<String> {
    parse_identity(identity).map(|i| i.to_public().to_string())
}

/// A readable fingerprint of an age public key: "age1" and the last 8 characters, which
/// are the bech32 checksum and differ between keys.
pub fn short(public: &str) -> String {
    let tail: String = public
        .chars()
        .rev()
        .take(8)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    format!("age1…{tail}")
}

fn info_of(store: &Store, identity: &str) -> Result<KeyInfo> {
    let public = public_of(identity).ok_or_else(|| crate::Error::Corrupt("hq identity".into()))?;
    Ok(KeyInfo {
        fingerprint: short(&public),
        signing_key: base64::engine::general_purpose::STANDARD
            .encode(signing_from(identity).verifying_key().as_bytes()),
        public_key: public,
        created_at: get_meta(store.conn(), CREATED)?,
        backup_saved_at: get_meta(store.conn(), BACKED_UP)?,
    })
}

/// Headquarters' key kept here, if any.
pub fn info(store: &Store) -> Result<Option<KeyInfo>> {
    match get_meta(store.conn(), IDENTITY)? {
        Some(id) => Ok(Some(info_of(store, &id)?)),
        None => Ok(None),
    }
}

/// The secret identity (to open venue files, to sign kits); `hq.no_key` without one.
pub(crate) fn secret(store: &Store) -> Result<String> {
    get_meta(store.conn(), IDENTITY)?.ok_or_else(|| HqError::NoKey.into())
}

fn keep(store: &mut Store, identity: &str, created_at: Option<&str>) -> Result<()> {
    store.write(|tx| {
        let s = tx.stamp();
        // INSERT, not an upsert: a key that is there is never replaced
        tx.execute(
            "INSERT INTO meta(key, value) VALUES (?1, ?2)",
            params![IDENTITY, identity.trim()],
        )?;
        tx.execute(
            "INSERT INTO meta(key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            params![CREATED, created_at.unwrap_or(&s.now)],
        )?;
        Ok(())
    })
}

/// Make headquarters' key pair, once. A second call explains that the key exists and
/// changes nothing. Returns the key's public side and the secret (for `hq init`'s file).
pub fn create(store: &mut Store) -> Result<(KeyInfo, String)> {
    if let Some(k) = info(store)? {
        return Err(HqError::KeyExists(k.fingerprint).into());
    }
    let (secret, _) = crate::sync::hq_keypair();
    keep(store, &secret, None)?;
    log::info!("headquarters key created");
    Ok((info(store)?.expect("just kept"), secret))
}

fn check_mark(identity: &str) -> String {
    hex::encode(&Sha256::digest(identity.trim().as_bytes())[..6])
}

/// The backup file's text: a header, the public key, the secret, and a check mark that
/// finds a damaged copy.
pub fn backup_text(store: &Store) -> Result<String> {
    let id = secret(store)?;
    let public = public_of(&id).ok_or_else(|| crate::Error::Corrupt("hq identity".into()))?;
    Ok(format!(
        "# PLM Desk: cadangan kunci rahasia kantor pusat / headquarters' secret key backup.\n\
         # Simpan di flashdisk di tempat aman; jangan pernah dikirim. Keep it on a USB stick in a safe place; never send it.\n\
         {BACKUP_MARK}\n\
         public: {public}\n\
         {}\n\
         check: {}\n",
        id.trim(),
        check_mark(&id)
    ))
}

/// Note that a backup was saved (the caller wrote the file).
pub fn record_backup(store: &mut Store) -> Result<String> {
    secret(store)?;
    store.write(|tx| {
        let s = tx.stamp();
        tx.execute(
            "INSERT INTO meta(key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            params![BACKED_UP, s.now],
        )?;
        Ok(s.now)
    })
}

/// Write the backup file (private to the user, the save dialog asked before replacing a file) and note it.
pub fn save_backup(store: &mut Store, path: &std::path::Path) -> Result<KeyInfo> {
    let text = backup_text(store)?;
    crate::files::write_private_atomic(path, text.as_bytes())?;
    record_backup(store)?;
    Ok(info(store)?.expect("kept"))
}

/// Read a backup file's text: the secret identity, or why not.
pub fn read_backup(bytes: &[u8]) -> Result<String, HqError> {
    if bytes.len() > 64 * 1024 {
        return Err(HqError::NotABackup);
    }
    let text = std::str::from_utf8(bytes).map_err(|_| HqError::NotABackup)?;
    let secret_line = text
        .lines()
        .map(str::trim)
        .find(|l| l.to_ascii_uppercase().starts_with("AGE-SECRET-KEY-"));
    let marked = text.lines().any(|l| l.trim() == BACKUP_MARK);
    match secret_line {
        Some(line) => {
            let Some(id) = parse_identity(line) else {
                return Err(HqError::BackupDamaged);
            };
            if marked {
                let check = text
                    .lines()
                    .find_map(|l| l.trim().strip_prefix("check:").map(str::trim));
                let public = text
                    .lines()
                    .find_map(|l| l.trim().strip_prefix("public:").map(str::trim));
                if check != Some(check_mark(line).as_str())
                    || public != Some(id.to_public().to_string().as_str())
                {
                    return Err(HqError::BackupDamaged);
                }
            }
            Ok(line.to_string())
        }
        None if marked => Err(HqError::BackupDamaged),
        None if text.split_whitespace().any(|w| w.starts_with("age1")) => {
            Err(HqError::PublicNotSecret)
        }
        None => Err(HqError::NotABackup),
    }
}

/// A second headquarters computer takes the key from a backup file (also the `hq init`
/// identity file). The same key again is fine; another key kept here is never replaced.
pub fn restore(store: &mut Store, bytes: &[u8]) -> Result<KeyInfo> {
    let id = read_backup(bytes)?;
    let public = public_of(&id).expect("parsed");
    if let Some(k) = info(store)? {
        if k.public_key == public {
            return Ok(k);
        }
        return Err(HqError::OtherKeyKept {
            kept: k.fingerprint,
            backup: short(&public),
        }
        .into());
    }
    keep(store, &id, None)?;
    // the backup came from a file: it is saved somewhere already
    record_backup(store)?;
    log::info!("headquarters key restored from a backup");
    Ok(info(store)?.expect("kept"))
}

/// Keep headquarters' secret identity in this database (headquarters' own machine).
/// Another key already kept is never replaced (`hq.other_key_kept`); the same one again
/// changes nothing.
pub fn store_identity(store: &mut Store, identity: &str) -> Result<()> {
    restore(store, identity.as_bytes()).map(|_| ())
}

/// The public key as a small file to hand out (text with a comment).
pub fn public_key_text(store: &Store) -> Result<String> {
    let k = info(store)?.ok_or(HqError::NoKey)?;
    Ok(format!(
        "# PLM Desk: kunci publik kantor pusat / headquarters' public key\n{}\n",
        k.public_key
    ))
}

/// A QR code of `text` as SVG markup (black modules on white, with the quiet zone), for
/// the window to show the public key to a phone's camera.
pub fn qr_svg(text: &str) -> String {
    let code = qrcode::QrCode::with_error_correction_level(text.as_bytes(), qrcode::EcLevel::M)
        .expect("a public key fits a QR code");
    let w = code.width();
    let colors = code.to_colors();
    let q = 4;
    let size = w + 2 * q;
    let mut path = String::new();
    for (i, c) in colors.iter().enumerate() {
        if *c == qrcode::Color::Dark {
            let (x, y) = (i % w + q, i / w + q);
            path.push_str(&format!("M{x} {y}h1v1h-1z"));
        }
    }
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size} {size}\" shape-rendering=\"crispEdges\" role=\"img\"><rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"/><path d=\"{path}\" fill=\"#000\"/></svg>"
    )
}
