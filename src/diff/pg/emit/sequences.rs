//! Sequences: created, moved to another schema, renamed, altered, dropped. A rename that also moves
//! prints both: the move keeps the old name, the rename happens in the new schema.

use crate::diff::pg::rows::altered_rows;
use crate::diff::pg::statement::Statement as S;

use super::context::Ctx;

pub(super) struct Sequences {
    pub create: Vec<S>,
    pub moves: Vec<S>,
    pub rename: Vec<S>,
    pub alter: Vec<S>,
    pub drop: Vec<S>,
}

#[inline(never)]
pub(super) fn emit(cx: &Ctx) -> Sequences {
    let sequences = &cx.kinds.sequences;
    Sequences {
        create: sequences
            .created
            .iter()
            .map(|s| S::CreateSequence {
                sequence: s.clone(),
            })
            .collect(),
        moves: sequences
            .renamed
            .iter()
            .filter(|(f, t)| f.schema != t.schema)
            .map(|(f, t)| {
                let mut to = t.clone();
                to.name = f.name.clone();
                S::MoveSequence {
                    from: f.clone(),
                    to,
                }
            })
            .collect(),
        rename: sequences
            .renamed
            .iter()
            .filter(|(f, t)| f.name != t.name)
            .map(|(f, t)| {
                let mut from = f.clone();
                from.schema = t.schema.clone();
                S::RenameSequence {
                    from,
                    to: t.clone(),
                }
            })
            .collect(),
        alter: altered_rows(&cx.old.sequences, &cx.new.sequences)
            .into_iter()
            .map(|a| S::AlterSequence {
                sequence: a.right,
                changed: a.changed,
            })
            .collect(),
        drop: sequences
            .dropped
            .iter()
            .map(|s| S::DropSequence {
                sequence: s.clone(),
            })
            .collect(),
    }
}
