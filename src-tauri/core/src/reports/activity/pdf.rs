//! The activity report as a PDF, from the same [`Report`] the DOCX is made from.

use super::{Block, Report, ReportInfo};
use crate::error::Result;
use crate::reports::layout::{Align, Cell, Column, Doc, Image, Table, TableStyle};

pub fn render(r: &Report) -> Result<(Vec<u8>, ReportInfo)> {
    let mut doc = Doc::new(210.0, 297.0, 20.0, &format!("{} {}", r.kind, r.title));
    let (x, w) = (doc.margin, doc.content_width());
    // cover
    doc.y = 80.0;
    let y = doc.y;
    doc.text_in(x, y, w, 20.0, true, Align::Center, &r.kind);
    doc.y += 14.0;
    doc.paragraph(15.0, true, Align::Center, &r.title);
    doc.y += 8.0;
    for l in &r.cover_lines {
        doc.paragraph(11.0, false, Align::Center, l);
    }
    doc.new_page();
    let mut photos = 0;
    for b in &r.blocks {
        match b {
            Block::Heading(t) => {
                if doc.y + 30.0 > doc.bottom() {
                    doc.new_page();
                }
                doc.y += 5.0;
                doc.paragraph(12.5, true, Align::Left, t);
                doc.y += 1.5;
            }
            Block::Para(t) => {
                if doc.y + 8.0 > doc.bottom() {
                    doc.new_page();
                }
                doc.paragraph(10.0, false, Align::Left, t);
                doc.y += 1.5;
            }
            Block::Bullet(t) => {
                if doc.y + 8.0 > doc.bottom() {
                    doc.new_page();
                }
                doc.paragraph(10.0, false, Align::Left, &format!("•  {t}"));
                doc.y += 0.5;
            }
            Block::Table {
                head,
                widths,
                rows,
                total,
            } => {
                let sum: f32 = widths.iter().sum();
                // figures are centred, words stay left
                let numeric = |i: usize| {
                    rows.iter().all(|r| {
                        r.get(i).is_none_or(|v| {
                            v.chars()
                                .all(|c| c.is_ascii_digit() || " /%.,—-".contains(c))
                        })
                    })
                };
                let table = Table {
                    columns: head
                        .iter()
                        .zip(widths)
                        .enumerate()
                        .map(|(i, (h, cw))| {
                            let c = Column::new(h.clone(), w * cw / sum);
                            if numeric(i) {
                                c.centered()
                            } else {
                                c
                            }
                        })
                        .collect(),
                    style: TableStyle {
                        size: 9.0,
                        header_size: 8.5,
                        pad: 1.4,
                        min_row: 6.0,
                    },
                    on_new_page: None,
                };
                if doc.y + 20.0 > doc.bottom() {
                    doc.new_page();
                }
                table.header(&mut doc);
                for (i, row) in rows.iter().enumerate() {
                    let bold = *total && i + 1 == rows.len();
                    let cells: Vec<Cell> = row
                        .iter()
                        .map(|t| Cell {
                            text: t.clone(),
                            bold,
                            ..Default::default()
                        })
                        .collect();
                    table.row(&mut doc, &cells, None);
                }
                doc.y += 3.0;
            }
            Block::Photo {
                jpeg,
                width,
                height,
                caption,
            } => {
                let max_w = w * 0.8;
                let max_h = 95.0;
                let scale = (max_w / *width as f32).min(max_h / *height as f32);
                let (pw, ph) = (*width as f32 * scale, *height as f32 * scale);
                if doc.y + ph + 12.0 > doc.bottom() {
                    doc.new_page();
                }
                let idx = doc.add_image(Image::from_jpeg(
                    jpeg.clone(),
                    *width as usize,
                    *height as usize,
                ));
                let y = doc.y;
                doc.place(idx, x + (w - pw) / 2.0, y, pw, ph);
                doc.y += ph + 1.5;
                doc.paragraph(9.0, false, Align::Center, caption);
                doc.y += 3.0;
                photos += 1;
            }
        }
    }
    // sign-off
    if doc.y + 45.0 > doc.bottom() {
        doc.new_page();
    }
    super::super::agenda::sign_off(
        &mut doc,
        &r.signer_city_date,
        &r.signer_role,
        &r.signer_name,
        &r.signer_nip,
    );
    let stamp = format!("{} · {}", r.kind, r.title);
    let page_word = match r.lang {
        crate::Lang::Id => ("Halaman", "dari"),
        crate::Lang::En => ("Page", "of"),
    };
    doc.footer(|p, n| {
        (
            stamp.clone(),
            format!("{} {p} {} {n}", page_word.0, page_word.1),
        )
    });
    let pages = doc.page_count();
    let bytes = doc.finish().map_err(crate::reports::pdf_error)?;
    let n = bytes.len();
    Ok((
        bytes,
        ReportInfo {
            pages,
            photos,
            bytes: n,
        },
    ))
}
