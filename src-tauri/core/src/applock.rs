//! The optional app passphrase: with it set, the window opens locked and locks itself
//! after a chosen number of idle minutes, so a laptop left on the registration table
//! does not show the participants' data to whoever sits down.
//!
//! Only an Argon2id hash is stored, in this laptop's settings (never in the data file).
//! The lock guards the window; the database file itself is encrypted (`vault`), and
//! setting a passphrase also keeps the database key wrapped by it.

use crate::db::Store;
use crate::error::{Localized, Result};
use crate::i18n::Lang;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use serde::Serialize;

pub const MIN_LEN: usize = 6;
pub const MAX_LEN: usize = 128;
pub const MIN_MINUTES: u32 = 1;
pub const MAX_MINUTES: u32 = 240;
pub const DEFAULT_MINUTES: u32 = 10;

const KEY_HASH: crate::settings::Key = crate::settings::Key::LockHash;
const KEY_MINUTES: crate::settings::Key = crate::settings::Key::LockMinutes;

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum LockError {
    #[error("wrong passphrase")]
    Wrong,
    #[error("the passphrase is shorter than {MIN_LEN} characters")]
    TooShort,
    #[error("the passphrase is longer than {MAX_LEN} characters")]
    TooLong,
    #[error("the two passphrases differ")]
    Mismatch,
    #[error("minutes must be {MIN_MINUTES}..{MAX_MINUTES}: {0}")]
    BadMinutes(u32),
    #[error("no passphrase is set")]
    NotSet,
    #[error("the window is locked")]
    Locked,
    #[error("too many wrong tries, wait {0} s")]
    TooManyTries(u64),
}

crate::domain_error!(LockError);

impl Localized for LockError {
    fn code(&self) -> &'static str {
        use LockError::*;
        match self {
            Wrong => "lock.wrong",
            TooShort => "lock.too_short",
            TooLong => "lock.too_long",
            Mismatch => "lock.mismatch",
            BadMinutes(_) => "lock.bad_minutes",
            NotSet => "lock.not_set",
            Locked => "app.locked",
            TooManyTries(_) => "lock.too_many_tries",
        }
    }

    fn message(&self, lang: Lang) -> String {
        use LockError::*;
        match self {
            Wrong => lang.pick("Kata sandi salah.".into(), "Wrong passphrase.".into()),
            TooShort => lang.pick(
                format!("Kata sandi terlalu pendek: paling sedikit {MIN_LEN} karakter."),
                format!("The passphrase is too short: at least {MIN_LEN} characters."),
            ),
            TooLong => lang.pick(
                format!("Kata sandi terlalu panjang: paling banyak {MAX_LEN} karakter."),
                format!("The passphrase is too long: at most {MAX_LEN} characters."),
            ),
            Mismatch => lang.pick(
                "Kedua kata sandi tidak sama. Ketik ulang.".into(),
                "The two passphrases are not the same. Type them again.".into(),
            ),
            BadMinutes(m) => lang.pick(
                format!("Waktu kunci {m} menit tidak bisa dipakai: pilih {MIN_MINUTES} sampai {MAX_MINUTES} menit."),
                format!("A lock time of {m} minutes cannot be used: choose {MIN_MINUTES} to {MAX_MINUTES} minutes."),
            ),
            NotSet => lang.pick("Belum ada kata sandi aplikasi.".into(), "No app passphrase is set.".into()),
            Locked => lang.pick(
                "PLM Desk terkunci. Ketik kata sandi untuk membuka.".into(),
                "PLM Desk is locked. Type the passphrase to open it.".into(),
            ),
            TooManyTries(s) => lang.pick(
                format!("Terlalu banyak percobaan yang salah. Tunggu {s} detik lalu coba lagi."),
                format!("Too many wrong tries. Wait {s} seconds and try again."),
            ),
        }
    }
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct LockSettings {
    /// A passphrase is set: the window opens locked and locks when idle.
    pub enabled: bool,
    /// Idle minutes before the window locks.
    pub minutes: u32,
}

