//! Settings the SPA shows before sign-in: `GET /api/v1/config`.

use axum::extract::State;
use latchkey_api::types::PublicConfig;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::json::Json;
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(public_config))
}

/// The organisation's name, helpdesk link and password rules (the directory's too).
#[utoipa::path(
    get, path = "/api/v1/config", tag = "config",
    responses((status = 200, description = "Public settings", body = PublicConfig))
)]
pub async fn public_config(State(state): State<AppState>) -> Json<PublicConfig> {
    let config = &state.config;
    let rules = state.directory.rules();
    Json(PublicConfig {
        organisation_name: config.organisation_name.clone(),
        helpdesk_url: config.helpdesk_url.clone(),
        // The stricter of Latchkey's and the directory's.
        password_min_length: rules
            .min_length
            .map_or(config.password_min_length, |theirs| {
                theirs.max(config.password_min_length)
            }),
        password_history: rules.history,
        password_complexity: rules.complexity,
        development_mode: config.development_mode,
        default_country: config.default_country.clone(),
        accent_colour: config.accent_colour.clone(),
        logo_url: config.logo_url.clone(),
        helpdesk_text: config.helpdesk_text.clone(),
        sign_in_message: config.sign_in_message.clone(),
    })
}
