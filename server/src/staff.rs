//! IT support staff: the roles that let someone act on other people's accounts (security.md
//! 48). `helpdesk` helps employees; `admin` also helps staff, and may verify a caller "another
//! way". Granted with `latchkey-server user role`.

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_are_named_as_typed() {
        for role in [Role::Helpdesk, Role::Admin] {
            assert_eq!(Role::from_name(role.name()), Ok(Some(role)));
        }
        assert_eq!(Role::from_name("none"), Ok(None));
        assert!(Role::from_name("root").is_err());
    }
}
