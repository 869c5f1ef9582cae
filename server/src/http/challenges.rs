//! Proving a method with a one-time code: `POST /api/v1/verifications` (an existing method),
//! `POST /api/v1/enrollments` (a new or changed one), then `POST /api/v1/challenges/{id}/code`
//! and `…/resend`.

use axum::extract::{Path, State};
use latchkey_api::types::{
    Challenge, ChallengePassed, ChallengeStatus, Channel, CodeSubmission, DeliveryState,
    EnrollmentRequest, MethodKind, VerificationRequest,
};
use latchkey_api::validation::{check_email, field_error, normalise_code};
use latchkey_api::{ApiError, Problem};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::auth::SignedIn;
use super::client::Client;
use super::error::AppError;
use super::json::Json;
use super::security_info::{kind_name, kind_of, method_info, shown_masked};
use super::step_up::require_fresh;
use crate::delivery::{self, Message};
use crate::security_info::codes::{self, Code, LIFETIME, MAX_FAILURES, RESEND_COOLDOWN};
use crate::security_info::masks::{masked_email, masked_phone, phone_in_full};
use crate::security_info::messages::Change;
use crate::security_info::{calls, changes, limits, messages, phone};
use crate::state::AppState;
use crate::store::{NewChallenge, StoredChallenge, new_id};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(start_verification))
        .routes(routes!(start_enrollment))
        .routes(routes!(submit_code))
        .routes(routes!(resend_code))
        .routes(routes!(challenge_status))
}

/// Who a challenge belongs to: a signed-in session, or a password reset in progress.
pub struct Owner<'a> {
    pub user_id: &'a str,
    pub session_hash: &'a str,
}

impl<'a> Owner<'a> {
    pub fn of(signed_in: &'a SignedIn) -> Self {
        Self {
            user_id: &signed_in.user.id,
            session_hash: &signed_in.session_hash,
        }
    }
}

pub(super) fn refuse(field: &str, label: &str, problem: Problem) -> AppError {
    AppError::Validation(vec![field_error(field, label, problem)])
}

/// Which channels reach a kind of method: texts and calls for phones, email for email.
fn check_channel(kind: MethodKind, channel: Channel) -> Result<(), AppError> {
    if kind.channels().contains(&channel) {
        Ok(())
    } else {
        Err(refuse(
            "channel",
            "way to receive the code",
            Problem::Invalid,
        ))
    }
}

/// Sends a code to a method after the send limits allow it.
#[utoipa::path(
    post, path = "/api/v1/verifications", tag = "verification",
    request_body = VerificationRequest,
    responses(
        (status = 200, description = "A code is on its way", body = Challenge),
        (status = 404, description = "No such method", body = ApiError),
        (status = 429, description = "Too many codes sent; see Retry-After", body = ApiError),
    )
)]
pub async fn start_verification(
    State(state): State<AppState>,
    signed_in: SignedIn,
    client: Client,
    Json(request): Json<VerificationRequest>,
) -> Result<Json<Challenge>, AppError> {
    let methods = state.store.methods(&signed_in.user.id).await?;
    let method = methods
        .iter()
        .find(|m| m.id == request.method_id)
        .ok_or(AppError::NotFound)?;
    let kind = kind_of(&method.kind);
    check_channel(kind, request.channel)?;
    let challenge = issue(
        &state,
        &Owner::of(&signed_in),
        &client.ip,
        "verify",
        kind,
        request.channel,
        &method.target,
    )
    .await?;
    Ok(Json(challenge))
}

