//! Reusable pieces of the interface. They take props and never call the API.

mod choices;
mod code_entry;
mod dialog;
mod error_summary;
mod method_form;
mod sign_in_form;
mod text_field;

pub use choices::{Choices, first_available};
pub use code_entry::{CodeEntry, CodeField};
pub use dialog::Dialog;
pub use error_summary::{ErrorSummary, FormErrors, Problem};
pub use method_form::MethodForm;
pub use sign_in_form::SignInForm;
pub use text_field::TextField;
