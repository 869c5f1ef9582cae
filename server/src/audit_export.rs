//! `latchkey-server audit export --since 2026-11-01 > audit.csv`: the audit log as CSV (RFC
//! 4180, by the `csv` crate) for IT and auditors. A cell that a spreadsheet would run as a
//! formula (starting with `=`, `+`, `-`, `@`, a tab or a carriage return — a display name or a
//! user agent can be anything) is written with a leading apostrophe, so it stays text.

use std::io::Write;

use anyhow::Context;

use crate::clock::Timestamp;
use crate::store::{AuditFilter, AuditRecord, Store};

/// A cell as written: text a spreadsheet will not run.
pub fn inert(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

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
pub fn write_csv(records: &[AuditRecord], out: impl Write) -> anyhow::Result<()> {
    let mut csv = csv::Writer::from_writer(out);
    csv.write_record([
        "time",
        "account",
        "staff",
        "action",
        "detail",
        "client",
        "user_agent",
    ])?;
    for record in records {
        let time = rfc3339(record.created_at);
        let staff = record.staff.clone().unwrap_or_default();
        let cells = [
            &time,
            &record.username,
            &staff,
            &record.action,
            &record.detail,
            &record.ip,
            &record.user_agent,
        ];
        csv.write_record(cells.map(|cell| inert(cell).into_owned()))?;
    }
    csv.flush()?;
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
    fn cells_a_spreadsheet_would_run_stay_text() {
        assert_eq!(
            inert("=HYPERLINK(\"http://evil\")"),
            "'=HYPERLINK(\"http://evil\")"
        );
        for formula in ["+1", "-1+2", "@SUM(A1)", "\tx", "\rx"] {
            assert!(inert(formula).starts_with('\''), "{formula:?}");
        }
        assert_eq!(inert("jdoe"), "jdoe");
        assert_eq!(inert("127.0.0.1"), "127.0.0.1");
    }

    #[test]
    fn records_are_quoted_as_rfc_4180_says() {
        let record = AuditRecord {
            created_at: 1_796_000_000,
            username: "=cmd|' /C calc'!A0".into(),
            staff: None,
            action: "method_added".into(),
            detail: "Phone +1 425-555-0100, \"home\"\nsecond line".into(),
            ip: "192.0.2.1".into(),
            user_agent: "Mozilla/5.0".into(),
        };
        let mut out = Vec::new();
        write_csv(&[record], &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(
            text,
            "time,account,staff,action,detail,client,user_agent\n\
             2026-11-30T00:53:20Z,'=cmd|' /C calc'!A0,,method_added,\
             \"Phone +1 425-555-0100, \"\"home\"\"\nsecond line\",192.0.2.1,Mozilla/5.0\n"
        );
    }

    #[test]
    fn since_is_a_day() {
        assert_eq!(day_start("2026-11-30").unwrap(), 1_795_996_800);
        assert!(day_start("yesterday").is_err());
    }
}
