//! IT support staff: the roles that let someone act on other people's accounts (security.md
//! 48). `helpdesk` helps employees; `admin` also helps staff, and may verify a caller "another
//! way". Granted with `latchkey-server user role`.
//!
//! This file stands on nothing else of Latchkey's (the store and the settings name the roles);
//! what staff do lives in its children.

pub mod actions;
pub mod error;
pub mod member;
pub mod people;
pub mod person_page;
pub mod reading;
pub mod reports;
pub mod shown;

/// A staff member's role.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Helpdesk,
    Admin,
}

impl Role {
    /// The role as stored and typed: `helpdesk`, `admin`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Helpdesk => "helpdesk",
            Self::Admin => "admin",
        }
    }

    /// The role a stored or typed name means; `none` (or nothing) is no role.
    pub fn from_name(name: &str) -> Result<Option<Self>, String> {
        match name {
            "helpdesk" => Ok(Some(Self::Helpdesk)),
            "admin" => Ok(Some(Self::Admin)),
            "none" | "" => Ok(None),
            other => Err(format!(
                "{other:?} is not a role: use helpdesk, admin or none"
            )),
        }
    }
}

/// How long a caller stays verified for a staff member (security.md 49).
pub const CALLER_VERIFIED_FOR: i64 = 60 * 60;

/// Why a staff member may not act on a person.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NotAllowed {
    /// Nobody acts on their own account from the console.
    Themselves,
    /// Helpdesk does not act on staff.
    Staff,
}

/// Whether `staff` (with `role`) may see and act on the account `person` (security.md 48):
/// never on themselves; helpdesk on people without a role; an admin on anyone else.
pub fn may_act(
    role: Role,
    staff_id: &str,
    person_id: &str,
    person_role: Option<Role>,
) -> Result<(), NotAllowed> {
    if staff_id == person_id {
        return Err(NotAllowed::Themselves);
    }
    match (role, person_role) {
        (Role::Helpdesk, Some(_)) => Err(NotAllowed::Staff),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn who_may_act_on_whom() {
        use Role::{Admin, Helpdesk};
        assert_eq!(may_act(Helpdesk, "h", "p", None), Ok(()));
        assert_eq!(
            may_act(Helpdesk, "h", "a", Some(Admin)),
            Err(NotAllowed::Staff)
        );
        assert_eq!(
            may_act(Helpdesk, "h", "h2", Some(Helpdesk)),
            Err(NotAllowed::Staff)
        );
        assert_eq!(may_act(Admin, "a", "h", Some(Helpdesk)), Ok(()));
        assert_eq!(may_act(Admin, "a", "a2", Some(Admin)), Ok(()));
        assert_eq!(
            may_act(Admin, "a", "a", Some(Admin)),
            Err(NotAllowed::Themselves)
        );
        assert_eq!(
            may_act(Helpdesk, "h", "h", Some(Helpdesk)),
            Err(NotAllowed::Themselves)
        );
    }

    #[test]
    fn roles_are_named_as_typed() {
        for role in [Role::Helpdesk, Role::Admin] {
            assert_eq!(Role::from_name(role.name()), Ok(Some(role)));
        }
        assert_eq!(Role::from_name("none"), Ok(None));
        assert!(Role::from_name("root").is_err());
    }
}
