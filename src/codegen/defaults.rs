//! JavaScript values a SQL default literal may denote, as TypeScript text: each wing's `types`
//! offers the candidates its builders could take and keeps the one its model turns back into the
//! same SQL (a default is a TypeScript value only when it round-trips; otherwise ``sql`…` ``).

use crate::codegen::ts::number_keeps_text;
use crate::model::pg::jsvalue::JsValue;

/// A value the default could be written as, with the builder mode it needs.
pub struct Candidate {
    pub value: JsValue,
    pub ts: String,
    /// The builder mode the value needs (`boolean`, `json`, `bigint`…).
    pub mode: Option<&'static str>,
}

/// A plain decimal literal JavaScript reads back as the same text (`42`, `-1.5`; not `1.50`, `0x1`).
pub fn number_candidate(text: &str) -> Option<Candidate> {
    let body = text.strip_prefix('-').unwrap_or(text);
    let plain = !body.is_empty()
        && body.chars().all(|c| c.is_ascii_digit() || c == '.')
        && !body.starts_with('.')
        && !body.ends_with('.');
    (plain && number_keeps_text(text)).then(|| Candidate {
        value: JsValue::Number(text.to_string()),
        ts: text.to_string(),
        mode: None,
    })
}

/// The text of a single SQL string literal (`'it''s'` → `it's`), backslashes halved as the model
/// doubles them; `None` for anything that is not one literal.
pub fn string_candidate(text: &str) -> Option<Candidate> {
    if text.len() < 2 || !text.starts_with('\'') || !text.ends_with('\'') {
        return None;
    }
    let inner = &text[1..text.len() - 1];
    if inner.replace("''", "").contains('\'') {
        return None;
    }
    let value = inner.replace("''", "'").replace("\\\\", "\\");
    Some(Candidate {
        ts: crate::codegen::names::js_string(&value),
        value: JsValue::Str(value),
        mode: None,
    })
}

/// A plain JSON value as drizzle's JSON modes hold it.
pub fn js_value_of(value: &serde_json::Value) -> JsValue {
    use serde_json::Value;
    match value {
        Value::Null => JsValue::Null,
        Value::Bool(b) => JsValue::Bool(*b),
        Value::Number(n) => JsValue::Number(n.to_string()),
        Value::String(s) => JsValue::Str(s.clone()),
        Value::Array(items) => JsValue::Array(items.iter().map(js_value_of).collect()),
        Value::Object(map) => JsValue::Object {
            entries: map
                .iter()
                .map(|(k, v)| (k.clone(), js_value_of(v)))
                .collect(),
            string: "[object Object]".into(),
        },
    }
}

/// `'{"k":1}'`: a JSON object or array in a string literal, for `{"mode":"json"}`.
pub fn json_candidate(text: &str) -> Option<Candidate> {
    let inner = string_candidate(text)?;
    let JsValue::Str(json) = inner.value else {
        return None;
    };
    let value: serde_json::Value = serde_json::from_str(&json).ok()?;
    if !(value.is_object() || value.is_array()) {
        return None;
    }
    Some(Candidate {
        ts: serde_json::to_string(&value).ok()?,
        value: js_value_of(&value),
        mode: Some("json"),
    })
}

pub fn bool_candidate(text: &str) -> Option<Candidate> {
    matches!(text, "true" | "false").then(|| Candidate {
        value: JsValue::Bool(text == "true"),
        ts: text.to_string(),
        mode: Some("boolean"),
    })
}
