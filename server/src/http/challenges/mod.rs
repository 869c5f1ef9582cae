//! Proving a method with a one-time code: `POST /api/v1/verifications` (an existing method),
//! `POST /api/v1/enrollments` (a new or changed one), then `POST /api/v1/challenges/{id}/code`
//! and `…/resend`; or `…/passkey` with the browser's answer to a passkey challenge.

mod lifecycle;

pub(in crate::http) use lifecycle::{
    Owner, issue, issue_held, own_challenge, refuse, resend, status_of,
};

use axum::extract::{Path, State};
use axum_extra::extract::CookieJar;
use latchkey_api::ApiError;
use latchkey_api::types::{
    Challenge, ChallengePassed, ChallengeStatus, CodeSubmission, EnrollmentRequest,
    PasskeyCredential, VerificationRequest,
};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::auth::SignedIn;
use super::error::AppError;
use super::json::Json;
use super::security_info::method_info;
use super::step_up::{renewed_session, session_of};
use crate::enrollment;
use crate::origin::Origin;
use crate::proof::{self, Answer};
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(start_verification))
        .routes(routes!(start_enrollment))
        .routes(routes!(submit_code))
        .routes(routes!(submit_passkey))
        .routes(routes!(resend_code))
        .routes(routes!(challenge_status))
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
    let cx = state.context(&client);
    let (method, channel) = (&request.method_id, request.channel);
    let session = session_of(&signed_in);
    let started =
        proof::start_verification(&state.store, &state.webauthn, &cx, session, method, channel);
    Ok(Json(started.await?))
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
    let cx = state.context(&client);
    let session = session_of(&signed_in);
    Ok(Json(
        enrollment::start(&state.store, &cx, session, &request).await?,
    ))
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
    let answer = Answer::Code(&submission.code);
    pass(&state, &signed_in, &client, &id, answer).await
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
    let answer = Answer::Passkey(&answer.credential);
    pass(&state, &signed_in, &client, &id, answer).await
}

/// Proves the session's challenge `id` with `answer`: the session counts as verified under a new
/// ID (its cookie comes with the answer), and an enrollment's method comes back registered.
pub(super) async fn pass(
    state: &AppState,
    signed_in: &SignedIn,
    client: &Origin,
    id: &str,
    answer: Answer<'_>,
) -> Result<(CookieJar, Json<ChallengePassed>), AppError> {
    let cx = state.context(client);
    let (renewed_hash, renewed) = renewed_session(&state.config);
    let (store, webauthn, key) = (&state.store, &state.webauthn, &state.sealing_key);
    let session = session_of(signed_in);
    let method = proof::prove(
        store,
        webauthn,
        key,
        &cx,
        session,
        id,
        answer,
        &renewed_hash,
    );
    let method = method.await?.as_ref().map(method_info);
    Ok((renewed, Json(ChallengePassed { method })))
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
    let cx = state.context(&client);
    let session = session_of(&signed_in);
    Ok(Json(
        proof::new_code(&state.store, &cx, session, &id).await?,
    ))
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
    let (session, now) = (session_of(&signed_in), state.clock.now());
    Ok(Json(
        proof::progress(&state.store, session, &id, now).await?,
    ))
}
