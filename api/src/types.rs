//! Request and response bodies of the API.

use serde::{Deserialize, Serialize};

/// `POST /api/v1/session`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SignInRequest {
    /// Username or work email address.
    pub username: String,
    /// The account's password.
    pub password: String,
}

/// The signed-in user (`GET /api/v1/me`, and the answer to a sign-in).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct Me {
    /// The sign-in name.
    pub username: String,
    /// How to greet the person.
    pub display_name: String,
    /// Work email address.
    pub email: String,
    /// The language the person picked for Latchkey's pages and messages, if they picked one.
    #[serde(default)]
    pub language: Option<crate::Language>,
    /// When the password was last changed (seconds since the epoch), where known.
    #[serde(default)]
    pub password_changed_at: Option<i64>,
    /// Signed in with a Temporary Access Pass: until when it lasts (the session ends then, and
    /// reaches security info only).
    #[serde(default)]
    pub access_pass_until: Option<i64>,
    /// `helpdesk` or `admin` for IT support staff, who have the console at `/helpdesk`.
    #[serde(default)]
    pub role: Option<String>,
}

/// The person's choice of language (`PUT /api/v1/me/language`): the pages, and the emails,
/// texts and calls Latchkey sends them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct LanguageChoice {
    pub language: crate::Language,
}

/// Settings the SPA shows before anyone signs in (`GET /api/v1/config`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct PublicConfig {
    /// The organisation's name, as in "Sign in with your Contoso account".
    pub organisation_name: String,
    /// Where employees get help ("Contact IT Support").
    pub helpdesk_url: String,
    /// The shortest password the organisation accepts, in characters.
    pub password_min_length: usize,
    /// Whether the server runs in development mode (dev outbox, demo account).
    pub development_mode: bool,
    /// The country preselected for phone numbers (ISO 3166, e.g. `US`); else the browser's.
    #[serde(default)]
    pub default_country: Option<String>,
    /// The organisation's accent colour (`#0b5394`) for the light theme, contrast-checked.
    #[serde(default)]
    pub accent_colour: Option<String>,
    /// The organisation's logo for the header.
    #[serde(default)]
    pub logo_url: Option<String>,
    /// The helpdesk link's text; empty for the page's own words ("Contact IT Support", translated).
    #[serde(default)]
    pub helpdesk_text: String,
    /// A message for everyone on the sign-in page (planned maintenance, say).
    #[serde(default)]
    pub sign_in_message: Option<String>,
    /// How many previous passwords the directory refuses, when it says.
    #[serde(default)]
    pub password_history: Option<u32>,
    /// Whether the directory asks for three kinds of characters (Active Directory's
    /// complexity rule).
    #[serde(default)]
    pub password_complexity: bool,
}

/// One message in the development outbox (`GET /api/v1/dev/outbox`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct OutboxEntry {
    pub id: String,
    /// `email`, `sms` or `voice`.
    pub channel: String,
    /// An email address, or a phone number in E.164 form.
    pub to: String,
    pub subject: String,
    pub body: String,
    /// The one-time code the message carries, if any.
    pub code: Option<String>,
    /// Seconds since the Unix epoch.
    pub created_at: i64,
}

/// A kind of security info.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum MethodKind {
    Phone,
    AlternatePhone,
    Email,
    /// A TOTP app (Microsoft Authenticator, Google Authenticator, 1Password…); up to five.
    AuthenticatorApp,
    /// A passkey or security key (WebAuthn); several may be registered.
    Passkey,
    /// A set of ten single-use recovery codes.
    RecoveryCodes,
}

impl MethodKind {
    /// Every kind, in the order people are offered them.
    pub const ALL: [Self; 6] = [
        Self::Phone,
        Self::AlternatePhone,
        Self::Email,
        Self::AuthenticatorApp,
        Self::Passkey,
        Self::RecoveryCodes,
    ];

