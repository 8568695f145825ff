//! The domain crate's shape, checked: no import cycle among its top-level modules (a
//! reader understands `events` without opening `awards`), and no module file grown past
//! what one reader holds in mind (the PDF layout engine, one uniform kind of thing, may
//! stay whole). Test code is left out: a test may use any module.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// Production code only: every item under `#[cfg(test)]` (a `mod tests { … }`, a test
/// helper) and files of tests are left out.
fn production_text(path: &Path) -> Option<String> {
    let name = path.file_name()?.to_str()?;
    if name == "tests.rs" {
        return None;
    }
    Some(without_test_items(&std::fs::read_to_string(path).unwrap()))
}

fn without_test_items(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("#[cfg(test)]") {
        out.push_str(&rest[..i]);
        let item = &rest[i..];
        // the item ends at its first `;` before any `{`, or where its braces close
        let semi = item.find(';');
        let open = item.find('{');
        let end = match (semi, open) {
            (Some(s), Some(o)) if s < o => s + 1,
            (Some(s), None) => s + 1,
            (_, Some(o)) => {
                let mut depth = 0usize;
                let mut end = item.len();
                for (k, c) in item[o..].char_indices() {
                    match c {
                        '{' => depth += 1,
                        '}' => {
                            depth -= 1;
                            if depth == 0 {
                                end = o + k + 1;
                                break;
                            }
                        }
                        _ => {}
                    }
                }
                end
            }
            (None, None) => item.len(),
        };
        rest = &item[end..];
    }
    out.push_str(rest);
    out
}

/// The top-level modules a text names: `crate::x::…` and `crate::{x, y::…}`.
fn named_modules(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut rest = text;
    while let Some(i) = rest.find("crate::") {
        rest = &rest[i + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            for item in group[..end].split(',') {
                let m: String = item
                    .trim()
                    .chars()
                    .take_while(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_')
                    .collect();
                if !m.is_empty() {
                    out.insert(m);
                }
            }
        } else {
            let m: String = rest
                .chars()
                .take_while(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_')
                .collect();
            if !m.is_empty() {
                out.insert(m);
            }
        }
    }
    out
}

/// Module → the other top-level modules its production code names.
fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let root = src();
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    // the top-level module a file belongs to (`events/mod.rs` and `events/tests.rs` are
    // `events`); lib.rs is the crate itself
    let module_of = |f: &Path| -> Option<String> {
        let first = f.strip_prefix(&root).unwrap().components().next()?;
        let m = first.as_os_str().to_str()?.trim_end_matches(".rs");
        (m != "lib").then(|| m.to_string())
    };
    let modules: BTreeSet<String> = files.iter().filter_map(|f| module_of(f)).collect();
    let mut g: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for f in &files {
        let Some(m) = module_of(f) else {
            continue;
        };
        let Some(text) = production_text(f) else {
            continue;
        };
        let deps = g.entry(m.clone()).or_default();
        for d in named_modules(&text) {
            if d != m && modules.contains(&d) {
                deps.insert(d);
            }
        }
    }
    g
}

/// A path of modules leading from `from` back to it, if there is one.
fn cycle_through(g: &BTreeMap<String, BTreeSet<String>>, from: &str) -> Option<Vec<String>> {
    fn walk(
        g: &BTreeMap<String, BTreeSet<String>>,
        at: &str,
        goal: &str,
        path: &mut Vec<String>,
        seen: &mut BTreeSet<String>,
    ) -> bool {
        for next in g.get(at).into_iter().flatten() {
            if next == goal {
                path.push(next.clone());
                return true;
            }
            if seen.insert(next.clone()) {
                path.push(next.clone());
                if walk(g, next, goal, path, seen) {
                    return true;
                }
                path.pop();
            }
        }
        false
    }
    let mut path = vec![from.to_string()];
    walk(g, from, from, &mut path, &mut BTreeSet::new()).then_some(path)
}

#[test]
fn the_reading_of_imports_sees_single_and_grouped_ones() {
    let names = named_modules(
        "use crate::db::Store;\nuse crate::{events, ids::{self, Hlc}};\nlet x = crate::sync::keep_escrow(s);",
    );
    let want: BTreeSet<String> = ["db", "events", "ids", "sync"].map(String::from).into();
    assert_eq!(names, want);
    // a made-up cycle is found, with its path
    let mut g = BTreeMap::new();
    g.insert("a".to_string(), BTreeSet::from(["b".to_string()]));
    g.insert("b".to_string(), BTreeSet::from(["a".to_string()]));
    assert_eq!(
        cycle_through(&g, "a"),
        Some(vec!["a".into(), "b".into(), "a".into()])
    );
    // test items are not production code
    let text = "use crate::db;\n#[cfg(test)]\nfn helper() { crate::desk::x({ 1 }) }\n#[cfg(test)]\nmod tests;\nuse crate::ids;";
    let kept = without_test_items(text);
    assert!(
        kept.contains("crate::db") && kept.contains("crate::ids"),
        "{kept}"
    );
    assert!(
        !kept.contains("desk") && !kept.contains("mod tests"),
        "{kept}"
    );
}

#[test]
fn no_domain_module_imports_one_that_imports_it_back() {
    let g = graph();
    assert!(g.len() > 20, "the modules were found: {:?}", g.keys());
    // the leaves stay leaves
    for leaf in ["error", "text", "files", "ids", "money", "i18n", "fields"] {
        let deps = &g[leaf];
        assert!(
            deps.iter()
                .all(|d| ["error", "i18n", "text"].contains(&d.as_str())),
            "{leaf} is a leaf, yet it names {deps:?}"
        );
    }
    let cycles: Vec<String> = g
        .keys()
        .filter_map(|m| cycle_through(&g, m))
        .map(|p| p.join(" → "))
        .collect();
    assert!(cycles.is_empty(), "import cycles:\n{}", cycles.join("\n"));
}

#[test]
fn no_module_file_outgrows_one_reader() {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let long: Vec<String> = files
        .iter()
        .filter(|f| !f.ends_with("reports/layout.rs"))
        .filter_map(|f| {
            let text = production_text(f)?;
            let lines = text.lines().count();
            (lines > 650).then(|| format!("{} ({lines} lines)", f.display()))
        })
        .collect();
    assert!(long.is_empty(), "split along its seams: {long:?}");
}
