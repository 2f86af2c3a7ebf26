//! Column types and defaults as Postgres reports them (`format_type`, `pg_get_expr`) turned into the
//! text the schema serialiser stores, so an unchanged column compares equal without parsing.

/// `format_type` spelling → the spelling drizzle-orm emits (`character varying(9)` → `varchar(9)`).
pub fn column_type(format_type: &str) -> String {
    let mut t = format_type.replace("[]", "");
    t = replace_word(&t, "character varying", "varchar");
    if let Some(i) = t.find(" without time zone") {
        t.replace_range(i..i + " without time zone".len(), "");
    }
    t = replace_word(&t, "character", "char");
    if let Some(i) = t.find("geometry(Point") {
        t.replace_range(i..i + "geometry(Point".len(), "geometry(point");
    }
    trim_quotes(&t).to_string()
}

/// Replace the first occurrence of `word` that stands on word boundaries.
fn replace_word(text: &str, word: &str, with: &str) -> String {
    let is_word = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let mut start = 0;
    while let Some(off) = text.get(start..).and_then(|s| s.find(word)) {
        let i = start + off;
        let end = i + word.len();
        let before_ok = text
            .get(..i)
            .and_then(|s| s.chars().last())
            .is_none_or(|c| !is_word(c));
        let after_ok = text
            .get(end..)
            .and_then(|s| s.chars().next())
            .is_none_or(|c| !is_word(c));
        if before_ok && after_ok {
            return format!("{}{}{}", &text[..i], with, &text[end..]);
        }
        start = end;
    }
    text.to_string()
}

fn trim_quotes(s: &str) -> &str {
    if s.len() >= 2 && s.starts_with('"') && s.ends_with('"') {
        &s[1..s.len() - 1]
    } else {
        s
    }
}

/// Strip the casts Postgres appends to a stored default (`'a'::text`, `'{}'::text[]`,
/// `'x'::"auth"."status"`, `'1'::character varying(3)`), leaving the value as the serialiser wrote it.
pub fn strip_trailing_casts(value: &str) -> &str {
    let v = value.strip_suffix("[]").unwrap_or(value);
    let mut from = 0;
    while let Some(off) = v.get(from..).and_then(|s| s.find("::")) {
        let at = from + off;
        if v.get(at..).is_some_and(is_cast_chain) {
            return &v[..at];
        }
        from = at + 2;
    }
    v
}

/// `(::name[(args)][[]])+` to the end of the text. Names may hold letters, digits, `_`, `.`, `-`,
/// spaces and double quotes (`"auth"."status"`, `timestamp with time zone`).
fn is_cast_chain(s: &str) -> bool {
    let b = s.as_bytes();
    let name_byte = |c: u8| {
        c.is_ascii_alphanumeric()
            || matches!(c, b'_' | b'"' | b'.' | b'-' | b' ' | b'\t' | b'\n' | b'\r')
    };
    let mut i = 0;
    loop {
        if b.get(i..i + 2) != Some(b"::") {
            return false;
        }
        i += 2;
        let start = i;
        while b.get(i).copied().is_some_and(name_byte) {
            i += 1;
        }
        if i == start {
            return false;
        }
        if b.get(i) == Some(&b'(') {
            match b.get(i..).and_then(|r| r.iter().position(|&c| c == b')')) {
                Some(p) => i += p + 1,
                None => return false,
            }
        }
        if b.get(i..i + 2) == Some(b"[]") {
            i += 2;
        }
        if i == b.len() {
            return true;
        }
    }
}

fn trim_single_quotes(s: &str) -> &str {
    if s.len() >= 2 && s.starts_with('\'') && s.ends_with('\'') {
        &s[1..s.len() - 1]
    } else {
        s
    }
}

/// Which default spelling a column type uses; mirrors the serialiser's per-type grammar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DefaultStyle {
    /// Numbers and booleans are stored bare: `0`, `1.5`, `true`.
    Bare,
    /// Numerics keep quotes so precision survives: `'1.50'`.
    QuotedNumeric,
    /// jsonb literals are stored the way drizzle-orm's JSON.stringify prints them (no space after `:`).
    Jsonb,
    Verbatim,
}

fn default_style(sql_type: &str, is_enum: bool) -> DefaultStyle {
    if is_enum {
        return DefaultStyle::Verbatim;
    }
    let t = sql_type.trim().to_ascii_lowercase();
    match t.as_str() {
        "smallint" | "integer" | "bigint" | "real" | "double precision" | "double" | "boolean" => {
            DefaultStyle::Bare
        }
        "jsonb" => DefaultStyle::Jsonb,
        _ if t.starts_with("numeric") || t.starts_with("decimal") => DefaultStyle::QuotedNumeric,
        _ => DefaultStyle::Verbatim,
    }
}

