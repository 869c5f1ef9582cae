//! IT support's actions on a person's account (security.md 48–50): delete one method, require
//! re-registration, sign out everywhere, record an unlock, verify a caller, make a Temporary
//! Access Pass. Each is ONE transaction holding its writes, the person's audit entry with its
//! notices, and the staff member's own entry: a failure anywhere leaves none of it. The staff
//! member's and the person's roles, and the caller's verification, are checked before.

use latchkey_api::types::Channel;

use super::error::StaffError;
use super::member::Staff;
use crate::access_pass;
use crate::clock::Timestamp;
use crate::methods;
use crate::origin::Context;
use crate::security_info::changes;
use crate::security_info::messages::Change;
use crate::store::{Store, User, channel_name};

/// Removes one of the person's methods (a lost phone, say).
pub async fn delete_method(
    store: &Store,
    cx: &Context<'_>,
    staff: &Staff,
    person: &User,
    method_id: &str,
    ticket: Option<&str>,
) -> Result<(), StaffError> {
    let mut tx = store.transaction().await?;
    methods::remove(&mut tx, cx, person, method_id, "method_deleted").await?;
    let what = "A method was removed";
    staff
        .acted(
            &mut tx,
            person,
            "staff_method_deleted",
            what,
            ticket,
            cx.now,
        )
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Removes every method and recovery code and ends every session: the person registers again
/// at their next sign-in (or with a Temporary Access Pass).
pub async fn require_re_registration(
    store: &Store,
    cx: &Context<'_>,
    staff: &Staff,
    person: &User,
    ticket: Option<&str>,
) -> Result<(), StaffError> {
    let mut tx = store.transaction().await?;
    let before = tx.methods(&person.id).await?;
    for method in &before {
        tx.delete_method(&person.id, &method.id).await?;
    }
    tx.replace_recovery_codes(&person.id, &[]).await?;
    tx.forget_pending_methods_of(&person.id).await?;
    tx.delete_sessions_of(&person.id).await?;
    let change = Change::ReRegistrationRequired;
    changes::record(
        &mut tx,
        cx,
        person,
        &before,
        "re_registration_required",
        &change,
    )
    .await?;
    let what = "Re-registration was required";
    staff
        .acted(
            &mut tx,
            person,
            "staff_re_registration",
            what,
            ticket,
            cx.now,
        )
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Ends every session of the person (a stolen laptop, say).
pub async fn sign_out_everywhere(
    store: &Store,
    cx: &Context<'_>,
    staff: &Staff,
    person: &User,
    ticket: Option<&str>,
) -> Result<(), StaffError> {
    let mut tx = store.transaction().await?;
    let ended = tx.delete_sessions_of(&person.id).await?;
    let methods = tx.methods(&person.id).await?;
    let change = Change::SignedOutEverywhere(ended);
    changes::record(
        &mut tx,
        cx,
        person,
        &methods,
        "signed_out_everywhere",
        &change,
    )
    .await?;
    let what = format!("{ended} session(s) were ended");
    let action = "staff_signed_out_everywhere";
    staff
        .acted(&mut tx, person, action, &what, ticket, cx.now)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Lifts Latchkey's wait after wrong passwords, once the directory (if any) lifted its lockout.
pub async fn unlocked(
    store: &Store,
    cx: &Context<'_>,
    staff: &Staff,
    person: &User,
    ticket: Option<&str>,
) -> Result<(), StaffError> {
    let mut tx = store.transaction().await?;
    for scope in person.sign_in_scopes() {
        tx.clear_sign_in_failures(&scope).await?;
    }
    let methods = tx.methods(&person.id).await?;
    let change = Change::UnlockedByIt;
    changes::record(&mut tx, cx, person, &methods, "account_unlocked", &change).await?;
    let what = "The account was unlocked";
    staff
        .acted(&mut tx, person, "staff_unlocked", what, ticket, cx.now)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// How a staff member came to trust a caller.
pub enum CallerCheck<'a> {
    /// An admin vouched for them, and wrote how.
    AnotherWay { reason: &'a str },
    /// They read out a code sent (or shown) by this channel.
    Code(Channel),
}

/// Notes that this staff member verified the caller for `person`, for the next hour.
pub async fn caller_verified(
    store: &Store,
    staff: &Staff,
    person: &User,
    check: CallerCheck<'_>,
    now: Timestamp,
) -> Result<(), StaffError> {
    let (how, what, reason) = match check {
        CallerCheck::AnotherWay { reason } => {
            let what = "The caller was verified another way".to_string();
            ("another way".to_string(), what, Some(reason))
        }
        CallerCheck::Code(channel) => {
            let how = format!("a code by {}", channel_name(channel));
            let what = format!("The caller was verified with {how}");
            (how, what, None)
        }
    };
    let mut tx = store.transaction().await?;
    tx.note_caller_verified(&staff.user.id, &person.id, &how, now)
        .await?;
    staff
        .acted(&mut tx, person, "caller_verified", &what, reason, now)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Makes a Temporary Access Pass for the person lasting `lifetime` seconds (one use unless
/// `reusable`): the pass, to be shown once, and until when it lasts.
pub async fn make_access_pass(
    store: &Store,
    cx: &Context<'_>,
    staff: &Staff,
    person: &User,
    lifetime: i64,
    reusable: bool,
    ticket: Option<&str>,
) -> Result<(String, Timestamp), StaffError> {
    let mut tx = store.transaction().await?;
    let issued =
        access_pass::issue(&mut tx, cx, person, lifetime, reusable, Some(&staff.user)).await?;
    let uses = if reusable { "reusable" } else { "one-time" };
    let what = format!("A {uses} Temporary Access Pass was made");
    staff
        .acted(&mut tx, person, "staff_access_pass", &what, ticket, cx.now)
        .await?;
    tx.commit().await?;
    Ok(issued)
}
