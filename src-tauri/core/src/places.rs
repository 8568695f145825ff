//! Kemendagri region codes: the 38 provinces with their default time zone, and the
//! regencies/cities known for some provinces.

use serde::Serialize;

#[derive(Debug, Clone, Copy, Serialize)]
pub struct Province {
    pub code: &'static str,
    pub name: &'static str,
    /// IANA zone of the province's capital (WIB, WITA or WIT).
    pub timezone: &'static str,
}

const WIB: &str = "Asia/Jakarta";
const WITA: &str = "Asia/Makassar";
const WIT: &str = "Asia/Jayapura";

pub const PROVINCES: [Province; 38] = [
    Province {
        code: "11",
        name: "Aceh",
        timezone: WIB,
    },
    Province {
        code: "12",
        name: "Sumatera Utara",
        timezone: WIB,
    },
    Province {
        code: "13",
        name: "Sumatera Barat",
        timezone: WIB,
    },
    Province {
        code: "14",
        name: "Riau",
        timezone: WIB,
    },
    Province {
        code: "15",
        name: "Jambi",
        timezone: WIB,
    },
    Province {
        code: "16",
        name: "Sumatera Selatan",
        timezone: WIB,
    },
    Province {
        code: "17",
        name: "Bengkulu",
        timezone: WIB,
    },
    Province {
        code: "18",
        name: "Lampung",
        timezone: WIB,
    },
    Province {
        code: "19",
        name: "Kepulauan Bangka Belitung",
        timezone: WIB,
    },
    Province {
        code: "21",
        name: "Kepulauan Riau",
        timezone: WIB,
    },
    Province {
        code: "31",
        name: "DKI Jakarta",
        timezone: WIB,
    },
    Province {
        code: "32",
        name: "Jawa Barat",
        timezone: WIB,
    },
    Province {
        code: "33",
        name: "Jawa Tengah",
        timezone: WIB,
    },
    Province {
        code: "34",
        name: "DI Yogyakarta",
        timezone: WIB,
    },
    Province {
        code: "35",
        name: "Jawa Timur",
        timezone: WIB,
    },
    Province {
        code: "36",
        name: "Banten",
        timezone: WIB,
    },
    Province {
        code: "51",
        name: "Bali",
        timezone: WITA,
    },
    Province {
        code: "52",
        name: "Nusa Tenggara Barat",
        timezone: WITA,
    },
    Province {
        code: "53",
        name: "Nusa Tenggara Timur",
        timezone: WITA,
    },
    Province {
        code: "61",
        name: "Kalimantan Barat",
        timezone: WIB,
    },
    Province {
        code: "62",
        name: "Kalimantan Tengah",
        timezone: WIB,
    },
    Province {
        code: "63",
        name: "Kalimantan Selatan",
        timezone: WITA,
    },
    Province {
        code: "64",
        name: "Kalimantan Timur",
        timezone: WITA,
    },
    Province {
        code: "65",
        name: "Kalimantan Utara",
        timezone: WITA,
    },
    Province {
        code: "71",
        name: "Sulawesi Utara",
        timezone: WITA,
    },
    Province {
        code: "72",
        name: "Sulawesi Tengah",
        timezone: WITA,
    },
    Province {
        code: "73",
        name: "Sulawesi Selatan",
        timezone: WITA,
    },
    Province {
        code: "74",
        name: "Sulawesi Tenggara",
        timezone: WITA,
    },
    Province {
        code: "75",
        name: "Gorontalo",
        timezone: WITA,
    },
    Province {
        code: "76",
        name: "Sulawesi Barat",
        timezone: WITA,
    },
    Province {
        code: "81",
        name: "Maluku",
        timezone: WIT,
    },
    Province {
        code: "82",
        name: "Maluku Utara",
        timezone: WIT,
    },
    Province {
        code: "91",
        name: "Papua",
        timezone: WIT,
    },
    Province {
        code: "92",
        name: "Papua Barat",
        timezone: WIT,
    },
    Province {
        code: "93",
        name: "Papua Selatan",
        timezone: WIT,
    },
    Province {
        code: "94",
        name: "Papua Tengah",
        timezone: WIT,
    },
    Province {
        code: "95",
        name: "Papua Pegunungan",
        timezone: WIT,
    },
    Province {
        code: "96",
        name: "Papua Barat Daya",
        timezone: WIT,
    },
];

#[derive(Debug, Clone, Copy, Serialize)]
pub struct Regency {
    pub code: &'static str,
    pub name: &'static str,
}

pub const REGENCIES_63: [Regency; 13] = [
    Regency {
        code: "63.01",
        name: "Tanah Laut",
    },
    Regency {
        code: "63.02",
        name: "Kotabaru",
    },
    Regency {
        code: "63.03",
        name: "Banjar",
    },
    Regency {
        code: "63.04",
        name: "Barito Kuala",
    },
    Regency {
        code: "63.05",
        name: "Tapin",
    },
    Regency {
        code: "63.06",
        name: "Hulu Sungai Selatan",
    },
    Regency {
        code: "63.07",
        name: "Hulu Sungai Tengah",
    },
    Regency {
        code: "63.08",
        name: "Hulu Sungai Utara",
    },
    Regency {
        code: "63.09",
        name: "Tabalong",
    },
    Regency {
        code: "63.10",
        name: "Tanah Bumbu",
    },
    Regency {
        code: "63.11",
        name: "Balangan",
    },
    Regency {
        code: "63.71",
        name: "Kota Banjarmasin",
    },
    Regency {
        code: "63.72",
        name: "Kota Banjarbaru",
    },
];

