//! Country and region names in the page's language, from the browser (`Intl.DisplayNames`),
//! so no name table ships in the WASM; and the region to preselect, from the browser's language.

use latchkey_api::countries::{COUNTRIES, Country};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = Intl, js_name = DisplayNames)]
    type DisplayNames;

    #[wasm_bindgen(constructor, js_namespace = Intl, js_class = "DisplayNames", catch)]
    fn new(locales: &JsValue, options: &JsValue) -> Result<DisplayNames, JsValue>;

    #[wasm_bindgen(method, catch)]
    fn of(this: &DisplayNames, code: &str) -> Result<JsValue, JsValue>;
}

/// The browser's names of regions in the page's language, if it has them.
fn region_names(language: &JsValue) -> Option<DisplayNames> {
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"type".into(), &"region".into());
    DisplayNames::new(language, &options).ok()
}

/// `region`'s name by `names`, else its code.
fn name_by(names: Option<&DisplayNames>, region: &str) -> String {
    names
        .and_then(|n| n.of(region).ok())
        .and_then(|value| value.as_string())
        .unwrap_or_else(|| region.to_string())
}

/// A country's name in the page's language ("DE" → "Germany", "Deutschland"…).
pub fn country_name(region: &str) -> String {
    let language = JsValue::from_str(crate::i18n::language().code());
    name_by(region_names(&language).as_ref(), region)
}

/// Every country with its display label ("United States (+1)"), sorted by name.
pub fn labelled_countries() -> Vec<(&'static Country, String)> {
    let language = JsValue::from_str(crate::i18n::language().code());
    let names = region_names(&language);
    let mut list: Vec<(&'static Country, String)> = COUNTRIES
        .iter()
        .map(|country| {
            let name = name_by(names.as_ref(), country.region);
            (country, format!("{name} (+{})", country.calling_code))
        })
        .collect();
    // In the language's own order ("Österreich" among the O's in German), by `Intl.Collator`.
    let collator =
        js_sys::Intl::Collator::new(&js_sys::Array::of1(&language), &js_sys::Object::new());
    let compare = collator.compare();
    list.sort_by(|(_, a), (_, b)| {
        compare
            .call2(&JsValue::NULL, &a.into(), &b.into())
            .ok()
            .and_then(|order| order.as_f64())
            .map_or(std::cmp::Ordering::Equal, |order| order.total_cmp(&0.0))
    });
    list
}

/// The region of the browser's language ("en-GB" → "GB"), if it is one we know; else "US".
/// The region to preselect: the organisation's `configured` one, else the browser language's.
pub fn default_region(configured: Option<&str>) -> &'static str {
    if let Some(country) = configured.and_then(latchkey_api::countries::find) {
        return country.region;
    }
    let language = web_sys::window()
        .and_then(|window| window.navigator().language())
        .unwrap_or_default();
    language
        .rsplit(['-', '_'])
        .next()
        .filter(|_| language.contains(['-', '_']))
        .and_then(latchkey_api::countries::find)
        .map_or("US", |country| country.region)
}
