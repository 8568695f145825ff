// In a Windows release build the window opens without a console.
#![cfg_attr(
    all(not(debug_assertions), target_os = "windows"),
    windows_subsystem = "windows"
)]

fn main() {
    std::process::exit(plm_desk::main_entry());
}
