//! What can be wrong with a participant, in both languages.

use crate::error::Localized;
use crate::fields::FieldProblem;
use crate::i18n::Lang;

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum ParticipantError {
    #[error("the name is required")]
    NameRequired,
    #[error("{field} is too long")]
    TooLong { field: &'static str, max: usize },
    #[error("invalid {field} {value:?}: {reason:?}")]
    Invalid {
        field: &'static str,
        value: String,
        reason: FieldProblem,
    },
    #[error("already registered as {name} ({code})")]
    Duplicate {
        name: String,
        code: String,
        id: String,
    },
    #[error("participant erased")]
    Erased,
}

crate::domain_error!(ParticipantError);

fn field_id(f: &str) -> &str {
    match f {
        "name" => "nama",
        "gender" => "jenis kelamin",
        "category" => "kategori",
        "institution" => "instansi",
        "position" => "jabatan",
        "regency" => "kabupaten/kota",
        "village" => "desa",
        "phone" => "nomor HP",
        "email" => "e-mail",
        "disability" => "disabilitas",
        other => other,
    }
}

impl Localized for ParticipantError {
    fn code(&self) -> &'static str {
        match self {
            ParticipantError::NameRequired => "participant.name_required",
            ParticipantError::TooLong { .. } => "participant.too_long",
            ParticipantError::Invalid { .. } => "participant.invalid_field",
            ParticipantError::Duplicate { .. } => "participant.duplicate",
            ParticipantError::Erased => "participant.erased",
        }
    }
    fn message(&self, lang: Lang) -> String {
        match self {
            ParticipantError::NameRequired => lang.pick("Nama peserta wajib diisi.".into(), "The participant's name is required.".into()),
            ParticipantError::TooLong { field, max } => lang.pick(
                format!("Isian {} terlalu panjang (paling banyak {max} karakter).", field_id(field)),
                format!("The {field} is too long (at most {max} characters)."),
            ),
            ParticipantError::Invalid { field, value, reason } => lang.pick(
                format!("{} \"{value}\" tidak valid: {}.", capital(field_id(field)), reason.text(lang)),
                format!("The {field} \"{value}\" is not valid: {}.", reason.text(lang)),
            ),
            ParticipantError::Duplicate { name, code, .. } => lang.pick(
                format!("Peserta ini sudah terdaftar: {name} (kode {code}). Cari namanya untuk check-in."),
                format!("This person is already registered: {name} (code {code}). Search for the name to check in."),
            ),
            ParticipantError::Erased => lang.pick(
                "Data peserta ini sudah dihapus atas permintaan dan tidak dapat diubah.".into(),
                "This participant's data was erased on request and cannot be changed.".into(),
            ),
        }
    }
}

fn capital(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}
