//! Allowances paid at the event and the receipt list (daftar penerimaan) made from them.
//!
//! PLM Desk invents no amount and no tax rule: the facilitator sets, per participant
//! category or per role, a transport amount per day attended, a lump sum, and optionally
//! a deduction percentage (e.g. tax withheld). The days come from the signed attendance
//! (paper entries included; a reopened and corrected day counts as corrected).

use crate::db::Store;
use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::{events, ids, money, participants};
use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

mod error;
mod receipts;
pub use error::AllowanceError;
pub use receipts::*;

/// What a person was at the event, for paying them. Derived from the participant's
/// category: master trainers and regional facilitators are facilitators, "narasumber"
/// resource persons, "panitia" committee, everyone else a participant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PayRole {
    Participant,
    Facilitator,
    ResourcePerson,
    Committee,
}

impl PayRole {
    pub const ALL: [PayRole; 4] = [
        PayRole::Participant,
        PayRole::Facilitator,
        PayRole::ResourcePerson,
        PayRole::Committee,
    ];

    pub fn of_category(category: &str) -> PayRole {
        match category {
            "master_trainer" | "fasilitator_daerah" => PayRole::Facilitator,
            "narasumber" => PayRole::ResourcePerson,
            "panitia" => PayRole::Committee,
            _ => PayRole::Participant,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            PayRole::Participant => "participant",
            PayRole::Facilitator => "facilitator",
            PayRole::ResourcePerson => "resource_person",
            PayRole::Committee => "committee",
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (PayRole::Participant, Lang::Id) => "Peserta",
            (PayRole::Facilitator, Lang::Id) => "Fasilitator",
            (PayRole::ResourcePerson, Lang::Id) => "Narasumber",
            (PayRole::Committee, Lang::Id) => "Panitia",
            (PayRole::Participant, Lang::En) => "Participant",
            (PayRole::Facilitator, Lang::En) => "Facilitator",
            (PayRole::ResourcePerson, Lang::En) => "Resource person",
            (PayRole::Committee, Lang::En) => "Committee",
        }
    }

    /// From a code or a label in either language ("narasumber", "resource person").
    pub fn parse(v: &str) -> Option<PayRole> {
        let f = crate::text::fold(v).replace([' ', '_', '-'], "");
        PayRole::ALL.into_iter().find(|r| {
            f == r.code().replace('_', "")
                || f == crate::text::fold(r.label(Lang::Id)).replace(' ', "")
                || f == crate::text::fold(r.label(Lang::En)).replace(' ', "")
        })
    }
}

/// Whom a rate applies to: one participant category, or everyone of a role whose
/// category has no rate of its own.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Target {
    Category(&'static str),
    Role(PayRole),
}

impl Target {
    fn kind(&self) -> &'static str {
        match self {
            Target::Category(_) => "category",
            Target::Role(_) => "role",
        }
    }
    fn code(&self) -> &'static str {
        match self {
            Target::Category(c) => c,
            Target::Role(r) => r.code(),
        }
    }
    pub fn label(&self, lang: Lang) -> String {
        match self {
            Target::Category(c) => participants::category_label(c).to_string(),
            Target::Role(r) => r.label(lang).to_string(),
        }
    }
    /// A category (code or printed name) as the user typed it.
    pub fn category(v: &str) -> Result<Target> {
        match participants::parse_category(v) {
            Ok(c) if !v.trim().is_empty() => Ok(Target::Category(c)),
            _ => Err(AllowanceError::UnknownCategory(v.trim().to_string()).into()),
        }
    }
    pub fn role(v: &str) -> Result<Target> {
        PayRole::parse(v)
            .map(Target::Role)
            .ok_or_else(|| AllowanceError::UnknownRole(v.trim().to_string()).into())
    }
    fn from_row(kind: &str, code: &str) -> Option<Target> {
        match kind {
            "category" => participants::CATEGORIES
                .iter()
                .find(|(c, _)| *c == code)
                .map(|(c, _)| Target::Category(c)),
            _ => PayRole::ALL
                .into_iter()
                .find(|r| r.code() == code)
                .map(Target::Role),
        }
    }
}

/// What the user typed for a rate. Amounts in whole rupiah; the deduction is a
/// percentage ("12,5" and "12.5" alike).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct RateInput {
    pub per_day: Option<i64>,
    pub lump_sum: Option<i64>,
    pub deduction_percent: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Rate {
    /// `category` or `role`
    pub target_kind: String,
    pub target: String,
    pub label: String,
    pub per_day: Option<i64>,
    pub lump_sum: Option<i64>,
    /// Hundredths of a percent (1250 = 12.5 %).
    pub deduction_bp: Option<i64>,
}

