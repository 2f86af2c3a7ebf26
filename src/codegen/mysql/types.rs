//! Column types and defaults of the MySQL model written as drizzle-orm `mysql-core` builders.
//!
//! A builder is used only when the SQL type it declares (`getSQLType()`) is the row's type again
//! (`int unsigned`, `varchar(255)`, `decimal(10,2)`, `enum('a','b')`, `timestamp(3)`…); any other
//! type becomes a `customType` with that type text, so the generated schema creates the same
//! column. Dates and times use `mode: "string"` (what the database hands back, and what the
//! defaults are written as), `bigint` `mode: "number"` unless a default needs `bigint`. A default
//! is a TypeScript value only when the model turns it back into the same SQL text
//! (`grammar::default_literal`, the function `generate` uses); otherwise ``sql`…` ``.

use crate::codegen::defaults::{
    bool_candidate, js_value_of, number_candidate, string_candidate, Candidate,
};
use crate::codegen::names::js_string;
use crate::codegen::ts::{sql_template, trim_pair};
use crate::model::mysql::grammar::default_literal;
use crate::model::pg::jsvalue::JsValue;

/// Every builder a column may be written with, as imported from `drizzle-orm/mysql-core`.
pub const BUILDERS: &[&str] = &[
    "tinyint",
    "smallint",
    "mediumint",
    "int",
    "bigint",
    "serial",
    "decimal",
    "double",
    "float",
    "real",
    "varchar",
    "char",
    "binary",
    "varbinary",
    "tinytext",
    "text",
    "mediumtext",
    "longtext",
    "tinyblob",
    "blob",
    "mediumblob",
    "longblob",
    "json",
    "boolean",
    "date",
    "datetime",
    "time",
    "timestamp",
    "year",
    "mysqlEnum",
    "customType",
];

/// A column's builder, its arguments and its default, as TypeScript.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnTs {
    /// The `mysql-core` export the builder is.
    pub import: &'static str,
    /// What is called: `int`, or `customType({ dataType: () => 'point' })`.
    pub callee: String,
    /// `mysqlEnum`'s values, `["a", "b"]`.
    pub values: Option<String>,
    /// `key: value` pairs of the options object.
    pub options: Vec<String>,
    /// The argument of `.default(…)`, or `None` with `default_now` for `.defaultNow()`.
    pub default: Option<String>,
    pub default_is_sql: bool,
    pub default_now: bool,
}

impl ColumnTs {
    /// The arguments after the database name: enum values, then the options object.
    pub fn args(&self) -> Vec<String> {
        let mut out: Vec<String> = self.values.iter().cloned().collect();
        if !self.options.is_empty() {
            out.push(format!("{{ {} }}", self.options.join(", ")));
        }
        out
    }

    /// `serial` declares `AUTO_INCREMENT NOT NULL` itself; the integer and float builders take
    /// `.autoincrement()`.
    pub fn implies_serial(&self) -> bool {
        self.import == "serial"
    }

    pub fn takes_autoincrement(&self) -> bool {
        matches!(
            self.import,
            "tinyint"
                | "smallint"
                | "mediumint"
                | "int"
                | "bigint"
                | "serial"
                | "decimal"
                | "double"
                | "float"
                | "real"
        )
    }

    /// `.charSet()` and `.collate()` belong to drizzle's string builders (char, varchar, the text
    /// types, mysqlEnum).
    pub fn takes_charset(&self) -> bool {
        matches!(
            self.import,
            "char" | "varchar" | "tinytext" | "text" | "mediumtext" | "longtext" | "mysqlEnum"
        )
    }

    /// `.defaultNow()` and `.onUpdateNow()` belong to drizzle's datetime and timestamp builders.
    pub fn takes_now(&self) -> bool {
        matches!(self.import, "timestamp" | "datetime")
    }
}

/// `name(args)` split: `("varchar", Some("255"), "")`, `("int", None, " unsigned")`.
fn split_type(sql_type: &str) -> (&str, Option<&str>, &str) {
    match sql_type.find('(') {
        Some(open) => match sql_type[open..].find(')') {
            Some(close) => (
                &sql_type[..open],
                Some(&sql_type[open + 1..open + close]),
                &sql_type[open + close + 1..],
            ),
            None => (sql_type, None, ""),
        },
        None => match sql_type.split_once(' ') {
            Some((base, _)) => (base, None, &sql_type[base.len()..]),
            None => (sql_type, None, ""),
        },
    }
}

