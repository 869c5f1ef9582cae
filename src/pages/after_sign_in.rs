//! Where to go after signing in: `?next=` when the browser's own URL parser reads it as one of
//! the app's pages on this origin, else the security info page — never another site, however
//! the address is dressed up (`/\t/evil.example`, `//evil`, `\\evil`, `javascript:`).

use leptos::prelude::window;

/// Where sign-in leads when `?next=` is missing or refused.
const HOME: &str = "/security-info";

/// The page to open after signing in, for the `next` parameter as given.
pub fn after_sign_in(next: Option<&str>) -> String {
    let origin = window().location().origin().unwrap_or_default();
    next.and_then(|next| web_sys::Url::new_with_base(next, &origin).ok())
        .and_then(|url| {
            let rest = format!("{}{}", url.search(), url.hash());
            ours(&origin, &url.origin(), &url.pathname(), &rest)
        })
        .unwrap_or_else(|| HOME.to_string())
}

/// The path (with its query and fragment, `rest`) of a parsed address, if it is one of the
/// app's pages on the page's own origin.
fn ours(page_origin: &str, origin: &str, path: &str, rest: &str) -> Option<String> {
    let leads_here = crate::route_table::PAGES
        .iter()
        .any(|page| page.after_sign_in && page.path == path);
    (origin == page_origin && leads_here).then(|| format!("{path}{rest}"))
}

#[cfg(test)]
mod tests {
    use super::ours;

    const HERE: &str = "https://sspr.example.com";

    #[test]
    fn only_the_apps_own_pages_on_its_own_origin_are_followed() {
        assert_eq!(
            ours(HERE, HERE, "/security-info", "?tab=1").as_deref(),
            Some("/security-info?tab=1")
        );
        assert_eq!(ours(HERE, HERE, "/reset", "").as_deref(), Some("/reset"));
        assert_eq!(
            ours(HERE, "https://evil.example", "/security-info", ""),
            None
        );
        assert_eq!(ours(HERE, "null", "/security-info", ""), None);
        assert_eq!(ours(HERE, HERE, "/api/v1/session", ""), None);
        assert_eq!(ours(HERE, HERE, "/evil.example/x", ""), None);
    }
}
