//! "I know my password, but still can't sign in": after proving who they are, a person whose
//! account is locked — by Latchkey's wait after wrong passwords, or by the directory's password
//! policy — unlocks it without changing the password. The reset ends; sessions stay; the person
//! is told at every address.

use axum::extract::State;
use axum::http::StatusCode;
use axum_extra::extract::CookieJar;
use latchkey_api::ApiError;

use super::super::auth::removal_cookie;
use super::super::error::AppError;
use super::{cookie_name, reset_token};
use crate::origin::Origin;
use crate::reset::finish;
use crate::state::AppState;

/// Unlocks the account the reset proved, keeping its password.
#[utoipa::path(
    post, path = "/api/v1/reset/unlock", tag = "reset",
    responses(
        (status = 204, description = "Unlocked; sign in with the password you have"),
        (status = 409, description = "Not proven yet, or the reset expired", body = ApiError),
        (status = 503, description = "The directory can't be reached, or would not unlock", body = ApiError),
    )
)]
pub async fn unlock_account(
    State(state): State<AppState>,
    client: Origin,
    jar: CookieJar,
) -> Result<(StatusCode, CookieJar), AppError> {
    let token = reset_token(&state, &jar);
    let cx = state.context(&client);
    let user = finish::unlock(&state.store, &state.directory, &cx, token).await?;
    // Proven as surely as by a sign-in: the browser is the person's familiar one.
    let jar = crate::http::familiar_browser::remember(&state, jar, &user).await?;
    Ok((
        StatusCode::NO_CONTENT,
        jar.add(removal_cookie(&state.config, cookie_name(&state))),
    ))
}
