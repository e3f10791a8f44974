//! STUB: this schema is being written.
use super::Report;

pub fn run(_file: &str, _data: &serde_json::Value, _report: &mut Report) {}
