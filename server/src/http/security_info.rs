//! The security info page's data: `GET /api/v1/security-info`, `GET /api/v1/verification-options`
//! and `DELETE /api/v1/methods/{id}`.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use latchkey_api::ApiError;
use latchkey_api::types::{
    Channel, DefaultMethod, MethodInfo, MethodKind, SecurityInfo, VerificationOption,
};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::account::me_of;
use super::auth::SignedIn;
use super::error::AppError;
use super::json::Json;
use super::step_up::require_fresh;
use crate::messaging::reach::Reach;
use crate::methods::{self, RemoveError};
use crate::origin::Origin;
use crate::security_info::masks::phone_in_full;
use crate::security_info::masks::shown_masked;
use crate::security_info::review;
use crate::state::AppState;
use crate::store::StoredMethod;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(security_info))
        .routes(routes!(verification_options))
        .routes(routes!(delete_method))
}

/// A stored method as its verified owner sees it.
pub fn method_info(method: &StoredMethod) -> MethodInfo {
    let kind = method.kind;
    let detail = match kind {
        MethodKind::Phone | MethodKind::AlternatePhone => phone_in_full(&method.target),
        _ => method.target.clone(),
    };
    MethodInfo {
        id: method.id.clone(),
        kind,
        detail,
        created_at: method.created_at,
        last_used_at: method.last_used_at,
        codes_left: None,
        texts_unavailable: None,
        calls_unavailable: None,
    }
}

/// The user's methods. Once any exists, the session must have verified with one first.
#[utoipa::path(
    get, path = "/api/v1/security-info", tag = "security info",
    responses(
        (status = 200, description = "The methods", body = SecurityInfo),
        (status = 401, description = "Not signed in", body = ApiError),
        (status = 403, description = "Verify your identity first (`verification_required`)", body = ApiError),
    )
)]
pub async fn security_info(
    State(state): State<AppState>,
    signed_in: SignedIn,
) -> Result<Json<SecurityInfo>, AppError> {
    let user_id = &signed_in.user.id;
    let methods = state.store.methods(user_id).await?;
    if !methods.is_empty() && signed_in.session.verified_at.is_none() {
        return Err(AppError::VerificationRequired);
    }
    let codes_left = state.store.recovery_codes_left(user_id).await?;
    let (days, now) = (state.config.reconfirm_days, state.clock.now());
    let review_due = review::is_due(&state.store, days, user_id, &methods, now).await?;
    let reach = Reach::now(&state.store, &state.config, now).await?;
    let default_method = ways_to_verify(&state, &signed_in.user.id, &methods)
        .await?
        .into_iter()
        .find(|way| way.channel != Channel::RecoveryCode && way.unavailable.is_none())
        .map(|way| DefaultMethod {
            method_id: way.method_id,
            channel: way.channel,
        });
    Ok(Json(SecurityInfo {
        me: me_of(
            &state.config,
            signed_in.user,
            signed_in.session.access_pass_until,
        ),
        methods: methods
            .iter()
            .map(|method| MethodInfo {
                codes_left: (method.kind == MethodKind::RecoveryCodes).then_some(codes_left),
                texts_unavailable: reach.of_method(method, Channel::Sms),
                calls_unavailable: reach.of_method(method, Channel::Voice),
                ..method_info(method)
            })
            .collect(),
        methods_required: state.config.methods_required,
        default_method,
        review_due,
    }))
}

/// Every way the user can verify — each method by each channel that reaches it, and their apps
/// and passkeys once each — with the default way first: the one they chose, else the first;
/// recovery codes last.
pub async fn ways_to_verify(
    state: &AppState,
    user_id: &str,
    methods: &[StoredMethod],
) -> Result<Vec<VerificationOption>, AppError> {
    let chosen = state.store.default_method(user_id).await?;
    let reach = &Reach::now(&state.store, &state.config, state.clock.now()).await?;
    // Any of several apps or passkeys will do: one way for each kind.
    let mut kinds_seen = Vec::new();
    let one_of_each: Vec<&StoredMethod> = methods
        .iter()
        .filter(|method| {
            let first = !kinds_seen.contains(&method.kind);
            kinds_seen.push(method.kind);
            first
        })
        .collect();
    let mut ways: Vec<(bool, VerificationOption)> = one_of_each
        .into_iter()
        .flat_map(|method| {
            method.kind.channels().iter().map(move |&channel| {
                let is_default = chosen == Some((method.kind, channel));
                let way = VerificationOption {
                    method_id: method.id.clone(),
                    channel,
                    masked: shown_masked(method),
                    unavailable: reach.of_method(method, channel),
                };
                (is_default, way)
            })
        })
        .collect();
    // A stable sort keeps every other way in order; recovery codes are the last resort, and a
    // way that can't reach its phone now comes after every way that can.
    ways.sort_by_key(|(is_default, way)| {
        let last_resort = way.channel == Channel::RecoveryCode;
        (way.unavailable.is_some(), last_resort, !is_default)
    });
    Ok(ways.into_iter().map(|(_, way)| way).collect())
}

/// The ways this user can verify, with targets masked; needs only the password.
#[utoipa::path(
    get, path = "/api/v1/verification-options", tag = "security info",
    responses(
        (status = 200, description = "One entry per way to verify", body = [VerificationOption]),
        (status = 401, description = "Not signed in", body = ApiError),
    )
)]
pub async fn verification_options(
    State(state): State<AppState>,
    signed_in: SignedIn,
) -> Result<Json<Vec<VerificationOption>>, AppError> {
    let methods = state.store.methods(&signed_in.user.id).await?;
    Ok(Json(
        ways_to_verify(&state, &signed_in.user.id, &methods).await?,
    ))
}

/// Deletes a method (after a recent verification).
#[utoipa::path(
    delete, path = "/api/v1/methods/{id}", tag = "security info",
    params(("id" = String, Path, description = "The method")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 403, description = "Sign in or verify again first", body = ApiError),
        (status = 404, description = "No such method", body = ApiError),
    )
)]
pub async fn delete_method(
    State(state): State<AppState>,
    signed_in: SignedIn,
    client: Origin,
    Path(id): Path<String>,
) -> Result<StatusCode, AppError> {
    let before = state.store.methods(&signed_in.user.id).await?;
    require_fresh(&signed_in, !before.is_empty(), state.clock.now())?;
    let cx = state.context(&client);
    methods::remove_own(&state.store, &cx, &signed_in.user, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

impl From<RemoveError> for AppError {
    fn from(error: RemoveError) -> Self {
        match error {
            RemoveError::NoSuchMethod => Self::NotFound,
            RemoveError::Store(error) => error.into(),
        }
    }
}
