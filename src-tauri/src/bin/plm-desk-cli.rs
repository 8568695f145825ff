//! `plm-desk-cli`: the same commands as `plm-desk`, as a console program that never
//! loads the window's libraries (GTK and WebKit on Linux, WebView2 on Windows). It starts
//! in a few milliseconds, which scripts that call it hundreds of times notice; on Windows
//! it is a real console program, so its output and exit code reach the terminal and
//! batch files directly.

/// The allocator of the whole program (see `Cargo.toml`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(plm_desk::cli_entry());
}
