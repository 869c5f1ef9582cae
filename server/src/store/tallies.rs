//! Daily tallies: how many resets started, finished or were refused, which ways proved them, and
//! how many texts, calls and emails were sent or failed, per UTC day (the activity report).

use super::{Store, Tx};
use crate::clock::Timestamp;

const DAY: i64 = 24 * 60 * 60;

/// The UTC day `at` falls in, as the moment it began.
pub fn day_of(at: Timestamp) -> Timestamp {
    at - at.rem_euclid(DAY)
}

impl Store {
    /// Every tally from the day `from` began: (day, name, count).
    pub async fn tallies_since(
        &self,
        from: Timestamp,
    ) -> Result<Vec<(Timestamp, String, i64)>, sqlx::Error> {
        use sqlx::Row;
        let rows = sqlx::query("SELECT day, name, count FROM daily_tallies WHERE day >= $1")
            .bind(day_of(from))
            .fetch_all(self.pool())
            .await?;
        rows.iter()
            .map(|row| {
                Ok((
                    row.try_get("day")?,
                    row.try_get("name")?,
                    row.try_get("count")?,
                ))
            })
            .collect()
    }
}

impl Tx {
    /// Adds one to `name` for the day of `now`.
    pub async fn tally(&mut self, name: &str, now: Timestamp) -> Result<(), sqlx::Error> {
        sqlx::query(
            "INSERT INTO daily_tallies (day, name, count) VALUES ($1, $2, 1)
             ON CONFLICT (day, name) DO UPDATE SET count = daily_tallies.count + 1",
        )
        .bind(day_of(now))
        .bind(name)
        .execute(self.conn())
        .await?;
        Ok(())
    }
}
