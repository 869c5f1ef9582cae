//! What a button in one of the "Texts and calls" lists did (Resume, Remove): the sentence the
//! list's status says, or why it failed; once done, the button is gone with its row, so the
//! list's heading holds the focus.

use leptos::html;
use leptos::prelude::*;

use super::failures::said;
use crate::api::Failure;

/// A list's heading (to focus), its status sentence and its error.
#[derive(Clone, Copy)]
pub struct ListOutcome {
    pub heading: NodeRef<html::H2>,
    status: RwSignal<String>,
    error: RwSignal<Option<String>>,
}

impl ListOutcome {
    pub fn new() -> Self {
        Self {
            heading: NodeRef::new(),
            status: RwSignal::new(String::new()),
            error: RwSignal::new(None),
        }
    }

    /// Says `sentence`; with `focus`, moves the focus to the list's heading.
    pub fn done(&self, sentence: String, focus: bool) {
        self.error.set(None);
        self.status.set(sentence);
        if focus && let Some(heading) = self.heading.get_untracked() {
            let _ = heading.focus();
        }
    }

    /// Says why it failed (or asks the staff member to verify again).
    pub fn failed(&self, failure: &Failure) {
        self.error.set(Some(said(failure)));
    }

    /// The status sentence, and the error when there is one.
    pub fn said(&self) -> impl IntoView + use<> {
        let (status, error) = (self.status, self.error);
        view! {
            <p role="status">{move || status.get()}</p>
            {move || error.get().map(|message| view! { <p role="alert" class="warning">{message}</p> })}
        }
    }
}

impl Default for ListOutcome {
    fn default() -> Self {
        Self::new()
    }
}
