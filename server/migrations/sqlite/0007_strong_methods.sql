-- Authenticator apps, passkeys and recovery codes. Apps and passkeys may be registered several
-- times each, so `methods` keeps one row per phone, alternate phone, email and set of recovery
-- codes only (rebuilt here: SQLite cannot drop a table constraint).
CREATE TABLE methods_new (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    -- E.164 number, email address, or the name of an app or passkey.
    target TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    -- An app's seed, sealed with the server's secret key (AES-256-GCM).
    sealed_seed TEXT,
    -- The last TOTP time step accepted, so no code of it or before is accepted again.
    last_step BIGINT,
    -- A passkey: webauthn-rs's record of it (public key, counter) and its credential ID.
    passkey TEXT,
    credential_id TEXT,
    last_used_at BIGINT
);
INSERT INTO methods_new (id, user_id, kind, target, created_at)
    SELECT id, user_id, kind, target, created_at FROM methods;
DROP TABLE methods;
ALTER TABLE methods_new RENAME TO methods;
CREATE UNIQUE INDEX methods_one_of_each ON methods (user_id, kind)
    WHERE kind IN ('phone', 'alternate_phone', 'email', 'recovery_codes');
CREATE INDEX methods_by_user ON methods (user_id);
CREATE UNIQUE INDEX methods_by_credential ON methods (credential_id);

-- Recovery codes, hashed; a used one keeps its row so "N left" can be counted.
CREATE TABLE recovery_codes (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash TEXT NOT NULL,
    used_at BIGINT
);
CREATE INDEX recovery_codes_by_user ON recovery_codes (user_id);

-- An app or passkey being added: the app's sealed seed, or the passkey ceremony's state, until
-- the first code or the browser's answer registers it.
CREATE TABLE pending_methods (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    session_hash TEXT NOT NULL,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    state TEXT NOT NULL,
    failures BIGINT NOT NULL DEFAULT 0,
    expires_at BIGINT NOT NULL
);
CREATE INDEX pending_methods_by_user ON pending_methods (user_id);

-- A passkey challenge's ceremony state (webauthn-rs), kept by the server until it is answered.
ALTER TABLE challenges ADD COLUMN passkey_state TEXT;

-- When the person last confirmed their security info is current ("Looks good", or a change).
ALTER TABLE users ADD COLUMN reviewed_at BIGINT;

-- The random user handle passkeys are registered under (WebAuthn `user.id`): no personal data.
ALTER TABLE users ADD COLUMN passkey_user_id TEXT;
