//! SQLite statements to SQL text, byte for byte as rc.5 prints them.

mod probes;

use crate::dialect::quote_with;
use crate::diff::sqlite::Statement;
use crate::model::sqlite::{Column, ForeignKey, TableDef};

/// Every name enters DDL through here: in backticks as drizzle-kit writes them, an embedded backtick
/// doubled, so no name ends the identifier early.
fn q(name: &str) -> String {
    quote_with('`', name)
}

fn q_all(names: &[String], sep: &str) -> String {
    names.iter().map(|n| q(n)).collect::<Vec<_>>().join(sep)
}

/// rc.5 writes a foreign key's target bare in `ADD COLUMN … REFERENCES t(c)`: kept for plain names
/// (the same text), quoted when the name would end or change the statement.
fn bare_or_quoted(name: &str) -> String {
    let plain = name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if plain {
        name.to_string()
    } else {
        q(name)
    }
}

impl crate::sql::Printer for crate::model::sqlite::Sqlite {
    fn to_sql(statements: &[Statement], _roles: crate::sql::RoleStatements) -> Vec<String> {
        to_sql(statements)
    }
    /// SQLite snapshots record nothing per statement.
    fn footprints(_statements: &[Statement]) -> Vec<()> {
        Vec::new()
    }
    fn probes(
        statements: &[Statement],
        hints: &[crate::diff::hints::Hint],
    ) -> Vec<crate::sql::Probe> {
        probes::data_loss_probes(statements, hints)
    }
}

pub fn to_sql(statements: &[Statement]) -> Vec<String> {
    statements.iter().flat_map(statement_sql).collect()
}

fn statement_sql(st: &Statement) -> Vec<String> {
    match st {
        Statement::CreateTable { table } => vec![create_table(table)],
        Statement::DropTable { name } => vec![drop_table(name)],
        Statement::RenameTable { from, to } => vec![rename_table(from, to)],
        Statement::CreateView { view } => vec![format!(
            "CREATE VIEW {} AS {};",
            q(&view.name),
            view.definition.as_deref().unwrap_or("")
        )],
        Statement::DropView { view } => vec![format!("DROP VIEW {};", q(&view.name))],
        Statement::AddColumn { column, fk } => vec![add_column(column, fk.as_ref())],
        Statement::RenameColumn { table, from, to } => vec![format!(
            "ALTER TABLE {} RENAME COLUMN {} TO {};",
            q(table),
            q(from),
            q(to)
        )],
        Statement::DropColumn { column } => vec![drop_column(column)],
        Statement::RecreateColumn { column, fk } => {
            vec![drop_column(column), add_column(column, fk.as_ref())]
        }
        Statement::CreateIndex { index } => {
            let columns: Vec<String> = index
                .columns
                .iter()
                .map(|c| {
                    if c.is_expression {
                        c.value.clone()
                    } else {
                        q(&c.value)
                    }
                })
                .collect();
            vec![format!(
                "CREATE {} {} ON {} ({}){};",
                if index.is_unique {
                    "UNIQUE INDEX"
                } else {
                    "INDEX"
                },
                q(&index.name),
                q(&index.table),
                columns.join(","),
                index
                    .r#where
                    .as_deref()
                    .filter(|w| !w.is_empty())
                    .map(|w| format!(" WHERE {w}"))
                    .unwrap_or_default()
            )]
        }
        Statement::DropIndex { index } => vec![format!("DROP INDEX IF EXISTS {};", q(&index.name))],
        Statement::RecreateTable { from, to, fill } => recreate_table(from, to, fill),
    }
}

fn drop_table(name: &str) -> String {
    format!("DROP TABLE {};", q(name))
}

fn rename_table(from: &str, to: &str) -> String {
    format!("ALTER TABLE {} RENAME TO {};", q(from), q(to))
}

fn drop_column(c: &Column) -> String {
    format!("ALTER TABLE {} DROP COLUMN {};", q(&c.table), q(&c.name))
}

fn actions(fk: &ForeignKey) -> String {
    let mut out = String::new();
    if fk.on_update != "NO ACTION" && !fk.on_update.is_empty() {
        out.push_str(&format!(" ON UPDATE {}", fk.on_update));
    }
    if fk.on_delete != "NO ACTION" && !fk.on_delete.is_empty() {
        out.push_str(&format!(" ON DELETE {}", fk.on_delete));
    }
    out
}

fn generated_clause(c: &Column) -> String {
    c.generated
        .as_ref()
        .map(|g| {
            format!(
                " GENERATED ALWAYS AS {} {}",
                g.r#as,
                g.r#type.to_uppercase()
            )
        })
        .unwrap_or_default()
}

