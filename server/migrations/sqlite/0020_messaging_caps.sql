-- Texts and calls that can't be turned into a bill (#30): today's counts per country, channel,
-- number prefix and budget; every send with whether its code was proven (the automatic pause
-- looks at the last ones); paused countries; and the safe list of numbers never capped or paused.
CREATE TABLE messaging_counts (
    day BIGINT NOT NULL,
    scope TEXT NOT NULL,
    count BIGINT NOT NULL,
    PRIMARY KEY (day, scope)
);

CREATE TABLE messaging_sends (
    id TEXT PRIMARY KEY NOT NULL,
    challenge_id TEXT NOT NULL,
    country TEXT NOT NULL,
    channel TEXT NOT NULL,
    sent_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    proven_at BIGINT
);
CREATE INDEX messaging_sends_by_country ON messaging_sends (country, channel, sent_at);
CREATE INDEX messaging_sends_by_challenge ON messaging_sends (challenge_id);

CREATE TABLE messaging_pauses (
    country TEXT NOT NULL,
    channel TEXT NOT NULL,
    paused_since BIGINT,
    sends BIGINT NOT NULL,
    proven_percent BIGINT NOT NULL,
    window_from BIGINT NOT NULL,
    PRIMARY KEY (country, channel)
);

CREATE TABLE safe_numbers (
    id TEXT PRIMARY KEY NOT NULL,
    number TEXT NOT NULL UNIQUE,
    note TEXT NOT NULL,
    added_at BIGINT NOT NULL,
    added_by TEXT NOT NULL
);
