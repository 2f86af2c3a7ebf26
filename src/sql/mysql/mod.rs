//! MySQL statements to SQL text, byte for byte as rc.5 prints them (except the deliberate
//! differences in docs/differences.md). Every identifier goes through `Dialect::Mysql.quote`.

pub mod probes;

use crate::dialect::Dialect;
use crate::diff::hints::Hint;
use crate::diff::mysql::Statement;
use crate::model::mysql::{Column, ForeignKey, Index, Mysql, PrimaryKey, View};
use crate::sql::{Probe, RoleStatements};

impl crate::sql::Printer for Mysql {
    fn to_sql(statements: &[Statement], _roles: RoleStatements) -> Vec<String> {
        to_sql(statements)
    }
    fn footprints(_statements: &[Statement]) -> Vec<()> {
        Vec::new()
    }
    fn probes(statements: &[Statement], hints: &[Hint]) -> Vec<Probe> {
        probes::data_loss_probes(statements, hints)
    }
}

fn q(name: &str) -> String {
    Dialect::Mysql.quote(name)
}

fn column_list(columns: &[String]) -> String {
    columns.iter().map(|c| q(c)).collect::<Vec<_>>().join(",")
}

/// Every statement's SQL in order; a text printed twice is kept once (as rc.5 does).
pub fn to_sql(statements: &[Statement]) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(statements.len());
    for sql in statements.iter().flat_map(statement_sql) {
        if !out.contains(&sql) {
            out.push(sql);
        }
    }
    out
}

fn statement_sql(st: &Statement) -> Vec<String> {
    match st {
        Statement::CreateTable {
            table,
            columns,
            pk,
            uniques,
            checks,
        } => vec![create_table(table, columns, pk.as_ref(), uniques, checks)],
        Statement::DropTable { table } => vec![format!("DROP TABLE {};", q(table))],
        Statement::RenameTable { from, to } => {
            vec![format!("RENAME TABLE {} TO {};", q(from), q(to))]
        }
        Statement::RenameColumn { table, from, to } => vec![format!(
            "ALTER TABLE {} RENAME COLUMN {} TO {};",
            q(table),
            q(from),
            q(to)
        )],
        Statement::AddColumn { column } => vec![add_column(column)],
        Statement::ModifyColumn { column } => vec![format!(
            "ALTER TABLE {} MODIFY COLUMN {} {};",
            q(&column.table),
            q(&column.name),
            column_tail(column)
        )],
        Statement::RecreateColumn { column } => {
            vec![drop_column(&column.table, &column.name), add_column(column)]
        }
        Statement::DropColumn { table, name } => vec![drop_column(table, name)],
        Statement::AddPk { pk } => vec![format!(
            "ALTER TABLE {} ADD PRIMARY KEY ({});",
            q(&pk.table),
            column_list(&pk.columns)
        )],
        Statement::ReplacePk { pk } => vec![format!(
            "ALTER TABLE {} DROP PRIMARY KEY, ADD PRIMARY KEY ({});",
            q(&pk.table),
            column_list(&pk.columns)
        )],
        Statement::DropPk { pk } => vec![format!("ALTER TABLE {} DROP PRIMARY KEY;", q(&pk.table))],
        Statement::CreateIndex { index } => vec![format!(
            "CREATE {}INDEX {} ON {} ({});",
            if index.is_unique { "UNIQUE " } else { "" },
            q(&index.name),
            q(&index.table),
            index_columns(index)
        )],
        Statement::DropIndex { index } => vec![drop_index(&index.name, &index.table)],
        Statement::CreateFk { fk } => vec![format!(
            "ALTER TABLE {} ADD CONSTRAINT {} {};",
            q(&fk.table),
            q(&fk.name),
            fk_clause(fk)
        )],
        Statement::DropFk { fk, with_index } => {
            let mut out = vec![format!(
                "ALTER TABLE {} DROP CONSTRAINT {};",
                q(&fk.table),
                q(&fk.name)
            )];
            if *with_index {
                out.push(drop_index(&fk.name, &fk.table));
            }
            out
        }
        Statement::CreateCheck { check } => vec![format!(
            "ALTER TABLE {} ADD CONSTRAINT {} CHECK ({});",
            q(&check.table),
            q(&check.name),
            check.value
        )],
        Statement::DropCheck { check } => vec![format!(
            "ALTER TABLE {} DROP CONSTRAINT {};",
            q(&check.table),
            q(&check.name)
        )],
        Statement::CreateView { view, replace } => vec![create_view(view, *replace)],
        Statement::RenameView { from, to } => {
            vec![format!("RENAME TABLE {} TO {};", q(from), q(to))]
        }
        Statement::DropView { name } => vec![format!("DROP VIEW {};", q(name))],
    }
}

