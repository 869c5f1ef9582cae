//! `/change-password`: the signed-in person changes their password — the current one, the new
//! one twice, the live requirements (the directory's own rules when it has them) — and is told
//! "Your password has been changed". Signed out, it sends them to sign in and back here. After a
//! sign-in found the password expired, it changes that one instead and signs the person in.

use leptos::prelude::*;

use super::after_sign_in::after_sign_in;
use super::new_password::{ChooseNewPassword, Purpose};
use super::title::set_title;
use crate::api::{self, Failure};
use crate::context::AppContext;
use crate::i18n::{t, tr};
use crate::route;

/// Where this page lives (for signing in and coming back).
const PATH: &str = "/change-password";

#[component]
pub fn ChangePasswordPage() -> impl IntoView {
    let context = expect_context::<AppContext>();
    match context.expired.get_untracked() {
        Some((username, _)) => view! { <ExpiredPassword username=username/> }.into_any(),
        None => view! { <ChangeOwnPassword/> }.into_any(),
    }
}

/// "Your password has expired": a new password (sign-in proved the current one), then on to
/// security info, signed in. Nothing here needs a session.
#[component]
fn ExpiredPassword(username: String) -> impl IntoView {
    set_title(&t("expired.title"));
    let context = expect_context::<AppContext>();
    // The proven password is kept no longer than this page.
    on_cleanup(move || context.expired.set(None));
    view! {
        <div class="card">
            <h1>{t("expired.title")}</h1>
            <p class="lead">{tr("expired.lead", &[("username", &username)])}</p>
            <ChooseNewPassword
                purpose=Purpose::Expired
                on_done=Callback::new(move |()| route::navigate(&after_sign_in(None)))
                ends=Callback::new(|_: Failure| false)
            />
        </div>
    }
}

#[component]
fn ChangeOwnPassword() -> impl IntoView {
    set_title(&t("change_password.title"));
    let context = expect_context::<AppContext>();
    let signed_in = LocalResource::new(api::me);
    let to_sign_in = move || route::navigate(&format!("/signin?next={PATH}"));
    Effect::new(move || match signed_in.get() {
        Some(Ok(me)) => context.me.set(Some(me)),
        Some(Err(Failure::SignedOut)) => {
            context.me.set(None);
            to_sign_in();
        }
        _ => {}
    });
    let done = RwSignal::new(false);
    view! {
        <div class="card">
            <h1>{t("change_password.title")}</h1>
            {move || match (signed_in.get(), done.get()) {
                (_, true) => view! {
                    <p class="success" role="status">{t("change_password.done")}</p>
                    <p><a href="/security-info">{t("change_password.back")}</a></p>
                }.into_any(),
                (Some(Ok(_)), false) => view! {
                    <ChooseNewPassword
                        purpose=Purpose::Change
                        on_done=Callback::new(move |()| done.set(true))
                        ends={
                            Callback::new(move |failure: Failure| {
                                let ended = matches!(failure, Failure::SignedOut);
                                if ended {
                                    to_sign_in();
                                }
                                ended
                            })
                        }
                    />
                }.into_any(),
                (Some(Err(failure)), false) => view! {
                    <p role="alert">{failure.message()}</p>
                }.into_any(),
                (None, false) => view! {
                    <p class="loading" role="status">{t("security_info.loading")}</p>
                }.into_any(),
            }}
        </div>
    }
}
