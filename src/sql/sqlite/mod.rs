//! SQLite statements to SQL text, byte for byte as rc.5 prints them.

mod probes;

use crate::diff::sqlite::Statement;
use crate::model::sqlite::{Column, ForeignKey, TableDef};

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
            "CREATE VIEW `{}` AS {};",
            view.name,
            view.definition.as_deref().unwrap_or("")
        )],
        Statement::DropView { view } => vec![format!("DROP VIEW `{}`;", view.name)],
        Statement::AddColumn { column, fk } => vec![add_column(column, fk.as_ref())],
        Statement::RenameColumn { table, from, to } => vec![format!(
            "ALTER TABLE `{table}` RENAME COLUMN `{from}` TO `{to}`;"
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
                        format!("`{}`", c.value)
                    }
                })
                .collect();
            vec![format!(
                "CREATE {} `{}` ON `{}` ({}){};",
                if index.is_unique {
                    "UNIQUE INDEX"
                } else {
                    "INDEX"
                },
                index.name,
                index.table,
                columns.join(","),
                index
                    .r#where
                    .as_deref()
                    .filter(|w| !w.is_empty())
                    .map(|w| format!(" WHERE {w}"))
                    .unwrap_or_default()
            )]
        }
        Statement::DropIndex { index } => vec![format!("DROP INDEX IF EXISTS `{}`;", index.name)],
        Statement::RecreateTable { from, to, fill } => recreate_table(from, to, fill),
    }
}

fn drop_table(name: &str) -> String {
    format!("DROP TABLE `{name}`;")
}

fn rename_table(from: &str, to: &str) -> String {
    format!("ALTER TABLE `{from}` RENAME TO `{to}`;")
}

fn drop_column(c: &Column) -> String {
    format!("ALTER TABLE `{}` DROP COLUMN `{}`;", c.table, c.name)
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
            let target = format!("{}({})", fk.table_to, fk.columns_to.join(","));
            if fk.name_explicit {
                format!(
                    " CONSTRAINT `{}` REFERENCES {target}{}",
                    fk.name,
                    actions(fk)
                )
            } else {
                format!(" REFERENCES {target}{}", actions(fk))
            }
        })
        .unwrap_or_default();
    format!(
        "ALTER TABLE `{}` ADD `{}` {}{default}{}{not_null}{reference};",
        c.table,
        c.name,
        c.r#type,
        generated_clause(c)
    )
}

pub fn create_table(t: &TableDef) -> String {
    let mut s = format!("CREATE TABLE `{}` (\n", t.name);
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
                    format!(" CONSTRAINT `{}` UNIQUE", u.name)
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
            "`{}` {}{pk_clause}{autoincrement}{default}{}{not_null}{unique}",
            c.name,
            c.r#type,
            generated_clause(c)
        ));
        if i + 1 < t.columns.len() {
            s.push_str(",\n");
        }
    }
    if let Some(p) = pk.filter(|p| p.columns.len() > 1 || p.name_explicit) {
        let cols: Vec<String> = p.columns.iter().map(|c| format!("`{c}`")).collect();
        s.push_str(&format!(
            ",\n\tCONSTRAINT `{}` PRIMARY KEY({})",
            p.name,
            cols.join(", ")
        ));
    }
    for fk in &t.fks {
        let from: Vec<String> = fk.columns.iter().map(|c| format!("`{c}`")).collect();
        let to: Vec<String> = fk.columns_to.iter().map(|c| format!("`{c}`")).collect();
        s.push_str(&format!(
            ",\n\tCONSTRAINT `{}` FOREIGN KEY ({}) REFERENCES `{}`({}){}",
            fk.name,
            from.join(","),
            fk.table_to,
            to.join(","),
            actions(fk)
        ));
    }
    for u in t.uniques.iter().filter(|u| u.columns.len() > 1) {
        s.push_str(&format!(
            ",\n\tCONSTRAINT `{}` UNIQUE(`{}`)",
            u.name,
            u.columns.join("`,`")
        ));
    }
    for c in &t.checks {
        s.push_str(&format!(
            ",\n\tCONSTRAINT \"{}\" CHECK({})",
            c.name, c.value
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
    let targets: Vec<String> = copied.iter().map(|c| format!("`{}`", c.name)).collect();
    let sources: Vec<String> = copied
        .iter()
        .map(|c| match fill.iter().find(|(n, _)| *n == c.name) {
            Some((_, default)) => format!("COALESCE(`{}`, {default})", c.name),
            None => format!("`{}`", c.name),
        })
        .collect();
    let tmp = format!("__new_{name}");
    let mut tmp_table = to.clone();
    tmp_table.name = tmp.clone();
    vec![
        "PRAGMA foreign_keys=OFF;".to_string(),
        create_table(&tmp_table),
        format!(
            "INSERT INTO `{tmp}`({}) SELECT {} FROM `{name}`;",
            targets.join(", "),
            sources.join(", ")
        ),
        drop_table(name),
        rename_table(&tmp, name),
        "PRAGMA foreign_keys=ON;".to_string(),
    ]
}
