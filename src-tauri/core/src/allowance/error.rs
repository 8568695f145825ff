//! What can be wrong with an allowance rate, the receipt settings or the receipt list,
//! in both languages. Each names the field at fault, so the form marks it.

use crate::error::Localized;
use crate::i18n::Lang;
use crate::money::rupiah;

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum AllowanceError {
    /// A category neither a code nor a printed name knows (as typed).
    #[error("unknown category {0}")]
    UnknownCategory(String),
    #[error("unknown role {0}")]
    UnknownRole(String),
    /// A deduction that is not a percentage from 0 to 100 (as typed).
    #[error("the deduction {0} is not a percentage")]
    BadDeduction(String),
    /// A deduction over 100% (the number typed, without its `%`).
    #[error("the deduction {0}% is over 100%")]
    DeductionOver100(String),
    /// An amount below zero (`field` and its name in both languages).
    #[error("the {label_en} cannot be negative")]
    Negative {
        field: &'static str,
        label_id: &'static str,
        label_en: &'static str,
        amount: i64,
    },
    /// An amount over the event's limit.
    #[error("the {label_en} is over the limit")]
    OverLimit {
        field: &'static str,
        label_id: &'static str,
        label_en: &'static str,
        amount: i64,
        limit: i64,
    },
    /// Neither an amount per day nor a lump sum for a role or category (its name in
    /// both languages).
    #[error("no amount for {en}")]
    NoAmount { id: String, en: String },
    /// A receipt limit of Rp0 or less.
    #[error("the limit must be more than Rp0")]
    BadLimit,
    #[error("{field} is too long (at most {max} characters)")]
    TooLong { field: &'static str, max: usize },
    /// The receipt list asked for before any amount was set.
    #[error("no amounts are set")]
    NoRates,
    /// People of a category attended whose amount (nor its role's) was never set.
    #[error("the category {category} has no amount")]
    RateMissing {
        category: String,
        attended: usize,
        role_id: &'static str,
        role_en: &'static str,
    },
}

crate::domain_error!(AllowanceError);

impl Localized for AllowanceError {
    fn code(&self) -> &'static str {
        match self {
            AllowanceError::UnknownCategory(_) => "allowance.unknown_category",
            AllowanceError::UnknownRole(_) => "allowance.unknown_role",
            AllowanceError::BadDeduction(_) => "allowance.bad_deduction",
            AllowanceError::DeductionOver100(_) => "allowance.deduction_over_100",
            AllowanceError::Negative { .. } => "allowance.negative",
            AllowanceError::OverLimit { .. } => "allowance.over_limit",
            AllowanceError::NoAmount { .. } => "allowance.no_amount",
            AllowanceError::BadLimit => "allowance.bad_limit",
            AllowanceError::TooLong { .. } => "allowance.too_long",
            AllowanceError::NoRates => "allowance.no_rates",
            AllowanceError::RateMissing { .. } => "allowance.rate_missing",
        }
    }

    fn field(&self) -> Option<&'static str> {
        Some(match self {
            AllowanceError::UnknownCategory(_) => "category",
            AllowanceError::UnknownRole(_) => "role",
            AllowanceError::BadDeduction(_) | AllowanceError::DeductionOver100(_) => "deduction",
            AllowanceError::Negative { field, .. }
            | AllowanceError::OverLimit { field, .. }
            | AllowanceError::TooLong { field, .. } => field,
            AllowanceError::NoAmount { .. } => "per_day",
            AllowanceError::BadLimit => "ceiling",
            AllowanceError::NoRates | AllowanceError::RateMissing { .. } => "rates",
        })
    }

    fn message(&self, lang: Lang) -> String {
        match self {
            AllowanceError::UnknownCategory(v) => {
                let known = crate::participants::CATEGORIES
                    .iter()
                    .map(|(c, l)| format!("{c} ({l})"))
                    .collect::<Vec<_>>()
                    .join(", ");
                lang.pick(
                    format!("Kategori \"{v}\" tidak dikenal. Pilihan: {known}."),
                    format!("Unknown category \"{v}\". Choose one of: {known}."),
                )
            }
            AllowanceError::UnknownRole(v) => lang.pick(
                format!("Peran \"{v}\" tidak dikenal (participant/peserta, facilitator/fasilitator, resource_person/narasumber, committee/panitia)."),
                format!("Unknown role \"{v}\" (participant, facilitator, resource_person, committee)."),
            ),
            AllowanceError::BadDeduction(v) => lang.pick(
                format!("Potongan \"{v}\" bukan persentase 0 sampai 100 (contoh: 15 atau 2,5)."),
                format!("The deduction \"{v}\" is not a percentage from 0 to 100 (e.g. 15 or 2.5)."),
            ),
            AllowanceError::DeductionOver100(v) => lang.pick(
                format!("Potongan {v}% lebih dari 100%."),
                format!("The deduction {v}% is over 100%."),
            ),
            AllowanceError::Negative { label_id, label_en, amount, .. } => lang.pick(
                format!("{label_id} tidak boleh negatif ({}).", rupiah(*amount)),
                format!("The {label_en} cannot be negative ({}).", rupiah(*amount)),
            ),
            AllowanceError::OverLimit { label_id, label_en, amount, limit, .. } => lang.pick(
                format!(
                    "{label_id} {} melebihi batas {} (batas dapat diubah di pengaturan penerimaan).",
                    rupiah(*amount),
                    rupiah(*limit)
                ),
                format!(
                    "The {label_en} {} is over the limit of {} (the limit can be changed in the receipt settings).",
                    rupiah(*amount),
                    rupiah(*limit)
                ),
            ),
            AllowanceError::NoAmount { id, en } => lang.pick(
                format!("Isi uang transport per hari atau uang paket untuk {id} (0 bila tidak dibayar)."),
                format!("Fill in an amount per day or a lump sum for {en} (0 if nothing is paid)."),
            ),
            AllowanceError::BadLimit => lang.pick(
                "Batas jumlah harus lebih dari Rp0.".into(),
                "The limit must be more than Rp0.".into(),
            ),
            AllowanceError::TooLong { max, .. } => lang.pick(
                format!("Isian terlalu panjang (paling banyak {max} huruf)."),
                format!("Too long (at most {max} characters)."),
            ),
            AllowanceError::NoRates => lang.pick(
                "Belum ada besaran uang yang diisi: isi uang transport per hari atau uang paket per peran atau kategori dulu.".into(),
                "No amounts are set yet: set an amount per day or a lump sum per role or category first.".into(),
            ),
            AllowanceError::RateMissing { category, attended, role_id, role_en } => lang.pick(
                format!("Kategori \"{category}\" ({attended} orang hadir) belum punya besaran uang, begitu pula peran {role_id}: isi jumlahnya, atau 0 bila tidak dibayar."),
                format!("The category \"{category}\" ({attended} attended) has no amount set, nor has the role {role_en}: fill it in, or 0 if nothing is paid."),
            ),
        }
    }
}
