//! The signed-in user: `GET /api/v1/me`, and their choice of language
//! (`PUT /api/v1/me/language`).

use axum::extract::State;
use axum::http::StatusCode;
use latchkey_api::ApiError;
use latchkey_api::types::{LanguageChoice, Me};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::auth::SignedIn;
use super::error::AppError;
use super::json::Json;
use crate::state::AppState;
use crate::store::User;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(me))
        .routes(routes!(set_language))
}

/// Who is signed in.
#[utoipa::path(
    get, path = "/api/v1/me", tag = "account",
    responses(
        (status = 200, description = "The signed-in user", body = Me),
        (status = 401, description = "Not signed in, or the session has ended", body = ApiError),
    )
)]
pub async fn me(State(state): State<AppState>, signed_in: SignedIn) -> Json<Me> {
    Json(me_of(
        &state.config,
        signed_in.user,
        signed_in.session.access_pass_until,
    ))
}

/// Keeps the language the person picked: their pages, and the emails, texts and calls sent to
/// them from now on.
#[utoipa::path(
    put, path = "/api/v1/me/language", tag = "account",
    request_body = LanguageChoice,
    responses(
        (status = 204, description = "Kept"),
        (status = 400, description = "Not a language Latchkey speaks", body = ApiError),
        (status = 401, description = "Not signed in, or the session has ended", body = ApiError),
    )
)]
pub async fn set_language(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Json(choice): Json<LanguageChoice>,
) -> Result<StatusCode, AppError> {
    state
        .store
        .autocommit()
        .await?
        .set_language(&signed_in.user.id, choice.language)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A user as they see themselves; `access_pass_until` when their session began with a
/// Temporary Access Pass (which opens no IT support role either).
pub fn me_of(
    config: &crate::config::Config,
    user: User,
    access_pass_until: Option<crate::clock::Timestamp>,
) -> Me {
    let role = config
        .role_of(&user)
        .filter(|_| access_pass_until.is_none())
        .map(|role| role.name().to_string());
    Me {
        role,
        username: user.username,
        display_name: user.display_name,
        email: user.email,
        language: user.language,
        password_changed_at: user.password_changed_at,
        access_pass_until,
    }
}