    /// The name people see ("Phone", "Alternate phone", "Email").
    pub fn label(self) -> &'static str {
        match self {
            Self::Phone => "Phone",
            Self::AlternatePhone => "Alternate phone",
            Self::Email => "Email",
            Self::AuthenticatorApp => "Authenticator app",
            Self::Passkey => "Passkey",
            Self::RecoveryCodes => "Recovery codes",
        }
    }

    /// The ways a code or call reaches this kind of method, the usual one first.
    pub fn channels(self) -> &'static [Channel] {
        match self {
            Self::Phone | Self::AlternatePhone => &[Channel::Sms, Channel::Voice],
            Self::Email => &[Channel::Email],
            Self::AuthenticatorApp => &[Channel::App],
            Self::Passkey => &[Channel::Passkey],
            Self::RecoveryCodes => &[Channel::RecoveryCode],
        }
    }

    /// Whether a person may register several of this kind (each with its own name).
    pub fn is_named(self) -> bool {
        matches!(self, Self::AuthenticatorApp | Self::Passkey)
    }
}

/// How a method proves its owner: a code sent by text or email, a call, or something the
/// person holds (an app's code, a passkey, a recovery code).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// A text message.
    Sms,
    /// A phone call; the person answers and presses #.
    Voice,
    Email,
    /// The code an authenticator app shows.
    App,
    /// The browser's passkey prompt.
    Passkey,
    /// One of the person's recovery codes.
    RecoveryCode,
}

impl Channel {
    /// Every channel.
    pub const ALL: [Self; 6] = [
        Self::Sms,
        Self::Voice,
        Self::Email,
        Self::App,
        Self::Passkey,
        Self::RecoveryCode,
    ];

    /// Whether something is sent (a text, an email or a call) rather than held by the person.
    pub fn is_sent(self) -> bool {
        matches!(self, Self::Sms | Self::Voice | Self::Email)
    }
}

/// One registered method, shown in full to its verified owner.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct MethodInfo {
    pub id: String,
    pub kind: MethodKind,
    /// `+1 4255550123`, the email address, or the name of an app or passkey.
    pub detail: String,
    /// Seconds since the Unix epoch.
    pub created_at: i64,
    /// When an app, passkey or recovery code last proved its owner (seconds since the epoch).
    #[serde(default)]
    pub last_used_at: Option<i64>,
    /// For recovery codes: how many are left unused.
    #[serde(default)]
    pub codes_left: Option<u32>,
    /// For a phone: set when texts can't reach it now, and why.
    #[serde(default)]
    pub texts_unavailable: Option<crate::messaging::Unavailability>,
    /// For a phone: set when calls can't reach it now, and why.
    #[serde(default)]
    pub calls_unavailable: Option<crate::messaging::Unavailability>,
}

/// The way to verify that is offered first: one method and the channel that reaches it
/// (`PUT /api/v1/default-method`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DefaultMethod {
    pub method_id: String,
    pub channel: Channel,
}

/// The security info page in one answer (`GET /api/v1/security-info`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct SecurityInfo {
    /// Who is signed in, so the page needs no second request.
    pub me: Me,
    pub methods: Vec<MethodInfo>,
    /// How many methods password reset needs (the policy: 1 or 2).
    pub methods_required: u32,
    /// The way to verify offered first; none until a method exists.
    #[serde(default)]
    pub default_method: Option<DefaultMethod>,
    /// Whether it is time to ask "Are your security info details still current?".
    #[serde(default)]
    pub review_due: bool,
}

/// One way to prove who you are, with its target masked (`Text +1 ••••••0123`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct VerificationOption {
    pub method_id: String,
    pub channel: Channel,
    /// The target with most of it hidden.
    pub masked: String,
    /// Set when this channel can't reach the number now, and why.
    #[serde(default)]
    pub unavailable: Option<crate::messaging::Unavailability>,
}

/// `POST /api/v1/verifications`: send a code to an existing method.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct VerificationRequest {
    pub method_id: String,
    pub channel: Channel,
}

/// `POST /api/v1/enrollments`: add (or replace) a phone or email, proven by a code.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct EnrollmentRequest {
    pub kind: MethodKind,
    pub channel: Channel,
    /// For email: the personal address.
    #[serde(default)]
    pub email: Option<String>,
    /// For phones: the ISO 3166 region, e.g. `US`.
    #[serde(default)]
    pub country: Option<String>,
    /// For phones: the number as typed.
    #[serde(default)]
    pub number: Option<String>,
}

