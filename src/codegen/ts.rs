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

/// A schema-less wing's `schema.ts`: the core module's imports (the used subset, in order), `sql`
/// when a template is used, the tables, the views, and what could not be expressed as `// TODO:`.
pub struct FlatFile<'a> {
    pub core_module: &'a str,
    pub imports: &'a [&'a str],
    pub uses_sql: bool,
    pub tables: &'a [String],
    pub views: &'a [String],
    pub todos: &'a [String],
}

impl FlatFile<'_> {
    pub fn render(&self) -> String {
        let mut file = String::new();
        if !self.imports.is_empty() {
            file.push_str(&format!(
                "import {{ {} }} from \"{}\"\n",
                self.imports.join(", "),
                self.core_module
            ));
        }
        if self.uses_sql {
            file.push_str("import { sql } from \"drizzle-orm\"\n");
        }
        file.push('\n');
        file.push_str(&self.tables.join("\n\n"));
        if !self.views.is_empty() {
            file.push_str("\n\n");
            file.push_str(&self.views.join("\n\n"));
        }
        file.push('\n');
        if !self.todos.is_empty() {
            file.push('\n');
            for t in self.todos {
                file.push_str("// TODO: ");
                file.push_str(&t.replace('\n', " "));
                file.push('\n');
            }
        }
        file
    }
}
