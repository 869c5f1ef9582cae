//! `POST /api/v1/reset/passkey`: a reset's step proven with a passkey — the browser's answer
//! to the options that came with the challenge.

use axum::extract::State;
use axum_extra::extract::CookieJar;
use latchkey_api::ApiError;
use latchkey_api::types::{ResetPasskey, ResetStatus};

use super::super::error::AppError;
use super::super::json::Json;
use super::current_flow;
use super::verify::{prove, reset_challenge};
use crate::origin::Origin;
use crate::proof;
use crate::reset::verify;
use crate::state::AppState;

/// Checks the passkey answer to one of the reset's challenges.
#[utoipa::path(
    post, path = "/api/v1/reset/passkey", tag = "reset",
    request_body = ResetPasskey,
    responses(
        (status = 200, description = "The step is proven", body = ResetStatus),
        (status = 404, description = "No such challenge in this reset", body = ApiError),
        (status = 409, description = "The reset expired (`reset_expired`)", body = ApiError),
        (status = 422, description = "The passkey was not accepted (`passkey_failed`)", body = ApiError),
    )
)]
pub async fn complete_reset_passkey(
    State(state): State<AppState>,
    client: Origin,
    jar: CookieJar,
    Json(answer): Json<ResetPasskey>,
) -> Result<Json<ResetStatus>, AppError> {
    let flow = current_flow(&state, &jar).await?;
    let challenge = reset_challenge(&state, &flow, &answer.challenge).await?;
    let cx = state.context(&client);
    let webauthn = &state.webauthn;
    let used =
        proof::check_passkey(&state.store, webauthn, &cx, &challenge, &answer.credential).await?;
    prove(&state, &flow, &challenge, verify::Answer::Passkey(&used)).await
}
