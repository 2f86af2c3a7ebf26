//! Statements to SQL text per wing (`sql/<dialect>/`), with what each statement leaves in the
//! snapshot and the probes `push` runs on the data before it changes anything.

pub mod mysql;
pub mod pg;
pub mod sqlite;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::diff::hints::Hint;
use crate::diff::Differ;
use crate::snapshot::Snapshots;

/// Printing, implemented by each wing.
pub trait Printer: Differ + Snapshots {
    /// Every statement's SQL, flattened in order (one statement can print several).
    fn to_sql(statements: &[Self::Statement], roles: RoleStatements) -> Vec<String>;
    /// What the snapshot records about each statement.
    fn footprints(statements: &[Self::Statement]) -> Vec<Self::Footprint>;
    /// One probe per statement that can lose rows or fail on them (those `hints` confirm left out).
    fn probes(statements: &[Self::Statement], hints: &[Hint]) -> Vec<Probe>;
}

/// How `CREATE ROLE`, `DROP ROLE` and role renames are printed (see docs/roles.md); wings without
/// roles ignore it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RoleStatements {
    /// rc.5's text: fails on a second database of the same cluster, where the role already exists.
    #[default]
    Plain,
    /// Idempotent across the databases of one cluster: create if absent, rename if not yet renamed,
    /// drop if present and no longer used anywhere in the cluster.
    Guarded,
}

/// A question only the data can answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Probe {
    /// `confirm`: rows would be lost, ask (`confirm_data_loss` with `kind`/`entity`/`reason`).
    /// `fails`: the statement cannot succeed on these rows; stop before running anything.
    pub effect: &'static str,
    pub kind: &'static str,
    pub entity: Vec<String>,
    pub reason: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason_details: Option<Value>,
    /// Returns a row exactly when the answer is "yes, data is affected".
    pub sql: String,
    /// One line for people: what happens to what.
    pub message: String,
}
