//! The agenda (jadwal acara) per day: time in the venue's zone ("08.30–10.00 WITA"),
//! session, facilitators and resource person, with the event's heading and the sign-off
//! block. Printable before the event, to go out with the invitation.

use super::layout::{self, Align, Cell, Column, Doc, Paper, Table, TableStyle};
use crate::db::Store;
use crate::error::Result;
use crate::events::{self, Event, Session};
use crate::i18n::{self, Lang};
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct AgendaInfo {
    pub pages: usize,
    pub sessions: usize,
    pub days: i64,
}

/// "08.30–10.00 WITA"
pub fn time_range(s: &Session, ev: &Event) -> String {
    format!(
        "{}–{} {}",
        s.start.replace(':', "."),
        s.end.replace(':', "."),
        ev.zone_label
    )
}

/// The sign-off block at the cursor, right-aligned: "City, date / role / name / NIP".
pub(crate) fn sign_off(doc: &mut Doc, place_date: &str, role: &str, name: &str, nip: &str) {
    let bx = doc.margin + doc.content_width() - 72.0;
    let mut y = doc.y + 6.0;
    doc.text(bx, y, 9.5, false, place_date);
    y += 5.0;
    doc.text(bx, y, 9.5, false, role);
    y += 22.0;
    let shown = if name.is_empty() {
        "(...................................)"
    } else {
        name
    };
    doc.text(bx, y, 9.5, true, shown);
    if !name.is_empty() {
        let w = layout::face(true).width(shown, 9.5);
        doc.line(bx, y + 4.2, bx + w, y + 4.2, 0.25);
    }
    y += 5.0;
    if !nip.is_empty() {
        doc.text(bx, y, 9.0, false, &format!("NIP. {nip}"));
    }
    doc.y = y + 6.0;
}

pub fn build(store: &Store, event_id: &str, paper: Paper) -> Result<(Vec<u8>, AgendaInfo)> {
    let ev = events::get(store, event_id)?;
    let sessions = events::list_sessions(store, event_id)?;
    let (pw, ph) = paper.size();
    let mut doc = Doc::new(pw, ph, 15.0, &format!("Jadwal acara {}", ev.title));
    let (x, w) = (doc.margin, doc.content_width());
    let y = doc.y;
    doc.text_in(x, y, w, 14.0, true, Align::Center, "JADWAL ACARA");
    doc.y += 8.0;
    doc.paragraph(11.0, true, Align::Center, &ev.title);
    doc.paragraph(9.5, false, Align::Center, &ev.place_line());
    doc.y += 2.0;
    let heading = |d: &mut Doc| {
        let (x, w, y) = (d.margin, d.content_width(), d.y);
        d.text_in(
            x,
            y,
            w,
            9.0,
            false,
            Align::Center,
            &format!("Jadwal acara · {}", ev.title),
        );
        d.y += 6.0;
    };
    let table = Table {
        columns: vec![
            Column::new("Waktu", 34.0),
            Column::new("Acara/Materi", w - 34.0 - 46.0 - 36.0),
            Column::new("Fasilitator", 46.0),
            Column::new("Narasumber", 36.0),
        ],
        style: TableStyle {
            size: 9.0,
            header_size: 8.5,
            pad: 1.5,
            min_row: 8.0,
        },
        on_new_page: Some(&heading),
    };
    for day in 1..=ev.days {
        if doc.y + 30.0 > doc.bottom() {
            doc.new_page();
        }
        doc.y += 4.0;
        let (x, y) = (doc.margin, doc.y);
        doc.text(
            x,
            y,
            11.0,
            true,
            &format!(
                "Hari ke-{day}: {}",
                i18n::long_date(ev.date_of_day(day), Lang::Id)
            ),
        );
        doc.y += 6.5;
        let of_day: Vec<&Session> = sessions.iter().filter(|s| s.day == day).collect();
        if of_day.is_empty() {
            doc.paragraph(9.0, false, Align::Left, "Belum ada sesi untuk hari ini.");
            continue;
        }
        table.header(&mut doc);
        for s in of_day {
            table.row(
                &mut doc,
                &[
                    time_range(s, &ev).into(),
                    Cell {
                        text: s.title.clone(),
                        small: events::kind_label(&s.kind, Lang::Id).to_string(),
                        bold: false,
                    },
                    s.facilitators.clone().into(),
                    s.resource_person.clone().into(),
                ],
                None,
            );
        }
    }
    if doc.y + 42.0 > doc.bottom() {
        doc.new_page();
    }
    let city = if ev.regency_name.is_empty() {
        ev.province_name.clone()
    } else {
        ev.regency_name.clone()
    };
    let role = if ev.signer_role.is_empty() {
        "Ketua Panitia".to_string()
    } else {
        ev.signer_role.clone()
    };
    let place_date = format!("{city}, {}", i18n::short_date(ev.start(), Lang::Id));
    sign_off(
        &mut doc,
        &place_date,
        &role,
        &ev.signer_name,
        &ev.signer_nip,
    );
    let stamp = format!("{} · {}", ev.title, ev.place_line());
    doc.footer(|p, n| (stamp.clone(), format!("Halaman {p} dari {n}")));
    let pages = doc.page_count();
    Ok((
        doc.finish().map_err(super::pdf_error)?,
        AgendaInfo {
            pages,
            sessions: sessions.len(),
            days: ev.days,
        },
    ))
}
