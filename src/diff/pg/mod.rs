//! Postgres diff: two states in, ordered statements out (or the questions still to answer).
//!
//! The flow mirrors rc.5's observable behaviour: kinds are resolved one after another (schema, enum,
//! sequence, role, table, column, then constraints), each decided rename is applied to the previous
//! state at once so later kinds see it, generated constraint names are inherited, and finally the
//! statements are emitted in rc.5's fixed group order.

mod emit;
mod names;
pub mod rename;
pub mod resolve;
pub mod rows;
pub mod statement;
pub mod views;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::diff::hints::{Hint, Unresolved};
use crate::error::{Error, Result};
use crate::model::pg::PgDdl;

pub use names::inherit_names;
pub use statement::{Statement, TableDef};
pub use views::{sort_created_views, ViewDependencies};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Generate,
    Push,
    /// `up` replaying an old history: as `Generate`, but a created entity without a rename hint is
    /// simply created (rc.5 replays with only the recorded renames and asks nothing).
    Upgrade,
}

/// A rename the diff decided, recorded so the snapshot deltas carry it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rename {
    /// Delta key of the old row.
    pub key: String,
    /// Fields that change (`name`, or `schema` for a move).
    pub set: serde_json::Map<String, Value>,
}

#[derive(Debug, Clone, Default)]
pub struct Plan {
    pub statements: Vec<Statement>,
    pub renames: Vec<Rename>,
    pub unresolved: Vec<Unresolved>,
    pub warnings: Vec<String>,
    /// The current state as the new snapshot must record it: generated names inherited from the
    /// previous state and policy role order kept when only the order changed.
    pub state: PgDdl,
}

pub fn diff(prev: &PgDdl, cur: &PgDdl, hints: &[Hint], mode: Mode) -> Result<Plan> {
    emit::run(prev, cur, hints, mode)
}

pub fn statements_json(statements: &[Statement]) -> Result<Vec<Value>> {
    statements
        .iter()
        .map(|s| serde_json::to_value(s).map_err(|e| Error::internal(e.to_string())))
        .collect()
}

#[cfg(test)]
mod tests;
