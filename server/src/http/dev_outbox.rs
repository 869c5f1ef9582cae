//! The development outbox over HTTP: `GET /api/v1/dev/outbox`, and for calls `…/{id}/press`,
//! `…/{id}/decline` and `…/{id}/miss`, which stand in for a person with the phone; and
//! `POST /api/v1/dev/clock`, which moves the server's clock forward so that expiry can be tried
//! (`GET` reads it, so an outside TOTP client can compute codes for the server's time).
//! All are 404 outside development mode.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use latchkey_api::types::{ClockAdvance, ClockReading, KeyPresses, OutboxEntry};
use latchkey_api::validation::field_error;
use latchkey_api::{ApiError, Problem};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::error::AppError;
use super::json::Json;
use crate::delivery::{Channel, channel_name};
use crate::security_info::calls::{self, CallOutcome};
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(outbox))
        .routes(routes!(press))
        .routes(routes!(decline))
        .routes(routes!(miss))
        .routes(routes!(advance_clock, clock_reading))
}

fn require_development_mode(state: &AppState) -> Result<(), AppError> {
    if state.config.development_mode {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}

/// Every email, text and call sent in development mode, newest first.
#[utoipa::path(
    get, path = "/api/v1/dev/outbox", tag = "development",
    responses(
        (status = 200, description = "The messages, newest first", body = [OutboxEntry]),
        (status = 404, description = "Not in development mode", body = ApiError),
    )
)]
pub async fn outbox(State(state): State<AppState>) -> Result<Json<Vec<OutboxEntry>>, AppError> {
    require_development_mode(&state)?;
    let messages = state.store.outbox().await?;
    Ok(Json(
        messages
            .into_iter()
            .map(|m| OutboxEntry {
                id: m.id,
                channel: m.channel,
                to: m.recipient,
                subject: m.subject,
                body: m.body,
                code: m.code,
                created_at: m.created_at,
            })
            .collect(),
    ))
}

/// Ends the outbox call `id` with `outcome`, as a gateway's report would.
async fn end_call(
    state: &AppState,
    id: &str,
    outcome: CallOutcome,
) -> Result<StatusCode, AppError> {
    require_development_mode(state)?;
    let channel = state.store.outbox_channel(id).await?;
    if channel.as_deref() != Some(channel_name(Channel::Voice)) {
        return Err(AppError::NotFound);
    }
    if calls::record(&state.store, id, outcome, state.clock.now()).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(AppError::Conflict(
            "This call has already ended, timed out, or was replaced by a newer one.",
        ))
    }
}

/// Answers a call and presses keys: `#` confirms; other keys end the call unconfirmed.
#[utoipa::path(
    post, path = "/api/v1/dev/outbox/{id}/press", tag = "development",
    params(("id" = String, Path, description = "The call's outbox message")),
    request_body = KeyPresses,
    responses(
        (status = 204, description = "The call was answered and the keys pressed"),
        (status = 404, description = "No such call, or not in development mode", body = ApiError),
        (status = 409, description = "The call already ended", body = ApiError),
    )
)]
pub async fn press(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Json(keys): Json<KeyPresses>,
) -> Result<StatusCode, AppError> {
    end_call(&state, &id, CallOutcome::of_keys(&keys.digits)).await
}

/// Declines a call.
#[utoipa::path(
    post, path = "/api/v1/dev/outbox/{id}/decline", tag = "development",
    params(("id" = String, Path, description = "The call's outbox message")),
    responses(
        (status = 204, description = "The call was declined"),
        (status = 404, description = "No such call, or not in development mode", body = ApiError),
        (status = 409, description = "The call already ended", body = ApiError),
    )
)]
pub async fn decline(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<StatusCode, AppError> {
    end_call(&state, &id, CallOutcome::Declined).await
}

/// Lets a call ring out with nobody answering.
#[utoipa::path(
    post, path = "/api/v1/dev/outbox/{id}/miss", tag = "development",
    params(("id" = String, Path, description = "The call's outbox message")),
    responses(
        (status = 204, description = "The call went unanswered"),
        (status = 404, description = "No such call, or not in development mode", body = ApiError),
        (status = 409, description = "The call already ended", body = ApiError),
    )
)]
pub async fn miss(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<StatusCode, AppError> {
    end_call(&state, &id, CallOutcome::NotAnswered).await
}

/// The server's time, which development mode may have moved ahead of the wall clock.
#[utoipa::path(
    get, path = "/api/v1/dev/clock", tag = "development",
    responses(
        (status = 200, description = "The server's time", body = ClockReading),
        (status = 404, description = "Not in development mode", body = ApiError),
    )
)]
pub async fn clock_reading(State(state): State<AppState>) -> Result<Json<ClockReading>, AppError> {
    require_development_mode(&state)?;
    Ok(Json(ClockReading {
        now: state.clock.now(),
    }))
}

/// Moves the server's clock forward: codes, calls, sessions and limits all see the later time.
#[utoipa::path(
    post, path = "/api/v1/dev/clock", tag = "development",
    request_body = ClockAdvance,
    responses(
        (status = 204, description = "The clock moved forward"),
        (status = 404, description = "Not in development mode", body = ApiError),
        (status = 422, description = "Not between 1 and 172 800 seconds", body = ApiError),
    )
)]
pub async fn advance_clock(
    State(state): State<AppState>,
    Json(advance): Json<ClockAdvance>,
) -> Result<StatusCode, AppError> {
    require_development_mode(&state)?;
    if !(1..=172_800).contains(&advance.seconds) {
        return Err(AppError::Validation(vec![field_error(
            "seconds",
            "number of seconds",
            Problem::Invalid,
        )]));
    }
    if state.clock.advance(advance.seconds) {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(AppError::NotFound)
    }
}
