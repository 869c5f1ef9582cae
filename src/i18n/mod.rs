//! The page's words in the person's language. Each language is a flat file of keys and
//! sentences (`locales/<code>.json`, `{name}` marks a value filled in); only the language in use
//! is downloaded, so no sentence ships in the WASM.

mod choice;
mod problems;
mod words;

use std::cell::RefCell;
use std::collections::BTreeMap;

pub use choice::{add_words, choose_language, picked_language, start_in_language};
pub use latchkey_api::Language;
pub use problems::{error_message, field_message, refusal, refusal_saying};
pub use words::{kind_in_sentence, kind_name, way_to};

thread_local! {
    static CATALOGUE: RefCell<Catalogue> = RefCell::new(Catalogue::default());
}

/// One language's sentences, by key.
#[derive(Default)]
struct Catalogue {
    language: Language,
    sentences: BTreeMap<String, String>,
    /// The word sets parts of the app added in this language (`helpdesk`:
    /// `locales/helpdesk/<code>.json`), which only their screens need.
    sets: Vec<&'static str>,
}

/// The language the page speaks now.
pub fn language() -> Language {
    CATALOGUE.with(|c| c.borrow().language)
}

/// Puts `language`'s sentences (the text of its locale file) in use. The word sets added before
/// are gone with the old language: the parts that need them add them again when they redraw.
pub fn use_catalogue(language: Language, json: &str) -> Option<()> {
    let sentences = crate::json::read(json)?;
    CATALOGUE.with(|c| {
        *c.borrow_mut() = Catalogue {
            language,
            sentences,
            sets: Vec::new(),
        }
    });
    Some(())
}

/// Adds a word set's sentences (the text of its file in the language in use).
fn add_set(name: &'static str, json: &str) -> Option<()> {
    let more: BTreeMap<String, String> = crate::json::read(json)?;
    CATALOGUE.with(|c| {
        let mut catalogue = c.borrow_mut();
        catalogue.sentences.extend(more);
        catalogue.sets.push(name);
    });
    Some(())
}

/// The word sets added so far.
fn added_sets() -> Vec<&'static str> {
    CATALOGUE.with(|c| c.borrow().sets.clone())
}

/// The sentence for `key`. A key without a sentence shows itself, so a gap is visible (and the
/// locale test fails before that can ship).
pub fn t(key: &'static str) -> String {
    CATALOGUE.with(|c| {
        c.borrow()
            .sentences
            .get(key)
            .cloned()
            .unwrap_or_else(|| key.to_string())
    })
}

/// The sentence for `key` with each `{name}` replaced by its value. In a right-to-left language
/// each value is isolated so that it keeps its own order: left to right (U+2066) when it has no
/// right-to-left letters — a phone number, an address, "+1 ••••••0147", which browsers would
/// otherwise turn around — else by its first strong letter (U+2068).
pub fn tr(key: &'static str, values: &[(&str, &str)]) -> String {
    let isolate = language().is_right_to_left();
    values.iter().fold(t(key), |text, (name, value)| {
        let value = match (isolate, value.chars().any(is_right_to_left_letter)) {
            (false, _) => value.to_string(),
            (true, false) => format!("\u{2066}{value}\u{2069}"),
            (true, true) => format!("\u{2068}{value}\u{2069}"),
        };
        text.replace(&format!("{{{name}}}"), &value)
    })
}

/// Hebrew, Arabic, Syriac, Thaana, N'Ko and their presentation forms.
fn is_right_to_left_letter(c: char) -> bool {
    matches!(c, '\u{0590}'..='\u{08FF}' | '\u{FB1D}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')
}

#[cfg(test)]
mod tests;
