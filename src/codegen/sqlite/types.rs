//! Column types and defaults of the SQLite model written as drizzle-orm `sqlite-core` builders.
//!
//! A builder is used only when its SQL type is exactly the column's (`integer`, `text`,
//! `text(256)`, `real`, `numeric`, `blob`); any other declared type becomes a `customType` with that
//! type text, so the generated schema creates the same column. A default becomes a TypeScript value
//! only when the model turns that value back into the same SQL text (`grammar::default_literal`, the
//! function `generate` uses); everything else is written as ``sql`…` ``, which the model keeps
//! verbatim. The rows carry no column modes, so a mode is written only where a default needs it
//! (`{"mode":"boolean"}` for `true`/`false`, `{"mode":"bigint"}` for a blob's bigint text).

use crate::codegen::defaults::{
    bool_candidate, json_candidate, number_candidate, string_candidate, Candidate,
};
use crate::codegen::ts::{sql_template, trim_pair};
use crate::model::pg::jsvalue::JsValue;
use crate::model::sqlite::grammar::default_literal;

/// The drizzle-orm/sqlite-core export that builds a column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Builder {
    Integer,
    Text {
        length: Option<String>,
    },
    Real,
    Numeric,
    Blob,
    /// Any other declared type, written as `customType({ dataType: () => '<type>' })`.
    Custom(String),
}

impl Builder {
    pub fn for_type(sql_type: &str) -> Builder {
        match sql_type {
            "integer" => Builder::Integer,
            "text" => Builder::Text { length: None },
            "real" => Builder::Real,
            "numeric" => Builder::Numeric,
            "blob" => Builder::Blob,
            other => match other
                .strip_prefix("text(")
                .and_then(|rest| rest.strip_suffix(')'))
                .filter(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
            {
                Some(n) => Builder::Text {
                    length: Some(n.to_string()),
                },
                None => Builder::Custom(other.to_string()),
            },
        }
    }

    /// The name the builder is imported as.
    pub fn import(&self) -> &'static str {
        match self {
            Builder::Integer => "integer",
            Builder::Text { .. } => "text",
            Builder::Real => "real",
            Builder::Numeric => "numeric",
            Builder::Blob => "blob",
            Builder::Custom(_) => "customType",
        }
    }

    /// The callee: `integer`, or `customType({ dataType: () => 'decimal(10, 2)' })`.
    pub fn callee(&self) -> String {
        match self {
            Builder::Custom(ty) => format!(
                "customType({{ dataType: () => '{}' }})",
                ty.replace('\\', "\\\\").replace('\'', "\\'")
            ),
            other => other.import().to_string(),
        }
    }
}

/// A column's builder, its options and its default, as TypeScript.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnTs {
    pub builder: Builder,
    /// `"key":value` pairs of the builder's options object (`"mode":"boolean"`, `"length":256`).
    pub options: Vec<String>,
    /// The argument of `.default(…)`.
    pub default: Option<String>,
    pub default_is_sql: bool,
}

impl ColumnTs {
    /// The options object as rc.5 writes it for SQLite (`{"mode":"boolean"}`).
    pub fn options_ts(&self) -> String {
        if self.options.is_empty() {
            String::new()
        } else {
            format!("{{{}}}", self.options.join(","))
        }
    }
}

/// `'12345678901234567890'`: a blob's bigint default.
fn bigint_candidate(text: &str) -> Option<Candidate> {
    let inner = trim_pair(text, '\'', '\'');
    let body = inner.strip_prefix('-').unwrap_or(inner);
    (inner.len() + 2 == text.len() && !body.is_empty() && body.chars().all(|c| c.is_ascii_digit()))
        .then(|| Candidate {
            value: JsValue::BigInt(inner.to_string()),
            ts: format!("{inner}n"),
            mode: Some("bigint"),
        })
}

