//! What the MySQL/MariaDB catalog says in its own words, read back (defaults, ON UPDATE, view texts),
//! and the comparison keys push uses to decide that a catalog text and a schema text are the same
//! thing (`type_key`, `default_key`, `expression_key`).

use crate::model::mysql::grammar::string_literal;

/// A quoted literal's value: `''` and the backslash escapes MySQL reads (`\\`, `\'`, `\0`, `\n`, …).
fn unquote(text: &str) -> Option<String> {
    let inner = text.strip_prefix('\'')?.strip_suffix('\'')?;
    let mut out = String::new();
    let mut chars = inner.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                // `''` inside a literal is one quote; a lone one means this was not one literal.
                if chars.next() != Some('\'') {
                    return None;
                }
                out.push('\'');
            }
            '\\' => match chars.next() {
                Some('0') => out.push('\0'),
                Some('n') => out.push('\n'),
                Some('r') => out.push('\r'),
                Some('t') => out.push('\t'),
                Some('Z') => out.push('\u{1a}'),
                Some(other) => out.push(other),
                None => return None,
            },
            c => out.push(c),
        }
    }
    Some(out)
}

fn is_number(text: &str) -> bool {
    text.starts_with(|c: char| c.is_ascii_digit() || matches!(c, '-' | '+' | '.'))
        && text.parse::<f64>().is_ok()
}

/// `(…)` around the whole text, as often as it is there.
fn strip_parens(text: &str) -> &str {
    let mut t = text.trim();
    while t.starts_with('(') && t.ends_with(')') {
        let inner = &t[1..t.len() - 1];
        // Only when the first `(` closes at the end: `(a) + (b)` keeps its parentheses.
        let mut depth = 0i32;
        let mut spans = true;
        let mut quoted = false;
        for c in inner.chars() {
            match c {
                '\'' => quoted = !quoted,
                '(' if !quoted => depth += 1,
                ')' if !quoted => {
                    depth -= 1;
                    if depth < 0 {
                        spans = false;
                        break;
                    }
                }
                _ => {}
            }
        }
        if !spans || depth != 0 {
            break;
        }
        t = inner.trim();
    }
    t
}

/// A column's `COLUMN_DEFAULT` in the model's words (the literal or `(expression)` generate writes),
/// `None` for no default.
pub fn column_default(
    raw: Option<&str>,
    extra: &str,
    sql_type: &str,
    mariadb: bool,
) -> Option<String> {
    let raw = raw?;
    if mariadb {
        // MariaDB 10.2.7+: literals quoted, `NULL` for none, expressions and functions bare.
        if raw.eq_ignore_ascii_case("NULL") {
            return None;
        }
        if let Some(value) = unquote(raw) {
            return Some(string_literal(&value));
        }
        if is_number(raw) {
            return Some(raw.to_string());
        }
        return Some(format!("({})", strip_parens(raw)));
    }
    // MySQL 8 (untested here): literals bare, SQL NULL for none, expressions marked
    // DEFAULT_GENERATED in EXTRA; CURRENT_TIMESTAMP on temporal columns is not marked.
    let lowered = raw.to_lowercase();
    if extra.contains("default_generated") || lowered.starts_with("current_timestamp") {
        return Some(format!("({})", strip_parens(raw)));
    }
    let base = type_base(&sql_type.to_lowercase());
    let numeric = matches!(
        base.as_str(),
        "tinyint"
            | "smallint"
            | "mediumint"
            | "int"
            | "integer"
            | "bigint"
            | "decimal"
            | "numeric"
            | "float"
            | "double"
            | "real"
            | "year"
            | "bit"
    );
    if numeric || lowered.starts_with("0x") || lowered.starts_with("b'") {
        Some(raw.to_string())
    } else {
        Some(string_literal(raw))
    }
}

/// `EXTRA`'s `on update current_timestamp[(fsp)]`: `None` when absent, `Some(fsp)` when there.
pub fn on_update(extra: &str) -> Option<Option<u32>> {
    let lowered = extra.to_lowercase();
    let at = lowered.find("on update current_timestamp")?;
    let rest = &lowered[at + "on update current_timestamp".len()..];
    let fsp = rest
        .strip_prefix('(')
        .and_then(|r| r.split(')').next())
        .and_then(|n| n.trim().parse::<u32>().ok())
        .filter(|n| *n > 0);
    Some(fsp)
}

