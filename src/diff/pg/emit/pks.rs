//! Primary keys: added, renamed, altered (columns changed), dropped.

use std::collections::HashSet;

use crate::diff::pg::rows::altered_rows;
use crate::diff::pg::statement::Statement as S;

use super::context::{rename_constraint, Ctx};

pub(super) struct Pks {
    pub add: Vec<S>,
    pub rename: Vec<S>,
    pub alter: Vec<S>,
    pub drop: Vec<S>,
}

#[inline(never)]
pub(super) fn emit(cx: &Ctx) -> Pks {
    let pks = &cx.kinds.pks;
    let deleted_column_names: HashSet<&str> = cx
        .kinds
        .columns
        .dropped
        .iter()
        .map(|c| c.name.as_str())
        .collect();
    Pks {
        add: pks
            .created
            .iter()
            .filter(|p| !cx.table_created(&p.schema, &p.table))
            .map(|p| S::AddPk { pk: p.clone() })
            .collect(),
        rename: pks
            .renamed
            .iter()
            .map(|(f, t)| {
                rename_constraint(
                    "pks",
                    &t.schema,
                    &t.table,
                    &f.name,
                    &t.name,
                    t.columns.clone(),
                )
            })
            .collect(),
        alter: altered_rows(&cx.old.pks, &cx.new.pks)
            .into_iter()
            .filter(|a| a.has("columns"))
            .map(|a| S::AlterPk {
                // rc.5 matches dropped columns by name only, whatever their table.
                deleted: a
                    .left
                    .columns
                    .iter()
                    .any(|c| deleted_column_names.contains(c.as_str())),
                from_columns: a.left.columns,
                pk: a.right,
            })
            .collect(),
        drop: pks
            .dropped
            .iter()
            .filter(|p| !cx.table_deleted(&p.schema, &p.table))
            .map(|p| S::DropPk { pk: p.clone() })
            .collect(),
    }
}
