//! Postgres snapshot format 9 (base + diff snapshots with deltas and footprints): reading a folder's
//! history, reconstructing states, writing new snapshots. (Stub: filled in by the snapshot work.)

use serde::Serialize;

use crate::diff::pg::{Rename, Statement};
use crate::error::{Error, Result};
use crate::model::pg::PgDdl;
use crate::snapshot::SnapshotFile;

pub const NIL_ID: &str = "00000000-0000-0000-0000-000000000000";

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Footprint {
    pub statement_type: String,
}

#[derive(Debug, Clone, Default)]
pub struct History {
    files: Vec<SnapshotFile>,
}

impl History {
    pub fn from_files(files: &[SnapshotFile]) -> Result<History> {
        if files.is_empty() {
            return Ok(History::default());
        }
        Err(Error::internal("reading snapshots is not implemented yet"))
    }
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
    pub fn leaf_state(&self) -> Result<PgDdl> {
        Ok(PgDdl::default())
    }
    pub fn leaf_ids(&self) -> Vec<String> {
        vec![NIL_ID.to_string()]
    }
    pub fn newest_folder_ms(&self) -> Option<i64> {
        None
    }
}

pub fn footprints(_statements: &[Statement], _sql: &[String]) -> Vec<Footprint> {
    vec![]
}

pub fn write_base(_id: &str, _state: &PgDdl, _footprints: &[Footprint]) -> Result<String> {
    Err(Error::internal("writing snapshots is not implemented yet"))
}

pub fn write_diff(
    _id: &str,
    _prev_ids: &[String],
    _prev: &PgDdl,
    _cur: &PgDdl,
    _renames: &[Rename],
    _footprints: &[Footprint],
) -> Result<String> {
    Err(Error::internal("writing snapshots is not implemented yet"))
}