/// A code on its way (`POST /api/v1/enrollments`, `/verifications`, `/challenges/{id}/resend`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct Challenge {
    pub id: String,
    pub channel: Channel,
    /// Where the code went, as shown to the person.
    pub destination: String,
    /// Seconds until "Resend code" works.
    pub resend_after_seconds: u32,
    /// Seconds until the code expires.
    pub expires_in_seconds: u32,
    /// For a passkey: the options for the browser's `navigator.credentials.get`
    /// (`PublicKeyCredentialRequestOptionsJSON`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub passkey_request: Option<serde_json::Value>,
}

/// `POST /api/v1/challenges/{id}/passkey`, `/api/v1/passkeys/{id}`: what the browser's passkey
/// prompt returned (`PublicKeyCredential.toJSON()`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PasskeyCredential {
    pub credential: serde_json::Value,
}

/// `POST /api/v1/authenticators` and `/api/v1/passkeys`: the name a new app or passkey is
/// listed under ("Work phone"); a plain one is chosen when left empty.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewNamedMethod {
    #[serde(default)]
    pub name: String,
}

/// An authenticator app being added: what to scan or type into it (`POST /api/v1/authenticators`).
/// It is registered once one of its codes is entered (`POST /api/v1/authenticators/{id}/code`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct AuthenticatorSetup {
    pub id: String,
    /// The secret key in base32, in groups of four for typing.
    pub key: String,
    /// The `otpauth://` address the QR code holds.
    pub uri: String,
    /// The QR code, as SVG.
    pub qr_svg: String,
    /// The account name the app shows (the work email).
    pub account: String,
    /// The issuer the app shows (the organisation).
    pub issuer: String,
    /// Seconds left to enter a code before setting up starts again.
    pub expires_in_seconds: u32,
}

/// A passkey being added: the options for the browser's `navigator.credentials.create`
/// (`PublicKeyCredentialCreationOptionsJSON`), answered at `POST /api/v1/passkeys/{id}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct PasskeySetup {
    pub id: String,
    pub options: serde_json::Value,
}

/// A new set of recovery codes (`POST /api/v1/recovery-codes`), shown this once.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct RecoveryCodes {
    pub codes: Vec<String>,
}

/// `POST /api/v1/challenges/{id}/code`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CodeSubmission {
    pub code: String,
}

/// The answer to a right code: the method it registered, if it was an enrollment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct ChallengePassed {
    pub method: Option<MethodInfo>,
}

/// How the message carrying a challenge's code is doing (`GET /api/v1/challenges/{id}`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DeliveryState {
    /// On its way.
    Sending,
    /// Sent; it may take a moment to arrive.
    Sent,
    /// A try failed; more follow for a few minutes.
    Retrying,
    /// Given up: the person should resend or use another method.
    Failed,
}

/// How a verification call is going.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CallState {
    /// The phone is ringing, or the person is listening.
    Calling,
    /// The person answered and pressed #: complete the challenge.
    Confirmed,
    /// The person declined the call (or ended it without pressing #).
    Declined,
    /// Nobody answered.
    NotAnswered,
    /// Two minutes passed without an answer and #.
    TimedOut,
}

impl CallState {
    /// Whether the call has ended without the person pressing #, so it can be placed again.
    pub fn ended_unconfirmed(self) -> bool {
        matches!(self, Self::Declined | Self::NotAnswered | Self::TimedOut)
    }
}

/// `GET /api/v1/challenges/{id}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct ChallengeStatus {
    pub delivery: DeliveryState,
    /// For a call: whether it was answered with #.
    #[serde(default)]
    pub call: Option<CallState>,
}

/// `POST /api/v1/dev/clock`: move the development server's clock forward.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ClockAdvance {
    /// Seconds to move forward: 1 to 172 800 (two days).
    pub seconds: i64,
}

/// `GET /api/v1/dev/clock`: the development server's time.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct ClockReading {
    /// Seconds since the Unix epoch.
    pub now: i64,
}

/// `POST /api/v1/dev/outbox/{id}/press`: answer a call in the dev outbox and press keys.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct KeyPresses {
    /// The keys pressed, e.g. `#`.
    pub digits: String,
}

