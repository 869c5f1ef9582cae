//! What the server tells its operators: log lines (text or JSON) and Prometheus metrics.

pub mod logs;
pub mod metrics;