fn is_digits(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_digit())
}

/// `'a','b'` → `["a", "b"]`; `None` when a value holds a quote or backslash (drizzle writes enum
/// values unescaped, so only customType keeps those).
fn enum_values(list: &str) -> Option<Vec<String>> {
    let mut out = Vec::new();
    for part in list.split(',') {
        let inner = part.strip_prefix('\'')?.strip_suffix('\'')?;
        if inner.contains('\'') || inner.contains('\\') {
            return None;
        }
        out.push(inner.to_string());
    }
    Some(out)
}

struct Shape {
    import: &'static str,
    values: Option<Vec<String>>,
    options: Vec<String>,
}

fn shape(sql_type: &str) -> Option<Shape> {
    let plain = |import| {
        Some(Shape {
            import,
            values: None,
            options: vec![],
        })
    };
    let (base, args, rest) = split_type(sql_type);
    let unsigned = match rest {
        "" => false,
        " unsigned" => true,
        _ => return None,
    };
    let with = |import: &'static str, options: Vec<String>| {
        Some(Shape {
            import,
            values: None,
            options,
        })
    };
    let unsigned_opt = || {
        if unsigned {
            vec!["unsigned: true".to_string()]
        } else {
            vec![]
        }
    };
    let precision = |args: Option<&str>| -> Option<Vec<String>> {
        match args {
            None => Some(vec![]),
            Some(a) => match a.split_once(',') {
                Some((p, s)) if is_digits(p) && is_digits(s) => {
                    Some(vec![format!("precision: {p}"), format!("scale: {s}")])
                }
                None if is_digits(a) => Some(vec![format!("precision: {a}")]),
                _ => None,
            },
        }
    };
    let length = |args: Option<&str>, required: bool| -> Option<Vec<String>> {
        match args {
            None if !required => Some(vec![]),
            Some(n) if is_digits(n) => Some(vec![format!("length: {n}")]),
            _ => None,
        }
    };
    let fsp = |args: Option<&str>| -> Option<Vec<String>> {
        match args {
            None => Some(vec![]),
            Some(n) if is_digits(n) => Some(vec![format!("fsp: {n}")]),
            _ => None,
        }
    };
    let no_args = args.is_none() && !unsigned;
    match base {
        // MariaDB and MySQL 5.7 report integers with a display width (`int(11)`), which no
        // longer means anything: the builder is the same.
        "tinyint" | "smallint" | "mediumint" | "int" if args.is_none_or(is_digits) => {
            let import = match base {
                "tinyint" => "tinyint",
                "smallint" => "smallint",
                "mediumint" => "mediumint",
                _ => "int",
            };
            with(import, unsigned_opt())
        }
        "bigint" if args.is_none_or(is_digits) => {
            let mut options = vec!["mode: \"number\"".to_string()];
            options.extend(unsigned_opt());
            with("bigint", options)
        }
        "serial" if no_args => plain("serial"),
        // drizzle declares `decimal(10,0)` and `decimal(10)` as `decimal`: no builder writes those.
        "decimal" if matches!(args, Some("10,0" | "10")) => None,
        "decimal" | "double" | "float" => {
            let import = match base {
                "decimal" => "decimal",
                "double" => "double",
                _ => "float",
            };
            let mut options = precision(args)?;
            options.extend(unsigned_opt());
            with(import, options)
        }
        "real" if !unsigned => with("real", precision(args)?),
        "varchar" | "varbinary" if !unsigned => {
            let import = if base == "varchar" {
                "varchar"
            } else {
                "varbinary"
            };
            with(import, length(args, true)?)
        }
        "char" | "binary" if !unsigned => {
            let import = if base == "char" { "char" } else { "binary" };
            with(import, length(args, false)?)
        }
        "tinytext" if no_args => plain("tinytext"),
        "text" if no_args => plain("text"),
        "mediumtext" if no_args => plain("mediumtext"),
        "longtext" if no_args => plain("longtext"),
        "tinyblob" if no_args => plain("tinyblob"),
        "blob" if no_args => plain("blob"),
        "mediumblob" if no_args => plain("mediumblob"),
        "longblob" if no_args => plain("longblob"),
        "json" if no_args => plain("json"),
        "boolean" if no_args => plain("boolean"),
        "year" if !unsigned && args.is_none_or(|a| a == "4") => plain("year"),
        "date" if no_args => with("date", vec!["mode: \"string\"".into()]),
        "datetime" | "timestamp" if !unsigned => {
            let import = if base == "datetime" {
                "datetime"
            } else {
                "timestamp"
            };
            let mut options = vec!["mode: \"string\"".to_string()];
            options.extend(fsp(args)?);
            with(import, options)
        }
        "time" if !unsigned => with("time", fsp(args)?),
        "enum" if !unsigned => Some(Shape {
            import: "mysqlEnum",
            values: Some(enum_values(args?)?),
            options: vec![],
        }),
        _ => None,
    }
}

