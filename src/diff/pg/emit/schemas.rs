//! Schemas: created, renamed, dropped.

use crate::diff::pg::statement::Statement as S;

use super::context::Ctx;

pub(super) struct Schemas {
    pub create: Vec<S>,
    pub rename: Vec<S>,
    pub drop: Vec<S>,
}

#[inline(never)]
pub(super) fn emit(cx: &Ctx) -> Schemas {
    let schemas = &cx.kinds.schemas;
    Schemas {
        create: schemas
            .created
            .iter()
            .map(|s| S::CreateSchema(s.clone()))
            .collect(),
        rename: schemas
            .renamed
            .iter()
            .map(|(f, t)| S::RenameSchema {
                from: f.clone(),
                to: t.clone(),
            })
            .collect(),
        drop: schemas
            .dropped
            .iter()
            .map(|s| S::DropSchema(s.clone()))
            .collect(),
    }
}