fn drop_index(name: &str, table: &str) -> String {
    format!("DROP INDEX {} ON {};", q(name), q(table))
}

fn drop_column(table: &str, name: &str) -> String {
    format!("ALTER TABLE {} DROP COLUMN {};", q(table), q(name))
}

fn add_column(c: &Column) -> String {
    format!(
        "ALTER TABLE {} ADD {} {};",
        q(&c.table),
        q(&c.name),
        column_tail(c)
    )
}

fn is_serial(c: &Column) -> bool {
    c.r#type.eq_ignore_ascii_case("serial")
}

fn generated(c: &Column) -> Option<String> {
    c.generated.as_ref().map(|g| {
        format!(
            "GENERATED ALWAYS AS ({}) {}",
            g.r#as,
            g.r#type.to_uppercase()
        )
    })
}

fn on_update(c: &Column) -> Option<String> {
    c.on_update_now.then(|| match c.on_update_now_fsp {
        Some(fsp) => format!("ON UPDATE CURRENT_TIMESTAMP({fsp})"),
        None => "ON UPDATE CURRENT_TIMESTAMP".to_string(),
    })
}

/// A column as `ADD` and `MODIFY COLUMN` restate it: type, AUTO_INCREMENT, DEFAULT, GENERATED,
/// NOT NULL, ON UPDATE.
fn column_tail(c: &Column) -> String {
    let mut parts = vec![c.r#type.clone()];
    if c.auto_increment && !is_serial(c) {
        parts.push("AUTO_INCREMENT".into());
    }
    if let Some(d) = &c.default {
        parts.push(format!("DEFAULT {d}"));
    }
    parts.extend(generated(c));
    if c.not_null && !is_serial(c) {
        parts.push("NOT NULL".into());
    }
    parts.extend(on_update(c));
    parts.join(" ")
}

/// A column inside `CREATE TABLE`: type, AUTO_INCREMENT, PRIMARY KEY (a one-column key),
/// GENERATED, NOT NULL, DEFAULT, ON UPDATE.
fn column_in_table(c: &Column, inline_pk: bool) -> String {
    let mut parts = vec![q(&c.name), c.r#type.clone()];
    if c.auto_increment && !is_serial(c) {
        parts.push("AUTO_INCREMENT".into());
    }
    if inline_pk {
        parts.push("PRIMARY KEY".into());
    }
    parts.extend(generated(c));
    if c.not_null && !inline_pk && !is_serial(c) {
        parts.push("NOT NULL".into());
    }
    if let Some(d) = &c.default {
        parts.push(format!("DEFAULT {d}"));
    }
    parts.extend(on_update(c));
    parts.join(" ")
}

fn index_columns(index: &Index) -> String {
    index
        .columns
        .iter()
        .map(|c| {
            if c.is_expression {
                c.value.clone()
            } else {
                q(&c.value)
            }
        })
        .collect::<Vec<_>>()
        .join(",")
}

fn fk_clause(fk: &ForeignKey) -> String {
    let mut out = format!(
        "FOREIGN KEY ({}) REFERENCES {}({})",
        column_list(&fk.columns),
        q(&fk.table_to),
        column_list(&fk.columns_to)
    );
    if fk.on_delete != "NO ACTION" {
        out.push_str(&format!(" ON DELETE {}", fk.on_delete));
    }
    if fk.on_update != "NO ACTION" {
        out.push_str(&format!(" ON UPDATE {}", fk.on_update));
    }
    out
}

fn create_table(
    table: &str,
    columns: &[Column],
    pk: Option<&PrimaryKey>,
    uniques: &[Index],
    checks: &[crate::model::mysql::Check],
) -> String {
    let inline = pk.filter(|p| p.columns.len() == 1);
    let mut lines: Vec<String> = columns
        .iter()
        .map(|c| column_in_table(c, inline.is_some_and(|p| p.columns[0] == c.name)))
        .collect();
    if let Some(p) = pk.filter(|p| p.columns.len() > 1) {
        lines.push(format!(
            "CONSTRAINT PRIMARY KEY({})",
            column_list(&p.columns)
        ));
    }
    for u in uniques {
        lines.push(format!(
            "CONSTRAINT {} UNIQUE INDEX({})",
            q(&u.name),
            index_columns(u)
        ));
    }
    for c in checks {
        lines.push(format!("CONSTRAINT {} CHECK({})", q(&c.name), c.value));
    }
    format!(
        "CREATE TABLE {} (\n\t{}\n);\n",
        q(table),
        lines.join(",\n\t")
    )
}

fn create_view(view: &View, replace: bool) -> String {
    let mut out = format!(
        "CREATE {}ALGORITHM = {} SQL SECURITY {} VIEW {} AS ({})",
        if replace { "OR REPLACE " } else { "" },
        view.algorithm,
        view.sql_security,
        q(&view.name),
        view.definition
    );
    if let Some(option) = &view.with_check_option {
        out.push_str(&format!(" WITH {option} CHECK OPTION"));
    }
    out.push(';');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::mysql::diff;
    use crate::diff::Mode;
    use crate::model::mysql::{interim, MysqlDdl};

    fn state(tables: &str) -> MysqlDdl {
        interim::build(
            &interim::parse(&format!("{{\"tables\":{tables}}}"))
                .unwrap_or_else(|e| panic!("{e:?}")),
        )
        .unwrap_or_else(|e| panic!("{e:?}"))
    }

    const T: &str = r#"{"name":"t","columns":[{"name":"id","sqlType":"int","notNull":true,"autoincrement":true},{"name":"code","sqlType":"varchar(10)","notNull":true}]"#;

    #[test]
    fn a_key_over_an_auto_increment_column_is_replaced_in_one_statement() {
        let prev = state(&format!(r#"[{T},"primaryKeys":[{{"columns":["id"]}}]}}]"#));
        let cur = state(&format!(
            r#"[{T},"primaryKeys":[{{"columns":["id","code"]}}]}}]"#
        ));
        let plan = diff(&prev, &cur, &[], Mode::Generate).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(
            to_sql(&plan.statements),
            vec!["ALTER TABLE `t` DROP PRIMARY KEY, ADD PRIMARY KEY (`id`,`code`);"]
        );
    }

    #[test]
    fn a_changed_check_is_dropped_and_added() {
        let with = |v: &str| {
            state(&format!(
                r#"[{T},"checks":[{{"name":"c","value":"{v}"}}]}}]"#
            ))
        };
        let plan = diff(
            &with("`t`.`id` > 0"),
            &with("`t`.`id` > 1"),
            &[],
            Mode::Generate,
        )
        .unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(
            to_sql(&plan.statements),
            vec![
                "ALTER TABLE `t` DROP CONSTRAINT `c`;",
                "ALTER TABLE `t` ADD CONSTRAINT `c` CHECK (`t`.`id` > 1);"
            ]
        );
    }
}
