//! IT support's actions on a person's account (security.md 48–50): delete one method, require
//! re-registration, sign out everywhere, record an unlock, verify a caller, make a Temporary
//! Access Pass. Each is ONE transaction holding its writes, the person's audit entry with its
//! notices, and the staff member's own entry: a failure anywhere leaves none of it. The staff
//! member's and the person's roles, and the caller's verification, are checked before.

use super::error::StaffError;
use super::member::Staff;
use crate::access_pass;
use crate::clock::Timestamp;
use crate::methods;
use crate::origin::Context;
use crate::proof;
use crate::sealing::SealingKey;
use crate::security_info::changes;
use crate::security_info::messages::Change;
use crate::store::{Store, StoredChallenge, StoredMethod, Tx, User, channel_name};

/// What a staff action did to the person, as they are told (audited as `action`), and as the
/// staff member's own entry says it (`staff_action`, `what`).
struct Done<'a> {
    action: &'a str,
    change: Change,
    staff_action: &'a str,
    what: &'a str,
}

/// Audits `done` in `tx` and queues its notice to every address the person had
/// (`methods_before`); then the staff member's own entry, and keeps it all.
async fn told_and_kept(
    mut tx: Tx,
    on: &OnAccount<'_>,
    methods_before: &[StoredMethod],
    done: Done<'_>,
) -> Result<(), StaffError> {
    let (cx, person) = (&on.cx, on.person);
    changes::record(
        &mut tx,
        cx,
        person,
        methods_before,
        done.action,
        &done.change,
    )
    .await?;
    kept(tx, on, (done.staff_action, done.what)).await
}

/// Adds the staff member's own entry — its action and Latchkey's words for it, their ticket
/// apart — to `tx`, and keeps it all.
async fn kept(tx: Tx, on: &OnAccount<'_>, entry: (&str, &str)) -> Result<(), StaffError> {
    entered(tx, on.staff, on.person, entry, on.ticket, on.cx.now).await
}

/// Adds `staff`'s own entry on `person` — its action and Latchkey's words for it, their
/// `note` (ticket or reason) apart — to `tx`, and keeps it all.
async fn entered(
    mut tx: Tx,
    staff: &Staff,
    person: &User,
    (action, what): (&str, &str),
    note: Option<&str>,
    now: Timestamp,
) -> Result<(), StaffError> {
    staff
        .acted(&mut tx, person, action, what, note, now)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// A staff action on a person's account: in which store, by whom, on whom, with which ticket.
#[derive(Clone, Copy)]
pub struct OnAccount<'a> {
    pub store: &'a Store,
    pub cx: Context<'a>,
    pub staff: &'a Staff,
    pub person: &'a User,
    pub ticket: Option<&'a str>,
}

impl OnAccount<'_> {
    /// Removes one of the person's methods (a lost phone, say).
    pub async fn delete_method(&self, method_id: &str) -> Result<(), StaffError> {
        let mut tx = self.store.transaction().await?;
        methods::remove(&mut tx, &self.cx, self.person, method_id, "method_deleted").await?;
        let entry = ("staff_method_deleted", "A method was removed");
        kept(tx, self, entry).await
    }

    /// Removes every method and recovery code and ends every session: the person registers again
    /// at their next sign-in (or with a Temporary Access Pass).
    pub async fn require_re_registration(&self) -> Result<(), StaffError> {
        let mut tx = self.store.transaction().await?;
        let before = tx.methods(&self.person.id).await?;
        for method in &before {
            tx.delete_method(&self.person.id, &method.id).await?;
        }
        tx.replace_recovery_codes(&self.person.id, &[]).await?;
        tx.forget_pending_methods_of(&self.person.id).await?;
        tx.delete_sessions_of(&self.person.id).await?;
        let done = Done {
            action: "re_registration_required",
            change: Change::ReRegistrationRequired,
            staff_action: "staff_re_registration",
            what: "Re-registration was required",
        };
        told_and_kept(tx, self, &before, done).await
    }

    /// Ends every session of the person (a stolen laptop, say).
    pub async fn sign_out_everywhere(&self) -> Result<(), StaffError> {
        let mut tx = self.store.transaction().await?;
        let ended = tx.delete_sessions_of(&self.person.id).await?;
        let methods = tx.methods(&self.person.id).await?;
        let done = Done {
            action: "signed_out_everywhere",
            change: Change::SignedOutEverywhere(ended),
            staff_action: "staff_signed_out_everywhere",
            what: &format!("{ended} session(s) were ended"),
        };
        told_and_kept(tx, self, &methods, done).await
    }

    /// Lifts Latchkey's wait after wrong passwords, once the directory (if any) lifted its lockout.
    pub async fn unlocked(&self) -> Result<(), StaffError> {
        let mut tx = self.store.transaction().await?;
        for scope in self.person.sign_in_scopes() {
            tx.clear_sign_in_failures(&scope).await?;
        }
        let methods = tx.methods(&self.person.id).await?;
        let done = Done {
            action: "account_unlocked",
            change: Change::UnlockedByIt,
            staff_action: "staff_unlocked",
            what: "The account was unlocked",
        };
        told_and_kept(tx, self, &methods, done).await
    }

    /// Makes a Temporary Access Pass for the person lasting `lifetime` seconds (one use unless
    /// `reusable`): the pass, to be shown once, and until when it lasts.
    pub async fn make_access_pass(
        &self,
        lifetime: i64,
        reusable: bool,
    ) -> Result<(String, Timestamp), StaffError> {
        let mut tx = self.store.transaction().await?;
        let issued = access_pass::issue(
            &mut tx,
            &self.cx,
            self.person,
            lifetime,
            reusable,
            Some(&self.staff.user),
        )
        .await?;
        let uses = if reusable { "reusable" } else { "one-time" };
        let what = format!("A {uses} Temporary Access Pass was made");
        let entry = ("staff_access_pass", what.as_str());
        kept(tx, self, entry).await?;
        Ok(issued)
    }
}

/// How a staff member came to trust a caller.
pub enum CallerCheck<'a> {
    /// An admin vouched for them, and wrote how.
    AnotherWay { reason: &'a str },
    /// They read out this code, sent (or shown) for this challenge: checked (a wrong one
    /// counted and kept) and the challenge used, with the note of who verified them.
    Code {
        challenge: &'a StoredChallenge,
        typed: &'a str,
        sealing_key: &'a SealingKey,
    },
}

/// Notes that this staff member verified the caller for `person`, for the next hour.
pub async fn caller_verified(
    store: &Store,
    staff: &Staff,
    person: &User,
    check: CallerCheck<'_>,
    now: Timestamp,
) -> Result<(), StaffError> {
    let mut tx = store.transaction().await?;
    let (how, what, reason) = match check {
        CallerCheck::AnotherWay { reason } => {
            let what = "The caller was verified another way".to_string();
            ("another way".to_string(), what, Some(reason))
        }
        CallerCheck::Code {
            challenge,
            typed,
            sealing_key,
        } => {
            if let Err(refusal) =
                proof::check_code(&mut tx, sealing_key, challenge, typed, now).await
            {
                return Err(proof::kept(tx, refusal).await.into());
            }
            proof::use_once(&mut tx, challenge, now).await?;
            let how = format!("a code by {}", channel_name(challenge.channel));
            let what = format!("The caller was verified with {how}");
            (how, what, None)
        }
    };
    tx.note_caller_verified(&staff.user.id, &person.id, &how, now)
        .await?;
    entered(tx, staff, person, ("caller_verified", &what), reason, now).await
}
