//! IT support's API, `/api/v1/admin/...` (security.md 48–50, 53–54): staff only — a `helpdesk`
//! or `admin` role as the directory gives it now, signed in with a password and verified with a
//! method of their own within 15 minutes — acting only on the people their role allows, every
//! view and action (and every refusal) audited with the staff member, the client address and the
//! ticket, which is kept apart from Latchkey's own words.

mod account_actions;
mod actions;
mod audit_log;
mod caller_codes;
mod people;
mod reports;

use axum::extract::{FromRequestParts, MatchedPath};
use axum::http::request::Parts;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use latchkey_api::Problem;
use latchkey_api::types::Actor;
use latchkey_api::validation::check_staff_note;

use super::auth::SignedIn;
use super::challenges::refuse;
use super::error::AppError;
use super::step_up::verified_recently;
use crate::directory::standing::Purpose;
use crate::origin::Origin;
use crate::staff::{CALLER_VERIFIED_FOR, NotAllowed, Role, may_act};
use crate::state::AppState;
use crate::store::{AuditEntry, AuditRecord, StaffNote, User};

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
    /// Where they are, for the entries they leave.
    client: Origin,
    /// What they asked for (`POST /api/v1/admin/people/{id}/unlock`), for a refusal's entry.
    request: String,
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
        let Ok(client) = Origin::from_request_parts(parts, state).await;
        let path = parts
            .extensions
            .get::<MatchedPath>()
            .map_or_else(|| parts.uri.path(), MatchedPath::as_str);
        Ok(Self {
            user: rechecked.user,
            role,
            session_hash: signed_in.session_hash,
            client,
            request: format!("{} {path}", parts.method),
        })
    }
}

impl Staff {
    /// Whether this staff member may see and act on `person` (security.md 48 and 59).
    pub async fn may_act_on(&self, state: &AppState, person: &User) -> Result<(), NotAllowed> {
        let role = state.config.role_of(person);
        may_act(self.role, &self.user.id, &person.id, role)
    }

    /// The person with this ID, if this staff member may act on them; otherwise as if there were
    /// no such person (helpdesk does not learn who the staff are), and the attempt is audited.
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
        if let Err(not_allowed) = self.may_act_on(state, &person).await {
            let why = match not_allowed {
                NotAllowed::Themselves => "nobody acts on their own account",
                NotAllowed::Staff => "helpdesk does not act on IT support staff",
            };
            self.refused(state, &person, why).await?;
            return Err(AppError::NotFound);
        }
        Ok(person)
    }

    /// The person with this ID, if this staff member may act on them and verified the caller
    /// within the hour (security.md 49); an unverified attempt is audited.
    pub async fn verified_person(&self, state: &AppState, id: &str) -> Result<User, AppError> {
        let person = self.person(state, id).await?;
        let verified = state
            .store
            .caller_verified_at(&self.user.id, &person.id)
            .await?;
        let now = state.clock.now();
        if verified.is_none_or(|at| now >= at + CALLER_VERIFIED_FOR) {
            self.refused(state, &person, "the caller was not verified")
                .await?;
            return Err(AppError::VerificationRequired);
        }
        Ok(person)
    }

    /// Who did what `record` records, as this staff member may be told: an admin is told every
    /// name; helpdesk its own, not the other staff's (security.md 59).
    pub fn actor_shown(&self, record: &AuditRecord) -> Actor {
        match (&record.staff_id, &record.staff) {
            (None, _) => Actor::Person,
            (Some(id), Some(name)) if self.role == Role::Admin || *id == self.user.id => {
                Actor::Staff(name.clone())
            }
            _ => Actor::ItSupport,
        }
    }

    /// Where `record` came from, as this staff member may read it: not the address of a staff
    /// member they are not told of (a known desk's address would name them).
    pub fn client_shown(&self, record: &AuditRecord) -> String {
        match self.actor_shown(record) {
            Actor::ItSupport => String::new(),
            _ => record.ip.clone(),
        }
    }

    /// What Latchkey wrote of `record`, as this staff member may read it. Entries written before
    /// the actor had a column of their own end with " — by {username} ({role})": a staff member
    /// not told of the actor does not read that part.
    pub fn detail_shown(&self, record: &AuditRecord) -> String {
        let detail = &record.detail;
        match (self.actor_shown(record), &record.staff) {
            (Actor::ItSupport, Some(name)) => detail
                .rfind(&format!(" — by {name} ("))
                .map_or_else(|| detail.clone(), |at| detail[..at].to_string()),
            _ => detail.clone(),
        }
    }

    /// Refuses anyone but an admin.
    pub fn admin_only(&self) -> Result<(), AppError> {
        if self.role == Role::Admin {
            Ok(())
        } else {
            Err(AppError::Forbidden)
        }
    }

    /// Refuses anyone but an admin the action on `person`, and audits the attempt.
    pub async fn admin_only_on(&self, state: &AppState, person: &User) -> Result<(), AppError> {
        if let Err(refusal) = self.admin_only() {
            self.refused(state, person, "only an admin may do this")
                .await?;
            return Err(refusal);
        }
        Ok(())
    }

    /// Audits a refused attempt on `person`, and why it was refused.
    async fn refused(&self, state: &AppState, person: &User, why: &str) -> Result<(), AppError> {
        let what = format!("Refused, as {why}: {}", self.request);
        self.acted(state, person, "staff_action_refused", &what, None)
            .await
    }

    /// Audits an action on `person`: Latchkey's words for it (`what`), and apart from them the
    /// ticket or reason this staff member wrote.
    pub async fn acted(
        &self,
        state: &AppState,
        person: &User,
        action: &str,
        what: &str,
        note: Option<&str>,
    ) -> Result<(), AppError> {
        let client = &self.client;
        let entry = AuditEntry {
            user_id: &person.id,
            action,
            detail: what,
            ip: &client.ip,
            user_agent: &client.user_agent,
        };
        let staff = StaffNote {
            actor_id: &self.user.id,
            note,
        };
        state
            .store
            .autocommit()
            .await?
            .audit_by_staff(entry, staff, state.clock.now())
            .await?;
        Ok(())
    }

    /// Writes what this staff member did to `person`, with nothing of their own words.
    pub async fn audit(
        &self,
        state: &AppState,
        person: &User,
        action: &str,
        what: &str,
    ) -> Result<(), AppError> {
        self.acted(state, person, action, what, None).await
    }
}
