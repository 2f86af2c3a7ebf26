//! Reading and writing snapshot files of every format version, per wing (`snapshot/<dialect>/`):
//! `mod.rs` the current format (read, reconstruct, write), `legacy.rs` drizzle-kit 0.31's formats
//! turned into it. What every wing shares lives here and in `legacy.rs`.

pub mod flat;
pub mod folder;
pub mod legacy;
pub mod mysql;
pub mod pg;
pub mod sqlite;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::Result;
use crate::model::Model;
use folder::{CheckError, ConflictFix, Folder};

/// Snapshot reading and writing, implemented by each wing (`snapshot/<dialect>/`).
pub trait Snapshots: Model {
    type History: History<Self::Ddl>;
    /// What a snapshot records about each statement (Postgres: rc.5's footprints for `check`).
    type Footprint;
    /// The whole folder validated. Conflicting branches are an error, or with `fix_conflicts` left
    /// out of the history and reported for deletion.
    fn read_folder(
        folder: &Folder,
        fix_conflicts: bool,
    ) -> std::result::Result<(Self::History, Option<ConflictFix>), CheckError>;
    /// The first snapshot of a folder: the whole state.
    fn write_base(id: &str, state: &Self::Ddl, footprints: &[Self::Footprint]) -> Result<String>;
    /// A later snapshot: what changed since its parents.
    fn write_diff(
        id: &str,
        prev_ids: &[String],
        prev: &Self::Ddl,
        cur: &Self::Ddl,
        renames: &[Rename],
        footprints: &[Self::Footprint],
    ) -> Result<String>;
    /// The snapshot of a `--custom` migration: the parent state under a new id (a first one gets an
    /// empty base snapshot, a later one an empty diff, as rc.5 writes them for Postgres).
    fn write_custom(
        id: &str,
        prev_ids: &[String],
        first: bool,
        prev: &Self::Ddl,
    ) -> Result<String> {
        if first {
            Self::write_base(id, prev, &[])
        } else {
            Self::write_diff(id, prev_ids, prev, prev, &[], &[])
        }
    }
    /// A file some drivers need beside the folders, given the history and the new migration's
    /// folder (SQLite's `migrations.js` for bundlers that cannot read the folder at run time).
    fn bundled_migrations(
        _history: &Self::History,
        _folder: &str,
        _driver: Option<&str>,
    ) -> Option<String> {
        None
    }
}

/// A folder's migrations as a DAG of snapshots.
pub trait History<Ddl> {
    fn is_empty(&self) -> bool;
    /// The combined state of every leaf: what the next migration starts from.
    fn leaf_state(&self) -> Result<Ddl>;
    fn leaf_ids(&self) -> Vec<String>;
    /// The leaves' folder names, newest first.
    fn leaf_folders(&self) -> Vec<String>;
    fn newest_folder_ms(&self) -> Option<i64>;
}

/// One `snapshot.json` as the shim read it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SnapshotFile {
    /// Folder name relative to the migrations folder, e.g. `20261125212032_init`.
    pub folder: String,
    /// File text. The wasm `generate` takes the texts as strings beside its JSON input (escaping
    /// megabytes into JSON and back cost time and memory), so there it is absent from the JSON.
    #[serde(default)]
    pub text: String,
}

/// A rename a diff decided, recorded so the snapshot deltas carry it (rc.5's `rename` delta).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rename {
    /// Delta key of the old row.
    pub key: String,
    /// Fields that change (`name`, or `schema` for a move).
    pub set: serde_json::Map<String, Value>,
}
