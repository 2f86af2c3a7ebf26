//! SQLite snapshots, format version 7 (rc.5): every `snapshot.json` holds the whole state as a flat
//! `ddl` list plus the renames its migration decided. Reading a folder gives the state to diff
//! against (the last snapshot in folder order, as rc.5 takes it) and the leaf ids a new snapshot
//! names as parents. `legacy` converts drizzle-kit 0.31's formats (`up`).

pub mod legacy;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::{Error, Result};
use crate::migrations::naming;
use crate::model::sqlite::SqliteDdl;
use crate::snapshot::folder::{CheckError, ConflictFix, Folder};
use crate::snapshot::{Rename, SnapshotFile};

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
        self.leaves().map(|s| s.id.clone()).collect()
    }

    /// The snapshots no other snapshot names as a parent, in folder-name order.
    fn leaves(&self) -> impl Iterator<Item = &Snapshot> {
        self.snapshots
            .iter()
            .filter(|s| !self.snapshots.iter().any(|o| o.prev_ids.contains(&s.id)))
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

impl crate::snapshot::History<SqliteDdl> for History {
    fn is_empty(&self) -> bool {
        History::is_empty(self)
    }
    fn leaf_state(&self) -> Result<SqliteDdl> {
        Ok(History::leaf_state(self))
    }
    fn leaf_ids(&self) -> Vec<String> {
        History::leaf_ids(self)
    }
    fn leaf_folders(&self) -> Vec<String> {
        let mut folders: Vec<String> = self.leaves().map(|s| s.folder.clone()).collect();
        folders.reverse();
        folders
    }
    /// rc.5 names SQLite folders by the clock alone, so a migration made in the same second as its
    /// parent (or with the clock behind) can sort, and run, before it; sleet keeps children after.
    fn newest_folder_ms(&self) -> Option<i64> {
        self.leaves()
            .map(|s| naming::folder_millis(&s.folder).unwrap_or(0))
            .max()
    }
}

/// A delta key back as rc.5's `renames` string: `"old->new"` for tables, `"table.old->table.new"`
/// for columns (`diff::sqlite` makes the keys).
fn rename_text(rename: &Rename) -> Option<String> {
    let (kind, identity) = rename.key.split_once('\u{0}')?;
    let identity: Vec<String> = serde_json::from_str(identity).ok()?;
    let to = rename.set.get("name")?.as_str()?;
    match (kind, identity.as_slice()) {
        ("tables", [from]) => Some(format!("{from}->{to}")),
        ("columns", [table, from]) => Some(format!("{table}.{from}->{table}.{to}")),
        _ => None,
    }
}

impl crate::snapshot::Snapshots for crate::model::sqlite::Sqlite {
    type History = History;
    /// SQLite snapshots record nothing per statement.
    type Footprint = ();
    fn read_folder(
        folder: &Folder,
        fix_conflicts: bool,
    ) -> std::result::Result<(History, Option<ConflictFix>), CheckError> {
        if fix_conflicts {
            return Err(CheckError::new(
                "unsupported",
                "--fix-conflicts is not supported for sqlite yet",
                serde_json::Map::new(),
            ));
        }
        History::from_files(folder.out, folder.files)
            .map(|h| (h, None))
            .map_err(|e| CheckError::malformed(e.message))
    }
    fn write_base(
        id: &str,
        state: &SqliteDdl,
        _footprints: &[()],
    ) -> Result<crate::snapshot::Text> {
        write(id, &[NIL_ID.to_string()], state, &[]).map(crate::snapshot::Text::from)
    }
    fn write_diff(
        id: &str,
        prev_ids: &[String],
        _prev: &SqliteDdl,
        cur: &SqliteDdl,
        renames: &[Rename],
        _footprints: &[()],
    ) -> Result<crate::snapshot::Text> {
        let renames: Vec<String> = renames.iter().filter_map(rename_text).collect();
        write(id, prev_ids, cur, &renames).map(crate::snapshot::Text::from)
    }
    /// rc.5's SQLite custom snapshot: the parent state under a new id, its keys in that order.
    fn write_custom(
        id: &str,
        prev_ids: &[String],
        _first: bool,
        prev: &SqliteDdl,
    ) -> Result<crate::snapshot::Text> {
        let value = serde_json::json!({
            "id": id,
            "prevIds": prev_ids,
            "version": FORMAT_VERSION,
            "dialect": "sqlite",
            "ddl": prev.to_ddl_json()?,
            "renames": Value::Array(vec![]),
        });
        serde_json::to_string_pretty(&value)
            .map(crate::snapshot::Text::from)
            .map_err(|e| Error::internal(e.to_string()))
    }
    fn bundled_migrations(history: &History, folder: &str, driver: Option<&str>) -> Option<String> {
        driver.filter(|d| bundles_migrations(Some(*d))).map(|d| {
            let mut folders = history.folders();
            folders.push(folder.to_string());
            embedded_migrations(&folders, d)
        })
    }
}
