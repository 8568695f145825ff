//! The desk's use cases that span domains: what the window and the command line both do
//! when one action touches several modules. Each domain module stays on its own (events
//! knows nothing of awards, the database nothing of headquarters); the steps that join
//! them are decided here, once.

use crate::db::{Store, Tx};
use crate::error::Result;
use crate::events::{self, Event, EventInput};
use std::path::Path;

/// Open the database of the window (the whole-file check first, see [`Store::open`]),
/// then keep the database key's copy sealed to headquarters beside it when headquarters'
/// key is known (a failure is logged: the next start tries again).
pub fn open(path: &Path) -> Result<Store> {
    let store = Store::open(path)?;
    crate::sync::keep_escrow(&store);
    Ok(store)
}

/// [`open`] for one headless command (see [`Store::open_for_command`]).
pub fn open_for_command(path: &Path) -> Result<Store> {
    let store = Store::open_for_command(path)?;
    crate::sync::keep_escrow(&store);
    Ok(store)
}

/// A new event made by the user, in the window or on the command line: created, and
/// chosen as the event they work on.
pub fn create_event_and_choose(store: &mut Store, input: &EventInput) -> Result<Event> {
    let e = create_event(store, input)?;
    events::set_current(store, &e.id)?;
    Ok(e)
}

/// A new event with a new id, and its default award categories, in one transaction.
pub fn create_event(store: &mut Store, input: &EventInput) -> Result<Event> {
    create_event_as(store, &crate::ids::new_id(), input)
}

/// [`create_event`] with an id chosen elsewhere: headquarters' plan, carried by a kit, so
/// that the venue's data file arrives under the plan it was made for.
pub fn create_event_as(store: &mut Store, id: &str, input: &EventInput) -> Result<Event> {
    store.write(|tx| {
        events::insert_new(tx, id, input)?;
        crate::awards::insert_defaults(tx, id)
    })?;
    events::get(store, id)
}

/// Inside a transaction: the event with this id and its default award categories, unless
/// a row with the id exists (kept as it is, removed or not: a kit opened twice changes
/// nothing). True if it was inserted.
pub(crate) fn insert_event_if_absent(tx: &mut Tx, id: &str, input: &EventInput) -> Result<bool> {
    let inserted = events::insert_if_absent(tx, id, input)?;
    if inserted {
        crate::awards::insert_defaults(tx, id)?;
    }
    Ok(inserted)
}