fn add_column(c: &Column, fk: Option<&ForeignKey>) -> String {
    let default = c
        .default
        .as_ref()
        .map(|d| format!(" DEFAULT {d}"))
        .unwrap_or_default();
    let not_null = if c.not_null { " NOT NULL" } else { "" };
    let reference = fk
        .map(|fk| {
            // rc.5 prints the target unquoted here, and the columns joined by JS's array-to-string.
            let columns: Vec<String> = fk.columns_to.iter().map(|c| bare_or_quoted(c)).collect();
            let target = format!("{}({})", bare_or_quoted(&fk.table_to), columns.join(","));
            if fk.name_explicit {
                format!(
                    " CONSTRAINT {} REFERENCES {target}{}",
                    q(&fk.name),
                    actions(fk)
                )
            } else {
                format!(" REFERENCES {target}{}", actions(fk))
            }
        })
        .unwrap_or_default();
    format!(
        "ALTER TABLE {} ADD {} {}{default}{}{not_null}{reference};",
        q(&c.table),
        q(&c.name),
        c.r#type,
        generated_clause(c)
    )
}

pub fn create_table(t: &TableDef) -> String {
    let mut s = format!("CREATE TABLE {} (\n", q(&t.name));
    let pk = t.pk.as_ref();
    for (i, c) in t.columns.iter().enumerate() {
        let is_pk = pk.is_some_and(|p| p.columns.len() == 1 && p.columns[0] == c.name);
        let omit_not_null = is_pk && c.r#type.to_lowercase().starts_with("int");
        let pk_clause = if is_pk && pk.is_some_and(|p| !p.name_explicit) {
            " PRIMARY KEY"
        } else {
            ""
        };
        let not_null = if c.not_null && !omit_not_null {
            " NOT NULL"
        } else {
            ""
        };
        let unique = t
            .uniques
            .iter()
            .find(|u| u.columns.len() == 1 && u.columns[0] == c.name)
            .map(|u| {
                if u.name_explicit {
                    format!(" CONSTRAINT {} UNIQUE", q(&u.name))
                } else {
                    " UNIQUE".to_string()
                }
            })
            .unwrap_or_default();
        // rc.5 tests the default's truthiness: an empty default text prints nothing.
        let default = c
            .default
            .as_ref()
            .filter(|d| !d.is_empty())
            .map(|d| format!(" DEFAULT {d}"))
            .unwrap_or_default();
        let autoincrement = if c.autoincrement == Some(true) {
            " AUTOINCREMENT"
        } else {
            ""
        };
        s.push('\t');
        s.push_str(&format!(
            "{} {}{pk_clause}{autoincrement}{default}{}{not_null}{unique}",
            q(&c.name),
            c.r#type,
            generated_clause(c)
        ));
        if i + 1 < t.columns.len() {
            s.push_str(",\n");
        }
    }
    if let Some(p) = pk.filter(|p| p.columns.len() > 1 || p.name_explicit) {
        s.push_str(&format!(
            ",\n\tCONSTRAINT {} PRIMARY KEY({})",
            q(&p.name),
            q_all(&p.columns, ", ")
        ));
    }
    for fk in &t.fks {
        s.push_str(&format!(
            ",\n\tCONSTRAINT {} FOREIGN KEY ({}) REFERENCES {}({}){}",
            q(&fk.name),
            q_all(&fk.columns, ","),
            q(&fk.table_to),
            q_all(&fk.columns_to, ","),
            actions(fk)
        ));
    }
    for u in t.uniques.iter().filter(|u| u.columns.len() > 1) {
        s.push_str(&format!(
            ",\n\tCONSTRAINT {} UNIQUE({})",
            q(&u.name),
            q_all(&u.columns, ",")
        ));
    }
    for c in &t.checks {
        s.push_str(&format!(
            ",\n\tCONSTRAINT {} CHECK({})",
            quote_with('"', &c.name),
            c.value
        ));
    }
    s.push_str("\n);\n");
    s
}

fn recreate_table(from: &TableDef, to: &TableDef, fill: &[(String, String)]) -> Vec<String> {
    let name = &to.name;
    let copied: Vec<&Column> = from
        .columns
        .iter()
        .filter(|c| {
            c.generated.is_none()
                && to
                    .columns
                    .iter()
                    .any(|n| n.name == c.name && n.generated.is_none())
        })
        .collect();
    let targets: Vec<String> = copied.iter().map(|c| q(&c.name)).collect();
    let sources: Vec<String> = copied
        .iter()
        .map(|c| match fill.iter().find(|(n, _)| *n == c.name) {
            Some((_, default)) => format!("COALESCE({}, {default})", q(&c.name)),
            None => q(&c.name),
        })
        .collect();
    let tmp = format!("__new_{name}");
    let mut tmp_table = to.clone();
    tmp_table.name = tmp.clone();
    vec![
        "PRAGMA foreign_keys=OFF;".to_string(),
        create_table(&tmp_table),
        format!(
            "INSERT INTO {}({}) SELECT {} FROM {};",
            q(&tmp),
            targets.join(", "),
            sources.join(", "),
            q(name)
        ),
        drop_table(name),
        rename_table(&tmp, name),
        "PRAGMA foreign_keys=ON;".to_string(),
    ]
}
