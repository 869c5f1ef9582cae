//! The first step: the username, and the proof-of-work check that runs by itself meanwhile.

use latchkey_api::Problem as Refusal;
use latchkey_api::types::{ResetStart, ResetStatus};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::puzzle::solve;
use crate::api::{self, Failure};
use crate::components::{ErrorSummary, FormErrors, TextField};
use crate::i18n::{refusal, t};
use crate::pages::proof::describe;

/// A solved puzzle, ready to send.
#[derive(Clone)]
struct Solved {
    puzzle: String,
    solution: u64,
}

#[component]
pub fn EnterName(#[prop(into)] on_started: Callback<ResetStatus>) -> impl IntoView {
    let username = RwSignal::new(String::new());
    let solved = RwSignal::new(None::<Solved>);
    let check_failed = RwSignal::new(None::<String>);
    let errors = FormErrors::new();
    // {t("action.next")} before the check finished waits for it, then goes on by itself.
    let waiting = RwSignal::new(false);
    let run_check = move || {
        solved.set(None);
        check_failed.set(None);
        spawn_local(async move {
            match api::reset_puzzle().await {
                Ok(puzzle) => {
                    let solution = solve(&puzzle).await;
                    solved.set(Some(Solved {
                        puzzle: puzzle.puzzle,
                        solution,
                    }));
                }
                Err(failure) => check_failed.set(Some(failure.message())),
            }
        });
    };
    run_check();
    let start = Action::new_local(|request: &ResetStart| {
        let request = request.clone();
        async move { api::start_reset(&request).await }
    });
    Effect::new(move || {
        if waiting.get()
            && let Some(ready) = solved.get()
        {
            waiting.set(false);
            start.dispatch(ResetStart {
                username: username.get_untracked().trim().to_string(),
                puzzle: ready.puzzle,
                solution: ready.solution,
            });
        }
    });
    Effect::new(move || match start.value().get() {
        Some(Ok(status)) => on_started.run(status),
        Some(Err(Failure::Invalid(refused))) => {
            let (puzzle, fields): (Vec<_>, Vec<_>) =
                refused.into_iter().partition(|f| f.field == "puzzle");
            if let Some(failed) = puzzle.into_iter().next() {
                // A used or stale puzzle: solve a fresh one, then the person selects Next again.
                run_check();
                errors.problem.set(Some(failed.message));
            }
            errors.fields.set(fields);
        }
        Some(Err(failure)) => errors.problem.set(Some(describe(&failure))),
        None => {}
    });
    let next = move |event: web_sys::SubmitEvent| {
        event.prevent_default();
        if start.pending().get_untracked() || waiting.get_untracked() {
            return;
        }
        errors.clear();
        if username.get_untracked().trim().is_empty() {
            let required = refusal("username", Refusal::Required);
            errors.fields.set(vec![required]);
            return;
        }
        waiting.set(true);
    };
    let check_status = move || match (check_failed.get(), solved.get().is_some(), waiting.get()) {
        (Some(failure), _, _) => failure,
        (None, true, _) => t("reset.checked"),
        (None, false, true) => t("reset.check_finishing"),
        (None, false, false) => t("reset.checking"),
    };
    view! {
        <form novalidate on:submit=next>
            <ErrorSummary problems=errors.summary()/>
            <p class="lead">{t("reset.name_lead")}</p>
            <TextField id="username" label=t("label.username") autocomplete="username" value=username error=errors.message("username")/>
            <p class="hint" role="status">{check_status}</p>
            {move || check_failed.get().is_some().then(|| view! {
                <button type="button" class="button button-secondary" on:click=move |_| run_check()>{t("reset.check_again")}</button>
            })}
            <div class="actions">
                <button
                    type="submit"
                    class="button"
                    aria-disabled=move || (start.pending().get() || waiting.get()).then_some("true")
                >
                    {t("action.next")}
                </button>
                <a href="/signin">{t("reset.back_to_sign_in")}</a>
            </div>
        </form>
    }
}
