//! The database at rest. The database file, its WAL and every backup are encrypted with
//! SQLCipher under one random 256-bit key per data folder. This module decides where that
//! key lives and how it comes back when it is lost:
//!
//! - the operating system's store for this user (Windows Credential Manager, macOS
//!   Keychain, the Secret Service), or a key file readable only by the user outside the
//!   data folder where no such store exists ([`keystore`]);
//! - wrapped by the app passphrase (Argon2id), so the folder opens on another computer
//!   ([`passphrase`]);
//! - encrypted to headquarters' public key (age), beside the database and inside every
//!   data file, so headquarters can give it back ([`escrow`]);
//! - a recovery file the user saves to a USB stick ([`DbKey::recovery_text`]).
//!
//! Beside the database lies `plm-desk.sqlite3.keys.json` ([`Sidecar`]): no secret in it,
//! only which key this is (a check value), where it is kept, and the wrapped copies.
//! A plain database from an older version is encrypted in place on the first start
//! ([`convert`]).

pub mod convert;
mod error;
pub mod escrow;
pub mod keystore;
pub mod passphrase;

pub use error::VaultError;

use crate::error::Result;
use crate::files::write_private_atomic;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use zeroize::Zeroizing;

/// The first bytes of every plain SQLite file.
const PLAIN_HEADER: &[u8; 16] = b"SQLite format 3\0";
/// Prefix of a recovery key as the user sees it.
const RECOVERY_PREFIX: &str = "PLMK";

/// One database key: 32 random bytes, wiped from memory when dropped, never printed.
#[derive(Clone)]
pub struct DbKey(Zeroizing<[u8; 32]>);

impl std::fmt::Debug for DbKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DbKey(…)")
    }
}

impl PartialEq for DbKey {
    fn eq(&self, other: &Self) -> bool {
        // not secret-dependent timing that matters here: both sides are the user's own
        self.0[..] == other.0[..]
    }
}

impl DbKey {
    pub fn random() -> DbKey {
        let mut k = Zeroizing::new([0u8; 32]);
        getrandom::getrandom(&mut k[..]).expect("the operating system's random source");
        DbKey(k)
    }

    pub fn from_bytes(bytes: &[u8]) -> Option<DbKey> {
        let arr: [u8; 32] = bytes.try_into().ok()?;
        Some(DbKey(Zeroizing::new(arr)))
    }

    pub fn bytes(&self) -> &[u8; 32] {
        &self.0
    }

    pub(crate) fn hex(&self) -> Zeroizing<String> {
        Zeroizing::new(hex::encode(&self.0[..]))
    }

    pub(crate) fn from_hex(text: &str) -> Option<DbKey> {
        let bytes = Zeroizing::new(hex::decode(text.trim()).ok()?);
        DbKey::from_bytes(&bytes)
    }

    /// SQLCipher's raw-key form `x'…'`: the key is used as is (no slow derivation at
    /// every start: it is random, not a password).
    pub(crate) fn sql_literal(&self) -> Zeroizing<String> {
        Zeroizing::new(format!("x'{}'", self.hex().as_str()))
    }

    /// A short value that tells which key this is without revealing it.
    pub fn check(&self) -> String {
        let mut h = Sha256::new();
        h.update(b"plm-desk database key check\0");
        h.update(&self.0[..]);
        hex::encode(&h.finalize()[..8])
    }

    /// The key as a person can keep it: `PLMK-` and 17 groups of four hex digits (the
    /// key and a 2-byte checksum), so a mistyped character is caught.
    pub fn recovery_text(&self) -> Zeroizing<String> {
        let mut all = Zeroizing::new(self.0.to_vec());
        all.extend_from_slice(&Sha256::digest(&self.0[..])[..2]);
        let hexed = Zeroizing::new(hex::encode_upper(&all[..]));
        let groups: Vec<&str> = hexed
            .as_bytes()
            .chunks(4)
            .map(|c| std::str::from_utf8(c).expect("hex"))
            .collect();
        Zeroizing::new(format!("{RECOVERY_PREFIX}-{}", groups.join("-")))
    }

    /// Read a recovery key typed or pasted by a person, or the whole text of a recovery
    /// file: the line that starts with `PLMK`.
    pub fn parse_recovery(text: &str) -> std::result::Result<DbKey, VaultError> {
        let line = text
            .lines()
            .map(str::trim)
            .find(|l| l.to_ascii_uppercase().starts_with(RECOVERY_PREFIX))
            .unwrap_or(text.trim());
        let upper = line.to_ascii_uppercase();
        let body = upper.strip_prefix(RECOVERY_PREFIX).unwrap_or(&upper);
        let digits: Zeroizing<String> = Zeroizing::new(
            body.chars()
                .filter(|c| !matches!(c, '-' | ' ' | '\t'))
                .collect(),
        );
        let bytes = Zeroizing::new(
            hex::decode(digits.as_str()).map_err(|_| VaultError::RecoveryUnreadable)?,
        );
        if bytes.len() != 34 {
            return Err(VaultError::RecoveryUnreadable);
        }
        let key = DbKey::from_bytes(&bytes[..32]).ok_or(VaultError::RecoveryUnreadable)?;
        if Sha256::digest(&bytes[..32])[..2] != bytes[32..] {
            return Err(VaultError::RecoveryMistyped);
        }
        Ok(key)
    }
}

