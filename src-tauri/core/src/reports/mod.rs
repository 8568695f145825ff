//! PDF reports: the signed attendance sheet (daftar hadir), follow-up plans, badges,
//! certificates and the event summary. All are laid out by [`layout`] and written
//! atomically (temporary name, then rename).

pub mod activity;
pub mod agenda;
pub mod badges;
pub mod bundle;
pub mod certificates;
pub mod export;
pub mod layout;
pub mod plans;
pub mod receipts;
pub mod sheet;
pub mod summary;

mod error;

pub use error::ReportError;

/// A layout failure as a user-facing error.
pub(crate) fn pdf_error(e: String) -> crate::Error {
    ReportError::Pdf(e).into()
}
