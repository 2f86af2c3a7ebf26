//! `generate --safe`: the lock-free forms of a Postgres plan, where one exists.
//!
//! An index on a table that already exists is built `CONCURRENTLY`, which Postgres refuses inside a
//! transaction, so it moves to a second migration marked `-- sleet:no-transaction`. A foreign key or
//! check on an existing table is added `NOT VALID` (no scan, brief lock) in the first migration and
//! validated in the second, where each statement commits on its own: validating inside the adding
//! transaction would hold the adding lock through the scan and gain nothing.

use super::SafePlan;
use crate::diff::pg::Statement;
use crate::model::pg::PgDdl;
use crate::sql::pg::{self as pg_sql, qualified, RoleStatements};

/// `None` when nothing has a safer form (the plan is written as it is).
pub fn safe_forms(
    plan: &[Statement],
    prev: &PgDdl,
    cur: &PgDdl,
    roles: RoleStatements,
) -> Option<SafePlan<Statement, PgDdl>> {
    let existing = |schema: &str, table: &str| {
        prev.tables
            .iter()
            .any(|t| t.schema == schema && t.name == table)
    };
    let mut out = SafePlan {
        plan: vec![],
        statements: vec![],
        concurrent_plan: vec![],
        concurrent: vec![],
        state_between: cur.clone(),
    };
    let mut validations = Vec::new();
    for st in plan {
        match st {
            Statement::CreateIndex { index }
                if !index.concurrently && existing(&index.schema, &index.table) =>
            {
                let mut index = index.clone();
                index.concurrently = true;
                out.state_between
                    .indexes
                    .retain(|i| !(i.schema == index.schema && i.name == index.name));
                let st = Statement::CreateIndex { index };
                out.concurrent
                    .extend(pg_sql::to_sql_with(std::slice::from_ref(&st), roles));
                out.concurrent_plan.push(st);
            }
            Statement::CreateFk { fk } if existing(&fk.schema, &fk.table) => {
                add_not_valid(st, roles, &mut out.statements);
                validations.push(validate(&fk.schema, &fk.table, &fk.name));
                out.plan.push(st.clone());
            }
            Statement::AddCheck { check, .. } if existing(&check.schema, &check.table) => {
                add_not_valid(st, roles, &mut out.statements);
                validations.push(validate(&check.schema, &check.table, &check.name));
                out.plan.push(st.clone());
            }
            other => {
                out.statements
                    .extend(pg_sql::to_sql_with(std::slice::from_ref(other), roles));
                out.plan.push(other.clone());
            }
        }
    }
    out.concurrent.extend(validations);
    (!out.concurrent.is_empty()).then_some(out)
}

fn add_not_valid(st: &Statement, roles: RoleStatements, out: &mut Vec<String>) {
    for sql in pg_sql::to_sql_with(std::slice::from_ref(st), roles) {
        match sql.strip_suffix(';') {
            Some(body) => out.push(format!("{body} NOT VALID;")),
            None => out.push(sql),
        }
    }
}

fn validate(schema: &str, table: &str, name: &str) -> String {
    format!(
        "ALTER TABLE {} VALIDATE CONSTRAINT \"{name}\";",
        qualified(schema, table)
    )
}
