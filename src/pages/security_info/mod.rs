//! `/security-info` (and `/`): the methods that prove who you are — verifying first when a
//! password alone signed in — and adding or deleting them.

mod add_app;
mod add_method;
mod add_passkey;
mod default_method;
mod delete_method;
mod method_list;
mod recovery_codes;
mod review;
mod sign_out_everywhere;
pub(super) mod verify;

use latchkey_api::ErrorCode;
use latchkey_api::types::{Channel, DefaultMethod, MethodInfo, MethodKind, SecurityInfo};
use leptos::prelude::*;

use super::title::set_title;
use crate::api::{self, Failure};
use crate::context::AppContext;
use crate::i18n::{t, tr, way_to};
use crate::parts::{Part, fetch_when_idle, part};
use add_method::AddMethod;
use default_method::{ChangeDefaultMethod, Way};
use delete_method::DeleteMethod;
use method_list::MethodList;
use review::Review;
use sign_out_everywhere::SignOutEverywhere;
pub use verify::VerifyIdentity;

#[component]
pub fn SecurityInfoPage() -> impl IntoView {
    set_title(&t("security_info.title"));
    let context = expect_context::<AppContext>();
    let address = crate::route::use_address();
    // One request for the whole page; it says who is signed in too.
    let info = LocalResource::new(api::security_info);
    Effect::new(move || match info.get() {
        Some(Err(Failure::SignedOut)) => {
            context.me.set(None);
            let here = address.path_untracked();
            crate::route::navigate(&format!("/signin?next={here}"));
        }
        Some(Ok(loaded)) => context.me.set(Some(loaded.me)),
        // Verifying first: the header still needs to know who is signed in.
        Some(Err(failure))
            if failure.is(ErrorCode::VerificationRequired)
                && context.me.get_untracked().is_none() =>
        {
            leptos::task::spawn_local(async move {
                if let Ok(me) = api::me().await {
                    context.me.set(Some(me));
                }
            });
        }
        _ => {}
    });
    let refresh = Callback::new(move |()| info.refetch());
    // "Looks good" or "Change" answers the review for this visit.
    let reviewing_done = RwSignal::new(false);
    view! {
        <div class="card">
            {move || match info.get() {
                None => view! {
                    <h1>{t("security_info.title")}</h1>
                    <p class="loading" role="status">{t("security_info.loading")}</p>
                }.into_any(),
                Some(Ok(loaded)) if loaded.review_due && !reviewing_done.get() => {
                    set_title(&t("review.page_title"));
                    view! {
                        <Review info=loaded on_done=Callback::new(move |confirmed: bool| {
                            set_title(&t("security_info.title"));
                            reviewing_done.set(true);
                            if confirmed {
                                info.refetch();
                            }
                        })/>
                    }.into_any()
                }
                Some(Ok(loaded)) => view! { <Methods info=loaded on_changed=refresh/> }.into_any(),
                Some(Err(failure)) if failure.is(ErrorCode::VerificationRequired) => {
                    set_title(&t("verify.title"));
                    view! {
                        <h1>{t("verify.title")}</h1>
                        <p class="lead">{t("verify.lead")}</p>
                        <Part load=move || verify(Callback::new(move |()| {
                            set_title(&t("security_info.title"));
                            info.refetch();
                        }))/>
                    }.into_any()
                }
                Some(Err(Failure::SignedOut)) => view! {
                    <h1>{t("security_info.title")}</h1>
                    <p role="status">{t("security_info.to_sign_in")}</p>
                }.into_any(),
                Some(Err(failure)) => view! {
                    <h1>{t("security_info.title")}</h1>
                    <p role="alert">{failure.message()}</p>
                    <button type="button" class="button" on:click=move |_| info.refetch()>{t("action.try_again")}</button>
                }.into_any(),
            }}
        </div>
    }
}

/// "You're set up…" or how many more methods password reset needs: each kind counts once, as
/// a reset takes a different kind for each step.
fn status_line(info: &SecurityInfo) -> String {
    let mut kinds: Vec<MethodKind> = info.methods.iter().map(|m| m.kind).collect();
    kinds.sort_by_key(|kind| *kind as u8);
    kinds.dedup();
    let have = kinds.len() as u32;
    match info.methods_required.saturating_sub(have) {
        0 => t("security_info.set_up"),
        1 if have == 0 => t("security_info.add_first"),
        1 => t("security_info.add_one_more"),
        missing => tr("security_info.add_more", &[("count", &missing.to_string())]),
    }
}

/// Every way to verify, method by channel, as the default-method dialog lists them: apps and
/// passkeys once each (any of them will do), and never recovery codes (a last resort); a phone's
/// channel that can't reach it now says why.
fn ways(info: &SecurityInfo) -> Vec<Way> {
    let mut seen = Vec::new();
    info.methods
        .iter()
        .filter(|method| {
            let first = !seen.contains(&method.kind);
            seen.push(method.kind);
            first && method.kind != MethodKind::RecoveryCodes
        })
        .flat_map(|method| {
            method.kind.channels().iter().map(|&channel| {
                let way = DefaultMethod {
                    method_id: method.id.clone(),
                    channel,
                };
                let unavailable = match channel {
                    Channel::Sms => method.texts_unavailable.as_ref(),
                    Channel::Voice => method.calls_unavailable.as_ref(),
                    _ => None,
                };
                let why = unavailable.map(|why| crate::unavailable::reason(channel, why));
                (way, way_to(channel, &method.detail), why)
            })
        })
        .collect()
}

