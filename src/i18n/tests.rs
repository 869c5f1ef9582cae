//! Every locale file has a sentence for every key the code uses, and no other keys; each keeps
//! the English sentence's `{placeholders}`. A word set (`locales/helpdesk/`) holds the keys of
//! its section (`helpdesk.…`), which only its part of the app shows; the main files the rest.
//! (index.html's shell says the sentences the build writes into it: `xtask/src/page.rs` tests
//! that.)

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use latchkey_api::LANGUAGES;

use crate::route_table::{NO_SCRIPT, SHELL_WORDS};

/// The word sets parts of the app add (`i18n::add_words`), each a folder of `locales/`.
const WORD_SETS: [&str; 1] = ["helpdesk"];

fn locale(code: &str) -> BTreeMap<String, String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("locales/{code}.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|_| panic!("{path:?} is missing"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path:?} is not a flat map: {e}"))
}

/// Every string literal in the SPA's code (not its tests) shaped like a key: `"section.name"`.
fn keys_in_code() -> BTreeSet<String> {
    fn walk(dir: &Path, found: &mut BTreeSet<String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, found);
            } else if path.extension().is_some_and(|e| e == "rs") && !path.ends_with("tests.rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                // A file's own tests (at its end) may name files and keys the app never shows.
                let code = text.split("#[cfg(test)]").next().unwrap_or_default();
                found.extend(
                    code.split('"')
                        .skip(1)
                        .step_by(2)
                        .filter(|s| is_key(s))
                        .map(String::from),
                );
            }
        }
    }
    let mut found = BTreeSet::new();
    walk(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut found,
    );
    found
}

fn is_key(text: &str) -> bool {
    let mut parts = text.split('.');
    let (Some(section), Some(_)) = (parts.next(), parts.next()) else {
        return false;
    };
    !section.is_empty()
        && text.split('.').all(|part| {
            !part.is_empty() && part.chars().all(|c| c.is_ascii_lowercase() || c == '_')
        })
}

fn placeholders(sentence: &str) -> BTreeSet<&str> {
    sentence
        .split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
        .collect()
}

/// The files of the main words (`""`) or of a word set, by the file's name without `.json`.
fn files_of(set: &str) -> impl Fn(&str) -> BTreeMap<String, String> + '_ {
    move |code| {
        if set.is_empty() {
            locale(code)
        } else {
            locale(&format!("{set}/{code}"))
        }
    }
}

/// The word set a key belongs to (`""`: the main files).
fn set_of(key: &str) -> &'static str {
    WORD_SETS
        .into_iter()
        .find(|set| key.split('.').next() == Some(set))
        .unwrap_or("")
}

#[test]
fn english_has_exactly_the_keys_the_code_uses_each_in_its_word_set() {
    let mut used = keys_in_code();
    used.extend(SHELL_WORDS.map(String::from));
    used.insert(NO_SCRIPT.into());
    for set in std::iter::once("").chain(WORD_SETS) {
        let used: BTreeSet<&String> = used.iter().filter(|key| set_of(key) == set).collect();
        let english: BTreeSet<String> = files_of(set)("en").into_keys().collect();
        let english: BTreeSet<&String> = english.iter().collect();
        let missing: Vec<_> = used.difference(&english).collect();
        let unused: Vec<_> = english.difference(&used).collect();
        assert!(
            missing.is_empty(),
            "keys used but not in {set}/en.json: {missing:?}"
        );
        assert!(
            unused.is_empty(),
            "keys in {set}/en.json that nothing uses: {unused:?}"
        );
    }
}

#[test]
fn every_language_says_every_sentence_with_the_same_placeholders() {
    for set in std::iter::once("").chain(WORD_SETS) {
        let file = files_of(set);
        let english = file("en");
        for language in LANGUAGES {
            let code = language.code();
            let other = file(code);
            let keys: BTreeSet<_> = other.keys().collect();
            let wanted: BTreeSet<_> = english.keys().collect();
            assert_eq!(
                keys, wanted,
                "{set}/{code}.json has different keys from en.json"
            );
            for (key, sentence) in &other {
                assert!(
                    !sentence.trim().is_empty(),
                    "{set}/{code}.json: {key} is empty"
                );
                assert_eq!(
                    placeholders(sentence),
                    placeholders(&english[key]),
                    "{set}/{code}.json: {key} has different placeholders"
                );
            }
        }
    }
}

#[test]
fn keys_look_like_keys() {
    assert!(is_key("sign_in.title"));
    assert!(!is_key("recovery-codes.txt"));
    assert!(!is_key("Sign in."));
    assert!(!is_key("title"));
}

fn index_html() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("index.html")).unwrap()
}

#[test]
fn the_page_chooses_its_language_from_the_same_list_and_memory() {
    let html = index_html();
    let codes: Vec<String> = LANGUAGES
        .iter()
        .map(|l| format!("\"{}\"", l.code()))
        .collect();
    assert!(
        html.contains(&format!("var spoken = [{}];", codes.join(", "))),
        "index.html's list of languages differs from LANGUAGES"
    );
    assert!(html.contains(&format!(
        "localStorage.getItem(\"{}\")",
        super::choice::REMEMBERED
    )));
    let right_to_left: Vec<_> = LANGUAGES.iter().filter(|l| l.is_right_to_left()).collect();
    assert_eq!(right_to_left.len(), 1);
    assert!(html.contains(&format!(
        "root.dir = language === \"{}\" ? \"rtl\" : \"ltr\";",
        right_to_left[0].code()
    )));
}