pub fn settings(store: &Store) -> Result<LockSettings> {
    let enabled = crate::settings::get(store, KEY_HASH)?.is_some();
    let minutes = crate::settings::get(store, KEY_MINUTES)?
        .and_then(|m| m.parse().ok())
        .filter(|m| (MIN_MINUTES..=MAX_MINUTES).contains(m))
        .unwrap_or(DEFAULT_MINUTES);
    Ok(LockSettings { enabled, minutes })
}

fn check_new(new: &str, repeat: &str) -> Result<(), LockError> {
    let n = new.chars().count();
    if n < MIN_LEN {
        return Err(LockError::TooShort);
    }
    if n > MAX_LEN {
        return Err(LockError::TooLong);
    }
    if new != repeat {
        return Err(LockError::Mismatch);
    }
    Ok(())
}

fn hash(passphrase: &str) -> Result<String> {
    let mut salt = [0u8; 16];
    getrandom::getrandom(&mut salt).map_err(|e| std::io::Error::other(e.to_string()))?;
    let salt = SaltString::encode_b64(&salt).map_err(|e| std::io::Error::other(e.to_string()))?;
    let phc = Argon2::default()
        .hash_password(passphrase.as_bytes(), &salt)
        .map_err(|e| std::io::Error::other(e.to_string()))?;
    Ok(phc.to_string())
}

/// Whether `passphrase` is the one set (false when none is set).
pub fn verify(store: &Store, passphrase: &str) -> Result<bool> {
    let Some(stored) = crate::settings::get(store, KEY_HASH)? else {
        return Ok(false);
    };
    if passphrase.len() > MAX_LEN * 4 {
        return Ok(false);
    }
    let Ok(parsed) = PasswordHash::new(&stored) else {
        return Ok(false);
    };
    let right = Argon2::default()
        .verify_password(passphrase.as_bytes(), &parsed)
        .is_ok();
    if right {
        // a passphrase set before the database was encrypted has no wrapped copy of the
        // key yet: the first right passphrase makes it
        if let (Some(path), Some(key)) = (store.path(), store.key()) {
            if let Err(e) = crate::vault::passphrase::keep_if_missing(path, key, passphrase) {
                log::warn!("passphrase copy of the key not kept: {}", e.code());
            }
        }
    }
    Ok(right)
}

fn require_current(store: &Store, current: Option<&str>) -> Result<()> {
    if settings(store)?.enabled && !verify(store, current.unwrap_or(""))? {
        return Err(LockError::Wrong.into());
    }
    Ok(())
}

/// Set or change the passphrase (the current one is needed when one is set) and the
/// idle minutes.
pub fn set_passphrase(
    store: &mut Store,
    current: Option<&str>,
    new: &str,
    repeat: &str,
    minutes: u32,
) -> Result<LockSettings> {
    if !(MIN_MINUTES..=MAX_MINUTES).contains(&minutes) {
        return Err(LockError::BadMinutes(minutes).into());
    }
    check_new(new, repeat)?;
    require_current(store, current)?;
    let phc = hash(new)?;
    store.write(|tx| {
        crate::settings::put(tx, KEY_HASH, &phc)?;
        crate::settings::put(tx, KEY_MINUTES, &minutes.to_string())
    })?;
    log::info!("app passphrase set, lock after {minutes} min");
    keep_wrapped_key(store, Some(new))?;
    settings(store)
}

/// Change only the idle minutes (the passphrase is needed).
pub fn set_minutes(store: &mut Store, current: &str, minutes: u32) -> Result<LockSettings> {
    if !settings(store)?.enabled {
        return Err(LockError::NotSet.into());
    }
    if !(MIN_MINUTES..=MAX_MINUTES).contains(&minutes) {
        return Err(LockError::BadMinutes(minutes).into());
    }
    require_current(store, Some(current))?;
    store.write(|tx| crate::settings::put(tx, KEY_MINUTES, &minutes.to_string()))?;
    settings(store)
}

/// Turn the lock off (the passphrase is needed).
pub fn clear(store: &mut Store, current: &str) -> Result<()> {
    if !settings(store)?.enabled {
        return Err(LockError::NotSet.into());
    }
    require_current(store, Some(current))?;
    clear_forgotten(store)
}

