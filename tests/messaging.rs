//! Browser tests of the console's "Texts and calls" page, from a fixture overview: a row per
//! country and channel with what today's cap leaves, the budget as a meter said in words, a
//! paused country with why and Resume, the warning while every country is open, and the add
//! form refusing in the browser what cannot be a number, on its field, keeping what was typed.
#![cfg(target_arch = "wasm32")]

use latchkey::i18n::Language;
use latchkey::pages::{TextsAndCalls, check_safe_number, country_rows, proven_sends};
use latchkey_api::messaging::{
    CountryMessaging, MessagingOverview, MessagingPause, NewSafeNumber, SafeNumber,
};
use latchkey_api::types::Channel;
use leptos::prelude::*;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{HtmlElement, HtmlInputElement, HtmlSelectElement};

mod browser;
use browser::{description_of, find, mount_speaking, settle, type_into};

wasm_bindgen_test_configure!(run_in_browser);

/// A language with the console's own words, as the console has them once its part is open.
fn speak_console_in(language: Language) {
    let (main, console) = match language {
        Language::German => (
            include_str!("../locales/de.json"),
            include_str!("../locales/helpdesk/de.json"),
        ),
        _ => (
            include_str!("../locales/en.json"),
            include_str!("../locales/helpdesk/en.json"),
        ),
    };
    let both = format!(
        "{},{}",
        main.trim_end().strip_suffix('}').unwrap(),
        console.trim_start().strip_prefix('{').unwrap()
    );
    latchkey::i18n::use_catalogue(language, &both).unwrap();
}

fn speak_console() {
    speak_console_in(Language::English);
}

fn row(country: &str, channel: Channel, sent: u64, cap: u64) -> CountryMessaging {
    CountryMessaging {
        country: country.into(),
        channel,
        open: true,
        sent_today: sent,
        proven_today: sent / 2,
        spend_today: sent,
        cap,
        paused: None,
    }
}

/// Germany's texts paused (3 of 40 codes used), calls to the US over their cap, one safe number.
fn fixture(open_to_every_country: bool) -> MessagingOverview {
    let mut german_texts = row("DE", Channel::Sms, 40, 100);
    german_texts.paused = Some(MessagingPause {
        since: 1_796_000_000,
        sends: 40,
        proven_percent: 7,
    });
    let mut closed = row("FR", Channel::Voice, 0, 0);
    closed.open = false;
    MessagingOverview {
        day: 1_795_996_800,
        budget: 1000,
        spent: 120,
        open_to_every_country,
        countries: vec![
            row("US", Channel::Voice, 12, 10),
            row("US", Channel::Sms, 30, 200),
            german_texts,
            closed,
        ],
        safe_numbers: vec![SafeNumber {
            id: "s1".into(),
            number: "+4930901820".into(),
            note: "CEO".into(),
            added_at: 1_795_990_000,
            added_by: "vera".into(),
        }],
    }
}

fn mount_page(overview: MessagingOverview) -> HtmlElement {
    speak_console();
    mount_speaking(move || view! { <TextsAndCalls overview=overview/> })
}

#[wasm_bindgen_test]
fn rows_go_by_country_name_texts_first_each_with_what_its_cap_leaves() {
    speak_console();
    let rows = country_rows(&fixture(false).countries);
    let shown: Vec<(&str, &str, u64, &str)> = rows
        .iter()
        .map(|r| {
            (
                r.country.as_str(),
                r.channel.as_str(),
                r.left,
                r.state.as_str(),
            )
        })
        .collect();
    assert_eq!(
        shown,
        [
            ("France", "Calls", 0, "Closed"),
            ("Germany", "Texts", 60, "Paused"),
            ("United States", "Texts", 170, "Open"),
            // Over its cap (a decoy's sends count too): nothing left, never a wrapped number.
            ("United States", "Calls", 0, "Open"),
        ]
    );
}

#[wasm_bindgen_test]
fn countries_go_in_the_page_languages_order() {
    speak_console_in(Language::German);
    let rows = country_rows(&[
        row("PL", Channel::Sms, 1, 10),
        row("AT", Channel::Sms, 1, 10),
        row("NL", Channel::Sms, 1, 10),
    ]);
    let names: Vec<&str> = rows.iter().map(|r| r.country.as_str()).collect();
    // "Österreich" among the O's, not after the Z's.
    assert_eq!(names, ["Niederlande", "Österreich", "Polen"]);
    assert_eq!(rows[0].channel, "SMS");
}