impl Rate {
    /// The printed name of what the rate is for, in `lang` (`label` is Indonesian, as
    /// the receipt list prints it).
    pub fn label_in(&self, lang: Lang) -> String {
        Target::from_row(&self.target_kind, &self.target)
            .map(|t| t.label(lang))
            .unwrap_or_else(|| self.label.clone())
    }
}

/// Who signs the receipt list, and the sanity ceiling for one amount.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Signers {
    pub treasurer_name: String,
    pub treasurer_nip: String,
    /// e.g. "Pejabat Pembuat Komitmen" or "Ketua Panitia"; empty prints "Penanggung Jawab".
    pub officer_role: String,
    pub officer_name: String,
    pub officer_nip: String,
    /// No single amount may exceed this (rupiah). 10,000,000 unless changed.
    pub ceiling: i64,
}

pub const DEFAULT_CEILING: i64 = 10_000_000;

impl Default for Signers {
    fn default() -> Self {
        Signers {
            treasurer_name: String::new(),
            treasurer_nip: String::new(),
            officer_role: String::new(),
            officer_name: String::new(),
            officer_nip: String::new(),
            ceiling: DEFAULT_CEILING,
        }
    }
}

/// Parse a percentage ("10", "12,5", "2.75", "15 %") into hundredths of a percent.
pub fn parse_percent(v: &str) -> Result<i64> {
    let t = v.trim().trim_end_matches('%').trim().replace(',', ".");
    let bad = || Error::from(AllowanceError::BadDeduction(v.trim().to_string()));
    let (whole, frac) = t.split_once('.').unwrap_or((&t, ""));
    if whole.is_empty() && frac.is_empty()
        || !whole.chars().all(|c| c.is_ascii_digit())
        || !frac.chars().all(|c| c.is_ascii_digit())
        || frac.len() > 2
        || whole.len() > 3
    {
        return Err(bad());
    }
    let w: i64 = if whole.is_empty() {
        0
    } else {
        whole.parse().map_err(|_| bad())?
    };
    let f: i64 = format!("{frac:0<2}").parse().map_err(|_| bad())?;
    let bp = w * 100 + f;
    if bp > 10_000 {
        return Err(
            AllowanceError::DeductionOver100(v.trim().trim_end_matches('%').to_string()).into(),
        );
    }
    Ok(bp)
}

/// "12,5%" as Indonesians write it.
pub fn percent_label(bp: i64) -> String {
    if bp % 100 == 0 {
        format!("{}%", bp / 100)
    } else {
        format!("{},{:02}%", bp / 100, bp % 100)
            .replace("0%", "%")
            .replace(",%", "%")
    }
}

fn check_amount(
    field: &'static str,
    label_id: &'static str,
    label_en: &'static str,
    v: Option<i64>,
    ceiling: i64,
) -> Result<()> {
    match v {
        Some(amount) if amount < 0 => Err(AllowanceError::Negative {
            field,
            label_id,
            label_en,
            amount,
        }
        .into()),
        Some(amount) if amount > ceiling => Err(AllowanceError::OverLimit {
            field,
            label_id,
            label_en,
            amount,
            limit: ceiling,
        }
        .into()),
        _ => Ok(()),
    }
}

/// Set (or replace) the rate for a category or a role.
pub fn set_rate(
    store: &mut Store,
    event_id: &str,
    target: &Target,
    input: &RateInput,
) -> Result<Rate> {
    events::get(store, event_id)?;
    let ceiling = signers(store, event_id)?.ceiling;
    check_amount(
        "per_day",
        "Uang transport per hari",
        "amount per day",
        input.per_day,
        ceiling,
    )?;
    check_amount(
        "lump_sum",
        "Uang paket",
        "lump sum",
        input.lump_sum,
        ceiling,
    )?;
    if input.per_day.is_none() && input.lump_sum.is_none() {
        return Err(AllowanceError::NoAmount {
            id: target.label(Lang::Id),
            en: target.label(Lang::En),
        }
        .into());
    }
    let bp = match input.deduction_percent.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(v) => Some(parse_percent(v)?),
    };
    store.write(|tx| {
        let now = ids::now_utc();
        tx.execute(
            "INSERT INTO allowance_rates (id, event_id, target_kind, target, per_day, lump_sum, deduction_bp, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
             ON CONFLICT (event_id, target_kind, target) DO UPDATE SET
                per_day=excluded.per_day, lump_sum=excluded.lump_sum,
                deduction_bp=excluded.deduction_bp, updated_at=excluded.updated_at",
            params![ids::new_id(), event_id, target.kind(), target.code(), input.per_day, input.lump_sum, bp, now],
        )?;
        Ok(())
    })?;
    log::info!(
        "allowance: rate set for {} {} of event {event_id}",
        target.kind(),
        target.code()
    );
    rates(store, event_id)?
        .into_iter()
        .find(|r| r.target_kind == target.kind() && r.target == target.code())
        .ok_or_else(|| Error::not_found("allowance rate", target.code()))
}

