//! Tables: created, renamed, moved to another schema, dropped.

use crate::diff::pg::statement::Statement as S;
use crate::model::pg::Table;

use super::context::{pick, Ctx};

pub(super) struct Tables {
    pub create: Vec<S>,
    pub rename: Vec<S>,
    pub drop: Vec<S>,
    pub moves: Vec<S>,
    pub moved: Moved,
}

/// `(from, to)` of the tables that change schema (the drops of their policies and foreign keys go
/// after the move).
pub(super) struct Moved(Vec<(Table, Table)>);

impl Moved {
    /// Whether the table (by its new name) moves to another schema.
    pub fn contains(&self, schema: &str, table: &str) -> bool {
        self.0
            .iter()
            .any(|(_, t)| t.schema == schema && t.name == table)
    }
}

#[inline(never)]
pub(super) fn emit(cx: &Ctx) -> Tables {
    let tables = &cx.kinds.tables;
    let schemas = &cx.kinds.schemas;
    let drop = tables
        .dropped
        .iter()
        .map(|t| {
            let old_schema = schemas.renamed.iter().find(|(_, to)| to.name == t.schema);
            let key = match old_schema {
                Some((f, _)) => format!("\"{}\".\"{}\"", f.name, t.name),
                None => format!("\"{}\".\"{}\"", t.schema, t.name),
            };
            S::DropTable {
                table: cx.table_def(t),
                key,
            }
        })
        .collect();
    let rename = tables
        .renamed
        .iter()
        .filter(|(f, t)| f.name != t.name)
        .map(|(f, t)| S::RenameTable {
            schema: f.schema.clone(),
            from: f.name.clone(),
            to: t.name.clone(),
        })
        .collect();
    let moved: Vec<(Table, Table)> = tables
        .renamed
        .iter()
        .filter(|(f, t)| f.schema != t.schema)
        .cloned()
        .collect();
    let (old, by) = (cx.old, &cx.old_by);
    let moves = moved
        .iter()
        .map(|(f, t)| {
            let k = (t.schema.as_str(), t.name.as_str());
            let mut names: Vec<String> = pick(&old.indexes, by.indexes.get(&k))
                .into_iter()
                .map(|i| i.name)
                .chain(pick(&old.pks, by.pks.get(&k)).into_iter().map(|p| p.name))
                .chain(
                    pick(&old.uniques, by.uniques.get(&k))
                        .into_iter()
                        .map(|u| u.name),
                )
                .collect();
            names.sort();
            S::MoveTable {
                name: t.name.clone(),
                from: f.schema.clone(),
                to: t.schema.clone(),
                index_names: names,
            }
        })
        .collect();
    Tables {
        create: tables
            .created
            .iter()
            .map(|t| S::CreateTable {
                table: cx.table_def(t),
            })
            .collect(),
        rename,
        drop,
        moves,
        moved: Moved(moved),
    }
}
