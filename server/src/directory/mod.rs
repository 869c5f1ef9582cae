//! Where passwords live, behind one seam ([`Directory`]): Latchkey's own accounts (`builtin`) or
//! an LDAP directory (`ldap`) in one of its dialects, OpenLDAP or Active Directory. People from a
//! directory get a local record (security info, language, audit) keyed by the directory's stable
//! ID (`local_record`); what the directory says of them now is asked again while they use
//! Latchkey (`standing`); their wrong passwords reach it only within a share of its lockout
//! threshold (`lockout`).

mod builtin;
mod error;
mod home;
pub mod ldap;
mod local_record;
pub mod lockout;
mod person;
pub mod standing;

pub use builtin::BuiltIn;
pub use error::{DirectoryError, PasswordRefused};
pub use home::Directory;
pub use ldap::LdapDirectory;
pub use person::{Found, Person, Proof};
