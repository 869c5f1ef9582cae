//! The whole installation's audit log for IT support: newest first, filtered by person, staff
//! member, action and days, 50 to a page, and the same selection as CSV (`audit_export`'s
//! spreadsheet-safe writer). Helpdesk reads only the entries of people it may act on, and is
//! not told which other staff acted (security.md 59).

use axum::extract::{Query, State};
use axum::http::header;
use axum::response::IntoResponse;
use latchkey_api::types::{AuditLine, AuditPage};
use latchkey_api::{ApiError, Problem};
use serde::Deserialize;

use super::Staff;
use crate::audit_export::{day_start, write_csv};
use crate::http::challenges::refuse;
use crate::http::error::AppError;
use crate::http::json::Json;
use crate::staff::reading::readable;
use crate::state::AppState;
use crate::store::AuditFilter;

/// Entries on a page.
const PAGE_SIZE: usize = 50;

/// The filters, each optional; days as `2026-11-30`, `to` included.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
pub struct Selection {
    pub person: Option<String>,
    pub staff: Option<String>,
    pub action: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    /// From 1 [default: 1].
    pub page: Option<u32>,
}

impl Selection {
    /// The store's filter for this selection; empty filters are no filters.
    fn filter(&self) -> Result<AuditFilter, AppError> {
        let text = |value: &Option<String>| value.clone().filter(|v| !v.trim().is_empty());
        let day = |value: &Option<String>, field: &str| match text(value) {
            None => Ok(None),
            Some(day) => day_start(day.trim())
                .map(Some)
                .map_err(|_| refuse(field, field, Problem::Invalid)),
        };
        Ok(AuditFilter {
            person_id: None,
            person: text(&self.person),
            staff: text(&self.staff),
            action: text(&self.action),
            from: day(&self.from, "from")?,
            until: day(&self.to, "to")?.map(|start| start + 24 * 60 * 60),
            newest_first: true,
            offset: 0,
            limit: i64::MAX,
        })
    }
}

/// A page of the audit log, newest first.
#[utoipa::path(
    get, path = "/api/v1/admin/audit", tag = "IT support",
    params(Selection),
    responses(
        (status = 200, description = "The entries", body = AuditPage),
        (status = 403, description = "Not staff, or not verified in this session", body = ApiError),
        (status = 422, description = "A day is not a date", body = ApiError),
    )
)]
pub async fn audit_log(
    State(state): State<AppState>,
    staff: Staff,
    Query(selection): Query<Selection>,
) -> Result<Json<AuditPage>, AppError> {
    let page = selection.page.unwrap_or(1).max(1);
    let skip = (page as usize - 1) * PAGE_SIZE;
    // One more than a page says whether more follow.
    let mut records = readable(
        &state.store,
        &state.config,
        &staff,
        selection.filter()?,
        skip,
        PAGE_SIZE + 1,
    )
    .await?;
    let more = records.len() > PAGE_SIZE;
    records.truncate(PAGE_SIZE);
    let entries = records
        .into_iter()
        .map(|record| AuditLine {
            at: record.created_at,
            actor: staff.actor_shown(&record),
            detail: staff.detail_shown(&record),
            client: staff.client_shown(&record),
            person: record.username,
            action: record.action,
            note: record.note,
        })
        .collect();
    Ok(Json(AuditPage {
        entries,
        page,
        more,
    }))
}

/// The same selection, every page, as a CSV download.
#[utoipa::path(
    get, path = "/api/v1/admin/audit.csv", tag = "IT support",
    params(Selection),
    responses(
        (status = 200, description = "The entries as CSV", content_type = "text/csv"),
        (status = 403, description = "Not staff, or not verified in this session", body = ApiError),
        (status = 422, description = "A day is not a date", body = ApiError),
    )
)]
pub async fn audit_log_csv(
    State(state): State<AppState>,
    staff: Staff,
    Query(selection): Query<Selection>,
) -> Result<impl IntoResponse, AppError> {
    let mut records = readable(
        &state.store,
        &state.config,
        &staff,
        selection.filter()?,
        0,
        usize::MAX,
    )
    .await?;
    for record in &mut records {
        staff.export_shown(record);
    }
    let mut csv = Vec::new();
    write_csv(&records, &mut csv).map_err(AppError::Internal)?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"latchkey-audit.csv\"",
            ),
        ],
        csv,
    ))
}
