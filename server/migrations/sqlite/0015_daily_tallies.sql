-- Counts per UTC day that outlive the rows they count (resets and deliveries are deleted a day
-- after they end): the admins' activity report and the SMS bill read these.
CREATE TABLE daily_tallies (
    day BIGINT NOT NULL,
    name TEXT NOT NULL,
    count BIGINT NOT NULL,
    PRIMARY KEY (day, name)
);
