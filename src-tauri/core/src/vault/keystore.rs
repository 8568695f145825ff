//! Where this computer keeps database keys: the operating system's store for this user
//! (Windows Credential Manager, macOS Keychain, the Secret Service on a Linux desktop)
//! or, where none answers (a server, a minimal Linux, `PLM_DESK_KEY_STORE=file`), a key
//! file readable only by the user in the user's configuration folder, never inside the
//! data folder (a copied data folder must not carry its key).

use super::{DbKey, VaultError};
use crate::error::Result;
use std::path::PathBuf;
use zeroize::Zeroizing;

const SERVICE: &str = "PLM Desk database key";

/// Where a key was kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kept {
    System,
    File,
}

impl std::str::FromStr for Kept {
    type Err = ();
    fn from_str(s: &str) -> std::result::Result<Kept, ()> {
        match s {
            "system" => Ok(Kept::System),
            "file" => Ok(Kept::File),
            _ => Err(()),
        }
    }
}

impl Kept {
    pub fn as_str(self) -> &'static str {
        match self {
            Kept::System => "system",
            Kept::File => "file",
        }
    }
}

/// The folder of key files: `PLM_DESK_KEY_DIR`, else the user's configuration folder.
pub fn key_dir() -> PathBuf {
    if let Some(d) = std::env::var_os("PLM_DESK_KEY_DIR") {
        return PathBuf::from(d);
    }
    let base = if cfg!(windows) {
        std::env::var_os("APPDATA").map(PathBuf::from)
    } else if cfg!(target_os = "macos") {
        std::env::var_os("HOME").map(|h| PathBuf::from(h).join("Library/Application Support"))
    } else {
        std::env::var_os("XDG_CONFIG_HOME")
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")))
    };
    base.unwrap_or_else(std::env::temp_dir)
        .join("plm-desk")
        .join("keys")
}

pub fn file_path(store_id: &str) -> PathBuf {
    key_dir().join(format!("{store_id}.key"))
}

fn system_allowed() -> bool {
    std::env::var("PLM_DESK_KEY_STORE").map_or(true, |v| v != "file")
}

/// Keep `key` under `store_id`: in the system's store when it takes it and gives it
/// back, else in a private key file.
pub fn save(store_id: &str, key: &DbKey) -> Result<Kept> {
    if system_allowed() {
        match system::save(store_id, key) {
            Ok(()) => return Ok(Kept::System),
            // only the kind of failure: the store's message could echo what it was given
            Err(why) => log::warn!("system key store unavailable ({why}); using a key file"),
        }
    }
    save_file(store_id, key).map_err(|e| VaultError::KeyStoreUnavailable(e.to_string()))?;
    Ok(Kept::File)
}

fn save_file(store_id: &str, key: &DbKey) -> Result<()> {
    let dir = key_dir();
    std::fs::create_dir_all(&dir)?;
    crate::files::restrict_dir(&dir);
    let text = Zeroizing::new(format!("{}\n", key.hex().as_str()));
    crate::files::write_private_atomic(&file_path(store_id), text.as_bytes())
}

/// The key kept under `store_id` (`kept` says where to look first), or None.
pub fn load(store_id: &str, kept: &str) -> Result<Option<DbKey>> {
    if kept == Kept::System.as_str() && system_allowed() {
        if let Some(k) = system::load(store_id) {
            return Ok(Some(k));
        }
    }
    match std::fs::read_to_string(file_path(store_id)) {
        Ok(text) => {
            let text = Zeroizing::new(text);
            Ok(DbKey::from_hex(&text))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// Remove the key kept under `store_id` from every place (a test of losing it, or a
/// data folder deleted for good).
pub fn forget(store_id: &str) {
    if system_allowed() {
        system::forget(store_id);
    }
    let _ = std::fs::remove_file(file_path(store_id));
}

#[cfg(any(windows, target_os = "macos", unix))]
mod system {
    use super::super::DbKey;

    fn entry(store_id: &str) -> Result<keyring::Entry, String> {
        keyring::Entry::new(super::SERVICE, store_id).map_err(kind)
    }

    fn kind(e: keyring::Error) -> String {
        match e {
            keyring::Error::PlatformFailure(_) => "platform failure".into(),
            keyring::Error::NoStorageAccess(_) => "no storage access".into(),
            keyring::Error::NoEntry => "no entry".into(),
            _ => "other".into(),
        }
    }

    /// Saved and read back (a store that accepts and forgets is no store).
    pub fn save(store_id: &str, key: &DbKey) -> Result<(), String> {
        let e = entry(store_id)?;
        e.set_password(&key.hex()).map_err(kind)?;
        match load(store_id) {
            Some(k) if &k == key => Ok(()),
            _ => Err("read back differs".into()),
        }
    }

    pub fn load(store_id: &str) -> Option<DbKey> {
        let e = entry(store_id).ok()?;
        let text = zeroize::Zeroizing::new(e.get_password().ok()?);
        DbKey::from_hex(&text)
    }

    pub fn forget(store_id: &str) {
        if let Ok(e) = entry(store_id) {
            let _ = e.delete_credential();
        }
    }
}