/// Remove a rate (that category or role is then paid by its role's rate, or not at all).
pub fn remove_rate(store: &mut Store, event_id: &str, target: &Target) -> Result<()> {
    let n = store.write(|tx| {
        Ok(tx.execute(
            "DELETE FROM allowance_rates WHERE event_id=?1 AND target_kind=?2 AND target=?3",
            params![event_id, target.kind(), target.code()],
        )?)
    })?;
    if n == 0 {
        return Err(Error::not_found("allowance rate", target.code()));
    }
    Ok(())
}

/// The event's rates: roles first, then categories, each in the app's order.
pub fn rates(store: &Store, event_id: &str) -> Result<Vec<Rate>> {
    let mut st = store.conn().prepare(
        "SELECT target_kind, target, per_day, lump_sum, deduction_bp FROM allowance_rates WHERE event_id=?1",
    )?;
    let mut out: Vec<(Target, Rate)> = st
        .query_map([event_id], |r| {
            Ok((
                r.get::<_, String>("target_kind")?,
                r.get::<_, String>("target")?,
                r.get::<_, Option<i64>>("per_day")?,
                r.get::<_, Option<i64>>("lump_sum")?,
                r.get::<_, Option<i64>>("deduction_bp")?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?
        .into_iter()
        .filter_map(|(kind, code, per_day, lump_sum, deduction_bp)| {
            let t = Target::from_row(&kind, &code)?;
            let rate = Rate {
                target_kind: kind,
                target: code,
                label: t.label(Lang::Id),
                per_day,
                lump_sum,
                deduction_bp,
            };
            Some((t, rate))
        })
        .collect();
    let order = |t: &Target| match t {
        Target::Role(r) => (0, PayRole::ALL.iter().position(|x| x == r).unwrap_or(9)),
        Target::Category(c) => (
            1,
            participants::CATEGORIES
                .iter()
                .position(|(x, _)| x == c)
                .unwrap_or(99),
        ),
    };
    out.sort_by_key(|(t, _)| order(t));
    Ok(out.into_iter().map(|(_, r)| r).collect())
}

pub fn signers(store: &Store, event_id: &str) -> Result<Signers> {
    Ok(store
        .conn()
        .query_row(
            "SELECT treasurer_name, treasurer_nip, officer_role, officer_name, officer_nip, ceiling
               FROM event_papers WHERE event_id=?1",
            [event_id],
            |r| {
                Ok(Signers {
                    treasurer_name: r.get("treasurer_name")?,
                    treasurer_nip: r.get("treasurer_nip")?,
                    officer_role: r.get("officer_role")?,
                    officer_name: r.get("officer_name")?,
                    officer_nip: r.get("officer_nip")?,
                    ceiling: r.get("ceiling")?,
                })
            },
        )
        .optional()?
        .unwrap_or_default())
}

pub fn set_signers(store: &mut Store, event_id: &str, s: &Signers) -> Result<Signers> {
    events::get(store, event_id)?;
    if s.ceiling <= 0 {
        return Err(AllowanceError::BadLimit.into());
    }
    for (field, v, max) in [
        ("treasurer_name", &s.treasurer_name, 200),
        ("treasurer_nip", &s.treasurer_nip, 40),
        ("officer_role", &s.officer_role, 120),
        ("officer_name", &s.officer_name, 200),
        ("officer_nip", &s.officer_nip, 40),
    ] {
        if v.chars().count() > max {
            return Err(AllowanceError::TooLong { field, max }.into());
        }
    }
    store.write(|tx| {
        tx.execute(
            "INSERT INTO event_papers (event_id, treasurer_name, treasurer_nip, officer_role, officer_name, officer_nip, ceiling, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
             ON CONFLICT (event_id) DO UPDATE SET treasurer_name=excluded.treasurer_name,
               treasurer_nip=excluded.treasurer_nip, officer_role=excluded.officer_role,
               officer_name=excluded.officer_name, officer_nip=excluded.officer_nip,
               ceiling=excluded.ceiling, updated_at=excluded.updated_at",
            params![
                event_id,
                s.treasurer_name.trim(),
                s.treasurer_nip.trim(),
                s.officer_role.trim(),
                s.officer_name.trim(),
                s.officer_nip.trim(),
                s.ceiling,
                ids::now_utc()
            ],
        )?;
        Ok(())
    })?;
    signers(store, event_id)
}

#[cfg(test)]
mod tests;
