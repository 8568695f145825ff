//! The activity report as an editable DOCX (Word, LibreOffice), from the same [`Report`]
//! the PDF is made from: real headings (Heading 1, so Word's navigation pane and table of
//! contents work), real tables, and the photos as pictures with their captions.

use super::{Block, Report, ReportInfo};
use crate::error::{Error, Result};
use docx_rs::{
    AlignmentType, BreakType, Docx, PageMargin, Paragraph, Pic, Run, RunFonts, Style, StyleType,
    Table, TableCell, TableRow, WidthType,
};
use std::io::{Read, Write};

/// A4 in twentieths of a point, margins 2.5 cm.
const A4: (u32, u32) = (11906, 16838);
const MARGIN: i32 = 1418;
/// The text column in EMU (A4 width minus margins), for pictures.
const TEXT_W_EMU: u32 = (11906 - 2 * 1418) as u32 * 635;

fn docx_error(e: impl std::fmt::Display) -> Error {
    crate::reports::ReportError::Docx(e.to_string()).into()
}

fn text(t: &str) -> Run {
    Run::new().add_text(t)
}

pub fn render(r: &Report) -> Result<(Vec<u8>, ReportInfo)> {
    let mut d = Docx::new()
        .page_size(A4.0, A4.1)
        .page_margin(
            PageMargin::new()
                .top(MARGIN)
                .bottom(MARGIN)
                .left(MARGIN)
                .right(MARGIN),
        )
        .default_fonts(
            RunFonts::new()
                .ascii("Calibri")
                .hi_ansi("Calibri")
                .cs("Calibri"),
        )
        .default_size(22)
        .add_style(
            Style::new("Heading1", StyleType::Paragraph)
                .name("Heading 1")
                .bold()
                .size(28),
        )
        .add_style(
            Style::new("Title", StyleType::Paragraph)
                .name("Title")
                .bold()
                .size(40)
                .align(AlignmentType::Center),
        )
        .add_style(
            Style::new("Caption", StyleType::Paragraph)
                .name("Caption")
                .italic()
                .size(18)
                .align(AlignmentType::Center),
        );
    // cover
    for _ in 0..8 {
        d = d.add_paragraph(Paragraph::new());
    }
    d = d.add_paragraph(Paragraph::new().style("Title").add_run(text(&r.kind)));
    d = d.add_paragraph(
        Paragraph::new()
            .align(AlignmentType::Center)
            .add_run(text(&r.title).bold().size(32)),
    );
    for l in &r.cover_lines {
        d = d.add_paragraph(
            Paragraph::new()
                .align(AlignmentType::Center)
                .add_run(text(l).size(24)),
        );
    }
    d = d.add_paragraph(Paragraph::new().add_run(Run::new().add_break(BreakType::Page)));

    let mut photos = 0;
    for b in &r.blocks {
        d = match b {
            Block::Heading(t) => {
                d.add_paragraph(Paragraph::new().style("Heading1").add_run(text(t)))
            }
            Block::Para(t) => d.add_paragraph(Paragraph::new().add_run(text(t))),
            Block::Bullet(t) => {
                d.add_paragraph(Paragraph::new().add_run(text(&format!("•\u{a0}{t}"))))
            }
            Block::Table {
                head,
                widths,
                rows,
                total,
            } => {
                let sum: f32 = widths.iter().sum();
                let text_w = (A4.0 as i32 - 2 * MARGIN) as f32;
                let cw: Vec<usize> = widths.iter().map(|w| (text_w * w / sum) as usize).collect();
                let cell = |t: &str, w: usize, bold: bool| {
                    let run = if bold { text(t).bold() } else { text(t) };
                    TableCell::new()
                        .width(w, WidthType::Dxa)
                        .add_paragraph(Paragraph::new().add_run(run))
                };
                let mut trs = vec![TableRow::new(
                    head.iter()
                        .zip(&cw)
                        .map(|(h, w)| cell(h, *w, true))
                        .collect(),
                )];
                for (i, row) in rows.iter().enumerate() {
                    let bold = *total && i + 1 == rows.len();
                    trs.push(TableRow::new(
                        row.iter()
                            .zip(&cw)
                            .map(|(t, w)| cell(t, *w, bold))
                            .collect(),
                    ));
                }
                d.add_table(Table::new(trs).set_grid(cw.clone()))
                    .add_paragraph(Paragraph::new())
            }
            Block::Photo {
                jpeg,
                width,
                height,
                caption,
            } => {
                photos += 1;
                let w = TEXT_W_EMU * 8 / 10;
                let h = (w as u64 * *height as u64 / (*width).max(1) as u64) as u32;
                // at most ~11 cm tall
                let (w, h) = if h > 3_960_000 {
                    ((w as u64 * 3_960_000 / h as u64) as u32, 3_960_000)
                } else {
                    (w, h)
                };
                let pic = Pic::new_with_dimensions(jpeg.clone(), *width, *height).size(w, h);
                d.add_paragraph(
                    Paragraph::new()
                        .align(AlignmentType::Center)
                        .add_run(Run::new().add_image(pic)),
                )
                .add_paragraph(Paragraph::new().style("Caption").add_run(text(caption)))
            }
        };
    }
    // sign-off, right-aligned
    d = d.add_paragraph(Paragraph::new());
    for (t, bold) in [
        (r.signer_city_date.as_str(), false),
        (r.signer_role.as_str(), false),
        ("", false),
        ("", false),
        ("", false),
        (
            if r.signer_name.is_empty() {
                "(...................................)"
            } else {
                r.signer_name.as_str()
            },
            true,
        ),
    ] {
        let run = if bold { text(t).bold() } else { text(t) };
        d = d.add_paragraph(Paragraph::new().align(AlignmentType::Right).add_run(run));
    }
    if !r.signer_nip.is_empty() {
        d = d.add_paragraph(
            Paragraph::new()
                .align(AlignmentType::Right)
                .add_run(text(&format!("NIP. {}", r.signer_nip))),
        );
    }

    let mut buf = std::io::Cursor::new(Vec::new());
    d.build().pack(&mut buf).map_err(docx_error)?;
    let bytes = relabel_jpegs(&buf.into_inner()).map_err(docx_error)?;
    let n = bytes.len();
    Ok((
        bytes,
        ReportInfo {
            pages: 0,
            photos,
            bytes: n,
        },
    ))
}

