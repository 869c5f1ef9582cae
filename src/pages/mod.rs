//! One module per route. Each page loads its own data through [`crate::api`].

mod dev_outbox;
mod not_found;
mod proof;
mod reset;
mod security_info;
mod sign_in;

pub use dev_outbox::DevOutboxPage;
pub use not_found::NotFoundPage;
pub use reset::ResetPage;
pub use security_info::SecurityInfoPage;
pub use sign_in::SignInPage;

use leptos::prelude::*;

/// Sets the browser tab's title for a page.
fn set_title(page: &str) {
    document().set_title(&format!("{page} – Latchkey"));
}

/// Where to go after signing in: a local path from `?next=`, else the security info page.
/// Anything that could leave the site (`//evil`, `https:`) is ignored.
pub fn after_sign_in(next: Option<&str>) -> String {
    match next {
        Some(path) if path.starts_with('/') && !path.starts_with("//") && !path.contains('\\') => {
            path.to_string()
        }
        _ => "/security-info".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::after_sign_in;

    #[test]
    fn only_local_paths_are_followed_after_sign_in() {
        assert_eq!(after_sign_in(Some("/security-info")), "/security-info");
        assert_eq!(after_sign_in(Some("/reset")), "/reset");
        assert_eq!(after_sign_in(Some("//evil.example")), "/security-info");
        assert_eq!(
            after_sign_in(Some("https://evil.example")),
            "/security-info"
        );
        assert_eq!(after_sign_in(Some("/\\evil.example")), "/security-info");
        assert_eq!(after_sign_in(None), "/security-info");
    }
}
