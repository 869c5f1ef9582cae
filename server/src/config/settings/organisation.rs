//! The organisation as people see it: its name, domains, language, helpdesk and look.

use clap::Args;
use serde::{Deserialize, Serialize};

use super::default_name::default_name;

use latchkey_api::Language;

/// The organisation's name, email domains, language, helpdesk and look.
#[derive(Args, Serialize, Deserialize, Clone, Debug, Default)]
#[serde(default)]
pub struct Organisation {
    /// The organisation's name, shown on every page.
    #[arg(
        long,
        global = true,
        env = "LATCHKEY_ORGANISATION_NAME",
        default_value = "Contoso"
    )]
    pub organisation_name: Option<String>,
    /// Where employees get help.
    #[arg(
        long,
        global = true,
        env = "LATCHKEY_HELPDESK_URL",
        default_value = "mailto:helpdesk@example.com"
    )]
    pub helpdesk_url: Option<String>,
    /// The organisation's own email domains, comma-separated: refused as personal addresses
    /// [default: example.com in development mode, none otherwise].
    #[arg(
        long,
        global = true,
        env = "LATCHKEY_ORGANISATION_DOMAINS",
        value_delimiter = ','
    )]
    pub organisation_domains: Option<Vec<String>>,
    /// The country preselected for phone numbers, e.g. `US` [default: from the browser's language].
    #[arg(long, global = true, env = "LATCHKEY_DEFAULT_COUNTRY")]
    pub default_country: Option<String>,
    /// The language of calls, and of emails and texts to people who have not picked one and
    /// whose page names none we speak: en, de, es, fr or ar.
    #[arg(
        long,
        global = true,
        env = "LATCHKEY_MESSAGE_LANGUAGE",
        default_value = default_name::<Language>()
    )]
    pub message_language: Option<Language>,
    /// The organisation's accent colour for links and buttons, e.g. #0b5394; it needs 4.5:1
    /// contrast on white [default: Latchkey's blue].
    #[arg(long, global = true, env = "LATCHKEY_ACCENT_COLOUR")]
    pub accent_colour: Option<String>,
    /// The organisation's logo, shown in the header: an https:// address or a path on this
    /// server [default: none, the name alone].
    #[arg(long, global = true, env = "LATCHKEY_LOGO_URL")]
    pub logo_url: Option<String>,
    /// The helpdesk link's text, in every language [default: "Contact IT Support" in the page's
    /// language].
    #[arg(long, global = true, env = "LATCHKEY_HELPDESK_TEXT")]
    pub helpdesk_text: Option<String>,
    /// A message shown on the sign-in page, e.g. planned maintenance [default: none].
    #[arg(long, global = true, env = "LATCHKEY_SIGN_IN_MESSAGE")]
    pub sign_in_message: Option<String>,
}
