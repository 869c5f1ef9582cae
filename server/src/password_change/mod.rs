//! A person changing their own password: with the current one while signed in, or at sign-in
//! when the directory says it has expired.

pub mod refused;
