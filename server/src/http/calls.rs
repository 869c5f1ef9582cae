//! Finishing a challenge by call: `POST /api/v1/challenges/{id}/call`, once the person answered
//! and pressed #. The phone proves possession; the session that asked for the call completes it.

use axum::extract::{Path, State};
use axum_extra::extract::CookieJar;
use latchkey_api::ApiError;
use latchkey_api::types::ChallengePassed;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::auth::SignedIn;
use super::challenges::pass;
use super::error::AppError;
use super::json::Json;
use crate::origin::Origin;
use crate::proof::Answer;
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(complete_call))
}

/// Completes a challenge whose call was answered with #: as a right code would.
#[utoipa::path(
    post, path = "/api/v1/challenges/{id}/call", tag = "verification",
    params(("id" = String, Path, description = "The challenge")),
    responses(
        (status = 200, description = "The call was answered with #", body = ChallengePassed),
        (status = 404, description = "No such challenge in this session", body = ApiError),
        (status = 422, description = "The call was not answered with # (`call_not_confirmed`), or the challenge was used", body = ApiError),
    )
)]
pub async fn complete_call(
    State(state): State<AppState>,
    signed_in: SignedIn,
    client: Origin,
    Path(id): Path<String>,
) -> Result<(CookieJar, Json<ChallengePassed>), AppError> {
    pass(&state, &signed_in, &client, &id, Answer::Call).await
}
