//! The allowance receipt list (daftar penerimaan) as PDF and as XLSX for the finance
//! office: the same numbers from [`crate::allowance::receipts`], nothing computed here.

use super::agenda::sign_off;
use super::layout::{Align, Cell, Column, Doc, Paper, Table, TableStyle};
use crate::allowance::{self, ReceiptList};
use crate::db::Store;
use crate::error::Result;
use crate::events;
use crate::money::{grouped, rupiah};
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct ReceiptsInfo {
    pub pages: usize,
    pub people: usize,
    pub total_net: i64,
    pub total_words: String,
}

fn days_label(days: &[i64]) -> String {
    format!(
        "{} ({})",
        days.len(),
        days.iter()
            .map(|d| d.to_string())
            .collect::<Vec<_>>()
            .join(", ")
    )
}

pub fn pdf(store: &Store, event_id: &str, paper: Paper) -> Result<(Vec<u8>, ReceiptsInfo)> {
    let ev = events::get(store, event_id)?;
    let list = allowance::receipts(store, event_id)?;
    let (pw, ph) = paper.size();
    let mut doc = Doc::new(
        ph.max(pw),
        pw.min(ph),
        12.0,
        &format!("Daftar penerimaan {}", ev.title),
    );
    let (x, w) = (doc.margin, doc.content_width());
    let y = doc.y;
    doc.text_in(x, y, w, 13.0, true, Align::Center, "DAFTAR PENERIMAAN");
    doc.y += 7.0;
    doc.paragraph(10.0, true, Align::Center, &ev.title);
    let when = if ev.days == 1 {
        crate::i18n::long_date(ev.start(), crate::Lang::Id)
    } else {
        format!(
            "{} s.d. {}",
            crate::i18n::short_date(ev.start(), crate::Lang::Id),
            crate::i18n::short_date(ev.date_of_day(ev.days), crate::Lang::Id)
        )
    };
    doc.paragraph(
        9.0,
        false,
        Align::Center,
        &format!("{} · {when}", ev.place_line()),
    );
    doc.y += 2.0;

    let ded = list.has_deduction;
    let money_w = 22.0;
    let fixed = 7.0 + 24.0 + 16.0 + money_w * if ded { 6.0 } else { 5.0 } + 34.0;
    let rest = w - fixed;
    let mut cols = vec![
        Column::new("No", 7.0).centered(),
        Column::new("Nama", rest * 0.55),
        Column::new("Instansi", rest * 0.45),
        Column::new("Peran/Kategori", 24.0),
        Column::new("Hari hadir", 16.0).centered(),
        Column::new("Transport/hari", money_w),
        Column::new("Jumlah transport", money_w),
        Column::new("Uang paket", money_w),
        Column::new("Jumlah", money_w),
    ];
    if ded {
        cols.push(Column::new("Potongan", money_w));
    }
    cols.push(Column::new("Diterima", money_w));
    cols.push(Column::new("Tanda Tangan", 34.0));
    for c in cols.iter_mut().skip(5).take(if ded { 6 } else { 5 }) {
        c.align = Align::Right;
    }
    let sign_col = cols.len() - 1;
    let title = ev.title.clone();
    let heading = move |d: &mut Doc| {
        let (x, w, y) = (d.margin, d.content_width(), d.y);
        d.text_in(
            x,
            y,
            w,
            9.0,
            false,
            Align::Center,
            &format!("Daftar penerimaan · {title}"),
        );
        d.y += 6.0;
    };
    let table = Table {
        columns: cols,
        style: TableStyle {
            size: 7.8,
            header_size: 7.5,
            pad: 1.1,
            min_row: 11.0,
        },
        on_new_page: Some(&heading),
    };
    table.header(&mut doc);
    for l in &list.lines {
        let n = l.no;
        let mut cells: Vec<Cell> = vec![
            n.to_string().into(),
            Cell {
                text: l.name.clone(),
                small: match &l.nip {
                    Some(nip) => format!("{} · NIP {nip}", l.code),
                    None => l.code.clone(),
                },
                bold: false,
            },
            l.institution.clone().into(),
            Cell {
                text: l.role_label.clone(),
                small: l.category_label.clone(),
                bold: false,
            },
            days_label(&l.days).into(),
            grouped(l.per_day).into(),
            grouped(l.transport).into(),
            grouped(l.lump_sum).into(),
            grouped(l.gross).into(),
        ];
        if ded {
            cells.push(Cell {
                text: grouped(l.deduction),
                small: l
                    .deduction_bp
                    .map(allowance::percent_label)
                    .unwrap_or_default(),
                bold: false,
            });
        }
        cells.push(Cell {
            text: grouped(l.net),
            bold: true,
            ..Default::default()
        });
        cells.push(Cell::default());
        let mut sign = |d: &mut Doc, spans: &[(f32, f32)], y: f32, h: f32| {
            let (x, w) = spans[sign_col];
            let bw = w * 0.66;
            let bx = if n % 2 == 1 {
                x + 1.0
            } else {
                x + w - bw - 1.0
            };
            d.text(bx + 0.6, y + 0.6, 6.5, false, &format!("{n}."));
            d.line_grey(bx + 3.0, y + h - 2.0, bx + bw, y + h - 2.0, 0.2, 0.55);
        };
        table.row(&mut doc, &cells, Some(&mut sign));
    }
    let bold = |s: String| Cell {
        text: s,
        bold: true,
        ..Default::default()
    };
    let mut total: Vec<Cell> = vec![
        Cell::default(),
        bold("JUMLAH".into()),
        Cell::default(),
        Cell::default(),
        Cell::default(),
        Cell::default(),
        bold(grouped(list.total_transport)),
        bold(grouped(list.total_lump_sum)),
        bold(grouped(list.total_gross)),
    ];
    if ded {
        total.push(bold(grouped(list.total_deduction)));
    }
    total.push(bold(grouped(list.total_net)));
    total.push(Cell::default());
    table.row(&mut doc, &total, None);

    if doc.y + 56.0 > doc.bottom() {
        table.break_page(&mut doc);
    }
    doc.y += 3.0;
    doc.paragraph(
        9.5,
        false,
        Align::Left,
        &format!(
            "Jumlah yang diterima: {} ({})",
            rupiah(list.total_net),
            list.total_words
        ),
    );
    signers_block(&mut doc, &ev, &list);
    let stamp = format!(
        "Daftar penerimaan · {} · {} orang",
        ev.title,
        list.lines.len()
    );
    doc.footer(|p, n| (stamp.clone(), format!("Halaman {p} dari {n}")));
    let pages = doc.page_count();
    Ok((
        doc.finish().map_err(super::pdf_error)?,
        ReceiptsInfo {
            pages,
            people: list.lines.len(),
            total_net: list.total_net,
            total_words: list.total_words.clone(),
        },
    ))
}

