-- 0008: the laptops this computer has received files from (local, never synced): each
-- device's Ed25519 key is pinned at its first import; a file signed with another key for
-- the same device is refused until someone accepts the new key on purpose. Every such
-- decision (and every file accepted despite a wrong clock) is kept in the trust log.
CREATE TABLE sync_devices (
    device_id       TEXT PRIMARY KEY,
    key_fingerprint TEXT NOT NULL,
    device_key      TEXT NOT NULL DEFAULT '',
    pinned_at       TEXT NOT NULL,
    last_event      TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE TABLE sync_trust_log (
    id          TEXT PRIMARY KEY,
    at          TEXT NOT NULL,
    device_id   TEXT NOT NULL,
    decision    TEXT NOT NULL CHECK (decision IN ('pin', 'rekey', 'accept_clock')),
    old_key     TEXT,
    new_key     TEXT,
    detail      TEXT
) STRICT;
CREATE INDEX sync_trust_log_device ON sync_trust_log(device_id, at);
