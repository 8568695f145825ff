//! SQLite's process-wide settings as the store makes them: in a process of its own (this
//! test file holds one test), the first store opened turns SQLite's memory statistics
//! off, so no allocation takes their global lock.

#[test]
fn the_first_store_turns_sqlites_memory_statistics_off() {
    let store = plm_core::Store::open_in_memory().unwrap();
    store
        .conn()
        .execute_batch("CREATE TABLE t(x); INSERT INTO t VALUES (randomblob(100000));")
        .unwrap();
    // with the statistics on, this is the memory SQLite holds (well over 100 KB here)
    let used = unsafe { rusqlite::ffi::sqlite3_memory_used() };
    assert_eq!(used, 0, "memory statistics are still kept");
}
