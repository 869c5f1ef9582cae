//! The IT support console's calls (`/api/v1/admin/…`); only the console's part uses them.

use gloo_net::http::Method;
use latchkey_api::messaging::{MessagingOverview, MessagingResume, NewSafeNumber, SafeNumber};
use latchkey_api::routes;
use latchkey_api::types::{
    AccessPassRequest, ActivityReport, AuditPage, CallerVerifiedAnotherWay, Challenge,
    CodeSubmission, CoverageReport, IssuedAccessPass, PersonDetails, PersonSummary, StaffAction,
    VerificationRequest,
};

use super::{Failure, request};

/// People whose username, name or work email contains `query`.
pub async fn find_people(query: &str) -> Result<Vec<PersonSummary>, Failure> {
    let query = js_sys::encode_uri_component(query);
    let path = format!("{}?query={query}", routes::ADMIN_PEOPLE);
    request(Method::GET, &path, None::<&()>).await
}

/// A person's page (opening it is audited).
pub async fn person(id: &str) -> Result<PersonDetails, Failure> {
    request(Method::GET, &routes::admin_person(id), None::<&()>).await
}

/// Sends a code to one of the person's methods for the caller to read out (for an app, asks for
/// the code it shows).
pub async fn send_caller_code(id: &str, way: &VerificationRequest) -> Result<Challenge, Failure> {
    request(Method::POST, &routes::admin_caller_codes(id), Some(way)).await
}

/// Checks the code the caller read out; right, the caller is verified for an hour.
pub async fn check_caller_code(id: &str, challenge: &str, code: &str) -> Result<(), Failure> {
    let submission = CodeSubmission { code: code.into() };
    let path = routes::admin_caller_code(id, challenge);
    request(Method::POST, &path, Some(&submission)).await
}

/// An admin's "Verified another way", with the reason.
pub async fn verified_another_way(id: &str, reason: &str) -> Result<(), Failure> {
    let body = CallerVerifiedAnotherWay {
        reason: reason.into(),
    };
    request(Method::POST, &routes::admin_verification(id), Some(&body)).await
}

/// A Temporary Access Pass for the person, shown once.
pub async fn make_access_pass(
    id: &str,
    wanted: &AccessPassRequest,
) -> Result<IssuedAccessPass, Failure> {
    let path = routes::admin_action(id, "access-pass");
    request(Method::POST, &path, Some(wanted)).await
}

/// One of the account actions: `re-registration`, `sign-out-everywhere` or `unlock`.
pub async fn act(id: &str, action: &str, ticket: &str) -> Result<(), Failure> {
    let body = StaffAction {
        ticket: ticket.into(),
    };
    request(Method::POST, &routes::admin_action(id, action), Some(&body)).await
}

/// Removes one of the person's methods.
pub async fn delete_method(id: &str, method: &str, ticket: &str) -> Result<(), Failure> {
    let ticket = js_sys::encode_uri_component(ticket);
    let path = format!("{}?ticket={ticket}", routes::admin_method(id, method));
    request(Method::DELETE, &path, None::<&()>).await
}

/// A page of the audit log; `selection` is its query string (`person=ada&page=2`).
pub async fn audit_log(selection: &str) -> Result<AuditPage, Failure> {
    let path = format!("{}?{selection}", routes::ADMIN_AUDIT);
    request(Method::GET, &path, None::<&()>).await
}

/// Registration coverage (admins).
pub async fn coverage() -> Result<CoverageReport, Failure> {
    request(Method::GET, routes::ADMIN_COVERAGE, None::<&()>).await
}

/// Resets and messages per day (admins).
pub async fn activity() -> Result<ActivityReport, Failure> {
    request(Method::GET, routes::ADMIN_ACTIVITY, None::<&()>).await
}

/// The "Texts and calls" page: today's figures, pauses and the safe list (admins).
pub async fn messaging() -> Result<MessagingOverview, Failure> {
    request(Method::GET, routes::MESSAGING, None::<&()>).await
}

/// Sends texts (or calls) to a paused country again (admins).
pub async fn resume_messaging(resume: &MessagingResume) -> Result<(), Failure> {
    request(Method::POST, routes::MESSAGING_RESUME, Some(resume)).await
}

/// Adds a number to the safe list (admins).
pub async fn add_safe_number(number: &NewSafeNumber) -> Result<SafeNumber, Failure> {
    request(Method::POST, routes::SAFE_NUMBERS, Some(number)).await
}

/// Takes a number off the safe list (admins).
pub async fn remove_safe_number(id: &str) -> Result<(), Failure> {
    request(Method::DELETE, &routes::safe_number(id), None::<&()>).await
}
