//! `push`: everything decided between "the shim read the catalog" and "the shim runs statements".
//!
//! Database → code, in push mode: the introspected database is the previous state, the schema the
//! next one, both seen through the same scope (schemaFilter, tablesFilter, extensionsFilters,
//! entities.roles, never the migrations table). Postgres re-prints every expression it stores, so
//! before diffing, each expression pair whose texts differ is compared as parsed trees: provably the
//! same → no statement; cannot be proven either way → no statement and a warning (never churn);
//! provably different → the change stands.
//!
//! Data loss is decided on the real data, which the core cannot read: it returns one probe per
//! statement that may destroy rows (or fail on them), each a `select 1 … limit 1`. The shim runs the
//! probes and asks (TTY) or reports the non-empty ones as `confirm_data_loss` questions (rc.5 kinds and
//! reasons), so hints written for rc.5 keep working.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use serde_json::Value;

use crate::diff::hints::{Hint, Unresolved};
use crate::diff::pg::{self as pg_diff, Statement};
use crate::error::Result;
use crate::introspect::pg::expr::{
    same_expression, same_expression_on, same_view_definition, Sameness,
};
use crate::introspect::pg::{self as introspect, CatalogRows, IntrospectOptions};
use crate::model::pg::{interim, PgDdl};
use crate::sql::pg as pg_sql;

use super::generate::require_postgres;

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PushInput {
    pub dialect: String,
    /// The schema modules as the shim described them (see `model::pg::interim`).
    pub schema: Box<RawValue>,
    /// Raw rows of the catalog queries (js/introspect/pg.js).
    pub rows: CatalogRows,
    #[serde(default)]
    pub options: IntrospectOptions,
    #[serde(default)]
    pub hints: Vec<Hint>,
}

/// A question only the data can answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Probe {
    /// `confirm`: rows would be lost, ask (`confirm_data_loss` with `kind`/`entity`/`reason`).
    /// `fails`: the statement cannot succeed on these rows; stop before running anything.
    pub effect: &'static str,
    pub kind: &'static str,
    pub entity: Vec<String>,
    pub reason: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason_details: Option<Value>,
    /// Returns a row exactly when the answer is "yes, data is affected".
    pub sql: String,
    /// One line for people: what happens to what.
    pub message: String,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PushOutput {
    /// `ok`, `no_changes` or `missing_hints` (rename questions).
    pub status: &'static str,
    pub unresolved: Vec<Unresolved>,
    pub statements: Vec<String>,
    pub json_statements: Vec<Value>,
    /// Data-loss and failure checks still to run (those confirmed by hints are left out).
    pub probes: Vec<Probe>,
    pub warnings: Vec<String>,
    /// What the plan risks on the running database (`crate::hazards`), the database as it is now
    /// being the previous state.
    pub hazards: Vec<crate::hazards::Hazard>,
}

pub fn push(input: &PushInput) -> Result<PushOutput> {
    require_postgres(&input.dialect)?;
    let mut database = introspect::from_catalog(&input.rows, &input.options)?;
    let mut code = interim::from_interim_json(input.schema.get())?;
    introspect::retain_in_scope(&mut code, &input.options)?;
    let mut warnings = reconcile_expressions(&mut database, &code);
    keep_connected_role(&mut database, &code, &input.rows, &mut warnings);
    reconcile_policy_roles(&database, &mut code, &input.rows);
    let mut plan = pg_diff::diff(&database, &code, &input.hints, pg_diff::Mode::Push)?;
    // Created views must follow the views they read, as in generate (a view over a view otherwise
    // fails with "relation does not exist").
    pg_diff::sort_created_views(
        &mut plan.statements,
        &interim::view_dependencies(input.schema.get())?,
    );
    warnings.extend(plan.warnings.iter().cloned());
    if !plan.unresolved.is_empty() {
        return Ok(PushOutput {
            status: "missing_hints",
            unresolved: plan.unresolved,
            statements: vec![],
            json_statements: vec![],
            probes: vec![],
            warnings,
            hazards: vec![],
        });
    }
    let statements = pg_sql::to_sql(&plan.statements);
    let json_statements = pg_diff::statements_json(&plan.statements)?;
    let probes = data_loss_probes(&plan.statements, &input.hints);
    let hazards = crate::hazards::pg::analyse_plan(&statements, Some(&database));
    Ok(PushOutput {
        status: if statements.is_empty() {
            "no_changes"
        } else {
            "ok"
        },
        unresolved: vec![],
        statements,
        json_statements,
        probes,
        warnings,
        hazards,
    })
}

