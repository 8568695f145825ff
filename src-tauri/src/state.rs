//! What the window's commands share: the open database and where it lives. If the
//! database could not be opened (damaged), the store is absent and the window offers
//! to restore a backup.

use plm_core::{settings, Error, ErrorPayload, Lang, Store};
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Wrong passphrases allowed in a row before the lock screen makes the next try wait.
pub const FREE_TRIES: u32 = 5;
pub const TRY_WAIT: Duration = Duration::from_secs(30);

pub struct AppState {
    store: Mutex<Option<Store>>,
    open_error: Mutex<Option<String>>,
    /// The message of that error in both languages (Indonesian first).
    /// Why the database did not open, in both languages (shown in the one the user reads).
    open_message: Mutex<Option<(String, String)>>,
    pub data_dir: PathBuf,
    /// The window is locked: only the lock screen's commands are answered.
    locked: AtomicBool,
    /// Wrong passphrases in a row, and when the last one was typed.
    wrong_tries: Mutex<(u32, Option<Instant>)>,
    /// The whole-file check of the database, run beside the window's start (on an
    /// encrypted file it decrypts every page: it must not hold up the first screen).
    whole_check: Mutex<Option<tauri::async_runtime::JoinHandle<bool>>>,
    /// The user's language, kept here so that turning an error into a message never
    /// waits for the database.
    lang: Mutex<Lang>,
    /// Files the user chose in a system dialog or dropped onto the window: the only paths
    /// the commands read on the page's word.
    chosen: Mutex<HashSet<PathBuf>>,
}

impl AppState {
    pub fn new(store: Store, data_dir: PathBuf) -> AppState {
        // with a passphrase set, the window opens locked
        let locked = plm_core::applock::settings(&store)
            .map(|l| l.enabled)
            .unwrap_or(false);
        let lang = settings::language(&store);
        AppState {
            store: Mutex::new(Some(store)),
            open_error: Mutex::new(None),
            open_message: Mutex::new(None),
            data_dir,
            locked: AtomicBool::new(locked),
            wrong_tries: Mutex::new((0, None)),
            whole_check: Mutex::new(None),
            lang: Mutex::new(lang),
            chosen: Mutex::new(HashSet::new()),
        }
    }

    /// Start SQLite's whole-file check of the open database on another thread, with a
    /// read-only connection of its own (the window goes on meanwhile; a damaged page it
    /// reads is refused by SQLite all the same).
    pub fn start_whole_check(&self) {
        let dir = self.data_dir.clone();
        let handle = tauri::async_runtime::spawn_blocking(move || {
            let db = dir.join(plm_core::db::DB_FILE);
            let t = Instant::now();
            // an I/O failure (a full disk) is no verdict of damage
            let ok = plm_core::backup::check_file(&dir, &db).unwrap_or(true);
            log::info!(
                "whole-file check: {} in {} ms",
                if ok { "ok" } else { "damaged" },
                t.elapsed().as_millis()
            );
            ok
        });
        *self.whole_check.lock().unwrap_or_else(|p| p.into_inner()) = Some(handle);
    }

    /// The verdict of [`AppState::start_whole_check`], once: false when the file is
    /// damaged, and then the database is closed and the window's next start shows the
    /// recovery screen.
    pub async fn whole_check_verdict(&self) -> bool {
        let handle = self
            .whole_check
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .take();
        let ok = match handle {
            Some(h) => h.await.unwrap_or(true),
            None => true,
        };
        if !ok {
            let e = Error::Corrupt("whole-file check".into());
            use plm_core::error::Localized;
            *self.store.lock().unwrap_or_else(|p| p.into_inner()) = None;
            *self.open_error.lock().unwrap_or_else(|p| p.into_inner()) = Some(e.code().to_string());
            *self.open_message.lock().unwrap_or_else(|p| p.into_inner()) =
                Some((e.message(Lang::Id), e.message(Lang::En)));
            self.set_locked(false);
        }
        ok
    }

    pub fn is_locked(&self) -> bool {
        self.locked.load(Ordering::SeqCst)
    }

    pub fn set_locked(&self, locked: bool) {
        self.locked.store(locked, Ordering::SeqCst);
    }

    /// Seconds to wait before the next try, after [`FREE_TRIES`] wrong ones in a row.
    pub fn try_wait(&self) -> Option<u64> {
        let t = self.wrong_tries.lock().unwrap_or_else(|p| p.into_inner());
        match *t {
            (n, Some(at)) if n >= FREE_TRIES && at.elapsed() < TRY_WAIT => {
                Some((TRY_WAIT - at.elapsed()).as_secs().max(1))
            }
            _ => None,
        }
    }

    pub fn note_try(&self, right: bool) {
        let mut t = self.wrong_tries.lock().unwrap_or_else(|p| p.into_inner());
        *t = if right {
            (0, None)
        } else {
            (t.0 + 1, Some(Instant::now()))
        };
    }

