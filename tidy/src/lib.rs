//! How the code is laid out, checked as tests: the files of a crate as modules, what each file
//! uses of the others (its `use` lines and `crate::…`/`super::…` paths), the circles among them,
//! and which files reach for a module they must not.

mod graph;
mod paths;

pub use graph::{Crate, circles};

#[cfg(test)]
mod tests;
