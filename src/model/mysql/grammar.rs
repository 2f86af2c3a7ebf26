//! MySQL default literals and generated constraint names, as rc.5 writes them.

use crate::model::pg::jsvalue::{json_for_sql, JsValue};

/// How a column type writes a JS default value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Family {
    /// Integers, floating point, `year`: the number as JavaScript prints it.
    Number,
    /// `decimal`/`numeric`: an expression, `(1.50)`.
    Decimal,
    Boolean,
    /// Types whose literal default MySQL accepts as a quoted string.
    Quoted,
    /// `text`/`blob`/`json` families: MySQL only takes an expression default, `('…')`.
    Expression,
    Json,
    Date,
    DateTime,
}

fn family(sql_type: &str) -> Family {
    let lowered = sql_type.to_lowercase();
    let base = lowered.split(['(', ' ']).next().unwrap_or("");
    match base {
        "tinyint" | "smallint" | "mediumint" | "int" | "integer" | "bigint" | "serial"
        | "float" | "double" | "real" | "year" => Family::Number,
        "decimal" | "numeric" => Family::Decimal,
        "boolean" | "bool" => Family::Boolean,
        "tinytext" | "text" | "mediumtext" | "longtext" | "tinyblob" | "blob" | "mediumblob"
        | "longblob" => Family::Expression,
        "json" => Family::Json,
        "date" => Family::Date,
        "datetime" | "timestamp" => Family::DateTime,
        _ => Family::Quoted,
    }
}

/// A MySQL string literal: `'` doubled and `\` doubled (MySQL reads backslash escapes).
pub fn string_literal(s: &str) -> String {
    format!("'{}'", s.replace('\\', "\\\\").replace('\'', "''"))
}

/// The SQL text of a JS default value for a column of `sql_type`. `Err` says why the value cannot
/// be a default of this type.
pub fn default_literal(value: &JsValue, sql_type: &str) -> Result<String, String> {
    let text = |v: &JsValue| match v {
        JsValue::Str(s) => Ok(s.clone()),
        JsValue::Number(n) | JsValue::BigInt(n) => Ok(n.clone()),
        JsValue::Bool(b) => Ok(b.to_string()),
        other => Err(format!(
            "a {sql_type} default must be a string, number or boolean, got {}",
            other.js_string()
        )),
    };
    Ok(match family(sql_type) {
        Family::Number | Family::Boolean => text(value)?,
        Family::Decimal => format!("({})", text(value)?),
        Family::Quoted => string_literal(&text(value)?),
        Family::Expression => format!("({})", string_literal(&text(value)?)),
        Family::Json => format!("('{}')", json_for_sql(value)),
        Family::Date => match value {
            JsValue::Date { iso: Some(iso), .. } => format!("'{}'", iso.get(..10).unwrap_or(iso)),
            other => string_literal(&text(other)?),
        },
        Family::DateTime => match value {
            JsValue::Date { iso: Some(iso), .. } => {
                format!("'{}'", iso.trim_end_matches('Z').replacen('T', " ", 1))
            }
            other => string_literal(&text(other)?),
        },
    })
}

pub fn name_for_fk(
    table: &str,
    columns: &[String],
    table_to: &str,
    columns_to: &[String],
) -> String {
    format!(
        "{table}_{}_{table_to}_{}_fkey",
        columns.join("_"),
        columns_to.join("_")
    )
}

pub fn name_for_unique(columns: &[String]) -> String {
    format!("{}_unique", columns.join("_"))
}

/// The only name MySQL gives a primary key.
pub const PRIMARY: &str = "PRIMARY";
