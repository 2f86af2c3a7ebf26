//! `push`'s probes for MySQL/MariaDB: every statement that may destroy rows or fail on them gets a
//! `select 1 … limit 1` the shim runs before anything changes (as `sql::pg::probes` and
//! `sql::sqlite::probes` do). Kinds and reasons are rc.5's (`table`, `column`, `add_not_null`;
//! `non_empty`), entities its hint tuples.
//!
//! MySQL's DDL is not transactional, so a statement that fails part-way through push leaves the
//! ones before it applied: whatever the rows make certain to fail is found here, before the first
//! statement runs. A probe runs on the database as it is before the plan, so it names tables and
//! columns by their names before the plan's renames, and is left out where what it reads does not
//! exist yet (a table or column the plan creates).

use std::collections::{HashMap, HashSet};

use crate::dialect::Dialect;
use crate::diff::hints::Hint;
use crate::diff::mysql::Statement;
use crate::model::mysql::Column;
use crate::sql::Probe;

const PUBLIC: &str = "public";

fn ident(name: &str) -> String {
    Dialect::Mysql.quote(name)
}

fn confirmed(hints: &[Hint], kind: &str, entity: &[String]) -> bool {
    hints.iter().any(|h| {
        matches!(h, Hint::ConfirmDataLoss { kind: k, entity: e } if k == kind && e.as_slice() == entity)
    })
}

/// What the plan does to names before a probe's statement runs: renames (to their old names) and
/// tables and columns that do not exist yet.
struct Origins {
    tables: HashMap<String, String>,
    columns: HashMap<(String, String), String>,
    new_tables: HashSet<String>,
    new_columns: HashSet<(String, String)>,
}

impl Origins {
    fn of(statements: &[Statement]) -> Origins {
        let mut o = Origins {
            tables: HashMap::new(),
            columns: HashMap::new(),
            new_tables: HashSet::new(),
            new_columns: HashSet::new(),
        };
        for st in statements {
            match st {
                Statement::RenameTable { from, to } => {
                    o.tables.insert(to.clone(), from.clone());
                }
                Statement::RenameColumn { table, from, to } => {
                    o.columns.insert((table.clone(), to.clone()), from.clone());
                }
                Statement::CreateTable { table, .. } => {
                    o.new_tables.insert(table.clone());
                }
                Statement::AddColumn { column } | Statement::RecreateColumn { column } => {
                    o.new_columns
                        .insert((column.table.clone(), column.name.clone()));
                }
                _ => {}
            }
        }
        o
    }
    fn table(&self, name: &str) -> String {
        ident(self.tables.get(name).map_or(name, String::as_str))
    }
    fn column(&self, table: &str, name: &str) -> String {
        ident(
            self.columns
                .get(&(table.to_string(), name.to_string()))
                .map_or(name, String::as_str),
        )
    }
    /// Whether every one of these columns exists before the plan runs.
    fn existing(&self, table: &str, columns: &[String]) -> bool {
        !self.new_tables.contains(table)
            && columns
                .iter()
                .all(|c| !self.new_columns.contains(&(table.to_string(), c.clone())))
    }
}

fn column_entity(table: &str, column: &str) -> Vec<String> {
    vec![PUBLIC.into(), table.into(), column.into()]
}

fn needs_value(c: &Column) -> bool {
    c.not_null && c.default.is_none() && c.generated.is_none() && !c.auto_increment
}

/// Rows repeating a key's values (NULLs never collide in a unique index).
fn duplicates(o: &Origins, table: &str, columns: &[String]) -> String {
    let t = o.table(table);
    let cols: Vec<String> = columns.iter().map(|c| o.column(table, c)).collect();
    let list = cols.join(", ");
    let present = cols
        .iter()
        .map(|c| format!("{c} is not null"))
        .collect::<Vec<_>>()
        .join(" and ");
    format!("select 1 from {t} where {present} group by {list} having count(*) > 1 limit 1")
}