/// rc.5 plans `DROP ROLE` for every role in scope the schema lacks, the connected one included, which
/// Postgres refuses ("current user cannot be dropped") after earlier statements already ran. The
/// connected role stays out of the plan.
fn keep_connected_role(
    db: &mut PgDdl,
    code: &PgDdl,
    rows: &CatalogRows,
    warnings: &mut Vec<String>,
) {
    let Some(current) = rows.roles.iter().find(|r| r.is_current_user) else {
        return;
    };
    let in_db = db.roles.iter().any(|r| r.name == current.name);
    let in_code = code.roles.iter().any(|r| r.name == current.name);
    if in_db && !in_code {
        db.roles.retain(|r| r.name != current.name);
        warnings.push(format!(
            "role {} is not in the schema, but push is connected as it and cannot drop it; it is left alone",
            current.name
        ));
    }
}

/// Postgres stores a policy's roles resolved: `current_user` and `session_user` as the role they
/// named when the policy was made, and with `public` among them, `public` alone ("ignoring specified
/// roles other than PUBLIC"). A schema policy whose roles resolve to the database's takes the
/// database's spelling, so push does not re-alter it on every run.
fn reconcile_policy_roles(db: &PgDdl, code: &mut PgDdl, rows: &CatalogRows) {
    let current = rows
        .roles
        .iter()
        .find(|r| r.is_current_user)
        .map(|r| r.name.as_str());
    let resolve = |roles: &[String]| -> Vec<String> {
        let mut out: Vec<String> = roles
            .iter()
            .map(|r| match (r.to_ascii_lowercase().as_str(), current) {
                ("current_user" | "session_user" | "current_role", Some(me)) => me.to_string(),
                _ => r.clone(),
            })
            .collect();
        if out.iter().any(|r| r == "public") {
            out = vec!["public".to_string()];
        }
        out.sort();
        out.dedup();
        out
    };
    for policy in &mut code.policies {
        let Some(stored) = db.policies.iter().find(|p| {
            p.schema == policy.schema && p.table == policy.table && p.name == policy.name
        }) else {
            continue;
        };
        if stored.roles != policy.roles && resolve(&policy.roles) == resolve(&stored.roles) {
            policy.roles = stored.roles.clone();
        }
    }
}

/// Which way the comparison of one expression pair went, and what to say about it.
fn settle(
    what: &dyn Fn() -> String,
    verdict: Sameness,
    applied_by_push: bool,
    warnings: &mut Vec<String>,
) -> bool {
    match verdict {
        Sameness::Equal => true,
        Sameness::Unknown => {
            warnings.push(format!(
                "{} reads differently in the database and in the schema, and sleet cannot prove the two texts mean the same; push leaves it as it is (if you changed it, apply the change with generate + migrate)",
                what()
            ));
            true
        }
        Sameness::Different => {
            if !applied_by_push {
                warnings.push(format!(
                    "{} differs from the database; push does not change it (as drizzle-kit push does not): apply the change with generate + migrate",
                    what()
                ));
            }
            false
        }
    }
}

