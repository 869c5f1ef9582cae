//! "Your password has expired": `POST /api/v1/password/expired` changes a password the directory
//! will not sign in with until it is changed (Active Directory's "must change password at next
//! logon", an expired password), then signs the person in. The old password is proven exactly
//! as at sign-in — same wait, same single answer for anything wrong.

use axum::extract::State;
use axum_extra::extract::CookieJar;
use latchkey_api::ApiError;
use latchkey_api::types::{ExpiredPasswordChange, Me, SignInRequest};
use latchkey_api::validation::validate_sign_in;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::account::me_of;
use super::error::AppError;
use super::json::Json;
use super::session::{Typed, prove, start_familiar_session};
use crate::origin::Origin;
use crate::password_change::{self, Asked, Passwords};
use crate::state::AppState;
use crate::telemetry::metrics;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(change_expired_password))
}

/// Changes a password that has expired, and signs in with the new one.
#[utoipa::path(
    post, path = "/api/v1/password/expired", tag = "session",
    request_body = ExpiredPasswordChange,
    responses(
        (status = 200, description = "Changed and signed in; the session cookie is set", body = Me),
        (status = 401, description = "Wrong username or password", body = ApiError),
        (status = 422, description = "A field is missing, or the new password breaks a policy", body = ApiError),
        (status = 503, description = "The directory can't be reached, or would not change it", body = ApiError),
    )
)]
pub async fn change_expired_password(
    State(state): State<AppState>,
    client: Origin,
    jar: CookieJar,
    Json(change): Json<ExpiredPasswordChange>,
) -> Result<(CookieJar, Json<Me>), AppError> {
    let typed = SignInRequest {
        username: change.username,
        password: change.current,
    };
    validate_sign_in(&typed).map_err(|fields| {
        AppError::Validation(
            fields
                .into_iter()
                .map(|field| match field.field.as_str() {
                    "password" => latchkey_api::FieldError {
                        field: "current".into(),
                        ..field
                    },
                    _ => field,
                })
                .collect(),
        )
    })?;
    let proven = prove(
        &state,
        &client,
        &jar,
        &typed.username,
        Typed::Password(&typed.password),
    )
    .await?;
    let now = state.clock.now();
    let user = state
        .directory
        .signed_in(&state.store, proven.found, now)
        .await?;
    let browser = super::familiar_browser::browser_of(&state, &jar, Some(&user)).await?;
    let passwords = Passwords {
        current: &typed.password,
        new: &change.password,
        browser,
        asked: Asked::Expired,
    };
    let cx = state.context(&client);
    password_change::change(&state.store, &state.directory, &cx, &user, passwords).await?;
    let jar = start_familiar_session(&state, jar, &user).await?;
    metrics::sign_in("signed_in");
    Ok((jar, Json(me_of(&state.config, user, None))))
}
