//! The reset's last step: the new password, checked live and then set through the directory;
//! then every session ends, open resets and codes are void, the account is unlocked, and the
//! person is told at every address (security.md 14–15).

use axum::extract::State;
use axum::http::StatusCode;
use axum_extra::extract::CookieJar;
use latchkey_api::ApiError;
use latchkey_api::types::{Channel, MethodKind, NewPassword, PasswordCheck};

use super::super::auth::removal_cookie;
use super::super::error::AppError;
use super::super::json::Json;
use super::super::password::not_set;
use super::{cookie_name, current_flow};
use crate::delivery::{self, Message};
use crate::origin::Origin;
use crate::security_info::messages::reset_notice;
use crate::state::AppState;
use crate::store::{AuditEntry, Ending, ResetFlow, User};
use crate::telemetry::metrics;

/// The account whose every step is proven; anything else may not choose a password.
pub(super) async fn proven_account(state: &AppState, flow: &ResetFlow) -> Result<User, AppError> {
    if (flow.proven.len() as i64) < flow.steps_required {
        return Err(AppError::Conflict("Prove who you are first."));
    }
    let user_id = flow.user_id.as_deref().ok_or(AppError::ResetExpired)?;
    state
        .store
        .user(user_id)
        .await?
        .ok_or(AppError::ResetExpired)
}

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
    let flow = current_flow(&state, &jar).await?;
    let user = proven_account(&state, &flow).await?;
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
    let flow = current_flow(&state, &jar).await?;
    let user = proven_account(&state, &flow).await?;
    if let Err(refused) = state
        .directory
        .set_password(&state.config, &user, &new.password)
        .await
    {
        metrics::reset("refused");
        state
            .store
            .autocommit()
            .await?
            .tally("reset_refused", state.clock.now())
            .await?;
        return Err(not_set(&state, &user, &client, refused, "password_reset_failed").await);
    }
    // At once, before the notices: a stranger's try counted after the directory forgot its
    // failures and before Latchkey forgets its own would be lost to the count.
    state
        .directory
        .password_was_reset(&state.store, &user)
        .await?;
    let entry = AuditEntry {
        user_id: &user.id,
        action: "password_reset",
        detail: "The password was reset with self-service password reset.",
        ip: &client.ip,
        user_agent: &client.user_agent,
    };
    state
        .store
        .autocommit()
        .await?
        .finish_reset(&user, Ending::NewPassword, entry, state.clock.now())
        .await?;
    notify(&state, &user, &client, Ending::NewPassword).await?;
    metrics::reset("completed");
    state
        .store
        .autocommit()
        .await?
        .tally("reset_completed", state.clock.now())
        .await?;
    // Proven as surely as by a sign-in: the browser is the person's familiar one.
    let jar = crate::http::familiar_browser::remember(&state, jar, &user).await?;
    Ok((
        StatusCode::NO_CONTENT,
        jar.add(removal_cookie(&state.config, cookie_name(&state))),
    ))
}

/// Tells the person how their reset ended at the work address, every personal email and every
/// phone (by text); apps, passkeys and recovery codes have nowhere to send to.
pub(super) async fn notify(
    state: &AppState,
    user: &User,
    client: &Origin,
    ending: Ending,
) -> Result<(), sqlx::Error> {
    let config = &state.config;
    let methods = state.store.methods(&user.id).await?;
    let mut recipients = vec![(Channel::Email, user.email.clone())];
    for method in &methods {
        let channel = match method.kind {
            MethodKind::Email => Channel::Email,
            MethodKind::Phone | MethodKind::AlternatePhone => Channel::Sms,
            MethodKind::AuthenticatorApp | MethodKind::Passkey | MethodKind::RecoveryCodes => {
                continue;
            }
        };
        if !recipients.iter().any(|(_, to)| *to == method.target) {
            recipients.push((channel, method.target.clone()));
        }
    }
    for (channel, to) in recipients {
        let (subject, body) = reset_notice(
            config.language_for(user, client.language),
            &config.organisation_name,
            &config.helpdesk_url,
            ending,
            channel == Channel::Email,
        );
        let message = Message {
            channel,
            to: &to,
            subject: &subject,
            body: &body,
            code: None,
        };
        delivery::enqueue(state, message).await?;
    }
    Ok(())
}
