//! The safe list (#30): numbers never capped or paused — the chief executive's phone. An admin
//! adds one typed for its country (validated like an enrollment, kept in E.164) or takes it off,
//! each audited in the same transaction.

use latchkey_api::Problem;
use latchkey_api::messaging::{NewSafeNumber, SafeNumber};
use latchkey_api::validation::check_staff_note;

use super::destination;
use super::error::MessagingError;
use crate::clock::Timestamp;
use crate::security_info::masks::masked_phone;
use crate::security_info::phone::to_e164;
use crate::staff::member::Staff;
use crate::store::{Store, StoredSafeNumber, new_id};

/// Puts a number on the safe list.
pub async fn add(
    store: &Store,
    staff: &Staff,
    request: &NewSafeNumber,
    now: Timestamp,
) -> Result<SafeNumber, MessagingError> {
    let country = request.country.trim().to_ascii_uppercase();
    if !destination::is_country(&country) {
        return Err(MessagingError::refused(
            "country",
            "country",
            Problem::Invalid,
        ));
    }
    let number = to_e164(&country, &request.number)
        .map_err(|problem| MessagingError::refused("number", "number", problem))?;
    let note = request.note.trim();
    check_staff_note(note).map_err(|problem| MessagingError::refused("note", "note", problem))?;
    let safe = StoredSafeNumber {
        id: new_id(),
        number,
        note: note.to_string(),
        added_at: now,
        added_by: staff.user.username.clone(),
    };
    let mut tx = store.transaction().await?;
    if !tx.add_safe_number(&safe).await? {
        return Err(MessagingError::refused("number", "number", Problem::Taken));
    }
    let what = format!("{} put on the safe list", masked_phone(&safe.number));
    staff
        .acted(
            &mut tx,
            &staff.user,
            "safe_number_added",
            &what,
            Some(note).filter(|n| !n.is_empty()),
            now,
        )
        .await?;
    tx.commit().await?;
    Ok(shown(safe))
}

/// Takes a number off the safe list.
pub async fn remove(
    store: &Store,
    staff: &Staff,
    id: &str,
    now: Timestamp,
) -> Result<(), MessagingError> {
    let mut tx = store.transaction().await?;
    let number = tx
        .remove_safe_number(id)
        .await?
        .ok_or(MessagingError::NotFound)?;
    let what = format!("{} taken off the safe list", masked_phone(&number));
    staff
        .acted(
            &mut tx,
            &staff.user,
            "safe_number_removed",
            &what,
            None,
            now,
        )
        .await?;
    tx.commit().await?;
    Ok(())
}

/// A safe number as the console shows it.
pub fn shown(safe: StoredSafeNumber) -> SafeNumber {
    SafeNumber {
        id: safe.id,
        number: safe.number,
        note: safe.note,
        added_at: safe.added_at,
        added_by: safe.added_by,
    }
}
