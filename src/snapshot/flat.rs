//! Histories of the formats whose every `snapshot.json` holds the whole state (SQLite 7, MySQL 6):
//! reading a folder gives the state to diff against (the last snapshot in folder order, as rc.5
//! takes it) and the leaf ids a new snapshot names as parents.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use std::collections::HashSet;

use crate::error::Result;
use crate::migrations::naming;
use crate::snapshot::folder::{CheckError, ConflictFix, Folder};

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
    /// Every entity of a state as (identity key, the tables it lives in, its row as text): what
    /// `--fix-conflicts` compares between branches.
    fn entities(ddl: &Self::Ddl) -> Vec<(String, Vec<String>, String)>;
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

/// `generate --fix-conflicts` on a whole-state format: branches (leaves) whose changes since their
/// common ancestor touch the same entity, or one changes an entity the other's changes live in (a
/// table dropped on one side, a column added to it on the other), are both deleted with everything
/// after them; the history is what remains. Branches that touch different things are kept (the next
/// migration merges them). `None` when nothing conflicts.
pub fn read_fixing<F: FlatFormat>(
    folder: &Folder,
) -> std::result::Result<(FlatHistory<F::Ddl>, Option<ConflictFix>), CheckError>
where
    F::Ddl: Clone + Default,
{
    let history = read::<F>(folder)?;
    let leaves: Vec<usize> = (0..history.snapshots.len())
        .filter(|&i| {
            let id = &history.snapshots[i].id;
            !history.snapshots.iter().any(|o| o.prev_ids.contains(id))
        })
        .collect();
    let mut removed: HashSet<usize> = HashSet::new();
    for (n, &a) in leaves.iter().enumerate() {
        for &b in &leaves[n + 1..] {
            if let Some(sides) = conflict::<F>(&history, a, b) {
                removed.extend(sides);
            }
        }
    }
    if removed.is_empty() {
        return Ok((history, None));
    }
    // Everything after a deleted migration goes with it.
    loop {
        let before = removed.len();
        for (i, s) in history.snapshots.iter().enumerate() {
            if s.prev_ids
                .iter()
                .any(|p| removed.iter().any(|&r| &history.snapshots[r].id == p))
            {
                removed.insert(i);
            }
        }
        if removed.len() == before {
            break;
        }
    }
    let mut fix = ConflictFix {
        migrations: vec![],
        custom_migrations: vec![],
        folders: vec![],
    };
    for (i, s) in history.snapshots.iter().enumerate() {
        if !removed.contains(&i) {
            continue;
        }
        fix.migrations.push(folder.dir(&s.folder));
        fix.folders.push(s.folder.clone());
        // A custom migration records its parent's state unchanged: its SQL is lost with it.
        let parent_state = s
            .prev_ids
            .first()
            .and_then(|p| history.snapshots.iter().find(|o| &o.id == p))
            .map(|o| entity_set::<F>(&o.ddl))
            .unwrap_or_default();
        if entity_set::<F>(&s.ddl) == parent_state {
            fix.custom_migrations.push(folder.dir(&s.folder));
        }
    }
    let kept: Vec<_> = folder
        .files
        .iter()
        .filter(|f| !fix.folders.contains(&f.folder))
        .cloned()
        .collect();
    let kept = read::<F>(&Folder {
        out: folder.out,
        files: &kept,
    })?;
    Ok((kept, Some(fix)))
}

fn entity_set<F: FlatFormat>(ddl: &F::Ddl) -> HashSet<(String, String)> {
    F::entities(ddl)
        .into_iter()
        .map(|(key, _, row)| (key, row))
        .collect()
}

/// Indexes of `i` and its ancestors.
fn ancestors<Ddl>(history: &FlatHistory<Ddl>, i: usize) -> HashSet<usize> {
    let mut seen = HashSet::new();
    let mut stack = vec![i];
    while let Some(at) = stack.pop() {
        if !seen.insert(at) {
            continue;
        }
        for p in &history.snapshots[at].prev_ids {
            if let Some(j) = history.snapshots.iter().position(|s| &s.id == p) {
                stack.push(j);
            }
        }
    }
    seen
}

/// The migrations of both branches when leaves `a` and `b` conflict.
fn conflict<F: FlatFormat>(history: &FlatHistory<F::Ddl>, a: usize, b: usize) -> Option<Vec<usize>>
where
    F::Ddl: Clone + Default,
{
    let (up_a, up_b) = (ancestors(history, a), ancestors(history, b));
    // The fork: the newest common ancestor (folder order), or the empty schema.
    let fork = up_a.intersection(&up_b).copied().max();
    let base = fork
        .map(|f| history.snapshots[f].ddl.clone())
        .unwrap_or_default();
    let below_fork = fork.map(|f| ancestors(history, f)).unwrap_or_default();
    let changes = |leaf: usize| {
        let before = F::entities(&base);
        let after = F::entities(&history.snapshots[leaf].ddl);
        let mut writes: HashSet<String> = HashSet::new();
        let mut reads: HashSet<String> = HashSet::new();
        let rows = |v: &[(String, Vec<String>, String)]| {
            v.iter()
                .map(|(k, t, r)| (k.clone(), (t.clone(), r.clone())))
                .collect::<std::collections::HashMap<_, _>>()
        };
        let (old, new) = (rows(&before), rows(&after));
        for (key, (tables, _)) in old.iter().chain(new.iter()) {
            if old.get(key).map(|x| &x.1) != new.get(key).map(|x| &x.1) {
                writes.insert(key.clone());
                reads.extend(tables.iter().cloned());
            }
        }
        (writes, reads)
    };
    let (wa, ra) = changes(a);
    let (wb, rb) = changes(b);
    let clash =
        wa.iter().any(|k| wb.contains(k) || rb.contains(k)) || wb.iter().any(|k| ra.contains(k));
    clash.then(|| {
        up_a.union(&up_b)
            .copied()
            .filter(|i| !below_fork.contains(i))
            .collect()
    })
}
