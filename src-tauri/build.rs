fn main() {
    // `dev_tools`: what only tests and the benchmark need (the `_to` commands that write to
    // a path the page names, `dev_grant`, the page's test hooks, `plm-desk bench`). Debug
    // builds (every test) have it; a release build only with `--features bench`, so the
    // program users install has none of it.
    println!("cargo:rustc-check-cfg=cfg(dev_tools)");
    println!("cargo:rerun-if-env-changed=CARGO_FEATURE_BENCH");
    if std::env::var_os("CARGO_CFG_DEBUG_ASSERTIONS").is_some()
        || std::env::var_os("CARGO_FEATURE_BENCH").is_some()
    {
        println!("cargo:rustc-cfg=dev_tools");
    }
    tauri_build::build()
}
