//! Histories of the formats whose every `snapshot.json` holds the whole state (SQLite 7, MySQL 6):
//! reading a folder gives the state to diff against (the last snapshot in folder order, as rc.5
//! takes it) and the leaf ids a new snapshot names as parents.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::Result;
use crate::migrations::naming;
use crate::snapshot::folder::{CheckError, Folder};

pub const NIL_ID: &str = "00000000-0000-0000-0000-000000000000";

/// The envelope every flat snapshot shares, in rc.5's key order.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Raw {
    pub version: String,
    pub dialect: String,
    pub id: String,
    pub prev_ids: Vec<String>,
    pub ddl: Vec<Value>,
    #[serde(default)]
    pub renames: Vec<Value>,
}

#[derive(Debug, Clone)]
pub struct Snapshot<Ddl> {
    pub folder: String,
    pub id: String,
    pub prev_ids: Vec<String>,
    pub ddl: Ddl,
}

#[derive(Debug, Clone)]
pub struct FlatHistory<Ddl> {
    /// In folder-name order.
    pub snapshots: Vec<Snapshot<Ddl>>,
}

impl<Ddl> Default for FlatHistory<Ddl> {
    fn default() -> Self {
        FlatHistory { snapshots: vec![] }
    }
}

/// What a flat format says about itself: its version, dialect name and rows.
pub trait FlatFormat {
    type Ddl;
    const VERSION: &'static str;
    const DIALECT: &'static str;
    fn rows(ddl: &[Value], path: &str) -> Result<Self::Ddl>;
}

/// Every snapshot of the folder, validated.
pub fn read<F: FlatFormat>(
    folder: &Folder,
) -> std::result::Result<FlatHistory<F::Ddl>, CheckError> {
    let mut files: Vec<_> = folder.files.iter().collect();
    files.sort_by(|a, b| a.folder.cmp(&b.folder));
    let mut snapshots: Vec<Snapshot<F::Ddl>> = Vec::with_capacity(files.len());
    for f in files {
        let path = folder.path(&f.folder);
        let value: Value = serde_json::from_str(&f.text).map_err(|e| {
            CheckError::at(
                "malformed",
                &path,
                format!("{path} is not valid JSON ({e}); restore it from git"),
            )
        })?;
        let version = value.get("version").and_then(Value::as_str).unwrap_or("");
        if version != F::VERSION {
            return Err(CheckError::at(
                "non_latest",
                &path,
                format!(
                    "{path} has {} snapshot version {version:?}, sleet reads version {:?}: run `sleet up` to upgrade the folder",
                    F::DIALECT,
                    F::VERSION
                ),
            ));
        }
        let raw: Raw = serde_json::from_value(value).map_err(|e| {
            CheckError::at(
                "malformed",
                &path,
                format!(
                    "{path} is not a {} snapshot ({e}); restore it from git",
                    F::DIALECT
                ),
            )
        })?;
        if raw.dialect != F::DIALECT {
            return Err(CheckError::at(
                "malformed",
                &path,
                format!(
                    "{path} is a {:?} snapshot, but the config's dialect is {}",
                    raw.dialect,
                    F::DIALECT
                ),
            ));
        }
        let ddl =
            F::rows(&raw.ddl, &path).map_err(|e| CheckError::at("malformed", &path, e.message))?;
        if snapshots.iter().any(|s| s.id == raw.id) {
            return Err(CheckError::at(
                "malformed",
                &path,
                format!(
                    "{path} repeats the id {} of another snapshot; restore it from git",
                    raw.id
                ),
            ));
        }
        snapshots.push(Snapshot {
            folder: f.folder.clone(),
            id: raw.id,
            prev_ids: raw.prev_ids,
            ddl,
        });
    }
    for s in &snapshots {
        for p in &s.prev_ids {
            if p != NIL_ID && !snapshots.iter().any(|o| &o.id == p) {
                let path = folder.path(&s.folder);
                return Err(CheckError::at(
                    "malformed",
                    &path,
                    format!("{path} names the parent {p}, which no snapshot in the folder has; restore the missing migration from git"),
                ));
            }
        }
    }
    Ok(FlatHistory { snapshots })
}

/// `snapshot.json` text, `JSON.stringify(snapshot, null, 2)`-identical.
pub fn write<F: FlatFormat>(id: &str, prev_ids: &[String], ddl: Vec<Value>) -> Result<String> {
    let raw = Raw {
        version: F::VERSION.into(),
        dialect: F::DIALECT.into(),
        id: id.into(),
        prev_ids: prev_ids.to_vec(),
        ddl,
        renames: vec![],
    };
    serde_json::to_string_pretty(&raw).map_err(|e| crate::error::Error::internal(e.to_string()))
}

impl<Ddl: Clone + Default> FlatHistory<Ddl> {
    fn leaves(&self) -> impl Iterator<Item = &Snapshot<Ddl>> {
        self.snapshots
            .iter()
            .filter(|s| !self.snapshots.iter().any(|o| o.prev_ids.contains(&s.id)))
    }
}

impl<Ddl: Clone + Default> crate::snapshot::History<Ddl> for FlatHistory<Ddl> {
    fn is_empty(&self) -> bool {
        self.snapshots.is_empty()
    }
    fn leaf_state(&self) -> Result<Ddl> {
        Ok(self
            .snapshots
            .last()
            .map(|s| s.ddl.clone())
            .unwrap_or_default())
    }
    fn leaf_ids(&self) -> Vec<String> {
        if self.snapshots.is_empty() {
            return vec![NIL_ID.to_string()];
        }
        self.leaves().map(|s| s.id.clone()).collect()
    }
    fn leaf_folders(&self) -> Vec<String> {
        let mut out: Vec<String> = self.leaves().map(|s| s.folder.clone()).collect();
        out.sort_by(|a, b| b.cmp(a));
        out
    }
    fn newest_folder_ms(&self) -> Option<i64> {
        self.leaves()
            .map(|s| naming::folder_millis(&s.folder).unwrap_or(0))
            .max()
    }
}
