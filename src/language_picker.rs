//! The language picker in the footer: every language by its own name. A choice redraws the
//! page in it, is remembered in this browser and, for someone signed in, kept with their account
//! for the emails, texts and calls Latchkey sends them.

use latchkey_api::{LANGUAGES, Language};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api;
use crate::app::AppContext;
use crate::i18n::{self, t};

#[component]
pub fn LanguagePicker() -> impl IntoView {
    let context = expect_context::<AppContext>();
    let failed = RwSignal::new(false);
    // A choice made before signing in (or not saved then) is kept once someone is signed in.
    Effect::new(move || {
        let picked = i18n::picked_language();
        if let Some(me) = context.me.get()
            && picked.is_some()
            && me.language != picked
            && let Some(language) = picked
        {
            spawn_local(async move {
                if api::set_language(language).await.is_ok() {
                    context.me.update(|me| {
                        if let Some(me) = me {
                            me.language = Some(language);
                        }
                    });
                }
            });
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
