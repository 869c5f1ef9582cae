//! index.html as the release build writes it: the route table's (`src/route_table.rs`) data
//! each page preloads, and the static shell's sentences in every language from `locales/`, put
//! in the places the page leaves for them.

use std::collections::BTreeMap;

use anyhow::Context;
use latchkey_api::LANGUAGES;

use crate::process::root;
#[cfg(test)]
use crate::route_table::NO_SCRIPT;
use crate::route_table::{PAGES, SHELL_WORDS, shown};

/// Where the page's first script names the data of the page at hand.
const DATA_PLACE: &str = "var data = {}[location.pathname];";
/// Where the shell's script names its words' keys, and their sentences in the page's language.
const KEYS_PLACE: &str = "var keys = [];";
const WORDS_PLACE: &str = "var words = {}[root.lang];";

/// `html` (index.html's source) with the table's data and the shell's words in their places.
pub fn with_table(html: &str) -> anyhow::Result<String> {
    let mut words = Vec::new();
    for language in LANGUAGES {
        let code = language.code();
        let sentences = locale(code)?;
        let said = SHELL_WORDS
            .iter()
            .map(|key| {
                let sentence = sentences
                    .get(*key)
                    .with_context(|| format!("locales/{code}.json has no {key}"))?;
                Ok(serde_json::to_string(sentence)?)
            })
            .collect::<anyhow::Result<Vec<_>>>()?;
        words.push(format!("        \"{code}\": [{}]", said.join(", ")));
    }
    let keys: Vec<String> = SHELL_WORDS.iter().map(|key| format!("\"{key}\"")).collect();
    let data: Vec<String> = PAGES
        .iter()
        .filter_map(|page| Some((page.path, shown(page).data?)))
        .map(|(path, data)| format!("            \"{path}\": \"{data}\""))
        .collect();
    let mut html = html.to_string();
    for (place, written) in [
        (
            DATA_PLACE,
            format!(
                "var data = {{\n{}\n          }}[location.pathname];",
                data.join(",\n")
            ),
        ),
        (KEYS_PLACE, format!("var keys = [{}];", keys.join(", "))),
        (
            WORDS_PLACE,
            format!(
                "var words = {{\n{}\n      }}[root.lang];",
                words.join(",\n")
            ),
        ),
    ] {
        anyhow::ensure!(
            html.matches(place).count() == 1,
            "index.html has no single `{place}`"
        );
        html = html.replacen(place, &written, 1);
    }
    Ok(html)
}

/// The sentences of `locales/<code>.json`, by key.
fn locale(code: &str) -> anyhow::Result<BTreeMap<String, String>> {
    let path = root().join(format!("locales/{code}.json"));
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read {}", path.display()))?;
    serde_json::from_str(&text).with_context(|| format!("{} is not a flat map", path.display()))
}

#[cfg(test)]
mod tests {
    use latchkey_api::routes;

    use super::*;

    fn built() -> String {
        with_table(&std::fs::read_to_string(root().join("index.html")).unwrap()).unwrap()
    }

    /// The card's lead with the organisation's name, which the shell's script says in place of
    /// the lead without it when the page names the organisation.
    const ORGANISATION_LEAD: &str = "sign_in.with_organisation";

    /// What the card says at `/signin?pass` in place of "Password" and "Sign in with a
    /// Temporary Access Pass", by the script.
    const ACCESS_PASS: [&str; 2] = ["label.access_pass", "sign_in.with_password"];

    /// What the card says (to screen readers, as the app's form does) once "Sign in" is pressed.
    const PRESSED: &str = "sign_in.pending";

    /// (Moved from the SPA's `i18n` tests, now that the build writes the words in.)
    #[test]
    fn the_static_shell_says_the_locale_files_sentences_in_every_language() {
        let html = built();
        let quoted = |sentence: &str| serde_json::to_string(sentence).unwrap();
        for language in LANGUAGES {
            let code = language.code();
            let words = locale(code).unwrap();
            let sentences: Vec<String> =
                SHELL_WORDS.iter().map(|key| quoted(&words[*key])).collect();
            assert!(
                html.contains(&format!("\"{code}\": [{}]", sentences.join(", "))),
                "index.html's shell words for {code} differ from {code}.json"
            );
            let needs_javascript = &words[NO_SCRIPT];
            let direction = if language.is_right_to_left() {
                " dir=\"rtl\""
            } else {
                ""
            };
            assert!(
                html.contains(&format!(
                    "<p lang=\"{code}\"{direction}>{needs_javascript}</p>"
                )),
                "index.html's noscript sentence for {code} differs from {code}.json"
            );
        }
        // Without the script (or before it runs) the shell is English, each element marked with
        // the key the script fills it from.
        let english = locale("en").unwrap();
        assert!(html.contains(&format!(
            "var keys = [{}];",
            SHELL_WORDS.map(|key| format!("\"{key}\"")).join(", ")
        )));
        let said_by_the_script =
            |key: &&str| [ORGANISATION_LEAD, PRESSED].contains(key) || ACCESS_PASS.contains(key);
        for key in SHELL_WORDS
            .into_iter()
            .filter(|key| !said_by_the_script(key))
        {
            assert!(
                html.contains(&format!("data-words=\"{key}\">{}</", english[key])),
                "index.html's English shell says otherwise than en.json for {key}"
            );
        }
    }

    /// index.html starts downloading what a page asks for first alongside the app, from the
    /// same routes and with the same credentials as the SPA's `api::request`, so that the app's
    /// own requests reuse it. (Moved from the SPA's `api::request` tests.)
    #[test]
    fn the_page_preloads_what_the_app_asks_for_first() {
        let html = built();
        assert!(
            html.contains(&format!(
                "preload(\"{}\", \"use-credentials\")",
                routes::CONFIG
            )),
            "index.html does not preload the settings with credentials"
        );
        for (page, data) in [
            ("/", routes::SECURITY_INFO),
            ("/security-info", routes::SECURITY_INFO),
            ("/reset", routes::RESET_PUZZLE),
        ] {
            assert!(
                html.contains(&format!("\"{page}\": \"{data}\"")),
                "index.html does not preload {data} for {page}"
            );
        }
        assert!(html.contains("if (data) preload(data, \"use-credentials\");"));
    }
}
