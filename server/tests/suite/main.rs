//! The server's tests, in one binary so that they link once: each module is one part of the
//! product, tried through the real router (and, where they must, real processes and gateways).

mod support;

mod access_passes;
mod api_hygiene;
mod authenticators;
mod calls;
mod cli;
mod concurrency;
mod countries;
mod crash_safety;
mod default_method;
mod delivery;
mod directory_ad;
mod directory_ldap;
mod enrollment;
mod enumeration_timing;
mod gateways;
mod helpdesk;
mod helpdesk_reads;
mod hostile_input;
mod housekeeping;
mod languages;
mod messages;
mod openapi;
mod operations;
mod passkeys;
mod password_change;
mod proxies;
mod recovery_codes;
mod replicas;
mod reset;
mod reset_review;
mod reset_unlock;
mod review;
mod secrets_at_rest;
mod send_limits;
mod sessions;
mod smtp;
mod spa;
mod staff_notes;
mod staff_rules;
mod static_hosting;
mod store;
