#![no_main]
//! A data file from outside: must be refused or read, never panic, never write.
use libfuzzer_sys::fuzz_target;
use std::sync::Mutex;

static STORE: Mutex<Option<plm_core::Store>> = Mutex::new(None);

fuzz_target!(|data: &[u8]| {
    let mut guard = STORE.lock().unwrap();
    let store = guard.get_or_insert_with(|| plm_core::Store::open_in_memory().unwrap());
    let before = store.write_count();
    if plm_core::sync::read_file(store, data, &[]).is_err() {
        assert_eq!(store.write_count(), before);
    }
});
