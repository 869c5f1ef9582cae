//! Texts and calls that cannot be turned into a bill (security.md 61): where a number is, what
//! kind it is, and whether a channel may reach it under the settings.

pub mod destination;
pub mod mobiles;
pub mod reach;
