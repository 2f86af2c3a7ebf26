//! JavaScript values carried losslessly through the interim description, and the two ways rc.5
//! turns them into text: `String(value)` (template literals, `String()`) and its JSON writer (used
//! for `json`/`jsonb` defaults, which also calls `toJSON()` and accepts bigint).
//!
//! Encoding written by `encodeValue` in js/schema/pg.js:
//! `null`, booleans and strings are themselves, arrays are arrays, and everything else is an object
//! with one tag key: `{"number": String(n)}`, `{"bigint": "123"}`, `{"undefined": true}`,
//! `{"date": iso|null, "string": String(d)}`, `{"bytes": hex, "string", "json"}`,
//! `{"json": toJSON(), "string"}` (other objects with `toJSON`), `{"object": [[key, value]…], "string"}`.

use serde_json::Value;

#[derive(Debug, Clone, PartialEq)]
pub enum JsValue {
    Undefined,
    Null,
    Bool(bool),
    /// `String(n)` as JavaScript printed it (`1e+21`, `NaN`, `-Infinity`, `0.1`).
    Number(String),
    BigInt(String),
    Str(String),
    Array(Vec<JsValue>),
    /// `iso` is `None` for an invalid date (`toISOString()` throws, `toJSON()` is `null`).
    Date {
        iso: Option<String>,
        string: String,
    },
    Bytes {
        hex: String,
        string: String,
        json: Box<JsValue>,
    },
    /// An object with its own `toJSON()`: what it returned, and `String(obj)`.
    WithToJson {
        json: Box<JsValue>,
        string: String,
    },
    Object {
        entries: Vec<(String, JsValue)>,
        string: String,
    },
}

impl JsValue {
    /// Decode the interim encoding; `None` names nothing, the caller adds the entity to the error.
    pub fn decode(value: &Value) -> Result<JsValue, String> {
        Ok(match value {
            Value::Null => JsValue::Null,
            Value::Bool(b) => JsValue::Bool(*b),
            Value::String(s) => JsValue::Str(s.clone()),
            // Plain JSON numbers are accepted too (hand-written interim); JS always tags them.
            Value::Number(n) => JsValue::Number(n.to_string()),
            Value::Array(items) => JsValue::Array(
                items
                    .iter()
                    .map(JsValue::decode)
                    .collect::<Result<_, _>>()?,
            ),
            Value::Object(map) => {
                let text = |key: &str| -> Result<String, String> {
                    map.get(key)
                        .and_then(Value::as_str)
                        .map(str::to_string)
                        .ok_or_else(|| format!("encoded JS value lacks the string field {key:?}"))
                };
                if map.contains_key("undefined") {
                    JsValue::Undefined
                } else if map.contains_key("number") {
                    JsValue::Number(text("number")?)
                } else if map.contains_key("bigint") {
                    JsValue::BigInt(text("bigint")?)
                } else if map.contains_key("date") {
                    JsValue::Date {
                        iso: map.get("date").and_then(Value::as_str).map(str::to_string),
                        string: text("string")?,
                    }
                } else if map.contains_key("bytes") {
                    JsValue::Bytes {
                        hex: text("bytes")?,
                        string: text("string")?,
                        json: Box::new(JsValue::decode(map.get("json").unwrap_or(&Value::Null))?),
                    }
                } else if map.contains_key("object") {
                    let entries = map
                        .get("object")
                        .and_then(Value::as_array)
                        .ok_or("encoded JS object must list its entries")?
                        .iter()
                        .map(|pair| match pair.as_array().map(Vec::as_slice) {
                            Some([Value::String(k), v]) => Ok((k.clone(), JsValue::decode(v)?)),
                            _ => Err("encoded JS object entries must be [key, value] pairs".into()),
                        })
                        .collect::<Result<_, String>>()?;
                    JsValue::Object {
                        entries,
                        string: text("string").unwrap_or_else(|_| "[object Object]".into()),
                    }
                } else if map.contains_key("json") {
                    JsValue::WithToJson {
                        json: Box::new(JsValue::decode(map.get("json").unwrap_or(&Value::Null))?),
                        string: text("string")?,
                    }
                } else {
                    return Err(format!(
                        "unknown JS value encoding with keys {:?}",
                        map.keys().collect::<Vec<_>>()
                    ));
                }
            }
        })
    }

    pub fn is_undefined(&self) -> bool {
        matches!(self, JsValue::Undefined)
    }

    pub fn as_array(&self) -> Option<&[JsValue]> {
        match self {
            JsValue::Array(items) => Some(items),
            _ => None,
        }
    }

    /// JavaScript truthiness.
    pub fn truthy(&self) -> bool {
        match self {
            JsValue::Undefined | JsValue::Null => false,
            JsValue::Bool(b) => *b,
            JsValue::Number(n) => !matches!(n.as_str(), "0" | "-0" | "NaN"),
            JsValue::BigInt(n) => n != "0",
            JsValue::Str(s) => !s.is_empty(),
            _ => true,
        }
    }

