//! Latchkey's API server as a library, so tests drive the same router the binary serves.

pub mod access_pass;
pub mod accounts;
pub mod audit_export;
pub mod branding;
pub mod cli;
pub mod clock;
pub mod config;
pub mod delivery;
pub mod directory;
pub mod enrollment;
pub mod housekeeping;
pub mod http;
pub mod markup;
pub mod messaging;
pub mod methods;
pub mod origin;
pub mod page;
pub mod password;
pub mod password_change;
pub mod proof;
pub mod reset;
pub mod sealing;
pub mod security_info;
pub mod serve;
pub mod sessions;
pub mod sign_in;
pub mod staff;
pub mod state;
pub mod store;
pub mod telemetry;

pub use http::app;
pub use state::AppState;
