//! The database key wrapped by the app passphrase: Argon2id turns the passphrase into a
//! key-encryption key, ChaCha20-Poly1305 seals the database key with it. The data folder
//! moved to another computer (or the key store lost) then opens with the passphrase.

use super::{DbKey, VaultError};
use crate::error::Result;
use base64::Engine;
use chacha20poly1305::aead::{Aead, KeyInit};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};
use std::path::Path;
use zeroize::Zeroizing;

const B64: base64::engine::GeneralPurpose = base64::engine::general_purpose::STANDARD;

/// The sealed key and what unsealing it needs (no secret).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, PartialEq)]
pub struct Wrapped {
    pub kdf: String,
    pub m_cost_kib: u32,
    pub t_cost: u32,
    pub salt: String,
    pub nonce: String,
    pub sealed: String,
}

fn kek(passphrase: &str, salt: &[u8], m: u32, t: u32) -> Result<Zeroizing<[u8; 32]>> {
    let params = argon2::Params::new(m, t, 1, Some(32)).map_err(|_| VaultError::PassphraseWrong)?;
    let a = argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params);
    let mut out = Zeroizing::new([0u8; 32]);
    a.hash_password_into(passphrase.as_bytes(), salt, &mut out[..])
        .map_err(|_| VaultError::PassphraseWrong)?;
    Ok(out)
}

pub fn wrap(key: &DbKey, passphrase: &str) -> Result<Wrapped> {
    let mut salt = [0u8; 16];
    let mut nonce = [0u8; 12];
    getrandom::getrandom(&mut salt).expect("random");
    getrandom::getrandom(&mut nonce).expect("random");
    let (m, t) = (19 * 1024, 2);
    let k = kek(passphrase, &salt, m, t)?;
    let sealed = ChaCha20Poly1305::new(Key::from_slice(&k[..]))
        .encrypt(Nonce::from_slice(&nonce), &key.bytes()[..])
        .expect("sealing 32 bytes");
    Ok(Wrapped {
        kdf: "argon2id".into(),
        m_cost_kib: m,
        t_cost: t,
        salt: B64.encode(salt),
        nonce: B64.encode(nonce),
        sealed: B64.encode(sealed),
    })
}

pub fn unwrap(w: &Wrapped, passphrase: &str) -> Result<DbKey> {
    let bad = || VaultError::PassphraseWrong;
    let salt = B64.decode(&w.salt).map_err(|_| bad())?;
    let nonce = B64.decode(&w.nonce).map_err(|_| bad())?;
    let sealed = B64.decode(&w.sealed).map_err(|_| bad())?;
    if nonce.len() != 12 || w.kdf != "argon2id" || w.m_cost_kib > 1024 * 1024 || w.t_cost > 16 {
        return Err(bad().into());
    }
    let k = kek(passphrase, &salt, w.m_cost_kib, w.t_cost)?;
    let plain = Zeroizing::new(
        ChaCha20Poly1305::new(Key::from_slice(&k[..]))
            .decrypt(Nonce::from_slice(&nonce), sealed.as_slice())
            .map_err(|_| bad())?,
    );
    Ok(DbKey::from_bytes(&plain).ok_or_else(bad)?)
}

/// Keep (or replace) the passphrase-wrapped copy of `key` beside the database at `db`;
/// `None` removes it (the passphrase was turned off).
pub fn keep(db: &Path, key: &DbKey, passphrase: Option<&str>) -> Result<()> {
    let Some(mut side) = super::Sidecar::read(db)? else {
        return Ok(());
    };
    side.passphrase = match passphrase {
        Some(p) => Some(wrap(key, p)?),
        None => None,
    };
    side.write(db)
}

/// [`keep`] only when no wrapped copy exists yet.
pub fn keep_if_missing(db: &Path, key: &DbKey, passphrase: &str) -> Result<()> {
    match super::Sidecar::read(db)? {
        Some(side) if side.passphrase.is_none() => keep(db, key, Some(passphrase)),
        _ => Ok(()),
    }
}

/// Open with the passphrase: unwrap the key kept beside the database at `db`, check it
/// opens the file, and keep it in this computer's key store.
pub fn recover(db: &Path, passphrase: &str) -> Result<super::keystore::Kept> {
    let side = super::Sidecar::read(db)?.ok_or(VaultError::NoPassphraseCopy)?;
    let w = side
        .passphrase
        .as_ref()
        .ok_or(VaultError::NoPassphraseCopy)?;
    let key = unwrap(w, passphrase)?;
    super::adopt_key(db, &key)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A passphrase set before the database was encrypted (no wrapped copy): the first
    /// right passphrase typed at the lock screen makes the copy; a wrong one does not.
    #[test]
    fn a_right_passphrase_makes_the_missing_copy() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join(crate::db::DB_FILE);
        let mut s = crate::Store::open(&db).unwrap();
        crate::applock::set_passphrase(&mut s, None, "rahasia desa", "rahasia desa", 10).unwrap();
        let mut side = super::super::Sidecar::read(&db).unwrap().unwrap();
        side.passphrase = None;
        side.write(&db).unwrap();
        assert!(!crate::applock::verify(&s, "salah").unwrap());
        assert!(super::super::Sidecar::read(&db)
            .unwrap()
            .unwrap()
            .passphrase
            .is_none());
        assert!(crate::applock::verify(&s, "rahasia desa").unwrap());
        let w = super::super::Sidecar::read(&db)
            .unwrap()
            .unwrap()
            .passphrase
            .unwrap();
        assert_eq!(&unwrap(&w, "rahasia desa").unwrap(), s.key().unwrap());
    }

    #[test]
    fn wrap_and_unwrap() {
        let k = DbKey::random();
        let w = wrap(&k, "kata sandi rahasia").unwrap();
        assert_eq!(unwrap(&w, "kata sandi rahasia").unwrap(), k);
        let e = unwrap(&w, "kata sandi salah").unwrap_err();
        assert!(matches!(
            e.domain::<VaultError>(),
            Some(VaultError::PassphraseWrong)
        ));
        assert!(!serde_json::to_string(&w).unwrap().contains(&*k.hex()));
    }
}
