-- 0014: a print-ready copy of each signature captured here (greyscale, fitted to the
-- attendance sheet's box, deflated as a PDF reads it), made when it is captured, so a
-- sheet of a thousand signatures decodes none of them at print time. Local only: it never
-- travels in a data file; a signature without one (from another laptop's file, or from
-- before this version) is made print-ready when printed, as before.
CREATE TABLE signature_prints (
    signature_id    TEXT PRIMARY KEY REFERENCES signatures(id) ON DELETE CASCADE ON UPDATE CASCADE,
    width           INTEGER NOT NULL,
    height          INTEGER NOT NULL,
    pixels          BLOB NOT NULL
) STRICT;
-- a signature withdrawn (replaced, undone, merged away) takes its copy with it
CREATE TRIGGER signature_prints_withdrawn AFTER UPDATE OF deleted_at ON signatures
WHEN NEW.deleted_at IS NOT NULL
BEGIN
    DELETE FROM signature_prints WHERE signature_id = NEW.id;
END;
