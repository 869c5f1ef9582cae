//! Texts and calls that can't be turned into a bill (#30): daily caps and the budget, automatic
//! pauses, the safe list, and the admins' overview of them.

pub mod caps;
pub mod destination;
pub mod error;
pub mod gauges;
pub mod overview;
pub mod pauses;
pub mod safe_list;
