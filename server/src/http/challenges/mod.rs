//! Proving a method with a one-time code: `POST /api/v1/verifications` (an existing method),
//! `POST /api/v1/enrollments` (a new or changed one), then `POST /api/v1/challenges/{id}/code`
//! and `…/resend`; or `…/passkey` with the browser's answer to a passkey challenge.

mod held;
mod lifecycle;

pub(in crate::http) use held::{check_passkey, issue_held};
pub(in crate::http) use lifecycle::{
    Owner, check_code, issue, own_challenge, refuse, resend, status_of, use_once,
};

use axum::extract::{Path, State};
use axum_extra::extract::CookieJar;
use latchkey_api::types::{
    Challenge, ChallengePassed, ChallengeStatus, Channel, CodeSubmission, EnrollmentRequest,
    MethodKind, PasskeyCredential, VerificationRequest,
};
use latchkey_api::{ApiError, Problem};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::auth::{SignedIn, step_up};
use super::error::AppError;
use super::json::Json;
use super::security_info::{method_info, shown_masked};
use super::step_up::require_fresh;
use crate::origin::Origin;
use crate::security_info::email;
use crate::security_info::messages::Change;
use crate::security_info::{changes, phone};
use crate::state::AppState;
use crate::store::{StoredChallenge, StoredMethod};
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(start_verification))
        .routes(routes!(start_enrollment))
        .routes(routes!(submit_code))
        .routes(routes!(submit_passkey))
        .routes(routes!(resend_code))
        .routes(routes!(challenge_status))
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

/// Sends a code to a method after the send limits allow it — or, for an app, recovery codes or a
/// passkey, starts a challenge answered with what the person holds.
#[utoipa::path(
    post, path = "/api/v1/verifications", tag = "verification",
    request_body = VerificationRequest,
    responses(
        (status = 200, description = "A code is on its way (or is asked for)", body = Challenge),
        (status = 404, description = "No such method", body = ApiError),
        (status = 429, description = "Too many codes sent; see Retry-After", body = ApiError),
    )
)]
pub async fn start_verification(
    State(state): State<AppState>,
    signed_in: SignedIn,
    client: Origin,
    Json(request): Json<VerificationRequest>,
) -> Result<Json<Challenge>, AppError> {
    let methods = state.store.methods(&signed_in.user.id).await?;
    let method = methods
        .iter()
        .find(|m| m.id == request.method_id)
        .ok_or(AppError::NotFound)?;
    let kind = method.kind;
    check_channel(kind, request.channel)?;
    if !request.channel.is_sent() {
        let owner = Owner::of(&signed_in);
        let challenge = issue_held(
            &state,
            &owner,
            &client.network,
            "verify",
            request.channel,
            method,
        );
        return Ok(Json(challenge.await?));
    }
    let challenge = issue(
        &state,
        &Owner::of(&signed_in),
        &client,
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
    client: Origin,
    Json(request): Json<EnrollmentRequest>,
) -> Result<Json<Challenge>, AppError> {
    let methods = state.store.methods(&signed_in.user.id).await?;
    require_fresh(&signed_in, !methods.is_empty(), state.clock.now())?;
    check_channel(request.kind, request.channel)?;
    let target = match request.kind {
        MethodKind::Email => {
            let email = email::stored_form(request.email.as_deref().unwrap_or_default())
                .map_err(|p| refuse("email", "email address", p))?;
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
        // Added through their own endpoints: nothing is sent to them.
        MethodKind::AuthenticatorApp | MethodKind::Passkey | MethodKind::RecoveryCodes => {
            return Err(refuse("kind", "method", Problem::Invalid));
        }
    };
    let challenge = issue(
        &state,
        &Owner::of(&signed_in),
        &client,
        "enroll",
        request.kind,
        request.channel,
        &target,
    )
    .await?;
    Ok(Json(challenge))
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
    client: Origin,
    Path(id): Path<String>,
    Json(submission): Json<CodeSubmission>,
) -> Result<(CookieJar, Json<ChallengePassed>), AppError> {
    let challenge = own_challenge(&state, &Owner::of(&signed_in), &id).await?;
    check_code(&state, &challenge, &submission.code).await?;
    pass(&state, &signed_in, &client, &challenge).await
}

/// Checks the browser's answer to a passkey challenge; a good one counts as verified.
#[utoipa::path(
    post, path = "/api/v1/challenges/{id}/passkey", tag = "verification",
    params(("id" = String, Path, description = "The challenge")),
    request_body = PasskeyCredential,
    responses(
        (status = 200, description = "The passkey proved it", body = ChallengePassed),
        (status = 404, description = "No such challenge in this session", body = ApiError),
        (status = 422, description = "Not accepted, expired or used (see fields)", body = ApiError),
    )
)]
pub async fn submit_passkey(
    State(state): State<AppState>,
    signed_in: SignedIn,
    client: Origin,
    Path(id): Path<String>,
    Json(answer): Json<PasskeyCredential>,
) -> Result<(CookieJar, Json<ChallengePassed>), AppError> {
    let challenge = own_challenge(&state, &Owner::of(&signed_in), &id).await?;
    check_passkey(&state, &challenge, &answer.credential, &client).await?;
    pass(&state, &signed_in, &client, &challenge).await
}

