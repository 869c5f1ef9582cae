//! Signing in and out: `POST` and `DELETE /api/v1/session`.

use axum::extract::State;
use axum::http::StatusCode;
use axum_extra::extract::CookieJar;
use latchkey_api::ApiError;
use latchkey_api::types::{Me, SignInRequest};
use latchkey_api::validation::validate_sign_in;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::account::me_of;
use super::auth::{SignedIn, expired_cookie, session_cookie, session_hash};
use super::error::AppError;
use super::familiar_browser;
use super::json::Json;
use crate::directory::lockout::Browser;
use crate::directory::{Found, Proof};
use crate::origin::Origin;
use crate::sessions::{address_wait, sign_in_wait, throttle};
use crate::sign_in::session::Begun;
use crate::sign_in::sign_out::{self, SignOutError};
use crate::sign_in::{failures, session};
use crate::state::AppState;
use crate::store::User;
use crate::telemetry::metrics;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(sign_in, sign_out))
        .routes(routes!(sign_out_everywhere))
}

/// Signs in with a username (or work email) and password.
///
/// Wrong passwords, unknown, disabled and throttled accounts all get the same answer.
#[utoipa::path(
    post, path = "/api/v1/session", tag = "session",
    request_body = SignInRequest,
    responses(
        (status = 200, description = "Signed in; the session cookie is set", body = Me),
        (status = 401, description = "Wrong username or password", body = ApiError),
        (status = 403, description = "The password has expired: change it first", body = ApiError),
        (status = 422, description = "A field is missing or too long", body = ApiError),
        (status = 503, description = "Too many sign-ins at this moment (`busy`, with Retry-After, alike for every name), or the directory cannot be reached", body = ApiError),
    )
)]
pub async fn sign_in(
    State(state): State<AppState>,
    client: Origin,
    jar: CookieJar,
    Json(request): Json<SignInRequest>,
) -> Result<(CookieJar, Json<Me>), AppError> {
    validate_sign_in(&request).map_err(AppError::Validation)?;
    let now = state.clock.now();
    let typed = Typed::Password(&request.password);
    let proven = prove(&state, &client, &jar, &request.username, typed).await?;
    if proven.proof == Proof::Expired {
        metrics::sign_in("expired");
        return Err(AppError::PasswordExpired);
    }
    let user = state
        .directory
        .signed_in(&state.store, proven.found, now)
        .await?;
    let jar = start_familiar_session(&state, jar, &user).await?;
    metrics::sign_in("signed_in");
    Ok((jar, Json(me_of(&state.config, user, None))))
}

