-- 0015: indexes that answer headquarters' national picture from the index alone (no row
-- read, nothing to decrypt beyond a few pages): who was present on which day, people by
-- category and gender, and the few people removed.
CREATE INDEX attendance_present ON attendance(event_id, day, participant_id) WHERE deleted_at IS NULL;
CREATE INDEX participants_figures ON participants(event_id, category, gender, disability) WHERE deleted_at IS NULL;
CREATE INDEX participants_removed ON participants(id) WHERE deleted_at IS NOT NULL;
