-- 0002: participants of an event, with consent and erasure.
CREATE TABLE participants (
    id              TEXT PRIMARY KEY,
    event_id        TEXT NOT NULL REFERENCES events(id),
    code            TEXT NOT NULL,
    name            TEXT NOT NULL,
    gender          TEXT CHECK (gender IN ('L', 'P')),
    category        TEXT NOT NULL DEFAULT 'lainnya',
    institution     TEXT NOT NULL DEFAULT '',
    position        TEXT NOT NULL DEFAULT '',
    regency         TEXT NOT NULL DEFAULT '',
    village         TEXT NOT NULL DEFAULT '',
    nip             TEXT,
    phone           TEXT,
    email           TEXT,
    disability      TEXT,
    consent         INTEGER CHECK (consent IN (0, 1)),
    consent_at      TEXT,
    consent_version TEXT,
    consent_by      TEXT,
    source          TEXT NOT NULL DEFAULT 'manual' CHECK (source IN ('import', 'walk_in', 'manual', 'sync')),
    name_key        TEXT NOT NULL DEFAULT '',
    inst_key        TEXT NOT NULL DEFAULT '',
    search_text     TEXT NOT NULL DEFAULT '',
    erased_at       TEXT,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    deleted_at      TEXT,
    hlc             TEXT NOT NULL,
    origin          TEXT NOT NULL
) STRICT;

CREATE UNIQUE INDEX participants_event_code ON participants(event_id, code);
CREATE INDEX participants_event_nip ON participants(event_id, nip) WHERE nip IS NOT NULL;
CREATE INDEX participants_event_phone ON participants(event_id, phone) WHERE phone IS NOT NULL;
CREATE INDEX participants_event_name ON participants(event_id, name_key, inst_key);