/// The text of a recovery file (saved to a USB stick).
pub fn recovery_file_text(key: &DbKey, label: &str) -> Zeroizing<String> {
    Zeroizing::new(format!(
        "PLM Desk: kunci pemulihan basis data / database recovery key\n\
         Data: {label}\n\
         Simpan berkas ini di tempat aman, terpisah dari laptop. / Keep this file safe, apart from the laptop.\n\
         \n{}\n",
        key.recovery_text().as_str()
    ))
}

// ------------------------------------------------------------------ the sidecar file

/// What lies beside the database: which key it is and its wrapped copies (no secret).
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize, PartialEq)]
pub struct Sidecar {
    pub format: u32,
    /// Names the key in the key store (one data folder, one id).
    pub store_id: String,
    /// [`DbKey::check`] of the key.
    pub check: String,
    /// Where the key was kept: `system` or `file`.
    pub kept: String,
    /// The key wrapped by the app passphrase, when one is set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub passphrase: Option<passphrase::Wrapped>,
    /// The key encrypted to headquarters, when headquarters' key is known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub escrow: Option<escrow::Escrowed>,
}

/// `plm-desk.sqlite3` → `plm-desk.sqlite3.keys.json`.
pub fn sidecar_path(db: &Path) -> PathBuf {
    let mut name = db.file_name().unwrap_or_default().to_os_string();
    name.push(".keys.json");
    db.with_file_name(name)
}

