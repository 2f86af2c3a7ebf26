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
    /// `text`/`blob` families and `binary`: MySQL only takes an expression default, `('…')`.
    Expression,
    /// `varbinary`: the bytes of the string as a hex literal, `(0x…)`.
    Hex,
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
        | "longblob" | "binary" => Family::Expression,
        "varbinary" => Family::Hex,
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
        Family::Hex => format!(
            "(0x{})",
            text(value)?
                .bytes()
                .map(|b| format!("{b:02x}"))
                .collect::<String>()
        ),
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

#[cfg(test)]
mod tests {
    use super::*;

    fn lit(value: JsValue, ty: &str) -> String {
        default_literal(&value, ty).unwrap_or_else(|e| e)
    }

    #[test]
    fn defaults_are_written_per_type_family() {
        assert_eq!(lit(JsValue::Number("5".into()), "int unsigned"), "5");
        assert_eq!(lit(JsValue::Str("12".into()), "bigint"), "12");
        assert_eq!(lit(JsValue::Str("1.50".into()), "decimal(10,2)"), "(1.50)");
        assert_eq!(lit(JsValue::Bool(false), "boolean"), "false");
        assert_eq!(lit(JsValue::Str("it's".into()), "varchar(40)"), "'it''s'");
        assert_eq!(lit(JsValue::Str("a\\b".into()), "varchar(40)"), "'a\\\\b'");
        assert_eq!(lit(JsValue::Str("x".into()), "mediumtext"), "('x')");
        assert_eq!(lit(JsValue::Str("ab'c".into()), "binary(4)"), "('ab''c')");
        assert_eq!(lit(JsValue::Str("xy".into()), "varbinary(8)"), "(0x7879)");
        let date = JsValue::Date {
            iso: Some("2020-01-02T03:04:05.678Z".into()),
            string: String::new(),
        };
        assert_eq!(lit(date.clone(), "date"), "'2020-01-02'");
        assert_eq!(lit(date, "datetime"), "'2020-01-02 03:04:05.678'");
    }

    #[test]
    fn a_value_a_type_cannot_hold_is_refused() {
        assert!(default_literal(&JsValue::Array(vec![]), "int").is_err());
    }
}
