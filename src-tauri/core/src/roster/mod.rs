//! Roster import: participant lists as CSV (comma, semicolon or tab; UTF-8, UTF-16 or
//! Windows-1252), XLSX, XLS or ODS. Headers in Indonesian or English are recognised; the
//! user can change the mapping. One transaction: a fatal error writes nothing.

use crate::db::Store;
use crate::error::{Localized, Result};
use crate::i18n::Lang;
use crate::participants::{self, fold, Clean, FieldProblem, MatchReason};
use serde::{Deserialize, Serialize};

pub const MAX_FILE_BYTES: usize = 20 * 1024 * 1024;
pub const MAX_ROWS: usize = 20_000;
const HEADER_SEARCH_ROWS: usize = 10;

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum RosterError {
    #[error("the file is empty")]
    Empty,
    #[error("the file is too large ({0} bytes)")]
    TooLarge(usize),
    #[error("too many rows ({0})")]
    TooManyRows(usize),
    #[error("unreadable spreadsheet: {0}")]
    Unreadable(String),
    #[error("no name column; columns found: {0:?}")]
    NoNameColumn(Vec<String>),
    #[error("column {0} does not exist")]
    BadMapping(usize),
    #[error("two columns are mapped to {0}")]
    MappedTwice(String),
}

impl Localized for RosterError {
    fn code(&self) -> &'static str {
        match self {
            RosterError::Empty => "roster.empty",
            RosterError::TooLarge(_) => "roster.too_large",
            RosterError::TooManyRows(_) => "roster.too_many_rows",
            RosterError::Unreadable(_) => "roster.unreadable",
            RosterError::NoNameColumn(_) => "roster.no_name_column",
            RosterError::BadMapping(_) => "roster.bad_mapping",
            RosterError::MappedTwice(_) => "roster.mapped_twice",
        }
    }
    fn message(&self, lang: Lang) -> String {
        match self {
            RosterError::Empty => lang.pick("File kosong: tidak ada baris untuk diimpor.".into(), "The file is empty: there are no rows to import.".into()),
            RosterError::TooLarge(n) => lang.pick(
                format!("File terlalu besar ({} MB; paling besar 20 MB).", n / 1_000_000),
                format!("The file is too large ({} MB; at most 20 MB).", n / 1_000_000),
            ),
            RosterError::TooManyRows(n) => lang.pick(
                format!("File berisi {n} baris; paling banyak {MAX_ROWS} baris sekali impor."),
                format!("The file has {n} rows; at most {MAX_ROWS} rows can be imported at once."),
            ),
            RosterError::Unreadable(why) => lang.pick(
                format!("File tidak dapat dibaca sebagai CSV, XLSX atau ODS ({why}). Simpan ulang dari Excel sebagai CSV atau XLSX."),
                format!("The file cannot be read as CSV, XLSX or ODS ({why}). Save it again from Excel as CSV or XLSX."),
            ),
            RosterError::NoNameColumn(cols) => lang.pick(
                format!("Kolom nama tidak ditemukan. Baris judul harus memuat \"Nama\". Kolom yang ada: {}. Tidak ada yang diimpor.", cols.join(", ")),
                format!("No name column found. The header row must contain \"Nama\" (or \"Name\"). Columns found: {}. Nothing was imported.", cols.join(", ")),
            ),
            RosterError::BadMapping(i) => lang.pick(format!("Kolom {} tidak ada di file.", i + 1), format!("Column {} does not exist in the file.", i + 1)),
            RosterError::MappedTwice(f) => lang.pick(format!("Dua kolom dipetakan ke {f}."), format!("Two columns are mapped to {f}.")),
        }
    }
}

/// The participant field a column feeds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Hash)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Name,
    Gender,
    Category,
    Institution,
    Position,
    Regency,
    Village,
    Nip,
    Phone,
    Email,
    Disability,
}

