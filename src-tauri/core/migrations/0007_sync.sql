-- 0007: the import ledger: every data file merged into this database (local, not synced).
CREATE TABLE sync_imports (
    id              TEXT PRIMARY KEY,
    file_sha256     TEXT NOT NULL,
    device_id       TEXT NOT NULL,
    device_key      TEXT NOT NULL,
    event_id        TEXT NOT NULL,
    made_at         TEXT NOT NULL,
    imported_at     TEXT NOT NULL,
    counts          TEXT NOT NULL
) STRICT;
CREATE INDEX sync_imports_file ON sync_imports(file_sha256);
CREATE INDEX sync_imports_device ON sync_imports(device_id);
-- probable matches across venues (same NIP, or same phone and a similar name)
CREATE INDEX participants_nip ON participants(nip) WHERE nip IS NOT NULL;
CREATE INDEX participants_phone ON participants(phone) WHERE phone IS NOT NULL;
