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
use crate::password_change::refused;
use crate::security_info::changes;
use crate::security_info::messages::Change;
use crate::sessions::{ACCOUNT_MEMORY, sign_in_wait, throttle};
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
    let now = state.clock.now();
    // The current password is a sign-in's: the same counter and the same wait.
    let account = user.sign_in_scope();
    let wait = throttle::remaining(&state.store, &account, sign_in_wait, now).await?;
    if wait > 0 {
        return Err(AppError::RateLimited {
            retry_after: wait as u64,
        });
    }
    if change.current.is_empty() {
        return Err(refuse(
            "current",
            "current password",
            latchkey_api::Problem::Required,
        ));
    }
    let browser = super::familiar_browser::browser_of(&state, &jar, Some(user)).await?;
    let changed = state
        .directory
        .change_password(
            &state.config,
            (&state.store, browser, now),
            user,
            &change.current,
            &change.password,
        )
        .await;
    match changed {
        Ok(()) => {}
        Err(PasswordRefused::WrongPassword) => {
            state
                .store
                .autocommit()
                .await?
                .record_sign_in_failure(&account, now, now - ACCOUNT_MEMORY)
                .await?;
            return Err(AppError::InvalidCredentials);
        }
        Err(refused) => {
            return Err(not_set(&state, user, &client, refused, "password_change_failed").await);
        }
    }
    state
        .store
        .autocommit()
        .await?
        .clear_sign_in_failures(&account)
        .await?;
    after_change(&state, user, &client).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// What follows a person's own change: noted for Security info, audited, and told to their
/// addresses.
pub(super) async fn after_change(
    state: &AppState,
    user: &User,
    client: &Origin,
) -> Result<(), AppError> {
    let methods = state.store.methods(&user.id).await?;
    state
        .store
        .autocommit()
        .await?
        .note_password_changed(&user.id, state.clock.now())
        .await?;
    changes::record(
        &mut state.store.autocommit().await?,
        &state.context(client),
        user,
        &methods,
        "password_changed",
        &Change::PasswordChanged,
    )
    .await?;
    Ok(())
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
    let audited = async {
        let mut tx = state.store.transaction().await?;
        refused::audit(
            &mut tx,
            &state.context(client),
            user,
            &refusal,
            failed_action,
        )
        .await?;
        tx.commit().await
    };
    match audited.await {
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
