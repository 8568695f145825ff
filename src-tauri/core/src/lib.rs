//! PLM Desk core: the domain and storage of a Peer Learning Meeting.
//!
//! This crate knows nothing of Tauri. The desktop window, the headless command line and
//! the tests all call it. One module per domain, each owning its SQL.

pub mod allowance;
pub mod applock;
pub mod attendance;
pub mod awards;
pub mod backup;
pub mod clock;
pub mod codes;
pub mod db;
pub mod desk;
pub mod error;
pub mod events;
pub mod fields;
pub mod files;
pub mod hq;
pub mod i18n;
pub mod ids;
pub mod money;
pub mod notes;
pub mod participants;
pub mod photos;
pub mod places;
pub mod plans;
pub mod reports;
pub mod roster;
pub mod settings;
pub mod signature;
pub mod sync;
pub mod text;
pub mod vault;

pub use db::Store;
pub use error::{Error, ErrorPayload, Result};
pub use i18n::Lang;