#[wasm_bindgen_test]
fn a_pause_says_how_many_of_its_sends_were_proven() {
    let pause = |sends, proven_percent| MessagingPause {
        since: 0,
        sends,
        proven_percent,
    };
    assert_eq!(proven_sends(&pause(40, 7)), 3);
    assert_eq!(proven_sends(&pause(50, 19)), 10);
    assert_eq!(proven_sends(&pause(0, 0)), 0);
}

#[wasm_bindgen_test]
async fn the_page_shows_the_budget_the_figures_and_a_paused_country_with_resume() {
    let page = mount_page(fixture(false));
    settle().await;
    let meter: HtmlElement = find(&page, "meter#budget");
    assert_eq!(meter.get_attribute("value").as_deref(), Some("120"));
    assert_eq!(meter.get_attribute("max").as_deref(), Some("1000"));
    let said: HtmlElement = find(&page, "#budget-said");
    assert_eq!(
        said.text_content().as_deref(),
        Some("120 of 1000 cost units spent today, 880 left.")
    );
    let rows = page
        .query_selector_all(".messaging-figures tbody tr")
        .unwrap();
    assert_eq!(rows.length(), 4);
    // Each figure carries its heading for the stacked rows of a narrow screen.
    let left: HtmlElement = find(&page, ".messaging-figures tbody tr td[data-label='Left']");
    assert_eq!(left.text_content().as_deref(), Some("0"));
    let paused: HtmlElement = find(&page, ".paused li");
    let text = paused.text_content().unwrap();
    assert!(text.contains("Germany · Texts"), "{text}");
    assert!(text.contains("3 of 40 codes used"), "{text}");
    let resume: HtmlElement = find(&paused, "button");
    assert_eq!(
        resume.text_content().as_deref(),
        Some("Resume (Germany · Texts)")
    );
    let safe = page.text_content().unwrap();
    assert!(safe.contains("+4930901820"), "{safe}");
    assert!(safe.contains("Added by vera"), "{safe}");
    // Closed to the world by default: no warning.
    assert!(page.query_selector("#open-title").unwrap().is_none());
}

#[wasm_bindgen_test]
async fn open_to_every_country_warns_and_says_how_to_close_it() {
    let page = mount_page(fixture(true));
    settle().await;
    let warning: HtmlElement = find(&page, ".warning[role=note]");
    let text = warning.text_content().unwrap();
    assert!(text.contains("may go to every country"), "{text}");
    assert!(text.contains("default_country"), "{text}");
    assert!(text.contains("sms_countries and voice_countries"), "{text}");
}

#[wasm_bindgen_test]
fn a_safe_number_is_checked_for_its_country_and_its_note_is_one_line() {
    speak_console();
    let new = |country: &str, number: &str, note: &str| NewSafeNumber {
        country: country.into(),
        number: number.into(),
        note: note.into(),
    };
    assert_eq!(
        check_safe_number(&new("DE", "030 901820", "CEO")),
        Vec::new()
    );
    assert_eq!(check_safe_number(&new("US", "555 01", "")).len(), 1);
    let refused = check_safe_number(&new("US", "", "one\ntwo"));
    let fields: Vec<&str> = refused.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(fields, ["number", "note"]);
}

#[wasm_bindgen_test]
async fn the_add_form_refuses_a_number_too_short_on_its_field_and_keeps_it() {
    let page = mount_page(fixture(false));
    settle().await;
    let select: HtmlSelectElement = find(&page, "#country");
    select.set_value("US");
    select
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    type_into(&page, "number", "555 01");
    type_into(&page, "note", "Front desk");
    find::<HtmlElement>(&page, ".add-safe-number button[type=submit]").click();
    settle().await;
    let number: HtmlInputElement = find(&page, "#number");
    assert_eq!(
        number.get_attribute("aria-invalid").as_deref(),
        Some("true")
    );
    assert!(description_of(&page, "number").is_some_and(|d| !d.is_empty()));
    assert_eq!(number.value(), "555 01");
    assert_eq!(
        find::<HtmlInputElement>(&page, "#note").value(),
        "Front desk"
    );
    // Nothing was added.
    assert_eq!(
        page.query_selector_all("section[aria-labelledby=safe-title] > ul > li")
            .unwrap()
            .length(),
        1
    );
}
