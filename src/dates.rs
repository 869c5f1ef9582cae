//! Dates and times in the person's own format, by the browser's `Intl` (nothing to download).
//! Outside a browser (native tests) there is no `Intl`, and these give `None` or "".

/// The moment `at` gives (milliseconds since the epoch) as the browser writes it: the date
/// ("Nov 27, 2026") when `with_date`, and the time ("2:01 AM") when `with_time`.
fn formatted(at: impl FnOnce() -> f64, with_date: bool, with_time: bool) -> Option<String> {
    #[cfg(target_arch = "wasm32")]
    {
        use wasm_bindgen::JsValue;
        let at = js_sys::Date::new(&JsValue::from_f64(at()));
        let options = js_sys::Object::new();
        let set = |key: &str, value: &str| {
            js_sys::Reflect::set(&options, &key.into(), &value.into()).is_ok()
        };
        if with_date {
            set("dateStyle", "medium");
        }
        if with_time {
            set("timeStyle", "short");
        }
        Some(at.to_locale_string("default", &options).into())
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = (at, with_date, with_time);
        None
    }
}

/// The local time `seconds` from now: "14:32", with the date when it is over an hour away.
pub fn time_after(seconds: u32) -> Option<String> {
    let later = move || js_sys::Date::now() + f64::from(seconds) * 1000.0;
    formatted(later, seconds >= 3600, true)
}

/// The day of a server timestamp (seconds since the epoch): "Nov 27, 2026".
pub fn day(seconds: i64) -> String {
    formatted(move || seconds as f64 * 1000.0, true, false).unwrap_or_default()
}
