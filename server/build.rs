//! Builds the server again when a migration is added, renamed or edited: `sqlx::migrate!` copies
//! the migration folders into the binary at compile time, and would otherwise keep an old copy.

fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
