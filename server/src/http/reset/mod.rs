//! "Get back into your account": `/api/v1/reset…`. No session is involved: the reset is a
//! server-side record whose ID lives in its own HttpOnly cookie. The steps: a proof-of-work
//! puzzle and the name (here), one or two verifications with different methods (`verify`), the
//! new password (`password`). Unknown, disabled and method-less names get decoys that answer the
//! same way (security.md 10).

mod answers;
mod passkey;
mod password;
mod unlock;
mod verify;

use axum::extract::State;
use axum_extra::extract::CookieJar;
use latchkey_api::types::{ResetOption, ResetPuzzle, ResetStage, ResetStart, ResetStatus};
use latchkey_api::validation::USERNAME_MAX_LENGTH;
use latchkey_api::{ApiError, Problem};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::auth::private_cookie;
use super::challenges::refuse;
use super::error::AppError;
use super::json::Json;
use crate::origin::Origin;
use crate::reset::decoys::{decoy_country, decoy_methods};
use crate::reset::options::options;
use crate::reset::{flow, puzzle, start};
use crate::security_info::limits;
use crate::state::AppState;
use crate::store::{ResetFlow, StoredMethod};
use crate::telemetry::metrics;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(reset_puzzle))
        .routes(routes!(start_reset, reset_status))
        .routes(routes!(verify::start_reset_verification))
        .routes(routes!(verify::submit_reset_code))
        .routes(routes!(verify::complete_reset_call))
        .routes(routes!(passkey::complete_reset_passkey))
        .routes(routes!(verify::resend_reset_code))
        .routes(routes!(verify::reset_challenge_status))
        .routes(routes!(password::check_reset_password))
        .routes(routes!(password::set_reset_password))
        .routes(routes!(unlock::unlock_account))
}

/// The reset cookie's name: with the `__Host-` prefix over HTTPS.
pub(super) fn cookie_name(state: &AppState) -> &'static str {
    if state.config.is_https() {
        "__Host-latchkey_reset"
    } else {
        "latchkey_reset"
    }
}

/// The token of the reset this browser has under way, if its cookie came.
pub(super) fn reset_token<'a>(state: &AppState, jar: &'a CookieJar) -> Option<&'a str> {
    jar.get(cookie_name(state)).map(|cookie| cookie.value())
}

/// The reset this browser has under way, if it is still open.
pub(super) async fn current_flow(state: &AppState, jar: &CookieJar) -> Result<ResetFlow, AppError> {
    let token = reset_token(state, jar);
    Ok(flow::current(&state.store, token, state.clock.now()).await?)
}

/// The methods a reset can prove: the account's, or the name's decoys — turned into options,
/// checked and answered by the same code either way.
pub(super) async fn methods_of(
    state: &AppState,
    flow: &ResetFlow,
) -> Result<Vec<StoredMethod>, AppError> {
    // A decoy asks the database too, so that both take the same time.
    let stored = state.store.methods(&flow.account()).await?;
    Ok(match flow.user_id {
        Some(_) => stored,
        None => decoy_methods(
            &flow.name_key,
            flow.steps_required,
            decoy_country(&state.config),
        ),
    })
}

/// The ways to prove the next step; a kind of method already proven is not offered again
/// (security.md 13).
pub(super) fn open_options(flow: &ResetFlow, methods: &[StoredMethod]) -> Vec<ResetOption> {
    options(methods)
        .into_iter()
        .filter(|option| !flow.proven.contains(&option.kind))
        .collect()
}

pub(super) async fn status(state: &AppState, flow: &ResetFlow) -> Result<ResetStatus, AppError> {
    let proven = flow.proven.len() as u32;
    let required = flow.steps_required as u32;
    Ok(ResetStatus {
        stage: if proven >= required {
            ResetStage::NewPassword
        } else {
            ResetStage::Verify
        },
        step: (proven + 1).min(required),
        steps_required: required,
        options: open_options(flow, &methods_of(state, flow).await?),
    })
}

/// A puzzle to solve before starting.
#[utoipa::path(
    get, path = "/api/v1/reset/puzzle", tag = "reset",
    responses((status = 200, description = "A signed puzzle, good for five minutes", body = ResetPuzzle))
)]
pub async fn reset_puzzle(State(state): State<AppState>) -> Json<ResetPuzzle> {
    let difficulty = state.config.reset_puzzle_difficulty;
    Json(ResetPuzzle {
        puzzle: puzzle::issue(&state.reset_key, state.clock.now(), difficulty),
        difficulty,
    })
}

/// Starts a reset for a name, after the puzzle. Answers the same for every name.
#[utoipa::path(
    post, path = "/api/v1/reset", tag = "reset",
    request_body = ResetStart,
    responses(
        (status = 200, description = "The reset's first step; its cookie is set", body = ResetStatus),
        (status = 422, description = "No name, or the puzzle failed (`puzzle_failed`)", body = ApiError),
        (status = 429, description = "Too many resets for this name or address; see Retry-After", body = ApiError),
    )
)]
pub async fn start_reset(
    State(state): State<AppState>,
    client: Origin,
    jar: CookieJar,
    Json(start): Json<ResetStart>,
) -> Result<(CookieJar, Json<ResetStatus>), AppError> {
    let name = start.username.trim();
    if name.is_empty() {
        return Err(refuse("username", "username", Problem::Required));
    }
    if name.chars().count() > USERNAME_MAX_LENGTH {
        return Err(refuse("username", "username", Problem::TooLong));
    }
    let now = state.clock.now();
    start::spend_puzzle(
        &state.store,
        &state.reset_key,
        &start.puzzle,
        start.solution,
        now,
    )
    .await?;
    let name_key = state.reset_key.name_key(name);
    let found = state
        .directory
        .find(&state.store, &name.to_lowercase())
        .await?;
    // People who never signed in have no methods: they get decoys like unknown names.
    let user = found
        .as_ref()
        .and_then(|found| found.usable_user())
        .cloned();
    let account = start::account(&name_key, user.as_ref());
    limits::count_reset(&state.store, &name_key, &account, &client.network, now)
        .await
        .inspect_err(|_| metrics::reset("refused"))?;
    let methods_required = state.config.methods_required;
    let opened = start::open(&state.store, &name_key, user, methods_required, now).await?;
    let jar = jar.add(private_cookie(
        &state.config,
        cookie_name(&state),
        &opened.token,
    ));
    metrics::reset("started");
    Ok((jar, Json(status(&state, &opened.flow).await?)))
}

/// Where this browser's reset stands.
#[utoipa::path(
    get, path = "/api/v1/reset", tag = "reset",
    responses(
        (status = 200, description = "The reset", body = ResetStatus),
        (status = 409, description = "No reset under way, or it expired (`reset_expired`)", body = ApiError),
    )
)]
pub async fn reset_status(
    State(state): State<AppState>,
    jar: CookieJar,
) -> Result<Json<ResetStatus>, AppError> {
    let flow = current_flow(&state, &jar).await?;
    Ok(Json(status(&state, &flow).await?))
}