/// Two signers side by side: the treasurer (left) and the person in charge (right).
fn signers_block(doc: &mut Doc, ev: &events::Event, list: &ReceiptList) {
    let s = &list.signers;
    let top = doc.y;
    let city = if ev.regency_name.is_empty() {
        ev.province_name.clone()
    } else {
        ev.regency_name.clone()
    };
    let date = ev.date_of_day(ev.days);
    // left: the treasurer, drawn by moving the right-hand block's margin
    let x = doc.margin;
    let mut y = top + 11.0;
    doc.text(x + 10.0, y, 9.5, false, "Bendahara Pengeluaran");
    y += 22.0;
    let name = if s.treasurer_name.is_empty() {
        "(...................................)"
    } else {
        &s.treasurer_name
    };
    doc.text(x + 10.0, y, 9.5, true, name);
    if !s.treasurer_nip.is_empty() {
        doc.text(
            x + 10.0,
            y + 5.0,
            9.0,
            false,
            &format!("NIP. {}", s.treasurer_nip),
        );
    }
    doc.y = top;
    let role = if s.officer_role.is_empty() {
        "Penanggung Jawab Kegiatan"
    } else {
        &s.officer_role
    };
    let place_date = format!("{city}, {}", crate::i18n::short_date(date, crate::Lang::Id));
    sign_off(doc, &place_date, role, &s.officer_name, &s.officer_nip);
}

