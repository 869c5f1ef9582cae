//! The API client: one typed function per endpoint, each a one-line call of [`request`].

mod failure;
mod request;

pub use failure::Failure;
pub use request::request;

use gloo_net::http::Method;
use latchkey_api::routes;
use latchkey_api::types::{Me, PublicConfig, SignInRequest};

/// The organisation's public settings.
pub async fn config() -> Result<PublicConfig, Failure> {
    request(Method::GET, routes::CONFIG, None::<&()>).await
}

/// Signs in; the server sets the session cookie.
pub async fn sign_in(form: &SignInRequest) -> Result<Me, Failure> {
    request(Method::POST, routes::SESSION, Some(form)).await
}

/// Signs out of this session.
pub async fn sign_out() -> Result<(), Failure> {
    request(Method::DELETE, routes::SESSION, None::<&()>).await
}

/// The signed-in user, or [`Failure::SignedOut`].
pub async fn me() -> Result<Me, Failure> {
    request(Method::GET, routes::ME, None::<&()>).await
}
