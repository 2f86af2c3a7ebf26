//! SQLite snapshots, format version 7 (rc.5): every `snapshot.json` holds the whole state as a flat
//! `ddl` list plus the renames its migration decided. Reading a folder gives the state to diff
//! against (the last snapshot in folder order, as rc.5 takes it) and the leaf ids a new snapshot
//! names as parents. `legacy` converts drizzle-kit 0.31's formats (`up`).

pub mod legacy;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::{Error, Result};
use crate::model::sqlite::SqliteDdl;
use crate::snapshot::SnapshotFile;

pub const FORMAT_VERSION: &str = "7";
pub const NIL_ID: &str = "00000000-0000-0000-0000-000000000000";

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Raw {
    version: String,
    dialect: String,
    id: String,
    prev_ids: Vec<String>,
    ddl: Vec<Value>,
    #[serde(default)]
    renames: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Snapshot {
    pub folder: String,
    pub id: String,
    pub prev_ids: Vec<String>,
    pub ddl: SqliteDdl,
}

#[derive(Debug, Clone, Default)]
pub struct History {
    /// In folder-name order.
    pub snapshots: Vec<Snapshot>,
}

impl History {
    /// Every snapshot of the folder, validated; `out` prefixes paths in errors.
    pub fn from_files(out: &str, files: &[SnapshotFile]) -> Result<History> {
        let mut files: Vec<&SnapshotFile> = files.iter().collect();
        files.sort_by(|a, b| a.folder.cmp(&b.folder));
        let mut snapshots = Vec::with_capacity(files.len());
        for f in files {
            let path = if out.is_empty() {
                format!("{}/snapshot.json", f.folder)
            } else {
                format!("{out}/{}/snapshot.json", f.folder)
            };
            let value: Value = serde_json::from_str(&f.text).map_err(|e| {
                Error::snapshot(
                    &path,
                    format!("is not valid JSON ({e}); restore it from git"),
                )
            })?;
            let version = value.get("version").and_then(Value::as_str).unwrap_or("");
            if version != FORMAT_VERSION {
                return Err(Error::snapshot(
                    &path,
                    format!(
                        "has SQLite snapshot version {version:?}, sleet reads version \"7\": run `sleet up` to upgrade the folder"
                    ),
                ));
            }
            let raw: Raw = serde_json::from_value(value).map_err(|e| {
                Error::snapshot(
                    &path,
                    format!("is not a SQLite snapshot ({e}); restore it from git"),
                )
            })?;
            if raw.dialect != "sqlite" {
                return Err(Error::snapshot(
                    &path,
                    format!(
                        "is a {:?} snapshot, but the config's dialect is sqlite",
                        raw.dialect
                    ),
                ));
            }
            let ddl = SqliteDdl::from_ddl_json(&raw.ddl, &path)?;
            if snapshots.iter().any(|s: &Snapshot| s.id == raw.id) {
                return Err(Error::snapshot(
                    &path,
                    format!(
                        "repeats the id {} of another snapshot; restore it from git",
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
                    return Err(Error::snapshot(
                        &s.folder,
                        format!("names the parent {p}, which no snapshot in the folder has; restore the missing migration from git"),
                    ));
                }
            }
        }
        Ok(History { snapshots })
    }

    pub fn is_empty(&self) -> bool {
        self.snapshots.is_empty()
    }

    /// The state to diff against: the last snapshot in folder order.
    pub fn leaf_state(&self) -> SqliteDdl {
        self.snapshots
            .last()
            .map(|s| s.ddl.clone())
            .unwrap_or_default()
    }

    /// The parents of a new snapshot: every snapshot no other names as parent.
    pub fn leaf_ids(&self) -> Vec<String> {
        if self.snapshots.is_empty() {
            return vec![NIL_ID.to_string()];
        }
        self.snapshots
            .iter()
            .filter(|s| !self.snapshots.iter().any(|o| o.prev_ids.contains(&s.id)))
            .map(|s| s.id.clone())
            .collect()
    }

    pub fn folders(&self) -> Vec<String> {
        self.snapshots.iter().map(|s| s.folder.clone()).collect()
    }
}

/// `snapshot.json` text, `JSON.stringify(snapshot, null, 2)`-identical.
pub fn write(id: &str, prev_ids: &[String], ddl: &SqliteDdl, renames: &[String]) -> Result<String> {
    let raw = Raw {
        version: FORMAT_VERSION.into(),
        dialect: "sqlite".into(),
        id: id.into(),
        prev_ids: prev_ids.to_vec(),
        ddl: ddl.to_ddl_json()?,
        renames: renames.to_vec(),
    };
    serde_json::to_string_pretty(&raw).map_err(|e| Error::internal(e.to_string()))
}

/// The `migrations.js` rc.5 writes beside the folders for `driver: 'expo'` and `'durable-sqlite'`:
/// one import per migration, in folder order.
pub fn embedded_migrations(folders: &[String], driver: &str) -> String {
    let mut content = if driver == "expo" {
        "// This file is required for Expo/React Native SQLite migrations - https://orm.drizzle.team/quick-sqlite/expo\n\n".to_string()
    } else {
        String::new()
    };
    let mut entries = Vec::new();
    for (i, folder) in folders.iter().enumerate() {
        let import = format!("{i:04}");
        content.push_str(&format!(
            "import m{import} from './{folder}/migration.sql';\n"
        ));
        entries.push(format!("\"{folder}\": m{import}"));
    }
    content.push_str(&format!(
        "\n  export default {{\n    migrations: {{\n      {}\n}}\n  }}\n  ",
        entries.join(",\n")
    ));
    content
}

/// Drivers whose bundlers cannot read the folder at run time: rc.5 writes `migrations.js` for them.
pub fn bundles_migrations(driver: Option<&str>) -> bool {
    matches!(driver, Some("expo" | "durable-sqlite"))
}