/// Starts adding (or changing) a phone or email: validates it and sends a code to it.
#[utoipa::path(
    post, path = "/api/v1/enrollments", tag = "verification",
    request_body = EnrollmentRequest,
    responses(
        (status = 200, description = "A code is on its way to the new method", body = Challenge),
        (status = 403, description = "Sign in or verify again first", body = ApiError),
        (status = 422, description = "The number or address is not usable", body = ApiError),
        (status = 429, description = "Too many codes sent; see Retry-After", body = ApiError),
    )
)]
pub async fn start_enrollment(
    State(state): State<AppState>,
    signed_in: SignedIn,
    client: Client,
    Json(request): Json<EnrollmentRequest>,
) -> Result<Json<Challenge>, AppError> {
    let methods = state.store.methods(&signed_in.user.id).await?;
    require_fresh(&signed_in, !methods.is_empty(), state.clock.now())?;
    check_channel(request.kind, request.channel)?;
    let target = match request.kind {
        MethodKind::Email => {
            let email = request
                .email
                .as_deref()
                .unwrap_or_default()
                .trim()
                .to_lowercase();
            check_email(&email).map_err(|p| refuse("email", "email address", p))?;
            if state.config.is_organisation_address(&email) {
                return Err(refuse("email", "email address", Problem::WorkAddress));
            }
            email
        }
        MethodKind::Phone | MethodKind::AlternatePhone => {
            let country = request.country.as_deref().unwrap_or_default();
            let number = request.number.as_deref().unwrap_or_default();
            phone::to_e164(country, number).map_err(|p| refuse("number", "phone number", p))?
        }
    };
    let challenge = issue(
        &state,
        &Owner::of(&signed_in),
        &client.ip,
        "enroll",
        request.kind,
        request.channel,
        &target,
    )
    .await?;
    Ok(Json(challenge))
}

/// Creates a challenge and queues its code, within the send limits.
pub(super) async fn issue(
    state: &AppState,
    owner: &Owner<'_>,
    ip: &str,
    purpose: &str,
    kind: MethodKind,
    channel: Channel,
    target: &str,
) -> Result<Challenge, AppError> {
    let now = state.clock.now();
    let send = limits::Send {
        user_id: owner.user_id,
        target,
        ip,
        is_phone: channel != Channel::Email,
    };
    limits::count(&state.store, &send, now).await?;
    let id = new_id();
    // A call carries no code (the person presses #), but the challenge keeps one that is never
    // told to anybody, so a code typed against a call can never match.
    let code = Code::generate();
    state
        .store
        .create_challenge(
            NewChallenge {
                id: &id,
                user_id: owner.user_id,
                session_hash: owner.session_hash,
                purpose,
                method_kind: kind_name(kind),
                channel: delivery::channel_name(channel),
                target,
                code_hash: &codes::hash(&id, code.expose()),
                expires_at: now + LIFETIME,
                resend_after: now + RESEND_COOLDOWN,
                call_started_at: (channel == Channel::Voice).then_some(now),
            },
            now,
        )
        .await?;
    let delivery = send_code(state, channel, target, &code).await?;
    state.store.set_challenge_delivery(&id, &delivery).await?;
    Ok(Challenge {
        id,
        channel,
        destination: shown_destination(purpose, channel, target),
        resend_after_seconds: RESEND_COOLDOWN as u32,
        expires_in_seconds: LIFETIME as u32,
    })
}

/// Where a code or call went, as the page shows it: in full while enrolling (the person just
/// typed it), masked when verifying with an enrolled method.
fn shown_destination(purpose: &str, channel: Channel, target: &str) -> String {
    match (purpose, channel) {
        ("enroll", Channel::Email) => target.to_string(),
        ("enroll", _) => phone_in_full(target),
        (_, Channel::Email) => masked_email(target),
        _ => masked_phone(target),
    }
}

/// Queues the code's message, or the call that asks for #; returns the delivery's ID.
async fn send_code(
    state: &AppState,
    channel: Channel,
    to: &str,
    code: &Code,
) -> Result<String, AppError> {
    let organisation = &state.config.organisation_name;
    let language = state.config.message_language;
    let ((subject, body), code) = match channel {
        Channel::Voice => (messages::call_script(language, organisation), None),
        Channel::Email => (
            messages::code_message(language, organisation, code.expose(), true),
            Some(code.expose()),
        ),
        Channel::Sms => (
            messages::code_message(language, organisation, code.expose(), false),
            Some(code.expose()),
        ),
    };
    let message = Message {
        channel,
        to,
        subject: &subject,
        body: &body,
        code,
    };
    Ok(delivery::enqueue(state, message).await?)
}

/// This session's challenge, or 404 (another user's or session's challenge does not exist).
pub(super) async fn own_challenge(
    state: &AppState,
    owner: &Owner<'_>,
    id: &str,
) -> Result<StoredChallenge, AppError> {
    state
        .store
        .challenge(id)
        .await?
        .filter(|c| c.user_id == owner.user_id && c.session_hash == owner.session_hash)
        .ok_or(AppError::NotFound)
}

