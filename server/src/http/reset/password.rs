//! The reset's last step: the new password, checked live and then set through the directory
//! and the reset finished (see [`crate::reset::finish`]); the browser becomes familiar and its
//! reset cookie goes.

use axum::extract::State;
use axum::http::StatusCode;
use axum_extra::extract::CookieJar;
use latchkey_api::ApiError;
use latchkey_api::types::{NewPassword, PasswordCheck};

use super::super::auth::removal_cookie;
use super::super::error::AppError;
use super::super::json::Json;
use super::{cookie_name, reset_token};
use crate::origin::Origin;
use crate::reset::error::ResetError;
use crate::reset::{finish, flow};
use crate::state::AppState;
use crate::telemetry::metrics;

/// Whether a new password would be accepted, and why not: the live requirements.
#[utoipa::path(
    post, path = "/api/v1/reset/password-check", tag = "reset",
    request_body = NewPassword,
    responses(
        (status = 200, description = "The verdict", body = PasswordCheck),
        (status = 409, description = "Not proven yet, or the reset expired", body = ApiError),
    )
)]
pub async fn check_reset_password(
    State(state): State<AppState>,
    jar: CookieJar,
    Json(candidate): Json<NewPassword>,
) -> Result<Json<PasswordCheck>, AppError> {
    let token = reset_token(&state, &jar);
    let user = flow::proven(&state.store, token, state.clock.now()).await?;
    Ok(Json(crate::password::verdict(
        &state.config,
        state.directory.rules(),
        &user,
        &candidate.password,
    )))
}

/// Sets the new password and finishes: every session ends, every open reset and code is void,
/// the account is unlocked, and the person is told at every address (security.md 14–15).
#[utoipa::path(
    post, path = "/api/v1/reset/password", tag = "reset",
    request_body = NewPassword,
    responses(
        (status = 204, description = "The password is reset; sign in with it"),
        (status = 409, description = "Not proven yet, or the reset expired", body = ApiError),
        (status = 422, description = "The password breaks the policy (see fields)", body = ApiError),
    )
)]
pub async fn set_reset_password(
    State(state): State<AppState>,
    client: Origin,
    jar: CookieJar,
    Json(new): Json<NewPassword>,
) -> Result<(StatusCode, CookieJar), AppError> {
    let token = reset_token(&state, &jar);
    let finished = finish::set_password(
        &state.store,
        &state.directory,
        &state.context(&client),
        token,
        &new.password,
    )
    .await;
    let user = match finished {
        Ok(user) => user,
        Err(error) => {
            if let ResetError::Refused(_) = error {
                metrics::reset("refused");
            }
            return Err(error.into());
        }
    };
    metrics::reset("completed");
    // Proven as surely as by a sign-in: the browser is the person's familiar one.
    let jar = crate::http::familiar_browser::remember(&state, jar, &user).await?;
    Ok((
        StatusCode::NO_CONTENT,
        jar.add(removal_cookie(&state.config, cookie_name(&state))),
    ))
}
