//! Postgres diff: two states in, ordered statements out (or the questions still to answer).
//!
//! The flow mirrors rc.5's observable behaviour: kinds are resolved one after another (schema, enum,
//! sequence, role, table, column, then constraints), each decided rename is applied to the previous
//! state at once so later kinds see it, generated constraint names are inherited, and finally the
//! statements are emitted in rc.5's fixed group order.

mod emit;
mod names;
pub mod rename;
pub use crate::diff::resolve;
pub mod rows;
pub mod statement;
pub mod views;

use serde_json::Value;

use crate::diff::hints::Hint;
use crate::error::{Error, Result};
use crate::model::pg::PgDdl;
pub use crate::snapshot::Rename;

pub use names::{hold_names, inherit_names};
pub use statement::{Statement, TableDef};
pub use views::{sort_created_views, ViewDependencies};

pub use crate::diff::Mode;

/// The Postgres diff's result.
pub type Plan = crate::diff::Plan<PgDdl, Statement>;

/// The diff of a borrowed current state (it is copied into the plan's state); commands that are
/// done with the current state hand it over through `Differ::diff` instead.
pub fn diff(prev: &PgDdl, cur: &PgDdl, hints: &[Hint], mode: Mode) -> Result<Plan> {
    emit::run(prev, cur.clone(), hints, mode)
}

pub fn statements_json(statements: &[Statement]) -> Result<Vec<Value>> {
    statements
        .iter()
        .map(|s| serde_json::to_value(s).map_err(|e| Error::internal(e.to_string())))
        .collect()
}

#[cfg(test)]
mod tests;

impl crate::diff::Differ for crate::model::pg::Pg {
    type Statement = Statement;
    fn diff(prev: &PgDdl, cur: PgDdl, hints: &[Hint], mode: Mode) -> Result<Plan> {
        emit::run(prev, cur, hints, mode)
    }
    fn order(statements: &mut [Statement], facts: &ViewDependencies) {
        sort_created_views(statements, facts);
    }
    fn hold_names(prev: &mut PgDdl, cur: &PgDdl) -> Result<()> {
        hold_names(prev, cur)
    }
}
