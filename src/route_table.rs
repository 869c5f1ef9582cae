//! The app's pages, declared once: each address, what it shows (and so which part of the app it
//! downloads at once), the data it asks the API for first, and the words index.html's static
//! shell says before the app arrives. The SPA shows its pages from this table; `cargo xtask
//! dist` reads this same file (`#[path]`) to write, at build time, which parts each page
//! downloads with the main module and, in index.html, which data each page preloads and the
//! shell's sentences from `locales/`. Plain data, with nothing from the rest of the crate.

/// One of the app's addresses.
#[derive(Debug)]
pub struct Page {
    /// The path, as the address bar shows it.
    pub path: &'static str,
    /// Also every path below it (`/helpdesk/people/…`).
    pub below: bool,
    pub shows: Shows,
    /// What the page asks the API for first, downloaded alongside the app (with the same
    /// credentials as the app's request, so that it is used).
    pub data: Option<&'static str>,
    /// Whether sign-in may lead here (`/signin?next=`).
    pub after_sign_in: bool,
}

/// What a page shows.
#[derive(Debug)]
pub enum Shows {
    /// Another page, in its place (Back skips this address).
    Redirect(&'static str),
    /// The sign-in page, in the main module; index.html shows its card until the app starts.
    SignIn,
    /// A part of the app (`src/parts.rs`, by its split name), downloaded with the main module.
    Part(&'static str),
}

/// The sign-in page's address.
pub const SIGN_IN: &str = "/signin";

pub const PAGES: &[Page] = &[
    Page {
        path: "/",
        below: false,
        shows: Shows::Redirect("/security-info"),
        data: None,
        after_sign_in: true,
    },
    Page {
        path: SIGN_IN,
        below: false,
        shows: Shows::SignIn,
        data: None,
        after_sign_in: false,
    },
    Page {
        path: "/security-info",
        below: false,
        shows: Shows::Part("security_info"),
        data: Some("/api/v1/security-info"),
        after_sign_in: true,
    },
    Page {
        path: "/reset",
        below: false,
        shows: Shows::Part("reset"),
        data: Some("/api/v1/reset/puzzle"),
        after_sign_in: true,
    },
    Page {
        path: "/change-password",
        below: false,
        shows: Shows::Part("change_password"),
        data: None,
        after_sign_in: true,
    },
    Page {
        path: "/dev/outbox",
        below: false,
        shows: Shows::Part("dev_outbox"),
        data: None,
        after_sign_in: true,
    },
    // The console's "Texts and calls" (admins), whose figures download alongside the app.
    Page {
        path: "/helpdesk/messaging",
        below: false,
        shows: Shows::Part("helpdesk"),
        data: Some("/api/v1/admin/messaging"),
        after_sign_in: false,
    },
    Page {
        path: "/helpdesk",
        below: true,
        shows: Shows::Part("helpdesk"),
        data: None,
        after_sign_in: false,
    },
];

/// The page at `path`, if the app has one there.
pub fn page(path: &str) -> Option<&'static Page> {
    PAGES.iter().find(|page| {
        path == page.path
            || (page.below
                && path
                    .strip_prefix(page.path)
                    .is_some_and(|rest| rest.starts_with('/')))
    })
}

/// The page that shows at `page`'s address: the page itself, or the one it leads to.
pub fn shown(page: &'static Page) -> &'static Page {
    match page.shows {
        Shows::Redirect(to) => self::page(to).unwrap_or(page),
        _ => page,
    }
}

/// The sentences index.html's static shell says, by their keys in `locales/`, in its script's
/// order: "Loading…", the notice for when the app cannot load, and `/signin`'s card (also as
/// `/signin?pass` draws it, and as it answers a press). The build writes each language's
/// sentences into the page.
pub const SHELL_WORDS: [&str; 13] = [
    "shell.loading",
    "shell.not_loaded",
    "sign_in.title",
    "sign_in.with_work_account",
    "sign_in.with_organisation",
    "label.username",
    "label.password",
    "sign_in.button",
    "sign_in.forgot",
    "sign_in.with_pass",
    "label.access_pass",
    "sign_in.with_password",
    "sign_in.pending",
];

/// What index.html's `<noscript>` says, in every language at once.
pub const NO_SCRIPT: &str = "shell.needs_javascript";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_page_that_leads_elsewhere_leads_to_a_page_of_the_table() {
        for page in PAGES {
            if let Shows::Redirect(to) = page.shows {
                let there = self::page(to).expect(to);
                assert!(
                    matches!(there.shows, Shows::Part(_) | Shows::SignIn),
                    "{to}"
                );
            }
        }
    }

    #[test]
    fn a_page_with_addresses_below_it_has_them_and_no_look_alikes() {
        let console = |path| page(path).map(|page| page.path);
        assert_eq!(console("/helpdesk/people/0f1e"), Some("/helpdesk"));
        assert_eq!(console("/helpdesk/"), Some("/helpdesk"));
        assert_eq!(console("/helpdesk/messaging"), Some("/helpdesk/messaging"));
        assert_eq!(console("/helpdesk/messaging/x"), Some("/helpdesk"));
        assert_eq!(console("/helpdesks"), None);
        assert_eq!(console("/reset/x"), None);
        assert_eq!(shown(page("/").unwrap()).path, "/security-info");
    }
}
