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

mod error;
mod table;

pub use error::RosterError;
pub use table::{decode_text, read_table, Table};

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
