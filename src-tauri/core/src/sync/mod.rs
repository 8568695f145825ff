//! The data file (`.plmsync`) that carries an event back to headquarters, and the merge
//! that takes such files in any order, any number of times.
//!
//! A file is the age encryption (X25519 recipients: headquarters and this laptop) of:
//!
//! ```text
//! PLMSYNC\n
//! <manifest: one line of JSON, signed with this laptop's Ed25519 key>\n
//! <gzip of the content JSON: every synced row of the event, table by table>
//! ```
//!
//! The merge is per row, by UUID: the version with the newer hybrid logical clock wins
//! (ties: the larger origin), tombstones are never lost (the earliest `deleted_at` of
//! either side stays), and rows the schema says are unique (one check-in per person and
//! slot, one seal per day, one score per judge sheet cell) collapse deterministically.
//! Every rule is symmetric, so A then B gives the same database as B then A. The format
//! is documented in `docs/sync-format.md`.

mod ahead;
mod codec;
mod error;
mod escrow;
mod file;
mod import;
mod keys;
mod ledger;
mod merge;
mod status;
mod trust;
mod validate;

pub use codec::{canonical_dump, collect, Row};
pub use error::SyncError;
pub use escrow::keep_for as keep_escrow;
pub use file::{
    export, export_to_file, export_with, peek, read_file, ExportInfo, FileInfo, Manifest, Parsed,
};
pub use import::{import, import_each, import_many, import_many_with, ImportOptions, Progress};
pub use keys::{
    fingerprint, hq_key, hq_keypair, own_identity, own_public_key, parse_recipient, set_hq_key,
    signing_key,
};
pub use ledger::{ledger, LedgerEntry};
pub use merge::{probable_matches, Conflict, Counts, ImportReport, ProbableMatch};
pub use status::{counts, export_status, record_export, ExportStatus};
pub use trust::{devices, trust_device, DeviceTrust, CLOCK_TOLERANCE_MS, MADE_AT_AHEAD_MS};
pub use validate::schema_markdown;

pub const FORMAT_VERSION: u32 = 1;
pub const MAGIC: &[u8] = b"PLMSYNC\n";
pub use file::MAX_FILE_BYTES;

/// The synced tables in an order that satisfies foreign keys, with how each finds its
/// event: directly (`event_id`) or through a parent.
/// `photos` travels only when the user asks (`include_photos`); a file without it says
/// nothing about photos (no row is missing, none is deleted).
pub const TABLES: [(&str, &str); 17] = [
    ("events", "id = ?1"),
    ("sessions", "event_id = ?1"),
    ("participants", "event_id = ?1"),
    ("attendance", "event_id = ?1"),
    ("signatures", "event_id = ?1"),
    ("day_seals", "event_id = ?1"),
    ("audit_log", "event_id = ?1"),
    ("plans", "event_id = ?1"),
    (
        "plan_items",
        "plan_id IN (SELECT id FROM plans WHERE event_id = ?1)",
    ),
    ("learning_notes", "event_id = ?1"),
    ("impact_stories", "event_id = ?1"),
    ("award_categories", "event_id = ?1"),
    (
        "award_nominees",
        "category_id IN (SELECT id FROM award_categories WHERE event_id = ?1)",
    ),
    (
        "award_criteria",
        "category_id IN (SELECT id FROM award_categories WHERE event_id = ?1)",
    ),
    (
        "award_judges",
        "category_id IN (SELECT id FROM award_categories WHERE event_id = ?1)",
    ),
    (
        "award_scores",
        "category_id IN (SELECT id FROM award_categories WHERE event_id = ?1)",
    ),
    ("photos", "event_id = ?1"),
];

/// The tables that travel only on request.
pub const OPTIONAL_TABLES: [&str; 1] = ["photos"];
