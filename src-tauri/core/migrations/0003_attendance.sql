-- 0003: attendance (check-ins), signatures, sealed days and the append-only audit log.
CREATE TABLE attendance (
    id              TEXT PRIMARY KEY,
    event_id        TEXT NOT NULL REFERENCES events(id),
    participant_id  TEXT NOT NULL REFERENCES participants(id),
    day             INTEGER NOT NULL,
    slot            TEXT NOT NULL,
    session_id      TEXT REFERENCES sessions(id),
    checked_in_at   TEXT NOT NULL,
    source          TEXT NOT NULL CHECK (source IN ('desk', 'paper', 'sync')),
    sheet_ref       TEXT,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    deleted_at      TEXT,
    hlc             TEXT NOT NULL,
    origin          TEXT NOT NULL
) STRICT;
-- nothing is counted twice: one live check-in per person and slot
CREATE UNIQUE INDEX attendance_once ON attendance(participant_id, slot) WHERE deleted_at IS NULL;
CREATE INDEX attendance_event_slot ON attendance(event_id, slot);

CREATE TABLE signatures (
    id              TEXT PRIMARY KEY,
    event_id        TEXT NOT NULL REFERENCES events(id),
    participant_id  TEXT NOT NULL REFERENCES participants(id),
    attendance_id   TEXT NOT NULL REFERENCES attendance(id),
    png             BLOB NOT NULL,
    strokes         TEXT,
    width           INTEGER NOT NULL,
    height          INTEGER NOT NULL,
    sha256          TEXT NOT NULL,
    signed_at       TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    deleted_at      TEXT,
    hlc             TEXT NOT NULL,
    origin          TEXT NOT NULL
) STRICT;
CREATE INDEX signatures_attendance ON signatures(attendance_id);

CREATE TABLE day_seals (
    id              TEXT PRIMARY KEY,
    event_id        TEXT NOT NULL REFERENCES events(id),
    day             INTEGER NOT NULL,
    sealed          INTEGER NOT NULL CHECK (sealed IN (0, 1)),
    changed_at      TEXT NOT NULL,
    reason          TEXT,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    deleted_at      TEXT,
    hlc             TEXT NOT NULL,
    origin          TEXT NOT NULL,
    UNIQUE (event_id, day)
) STRICT;

CREATE TABLE audit_log (
    id              TEXT PRIMARY KEY,
    event_id        TEXT NOT NULL,
    at              TEXT NOT NULL,
    actor           TEXT NOT NULL,
    action          TEXT NOT NULL,
    target          TEXT,
    detail          TEXT,
    reason          TEXT,
    hlc             TEXT NOT NULL,
    origin          TEXT NOT NULL
) STRICT;
CREATE INDEX audit_event ON audit_log(event_id, at);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
