//! What can be wrong with a follow-up plan, in both languages.

use super::*;

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum PlanError {
    #[error("the {0} is required")]
    Required(&'static str),
    #[error("the {field} is longer than {max} characters")]
    TooLong { field: &'static str, max: usize },
    #[error("unknown strategy: {0}")]
    UnknownStrategy(String),
    #[error("unknown status: {0}")]
    UnknownStatus(String),
    #[error("not a month or date: {0}")]
    BadWhen(String),
    #[error("{value} is outside {from}..{to}")]
    WhenOutOfRange { value: String, from: i32, to: i32 },
    #[error("the item cannot move further")]
    CannotMove,
    #[error("participant {0} is not in this event")]
    UnknownMember(String),
}

crate::domain_error!(PlanError);

fn field_id(f: &str) -> &str {
    match f {
        "institution" => "instansi",
        "activity" => "kegiatan",
        "objective" => "tujuan",
        "target group" => "sasaran",
        "method" => "metode",
        "place" => "tempat",
        "responsible" => "penanggung jawab",
        "resources" => "sumber daya/biaya",
        "funding" => "sumber dana",
        "indicator" => "indikator keberhasilan",
        "notes" => "keterangan",
        other => other,
    }
}

impl Localized for PlanError {
    fn code(&self) -> &'static str {
        use PlanError::*;
        match self {
            Required(_) => "plan.required",
            TooLong { .. } => "plan.too_long",
            UnknownStrategy(_) => "plan.unknown_strategy",
            UnknownStatus(_) => "plan.unknown_status",
            BadWhen(_) => "plan.bad_when",
            WhenOutOfRange { .. } => "plan.when_out_of_range",
            CannotMove => "plan.cannot_move",
            UnknownMember(_) => "plan.unknown_member",
        }
    }

    fn message(&self, lang: Lang) -> String {
        use PlanError::*;
        match self {
            Required(f) => lang.pick(format!("Isi {} terlebih dahulu.", field_id(f)), format!("Please fill in the {f}.")),
            TooLong { field, max } => lang.pick(
                format!("Isian {} terlalu panjang (paling banyak {max} karakter).", field_id(field)),
                format!("The {field} is too long (at most {max} characters)."),
            ),
            UnknownStrategy(s) => lang.pick(
                format!("Strategi \"{s}\" tidak dikenal. Pilih Layanan Informasi, Pelibatan Masyarakat, Advokasi atau Publikasi."),
                format!("Unknown strategy \"{s}\". Choose Information services, Community engagement, Advocacy or Publication."),
            ),
            UnknownStatus(s) => lang.pick(
                format!("Status \"{s}\" tidak dikenal (direncanakan, berjalan, selesai, batal)."),
                format!("Unknown status \"{s}\" (planned, in progress, done, dropped)."),
            ),
            BadWhen(v) => lang.pick(
                format!("Waktu \"{v}\" tidak dikenali. Tulis bulan (2022-08) atau tanggal (2022-08-17), atau rentang (2022-08..2022-10)."),
                format!("\"{v}\" is not a month or date. Write a month (2022-08), a date (2022-08-17) or a range (2022-08..2022-10)."),
            ),
            WhenOutOfRange { value, from, to } => lang.pick(
                format!("Waktu {value} tidak masuk akal untuk rencana ini: harus antara tahun {from} dan {to}."),
                format!("{value} is not a sensible time for this plan: it must fall between {from} and {to}."),
            ),
            CannotMove => lang.pick("Butir ini tidak bisa digeser lagi.".into(), "This item cannot move further.".into()),
            UnknownMember(_) => lang.pick(
                "Salah satu penyusun bukan peserta kegiatan ini.".into(),
                "One of the authors is not a participant of this event.".into(),
            ),
        }
    }
}