/// docx-rs names every picture `word/media/<id>.png`; ours are JPEGs. Rename them `.jpg`,
/// point the relationships at the new names and declare the type, so that Word (which
/// trusts the declared type) and LibreOffice (which sniffs) read the same thing.
fn relabel_jpegs(docx: &[u8]) -> std::result::Result<Vec<u8>, String> {
    let e = |e: zip::result::ZipError| e.to_string();
    let mut src = zip::ZipArchive::new(std::io::Cursor::new(docx)).map_err(e)?;
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for i in 0..src.len() {
        let mut f = src.by_index(i).map_err(e)?;
        let name = f.name().to_string();
        if f.is_dir() {
            out.add_directory(name, opts).map_err(e)?;
            continue;
        }
        let mut data = Vec::new();
        f.read_to_end(&mut data).map_err(|x| x.to_string())?;
        let is_jpeg = data.starts_with(&[0xFF, 0xD8, 0xFF]);
        let (name, data, o) =
            if name.starts_with("word/media/") && name.ends_with(".png") && is_jpeg {
                (
                    format!("{}.jpg", name.trim_end_matches(".png")),
                    data,
                    stored,
                )
            } else if name.ends_with(".rels") || name == "[Content_Types].xml" {
                let mut s = String::from_utf8(data).map_err(|x| x.to_string())?;
                if name.ends_with(".rels") {
                    s = s.replace(".png\"", ".jpg\"");
                } else if s.contains("Extension=\"jpg\"") {
                    // docx-rs declares "image/jpg", which is not a registered type
                    s = s.replace("ContentType=\"image/jpg\"", "ContentType=\"image/jpeg\"");
                } else {
                    s = s.replacen(
                        "<Default ",
                        "<Default Extension=\"jpg\" ContentType=\"image/jpeg\"/><Default ",
                        1,
                    );
                }
                (name, s.into_bytes(), opts)
            } else {
                (name, data, opts)
            };
        out.start_file(name, o).map_err(e)?;
        out.write_all(&data).map_err(|x| x.to_string())?;
    }
    Ok(out.finish().map_err(e)?.into_inner())
}
