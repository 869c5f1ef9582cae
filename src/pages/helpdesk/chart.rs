//! A report's chart: stacked bars drawn as SVG, named and summed up for screen readers, with
//! the same figures in a table and as a CSV download (made in the browser from those figures).

use latchkey_api::spreadsheet::line;
use leptos::prelude::*;

use crate::i18n::{t, tr};

/// One column of figures: its name, its colour in the chart (`accent`, `success`, `error`,
/// `muted`; `None`: in the table only) and a figure per row.
pub struct Series {
    pub name: String,
    pub tone: Option<&'static str>,
    pub figures: Vec<u64>,
}

/// The rows: what the reader sees (a day in their language) and what the CSV holds
/// (`2026-11-30`, a method's kind), in order.
pub struct Rows {
    pub heading: String,
    pub shown: Vec<String>,
    pub written: Vec<String>,
}

/// The width of a row's bar and its gap, in the drawing's units; its height is 100.
const ROW_WIDTH: usize = 10;
const BAR_WIDTH: usize = 8;

#[component]
pub fn Chart(
    /// Names the chart's parts (`resets` gives `resets-title`) and its CSV (`latchkey-resets.csv`).
    id: &'static str,
    title: String,
    rows: Rows,
    series: Vec<Series>,
    /// A few named rows (kinds, ways) rather than a run of days: the table is open, and the
    /// chart has no first-and-last axis.
    #[prop(optional)]
    categories: bool,
) -> impl IntoView {
    let title_id = format!("{id}-title");
    let summary_id = format!("{id}-summary");
    let drawn: Vec<&Series> = series.iter().filter(|s| s.tone.is_some()).collect();
    let totals: Vec<u64> = (0..rows.shown.len())
        .map(|row| drawn.iter().map(|s| s.figures[row]).sum())
        .collect();
    let highest = totals.iter().copied().max().unwrap_or(0);
    let summary = tr(
        "helpdesk.chart_summary",
        &[
            ("rows", &rows.shown.len().to_string()),
            ("highest", &highest.to_string()),
        ],
    );
    let bars = bars(&rows.shown, &drawn, highest);
    let legend = (drawn.len() > 1).then(|| {
        let keys = drawn
            .iter()
            .map(|s| view! { <li><span class=format!("swatch tone-{}", s.tone.unwrap_or_default()) aria-hidden="true"></span>{s.name.clone()}</li> })
            .collect_view();
        view! { <ul class="legend" role="list">{keys}</ul> }
    });
    let axis = (rows.shown.first().cloned(), rows.shown.last().cloned());
    let csv = csv_link(&rows, &series);
    let table = figures_table(&rows, &series);
    let (section_names, heading_id, svg_names) = (title_id.clone(), title_id.clone(), title_id);
    let described_by = summary_id.clone();
    let drawing = if highest == 0 {
        view! { <p class="chart-empty">{t("helpdesk.no_activity")}</p> }.into_any()
    } else {
        view! {
            <svg
                role="img"
                aria-labelledby=svg_names
                aria-describedby=described_by
                viewBox=format!("0 0 {} 100", rows.shown.len().max(1) * ROW_WIDTH)
                preserveAspectRatio="none"
                dir="ltr"
            >
                <desc id=summary_id>{summary}</desc>
                {bars}
            </svg>
            {match axis {
                (Some(first), Some(last)) if !categories => Some(view! {
                    <p class="chart-axis" aria-hidden="true" dir="ltr"><span>{first}</span><span>{last}</span></p>
                }),
                _ => None,
            }}
            {legend}
        }
        .into_any()
    };
    view! {
        <section class="chart" aria-labelledby=section_names>
            <h3 id=heading_id>{title}</h3>
            {drawing}
            <details open=categories>
                <summary>{t("helpdesk.figures")}</summary>
                {table}
            </details>
            <p><a href=csv download=format!("latchkey-{id}.csv")>{t("helpdesk.download_csv")}</a></p>
        </section>
    }
}

/// Each row's bar, its series stacked from the bottom in their order, each part titled with its
/// figure (shown on hover).
fn bars(shown: &[String], drawn: &[&Series], highest: u64) -> impl IntoView + use<> {
    let scale = |figure: u64| figure as f64 * 100.0 / highest.max(1) as f64;
    let mut parts = Vec::new();
    for (row, label) in shown.iter().enumerate() {
        let mut below = 0.0;
        for series in drawn {
            let figure = series.figures[row];
            if figure == 0 {
                continue;
            }
            let height = scale(figure);
            below += height;
            parts.push(view! {
                <rect
                    class=format!("tone-{}", series.tone.unwrap_or_default())
                    x=row * ROW_WIDTH + (ROW_WIDTH - BAR_WIDTH) / 2
                    y=100.0 - below
                    width=BAR_WIDTH
                    height=height
                >
                    <title>{format!("{label} · {}: {figure}", series.name)}</title>
                </rect>
            });
        }
    }
    parts
}

/// The figures as a table: a row each, a column per series.
fn figures_table(rows: &Rows, series: &[Series]) -> impl IntoView + use<> {
    let head = series
        .iter()
        .map(|s| view! { <th scope="col" class="figure">{s.name.clone()}</th> })
        .collect_view();
    let body = rows
        .shown
        .iter()
        .enumerate()
        .map(|(row, label)| {
            let cells = series
                .iter()
                .map(|s| view! { <td class="figure">{s.figures[row]}</td> })
                .collect_view();
            view! { <tr><th scope="row">{label.clone()}</th>{cells}</tr> }
        })
        .collect_view();
    view! {
        <div class="table-scroll">
            <table>
                <thead><tr><th scope="col">{rows.heading.clone()}</th>{head}</tr></thead>
                <tbody>{body}</tbody>
            </table>
        </div>
    }
}

/// The figures as a CSV file in a `data:` address, for a link with `download`.
fn csv_link(rows: &Rows, series: &[Series]) -> String {
    let mut heading = vec![rows.heading.clone()];
    heading.extend(series.iter().map(|s| s.name.clone()));
    let mut text = line(&heading);
    for (row, label) in rows.written.iter().enumerate() {
        let mut cells = vec![label.clone()];
        cells.extend(series.iter().map(|s| s.figures[row].to_string()));
        text.push_str(&line(&cells));
    }
    csv_address(&text)
}

/// `text` as a CSV file's `data:` address.
pub fn csv_address(text: &str) -> String {
    format!(
        "data:text/csv;charset=utf-8,{}",
        js_sys::encode_uri_component(text)
    )
}
