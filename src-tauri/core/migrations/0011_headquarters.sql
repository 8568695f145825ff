-- 0011: headquarters' own bookkeeping (never synced, never sent back to a venue): the
-- year's planned PLMs, the kits handed out, and the decisions on probable same people.
CREATE TABLE hq_plans (
    id              TEXT PRIMARY KEY,
    province_code   TEXT NOT NULL,
    province_name   TEXT NOT NULL,
    wave            INTEGER CHECK (wave IS NULL OR wave BETWEEN 1 AND 99),
    title           TEXT NOT NULL,
    start_date      TEXT NOT NULL,
    days            INTEGER NOT NULL CHECK (days BETWEEN 1 AND 7),
    city            TEXT NOT NULL DEFAULT '',
    venue           TEXT NOT NULL DEFAULT '',
    -- JSON array of names
    trainers        TEXT NOT NULL DEFAULT '[]',
    -- the id the venue's event will carry (set in the kit), or an unplanned event attached
    event_id        TEXT NOT NULL UNIQUE,
    kit_saved_at    TEXT,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    deleted_at      TEXT
) STRICT;
CREATE INDEX hq_plans_start ON hq_plans(start_date);
CREATE INDEX sync_imports_event ON sync_imports(event_id);

-- a pair of participants (a < b) headquarters looked at: the same person or not
CREATE TABLE hq_same_person (
    a               TEXT NOT NULL,
    b               TEXT NOT NULL,
    decision        TEXT NOT NULL CHECK (decision IN ('same', 'different')),
    decided_at      TEXT NOT NULL,
    decided_by      TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (a, b),
    CHECK (a < b)
) STRICT;
