//! The signed-in user: `GET /api/v1/me`.

use latchkey_api::ApiError;
use latchkey_api::types::Me;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::auth::SignedIn;
use super::json::Json;
use crate::state::AppState;
use crate::store::User;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(me))
}

/// Who is signed in.
#[utoipa::path(
    get, path = "/api/v1/me", tag = "account",
    responses(
        (status = 200, description = "The signed-in user", body = Me),
        (status = 401, description = "Not signed in, or the session has ended", body = ApiError),
    )
)]
pub async fn me(signed_in: SignedIn) -> Json<Me> {
    Json(me_of(signed_in.user))
}

/// A user as they see themselves.
pub fn me_of(user: User) -> Me {
    Me {
        username: user.username,
        display_name: user.display_name,
        email: user.email,
    }
}
