//! The JSON body extractor: axum's, with its rejections turned into the API's error shape.

use axum::extract::FromRequest;
use axum::extract::rejection::JsonRejection;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use super::error::AppError;

/// A JSON request body (or response), refused with `{code, message, fields}` when it is not.
#[derive(Debug, FromRequest)]
#[from_request(via(axum::Json), rejection(AppError))]
pub struct Json<T>(pub T);

impl From<JsonRejection> for AppError {
    fn from(rejection: JsonRejection) -> Self {
        match rejection {
            JsonRejection::MissingJsonContentType(_) => Self::UnsupportedMediaType,
            other if other.status() == StatusCode::PAYLOAD_TOO_LARGE => Self::PayloadTooLarge,
            JsonRejection::JsonDataError(error) => Self::MalformedJson(error.body_text()),
            JsonRejection::JsonSyntaxError(error) => Self::MalformedJson(error.body_text()),
            other => Self::MalformedJson(other.body_text()),
        }
    }
}

impl<T: serde::Serialize> IntoResponse for Json<T> {
    fn into_response(self) -> Response {
        axum::Json(self.0).into_response()
    }
}
