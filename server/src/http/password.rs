//! The signed-in person's own password: `POST /api/v1/me/password` changes it (their current
//! password proves it is them; a wrong one counts like a wrong sign-in), and
//! `POST /api/v1/me/password-check` answers the live requirements. The directory's refusals come
//! back as reasons; a change is audited and told to the person's addresses.

use axum::extract::State;
use axum::http::StatusCode;
use axum_extra::extract::CookieJar;
use latchkey_api::ApiError;
use latchkey_api::types::{NewPassword, PasswordChange, PasswordCheck};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::auth::SignedIn;
use super::challenges::refuse;
use super::error::AppError;
use super::json::Json;
use crate::directory::PasswordRefused;
use crate::origin::Origin;
use crate::password_change::{self, Asked, ChangeError, Passwords, refused};
use crate::state::AppState;
use crate::store::User;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(change_password))
        .routes(routes!(check_password))
}

/// Whether a new password would be accepted, and why not: the live requirements.
#[utoipa::path(
    post, path = "/api/v1/me/password-check", tag = "account",
    request_body = NewPassword,
    responses(
        (status = 200, description = "The verdict", body = PasswordCheck),
        (status = 401, description = "Not signed in, or the session has ended", body = ApiError),
    )
)]
pub async fn check_password(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Json(candidate): Json<NewPassword>,
) -> Json<PasswordCheck> {
    Json(crate::password::verdict(
        &state.config,
        state.directory.rules(),
        &signed_in.user,
        &candidate.password,
    ))
}

/// Changes the signed-in person's password; this session stays signed in.
#[utoipa::path(
    post, path = "/api/v1/me/password", tag = "account",
    request_body = PasswordChange,
    responses(
        (status = 204, description = "Changed"),
        (status = 401, description = "Not signed in, or the current password is wrong", body = ApiError),
        (status = 422, description = "The new password breaks a policy (see fields)", body = ApiError),
        (status = 429, description = "Too many wrong passwords; see Retry-After", body = ApiError),
        (status = 503, description = "The directory can't be reached, or would not change it", body = ApiError),
    )
)]
pub async fn change_password(
    State(state): State<AppState>,
    signed_in: SignedIn,
    client: Origin,
    jar: CookieJar,
    Json(change): Json<PasswordChange>,
) -> Result<StatusCode, AppError> {
    let user = &signed_in.user;
    let browser = super::familiar_browser::browser_of(&state, &jar, Some(user)).await?;
    let passwords = Passwords {
        current: &change.current,
        new: &change.password,
        browser,
        asked: Asked::SignedIn,
    };
    let cx = state.context(&client);
    password_change::change(&state.store, &state.directory, &cx, user, passwords).await?;
    Ok(StatusCode::NO_CONTENT)
}

impl From<ChangeError> for AppError {
    fn from(error: ChangeError) -> Self {
        match error {
            ChangeError::Wait(retry_after) => AppError::RateLimited { retry_after },
            ChangeError::CurrentMissing => refuse(
                "current",
                "current password",
                latchkey_api::Problem::Required,
            ),
            ChangeError::WrongPassword => AppError::InvalidCredentials,
            ChangeError::Refused(refusal) => refusal_answer(refusal),
            ChangeError::Database(error) => error.into(),
        }
    }
}

/// What a refused new password answers: the policy's reason on the `password` field; the
/// directory's refusal to let Latchkey act (audited for IT support); or the directory away.
pub(super) async fn not_set(
    state: &AppState,
    user: &User,
    client: &Origin,
    refusal: PasswordRefused,
    failed_action: &str,
) -> AppError {
    let cx = state.context(client);
    match refused::record(&state.store, &cx, user, &refusal, failed_action).await {
        Ok(()) => refusal_answer(refusal),
        Err(error) => error.into(),
    }
}

/// The answer to a password the directory did not set.
pub(super) fn refusal_answer(refusal: PasswordRefused) -> AppError {
    match refusal {
        PasswordRefused::Policy(problem) => refuse("password", "password", problem),
        PasswordRefused::WrongPassword => AppError::InvalidCredentials,
        PasswordRefused::Unavailable(reason) => AppError::DirectoryUnavailable(reason),
        PasswordRefused::NotAllowed(reason) => AppError::PasswordNotChanged(reason),
    }
}
