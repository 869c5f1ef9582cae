//! Why texts or calls can't reach a phone now, in the page's language, with the country by its
//! name (security.md 61).

use latchkey_api::messaging::{Unavailability, Unavailable};
use latchkey_api::types::{Channel, EnrollmentRequest};
use latchkey_api::{FieldError, Problem};

use crate::i18n::tr;
use crate::regions::country_name;

/// "Texts to numbers in Austria aren't available" and the like, for `channel`.
pub fn reason(channel: Channel, why: &Unavailability) -> String {
    let calls = channel == Channel::Voice;
    let key = match (why.reason, calls) {
        (Unavailable::CountryClosed, false) => "unavailable.texts_closed",
        (Unavailable::CountryClosed, true) => "unavailable.calls_closed",
        (Unavailable::NumberType, false) => "unavailable.texts_number_type",
        (Unavailable::NumberType, true) => "unavailable.calls_number_type",
        (Unavailable::Paused, false) => "unavailable.texts_paused",
        (Unavailable::Paused, true) => "unavailable.calls_paused",
        (Unavailable::CapReached, false) => "unavailable.texts_used_up",
        (Unavailable::CapReached, true) => "unavailable.calls_used_up",
    };
    tr(key, &[("country", &country_name(&why.country))])
}

/// The server's refusals of a phone being added (`request`), a closed country said with its name
/// and the channel asked for.
pub fn explained(mut refused: Vec<FieldError>, request: &EnrollmentRequest) -> Vec<FieldError> {
    for field in &mut refused {
        if let (Problem::CountryClosed, Some(country)) = (field.code, &request.country) {
            field.message = closed_for_adding(request.channel, country);
        }
    }
    refused
}

/// Adding a phone in `country` refused because `channel` doesn't go there: "Texts to numbers in
/// Austria aren't available; choose another method".
fn closed_for_adding(channel: Channel, country: &str) -> String {
    let key = if channel == Channel::Voice {
        "unavailable.calls_closed_choose"
    } else {
        "unavailable.texts_closed_choose"
    };
    tr(key, &[("country", &country_name(country))])
}
