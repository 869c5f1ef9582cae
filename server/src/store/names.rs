//! How method kinds and channels are named in the database, and reading them back from a row:
//! a stored name Latchkey does not know is an error, never a guess.

use latchkey_api::types::{Channel, MethodKind};
use sqlx::Row;
use sqlx::any::AnyRow;

/// The name a kind of method is stored under.
pub fn kind_name(kind: MethodKind) -> &'static str {
    match kind {
        MethodKind::Phone => "phone",
        MethodKind::AlternatePhone => "alternate_phone",
        MethodKind::Email => "email",
        MethodKind::AuthenticatorApp => "authenticator_app",
        MethodKind::Passkey => "passkey",
        MethodKind::RecoveryCodes => "recovery_codes",
    }
}

/// The name a channel is stored under (in challenges, the queue and the outbox).
pub fn channel_name(channel: Channel) -> &'static str {
    match channel {
        Channel::Email => "email",
        Channel::Sms => "sms",
        Channel::Voice => "voice",
        Channel::App => "app",
        Channel::Passkey => "passkey",
        Channel::RecoveryCode => "recovery_code",
    }
}

/// The kind a stored name stands for, if any.
pub fn kind_called(name: &str) -> Option<MethodKind> {
    MethodKind::ALL
        .into_iter()
        .find(|&kind| kind_name(kind) == name)
}

/// The channel a stored name stands for, if any.
pub fn channel_called(name: &str) -> Option<Channel> {
    Channel::ALL
        .into_iter()
        .find(|&channel| channel_name(channel) == name)
}

/// What is stored by a name of its own (a challenge's purpose, how a call ended, a message's
/// status): each value's name, and every value there is.
pub trait StoredName: Copy + 'static {
    const ALL: &'static [Self];

    /// The name it is stored under.
    fn stored_name(self) -> &'static str;
}

/// The value a stored name stands for, if any.
fn called<T: StoredName>(name: &str) -> Option<T> {
    T::ALL
        .iter()
        .copied()
        .find(|value| value.stored_name() == name)
}

/// The value named in `column`; an unknown name fails the read.
pub(super) fn name_in<T: StoredName>(row: &AnyRow, column: &str) -> Result<T, sqlx::Error> {
    named(row, column, called::<T>)
}

/// The value named in `column`, which may be NULL.
pub(super) fn optional_name_in<T: StoredName>(
    row: &AnyRow,
    column: &str,
) -> Result<Option<T>, sqlx::Error> {
    let name: Option<String> = row.try_get(column)?;
    name.map(|_| name_in(row, column)).transpose()
}

/// Reads a column holding a stored name with `parse`; an unknown name fails the read.
fn named<T>(row: &AnyRow, column: &str, parse: fn(&str) -> Option<T>) -> Result<T, sqlx::Error> {
    let name: String = row.try_get(column)?;
    parse(&name).ok_or_else(|| sqlx::Error::ColumnDecode {
        index: column.to_string(),
        source: format!("{name:?} is not a name Latchkey stores").into(),
    })
}

/// The kind of method in `column`.
pub(super) fn kind_in(row: &AnyRow, column: &str) -> Result<MethodKind, sqlx::Error> {
    named(row, column, kind_called)
}

/// The channel in `column`.
pub(super) fn channel_in(row: &AnyRow, column: &str) -> Result<Channel, sqlx::Error> {
    named(row, column, channel_called)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_reads_back_as_itself_and_unknown_names_as_nothing() {
        for kind in MethodKind::ALL {
            assert_eq!(kind_called(kind_name(kind)), Some(kind));
        }
        for channel in Channel::ALL {
            assert_eq!(channel_called(channel_name(channel)), Some(channel));
        }
        assert_eq!(kind_called("phone "), None);
        assert_eq!(kind_called(""), None);
        assert_eq!(channel_called("fax"), None);
    }
}