/// Replace database-side expression texts by the schema's wherever they are (or may be) the same
/// expression, so the diff sees no change; keep them where they provably differ.
fn reconcile_expressions(db: &mut PgDdl, code: &PgDdl) -> Vec<String> {
    let mut warnings = Vec::new();
    let same = |a: &Option<String>, b: &Option<String>| a == b;

    let columns: HashMap<(&str, &str, &str), &crate::model::pg::Column> = code
        .columns
        .iter()
        .map(|c| ((c.schema.as_str(), c.table.as_str(), c.name.as_str()), c))
        .collect();
    for c in db.columns.iter_mut() {
        let Some(theirs) = columns.get(&(c.schema.as_str(), c.table.as_str(), c.name.as_str()))
        else {
            continue;
        };
        if let (Some(db_default), Some(code_default)) = (&c.default, &theirs.default) {
            if !same(&c.default, &theirs.default) {
                let label = || format!("the default of column {}.{}.{}", c.schema, c.table, c.name);
                if settle(
                    &label,
                    same_expression(code_default, db_default),
                    true,
                    &mut warnings,
                ) {
                    c.default = theirs.default.clone();
                }
            }
        }
        if let (Some(db_gen), Some(code_gen)) = (&mut c.generated, &theirs.generated) {
            if db_gen.as_ != code_gen.as_ {
                let label = || {
                    format!(
                        "the generated expression of column {}.{}.{}",
                        c.schema, c.table, c.name
                    )
                };
                if settle(
                    &label,
                    same_expression(&code_gen.as_, &db_gen.as_),
                    false,
                    &mut warnings,
                ) {
                    db_gen.as_ = code_gen.as_.clone();
                }
            }
        }
    }

    let checks: HashMap<(&str, &str, &str), &str> = code
        .checks
        .iter()
        .map(|c| {
            (
                (c.schema.as_str(), c.table.as_str(), c.name.as_str()),
                c.value.as_str(),
            )
        })
        .collect();
    for c in db.checks.iter_mut() {
        let Some(theirs) = checks.get(&(c.schema.as_str(), c.table.as_str(), c.name.as_str()))
        else {
            continue;
        };
        if c.value != *theirs {
            let label = || format!("check {} on {}.{}", c.name, c.schema, c.table);
            if settle(
                &label,
                same_expression(theirs, &c.value),
                false,
                &mut warnings,
            ) {
                c.value = (*theirs).to_string();
            }
        }
    }

    let indexes: HashMap<(&str, &str), &crate::model::pg::Index> = code
        .indexes
        .iter()
        .map(|i| ((i.schema.as_str(), i.name.as_str()), i))
        .collect();
    for i in db.indexes.iter_mut() {
        let Some(theirs) = indexes.get(&(i.schema.as_str(), i.name.as_str())) else {
            continue;
        };
        let label = || format!("index {}.{}", i.schema, i.name);
        if let (Some(db_where), Some(code_where)) = (&i.where_, &theirs.where_) {
            if db_where != code_where
                && settle(
                    &label,
                    same_expression(code_where, db_where),
                    false,
                    &mut warnings,
                )
            {
                i.where_ = theirs.where_.clone();
            }
        }
        if i.columns.len() == theirs.columns.len() {
            let mut adopted = Vec::new();
            for (n, (mine, other)) in i.columns.iter().zip(theirs.columns.iter()).enumerate() {
                if mine.is_expression
                    && other.is_expression
                    && mine.value != other.value
                    && settle(
                        &label,
                        same_expression(&other.value, &mine.value),
                        false,
                        &mut warnings,
                    )
                {
                    adopted.push((n, other.value.clone()));
                }
            }
            for (n, value) in adopted {
                if let Some(col) = i.columns.get_mut(n) {
                    col.value = value;
                }
            }
        }
    }

    let policies: HashMap<(&str, &str, &str), &crate::model::pg::Policy> = code
        .policies
        .iter()
        .map(|p| ((p.schema.as_str(), p.table.as_str(), p.name.as_str()), p))
        .collect();
    for p in db.policies.iter_mut() {
        let Some(theirs) = policies.get(&(p.schema.as_str(), p.table.as_str(), p.name.as_str()))
        else {
            continue;
        };
        // A provably changed policy expression is applied (ALTER POLICY is cheap and keeps data),
        // where rc.5's push leaves it unless the roles change too.
        let label = || format!("policy {} on {}.{}", p.name, p.schema, p.table);
        if let (Some(mine), Some(other)) = (&p.using, &theirs.using) {
            let verdict = same_expression_on(&p.table, other, mine);
            if mine != other && settle(&label, verdict, true, &mut warnings) {
                p.using = theirs.using.clone();
            }
        }
        if let (Some(mine), Some(other)) = (&p.with_check, &theirs.with_check) {
            let verdict = same_expression_on(&p.table, other, mine);
            if mine != other && settle(&label, verdict, true, &mut warnings) {
                p.with_check = theirs.with_check.clone();
            }
        }
    }

    let views: HashMap<(&str, &str), &crate::model::pg::View> = code
        .views
        .iter()
        .map(|v| ((v.schema.as_str(), v.name.as_str()), v))
        .collect();
    for v in db.views.iter_mut() {
        let Some(theirs) = views.get(&(v.schema.as_str(), v.name.as_str())) else {
            continue;
        };
        if let (Some(mine), Some(other)) = (&v.definition, &theirs.definition) {
            let label = || format!("the query of view {}.{}", v.schema, v.name);
            if mine != other
                && settle(
                    &label,
                    same_view_definition(other, mine),
                    false,
                    &mut warnings,
                )
            {
                v.definition = theirs.definition.clone();
            }
        }
    }
    warnings
}

/// `"schema"."name"`, always qualified and escaped: probes must not depend on search_path.
fn relation_sql(schema: &str, name: &str) -> String {
    format!("{}.{}", ident(schema), ident(name))
}

