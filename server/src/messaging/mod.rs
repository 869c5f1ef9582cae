//! Texts and calls that cannot be turned into a bill (security.md 61): where a number is, what
//! kind it is, whether a channel may reach it under the settings, the daily caps and budget,
//! automatic pauses, the safe list, and the admins' overview of them.

pub mod caps;
pub mod destination;
pub mod error;
pub mod gauges;
pub mod mobiles;
pub mod overview;
pub mod pauses;
pub mod reach;
pub mod safe_list;
pub mod today;
