-- 0010: the papers after the event. Allowance rates and the receipt list's signers are the
-- venue's own bookkeeping (not synced); photos are kept in the database, already shrunk
-- and stripped of their EXIF, and travel in the data file only when the user asks.
CREATE TABLE allowance_rates (
    id              TEXT PRIMARY KEY,
    event_id        TEXT NOT NULL REFERENCES events(id),
    target_kind     TEXT NOT NULL CHECK (target_kind IN ('category', 'role')),
    target          TEXT NOT NULL,
    per_day         INTEGER CHECK (per_day IS NULL OR per_day >= 0),
    lump_sum        INTEGER CHECK (lump_sum IS NULL OR lump_sum >= 0),
    -- hundredths of a percent: 1250 is 12.5 %
    deduction_bp    INTEGER CHECK (deduction_bp IS NULL OR deduction_bp BETWEEN 0 AND 10000),
    updated_at      TEXT NOT NULL,
    UNIQUE (event_id, target_kind, target)
) STRICT;

CREATE TABLE event_papers (
    event_id        TEXT PRIMARY KEY REFERENCES events(id),
    treasurer_name  TEXT NOT NULL DEFAULT '',
    treasurer_nip   TEXT NOT NULL DEFAULT '',
    officer_role    TEXT NOT NULL DEFAULT '',
    officer_name    TEXT NOT NULL DEFAULT '',
    officer_nip     TEXT NOT NULL DEFAULT '',
    ceiling         INTEGER NOT NULL DEFAULT 10000000 CHECK (ceiling > 0),
    background      TEXT,
    objectives      TEXT,
    updated_at      TEXT NOT NULL
) STRICT;

CREATE TABLE photos (
    id              TEXT PRIMARY KEY,
    event_id        TEXT NOT NULL REFERENCES events(id),
    session_id      TEXT REFERENCES sessions(id),
    caption         TEXT NOT NULL DEFAULT '',
    shows_people    INTEGER NOT NULL CHECK (shows_people IN (0, 1)),
    in_report       INTEGER NOT NULL CHECK (in_report IN (0, 1)),
    jpeg            BLOB NOT NULL,
    width           INTEGER NOT NULL,
    height          INTEGER NOT NULL,
    sha256          TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    deleted_at      TEXT,
    hlc             TEXT NOT NULL,
    origin          TEXT NOT NULL
) STRICT;
CREATE INDEX photos_event ON photos(event_id, created_at);