impl Sidecar {
    pub fn read(db: &Path) -> Result<Option<Sidecar>> {
        let path = sidecar_path(db);
        match std::fs::read(&path) {
            Ok(bytes) => serde_json::from_slice(&bytes)
                .map(Some)
                .map_err(|_| VaultError::SidecarUnreadable.into()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    /// Written whole under a temporary name, synced, then renamed.
    pub fn write(&self, db: &Path) -> Result<()> {
        let path = sidecar_path(db);
        let bytes = serde_json::to_vec_pretty(self).expect("json");
        write_private_atomic(&path, &bytes)
    }
}

// ------------------------------------------------------------------ opening

/// What a database file on disk is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FileKind {
    /// Not there, or empty (a fresh database).
    Absent,
    /// A plain SQLite file (an older version's, or a backup made by one).
    Plain,
    /// Anything else: an encrypted file (or a damaged one; only the key tells).
    Encrypted,
}

pub fn file_kind(path: &Path) -> std::io::Result<FileKind> {
    use std::io::Read;
    let mut f = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(FileKind::Absent),
        Err(e) => return Err(e),
    };
    let mut head = [0u8; 16];
    let mut got = 0;
    while got < 16 {
        let n = f.read(&mut head[got..])?;
        if n == 0 {
            break;
        }
        got += n;
    }
    Ok(match got {
        0 => FileKind::Absent,
        16 if &head == PLAIN_HEADER => FileKind::Plain,
        _ => FileKind::Encrypted,
    })
}

/// The key that opens the database at `db`, found (or made, for a new or plain
/// database) the way every program of this app finds it. Never creates a key for an
/// encrypted file it cannot open: that is [`VaultError::KeyMissing`].
pub fn key_for(db: &Path) -> Result<DbKey> {
    if let Some(key) = existing_key(db)? {
        return Ok(key);
    }
    match file_kind(db)? {
        FileKind::Encrypted => Err(VaultError::KeyMissing.into()),
        // a new database, or a plain one about to be encrypted: a new key, kept first
        FileKind::Absent | FileKind::Plain => new_key(db, Sidecar::read(db)?),
    }
}

/// The key this computer keeps for the database at `db`, if any (never makes one).
pub fn existing_key(db: &Path) -> Result<Option<DbKey>> {
    let Some(side) = Sidecar::read(db)? else {
        return Ok(None);
    };
    match keystore::load(&side.store_id, &side.kept)? {
        Some(key) if key.check() != side.check => Err(VaultError::KeyStoreMismatch.into()),
        other => Ok(other),
    }
}

/// Make a key, keep it in the key store, then describe it in the sidecar (a crash in
/// between leaves an unused key in the store and no database encrypted with it).
fn new_key(db: &Path, old: Option<Sidecar>) -> Result<DbKey> {
    let key = DbKey::random();
    let store_id = crate::ids::new_id();
    let kept = keystore::save(&store_id, &key)?;
    let side = Sidecar {
        format: 1,
        store_id,
        check: key.check(),
        kept: kept.as_str().to_string(),
        // a wrapped copy of another key is of no use any more
        passphrase: None,
        escrow: None,
    };
    let _ = old;
    side.write(db)?;
    log::info!("database key made, kept in the {} store", kept.as_str());
    Ok(key)
}

/// Take a key the user brought back (a recovery key, headquarters' answer, or the one
/// unwrapped by the passphrase) after checking that it opens the database at `db`;
/// keep it in this computer's key store and describe it beside the database.
pub fn adopt_key(db: &Path, key: &DbKey) -> Result<keystore::Kept> {
    if !opens(db, key)? {
        return Err(VaultError::KeyDoesNotOpen.into());
    }
    let old = Sidecar::read(db).ok().flatten();
    let store_id = old
        .as_ref()
        .map(|s| s.store_id.clone())
        .unwrap_or_else(crate::ids::new_id);
    let kept = keystore::save(&store_id, key)?;
    let mut side = old.unwrap_or_default();
    if side.check != key.check() {
        side.passphrase = None;
        side.escrow = None;
    }
    side.format = 1;
    side.store_id = store_id;
    side.check = key.check();
    side.kept = kept.as_str().to_string();
    side.write(db)?;
    log::info!(
        "database key brought back, kept in the {} store",
        kept.as_str()
    );
    Ok(kept)
}

/// Save the recovery file of the database at `db` to `out` (a USB stick): the key as a
/// person can type it. Written whole or not at all.
pub fn save_recovery_file(db: &Path, out: &Path) -> Result<()> {
    let key = existing_key(db)?.ok_or(VaultError::KeyMissing)?;
    let label = format!(
        "{} ({})",
        db.display(),
        chrono::Utc::now().format("%Y-%m-%d")
    );
    write_recovery_file(out, &key, &label)?;
    log::info!("recovery file saved");
    Ok(())
}

/// A recovery file for `key` at `out`, readable only by this user, written whole.
pub fn write_recovery_file(out: &Path, key: &DbKey, label: &str) -> Result<()> {
    let text = recovery_file_text(key, label);
    write_private_atomic(out, text.as_bytes())
}

/// Open with a recovery key (typed, pasted, or a recovery file's text): check that it
/// opens the database at `db`, then keep it on this computer.
pub fn unlock_with_recovery(db: &Path, text: &str) -> Result<keystore::Kept> {
    let key = DbKey::parse_recovery(text)?;
    adopt_key(db, &key)
}

/// Whether `key` opens the encrypted database (or backup) at `path`.
pub fn opens(path: &Path, key: &DbKey) -> Result<bool> {
    let conn = rusqlite::Connection::open_with_flags(
        path,
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    apply_key(&conn, key)?;
    let r: rusqlite::Result<i64> =
        conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0));
    match r {
        Ok(_) => Ok(true),
        Err(e) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::NotADatabase) => Ok(false),
        Err(e) => Err(e.into()),
    }
}

/// The page size of the encrypted files this version makes: 8 KiB. A signed check-in's
/// signature row (a 2.2 KB PNG and its columns) fills most of a 4 KiB page, so each took
/// a page of its own; 8 KiB pages hold three. Headquarters' database of 33 venues is a
/// quarter smaller, and a batch writes (and encrypts) a quarter less.
pub const PAGE_SIZE: u32 = 8192;

/// SQLCipher's default, which every database and backup made before 2026-12-03 has.
/// Such files keep it: [`apply_key`] finds which of the two a file has.
pub const LEGACY_PAGE_SIZE: u32 = 4096;

/// The first statement on a connection to an encrypted file: the key, and the file's
/// page size (SQLCipher cannot read it from the file without the key; a new or empty
/// file gets [`PAGE_SIZE`]).
pub fn apply_key(conn: &rusqlite::Connection, key: &DbKey) -> Result<()> {
    let size = match conn.path().filter(|p| !p.is_empty()) {
        Some(path) => page_size_of(Path::new(path), key)?,
        None => PAGE_SIZE,
    };
    apply_key_sized(conn, key, size)
}

/// [`apply_key`] with the page size given: a backup's copy must have its source's.
pub fn apply_key_sized(conn: &rusqlite::Connection, key: &DbKey, page_size: u32) -> Result<()> {
    let lit = key.sql_literal();
    // SQLCipher writes its own diagnostics to stderr (a wrong key: "hmac check failed");
    // the app reports errors itself
    conn.execute_batch("PRAGMA cipher_log_level = NONE;")?;
    conn.execute_batch(&Zeroizing::new(format!(
        "PRAGMA key = \"{}\";",
        lit.as_str()
    )))?;
    conn.execute_batch(&format!("PRAGMA cipher_page_size = {page_size};"))?;
    Ok(())
}

