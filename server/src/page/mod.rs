//! The built page, `index.html`, as the server reads it: its meta tags and the
//! Content-Security-Policy its inline code needs.

mod csp;
pub mod meta;

pub use csp::content_security_policy;
