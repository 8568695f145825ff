-- 0001: foundation. Local tables (meta, settings) and the event with its agenda.
-- Every row that travels to headquarters has: a UUIDv7 text id, created_at, updated_at,
-- deleted_at (tombstone), hlc (hybrid logical clock) and origin (device id).

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE events (
    id              TEXT PRIMARY KEY,
    title           TEXT NOT NULL,
    program_year    INTEGER NOT NULL,
    province_code   TEXT NOT NULL,
    province_name   TEXT NOT NULL,
    regency_code    TEXT,
    regency_name    TEXT NOT NULL DEFAULT '',
    venue           TEXT NOT NULL DEFAULT '',
    start_date      TEXT NOT NULL,
    days            INTEGER NOT NULL CHECK (days BETWEEN 1 AND 5),
    wave            INTEGER,
    organiser       TEXT NOT NULL DEFAULT '',
    timezone        TEXT NOT NULL,
    attendance_mode TEXT NOT NULL DEFAULT 'day' CHECK (attendance_mode IN ('day','half_day','session')),
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    deleted_at      TEXT,
    hlc             TEXT NOT NULL,
    origin          TEXT NOT NULL
) STRICT;

CREATE TABLE sessions (
    id              TEXT PRIMARY KEY,
    event_id        TEXT NOT NULL REFERENCES events(id),
    day             INTEGER NOT NULL,
    start_time      TEXT NOT NULL,
    end_time        TEXT NOT NULL,
    title           TEXT NOT NULL,
    kind            TEXT NOT NULL,
    facilitators    TEXT NOT NULL DEFAULT '',
    resource_person TEXT NOT NULL DEFAULT '',
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    deleted_at      TEXT,
    hlc             TEXT NOT NULL,
    origin          TEXT NOT NULL
) STRICT;

CREATE INDEX sessions_event_day ON sessions(event_id, day, start_time);
