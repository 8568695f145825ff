//! What can be wrong with an award, in both languages.

use super::*;

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum AwardError {
    #[error("the {0} is required")]
    Required(&'static str),
    #[error("the {field} is longer than {max} characters")]
    TooLong { field: &'static str, max: usize },
    #[error("weight must be above 0 and at most 100, not {0}")]
    BadWeight(f64),
    #[error("maximum score must be above 0 and at most 1000, not {0}")]
    BadMax(f64),
    #[error("score {score} is outside 0..{max} for {criterion}")]
    ScoreOutOfRange {
        score: f64,
        max: f64,
        criterion: String,
    },
    #[error("{0} is already in this category")]
    Exists(String),
    #[error("the parts belong to different categories")]
    Mismatch,
}

crate::domain_error!(AwardError);

impl Localized for AwardError {
    fn code(&self) -> &'static str {
        use AwardError::*;
        match self {
            Required(_) => "award.required",
            TooLong { .. } => "award.too_long",
            BadWeight(_) => "award.bad_weight",
            BadMax(_) => "award.bad_max",
            ScoreOutOfRange { .. } => "award.score_out_of_range",
            Exists(_) => "award.exists",
            Mismatch => "award.mismatch",
        }
    }

    fn message(&self, lang: Lang) -> String {
        use AwardError::*;
        let fid = |f: &str| {
            match f {
                "name" => "nama",
                "institution" => "nama lembaga",
                "criterion" => "kriteria",
                "judge" => "nama juri",
                _ => "isian",
            }
            .to_string()
        };
        match self {
            Required(f) => lang.pick(
                format!("Isi {} terlebih dahulu.", fid(f)),
                format!("Please fill in the {f}."),
            ),
            TooLong { field, max } => lang.pick(
                format!(
                    "Isian {} terlalu panjang (paling banyak {max} karakter).",
                    fid(field)
                ),
                format!("The {field} is too long (at most {max} characters)."),
            ),
            BadWeight(w) => lang.pick(
                format!("Bobot harus lebih dari 0 dan paling besar 100, bukan {w}."),
                format!("The weight must be above 0 and at most 100, not {w}."),
            ),
            BadMax(m) => lang.pick(
                format!("Nilai maksimum harus lebih dari 0 dan paling besar 1000, bukan {m}."),
                format!("The maximum score must be above 0 and at most 1000, not {m}."),
            ),
            ScoreOutOfRange {
                score,
                max,
                criterion,
            } => lang.pick(
                format!("Nilai {score} untuk \"{criterion}\" di luar rentang 0 sampai {max}."),
                format!("The score {score} for \"{criterion}\" is outside 0 to {max}."),
            ),
            Exists(n) => lang.pick(
                format!("\"{n}\" sudah ada di kategori ini."),
                format!("\"{n}\" is already in this category."),
            ),
            Mismatch => lang.pick(
                "Juri, nominasi dan kriteria harus dari kategori yang sama.".into(),
                "Judge, nominee and criterion must belong to the same category.".into(),
            ),
        }
    }
}
