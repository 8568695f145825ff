//! Name badges: name, institution, category and a QR code of the badge code, eight to an
//! A4 page with cut marks.

use super::layout::{self, Align, Doc};
use crate::db::Store;
use crate::error::Result;
use crate::events;
use crate::participants;
use qrcode::{Color, EcLevel, QrCode};

const W: f32 = 88.0;
const H: f32 = 60.0;
const GAP: f32 = 4.0;
const COLS: usize = 2;
const ROWS: usize = 4;

/// Draw a QR code of `data` as vector squares in a `size` mm square.
pub fn qr(doc: &mut Doc, data: &str, x: f32, y: f32, size: f32) {
    let Ok(code) = QrCode::with_error_correction_level(data.as_bytes(), EcLevel::M) else {
        return;
    };
    let n = code.width();
    let quiet = 2.0;
    let m = size / (n as f32 + 2.0 * quiet);
    let colors = code.to_colors();
    for row in 0..n {
        // one rectangle per run of dark modules keeps the file small
        let mut col = 0;
        while col < n {
            if colors[row * n + col] == Color::Dark {
                let start = col;
                while col < n && colors[row * n + col] == Color::Dark {
                    col += 1;
                }
                let rx = x + (quiet + start as f32) * m;
                let ry = y + (quiet + row as f32) * m;
                doc.rect(
                    rx,
                    ry,
                    (col - start) as f32 * m + 0.01,
                    m + 0.01,
                    Some(0.0),
                    None,
                );
            } else {
                col += 1;
            }
        }
    }
}

fn cut_marks(doc: &mut Doc, x: f32, y: f32) {
    let l = 2.5;
    for (cx, cy) in [(x, y), (x + W, y), (x, y + H), (x + W, y + H)] {
        let dx = if cx == x { -1.0 } else { 1.0 };
        let dy = if cy == y { -1.0 } else { 1.0 };
        doc.line(cx + dx * 0.8, cy, cx + dx * (0.8 + l), cy, 0.2);
        doc.line(cx, cy + dy * 0.8, cx, cy + dy * (0.8 + l), 0.2);
    }
}

/// Make the badges of everyone on the event's list (erased people excluded).
pub fn build(store: &Store, event_id: &str) -> Result<(Vec<u8>, usize, usize)> {
    let ev = events::get(store, event_id)?;
    let people: Vec<_> = participants::list(store, event_id)?
        .into_iter()
        .filter(|p| !p.erased)
        .collect();
    let mut doc = Doc::new(210.0, 297.0, 10.0, &format!("Badge {}", ev.title));
    let x0 = (210.0 - (COLS as f32 * W + (COLS - 1) as f32 * GAP)) / 2.0;
    let y0 = (297.0 - (ROWS as f32 * H + (ROWS - 1) as f32 * GAP)) / 2.0;
    for (i, p) in people.iter().enumerate() {
        let k = i % (COLS * ROWS);
        if i > 0 && k == 0 {
            doc.new_page();
        }
        let (x, y) = (
            x0 + (k % COLS) as f32 * (W + GAP),
            y0 + (k / COLS) as f32 * (H + GAP),
        );
        cut_marks(&mut doc, x, y);
        doc.rect(x, y, W, H, None, Some(0.75));
        // event band
        doc.rect(x, y, W, 9.0, Some(0.9), None);
        let band = layout::wrap(&layout::printable(&ev.title), 7.0, true, W - 6.0);
        for (j, l) in band.iter().take(2).enumerate() {
            doc.text_in(
                x + 3.0,
                y + 1.2 + j as f32 * layout::line_height(7.0),
                W - 6.0,
                7.0,
                true,
                Align::Center,
                l,
            );
        }
        // name: the largest size that fits in two lines
        let text_w = W - 6.0 - 30.0;
        let mut size = 15.0;
        let mut lines = layout::wrap(&layout::printable(&p.name), size, true, text_w);
        while lines.len() > 2 && size > 9.0 {
            size -= 1.0;
            lines = layout::wrap(&layout::printable(&p.name), size, true, text_w);
        }
        let mut ty = y + 13.0;
        for l in lines.iter().take(3) {
            doc.text(x + 3.0, ty, size, true, l);
            ty += layout::line_height(size);
        }
        ty += 1.5;
        for l in layout::wrap(&layout::printable(&p.institution), 8.5, false, text_w)
            .iter()
            .take(3)
        {
            doc.text(x + 3.0, ty, 8.5, false, l);
            ty += layout::line_height(8.5);
        }
        // category tag at the bottom left
        let cat = participants::category_label(&p.category);
        let cw = layout::face(true).width(cat, 8.0) + 4.0;
        doc.rect(x + 3.0, y + H - 10.0, cw.min(text_w), 6.0, Some(0.88), None);
        doc.text(x + 5.0, y + H - 9.0, 8.0, true, cat);
        // QR code and the code in letters
        qr(&mut doc, &p.code, x + W - 31.0, y + 12.0, 28.0);
        doc.text_in(
            x + W - 31.0,
            y + 41.0,
            28.0,
            11.0,
            true,
            Align::Center,
            &p.code,
        );
    }
    if people.is_empty() {
        doc.paragraph(
            11.0,
            false,
            Align::Left,
            "Belum ada peserta: impor daftar peserta terlebih dahulu.",
        );
    }
    let pages = doc.page_count();
    Ok((doc.finish().map_err(super::pdf_error)?, pages, people.len()))
}
