//! Pieces of TypeScript text every wing's generator writes the same way.

use crate::model::pg::jsvalue::js_number;

/// Escape text for the inside of a ``sql`…` `` template literal.
pub fn escape_sql_template(sql: &str) -> String {
    sql.replace('\\', "\\\\")
        .replace('`', "\\`")
        .replace("${", "\\${")
}

pub fn sql_template(sql: &str) -> String {
    format!("sql`{}`", escape_sql_template(sql))
}

/// drizzle-kit's `trimChar`: drop one enclosing pair.
pub fn trim_pair(s: &str, open: char, close: char) -> &str {
    if s.chars().count() >= 2 && s.starts_with(open) && s.ends_with(close) {
        &s[open.len_utf8()..s.len() - close.len_utf8()]
    } else {
        s
    }
}

/// Whether JavaScript prints the number `text` denotes as `text` again (`9.99` yes, `0.00` no).
pub fn number_keeps_text(text: &str) -> bool {
    let Some(n) = js_number(text) else {
        return false;
    };
    let printed = if n.fract() == 0.0 && n.abs() < 1e21 {
        format!("{}", n as i128)
    } else {
        format!("{n}")
    };
    printed == text
}
