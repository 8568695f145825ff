//! The event summary a head of office reads: participants by category and gender,
//! attendance per day as a bar chart (vectors), follow-up items by strategy and status,
//! awards, and the learning notes counted.

use super::layout::{Align, Cell, Column, Doc, Table, TableStyle};
use crate::attendance;
use crate::awards;
use crate::db::Store;
use crate::error::Result;
use crate::events;
use crate::i18n::{self, Lang};
use crate::notes;
use crate::participants::{self, CATEGORIES};
use crate::plans;

fn section(doc: &mut Doc, title: &str) {
    if doc.y + 30.0 > doc.bottom() {
        doc.new_page();
    }
    doc.y += 5.0;
    let (x, y) = (doc.margin, doc.y);
    doc.text(x, y, 11.5, true, title);
    doc.y += 7.0;
}

fn small_table(columns: Vec<Column>) -> Table<'static> {
    Table {
        columns,
        style: TableStyle {
            size: 9.0,
            header_size: 8.5,
            pad: 1.4,
            min_row: 6.0,
        },
        on_new_page: None,
    }
}

pub fn build(store: &Store, event_id: &str) -> Result<(Vec<u8>, usize)> {
    let ev = events::get(store, event_id)?;
    let people: Vec<_> = participants::list(store, event_id)?;
    let mut doc = Doc::new(210.0, 297.0, 15.0, &format!("Ringkasan {}", ev.title));
    let (x, w) = (doc.margin, doc.content_width());
    let y = doc.y;
    doc.text_in(x, y, w, 15.0, true, Align::Center, "RINGKASAN KEGIATAN");
    doc.y += 8.0;
    doc.paragraph(11.0, true, Align::Center, &ev.title);
    let place = ev.place_line();
    let when = if ev.days == 1 {
        i18n::long_date(ev.start(), Lang::Id)
    } else {
        format!(
            "{} s.d. {} ({} hari)",
            i18n::short_date(ev.start(), Lang::Id),
            i18n::short_date(ev.date_of_day(ev.days), Lang::Id),
            ev.days
        )
    };
    doc.paragraph(
        9.5,
        false,
        Align::Center,
        &format!(
            "{place} · {when}{}",
            ev.wave
                .map(|w| format!(" · Gelombang {w}"))
                .unwrap_or_default()
        ),
    );

    // 1. participants
    section(
        &mut doc,
        &format!(
            "1. Peserta menurut kategori dan jenis kelamin ({} orang)",
            people.len()
        ),
    );
    let t = small_table(vec![
        Column::new("Kategori", 90.0),
        Column::new("L", 20.0).centered(),
        Column::new("P", 20.0).centered(),
        Column::new("Tidak diisi", 25.0).centered(),
        Column::new("Jumlah", 25.0).centered(),
    ]);
    t.header(&mut doc);
    let (mut tl, mut tp, mut tu) = (0, 0, 0);
    for (code, label) in CATEGORIES {
        let of: Vec<_> = people.iter().filter(|p| p.category == code).collect();
        if of.is_empty() {
            continue;
        }
        let l = of
            .iter()
            .filter(|p| p.gender.as_deref() == Some("L"))
            .count();
        let p = of
            .iter()
            .filter(|p| p.gender.as_deref() == Some("P"))
            .count();
        let u = of.len() - l - p;
        tl += l;
        tp += p;
        tu += u;
        t.row(
            &mut doc,
            &[
                label.into(),
                l.to_string().into(),
                p.to_string().into(),
                u.to_string().into(),
                of.len().to_string().into(),
            ],
            None,
        );
    }
    let bold = |s: String| Cell {
        text: s,
        bold: true,
        ..Default::default()
    };
    t.row(
        &mut doc,
        &[
            bold("Jumlah".into()),
            bold(tl.to_string()),
            bold(tp.to_string()),
            bold(tu.to_string()),
            bold(people.len().to_string()),
        ],
        None,
    );

    // 2. attendance per day: a bar chart
    section(&mut doc, "2. Kehadiran per hari");
    let label_w = 55.0;
    let bar_w = w - label_w - 30.0;
    for day in 1..=ev.days {
        let s = attendance::day_summary(store, event_id, day)?;
        let share = if s.expected > 0 {
            s.present as f32 / s.expected as f32
        } else {
            0.0
        };
        if doc.y + 9.0 > doc.bottom() {
            doc.new_page();
        }
        let y = doc.y;
        doc.text(
            x,
            y + 1.0,
            9.0,
            false,
            &format!(
                "Hari ke-{day} · {}",
                i18n::short_date(ev.date_of_day(day), Lang::Id)
            ),
        );
        doc.rect(x + label_w, y, bar_w, 6.0, Some(0.93), Some(0.7));
        if share > 0.0 {
            doc.rect(
                x + label_w,
                y,
                bar_w * share.min(1.0),
                6.0,
                Some(0.35),
                None,
            );
        }
        doc.text(
            x + label_w + bar_w + 2.0,
            y + 1.0,
            9.0,
            true,
            &format!("{}/{} ({:.0}%)", s.present, s.expected, share * 100.0),
        );
        doc.y += 8.5;
    }
    // gridlines labels
    let y = doc.y;
    for (k, pct) in ["0%", "50%", "100%"].iter().enumerate() {
        let gx = x + label_w + bar_w * k as f32 / 2.0;
        doc.text_in(gx - 10.0, y, 20.0, 7.0, false, Align::Center, pct);
    }
    doc.y += 5.0;

    // 3. follow-up plans
    let counts = plans::counts_by_strategy(store, event_id)?;
    let plan_count = plans::list(store, event_id)?.len();
    section(
        &mut doc,
        &format!(
            "3. Rencana tindak lanjut ({} lembaga, {} kegiatan)",
            plan_count,
            counts.iter().map(|c| c.total).sum::<i64>()
        ),
    );
    let t = small_table(vec![
        Column::new("Strategi TPBIS", 60.0),
        Column::new("Direncanakan", 24.0).centered(),
        Column::new("Berjalan", 24.0).centered(),
        Column::new("Selesai", 24.0).centered(),
        Column::new("Batal", 24.0).centered(),
        Column::new("Jumlah", 24.0).centered(),
    ]);
    t.header(&mut doc);
    for c in &counts {
        t.row(
            &mut doc,
            &[
                c.strategy.label(Lang::Id).into(),
                c.planned.to_string().into(),
                c.in_progress.to_string().into(),
                c.done.to_string().into(),
                c.dropped.to_string().into(),
                bold(c.total.to_string()),
            ],
            None,
        );
    }

    // 4. awards
    section(&mut doc, "4. Penghargaan");
    let cats = awards::list(store, event_id)?;
    let t = small_table(vec![
        Column::new("Kategori", 75.0),
        Column::new("Pemenang", 75.0),
        Column::new("Nilai", 30.0).centered(),
    ]);
    t.header(&mut doc);
    for c in &cats {
        let ranking = awards::ranking(c);
        let (winner, score) = match c
            .winner_id
            .as_deref()
            .and_then(|w| ranking.iter().find(|r| r.nominee_id == w))
        {
            Some(r) => (
                format!(
                    "{}{}",
                    r.institution,
                    if r.regency.is_empty() {
                        String::new()
                    } else {
                        format!(" ({})", r.regency)
                    }
                ),
                if r.sheets_complete > 0 {
                    format!("{:.2}", r.score)
                } else {
                    "—".to_string()
                },
            ),
            None => ("belum ditetapkan".to_string(), String::new()),
        };
        t.row(
            &mut doc,
            &[c.name.clone().into(), winner.into(), score.into()],
            None,
        );
    }

    // 5. learning notes and stories
    section(&mut doc, "5. Catatan pembelajaran dan kisah dampak");
    let all_notes = notes::list_notes(store, event_id, None)?;
    let stories = notes::list_stories(store, event_id)?;
    let mut parts: Vec<String> = notes::NoteKind::ALL
        .iter()
        .map(|&k| {
            format!(
                "{}: {}",
                k.label(Lang::Id),
                all_notes.iter().filter(|n| n.kind == k).count()
            )
        })
        .collect();
    parts.push(format!(
        "Kisah dampak: {} ({} boleh dipublikasikan)",
        stories.len(),
        stories.iter().filter(|s| s.publishable).count()
    ));
    doc.paragraph(9.5, false, Align::Left, &parts.join(" · "));
    for n in all_notes.iter().filter(|n| n.kind == "obstacle").take(8) {
        doc.paragraph(9.0, false, Align::Left, &format!("• Kendala: {}", n.text));
    }

    let stamp = format!(
        "{} · dicetak {}",
        ev.title,
        chrono::Local::now().format("%d-%m-%Y %H.%M")
    );
    doc.footer(|p, n| (stamp.clone(), format!("Halaman {p} dari {n}")));
    let pages = doc.page_count();
    Ok((doc.finish().map_err(super::pdf_error)?, pages))
}
