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
    // headquarters' key was checked when this laptop took it (a kit or a pasted key)
    let r: age::x25519::Recipient = hq_public.trim().parse().map_err(|_| VaultError::NoEscrow)?;
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
