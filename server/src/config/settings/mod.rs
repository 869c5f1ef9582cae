//! The settings as given: each declared once, in its group, as a command-line flag, a
//! `LATCHKEY_*` environment variable and a key in the TOML file named by `LATCHKEY_CONFIG`, with
//! its default. Flags win over the environment, the environment over the file, the file over
//! the defaults.

mod default_name;
mod delivery;
mod directory;
#[cfg(test)]
mod documentation;
mod keys;
mod limits;
mod messaging;
mod organisation;
mod proxies;
mod server;
mod spending;
mod staff;

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::parser::ValueSource;
use clap::{ArgMatches, Args, FromArgMatches};
use figment::providers::Serialized;
use figment::value::{Dict, Map, Value};
use figment::{Figment, Metadata, Profile, Provider};
use serde::Serialize;

pub use delivery::{Delivery, Gateway};
pub use directory::{Directory, DirectoryKind};
pub use keys::Keys;
pub use limits::Limits;
pub use messaging::Messaging;
pub use organisation::Organisation;
pub use proxies::{ClientAddressHeader, Proxies};
pub use server::{LogFormat, Server};
pub use spending::Spending;
pub use staff::Staff;

/// Every setting, by group. Each is optional here: one given (on the command line, in the
/// environment or by a test) wins over the file, and [`ServeArgs::merged`] fills the rest from
/// the file and then from the defaults declared with each setting.
#[derive(Args, Serialize, Clone, Debug, Default)]
pub struct ServeArgs {
    #[command(flatten)]
    #[serde(flatten)]
    pub server: Server,
    #[command(flatten)]
    #[serde(flatten)]
    pub organisation: Organisation,
    #[command(flatten)]
    #[serde(flatten)]
    pub delivery: Delivery,
    #[command(flatten)]
    #[serde(flatten)]
    pub limits: Limits,
    #[command(flatten)]
    #[serde(flatten)]
    pub messaging: Messaging,
    #[command(flatten)]
    #[serde(flatten)]
    pub keys: Keys,
    #[command(flatten)]
    #[serde(flatten)]
    pub proxies: Proxies,
    #[command(flatten)]
    #[serde(flatten)]
    pub staff: Staff,
    #[command(flatten)]
    #[serde(flatten)]
    pub spending: Spending,
    #[command(flatten)]
    #[serde(flatten)]
    pub directory: Directory,
    /// A TOML file with any of these settings (keys as in `latchkey.example.toml`).
    #[arg(long, global = true, env = "LATCHKEY_CONFIG")]
    #[serde(skip)]
    pub config: Option<PathBuf>,
}

/// The name of the setting that names the file, which the file itself cannot set.
const CONFIG: &str = "config";

impl ServeArgs {
    /// The settings as clap knows them: names, flags, variables, defaults and help.
    pub fn command() -> clap::Command {
        Self::augment_args(clap::Command::new("latchkey-server"))
    }

    /// Every setting with a default, set to it, and nothing else.
    fn defaults() -> Self {
        let without_environment = Self::command().mut_args(|arg| arg.env(None));
        let matches = without_environment
            .try_get_matches_from(["latchkey-server"])
            .expect("every default is a valid value of its setting");
        Self::from_arg_matches(&matches).expect("the defaults fill the settings")
    }

    /// These settings over the file's (if they name one) over the defaults.
    pub fn merged(self) -> anyhow::Result<Self> {
        let mut figment = Figment::from(Serialized::defaults(set_in(&Self::defaults())?));
        if let Some(path) = &self.config {
            figment = figment.merge(File::read(path)?);
        }
        let figment = figment.merge(Serialized::defaults(set_in(&self)?));
        let invalid = || match &self.config {
            Some(path) => format!("the config file {} is invalid", path.display()),
            None => "the settings are invalid".into(),
        };
        Ok(Self {
            server: figment.extract().with_context(invalid)?,
            organisation: figment.extract().with_context(invalid)?,
            delivery: figment.extract().with_context(invalid)?,
            limits: figment.extract().with_context(invalid)?,
            messaging: figment.extract().with_context(invalid)?,
            keys: figment.extract().with_context(invalid)?,
            proxies: figment.extract().with_context(invalid)?,
            staff: figment.extract().with_context(invalid)?,
            spending: figment.extract().with_context(invalid)?,
            directory: figment.extract().with_context(invalid)?,
            config: self.config,
        })
    }
}

/// Parses a command line (and the environment) into `P`, leaving out the defaults: they are
/// below the file, so [`ServeArgs::merged`] adds them.
pub fn parse_command_line<P: clap::Parser>(
    line: impl IntoIterator<Item = impl Into<OsString> + Clone>,
) -> Result<P, clap::Error> {
    let mut matches = P::command().try_get_matches_from(line)?;
    forget_defaults(&mut matches);
    P::from_arg_matches(&matches)
}

fn forget_defaults(matches: &mut ArgMatches) {
    let defaulted: Vec<String> = matches
        .ids()
        .filter(|id| matches.value_source(id.as_str()) == Some(ValueSource::DefaultValue))
        .map(|id| id.to_string())
        .collect();
    for id in defaulted {
        matches
            .try_clear_id(&id)
            .expect("a setting's id is one clap knows");
    }
}

/// A setting declared with a default, once merged: always set.
pub fn defaulted<T>(setting: Option<T>) -> T {
    setting.expect("a setting declared with a default is set once merged")
}

/// The settings set in `layer`, by name.
fn set_in(layer: &ServeArgs) -> anyhow::Result<Dict> {
    match Value::serialize(layer)? {
        Value::Dict(_, settings) => Ok(settings
            .into_iter()
            .filter(|(_, value)| !matches!(value, Value::Empty(..)))
            .collect()),
        _ => anyhow::bail!("the settings are not a table"),
    }
}

/// The settings in the TOML file, as a layer whose errors name the key and the file.
struct File {
    path: PathBuf,
    settings: toml::Table,
}

impl File {
    /// The file's settings; a key that is not a setting is refused.
    fn read(path: &Path) -> anyhow::Result<Self> {
        let invalid = || format!("the config file {} is invalid", path.display());
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read the config file {}", path.display()))?;
        let settings: toml::Table = toml::from_str(&text).with_context(invalid)?;
        let command = ServeArgs::command();
        let known = |key: &str| {
            key != CONFIG
                && command
                    .get_arguments()
                    .any(|setting| setting.get_id() == key)
        };
        if let Some(unknown) = settings.keys().find(|key| !known(key)) {
            return Err(anyhow::anyhow!("unknown field `{unknown}`")).with_context(invalid);
        }
        Ok(Self {
            path: path.to_path_buf(),
            settings,
        })
    }
}

impl Provider for File {
    fn metadata(&self) -> Metadata {
        Metadata::named("TOML file")
            .source(self.path.as_path())
            .interpolater(|_, keys| keys.join("."))
    }

    fn data(&self) -> Result<Map<Profile, Dict>, figment::Error> {
        Serialized::defaults(&self.settings).data()
    }
}
