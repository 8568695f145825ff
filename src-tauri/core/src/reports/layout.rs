//! A small page-layout engine over printpdf, shared by every report: text measured with
//! the bundled font's real glyph widths, word wrapping, tables with row heights that grow
//! with their content, page breaks with the header row repeated, images, and a footer
//! with "page X of Y" added once the number of pages is known. Fonts are subset to the
//! characters used before they are embedded.
//!
//! Coordinates are millimetres from the top-left corner of the page.

use printpdf::{
    Color, Greyscale, Line, LinePoint, Mm, Op, PaintMode, ParsedFont, PdfDocument, PdfFontHandle,
    PdfPage, PdfSaveOptions, Point, Pt, RawImage, RawImageData, RawImageFormat, Rect, TextItem,
    XObjectTransform,
};
use std::collections::BTreeSet;
use std::sync::OnceLock;

static REGULAR_TTF: &[u8] = include_bytes!("../../../../assets/fonts/DejaVuSansCondensed.ttf");
static BOLD_TTF: &[u8] = include_bytes!("../../../../assets/fonts/DejaVuSansCondensed-Bold.ttf");

const PT_PER_MM: f32 = 72.0 / 25.4;

/// Draws into a row's cells after the text: the document, each cell's (x, width), the
/// row's top and height.
pub type CellPainter<'a> = dyn FnMut(&mut Doc, &[(f32, f32)], f32, f32) + 'a;
/// Paper sizes in millimetres (portrait).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Paper {
    A4,
    F4,
}

impl Paper {
    pub fn parse(s: &str) -> Option<Paper> {
        match s.trim().to_ascii_lowercase().as_str() {
            "a4" => Some(Paper::A4),
            "f4" | "folio" => Some(Paper::F4),
            _ => None,
        }
    }
    pub fn size(self) -> (f32, f32) {
        match self {
            Paper::A4 => (210.0, 297.0),
            Paper::F4 => (215.0, 330.0),
        }
    }
}

/// Measuring data of one font face: glyph widths per character.
pub struct Face {
    parsed: ParsedFont,
    upem: f32,
}

impl Face {
    fn load(bytes: &'static [u8]) -> Face {
        let parsed =
            ParsedFont::from_bytes(bytes, 0, &mut Vec::new()).expect("the bundled font parses");
        let upem = parsed.units_per_em as f32;
        Face { parsed, upem }
    }

    /// Advance width of a character in font units (a missing glyph measures as "?").
    fn advance(&self, c: char) -> f32 {
        let gid = self
            .parsed
            .lookup_glyph_index(c as u32)
            .or_else(|| self.parsed.lookup_glyph_index('?' as u32))
            .unwrap_or(0);
        self.parsed.get_glyph_width(gid).unwrap_or(0) as f32
    }

    pub fn has(&self, c: char) -> bool {
        self.parsed
            .lookup_glyph_index(c as u32)
            .is_some_and(|g| g != 0)
    }

    /// Width of `text` at `size` points, in millimetres.
    pub fn width(&self, text: &str, size: f32) -> f32 {
        let units: f32 = text.chars().map(|c| self.advance(c)).sum();
        units / self.upem * size / PT_PER_MM
    }
}

fn faces() -> &'static (Face, Face) {
    static F: OnceLock<(Face, Face)> = OnceLock::new();
    F.get_or_init(|| (Face::load(REGULAR_TTF), Face::load(BOLD_TTF)))
}

pub fn face(bold: bool) -> &'static Face {
    let f = faces();
    if bold {
        &f.1
    } else {
        &f.0
    }
}

/// Line height for a font size, in millimetres.
pub fn line_height(size: f32) -> f32 {
    size * 1.22 / PT_PER_MM
}

