//! Entity diff per wing (`diff/<dialect>/`), and the mechanics every wing shares: row diffing
//! (`rows`), the rename-or-create protocol (`resolve`, answered by `hints`), and renames as deltas.
pub mod hints;
pub mod mysql;
pub mod pg;
pub mod rename;
pub mod resolve;
pub mod rows;
pub mod sqlite;

use serde::Serialize;

use crate::diff::hints::{Hint, Unresolved};
use crate::error::Result;
use crate::model::Model;

/// Two states in, typed statements out; implemented by each wing (`diff/<dialect>/`).
pub trait Differ: Model {
    type Statement: Serialize;
    /// `cur` is taken by value: the plan's state is made from it, and a copy of a whole state held
    /// beside the original through the diff and after it was the largest part of a command's
    /// memory peak. A caller that still needs it passes a clone.
    fn diff(
        prev: &Self::Ddl,
        cur: Self::Ddl,
        hints: &[Hint],
        mode: Mode,
    ) -> Result<Plan<Self::Ddl, Self::Statement>>;
    /// Reorder created entities by what only the description knows (see `Model::Facts`).
    fn order(statements: &mut [Self::Statement], facts: &Self::Facts);
    /// Gives `prev` the spelling `cur` uses for each object the database holds under one name
    /// (Postgres keeps 63 bytes of a name), so push's catalog and schema compare as one object from
    /// the start. By default a name is held as spelled.
    fn hold_names(_prev: &mut Self::Ddl, _cur: &Self::Ddl) -> Result<()> {
        Ok(())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Generate,
    Push,
    /// `up` replaying an old history: as `Generate`, but a created entity without a rename hint is
    /// simply created (rc.5 replays with only the recorded renames and asks nothing).
    Upgrade,
}

/// What a wing's diff decides: statements in order, the renames the snapshot records, the
/// questions still open, and the current state as the new snapshot must record it.
#[derive(Debug, Clone)]
pub struct Plan<Ddl, Statement> {
    pub statements: Vec<Statement>,
    pub renames: Vec<crate::snapshot::Rename>,
    pub unresolved: Vec<Unresolved>,
    pub warnings: Vec<String>,
    /// Generated names inherited from the previous state (and, on Postgres, policy role order
    /// kept when only the order changed).
    pub state: Ddl,
}

impl<Ddl: Default, Statement> Default for Plan<Ddl, Statement> {
    fn default() -> Self {
        Plan {
            statements: Vec::new(),
            renames: Vec::new(),
            unresolved: Vec::new(),
            warnings: Vec::new(),
            state: Ddl::default(),
        }
    }
}
