//! A group of radio buttons with a legend: one choice out of a few, by index. A choice that
//! can't be taken now is shown disabled, with why in words tied to it (`aria-describedby`).

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
    /// For each choice, why it can't be taken now (`None`: it can); shorter than `labels` means
    /// the rest can.
    #[prop(optional)]
    unavailable: Vec<Option<String>>,
) -> impl IntoView {
    view! {
        <fieldset class="choices">
            <legend>{legend}</legend>
            {labels.into_iter().enumerate().map(|(index, label)| {
                let id = format!("{name}-{index}");
                let why = unavailable.get(index).cloned().flatten();
                let note_id = why.as_ref().map(|_| format!("{id}-why"));
                let can_not = why.is_some();
                view! {
                    <div class="choice" class:choice-unavailable=can_not>
                        <input
                            type="radio"
                            name=name
                            id=id.clone()
                            disabled=can_not
                            aria-describedby=note_id.clone()
                            prop:checked=move || chosen.get() == index
                            on:change=move |_| chosen.set(index)
                        />
                        <label for=id>{label}</label>
                        {why.map(|why| view! { <p class="choice-note" id=note_id>{why}</p> })}
                    </div>
                }
            }).collect_view()}
        </fieldset>
    }
}

/// The first choice that can be taken, given why each can't (0 when none can).
pub fn first_available(unavailable: &[Option<String>]) -> usize {
    unavailable.iter().position(Option::is_none).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::first_available;

    #[test]
    fn the_first_choice_that_can_be_taken_is_checked() {
        let closed = Some("Texts to numbers in Austria aren't available".to_string());
        assert_eq!(first_available(&[None, None]), 0);
        assert_eq!(first_available(&[closed.clone(), None]), 1);
        assert_eq!(
            first_available(&[closed.clone(), closed]),
            0,
            "none can: the first"
        );
        assert_eq!(first_available(&[]), 0);
    }
}