/// Replace characters the font cannot show (so nothing prints as an empty box).
pub fn printable(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\t' | '\r' | '\n' => ' ',
            c if c.is_control() => ' ',
            c if face(false).has(c) => c,
            _ => {
                let d = deunicode::deunicode_char(c).unwrap_or("?");
                if d.is_empty() {
                    '?'
                } else {
                    d.chars().next().unwrap_or('?')
                }
            }
        })
        .collect()
}

/// Wrap `text` into lines no wider than `width` mm. Words longer than a line are broken.
pub fn wrap(text: &str, size: f32, bold: bool, width: f32) -> Vec<String> {
    let f = face(bold);
    let mut lines = Vec::new();
    for para in text.split('\n') {
        let mut line = String::new();
        for word in para.split_whitespace() {
            let candidate = if line.is_empty() {
                word.to_string()
            } else {
                format!("{line} {word}")
            };
            if f.width(&candidate, size) <= width {
                line = candidate;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            if f.width(word, size) <= width {
                line = word.to_string();
            } else {
                // break a long word by characters
                for c in word.chars() {
                    let mut next = line.clone();
                    next.push(c);
                    if f.width(&next, size) > width && !line.is_empty() {
                        lines.push(std::mem::take(&mut line));
                        line.push(c);
                    } else {
                        line = next;
                    }
                }
            }
        }
        if !line.is_empty() || lines.is_empty() {
            lines.push(line);
        }
    }
    if lines.len() > 1 && lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    lines
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Align {
    Left,
    Center,
    Right,
}

/// An image ready to place: greyscale pixels (signatures are stored this way), an RGB
/// JPEG that goes into the PDF as it is (DCTDecode: no decoding, no re-encoding), or a
/// signature's print copy, deflated greyscale that goes in as it is (FlateDecode).
pub struct Image {
    pub width: usize,
    pub height: usize,
    pub grey: Vec<u8>,
    pub jpeg: Option<Vec<u8>>,
    pub deflated: Option<Vec<u8>>,
}

impl Image {
    /// A baseline RGB JPEG (as [`crate::photos`] keeps them) of `width` x `height` pixels.
    pub fn from_jpeg(jpeg: Vec<u8>, width: usize, height: usize) -> Image {
        Image {
            width,
            height,
            grey: Vec::new(),
            jpeg: Some(jpeg),
            deflated: None,
        }
    }

    /// A signature's print copy, placed without decoding.
    pub fn from_print(print: crate::signature::Print) -> Image {
        Image {
            width: print.width,
            height: print.height,
            grey: Vec::new(),
            jpeg: None,
            deflated: Some(print.deflated),
        }
    }
}

enum Draw {
    Text {
        x: f32,
        y: f32,
        size: f32,
        bold: bool,
        text: String,
    },
    Line {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        width: f32,
        grey: f32,
    },
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        fill: Option<f32>,
        stroke: Option<f32>,
    },
    Image {
        index: usize,
        x: f32,
        y: f32,
        w: f32,
        h: f32,
    },
}

/// A document being laid out: pages of drawing commands, turned into a PDF at the end.
pub struct Doc {
    pub width: f32,
    pub height: f32,
    pub margin: f32,
    /// Where the next thing goes (mm from the top).
    pub y: f32,
    pages: Vec<Vec<Draw>>,
    /// The page drawing goes to.
    cur: usize,
    images: Vec<Image>,
    used: [BTreeSet<char>; 2],
    title: String,
}

impl Doc {
    pub fn new(width: f32, height: f32, margin: f32, title: &str) -> Doc {
        Doc {
            width,
            height,
            margin,
            y: margin,
            pages: vec![Vec::new()],
            cur: 0,
            images: Vec::new(),
            used: [BTreeSet::new(), BTreeSet::new()],
            title: title.to_string(),
        }
    }

    pub fn page_count(&self) -> usize {
        self.pages.len()
    }

    /// The bottom limit for content (room is kept for the footer).
    pub fn bottom(&self) -> f32 {
        self.height - self.margin - 8.0
    }

    pub fn content_width(&self) -> f32 {
        self.width - 2.0 * self.margin
    }

    pub fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.cur = self.pages.len() - 1;
        self.y = self.margin;
    }

    fn draw(&mut self, d: Draw) {
        self.pages[self.cur].push(d);
    }

    /// Draw one line of text with its top at `y`.
    pub fn text(&mut self, x: f32, y: f32, size: f32, bold: bool, text: &str) {
        let t = printable(text);
        if t.trim().is_empty() {
            return;
        }
        self.used[bold as usize].extend(t.chars());
        self.draw(Draw::Text {
            x,
            y,
            size,
            bold,
            text: t,
        });
    }

    /// Text aligned in a box of width `w`. (Eight plain arguments read better at the 22
    /// call sites than a one-use options struct.)
    #[allow(clippy::too_many_arguments)]
    pub fn text_in(
        &mut self,
        x: f32,
        y: f32,
        w: f32,
        size: f32,
        bold: bool,
        align: Align,
        text: &str,
    ) {
        let tw = face(bold).width(&printable(text), size);
        let x = match align {
            Align::Left => x,
            Align::Center => x + (w - tw) / 2.0,
            Align::Right => x + w - tw,
        };
        self.text(x, y, size, bold, text);
    }

    /// Wrapped text at the cursor over the content width; advances the cursor.
    pub fn paragraph(&mut self, size: f32, bold: bool, align: Align, text: &str) {
        let (x, w) = (self.margin, self.content_width());
        for line in wrap(&printable(text), size, bold, w) {
            if self.y + line_height(size) > self.bottom() {
                self.new_page();
            }
            let y = self.y;
            self.text_in(x, y, w, size, bold, align, &line);
            self.y += line_height(size);
        }
    }

    pub fn line(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, width: f32) {
        self.draw(Draw::Line {
            x1,
            y1,
            x2,
            y2,
            width,
            grey: 0.0,
        });
    }

    pub fn line_grey(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, width: f32, grey: f32) {
        self.draw(Draw::Line {
            x1,
            y1,
            x2,
            y2,
            width,
            grey,
        });
    }

    /// A rectangle: `fill` and `stroke` are grey levels (0 black … 1 white).
    pub fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, fill: Option<f32>, stroke: Option<f32>) {
        self.draw(Draw::Rect {
            x,
            y,
            w,
            h,
            fill,
            stroke,
        });
    }

    /// Register an image once; place it with [`Doc::place`].
    pub fn add_image(&mut self, img: Image) -> usize {
        self.images.push(img);
        self.images.len() - 1
    }

    /// Place an image fitted (aspect kept) inside the box, centred.
    pub fn place(&mut self, index: usize, x: f32, y: f32, w: f32, h: f32) {
        let img = &self.images[index];
        let (iw, ih) = (img.width as f32, img.height as f32);
        if iw == 0.0 || ih == 0.0 {
            return;
        }
        let scale = (w / iw).min(h / ih);
        let (dw, dh) = (iw * scale, ih * scale);
        self.draw(Draw::Image {
            index,
            x: x + (w - dw) / 2.0,
            y: y + (h - dh) / 2.0,
            w: dw,
            h: dh,
        });
    }

    /// Put a footer on every page: `f(page, pages)` gives (left, right) texts.
    pub fn footer(&mut self, f: impl Fn(usize, usize) -> (String, String)) {
        let n = self.pages.len();
        let (x, w, y) = (
            self.margin,
            self.content_width(),
            self.height - self.margin - 4.0,
        );
        for i in 0..n {
            self.cur = i;
            let (left, right) = f(i + 1, n);
            self.line_grey(x, y - 1.5, x + w, y - 1.5, 0.2, 0.6);
            let rw = face(false).width(&printable(&right), 7.0) + 2.0;
            for (k, l) in wrap(&printable(&left), 6.5, false, w - rw - 4.0)
                .iter()
                .take(2)
                .enumerate()
            {
                self.text(x, y + k as f32 * line_height(6.5), 6.5, false, l);
            }
            self.text_in(x, y, w, 7.0, false, Align::Right, &right);
        }
        self.cur = n - 1;
    }

    /// Turn the pages into PDF bytes, with the fonts subset to what was used.
    pub fn finish(self) -> Result<Vec<u8>, String> {
        let mut doc = PdfDocument::new(&self.title);
        let mut font_ids = Vec::new();
        for (i, bytes) in [REGULAR_TTF, BOLD_TTF].into_iter().enumerate() {
            let sub = subset(bytes, face(i == 1), &self.used[i])?;
            let mut parsed = ParsedFont::from_bytes(&sub, 0, &mut Vec::new())
                .ok_or("the subset font did not parse")?;
            // the subset tag (six capitals and "+") tells readers the font is a subset
            parsed.font_name = Some(format!(
                "{}+{}",
                ["PLMDSA", "PLMDSB"][i],
                ["DejaVuSansCondensed", "DejaVuSansCondensed-Bold"][i]
            ));
            font_ids.push(doc.add_font(&parsed));
        }
        let image_ids: Vec<_> = self
            .images
            .iter()
            .map(|img| {
                if let Some(jpeg) = &img.jpeg {
                    return doc.add_xobject(&image_xobject(jpeg, img.width, img.height, false));
                }
                if let Some(z) = &img.deflated {
                    return doc.add_xobject(&image_xobject(z, img.width, img.height, true));
                }
                doc.add_image(&RawImage {
                    pixels: RawImageData::U8(img.grey.clone()),
                    width: img.width,
                    height: img.height,
                    data_format: RawImageFormat::R8,
                    tag: Vec::new(),
                })
            })
            .collect();
        let h = self.height;
        let pt = |mm: f32| Pt(mm * PT_PER_MM);
        let point = |x: f32, y: f32| Point {
            x: pt(x),
            y: pt(h - y),
        };
        let grey = |g: f32| {
            Color::Greyscale(Greyscale {
                percent: g,
                icc_profile: None,
            })
        };
        let mut pages = Vec::new();
        for draws in self.pages {
            let mut ops = Vec::with_capacity(draws.len() * 4);
            for d in draws {
                match d {
                    Draw::Text {
                        x,
                        y,
                        size,
                        bold,
                        text,
                    } => {
                        // y is the top of the line; the baseline sits one ascent lower
                        let base = y + size * 0.93 / PT_PER_MM;
                        ops.push(Op::StartTextSection);
                        ops.push(Op::SetFillColor { col: grey(0.0) });
                        ops.push(Op::SetFont {
                            font: PdfFontHandle::External(font_ids[bold as usize].clone()),
                            size: Pt(size),
                        });
                        ops.push(Op::SetTextCursor {
                            pos: point(x, base),
                        });
                        ops.push(Op::ShowText {
                            items: vec![TextItem::Text(text)],
                        });
                        ops.push(Op::EndTextSection);
                    }
                    Draw::Line {
                        x1,
                        y1,
                        x2,
                        y2,
                        width,
                        grey: g,
                    } => {
                        ops.push(Op::SetOutlineColor { col: grey(g) });
                        ops.push(Op::SetOutlineThickness { pt: pt(width) });
                        ops.push(Op::DrawLine {
                            line: Line {
                                points: vec![
                                    LinePoint {
                                        p: point(x1, y1),
                                        bezier: false,
                                    },
                                    LinePoint {
                                        p: point(x2, y2),
                                        bezier: false,
                                    },
                                ],
                                is_closed: false,
                            },
                        });
                    }
                    Draw::Rect {
                        x,
                        y,
                        w,
                        h: rh,
                        fill,
                        stroke,
                    } => {
                        let r = |mode| Rect {
                            x: pt(x),
                            y: pt(h - y - rh),
                            width: pt(w),
                            height: pt(rh),
                            mode: Some(mode),
                            winding_order: None,
                        };
                        if let Some(f) = fill {
                            ops.push(Op::SetFillColor { col: grey(f) });
                            ops.push(Op::DrawRectangle {
                                rectangle: r(PaintMode::Fill),
                            });
                        }
                        if let Some(s) = stroke {
                            ops.push(Op::SetOutlineColor { col: grey(s) });
                            ops.push(Op::SetOutlineThickness { pt: pt(0.2) });
                            ops.push(Op::DrawRectangle {
                                rectangle: r(PaintMode::Stroke),
                            });
                        }
                    }
                    Draw::Image {
                        index,
                        x,
                        y,
                        w,
                        h: ih,
                    } => {
                        let img = &self.images[index];
                        ops.push(Op::UseXobject {
                            id: image_ids[index].clone(),
                            transform: XObjectTransform {
                                translate_x: Some(pt(x)),
                                translate_y: Some(pt(h - y - ih)),
                                scale_x: Some(pt(w).0 / img.width as f32),
                                scale_y: Some(pt(ih).0 / img.height as f32),
                                dpi: Some(72.0),
                                rotate: None,
                                no_auto_scale: false,
                            },
                        });
                    }
                }
            }
            pages.push(PdfPage::new(Mm(self.width), Mm(self.height), ops));
        }
        let mut warnings = Vec::new();
        let opts = PdfSaveOptions {
            image_optimization: None,
            ..PdfSaveOptions::default()
        };
        Ok(doc.with_pages(pages).save(&opts, &mut warnings))
    }
}

