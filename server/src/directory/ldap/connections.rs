//! Connections to the directory: TLS checked against the system's roots and `directory_ca_file`,
//! a bounded number at once, and idle ones bound as the service account kept for the next
//! search. A connection that failed is dropped, and the next use opens a fresh one, so the
//! directory restarting costs one failed request at most. Both dialects read entries through it.

use std::sync::{Arc, Mutex};

use anyhow::Context;
use ldap3::{Ldap, LdapConnAsync, LdapConnSettings, Scope, SearchEntry};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::config::LdapSettings;
use crate::directory::error::Unreachable;

/// The pool.
pub struct Connections {
    settings: Arc<LdapSettings>,
    tls: LdapConnSettings,
    idle: Arc<Mutex<Vec<Ldap>>>,
    permits: Arc<Semaphore>,
}

/// A connection bound as the service account, lent until dropped.
pub struct Lease {
    pub ldap: Ldap,
    idle: Arc<Mutex<Vec<Ldap>>>,
    healthy: bool,
    _permit: OwnedSemaphorePermit,
}

impl Lease {
    /// Not to be lent again: it failed, or it is bound as someone else now.
    pub fn discard(&mut self) {
        self.healthy = false;
    }
}

impl Drop for Lease {
    fn drop(&mut self) {
        if self.healthy
            && let Ok(mut idle) = self.idle.lock()
        {
            idle.push(self.ldap.clone());
        }
    }
}

impl Connections {
    pub fn new(settings: Arc<LdapSettings>) -> anyhow::Result<Self> {
        let mut tls = native_tls::TlsConnector::builder();
        if let Some(file) = &settings.ca_file {
            let pem = std::fs::read(file)
                .with_context(|| format!("cannot read directory_ca_file {}", file.display()))?;
            let ca = native_tls::Certificate::from_pem(&pem).with_context(|| {
                format!(
                    "directory_ca_file {} is not a PEM certificate",
                    file.display()
                )
            })?;
            tls.add_root_certificate(ca);
        }
        let connector = tls.build().context("cannot set up TLS for the directory")?;
        let tls = LdapConnSettings::new()
            .set_conn_timeout(settings.timeout)
            .set_connector(connector)
            .set_starttls(settings.starttls);
        Ok(Self {
            permits: Arc::new(Semaphore::new(settings.pool_size)),
            settings,
            tls,
            idle: Arc::default(),
        })
    }

    /// The settings the connections were made with.
    pub fn settings(&self) -> &LdapSettings {
        &self.settings
    }

    /// A new connection, not bound to anyone yet.
    pub async fn open(&self) -> Result<Ldap, Unreachable> {
        let (connection, ldap) =
            LdapConnAsync::with_settings(self.tls.clone(), self.settings.url.as_str()).await?;
        ldap3::drive!(connection);
        Ok(ldap)
    }

    /// A connection bound as the service account: an idle one, or a new one.
    pub async fn service(&self) -> Result<Lease, Unreachable> {
        let permit = self
            .permits
            .clone()
            .acquire_owned()
            .await
            .map_err(|_| Unreachable("the directory's connections are closed".into()))?;
        let reused = self
            .idle
            .lock()
            .ok()
            .and_then(|mut idle| idle.pop())
            .filter(|ldap| !ldap.clone().is_closed());
        let ldap = match reused {
            Some(ldap) => ldap,
            None => {
                let mut ldap = self.open().await?;
                let settings = &self.settings;
                ldap.with_timeout(settings.timeout)
                    .simple_bind(&settings.bind_dn, settings.bind_password.expose())
                    .await?
                    .success()
                    .map_err(|error| {
                        Unreachable(format!(
                            "the service account {} cannot bind: {error}",
                            settings.bind_dn
                        ))
                    })?;
                ldap
            }
        };
        Ok(Lease {
            ldap,
            idle: self.idle.clone(),
            healthy: true,
            _permit: permit,
        })
    }

    /// Waits for a turn: binding as a person takes a connection like any other operation.
    pub async fn turn(&self) -> Result<OwnedSemaphorePermit, Unreachable> {
        self.permits
            .clone()
            .acquire_owned()
            .await
            .map_err(|_| Unreachable("the directory's connections are closed".into()))
    }

    /// The entries a search as the service account finds (an answer other than success is an
    /// error too).
    pub async fn search(
        &self,
        base: &str,
        scope: Scope,
        filter: &str,
        attributes: Vec<&str>,
    ) -> Result<Vec<SearchEntry>, Unreachable> {
        let mut lease = self.service().await?;
        let found = lease
            .ldap
            .with_timeout(self.settings.timeout)
            .search(base, scope, filter, attributes)
            .await
            .and_then(|result| result.success());
        match found {
            Ok((entries, _)) => Ok(entries.into_iter().map(SearchEntry::construct).collect()),
            Err(error) => {
                lease.discard();
                Err(error.into())
            }
        }
    }

    /// One entry's attributes, read as the service account (`None`: no such entry, or not
    /// allowed to see it).
    pub async fn read_entry(
        &self,
        dn: &str,
        attributes: &[&str],
    ) -> Result<Option<SearchEntry>, Unreachable> {
        let mut lease = self.service().await?;
        let found = lease
            .ldap
            .with_timeout(self.settings.timeout)
            .search(dn, Scope::Base, "(objectClass=*)", attributes.to_vec())
            .await;
        match found {
            Ok(result) => Ok(result
                .success()
                .ok()
                .and_then(|(entries, _)| entries.into_iter().next())
                .map(SearchEntry::construct)),
            Err(error) => {
                lease.discard();
                Err(error.into())
            }
        }
    }
}
