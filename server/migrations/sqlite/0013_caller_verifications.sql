-- IT support's verification of a caller, remembered for an hour per staff member and person
-- (security.md 49): a code the caller read out, or an admin's "verified another way".
CREATE TABLE caller_verifications (
    staff_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    person_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    verified_at BIGINT NOT NULL,
    how TEXT NOT NULL,
    PRIMARY KEY (staff_id, person_id)
);
