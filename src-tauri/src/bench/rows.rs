//! The bench's figures as rows: one per measure, with a stable id scripts may rely on
//! (`docs/cli-contract.md`), our figure, the baseline measured in the same run (where
//! there is one), their ratio, and the target with what it applies to.

use serde::Serialize;
use serde_json::Value;

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Row {
    /// Stable id, e.g. `search_p99_ms`.
    pub measure: &'static str,
    /// What it is, for people.
    pub label: String,
    pub ours: Option<f64>,
    pub baseline: Option<f64>,
    /// `ours / baseline`, when both are known.
    pub ratio: Option<f64>,
    pub target: Option<f64>,
    /// What the target bounds: `ours` or `ratio` (both at most the target).
    pub target_of: &'static str,
    /// The unit of `ours` and `baseline`.
    pub unit: &'static str,
    /// Whether the target is met; null when a figure is missing.
    pub met: Option<bool>,
}

fn row(
    measure: &'static str,
    label: impl Into<String>,
    unit: &'static str,
    ours: Option<f64>,
    baseline: Option<f64>,
    target: Option<f64>,
    target_of: &'static str,
) -> Row {
    let ratio = match (ours, baseline) {
        (Some(o), Some(b)) if b > 0.0 => Some(o / b),
        _ => None,
    };
    let bounded = if target_of == "ratio" { ratio } else { ours };
    let met = match (bounded, target) {
        (Some(v), Some(t)) => Some(v <= t),
        _ => None,
    };
    Row {
        measure,
        label: label.into(),
        ours,
        baseline,
        ratio,
        target,
        target_of,
        unit,
        met,
    }
}

fn num(v: &Value, path: &str) -> Option<f64> {
    v.pointer(path).and_then(Value::as_f64)
}

