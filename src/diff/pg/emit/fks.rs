//! Foreign keys: dropped, renamed, created, and recreated when a property changes (or when a
//! column they use is recreated).

use crate::diff::pg::rows::altered_rows;
use crate::diff::pg::statement::Statement as S;
use crate::model::pg::ForeignKey;

use super::context::{rename_constraint, Ctx};

pub(super) struct Fks {
    pub drop: Vec<S>,
    pub rename: Vec<S>,
    pub create: Vec<S>,
    pub recreate: Vec<S>,
}

impl Fks {
    /// The drops of foreign keys on a table that moves to another schema (`true`) or on any other
    /// (`false`): the former go after the move.
    pub fn drops_on_moved(&self, moved: bool, is_moved: impl Fn(&str, &str) -> bool) -> Vec<S> {
        self.drop
            .iter()
            .filter(|st| matches!(st, S::DropFk { fk } if is_moved(&fk.schema, &fk.table)) == moved)
            .cloned()
            .collect()
    }
}

pub(super) fn same_fk(a: &ForeignKey, b: &ForeignKey) -> bool {
    a.schema == b.schema && a.table == b.table && a.name == b.name
}

/// `regenerated`: foreign keys over recreated columns, dropped and created again.
#[inline(never)]
pub(super) fn emit(cx: &Ctx, regenerated: &[ForeignKey]) -> Fks {
    let fks = &cx.kinds.fks;
    let recreated = |fk: &ForeignKey| regenerated.iter().any(|f| same_fk(f, fk));
    let mut create: Vec<S> = fks
        .created
        .iter()
        .map(|f| S::CreateFk { fk: f.clone() })
        .collect();
    let mut drop: Vec<S> = fks
        .dropped
        .iter()
        .filter(|f| {
            let from_deleted = cx.table_deleted(&f.schema, &f.table);
            let to_deleted = f.table != f.table_to && cx.table_deleted(&f.schema_to, &f.table_to);
            !from_deleted || to_deleted
        })
        .map(|f| S::DropFk { fk: f.clone() })
        .collect();
    for fk in regenerated {
        if fks.created.iter().any(|c| same_fk(c, fk)) {
            continue;
        }
        let renamed_from = fks
            .renamed
            .iter()
            .find(|(_, t)| same_fk(t, fk))
            .map(|(f, _)| f.clone());
        drop.push(S::DropFk {
            fk: renamed_from.unwrap_or_else(|| fk.clone()),
        });
        create.push(S::CreateFk { fk: fk.clone() });
    }
    let rename = fks
        .renamed
        .iter()
        .filter(|(_, t)| !recreated(t))
        .map(|(f, t)| {
            rename_constraint(
                "fks",
                &t.schema,
                &t.table,
                &f.name,
                &t.name,
                t.columns.clone(),
            )
        })
        .collect();
    let recreate = altered_rows(&cx.old.fks, &cx.new.fks)
        .into_iter()
        .filter_map(|mut a| {
            a.forget("nameExplicit");
            (!a.changed.is_empty()).then_some(a.right)
        })
        .filter(|fk| !recreated(fk))
        .map(|fk| S::RecreateFk { fk })
        .collect();
    Fks {
        drop,
        rename,
        create,
        recreate,
    }
}
