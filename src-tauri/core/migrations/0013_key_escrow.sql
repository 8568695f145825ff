-- Headquarters keeps each laptop's database key as the laptop sent it inside its data
-- files: sealed to headquarters' key (age), by device and by the key's check value (a
-- laptop whose database was made anew sends a new key). Never sent anywhere.
CREATE TABLE key_escrow (
    device_id TEXT NOT NULL,
    key_check TEXT NOT NULL,
    hq_key TEXT NOT NULL,
    sealed TEXT NOT NULL,
    event_id TEXT NOT NULL,
    received_at TEXT NOT NULL,
    PRIMARY KEY (device_id, key_check)
) WITHOUT ROWID;