/// Builder, options and default for a column of `sql_type` with the model's `default` SQL text.
pub fn column_ts(sql_type: &str, default: Option<&str>) -> ColumnTs {
    let builder = Builder::for_type(sql_type);
    let mut options = Vec::new();
    if let Builder::Text { length: Some(n) } = &builder {
        options.push(format!("\"length\":{n}"));
    }
    let Some(text) = default else {
        return ColumnTs {
            builder,
            options,
            default: None,
            default_is_sql: false,
        };
    };
    let candidates: Vec<Option<Candidate>> = match builder {
        Builder::Integer => vec![bool_candidate(text), number_candidate(text)],
        Builder::Real => vec![number_candidate(text)],
        Builder::Numeric => vec![
            string_candidate(text),
            number_candidate(text).map(|c| Candidate {
                mode: Some("number"),
                ..c
            }),
        ],
        Builder::Text { .. } => vec![json_candidate(text), string_candidate(text)],
        Builder::Blob => vec![bigint_candidate(text)],
        Builder::Custom(_) => vec![number_candidate(text), string_candidate(text)],
    };
    let chosen = candidates
        .into_iter()
        .flatten()
        .find(|c| default_literal(&c.value, sql_type, None).is_ok_and(|literal| literal == text));
    match chosen {
        Some(c) => {
            if let Some(mode) = c.mode {
                options.insert(0, format!("\"mode\":\"{mode}\""));
            }
            ColumnTs {
                builder,
                options,
                default: Some(c.ts),
                default_is_sql: false,
            }
        }
        None => ColumnTs {
            builder,
            options,
            default: Some(sql_template(text)),
            default_is_sql: true,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn default_of(ty: &str, text: &str) -> (String, Vec<String>) {
        let c = column_ts(ty, Some(text));
        (c.default.unwrap_or_default(), c.options)
    }

    #[test]
    fn builders_only_for_their_exact_type() {
        assert_eq!(Builder::for_type("integer"), Builder::Integer);
        assert_eq!(
            Builder::for_type("text(256)"),
            Builder::Text {
                length: Some("256".into())
            }
        );
        assert_eq!(
            Builder::for_type("INTEGER"),
            Builder::Custom("INTEGER".into())
        );
        assert_eq!(
            Builder::for_type("decimal(10, 2)").callee(),
            "customType({ dataType: () => 'decimal(10, 2)' })"
        );
    }

    #[test]
    fn defaults_are_values_only_when_they_serialise_back_the_same() {
        assert_eq!(default_of("integer", "42"), ("42".into(), vec![]));
        assert_eq!(
            default_of("integer", "false"),
            ("false".into(), vec!["\"mode\":\"boolean\"".to_string()])
        );
        assert_eq!(
            default_of("integer", "(unixepoch())").0,
            "sql`(unixepoch())`"
        );
        assert_eq!(default_of("real", "1.5").0, "1.5");
        assert_eq!(default_of("real", "1.50").0, "sql`1.50`");
        assert_eq!(default_of("text", "'o''clock'").0, "\"o'clock\"");
        assert_eq!(
            default_of("text", "'{\"k\":\"it''s\",\"n\":[1,2]}'"),
            (
                "{\"k\":\"it's\",\"n\":[1,2]}".into(),
                vec!["\"mode\":\"json\"".to_string()]
            )
        );
        // JSON that drizzle would print differently (spaces) stays a string.
        assert_eq!(default_of("text", "'{\"k\": 1}'").0, "\"{\\\"k\\\": 1}\"");
        assert_eq!(default_of("text", "'a\\\\b'").0, "\"a\\\\b\"");
        // One backslash in the database: drizzle would write two, so the SQL is kept.
        assert_eq!(default_of("text", "'a\\b'").0, "sql`'a\\\\b'`");
        assert_eq!(default_of("numeric", "'10.5'").0, "\"10.5\"");
        assert_eq!(
            default_of("numeric", "3"),
            ("3".into(), vec!["\"mode\":\"number\"".to_string()])
        );
        assert_eq!(
            default_of("blob", "'12345678901234567890'"),
            (
                "12345678901234567890n".into(),
                vec!["\"mode\":\"bigint\"".to_string()]
            )
        );
        assert_eq!(default_of("blob", "X'6869'").0, "sql`X'6869'`");
        assert_eq!(default_of("decimal(10, 2)", "0").0, "0");
        assert_eq!(
            default_of("text(8)", "'x'"),
            ("\"x\"".into(), vec!["\"length\":8".to_string()])
        );
    }
}
