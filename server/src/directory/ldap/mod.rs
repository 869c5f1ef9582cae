//! An LDAP directory (OpenLDAP and the like, or Active Directory) as the home of passwords: one
//! adapter (connections, searches, binds) speaking one of two dialects. IT support finds people
//! in it (`search`).

mod active_directory;
mod ad_formats;
mod adapter;
mod connections;
mod dialect;
mod entry;
mod filter;
mod lockout_policy;
mod openldap;
mod ppolicy;
mod search;

pub use adapter::LdapDirectory;
