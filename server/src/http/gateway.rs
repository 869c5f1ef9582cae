//! Gateways calling back with how a call ended. They carry no session: each callback is proven
//! by its signature instead — the webhook gateway's HMAC-SHA256 with a timestamp and replay
//! check (`POST /api/v1/gateway/webhook/calls`), or Twilio's `X-Twilio-Signature` on the
//! gather and status callbacks of each call.

use axum::body::Bytes;
use axum::extract::{Form, Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use latchkey_api::ApiError;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::error::AppError;
use crate::config::Gateway;
use crate::delivery::{twilio, webhook};
use crate::security_info::calls::{self, CallOutcome};
use crate::security_info::messages::{CallEnding, call_ending};
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(webhook_call_result))
        .route(
            "/api/v1/gateway/twilio/calls/{id}/gather",
            axum::routing::post(twilio_gather),
        )
        .route(
            "/api/v1/gateway/twilio/calls/{id}/status",
            axum::routing::post(twilio_status),
        )
}

/// How a call placed through the webhook gateway ended.
#[derive(Debug, Deserialize, Serialize, utoipa::ToSchema)]
pub struct CallReport {
    /// The `id` of the request that placed the call.
    pub id: String,
    /// `pressed` (with `digits`), `declined` or `not_answered`.
    pub result: String,
    /// The keys pressed, for `pressed`.
    #[serde(default)]
    pub digits: Option<String>,
}

fn header_text<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|value| value.to_str().ok())
}

/// Records an outcome; a call that already ended is a conflict the gateway should not retry.
async fn record(state: &AppState, id: &str, outcome: CallOutcome) -> Result<(), AppError> {
    if calls::record(&state.store, id, outcome, state.clock.now()).await? {
        Ok(())
    } else {
        Err(AppError::Conflict(
            "This call has already ended, timed out, or was replaced by a newer one.",
        ))
    }
}

/// The webhook gateway reports how a call ended (signed like the request that placed it).
#[utoipa::path(
    post, path = "/api/v1/gateway/webhook/calls", tag = "gateways",
    request_body = CallReport,
    params(
        ("x-latchkey-timestamp" = i64, Header, description = "Unix time of signing"),
        ("x-latchkey-signature" = String, Header, description = "`v1=` and hex HMAC-SHA256 of `{timestamp}.{body}`"),
    ),
    responses(
        (status = 204, description = "Recorded"),
        (status = 401, description = "Missing, wrong, stale or replayed signature", body = ApiError),
        (status = 404, description = "The webhook gateway is not in use", body = ApiError),
        (status = 409, description = "The call already ended; do not retry", body = ApiError),
    )
)]
pub async fn webhook_call_result(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<StatusCode, AppError> {
    if state.config.voice_gateway != Some(Gateway::Webhook) {
        return Err(AppError::NotFound);
    }
    let settings = state.config.webhook.as_ref().ok_or(AppError::NotFound)?;
    let now = state.clock.now();
    let timestamp: i64 = header_text(&headers, webhook::TIMESTAMP_HEADER)
        .and_then(|value| value.trim().parse().ok())
        .ok_or(AppError::BadSignature)?;
    let signature = header_text(&headers, webhook::SIGNATURE_HEADER).unwrap_or_default();
    if (now - timestamp).abs() > webhook::CALLBACK_TOLERANCE
        || !webhook::signature_matches(&settings.secret, timestamp, &body, signature)
    {
        return Err(AppError::BadSignature);
    }
    // The same signed callback twice is a replay, whoever sends it.
    let fingerprint = hex::encode(Sha256::digest(signature.as_bytes()));
    let forget_before = now - 2 * webhook::CALLBACK_TOLERANCE;
    let first_time = calls::first_sight(&state.store, &fingerprint, now, forget_before).await?;
    if !first_time {
        return Err(AppError::BadSignature);
    }
    let report: CallReport = serde_json::from_slice(&body)
        .map_err(|error| AppError::MalformedJson(error.to_string()))?;
    let outcome = match report.result.as_str() {
        "pressed" => CallOutcome::of_keys(report.digits.as_deref().unwrap_or_default()),
        "declined" => CallOutcome::Declined,
        "not_answered" => CallOutcome::NotAnswered,
        _ => {
            return Err(AppError::MalformedJson(
                "result must be pressed, declined or not_answered".into(),
            ));
        }
    };
    record(&state, &report.id, outcome).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Checks Twilio's signature of a callback to `path` with these parameters.
fn check_twilio(
    state: &AppState,
    headers: &HeaderMap,
    path: &str,
    params: &[(String, String)],
) -> Result<(), AppError> {
    let uses_twilio = state.config.voice_gateway == Some(Gateway::Twilio);
    let settings = state
        .config
        .twilio
        .as_ref()
        .filter(|_| uses_twilio)
        .ok_or(AppError::NotFound)?;
    let given = header_text(headers, twilio::SIGNATURE_HEADER).unwrap_or_default();
    let url = state.config.public_address(path);
    if twilio::signature_matches(&settings.auth_token, &url, params, given) {
        Ok(())
    } else {
        Err(AppError::BadSignature)
    }
}

fn param<'a>(params: &'a [(String, String)], name: &str) -> &'a str {
    params
        .iter()
        .find(|(key, _)| key == name)
        .map_or("", |(_, value)| value.as_str())
}

/// TwiML for the caller to hear before the call ends.
fn say(state: &AppState, ending: CallEnding) -> Response {
    let language = state.config.message_language;
    (
        [(header::CONTENT_TYPE, "text/xml; charset=utf-8")],
        twilio::say_twiml(language, call_ending(language, ending)),
    )
        .into_response()
}

/// Twilio reports the key the person pressed during the call.
async fn twilio_gather(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    Form(params): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    check_twilio(&state, &headers, &twilio::gather_path(&id), &params)?;
    let outcome = CallOutcome::of_keys(param(&params, "Digits"));
    let recorded = calls::record(&state.store, &id, outcome, state.clock.now()).await?;
    Ok(say(
        &state,
        match (recorded, outcome) {
            (true, CallOutcome::Confirmed) => CallEnding::Verified,
            (false, _) => CallEnding::Expired,
            _ => CallEnding::NotVerified,
        },
    ))
}

/// Twilio reports how the call ended; only a call without a result yet takes it.
async fn twilio_status(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    Form(params): Form<Vec<(String, String)>>,
) -> Result<StatusCode, AppError> {
    check_twilio(&state, &headers, &twilio::status_path(&id), &params)?;
    let outcome = match param(&params, "CallStatus") {
        "busy" | "canceled" | "completed" => Some(CallOutcome::Declined),
        "no-answer" | "failed" => Some(CallOutcome::NotAnswered),
        // Interim statuses (queued, ringing, in-progress) change nothing.
        _ => None,
    };
    if let Some(outcome) = outcome {
        // A call already answered with # keeps that result.
        calls::record(&state.store, &id, outcome, state.clock.now()).await?;
    }
    Ok(StatusCode::NO_CONTENT)
}
