-- 0004: a covering index for search as you type, so a keystroke scans a narrow index
-- instead of whole participant rows.
CREATE INDEX participants_search ON participants(event_id, search_text, name_key, code) WHERE deleted_at IS NULL;
