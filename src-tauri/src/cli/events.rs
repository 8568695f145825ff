//! Events and their agenda: create, list, show, edit; sessions per day.

use super::*;
use plm_core::events;

#[derive(Subcommand, Debug)]
pub enum EventCmd {
    /// Create an event (it becomes the current one)
    Create(EventCreate),
    /// List events
    List,
    /// Show one event
    Show { id: String },
    /// Change fields of an event
    Update(EventUpdate),
    /// Make an event the current one
    Use { id: String },
    /// Delete an event (kept as a tombstone for headquarters)
    Delete { id: String },
    /// Keep the event's personal data until a date (YYYY-MM-DD), not before it ends
    Retention {
        id: String,
        #[arg(long)]
        until: String,
    },
}

#[derive(Args, Debug)]
pub struct EventCreate {
    #[arg(long)]
    title: String,
    /// Province code (63) or name (Kalimantan Selatan)
    #[arg(long)]
    province: String,
    /// Regency or city
    #[arg(long, visible_alias = "regency", default_value = "")]
    city: String,
    #[arg(long, default_value = "")]
    venue: String,
    /// First day, YYYY-MM-DD
    #[arg(long)]
    start: String,
    /// Number of days, 1 to 5
    #[arg(long, allow_negative_numbers = true)]
    days: i64,
    /// Wave (gelombang)
    #[arg(long, allow_negative_numbers = true)]
    wave: Option<i64>,
    #[arg(long, default_value = "")]
    organiser: String,
    /// Time zone: WIB, WITA, WIT or Asia/Jakarta, Asia/Makassar, Asia/Jayapura (default from the province)
    #[arg(long)]
    tz: Option<String>,
    /// Program year (default: the year of the start date)
    #[arg(long)]
    year: Option<i64>,
    /// Attendance per day, half_day or session
    #[arg(long)]
    attendance: Option<String>,
}

#[derive(Args, Debug)]
pub struct EventUpdate {
    id: String,
    #[arg(long)]
    title: Option<String>,
    #[arg(long)]
    province: Option<String>,
    #[arg(long, visible_alias = "regency")]
    city: Option<String>,
    #[arg(long)]
    venue: Option<String>,
    #[arg(long)]
    start: Option<String>,
    #[arg(long, allow_negative_numbers = true)]
    days: Option<i64>,
    #[arg(long, allow_negative_numbers = true)]
    wave: Option<i64>,
    #[arg(long)]
    organiser: Option<String>,
    #[arg(long)]
    tz: Option<String>,
    #[arg(long)]
    year: Option<i64>,
    #[arg(long)]
    attendance: Option<String>,
}

#[derive(Subcommand, Debug)]
pub enum SessionCmd {
    /// Add a session to the agenda
    Add(SessionAdd),
    /// List the agenda of an event
    List {
        #[arg(long)]
        event: String,
    },
    /// Delete a session
    Delete { id: String },
    /// Move a session one place earlier (--up) or later (--down) on its day
    Move {
        id: String,
        #[arg(long, conflicts_with = "down", required_unless_present = "down")]
        up: bool,
        #[arg(long)]
        down: bool,
    },
}

#[derive(Args, Debug)]
pub struct SessionAdd {
    #[arg(long)]
    event: String,
    #[arg(long, allow_negative_numbers = true)]
    day: i64,
    /// Start time, 08:30
    #[arg(long)]
    start: String,
    /// End time, 10:00
    #[arg(long)]
    end: String,
    #[arg(long)]
    title: String,
    /// opening, presentation, sharing, resource_person, capacity, rtl, awards, closing, other
    #[arg(long)]
    kind: Option<String>,
    /// Facilitator (repeat for several)
    #[arg(long)]
    facilitator: Vec<String>,
    #[arg(long, default_value = "")]
    resource_person: String,
}

pub(super) fn event_line(e: &Event) -> String {
    format!(
        "{}  {}  {} ({} {}), {} day(s) from {} {}",
        e.id,
        e.title,
        e.province_name,
        e.province_code,
        e.regency_name,
        e.days,
        e.start_date,
        e.zone_label
    )
}

