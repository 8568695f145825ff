//! The check-in desk: the slot, check-in and signature, undo, attendance and its corrections, closing and reopening a day.

use super::*;

/// Which day / half day / session the desk counts (None = from the clock and agenda).
#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct SlotChoice {
    day: Option<i64>,
    session_id: Option<String>,
    half: Option<String>,
}

#[derive(Serialize)]
pub struct DeskSlot {
    slot: Slot,
    present: i64,
    expected: i64,
    sealed_days: Vec<i64>,
    /// Set when the laptop's date is not an event day (or before the app was built).
    clock_warning: Option<plm_core::clock::ClockWarning>,
}

#[tauri::command]
pub async fn desk_slot(
    state: State<'_, AppState>,
    event_id: String,
    choice: SlotChoice,
) -> Res<DeskSlot> {
    state.with(|s| {
        let ev = ev_mod::get(s, &event_id)?;
        let now = chrono::Utc::now();
        let slot = attendance::slot_for(
            s,
            &ev,
            choice.day,
            choice.session_id.as_deref(),
            choice.half.as_deref(),
            now,
        )?;
        let c = attendance::count(s, &event_id, &slot.key)?;
        let lang = settings::language(s);
        Ok(DeskSlot {
            clock_warning: plm_core::clock::desk_warning(&ev, slot.day, now, lang),
            present: c.present,
            expected: c.expected,
            sealed_days: attendance::sealed_days(s, &event_id)?,
            slot,
        })
    })
}

#[derive(serde::Deserialize)]
pub struct CheckinRequest {
    code: Option<String>,
    participant_id: Option<String>,
    #[serde(default)]
    choice: SlotChoice,
    source: Option<String>,
    sheet_ref: Option<String>,
}

#[tauri::command]
pub async fn checkin(
    state: State<'_, AppState>,
    event_id: String,
    request: CheckinRequest,
) -> Res<attendance::Checkin> {
    state.with(|s| {
        let who = match (request.code, request.participant_id) {
            (_, Some(id)) => Who::Id(id),
            (Some(c), None) if c.len() <= 64 => Who::Code(c),
            _ => return Err(attendance::AttendanceError::NoOneChosen.into()),
        };
        let input = CheckinInput {
            who,
            day: request.choice.day,
            session_id: request.choice.session_id,
            half: request.choice.half,
            source: match request.source.as_deref() {
                Some(v) => attendance::CheckinSource::parse(v)?,
                None => attendance::CheckinSource::Desk,
            },
            sheet_ref: request.sheet_ref,
            signature: None,
        };
        attendance::checkin(s, &event_id, input)
    })
}

/// A signature PNG from the window's pad.
pub(super) fn decode_signature(data: &str) -> Result<Vec<u8>, Error> {
    from_base64(data, attendance::MAX_SIGNATURE_BYTES).map_err(|too_large| {
        plm_core::signature::SignatureError(if too_large {
            "larger than 200 KB"
        } else {
            "not a PNG image"
        })
        .into()
    })
}

#[tauri::command]
pub async fn checkin_sign(
    state: State<'_, AppState>,
    attendance_id: String,
    png: String,
    strokes: Option<String>,
) -> Res<Attendance> {
    state.with(|s| {
        let sig = SignatureInput {
            png: decode_signature(&png)?,
            strokes,
        };
        attendance::sign(s, &attendance_id, &sig)
    })
}

#[tauri::command]
pub async fn checkin_undo(state: State<'_, AppState>, attendance_id: String) -> Res<()> {
    state.with(|s| attendance::undo(s, &attendance_id))
}

#[tauri::command]
pub async fn attendance_list(
    state: State<'_, AppState>,
    event_id: String,
    choice: SlotChoice,
) -> Res<Vec<Row>> {
    state.with(|s| {
        let ev = ev_mod::get(s, &event_id)?;
        let slot = attendance::slot_for(
            s,
            &ev,
            choice.day,
            choice.session_id.as_deref(),
            choice.half.as_deref(),
            chrono::Utc::now(),
        )?;
        attendance::list(s, &event_id, &slot.key)
    })
}

#[tauri::command]
pub async fn attendance_correct(
    state: State<'_, AppState>,
    attendance_id: String,
    reason: String,
) -> Res<()> {
    state.with(|s| attendance::correct_remove(s, &attendance_id, &reason))
}

#[tauri::command]
pub async fn day_summary(
    state: State<'_, AppState>,
    event_id: String,
    day: i64,
) -> Res<DaySummary> {
    state.with(|s| attendance::day_summary(s, &event_id, day))
}

#[tauri::command]
pub async fn day_close(state: State<'_, AppState>, event_id: String, day: i64) -> Res<DaySummary> {
    state.with(|s| attendance::close_day(s, &event_id, day))
}

#[tauri::command]
pub async fn day_reopen(
    state: State<'_, AppState>,
    event_id: String,
    day: i64,
    reason: String,
) -> Res<()> {
    state.with(|s| attendance::reopen_day(s, &event_id, day, &reason))
}
