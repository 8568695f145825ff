//! The receipt list's arithmetic: who is paid for which days (from the signed
//! attendance), the amounts by their rate, the deduction rounded half up, the totals.

use super::*;

/// One person on the receipt list.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ReceiptLine {
    pub no: usize,
    pub participant_id: String,
    pub code: String,
    pub name: String,
    pub institution: String,
    pub nip: Option<String>,
    pub role: PayRole,
    pub role_label: String,
    pub category_label: String,
    /// The days attended (1-based), in order.
    pub days: Vec<i64>,
    pub per_day: i64,
    /// per_day x days
    pub transport: i64,
    pub lump_sum: i64,
    pub gross: i64,
    pub deduction_bp: Option<i64>,
    pub deduction: i64,
    pub net: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct ReceiptList {
    pub event_id: String,
    pub lines: Vec<ReceiptLine>,
    pub total_transport: i64,
    pub total_lump_sum: i64,
    pub total_gross: i64,
    pub total_deduction: i64,
    pub total_net: i64,
    /// "Dua juta lima ratus ribu rupiah"
    pub total_words: String,
    /// Whether any rate has a deduction (the column is printed only then).
    pub has_deduction: bool,
    pub signers: Signers,
}

/// Round half up: `amount x bp / 10000` in whole rupiah.
pub fn deduction_of(amount: i64, bp: i64) -> i64 {
    (amount * bp + 5_000) / 10_000
}

/// Work out the receipt list from the rates and the attendance. Refused, naming the
/// category, when someone who attended belongs to a category whose rate (nor its role's)
/// was never set: PLM Desk invents no amount.
pub fn receipts(store: &Store, event_id: &str) -> Result<ReceiptList> {
    events::get(store, event_id)?;
    let rate_list = rates(store, event_id)?;
    if rate_list.is_empty() {
        return Err(AllowanceError::NoRates.into());
    }
    let by_target: BTreeMap<(String, String), &Rate> = rate_list
        .iter()
        .map(|r| ((r.target_kind.clone(), r.target.clone()), r))
        .collect();
    // days attended per person: any live check-in (desk, paper or merged) on that day
    let mut st = store.conn().prepare(
        "SELECT p.id AS id, p.code AS code, p.name AS name, p.institution AS institution, p.nip AS nip,
                p.category AS category, p.name_key AS name_key, group_concat(DISTINCT a.day) AS days
           FROM participants p JOIN attendance a ON a.participant_id = p.id AND a.deleted_at IS NULL
          WHERE p.event_id = ?1 AND p.deleted_at IS NULL
          GROUP BY p.id
          ORDER BY p.name_key, p.code",
    )?;
    struct Row {
        id: String,
        code: String,
        name: String,
        institution: String,
        nip: Option<String>,
        category: String,
        days: Vec<i64>,
    }
    let rows = st
        .query_map([event_id], |r| {
            let days: String = r.get("days")?;
            let mut days: Vec<i64> = days.split(',').filter_map(|d| d.parse().ok()).collect();
            days.sort_unstable();
            Ok(Row {
                id: r.get("id")?,
                code: r.get("code")?,
                name: r.get("name")?,
                institution: r.get("institution")?,
                nip: r.get("nip")?,
                category: r.get("category")?,
                days,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut lines = Vec::with_capacity(rows.len());
    let mut missing: BTreeMap<&'static str, usize> = BTreeMap::new();
    for row in rows {
        let role = PayRole::of_category(&row.category);
        let rate = by_target
            .get(&("category".to_string(), row.category.clone()))
            .or_else(|| by_target.get(&("role".to_string(), role.code().to_string())));
        let Some(rate) = rate else {
            let cat = participants::CATEGORIES
                .iter()
                .find(|(c, _)| *c == row.category)
                .map(|(c, _)| *c)
                .unwrap_or("lainnya");
            *missing.entry(cat).or_default() += 1;
            continue;
        };
        let per_day = rate.per_day.unwrap_or(0);
        let transport = per_day * row.days.len() as i64;
        let lump_sum = rate.lump_sum.unwrap_or(0);
        let gross = transport + lump_sum;
        let deduction = rate
            .deduction_bp
            .map(|bp| deduction_of(gross, bp))
            .unwrap_or(0);
        lines.push(ReceiptLine {
            no: lines.len() + 1,
            participant_id: row.id,
            code: row.code,
            name: if row.name.is_empty() {
                "(data pribadi dihapus)".into()
            } else {
                row.name
            },
            institution: row.institution,
            nip: row.nip,
            role,
            role_label: role.label(Lang::Id).to_string(),
            category_label: participants::category_label(&row.category).to_string(),
            days: row.days,
            per_day,
            transport,
            lump_sum,
            gross,
            deduction_bp: rate.deduction_bp,
            deduction,
            net: gross - deduction,
        });
    }
    if let Some((cat, n)) = missing.iter().next() {
        let role = PayRole::of_category(cat);
        return Err(AllowanceError::RateMissing {
            category: participants::category_label(cat).to_string(),
            attended: *n,
            role_id: role.label(Lang::Id),
            role_en: role.label(Lang::En),
        }
        .into());
    }
    let sum = |f: fn(&ReceiptLine) -> i64| lines.iter().map(f).sum::<i64>();
    let total_net = sum(|l| l.net);
    Ok(ReceiptList {
        event_id: event_id.to_string(),
        total_transport: sum(|l| l.transport),
        total_lump_sum: sum(|l| l.lump_sum),
        total_gross: sum(|l| l.gross),
        total_deduction: sum(|l| l.deduction),
        total_net,
        total_words: money::rupiah_words(total_net),
        has_deduction: rate_list.iter().any(|r| r.deduction_bp.is_some()),
        signers: signers(store, event_id)?,
        lines,
    })
}