/// What a person typed to sign in.
#[derive(Clone, Copy)]
pub enum Typed<'a> {
    Password(&'a str),
    /// A Temporary Access Pass, used up (if one-time) when it is right.
    AccessPass(&'a str),
}

/// A password or pass proven right: whose, whether the password must be changed first, and
/// until when a pass lasts.
pub struct Proven {
    pub found: Found,
    pub proof: Proof,
    pub access_pass_until: Option<crate::clock::Timestamp>,
}

/// Checks a typed name and password (or pass) as a sign-in does: the progressive wait per
/// account and per client address, the directory's lockout kept out of reach (apart for a
/// browser in `jar` the person signed in from before), and one answer for wrong passwords or
/// passes, unknown, disabled and throttled names.
pub async fn prove(
    state: &AppState,
    client: &Origin,
    jar: &CookieJar,
    typed_name: &str,
    typed: Typed<'_>,
) -> Result<Proven, AppError> {
    let name = typed_name.trim().to_lowercase();
    let now = state.clock.now();
    let store = &state.store;
    let found = state.directory.find(store, &name).await?;
    // A browser the person signed in from before counts its failures apart (security.md 52):
    // what strangers type elsewhere neither closes sign-in there nor spends its share of the
    // directory's threshold.
    let browser = match typed {
        Typed::Password(_) => {
            let user = found.as_ref().and_then(|found| found.user.as_ref());
            familiar_browser::browser_of(state, jar, user).await?
        }
        Typed::AccessPass(_) => Browser::Unfamiliar,
    };
    // Failures count per account, whichever name it was typed as, and per client address.
    let account = match (&found, browser) {
        (Some(found), Browser::Familiar) => format!("account-familiar:{}", found.person.id),
        (Some(found), Browser::Unfamiliar) => format!("account:{}", found.person.id),
        (None, _) => format!("name:{name}"),
    };
    let address = format!("address:{}", client.network);
    let address_closed = throttle::is_closed(store, &address, address_wait, now).await?;
    let throttled =
        address_closed || throttle::is_closed(store, &account, sign_in_wait, now).await?;
    // A disabled account, or any while the wait lasts, is checked like an unknown name: the
    // same work, never a success, and nothing sent to a directory in the person's name.
    let checked = found
        .as_ref()
        .filter(|found| !found.person.disabled && !throttled);
    let (proof, access_pass_until) = match typed {
        // While the address itself waits, its tries are refused unread and unhashed: that wait
        // is the same whatever name is typed, so skipping the work tells nothing of the name,
        // and a flood from a few addresses leaves the hashing queue to everyone else.
        Typed::Password(_) if address_closed => (Proof::Wrong, None),
        Typed::Password(password) => {
            let proof = state
                .directory
                .check_password(store, checked, password, browser, now)
                .await?;
            (proof, None)
        }
        Typed::AccessPass(pass) => {
            // An unknown name looks its pass up too, under no one: the same work.
            let user_id = checked
                .and_then(Found::usable_user)
                .map_or("", |user| user.id.as_str());
            let hash = crate::access_pass::hash(pass);
            let until = store
                .autocommit()
                .await?
                .use_access_pass(user_id, &hash, now)
                .await?;
            let proof = if until.is_some() {
                Proof::Right
            } else {
                Proof::Wrong
            };
            (proof, until)
        }
    };
    match found {
        Some(found) if proof != Proof::Wrong => {
            failures::forget(store, &found.person.id).await?;
            Ok(Proven {
                found,
                proof,
                access_pass_until,
            })
        }
        _ => {
            // Attempts refused unread during the wait do not lengthen it.
            if !throttled {
                failures::count(store, &account, &address, now).await?;
            }
            // Never the typed name: people type their password into it.
            tracing::info!("sign-in refused");
            metrics::sign_in(if throttled { "throttled" } else { "refused" });
            Err(AppError::InvalidCredentials)
        }
    }
}

/// Signs `user` in: a new session ID (the old session, if any, ends: security.md 18); with a
/// Temporary Access Pass lasting `access_pass_until`, a session that reaches security info only.
pub async fn start_session(
    state: &AppState,
    jar: CookieJar,
    user: &User,
    access_pass_until: Option<crate::clock::Timestamp>,
) -> Result<CookieJar, AppError> {
    begin(state, jar, user, access_pass_until, None).await
}

/// Signs `user` in after their password, and remembers the browser as theirs.
pub async fn start_familiar_session(
    state: &AppState,
    jar: CookieJar,
    user: &User,
) -> Result<CookieJar, AppError> {
    let browser = familiar_browser::cookie_for(state, &jar, user).await?;
    let jar = begin(state, jar, user, None, Some(browser.value())).await?;
    Ok(jar.add(browser))
}

/// The session begun, the browser remembered under its `familiar` token if given; the new
/// session's cookie is set.
async fn begin(
    state: &AppState,
    jar: CookieJar,
    user: &User,
    access_pass_until: Option<crate::clock::Timestamp>,
    familiar: Option<&str>,
) -> Result<CookieJar, AppError> {
    let old = session_hash(&state.config, &jar);
    let begun = Begun {
        old: old.as_deref(),
        access_pass_until,
        familiar,
    };
    let token = session::start(&state.store, user, begun, state.clock.now()).await?;
    Ok(jar.add(session_cookie(&state.config, &token)))
}

/// Signs out: ends this session and clears its cookie. Succeeds without a session too.
#[utoipa::path(
    delete, path = "/api/v1/session", tag = "session",
    responses((status = 204, description = "Signed out"))
)]
pub async fn sign_out(
    State(state): State<AppState>,
    jar: CookieJar,
) -> Result<(StatusCode, CookieJar), AppError> {
    if let Some(hash) = session_hash(&state.config, &jar) {
        sign_out::this_session(&state.store, &hash).await?;
    }
    Ok((
        StatusCode::NO_CONTENT,
        jar.add(expired_cookie(&state.config)),
    ))
}

/// Ends every session of the user, on every device ("Sign out everywhere", for a lost phone or
/// laptop). Once a method exists, the session must have verified with one.
#[utoipa::path(
    delete, path = "/api/v1/sessions", tag = "session",
    responses(
        (status = 204, description = "Every session ended"),
        (status = 401, description = "Not signed in", body = ApiError),
        (status = 403, description = "Verify your identity first", body = ApiError),
    )
)]
pub async fn sign_out_everywhere(
    State(state): State<AppState>,
    signed_in: SignedIn,
    client: Origin,
    jar: CookieJar,
) -> Result<(StatusCode, CookieJar), AppError> {
    let cx = state.context(&client);
    sign_out::everywhere(&state.store, &cx, &signed_in.user, &signed_in.session).await?;
    Ok((
        StatusCode::NO_CONTENT,
        jar.add(expired_cookie(&state.config)),
    ))
}

impl From<SignOutError> for AppError {
    fn from(error: SignOutError) -> Self {
        match error {
            SignOutError::VerificationRequired => AppError::VerificationRequired,
            SignOutError::Database(error) => error.into(),
        }
    }
}
