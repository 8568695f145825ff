-- 0006: the PLM's own outcomes: follow-up plans (RTL) and their items, learning notes,
-- impact stories, and awards (categories, nominees, criteria, judges, scores).
-- Every table carries the sync columns (id, created_at, updated_at, deleted_at, hlc, origin).

CREATE TABLE plans (
    id              TEXT PRIMARY KEY,
    event_id        TEXT NOT NULL REFERENCES events(id),
    institution     TEXT NOT NULL,
    regency         TEXT NOT NULL DEFAULT '',
    -- JSON array of participant ids who drafted the plan
    members         TEXT NOT NULL DEFAULT '[]',
    presented       INTEGER NOT NULL DEFAULT 0 CHECK (presented IN (0, 1)),
    presented_at    TEXT,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    deleted_at      TEXT,
    hlc             TEXT NOT NULL,
    origin          TEXT NOT NULL
) STRICT;
CREATE INDEX plans_event ON plans(event_id);

CREATE TABLE plan_items (
    id              TEXT PRIMARY KEY,
    plan_id         TEXT NOT NULL REFERENCES plans(id),
    position        INTEGER NOT NULL,
    activity        TEXT NOT NULL,
    objective       TEXT NOT NULL DEFAULT '',
    target_group    TEXT NOT NULL DEFAULT '',
    method          TEXT NOT NULL DEFAULT '',
    when_from       TEXT,
    when_to         TEXT,
    place           TEXT NOT NULL DEFAULT '',
    responsible     TEXT NOT NULL DEFAULT '',
    resources       TEXT NOT NULL DEFAULT '',
    funding         TEXT NOT NULL DEFAULT '',
    indicator       TEXT NOT NULL DEFAULT '',
    notes           TEXT NOT NULL DEFAULT '',
    strategy        TEXT NOT NULL CHECK (strategy IN ('layanan', 'pelibatan', 'advokasi', 'publikasi')),
    status          TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'in_progress', 'done', 'dropped')),
    status_changed  TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    deleted_at      TEXT,
    hlc             TEXT NOT NULL,
    origin          TEXT NOT NULL
) STRICT;
CREATE INDEX plan_items_plan ON plan_items(plan_id, position);

CREATE TABLE learning_notes (
    id              TEXT PRIMARY KEY,
    event_id        TEXT NOT NULL REFERENCES events(id),
    session_id      TEXT REFERENCES sessions(id),
    kind            TEXT NOT NULL CHECK (kind IN ('achievement', 'obstacle', 'solution', 'improvement')),
    text            TEXT NOT NULL,
    raised_by       TEXT NOT NULL DEFAULT '',
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    deleted_at      TEXT,
    hlc             TEXT NOT NULL,
    origin          TEXT NOT NULL
) STRICT;
CREATE INDEX learning_notes_event ON learning_notes(event_id, session_id);

CREATE TABLE impact_stories (
    id              TEXT PRIMARY KEY,
    event_id        TEXT NOT NULL REFERENCES events(id),
    participant_id  TEXT REFERENCES participants(id),
    title           TEXT NOT NULL,
    service         TEXT NOT NULL DEFAULT '',
    story           TEXT NOT NULL,
    publishable     INTEGER NOT NULL DEFAULT 0 CHECK (publishable IN (0, 1)),
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    deleted_at      TEXT,
    hlc             TEXT NOT NULL,
    origin          TEXT NOT NULL
) STRICT;
CREATE INDEX impact_stories_event ON impact_stories(event_id);

CREATE TABLE award_categories (
    id              TEXT PRIMARY KEY,
    event_id        TEXT NOT NULL REFERENCES events(id),
    name            TEXT NOT NULL,
    position        INTEGER NOT NULL,
    winner_id       TEXT,
    decision_note   TEXT NOT NULL DEFAULT '',
    decided_at      TEXT,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    deleted_at      TEXT,
    hlc             TEXT NOT NULL,
    origin          TEXT NOT NULL
) STRICT;
CREATE INDEX award_categories_event ON award_categories(event_id, position);

CREATE TABLE award_nominees (
    id              TEXT PRIMARY KEY,
    category_id     TEXT NOT NULL REFERENCES award_categories(id),
    institution     TEXT NOT NULL,
    regency         TEXT NOT NULL DEFAULT '',
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    deleted_at      TEXT,
    hlc             TEXT NOT NULL,
    origin          TEXT NOT NULL
) STRICT;
CREATE INDEX award_nominees_category ON award_nominees(category_id);

CREATE TABLE award_criteria (
    id              TEXT PRIMARY KEY,
    category_id     TEXT NOT NULL REFERENCES award_categories(id),
    name            TEXT NOT NULL,
    weight          REAL NOT NULL CHECK (weight > 0),
    max_score       REAL NOT NULL CHECK (max_score > 0),
    position        INTEGER NOT NULL,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    deleted_at      TEXT,
    hlc             TEXT NOT NULL,
    origin          TEXT NOT NULL
) STRICT;
CREATE INDEX award_criteria_category ON award_criteria(category_id);

CREATE TABLE award_judges (
    id              TEXT PRIMARY KEY,
    category_id     TEXT NOT NULL REFERENCES award_categories(id),
    name            TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    deleted_at      TEXT,
    hlc             TEXT NOT NULL,
    origin          TEXT NOT NULL
) STRICT;
CREATE INDEX award_judges_category ON award_judges(category_id);

CREATE TABLE award_scores (
    id              TEXT PRIMARY KEY,
    category_id     TEXT NOT NULL REFERENCES award_categories(id),
    judge_id        TEXT NOT NULL REFERENCES award_judges(id),
    nominee_id      TEXT NOT NULL REFERENCES award_nominees(id),
    criterion_id    TEXT NOT NULL REFERENCES award_criteria(id),
    score           REAL NOT NULL,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    deleted_at      TEXT,
    hlc             TEXT NOT NULL,
    origin          TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX award_scores_once ON award_scores(judge_id, nominee_id, criterion_id) WHERE deleted_at IS NULL;
CREATE INDEX award_scores_category ON award_scores(category_id);

-- who signs the attendance sheets and certificates (sign-off block)
ALTER TABLE events ADD COLUMN signer_role TEXT NOT NULL DEFAULT '';
ALTER TABLE events ADD COLUMN signer_name TEXT NOT NULL DEFAULT '';
ALTER TABLE events ADD COLUMN signer_nip TEXT NOT NULL DEFAULT '';
ALTER TABLE events ADD COLUMN signer_signature BLOB;
