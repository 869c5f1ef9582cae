//! `/signin`: "Sign in with your Contoso account".

use latchkey_api::ErrorCode;
use latchkey_api::types::SignInRequest;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

use super::{after_sign_in, set_title};
use crate::api::{self, Failure};
use crate::app::AppContext;
use crate::components::SignInForm;
use crate::i18n::{t, tr};

#[component]
pub fn SignInPage() -> impl IntoView {
    set_title(&t("sign_in.title"));
    let context = expect_context::<AppContext>();
    let navigate = use_navigate();
    let query = use_query_map();
    let sign_in = Action::new_local(|form: &SignInRequest| {
        let form = form.clone();
        async move { (form.clone(), api::sign_in(&form).await) }
    });
    Effect::new(move || match sign_in.value().get() {
        Some((_, Ok(me))) => {
            context.me.set(Some(me));
            let next = query.with_untracked(|q| q.get("next"));
            navigate(&after_sign_in(next.as_deref()), Default::default());
        }
        // The right password, which the directory wants changed first.
        Some((form, Err(failure))) if failure.is(ErrorCode::PasswordExpired) => {
            context.expired.set(Some((form.username, form.password)));
            navigate("/change-password", Default::default());
        }
        _ => {}
    });
    let failure = move || sign_in.value().get().and_then(|(_, result)| result.err());
    let refusal = Signal::derive(move || match failure() {
        None | Some(Failure::Invalid(_)) => None,
        Some(other) => Some(other.message()),
    });
    let server_fields = Signal::derive(move || match failure() {
        Some(Failure::Invalid(fields)) => fields,
        _ => Vec::new(),
    });
    let organisation = move || {
        context
            .organisation_name()
            .map(|name| tr("sign_in.with_organisation", &[("organisation", &name)]))
            .unwrap_or_else(|| t("sign_in.with_work_account"))
    };
    view! {
        <div class="card">
            <h1>{t("sign_in.title")}</h1>
            <p class="lead">{organisation}</p>
            {move || context.settings().and_then(|c| c.sign_in_message).map(|message| view! {
                <p class="notice sign-in-message">{message}</p>
            })}
            <SignInForm
                on_submit=Callback::new(move |form| {
                    sign_in.dispatch(form);
                })
                pending=sign_in.pending()
                refusal=refusal
                server_fields=server_fields
            />
        </div>
    }
}
