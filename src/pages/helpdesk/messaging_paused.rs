//! The countries paused for texts or calls because few of the codes sent there were used: since
//! when and why, each with Resume (confirmed first; the row then changes in place and a status
//! message says so).

use latchkey_api::messaging::{CountryMessaging, MessagingResume};
use latchkey_api::types::Channel;
use leptos::prelude::*;

use super::actions::confirmed;
use super::list_outcome::ListOutcome;
use super::messaging_figures::{channel_name, pause_reason};
use crate::api;
use crate::dates;
use crate::i18n::{t, tr};
use crate::regions::country_name;

/// The question before resuming, and the sentence after, for `channel` to `country`.
fn resume_words(channel: Channel, country: &str) -> (String, String) {
    let values = [("country", country)];
    match channel {
        Channel::Voice => (
            tr("helpdesk.resume_calls_question", &values),
            tr("helpdesk.calls_resumed", &values),
        ),
        _ => (
            tr("helpdesk.resume_texts_question", &values),
            tr("helpdesk.texts_resumed", &values),
        ),
    }
}

/// The paused countries of `countries`, which a resume changes.
#[component]
pub fn Paused(countries: RwSignal<Vec<CountryMessaging>>) -> impl IntoView {
    let outcome = ListOutcome::new();
    let resume = Action::new_local(move |wanted: &MessagingResume| {
        let wanted = wanted.clone();
        async move { api::admin::resume_messaging(&wanted).await.map(|()| wanted) }
    });
    Effect::new(move || match resume.value().get() {
        Some(Ok(resumed)) => {
            countries.update(|rows| {
                for row in rows.iter_mut() {
                    if row.country == resumed.country && row.channel == resumed.channel {
                        row.paused = None;
                    }
                }
            });
            let (_, done) = resume_words(resumed.channel, &country_name(&resumed.country));
            outcome.done(done, true);
        }
        Some(Err(failure)) => outcome.failed(&failure),
        None => {}
    });
    let ask = move |country: String, channel: Channel| {
        move |_| {
            let (question, _) = resume_words(channel, &country_name(&country));
            if resume.pending().get_untracked() || !confirmed(&question) {
                return;
            }
            resume.dispatch(MessagingResume {
                country: country.clone(),
                channel,
            });
        }
    };
    let paused = move || {
        countries
            .get()
            .into_iter()
            .filter_map(|row| row.paused.clone().map(|pause| (row, pause)))
            .collect::<Vec<_>>()
    };
    view! {
        <section aria-labelledby="paused-title">
            <h2 id="paused-title" tabindex="-1" node_ref=outcome.heading>{t("helpdesk.paused_countries")}</h2>
            {outcome.said()}
            {move || {
                let paused = paused();
                if paused.is_empty() {
                    return view! { <p>{t("helpdesk.none_paused")}</p> }.into_any();
                }
                view! {
                    <ul class="people paused" role="list">
                        {paused.into_iter().map(|(row, pause)| {
                            let name = country_name(&row.country);
                            let what = format!("{name} · {}", channel_name(row.channel));
                            let since = tr("helpdesk.paused_since", &[("when", &dates::moment(pause.since))]);
                            view! {
                                <li>
                                    <strong>{what.clone()}</strong>
                                    <span>{since}</span>
                                    <span>{pause_reason(&pause)}</span>
                                    <button
                                        type="button"
                                        class="button button-secondary"
                                        aria-disabled=move || resume.pending().get().then_some("true")
                                        on:click=ask(row.country.clone(), row.channel)
                                    >
                                        {t("helpdesk.resume")}
                                        <span class="visually-hidden">{format!(" ({what})")}</span>
                                    </button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }
                .into_any()
            }}
        </section>
    }
}
