//! Real directories on this machine (OpenLDAP, Samba AD), shared by the server's tests and
//! `cargo xtask` (the demo and the end-to-end suite), so that both run exactly the same thing;
//! and what is left running.

pub mod processes;
pub mod samba;
pub mod slapd;
