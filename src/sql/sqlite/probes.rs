//! `push`'s probes for SQLite: every statement that may destroy rows or fail on them gets a
//! `select 1 … limit 1` the shim runs before anything changes (as for Postgres, `sql::pg::probes`).
//! Kinds and reasons are rc.5's (`table`, `column`; `non_empty`), entities its hint tuples.
//!
//! A table rebuild copies every row (a column that becomes NOT NULL takes its default where it
//! was NULL), so it loses only the columns it leaves out and fails only where a copied row cannot
//! satisfy the new table: a NULL where NOT NULL has no default, a new NOT NULL column without a
//! default on a table with rows, duplicates under a new unique key.

use std::collections::HashMap;

use crate::diff::hints::Hint;
use crate::diff::sqlite::Statement;
use crate::model::sqlite::{Column, TableDef};
use crate::sql::Probe;

const PUBLIC: &str = "public";

fn ident(name: &str) -> String {
    crate::dialect::Dialect::Sqlite.quote(name)
}

fn confirmed(hints: &[Hint], kind: &str, entity: &[String]) -> bool {
    hints.iter().any(|h| {
        matches!(h, Hint::ConfirmDataLoss { kind: k, entity: e } if k == kind && e.as_slice() == entity)
    })
}

/// Names as the database has them before the plan runs (renames come first in a plan).
struct Origins {
    tables: HashMap<String, String>,
    columns: HashMap<(String, String), String>,
}

impl Origins {
    fn of(statements: &[Statement]) -> Origins {
        let mut tables = HashMap::new();
        let mut columns = HashMap::new();
        for st in statements {
            match st {
                Statement::RenameTable { from, to } => {
                    tables.insert(to.clone(), from.clone());
                }
                Statement::RenameColumn { table, from, to } => {
                    columns.insert((table.clone(), to.clone()), from.clone());
                }
                _ => {}
            }
        }
        Origins { tables, columns }
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
}

fn column_entity(table: &str, column: &str) -> Vec<String> {
    vec![PUBLIC.into(), table.into(), column.into()]
}

fn dropped_column(o: &Origins, table: &str, column: &str) -> Probe {
    let t = o.table(table);
    let c = o.column(table, column);
    Probe {
        effect: "confirm",
        kind: "column",
        entity: column_entity(table, column),
        reason: "non_empty",
        reason_details: None,
        sql: format!("select 1 from {t} where {c} is not null limit 1"),
        message: format!("column {c} of {t} will be dropped with its values"),
    }
}

fn not_null_without_default(c: &Column) -> bool {
    c.not_null && c.default.is_none() && c.generated.is_none()
}

fn rebuild(
    o: &Origins,
    from: &TableDef,
    to: &TableDef,
    fill: &[(String, String)],
    out: &mut Vec<Probe>,
) {
    let t = o.table(&to.name);
    let kept = |name: &str| {
        to.columns
            .iter()
            .any(|c| c.name == name && c.generated.is_none())
    };
    for c in from
        .columns
        .iter()
        .filter(|c| c.generated.is_none() && !kept(&c.name))
    {
        out.push(dropped_column(o, &to.name, &c.name));
    }
    for c in to.columns.iter().filter(|c| not_null_without_default(c)) {
        let was = from
            .columns
            .iter()
            .find(|f| f.name == c.name && f.generated.is_none());
        let filled = fill.iter().any(|(n, _)| n == &c.name);
        match was {
            // Copied: only its NULLs can fail.
            Some(w) if !w.not_null && !filled => out.push(Probe {
                effect: "fails",
                kind: "column",
                entity: column_entity(&to.name, &c.name),
                reason: "nulls",
                reason_details: None,
                sql: format!("select 1 from {t} where {} is null limit 1", o.column(&to.name, &c.name)),
                message: format!(
                    "column {} of {t} becomes NOT NULL without a default, and some rows hold NULL in it",
                    ident(&c.name)
                ),
            }),
            Some(_) => {}
            // Not copied: every existing row would need a value.
            None => out.push(Probe {
                effect: "fails",
                kind: "column",
                entity: column_entity(&to.name, &c.name),
                reason: "non_empty",
                reason_details: None,
                sql: format!("select 1 from {t} limit 1"),
                message: format!(
                    "column {} is added to {t} as NOT NULL without a default, and the table has rows",
                    ident(&c.name)
                ),
            }),
        }
    }
    // A unique key the old table did not have: duplicates stop the copy.
    let mut keys: Vec<Vec<String>> = to.uniques.iter().map(|u| u.columns.clone()).collect();
    keys.extend(to.pk.iter().map(|p| p.columns.clone()));
    let old_keys: Vec<&Vec<String>> = from
        .uniques
        .iter()
        .map(|u| &u.columns)
        .chain(from.pk.iter().map(|p| &p.columns))
        .collect();
    for key in keys.iter().filter(|k| !old_keys.contains(k)) {
        let copied = key
            .iter()
            .all(|k| from.columns.iter().any(|c| &c.name == k));
        if !copied {
            continue;
        }
        let cols: Vec<String> = key.iter().map(|k| o.column(&to.name, k)).collect();
        let list = cols.join(", ");
        out.push(Probe {
            effect: "fails",
            kind: "unique",
            entity: vec![PUBLIC.into(), to.name.clone(), key.join(",")],
            reason: "duplicates",
            reason_details: None,
            sql: format!(
                "select 1 from {t} where {} group by {list} having count(*) > 1 limit 1",
                cols.iter()
                    .map(|c| format!("{c} is not null"))
                    .collect::<Vec<_>>()
                    .join(" and ")
            ),
            message: format!("{t} gets a unique key on ({list}), and some rows repeat its values"),
        });
    }
}

/// One probe per statement that can lose rows or fail on them, in plan order; losses a
/// `confirm_data_loss` hint confirms are left out (failures never are).
pub fn data_loss_probes(statements: &[Statement], hints: &[Hint]) -> Vec<Probe> {
    let o = Origins::of(statements);
    let mut found = Vec::new();
    for st in statements {
        match st {
            Statement::DropTable { name } => {
                let t = o.table(name);
                found.push(Probe {
                    effect: "confirm",
                    kind: "table",
                    entity: vec![PUBLIC.into(), name.clone()],
                    reason: "non_empty",
                    reason_details: None,
                    sql: format!("select 1 from {t} limit 1"),
                    message: format!("table {t} will be dropped with all its rows"),
                });
            }
            Statement::DropColumn { column } if column.generated.is_none() => {
                found.push(dropped_column(&o, &column.table, &column.name));
            }
            Statement::AddColumn { column, .. } if not_null_without_default(column) => {
                let t = o.table(&column.table);
                found.push(Probe {
                    effect: "fails",
                    kind: "column",
                    entity: column_entity(&column.table, &column.name),
                    reason: "non_empty",
                    reason_details: None,
                    sql: format!("select 1 from {t} limit 1"),
                    message: format!(
                        "column {} is added to {t} as NOT NULL without a default, and the table has rows",
                        ident(&column.name)
                    ),
                });
            }
            Statement::RecreateTable { from, to, fill } => rebuild(&o, from, to, fill, &mut found),
            _ => {}
        }
    }
    found.retain(|p| p.effect == "fails" || !confirmed(hints, p.kind, &p.entity));
    found
}
