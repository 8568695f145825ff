//! The two languages of the app. Messages meant for a facilitator exist in both.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Id,
    En,
}

impl Lang {
    pub fn parse(s: &str) -> Option<Lang> {
        match s.trim().to_ascii_lowercase().as_str() {
            "id" | "in" | "ind" | "indonesia" | "bahasa" => Some(Lang::Id),
            "en" | "eng" | "english" => Some(Lang::En),
            _ => None,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Lang::Id => "id",
            Lang::En => "en",
        }
    }
    /// Pick the Indonesian or the English text.
    pub fn pick(self, id: String, en: String) -> String {
        match self {
            Lang::Id => id,
            Lang::En => en,
        }
    }
}

const HARI: [&str; 7] = [
    "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu",
];
const BULAN: [&str; 12] = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
];
const DAYS_EN: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The month a word names, in Indonesian or English, in full or by its first three
/// letters, ignoring case and a trailing dot: "Agustus", "agu.", "August", "Aug" → 8.
pub fn month_from_name(word: &str) -> Option<u32> {
    let w = word.trim().trim_end_matches('.').to_lowercase();
    if w.len() < 3 {
        return None;
    }
    (0..12).find_map(|i| {
        let hit = [BULAN[i], MONTHS_EN[i]].iter().any(|name| {
            let n = name.to_lowercase();
            n == w || (w.len() == 3 && n.starts_with(&w))
        });
        hit.then_some(i as u32 + 1)
    })
}

/// "Selasa, 5 Juli 2022" / "Tuesday, 5 July 2022".
pub fn long_date(date: chrono::NaiveDate, lang: Lang) -> String {
    use chrono::Datelike;
    let wd = date.weekday().num_days_from_monday() as usize;
    let m = date.month0() as usize;
    match lang {
        Lang::Id => format!("{}, {} {} {}", HARI[wd], date.day(), BULAN[m], date.year()),
        Lang::En => format!(
            "{}, {} {} {}",
            DAYS_EN[wd],
            date.day(),
            MONTHS_EN[m],
            date.year()
        ),
    }
}

/// Whether what someone typed is one of these words (a code or a label in either
/// language): accents, case, spaces, `_` and `-` do not matter.
pub fn typed_as(typed: &str, words: &[&str]) -> bool {
    let norm = |s: &str| crate::text::fold(&s.replace(['_', '-'], " "));
    let t = norm(typed);
    words.iter().any(|w| t == norm(w))
}

/// "5 Juli 2022" / "5 July 2022".
pub fn short_date(date: chrono::NaiveDate, lang: Lang) -> String {
    use chrono::Datelike;
    format!(
        "{} {} {}",
        date.day(),
        month_name(date.month(), lang),
        date.year()
    )
}

/// Month name (1-based month).
pub fn month_name(month: u32, lang: Lang) -> &'static str {
    let m = (month.clamp(1, 12) - 1) as usize;
    match lang {
        Lang::Id => BULAN[m],
        Lang::En => MONTHS_EN[m],
    }
}

/// The weekday name only ("Selasa").
pub fn weekday_name(date: chrono::NaiveDate, lang: Lang) -> &'static str {
    use chrono::Datelike;
    let wd = date.weekday().num_days_from_monday() as usize;
    match lang {
        Lang::Id => HARI[wd],
        Lang::En => DAYS_EN[wd],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn indonesian_long_date() {
        let d = chrono::NaiveDate::from_ymd_opt(2022, 7, 5).unwrap();
        assert_eq!(long_date(d, Lang::Id), "Selasa, 5 Juli 2022");
        assert_eq!(long_date(d, Lang::En), "Tuesday, 5 July 2022");
    }
    #[test]
    fn parse_lang() {
        assert_eq!(Lang::parse("EN"), Some(Lang::En));
        assert_eq!(Lang::parse("id"), Some(Lang::Id));
        assert_eq!(Lang::parse("fr"), None);
    }
}