/// Growth rows of one measure over its sizes: for each step, how much the time grew
/// (`ours`) against how much the work grew (`baseline`); at most linear is ratio <= 1.
fn growth(out: &mut Vec<Row>, ids: [&'static str; 2], what: &str, points: &[(f64, Option<f64>)]) {
    for (k, id) in ids.iter().enumerate() {
        let (Some(a), Some(b)) = (points.get(k), points.get(k + 1)) else {
            continue;
        };
        let time = match (a.1, b.1) {
            (Some(x), Some(y)) if x > 0.0 => Some(y / x),
            _ => None,
        };
        out.push(row(
            id,
            format!("{what}: growth from {} to {}", a.0, b.0),
            "x",
            time,
            Some(b.0 / a.0),
            Some(1.0),
            "ratio",
        ));
    }
}

/// Every row from the bench's detailed figures.
pub fn rows(d: &Value) -> Vec<Row> {
    let people = d["participants"].as_u64().unwrap_or(0);
    let ms_to_s = |x: Option<f64>| x.map(|m| m / 1000.0);
    let mut out = vec![
        row(
            "search_p99_ms",
            format!("search as you type, {people} participants, library call (p99; baseline: an FTS5 prefix query on the same names)"),
            "ms",
            num(d, "/search_per_keystroke/p99_ms"),
            num(d, "/search_per_keystroke/fts5_p99_ms"),
            Some(1.0),
            "ours",
        ),
        row(
            "window_search_p95_ms",
            "search as you type in the real window, keystroke to painted results (p95)",
            "ms",
            num(d, "/window_search/p95_ms"),
            None,
            Some(16.0),
            "ours",
        ),
        row(
            "window_search_shown_p95_ms",
            "search as you type in the real window, keystroke to results in the page (p95)",
            "ms",
            num(d, "/window_search/shown_p95_ms"),
            None,
            None,
            "ours",
        ),
        row(
            "checkin_vs_sqlite",
            "one durable check-in, code to committed row (median; baseline: SQLite's BEGIN IMMEDIATE; INSERT; COMMIT, synchronous=FULL, same disk)",
            "ms",
            num(d, "/checkin/median_ms"),
            num(d, "/checkin/sqlite_insert_ms"),
            Some(2.0),
            "ratio",
        ),
        row(
            "encryption_insert_cost",
            "what encryption at rest costs a durable insert: SQLCipher (the app's cipher, raw key) vs the plain file, same statement and disk (median)",
            "ms",
            num(d, "/checkin/sqlcipher_insert_ms"),
            num(d, "/checkin/sqlite_insert_ms"),
            Some(2.0),
            "ratio",
        ),
        row(
            "checkin_signed_ms",
            "one check-in with a signature (median)",
            "ms",
            num(d, "/checkin_with_signature/median_ms"),
            None,
            Some(10.0),
            "ours",
        ),
        row(
            "startup_vs_bare",
            format!("start-up to the first painted screen, {people} participants (median of 5; baseline: a bare Tauri window)"),
            "ms",
            num(d, "/startup/median_ms"),
            num(d, "/startup/bare_median_ms"),
            Some(1.3),
            "ratio",
        ),
        row(
            "startup_first_ms",
            "start-up to the first painted screen, first start (database created)",
            "ms",
            num(d, "/startup/first_start_ms"),
            None,
            Some(3000.0),
            "ours",
        ),
        row(
            "rss_vs_bare",
            "memory at the first screen, peak RSS of the app process (baseline: the bare Tauri window)",
            "MB",
            num(d, "/startup/window_peak_mb"),
            num(d, "/startup/bare_peak_mb"),
            Some(1.3),
            "ratio",
        ),
        row(
            "pss_with_webkit_mb",
            "memory at the first screen with WebKit's helper processes (PSS; baseline: the bare window's)",
            "MB",
            num(d, "/startup/window_with_webkit_pss_mb"),
            num(d, "/startup/bare_with_webkit_pss_mb"),
            None,
            "ratio",
        ),
        row(
            "pdf_vs_libreoffice",
            format!(
                "attendance PDF, {} signed rows (baseline: LibreOffice converting the same table, unsigned, from CSV)",
                d["attendance_pdf"]["rows"]
            ),
            "ms",
            num(d, "/attendance_pdf/ms"),
            num(d, "/attendance_pdf/libreoffice_ms"),
            Some(0.2),
            "ratio",
        ),
        row(
            "pdf_mb",
            format!("attendance PDF, {} signed rows: size", d["attendance_pdf"]["rows"]),
            "MB",
            num(d, "/attendance_pdf/bytes").map(|b| b / 1e6),
            None,
            Some(3.0),
            "ours",
        ),
        row(
            "receipts_pdf_ms",
            "receipt list of the same people, PDF",
            "ms",
            num(d, "/attendance_pdf/receipts_ms"),
            None,
            Some(500.0),
            "ours",
        ),
        row(
            "report_ms",
            format!(
                "activity report, {} participants, {} photos: DOCX + PDF",
                d["papers"]["people"], d["papers"]["photos"]
            ),
            "ms",
            num(d, "/papers/report_ms"),
            None,
            Some(2000.0),
            "ours",
        ),
        row(
            "sync_export_ms",
            format!(
                "data file of a {}-participant, 3-day event, all signed",
                d["sync"]["participants"]
            ),
            "ms",
            num(d, "/sync/export_ms"),
            None,
            Some(1000.0),
            "ours",
        ),
        row(
            "hq_33_files_s",
            format!(
                "headquarters receives {} venue files ({} people x 3 days, all signed), one backup included",
                d["sync"]["venues"], d["sync"]["participants"]
            ),
            "s",
            ms_to_s(num(d, "/sync/import_all_ms")),
            None,
            Some(3.0),
            "ours",
        ),
        row(
            "hq_33_again_s",
            "the same files received again (nothing new)",
            "s",
            ms_to_s(num(d, "/sync/import_again_ms")),
            None,
            Some(0.3),
            "ours",
        ),
        row(
            "hq_dashboard_ms",
            "national dashboard, slowest of five filter changes",
            "ms",
            num(d, "/sync/dashboard_max_ms"),
            None,
            Some(100.0),
            "ours",
        ),
        row(
            "hq_workbook_ms",
            "national XLSX workbook of every venue",
            "ms",
            num(d, "/sync/national_xlsx_ms"),
            None,
            Some(2000.0),
            "ours",
        ),
        row(
            "roster_2000_s",
            format!(
                "roster import, {} rows (CSV), whole",
                d["roster_import"]["rows"]
            ),
            "s",
            ms_to_s(num(d, "/roster_import/ms")),
            None,
            Some(0.25),
            "ours",
        ),
        row(
            "cli_start_ms",
            format!(
                "a headless command as a whole process ({} --data DIR event list, median)",
                d["cli"]["program"].as_str().unwrap_or("plm-desk-cli")
            ),
            "ms",
            num(d, "/cli/median_ms"),
            None,
            Some(10.0),
            "ours",
        ),
    ];
    let venue = d["growth"]["venue"].as_array().cloned().unwrap_or_default();
    let at = |list: &[Value], key: &str| -> Vec<(f64, Option<f64>)> {
        list.iter()
            .map(|p| (p["size"].as_f64().unwrap_or(0.0), p[key].as_f64()))
            .collect()
    };
    growth(
        &mut out,
        ["search_growth_1", "search_growth_2"],
        "search p99 over participants",
        &at(&venue, "search_p99_ms"),
    );
    growth(
        &mut out,
        ["checkin_growth_1", "checkin_growth_2"],
        "check-in median over participants",
        &at(&venue, "checkin_ms"),
    );
    growth(
        &mut out,
        ["roster_growth_1", "roster_growth_2"],
        "roster import over rows",
        &at(&venue, "roster_s"),
    );
    let pdf = d["growth"]["pdf"].as_array().cloned().unwrap_or_default();
    growth(
        &mut out,
        ["pdf_growth_1", "pdf_growth_2"],
        "attendance PDF over signed rows",
        &at(&pdf, "ms"),
    );
    let files: Vec<(f64, Option<f64>)> = d["sync"]["growth"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|p| (p["files"].as_f64().unwrap_or(0.0), p["s"].as_f64()))
        .collect();
    growth(
        &mut out,
        ["hq_growth_1", "hq_growth_2"],
        "headquarters receiving venue files",
        &files,
    );
    out
}

fn fig(v: Option<f64>, unit: &str) -> String {
    match v {
        None => "n/a".into(),
        Some(x) if unit == "x" => format!("{x:.2}x"),
        Some(x) if x >= 100.0 => format!("{x:.0} {unit}"),
        Some(x) if x >= 10.0 => format!("{x:.1} {unit}"),
        Some(x) => format!("{x:.2} {unit}"),
    }
}

/// The rows as the README's Markdown table.
pub fn table(v: &Value) -> String {
    let rows: Vec<Row> = if v["detail"].is_object() {
        rows(&v["detail"])
    } else {
        vec![]
    };
    let mut out = String::from(
        "| measure | what | ours | baseline | ratio | target | met |\n|---|---|---|---|---|---|---|\n",
    );
    for r in &rows {
        let target = match (r.target, r.target_of) {
            (None, _) => String::new(),
            (Some(t), "ratio") => format!("ratio <= {t}"),
            (Some(t), _) => format!("<= {}", fig(Some(t), r.unit)),
        };
        out.push_str(&format!(
            "| `{}` | {} | {} | {} | {} | {} | {} |\n",
            r.measure,
            r.label,
            fig(r.ours, r.unit),
            r.baseline.map(|b| fig(Some(b), r.unit)).unwrap_or_default(),
            r.ratio.map(|x| format!("{x:.2}")).unwrap_or_default(),
            target,
            match r.met {
                Some(true) => "yes",
                Some(false) => "**no**",
                None => "",
            }
        ));
    }
    if let Some(e) = v.pointer("/detail/startup/error").and_then(Value::as_str) {
        out.push_str(&format!("\nThe window was not measured: {e}\n"));
    }
    if let Some(e) = v
        .pointer("/detail/window_search/error")
        .and_then(Value::as_str)
    {
        out.push_str(&format!("\nSearch in the window was not measured: {e}\n"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn ratios_targets_and_missing_figures() {
        let d = json!({
            "participants": 5000,
            "search_per_keystroke": {"p99_ms": 0.5, "fts5_p99_ms": 0.25},
            "checkin": {"median_ms": 0.6, "sqlite_insert_ms": 0.2},
            "roster_import": {"rows": 2000, "ms": 100.0},
            "attendance_pdf": {"rows": 1000, "ms": 400.0, "libreoffice_ms": null, "bytes": 1_100_000},
            "sync": {"venues": 33, "participants": 500, "import_all_ms": 2500.0, "import_again_ms": 9.0,
                     "growth": [{"files": 11, "s": 1.0}, {"files": 33, "s": 2.5}, {"files": 99, "s": 9.0}]},
            "growth": {"venue": [], "pdf": []},
            "cli": {"program": "plm-desk-cli", "median_ms": 4.0},
            "startup": {"median_ms": 650.0, "bare_median_ms": 500.0},
        });
        let rows = rows(&d);
        let get = |id: &str| rows.iter().find(|r| r.measure == id).unwrap().clone();
        let s = get("search_p99_ms");
        assert_eq!((s.ratio, s.met), (Some(2.0), Some(true)));
        let c = get("checkin_vs_sqlite");
        assert!((c.ratio.unwrap() - 3.0).abs() < 1e-9 && c.met == Some(false));
        let p = get("pdf_vs_libreoffice");
        assert_eq!((p.baseline, p.ratio, p.met), (None, None, None));
        assert_eq!(get("hq_33_files_s").ours, Some(2.5));
        assert_eq!(get("startup_vs_bare").met, Some(true));
        // 11 -> 33 files: 2.5x the time for 3x the work; 33 -> 99: 3.6x for 3x
        let g1 = get("hq_growth_1");
        assert_eq!(
            (g1.ours, g1.baseline, g1.met),
            (Some(2.5), Some(3.0), Some(true))
        );
        assert_eq!(get("hq_growth_2").met, Some(false));
        let t = table(&json!({"detail": d, "rows": []}));
        assert!(t.contains("| `hq_33_files_s` |"), "{t}");
        assert!(t.contains("| 2.50 s |  |  | <= 3.00 s | yes |"), "{t}");
    }
}
