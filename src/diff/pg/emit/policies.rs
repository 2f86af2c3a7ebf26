//! Policies: dropped, renamed, created, altered or recreated; and row-level security switched on
//! or off for the tables that gain their first policy or lose their last.

use std::collections::HashMap;

use crate::diff::pg::rows::altered_rows;
use crate::diff::pg::statement::Statement as S;
use crate::model::pg::{PgDdl, Policy};

use super::context::{ByTable, Ctx};

pub(super) struct Policies {
    drop: Vec<Policy>,
    pub rls: Vec<S>,
    pub rename: Vec<S>,
    pub create: Vec<S>,
    pub alter: Vec<S>,
}

impl Policies {
    /// The drops of policies on a table that moves to another schema (`true`) or on any other
    /// (`false`): the former go after the move.
    pub fn drops_on_moved(&self, moved: bool, is_moved: impl Fn(&str, &str) -> bool) -> Vec<S> {
        self.drop
            .iter()
            .filter(|p| is_moved(&p.schema, &p.table) == moved)
            .map(|p| S::DropPolicy { policy: p.clone() })
            .collect()
    }
}

/// A policy whose roles only changed order keeps the old order (no statement, no delta).
pub(super) fn keep_role_order(old: &PgDdl, new: &mut PgDdl) {
    let old_policies: HashMap<(&str, &str, &str), &Vec<String>> = old
        .policies
        .iter()
        .map(|p| {
            (
                (p.schema.as_str(), p.table.as_str(), p.name.as_str()),
                &p.roles,
            )
        })
        .collect();
    for p in new.policies.iter_mut() {
        if let Some(roles) =
            old_policies.get(&(p.schema.as_str(), p.table.as_str(), p.name.as_str()))
        {
            if roles.len() == p.roles.len() {
                let mut a = (*roles).clone();
                let mut b = p.roles.clone();
                a.sort();
                b.sort();
                if a == b {
                    p.roles = (*roles).clone();
                }
            }
        }
    }
}

#[inline(never)]
pub(super) fn emit(cx: &Ctx) -> Policies {
    let policies = &cx.kinds.policies;
    let (old, new) = (cx.old, cx.new);
    let mut alter: Vec<S> = Vec::new();
    for mut a in altered_rows(&old.policies, &new.policies) {
        if let (true, Some(f), Some(t)) =
            (a.has("withCheck"), &a.left.with_check, &a.right.with_check)
        {
            if *f == format!("({t})") || *t == format!("({f})") {
                a.forget("withCheck");
            }
        }
        if a.changed.is_empty() {
            continue;
        }
        // rc.5's push skips a change of only `using`/`withCheck`; sleet's push reaches this only
        // for expressions proven different (commands::push), and applies them like any other change.
        // ALTER POLICY can set a USING or WITH CHECK clause but not remove one (an omitted clause is
        // kept): a removed clause needs the policy recreated, where rc.5 alters and leaves it.
        let clause_removed = (a.has("using") && a.right.using.is_none())
            || (a.has("withCheck") && a.right.with_check.is_none());
        if a.has("for") || a.has("as") || clause_removed {
            alter.push(S::RecreatePolicy { policy: a.right });
        } else {
            alter.push(S::AlterPolicy {
                from: a.left,
                policy: a.right,
            });
        }
    }
    Policies {
        drop: policies.dropped.clone(),
        rls: rls(cx),
        rename: policies
            .renamed
            .iter()
            .map(|(f, t)| S::RenamePolicy {
                from: f.clone(),
                to: t.clone(),
            })
            .collect(),
        create: policies
            .created
            .iter()
            .map(|p| S::CreatePolicy { policy: p.clone() })
            .collect(),
        alter,
    }
}

/// Row-level security switched explicitly, then for the tables whose policies come or go.
fn rls(cx: &Ctx) -> Vec<S> {
    let policies = &cx.kinds.policies;
    let (old, new) = (cx.old, cx.new);
    let rls_alters: Vec<(String, String, bool)> = altered_rows(&old.tables, &new.tables)
        .into_iter()
        .filter(|a| a.has("isRlsEnabled"))
        .map(|a| {
            (
                a.right.schema.clone(),
                a.right.name.clone(),
                a.right.is_rls_enabled,
            )
        })
        .collect();
    let mut rls: Vec<(String, String, bool)> = rls_alters.clone();
    let count = |by: &ByTable, s: &str, t: &str| by.policies.get(&(s, t)).map_or(0, Vec::len);
    let table_of = |d: &PgDdl, s: &str, t: &str| {
        d.tables
            .iter()
            .find(|x| x.schema == s && x.name == t)
            .cloned()
    };
    for p in &policies.dropped {
        let in_rls = |list: &[(String, String, bool)]| {
            list.iter().any(|(s, n, _)| *s == p.schema && *n == p.table)
        };
        if in_rls(&rls_alters) {
            continue;
        }
        let had = count(&cx.old_by, &p.schema, &p.table);
        let has = count(&cx.new_by, &p.schema, &p.table);
        let prev_table = table_of(old, &p.schema, &p.table);
        if table_of(new, &p.schema, &p.table).is_some()
            && had > 0
            && has == 0
            && prev_table.is_some_and(|t| !t.is_rls_enabled)
            && !in_rls(&rls)
        {
            rls.push((p.schema.clone(), p.table.clone(), false));
        }
    }
    for p in &policies.created {
        let in_rls = |list: &[(String, String, bool)]| {
            list.iter().any(|(s, n, _)| *s == p.schema && *n == p.table)
        };
        if in_rls(&rls_alters) || cx.table_created(&p.schema, &p.table) || in_rls(&rls) {
            continue;
        }
        let had = count(&cx.old_by, &p.schema, &p.table);
        let has = count(&cx.new_by, &p.schema, &p.table);
        if let Some(t) = table_of(new, &p.schema, &p.table) {
            if had == 0 && has > 0 && !t.is_rls_enabled {
                rls.push((p.schema.clone(), p.table.clone(), true));
            }
        }
    }
    rls.into_iter()
        .map(|(schema, name, is_rls_enabled)| S::AlterRls {
            schema,
            name,
            is_rls_enabled,
        })
        .collect()
}
