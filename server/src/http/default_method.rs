//! Choosing the default way to verify: `PUT /api/v1/default-method`. It is offered first in
//! "Verify your identity". A change to security info like any other: it needs a fresh
//! verification, and is audited and notified.

use axum::extract::State;
use axum::http::StatusCode;
use latchkey_api::ApiError;
use latchkey_api::types::DefaultMethod;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::auth::SignedIn;
use super::error::AppError;
use super::json::Json;
use super::step_up::session_of;
use crate::enrollment;
use crate::origin::Origin;
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(set_default_method))
}

/// Makes one of the user's methods, by one channel, the way offered first.
#[utoipa::path(
    put, path = "/api/v1/default-method", tag = "security info",
    request_body = DefaultMethod,
    responses(
        (status = 204, description = "Chosen"),
        (status = 403, description = "Sign in or verify again first", body = ApiError),
        (status = 404, description = "No such method", body = ApiError),
        (status = 422, description = "That channel does not reach that method", body = ApiError),
    )
)]
pub async fn set_default_method(
    State(state): State<AppState>,
    signed_in: SignedIn,
    client: Origin,
    Json(chosen): Json<DefaultMethod>,
) -> Result<StatusCode, AppError> {
    let cx = state.context(&client);
    let (method, channel) = (&chosen.method_id, chosen.channel);
    let session = session_of(&signed_in);
    enrollment::choose_default(&state.store, &cx, session, method, channel).await?;
    Ok(StatusCode::NO_CONTENT)
}
