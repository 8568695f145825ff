-- A counter that moves whenever a participant row is inserted, changed or deleted, by
-- any path (the desk, a roster import, an erasure, a sync merge) and by any connection
-- (the window and the command line on one database). Search keeps its in-memory index
-- of an event while this counter stands still.
CREATE TABLE participants_version (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    n INTEGER NOT NULL
);
INSERT INTO participants_version (id, n) VALUES (1, 0);

CREATE TRIGGER participants_version_insert AFTER INSERT ON participants
BEGIN
    UPDATE participants_version SET n = n + 1 WHERE id = 1;
END;

CREATE TRIGGER participants_version_update AFTER UPDATE ON participants
BEGIN
    UPDATE participants_version SET n = n + 1 WHERE id = 1;
END;

CREATE TRIGGER participants_version_delete AFTER DELETE ON participants
BEGIN
    UPDATE participants_version SET n = n + 1 WHERE id = 1;
END;

-- Search no longer scans this covering index (it keeps the event's people in memory);
-- every participant written paid for it.
DROP INDEX participants_search;
