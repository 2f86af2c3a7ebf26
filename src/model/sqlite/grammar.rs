//! SQLite type affinities, default literals and generated constraint names, as rc.5 writes them.

use crate::model::pg::jsvalue::{json_for_sql, JsValue};

/// The default-literal family of a declared type (rc.5 picks by exact name or known prefix).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    Int,
    Real,
    Numeric,
    Text,
    Blob,
    Custom,
}

const INT: &[&str] = &[
    "int",
    "integer",
    "tiniint",
    "smallint",
    "mediumint",
    "bigint",
    "unsigned big int",
    "int2",
    "int8",
];
const REAL: &[&str] = &["real", "double", "double precision", "float"];
const NUMERIC: &[&str] = &["numeric", "decimal", "boolean", "date", "datetime"];
const TEXT: &[&str] = &[
    "text",
    "character",
    "varchar",
    "varying character",
    "nchar",
    "native character",
    "nvarchar",
    "clob",
];

pub fn family(sql_type: &str) -> Family {
    let lowered = sql_type.to_lowercase();
    let l = lowered.as_str();
    if INT.contains(&l) {
        Family::Int
    } else if REAL.contains(&l) {
        Family::Real
    } else if NUMERIC.contains(&l) || l.starts_with("numeric(") || l.starts_with("decimal(") {
        Family::Numeric
    } else if TEXT.contains(&l) || TEXT.iter().any(|t| l.starts_with(&format!("{t}("))) {
        Family::Text
    } else if l.starts_with("blob") {
        Family::Blob
    } else {
        Family::Custom
    }
}

/// The SQL literal of a JS default value for a column of `sql_type`; `timestamp_mode` is set for
/// drizzle's `integer({ mode: 'timestamp' | 'timestamp_ms' })` columns. `Err` says why the value
/// cannot be a default of this type.
pub fn default_literal(
    value: &JsValue,
    sql_type: &str,
    timestamp_mode: Option<&str>,
) -> Result<String, String> {
    if let Some(mode) = timestamp_mode {
        return Ok(int_default(value, Some(mode)));
    }
    match family(sql_type) {
        Family::Int => Ok(int_default(value, None)),
        Family::Real | Family::Custom => Ok(value.js_string()),
        Family::Numeric => match value {
            JsValue::Str(s) => Ok(format!("'{s}'")),
            JsValue::BigInt(n) => Ok(format!("'{n}'")),
            JsValue::Number(n) => Ok(n.clone()),
            other => Err(format!(
                "a {sql_type} default must be a string, number or bigint, got {}",
                other.js_string()
            )),
        },
        Family::Text => text_default(value, sql_type),
        Family::Blob => match value {
            JsValue::BigInt(n) => Ok(format!("'{n}'")),
            JsValue::Bytes { hex, .. } => Ok(format!("X'{}'", hex.to_uppercase())),
            JsValue::Array(_)
            | JsValue::Object { .. }
            | JsValue::WithToJson { .. }
            | JsValue::Null
            | JsValue::Date { .. } => text_default(value, sql_type),
            other => Err(format!(
                "a blob default must be a Buffer, bigint or JSON value, got {}",
                other.js_string()
            )),
        },
    }
}

fn text_default(value: &JsValue, sql_type: &str) -> Result<String, String> {
    match value {
        // rc.5 doubles backslashes too, which SQLite does not unescape (kept: the snapshot text is
        // the contract, and changing it would make both tools see a change on each other's folders).
        JsValue::Str(s) => Ok(format!("'{}'", s.replace('\\', "\\\\").replace('\'', "''"))),
        JsValue::Array(_)
        | JsValue::Object { .. }
        | JsValue::WithToJson { .. }
        | JsValue::Bytes { .. }
        | JsValue::Date { .. }
        | JsValue::Null => Ok(format!("'{}'", json_for_sql(value))),
        other => Err(format!(
            "a {sql_type} default must be a string or a JSON value, got {}",
            other.js_string()
        )),
    }
}

fn int_default(value: &JsValue, mode: Option<&str>) -> String {
    match value {
        JsValue::BigInt(n) => format!("'{n}'"),
        JsValue::Date {
            iso: Some(iso),
            string,
        } => match iso_millis(iso) {
            // `(ms / 1000).toFixed(0)`: halves round away from zero, the sign is kept ("-0").
            Some(ms) if mode == Some("timestamp") => {
                let abs = ms.unsigned_abs();
                let secs = abs / 1000 + u64::from(abs % 1000 >= 500);
                if ms < 0 {
                    format!("-{secs}")
                } else {
                    secs.to_string()
                }
            }
            Some(ms) => ms.to_string(),
            None => string.clone(),
        },
        other => other.js_string(),
    }
}

/// Milliseconds since the epoch of `Date.prototype.toISOString()` output
/// (`YYYY-MM-DDTHH:MM:SS.mmmZ`, years beyond 9999 as `±YYYYYY`).
pub fn iso_millis(iso: &str) -> Option<i64> {
    let (sign, rest) = match iso.as_bytes().first()? {
        b'+' => (1, &iso[1..]),
        b'-' => (-1, &iso[1..]),
        _ => (1, iso),
    };
    let (date, time) = rest.split_once('T')?;
    let mut d = date.split('-');
    let year: i64 = sign * d.next()?.parse::<i64>().ok()?;
    let month: i64 = d.next()?.parse().ok()?;
    let day: i64 = d.next()?.parse().ok()?;
    let time = time.strip_suffix('Z')?;
    let (hms, millis) = time.split_once('.')?;
    let mut t = hms.split(':');
    let h: i64 = t.next()?.parse().ok()?;
    let m: i64 = t.next()?.parse().ok()?;
    let s: i64 = t.next()?.parse().ok()?;
    let ms: i64 = millis.parse().ok()?;
    Some((days_from_civil(year, month, day) * 86_400 + h * 3600 + m * 60 + s) * 1000 + ms)
}

fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

pub fn name_for_fk(
    table: &str,
    columns: &[String],
    table_to: &str,
    columns_to: &[String],
) -> String {
    format!(
        "fk_{table}_{}_{table_to}_{}_fk",
        columns.join("_"),
        columns_to.join("_")
    )
}

pub fn name_for_unique(table: &str, columns: &[String]) -> String {
    format!("{table}_{}_unique", columns.join("_"))
}

pub fn name_for_pk(table: &str) -> String {
    format!("{table}_pk")
}

/// Two default texts that mean the same value (rc.5 does not count these as a change).
pub fn defaults_commutative(from: Option<&str>, to: Option<&str>) -> bool {
    if from == to {
        return true;
    }
    let (Some(from), Some(to)) = (from, to) else {
        return false;
    };
    if from == format!("({to})") || to == format!("({from})") {
        return true;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_dates_to_millis() {
        assert_eq!(iso_millis("1970-01-01T00:00:00.000Z"), Some(0));
        assert_eq!(
            iso_millis("2024-01-02T03:04:05.678Z"),
            Some(1_704_164_645_678)
        );
        assert_eq!(iso_millis("1969-12-31T23:59:59.999Z"), Some(-1));
    }

    #[test]
    fn families_follow_rc5() {
        assert_eq!(family("integer"), Family::Int);
        assert_eq!(family("text(256)"), Family::Text);
        assert_eq!(family("numeric"), Family::Numeric);
        assert_eq!(family("blob"), Family::Blob);
        assert_eq!(family("real"), Family::Real);
        assert_eq!(family("my_type"), Family::Custom);
    }
}
