//! The browser tab's title, which each page sets.

use leptos::prelude::*;

/// Sets the browser tab's title for a page.
pub fn set_title(page: &str) {
    document().set_title(&format!("{page} – Latchkey"));
}