/// Regencies/cities known for a province (empty where the brief lists none).
pub fn regencies(province_code: &str) -> &'static [Regency] {
    match province_code {
        "63" => &REGENCIES_63,
        _ => &[],
    }
}

fn fold(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(|c| c.to_lowercase())
        .collect()
}

/// Find a province by code ("63") or by name ("Kalimantan Selatan", "kalsel" is not
/// guessed). A name wins over a code when the text holds both and they disagree, as the
/// brief asks for older lists that numbered Papua differently.
pub fn find_province(input: &str) -> Option<&'static Province> {
    let t = input.trim();
    if t.is_empty() {
        return None;
    }
    let letters: String = t
        .chars()
        .filter(|c| c.is_alphabetic() || *c == ' ')
        .collect();
    let letters = letters.trim();
    if !letters.is_empty() {
        let f = fold(letters);
        let f = f.strip_prefix("provinsi").unwrap_or(&f).to_string();
        if let Some(p) = PROVINCES.iter().find(|p| fold(p.name) == f) {
            return Some(p);
        }
        if t.chars().all(|c| !c.is_ascii_digit()) {
            return None;
        }
    }
    let digits: String = t.chars().filter(|c| c.is_ascii_digit()).collect();
    PROVINCES.iter().find(|p| p.code == digits)
}

/// Find a regency of a province by code ("63.71") or name ("Kota Banjarmasin",
/// "Banjarmasin").
pub fn find_regency(province_code: &str, input: &str) -> Option<&'static Regency> {
    let f = fold(input);
    if f.is_empty() {
        return None;
    }
    regencies(province_code).iter().find(|r| {
        r.code == input.trim()
            || fold(r.name) == f
            || fold(r.name).strip_prefix("kota") == Some(f.as_str())
    })
}

/// Short label of an IANA zone used in Indonesia.
pub fn zone_label(tz: &str) -> &'static str {
    match tz {
        WIB => "WIB",
        WITA => "WITA",
        WIT => "WIT",
        _ => "",
    }
}

/// UTC offset in minutes of the three Indonesian zones (no daylight saving).
pub fn zone_offset_minutes(tz: &str) -> Option<i32> {
    match tz {
        WIB => Some(7 * 60),
        WITA => Some(8 * 60),
        WIT => Some(9 * 60),
        _ => None,
    }
}

/// Accept "WITA", "Asia/Makassar", "UTC+8" and return the IANA name.
pub fn parse_zone(input: &str) -> Option<&'static str> {
    match input.trim().to_ascii_uppercase().replace(' ', "").as_str() {
        "WIB" | "ASIA/JAKARTA" | "UTC+7" | "GMT+7" | "+07:00" => Some(WIB),
        "WITA" | "ASIA/MAKASSAR" | "UTC+8" | "GMT+8" | "+08:00" => Some(WITA),
        "WIT" | "ASIA/JAYAPURA" | "UTC+9" | "GMT+9" | "+09:00" => Some(WIT),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thirty_eight_unique_provinces() {
        let mut codes: Vec<_> = PROVINCES.iter().map(|p| p.code).collect();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), 38);
    }

    #[test]
    fn find_by_code_or_name() {
        assert_eq!(find_province("63").unwrap().name, "Kalimantan Selatan");
        assert_eq!(find_province("kalimantan  selatan").unwrap().code, "63");
        assert_eq!(find_province("Provinsi Bali").unwrap().code, "51");
        // an older list: "94 Papua" means Papua, whose code is now 91
        assert_eq!(find_province("94 Papua").unwrap().code, "91");
        assert!(find_province("99").is_none());
        assert!(find_province("Atlantis").is_none());
        assert!(find_province("").is_none());
    }

    #[test]
    fn zones_follow_provinces() {
        assert_eq!(zone_label(find_province("63").unwrap().timezone), "WITA");
        assert_eq!(zone_label(find_province("31").unwrap().timezone), "WIB");
        assert_eq!(zone_label(find_province("91").unwrap().timezone), "WIT");
        assert_eq!(parse_zone("wita"), Some("Asia/Makassar"));
        assert_eq!(parse_zone("Asia/Jakarta"), Some("Asia/Jakarta"));
        assert_eq!(parse_zone("Europe/Paris"), None);
    }

    #[test]
    fn regency_lookup() {
        assert_eq!(find_regency("63", "Banjarmasin").unwrap().code, "63.71");
        assert_eq!(find_regency("63", "Kota Banjarbaru").unwrap().code, "63.72");
        assert_eq!(
            find_regency("63", "hulu sungai utara").unwrap().code,
            "63.08"
        );
        assert!(find_regency("31", "Banjar").is_none());
    }
}
