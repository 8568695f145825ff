-- 0005: how long an event's personal data is kept (UU 27/2022): after this date the app
-- offers to erase the participants' personal fields, keeping the counts.
ALTER TABLE events ADD COLUMN retention_until TEXT;
UPDATE events SET retention_until = date(start_date, '+' || (days - 1) || ' days', '+2 years') WHERE retention_until IS NULL;
