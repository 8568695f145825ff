//! Command line for the PLM's outcomes: follow-up plans, learning notes and awards.

use clap::{Args, Subcommand};
use plm_core::awards;
use plm_core::notes::{self, NoteInput};
use plm_core::plans::{self, ItemInput, PlanInput};
use plm_core::{Lang, Store};
use serde_json::json;

use crate::cli::Out;

#[derive(Subcommand, Debug)]
pub enum PlanCmd {
    /// Add an item to an institution's follow-up plan (the plan is created if needed)
    Add(Box<PlanAdd>),
    /// List the event's plans with their items
    List {
        #[arg(long)]
        event: String,
    },
    /// Change an item's status: planned, in_progress, done, dropped
    Status {
        #[arg(long)]
        item: String,
        #[arg(long)]
        status: String,
        /// Date of the change (default: today)
        #[arg(long)]
        on: Option<String>,
    },
    /// Mark a plan as presented in plenary (or not, with --undo)
    Presented {
        plan: String,
        #[arg(long)]
        undo: bool,
    },
    /// Delete an item
    DeleteItem { item: String },
}

#[derive(Args, Debug)]
pub struct PlanAdd {
    #[arg(long)]
    event: String,
    /// The library or office whose plan it is
    #[arg(long)]
    institution: String,
    #[arg(long)]
    activity: String,
    /// layanan, pelibatan, advokasi or publikasi
    #[arg(long)]
    strategy: String,
    #[arg(long, default_value = "")]
    objective: String,
    /// Target group (sasaran)
    #[arg(long, default_value = "")]
    target: String,
    #[arg(long, default_value = "")]
    method: String,
    /// When: YYYY-MM, YYYY-MM-DD or a range FROM..TO
    #[arg(long, default_value = "")]
    when: String,
    #[arg(long, default_value = "")]
    place: String,
    #[arg(long, default_value = "")]
    responsible: String,
    /// Resources and funding source (APBD, Dana Desa, CSR…)
    #[arg(long, default_value = "")]
    resources: String,
    /// Success indicator
    #[arg(long, default_value = "")]
    indicator: String,
    #[arg(long, default_value = "")]
    notes: String,
}

#[derive(Subcommand, Debug)]
pub enum NoteCmd {
    /// Record a learning note: achievement, obstacle, solution or improvement
    Add {
        #[arg(long)]
        event: String,
        #[arg(long)]
        session: Option<String>,
        #[arg(long)]
        kind: String,
        #[arg(long)]
        text: String,
        #[arg(long, default_value = "")]
        by: String,
    },
    /// List the event's learning notes
    List {
        #[arg(long)]
        event: String,
        #[arg(long)]
        session: Option<String>,
    },
}

#[derive(Subcommand, Debug)]
pub enum AwardCmd {
    /// Categories with nominees, criteria, judges and the ranking
    List {
        #[arg(long)]
        event: String,
    },
    /// Add a category
    Category {
        #[arg(long)]
        event: String,
        #[arg(long)]
        name: String,
    },
    /// Add a nominee (an institution) to a category
    Nominee {
        #[arg(long)]
        category: String,
        #[arg(long)]
        institution: String,
        #[arg(long, default_value = "")]
        regency: String,
    },
    /// Add a criterion with its weight and maximum score
    Criterion {
        #[arg(long)]
        category: String,
        #[arg(long)]
        name: String,
        #[arg(long)]
        weight: f64,
        #[arg(long, default_value_t = 100.0)]
        max: f64,
    },
    /// Add a judge to a category
    Judge {
        #[arg(long)]
        category: String,
        #[arg(long)]
        name: String,
    },
    /// Enter a judge's score for a nominee on a criterion
    Score {
        #[arg(long)]
        judge: String,
        #[arg(long)]
        nominee: String,
        #[arg(long)]
        criterion: String,
        #[arg(long)]
        score: f64,
    },
    /// Record the decision of a category
    Decide {
        #[arg(long)]
        category: String,
        #[arg(long)]
        winner: String,
        #[arg(long, default_value = "")]
        note: String,
    },
}

