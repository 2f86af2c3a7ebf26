//! Reading and writing snapshot files of every format version, and upgrades between them.

pub mod legacy_other;
pub mod pg;
pub mod pg_v7;
pub mod sqlite;
pub mod up;

use serde::{Deserialize, Serialize};

/// One `snapshot.json` as the shim read it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SnapshotFile {
    /// Folder name relative to the migrations folder, e.g. `20261125212032_init`.
    pub folder: String,
    /// File text.
    pub text: String,
}