/// Checks a code. Right: the session counts as verified and an enrollment registers the method.
#[utoipa::path(
    post, path = "/api/v1/challenges/{id}/code", tag = "verification",
    params(("id" = String, Path, description = "The challenge")),
    request_body = CodeSubmission,
    responses(
        (status = 200, description = "The code was right", body = ChallengePassed),
        (status = 404, description = "No such challenge in this session", body = ApiError),
        (status = 422, description = "Wrong, expired, used or voided code (see fields)", body = ApiError),
    )
)]
pub async fn submit_code(
    State(state): State<AppState>,
    signed_in: SignedIn,
    client: Client,
    Path(id): Path<String>,
    Json(submission): Json<CodeSubmission>,
) -> Result<Json<ChallengePassed>, AppError> {
    let challenge = own_challenge(&state, &Owner::of(&signed_in), &id).await?;
    check_code(&state, &challenge, &submission.code).await?;
    Ok(Json(pass(&state, &signed_in, &client, &challenge).await?))
}

/// Checks a typed code against a challenge, counting a wrong one; a right one is not used yet.
pub(super) async fn check_code(
    state: &AppState,
    challenge: &StoredChallenge,
    typed: &str,
) -> Result<(), AppError> {
    let id = &challenge.id;
    let typed = normalise_code(typed);
    let now = state.clock.now();
    let problem = |p| refuse("code", "code", p);
    if typed.is_empty() {
        return Err(problem(Problem::Required));
    }
    if challenge.channel == delivery::channel_name(Channel::Voice) {
        return Err(refuse("call", "call", Problem::CallNotConfirmed));
    }
    if challenge.used_at.is_some() {
        return Err(problem(Problem::CodeUsed));
    }
    if challenge.failures >= MAX_FAILURES {
        return Err(problem(Problem::TooManyTries));
    }
    if now >= challenge.expires_at {
        return Err(problem(Problem::CodeExpired));
    }
    if !codes::matches(id, &typed, &challenge.code_hash) {
        let failures = state.store.challenge_failed(id).await?;
        return Err(problem(if failures >= MAX_FAILURES {
            Problem::TooManyTries
        } else {
            Problem::WrongCode
        }));
    }
    Ok(())
}

/// Uses a proven challenge (right code, or a call answered with #); only one caller succeeds.
pub(super) async fn use_once(
    state: &AppState,
    challenge: &StoredChallenge,
) -> Result<(), AppError> {
    let now = state.clock.now();
    if state
        .store
        .use_challenge(&challenge.id, MAX_FAILURES, now)
        .await?
    {
        Ok(())
    } else {
        // Another request used it, or voided it, a moment ago — or it expired.
        Err(refuse("code", "code", Problem::CodeUsed))
    }
}

/// A challenge proven (right code, or a call answered with #): used once, the session counts as
/// verified, and an enrollment registers its method.
pub(super) async fn pass(
    state: &AppState,
    signed_in: &SignedIn,
    client: &Client,
    challenge: &StoredChallenge,
) -> Result<ChallengePassed, AppError> {
    use_once(state, challenge).await?;
    let now = state.clock.now();
    state
        .store
        .mark_session_verified(&signed_in.session_hash, now)
        .await?;
    if challenge.purpose != "enroll" {
        return Ok(ChallengePassed { method: None });
    }
    let before = state.store.methods(&signed_in.user.id).await?;
    let method = state
        .store
        .put_method(
            &signed_in.user.id,
            &challenge.method_kind,
            &challenge.target,
            now,
        )
        .await?;
    // The first method — or the first after the default's method went — becomes the default,
    // reached the way it was just proven.
    let default_kept = state
        .store
        .default_method(&signed_in.user.id)
        .await?
        .is_some_and(|(kind, _)| kind == method.kind || before.iter().any(|m| m.kind == kind));
    if !default_kept {
        state
            .store
            .set_default_method(&signed_in.user.id, &method.kind, &challenge.channel)
            .await?;
    }
    let replaced = before.iter().any(|m| m.kind == method.kind);
    let (kind, shown) = (kind_of(&method.kind), shown_masked(&method));
    let change = if replaced {
        Change::Changed(kind, shown)
    } else {
        Change::Added(kind, shown)
    };
    changes::record(
        state,
        &signed_in.user,
        &before,
        client,
        "method_added",
        &change,
    )
    .await?;
    Ok(ChallengePassed {
        method: Some(method_info(&method)),
    })
}

