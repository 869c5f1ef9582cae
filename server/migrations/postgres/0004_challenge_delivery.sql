-- Which queued message carries a challenge's current code, so its delivery can be followed.
ALTER TABLE challenges ADD COLUMN delivery_id TEXT;
