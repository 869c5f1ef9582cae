//! `/helpdesk/reports` (admins): who can reset their password themselves and who not yet (by
//! name), methods by kind, registrations per week; resets per day for 30 days (finished,
//! abandoned, refused) and how they were proven; texts and calls sent per day with failures.

use latchkey_api::spreadsheet::line;
use latchkey_api::types::{ActivityReport, CoverageReport, DayActivity};
use leptos::prelude::*;

use super::chart::{Chart, Rows, Series, csv_address};
use super::failures::loaded;
use super::people_list::PeopleList;
use crate::api;
use crate::dates;
use crate::i18n::{kind_name, t, tr};
use crate::pages::title::set_title;

/// The reports' address.
pub const REPORTS: &str = "/helpdesk/reports";

#[component]
pub fn Reports() -> impl IntoView {
    set_title(&t("helpdesk.reports"));
    let coverage = LocalResource::new(api::admin::coverage);
    let activity = LocalResource::new(api::admin::activity);
    view! {
        <div class="card reports">
            <h1>{t("helpdesk.reports")}</h1>
            <h2>{t("helpdesk.coverage")}</h2>
            {move || loaded(coverage.get(), Callback::new(move |()| coverage.refetch()), |report| view! { <Coverage report=report/> }.into_any())}
            <h2>{t("helpdesk.resets_and_messages")}</h2>
            {move || loaded(activity.get(), Callback::new(move |()| activity.refetch()), |report| view! { <Activity report=report/> }.into_any())}
        </div>
    }
}

/// Rows of days (or weeks, by their first day).
fn day_rows(heading: &'static str, days: impl Iterator<Item = i64> + Clone) -> Rows {
    Rows {
        heading: t(heading),
        shown: days.clone().map(dates::utc_day).collect(),
        written: days.map(dates::iso_day).collect(),
    }
}

#[component]
fn Coverage(report: CoverageReport) -> impl IntoView {
    let share = tr(
        "helpdesk.can_reset_count",
        &[
            ("count", &report.can_reset.to_string()),
            ("people", &report.people.to_string()),
        ],
    );
    let kinds = Rows {
        heading: t("helpdesk.kind"),
        shown: report
            .methods_by_kind
            .iter()
            .map(|k| kind_name(k.kind))
            .collect(),
        written: report
            .methods_by_kind
            .iter()
            .map(|k| k.kind.label().to_string())
            .collect(),
    };
    let by_kind = vec![Series {
        name: t("helpdesk.methods"),
        tone: Some("accent"),
        figures: report.methods_by_kind.iter().map(|k| k.count).collect(),
    }];
    let weeks = &report.registrations_per_week;
    let per_week = vec![Series {
        name: t("helpdesk.registrations"),
        tone: Some("accent"),
        figures: weeks.iter().map(|w| w.count).collect(),
    }];
    let not_yet = report.not_yet;
    let mut csv = line(&[
        t("helpdesk.username"),
        t("helpdesk.name"),
        t("helpdesk.work_email"),
    ]);
    for person in &not_yet {
        csv.push_str(&line(&[
            &person.username,
            &person.display_name,
            &person.email,
        ]));
    }
    view! {
        <p class="lead">{share}</p>
        <Chart id="methods" title=t("helpdesk.methods_by_kind") rows=kinds series=by_kind categories=true/>
        <Chart
            id="registrations"
            title=t("helpdesk.registrations_per_week")
            rows=day_rows("helpdesk.week_of", weeks.iter().map(|w| w.week))
            series=per_week
        />
        <section aria-labelledby="not-yet-title">
            <h3 id="not-yet-title">{tr("helpdesk.not_yet_able", &[("count", &not_yet.len().to_string())])}</h3>
            {if not_yet.is_empty() {
                view! { <p>{t("helpdesk.everyone_able")}</p> }.into_any()
            } else {
                view! {
                    <PeopleList people=not_yet/>
                }
                .into_any()
            }}
            <p><a href=csv_address(&csv) download="latchkey-not-yet-able.csv">{t("helpdesk.download_csv")}</a></p>
        </section>
    }
}

/// A column of the days' figures.
fn column(
    name: &'static str,
    tone: Option<&'static str>,
    days: &[DayActivity],
    figure: impl Fn(&DayActivity) -> u64,
) -> Series {
    Series {
        name: t(name),
        tone,
        figures: days.iter().map(figure).collect(),
    }
}

#[component]
fn Activity(report: ActivityReport) -> impl IntoView {
    let days = report.days;
    let rows = || day_rows("helpdesk.day", days.iter().map(|d| d.day));
    let resets = vec![
        column("helpdesk.resets_completed", Some("success"), &days, |d| {
            d.resets_completed
        }),
        column("helpdesk.resets_abandoned", Some("muted"), &days, |d| {
            d.resets_started
                .saturating_sub(d.resets_completed + d.resets_refused)
        }),
        column("helpdesk.resets_refused", Some("error"), &days, |d| {
            d.resets_refused
        }),
        column("helpdesk.resets_started", None, &days, |d| d.resets_started),
    ];
    let messages = vec![
        column("helpdesk.texts_sent", Some("accent"), &days, |d| {
            d.texts_sent
        }),
        column("helpdesk.calls_sent", Some("success"), &days, |d| {
            d.calls_sent
        }),
        column("helpdesk.texts_failed", Some("error"), &days, |d| {
            d.texts_failed
        }),
        column("helpdesk.calls_failed", Some("muted"), &days, |d| {
            d.calls_failed
        }),
        column("helpdesk.emails_sent", None, &days, |d| d.emails_sent),
        column("helpdesk.emails_failed", None, &days, |d| d.emails_failed),
    ];
    let ways = Rows {
        heading: t("helpdesk.way"),
        shown: report.proven_by.iter().map(|w| way_name(&w.way)).collect(),
        written: report.proven_by.iter().map(|w| w.way.clone()).collect(),
    };
    let by_way = vec![Series {
        name: t("helpdesk.steps_proven"),
        tone: Some("accent"),
        figures: report.proven_by.iter().map(|w| w.count).collect(),
    }];
    view! {
        <Chart id="resets" title=t("helpdesk.resets_per_day") rows=rows() series=resets/>
        <Chart id="proven" title=t("helpdesk.proven_by") rows=ways series=by_way categories=true/>
        <Chart id="messages" title=t("helpdesk.messages_per_day") rows=rows() series=messages/>
    }
}

/// A way of proving a reset step (`sms`, `email`, `app`…) in the page's language.
fn way_name(way: &str) -> String {
    match way {
        "sms" => t("helpdesk.way_sms"),
        "voice" => t("helpdesk.way_voice"),
        "email" => t("helpdesk.way_email"),
        "app" => t("helpdesk.way_app"),
        "passkey" => t("helpdesk.way_passkey"),
        "recovery_code" => t("helpdesk.way_recovery_code"),
        other => other.to_string(),
    }
}
