//! A group of radio buttons with a legend: one choice out of a few, by index.

use leptos::prelude::*;

/// Radio buttons named by `labels`; `chosen` holds the index of the checked one.
#[component]
pub fn Choices(
    /// What the group asks.
    #[prop(into)]
    legend: String,
    /// The radios' shared `name`, also the prefix of their IDs.
    name: &'static str,
    labels: Vec<String>,
    chosen: RwSignal<usize>,
) -> impl IntoView {
    view! {
        <fieldset class="choices">
            <legend>{legend}</legend>
            {labels.into_iter().enumerate().map(|(index, label)| {
                let id = format!("{name}-{index}");
                view! {
                    <div class="choice">
                        <input
                            type="radio"
                            name=name
                            id=id.clone()
                            prop:checked=move || chosen.get() == index
                            on:change=move |_| chosen.set(index)
                        />
                        <label for=id>{label}</label>
                    </div>
                }
            }).collect_view()}
        </fieldset>
    }
}