/// Encoded pixels as an image XObject that PDF readers decode themselves: an RGB JPEG
/// (DCTDecode), or with `grey_deflated` zlib-deflated greyscale (FlateDecode).
fn image_xobject(
    bytes: &[u8],
    width: usize,
    height: usize,
    grey_deflated: bool,
) -> printpdf::ExternalXObject {
    use printpdf::xobject::{DictItem, ExternalStream};
    use printpdf::Px;
    let name = |s: &str| DictItem::Name(s.as_bytes().to_vec());
    let dict = [
        ("Type", name("XObject")),
        ("Subtype", name("Image")),
        ("Width", DictItem::Int(width as i64)),
        ("Height", DictItem::Int(height as i64)),
        (
            "ColorSpace",
            name(if grey_deflated {
                "DeviceGray"
            } else {
                "DeviceRGB"
            }),
        ),
        ("BitsPerComponent", DictItem::Int(8)),
        (
            "Filter",
            name(if grey_deflated {
                "FlateDecode"
            } else {
                "DCTDecode"
            }),
        ),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    printpdf::ExternalXObject {
        stream: ExternalStream {
            dict,
            content: bytes.to_vec(),
            compress: false,
        },
        width: Some(Px(width)),
        height: Some(Px(height)),
        dpi: Some(72.0),
    }
}

/// Subset a font to the glyphs of `chars` (plus .notdef), keeping a Unicode cmap.
fn subset(bytes: &[u8], face: &Face, chars: &BTreeSet<char>) -> Result<Vec<u8>, String> {
    use allsorts::binary::read::ReadScope;
    use allsorts::font_data::FontData;
    use allsorts::subset::{subset as allsorts_subset, CmapTarget, SubsetProfile};
    let mut gids: Vec<u16> = vec![0];
    for c in chars.iter().chain(['?', ' '].iter()) {
        if let Some(g) = face.parsed.lookup_glyph_index(*c as u32) {
            if !gids.contains(&g) {
                gids.push(g);
            }
        }
    }
    gids[1..].sort_unstable();
    let data = ReadScope::new(bytes)
        .read::<FontData<'_>>()
        .map_err(|e| e.to_string())?;
    let provider = data.table_provider(0).map_err(|e| e.to_string())?;
    allsorts_subset(&provider, &gids, &SubsetProfile::Pdf, CmapTarget::Unicode)
        .map_err(|e| e.to_string())
}

// ------------------------------------------------------------------ tables

/// A table column: title, width in mm, alignment.
pub struct Column {
    pub title: String,
    pub width: f32,
    pub align: Align,
}

impl Column {
    pub fn new(title: impl Into<String>, width: f32) -> Column {
        Column {
            title: title.into(),
            width,
            align: Align::Left,
        }
    }
    pub fn centered(mut self) -> Column {
        self.align = Align::Center;
        self
    }
}

/// One cell: a main text and an optional smaller second text below it.
#[derive(Default, Clone)]
pub struct Cell {
    pub text: String,
    pub small: String,
    pub bold: bool,
}

impl From<&str> for Cell {
    fn from(s: &str) -> Cell {
        Cell {
            text: s.to_string(),
            ..Default::default()
        }
    }
}
impl From<String> for Cell {
    fn from(s: String) -> Cell {
        Cell {
            text: s,
            ..Default::default()
        }
    }
}

/// How a table looks.
pub struct TableStyle {
    pub size: f32,
    pub header_size: f32,
    pub pad: f32,
    /// Every row is at least this tall (mm), e.g. to sign in.
    pub min_row: f32,
}

impl Default for TableStyle {
    fn default() -> Self {
        TableStyle {
            size: 8.5,
            header_size: 8.0,
            pad: 1.4,
            min_row: 6.0,
        }
    }
}

pub struct Table<'a> {
    pub columns: Vec<Column>,
    pub style: TableStyle,
    /// Drawn at the top of every page the table continues on (the report's heading).
    pub on_new_page: Option<&'a dyn Fn(&mut Doc)>,
}

