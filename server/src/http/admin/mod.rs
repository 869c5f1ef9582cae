//! IT support's API, `/api/v1/admin/...` (security.md 48–50, 53–54): staff only — a `helpdesk`
//! or `admin` role as the directory gives it now, signed in with a password and verified with a
//! method of their own within 15 minutes — acting only on the people their role allows, every
//! view and action (and every refusal) audited with the staff member, the client address and the
//! ticket, which is kept apart from Latchkey's own words.

mod account_actions;
mod actions;
mod audit_log;
mod caller_codes;
mod messaging;
mod people;
mod reports;

use axum::extract::{FromRequestParts, MatchedPath};
use axum::http::request::Parts;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use latchkey_api::Problem;
use latchkey_api::validation::check_staff_note;

use super::auth::SignedIn;
use super::challenges::refuse;
use super::error::AppError;
use super::step_up::verified_recently;
use crate::directory::standing::Purpose;
use crate::origin::Origin;
use crate::staff::Role;
use crate::staff::actions::OnAccount;
use crate::staff::error::StaffError;
pub use crate::staff::member::Staff;
use crate::state::AppState;
use crate::store::User;

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
        .routes(routes!(messaging::messaging))
        .routes(routes!(messaging::resume_messaging))
        .routes(routes!(messaging::add_safe_number))
        .routes(routes!(messaging::remove_safe_number))
}

/// A staff member's note, refused as `field` unless it is one printable line of at most 200
/// characters (security.md 58); trimmed, `None` when empty.
fn note<'a>(field: &str, text: &'a str) -> Result<Option<&'a str>, AppError> {
    let text = text.trim();
    check_staff_note(text).map_err(|problem| refuse(field, field, problem))?;
    Ok((!text.is_empty()).then_some(text))
}

/// A ticket as audited: optional.
pub fn ticket(text: &str) -> Result<Option<&str>, AppError> {
    note("ticket", text)
}

/// A reason as audited: required.
pub fn reason(text: &str) -> Result<&str, AppError> {
    note("reason", text)?.ok_or_else(|| refuse("reason", "reason", Problem::Required))
}

/// The action on `person`'s account this staff member's request asks for, now.
fn on_account<'a>(
    state: &'a AppState,
    staff: &'a Staff,
    person: &'a User,
    ticket: Option<&'a str>,
) -> OnAccount<'a> {
    OnAccount {
        store: &state.store,
        cx: state.context(&staff.origin),
        staff,
        person,
        ticket,
    }
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
        let Ok(origin) = Origin::from_request_parts(parts, state).await;
        let path = parts
            .extensions
            .get::<MatchedPath>()
            .map_or_else(|| parts.uri.path(), MatchedPath::as_str);
        Ok(Self {
            user: rechecked.user,
            role,
            session_hash: signed_in.session_hash,
            origin,
            request: format!("{} {path}", parts.method),
        })
    }
}

impl From<StaffError> for AppError {
    fn from(error: StaffError) -> Self {
        match error {
            StaffError::NoSuchPerson | StaffError::NoSuchMethod => Self::NotFound,
            StaffError::CallerNotVerified => Self::VerificationRequired,
            StaffError::AdminOnly => Self::Forbidden,
            StaffError::Lifetime => refuse("lifetime_minutes", "lifetime", Problem::Invalid),
            StaffError::Answer(refusal) => refusal.into(),
            StaffError::Store(error) => error.into(),
        }
    }
}

/// What the HTTP layer adds to a staff member: finding the person as the directory has them now.
impl Staff {
    /// The person with this ID, if this staff member may act on them; otherwise as if there were
    /// no such person (helpdesk does not learn who the staff are), and the attempt is audited.
    pub async fn person(&self, state: &AppState, id: &str) -> Result<User, AppError> {
        let stored = state.store.user(id).await?.ok_or(AppError::NotFound)?;
        let now = state.clock.now();
        // Their role as the directory has it now (at most a minute old), not as last seen.
        let person = state
            .directory
            .recheck(&state.store, &stored, now, Purpose::StaffAction)
            .await?
            .user;
        self.may_see(&state.store, &state.config, &person, now)
            .await?;
        Ok(person)
    }

    /// The person with this ID, if this staff member may act on them and verified the caller
    /// within the hour (security.md 49); an unverified attempt is audited.
    pub async fn verified_person(&self, state: &AppState, id: &str) -> Result<User, AppError> {
        let person = self.person(state, id).await?;
        self.verified_caller(&state.store, &person, state.clock.now())
            .await?;
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
}