/// Turn the lock off without the passphrase: `plm-desk lock clear`, for someone who
/// can already run programs as this laptop's user (and so read the file anyway).
pub fn clear_forgotten(store: &mut Store) -> Result<()> {
    store.write(|tx| {
        crate::settings::remove(tx, KEY_HASH)?;
        crate::settings::remove(tx, KEY_MINUTES)
    })?;
    log::info!("app passphrase removed");
    keep_wrapped_key(store, None)
}

/// The database key wrapped by the passphrase beside the database (or that copy removed
/// with the passphrase), so the data folder opens with it on another computer.
fn keep_wrapped_key(store: &Store, passphrase: Option<&str>) -> Result<()> {
    match (store.path(), store.key()) {
        (Some(path), Some(key)) => crate::vault::passphrase::keep(path, key, passphrase),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(r: Result<impl std::fmt::Debug>) -> &'static str {
        r.expect_err("refused").code()
    }

    #[test]
    fn set_verify_change_and_clear() {
        let mut s = Store::open_in_memory().unwrap();
        assert_eq!(
            settings(&s).unwrap(),
            LockSettings {
                enabled: false,
                minutes: DEFAULT_MINUTES
            }
        );
        assert!(!verify(&s, "anything").unwrap());
        assert_eq!(
            code(set_passphrase(&mut s, None, "pendek", "pendex", 10)),
            "lock.mismatch"
        );
        assert_eq!(
            code(set_passphrase(&mut s, None, "abc", "abc", 10)),
            "lock.too_short"
        );
        assert_eq!(
            code(set_passphrase(&mut s, None, "banjarbaru", "banjarbaru", 0)),
            "lock.bad_minutes"
        );
        assert_eq!(
            code(set_passphrase(
                &mut s,
                None,
                "banjarbaru",
                "banjarbaru",
                241
            )),
            "lock.bad_minutes"
        );
        let long = "x".repeat(MAX_LEN + 1);
        assert_eq!(
            code(set_passphrase(&mut s, None, &long, &long, 10)),
            "lock.too_long"
        );
        assert!(
            !settings(&s).unwrap().enabled,
            "refused calls changed nothing"
        );

        let st = set_passphrase(&mut s, None, "banjarbaru 2022", "banjarbaru 2022", 5).unwrap();
        assert_eq!(
            st,
            LockSettings {
                enabled: true,
                minutes: 5
            }
        );
        assert!(verify(&s, "banjarbaru 2022").unwrap());
        assert!(!verify(&s, "banjarbaru 2023").unwrap());
        assert!(!verify(&s, "").unwrap());
        // only the hash is stored
        let stored: String = s
            .conn()
            .query_row(
                "SELECT value FROM settings WHERE key='lock_hash'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert!(stored.starts_with("$argon2id$") && !stored.contains("banjarbaru"));

        // changing needs the current passphrase
        assert_eq!(
            code(set_passphrase(&mut s, None, "martapura", "martapura", 5)),
            "lock.wrong"
        );
        assert_eq!(
            code(set_passphrase(
                &mut s,
                Some("salah sekali"),
                "martapura",
                "martapura",
                5
            )),
            "lock.wrong"
        );
        set_passphrase(
            &mut s,
            Some("banjarbaru 2022"),
            "martapura",
            "martapura",
            15,
        )
        .unwrap();
        assert!(verify(&s, "martapura").unwrap() && !verify(&s, "banjarbaru 2022").unwrap());
        assert_eq!(code(set_minutes(&mut s, "salah sekali", 30)), "lock.wrong");
        assert_eq!(set_minutes(&mut s, "martapura", 30).unwrap().minutes, 30);

        assert_eq!(code(clear(&mut s, "salah sekali")), "lock.wrong");
        clear(&mut s, "martapura").unwrap();
        assert_eq!(
            settings(&s).unwrap(),
            LockSettings {
                enabled: false,
                minutes: DEFAULT_MINUTES
            }
        );
        assert_eq!(code(clear(&mut s, "martapura")), "lock.not_set");
    }

    #[test]
    fn messages_in_both_languages() {
        for e in [
            LockError::Wrong,
            LockError::TooShort,
            LockError::Locked,
            LockError::TooManyTries(30),
        ] {
            assert_ne!(e.message(Lang::Id), e.message(Lang::En));
            assert!(!e.message(Lang::Id).is_empty());
        }
    }
}
