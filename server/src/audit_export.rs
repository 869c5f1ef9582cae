//! `latchkey-server audit export --since 2026-11-01 > audit.csv`: the audit log as CSV for IT
//! and auditors, written by `latchkey_api::spreadsheet` (every cell quoted, formulas kept as
//! text in every locale; security.md 57). What staff wrote (a ticket, a reason) has its own
//! column, apart from Latchkey's words.

use std::io::Write;

use anyhow::Context;
use latchkey_api::spreadsheet::line;

use crate::clock::Timestamp;
use crate::store::{AuditFilter, AuditRecord, Store};

/// A Unix time as an RFC 3339 UTC time.
fn rfc3339(at: Timestamp) -> String {
    time::OffsetDateTime::from_unix_timestamp(at)
        .ok()
        .and_then(|moment| {
            moment
                .format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_default()
}

/// Writes `records` as CSV with a header row.
pub fn write_csv(records: &[AuditRecord], mut out: impl Write) -> anyhow::Result<()> {
    out.write_all(
        line(&[
            "time",
            "account",
            "staff",
            "action",
            "detail",
            "note",
            "client",
            "user_agent",
        ])
        .as_bytes(),
    )?;
    for record in records {
        let time = rfc3339(record.created_at);
        let staff = record.staff.as_deref().unwrap_or_default();
        let note = record.note.as_deref().unwrap_or_default();
        let cells = [
            &time,
            &record.username,
            staff,
            &record.action,
            &record.detail,
            note,
            &record.ip,
            &record.user_agent,
        ];
        out.write_all(line(&cells).as_bytes())?;
    }
    out.flush()?;
    Ok(())
}

/// The day `since` (`2026-11-01`) began, UTC.
pub fn day_start(since: &str) -> anyhow::Result<Timestamp> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    let day = time::Date::parse(since, format)
        .with_context(|| format!("--since {since:?} is not a date such as 2026-11-01"))?;
    Ok(day.midnight().assume_utc().unix_timestamp())
}

/// `latchkey-server audit export`.
pub async fn export_from_cli(config: &crate::config::Config, since: &str) -> anyhow::Result<()> {
    let filter = AuditFilter {
        from: Some(day_start(since)?),
        limit: i64::MAX,
        ..AuditFilter::default()
    };
    let store = Store::connect(&config.database_url, config.database_pool_size).await?;
    let records = store.audit_entries(&filter).await?;
    write_csv(&records, std::io::stdout().lock())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_cell_is_quoted_and_no_part_of_one_runs_in_any_locale() {
        let record = AuditRecord {
            created_at: 1_796_000_000,
            person_id: "p1".into(),
            username: "=cmd|' /C calc'!A0".into(),
            staff_id: Some("s1".into()),
            staff: Some("ada".into()),
            action: "method_added".into(),
            detail: "Phone +1 425-555-0100, \"home\"\nsecond line".into(),
            note: Some("INC-1;@SUM(A1)".into()),
            ip: "192.0.2.1".into(),
            user_agent: "Mozilla/5.0;=cmd|' /C calc'!A0".into(),
        };
        let mut out = Vec::new();
        write_csv(&[record], &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(
            text,
            "\"time\",\"account\",\"staff\",\"action\",\"detail\",\"note\",\"client\",\"user_agent\"\n\
             \"2026-11-30T00:53:20Z\",\"'=cmd|' /C calc'!A0\",\"ada\",\"method_added\",\
             \"Phone +1 425-555-0100, \"\"home\"\"\nsecond line\",\"INC-1;'@SUM(A1)\",\
             \"192.0.2.1\",\"Mozilla/5.0;'=cmd|' /C calc'!A0\"\n"
        );
    }

    #[test]
    fn since_is_a_day() {
        assert_eq!(day_start("2026-11-30").unwrap(), 1_795_996_800);
        assert!(day_start("yesterday").is_err());
    }
}
