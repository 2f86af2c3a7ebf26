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

/// The type with the column's own character set and collation, which MySQL takes right after it.
fn type_with_charset(c: &Column) -> String {
    let mut out = c.r#type.clone();
    if let Some(charset) = &c.char_set {
        out.push_str(&format!(" CHARACTER SET {charset}"));
    }
    if let Some(collation) = &c.collation {
        out.push_str(&format!(" COLLATE {collation}"));
    }
    out
}

/// A column as `ADD` and `MODIFY COLUMN` restate it: type (with character set and collation),
/// AUTO_INCREMENT, DEFAULT, GENERATED, NOT NULL, ON UPDATE.
fn column_tail(c: &Column) -> String {
    let mut parts = vec![type_with_charset(c)];
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

/// A column inside `CREATE TABLE`: type (with character set and collation), AUTO_INCREMENT,
/// PRIMARY KEY (a one-column key), GENERATED, NOT NULL, DEFAULT, ON UPDATE.
fn column_in_table(c: &Column, inline_pk: bool) -> String {
    let mut parts = vec![q(&c.name), type_with_charset(c)];
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

    const P: &str =
        r#"{"name":"p","columns":[{"name":"id","sqlType":"int","notNull":true,"primary":true}]}"#;

    fn child(indexes: &str, fk: bool) -> MysqlDdl {
        let fks = if fk {
            r#"[{"name":null,"columns":["a"],"tableTo":"p","columnsTo":["id"]}]"#
        } else {
            "[]"
        };
        state(&format!(
            r#"[{P},{{"name":"c","columns":[{{"name":"id","sqlType":"int","primary":true}},{{"name":"a","sqlType":"int"}},{{"name":"b","sqlType":"int"}}],"indexes":{indexes},"foreignKeys":{fks}}}]"#
        ))
    }

    fn index(name: &str, columns: &[&str]) -> String {
        let columns: Vec<String> = columns
            .iter()
            .map(|c| format!(r#"{{"value":"{c}","isExpression":false}}"#))
            .collect();
        format!(r#"{{"name":"{name}","columns":[{}]}}"#, columns.join(","))
    }

    fn sql(prev: &MysqlDdl, cur: &MysqlDdl) -> Vec<String> {
        to_sql(
            &diff(prev, cur, &[], Mode::Generate)
                .unwrap_or_else(|e| panic!("{e:?}"))
                .statements,
        )
    }

    const DROP_FK: &str = "ALTER TABLE `c` DROP CONSTRAINT `c_a_p_id_fkey`;";
    const ADD_FK: &str =
        "ALTER TABLE `c` ADD CONSTRAINT `c_a_p_id_fkey` FOREIGN KEY (`a`) REFERENCES `p`(`id`);";

    #[test]
    fn the_last_index_a_kept_key_needs_is_dropped_between_dropping_and_adding_the_key() {
        let with = child(&format!("[{}]", index("c_a_idx", &["a"])), true);
        assert_eq!(
            sql(&with, &child("[]", true)),
            vec![DROP_FK, "DROP INDEX `c_a_idx` ON `c`;", ADD_FK]
        );
        // replaced by another index on the same columns: created before the key comes back
        let other = child(&format!("[{}]", index("c_a_new", &["a"])), true);
        assert_eq!(
            sql(&with, &other),
            vec![
                DROP_FK,
                "DROP INDEX `c_a_idx` ON `c`;",
                "CREATE INDEX `c_a_new` ON `c` (`a`);",
                ADD_FK
            ]
        );
        // another index that serves the key stays: the drop alone is accepted
        let both = child(
            &format!(
                "[{},{}]",
                index("c_a_idx", &["a"]),
                index("c_ab", &["a", "b"])
            ),
            true,
        );
        let rest = child(&format!("[{}]", index("c_ab", &["a", "b"])), true);
        assert_eq!(sql(&both, &rest), vec!["DROP INDEX `c_a_idx` ON `c`;"]);
        // an index that does not lead with the key's columns never served it
        let ba = child(&format!("[{}]", index("c_ba", &["b", "a"])), true);
        assert_eq!(
            sql(&ba, &child("[]", true)),
            vec!["DROP INDEX `c_ba` ON `c`;"]
        );
    }

    #[test]
    fn a_removed_key_drops_the_index_innodb_made_only_when_no_index_served_it() {
        assert_eq!(
            sql(&child("[]", true), &child("[]", false)),
            vec![DROP_FK, "DROP INDEX `c_a_p_id_fkey` ON `c`;"]
        );
        let served = |fk| child(&format!("[{}]", index("c_ab", &["a", "b"])), fk);
        assert_eq!(sql(&served(true), &served(false)), vec![DROP_FK]);
    }

    #[test]
    fn a_referenced_column_no_index_leads_with_is_a_schema_error() {
        let desc = format!(
            r#"{{"tables":[{P},{{"name":"c","columns":[{{"name":"id","sqlType":"int","primary":true}},{{"name":"a","sqlType":"int"}}],"foreignKeys":[{{"name":"k","columns":["a"],"tableTo":"c","columnsTo":["a"]}}]}}]}}"#
        );
        let err = interim::build(&interim::parse(&desc).unwrap_or_else(|e| panic!("{e:?}")))
            .err()
            .map(|e| format!("{e:?}"))
            .unwrap_or_default();
        assert!(
            err.contains("foreign key `k` on `c` references `c` (a)"),
            "{err}"
        );
    }

    #[test]
    fn a_column_states_its_character_set_and_collation_after_its_type() {
        let with = |extra: &str| {
            state(&format!(
                r#"[{{"name":"t","columns":[{{"name":"id","sqlType":"int","primary":true}},{{"name":"s","sqlType":"varchar(10)","notNull":true{extra}}}]}}]"#
            ))
        };
        let plain = with("");
        let latin = with(r#","charSet":"latin1","collation":"latin1_bin""#);
        assert_eq!(
            sql(&MysqlDdl::default(), &latin),
            vec!["CREATE TABLE `t` (\n\t`id` int PRIMARY KEY,\n\t`s` varchar(10) CHARACTER SET latin1 COLLATE latin1_bin NOT NULL\n);\n"]
        );
        assert_eq!(
            sql(&plain, &latin),
            vec!["ALTER TABLE `t` MODIFY COLUMN `s` varchar(10) CHARACTER SET latin1 COLLATE latin1_bin NOT NULL;"]
        );
    }

    #[test]
    fn an_existing_view_is_no_row() {
        let ddl = interim::build(
            &interim::parse(&format!(
                r#"{{"tables":[{P}],"views":[{{"name":"legacy","existing":true,"definition":null}}]}}"#
            ))
            .unwrap_or_else(|e| panic!("{e:?}")),
        )
        .unwrap_or_else(|e| panic!("{e:?}"));
        assert!(ddl.views.is_empty());
        assert_eq!(ddl.existing_views, vec!["legacy".to_string()]);
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
