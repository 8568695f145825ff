// In a Windows release build the window opens without a console.
#![cfg_attr(
    all(not(debug_assertions), target_os = "windows"),
    windows_subsystem = "windows"
)]

/// The allocator of the whole program (see `Cargo.toml`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    #[cfg(all(not(debug_assertions), target_os = "windows"))]
    attach_parent_console();
    std::process::exit(plm_desk::main_entry());
}

/// A Windows release build has no console of its own (the window opens without one), so
/// `plm-desk --help` or `plm-desk sync import …` typed in a terminal would print nothing.
/// With arguments, attach to the terminal it was started from, if any; output that is
/// redirected to a file or a pipe works either way.
#[cfg(all(not(debug_assertions), target_os = "windows"))]
fn attach_parent_console() {
    use windows_sys::Win32::System::Console::{AttachConsole, ATTACH_PARENT_PROCESS};
    if std::env::args_os().len() > 1 {
        // SAFETY: AttachConsole takes a process id (here the documented constant for the
        // parent) and has no other preconditions; failure (no parent console) is harmless.
        unsafe {
            AttachConsole(ATTACH_PARENT_PROCESS);
        }
    }
}