    /// `String(value)`.
    pub fn js_string(&self) -> String {
        match self {
            JsValue::Undefined => "undefined".into(),
            JsValue::Null => "null".into(),
            JsValue::Bool(b) => b.to_string(),
            JsValue::Number(n) | JsValue::BigInt(n) | JsValue::Str(n) => n.clone(),
            JsValue::Array(items) => items
                .iter()
                .map(|it| match it {
                    JsValue::Undefined | JsValue::Null => String::new(),
                    other => other.js_string(),
                })
                .collect::<Vec<_>>()
                .join(","),
            JsValue::Date { string, .. }
            | JsValue::Bytes { string, .. }
            | JsValue::WithToJson { string, .. }
            | JsValue::Object { string, .. } => string.clone(),
        }
    }

    /// `Object.values(value).length`, for the object-shaped point/line defaults.
    pub fn own_value_count(&self) -> usize {
        match self {
            JsValue::Object { entries, .. } => entries.len(),
            JsValue::Array(items) => items.len(),
            JsValue::Str(s) => s.encode_utf16().count(),
            _ => 0,
        }
    }

    /// Property lookup on a plain object (`value.x`), or index lookup on an array (`value[0]`).
    pub fn get(&self, key: &str) -> JsValue {
        match self {
            JsValue::Object { entries, .. } => entries
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.clone())
                .unwrap_or(JsValue::Undefined),
            JsValue::Array(items) => key
                .parse::<usize>()
                .ok()
                .and_then(|i| items.get(i).cloned())
                .unwrap_or(JsValue::Undefined),
            _ => JsValue::Undefined,
        }
    }

    /// `value.length` for arrays and strings (0 otherwise).
    pub fn length(&self) -> usize {
        match self {
            JsValue::Array(items) => items.len(),
            JsValue::Str(s) => s.encode_utf16().count(),
            _ => 0,
        }
    }

    /// `array.flat(5).length === 0`: an array holding no values, only (nested) empty arrays.
    pub fn is_empty_nested_array(&self) -> bool {
        fn leaves(items: &[JsValue], depth: usize) -> usize {
            items
                .iter()
                .map(|it| match it {
                    JsValue::Array(inner) if depth < 5 => leaves(inner, depth + 1),
                    _ => 1,
                })
                .sum()
        }
        matches!(self, JsValue::Array(items) if leaves(items, 0) == 0)
    }

    /// The value as a JSON value for options rc.5 copies verbatim (view `with`): numbers become JSON
    /// numbers (integers stay integers), non-finite numbers and undefined become `null`.
    pub fn to_plain_json(&self) -> Value {
        match self {
            JsValue::Undefined | JsValue::Null => Value::Null,
            JsValue::Bool(b) => Value::Bool(*b),
            JsValue::Str(s) => Value::String(s.clone()),
            JsValue::Number(n) | JsValue::BigInt(n) => number_to_json(n),
            JsValue::Array(items) => Value::Array(items.iter().map(Self::to_plain_json).collect()),
            JsValue::Date { iso, .. } => iso.clone().map(Value::String).unwrap_or(Value::Null),
            JsValue::Bytes { json, .. } | JsValue::WithToJson { json, .. } => json.to_plain_json(),
            JsValue::Object { entries, .. } => Value::Object(
                entries
                    .iter()
                    .map(|(k, v)| (k.clone(), v.to_plain_json()))
                    .collect(),
            ),
        }
    }
}

fn number_to_json(n: &str) -> Value {
    if let Ok(i) = n.parse::<i64>() {
        return Value::from(i);
    }
    n.parse::<f64>()
        .ok()
        .and_then(serde_json::Number::from_f64)
        .map(Value::Number)
        .unwrap_or(Value::Null)
}

/// JavaScript `Number(text)`: `None` where it gives NaN (decimal, hex/octal/binary prefixes,
/// exponents, surrounding whitespace; the empty string is 0).
pub fn js_number(text: &str) -> Option<f64> {
    let t = text.trim();
    if t.is_empty() {
        return Some(0.0);
    }
    match t {
        "Infinity" | "+Infinity" => return Some(f64::INFINITY),
        "-Infinity" => return Some(f64::NEG_INFINITY),
        _ => {}
    }
    for (prefix, radix) in [
        ("0x", 16),
        ("0X", 16),
        ("0o", 8),
        ("0O", 8),
        ("0b", 2),
        ("0B", 2),
    ] {
        if let Some(digits) = t.strip_prefix(prefix) {
            return u128::from_str_radix(digits, radix).ok().map(|v| v as f64);
        }
    }
    let body = t.strip_prefix(['+', '-']).unwrap_or(t);
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(i) => (&body[..i], Some(&body[i + 1..])),
        None => (body, None),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits_ok = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    if !digits_ok(int) || !digits_ok(frac) || (int.is_empty() && frac.is_empty()) {
        return None;
    }
    if let Some(e) = exponent {
        let e = e.strip_prefix(['+', '-']).unwrap_or(e);
        if e.is_empty() || !digits_ok(e) {
            return None;
        }
    }
    t.parse::<f64>().ok()
}

