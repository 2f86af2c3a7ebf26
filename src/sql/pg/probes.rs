//! `push`'s probes: data loss is decided on the real data, which the core cannot read, so every
//! statement that may destroy rows (or fail on them) gets a `select 1 … limit 1` the shim runs
//! before anything changes. Kinds and reasons are rc.5's, so hints written for rc.5 keep working.

use std::collections::HashMap;

use crate::diff::hints::Hint;
use crate::diff::pg::Statement;
use crate::sql::pg as pg_sql;
use crate::sql::Probe;

/// `"schema"."name"`, always qualified and escaped: probes must not depend on search_path.
fn relation_sql(schema: &str, name: &str) -> String {
    format!("{}.{}", ident(schema), ident(name))
}

fn ident(name: &str) -> String {
    crate::dialect::Dialect::Postgresql.quote(name)
}

fn literal(value: &str) -> String {
    format!("'{}'", value.replace('\'', "''"))
}

/// Where each table lives in the database before any statement runs: the plan renames and moves
/// tables first, and probes run before the plan.
struct Origins {
    schemas: HashMap<String, String>,
    tables: HashMap<(String, String), (String, String)>,
}

impl Origins {
    fn of(statements: &[Statement]) -> Origins {
        let mut schemas = HashMap::new();
        let mut tables = HashMap::new();
        for st in statements {
            match st {
                Statement::RenameSchema { from, to } => {
                    schemas.insert(to.name.clone(), from.name.clone());
                }
                Statement::RenameTable { schema, from, to } => {
                    tables.insert((schema.clone(), to.clone()), (schema.clone(), from.clone()));
                }
                Statement::MoveTable { name, from, to, .. } => {
                    tables.insert((to.clone(), name.clone()), (from.clone(), name.clone()));
                }
                _ => {}
            }
        }
        Origins { schemas, tables }
    }

    /// The database's current name of a table the plan keeps (possibly renamed or moved).
    fn table(&self, schema: &str, name: &str) -> String {
        let (s, n) = self
            .tables
            .get(&(schema.to_string(), name.to_string()))
            .cloned()
            .unwrap_or_else(|| (schema.to_string(), name.to_string()));
        let s = self.schemas.get(&s).cloned().unwrap_or(s);
        relation_sql(&s, &n)
    }
}

fn confirmed(hints: &[Hint], kind: &str, entity: &[String]) -> bool {
    hints.iter().any(|h| {
        matches!(h, Hint::ConfirmDataLoss { kind: k, entity: e } if k == kind && e.as_slice() == entity)
    })
}