/// A view's text as the server stores it, without the current database's qualifier and without
/// the parentheses MariaDB keeps from `AS (…)`.
pub fn view_definition(definition: &str, database: &str) -> String {
    let qualifier = format!("`{}`.", database.replace('`', "``"));
    let text = if database.is_empty() {
        definition.to_string()
    } else {
        definition.replace(&qualifier, "")
    };
    strip_parens(&text).to_string()
}

fn type_base(lowered: &str) -> String {
    lowered
        .split(['(', ' '])
        .next()
        .unwrap_or_default()
        .to_string()
}

/// Lower case outside quoted enum/set values.
fn lower_outside_quotes(text: &str) -> String {
    let mut out = String::new();
    let mut quoted = false;
    for c in text.chars() {
        if c == '\'' {
            quoted = !quoted;
        }
        if quoted {
            out.push(c);
        } else {
            out.extend(c.to_lowercase());
        }
    }
    out
}

/// One spelling per column type: the catalog's `int(11)` and the schema's `int` are the same type,
/// as are `serial` and `bigint unsigned`, `boolean` and `tinyint(1)`, `decimal` and `decimal(10,0)`.
pub fn type_key(sql_type: &str) -> String {
    let t = lower_outside_quotes(sql_type.trim())
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace(", ", ",");
    let base = type_base(&t);
    let rest = &t[base.len()..];
    let (args, tail) = match rest.strip_prefix('(') {
        Some(r) => match r.find(')') {
            Some(end) => (Some(&r[..end]), r[end + 1..].trim()),
            None => (None, rest.trim()),
        },
        None => (None, rest.trim()),
    };
    let tail = tail.replace("zerofill", "").trim().to_string();
    let (base, args): (&str, Option<String>) = match (base.as_str(), args) {
        ("serial", _) => return "bigint unsigned".into(),
        ("boolean" | "bool", _) => ("tinyint", Some("1".into())),
        ("tinyint", Some("1")) => ("tinyint", Some("1".into())),
        ("tinyint" | "smallint" | "mediumint" | "int" | "bigint", _) => (base.as_str(), None),
        ("integer", _) => ("int", None),
        ("real", a) => ("double", a.map(str::to_string)),
        ("double", a) if tail.starts_with("precision") => ("double", a.map(str::to_string)),
        ("numeric" | "decimal" | "dec" | "fixed", None) => ("decimal", Some("10,0".into())),
        ("numeric" | "decimal" | "dec" | "fixed", Some(a)) if !a.contains(',') => {
            ("decimal", Some(format!("{a},0")))
        }
        ("numeric" | "dec" | "fixed", Some(a)) => ("decimal", Some(a.to_string())),
        ("binary" | "char" | "bit", None) => (base.as_str(), Some("1".into())),
        ("year", _) => ("year", None),
        ("timestamp" | "datetime" | "time", Some("0")) => (base.as_str(), None),
        (b, a) => (b, a.map(str::to_string)),
    };
    let tail = tail.trim_start_matches("precision").trim();
    let mut out = base.to_string();
    if let Some(a) = args {
        out.push_str(&format!("({a})"));
    }
    if !tail.is_empty() {
        out.push(' ');
        out.push_str(tail);
    }
    out
}

/// One spelling per default value: quoted or not, in parentheses or not, `now()` or
/// `current_timestamp()`, `true` or `1`, the hex or the quoted bytes.
pub fn default_key(default: Option<&str>, sql_type: &str) -> Option<String> {
    let text = strip_parens(default?);
    if text.eq_ignore_ascii_case("NULL") {
        return None;
    }
    let ty = type_key(sql_type);
    let number = |n: &str| {
        let n = n.trim();
        if n.chars().all(|c| c.is_ascii_digit() || c == '-') {
            let negative = n.starts_with('-');
            let digits = n.trim_start_matches('-').trim_start_matches('0');
            let digits = if digits.is_empty() { "0" } else { digits };
            format!(
                "n:{}{digits}",
                if negative && digits != "0" { "-" } else { "" }
            )
        } else {
            format!("n:{}", n.parse::<f64>().unwrap_or_default())
        }
    };
    if let Some(mut value) = unquote(text) {
        if ty.starts_with("binary") {
            value = value.trim_end_matches('\0').to_string();
        }
        if is_number(&value) && !ty.contains("char") && !ty.contains("text") {
            return Some(number(&value));
        }
        return Some(format!("s:{value}"));
    }
    let lowered = text.to_lowercase();
    if let Some(hex) = lowered.strip_prefix("0x") {
        let bytes: Option<Vec<u8>> = (0..hex.len())
            .step_by(2)
            .map(|i| {
                hex.get(i..i + 2)
                    .and_then(|b| u8::from_str_radix(b, 16).ok())
            })
            .collect();
        if let Some(bytes) = bytes {
            return Some(format!("s:{}", String::from_utf8_lossy(&bytes)));
        }
    }
    match lowered.as_str() {
        "true" => return Some("n:1".into()),
        "false" => return Some("n:0".into()),
        _ => {}
    }
    if is_number(text) {
        return Some(number(text));
    }
    let key = expression_key(text, None);
    let words: Vec<&str> = key.split(' ').collect();
    // `now()` on a `timestamp(2)` is stored as `current_timestamp(2)`: the precision is the
    // column's (MySQL refuses any other), so the function's argument is no part of the key.
    if let [first, rest @ ..] = words.as_slice() {
        let now = ["now", "current_timestamp", "localtime", "localtimestamp"].contains(first);
        if now && rest.iter().all(|w| w.chars().all(|c| c.is_ascii_digit())) {
            return Some("e:current_timestamp".into());
        }
    }
    Some(format!("e:{key}"))
}

