//! A roster file as a table of text cells: CSV or TSV in any of the encodings and
//! delimiters people's spreadsheets save, XLSX, XLS and ODS through calamine, each with
//! limits so a hostile file is refused instead of exhausting the laptop.

use super::*;

/// A sheet as text cells, with the row number a spreadsheet shows (1-based).
#[derive(Debug, Clone)]
pub struct Table {
    pub rows: Vec<(usize, Vec<String>)>,
}

/// Decode text bytes: UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252.
pub fn decode_text(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return String::from_utf8_lossy(rest).into_owned();
    }
    if bytes.starts_with(&[0xFF, 0xFE]) {
        return encoding_rs::UTF_16LE.decode(bytes).0.into_owned();
    }
    if bytes.starts_with(&[0xFE, 0xFF]) {
        return encoding_rs::UTF_16BE.decode(bytes).0.into_owned();
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => encoding_rs::WINDOWS_1252.decode(bytes).0.into_owned(),
    }
}

pub(super) fn detect_delimiter(text: &str) -> u8 {
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let mut best = (b',', 0);
    for d in [b';', b'\t', b','] {
        let mut n = 0;
        let mut quoted = false;
        for c in first.bytes() {
            if c == b'"' {
                quoted = !quoted;
            } else if c == d && !quoted {
                n += 1;
            }
        }
        if n > best.1 {
            best = (d, n);
        }
    }
    best.0
}

fn read_csv(bytes: &[u8]) -> Result<Table, RosterError> {
    let text = decode_text(bytes);
    if text.contains('\0') {
        return Err(RosterError::Unreadable("binary data".into()));
    }
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let delim = detect_delimiter(&text);
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delim)
        .from_reader(text.as_bytes());
    let mut rows = vec![];
    for (i, rec) in rdr.records().enumerate() {
        let rec = rec.map_err(|e| RosterError::Unreadable(format!("row {}: {e}", i + 1)))?;
        // With LF endings the reader's line is the row a spreadsheet shows: empty
        // lines count, line breaks inside quoted cells do not.
        let line = rec.position().map(|p| p.line() as usize).unwrap_or(i + 1);
        rows.push((line, rec.iter().map(|c| c.trim().to_string()).collect()));
        if rows.len() > MAX_ROWS + HEADER_SEARCH_ROWS {
            return Err(RosterError::TooManyRows(rows.len()));
        }
    }
    Ok(Table { rows })
}

fn cell_text(d: &calamine::Data) -> String {
    use calamine::Data;
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.trim().to_string(),
        Data::Int(i) => i.to_string(),
        // Whole numbers up to 15 digits are exact in a double: print them as integers
        // (a phone number Excel stored as a number). Larger ones have lost digits: keep
        // the exponent form so validation refuses them rather than inventing digits.
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) if f.fract() == 0.0 => format!("{:E}", f).replace('E', "E+"),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(dt) => dt.as_f64().to_string(),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

/// Spreadsheet limits (XLSX's own): a cell said to lie beyond them is a forged file.
const MAX_SHEET_COLS: usize = 16_384;
const MAX_SHEET_ROWS: usize = 1_048_576;

/// Read a spreadsheet. The spreadsheet library reads a file from outside; a panic inside
/// it (fuzzing found one: an integer overflow on a forged cell reference in calamine
/// 0.38) becomes a refusal naming the file as damaged, not a crash of the desk.
fn read_workbook(bytes: &[u8]) -> Result<Table, RosterError> {
    match std::panic::catch_unwind(|| read_workbook_unguarded(bytes)) {
        Ok(r) => r,
        Err(_) => Err(RosterError::Unreadable(
            "the spreadsheet is damaged (its structure could not be read)".into(),
        )),
    }
}

/// Columns of a roster beyond this are not read (a list of people has a dozen or two).
const MAX_ROSTER_COLS: u32 = 256;

