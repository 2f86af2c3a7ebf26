//! `push` compares the database with the schema through one scope, and Postgres re-prints what it
//! stores: before diffing, each expression pair whose texts differ is compared as parsed trees
//! (provably the same → no statement; cannot be proven either way → no statement and a warning,
//! never churn; provably different → the change stands), and what the catalog reports differently
//! for the same thing (the connected role, policy role order) is settled.

use std::collections::HashMap;

use super::expr::{same_expression, same_expression_on, same_view_definition, Sameness};
use super::{retain_in_scope, CatalogRows, IntrospectOptions};
use crate::error::Result;
use crate::model::pg::PgDdl;

/// Settle `database` and `code` before they are diffed; the warnings say what push leaves alone.
pub fn reconcile(
    database: &mut PgDdl,
    code: &mut PgDdl,
    rows: &CatalogRows,
    options: &IntrospectOptions,
) -> Result<Vec<String>> {
    retain_in_scope(code, options)?;
    let mut warnings = leave_existing_alone(database, code);
    warnings.extend(reconcile_expressions(database, code));
    keep_connected_role(database, code, rows, &mut warnings);
    reconcile_policy_roles(database, code, rows);
    Ok(warnings)
}

/// What the schema marks `.existing()` is managed outside drizzle: push neither drops nor recreates
/// the database's entity of that name (rc.5 keeps them out of its comparison too). One the database
/// lacks is left alone with a warning rather than created.
fn leave_existing_alone(db: &mut PgDdl, code: &PgDdl) -> Vec<String> {
    let existing = &code.existing;
    let mut warnings = Vec::new();
    for (schema, name) in &existing.views {
        if !db
            .views
            .iter()
            .any(|v| v.schema == *schema && v.name == *name)
        {
            warnings.push(format!(
                "view {schema}.{name} is marked .existing() but the database has no such view; push leaves it alone"
            ));
        }
    }
    db.views.retain(|v| {
        !existing
            .views
            .iter()
            .any(|(schema, name)| v.schema == *schema && v.name == *name)
    });
    db.roles.retain(|r| !existing.roles.contains(&r.name));
    db.schemas.retain(|s| !existing.schemas.contains(&s.name));
    warnings
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
pub fn reconcile_expressions(db: &mut PgDdl, code: &PgDdl) -> Vec<String> {
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
