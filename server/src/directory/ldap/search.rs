//! IT support's searches of the directory: people whose username, name or work email contains
//! what was typed (a page of them), and everyone the user filter finds, for the coverage report
//! (in pages of the Paged Results control, RFC 2696, since Active Directory answers at most 1000
//! entries to one search). Disabled people are left out, as they are everywhere else.

use ldap3::adapters::{Adapter, EntriesOnly, PagedResults};
use ldap3::{Scope, SearchEntry, SearchOptions};

use super::adapter::LdapDirectory;
use super::filter;
use crate::directory::error::Unreachable;
use crate::directory::person::Person;

/// The most people one search finds.
pub const FOUND_AT_MOST: i32 = 20;
/// Entries asked for in each page of a search for everyone.
const PAGE: i32 = 500;
/// The directory's answer when a search found more than it was allowed to send.
const SIZE_LIMIT_EXCEEDED: u32 = 4;

impl LdapDirectory {
    /// People whose username, work email or display name contains `part` (20 at most).
    pub async fn search(&self, part: &str) -> Result<Vec<Person>, Unreachable> {
        let settings = &self.settings;
        let template = &settings.user_filter;
        // By username or email as the filter names them, or by display name among the people
        // it can find.
        let filter = format!(
            "(|{}(&{}({}=*{}*)))",
            filter::containing(template, part),
            filter::containing(template, ""),
            settings.display_name_attribute,
            ldap3::ldap_escape(part),
        );
        let mut lease = self.connections.service().await?;
        let found = lease
            .ldap
            .with_timeout(settings.timeout)
            .with_search_options(SearchOptions::new().sizelimit(FOUND_AT_MOST))
            .search(
                &settings.base_dn,
                Scope::Subtree,
                &filter,
                self.person_attributes(),
            )
            .await;
        let result = match found {
            Ok(result) => result,
            Err(error) => {
                lease.discard();
                return Err(error.into());
            }
        };
        // A full page is an answer too.
        if result.1.rc != 0 && result.1.rc != SIZE_LIMIT_EXCEEDED {
            return Err(Unreachable(result.1.to_string()));
        }
        Ok(self.people_of(result.0.into_iter().map(SearchEntry::construct)))
    }

    /// Everyone the user filter finds.
    pub async fn everyone(&self) -> Result<Vec<Person>, Unreachable> {
        let settings = &self.settings;
        let filter = filter::containing(&settings.user_filter, "");
        let mut lease = self.connections.service().await?;
        let adapters: Vec<Box<dyn Adapter<_, _>>> = vec![
            Box::new(EntriesOnly::new()),
            Box::new(PagedResults::new(PAGE)),
        ];
        let mut entries = Vec::new();
        let outcome = async {
            let mut search = lease
                .ldap
                .with_timeout(settings.timeout)
                .streaming_search_with(
                    adapters,
                    &settings.base_dn,
                    Scope::Subtree,
                    &filter,
                    self.person_attributes(),
                )
                .await?;
            while let Some(entry) = search.next().await? {
                entries.push(SearchEntry::construct(entry));
            }
            search.finish().await.success()
        }
        .await;
        if let Err(error) = outcome {
            lease.discard();
            return Err(error.into());
        }
        Ok(self.people_of(entries.into_iter()))
    }

    /// The people among `entries`, less the disabled.
    fn people_of(&self, entries: impl Iterator<Item = SearchEntry>) -> Vec<Person> {
        entries
            .filter_map(|entry| self.person_of(entry))
            .filter(|person| !person.disabled)
            .collect()
    }
}