impl<'a> Table<'a> {
    fn wrapped(&self, col: usize, cell: &Cell) -> (Vec<String>, Vec<String>) {
        let w = self.columns[col].width - 2.0 * self.style.pad;
        let main = if cell.text.is_empty() {
            Vec::new()
        } else {
            wrap(&printable(&cell.text), self.style.size, cell.bold, w)
        };
        let small = if cell.small.is_empty() {
            Vec::new()
        } else {
            wrap(&printable(&cell.small), self.style.size * 0.78, false, w)
        };
        (main, small)
    }

    /// Height of a row with these cells.
    pub fn row_height(&self, cells: &[Cell]) -> f32 {
        let s = &self.style;
        let mut h: f32 = 0.0;
        for (i, c) in cells.iter().enumerate().take(self.columns.len()) {
            let (m, sm) = self.wrapped(i, c);
            let ch = m.len() as f32 * line_height(s.size)
                + sm.len() as f32 * line_height(s.size * 0.78)
                + 2.0 * s.pad;
            h = h.max(ch);
        }
        h.max(s.min_row)
    }

    fn header_height(&self) -> f32 {
        let s = &self.style;
        let lines = self
            .columns
            .iter()
            .map(|c| {
                wrap(
                    &printable(&c.title),
                    s.header_size,
                    true,
                    c.width - 2.0 * s.pad,
                )
                .len()
            })
            .max()
            .unwrap_or(1);
        lines as f32 * line_height(s.header_size) + 2.0 * s.pad
    }

