//! Keys: this laptop's Ed25519 signing key and age identity, headquarters' key pair.

use super::error::SyncError;
use crate::db::Store;
use crate::error::{Error, Result};
use base64::Engine;
use ed25519_dalek::SigningKey;
use rusqlite::params;
use sha2::{Digest, Sha256};

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

/// The identities that can open a file here. Read only: a laptop that never made its own
/// key cannot have been sent a file for it, and reading a file must write nothing.
pub(super) fn identities(store: &Store, extra: &[String]) -> Result<Vec<age::x25519::Identity>> {
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

/// A short, readable fingerprint of a laptop's Ed25519 public key (base64 as it travels in
/// the manifest): the first 16 bytes (128 bits, so no one can make another key with the
/// same fingerprint) of its SHA-256 in hex, in groups of four, e.g.
/// `3f2a-91c0-77de-0b14-5e6f-0a1b-2c3d-4e5f`. Unreadable keys are fingerprinted as text.
pub fn fingerprint(public_key_b64: &str) -> String {
    let raw = base64::engine::general_purpose::STANDARD
        .decode(public_key_b64.trim())
        .unwrap_or_else(|_| public_key_b64.as_bytes().to_vec());
    let h = hex::encode(&Sha256::digest(&raw)[..16]);
    h.as_bytes()
        .chunks(4)
        .map(|c| std::str::from_utf8(c).expect("hex"))
        .collect::<Vec<_>>()
        .join("-")
}

/// Save headquarters' public key (pasted text or a key file's text) as the key data
/// files are encrypted to; returns the key as kept.
pub fn set_hq_key(store: &mut Store, text: &str) -> Result<String> {
    let r = parse_recipient(text)?.to_string();
    crate::settings::set(store, crate::settings::Key::HqPublicKey, &r)?;
    super::escrow::keep_for(store);
    Ok(r)
}

/// Headquarters' public key saved in this app, if any.
pub fn hq_key(store: &Store) -> Result<Option<String>> {
    crate::settings::get(store, crate::settings::Key::HqPublicKey)
}
