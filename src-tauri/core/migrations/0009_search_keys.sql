-- 0009: search keys are folded again in Rust (the migration's hook, db.rs): apostrophes
-- now join what they separated, so "marufah" finds "Ma'rufah" and "Ma’rufah". The
-- schema itself does not change.
SELECT 1;