/// The proof-of-work puzzle that comes before a reset (`GET /api/v1/reset/puzzle`): find a
/// number whose hash with the puzzle starts with `difficulty` zero bits (see [`crate::puzzle`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct ResetPuzzle {
    /// Signed by the server; valid for five minutes, once.
    pub puzzle: String,
    pub difficulty: u8,
}

/// `POST /api/v1/reset`: "Get back into your account".
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ResetStart {
    /// Username or work email address.
    pub username: String,
    pub puzzle: String,
    /// The number that solves the puzzle.
    pub solution: u64,
}

/// Where a reset stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ResetStage {
    /// Prove who you are (step `step` of `steps_required`).
    Verify,
    /// Every step is proven: choose the new password.
    NewPassword,
}

/// One way to prove who you are during a reset, with a hint of the target (`*******23`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct ResetOption {
    /// Names the option in `ResetVerification`.
    pub id: String,
    pub kind: MethodKind,
    pub channel: Channel,
    /// The target with most of it hidden.
    pub hint: String,
}

/// A reset in progress (`POST /api/v1/reset`, `GET /api/v1/reset`, and each proven step).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct ResetStatus {
    pub stage: ResetStage,
    /// The step being taken, from 1.
    pub step: u32,
    /// How many different methods the policy asks for: 1 or 2.
    pub steps_required: u32,
    /// The ways still open (a method proven already is not offered again).
    pub options: Vec<ResetOption>,
}

/// `POST /api/v1/reset/verifications`: send a code (or call) for one option.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ResetVerification {
    pub option: String,
    /// For a phone: the whole number, which must match the one registered.
    #[serde(default)]
    pub number: Option<String>,
}

/// `POST /api/v1/reset/code`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ResetCode {
    pub challenge: String,
    pub code: String,
}

/// `POST /api/v1/reset/call` and `/resend`: one of this reset's challenges.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ResetChallenge {
    pub challenge: String,
}

/// `POST /api/v1/reset/passkey`: the browser's passkey answer to one of this reset's challenges.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ResetPasskey {
    pub challenge: String,
    pub credential: serde_json::Value,
}

/// `POST /api/v1/reset/password` and `/password-check`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewPassword {
    pub password: String,
}

/// `POST /api/v1/me/password`: the person's own change.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PasswordChange {
    /// The password they have now.
    pub current: String,
    /// The new one.
    pub password: String,
}

/// A password that has expired, changed before signing in (`POST /api/v1/password/expired`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ExpiredPasswordChange {
    /// Username or work email, as typed at sign-in.
    pub username: String,
    /// The password that has expired.
    pub current: String,
    /// The new one.
    pub password: String,
}

/// Whether a new password would be accepted, and why not.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct PasswordCheck {
    pub acceptable: bool,
    /// The reasons, as field errors on `password`.
    pub problems: Vec<crate::error::FieldError>,
}

/// A person IT support found (`GET /api/v1/admin/people?query=`), or a line of a report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct PersonSummary {
    /// Their page's ID; in a report, empty for a directory's person Latchkey has no record of
    /// yet (finding them by username makes it).
    pub id: String,
    pub username: String,
    pub display_name: String,
    pub email: String,
}

/// A person's page for IT support (`GET /api/v1/admin/people/{id}`); opening it is audited.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct PersonDetails {
    pub id: String,
    pub username: String,
    pub display_name: String,
    pub email: String,
    /// `helpdesk` or `admin` for staff.
    pub role: Option<String>,
    /// Their methods, with phone numbers and addresses masked.
    pub methods: Vec<MethodInfo>,
    /// Whether they can reset their password themselves under the policy.
    pub can_reset: bool,
    /// Seconds before Latchkey lets them try their password again (0: not held back).
    pub sign_in_wait_seconds: i64,
    /// How many sessions they have open.
    pub sessions: u64,
    /// Their most recent audit entries, newest first.
    pub activity: Vec<ActivityEntry>,
    /// Until when this staff member's verification of the caller lasts, if they verified.
    pub caller_verified_until: Option<i64>,
}

/// One line of a person's activity.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct ActivityEntry {
    /// Seconds since the Unix epoch.
    pub at: i64,
    pub action: String,
    /// What Latchkey wrote of it (in English).
    pub detail: String,
    /// Who did it.
    pub actor: Actor,
    /// The ticket or reason the staff member gave, as they wrote it (security.md 58).
    pub note: Option<String>,
}