/// An expression (check, generated column, view query) as a list of tokens, so the server's
/// re-printing does not count as a change: identifiers without backquotes and without their
/// qualifiers (`db`.`t`.`c` → c), `c AS c` aliases dropped, keywords in lower case, no whitespace
/// and no parentheses. `table` qualifiers are dropped anyway; the parameter names the table a
/// schema text qualifies its columns with, for readers. A change only in parentheses or in an
/// identifier's qualifier is not seen (docs/differences.md).
pub fn expression_key(text: &str, _table: Option<&str>) -> String {
    #[derive(PartialEq)]
    enum Kind {
        Word,
        Str,
        Punct,
    }
    let mut tokens: Vec<(Kind, String)> = Vec::new();
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c == '\'' || c == '"' {
            let quote = c;
            let mut s = String::from(c);
            i += 1;
            while i < chars.len() {
                let d = chars[i];
                s.push(d);
                i += 1;
                if d == '\\' && i < chars.len() {
                    s.push(chars[i]);
                    i += 1;
                } else if d == quote {
                    if i < chars.len() && chars[i] == quote {
                        s.push(quote);
                        i += 1;
                    } else {
                        break;
                    }
                }
            }
            tokens.push((Kind::Str, s));
        } else if c == '`' {
            let mut s = String::new();
            i += 1;
            while i < chars.len() {
                if chars[i] == '`' {
                    if i + 1 < chars.len() && chars[i + 1] == '`' {
                        s.push('`');
                        i += 2;
                        continue;
                    }
                    i += 1;
                    break;
                }
                s.push(chars[i]);
                i += 1;
            }
            tokens.push((Kind::Word, s.to_lowercase()));
        } else if c.is_alphanumeric() || c == '_' || c == '$' {
            let mut s = String::new();
            while i < chars.len()
                && (chars[i].is_alphanumeric() || chars[i] == '_' || chars[i] == '$')
            {
                s.push(chars[i]);
                i += 1;
            }
            tokens.push((Kind::Word, s.to_lowercase()));
        } else {
            // Two-character operators stay one token.
            let two: String = chars[i..chars.len().min(i + 2)].iter().collect();
            if ["<>", "!=", "<=", ">=", "||", "&&", "<<", ">>"].contains(&two.as_str()) {
                tokens.push((Kind::Punct, two));
                i += 2;
            } else {
                tokens.push((Kind::Punct, c.to_string()));
                i += 1;
            }
        }
    }
    let mut out: Vec<&str> = Vec::new();
    let mut k = 0;
    while k < tokens.len() {
        let (kind, t) = &tokens[k];
        let next_is_dot = tokens
            .get(k + 1)
            .is_some_and(|(nk, n)| *nk == Kind::Punct && n == ".");
        let is_number = t.chars().next().is_some_and(|c| c.is_ascii_digit());
        if *kind == Kind::Word && next_is_dot && !is_number {
            k += 2;
            continue;
        }
        if *kind == Kind::Punct && (t == "(" || t == ")") {
            k += 1;
            continue;
        }
        if *kind == Kind::Word && t == "as" {
            if let (Some(alias), Some(last)) = (tokens.get(k + 1), out.last()) {
                if alias.1 == *last {
                    k += 2;
                    continue;
                }
            }
        }
        out.push(t);
        k += 1;
    }
    out.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalog_types_and_schema_types_share_a_key() {
        for (catalog, schema) in [
            ("int(11)", "int"),
            ("int(10) unsigned", "int unsigned"),
            ("bigint(20) unsigned", "serial"),
            ("tinyint(1)", "boolean"),
            ("tinyint(4)", "tinyint"),
            ("decimal(10,0)", "decimal"),
            ("decimal(8,0)", "decimal(8)"),
            ("double(8,2)", "real(8, 2)"),
            ("binary(1)", "binary"),
            ("year(4)", "year"),
            ("enum('Small','large')", "enum('Small','large')"),
            ("double unsigned", "double unsigned"),
        ] {
            assert_eq!(type_key(catalog), type_key(schema), "{catalog} / {schema}");
        }
        assert_ne!(type_key("enum('a')"), type_key("enum('A')"));
        assert_ne!(type_key("varchar(50)"), type_key("varchar(80)"));
        assert_ne!(type_key("tinyint(1)"), type_key("tinyint"));
    }

    #[test]
    fn mariadb_defaults_read_back_as_generate_writes_them() {
        let d = |raw: &str, ty: &str| column_default(Some(raw), "", ty, true);
        assert_eq!(d("NULL", "int(11)"), None);
        assert_eq!(d("'it''s'", "varchar(10)"), Some("'it''s'".into()));
        assert_eq!(d("'q\\'uote'", "varchar(10)"), Some("'q''uote'".into()));
        assert_eq!(
            d("'back\\\\slash'", "varchar(60)"),
            Some("'back\\\\slash'".into())
        );
        assert_eq!(d("1.50", "decimal(10,2)"), Some("1.50".into()));
        assert_eq!(
            d("current_timestamp()", "timestamp"),
            Some("(current_timestamp())".into())
        );
        assert_eq!(d("(1 + 1)", "int(11)"), Some("(1 + 1)".into()));
    }

    #[test]
    fn defaults_compare_by_value() {
        let same = |a: &str, b: &str, ty: &str| {
            assert_eq!(
                default_key(Some(a), ty),
                default_key(Some(b), ty),
                "{a} / {b} ({ty})"
            );
        };
        same("'x'", "('x')", "text");
        same("(current_timestamp())", "(now())", "timestamp");
        same("(current_timestamp(2))", "(now(2))", "timestamp(2)");
        same("(current_timestamp(2))", "(now())", "timestamp(2)");
        same("1", "true", "tinyint(1)");
        same("1.50", "(1.50)", "decimal(10,2)");
        same("2.5", "(2.5)", "decimal(6,1)");
        same("'xy'", "(0x7879)", "varbinary(32)");
        same("'ab\\0\\0'", "('ab')", "binary(4)");
        same("(1 + 1)", "(1+1)", "int");
        same("9007199254740993", "9007199254740993", "bigint unsigned");
        assert_ne!(
            default_key(Some("9007199254740993"), "bigint"),
            default_key(Some("9007199254740992"), "bigint")
        );
        assert_ne!(
            default_key(Some("'a'"), "text"),
            default_key(Some("'b'"), "text")
        );
        assert_eq!(default_key(Some("NULL"), "int"), None);
    }

    #[test]
    fn expressions_compare_without_the_servers_reprinting() {
        let key = |t: &str| expression_key(t, None);
        assert_eq!(key("`t`.`b` < 50"), key("`b` < 50"));
        assert_eq!(key("concat('x', a)"), key("concat('x',`a`)"));
        assert_eq!(
            key("select `id`, `a` from `t` where a > 1"),
            key("select `db`.`t`.`id` AS `id`,`db`.`t`.`a` AS `a` from `db`.`t` where `db`.`t`.`a` > 1")
        );
        assert_ne!(key("`b` < 50"), key("`b` < 100"));
        assert_ne!(key("concat('x', a)"), key("concat('X', a)"));
        assert_ne!(key("select id as a from t"), key("select id from t"));
    }

    #[test]
    fn on_update_and_view_texts() {
        assert_eq!(on_update("on update current_timestamp()"), Some(None));
        assert_eq!(on_update("on update current_timestamp(2)"), Some(Some(2)));
        assert_eq!(
            on_update("DEFAULT_GENERATED on update CURRENT_TIMESTAMP(3)"),
            Some(Some(3))
        );
        assert_eq!(on_update("auto_increment"), None);
        assert_eq!(
            view_definition("(select `d`.`t`.`id` AS `id` from `d`.`t`)", "d"),
            "select `t`.`id` AS `id` from `t`"
        );
    }
}
