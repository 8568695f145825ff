#![no_main]
//! A participant list from outside: CSV in any encoding, XLSX, XLS, ODS.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = plm_core::roster::preview(data);
});