/// A string candidate whose text is inside one pair of parentheses (`('x')`: text, blob, binary).
fn expression_string(text: &str) -> Option<Candidate> {
    let inner = trim_pair(text, '(', ')');
    (inner.len() + 2 == text.len())
        .then(|| string_candidate(inner))
        .flatten()
}

/// `(1.50)`: a decimal's default, written as the string drizzle's decimal holds.
fn decimal_candidate(text: &str) -> Option<Candidate> {
    let inner = trim_pair(text, '(', ')');
    let body = inner.strip_prefix('-').unwrap_or(inner);
    (inner.len() + 2 == text.len()
        && !body.is_empty()
        && body.chars().all(|c| c.is_ascii_digit() || c == '.'))
    .then(|| Candidate {
        value: JsValue::Str(inner.to_string()),
        ts: js_string(inner),
        mode: None,
    })
}

/// `(0x7879)`: a varbinary's default, the bytes of a UTF-8 string.
fn hex_candidate(text: &str) -> Option<Candidate> {
    let hex = trim_pair(text, '(', ')').strip_prefix("0x")?;
    if hex.len() % 2 != 0 {
        return None;
    }
    let bytes: Option<Vec<u8>> = (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok())
        .collect();
    let value = String::from_utf8(bytes?).ok()?;
    Some(Candidate {
        ts: js_string(&value),
        value: JsValue::Str(value),
        mode: None,
    })
}

/// `('{"k":1}')`: a json default, any JSON value drizzle stringifies back to the same text.
fn json_value_candidate(text: &str) -> Option<Candidate> {
    let JsValue::Str(json) = expression_string(text)?.value else {
        return None;
    };
    let value: serde_json::Value = serde_json::from_str(&json).ok()?;
    Some(Candidate {
        ts: serde_json::to_string(&value).ok()?,
        value: js_value_of(&value),
        mode: None,
    })
}

/// An integer too large for a JS number: a `bigint` in `mode: "bigint"`.
fn bigint_candidate(text: &str) -> Option<Candidate> {
    let body = text.strip_prefix('-').unwrap_or(text);
    is_digits(body).then(|| Candidate {
        value: JsValue::BigInt(text.to_string()),
        ts: format!("{text}n"),
        mode: Some("bigint"),
    })
}

