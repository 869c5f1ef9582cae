//! IT support's API, `/api/v1/admin/...` (security.md 48–50, 53–54): staff only — a `helpdesk`
//! or `admin` role as the directory gives it now, signed in with a password and verified with a
//! method of their own within 15 minutes — acting only on the people their role allows, every
//! view and action audited with the staff member, the client address and the ticket.

mod account_actions;
mod actions;
mod audit_log;
mod caller_codes;
mod people;
mod reports;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use latchkey_api::Problem;

use super::auth::SignedIn;
use super::challenges::refuse;
use super::client::Client;
use super::error::AppError;
use super::step_up::verified_recently;
use crate::directory::standing::Purpose;
use crate::staff::{CALLER_VERIFIED_FOR, Role, may_act};
use crate::state::AppState;
use crate::store::{AuditEntry, User};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(people::find_people))
        .routes(routes!(people::person))
        .routes(routes!(actions::verified_another_way))
        .routes(routes!(actions::make_access_pass))
        .routes(routes!(account_actions::delete_method))
        .routes(routes!(account_actions::require_re_registration))
        .routes(routes!(account_actions::sign_out_everywhere))
        .routes(routes!(account_actions::unlock))
        .routes(routes!(caller_codes::send_caller_code))
        .routes(routes!(caller_codes::check_caller_code))
        .routes(routes!(audit_log::audit_log))
        .routes(routes!(audit_log::audit_log_csv))
        .routes(routes!(reports::coverage))
        .routes(routes!(reports::activity))
}

/// A signed-in staff member.
pub struct Staff {
    pub user: User,
    pub role: Role,
    /// Their session, which owns the codes they send to callers.
    pub session_hash: String,
}

/// Longest reason or ticket kept.
const NOTE_MAX: usize = 200;

/// A ticket as audited: trimmed, "none" when empty; refused when too long.
pub fn ticket(text: &str) -> Result<String, AppError> {
    let text = text.trim();
    if text.chars().count() > NOTE_MAX {
        return Err(refuse("ticket", "ticket", Problem::TooLong));
    }
    Ok(if text.is_empty() {
        "none".into()
    } else {
        text.into()
    })
}

/// A reason as audited: required, trimmed; refused when too long.
pub fn reason(text: &str) -> Result<&str, AppError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(refuse("reason", "reason", Problem::Required));
    }
    if text.chars().count() > NOTE_MAX {
        return Err(refuse("reason", "reason", Problem::TooLong));
    }
    Ok(text)
}

impl FromRequestParts<AppState> for Staff {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let signed_in = SignedIn::from_request_parts(parts, state).await?;
        let now = state.clock.now();
        // The role as the directory has it now, at most a minute old; while the directory
        // cannot say, staff actions wait for it (503) rather than trust an older word.
        let rechecked = state
            .directory
            .recheck(&state.store, &signed_in.user, now, Purpose::StaffAction)
            .await?;
        if rechecked.ended.is_some() {
            return Err(AppError::Unauthenticated);
        }
        let role = state
            .config
            .role_of(&rechecked.user)
            .ok_or(AppError::Forbidden)?;
        // Staff hold a method, and proved themselves with one within 15 minutes.
        let methods = state.store.methods(&rechecked.user.id).await?;
        if methods.is_empty() || !verified_recently(&signed_in.session, now) {
            return Err(AppError::VerificationRequired);
        }
        Ok(Self {
            user: rechecked.user,
            role,
            session_hash: signed_in.session_hash,
        })
    }
}

impl Staff {
    /// The person with this ID, if this staff member may act on them; otherwise as if there were
    /// no such person (helpdesk does not learn who the staff are).
    pub async fn person(&self, state: &AppState, id: &str) -> Result<User, AppError> {
        let stored = state.store.user(id).await?.ok_or(AppError::NotFound)?;
        // Their role as the directory has it now (at most a minute old), not as last seen.
        let person = state
            .directory
            .recheck(
                &state.store,
                &stored,
                state.clock.now(),
                Purpose::StaffAction,
            )
            .await?
            .user;
        let role = state.config.role_of(&person);
        may_act(self.role, &self.user.id, &person.id, role).map_err(|_| AppError::NotFound)?;
        Ok(person)
    }

    /// The person with this ID, if this staff member may act on them and verified the caller
    /// within the hour (security.md 49).
    pub async fn verified_person(&self, state: &AppState, id: &str) -> Result<User, AppError> {
        let person = self.person(state, id).await?;
        let verified = state
            .store
            .caller_verified_at(&self.user.id, &person.id)
            .await?;
        let now = state.clock.now();
        if verified.is_none_or(|at| now >= at + CALLER_VERIFIED_FOR) {
            return Err(AppError::VerificationRequired);
        }
        Ok(person)
    }

    /// Refuses anyone but an admin.
    pub fn admin_only(&self) -> Result<(), AppError> {
        if self.role == Role::Admin {
            Ok(())
        } else {
            Err(AppError::Forbidden)
        }
    }

    /// Audits an action on `person` taken under `ticket`.
    pub async fn acted(
        &self,
        state: &AppState,
        person: &User,
        client: &Client,
        action: &str,
        what: &str,
        ticket: &str,
    ) -> Result<(), AppError> {
        let what = format!("{what} (ticket {ticket})");
        self.audit(state, person, client, action, &what).await
    }

    /// Writes what this staff member did to `person` into the person's audit trail.
    pub async fn audit(
        &self,
        state: &AppState,
        person: &User,
        client: &Client,
        action: &str,
        what: &str,
    ) -> Result<(), AppError> {
        let detail = format!("{what} — by {} ({})", self.user.username, self.role.name());
        let entry = AuditEntry {
            user_id: &person.id,
            action,
            detail: &detail,
            ip: &client.ip,
            user_agent: &client.user_agent,
        };
        state
            .store
            .audit_by_staff(entry, &self.user.id, state.clock.now())
            .await?;
        Ok(())
    }
}
