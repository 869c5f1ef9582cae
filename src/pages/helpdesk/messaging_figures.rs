//! Today's texts and calls as the "Texts and calls" page shows them: a row per country and
//! channel (sent, proven, spend, cap and what is left) and the day's budget as a meter with
//! its figures in words.

use latchkey_api::messaging::{CountryMessaging, MessagingPause};
use latchkey_api::types::Channel;
use leptos::prelude::*;

use crate::i18n::{t, tr};
use crate::regions::{country_name, sort_by_name};

/// One row of the table, in the page's words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CountryRow {
    /// The country's name ("Germany"), from the browser.
    pub country: String,
    /// "Texts" or "Calls".
    pub channel: String,
    pub sent: u64,
    pub proven: u64,
    pub spend: u64,
    pub cap: u64,
    /// What today's cap still allows.
    pub left: u64,
    /// "Open", "Closed" or "Paused".
    pub state: String,
}

/// "Texts" or "Calls".
pub fn channel_name(channel: Channel) -> String {
    match channel {
        Channel::Voice => t("helpdesk.calls"),
        _ => t("helpdesk.texts"),
    }
}

/// The table's rows: by country name, texts before calls.
pub fn country_rows(countries: &[CountryMessaging]) -> Vec<CountryRow> {
    let mut rows: Vec<(CountryRow, bool)> = countries
        .iter()
        .map(|row| {
            let state = if row.paused.is_some() {
                "helpdesk.state_paused"
            } else if row.open {
                "helpdesk.state_open"
            } else {
                "helpdesk.state_closed"
            };
            let shown = CountryRow {
                country: country_name(&row.country),
                channel: channel_name(row.channel),
                sent: row.sent_today,
                proven: row.proven_today,
                spend: row.spend_today,
                cap: row.cap,
                left: row.cap.saturating_sub(row.sent_today),
                state: t(state),
            };
            (shown, row.channel == Channel::Voice)
        })
        .collect();
    // Texts first, then by name in the page language's order (a stable sort keeps texts first).
    rows.sort_by_key(|(_, calls)| *calls);
    sort_by_name(&mut rows, |(row, _)| &row.country);
    rows.into_iter().map(|(row, _)| row).collect()
}

/// How many of the sends a pause looked at had their code proven ("3" of 40 at 7 %).
pub fn proven_sends(pause: &MessagingPause) -> u32 {
    (u64::from(pause.sends) * u64::from(pause.proven_percent) + 50).div_euclid(100) as u32
}

/// Why a country is paused: "3 of 40 codes used".
pub fn pause_reason(pause: &MessagingPause) -> String {
    tr(
        "helpdesk.codes_used",
        &[
            ("proven", &proven_sends(pause).to_string()),
            ("sends", &pause.sends.to_string()),
        ],
    )
}

/// The day's budget and what is spent: a meter, and the same in words (not by colour alone).
#[component]
pub fn BudgetMeter(budget: u64, spent: u64) -> impl IntoView {
    let left = budget.saturating_sub(spent);
    let said = tr(
        "helpdesk.budget_spent",
        &[
            ("spent", &spent.to_string()),
            ("budget", &budget.to_string()),
            ("left", &left.to_string()),
        ],
    );
    // A meter needs a range; a budget of 0 is all spent.
    let max = budget.max(1);
    view! {
        <section aria-labelledby="budget-title">
            <h2 id="budget-title">{t("helpdesk.budget_today")}</h2>
            <meter
                id="budget"
                min="0"
                max=max.to_string()
                value=spent.min(max).to_string()
                optimum="0"
                high=(max * 4 / 5).to_string()
                aria-labelledby="budget-title"
                aria-describedby="budget-said"
            ></meter>
            <p id="budget-said">{said}</p>
        </section>
    }
}

/// The figures per country and channel, each country's state under its name; on a narrow
/// screen each row stacks, each figure with its heading.
#[component]
pub fn CountryTable(rows: Vec<CountryRow>) -> impl IntoView {
    if rows.is_empty() {
        return view! { <p>{t("helpdesk.no_sends")}</p> }.into_any();
    }
    let headings = [
        "helpdesk.sent",
        "helpdesk.proven",
        "helpdesk.spend",
        "helpdesk.cap",
        "helpdesk.left",
    ]
    .map(t);
    let labels = headings.clone();
    let figure = move |index: usize, value: u64| {
        let label = labels[index].clone();
        view! { <td class="figure" data-label=label>{value.to_string()}</td> }
    };
    view! {
        <div class="table-scroll" role="region" aria-labelledby="today-title" tabindex="0">
            <table class="messaging-figures">
                <thead>
                    <tr>
                        <th scope="col">{t("helpdesk.country")}</th>
                        <th scope="col">{t("helpdesk.channel")}</th>
                        {headings.map(|heading| view! { <th scope="col" class="figure">{heading}</th> })}
                    </tr>
                </thead>
                <tbody>
                    {rows.into_iter().map(|row| view! {
                        <tr>
                            <th scope="row">{row.country}<span class="detail row-state">{row.state}</span></th>
                            <td data-label=t("helpdesk.channel")>{row.channel}</td>
                            {figure(0, row.sent)}
                            {figure(1, row.proven)}
                            {figure(2, row.spend)}
                            {figure(3, row.cap)}
                            {figure(4, row.left)}
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}