/// JavaScript `parseFloat(text) < 0`: only the sign of the leading numeric prefix matters.
pub fn parse_float_is_negative(text: &str) -> bool {
    let t = text.trim_start();
    let Some(rest) = t.strip_prefix('-') else {
        return false;
    };
    // `-0`, `-0.0` are not < 0; `-` followed by a non-number is NaN.
    let digits: String = rest
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.' || *c == 'I')
        .collect();
    if rest.starts_with("Infinity") {
        return true;
    }
    digits.chars().any(|c| c.is_ascii_digit() && c != '0')
}

/// rc.5's JSON writer (a `JSON.stringify` variant with bigint support), with its replacer that
/// doubles single quotes inside string values so the text can sit in a SQL string literal.
pub fn json_for_sql(value: &JsValue) -> String {
    write_json(value).unwrap_or_else(|| "undefined".into())
}

fn write_json(value: &JsValue) -> Option<String> {
    Some(match value {
        JsValue::Undefined => return None,
        JsValue::Null => "null".into(),
        JsValue::Bool(b) => b.to_string(),
        JsValue::Number(n) => {
            if matches!(n.as_str(), "NaN" | "Infinity" | "-Infinity") {
                "null".into()
            } else {
                n.clone()
            }
        }
        JsValue::BigInt(n) => n.clone(),
        JsValue::Str(s) => json_quote(&s.replace('\'', "''")),
        JsValue::Date { iso, .. } => match iso {
            Some(iso) => json_quote(&iso.replace('\'', "''")),
            None => "null".into(),
        },
        JsValue::Bytes { json, .. } | JsValue::WithToJson { json, .. } => return write_json(json),
        JsValue::Array(items) => {
            let parts: Vec<String> = items
                .iter()
                .map(|it| write_json(it).unwrap_or_else(|| "null".into()))
                .collect();
            format!("[{}]", parts.join(","))
        }
        JsValue::Object { entries, .. } => {
            let parts: Vec<String> = entries
                .iter()
                .filter_map(|(k, v)| write_json(v).map(|v| format!("{}:{v}", json_quote(k))))
                .collect();
            format!("{{{}}}", parts.join(","))
        }
    })
}

/// The quoting of rc.5's JSON writer: besides `"`, `\` and control characters it escapes the
/// invisible/format code units below as `\uXXXX`, unlike `JSON.stringify`.
fn json_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '\u{8}' => out.push_str("\\b"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\u{c}' => out.push_str("\\f"),
            '\r' => out.push_str("\\r"),
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if needs_unicode_escape(c) => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn needs_unicode_escape(c: char) -> bool {
    matches!(c as u32,
        0x00..=0x1f | 0x7f..=0x9f | 0xad | 0x600..=0x604 | 0x70f | 0x17b4 | 0x17b5
        | 0x200c..=0x200f | 0x2028..=0x202f | 0x2060..=0x206f | 0xfeff | 0xfff0..=0xffff)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn decode(v: Value) -> JsValue {
        JsValue::decode(&v).unwrap()
    }

    #[test]
    fn string_of_arrays_joins_like_javascript() {
        let v = decode(json!([[{"number": "1"}, null], "a", {"undefined": true}]));
        assert_eq!(v.js_string(), "1,,a,");
    }

    #[test]
    fn json_writer_doubles_quotes_in_values_not_keys_and_renders_bigint_and_dates() {
        let v = decode(json!({"object": [
            ["it's", "x'y"],
            ["n", {"bigint": "12345678901234567890"}],
            ["d", {"date": "1970-01-01T00:00:00.000Z", "string": "Thu Jan 01 1970"}],
            ["u", {"undefined": true}],
            ["nan", {"number": "NaN"}],
            ["ctl", "\u{7f}\u{2028}"]
        ], "string": "[object Object]"}));
        assert_eq!(
            json_for_sql(&v),
            r#"{"it's":"x''y","n":12345678901234567890,"d":"1970-01-01T00:00:00.000Z","nan":null,"ctl":"\u007f\u2028"}"#
        );
    }

    #[test]
    fn parse_float_sign() {
        assert!(parse_float_is_negative("-2"));
        assert!(parse_float_is_negative(" -0.5abc"));
        assert!(!parse_float_is_negative("-0"));
        assert!(!parse_float_is_negative("3"));
        assert!(!parse_float_is_negative("-x"));
    }

    #[test]
    fn flat_emptiness() {
        assert!(decode(json!([[], [[]]])).is_empty_nested_array());
        assert!(!decode(json!([[], [null]])).is_empty_nested_array());
    }
}