/// One probe per statement that can lose rows or fail because of them, in plan order.
pub fn data_loss_probes(statements: &[Statement], hints: &[Hint]) -> Vec<Probe> {
    let origins = Origins::of(statements);
    // Columns renamed in this plan are probed under their database name.
    let mut column_origin: HashMap<(String, String, String), String> = HashMap::new();
    for st in statements {
        if let Statement::RenameColumn { from, to } = st {
            column_origin.insert(
                (to.schema.clone(), to.table.clone(), to.name.clone()),
                from.name.clone(),
            );
        }
    }
    let db_column = |schema: &str, table: &str, name: &str| {
        ident(
            column_origin
                .get(&(schema.to_string(), table.to_string(), name.to_string()))
                .map(String::as_str)
                .unwrap_or(name),
        )
    };
    let mut probes = Vec::new();
    let mut push = |p: Probe| {
        if p.effect == "fails" || !confirmed(hints, p.kind, &p.entity) {
            probes.push(p);
        }
    };
    for st in statements {
        match st {
            Statement::DropTable { table, .. } => push(Probe {
                effect: "confirm",
                kind: "table",
                entity: vec![table.schema.clone(), table.name.clone()],
                reason: "non_empty",
                reason_details: None,
                sql: format!(
                    "select 1 from {} limit 1",
                    relation_sql(&table.schema, &table.name)
                ),
                message: format!(
                    "table {} will be dropped with all its rows",
                    relation_sql(&table.schema, &table.name)
                ),
            }),
            Statement::DropView { view } if view.materialized => push(Probe {
                effect: "confirm",
                kind: "view",
                entity: vec![view.schema.clone(), view.name.clone()],
                reason: "non_empty",
                reason_details: None,
                sql: format!(
                    "select 1 from {} limit 1",
                    relation_sql(&view.schema, &view.name)
                ),
                message: format!(
                    "materialized view {} will be dropped with its rows",
                    relation_sql(&view.schema, &view.name)
                ),
            }),
            Statement::DropColumn { column } => {
                let table = origins.table(&column.schema, &column.table);
                push(Probe {
                    effect: "confirm",
                    kind: "column",
                    entity: vec![
                        column.schema.clone(),
                        column.table.clone(),
                        column.name.clone(),
                    ],
                    reason: "non_empty",
                    reason_details: None,
                    sql: format!(
                        "select 1 from {table} where {} is not null limit 1",
                        ident(&column.name)
                    ),
                    message: format!(
                        "column {} of {table} will be dropped with its values",
                        ident(&column.name)
                    ),
                });
            }
            Statement::DropSchema(schema) => push(Probe {
                effect: "confirm",
                kind: "schema",
                entity: vec![schema.name.clone()],
                reason: "non_empty",
                reason_details: None,
                sql: format!(
                    "select 1 from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid operator(pg_catalog.=) c.relnamespace where n.nspname operator(pg_catalog.=) {} and c.relkind operator(pg_catalog.=) any (array['r', 'p', 'v', 'm', 'f']::\"char\"[]) limit 1",
                    literal(&schema.name)
                ),
                message: format!("schema {} will be dropped and still holds tables", ident(&schema.name)),
            }),
            Statement::DropPk { pk } => {
                let table = origins.table(&pk.schema, &pk.table);
                push(Probe {
                    effect: "confirm",
                    kind: "primary_key",
                    entity: vec![pk.schema.clone(), pk.table.clone(), pk.name.clone()],
                    reason: "non_empty",
                    reason_details: None,
                    sql: format!("select 1 from {table} limit 1"),
                    message: format!("the primary key of {table} will be dropped"),
                });
            }
            Statement::AlterColumn {
                from, to, changed, ..
            } => {
                let table = origins.table(&to.schema, &to.table);
                let col = db_column(&to.schema, &to.table, &to.name);
                if changed.iter().any(|c| c == "type") {
                    push(Probe {
                        effect: "confirm",
                        kind: "column",
                        entity: vec![to.schema.clone(), to.table.clone(), to.name.clone()],
                        reason: "type_change",
                        reason_details: Some(serde_json::json!({
                            "from": type_text(&from.sql_type, from.dimensions),
                            "to": type_text(&to.sql_type, to.dimensions),
                        })),
                        sql: format!("select 1 from {table} where {col} is not null limit 1"),
                        message: format!(
                            "column {col} of {table} changes type from {} to {}: its values are converted and may be truncated, rounded or rejected",
                            type_text(&from.sql_type, from.dimensions),
                            type_text(&to.sql_type, to.dimensions)
                        ),
                    });
                }
                if changed.iter().any(|c| c == "notNull") && to.not_null && !from.not_null {
                    push(Probe {
                        effect: "fails",
                        kind: "add_not_null",
                        entity: vec![to.schema.clone(), to.table.clone(), to.name.clone()],
                        reason: "nulls",
                        reason_details: None,
                        sql: format!("select 1 from {table} where {col} is null limit 1"),
                        message: format!(
                            "column {col} of {table} becomes NOT NULL but holds NULL values, so SET NOT NULL would fail: fill them first (UPDATE {table} SET {col} = … WHERE {col} IS NULL)"
                        ),
                    });
                }
            }
            Statement::AddColumn { column, .. }
                if column.not_null
                    && column.default.is_none()
                    && column.generated.is_none()
                    && column.identity.is_none()
                    && !pg_sql::is_serial_type(&column.sql_type) =>
            {
                let table = origins.table(&column.schema, &column.table);
                push(Probe {
                    effect: "fails",
                    kind: "add_not_null",
                    entity: vec![
                        column.schema.clone(),
                        column.table.clone(),
                        column.name.clone(),
                    ],
                    reason: "non_empty",
                    reason_details: None,
                    sql: format!("select 1 from {table} limit 1"),
                    message: format!(
                        "column {} is added to {table} as NOT NULL without a default, which fails on a table with rows: give it a default, or add it nullable, fill it, then make it NOT NULL",
                        ident(&column.name)
                    ),
                });
            }
            _ => {}
        }
    }
    probes
}

fn type_text(sql_type: &str, dimensions: u32) -> String {
    format!("{sql_type}{}", "[]".repeat(dimensions as usize))
}
