//! Checks on the UI's files: every string exists in both languages, every key the code
//! uses exists, and nothing is loaded from the network.

use std::collections::BTreeSet;
use std::path::Path;

fn ui() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/ui"))
}

fn keys(lang: &str) -> BTreeSet<String> {
    let text = std::fs::read_to_string(ui().join("i18n").join(format!("{lang}.json"))).unwrap();
    let v: serde_json::Map<String, serde_json::Value> = serde_json::from_str(&text).unwrap();
    for (k, val) in &v {
        assert!(
            val.as_str().is_some_and(|s| !s.trim().is_empty()),
            "{lang}: {k} is empty"
        );
    }
    v.keys().cloned().collect()
}

fn ui_sources() -> Vec<(String, String)> {
    let mut out = vec![];
    let mut stack = vec![ui().to_path_buf()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                // vendored libraries keep their own headers (licence URLs); checked below
                if p.file_name().is_some_and(|n| n == "vendor") {
                    continue;
                }
                stack.push(p);
            } else if matches!(
                p.extension().and_then(|x| x.to_str()),
                Some("js" | "html" | "css")
            ) {
                out.push((
                    p.display().to_string(),
                    std::fs::read_to_string(&p).unwrap(),
                ));
            }
        }
    }
    out
}

#[test]
fn both_languages_have_the_same_keys() {
    let id = keys("id");
    let en = keys("en");
    let missing_en: Vec<_> = id.difference(&en).collect();
    let missing_id: Vec<_> = en.difference(&id).collect();
    assert!(
        missing_en.is_empty() && missing_id.is_empty(),
        "missing in en: {missing_en:?}; missing in id: {missing_id:?}"
    );
}

#[test]
fn every_literal_key_used_by_the_ui_exists() {
    let id = keys("id");
    let mut missing = vec![];
    for (path, text) in ui_sources() {
        for quote in ["t('", "data-i18n=\"", "data-i18n-placeholder=\""] {
            for (at, _) in text.match_indices(quote) {
                // t(' only as the translation call, not the end of closest(' and the like
                let before = text[..at].chars().last();
                if quote == "t('"
                    && before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.')
                {
                    continue;
                }
                let part = &text[at + quote.len()..];
                let key: String = part
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '.' || *c == '_')
                    .collect();
                let next = part.chars().nth(key.len());
                if !key.is_empty() && matches!(next, Some('\'') | Some('"')) && !id.contains(&key) {
                    missing.push(format!("{path}: {key}"));
                }
            }
        }
    }
    assert!(missing.is_empty(), "keys used but not defined: {missing:?}");
}

#[test]
fn nothing_is_loaded_from_the_network() {
    for (path, text) in ui_sources() {
        for bad in ["http://", "https://", "//cdn", "@import url("] {
            assert!(!text.contains(bad), "{path} mentions {bad}");
        }
    }
}

#[test]
fn vendored_libraries_load_nothing_remote() {
    let dir = ui().join("vendor/signature_pad");
    let js = std::fs::read_to_string(dir.join("signature_pad.js")).unwrap();
    for bad in [
        "import(\"http",
        "import('http",
        "fetch(",
        "XMLHttpRequest",
        "from \"http",
        "from 'http",
    ] {
        assert!(!js.contains(bad), "signature_pad.js contains {bad}");
    }
    assert!(
        dir.join("LICENSE").exists(),
        "the licence ships with the library"
    );
}

#[test]
fn no_text_smaller_than_14px() {
    // the brief's users read on 1366x768 laptops; the quality bar is 14 px at least
    let css = std::fs::read_to_string(ui().join("css/app.css")).unwrap();
    for (n, line) in css.lines().enumerate() {
        if let Some(at) = line.find("font-size:") {
            let v: String = line[at + 10..]
                .trim()
                .chars()
                .take_while(|c| c.is_ascii_digit())
                .collect();
            if let Ok(px) = v.parse::<u32>() {
                assert!(px >= 14, "app.css line {}: {px}px", n + 1);
            }
        }
    }
}
