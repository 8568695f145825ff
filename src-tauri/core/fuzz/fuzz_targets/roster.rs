#![no_main]
//! A participant list from outside: CSV in any encoding, XLSX, XLS, ODS.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // libfuzzer-sys aborts from its panic hook on any panic, even one the code catches.
    // The roster reader deliberately turns a panic inside the spreadsheet library into a
    // refusal, so put the default hook back: a panic that escapes `preview` still aborts
    // (libfuzzer-sys catches the unwind and aborts), a caught one is a refused file.
    static DEFAULT_HOOK: std::sync::Once = std::sync::Once::new();
    DEFAULT_HOOK.call_once(|| drop(std::panic::take_hook()));
    let _ = plm_core::roster::preview(data);
});