/// One probe per statement that can lose rows or fail on them, in plan order; losses a
/// `confirm_data_loss` hint confirms are left out (failures never are).
pub fn data_loss_probes(statements: &[Statement], hints: &[Hint]) -> Vec<Probe> {
    let o = Origins::of(statements);
    let mut found = Vec::new();
    for st in statements {
        match st {
            Statement::DropTable { table } => {
                let t = o.table(table);
                found.push(Probe {
                    effect: "confirm",
                    kind: "table",
                    entity: vec![PUBLIC.into(), table.clone()],
                    reason: "non_empty",
                    reason_details: None,
                    sql: format!("select 1 from {t} limit 1"),
                    message: format!("table {t} will be dropped with all its rows"),
                });
            }
            Statement::DropColumn { table, name } if o.existing(table, &[]) => {
                let t = o.table(table);
                let c = o.column(table, name);
                found.push(Probe {
                    effect: "confirm",
                    kind: "column",
                    entity: column_entity(table, name),
                    reason: "non_empty",
                    reason_details: None,
                    sql: format!("select 1 from {t} where {c} is not null limit 1"),
                    message: format!("column {c} of {t} will be dropped with its values"),
                });
            }
            Statement::AddColumn { column }
                if needs_value(column) && o.existing(&column.table, &[]) =>
            {
                let t = o.table(&column.table);
                found.push(Probe {
                    effect: "confirm",
                    kind: "add_not_null",
                    entity: column_entity(&column.table, &column.name),
                    reason: "non_empty",
                    reason_details: None,
                    sql: format!("select 1 from {t} limit 1"),
                    message: format!(
                        "column {} is added to {t} as NOT NULL without a default: MySQL gives every existing row the type's implicit value (0, '', …)",
                        ident(&column.name)
                    ),
                });
            }
            Statement::ModifyColumn { column }
                if column.not_null
                    && o.existing(&column.table, std::slice::from_ref(&column.name)) =>
            {
                let t = o.table(&column.table);
                let c = o.column(&column.table, &column.name);
                found.push(Probe {
                    effect: "fails",
                    kind: "column",
                    entity: column_entity(&column.table, &column.name),
                    reason: "nulls",
                    reason_details: None,
                    sql: format!("select 1 from {t} where {c} is null limit 1"),
                    message: format!(
                        "column {c} of {t} becomes NOT NULL, and some rows hold NULL in it"
                    ),
                });
            }
            Statement::CreateIndex { index }
                if index.is_unique
                    && index.columns.iter().all(|c| !c.is_expression)
                    && o.existing(&index.table, &[]) =>
            {
                let columns: Vec<String> = index.columns.iter().map(|c| c.value.clone()).collect();
                if !o.existing(&index.table, &columns) {
                    continue;
                }
                found.push(Probe {
                    effect: "fails",
                    kind: "add_unique",
                    entity: vec![PUBLIC.into(), index.table.clone(), index.name.clone()],
                    reason: "duplicates",
                    reason_details: None,
                    sql: duplicates(&o, &index.table, &columns),
                    message: format!(
                        "{} gets the unique index {} on ({}), and some rows repeat its values",
                        o.table(&index.table),
                        ident(&index.name),
                        columns.join(", ")
                    ),
                });
            }
            Statement::AddPk { pk } | Statement::ReplacePk { pk }
                if o.existing(&pk.table, &pk.columns) =>
            {
                let t = o.table(&pk.table);
                let cols: Vec<String> = pk.columns.iter().map(|c| o.column(&pk.table, c)).collect();
                let nulls = cols
                    .iter()
                    .map(|c| format!("{c} is null"))
                    .collect::<Vec<_>>()
                    .join(" or ");
                found.push(Probe {
                    effect: "fails",
                    kind: "primary_key",
                    entity: vec![PUBLIC.into(), pk.table.clone(), pk.name.clone()],
                    reason: "duplicates",
                    reason_details: None,
                    sql: format!(
                        "select 1 from {t} where {nulls} union all ({}) limit 1",
                        duplicates(&o, &pk.table, &pk.columns)
                    ),
                    message: format!(
                        "{t} gets the primary key ({}), and some rows hold NULL in it or repeat its values",
                        cols.join(", ")
                    ),
                });
            }
            Statement::CreateFk { fk }
                if o.existing(&fk.table, &fk.columns)
                    && o.existing(&fk.table_to, &fk.columns_to) =>
            {
                let t = o.table(&fk.table);
                let to = o.table(&fk.table_to);
                let present = fk
                    .columns
                    .iter()
                    .map(|c| format!("c.{} is not null", o.column(&fk.table, c)))
                    .collect::<Vec<_>>()
                    .join(" and ");
                let matches = fk
                    .columns
                    .iter()
                    .zip(&fk.columns_to)
                    .map(|(c, p)| {
                        format!(
                            "p.{} = c.{}",
                            o.column(&fk.table_to, p),
                            o.column(&fk.table, c)
                        )
                    })
                    .collect::<Vec<_>>()
                    .join(" and ");
                found.push(Probe {
                    effect: "fails",
                    kind: "foreign_key",
                    entity: vec![PUBLIC.into(), fk.table.clone(), fk.name.clone()],
                    reason: "orphans",
                    reason_details: None,
                    sql: format!(
                        "select 1 from {t} c where {present} and not exists (select 1 from {to} p where {matches}) limit 1"
                    ),
                    message: format!(
                        "{t} gets the foreign key {} onto {to}, and some rows reference no row there",
                        ident(&fk.name)
                    ),
                });
            }
            _ => {}
        }
    }
    found.retain(|p| p.effect == "fails" || !confirmed(hints, p.kind, &p.entity));
    found
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

    fn probes(prev: &str, cur: &str, hints: &[Hint]) -> Vec<Probe> {
        let plan =
            diff(&state(prev), &state(cur), hints, Mode::Push).unwrap_or_else(|e| panic!("{e:?}"));
        assert!(plan.unresolved.is_empty(), "{:?}", plan.unresolved);
        data_loss_probes(&plan.statements, hints)
    }

    const ID: &str = r#"{"name":"id","sqlType":"int","notNull":true,"primary":true}"#;

    #[test]
    fn drops_not_null_and_new_keys_are_probed_in_plan_order() {
        let prev = format!(
            r#"[{{"name":"old","columns":[{ID}]}},{{"name":"t","columns":[{ID},{{"name":"gone","sqlType":"int"}},{{"name":"a","sqlType":"int"}}]}}]"#
        );
        let cur = format!(
            r#"[{{"name":"t","columns":[{ID},{{"name":"a","sqlType":"int","notNull":true,"isUnique":true}},{{"name":"n","sqlType":"int","notNull":true}}]}}]"#
        );
        let created = vec![Hint::Create {
            kind: "column".into(),
            entity: vec!["public".into(), "t".into(), "n".into()],
        }];
        let summary: Vec<(&str, &str, String)> = probes(&prev, &cur, &created)
            .iter()
            .map(|p| (p.effect, p.kind, p.entity.join(".")))
            .collect();
        assert_eq!(
            summary,
            vec![
                ("confirm", "table", "public.old".to_string()),
                ("fails", "column", "public.t.a".to_string()),
                ("confirm", "add_not_null", "public.t.n".to_string()),
                ("fails", "add_unique", "public.t.a_unique".to_string()),
                ("confirm", "column", "public.t.gone".to_string()),
            ]
        );
    }

    #[test]
    fn a_renamed_table_is_probed_under_its_old_name_and_confirmed_losses_drop_out() {
        let prev =
            format!(r#"[{{"name":"before","columns":[{ID},{{"name":"gone","sqlType":"int"}}]}}]"#);
        let cur = format!(r#"[{{"name":"after","columns":[{ID}]}}]"#);
        let rename = Hint::Rename {
            kind: "table".into(),
            from: vec!["public".into(), "before".into()],
            to: vec!["public".into(), "after".into()],
        };
        let found = probes(&prev, &cur, std::slice::from_ref(&rename));
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].sql,
            "select 1 from `before` where `gone` is not null limit 1"
        );
        let confirm = Hint::ConfirmDataLoss {
            kind: "column".into(),
            entity: vec!["public".into(), "after".into(), "gone".into()],
        };
        assert!(probes(&prev, &cur, &[rename, confirm]).is_empty());
    }
}
