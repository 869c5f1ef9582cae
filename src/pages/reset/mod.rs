//! `/reset`: t("reset.title"). The name (after a proof-of-work check that runs by
//! itself), one or two verifications with different methods, the new password, then "Your
//! password has been reset". No session is created.

mod choose;
mod name;
mod progress;
mod puzzle;
mod unlock;

use latchkey_api::types::{Challenge, ResetStage, ResetStatus};
use leptos::prelude::*;

use super::new_password::{ChooseNewPassword, Purpose};
use super::proof::ChallengeStep;
use super::title::set_title;
use crate::api::{Failure, Flow, Proven};
use crate::i18n::t;
use crate::parts::{Part, fetch_when_idle, part};
use choose::ChooseMethod;
use name::EnterName;
use progress::{is_expired, progress};
use unlock::UnlockInstead;

/// Where the person is in the reset.
#[derive(Clone, PartialEq)]
pub enum Step {
    Name,
    Choose(ResetStatus),
    Prove(ResetStatus, Challenge),
    NewPassword,
    Done,
    /// Unlocked, the password kept.
    Unlocked,
    /// The reset expired or was finished elsewhere.
    Expired,
}

impl Step {
    /// The next step after the server's answer.
    fn after(status: ResetStatus) -> Self {
        match status.stage {
            ResetStage::NewPassword => Self::NewPassword,
            ResetStage::Verify => Self::Choose(status),
        }
    }
}

// After the name, each stage is a part of its own: a person who never gets past the name (or
// the page) downloads neither, and each is fetched in idle time while the one before is shown.
part! {
    /// Choosing a method to verify with.
    choose_method(step: RwSignal<Step>, status: ResetStatus, expired: Callback<()>), fetch_proof in proof => view! {
        <ChooseMethod
            status=status.clone()
            on_sent=Callback::new(move |challenge| step.set(Step::Prove(status.clone(), challenge)))
            on_expired=expired
        />
    }
}
part! {
    /// Verifying with the method chosen.
    prove(step: RwSignal<Step>, status: ResetStatus, challenge: Challenge) in proof => view! {
        <p class="progress">{progress(&status)}</p>
        <ChallengeStep
            challenge=challenge
            flow=Flow::Reset
            on_passed=Callback::new(move |proven| {
                if let Proven::Reset(next) = proven {
                    step.set(Step::after(next));
                }
            })
        />
    }
}
part! {
    /// The new password, or unlocking the account instead.
    new_password(step: RwSignal<Step>, expired: Callback<()>), fetch_new_password in new_password => {
        let ends = Callback::new(move |failure: Failure| {
            let over = is_expired(&failure);
            if over {
                expired.run(());
            }
            over
        });
        view! {
            <ChooseNewPassword
                purpose=Purpose::Reset
                on_done=Callback::new(move |()| step.set(Step::Done))
                ends=ends
            />
            <UnlockInstead on_done=Callback::new(move |()| step.set(Step::Unlocked)) ends=ends/>
        }
    }
}

#[component]
pub fn ResetPage() -> impl IntoView {
    set_title(&t("reset.title"));
    let step = RwSignal::new(Step::Name);
    let expired = Callback::new(move |()| step.set(Step::Expired));
    view! {
        <div class="card">
            <h1>{t("reset.title")}</h1>
            {move || match step.get() {
                Step::Name => {
                    fetch_when_idle(fetch_proof);
                    view! {
                        <EnterName on_started=Callback::new(move |status| step.set(Step::after(status)))/>
                    }.into_any()
                }
                Step::Choose(status) => {
                    fetch_when_idle(fetch_new_password);
                    view! {
                        <Part load=move || choose_method(step, status.clone(), expired)/>
                    }.into_any()
                }
                Step::Prove(status, challenge) => view! {
                    <Part load=move || prove(step, status.clone(), challenge.clone())/>
                }.into_any(),
                Step::NewPassword => view! {
                    <Part load=move || new_password(step, expired)/>
                }.into_any(),
                Step::Done => view! {
                    <p class="success" role="status">{t("reset.done")}</p>
                    <p>{t("reset.done_explain")}</p>
                    <div class="actions"><a class="button" href="/signin">{t("sign_in.button")}</a></div>
                }.into_any(),
                Step::Unlocked => view! {
                    <p class="success" role="status">{t("reset.unlocked")}</p>
                    <p>{t("reset.unlocked_explain")}</p>
                    <div class="actions"><a class="button" href="/signin">{t("sign_in.button")}</a></div>
                }.into_any(),
                Step::Expired => view! {
                    <p class="warning" role="alert">
                        {t("reset.expired")}
                    </p>
                    <div class="actions">
                        <button type="button" class="button" on:click=move |_| step.set(Step::Name)>{t("reset.start_again")}</button>
                    </div>
                }.into_any(),
            }}
        </div>
    }
}
