//! Rupiah as finance writes it: figures with Indonesian grouping ("Rp2.500.000") and in
//! words ("Dua juta lima ratus ribu rupiah"), for the receipt list's grand total.

/// Figures with dots between thousands: `Rp2.500.000`, `-Rp5.000`.
pub fn rupiah(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    format!("{}Rp{out}", if n < 0 { "-" } else { "" })
}

/// Just the grouped figure, without "Rp": `2.500.000`.
pub fn grouped(n: i64) -> String {
    rupiah(n).replacen("Rp", "", 1)
}

const UNITS: [&str; 12] = [
    "", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan", "sepuluh",
    "sebelas",
];

/// Words for 0 < n < 1000, lower case ("seratus dua puluh lima").
fn below_thousand(n: u64) -> String {
    let mut parts: Vec<String> = Vec::new();
    let (h, rest) = (n / 100, n % 100);
    match h {
        0 => {}
        1 => parts.push("seratus".into()),
        _ => parts.push(format!("{} ratus", UNITS[h as usize])),
    }
    match rest {
        0 => {}
        1..=11 => parts.push(UNITS[rest as usize].into()),
        12..=19 => parts.push(format!("{} belas", UNITS[(rest - 10) as usize])),
        _ => {
            parts.push(format!("{} puluh", UNITS[(rest / 10) as usize]));
            if rest % 10 > 0 {
                parts.push(UNITS[(rest % 10) as usize].into());
            }
        }
    }
    parts.join(" ")
}

/// A number in Indonesian words, lower case: "dua juta lima ratus ribu", "seribu",
/// "nol". Handles everything an i64 holds (up to the quintillions: "triliun" is 10^12,
/// "kuadriliun" 10^15, "kuintiliun" 10^18).
pub fn words(n: i64) -> String {
    if n == 0 {
        return "nol".into();
    }
    let scales = [
        "",
        "ribu",
        "juta",
        "miliar",
        "triliun",
        "kuadriliun",
        "kuintiliun",
    ];
    let mut groups = Vec::new();
    let mut v = n.unsigned_abs();
    while v > 0 {
        groups.push(v % 1000);
        v /= 1000;
    }
    let mut parts: Vec<String> = Vec::new();
    for (i, g) in groups.iter().enumerate().rev() {
        if *g == 0 {
            continue;
        }
        if i == 1 && *g == 1 {
            parts.push("seribu".into()); // not "satu ribu"
        } else if i == 0 {
            parts.push(below_thousand(*g));
        } else {
            parts.push(format!("{} {}", below_thousand(*g), scales[i]));
        }
    }
    let s = parts.join(" ");
    if n < 0 {
        format!("minus {s}")
    } else {
        s
    }
}

/// An amount of rupiah in words with a capital first letter, as on a receipt:
/// "Dua juta lima ratus ribu rupiah".
pub fn rupiah_words(n: i64) -> String {
    let s = format!("{} rupiah", words(n));
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_are_grouped_with_dots() {
        assert_eq!(rupiah(0), "Rp0");
        assert_eq!(rupiah(999), "Rp999");
        assert_eq!(rupiah(1000), "Rp1.000");
        assert_eq!(rupiah(2_500_000), "Rp2.500.000");
        assert_eq!(rupiah(-150_000), "-Rp150.000");
        assert_eq!(grouped(1_234_567_890), "1.234.567.890");
    }

    #[test]
    fn words_up_to_the_trillions() {
        let cases: [(i64, &str); 24] = [
            (0, "nol"),
            (1, "satu"),
            (10, "sepuluh"),
            (11, "sebelas"),
            (12, "dua belas"),
            (19, "sembilan belas"),
            (20, "dua puluh"),
            (21, "dua puluh satu"),
            (100, "seratus"),
            (101, "seratus satu"),
            (111, "seratus sebelas"),
            (200, "dua ratus"),
            (999, "sembilan ratus sembilan puluh sembilan"),
            (1000, "seribu"),
            (1001, "seribu satu"),
            (1100, "seribu seratus"),
            (2000, "dua ribu"),
            (11_000, "sebelas ribu"),
            (100_000, "seratus ribu"),
            (1_000_000, "satu juta"),
            (2_500_000, "dua juta lima ratus ribu"),
            (1_000_000_000, "satu miliar"),
            (7_250_000_000_000, "tujuh triliun dua ratus lima puluh miliar"),
            (
                999_999_999_999_999,
                "sembilan ratus sembilan puluh sembilan triliun sembilan ratus sembilan puluh sembilan miliar \
                 sembilan ratus sembilan puluh sembilan juta sembilan ratus sembilan puluh sembilan ribu \
                 sembilan ratus sembilan puluh sembilan",
            ),
        ];
        for (n, w) in cases {
            let w = w.split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(words(n), w, "{n}");
        }
        assert_eq!(words(1_001_001), "satu juta seribu satu");
        assert_eq!(words(-5000), "minus lima ribu");
        assert!(words(i64::MAX).starts_with("sembilan kuintiliun"));
        assert!(words(i64::MIN).starts_with("minus sembilan kuintiliun"));
        assert_eq!(rupiah_words(2_500_000), "Dua juta lima ratus ribu rupiah");
        assert_eq!(rupiah_words(1000), "Seribu rupiah");
    }
}
