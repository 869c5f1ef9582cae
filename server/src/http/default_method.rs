//! Choosing the default way to verify: `PUT /api/v1/default-method`. It is offered first in
//! "Verify your identity". A change to security info like any other: it needs a fresh
//! verification, and is audited and notified.

use axum::extract::State;
use axum::http::StatusCode;
use latchkey_api::types::{Channel, DefaultMethod};
use latchkey_api::validation::field_error;
use latchkey_api::{ApiError, Problem};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::auth::SignedIn;
use super::error::AppError;
use super::json::Json;
use super::security_info::shown_masked;
use super::step_up::require_fresh;
use crate::origin::Origin;
use crate::security_info::changes;
use crate::security_info::messages::Change;
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
    let methods = state.store.methods(&signed_in.user.id).await?;
    require_fresh(&signed_in, !methods.is_empty(), state.clock.now())?;
    let method = methods
        .iter()
        .find(|m| m.id == chosen.method_id)
        .ok_or(AppError::NotFound)?;
    // Recovery codes are a last resort, never the way offered first.
    let reaches = method.kind.channels().contains(&chosen.channel);
    if !reaches || chosen.channel == Channel::RecoveryCode {
        return Err(AppError::Validation(vec![field_error(
            "channel",
            "way to verify",
            Problem::Invalid,
        )]));
    }
    state
        .store
        .autocommit()
        .await?
        .set_default_method(&signed_in.user.id, method.kind, chosen.channel)
        .await?;
    let change = Change::DefaultChanged(chosen.channel, shown_masked(method));
    changes::record(
        &mut state.store.autocommit().await?,
        &state.context(&client),
        &signed_in.user,
        &methods,
        "default_method_changed",
        &change,
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}