fn ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
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

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use super::*;

    fn ddl(rows: Vec<Value>) -> PgDdl {
        PgDdl::from_rows(&rows, "test").unwrap()
    }

    fn table(name: &str) -> Value {
        json!({"schema": "public", "name": name, "isRlsEnabled": false, "entityType": "tables"})
    }

    fn column(table: &str, name: &str, ty: &str, not_null: bool, default: Option<&str>) -> Value {
        json!({"schema": "public", "table": table, "name": name, "type": ty, "typeSchema": null,
               "notNull": not_null, "dimensions": 0, "default": default, "generated": null,
               "identity": null, "entityType": "columns"})
    }

    fn check(table: &str, name: &str, value: &str) -> Value {
        json!({"schema": "public", "table": table, "name": name, "value": value, "entityType": "checks"})
    }

    fn probes(prev: &PgDdl, cur: &PgDdl, hints: &[Hint]) -> Vec<Probe> {
        let plan = pg_diff::diff(prev, cur, hints, pg_diff::Mode::Push).unwrap();
        assert!(plan.unresolved.is_empty(), "{:?}", plan.unresolved);
        data_loss_probes(&plan.statements, hints)
    }

    #[test]
    fn drops_type_changes_and_not_null_get_probes_in_plan_order() {
        let db = ddl(vec![
            table("old"),
            column("old", "id", "integer", false, None),
            table("t"),
            column("t", "gone", "text", false, None),
            column("t", "amount", "numeric", false, None),
            column("t", "label", "text", false, None),
        ]);
        let code = ddl(vec![
            table("t"),
            column("t", "amount", "integer", false, None),
            column("t", "label", "text", true, None),
            column("t", "required", "text", true, None),
            column("t", "defaulted", "text", true, Some("'x'")),
        ]);
        let created: Vec<Hint> = ["required", "defaulted"]
            .iter()
            .map(|c| Hint::Create {
                kind: "column".into(),
                entity: vec!["public".into(), "t".into(), (*c).into()],
            })
            .collect();
        let found = probes(&db, &code, &created);
        let summary: Vec<(&str, &str, String)> = found
            .iter()
            .map(|p| (p.effect, p.reason, p.entity.join(".")))
            .collect();
        assert_eq!(
            summary,
            vec![
                ("confirm", "non_empty", "public.old".to_string()),
                ("fails", "non_empty", "public.t.required".to_string()),
                ("confirm", "non_empty", "public.t.gone".to_string()),
                ("confirm", "type_change", "public.t.amount".to_string()),
                ("fails", "nulls", "public.t.label".to_string()),
            ]
        );
        assert_eq!(found[0].sql, "select 1 from \"public\".\"old\" limit 1");
        assert_eq!(
            found[2].sql,
            "select 1 from \"public\".\"t\" where \"gone\" is not null limit 1"
        );
        assert_eq!(
            found[4].sql,
            "select 1 from \"public\".\"t\" where \"label\" is null limit 1"
        );
    }

    #[test]
    fn confirmed_losses_need_no_probe_but_failures_always_do() {
        let db = ddl(vec![
            table("t"),
            column("t", "gone", "text", false, None),
            column("t", "label", "text", false, None),
        ]);
        let code = ddl(vec![table("t"), column("t", "label", "text", true, None)]);
        let hints = vec![
            Hint::ConfirmDataLoss {
                kind: "column".into(),
                entity: vec!["public".into(), "t".into(), "gone".into()],
            },
            Hint::ConfirmDataLoss {
                kind: "add_not_null".into(),
                entity: vec!["public".into(), "t".into(), "label".into()],
            },
        ];
        let found = probes(&db, &code, &hints);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].effect, "fails");
    }

    #[test]
    fn a_renamed_table_is_probed_under_its_database_name() {
        let db = ddl(vec![
            table("before"),
            column("before", "id", "integer", false, None),
            column("before", "gone", "text", false, None),
        ]);
        let code = ddl(vec![
            table("after"),
            column("after", "id", "integer", false, None),
        ]);
        let hints = vec![Hint::Rename {
            kind: "table".into(),
            from: vec!["public".into(), "before".into()],
            to: vec!["public".into(), "after".into()],
        }];
        let found = probes(&db, &code, &hints);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].entity, vec!["public", "after", "gone"]);
        assert!(
            found[0].sql.contains("from \"public\".\"before\""),
            "{}",
            found[0].sql
        );
    }

    #[test]
    fn reprinted_expressions_cause_no_statement_and_unprovable_ones_warn() {
        // Postgres re-prints a check with parentheses and casts; the same expression is no change.
        let mut db = ddl(vec![
            table("t"),
            column("t", "n", "integer", false, Some("0")),
            check("t", "positive", "(n >= 0)"),
            check("t", "other", "(n <> 5)"),
        ]);
        let code = ddl(vec![
            table("t"),
            column("t", "n", "integer", false, Some("0")),
            check("t", "positive", "n >= 0"),
            check("t", "other", "n <> 6"),
        ]);
        let warnings = reconcile_expressions(&mut db, &code);
        assert_eq!(db.checks[0].value, "n >= 0");
        assert_eq!(db.checks[1].value, "(n <> 5)", "a real change is kept");
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(warnings[0].contains("check other"), "{warnings:?}");
        let plan = pg_diff::diff(&db, &code, &[], pg_diff::Mode::Push).unwrap();
        assert!(pg_sql::to_sql(&plan.statements).is_empty());
    }
}
