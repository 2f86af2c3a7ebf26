//! Indexes: created, renamed, dropped, and recreated when a change cannot be altered in place.

use std::collections::HashSet;

use crate::diff::pg::rows::altered_rows;
use crate::diff::pg::statement::Statement as S;
use crate::model::pg::Index;

use super::context::Ctx;

pub(super) struct Indexes {
    pub create: Vec<S>,
    pub rename: Vec<S>,
    pub drop: Vec<S>,
    pub recreate: Vec<S>,
}

/// `regenerated`: indexes over recreated columns, created again unless already created.
#[inline(never)]
pub(super) fn emit(cx: &Ctx, regenerated: &[Index]) -> Indexes {
    let indexes = &cx.kinds.indexes;
    let push = cx.push;
    let mut create: Vec<S> = indexes
        .created
        .iter()
        .map(|i| S::CreateIndex { index: i.clone() })
        .collect();
    let drop = indexes
        .dropped
        .iter()
        .filter(|i| !cx.table_deleted(&i.schema, &i.table))
        .map(|i| S::DropIndex { index: i.clone() })
        .collect();
    let rename = indexes
        .renamed
        .iter()
        .map(|(f, t)| S::RenameIndex {
            schema: t.schema.clone(),
            table: t.table.clone(),
            from: f.name.clone(),
            to: t.name.clone(),
            columns: t
                .columns
                .iter()
                .filter(|c| !c.is_expression)
                .map(|c| c.value.clone())
                .collect(),
        })
        .collect();
    let deleted_columns: HashSet<(&str, &str, &str)> = cx
        .kinds
        .columns
        .dropped
        .iter()
        .map(|c| (c.schema.as_str(), c.table.as_str(), c.name.as_str()))
        .collect();
    let mut recreate = Vec::new();
    for mut a in altered_rows(&cx.old.indexes, &cx.new.indexes) {
        if a.left.table != a.right.table {
            continue;
        }
        a.forget("concurrently");
        if a.changed.is_empty() {
            continue;
        }
        let for_where = a.has("where")
            && (if a.left.where_.is_some() && a.right.where_.is_some() {
                !push
            } else {
                true
            });
        let for_columns = a.has("columns")
            && (if a.left.columns.len() == a.right.columns.len() {
                !push
            } else {
                true
            });
        if a.has("isUnique") || a.has("method") || a.has("with") || for_columns || for_where {
            let loses_column = a.left.columns.iter().any(|c| {
                deleted_columns.contains(&(
                    a.left.schema.as_str(),
                    a.left.table.as_str(),
                    c.value.as_str(),
                ))
            });
            // Dropping the column already dropped the index: only the new one is created.
            if loses_column {
                create.push(S::CreateIndex { index: a.right });
            } else {
                recreate.push(S::RecreateIndex {
                    from: a.left,
                    index: a.right,
                });
            }
        }
    }
    for index in regenerated {
        let exists = create.iter().any(
            |st| matches!(st, S::CreateIndex { index: i } if i.schema == index.schema && i.name == index.name),
        );
        if !exists {
            create.push(S::CreateIndex {
                index: index.clone(),
            });
        }
    }
    Indexes {
        create,
        rename,
        drop,
        recreate,
    }
}
