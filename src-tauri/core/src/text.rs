//! Text folding shared by search, duplicate detection and every "typed as code or label"
//! parser: a leaf module (it uses no other module of the crate).

/// Lower-case ASCII words: accents removed, punctuation turned into spaces.
pub fn fold(s: &str) -> String {
    let ascii = deunicode::deunicode(s).to_lowercase();
    let mut out = String::with_capacity(ascii.len());
    let mut space = true;
    for ch in ascii.chars() {
        // apostrophes join what they separate: Ma'rufah, Ma’rufah and Marufah are one name
        // (deunicode turns ’ ‘ ʼ ´ into ' or `)
        if ch == '\'' || ch == '`' {
            continue;
        }
        if ch.is_ascii_alphanumeric() {
            out.push(ch);
            space = false;
        } else if !space {
            out.push(' ');
            space = true;
        }
    }
    out.trim_end().to_string()
}

const HONORIFICS: [&str; 8] = ["hj", "h", "dr", "drs", "dra", "ir", "prof", "ust"];

/// The key that decides "same name": folded, academic titles after the comma and
/// honorifics before the name removed.
pub fn name_key(name: &str) -> String {
    let base = name.split(',').next().unwrap_or("");
    let f = fold(base);
    let words: Vec<&str> = f.split(' ').collect();
    let start = words.iter().take_while(|w| HONORIFICS.contains(w)).count();
    let rest = &words[start.min(words.len().saturating_sub(1))..];
    rest.join(" ")
}

/// A file-name-safe form of a title: its folded words joined by `-`
/// ("PLM Provinsi Kalimantan Selatan" → "plm-provinsi-kalimantan-selatan").
pub fn slug(s: &str) -> String {
    fold(s).replace(' ', "-")
}

/// What search looks in: " name code institution regency ", each folded.
pub fn search_text(name: &str, code: &str, institution: &str, regency: &str) -> String {
    format!(
        " {} {} {} {} ",
        fold(name),
        code.to_lowercase(),
        fold(institution),
        fold(regency)
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_slug_is_the_folded_words_joined() {
        assert_eq!(
            super::slug("  PLM Prov. Kalimantan—Selatan, 2022 "),
            "plm-prov-kalimantan-selatan-2022"
        );
        assert_eq!(super::slug("Ma’rufah & Ñoño"), "marufah-nono");
        assert_eq!(super::slug("!!"), "");
    }
}
