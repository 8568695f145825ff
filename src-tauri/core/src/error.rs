//! Errors. Each domain module has its own typed error; this module gathers them into
//! [`Error`], which reaches the UI as `{code, message}` with a message a facilitator
//! understands, in Indonesian or English.

use crate::i18n::Lang;
use rusqlite::ErrorCode;
use serde::Serialize;

/// SQLITE_IOERR_SHMSIZE: the `-shm` file could not be grown.
const SQLITE_IOERR_SHMSIZE: i32 = 10 | (19 << 8);

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What every user-facing error offers: a stable code for programs and a message in
/// the user's language for people.
pub trait Localized {
    fn code(&self) -> &'static str;
    fn message(&self, lang: Lang) -> String;
    /// The input field at fault, when one is (a form focuses and marks it).
    fn field(&self) -> Option<&'static str> {
        None
    }
}

/// A domain module's own error (`EventError`, `SyncError`, …). This module names none of
/// them: each domain turns its error into [`Error`] with [`domain_error!`], so the error
/// vocabulary stays a leaf every module can use without importing the others.
pub trait DomainError: Localized + std::error::Error + Send + Sync + std::any::Any {}

impl<T: Localized + std::error::Error + Send + Sync + std::any::Any> DomainError for T {}

/// `impl From<TheError> for crate::Error`, written once per domain error type.
#[macro_export]
macro_rules! domain_error {
    ($t:ty) => {
        impl From<$t> for $crate::error::Error {
            fn from(e: $t) -> Self {
                $crate::error::Error::Domain(Box::new(e))
            }
        }
    };
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A domain module's error, with its own code and messages.
    #[error("{0}")]
    Domain(Box<dyn DomainError>),
    #[error("{file}: {source}")]
    InFile { file: String, source: Box<Error> },
    #[error("{what} not found: {id}")]
    NotFound { what: &'static str, id: String },
    #[error("the database is damaged: {0}")]
    Corrupt(String),
    /// The database was written by a newer PLM Desk (its schema version is ahead).
    #[error("the database is from a newer version (schema {found}, this build knows {known})")]
    NewerVersion { found: i64, known: usize },
    /// The disk (or the user's quota) is full: SQLite said so, or an I/O error it
    /// reported came from ENOSPC. Nothing of the failed write was kept.
    #[error("the disk is full: {0}")]
    DiskFull(String),
    #[error("database: {0}")]
    Db(#[from] rusqlite::Error),
    #[error("database schema: {0}")]
    Migration(#[from] rusqlite_migration::Error),
    #[error("file: {0}")]
    Io(#[from] std::io::Error),
}

impl Error {
    pub fn not_found(what: &'static str, id: impl Into<String>) -> Error {
        Error::NotFound {
            what,
            id: id.into(),
        }
    }

    /// The same error, naming the file it is about.
    pub fn in_file(self, file: impl Into<String>) -> Error {
        Error::InFile {
            file: file.into(),
            source: Box::new(self),
        }
    }

    pub fn payload(&self, lang: Lang) -> ErrorPayload {
        ErrorPayload::of(self, lang)
    }

    /// The input field at fault, when one is: a form focuses and marks it.
    pub fn field(&self) -> Option<&'static str> {
        match self {
            Error::Domain(e) => e.field(),
            Error::InFile { source, .. } => source.field(),
            _ => None,
        }
    }

    /// The domain error of type `T` inside, if that is what this is (through
    /// [`Error::InFile`] too).
    pub fn domain<T: DomainError>(&self) -> Option<&T> {
        match self {
            Error::Domain(e) => (&**e as &dyn std::any::Any).downcast_ref::<T>(),
            Error::InFile { source, .. } => source.domain::<T>(),
            _ => None,
        }
    }

    fn sqlite_extended_code(&self) -> Option<i32> {
        let e = match self {
            Error::Db(e) => e,
            Error::Migration(rusqlite_migration::Error::RusqliteError { err, .. }) => err,
            _ => return None,
        };
        match e {
            rusqlite::Error::SqliteFailure(f, _) => Some(f.extended_code),
            _ => None,
        }
    }

    /// An I/O failure SQLite reported (it does not say why; the caller may know).
    pub(crate) fn is_sqlite_io_failure(&self) -> bool {
        self.sqlite_code() == Some(ErrorCode::SystemIoFailure)
    }

    fn sqlite_code(&self) -> Option<ErrorCode> {
        match self {
            Error::Db(e) => e.sqlite_error_code(),
            Error::Migration(rusqlite_migration::Error::RusqliteError { err, .. }) => {
                err.sqlite_error_code()
            }
            _ => None,
        }
    }
}

fn what_id(what: &str) -> &str {
    match what {
        "event" => "kegiatan",
        "session" => "sesi",
        "participant" => "peserta",
        "check-in" => "check-in",
        "setting" => "pengaturan",
        "plan" => "rencana tindak lanjut",
        "plan item" => "butir rencana",
        "note" => "catatan",
        "story" => "kisah dampak",
        "award category" => "kategori penghargaan",
        "nominee" => "nominasi",
        "criterion" => "kriteria",
        "judge" => "juri",
        other => other,
    }
}

impl Localized for Error {
    fn field(&self) -> Option<&'static str> {
        Error::field(self)
    }
    fn code(&self) -> &'static str {
        match self {
            Error::Domain(e) => e.code(),
            Error::InFile { source, .. } => source.code(),
            Error::NotFound { .. } => "not_found",
            Error::Corrupt(_) => "storage.corrupt",
            Error::NewerVersion { .. } => "storage.newer_version",
            Error::DiskFull(_) => "storage.disk_full",
            Error::Io(e) if e.kind() == std::io::ErrorKind::NotFound => "file.not_found",
            Error::Io(e) if e.kind() == std::io::ErrorKind::PermissionDenied => {
                "file.permission_denied"
            }
            Error::Io(e) if e.raw_os_error() == Some(28) => "storage.disk_full",
            Error::Io(_) => "file.error",
            Error::Db(_) | Error::Migration(_) => match self.sqlite_code() {
                Some(ErrorCode::DiskFull) => "storage.disk_full",
                // the shared-memory file could not grow: only a full disk does that
                Some(ErrorCode::SystemIoFailure)
                    if self.sqlite_extended_code() == Some(SQLITE_IOERR_SHMSIZE) =>
                {
                    "storage.disk_full"
                }
                // SQLCipher reports a page that fails its HMAC (damaged bytes) as
                // SQLITE_NOMEM to the statement that reads it: that is damage, not memory
                Some(ErrorCode::DatabaseCorrupt)
                | Some(ErrorCode::NotADatabase)
                | Some(ErrorCode::OutOfMemory) => "storage.corrupt",
                Some(ErrorCode::ReadOnly)
                | Some(ErrorCode::CannotOpen)
                | Some(ErrorCode::PermissionDenied) => "storage.cannot_write",
                Some(ErrorCode::DatabaseBusy) | Some(ErrorCode::DatabaseLocked) => "storage.busy",
                _ => "storage.error",
            },
        }
    }

    fn message(&self, lang: Lang) -> String {
        let nothing_changed = lang.pick(
            "Tidak ada data yang diubah.".into(),
            "Nothing was changed.".into(),
        );
        match self {
            Error::Domain(e) => e.message(lang),
            Error::InFile { file, source } => format!("{file}: {}", source.message(lang)),
            Error::NotFound { what, id } => lang.pick(
                format!("Data {} tidak ditemukan ({id}). Mungkin sudah dihapus.", what_id(what)),
                format!("The {what} was not found ({id}). It may have been deleted."),
            ),
            Error::NewerVersion { .. } => lang.pick(
                "Basis data ini dibuat oleh PLM Desk versi yang lebih baru. Pasang versi terbaru PLM Desk (dari Perpusnas) lalu buka lagi. Data tidak diubah; jangan pulihkan cadangan lama.".into(),
                "This database was made by a newer version of PLM Desk. Install the newest PLM Desk (from headquarters) and open it again. Nothing was changed; do not restore an old backup.".into(),
            ),
            Error::Corrupt(_) => lang.pick(
                "Basis data di laptop ini rusak (mungkin karena listrik padam saat disk penuh, atau file tersalin tidak utuh). File yang rusak disimpan, tidak dihapus. Pulihkan dari cadangan terbaru.".into(),
                "The database on this laptop is damaged (perhaps a power cut while the disk was full, or an incomplete copy). The damaged file is kept, not deleted. Restore the newest backup.".into(),
            ),
            Error::DiskFull(_) => lang.pick(
                format!("Disk penuh: perubahan terakhir tidak tersimpan. Data yang sudah tersimpan aman. Kosongkan sebagian ruang di laptop (misalnya pindahkan unduhan atau video ke flashdisk), lalu coba lagi. {nothing_changed}"),
                format!("The disk is full: the last change was not saved. Everything saved before is safe. Free some space on the laptop (for example move downloads or videos to a USB stick), then try again. {nothing_changed}"),
            ),
            Error::Io(e) => match self.code() {
                "storage.disk_full" => lang.pick(
                    "Disk penuh: berkas terakhir tidak tertulis. Data yang sudah tersimpan aman. Kosongkan sebagian ruang lalu coba lagi.".into(),
                    "The disk is full: the last file was not written. Everything saved before is safe. Free some space and try again.".into(),
                ),
                "file.not_found" => lang.pick(format!("File tidak ditemukan: {e}"), format!("File not found: {e}")),
                "file.permission_denied" => lang.pick(
                    format!("Tidak ada izin untuk membuka atau menulis file: {e}"),
                    format!("No permission to open or write the file: {e}"),
                ),
                _ => lang.pick(format!("Gagal membaca/menulis file: {e}"), format!("Could not read or write the file: {e}")),
            },
            Error::Db(_) | Error::Migration(_) => match self.code() {
                "storage.disk_full" => lang.pick(
                    format!("Disk penuh: data terakhir tidak tersimpan. Data yang sudah tersimpan aman. Kosongkan sebagian ruang lalu coba lagi. {nothing_changed}"),
                    format!("The disk is full: the last change was not saved. Everything saved before is safe. Free some space and try again. {nothing_changed}"),
                ),
                "storage.corrupt" => lang.pick(
                    "Basis data rusak. Pulihkan dari cadangan terakhir.".into(),
                    "The database is damaged. Restore it from the latest backup.".into(),
                ),
                "storage.cannot_write" => lang.pick(
                    "Basis data tidak dapat ditulis (folder hanya-baca atau tanpa izin).".into(),
                    "The database cannot be written (read-only folder or no permission).".into(),
                ),
                "storage.busy" => lang.pick(
                    "Basis data sedang dipakai program lain. Tunggu sebentar lalu coba lagi.".into(),
                    "The database is in use by another program. Wait a moment and try again.".into(),
                ),
                _ => lang.pick(format!("Kesalahan basis data: {self}. {nothing_changed}"), format!("Database error: {self}. {nothing_changed}")),
            },
        }
    }
}

/// The JSON shape an error has in the UI and in `--json` output.
#[derive(Debug, Clone, Serialize, serde::Deserialize, PartialEq, Eq)]
pub struct ErrorPayload {
    pub code: String,
    pub message: String,
    /// The input field at fault (`kind`, `title`, …) where one is; absent otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

impl ErrorPayload {
    /// Any error's code, message in `lang` and field, as the UI and `--json` get them.
    pub fn of(e: &(impl Localized + ?Sized), lang: Lang) -> ErrorPayload {
        ErrorPayload {
            code: e.code().to_string(),
            message: e.message(lang),
            field: e.field().map(str::to_string),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payload_json_shape() {
        let e = Error::not_found("event", "abc");
        let v = serde_json::to_value(e.payload(Lang::En)).unwrap();
        assert_eq!(
            v,
            serde_json::json!({"code": "not_found", "message": "The event was not found (abc). It may have been deleted."})
        );
        let v = serde_json::to_value(e.payload(Lang::Id)).unwrap();
        assert_eq!(
            v["message"],
            "Data kegiatan tidak ditemukan (abc). Mungkin sudah dihapus."
        );
        assert_eq!(v.as_object().unwrap().len(), 2);
    }

    #[test]
    fn disk_full_is_recognised() {
        let e = Error::Db(rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_FULL),
            None,
        ));
        assert_eq!(e.code(), "storage.disk_full");
        assert!(e.message(Lang::En).contains("disk is full"));
    }
}