/// The stored default of a column, as the serialiser would store it; `None` for serial columns.
pub fn column_default(
    sql_type: &str,
    expression: Option<&str>,
    dimensions: u32,
    is_enum: bool,
) -> Option<String> {
    let expression = expression?;
    if matches!(sql_type, "serial" | "smallserial" | "bigserial") {
        return None;
    }
    let value = strip_trailing_casts(expression);
    if dimensions > 0 {
        return Some(value.to_string());
    }
    Some(match default_style(sql_type, is_enum) {
        DefaultStyle::Bare => trim_single_quotes(value).to_string(),
        DefaultStyle::QuotedNumeric => format!("'{}'", trim_single_quotes(value)),
        DefaultStyle::Jsonb => {
            compact_json_literal(value).unwrap_or_else(|| value.replace("\": \"", "\":\""))
        }
        DefaultStyle::Verbatim => value.to_string(),
    })
}

/// Postgres prints jsonb with a space after every `:` and `,`; the serialiser stores
/// `JSON.stringify` output. Re-serialise compactly when the literal is JSON.
fn compact_json_literal(value: &str) -> Option<String> {
    let inner = value
        .strip_prefix('\'')?
        .strip_suffix('\'')?
        .replace("''", "'");
    let parsed: serde_json::Value = serde_json::from_str(&inner).ok()?;
    let compact = serde_json::to_string(&parsed).ok()?;
    Some(format!("'{}'", compact.replace('\'', "''")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_use_drizzle_spelling() {
        assert_eq!(column_type("character varying(320)"), "varchar(320)");
        assert_eq!(column_type("character(2)"), "char(2)");
        assert_eq!(
            column_type("timestamp(3) without time zone"),
            "timestamp(3)"
        );
        assert_eq!(
            column_type("timestamp with time zone"),
            "timestamp with time zone"
        );
        assert_eq!(column_type("integer[]"), "integer");
        assert_eq!(column_type("numeric(10,2)"), "numeric(10,2)");
        assert_eq!(column_type("\"CamelType\""), "CamelType");
        assert_eq!(column_type("bit varying(5)"), "bit varying(5)");
    }

    #[test]
    fn casts_postgres_appends_are_stripped() {
        // Pairs observed from pg_get_expr on PostgreSQL 15 and PGlite.
        assert_eq!(strip_trailing_casts("'anon'::text"), "'anon'");
        assert_eq!(strip_trailing_casts("'{}'::text[]"), "'{}'");
        assert_eq!(strip_trailing_casts("'active'::auth.status"), "'active'");
        assert_eq!(strip_trailing_casts("'a'::\"Weird\".\"Enum\""), "'a'");
        assert_eq!(strip_trailing_casts("'x'::character varying(10)"), "'x'");
        assert_eq!(
            strip_trailing_casts("'2000-01-01 00:00:00'::timestamp without time zone"),
            "'2000-01-01 00:00:00'"
        );
        assert_eq!(strip_trailing_casts("'it''s::text'::text"), "'it''s::text'");
        assert_eq!(strip_trailing_casts("now()"), "now()");
        assert_eq!(
            strip_trailing_casts("nextval('billing.invoice_no'::regclass)"),
            "nextval('billing.invoice_no'::regclass)"
        );
        assert_eq!(
            strip_trailing_casts("(now() + '1 day'::interval)"),
            "(now() + '1 day'::interval)"
        );
    }

    #[test]
    fn defaults_follow_the_serialiser_spelling() {
        assert_eq!(
            column_default("integer", Some("0"), 0, false).as_deref(),
            Some("0")
        );
        assert_eq!(
            column_default("integer", Some("'-1'::integer"), 0, false).as_deref(),
            Some("-1")
        );
        assert_eq!(
            column_default("bigint", Some("'9007199254740993'::bigint"), 0, false).as_deref(),
            Some("9007199254740993")
        );
        assert_eq!(
            column_default("numeric(10,2)", Some("1.50"), 0, false).as_deref(),
            Some("'1.50'")
        );
        assert_eq!(
            column_default("text", Some("'anon'::text"), 0, false).as_deref(),
            Some("'anon'")
        );
        assert_eq!(
            column_default("status", Some("'active'::auth.status"), 0, true).as_deref(),
            Some("'active'")
        );
        assert_eq!(
            column_default("text", Some("'{}'::text[]"), 1, false).as_deref(),
            Some("'{}'")
        );
        assert_eq!(
            column_default("jsonb", Some("'{\"a\": \"b\"}'::jsonb"), 0, false).as_deref(),
            Some("'{\"a\":\"b\"}'")
        );
        // Observed on PostgreSQL 15: DEFAULT '{"a":1,"b":[1,"it''s"]}'::jsonb prints with spaces.
        assert_eq!(
            column_default(
                "jsonb",
                Some("'{\"a\": 1, \"b\": [1, \"it''s\"]}'::jsonb"),
                0,
                false
            )
            .as_deref(),
            Some("'{\"a\":1,\"b\":[1,\"it''s\"]}'")
        );
        assert_eq!(
            column_default(
                "serial",
                Some("nextval('users_id_seq'::regclass)"),
                0,
                false
            ),
            None
        );
        assert_eq!(column_default("text", None, 0, false), None);
    }
}
