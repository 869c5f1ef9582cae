//! One module per route. Each page loads its own data through [`crate::api`].

mod after_sign_in;
mod change_password;
mod dev_outbox;
mod helpdesk;
mod new_password;
mod not_found;
mod proof;
mod reset;
mod security_info;
mod sign_in;
mod title;

pub use after_sign_in::after_sign_in;
pub use change_password::ChangePasswordPage;
pub use dev_outbox::DevOutboxPage;
pub use helpdesk::{
    CountryRow, HelpdeskPage, TextsAndCalls, check_safe_number, country_rows, proven_sends,
};
pub use not_found::NotFoundPage;
pub use reset::ResetPage;
pub use security_info::{SecurityInfoPage, VerifyIdentity};
pub use sign_in::SignInPage;
