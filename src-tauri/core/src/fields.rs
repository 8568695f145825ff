//! Indonesian field formats typed by people or read from spreadsheets: gender, phone
//! number, NIP, e-mail. A leaf module: participants, events (the signer's NIP) and the
//! roster reader use it, it uses only text folding.

use crate::i18n::Lang;
use crate::text::fold;
use serde::Serialize;

/// Why a field value was refused (also used in import warnings).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldProblem {
    PhoneFormat,
    NipDigits,
    NipMangled,
    GenderUnknown,
    EmailFormat,
    /// A roster's unknown category: a warning, the person is recorded as "Lainnya".
    CategoryUnknown,
    /// A person added one by one with an unknown category: refused, nothing recorded.
    CategoryNotListed,
}

impl FieldProblem {
    pub fn text(self, lang: Lang) -> &'static str {
        use FieldProblem::*;
        match (self, lang) {
            (PhoneFormat, Lang::Id) => "bukan nomor HP Indonesia (contoh: 0812 3456 7890)",
            (PhoneFormat, Lang::En) => "not an Indonesian phone number (e.g. 0812 3456 7890)",
            (NipDigits, Lang::Id) => "NIP harus tepat 18 angka",
            (NipDigits, Lang::En) => "an NIP has exactly 18 digits",
            (NipMangled, Lang::Id) => "NIP rusak oleh Excel (tertulis sebagai angka pangkat, digit hilang); ketik ulang sebagai teks",
            (NipMangled, Lang::En) => "the NIP was mangled by Excel (written as an exponent, digits lost); type it again as text",
            (GenderUnknown, Lang::Id) => "jenis kelamin harus L atau P",
            (GenderUnknown, Lang::En) => "gender must be L (male) or P (female)",
            (EmailFormat, Lang::Id) => "alamat e-mail tidak valid",
            (EmailFormat, Lang::En) => "not a valid e-mail address",
            (CategoryUnknown, Lang::Id) => "kategori tidak dikenal, dicatat sebagai Lainnya",
            (CategoryUnknown, Lang::En) => "unknown category, recorded as Lainnya (other)",
            (CategoryNotListed, Lang::Id) => "kategori tidak dikenal; pilih salah satu: dinas_provinsi, dinas_kabkota, perpustakaan_desa, impact, desa_champion, master_trainer, fasilitator_daerah, narasumber, panitia, perpusnas, lainnya (atau namanya, mis. \"Perpustakaan Desa\")",
            (CategoryNotListed, Lang::En) => "unknown category; use one of: dinas_provinsi, dinas_kabkota, perpustakaan_desa, impact, desa_champion, master_trainer, fasilitator_daerah, narasumber, panitia, perpusnas, lainnya (or its name, e.g. \"Perpustakaan Desa\")",
        }
    }
}

pub fn parse_gender(v: &str) -> Result<Option<&'static str>, FieldProblem> {
    match fold(v).replace(' ', "").as_str() {
        "" => Ok(None),
        "l" | "lk" | "lakilaki" | "laki" | "pria" | "m" | "male" | "man" => Ok(Some("L")),
        "p" | "pr" | "perempuan" | "wanita" | "f" | "female" | "woman" => Ok(Some("P")),
        _ => Err(FieldProblem::GenderUnknown),
    }
}

/// Normalise an Indonesian phone number to +62…; a leading zero that Excel dropped
/// (85300409254) is restored, anything else that is not a phone number is refused.
pub fn parse_phone(v: &str) -> Result<Option<String>, FieldProblem> {
    let t = v.trim();
    if t.is_empty() || t == "-" {
        return Ok(None);
    }
    if t.contains(['e', 'E']) {
        return Err(FieldProblem::PhoneFormat);
    }
    let plus = t.starts_with('+');
    if t.chars()
        .any(|c| !(c.is_ascii_digit() || " -.()/+".contains(c)))
    {
        return Err(FieldProblem::PhoneFormat);
    }
    let digits: String = t.chars().filter(|c| c.is_ascii_digit()).collect();
    let national = if let Some(rest) = digits.strip_prefix("62") {
        rest.to_string()
    } else if plus {
        return Err(FieldProblem::PhoneFormat); // another country
    } else if let Some(rest) = digits.strip_prefix('0') {
        rest.to_string()
    } else if digits.starts_with('8') {
        digits.clone()
    } else {
        return Err(FieldProblem::PhoneFormat);
    };
    if !(8..=12).contains(&national.len()) || national.starts_with('0') {
        return Err(FieldProblem::PhoneFormat);
    }
    Ok(Some(format!("+62{national}")))
}

pub fn parse_nip(v: &str) -> Result<Option<String>, FieldProblem> {
    let t = v.trim();
    if t.is_empty() || t == "-" {
        return Ok(None);
    }
    if t.contains(['e', 'E']) && t.contains('+') {
        return Err(FieldProblem::NipMangled);
    }
    let digits: String = t.chars().filter(|c| !c.is_whitespace()).collect();
    if digits.len() == 18 && digits.chars().all(|c| c.is_ascii_digit()) {
        Ok(Some(digits))
    } else {
        Err(FieldProblem::NipDigits)
    }
}

pub fn parse_email(v: &str) -> Result<Option<String>, FieldProblem> {
    let t = v.trim();
    if t.is_empty() || t == "-" {
        return Ok(None);
    }
    let ok = t.len() <= 254
        && !t.contains(char::is_whitespace)
        && t.matches('@').count() == 1
        && t.split_once('@').is_some_and(|(l, d)| {
            !l.is_empty()
                && d.contains('.')
                && !d.starts_with('.')
                && !d.ends_with('.')
                && !d.contains("..")
        });
    if ok {
        Ok(Some(t.to_lowercase()))
    } else {
        Err(FieldProblem::EmailFormat)
    }
}
