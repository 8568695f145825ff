//! What the window's commands share: the open database and where it lives.

use plm_core::{settings, Error, ErrorPayload, Lang, Store};
use std::path::PathBuf;
use std::sync::Mutex;

pub struct AppState {
    store: Mutex<Store>,
    pub data_dir: PathBuf,
}

impl AppState {
    pub fn new(store: Store, data_dir: PathBuf) -> AppState {
        AppState { store: Mutex::new(store), data_dir }
    }

    /// Run `f` with the database; map a domain error to the UI's `{code, message}` in
    /// the user's language.
    pub fn with<T>(&self, f: impl FnOnce(&mut Store) -> Result<T, Error>) -> Result<T, ErrorPayload> {
        // A panic in another command must not lock the desk for good: the store itself
        // is consistent (every write is one transaction), so take it back.
        let mut store = self.store.lock().unwrap_or_else(|p| p.into_inner());
        f(&mut store).map_err(|e| {
            let lang = settings::language(&store);
            log::warn!("command failed: {}", e.code_str());
            e.payload(lang)
        })
    }

    pub fn lang(&self) -> Lang {
        let store = self.store.lock().unwrap_or_else(|p| p.into_inner());
        settings::language(&store)
    }
}

trait CodeStr {
    fn code_str(&self) -> &'static str;
}

impl CodeStr for Error {
    fn code_str(&self) -> &'static str {
        use plm_core::error::Localized;
        self.code()
    }
}