    /// The window starts without a database: it shows the recovery screen.
    pub fn damaged(data_dir: PathBuf, error: &Error) -> AppState {
        use plm_core::error::Localized;
        let lang = Lang::Id;
        AppState {
            store: Mutex::new(None),
            open_error: Mutex::new(Some(error.code().to_string())),
            open_message: Mutex::new(Some((error.message(Lang::Id), error.message(Lang::En)))),
            data_dir,
            locked: AtomicBool::new(false),
            wrong_tries: Mutex::new((0, None)),
            whole_check: Mutex::new(None),
            lang: Mutex::new(lang),
            chosen: Mutex::new(HashSet::new()),
        }
    }

    /// Run `f` with the database; map a domain error to the UI's `{code, message}` in
    /// the user's language.
    pub fn with<T>(
        &self,
        f: impl FnOnce(&mut Store) -> Result<T, Error>,
    ) -> Result<T, ErrorPayload> {
        // A panic in another command must not lock the desk for good: the store itself
        // is consistent (every write is one transaction), so take it back.
        let mut guard = self.store.lock().unwrap_or_else(|p| p.into_inner());
        let Some(store) = guard.as_mut() else {
            return Err(Error::Corrupt(String::new()).payload(self.lang()));
        };
        f(store).map_err(|e| {
            use plm_core::error::Localized;
            log::warn!("command failed: {}", e.code());
            e.payload(self.lang())
        })
    }

    /// The user's language (Indonesian until the database says otherwise), kept here so
    /// that turning an error into a message never waits for the database.
    pub fn lang(&self) -> Lang {
        *self.lang.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The language the user just chose (`set_language`), or the one of a database that
    /// was opened again.
    pub fn set_lang(&self, lang: Lang) {
        *self.lang.lock().unwrap_or_else(|p| p.into_inner()) = lang;
    }

    /// An error of the shell (not of the domain) as `{code, message}` in the user's language.
    pub fn fail(&self, e: crate::commands::ShellError) -> ErrorPayload {
        e.payload(self.lang())
    }

    /// Remember files the user chose (a system dialog) or dropped onto the window.
    pub fn grant(&self, paths: impl IntoIterator<Item = PathBuf>) {
        let mut chosen = self.chosen.lock().unwrap_or_else(|p| p.into_inner());
        chosen.extend(paths);
    }

    /// The path, if the user chose it in this window; the page cannot name others.
    pub fn chosen(&self, path: &str) -> Result<PathBuf, ErrorPayload> {
        let p = Path::new(path);
        let known = self
            .chosen
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .contains(p);
        if known {
            Ok(p.to_path_buf())
        } else {
            log::warn!("a command was given a file the user did not choose");
            Err(self.fail(crate::commands::ShellError::NotChosen(
                p.file_name()
                    .map(|n| n.to_string_lossy().to_string())
                    .unwrap_or_default(),
            )))
        }
    }

    /// The code of the error that kept the database closed, if any.
    pub fn open_error(&self) -> Option<String> {
        self.open_error
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// Why the database did not open, in the user's language.
    pub fn open_message(&self) -> Option<String> {
        let lang = self.lang();
        self.open_message
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .as_ref()
            .map(|(id, en)| lang.pick(id.clone(), en.clone()))
    }

    /// Open the database again (its key was given back) and leave the recovery screen.
    pub fn reopen(&self) -> Result<(), ErrorPayload> {
        let mut guard = self.store.lock().unwrap_or_else(|p| p.into_inner());
        let store = plm_core::desk::open(&self.data_dir.join(plm_core::db::DB_FILE))
            .map_err(|e| e.payload(self.lang()))?;
        self.set_lang(settings::language(&store));
        if plm_core::applock::settings(&store)
            .map(|l| l.enabled)
            .unwrap_or(false)
        {
            self.set_locked(true);
        }
        *guard = Some(store);
        *self.open_error.lock().unwrap_or_else(|p| p.into_inner()) = None;
        *self.open_message.lock().unwrap_or_else(|p| p.into_inner()) = None;
        log::info!("database opened after its key was given back");
        Ok(())
    }

    /// Replace the database by a backup and open it.
    pub fn restore(&self, backup: &std::path::Path) -> Result<(), ErrorPayload> {
        let mut guard = self.store.lock().unwrap_or_else(|p| p.into_inner());
        *guard = None; // close the current file first
        let lang = self.lang();
        plm_core::backup::restore(&self.data_dir, backup).map_err(|e| e.payload(lang))?;
        let store = plm_core::desk::open(&self.data_dir.join(plm_core::db::DB_FILE))
            .map_err(|e| e.payload(lang))?;
        self.set_lang(settings::language(&store));
        // a restored database with an app passphrase opens locked, as at start
        if plm_core::applock::settings(&store)
            .map(|l| l.enabled)
            .unwrap_or(false)
        {
            self.set_locked(true);
        }
        *guard = Some(store);
        *self.open_error.lock().unwrap_or_else(|p| p.into_inner()) = None;
        Ok(())
    }
}
