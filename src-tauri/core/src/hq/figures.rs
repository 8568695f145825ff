//! Headquarters' national picture of every imported event: participants by province,
//! wave, category and gender, attendance rates, follow-up items by strategy and status,
//! award winners; as a tidy table for CSV and XLSX.

use crate::db::Store;
use crate::error::{Error, Result};
use crate::{attendance, awards, events, participants, plans};
use serde::Serialize;

/// One figure: which event (and its province and wave), what is measured, and the value.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Figure {
    pub province_code: String,
    pub province: String,
    pub wave: Option<i64>,
    pub event_id: String,
    pub event: String,
    pub start_date: String,
    pub measure: String,
    pub key: String,
    pub value: String,
}

pub fn national(store: &Store) -> Result<Vec<Figure>> {
    let mut out = Vec::new();
    let mut evs = events::list(store)?;
    evs.sort_by(|a, b| {
        (a.province_code.as_str(), a.start_date.as_str())
            .cmp(&(b.province_code.as_str(), b.start_date.as_str()))
    });
    for ev in evs {
        let mut push = |measure: &str, key: String, value: String| {
            out.push(Figure {
                province_code: ev.province_code.clone(),
                province: ev.province_name.clone(),
                wave: ev.wave,
                event_id: ev.id.clone(),
                event: ev.title.clone(),
                start_date: ev.start_date.clone(),
                measure: measure.to_string(),
                key,
                value,
            })
        };
        let people = participants::list(store, &ev.id)?;
        push("participants", "total".into(), people.len().to_string());
        for (code, _) in participants::CATEGORIES {
            for g in ["L", "P", ""] {
                let n = people
                    .iter()
                    .filter(|p| p.category == code && p.gender.as_deref().unwrap_or("") == g)
                    .count();
                if n > 0 {
                    push(
                        "participants",
                        format!("{code}/{}", if g.is_empty() { "unknown" } else { g }),
                        n.to_string(),
                    );
                }
            }
        }
        for day in 1..=ev.days {
            let s = attendance::day_summary(store, &ev.id, day)?;
            push(
                "attendance",
                format!("day {day}/present"),
                s.present.to_string(),
            );
            push(
                "attendance",
                format!("day {day}/expected"),
                s.expected.to_string(),
            );
            let rate = if s.expected > 0 {
                s.present as f64 / s.expected as f64 * 100.0
            } else {
                0.0
            };
            push(
                "attendance",
                format!("day {day}/rate_percent"),
                format!("{rate:.1}"),
            );
        }
        for c in plans::counts_by_strategy(store, &ev.id)? {
            for (status, n) in [
                ("planned", c.planned),
                ("in_progress", c.in_progress),
                ("done", c.done),
                ("dropped", c.dropped),
            ] {
                push(
                    "plan_items",
                    format!("{}/{status}", c.strategy),
                    n.to_string(),
                );
            }
        }
        for (category, n) in awards::winners(store, &ev.id)? {
            push("award_winner", category, n.institution);
        }
    }
    Ok(out)
}

const HEAD: [&str; 9] = [
    "province_code",
    "province",
    "wave",
    "event_id",
    "event",
    "start_date",
    "measure",
    "key",
    "value",
];

fn cells(f: &Figure) -> [String; 9] {
    [
        f.province_code.clone(),
        f.province.clone(),
        f.wave.map(|w| w.to_string()).unwrap_or_default(),
        f.event_id.clone(),
        f.event.clone(),
        f.start_date.clone(),
        f.measure.clone(),
        f.key.clone(),
        f.value.clone(),
    ]
}

pub fn to_csv(rows: &[Figure]) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(HEAD).expect("memory");
    for r in rows {
        w.write_record(cells(r)).expect("memory");
    }
    w.into_inner().expect("memory")
}

/// An XLSX writer's failure as the user's error.
pub(super) fn xlsx_error(e: rust_xlsxwriter::XlsxError) -> Error {
    crate::reports::ReportError::Xlsx(e.to_string()).into()
}

/// The tidy table on a worksheet: a bold header, numbers as numbers (so analysts can sum
/// them), an autofilter. The one-sheet XLSX and the workbook's "PLM" sheet both use it.
pub(super) fn write_tidy(ws: &mut rust_xlsxwriter::Worksheet, rows: &[Figure]) -> Result<()> {
    let bold = rust_xlsxwriter::Format::new().set_bold();
    for (c, h) in HEAD.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &bold)
            .map_err(xlsx_error)?;
    }
    for (i, r) in rows.iter().enumerate() {
        let row = i as u32 + 1;
        for (c, v) in cells(r).iter().enumerate() {
            match v.parse::<f64>() {
                Ok(n) if c == 2 || c == 8 => {
                    ws.write_number(row, c as u16, n).map_err(xlsx_error)?
                }
                _ => ws.write_string(row, c as u16, v).map_err(xlsx_error)?,
            };
        }
    }
    ws.autofilter(0, 0, rows.len() as u32, HEAD.len() as u16 - 1)
        .map_err(xlsx_error)?;
    Ok(())
}

pub fn to_xlsx(rows: &[Figure]) -> Result<Vec<u8>> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("PLM").map_err(xlsx_error)?;
    write_tidy(ws, rows)?;
    wb.save_to_buffer().map_err(xlsx_error)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::events::EventInput;
    use crate::participants::ParticipantInput;

    #[test]
    fn national_figures_as_csv_and_xlsx() {
        let mut s = Store::open_in_memory().unwrap();
        let e = crate::desk::create_event(
            &mut s,
            &EventInput {
                title: "PLM Kalsel".into(),
                province: "63".into(),
                start_date: "2022-07-05".into(),
                days: 1,
                wave: Some(3),
                ..Default::default()
            },
        )
        .unwrap();
        participants::add(
            &mut s,
            &e.id,
            &ParticipantInput {
                name: "A".into(),
                gender: "P".into(),
                category: "impact".into(),
                ..Default::default()
            },
            "manual",
        )
        .unwrap();
        let rows = national(&s).unwrap();
        assert!(rows
            .iter()
            .any(|r| r.measure == "participants" && r.key == "impact/P" && r.value == "1"));
        assert!(rows
            .iter()
            .any(|r| r.key == "day 1/expected" && r.value == "1"));
        let csv = String::from_utf8(to_csv(&rows)).unwrap();
        assert!(csv.starts_with("province_code,province,wave,"));
        assert!(csv.contains("63,Kalimantan Selatan,3,"));
        let x = to_xlsx(&rows).unwrap();
        assert!(x.starts_with(b"PK"), "an XLSX is a zip");
    }
}
