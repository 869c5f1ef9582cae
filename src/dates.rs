//! Dates, times and waits in the person's language and format, by the browser's `Intl`
//! (nothing to download). Outside a browser (native tests) there is no `Intl`, and these give
//! `None` or "".

/// Options for an `Intl` formatter, from `(name, value)` pairs.
#[cfg(target_arch = "wasm32")]
fn options(pairs: &[(&str, &str)]) -> js_sys::Object {
    let options = js_sys::Object::new();
    for (name, value) in pairs {
        let _ = js_sys::Reflect::set(&options, &(*name).into(), &(*value).into());
    }
    options
}

/// The page's language, as `Intl` takes it.
#[cfg(target_arch = "wasm32")]
fn locales() -> js_sys::Array {
    js_sys::Array::of1(&crate::i18n::language().code().into())
}

/// The moment `at` gives (milliseconds since the epoch) as the browser writes it, with the
/// `Intl.DateTimeFormat` options in `style` (`dateStyle`, `timeStyle`, `timeZone`).
fn formatted(at: impl FnOnce() -> f64, style: &[(&str, &str)]) -> Option<String> {
    #[cfg(target_arch = "wasm32")]
    {
        let at = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(at()));
        let locale = crate::i18n::language().code();
        Some(at.to_locale_string(locale, &options(style)).into())
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = (at, style);
        None
    }
}

/// The date, written "Nov 27, 2026".
const DATE: (&str, &str) = ("dateStyle", "medium");
/// The time, written "2:01 PM".
const TIME: (&str, &str) = ("timeStyle", "short");

/// The local time `seconds` from now: "14:32", with the date when it is over an hour away.
pub fn time_after(seconds: u32) -> Option<String> {
    let later = move || js_sys::Date::now() + f64::from(seconds) * 1000.0;
    let style: &[_] = if seconds >= 3600 {
        &[DATE, TIME]
    } else {
        &[TIME]
    };
    formatted(later, style)
}

/// The day of a server timestamp that starts a UTC day (the reports' days and weeks), whatever
/// the browser's time zone: "Nov 27, 2026".
pub fn utc_day(seconds: i64) -> String {
    formatted(
        move || seconds as f64 * 1000.0,
        &[DATE, ("timeZone", "UTC")],
    )
    .unwrap_or_default()
}

/// The UTC day of a server timestamp as a machine reads it: "2026-11-27" (for CSV files).
pub fn iso_day(seconds: i64) -> String {
    let day = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(seconds as f64 * 1000.0));
    String::from(day.to_iso_string()).chars().take(10).collect()
}

/// The day of a server timestamp (seconds since the epoch): "Nov 27, 2026".
pub fn day(seconds: i64) -> String {
    formatted(move || seconds as f64 * 1000.0, &[DATE]).unwrap_or_default()
}

/// A wait in the largest whole unit that fits, rounded up: "45 seconds", "2 minutes",
/// "24 hours" (in the page's language).
pub fn wait_in_words(seconds: u32) -> String {
    let (count, unit) = match seconds {
        0..60 => (seconds.max(1), "second"),
        60..3600 => (seconds.div_ceil(60), "minute"),
        _ => (seconds.div_ceil(3600), "hour"),
    };
    #[cfg(target_arch = "wasm32")]
    {
        let style = [("style", "unit"), ("unit", unit), ("unitDisplay", "long")];
        let format = js_sys::Intl::NumberFormat::new(&locales(), &options(&style));
        format
            .format()
            .call1(&format, &count.into())
            .ok()
            .and_then(|text| text.as_string())
            .unwrap_or_default()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = (count, unit);
        String::new()
    }
}

/// The day and time of a server timestamp: "Nov 27, 2026, 2:01 PM".
pub fn moment(seconds: i64) -> String {
    formatted(move || seconds as f64 * 1000.0, &[DATE, TIME]).unwrap_or_default()
}
