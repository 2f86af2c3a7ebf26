//! Enums: created, moved, renamed, altered (values added), recreated (a value removed or moved:
//! Postgres cannot, so the type is dropped and created again with its columns going through `text`),
//! dropped.

use std::collections::{HashMap, HashSet};

use crate::diff::pg::rows::altered_rows;
use crate::diff::pg::statement::{EnumColumn, EnumValueChange, Statement as S};
use crate::model::pg::Column;

use super::context::Ctx;

/// A column as `(schema, table, name)`.
pub(super) type ColumnKey = (String, String, String);

pub(super) struct Enums {
    pub create: Vec<S>,
    pub moves: Vec<S>,
    pub rename: Vec<S>,
    pub alter: Vec<S>,
    pub recreate: Vec<S>,
    pub drop: Vec<S>,
    /// The columns a recreated enum takes through `text` and back (their default is reset there).
    pub recreated_columns: HashSet<ColumnKey>,
}

#[inline(never)]
pub(super) fn emit(cx: &Ctx) -> Enums {
    let (old, new) = (cx.old, cx.new);
    let enums = &cx.kinds.enums;
    let new_columns: HashMap<(&str, &str, &str), &Column> = new
        .columns
        .iter()
        .map(|c| ((c.schema.as_str(), c.table.as_str(), c.name.as_str()), c))
        .collect();
    let mut recreate: Vec<S> = Vec::new();
    let mut recreated_columns: HashSet<ColumnKey> = HashSet::new();
    let mut alter: Vec<S> = Vec::new();
    for a in altered_rows(&old.enums, &new.enums) {
        let (removes, changes) = enum_value_diff(&a.left.values, &a.right.values);
        if removes {
            let mut cols = Vec::new();
            for c in old.columns.iter().filter(|c| c.sql_type == a.right.name) {
                let Some(c2) =
                    new_columns.get(&(c.schema.as_str(), c.table.as_str(), c.name.as_str()))
                else {
                    continue;
                };
                let type_schema = c.type_schema.clone().or_else(|| {
                    if c2.sql_type == c.sql_type {
                        c2.type_schema.clone()
                    } else {
                        None
                    }
                });
                if type_schema.as_deref() != Some(a.right.schema.as_str()) {
                    continue;
                }
                recreated_columns.insert((c.schema.clone(), c.table.clone(), c.name.clone()));
                cols.push(EnumColumn {
                    schema: c.schema.clone(),
                    table: c.table.clone(),
                    name: c.name.clone(),
                    sql_type: c.sql_type.clone(),
                    type_schema,
                    dimensions: c.dimensions,
                    default_before: c.default.clone(),
                    default_after: c2.default.clone(),
                });
            }
            recreate.push(S::RecreateEnum {
                from: a.left,
                to: a.right,
                columns: cols,
            });
        } else {
            alter.push(S::AlterEnum {
                from: a.left,
                to: a.right,
                diff: changes,
            });
        }
    }
    Enums {
        create: enums
            .created
            .iter()
            .map(|e| S::CreateEnum { enum_: e.clone() })
            .collect(),
        moves: enums
            .renamed
            .iter()
            .filter(|(f, t)| f.schema != t.schema)
            .map(|(f, t)| S::MoveEnum {
                from: f.clone(),
                to: t.clone(),
            })
            .collect(),
        rename: enums
            .renamed
            .iter()
            .filter(|(f, t)| f.name != t.name)
            .map(|(f, t)| S::RenameEnum {
                schema: t.schema.clone(),
                from: f.name.clone(),
                to: t.name.clone(),
            })
            .collect(),
        alter,
        recreate,
        drop: enums
            .dropped
            .iter()
            .map(|e| S::DropEnum { enum_: e.clone() })
            .collect(),
        recreated_columns,
    }
}

/// Whether some of `old` does not survive as an ordered subsequence of `new` (otherwise only
/// additions are needed), and each value of `new` as kept or added.
fn enum_value_diff(old: &[String], new: &[String]) -> (bool, Vec<EnumValueChange>) {
    let old_set: HashSet<&str> = old.iter().map(String::as_str).collect();
    let mut it = new.iter();
    let subsequence = old.iter().all(|o| it.any(|n| n == o));
    let mut changes = Vec::new();
    for (i, v) in new.iter().enumerate() {
        if old_set.contains(v.as_str()) {
            changes.push(EnumValueChange {
                kind: "same".into(),
                value: v.clone(),
                before_value: None,
            });
        } else {
            let before = new
                .iter()
                .skip(i + 1)
                .find(|n| old_set.contains(n.as_str()))
                .cloned();
            changes.push(EnumValueChange {
                kind: "added".into(),
                value: v.clone(),
                before_value: before,
            });
        }
    }
    (!subsequence, changes)
}
