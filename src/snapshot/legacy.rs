//! What the converters of drizzle-kit 0.31 snapshots (one per wing, `snapshot/<dialect>/legacy.rs`)
//! share: JavaScript's view of JSON values, rows grouped by kind the way rc.5's entity store keeps
//! them, and the header every 0.31 snapshot has.

use std::collections::HashSet;

use serde_json::{json, Map, Value};

use crate::error::{Error, Result};

/// JavaScript `String(value)` for the JSON values a snapshot default can hold.
pub fn js_string(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::Array(items) => items
            .iter()
            .map(|i| match i {
                Value::Null => String::new(),
                other => js_string(other),
            })
            .collect::<Vec<_>>()
            .join(","),
        Value::Object(_) => "[object Object]".into(),
    }
}

pub(crate) fn s(v: &Value, field: &str) -> String {
    v.get(field).map(js_string).unwrap_or_default()
}

pub(crate) fn or_null(v: &Value, field: &str) -> Value {
    v.get(field).cloned().unwrap_or(Value::Null)
}

pub(crate) fn values<'a>(v: &'a Value, field: &str) -> impl Iterator<Item = &'a Value> {
    v.get(field)
        .and_then(Value::as_object)
        .into_iter()
        .flat_map(|m| m.values())
}

pub(crate) fn names(v: &Value, field: &str) -> Vec<String> {
    v.get(field)
        .and_then(Value::as_array)
        .map(|a| a.iter().map(js_string).collect())
        .unwrap_or_default()
}

/// Rows grouped by kind in the dialect's kind order; a repeated identity is dropped (rc.5's entity
/// store keeps the first).
pub(crate) struct Rows {
    kinds: &'static [&'static str],
    lists: Vec<Vec<Value>>,
    seen: HashSet<String>,
}

impl Rows {
    pub(crate) fn new(kinds: &'static [&'static str]) -> Rows {
        Rows {
            kinds,
            lists: vec![Vec::new(); kinds.len()],
            seen: HashSet::new(),
        }
    }

    /// `fields` in the kind's field order; `identity` as rc.5 keys the kind.
    pub(crate) fn push(&mut self, kind: &str, fields: Vec<(&str, Value)>, identity: &[&str]) {
        let key = format!(
            "{kind}\u{0}{}",
            serde_json::to_string(identity).unwrap_or_default()
        );
        if !self.seen.insert(key) {
            return;
        }
        let mut row = Map::new();
        for (k, v) in fields {
            row.insert(k.to_string(), v);
        }
        row.insert("entityType".into(), json!(kind));
        if let Some(pos) = self.kinds.iter().position(|k| *k == kind) {
            if let Some(list) = self.lists.get_mut(pos) {
                list.push(Value::Object(row));
            }
        }
    }

    pub(crate) fn has(&self, kind: &str, identity: &[&str]) -> bool {
        let key = format!(
            "{kind}\u{0}{}",
            serde_json::to_string(identity).unwrap_or_default()
        );
        self.seen.contains(&key)
    }

    pub(crate) fn into_list(self) -> Vec<Value> {
        self.lists.into_iter().flatten().collect()
    }
}

pub(crate) fn pretty(value: &Value) -> Result<String> {
    serde_json::to_string_pretty(value).map_err(|e| Error::internal(e.to_string()))
}

pub(crate) fn header_checks(raw: &Value, path: &str) -> Result<(String, String)> {
    let bad = |what: &str| Error::snapshot(path, format!("{what}. Restore the file from git"));
    let id = raw
        .get("id")
        .and_then(Value::as_str)
        .ok_or_else(|| bad("has no string id"))?;
    let prev = raw
        .get("prevId")
        .and_then(Value::as_str)
        .ok_or_else(|| bad("has no string prevId"))?;
    if !raw.get("tables").is_some_and(Value::is_object) {
        return Err(bad("has no tables object"));
    }
    Ok((id.to_string(), prev.to_string()))
}
