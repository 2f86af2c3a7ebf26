//! Unique constraints: renamed, added, altered, dropped.

use crate::diff::pg::rows::altered_rows;
use crate::diff::pg::statement::Statement as S;
use crate::model::pg::Unique;

use super::context::{rename_constraint, Ctx};

pub(super) struct Uniques {
    pub rename: Vec<S>,
    pub add: Vec<S>,
    pub alter: Vec<S>,
    pub drop: Vec<S>,
}

/// `regenerated`: uniques over recreated columns, added again unless already added.
#[inline(never)]
pub(super) fn emit(cx: &Ctx, regenerated: &[Unique]) -> Uniques {
    let uniques = &cx.kinds.uniques;
    let mut add: Vec<S> = uniques
        .created
        .iter()
        .filter(|u| !cx.table_created(&u.schema, &u.table))
        .map(|u| S::AddUnique { unique: u.clone() })
        .collect();
    for unique in regenerated {
        let exists = add.iter().any(|st| {
            matches!(st, S::AddUnique { unique: u } if u.schema == unique.schema && u.table == unique.table && u.name == unique.name)
        });
        if !exists {
            add.push(S::AddUnique {
                unique: unique.clone(),
            });
        }
    }
    Uniques {
        rename: uniques
            .renamed
            .iter()
            .map(|(f, t)| {
                rename_constraint(
                    "uniques",
                    &t.schema,
                    &t.table,
                    &f.name,
                    &t.name,
                    t.columns.clone(),
                )
            })
            .collect(),
        add,
        alter: altered_rows(&cx.old.uniques, &cx.new.uniques)
            .into_iter()
            .filter_map(|mut a| {
                a.forget("nameExplicit");
                (!a.changed.is_empty()).then(|| S::AlterUnique {
                    from: a.left,
                    to: a.right,
                })
            })
            .collect(),
        drop: uniques
            .dropped
            .iter()
            .filter(|u| !cx.table_deleted(&u.schema, &u.table))
            .map(|u| S::DropUnique { unique: u.clone() })
            .collect(),
    }
}
