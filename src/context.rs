//! What every page shares: who is signed in, the page's language, the organisation's settings.

use latchkey_api::types::{Me, PublicConfig};
use leptos::prelude::*;

use crate::i18n::{Language, t};

/// Who is signed in, as far as the app knows, and the organisation's settings.
#[derive(Clone, Copy)]
pub struct AppContext {
    pub me: RwSignal<Option<Me>>,
    /// The page's language; a change redraws the page in it.
    pub language: RwSignal<Language>,
    /// The organisation's public settings, loaded before the app started; `None` if they could
    /// not be.
    pub config: StoredValue<Option<PublicConfig>>,
    /// The username and password that sign-in proved right but expired: `/change-password`
    /// changes it without a session, and without asking for it again. Forgotten once changed
    /// or when the page is left.
    pub expired: RwSignal<Option<(String, String)>>,
}

impl AppContext {
    /// The organisation's name.
    pub fn organisation_name(&self) -> Option<String> {
        self.settings().map(|config| config.organisation_name)
    }

    /// The helpdesk link as the organisation words it: (address, text).
    pub fn helpdesk_link(&self) -> Option<(String, String)> {
        self.settings()
            .map(|config| (config.helpdesk_url, config.helpdesk_text))
            .map(|(url, text)| {
                let text = if text.is_empty() {
                    t("footer.contact_support")
                } else {
                    text
                };
                (url, text)
            })
    }

    /// The organisation's public settings.
    pub fn settings(&self) -> Option<PublicConfig> {
        self.config.get_value()
    }
}