pub fn plan_cmd(store: &mut Store, c: PlanCmd, lang: Lang) -> plm_core::Result<Out> {
    match c {
        PlanCmd::Add(a) => {
            let plan = plans::create(
                store,
                &a.event,
                &PlanInput {
                    institution: a.institution,
                    ..Default::default()
                },
            )?;
            let item = plans::add_item(
                store,
                &plan.id,
                &ItemInput {
                    activity: a.activity,
                    objective: a.objective,
                    target_group: a.target,
                    method: a.method,
                    when: a.when,
                    place: a.place,
                    responsible: a.responsible,
                    resources: a.resources,
                    indicator: a.indicator,
                    notes: a.notes,
                    strategy: a.strategy,
                    ..Default::default()
                },
            )?;
            let text = format!(
                "{}: item {} added to the plan of {} ({})",
                item.id,
                item.position,
                plan.institution,
                item.strategy.label(lang)
            );
            Ok(Out {
                json: json!({"plan": plan.id, "item": item}),
                text,
            })
        }
        PlanCmd::List { event } => {
            let list = plans::list(store, &event)?;
            let mut text = String::new();
            for p in &list {
                text.push_str(&format!(
                    "{}  {}{}\n",
                    p.id,
                    p.institution,
                    if p.presented { "  (presented)" } else { "" }
                ));
                for i in &p.items {
                    text.push_str(&format!(
                        "  {}. {}  [{}; {}]  {}  {}\n",
                        i.position,
                        i.activity,
                        i.strategy.label(lang),
                        i.status.label(lang),
                        i.when_text(lang),
                        i.id
                    ));
                }
            }
            if list.is_empty() {
                text = "No follow-up plans yet.".into();
            }
            Ok(Out {
                json: serde_json::to_value(&list).expect("json"),
                text,
            })
        }
        PlanCmd::Status { item, status, on } => {
            let i = plans::set_status(store, &item, &status, on.as_deref())?;
            Ok(Out {
                text: format!(
                    "{}: {} since {}",
                    i.activity,
                    i.status.label(lang),
                    i.status_changed
                ),
                json: serde_json::to_value(&i).expect("json"),
            })
        }
        PlanCmd::Presented { plan, undo } => {
            let p = plans::set_presented(store, &plan, !undo)?;
            Ok(Out {
                text: format!(
                    "{}: {}",
                    p.institution,
                    if p.presented {
                        "presented"
                    } else {
                        "not presented"
                    }
                ),
                json: serde_json::to_value(&p).expect("json"),
            })
        }
        PlanCmd::DeleteItem { item } => {
            plans::delete_item(store, &item)?;
            Ok(Out {
                json: json!({"deleted": item}),
                text: format!("item {item} deleted"),
            })
        }
    }
}

pub fn note_cmd(store: &mut Store, c: NoteCmd, lang: Lang) -> plm_core::Result<Out> {
    match c {
        NoteCmd::Add {
            event,
            session,
            kind,
            text,
            by,
        } => {
            let n = notes::add_note(
                store,
                &event,
                &NoteInput {
                    session_id: session,
                    kind,
                    text,
                    raised_by: by,
                },
            )?;
            Ok(Out {
                text: format!("{}: {} noted", n.id, n.kind.label(lang)),
                json: serde_json::to_value(&n).expect("json"),
            })
        }
        NoteCmd::List { event, session } => {
            let list = notes::list_notes(store, &event, session.as_deref())?;
            let text = list
                .iter()
                .map(|n| {
                    format!(
                        "{}: {}{}",
                        n.kind.label(lang),
                        n.text,
                        if n.raised_by.is_empty() {
                            String::new()
                        } else {
                            format!(" ({})", n.raised_by)
                        }
                    )
                })
                .collect::<Vec<_>>()
                .join("\n");
            Ok(Out {
                json: serde_json::to_value(&list).expect("json"),
                text,
            })
        }
    }
}

pub fn award_cmd(store: &mut Store, c: AwardCmd) -> plm_core::Result<Out> {
    match c {
        AwardCmd::List { event } => {
            let cats = awards::list(store, &event)?;
            let mut text = String::new();
            let mut out = Vec::new();
            for c in &cats {
                let rank = awards::ranking(c);
                text.push_str(&format!("{}  {}\n", c.id, c.name));
                for r in &rank {
                    text.push_str(&format!(
                        "  {}. {}  {:.2}{}  ({}/{} sheets){}\n",
                        r.rank,
                        r.institution,
                        r.score,
                        if r.tie { " (tie)" } else { "" },
                        r.sheets_complete,
                        r.judges,
                        if c.winner_id.as_deref() == Some(r.nominee_id.as_str()) {
                            "  WINNER"
                        } else {
                            ""
                        }
                    ));
                }
                out.push(json!({"category": c, "ranking": rank}));
            }
            Ok(Out {
                json: json!(out),
                text,
            })
        }
        AwardCmd::Category { event, name } => {
            let c = awards::add_category(store, &event, &name)?;
            Ok(Out {
                text: format!("{}: category {}", c.id, c.name),
                json: serde_json::to_value(&c).expect("json"),
            })
        }
        AwardCmd::Nominee {
            category,
            institution,
            regency,
        } => {
            let n = awards::add_nominee(store, &category, &institution, &regency)?;
            Ok(Out {
                text: format!("{}: nominee {}", n.id, n.institution),
                json: serde_json::to_value(&n).expect("json"),
            })
        }
        AwardCmd::Criterion {
            category,
            name,
            weight,
            max,
        } => {
            let k = awards::add_criterion(store, &category, &name, weight, max)?;
            Ok(Out {
                text: format!(
                    "{}: criterion {} (weight {}, max {})",
                    k.id, k.name, k.weight, k.max_score
                ),
                json: serde_json::to_value(&k).expect("json"),
            })
        }
        AwardCmd::Judge { category, name } => {
            let j = awards::add_judge(store, &category, &name)?;
            Ok(Out {
                text: format!("{}: judge {}", j.id, j.name),
                json: serde_json::to_value(&j).expect("json"),
            })
        }
        AwardCmd::Score {
            judge,
            nominee,
            criterion,
            score,
        } => {
            awards::set_score(store, &judge, &nominee, &criterion, Some(score))?;
            Ok(Out {
                text: "score saved".into(),
                json: json!({"saved": true}),
            })
        }
        AwardCmd::Decide {
            category,
            winner,
            note,
        } => {
            let c = awards::decide(store, &category, Some(&winner), &note)?;
            Ok(Out {
                text: format!("{}: decided", c.name),
                json: serde_json::to_value(&c).expect("json"),
            })
        }
    }
}
