//! The languages Latchkey speaks: its pages, emails, texts and calls.

use serde::{Deserialize, Serialize};

/// A language, by its BCP 47 code on the wire (`"en"`, `"de"`, `"es"`, `"fr"`, `"ar"`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema, clap::ValueEnum))]
pub enum Language {
    #[default]
    #[serde(rename = "en")]
    #[cfg_attr(feature = "server", value(name = "en"))]
    English,
    #[serde(rename = "de")]
    #[cfg_attr(feature = "server", value(name = "de"))]
    German,
    #[serde(rename = "es")]
    #[cfg_attr(feature = "server", value(name = "es"))]
    Spanish,
    #[serde(rename = "fr")]
    #[cfg_attr(feature = "server", value(name = "fr"))]
    French,
    #[serde(rename = "ar")]
    #[cfg_attr(feature = "server", value(name = "ar"))]
    Arabic,
}

/// Every language, in the order a picker lists them.
pub const LANGUAGES: [Language; 5] = [
    Language::English,
    Language::German,
    Language::Spanish,
    Language::French,
    Language::Arabic,
];

impl Language {
    /// The BCP 47 code: `"en"`.
    pub fn code(self) -> &'static str {
        match self {
            Self::English => "en",
            Self::German => "de",
            Self::Spanish => "es",
            Self::French => "fr",
            Self::Arabic => "ar",
        }
    }

    /// The language's own name for itself, as a picker shows it.
    pub fn own_name(self) -> &'static str {
        match self {
            Self::English => "English",
            Self::German => "Deutsch",
            Self::Spanish => "Español",
            Self::French => "Français",
            Self::Arabic => "العربية",
        }
    }

    /// Whether it is written right to left.
    pub fn is_right_to_left(self) -> bool {
        self == Self::Arabic
    }

    /// The language of a tag such as `"de-AT"` or `"FR"`, if it is one we speak.
    pub fn from_tag(tag: &str) -> Option<Self> {
        let primary = tag.split(['-', '_']).next()?.to_ascii_lowercase();
        LANGUAGES.into_iter().find(|l| l.code() == primary)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_match_by_their_primary_subtag() {
        assert_eq!(Language::from_tag("de-AT"), Some(Language::German));
        assert_eq!(Language::from_tag("FR"), Some(Language::French));
        assert_eq!(Language::from_tag("ar_EG"), Some(Language::Arabic));
        assert_eq!(Language::from_tag("pt-BR"), None);
        assert_eq!(Language::from_tag(""), None);
    }

    #[test]
    fn codes_are_the_wire_form() {
        for language in LANGUAGES {
            let json = serde_json::to_string(&language).unwrap();
            assert_eq!(json, format!("\"{}\"", language.code()));
        }
    }
}
