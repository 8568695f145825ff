//! The shell's own errors: what goes wrong between the page and the domain crate (a file
//! the user did not choose, a worker thread that stopped), with codes and messages in the
//! user's language like the domain's.

use plm_core::error::Localized;
use plm_core::{ErrorPayload, Lang};

#[derive(Debug, thiserror::Error)]
pub enum ShellError {
    /// The page named a file the user did not choose in this window (a system dialog or a
    /// drop): the window reads and writes only files the user picked.
    #[error("this file was not chosen in the window: {0}")]
    NotChosen(String),
    /// The worker thread doing the work stopped before answering.
    #[error("the work stopped: {0}")]
    Task(String),
    /// A backup named by something other than its file name in the backups folder.
    #[error("not a backup name: {0}")]
    BackupName(String),
    /// A file's content that arrived from the page damaged (not base64); the form field
    /// it came from.
    #[error("the file's content arrived damaged")]
    Garbled(&'static str),
}

plm_core::domain_error!(ShellError);

impl Localized for ShellError {
    fn code(&self) -> &'static str {
        match self {
            ShellError::NotChosen(_) => "app.file_not_chosen",
            ShellError::Task(_) => "app.task_failed",
            ShellError::BackupName(_) => "backup.bad_name",
            ShellError::Garbled(_) => "app.garbled_upload",
        }
    }

    fn field(&self) -> Option<&'static str> {
        match self {
            ShellError::Garbled(field) => Some(field),
            _ => None,
        }
    }

    fn message(&self, lang: Lang) -> String {
        match self {
            ShellError::NotChosen(name) => lang.pick(
                format!("Berkas \"{name}\" tidak dipilih di jendela ini. Pilih berkasnya lagi dengan tombol atau seret ke jendela."),
                format!("The file \"{name}\" was not chosen in this window. Choose it again with the button or drop it onto the window."),
            ),
            ShellError::Task(e) => lang.pick(
                format!("Proses terhenti sebelum selesai ({e}). Tidak ada data yang diubah; coba lagi."),
                format!("The work stopped before it finished ({e}). Nothing was changed; try again."),
            ),
            ShellError::BackupName(name) => lang.pick(
                format!("\"{name}\" bukan nama cadangan di folder cadangan."),
                format!("\"{name}\" is not the name of a backup in the backups folder."),
            ),
            ShellError::Garbled(_) => lang.pick(
                "Isi file rusak saat dikirim.".into(),
                "The file's content arrived damaged.".into(),
            ),
        }
    }
}

impl ShellError {
    pub fn payload(&self, lang: Lang) -> ErrorPayload {
        ErrorPayload::of(self, lang)
    }
}
