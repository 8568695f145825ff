//! The database key encrypted to headquarters (age, X25519): kept beside the database
//! and carried inside every data file, so headquarters holds each laptop's key by device
//! and can give it back when the laptop's key store is gone.

use super::{DbKey, VaultError};
use crate::error::Result;
use base64::Engine;
use std::io::{Read, Write};
use zeroize::Zeroizing;

const B64: base64::engine::GeneralPurpose = base64::engine::general_purpose::STANDARD;

/// The key sealed to one headquarters key.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, PartialEq)]
pub struct Escrowed {
    /// Headquarters' public key (age1…) it is sealed to.
    pub hq_key: String,
    /// The age file, base64.
    pub sealed: String,
    /// [`DbKey::check`] of the sealed key (tells keys apart without opening them).
    #[serde(default)]
    pub check: String,
}

pub fn seal(key: &DbKey, hq_public: &str) -> Result<Escrowed> {
    let r = crate::sync::parse_recipient(hq_public)?;
    let enc = age::Encryptor::with_recipients(std::iter::once(&r as &dyn age::Recipient))
        .map_err(|_| VaultError::NoEscrow)?;
    let mut out = Vec::new();
    let mut w = enc.wrap_output(&mut out)?;
    w.write_all(&key.bytes()[..])?;
    w.finish()?;
    Ok(Escrowed {
        hq_key: hq_public.trim().to_string(),
        sealed: B64.encode(out),
        check: key.check(),
    })
}

/// The key, with one of headquarters' identities.
pub fn open(e: &Escrowed, identity: &age::x25519::Identity) -> Result<DbKey> {
    let bytes = B64.decode(&e.sealed).map_err(|_| VaultError::NoEscrow)?;
    let dec = age::Decryptor::new(&bytes[..]).map_err(|_| VaultError::NoEscrow)?;
    let mut r = dec
        .decrypt(std::iter::once(identity as &dyn age::Identity))
        .map_err(|_| VaultError::NoEscrow)?;
    let mut plain = Zeroizing::new(Vec::new());
    r.read_to_end(&mut plain)
        .map_err(|_| VaultError::NoEscrow)?;
    Ok(DbKey::from_bytes(&plain).ok_or(VaultError::NoEscrow)?)
}

/// Keep the key sealed to `hq_public` beside the database at `db`, unless it already
/// is. Called whenever this laptop learns headquarters' key (a kit, a pasted key) and at
/// every start while it knows one.
pub fn keep(db: &std::path::Path, key: &DbKey, hq_public: &str) -> Result<()> {
    let Some(mut side) = super::Sidecar::read(db)? else {
        return Ok(());
    };
    if side
        .escrow
        .as_ref()
        .is_some_and(|e| e.hq_key == hq_public.trim())
    {
        return Ok(());
    }
    side.escrow = Some(seal(key, hq_public)?);
    side.write(db)?;
    log::info!("database key escrowed to headquarters");
    Ok(())
}

/// Keep at headquarters a laptop's sealed key that came inside its data file.
pub(crate) fn receive(
    tx: &crate::db::Tx<'_>,
    device_id: &str,
    event_id: &str,
    e: &Escrowed,
    now: &str,
) -> Result<()> {
    if e.check.len() != 16
        || e.sealed.len() > 4096
        || !e.check.bytes().all(|b| b.is_ascii_hexdigit())
    {
        return Ok(()); // not ours to keep; the rows of the file are what matter
    }
    tx.prepare_cached(
        "INSERT INTO key_escrow (device_id, key_check, hq_key, sealed, event_id, received_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (device_id, key_check) DO UPDATE SET
           hq_key = excluded.hq_key, sealed = excluded.sealed,
           event_id = excluded.event_id, received_at = excluded.received_at",
    )?
    .execute(rusqlite::params![
        device_id, e.check, e.hq_key, e.sealed, event_id, now
    ])?;
    Ok(())
}

/// A laptop's key given back by headquarters.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Recovered {
    /// The laptop, when headquarters knows it.
    pub device_id: Option<String>,
    /// The key as the laptop's "cannot open the database" screen takes it.
    pub recovery_key: String,
}

/// Headquarters gives back the key of a laptop's database: `file` is the laptop's key
/// description (`plm-desk.sqlite3.keys.json`, its sealed copy opened with
/// headquarters' key) or the database or a backup itself (every laptop key received in
/// data files is tried on it).
pub fn recover(store: &crate::db::Store, file: &std::path::Path) -> Result<Recovered> {
    let identity: age::x25519::Identity = crate::hq::keys::secret(store)?
        .trim()
        .parse()
        .map_err(|_| crate::Error::Corrupt("hq identity".into()))?;
    let bytes = std::fs::read(file)?;
    if let Ok(side) = serde_json::from_slice::<super::Sidecar>(&bytes) {
        let e = side.escrow.as_ref().ok_or(VaultError::NoEscrow)?;
        let key = open(e, &identity)?;
        let device_id = store
            .conn()
            .query_row(
                "SELECT device_id FROM key_escrow WHERE key_check = ?1",
                [key.check()],
                |r| r.get("device_id"),
            )
            .ok();
        log::info!("laptop key given back from its key description");
        return Ok(Recovered {
            device_id,
            recovery_key: key.recovery_text().to_string(),
        });
    }
    if super::file_kind(file)? != super::FileKind::Encrypted {
        return Err(VaultError::NotRecoverable.into());
    }
    let mut st = store
        .conn()
        .prepare("SELECT device_id, sealed, hq_key FROM key_escrow ORDER BY received_at DESC")?;
    let rows = st
        .query_map([], |r| {
            Ok((
                r.get::<_, String>("device_id")?,
                Escrowed {
                    sealed: r.get("sealed")?,
                    hq_key: r.get("hq_key")?,
                    check: String::new(),
                },
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for (device_id, e) in rows {
        let Ok(key) = open(&e, &identity) else {
            continue;
        };
        if super::opens(file, &key).unwrap_or(false) {
            log::info!("laptop key given back for a database file");
            return Ok(Recovered {
                device_id: Some(device_id),
                recovery_key: key.recovery_text().to_string(),
            });
        }
    }
    Err(VaultError::NoEscrow.into())
}

/// [`keep`] for an open database, with the headquarters key it knows (if any): called
/// when the store opens and whenever this laptop learns headquarters' key. A failure is
/// logged, not fatal (the data file carries the sealed key anyway; the next start tries
/// again).
pub fn keep_for(store: &crate::db::Store) {
    let (Some(path), Some(key)) = (store.path(), store.key()) else {
        return;
    };
    if let Ok(Some(hq)) = crate::settings::get(store, crate::settings::HQ_PUBLIC_KEY) {
        if let Err(e) = keep(path, key, &hq) {
            use crate::error::Localized;
            log::warn!("key escrow not kept: {}", e.code());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seal_and_open() {
        let (secret, public) = crate::sync::hq_keypair();
        let id: age::x25519::Identity = secret.parse().unwrap();
        let k = DbKey::random();
        let e = seal(&k, &public).unwrap();
        assert_eq!(open(&e, &id).unwrap(), k);
        let (other, _) = crate::sync::hq_keypair();
        let other: age::x25519::Identity = other.parse().unwrap();
        assert!(open(&e, &other).is_err());
    }
}