/// Builder, arguments and default for a column of `sql_type` with the model's `default` SQL text.
pub fn column_ts(sql_type: &str, default: Option<&str>) -> ColumnTs {
    let (import, callee, values, mut options) = match shape(sql_type) {
        Some(s) => (s.import, s.import.to_string(), s.values, s.options),
        None => (
            "customType",
            format!(
                "customType({{ dataType: () => '{}' }})",
                sql_type.replace('\\', "\\\\").replace('\'', "\\'")
            ),
            None,
            vec![],
        ),
    };
    let values_ts = values.as_ref().map(|vs| {
        format!(
            "[{}]",
            vs.iter()
                .map(|v| js_string(v))
                .collect::<Vec<_>>()
                .join(", ")
        )
    });
    let mut out = ColumnTs {
        import,
        callee,
        values: values_ts,
        options: vec![],
        default: None,
        default_is_sql: false,
        default_now: false,
    };
    let Some(text) = default else {
        out.options = options;
        return out;
    };
    if matches!(import, "timestamp" | "datetime") && text == "(now())" {
        out.options = options;
        out.default_now = true;
        return out;
    }
    let candidates: Vec<Option<Candidate>> = match import {
        "tinyint" | "smallint" | "mediumint" | "int" | "serial" | "double" | "float" | "real"
        | "year" => vec![number_candidate(text)],
        "bigint" => vec![number_candidate(text), bigint_candidate(text)],
        "decimal" => vec![decimal_candidate(text)],
        "boolean" => vec![bool_candidate(text)],
        "tinytext" | "text" | "mediumtext" | "longtext" | "tinyblob" | "blob" | "mediumblob"
        | "longblob" | "binary" => vec![expression_string(text)],
        "varbinary" => vec![hex_candidate(text)],
        "json" => vec![json_value_candidate(text)],
        // An enum's default must be one of its values for the TypeScript type.
        "mysqlEnum" => vec![string_candidate(text).filter(|c| {
            matches!(&c.value, JsValue::Str(s) if values.as_ref().is_some_and(|vs| vs.contains(s)))
        })],
        "customType" => vec![number_candidate(text), string_candidate(text)],
        _ => vec![string_candidate(text)],
    };
    let chosen = candidates
        .into_iter()
        .flatten()
        .find(|c| default_literal(&c.value, sql_type).is_ok_and(|literal| literal == text));
    match chosen {
        Some(c) => {
            // A buffer-mode blob holds a Buffer: the string default needs the string mode.
            if import.ends_with("blob") {
                options.push("mode: \"string\"".into());
            }
            if let (Some("bigint"), "bigint") = (c.mode, import) {
                if let Some(mode) = options.first_mut() {
                    *mode = "mode: \"bigint\"".into();
                }
            }
            out.default = Some(c.ts);
        }
        None => {
            out.default = Some(sql_template(text));
            out.default_is_sql = true;
        }
    }
    out.options = options;
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn head(ty: &str) -> (String, Vec<String>) {
        let c = column_ts(ty, None);
        let args = c.args();
        (c.callee, args)
    }

    fn default_of(ty: &str, text: &str) -> String {
        let c = column_ts(ty, Some(text));
        if c.default_now {
            return "now".into();
        }
        c.default.unwrap_or_default()
    }

    #[test]
    fn builders_and_options_per_type() {
        assert_eq!(
            head("int unsigned"),
            ("int".into(), vec!["{ unsigned: true }".into()])
        );
        assert_eq!(
            head("bigint unsigned"),
            (
                "bigint".into(),
                vec!["{ mode: \"number\", unsigned: true }".into()]
            )
        );
        assert_eq!(
            head("decimal(10,2)"),
            ("decimal".into(), vec!["{ precision: 10, scale: 2 }".into()])
        );
        assert_eq!(
            head("varchar(255)"),
            ("varchar".into(), vec!["{ length: 255 }".into()])
        );
        assert_eq!(
            head("timestamp(3)"),
            (
                "timestamp".into(),
                vec!["{ mode: \"string\", fsp: 3 }".into()]
            )
        );
        assert_eq!(
            head("enum('a','b')"),
            ("mysqlEnum".into(), vec!["[\"a\", \"b\"]".into()])
        );
        assert_eq!(
            head("enum('it''s')").0,
            "customType({ dataType: () => 'enum(\\'it\\'\\'s\\')' })"
        );
        assert_eq!(head("point").0, "customType({ dataType: () => 'point' })");
        assert_eq!(
            head("bigint(20) unsigned"),
            (
                "bigint".into(),
                vec!["{ mode: \"number\", unsigned: true }".into()]
            )
        );
        assert_eq!(
            head("varchar").0,
            "customType({ dataType: () => 'varchar' })"
        );
    }

    #[test]
    fn defaults_are_values_only_when_they_serialise_back_the_same() {
        assert_eq!(default_of("int", "5"), "5");
        assert_eq!(default_of("int", "(1 + 1)"), "sql`(1 + 1)`");
        assert_eq!(default_of("decimal(10,2)", "(1.50)"), "\"1.50\"");
        assert_eq!(default_of("boolean", "false"), "false");
        assert_eq!(default_of("varchar(40)", "'it''s'"), "\"it's\"");
        assert_eq!(default_of("mediumtext", "('x')"), "\"x\"");
        assert_eq!(default_of("varbinary(8)", "(0x7879)"), "\"xy\"");
        assert_eq!(default_of("json", "('{\"k\":[1,2]}')"), "{\"k\":[1,2]}");
        assert_eq!(default_of("date", "'2020-01-02'"), "\"2020-01-02\"");
        assert_eq!(default_of("timestamp", "(now())"), "now");
        assert_eq!(default_of("enum('a','b')", "'a'"), "\"a\"");
        assert_eq!(default_of("enum('a','b')", "'c'"), "sql`'c'`");
        let big = column_ts("bigint", Some("12345678901234567890"));
        assert_eq!(big.default.as_deref(), Some("12345678901234567890n"));
        assert_eq!(big.args(), vec!["{ mode: \"bigint\" }".to_string()]);
    }
}
