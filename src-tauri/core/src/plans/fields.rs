//! A plan's typed values: strategy and status (code or label, either language), the
//! texts' limits, and "when" (a month, a range, a date) read in the event's year.

use super::*;

impl Strategy {
    /// The strategy as people read it, in their language.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Strategy::Layanan, Lang::Id) => "Layanan Informasi",
            (Strategy::Layanan, Lang::En) => "Information services",
            (Strategy::Pelibatan, Lang::Id) => "Pelibatan Masyarakat",
            (Strategy::Pelibatan, Lang::En) => "Community engagement",
            (Strategy::Advokasi, Lang::Id) => "Advokasi",
            (Strategy::Advokasi, Lang::En) => "Advocacy",
            (Strategy::Publikasi, Lang::Id) => "Publikasi",
            (Strategy::Publikasi, Lang::En) => "Publication",
        }
    }

    /// What people type: the code or the label in either language ("Advokasi",
    /// "community engagement"), and the English one-word names.
    pub fn parse(v: &str) -> Result<Strategy, PlanError> {
        match (
            Strategy::from_typed(v, Strategy::label),
            crate::text::fold(v).as_str(),
        ) {
            (Some(s), _) => Ok(s),
            (None, "advocacy") => Ok(Strategy::Advokasi),
            (None, "publication") => Ok(Strategy::Publikasi),
            _ => Err(PlanError::UnknownStrategy(v.trim().to_string())),
        }
    }
}

impl Status {
    /// The status as people read it, in their language.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Status::Planned, Lang::Id) => "Direncanakan",
            (Status::Planned, Lang::En) => "Planned",
            (Status::InProgress, Lang::Id) => "Berjalan",
            (Status::InProgress, Lang::En) => "In progress",
            (Status::Done, Lang::Id) => "Selesai",
            (Status::Done, Lang::En) => "Done",
            (Status::Dropped, Lang::Id) => "Batal",
            (Status::Dropped, Lang::En) => "Dropped",
        }
    }

    /// What people type: the code or the label in either language.
    pub fn parse(v: &str) -> Result<Status, PlanError> {
        Status::from_typed(v, Status::label)
            .ok_or_else(|| PlanError::UnknownStatus(v.trim().to_string()))
    }
}

pub(super) fn text(
    field: &'static str,
    v: &str,
    max: usize,
    required: bool,
) -> Result<String, PlanError> {
    let t = v.trim();
    if required && t.is_empty() {
        return Err(PlanError::Required(field));
    }
    if t.chars().count() > max {
        return Err(PlanError::TooLong { field, max });
    }
    Ok(t.to_string())
}

/// One end of a "when": a month (YYYY-MM, kept as such) or a date.
fn parse_when_part(v: &str) -> Result<(String, NaiveDate), PlanError> {
    let t = v.trim();
    let bad = || PlanError::BadWhen(t.to_string());
    if let Ok(d) = events::parse_date(t) {
        return Ok((d.to_string(), d));
    }
    // the forms the app itself prints: "Agustus 2022", "17 Agustus 2022" (and English)
    let words: Vec<&str> = t.split_whitespace().collect();
    if let [.., m, y] = words.as_slice() {
        if let (Some(m), Ok(y)) = (crate::i18n::month_from_name(m), y.parse::<i32>()) {
            return match words.len() {
                2 => {
                    let d = NaiveDate::from_ymd_opt(y, m, 1).ok_or_else(bad)?;
                    Ok((format!("{y:04}-{m:02}"), d))
                }
                3 => {
                    let day: u32 = words[0].parse().map_err(|_| bad())?;
                    let d = NaiveDate::from_ymd_opt(y, m, day).ok_or_else(bad)?;
                    Ok((d.to_string(), d))
                }
                _ => Err(bad()),
            };
        }
    }
    let (y, m) = t.split_once(['-', '/']).ok_or_else(bad)?;
    // accept 2022-08 and 08/2022
    let (y, m) = if y.len() == 4 { (y, m) } else { (m, y) };
    let y: i32 = y.parse().map_err(|_| bad())?;
    let m: u32 = m.parse().map_err(|_| bad())?;
    let d = NaiveDate::from_ymd_opt(y, m, 1).ok_or_else(bad)?;
    Ok((format!("{y:04}-{m:02}"), d))
}

/// Parse "2022-08", "2022-08-17", "2022-08..2022-10" (also with " - " or " s.d. ").
/// A plan's times must fall between the year before the event and three years after it.
pub fn parse_when(v: &str, event_year: i32) -> Result<(Option<String>, Option<String>), PlanError> {
    let t = v.trim();
    if t.is_empty() {
        return Ok((None, None));
    }
    let parts: Vec<&str> = if let Some((a, b)) = t.split_once("..") {
        vec![a, b]
    } else if let Some((a, b)) = t
        .split_once(" s.d. ")
        .or_else(|| t.split_once(" - "))
        .or_else(|| t.split_once(" sd "))
    {
        vec![a, b]
    } else {
        vec![t]
    };
    let (from, to) = (event_year - 1, event_year + 3);
    let mut out = Vec::new();
    for p in parts {
        let (s, d) = parse_when_part(p)?;
        if d.year() < from || d.year() > to {
            return Err(PlanError::WhenOutOfRange { value: s, from, to });
        }
        out.push((s, d));
    }
    if out.len() == 2 && out[1].1 < out[0].1 {
        return Err(PlanError::BadWhen(t.to_string()));
    }
    let mut it = out.into_iter().map(|(s, _)| s);
    Ok((it.next(), it.next()))
}

#[cfg(test)]
mod month_name_tests {
    use super::parse_when;

    #[test]
    fn dates_in_the_form_the_app_prints_are_accepted() {
        let ok = |v: &str| parse_when(v, 2022).unwrap();
        assert_eq!(ok("Agustus 2022"), (Some("2022-08".into()), None));
        assert_eq!(ok("agu 2022"), (Some("2022-08".into()), None));
        assert_eq!(ok("August 2022"), (Some("2022-08".into()), None));
        assert_eq!(ok("17 Agustus 2022"), (Some("2022-08-17".into()), None));
        assert_eq!(
            ok("Agustus 2022 s.d. Oktober 2022"),
            (Some("2022-08".into()), Some("2022-10".into()))
        );
        assert!(parse_when("31 Februari 2022", 2022).is_err());
        assert!(parse_when("Agustusan 2022", 2022).is_err());
    }
}