/// Sends a new code that replaces the old one; wrong tries so far still count.
#[utoipa::path(
    post, path = "/api/v1/challenges/{id}/resend", tag = "verification",
    params(("id" = String, Path, description = "The challenge")),
    responses(
        (status = 200, description = "A new code is on its way", body = Challenge),
        (status = 404, description = "No such challenge in this session", body = ApiError),
        (status = 429, description = "Too soon or too many; see Retry-After", body = ApiError),
    )
)]
pub async fn resend_code(
    State(state): State<AppState>,
    signed_in: SignedIn,
    client: Client,
    Path(id): Path<String>,
) -> Result<Json<Challenge>, AppError> {
    let challenge = own_challenge(&state, &Owner::of(&signed_in), &id).await?;
    Ok(Json(resend(&state, &challenge, &client.ip).await?))
}

/// Sends a new code (or places a new call) for a challenge, within the limits.
pub(super) async fn resend(
    state: &AppState,
    challenge: &StoredChallenge,
    ip: &str,
) -> Result<Challenge, AppError> {
    let id = challenge.id.clone();
    let now = state.clock.now();
    if challenge.used_at.is_some() {
        return Err(refuse("code", "code", Problem::CodeUsed));
    }
    // A resend keeps the failures, so a voided challenge cannot be revived: start again.
    if challenge.failures >= MAX_FAILURES {
        return Err(refuse("code", "code", Problem::TooManyTries));
    }
    let channel = delivery::channel_of(&challenge.channel).unwrap_or(Channel::Email);
    // A call that ended without # may be placed again at once; codes wait for the cooldown.
    let call_ended = calls::state(challenge, now).is_some_and(|call| call.ended_unconfirmed());
    if now < challenge.resend_after && !call_ended {
        return Err(AppError::RateLimited {
            retry_after: (challenge.resend_after - now) as u64,
        });
    }
    let send = limits::Send {
        user_id: &challenge.user_id,
        target: &challenge.target,
        ip,
        is_phone: channel != Channel::Email,
    };
    limits::count(&state.store, &send, now).await?;
    let code = Code::generate();
    state
        .store
        .replace_challenge_code(
            &id,
            &codes::hash(&id, code.expose()),
            now + LIFETIME,
            now + RESEND_COOLDOWN,
            (channel == Channel::Voice).then_some(now),
        )
        .await?;
    let delivery = send_code(state, channel, &challenge.target, &code).await?;
    state.store.set_challenge_delivery(&id, &delivery).await?;
    Ok(Challenge {
        id,
        channel,
        destination: shown_destination(&challenge.purpose, channel, &challenge.target),
        resend_after_seconds: RESEND_COOLDOWN as u32,
        expires_in_seconds: LIFETIME as u32,
    })
}

/// How the message with the current code is doing, so the page can say when it could not be sent.
#[utoipa::path(
    get, path = "/api/v1/challenges/{id}", tag = "verification",
    params(("id" = String, Path, description = "The challenge")),
    responses(
        (status = 200, description = "The delivery's state", body = ChallengeStatus),
        (status = 404, description = "No such challenge in this session", body = ApiError),
    )
)]
pub async fn challenge_status(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
) -> Result<Json<ChallengeStatus>, AppError> {
    let challenge = own_challenge(&state, &Owner::of(&signed_in), &id).await?;
    Ok(Json(status_of(&state, &challenge).await?))
}

/// How a challenge's message or call is doing.
pub(super) async fn status_of(
    state: &AppState,
    challenge: &StoredChallenge,
) -> Result<ChallengeStatus, AppError> {
    let progress = match &challenge.delivery_id {
        Some(delivery) => state.store.delivery_progress(delivery).await?,
        None => None,
    };
    let delivery = match progress {
        Some((status, _)) if status == "sent" => DeliveryState::Sent,
        Some((status, _)) if status == "failed" => DeliveryState::Failed,
        Some((_, attempts)) if attempts > 0 => DeliveryState::Retrying,
        _ => DeliveryState::Sending,
    };
    Ok(ChallengeStatus {
        delivery,
        call: calls::state(challenge, state.clock.now()),
    })
}
