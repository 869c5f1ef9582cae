-- The language each person picked for their pages and for the emails, texts and calls sent to
-- them ("en", "de", "es", "fr", "ar"); NULL until they pick one (the organisation's
-- message_language applies).
ALTER TABLE users ADD COLUMN language TEXT;