    /// Draw the header row at the cursor.
    pub fn header(&self, doc: &mut Doc) {
        let s = &self.style;
        let h = self.header_height();
        let mut x = doc.margin;
        let y = doc.y;
        for c in &self.columns {
            doc.rect(x, y, c.width, h, Some(0.9), Some(0.0));
            for (k, l) in wrap(
                &printable(&c.title),
                s.header_size,
                true,
                c.width - 2.0 * s.pad,
            )
            .iter()
            .enumerate()
            {
                doc.text_in(
                    x + s.pad,
                    y + s.pad + k as f32 * line_height(s.header_size),
                    c.width - 2.0 * s.pad,
                    s.header_size,
                    true,
                    Align::Center,
                    l,
                );
            }
            x += c.width;
        }
        doc.y += h;
    }

    /// Start a new page with the report heading and the header row again.
    pub fn break_page(&self, doc: &mut Doc) {
        doc.new_page();
        if let Some(f) = self.on_new_page {
            f(doc);
        }
        self.header(doc);
    }

    /// Draw one row at the cursor (breaking the page first if it does not fit); `extra`
    /// draws into the cells afterwards (e.g. signature images). Returns the row's top.
    pub fn row(&self, doc: &mut Doc, cells: &[Cell], extra: Option<&mut CellPainter<'_>>) -> f32 {
        let s = &self.style;
        let max_h = doc.bottom() - doc.margin - self.header_height() - 30.0;
        let h = self.row_height(cells).min(max_h.max(s.min_row));
        if doc.y + h > doc.bottom() {
            self.break_page(doc);
        }
        let y = doc.y;
        let mut x = doc.margin;
        let mut spans = Vec::with_capacity(self.columns.len());
        for (i, col) in self.columns.iter().enumerate() {
            doc.rect(x, y, col.width, h, None, Some(0.0));
            if let Some(cell) = cells.get(i) {
                let (main, small) = self.wrapped(i, cell);
                let mut ty = y + s.pad;
                let limit = y + h - s.pad;
                for l in &main {
                    if ty + line_height(s.size) > limit + 0.01 {
                        break;
                    }
                    doc.text_in(
                        x + s.pad,
                        ty,
                        col.width - 2.0 * s.pad,
                        s.size,
                        cell.bold,
                        col.align,
                        l,
                    );
                    ty += line_height(s.size);
                }
                for l in &small {
                    if ty + line_height(s.size * 0.78) > limit + 0.01 {
                        break;
                    }
                    doc.text_in(
                        x + s.pad,
                        ty,
                        col.width - 2.0 * s.pad,
                        s.size * 0.78,
                        false,
                        col.align,
                        l,
                    );
                    ty += line_height(s.size * 0.78);
                }
            }
            spans.push((x, col.width));
            x += col.width;
        }
        if let Some(f) = extra {
            f(doc, &spans, y, h);
        }
        doc.y += h;
        y
    }
}