part! {
    /// Proving who you are when a password alone signed in: most visits need not download it.
    verify(on_verified: Callback<()>) in verify => view! { <VerifyIdentity on_verified/> }
}

// The page's dialogs share a part, downloaded once the methods are shown.
part! {
    /// "Add sign-in method", or changing the phone, email or app already there.
    add_method(
        open: RwSignal<bool>,
        changing: RwSignal<Option<MethodKind>>,
        has_recovery_codes: bool,
        on_added: Callback<()>
    ), fetch_dialogs in dialogs => view! { <AddMethod open changing has_recovery_codes on_added/> }
}
part! {
    /// Choosing the default way to verify.
    change_default_method(
        open: RwSignal<bool>,
        ways: Vec<Way>,
        current: Option<DefaultMethod>,
        on_changed: Callback<()>
    ) in dialogs => view! { <ChangeDefaultMethod open ways current on_changed/> }
}
part! {
    /// "Delete this method?"
    delete_method(
        method: RwSignal<Option<MethodInfo>>,
        is_last: bool,
        on_deleted: Callback<()>
    ) in dialogs => view! { <DeleteMethod method is_last=Signal::derive(move || is_last) on_deleted/> }
}

#[component]
fn Methods(info: SecurityInfo, on_changed: Callback<()>) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let adding = RwSignal::new(false);
    // The kind being changed, or `None` when adding a new method.
    let changing = RwSignal::new(None::<MethodKind>);
    let choosing_default = RwSignal::new(false);
    let deleting = RwSignal::new(None::<MethodInfo>);
    let is_last = info.methods.len() == 1;
    let greeting = move || {
        context
            .me
            .get()
            .map(|me| {
                tr(
                    "security_info.greeting_named",
                    &[("name", &me.display_name)],
                )
            })
            .unwrap_or_else(|| t("security_info.greeting"))
    };
    let access_pass_until = move || context.me.get().and_then(|me| me.access_pass_until);
    let empty = info.methods.is_empty();
    let has_recovery_codes = info
        .methods
        .iter()
        .any(|m| m.kind == MethodKind::RecoveryCodes);
    let ways = ways(&info);
    let current = info.default_method.clone();
    let default_label = info.default_method.as_ref().and_then(|chosen| {
        ways.iter()
            .find(|(way, _, _)| way == chosen)
            .map(|(_, label, _)| label.clone())
    });
    fetch_when_idle(fetch_dialogs);
    view! {
        <h1>{t("security_info.title")}</h1>
        <p class="lead">{greeting}</p>
        {move || access_pass_until().map(|until| view! {
            <p class="notice" role="status">
                {tr("security_info.access_pass", &[("time", &crate::dates::moment(until))])}
            </p>
        })}
        <p class="status" class:status-done=!empty>{status_line(&info)}</p>
        {default_label.map(|label| view! {
            <div class="default-method">
                <p id="default-method-label">
                    {t("security_info.default_method")} " " <strong>{label}</strong>
                </p>
                <button
                    type="button"
                    class="button button-secondary"
                    aria-describedby="default-method-label"
                    on:click=move |_| choosing_default.set(true)
                >
                    {t("action.change")}
                </button>
            </div>
        })}
        <div class="actions">
            <button
                type="button"
                class="button"
                on:click=move |_| {
                    changing.set(None);
                    adding.set(true);
                }
            >
                {t("security_info.add_method")}
            </button>
        </div>
        {if empty {
            view! {
                <p class="empty">
                    {t("security_info.empty")}
                </p>
            }.into_any()
        } else {
            view! {
                <MethodList
                    methods=info.methods.clone()
                    on_change=Callback::new(move |kind| {
                        changing.set(Some(kind));
                        adding.set(true);
                    })
                    on_delete=Callback::new(move |method| deleting.set(Some(method)))
                />
            }.into_any()
        }}
        // A Temporary Access Pass opens security info only: not the password, nor the devices.
        {move || access_pass_until().is_none().then(|| view! {
            <h2>{t("password_section.heading")}</h2>
            {context.me.get().and_then(|me| me.password_changed_at).map(|changed| view! {
                <p class="method-meta">
                    {tr("password_section.changed", &[("day", &crate::dates::day(changed))])}
                </p>
            })}
            <p id="password-explain">{t("password_section.explain")}</p>
            <a class="button button-secondary" href="/change-password" aria-describedby="password-explain">
                {t("change_password.button")}
            </a>
            <SignOutEverywhere/>
        })}
        <Part
            load=move || add_method(adding, changing, has_recovery_codes, on_changed)
            after=adding
        />
        <Part
            load=move || change_default_method(choosing_default, ways.clone(), current.clone(), on_changed)
            after=choosing_default
        />
        <Part
            load=move || delete_method(deleting, is_last, on_changed)
            after=Signal::derive(move || deleting.with(Option::is_some))
        />
    }
}