fn read_workbook_unguarded(bytes: &[u8]) -> Result<Table, RosterError> {
    use calamine::Reader;
    let mut wb = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes.to_vec()))
        .map_err(|e| RosterError::Unreadable(e.to_string()))?;
    let names = wb.sheet_names().to_vec();
    let mut first: Option<Table> = None;
    for name in names {
        let table = match &mut wb {
            // XLSX cells are streamed: a dense sheet spanning its corners would allocate
            // width x height cells, and one stray cell in XFD1048576 asks for half a
            // terabyte (seen: the process aborted on a 2 KB file)
            calamine::Sheets::Xlsx(x) => match xlsx_sheet(x, &name)? {
                Some(t) => t,
                None => continue,
            },
            other => match other.worksheet_range(&name) {
                Ok(r) => dense_sheet(&r)?,
                Err(_) => continue,
            },
        };
        if find_header(&table).is_some() {
            return Ok(table);
        }
        first.get_or_insert(table);
    }
    first.ok_or_else(|| RosterError::Unreadable("no sheet".into()))
}

/// One XLSX sheet, cell by cell: only non-empty cells in the first [`MAX_ROSTER_COLS`]
/// columns are kept, rows by their own numbers (None: the sheet could not be read).
fn xlsx_sheet<RS: std::io::Read + std::io::Seek>(
    x: &mut calamine::Xlsx<RS>,
    name: &str,
) -> Result<Option<Table>, RosterError> {
    let Ok(mut cells) = x.worksheet_cells_reader(name) else {
        return Ok(None);
    };
    let mut rows: std::collections::BTreeMap<u32, Vec<String>> = Default::default();
    loop {
        let cell = match cells.next_cell() {
            Ok(Some(c)) => c,
            Ok(None) => break,
            Err(e) => return Err(RosterError::Unreadable(e.to_string())),
        };
        let (r, c) = cell.get_position();
        if c >= MAX_ROSTER_COLS {
            continue;
        }
        let text = cell_text(&calamine::Data::from(cell.get_value().clone()));
        if text.trim().is_empty() {
            continue;
        }
        let row = rows.entry(r).or_default();
        if row.len() <= c as usize {
            row.resize(c as usize + 1, String::new());
        }
        row[c as usize] = text;
        if rows.len() > MAX_ROWS + HEADER_SEARCH_ROWS {
            return Err(RosterError::TooManyRows(rows.len()));
        }
    }
    Ok(Some(Table {
        rows: rows
            .into_iter()
            .map(|(r, cells)| (r as usize + 1, cells))
            .collect(),
    }))
}

/// A sheet of the other formats (XLS, ODS, XLSB), as calamine gives it.
fn dense_sheet(range: &calamine::Range<calamine::Data>) -> Result<Table, RosterError> {
    let start_row = range.start().map(|(r, _)| r as usize).unwrap_or(0);
    let start_col = range.start().map(|(_, c)| c as usize).unwrap_or(0);
    if start_col >= MAX_SHEET_COLS || start_row >= MAX_SHEET_ROWS {
        return Err(RosterError::Unreadable(format!(
            "a cell lies outside any sheet (row {}, column {})",
            start_row + 1,
            start_col + 1
        )));
    }
    let mut rows = vec![];
    for (i, row) in range.rows().enumerate() {
        let mut cells: Vec<String> = vec![String::new(); start_col];
        cells.extend(row.iter().map(cell_text));
        rows.push((start_row + i + 1, cells));
        if rows.len() > MAX_ROWS + HEADER_SEARCH_ROWS {
            return Err(RosterError::TooManyRows(rows.len()));
        }
    }
    Ok(Table { rows })
}

/// Read a roster file into a table, by content (ZIP or OLE → spreadsheet, else text).
pub fn read_table(bytes: &[u8]) -> Result<Table, RosterError> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(RosterError::TooLarge(bytes.len()));
    }
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(RosterError::Empty);
    }
    let is_zip = bytes.starts_with(b"PK\x03\x04");
    let is_ole = bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]);
    if is_zip || is_ole {
        read_workbook(bytes)
    } else {
        read_csv(bytes)
    }
}
