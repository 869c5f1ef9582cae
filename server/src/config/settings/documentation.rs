//! The settings' documentation, checked against the settings as declared: the table in
//! `docs/configuration.md` and `latchkey.example.toml` name every setting once, with its variable
//! and its default, and nothing that is not a setting.

use std::collections::BTreeMap;

use super::{CONFIG, ServeArgs};

/// A setting as the server declares it.
struct Setting {
    key: String,
    flag: String,
    variable: String,
    default: Option<String>,
}

fn declared() -> Vec<Setting> {
    ServeArgs::command()
        .get_arguments()
        .map(|arg| Setting {
            key: arg.get_id().to_string(),
            flag: format!("--{}", arg.get_long().expect("every setting has a flag")),
            variable: arg
                .get_env()
                .expect("every setting has a variable")
                .to_string_lossy()
                .into_owned(),
            default: match arg.get_default_values() {
                [] => None,
                [one] => Some(one.to_string_lossy().into_owned()),
                many => panic!("{} has {} defaults", arg.get_id(), many.len()),
            },
        })
        .collect()
}

fn repository_file(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

#[test]
fn the_configuration_table_lists_every_setting_with_its_variable_and_default() {
    let text = repository_file("docs/configuration.md");
    let rows: Vec<Vec<&str>> = text
        .lines()
        .filter(|line| line.starts_with("| `--"))
        .map(|line| line.trim_matches('|').split(" | ").map(str::trim).collect())
        .collect();
    let by_flag: BTreeMap<&str, &Vec<&str>> = rows.iter().map(|row| (row[0], row)).collect();
    assert_eq!(by_flag.len(), rows.len(), "a setting is listed twice");
    let settings = declared();
    for setting in &settings {
        let flag = format!("`{}`", setting.flag);
        let row = by_flag
            .get(flag.as_str())
            .unwrap_or_else(|| panic!("{flag} is not in docs/configuration.md"));
        assert_eq!(row[1], format!("`{}`", setting.variable), "{flag}");
        if let Some(default) = &setting.default {
            assert_eq!(row[2], format!("`{default}`"), "{flag}'s default");
        }
    }
    for flag in by_flag.keys() {
        assert!(
            settings
                .iter()
                .any(|setting| format!("`{}`", setting.flag) == *flag),
            "{flag} in docs/configuration.md is not a setting"
        );
    }
}

#[test]
fn the_example_file_names_every_setting_with_its_default() {
    let text = repository_file("latchkey.example.toml");
    // `key = value`, or `# key = value` for one left at its default or unset.
    let named: Vec<&str> = text
        .lines()
        .filter_map(|line| {
            let (key, _) = line.strip_prefix("# ").unwrap_or(line).split_once(" = ")?;
            key.chars()
                .all(|c| c.is_ascii_lowercase() || c == '_')
                .then_some(key)
        })
        .collect();
    let settings = declared();
    for setting in settings.iter().filter(|setting| setting.key != CONFIG) {
        let times = named.iter().filter(|key| **key == setting.key).count();
        assert_eq!(times, 1, "{} in latchkey.example.toml", setting.key);
    }
    for key in &named {
        assert!(
            *key != CONFIG && settings.iter().any(|setting| setting.key == *key),
            "{key} in latchkey.example.toml is not a setting"
        );
    }
    let set: toml::Table = toml::from_str(&text).unwrap();
    for (key, value) in &set {
        let setting = settings.iter().find(|setting| setting.key == *key).unwrap();
        if let Some(default) = &setting.default {
            let shown = match value {
                toml::Value::String(text) => text.clone(),
                other => other.to_string(),
            };
            assert_eq!(&shown, default, "{key} in latchkey.example.toml");
        }
    }
}
