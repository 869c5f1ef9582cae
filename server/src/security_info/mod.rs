//! Security info rules: one-time codes, masks, phone numbers, send limits and the messages sent
//! (security.md 1–8, 12, 21–22, 40–41).

pub mod calls;
pub mod changes;
pub mod codes;
pub mod email;
pub mod error;
pub mod freshness;
pub mod limits;
pub mod masks;
pub mod messages;
pub mod passkeys;
pub mod phone;
pub mod recovery;
pub mod registration;
pub mod review;
pub mod totp;

/// Changing security info needs a sign-in and, once a method exists, a verification within this
/// many seconds (security.md 21).
pub const FRESHNESS: i64 = 15 * 60;
