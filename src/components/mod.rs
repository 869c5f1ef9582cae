//! Reusable pieces of the interface. They take props and never call the API.

mod code_entry;
mod dialog;
mod error_summary;
mod sign_in_form;
mod text_field;

pub use code_entry::CodeEntry;
pub use dialog::Dialog;
pub use error_summary::{ErrorSummary, Problem};
pub use sign_in_form::SignInForm;
pub use text_field::TextField;
