//! Views: dropped, renamed, moved, altered, created; and dropped and created again when their
//! definition changes or a view or column they read goes away for a moment.

use crate::diff::pg::rows::altered_rows;
use crate::diff::pg::statement::Statement as S;
use crate::diff::pg::views::{dependents_of, ViewKey};
use crate::model::pg::View;

use super::context::{Ctx, TableKey};

pub(super) struct Views {
    pub drop: Vec<S>,
    pub rename: Vec<S>,
    pub moves: Vec<S>,
    pub drop_recreated: Vec<S>,
    pub alter: Vec<S>,
    pub create: Vec<S>,
}

/// `retyped_tables`: tables of columns whose type changes.
#[inline(never)]
pub(super) fn emit(cx: &Ctx, retyped_tables: impl Iterator<Item = TableKey>) -> Views {
    let views = &cx.kinds.views;
    let (old, new, push) = (cx.old, cx.new, cx.push);
    let mut create: Vec<S> = views
        .created
        .iter()
        .map(|v| S::CreateView { view: v.clone() })
        .collect();
    let drop = views
        .dropped
        .iter()
        .map(|v| S::DropView { view: v.clone() })
        .collect();
    let rename = views
        .renamed
        .iter()
        .filter(|(f, t)| f.name != t.name)
        .map(|(f, t)| {
            let mut to = t.clone();
            to.schema = f.schema.clone();
            S::RenameView {
                from: f.clone(),
                to,
            }
        })
        .collect();
    let moves = views
        .renamed
        .iter()
        .filter(|(f, t)| f.schema != t.schema)
        .map(|(f, t)| {
            let mut view = t.clone();
            view.materialized = f.materialized;
            S::MoveView {
                from_schema: f.schema.clone(),
                to_schema: t.schema.clone(),
                view,
            }
        })
        .collect();
    let mut alter = Vec::new();
    let mut drop_recreated = Vec::new();
    for mut a in altered_rows(&old.views, &new.views) {
        if a.has("definition") && push {
            a.forget("definition");
        }
        if a.has("using") && a.right.using.is_none() && a.left.using.as_deref() == Some("heap") {
            a.forget("using");
        }
        if push
            && a.has("tablespace")
            && a.left.tablespace.is_none()
            && a.right.tablespace.as_deref() == Some("pg_default")
        {
            a.forget("tablespace");
        }
        if a.changed.is_empty() {
            continue;
        }
        if a.has("definition") || a.has("materialized") {
            drop_recreated.push(S::DropView { view: a.left });
            create.push(S::CreateView { view: a.right });
        } else {
            alter.push(S::AlterView {
                from: a.left,
                view: a.right,
                changed: a.changed,
            });
        }
    }
    // Postgres refuses to drop a view other views read, so those go and come back with it (rc.5
    // drops the recreated view alone). Only views both states hold are added: created and dropped
    // ones have statements of their own, and a recreated view replaces any alteration of it.
    // Nor may a column change type under a view that reads it: the tables of retyped columns are
    // roots too, so their readers go and come back the same way (rc.5 alters the column alone).
    let recreated: Vec<ViewKey> = drop_recreated
        .iter()
        .filter_map(|st| match st {
            S::DropView { view } => Some((view.schema.clone(), view.name.clone())),
            _ => None,
        })
        .chain(retyped_tables)
        .collect();
    let view_at = |list: &[View], key: &ViewKey| {
        list.iter()
            .find(|v| v.schema == key.0 && v.name == key.1)
            .cloned()
    };
    for key in dependents_of(&old.views, &recreated) {
        let (Some(before), Some(after)) = (view_at(&old.views, &key), view_at(&new.views, &key))
        else {
            continue;
        };
        alter.retain(|st| {
            !matches!(st, S::AlterView { view, .. } if view.schema == key.0 && view.name == key.1)
        });
        drop_recreated.push(S::DropView { view: before });
        create.push(S::CreateView { view: after });
    }
    Views {
        drop,
        rename,
        moves,
        drop_recreated,
        alter,
        create,
    }
}
