//! The language picker in the footer: every language by its own name. A choice redraws the
//! page in it, is remembered in this browser and, for someone signed in, kept with their account
//! for the emails and texts Latchkey sends them — and followed by their other browsers.

use latchkey_api::{LANGUAGES, Language};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api;
use crate::context::AppContext;
use crate::i18n::{self, t};

#[component]
pub fn LanguagePicker() -> impl IntoView {
    let context = expect_context::<AppContext>();
    let failed = RwSignal::new(false);
    // Once someone is signed in, their account and this browser agree on the language.
    Effect::new(move || {
        let Some(me) = context.me.get() else { return };
        match (i18n::picked_language(), me.language) {
            // Picked here (before signing in, or the account could not be told then).
            (Some(picked), kept) if kept != Some(picked) => spawn_local(async move {
                if api::set_language(picked).await.is_ok() {
                    context.me.update(|me| {
                        if let Some(me) = me {
                            me.language = Some(picked);
                        }
                    });
                }
            }),
            // Picked on another device: this browser follows.
            (None, Some(kept)) if kept != i18n::language() => spawn_local(async move {
                if i18n::choose_language(kept).await {
                    context.language.set(kept);
                }
            }),
            _ => {}
        }
    });
    let choose = move |event: web_sys::Event| {
        let Some(language) = Language::from_tag(&event_target_value(&event)) else {
            return;
        };
        spawn_local(async move {
            if i18n::choose_language(language).await {
                context.language.set(language);
            } else {
                failed.set(true);
            }
        });
    };
    view! {
        <div class="language-picker">
            <label for="language">{t("footer.language")}</label>
            <select id="language" on:change=choose>
                {LANGUAGES.map(|language| view! {
                    <option value=language.code() lang=language.code() selected=language == i18n::language()>
                        {language.own_name()}
                    </option>
                }).collect_view()}
            </select>
            <p class="field-message" role="alert" hidden=move || !failed.get()>
                {t("footer.language_failed")}
            </p>
        </div>
    }
}