/// The page size of the database open on `conn` (SQLCipher answers `PRAGMA page_size`
/// of an encrypted file as text, SQLite as a number).
pub fn page_size(conn: &rusqlite::Connection) -> Result<u32> {
    use rusqlite::types::Value;
    let v: Value = conn.query_row("PRAGMA page_size", [], |r| r.get(0))?;
    let n = match v {
        Value::Integer(n) => u32::try_from(n).ok(),
        Value::Text(t) => t.trim().parse().ok(),
        _ => None,
    };
    n.ok_or_else(|| crate::Error::Corrupt("the database's page size is not a number".into()))
}

/// Which page size opens the encrypted file at `path` with `key`: each is tried on a
/// read-only connection of its own (reading the first page changes nothing, WAL
/// included). A new or empty file: [`PAGE_SIZE`]. When neither opens it (a wrong key,
/// a damaged file), the legacy size, so the caller's own read says what is wrong.
pub fn page_size_of(path: &Path, key: &DbKey) -> Result<u32> {
    if file_kind(path)? == FileKind::Absent {
        return Ok(PAGE_SIZE);
    }
    for size in [PAGE_SIZE, LEGACY_PAGE_SIZE] {
        let conn = rusqlite::Connection::open_with_flags(
            path,
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        apply_key_sized(&conn, key, size)?;
        match conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
            r.get::<_, i64>(0)
        }) {
            Ok(_) => return Ok(size),
            Err(e) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::NotADatabase) => {}
            Err(e) => return Err(e.into()),
        }
    }
    Ok(LEGACY_PAGE_SIZE)
}

/// Where the key of the database at `db` is, for `doctor` and the window.
#[derive(Debug, Clone, serde::Serialize, PartialEq)]
pub struct KeyReport {
    /// `system` (the operating system's store), `file` (a private key file), `none`.
    pub key_store: String,
    /// The key file's path when `key_store` is `file`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key_file: Option<String>,
    /// The key is also kept encrypted to headquarters.
    pub escrow: bool,
    /// The key is also kept wrapped by the app passphrase.
    pub passphrase_wrapped: bool,
    pub encrypted: bool,
    pub backups_encrypted: bool,
}

impl KeyReport {
    /// An in-memory database: nothing on disk, nothing to protect.
    pub fn in_memory() -> KeyReport {
        KeyReport {
            key_store: "none".into(),
            key_file: None,
            escrow: false,
            passphrase_wrapped: false,
            encrypted: false,
            backups_encrypted: true,
        }
    }

    /// One line per fact, for `plm-desk doctor` and the window.
    pub fn lines(&self) -> String {
        let store = match self.key_store.as_str() {
            "system" => "the system's key store (Credential Manager / Keychain / Secret Service)"
                .to_string(),
            "file" => format!(
                "a key file readable only by this user: {} (no system key store answered)",
                self.key_file.as_deref().unwrap_or("?")
            ),
            _ => "not on this computer".to_string(),
        };
        format!(
            "encrypted: {}
backups encrypted: {}
key kept in: {store}
key escrowed to headquarters: {}
key wrapped by the app passphrase: {}",
            yes(self.encrypted),
            yes(self.backups_encrypted),
            yes(self.escrow),
            yes(self.passphrase_wrapped)
        )
    }
}

fn yes(b: bool) -> &'static str {
    if b {
        "yes"
    } else {
        "no"
    }
}

pub fn report(db: &Path) -> Result<KeyReport> {
    let side = Sidecar::read(db).ok().flatten();
    let key_store = match &side {
        Some(s)
            if keystore::load(&s.store_id, &s.kept)
                .ok()
                .flatten()
                .is_some() =>
        {
            s.kept.clone()
        }
        _ => "none".to_string(),
    };
    let key_file = match (&side, key_store.as_str()) {
        (Some(s), "file") => Some(keystore::file_path(&s.store_id).display().to_string()),
        _ => None,
    };
    let backups = db.parent().map(|d| d.join("backups"));
    let backups_encrypted = match backups {
        Some(dir) => convert::plain_backups(&dir).is_empty(),
        None => true,
    };
    Ok(KeyReport {
        key_store,
        key_file,
        escrow: side.as_ref().is_some_and(|s| s.escrow.is_some()),
        passphrase_wrapped: side.as_ref().is_some_and(|s| s.passphrase.is_some()),
        encrypted: file_kind(db)? == FileKind::Encrypted,
        backups_encrypted,
    })
}

#[cfg(test)]
mod tests;
