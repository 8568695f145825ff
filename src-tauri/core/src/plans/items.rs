//! The items of a plan: added, edited, duplicated, moved, removed, and their status.

use super::*;

fn event_year(store: &Store, plan_id: &str) -> Result<i32> {
    let plan = get(store, plan_id)?;
    Ok(events::get(store, &plan.event_id)?.start().year())
}

pub fn get_item(store: &Store, id: &str) -> Result<Item> {
    store
        .conn()
        .query_row(
            &format!("SELECT {ITEM_COLS} FROM plan_items WHERE id = ?1 AND deleted_at IS NULL"),
            [id],
            item_from_row,
        )
        .optional()?
        .ok_or_else(|| Error::not_found("plan item", id))
}

fn insert_item(
    tx: &mut Tx,
    plan_id: &str,
    position: i64,
    v: &ValidItem,
    status: Status,
) -> Result<String> {
    let id = crate::ids::new_id();
    let s = tx.stamp();
    tx.execute(
        "INSERT INTO plan_items (id, plan_id, position, activity, objective, target_group, method, when_from, when_to, place,
            responsible, resources, funding, indicator, notes, strategy, status, status_changed, created_at, updated_at, hlc, origin)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?19, ?20, ?21)",
        params![
            id, plan_id, position, v.activity, v.objective, v.target_group, v.method, v.when_from, v.when_to, v.place,
            v.responsible, v.resources, v.funding, v.indicator, v.notes, v.strategy, status, &s.now[..10], s.now, s.hlc, s.origin
        ],
    )?;
    Ok(id)
}

fn next_position(tx: &Tx, plan_id: &str) -> Result<i64> {
    Ok(tx.query_row(
        "SELECT coalesce(max(position), 0) + 1 FROM plan_items WHERE plan_id = ?1 AND deleted_at IS NULL",
        [plan_id],
        |r| r.get(0),
    )?)
}

pub fn add_item(store: &mut Store, plan_id: &str, input: &ItemInput) -> Result<Item> {
    let year = event_year(store, plan_id)?;
    let v = validate_item(input, year)?;
    let id = store.write(|tx| {
        let pos = next_position(tx, plan_id)?;
        insert_item(tx, plan_id, pos, &v, Status::Planned)
    })?;
    get_item(store, &id)
}

pub fn update_item(store: &mut Store, id: &str, input: &ItemInput) -> Result<Item> {
    let old = get_item(store, id)?;
    let v = validate_item(input, event_year(store, &old.plan_id)?)?;
    store.write(|tx| {
        let s = tx.stamp();
        tx.execute(
            "UPDATE plan_items SET activity=?2, objective=?3, target_group=?4, method=?5, when_from=?6, when_to=?7, place=?8,
                responsible=?9, resources=?10, funding=?11, indicator=?12, notes=?13, strategy=?14, updated_at=?15, hlc=?16, origin=?17
             WHERE id=?1",
            params![
                id, v.activity, v.objective, v.target_group, v.method, v.when_from, v.when_to, v.place, v.responsible,
                v.resources, v.funding, v.indicator, v.notes, v.strategy, s.now, s.hlc, s.origin
            ],
        )?;
        Ok(())
    })?;
    get_item(store, id)
}

/// Copy an item right after itself (status back to planned), for quick drafting.
pub fn duplicate_item(store: &mut Store, id: &str) -> Result<Item> {
    let old = get_item(store, id)?;
    let v = ValidItem {
        activity: old.activity.clone(),
        objective: old.objective.clone(),
        target_group: old.target_group.clone(),
        method: old.method.clone(),
        when_from: old.when_from.clone(),
        when_to: old.when_to.clone(),
        place: old.place.clone(),
        responsible: old.responsible.clone(),
        resources: old.resources.clone(),
        funding: old.funding.clone(),
        indicator: old.indicator.clone(),
        notes: old.notes.clone(),
        strategy: old.strategy,
    };
    let new_id = store.write(|tx| {
        let s = tx.stamp();
        tx.execute(
            "UPDATE plan_items SET position = position + 1, updated_at=?3, hlc=?4, origin=?5
             WHERE plan_id = ?1 AND position > ?2 AND deleted_at IS NULL",
            params![old.plan_id, old.position, s.now, s.hlc, s.origin],
        )?;
        insert_item(tx, &old.plan_id, old.position + 1, &v, Status::Planned)
    })?;
    get_item(store, &new_id)
}

/// Swap an item with its neighbour (`up` = earlier).
pub fn move_item(store: &mut Store, id: &str, up: bool) -> Result<Vec<Item>> {
    let me = get_item(store, id)?;
    let items = items_of(store.conn(), &me.plan_id)?;
    let pos = items.iter().position(|i| i.id == me.id).expect("listed");
    let other = if up {
        pos.checked_sub(1)
    } else {
        Some(pos + 1).filter(|p| *p < items.len())
    };
    let Some(other) = other.map(|p| &items[p]) else {
        return Err(PlanError::CannotMove.into());
    };
    store.write(|tx| {
        // renumber all items 1..n with the two swapped, so equal positions never linger
        let s = tx.stamp();
        for (n, it) in items.iter().enumerate() {
            let target = if it.id == me.id {
                items.iter().position(|i| i.id == other.id).unwrap()
            } else if it.id == other.id {
                pos
            } else {
                n
            } as i64
                + 1;
            if target != it.position {
                tx.execute(
                    "UPDATE plan_items SET position=?2, updated_at=?3, hlc=?4, origin=?5 WHERE id=?1",
                    params![it.id, target, s.now, s.hlc, s.origin],
                )?;
            }
        }
        Ok(())
    })?;
    items_of(store.conn(), &me.plan_id)
}

pub fn delete_item(store: &mut Store, id: &str) -> Result<()> {
    get_item(store, id)?;
    store.write(|tx| {
        tx.tombstone("plan_items", "id", id)?;
        Ok(())
    })
}

/// Change an item's status; the date of the change is kept (today, or `on` if given).
pub fn set_status(store: &mut Store, id: &str, status: &str, on: Option<&str>) -> Result<Item> {
    let status = Status::parse(status)?;
    get_item(store, id)?;
    let on = match on.map(str::trim).filter(|s| !s.is_empty()) {
        Some(d) => Some(events::parse_date(d)?.to_string()),
        None => None,
    };
    store.write(|tx| {
        let s = tx.stamp();
        let date = on.clone().unwrap_or_else(|| s.now[..10].to_string());
        tx.execute(
            "UPDATE plan_items SET status=?2, status_changed=?3, updated_at=?4, hlc=?5, origin=?6 WHERE id=?1",
            params![id, status, date, s.now, s.hlc, s.origin],
        )?;
        Ok(())
    })?;
    get_item(store, id)
}
