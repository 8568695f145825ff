//! What can be wrong with a learning note or an impact story, in both languages.

use crate::error::Localized;
use crate::i18n::Lang;

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum NoteError {
    /// A required text left empty (`field` in English, `id_name` in Indonesian).
    #[error("the {field} is required")]
    Required {
        field: &'static str,
        id_name: &'static str,
    },
    #[error("the {field} is too long (at most {max} characters)")]
    TooLong {
        field: &'static str,
        id_name: &'static str,
        max: usize,
    },
    /// No kind chosen for a note.
    #[error("no kind of note chosen")]
    NoKind,
    #[error("unknown note kind {0}")]
    UnknownKind(String),
    /// A story names a person who has not given consent (their name, shown to the
    /// facilitator who is looking at them).
    #[error("the person named has not given consent")]
    NoConsent(String),
}

crate::domain_error!(NoteError);

impl Localized for NoteError {
    fn code(&self) -> &'static str {
        match self {
            NoteError::Required { .. } => "note.required",
            NoteError::TooLong { .. } => "note.too_long",
            NoteError::NoKind => "note.no_kind",
            NoteError::UnknownKind(_) => "note.unknown_kind",
            NoteError::NoConsent(_) => "note.no_consent",
        }
    }

    fn field(&self) -> Option<&'static str> {
        match self {
            NoteError::Required { field, .. } | NoteError::TooLong { field, .. } => Some(field),
            NoteError::NoKind | NoteError::UnknownKind(_) => Some("kind"),
            NoteError::NoConsent(_) => Some("consent"),
        }
    }

    fn message(&self, lang: Lang) -> String {
        match self {
            NoteError::Required { field, id_name } => lang.pick(
                format!("Isi {id_name} terlebih dahulu."),
                format!("Please fill in the {field}."),
            ),
            NoteError::TooLong { field, id_name, max } => lang.pick(
                format!("Isian {id_name} terlalu panjang (paling banyak {max} karakter)."),
                format!("The {field} is too long (at most {max} characters)."),
            ),
            NoteError::NoKind => lang.pick(
                "Pilih jenis catatan: capaian, kendala, solusi atau area perbaikan.".into(),
                "Choose the kind of note: achievement, obstacle, solution or area of improvement.".into(),
            ),
            NoteError::UnknownKind(v) => lang.pick(
                format!("Jenis catatan \"{v}\" tidak dikenal (capaian, kendala, solusi, area perbaikan)."),
                format!("Unknown note kind \"{v}\" (achievement, obstacle, solution, area of improvement)."),
            ),
            NoteError::NoConsent(name) => lang.pick(
                format!("{name} belum memberi persetujuan data pribadi. Minta persetujuannya di meja registrasi dahulu, atau tulis kisahnya tanpa nama."),
                format!("{name} has not given consent for personal data. Ask for consent at the desk first, or write the story without a name."),
            ),
        }
    }
}
