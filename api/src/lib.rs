//! Latchkey's shared contract: wire types, route paths, error codes and input validation.
//!
//! Pure code (serde and std only) so it compiles for the browser (wasm32) and the server alike;
//! server-only derives sit behind the `server` feature.

pub mod countries;
pub mod error;
pub mod language;
pub mod messaging;
#[cfg(feature = "puzzle")]
pub mod puzzle;
pub mod routes;
pub mod spreadsheet;
pub mod types;
pub mod validation;

pub use error::{ApiError, ErrorCode, FieldError, Problem};
pub use language::{LANGUAGES, Language};
