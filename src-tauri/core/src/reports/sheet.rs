//! The attendance sheet (daftar hadir) for a day or a session, as finance accepts it:
//! header, the brief's columns, the staggered signature column with the captured
//! signatures (an empty box for a wet signature otherwise), each person's badge code
//! small for the paper round trip, the sign-off block, and a footer with "page X of Y"
//! and a verification line (event, day, rows, SHA-256 of the data it was made from).

use super::layout::{self, Align, Cell, Column, Doc, Paper, Table, TableStyle};
use crate::attendance::{self, SheetRow};
use crate::db::Store;
use crate::error::Result;
use crate::events;
use crate::i18n::{self, Lang};
use serde::Serialize;
use sha2::{Digest, Sha256};

/// Empty rows at the end of a blank sheet, for walk-ins.
pub const BLANK_EXTRA_ROWS: usize = 5;

#[derive(Debug, Clone)]
pub struct SheetOptions {
    pub day: Option<i64>,
    pub session_id: Option<String>,
    pub blank: bool,
    pub paper: Paper,
    /// Print the "No. HP" column with everyone's phone number. Off unless the facilitator
    /// chooses it: the sheet goes round the room.
    pub phones: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct SheetInfo {
    pub pages: usize,
    pub rows: usize,
    pub signatures: usize,
    pub sha256: String,
    pub day: i64,
}

/// The SHA-256 of the attendance data a sheet shows: one line per row, in order.
pub fn digest(rows: &[SheetRow], blank: bool) -> String {
    let mut h = Sha256::new();
    for r in rows {
        let p = &r.participant;
        h.update(format!("{}|{}|{}", p.id, p.code, p.name).as_bytes());
        if !blank {
            if let Some(a) = &r.attendance {
                h.update(
                    format!(
                        "|{}|{}|{}|{}",
                        a.id,
                        a.at,
                        a.source,
                        a.signature_sha256.as_deref().unwrap_or("")
                    )
                    .as_bytes(),
                );
            }
        }
        h.update(b"\n");
    }
    hex::encode(h.finalize())
}

/// Phones are stored as +62…; a sheet shows them as people write them: 0812…
pub fn local_phone(p: &str) -> String {
    match p.strip_prefix("+62") {
        Some(rest) => format!("0{rest}"),
        None => p.to_string(),
    }
}

/// The heading block: title and the event's particulars.
fn heading(doc: &mut Doc, lines: &[(String, String)], first: bool) {
    let w = doc.content_width();
    let (x, y) = (doc.margin, doc.y);
    doc.text_in(
        x,
        y,
        w,
        if first { 14.0 } else { 11.0 },
        true,
        Align::Center,
        "DAFTAR HADIR",
    );
    doc.y += if first { 8.0 } else { 6.0 };
    let label_w = 30.0;
    for (label, value) in lines {
        let wrapped = layout::wrap(&layout::printable(value), 9.5, false, w - label_w - 4.0);
        let y = doc.y;
        doc.text(x, y, 9.5, false, label);
        doc.text(x + label_w, y, 9.5, false, ":");
        for (k, l) in wrapped.iter().enumerate() {
            doc.text(
                x + label_w + 3.0,
                y + k as f32 * layout::line_height(9.5),
                9.5,
                k == 0 && label == "Nama Kegiatan",
                l,
            );
        }
        doc.y += wrapped.len().max(1) as f32 * layout::line_height(9.5);
        if !first {
            break; // continuation pages repeat only the event line
        }
    }
    doc.y += 3.0;
}

/// Make the sheet. `progress(done, total)` is called as rows are laid out.
pub fn build(
    store: &Store,
    event_id: &str,
    opts: &SheetOptions,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<(Vec<u8>, SheetInfo)> {
    let ev = events::get(store, event_id)?;
    let session = match &opts.session_id {
        Some(id) => {
            let s = events::get_session(store, id)?;
            if s.event_id != ev.id {
                return Err(crate::Error::not_found("session", id.clone()));
            }
            Some(s)
        }
        None => None,
    };
    let day = session.as_ref().map(|s| s.day).or(opts.day).unwrap_or(1);
    let mut rows = attendance::sheet_rows(store, event_id, day, opts.session_id.as_deref())?;
    let sha = digest(&rows, opts.blank);
    let date = ev.date_of_day(day);

    let mut lines = vec![
        ("Nama Kegiatan".to_string(), ev.title.clone()),
        (
            "Hari/Tanggal".to_string(),
            format!("{} (hari ke-{day})", i18n::long_date(date, Lang::Id)),
        ),
        ("Tempat".to_string(), ev.place_line()),
    ];
    if let Some(s) = &session {
        lines.push((
            "Sesi/Materi".to_string(),
            format!(
                "{} ({}–{} {})",
                s.title,
                s.start.replace(':', "."),
                s.end.replace(':', "."),
                ev.zone_label
            ),
        ));
    }

    let (pw, ph) = opts.paper.size();
    let mut doc = Doc::new(
        pw,
        ph,
        12.0,
        &format!("Daftar hadir {} hari ke-{day}", ev.title),
    );
    // F4 is 5 mm wider, and without phones the sheet has 23 mm more: give it to Instansi
    let phone_width = if opts.phones { 23.0 } else { 0.0 };
    let extra = doc.content_width() - 163.0 - phone_width;
    let mut cols = vec![
        Column::new("No", 7.0).centered(),
        Column::new("Nama", 36.0),
        Column::new("Jabatan", 26.0),
        // Kab/Kota fits the longest single word of a regency's name ("Banjarmasin",
        // "Kotawaringin") at 8 pt, so a name wraps between words, never inside one
        Column::new("Instansi/Unit Kerja", 30.0 + extra),
        Column::new("Kab/Kota", 21.0),
        Column::new("L/P", 7.0).centered(),
        Column::new("No. HP", 23.0),
        Column::new("Tanda Tangan", 36.0),
    ];
    if !opts.phones {
        cols.remove(6);
    }
    let sign_col = cols.len() - 1;
    let cont_lines = lines.clone();
    let on_new_page = move |d: &mut Doc| heading(d, &cont_lines, false);
    let table = Table {
        columns: cols,
        style: TableStyle {
            size: 8.0,
            header_size: 8.0,
            pad: 1.2,
            min_row: 12.5,
        },
        on_new_page: Some(&on_new_page),
    };
    heading(&mut doc, &lines, true);
    table.header(&mut doc);

    let total = rows.len() + if opts.blank { BLANK_EXTRA_ROWS } else { 0 };
    // every signature print-ready before the layout, which then only places them: the
    // print copy made when it was captured, or (signatures from another laptop's file, or
    // from before copies were kept) decoded, greyed and shrunk now, on all cores
    let mut printable: Vec<Option<layout::Image>> = if opts.blank {
        (0..rows.len()).map(|_| None).collect()
    } else {
        let todo: Vec<Option<&[u8]>> = rows
            .iter()
            .map(|r| match r.signature_print {
                Some(_) => None,
                None => r.signature_png.as_deref(),
            })
            .collect();
        let decoded = layout::map_parallel(&todo, |png| {
            let (w, h) = crate::signature::PRINT_BOX;
            png.and_then(|png| layout::signature_image(png, w, h))
        });
        rows.iter_mut()
            .zip(decoded)
            .map(|(r, d)| {
                r.signature_print
                    .take()
                    .map(layout::Image::from_print)
                    .or(d)
            })
            .collect()
    };
    let mut signatures = 0;
    for i in 0..total {
        let r = rows.get(i);
        let n = i + 1;
        let cells: Vec<Cell> = match r {
            Some(r) => {
                let p = &r.participant;
                let mut small = p.code.clone();
                if let Some(nip) = &p.nip {
                    small.push_str(&format!(" · NIP {nip}"));
                }
                let mut cells = vec![
                    n.to_string().into(),
                    Cell {
                        text: p.name.clone(),
                        small,
                        bold: false,
                    },
                    p.position.clone().into(),
                    p.institution.clone().into(),
                    p.regency.clone().into(),
                    p.gender.clone().unwrap_or_default().into(),
                ];
                if opts.phones {
                    cells.push(local_phone(p.phone.as_deref().unwrap_or("")).into());
                }
                cells.push(Cell::default());
                cells
            }
            None => vec![n.to_string().into()],
        };
        let image = printable
            .get_mut(i)
            .and_then(Option::take)
            .map(|img| doc.add_image(img));
        if image.is_some() {
            signatures += 1;
        }
        let mut sign_cell = |d: &mut Doc, spans: &[(f32, f32)], y: f32, h: f32| {
            let (x, w) = spans[sign_col];
            let bw = w * 0.66;
            let bx = if n % 2 == 1 {
                x + 1.0
            } else {
                x + w - bw - 1.0
            };
            // the number sits top-left of the signing place, as on the paper forms
            d.text(bx + 0.6, y + 0.6, 6.5, false, &format!("{n}."));
            match image {
                Some(idx) => d.place(idx, bx + 3.0, y + 1.0, bw - 3.5, h - 2.0),
                None => d.line_grey(bx + 3.0, y + h - 2.0, bx + bw, y + h - 2.0, 0.2, 0.55),
            }
        };
        table.row(&mut doc, &cells, Some(&mut sign_cell));
        if i % 50 == 0 || i + 1 == total {
            progress(i + 1, total);
        }
    }

    // sign-off block
    let block_h = 42.0;
    if doc.y + block_h > doc.bottom() {
        table.break_page(&mut doc);
    }
    let bx = doc.margin + doc.content_width() - 72.0;
    let mut y = doc.y + 6.0;
    let city = if !ev.regency_name.is_empty() {
        ev.regency_name.clone()
    } else {
        ev.province_name.clone()
    };
    doc.text(
        bx,
        y,
        9.5,
        false,
        &format!("{city}, {}", i18n::short_date(date, Lang::Id)),
    );
    y += 5.0;
    let role = if ev.signer_role.is_empty() {
        "Ketua Panitia".to_string()
    } else {
        ev.signer_role.clone()
    };
    doc.text(bx, y, 9.5, false, &role);
    y += 4.0;
    if let Some(png) = events::signer_signature(store, &ev.id)? {
        if let Some(img) = layout::signature_image(&png, 300, 120) {
            let idx = doc.add_image(img);
            doc.place(idx, bx, y, 45.0, 16.0);
        }
    }
    y += 18.0;
    let name = if ev.signer_name.is_empty() {
        "(...................................)".to_string()
    } else {
        ev.signer_name.clone()
    };
    doc.text(bx, y, 9.5, true, &name);
    if !ev.signer_name.is_empty() {
        let w = layout::face(true).width(&name, 9.5);
        doc.line(bx, y + 4.2, bx + w, y + 4.2, 0.25);
    }
    y += 5.0;
    if !ev.signer_nip.is_empty() {
        doc.text(bx, y, 9.0, false, &format!("NIP. {}", ev.signer_nip));
    }

    let scope = match &session {
        Some(s) => format!("sesi {}", s.id),
        None => format!("hari ke-{day}"),
    };
    let verify = format!(
        "Verifikasi: kegiatan {} · {scope} · {} baris{} · SHA-256 {sha}",
        ev.id,
        rows.len(),
        if opts.blank { " (lembar kosong)" } else { "" }
    );
    doc.footer(|p, n| (verify.clone(), format!("Halaman {p} dari {n}")));
    let pages = doc.page_count();
    let bytes = doc.finish().map_err(super::pdf_error)?;
    Ok((
        bytes,
        SheetInfo {
            pages,
            rows: rows.len(),
            signatures,
            sha256: sha,
            day,
        },
    ))
}
