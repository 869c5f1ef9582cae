//! Which screen the address shows, without reloading the page: the path and query as signals,
//! [`navigate`] for the app's own moves, and the page's links and the browser's Back and Forward
//! handled in place. (Small on purpose: a general router was a third of the app's first load.)

use std::cell::Cell;

use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

thread_local! {
    /// The page's address: also read from event listeners, which have no reactive context.
    static ADDRESS: Cell<Option<Address>> = const { Cell::new(None) };
}

/// The address the page shows.
#[derive(Clone, Copy)]
pub struct Address {
    /// `/security-info`.
    path: RwSignal<String>,
    /// `?next=/security-info`, or empty.
    search: RwSignal<String>,
}

impl Address {
    /// The path; a change redraws what depends on it.
    pub fn path(&self) -> String {
        self.path.get()
    }

    /// The path, read without depending on it.
    pub fn path_untracked(&self) -> String {
        self.path.get_untracked()
    }

    /// The value of `key` in the query (`?pass` gives `Some("")`).
    pub fn query(&self, key: &str) -> Option<String> {
        query_value(&self.search.get(), key)
    }

    /// The value of `key` in the query, read without depending on it.
    pub fn query_untracked(&self, key: &str) -> Option<String> {
        query_value(&self.search.get_untracked(), key)
    }

    /// Shows what the browser's address now says.
    fn follow_browser(&self) {
        let location = window().location();
        self.path
            .set(location.pathname().unwrap_or_else(|_| "/".into()));
        self.search.set(location.search().unwrap_or_default());
    }
}

/// Reads the page's address, and from now on follows links within the app and Back and Forward.
pub fn provide_address() -> Address {
    let address = Address {
        path: RwSignal::new(String::new()),
        search: RwSignal::new(String::new()),
    };
    address.follow_browser();
    ADDRESS.set(Some(address));
    // For the page's life: the handles would only remove them.
    let _ = window_event_listener(ev::popstate, move |_| address.follow_browser());
    let _ = window_event_listener(ev::click, follow_link);
    address
}

/// The page's address, as [`provide_address`] keeps it.
pub fn use_address() -> Address {
    ADDRESS
        .get()
        .expect("the app reads the address before it shows a page")
}

/// Shows `to` (`/signin?next=/reset`), adding it to the browser's history.
pub fn navigate(to: &str) {
    go(to, false);
}

/// Shows `to` in place of the current address (Back skips it).
pub fn redirect(to: &str) {
    go(to, true);
}

fn go(to: &str, replace: bool) {
    let history = window().history().expect("the page has a history");
    let moved = if replace {
        history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(to))
    } else {
        history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(to))
    };
    if moved.is_err() {
        // Not an address of this page's origin: the browser goes there itself.
        let _ = window().location().set_href(to);
        return;
    }
    use_address().follow_browser();
    window().scroll_to_with_x_and_y(0.0, 0.0);
}

/// A click on a link to one of the app's own pages shows it in place; anything else (another
/// site, a new tab, a download, a modifier key) is left to the browser.
fn follow_link(event: ev::MouseEvent) {
    if event.default_prevented()
        || event.button() != 0
        || event.ctrl_key()
        || event.meta_key()
        || event.shift_key()
        || event.alt_key()
    {
        return;
    }
    let Some(link) = event
        .target()
        .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
        .and_then(|element| element.closest("a[href]").ok().flatten())
        .and_then(|element| element.dyn_into::<web_sys::HtmlAnchorElement>().ok())
    else {
        return;
    };
    let elsewhere = !matches!(link.target().as_str(), "" | "_self");
    let location = window().location();
    let origin = location.origin().unwrap_or_default();
    let same_page = link.pathname() == location.pathname().unwrap_or_default();
    // A link to a place on this page (`#username`) is the browser's to follow.
    let within_page = same_page && !link.hash().is_empty();
    if elsewhere || within_page || link.has_attribute("download") || link.origin() != origin {
        return;
    }
    event.prevent_default();
    navigate(&format!("{}{}", link.pathname(), link.search()));
}

/// The value of `key` in a query string (`?a=1&b`), decoded.
fn query_value(search: &str, key: &str) -> Option<String> {
    web_sys::UrlSearchParams::new_with_str(search)
        .ok()
        .and_then(|params| params.get(key))
}
