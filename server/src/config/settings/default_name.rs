//! The default of a setting whose values are named: the name of its type's default value.

use clap::ValueEnum;

/// The name `T`'s default value is written with, on the command line and in the file.
pub fn default_name<T: ValueEnum + Default>() -> String {
    T::default()
        .to_possible_value()
        .expect("a default value is never hidden")
        .get_name()
        .to_string()
}
