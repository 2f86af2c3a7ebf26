//! Roles: renamed, created, altered, dropped.

use crate::diff::pg::rows::altered_rows;
use crate::diff::pg::statement::Statement as S;

use super::context::Ctx;

pub(super) struct Roles {
    pub rename: Vec<S>,
    pub create: Vec<S>,
    pub alter: Vec<S>,
    pub drop: Vec<S>,
}

#[inline(never)]
pub(super) fn emit(cx: &Ctx) -> Roles {
    let roles = &cx.kinds.roles;
    Roles {
        rename: roles
            .renamed
            .iter()
            .map(|(f, t)| S::RenameRole {
                from: f.clone(),
                to: t.clone(),
            })
            .collect(),
        create: roles
            .created
            .iter()
            .map(|r| S::CreateRole { role: r.clone() })
            .collect(),
        alter: altered_rows(&cx.old.roles, &cx.new.roles)
            .into_iter()
            .map(|a| S::AlterRole {
                from: a.left,
                role: a.right,
                changed: a.changed,
            })
            .collect(),
        drop: roles
            .dropped
            .iter()
            .map(|r| S::DropRole { role: r.clone() })
            .collect(),
    }
}
