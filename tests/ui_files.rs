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

/// The window's contract with Rust, `ui/js/commands.js`: one function per registered
/// Tauri command, sending exactly the arguments the command takes (camelCase, as Tauri
/// maps them); and no view names a command on its own.
mod contract {
    use std::collections::BTreeMap;
    use std::path::Path;

    fn camel(s: &str) -> String {
        let mut out = String::new();
        let mut up = false;
        for c in s.chars() {
            if c == '_' {
                up = true;
            } else if up {
                out.extend(c.to_uppercase());
                up = false;
            } else {
                out.push(c);
            }
        }
        out
    }

    /// The names in `generate_handler![…]`, in order.
    fn registered(mod_rs: &str) -> Vec<String> {
        let start = mod_rs.find("generate_handler![").expect("the handler list");
        let end = start + mod_rs[start..].find("]))").expect("its end");
        mod_rs[start + "generate_handler![".len()..end]
            .lines()
            .map(|l| l.trim().trim_end_matches(','))
            .filter(|l| !l.is_empty() && !l.starts_with("#[") && !l.starts_with("//"))
            .map(|l| l.rsplit("::").next().unwrap().to_string())
            .collect()
    }

    /// Every `#[tauri::command]` function: name → the arguments the page sends.
    fn rust_commands(dir: &Path) -> BTreeMap<String, Vec<String>> {
        let mut out = BTreeMap::new();
        for e in std::fs::read_dir(dir).unwrap() {
            let text = std::fs::read_to_string(e.unwrap().path()).unwrap();
            let mut rest = text.as_str();
            while let Some(i) = rest.find("#[tauri::command]") {
                rest = &rest[i..];
                let f = rest.find("fn ").unwrap() + 3;
                let name: String = rest[f..]
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                // the parameter list: from the first `(` after the name to its match
                let open = f + rest[f..].find('(').unwrap();
                let mut depth = 0;
                let mut close = open;
                for (k, c) in rest[open..].char_indices() {
                    match c {
                        '(' | '<' | '[' => depth += 1,
                        ')' | '>' | ']' => {
                            depth -= 1;
                            if depth == 0 {
                                close = open + k;
                                break;
                            }
                        }
                        _ => {}
                    }
                }
                let mut args = vec![];
                let mut depth = 0;
                let mut part = String::new();
                for c in rest[open + 1..close].chars().chain([',']) {
                    match c {
                        '(' | '<' | '[' => depth += 1,
                        ')' | '>' | ']' => depth -= 1,
                        _ => {}
                    }
                    if c == ',' && depth == 0 {
                        if let Some((n, ty)) = part.split_once(':') {
                            let injected = ["State<", "AppHandle", "Window", "Webview<"]
                                .iter()
                                .any(|k| ty.contains(k));
                            if !injected {
                                args.push(camel(n.trim().trim_start_matches('_')));
                            }
                        }
                        part.clear();
                    } else {
                        part.push(c);
                    }
                }
                out.insert(name, args);
                rest = &rest[close..];
            }
        }
        out
    }

    /// `commands.js`: command name → the keys its function sends.
    fn js_commands(text: &str) -> BTreeMap<String, Vec<String>> {
        let mut out = BTreeMap::new();
        for line in text.lines().filter(|l| l.starts_with("export const ")) {
            let call = line.find("call('").expect(line) + "call('".len();
            let name = &line[call..call + line[call..].find('\'').unwrap()];
            let keys = match line[call..].find("{ ") {
                Some(k) => {
                    let body = &line[call + k + 2..];
                    body[..body.find(" }").unwrap()]
                        .split(", ")
                        .map(|k| k.split(':').next().unwrap().trim().to_string())
                        .collect()
                }
                None => vec![],
            };
            out.insert(name.to_string(), keys);
        }
        out
    }

    #[test]
    fn every_command_has_one_function_with_its_arguments_and_views_use_them() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let commands = root.join("src-tauri/src/commands");
        let registered = registered(&std::fs::read_to_string(commands.join("mod.rs")).unwrap());
        let rust = rust_commands(&commands);
        let js = js_commands(&std::fs::read_to_string(root.join("ui/js/commands.js")).unwrap());
        assert!(
            registered.len() > 100,
            "the handler list was read: {}",
            registered.len()
        );
        for name in &registered {
            let want = rust
                .get(name)
                .unwrap_or_else(|| panic!("{name}: no #[tauri::command]"));
            match js.get(name) {
                Some(keys) => assert_eq!(
                    keys, want,
                    "{name}: ui/js/commands.js sends other arguments than Rust takes \
                     (run python3 scripts/ui-commands.py)"
                ),
                None => panic!("{name} has no function in ui/js/commands.js (run python3 scripts/ui-commands.py)"),
            }
        }
        for name in js.keys() {
            assert!(
                registered.contains(name),
                "ui/js/commands.js calls {name}, which Rust does not register"
            );
        }
        // the views go through the contract: `call('…')` appears nowhere else
        for (path, text) in super::ui_sources() {
            if path.ends_with("commands.js") {
                continue;
            }
            assert!(
                !text.contains("call('"),
                "{path} names a command itself; use ui/js/commands.js"
            );
        }
    }

    #[test]
    fn the_reading_of_a_command_sees_its_arguments() {
        let dir = std::env::temp_dir().join(format!("plm-contract-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("x.rs"),
            "#[tauri::command]\npub async fn sample<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>, event_id: String, list: Vec<Option<String>>) -> Res<()> {}\n",
        )
        .unwrap();
        let got = rust_commands(&dir);
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(
            got["sample"],
            vec!["eventId".to_string(), "list".to_string()]
        );
        let js = js_commands("export const lockSet = ({ current, new: newValue } = {}) => call('lock_set', { current, new: newValue });\nexport const appInfo = () => call('app_info');\n");
        assert_eq!(
            js["lock_set"],
            vec!["current".to_string(), "new".to_string()]
        );
        assert!(js["app_info"].is_empty());
    }
}
