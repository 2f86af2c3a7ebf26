//! Check constraints: renamed, added, altered (expression changed), dropped. Each statement lists
//! the table's columns its expression names (the footprints record them).

use std::collections::HashSet;

use crate::diff::pg::rows::altered_rows;
use crate::diff::pg::statement::Statement as S;
use crate::model::pg::PgDdl;

use super::context::{rename_constraint, ByTable, Ctx};

pub(super) struct Checks {
    pub rename: Vec<S>,
    pub add: Vec<S>,
    pub alter: Vec<S>,
    pub drop: Vec<S>,
}

#[inline(never)]
pub(super) fn emit(cx: &Ctx) -> Checks {
    let checks = &cx.kinds.checks;
    let (old, new) = (cx.old, cx.new);
    let (old_by, new_by) = (&cx.old_by, &cx.new_by);
    Checks {
        rename: checks
            .renamed
            .iter()
            .map(|(f, t)| {
                rename_constraint(
                    "checks",
                    &t.schema,
                    &t.table,
                    &f.name,
                    &t.name,
                    check_columns(&t.value, &column_names(new, new_by, &t.schema, &t.table)),
                )
            })
            .collect(),
        add: checks
            .created
            .iter()
            .filter(|c| !cx.table_created(&c.schema, &c.table))
            .map(|c| S::AddCheck {
                check: c.clone(),
                columns: check_columns(&c.value, &column_names(new, new_by, &c.schema, &c.table)),
            })
            .collect(),
        alter: altered_rows(&old.checks, &new.checks)
            .into_iter()
            .filter(|a| a.has("value") && !cx.push)
            .map(|a| {
                let names = column_names(new, new_by, &a.right.schema, &a.right.table);
                S::AlterCheck {
                    new_columns: check_columns(&a.right.value, &names),
                    old_columns: check_columns(&a.left.value, &names),
                    from: a.left,
                    check: a.right,
                }
            })
            .collect(),
        drop: checks
            .dropped
            .iter()
            .filter(|c| !cx.table_deleted(&c.schema, &c.table))
            .map(|c| S::DropCheck {
                check: c.clone(),
                columns: check_columns(&c.value, &column_names(old, old_by, &c.schema, &c.table)),
            })
            .collect(),
    }
}

/// Identifiers of `value` that are columns of the table (for check statements' `columns`).
fn check_columns(value: &str, names: &HashSet<&str>) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    let bytes: Vec<char> = value.chars().collect();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        let ident = if c == '"' {
            let start = i + 1;
            let mut j = start;
            while j < bytes.len() && bytes[j] != '"' {
                j += 1;
            }
            let s: String = bytes[start..j.min(bytes.len())].iter().collect();
            i = j + 1;
            s
        } else if c.is_ascii_alphabetic() || c == '_' {
            let start = i;
            while i < bytes.len()
                && (bytes[i].is_ascii_alphanumeric() || bytes[i] == '_' || bytes[i] == '$')
            {
                i += 1;
            }
            bytes[start..i].iter().collect()
        } else {
            i += 1;
            continue;
        };
        if names.contains(ident.as_str()) && !found.contains(&ident) {
            found.push(ident);
        }
    }
    found
}

fn column_names<'a>(d: &'a PgDdl, by: &ByTable, schema: &str, table: &str) -> HashSet<&'a str> {
    by.columns
        .get(&(schema, table))
        .map(|v| {
            v.iter()
                .filter_map(|i| d.columns.get(*i))
                .map(|c| c.name.as_str())
                .collect()
        })
        .unwrap_or_default()
}
