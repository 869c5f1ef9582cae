//! `/signin`: "Sign in with your Contoso account" — and, at `/signin?pass`, with a Temporary
//! Access Pass that IT support read out, which opens security info only.

use latchkey_api::ErrorCode;
use latchkey_api::types::SignInRequest;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::after_sign_in::after_sign_in;
use super::title::set_title;
use crate::api::{self, Failure};
use crate::components::SignInForm;
use crate::context::AppContext;
use crate::i18n::{t, tr};
use crate::route::{self, use_address};
use crate::{page_parts, parts};

#[component]
pub fn SignInPage() -> impl IntoView {
    set_title(&t("sign_in.title"));
    // Where people go from here: their security info, or resetting a forgotten password.
    parts::fetch_when_idle(page_parts::fetch_security_info);
    parts::fetch_when_idle(page_parts::fetch_reset);
    let context = expect_context::<AppContext>();
    let address = use_address();
    let with_pass = move || address.query("pass").is_some();
    // A plain task, not an action: an action would bring its machinery into the main module,
    // which every first load downloads.
    let pending = RwSignal::new(false);
    let failure = RwSignal::new(None::<Failure>);
    let sign_in = move |form: SignInRequest, with_pass: bool| {
        pending.set(true);
        spawn_local(async move {
            let answer = if with_pass {
                api::sign_in_with_access_pass(&form).await
            } else {
                api::sign_in(&form).await
            };
            pending.set(false);
            match answer {
                Ok(me) => {
                    context.me.set(Some(me));
                    let next = address.query_untracked("next");
                    route::navigate(&after_sign_in(next.as_deref()));
                }
                // The right password, which the directory wants changed first.
                Err(failure) if failure.is(ErrorCode::PasswordExpired) => {
                    context.expired.set(Some((form.username, form.password)));
                    route::navigate("/change-password");
                }
                Err(refused) => failure.set(Some(refused)),
            }
        });
    };
    let refusal = Signal::derive(move || match failure.get() {
        None | Some(Failure::Invalid(_)) => None,
        Some(other) => Some(other.message()),
    });
    let server_fields = Signal::derive(move || match failure.get() {
        Some(Failure::Invalid(fields)) => fields,
        _ => Vec::new(),
    });
    let organisation = context
        .organisation_name()
        .map(|name| tr("sign_in.with_organisation", &[("organisation", &name)]))
        .unwrap_or_else(|| t("sign_in.with_work_account"));
    view! {
        <div class="card">
            <h1>{t("sign_in.title")}</h1>
            <p class="lead">{organisation}</p>
            {context.settings().and_then(|c| c.sign_in_message).map(|message| view! {
                <p class="notice sign-in-message">{message}</p>
            })}
            {move || {
                let access_pass = with_pass();
                view! {
                    <SignInForm
                        on_submit=Callback::new(move |form| sign_in(form, access_pass))
                        pending=pending
                        refusal=refusal
                        server_fields=server_fields
                        access_pass=access_pass
                    />
                    <p class="other-way">
                        {if access_pass {
                            view! { <a href="/signin">{t("sign_in.with_password")}</a> }
                        } else {
                            view! { <a href="/signin?pass">{t("sign_in.with_pass")}</a> }
                        }}
                    </p>
                }
            }}
        </div>
    }
}
