//! The OpenAPI 3.1 document, built from the same route declarations as the router.

use std::sync::OnceLock;

use axum::http::header;
use axum::response::IntoResponse;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::state::AppState;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Latchkey API",
        description = "Self-service password reset: accounts, sessions, security info."
    ),
    components(schemas(
        latchkey_api::ApiError,
        latchkey_api::ErrorCode,
        latchkey_api::FieldError
    ))
)]
struct ApiDoc;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(openapi_json))
}

/// Every API route, as the router knows them.
pub fn document() -> utoipa::openapi::OpenApi {
    let (_, doc) = OpenApiRouter::<AppState>::with_openapi(ApiDoc::openapi())
        .merge(super::api_routes())
        .split_for_parts();
    doc
}

/// This document.
#[utoipa::path(
    get, path = "/api/v1/openapi.json", tag = "meta",
    responses((status = 200, description = "The OpenAPI 3.1 document", content_type = "application/json"))
)]
pub async fn openapi_json() -> impl IntoResponse {
    static JSON: OnceLock<String> = OnceLock::new();
    let body = JSON.get_or_init(|| document().to_json().expect("the document serialises"));
    ([(header::CONTENT_TYPE, "application/json")], body.as_str())
}