impl Field {
    pub const ALL: [Field; 11] = [
        Field::Name,
        Field::Gender,
        Field::Category,
        Field::Institution,
        Field::Position,
        Field::Regency,
        Field::Village,
        Field::Nip,
        Field::Phone,
        Field::Email,
        Field::Disability,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Field::Name => "name",
            Field::Gender => "gender",
            Field::Category => "category",
            Field::Institution => "institution",
            Field::Position => "position",
            Field::Regency => "regency",
            Field::Village => "village",
            Field::Nip => "nip",
            Field::Phone => "phone",
            Field::Email => "email",
            Field::Disability => "disability",
        }
    }
}

/// Recognise a header cell (case and punctuation insensitive).
pub fn field_for_header(h: &str) -> Option<Field> {
    let k = fold(h).replace(' ', "");
    let f = match k.as_str() {
        "nama" | "namalengkap" | "name" | "fullname" | "namapeserta" => Field::Name,
        "lp" | "jeniskelamin" | "jk" | "gender" | "sex" | "kelamin" => Field::Gender,
        "kategori" | "kategoripeserta" | "unsur" | "category" => Field::Category,
        "instansi" | "asalinstansi" | "unitkerja" | "instansiunitkerja" | "lembaga"
        | "institution" | "organisation" | "organization" => Field::Institution,
        "jabatan" | "position" | "jobtitle" => Field::Position,
        "kabkota" | "kabupatenkota" | "kabupaten" | "kota" | "regency" | "city" | "regencycity" => {
            Field::Regency
        }
        "desa" | "desakelurahan" | "kelurahan" | "village" => Field::Village,
        "nip" => Field::Nip,
        "nohp" | "hp" | "telepon" | "notelp" | "telp" | "whatsapp" | "wa" | "nowa" | "phone"
        | "nohandphone" | "nomorhp" | "handphone" => Field::Phone,
        "email" | "surel" | "alamatemail" => Field::Email,
        "disabilitas" | "disability" | "penyandangdisabilitas" => Field::Disability,
        _ => return None,
    };
    Some(f)
}

/// Columns that are expected and ignored, not reported as unknown.
fn ignorable(h: &str) -> bool {
    matches!(
        fold(h).replace(' ', "").as_str(),
        "" | "no" | "nomor" | "nourut" | "number" | "ttd" | "tandatangan" | "keterangan"
    )
}

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

