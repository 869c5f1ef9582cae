//! The development outbox over HTTP: `GET /api/v1/dev/outbox`. 404 outside development mode.

use axum::extract::State;
use latchkey_api::types::OutboxEntry;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::error::AppError;
use super::json::Json;
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(outbox))
}

/// Every email, text and call sent in development mode, newest first.
#[utoipa::path(
    get, path = "/api/v1/dev/outbox", tag = "development",
    responses(
        (status = 200, description = "The messages, newest first", body = [OutboxEntry]),
        (status = 404, description = "Not in development mode", body = latchkey_api::ApiError),
    )
)]
pub async fn outbox(State(state): State<AppState>) -> Result<Json<Vec<OutboxEntry>>, AppError> {
    if !state.config.development_mode {
        return Err(AppError::NotFound);
    }
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
