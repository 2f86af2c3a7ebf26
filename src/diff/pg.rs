//! Postgres diff: two states in, ordered statements out (or the questions still to answer).
//! (Stub: filled in by the diff work.)

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::diff::hints::{Hint, Unresolved};
use crate::error::{Error, Result};
use crate::model::pg::PgDdl;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Generate,
    Push,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Statement {}

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
}

/// Generated constraint names are sticky: a row without an explicit name inherits the previous name
/// of the row with the same definition.
pub fn inherit_names(_prev: &PgDdl, cur: PgDdl) -> PgDdl {
    cur
}

pub fn diff(_prev: &PgDdl, _cur: &PgDdl, _hints: &[Hint], _mode: Mode) -> Result<Plan> {
    Err(Error::internal("diff is not implemented yet"))
}

pub fn statements_json(statements: &[Statement]) -> Result<Vec<Value>> {
    statements
        .iter()
        .map(|s| serde_json::to_value(s).map_err(|e| Error::internal(e.to_string())))
        .collect()
}