fn detect_delimiter(text: &str) -> u8 {
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

/// Index (into table.rows) of the header row: the first of the top rows with a name column.
fn find_header(t: &Table) -> Option<usize> {
    t.rows
        .iter()
        .take(HEADER_SEARCH_ROWS)
        .position(|(_, cells)| {
            cells
                .iter()
                .any(|c| field_for_header(c) == Some(Field::Name))
        })
}

#[derive(Debug, Clone, Serialize)]
pub struct Column {
    pub index: usize,
    pub header: String,
    pub field: Option<Field>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Preview {
    pub header_line: usize,
    pub columns: Vec<Column>,
    pub unknown_columns: Vec<String>,
    pub sample: Vec<Vec<String>>,
    pub total_rows: usize,
}

fn header_and_columns(t: &Table) -> Result<(usize, Vec<Column>), RosterError> {
    let h = match find_header(t) {
        Some(h) => h,
        None => {
            let first = t.rows.iter().find(|(_, c)| c.iter().any(|x| !x.is_empty()));
            let cols = first
                .map(|(_, c)| c.iter().filter(|x| !x.is_empty()).cloned().collect())
                .unwrap_or_default();
            return Err(if t.rows.is_empty() {
                RosterError::Empty
            } else {
                RosterError::NoNameColumn(cols)
            });
        }
    };
    let mut seen = std::collections::HashSet::new();
    let columns = t.rows[h]
        .1
        .iter()
        .enumerate()
        .map(|(index, header)| {
            // the first column with a given meaning wins; a second one is left unmapped
            let field = field_for_header(header).filter(|f| seen.insert(*f));
            Column {
                index,
                header: header.clone(),
                field,
            }
        })
        .collect();
    Ok((h, columns))
}

fn is_blank(cells: &[String]) -> bool {
    cells.iter().all(|c| c.trim().is_empty())
}

/// Read a file and show how its columns would be used, before anything is written.
pub fn preview(bytes: &[u8]) -> Result<Preview> {
    let t = read_table(bytes)?;
    let (h, columns) = header_and_columns(&t)?;
    let unknown_columns = columns
        .iter()
        .filter(|c| c.field.is_none() && !ignorable(&c.header))
        .map(|c| c.header.clone())
        .collect();
    let data: Vec<&(usize, Vec<String>)> = t.rows[h + 1..]
        .iter()
        .filter(|(_, c)| !is_blank(c))
        .collect();
    Ok(Preview {
        header_line: t.rows[h].0,
        columns,
        unknown_columns,
        sample: data.iter().take(10).map(|(_, c)| c.clone()).collect(),
        total_rows: data.len(),
    })
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Duplicate {
    pub line: usize,
    pub name: String,
    /// the participant already in the event, or the earlier line of the same file
    pub same_as: String,
    pub same_as_line: Option<usize>,
    pub reason: MatchReason,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Rejected {
    pub line: usize,
    pub reason: String,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Warning {
    pub line: usize,
    pub field: Field,
    pub column: String,
    pub value: String,
    pub reason: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ImportReport {
    pub imported: usize,
    pub updated: usize,
    pub duplicates: Vec<Duplicate>,
    pub rejected: Vec<Rejected>,
    pub warnings: Vec<Warning>,
    pub unknown_columns: Vec<String>,
    pub columns: Vec<Column>,
    pub dry_run: bool,
}

/// Import a roster into an event. `mapping` overrides the detected one: for each column
/// index, the field it feeds (or None to ignore it). With `dry_run` the report is the
/// same but nothing is written.
pub fn import(
    store: &mut Store,
    event_id: &str,
    bytes: &[u8],
    mapping: Option<&[Option<Field>]>,
    dry_run: bool,
    lang: Lang,
) -> Result<ImportReport> {
    crate::events::get(store, event_id)?;
    let t = read_table(bytes)?;
    let (h, mut columns) = header_and_columns(&t)?;
    if let Some(m) = mapping {
        if m.len() > columns.len() {
            return Err(RosterError::BadMapping(columns.len()).into());
        }
        let mut seen = std::collections::HashSet::new();
        for (i, f) in m.iter().enumerate() {
            if let Some(f) = f {
                if !seen.insert(*f) {
                    return Err(RosterError::MappedTwice(f.as_str().into()).into());
                }
            }
            columns[i].field = *f;
        }
        for c in columns.iter_mut().skip(m.len()) {
            c.field = None;
        }
        if !columns.iter().any(|c| c.field == Some(Field::Name)) {
            return Err(RosterError::NoNameColumn(
                columns.iter().map(|c| c.header.clone()).collect(),
            )
            .into());
        }
    }
    let data_rows = t.rows[h + 1..].iter().filter(|(_, c)| !is_blank(c)).count();
    if data_rows > MAX_ROWS {
        return Err(RosterError::TooManyRows(data_rows).into());
    }
    let unknown_columns = columns
        .iter()
        .filter(|c| c.field.is_none() && !ignorable(&c.header))
        .map(|c| c.header.clone())
        .collect();
    let col_of = |f: Field| columns.iter().find(|c| c.field == Some(f)).map(|c| c.index);
    let idx: Vec<(Field, Option<usize>)> = Field::ALL.iter().map(|f| (*f, col_of(*f))).collect();

    let run = |tx: &mut crate::db::Tx| -> Result<ImportReport> {
        let mut rep = ImportReport {
            imported: 0,
            updated: 0,
            duplicates: vec![],
            rejected: vec![],
            warnings: vec![],
            unknown_columns,
            columns: columns.clone(),
            dry_run,
        };
        // participants created by this file, by id -> line, to report in-file duplicates
        let mut lines_by_id: std::collections::HashMap<String, usize> = Default::default();
        for (line, cells) in &t.rows[h + 1..] {
            if is_blank(cells) {
                continue;
            }
            let get = |f: Field| -> &str {
                idx.iter()
                    .find(|(x, _)| *x == f)
                    .and_then(|(_, i)| *i)
                    .and_then(|i| cells.get(i))
                    .map(|s| s.as_str())
                    .unwrap_or("")
            };
            let header_of = |f: Field| {
                columns
                    .iter()
                    .find(|c| c.field == Some(f))
                    .map(|c| c.header.clone())
                    .unwrap_or_default()
            };
            let name = get(Field::Name)
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            if name.is_empty() {
                rep.rejected.push(Rejected {
                    line: *line,
                    reason: lang.pick("nama kosong".into(), "no name".into()),
                });
                continue;
            }
            if name.chars().count() > participants::MAX_NAME {
                rep.rejected.push(Rejected {
                    line: *line,
                    reason: lang.pick("nama terlalu panjang".into(), "name too long".into()),
                });
                continue;
            }
            let mut warn = |f: Field, p: FieldProblem| {
                rep.warnings.push(Warning {
                    line: *line,
                    field: f,
                    column: header_of(f),
                    value: get(f).to_string(),
                    reason: p.text(lang).to_string(),
                });
            };
            let cut = |s: &str| {
                s.split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
                    .chars()
                    .take(200)
                    .collect::<String>()
            };
            let c = Clean {
                name: name.clone(),
                gender: participants::parse_gender(get(Field::Gender))
                    .unwrap_or_else(|p| {
                        warn(Field::Gender, p);
                        None
                    })
                    .map(str::to_string),
                category: participants::parse_category(get(Field::Category))
                    .unwrap_or_else(|p| {
                        warn(Field::Category, p);
                        "lainnya"
                    })
                    .to_string(),
                institution: cut(get(Field::Institution)),
                position: cut(get(Field::Position)),
                regency: cut(get(Field::Regency)),
                village: cut(get(Field::Village)),
                nip: participants::parse_nip(get(Field::Nip)).unwrap_or_else(|p| {
                    warn(Field::Nip, p);
                    None
                }),
                phone: participants::parse_phone(get(Field::Phone)).unwrap_or_else(|p| {
                    warn(Field::Phone, p);
                    None
                }),
                email: participants::parse_email(get(Field::Email)).unwrap_or_else(|p| {
                    warn(Field::Email, p);
                    None
                }),
                disability: Some(cut(get(Field::Disability))).filter(|s| !s.is_empty() && s != "-"),
            };
            match participants::find_same_person(tx, event_id, &c)? {
                Some((existing, reason)) => {
                    let same_as_line = lines_by_id.get(&existing.id).copied();
                    let changed = participants::fill_empty(tx, &existing, &c)?;
                    if changed && same_as_line.is_none() {
                        rep.updated += 1;
                    } else {
                        rep.duplicates.push(Duplicate {
                            line: *line,
                            name: c.name.clone(),
                            same_as: existing.name.clone(),
                            same_as_line,
                            reason,
                        });
                    }
                }
                None => {
                    let id = participants::insert(tx, event_id, &c, "import")?;
                    lines_by_id.insert(id, *line);
                    rep.imported += 1;
                }
            }
        }
        Ok(rep)
    };
    let report = if dry_run {
        store.dry_run(run)?
    } else {
        store.write(run)?
    };
    log::info!(
        "roster import{}: {} imported, {} updated, {} duplicates, {} rejected, {} warnings",
        if dry_run { " (dry run)" } else { "" },
        report.imported,
        report.updated,
        report.duplicates.len(),
        report.rejected.len(),
        report.warnings.len()
    );
    Ok(report)
}

#[cfg(test)]
mod tests;
