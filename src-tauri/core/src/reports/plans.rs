//! The follow-up plan report (Rencana Tindak Lanjut): landscape, per institution, with
//! the brief's columns, each item's TPBIS strategy and status.

use super::layout::{Align, Cell, Column, Doc, Table, TableStyle};
use crate::db::Store;
use crate::error::Result;
use crate::events;
use crate::i18n::{self, Lang};
use crate::plans::{self, Plan};

pub struct PlansInfo {
    pub pages: usize,
    pub plans: usize,
    pub items: usize,
}

fn title_block(doc: &mut Doc, event_title: &str, plan: Option<&Plan>) {
    let (x, w) = (doc.margin, doc.content_width());
    let y = doc.y;
    doc.text_in(
        x,
        y,
        w,
        13.0,
        true,
        Align::Center,
        "RENCANA TINDAK LANJUT (RTL)",
    );
    doc.y += 6.5;
    let y = doc.y;
    doc.text_in(x, y, w, 9.5, false, Align::Center, event_title);
    doc.y += 6.0;
    if let Some(p) = plan {
        let y = doc.y;
        doc.text(x, y, 10.5, true, &format!("Lembaga: {}", p.institution));
        doc.y += 5.5;
    }
}

/// Make the report for the whole event, or for one institution (name, case-insensitive).
pub fn build(
    store: &Store,
    event_id: &str,
    institution: Option<&str>,
) -> Result<(Vec<u8>, PlansInfo)> {
    let ev = events::get(store, event_id)?;
    let mut list = plans::list(store, event_id)?;
    if let Some(name) = institution {
        let key = crate::text::fold(name);
        list.retain(|p| crate::text::fold(&p.institution) == key);
        if list.is_empty() {
            return Err(super::ReportError::NoPlanFor(name.trim().to_string()).into());
        }
    }
    let mut doc = Doc::new(297.0, 210.0, 10.0, &format!("RTL {}", ev.title));
    let cols = vec![
        Column::new("No", 8.0).centered(),
        Column::new("Kegiatan", 30.0),
        Column::new("Tujuan", 26.0),
        Column::new("Sasaran", 21.0),
        Column::new("Metode", 20.0),
        Column::new("Waktu", 20.0),
        Column::new("Tempat", 19.0),
        Column::new("Penanggung Jawab", 22.0),
        Column::new("Sumber Daya/Biaya", 23.0),
        Column::new("Indikator Keberhasilan", 28.0),
        Column::new("Strategi TPBIS", 22.0),
        Column::new("Status", 21.0),
        Column::new("Keterangan", 17.0),
    ];
    let mut items = 0;
    if list.is_empty() {
        title_block(&mut doc, &ev.title, None);
        doc.paragraph(
            10.0,
            false,
            Align::Left,
            "Belum ada rencana tindak lanjut yang dicatat untuk kegiatan ini.",
        );
    }
    for (n, plan) in list.iter().enumerate() {
        if n > 0 && doc.y + 40.0 > doc.bottom() {
            doc.new_page();
        } else if n > 0 {
            doc.y += 6.0;
        }
        title_block(&mut doc, &ev.title, Some(plan));
        if plan.presented {
            let y = doc.y;
            let x = doc.margin;
            doc.text(x, y, 8.0, false, "Sudah dipresentasikan dalam pleno.");
            doc.y += 4.5;
        }
        let heading = |d: &mut Doc| title_block(d, &ev.title, Some(plan));
        let table = Table {
            columns: cols
                .iter()
                .map(|c| Column {
                    title: c.title.clone(),
                    width: c.width,
                    align: c.align,
                })
                .collect(),
            style: TableStyle {
                size: 7.5,
                header_size: 7.5,
                pad: 1.2,
                min_row: 7.0,
            },
            on_new_page: Some(&heading),
        };
        table.header(&mut doc);
        if plan.items.is_empty() {
            table.row(
                &mut doc,
                &[Cell::default(), "(belum ada kegiatan)".into()],
                None,
            );
        }
        for (i, it) in plan.items.iter().enumerate() {
            let resources = [it.resources.as_str(), it.funding.as_str()]
                .iter()
                .filter(|s| !s.is_empty())
                .copied()
                .collect::<Vec<_>>()
                .join("; ");
            let status = Cell {
                text: it.status.label(Lang::Id).to_string(),
                small: i18n::short_date(
                    chrono::NaiveDate::parse_from_str(&it.status_changed, "%Y-%m-%d")
                        .unwrap_or_default(),
                    Lang::Id,
                ),
                bold: false,
            };
            let cells: Vec<Cell> = vec![
                (i + 1).to_string().into(),
                Cell {
                    text: it.activity.clone(),
                    bold: true,
                    ..Default::default()
                },
                it.objective.clone().into(),
                it.target_group.clone().into(),
                it.method.clone().into(),
                it.when_text(Lang::Id).into(),
                it.place.clone().into(),
                it.responsible.clone().into(),
                resources.into(),
                it.indicator.clone().into(),
                it.strategy.label(Lang::Id).into(),
                status,
                it.notes.clone().into(),
            ];
            table.row(&mut doc, &cells, None);
            items += 1;
        }
    }
    let stamp = format!(
        "{} · dicetak {}",
        ev.title,
        chrono::Local::now().format("%d-%m-%Y %H.%M")
    );
    doc.footer(|p, n| (stamp.clone(), format!("Halaman {p} dari {n}")));
    let pages = doc.page_count();
    let bytes = doc.finish().map_err(super::pdf_error)?;
    Ok((
        bytes,
        PlansInfo {
            pages,
            plans: list.len(),
            items,
        },
    ))
}
