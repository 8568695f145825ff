//! The disk: files written whole or not at all, files private to the user, and telling a
//! full disk from other failures. A leaf: it knows no domain.

use crate::error::Result;
use rusqlite::Connection;
use std::io::Write;
use std::path::Path;

/// Write `bytes` to `path` safely: a temporary file in the same folder, flushed to disk,
/// then renamed over the target (and the folder synced, so the rename survives a power
/// cut). A failure leaves no half-written file and the old file (if any) untouched.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    write_atomic_mode(path, bytes, false)
}

/// [`write_atomic`] for a file holding personal data: readable by this user only (0600
/// on Unix; on Windows the file inherits the per-user folder's access list).
pub fn write_private_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    write_atomic_mode(path, bytes, true)
}

fn write_atomic_mode(path: &Path, bytes: &[u8], private: bool) -> Result<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| "export".into());
    let tmp = dir.join(format!(".{name}.{}.partial", std::process::id()));
    let result = (|| -> std::io::Result<()> {
        // a stale partial file of a dead process with the same pid is replaced; a file
        // made by anyone else is never written through (create_new after removing ours)
        let _ = std::fs::remove_file(&tmp);
        let mut f = create_new(&tmp, if private { 0o600 } else { 0o644 })?;
        f.write_all(bytes)?;
        f.sync_all()?;
        drop(f);
        std::fs::rename(&tmp, path)?;
        sync_dir(path);
        Ok(())
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(e.into());
    }
    Ok(())
}

/// A new file open for writing with these Unix permissions (on Windows the file inherits
/// the folder's access list); an existing file is an error.
fn create_new(path: &Path, mode: u32) -> std::io::Result<std::fs::File> {
    let mut o = std::fs::OpenOptions::new();
    o.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(mode);
    }
    #[cfg(not(unix))]
    let _ = mode;
    o.open(path)
}

/// A new file open for writing, readable by this user only (0600 on Unix; on Windows it
/// inherits the per-user folder's access list); an existing file is an error.
pub(crate) fn private_create(path: &Path) -> std::io::Result<std::fs::File> {
    create_new(path, 0o600)
}

/// fsync the folder holding `path` (a rename is durable only then, on Unix).
pub(crate) fn sync_dir(path: &Path) {
    #[cfg(unix)]
    if let Some(dir) = path.parent() {
        if let Ok(d) = std::fs::File::open(dir) {
            let _ = d.sync_all();
        }
    }
    #[cfg(not(unix))]
    let _ = path;
}

/// The data folder is readable by its user only (0700 on Unix).
#[cfg(unix)]
pub fn restrict_dir(dir: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let _ = std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700));
}

#[cfg(not(unix))]
pub fn restrict_dir(_dir: &Path) {}

/// SQLite reports some failures of a full disk only as "disk I/O error" (growing the
/// `-shm` file, a sync); the operating system's error number behind the last failure on
/// this connection says whether the disk was full.
pub(crate) fn disk_full_or(conn: &Connection, e: crate::Error) -> crate::Error {
    if !e.is_sqlite_io_failure() {
        return e;
    }
    // SAFETY: the handle belongs to a live connection borrowed for this call, and
    // sqlite3_system_errno only reads the errno SQLite stored on it.
    let errno = unsafe { rusqlite::ffi::sqlite3_system_errno(conn.handle()) };
    if is_disk_full_errno(errno) {
        crate::Error::DiskFull(e.to_string())
    } else {
        e
    }
}

fn is_disk_full_errno(errno: i32) -> bool {
    #[cfg(windows)]
    {
        // ERROR_HANDLE_DISK_FULL, ERROR_DISK_FULL
        errno == 39 || errno == 112
    }
    #[cfg(not(windows))]
    {
        // ENOSPC, EDQUOT (Linux 122, macOS 69)
        errno == 28 || errno == 122 || (cfg!(target_os = "macos") && errno == 69)
    }
}