/// A challenge proven (right code, or a call answered with #): used once, the session counts as
/// verified under a new ID (its cookie comes with the answer), and an enrollment registers its
/// method — if the session is still fresh enough to change security info, as it had to be when
/// the enrollment started (security.md 21).
pub(super) async fn pass(
    state: &AppState,
    signed_in: &SignedIn,
    client: &Origin,
    challenge: &StoredChallenge,
) -> Result<(CookieJar, Json<ChallengePassed>), AppError> {
    let now = state.clock.now();
    let enrolling = challenge.purpose == "enroll";
    let before = state.store.methods(&signed_in.user.id).await?;
    if enrolling {
        require_fresh(signed_in, !before.is_empty(), now)?;
    }
    use_once(state, challenge).await?;
    let renewed = step_up(state, signed_in).await?;
    if !enrolling {
        return Ok((renewed, Json(ChallengePassed { method: None })));
    }
    let method = state
        .store
        .autocommit()
        .await?
        .put_method(
            &signed_in.user.id,
            challenge.method_kind,
            &challenge.target,
            now,
        )
        .await?;
    let channel = challenge.channel;
    let replaced = before.iter().any(|m| m.kind == method.kind);
    registered(
        state, signed_in, client, &before, &method, channel, replaced,
    )
    .await?;
    let method = Some(method_info(&method));
    Ok((renewed, Json(ChallengePassed { method })))
}

/// After a method is registered: the first one — or the first after the default's method went
/// — becomes the default, reached the way it was just proven; the change is audited and told.
pub(in crate::http) async fn registered(
    state: &AppState,
    signed_in: &SignedIn,
    client: &Origin,
    before: &[StoredMethod],
    method: &StoredMethod,
    channel: Channel,
    replaced: bool,
) -> Result<(), AppError> {
    let default_kept = state
        .store
        .default_method(&signed_in.user.id)
        .await?
        .is_some_and(|(kind, _)| kind == method.kind || before.iter().any(|m| m.kind == kind));
    if !default_kept && channel != Channel::RecoveryCode {
        state
            .store
            .autocommit()
            .await?
            .set_default_method(&signed_in.user.id, method.kind, channel)
            .await?;
    }
    let (kind, shown) = (method.kind, shown_masked(method));
    let (action, change) = if replaced {
        ("method_changed", Change::Changed(kind, shown))
    } else {
        ("method_added", Change::Added(kind, shown))
    };
    changes::record(
        &mut state.store.autocommit().await?,
        &state.context(client),
        &signed_in.user,
        before,
        action,
        &change,
    )
    .await?;
    Ok(())
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
    client: Origin,
    Path(id): Path<String>,
) -> Result<Json<Challenge>, AppError> {
    let challenge = own_challenge(&state, &Owner::of(&signed_in), &id).await?;
    Ok(Json(resend(&state, &challenge, &client).await?))
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