pub(super) fn event_out(e: Event) -> Out {
    Out {
        text: event_line(&e),
        json: serde_json::to_value(&e).expect("json"),
    }
}

pub(super) fn event_cmd(store: &mut Store, c: EventCmd) -> plm_core::Result<Out> {
    match c {
        EventCmd::Create(a) => {
            let input = EventInput {
                title: a.title,
                program_year: a.year,
                province: a.province,
                regency: a.city,
                venue: a.venue,
                start_date: a.start,
                days: a.days,
                wave: a.wave,
                organiser: a.organiser,
                timezone: a.tz,
                attendance_mode: a.attendance,
            };
            let e = plm_core::desk::create_event_and_choose(store, &input)?;
            Ok(event_out(e))
        }
        EventCmd::List => {
            let list = events::list(store)?;
            let text = if list.is_empty() {
                "No events yet. Create one with: plm-desk event create --help".to_string()
            } else {
                list.iter().map(event_line).collect::<Vec<_>>().join("\n")
            };
            Ok(Out {
                json: serde_json::to_value(&list).expect("json"),
                text,
            })
        }
        EventCmd::Show { id } => Ok(event_out(events::get(store, &id)?)),
        EventCmd::Use { id } => Ok(event_out(events::set_current(store, &id)?)),
        EventCmd::Retention { id, until } => {
            Ok(event_out(events::set_retention(store, &id, &until)?))
        }
        EventCmd::Delete { id } => {
            events::delete(store, &id)?;
            Ok(Out {
                json: json!({"deleted": id}),
                text: format!("deleted {id}"),
            })
        }
        EventCmd::Update(a) => {
            let old = events::get(store, &a.id)?;
            let input = EventInput {
                title: a.title.unwrap_or(old.title),
                program_year: Some(a.year.unwrap_or(old.program_year)),
                province: a.province.unwrap_or(old.province_code),
                regency: a.city.unwrap_or(old.regency_name),
                venue: a.venue.unwrap_or(old.venue),
                start_date: a.start.unwrap_or(old.start_date),
                days: a.days.unwrap_or(old.days),
                wave: a.wave.or(old.wave),
                organiser: a.organiser.unwrap_or(old.organiser),
                timezone: Some(a.tz.unwrap_or(old.timezone)),
                attendance_mode: Some(
                    a.attendance
                        .unwrap_or_else(|| old.attendance_mode.code().to_string()),
                ),
            };
            Ok(event_out(events::update(store, &a.id, &input)?))
        }
    }
}

pub(super) fn session_line(s: &Session) -> String {
    format!(
        "{}  day {}  {}-{}  {}  [{}]  {}",
        s.id, s.day, s.start, s.end, s.title, s.kind, s.facilitators
    )
}

pub(super) fn sessions_out(list: Vec<Session>) -> Out {
    let text = if list.is_empty() {
        "No sessions yet. Add one with: plm-desk session add --help".to_string()
    } else {
        list.iter().map(session_line).collect::<Vec<_>>().join("\n")
    };
    Out {
        json: serde_json::to_value(&list).expect("json"),
        text,
    }
}

pub(super) fn session_cmd(store: &mut Store, c: SessionCmd) -> plm_core::Result<Out> {
    match c {
        SessionCmd::Add(a) => {
            let input = SessionInput {
                day: a.day,
                start: a.start,
                end: a.end,
                title: a.title,
                kind: a.kind,
                facilitators: a.facilitator.join(", "),
                resource_person: a.resource_person,
            };
            let s = events::add_session(store, &a.event, &input)?;
            Ok(Out {
                text: session_line(&s),
                json: serde_json::to_value(&s).expect("json"),
            })
        }
        SessionCmd::List { event } => Ok(sessions_out(events::list_sessions(store, &event)?)),
        SessionCmd::Delete { id } => {
            events::delete_session(store, &id)?;
            Ok(Out {
                json: json!({"deleted": id}),
                text: format!("deleted {id}"),
            })
        }
        SessionCmd::Move { id, up, down: _ } => {
            Ok(sessions_out(events::move_session(store, &id, up)?))
        }
    }
}