/// `f` over `items` on as many threads as there are cores (at most four), results in
/// order. For independent, CPU-bound work such as preparing images.
pub fn map_parallel<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let workers = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .clamp(1, 4);
    if workers == 1 || items.len() < 16 {
        return items.iter().map(f).collect();
    }
    let chunk = items.len().div_ceil(workers);
    std::thread::scope(|scope| {
        let f = &f;
        let handles: Vec<_> = items
            .chunks(chunk)
            .map(|part| scope.spawn(move || part.iter().map(f).collect::<Vec<R>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("worker"))
            .collect()
    })
}

/// A stored signature PNG as a greyscale image fitted inside `max_w` x `max_h` pixels
/// (see [`crate::signature::to_grey`]).
pub fn signature_image(png_bytes: &[u8], max_w: usize, max_h: usize) -> Option<Image> {
    let g = crate::signature::to_grey(png_bytes, max_w, max_h)?;
    Some(Image {
        width: g.width,
        height: g.height,
        grey: g.pixels,
        jpeg: None,
        deflated: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_come_from_the_font() {
        let f = face(false);
        let (w_i, w_m) = (f.width("iiii", 10.0), f.width("MMMM", 10.0));
        assert!(w_m > 2.0 * w_i, "M is wider than i: {w_m} vs {w_i}");
        assert!((f.width("ab", 10.0) - (f.width("a", 10.0) + f.width("b", 10.0))).abs() < 1e-4);
        assert!(
            face(true).width("Nama", 10.0) > f.width("Nama", 10.0),
            "bold is wider"
        );
        // doubling the size doubles the width
        assert!((f.width("Perpustakaan", 20.0) - 2.0 * f.width("Perpustakaan", 10.0)).abs() < 1e-3);
    }

    #[test]
    fn wrapping_keeps_every_line_inside_and_every_word() {
        let text = "Dinas Perpustakaan dan Kearsipan Kabupaten Hulu Sungai Selatan Provinsi Kalimantan Selatan";
        for width in [20.0, 35.0, 60.0] {
            let lines = wrap(text, 8.5, false, width);
            assert!(lines.len() > 1);
            for l in &lines {
                assert!(
                    face(false).width(l, 8.5) <= width + 1e-3,
                    "{l:?} wider than {width}"
                );
            }
            assert_eq!(lines.join(" "), text, "no word lost or split at {width}");
        }
        // a word longer than the line is broken by characters
        let long = wrap("Perpustakaanperpustakaanperpustakaan", 8.5, false, 15.0);
        assert!(long.len() >= 3);
        assert_eq!(long.concat(), "Perpustakaanperpustakaanperpustakaan");
        assert_eq!(wrap("", 8.5, false, 30.0), vec![String::new()]);
    }

    #[test]
    fn unknown_characters_are_replaced_and_quotes_kept() {
        assert_eq!(printable("Ma’ruf"), "Ma’ruf");
        assert_eq!(printable("a\tb\nc"), "a b c");
        assert!(!printable("漢").is_empty());
    }

    #[test]
    fn tables_break_pages_and_repeat_the_header() {
        let mut doc = Doc::new(210.0, 297.0, 12.0, "t");
        let heading = |d: &mut Doc| {
            let y = d.y;
            d.text(d.margin, y, 12.0, true, "DAFTAR HADIR");
            d.y += 8.0;
        };
        let table = Table {
            columns: vec![
                Column::new("No", 10.0),
                Column::new("Nama", 80.0),
                Column::new("Instansi", 96.0),
            ],
            style: TableStyle {
                min_row: 10.0,
                ..Default::default()
            },
            on_new_page: Some(&heading),
        };
        heading(&mut doc);
        table.header(&mut doc);
        for i in 0..60 {
            let top = table.row(
                &mut doc,
                &[
                    format!("{}", i + 1).into(),
                    "Siti".into(),
                    "Perpustakaan Desa".into(),
                ],
                None,
            );
            assert!(
                top + 10.0 <= doc.bottom() + 1e-3,
                "row {i} overflows the page"
            );
        }
        assert!(doc.page_count() >= 3, "60 rows of 10 mm need three pages");
        doc.footer(|p, n| (String::from("verifikasi"), format!("Halaman {p} dari {n}")));
        let bytes = doc.finish().unwrap();
        assert!(bytes.starts_with(b"%PDF"));
        assert!(
            bytes.len() < 120_000,
            "fonts are subset: {} bytes",
            bytes.len()
        );
    }

    #[test]
    fn signatures_are_downscaled_to_grey() {
        // a 400x160 RGBA PNG with a black stroke on transparent
        let (w, h) = (400u32, 160u32);
        let mut px = vec![0u8; (w * h * 4) as usize];
        for x in 20..380 {
            let i = ((80 * w + x) * 4) as usize;
            px[i + 3] = 255;
        }
        let mut out = Vec::new();
        {
            let mut enc = png::Encoder::new(&mut out, w, h);
            enc.set_color(png::ColorType::Rgba);
            enc.set_depth(png::BitDepth::Eight);
            enc.write_header().unwrap().write_image_data(&px).unwrap();
        }
        let img = signature_image(&out, 200, 60).unwrap();
        assert_eq!((img.width, img.height), (150, 60));
        assert!(img.grey.iter().any(|&g| g < 128), "the stroke survives");
        assert!(
            img.grey.iter().filter(|&&g| g == 255).count() > img.grey.len() / 2,
            "the background is white"
        );
    }
}