/// The same numbers as a workbook for the finance office.
pub fn xlsx(store: &Store, event_id: &str) -> Result<(Vec<u8>, ReceiptsInfo)> {
    use rust_xlsxwriter::{Format, FormatAlign, Workbook};
    let ev = events::get(store, event_id)?;
    let list = allowance::receipts(store, event_id)?;
    let err =
        |e: rust_xlsxwriter::XlsxError| crate::Error::from(super::ReportError::Xlsx(e.to_string()));
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Daftar penerimaan").map_err(err)?;
    let bold = Format::new().set_bold();
    let money = Format::new().set_num_format("#,##0");
    let money_bold = Format::new().set_num_format("#,##0").set_bold();
    let head = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_border(rust_xlsxwriter::FormatBorder::Thin);
    ws.write_string_with_format(0, 0, "DAFTAR PENERIMAAN", &bold)
        .map_err(err)?;
    ws.write_string(1, 0, &ev.title).map_err(err)?;
    ws.write_string(2, 0, ev.place_line()).map_err(err)?;
    let mut headers = vec![
        "No",
        "Kode",
        "Nama",
        "NIP",
        "Instansi",
        "Peran",
        "Kategori",
        "Hari hadir",
        "Hari ke-",
        "Transport per hari",
        "Jumlah transport",
        "Uang paket",
        "Jumlah",
    ];
    if list.has_deduction {
        headers.extend(["Potongan (%)", "Potongan"]);
    }
    headers.extend(["Diterima", "Tanda tangan"]);
    let r0 = 4u32;
    for (c, h) in headers.iter().enumerate() {
        ws.write_string_with_format(r0, c as u16, *h, &head)
            .map_err(err)?;
    }
    for (i, l) in list.lines.iter().enumerate() {
        let r = r0 + 1 + i as u32;
        let mut c = 0u16;
        let mut next = || {
            c += 1;
            c - 1
        };
        ws.write_number(r, next(), l.no as f64).map_err(err)?;
        ws.write_string(r, next(), &l.code).map_err(err)?;
        ws.write_string(r, next(), &l.name).map_err(err)?;
        ws.write_string(r, next(), l.nip.as_deref().unwrap_or(""))
            .map_err(err)?;
        ws.write_string(r, next(), &l.institution).map_err(err)?;
        ws.write_string(r, next(), &l.role_label).map_err(err)?;
        ws.write_string(r, next(), &l.category_label).map_err(err)?;
        ws.write_number(r, next(), l.days.len() as f64)
            .map_err(err)?;
        ws.write_string(
            r,
            next(),
            l.days
                .iter()
                .map(|d| d.to_string())
                .collect::<Vec<_>>()
                .join(", "),
        )
        .map_err(err)?;
        ws.write_number_with_format(r, next(), l.per_day as f64, &money)
            .map_err(err)?;
        ws.write_number_with_format(r, next(), l.transport as f64, &money)
            .map_err(err)?;
        ws.write_number_with_format(r, next(), l.lump_sum as f64, &money)
            .map_err(err)?;
        ws.write_number_with_format(r, next(), l.gross as f64, &money)
            .map_err(err)?;
        if list.has_deduction {
            ws.write_number(r, next(), l.deduction_bp.unwrap_or(0) as f64 / 100.0)
                .map_err(err)?;
            ws.write_number_with_format(r, next(), l.deduction as f64, &money)
                .map_err(err)?;
        }
        ws.write_number_with_format(r, next(), l.net as f64, &money_bold)
            .map_err(err)?;
    }
    let r = r0 + 1 + list.lines.len() as u32;
    ws.write_string_with_format(r, 2, "JUMLAH", &bold)
        .map_err(err)?;
    let mut c = 10u16;
    for v in [list.total_transport, list.total_lump_sum, list.total_gross] {
        ws.write_number_with_format(r, c, v as f64, &money_bold)
            .map_err(err)?;
        c += 1;
    }
    if list.has_deduction {
        c += 1;
        ws.write_number_with_format(r, c, list.total_deduction as f64, &money_bold)
            .map_err(err)?;
        c += 1;
    }
    ws.write_number_with_format(r, c, list.total_net as f64, &money_bold)
        .map_err(err)?;
    ws.write_string(r + 1, 2, format!("Terbilang: {}", list.total_words))
        .map_err(err)?;
    ws.set_column_width(2, 30).map_err(err)?;
    ws.set_column_width(4, 30).map_err(err)?;
    for col in 9..(headers.len() as u16) {
        ws.set_column_width(col, 14).map_err(err)?;
    }
    let bytes = wb.save_to_buffer().map_err(err)?;
    Ok((
        bytes,
        ReceiptsInfo {
            pages: 0,
            people: list.lines.len(),
            total_net: list.total_net,
            total_words: list.total_words.clone(),
        },
    ))
}