/// Who did what an audit entry records.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Actor {
    /// The person themselves, or Latchkey on its own (a message that could not be sent).
    Person,
    /// A member of IT support, by username.
    Staff(String),
    /// A member of IT support whom this reader is not told of: helpdesk does not learn who the
    /// other staff are (security.md 59).
    ItSupport,
}

/// An admin's "Verified another way" (`POST /api/v1/admin/people/{id}/verification`): the caller
/// has nothing left to send a code to, and the reason (a ticket) says how they were verified.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CallerVerifiedAnotherWay {
    pub reason: String,
}

/// What a Temporary Access Pass should be (`POST /api/v1/admin/people/{id}/access-pass`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AccessPassRequest {
    /// 10 to 480.
    pub lifetime_minutes: u32,
    /// More than one sign-in while it lasts.
    #[serde(default)]
    pub reusable: bool,
    /// The helpdesk ticket, for the audit log.
    #[serde(default)]
    pub ticket: String,
}

/// A pass, shown once.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct IssuedAccessPass {
    pub pass: String,
    /// Seconds since the Unix epoch.
    pub expires_at: i64,
}

/// What IT support gives with an action on someone's account: the helpdesk ticket, for the
/// audit log (may be empty).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema, utoipa::IntoParams))]
#[serde(deny_unknown_fields)]
pub struct StaffAction {
    #[serde(default)]
    pub ticket: String,
}

/// One page of the audit log (`GET /api/v1/admin/audit`), newest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct AuditPage {
    pub entries: Vec<AuditLine>,
    /// This page's number, from 1.
    pub page: u32,
    /// Whether older entries follow.
    pub more: bool,
}

/// One audit entry as IT support reads it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct AuditLine {
    /// Seconds since the Unix epoch.
    pub at: i64,
    /// The person's username.
    pub person: String,
    /// Who did it.
    pub actor: Actor,
    pub action: String,
    /// What Latchkey wrote of it (in English).
    pub detail: String,
    /// The ticket or reason the staff member gave, as they wrote it (security.md 58).
    pub note: Option<String>,
    /// The client address (or "command line").
    pub client: String,
}

/// Who can reset their password themselves (`GET /api/v1/admin/reports/coverage`, admin).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct CoverageReport {
    /// Everyone who may use Latchkey: the accounts, or with a directory everyone in it (less
    /// the disabled).
    pub people: u64,
    /// Of them, those whose methods let them reset under the policy.
    pub can_reset: u64,
    /// Those who cannot yet, by name.
    pub not_yet: Vec<PersonSummary>,
    /// Methods registered, by kind.
    pub methods_by_kind: Vec<KindCount>,
    /// Methods registered in each of the last 12 weeks, oldest first.
    pub registrations_per_week: Vec<WeekCount>,
}

/// How many methods of one kind.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct KindCount {
    pub kind: MethodKind,
    pub count: u64,
}

/// How many methods were registered in the week starting `week` (seconds since the epoch).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct WeekCount {
    pub week: i64,
    pub count: u64,
}

/// Resets and messages per day (`GET /api/v1/admin/reports/activity`, admin): the last 30 UTC
/// days, oldest first, and how the resets were proven over them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct ActivityReport {
    pub days: Vec<DayActivity>,
    /// Steps of resets proven in those days, by way (`sms`, `email`, `app`…).
    pub proven_by: Vec<WayCount>,
}

/// One UTC day's resets and messages.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct DayActivity {
    /// The day's start, seconds since the epoch.
    pub day: i64,
    /// Resets of real accounts started, finished with a new password, and refused by a policy.
    pub resets_started: u64,
    pub resets_completed: u64,
    pub resets_refused: u64,
    /// Texts, calls and emails handed to a gateway, and attempts that failed.
    pub texts_sent: u64,
    pub texts_failed: u64,
    pub calls_sent: u64,
    pub calls_failed: u64,
    pub emails_sent: u64,
    pub emails_failed: u64,
}

/// How many steps one way proved.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct WayCount {
    pub way: String,
    pub count: u64,
}
