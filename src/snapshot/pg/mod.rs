//! Postgres snapshot format 9, as drizzle-kit 1.0.0-rc.5 writes it: one base snapshot (a full
//! `ddl`) and diff snapshots (`deltas`) linked by `prevIds` into a DAG. This module reads a folder's
//! snapshots, reconstructs the state of any of them, and writes new ones.
//!
//! Reconstruction follows rc.5: the state of a snapshot is the base `ddl` plus the deltas along its
//! first-parent chain; at a merge, the deltas of every snapshot only the other parents descend from
//! are applied (in folder order) before the merge's own deltas.

#[macro_use]
pub mod state;
pub mod check;
pub mod legacy;
mod write;

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use serde_json::{Map, Value};

use crate::error::{Error, Result};
use crate::migrations::naming;
use crate::model::pg::PgDdl;
use crate::snapshot::{Rename, SnapshotFile};
use state::{Delta, Row, State};

pub use write::{deltas, write_base, write_diff, write_diff_deltas};

pub const NIL_ID: &str = "00000000-0000-0000-0000-000000000000";
pub const FORMAT_VERSION: &str = "9";
pub const DIALECT: &str = "postgres";

/// What one statement touches, so `check` can tell whether two branches conflict.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Footprint {
    pub statement_type: String,
    pub statement_target: Vec<String>,
    pub writes: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reads: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shared_writes: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sql_hash: Option<String>,
}

#[derive(Debug, Clone)]
pub enum Body {
    Base(Box<PgDdl>),
    Diff(Vec<Delta>),
}

/// One parsed `snapshot.json`.
#[derive(Debug, Clone)]
pub struct Snapshot {
    pub folder: String,
    pub id: String,
    pub prev_ids: Vec<String>,
    pub footprints: Vec<Footprint>,
    pub body: Body,
}

impl Snapshot {
    pub fn path(&self) -> String {
        path_of(&self.folder)
    }
}

fn path_of(folder: &str) -> String {
    format!("{folder}/snapshot.json")
}

/// A folder's snapshots in folder-name order, with the DAG resolved to indices.
#[derive(Debug, Clone, Default)]
pub struct History {
    snapshots: Vec<Snapshot>,
    by_id: HashMap<String, usize>,
    /// Parent indices of each snapshot, in `prevIds` order (the nil root is left out).
    parents: Vec<Vec<usize>>,
    /// Snapshots no other snapshot names as a parent, newest folder first (rc.5's merge order).
    leaves: Vec<usize>,
}

impl History {
    pub fn from_files(files: &[SnapshotFile]) -> Result<History> {
        let mut files: Vec<&SnapshotFile> = files.iter().collect();
        files.sort_by(|a, b| a.folder.cmp(&b.folder));
        let mut snapshots = Vec::with_capacity(files.len());
        for file in files {
            snapshots.push(parse_snapshot(file)?);
        }
        History::from_snapshots(snapshots)
    }

    fn from_snapshots(snapshots: Vec<Snapshot>) -> Result<History> {
        let mut by_id = HashMap::with_capacity(snapshots.len());
        for (i, s) in snapshots.iter().enumerate() {
            if let Some(&first) = by_id.get(&s.id) {
                let other = snapshots.get(first).map(Snapshot::path).unwrap_or_default();
                return Err(Error::snapshot(
                    &s.path(),
                    format!(
                        "has the id {} that {} already has. Each migration needs its own id: \
                         a copied folder keeps the id of its original; delete the copy and run \
                         generate again",
                        s.id, other
                    ),
                ));
            }
            by_id.insert(s.id.clone(), i);
        }
        let mut bases = snapshots.iter().filter(|s| matches!(s.body, Body::Base(_)));
        let Some(base) = bases.next() else {
            return match snapshots.first() {
                None => Ok(History::default()),
                Some(first) => Err(Error::snapshot(
                    &first.path(),
                    "the history does not reach a base snapshot (the first migration's snapshot \
                     is missing). Restore the first migration folder from git, or delete the \
                     migrations and generate again",
                )),
            };
        };
        if let Some(second) = bases.next() {
            return Err(Error::snapshot(
                &second.path(),
                format!(
                    "is a second base snapshot besides {}. A migrations folder has one base \
                     snapshot, its first migration. Delete one of the two folders together with \
                     every migration after it, then run generate again",
                    base.path()
                ),
            ));
        }

        let mut parents = Vec::with_capacity(snapshots.len());
        let mut is_parent = vec![false; snapshots.len()];
        for s in &snapshots {
            if matches!(s.body, Body::Diff(_)) && s.prev_ids.first().is_none_or(|p| p == NIL_ID) {
                return Err(Error::snapshot(
                    &s.path(),
                    "is a diff snapshot without a parent, so its history does not reach the base \
                     snapshot. Restore its parent migration from git, or delete this migration \
                     and every later one, then run generate again",
                ));
            }
            let mut mine = Vec::with_capacity(s.prev_ids.len());
            for p in s.prev_ids.iter().filter(|p| *p != NIL_ID) {
                let Some(&pi) = by_id.get(p) else {
                    return Err(Error::snapshot(
                        &s.path(),
                        format!(
                            "names the parent snapshot {p}, which is not in the migrations folder. \
                             Restore the missing migration folder from git, or delete this \
                             migration and every later one, then run generate again"
                        ),
                    ));
                };
                if let Some(flag) = is_parent.get_mut(pi) {
                    *flag = true;
                }
                mine.push(pi);
            }
            parents.push(mine);
        }
        check_acyclic(&snapshots, &parents)?;
        for (i, s) in snapshots.iter().enumerate() {
            for parent in parents
                .get(i)
                .into_iter()
                .flatten()
                .filter_map(|&p| snapshots.get(p))
            {
                if parent.folder >= s.folder {
                    return Err(Error::snapshot(
                        &s.path(),
                        format!(
                            "sorts before its parent {}, so migrate would run it first. Rename the \
                             folders so that {} sorts after {}",
                            parent.folder, s.folder, parent.folder
                        ),
                    ));
                }
            }
        }
        let leaves = (0..snapshots.len())
            .rev()
            .filter(|&i| !is_parent.get(i).copied().unwrap_or(false))
            .collect();
        Ok(History {
            snapshots,
            by_id,
            parents,
            leaves,
        })
    }

    pub fn is_empty(&self) -> bool {
        self.snapshots.is_empty()
    }

    pub fn snapshots(&self) -> &[Snapshot] {
        &self.snapshots
    }

    pub fn get(&self, id: &str) -> Option<&Snapshot> {
        self.by_id.get(id).and_then(|&i| self.snapshots.get(i))
    }

    /// Ids of the leaves, newest folder first: the `prevIds` of the next migration.
    pub fn leaf_ids(&self) -> Vec<String> {
        self.leaves
            .iter()
            .filter_map(|&i| self.snapshots.get(i))
            .map(|s| s.id.clone())
            .collect()
    }

    pub fn leaf_folders(&self) -> Vec<String> {
        self.leaves
            .iter()
            .filter_map(|&i| self.snapshots.get(i))
            .map(|s| s.folder.clone())
            .collect()
    }

    /// Timestamp of the newest leaf folder: a new migration must sort after all its parents.
    pub fn newest_folder_ms(&self) -> Option<i64> {
        self.leaves
            .iter()
            .filter_map(|&i| self.snapshots.get(i))
            .map(|s| naming::folder_millis(&s.folder).unwrap_or(0))
            .max()
    }

    /// The state the next migration starts from: the single leaf's state, or, with unmerged
    /// branches, the newest leaf's state plus the other branches' own changes.
    pub fn leaf_state(&self) -> Result<PgDdl> {
        match self.leaves.as_slice() {
            [] => Ok(PgDdl::default()),
            [only] => self.whole(*only, self.state_at(*only)?.into_ddl()),
            [first, ..] => {
                // Every branch must be readable on its own before they are combined.
                for &leaf in &self.leaves {
                    self.state_at(leaf)?;
                }
                let mut state = self.state_at(*first)?;
                self.apply_other_parents(&mut state, &self.leaves)?;
                self.whole(*first, state.into_ddl())
            }
        }
    }

    /// `ddl`, the state at snapshot `i`, unless a row of it belongs to a table that is not there.
    /// The state is checked only where it is used, but the file to restore is named: the base
    /// snapshot when its own rows hold the orphan, else the snapshot whose state was asked for.
    fn whole(&self, i: usize, ddl: PgDdl) -> Result<PgDdl> {
        let Some(what) = ddl.orphan_row() else {
            return Ok(ddl);
        };
        let mut at = i;
        while let Body::Diff(_) = &self.node(at)?.body {
            at = self.first_parent(at)?;
        }
        let (at, what) = match &self.node(at)?.body {
            Body::Base(base) => base.orphan_row().map_or((i, what), |own| (at, own)),
            Body::Diff(_) => (i, what),
        };
        Err(Error::snapshot(
            &self.node(at)?.path(),
            format!(
                "describes a state that {what}. Restore the migration folder from git, or delete \
                 this migration and every later one, then run generate again"
            ),
        ))
    }

    /// State of the snapshot with this id.
    pub fn state_of(&self, id: &str) -> Result<PgDdl> {
        let i = *self.by_id.get(id).ok_or_else(|| {
            Error::snapshot(
                id,
                "no snapshot in the migrations folder has this id. Check the id, or restore the \
                 migration folder from git",
            )
        })?;
        self.whole(i, self.state_at(i)?.into_ddl())
    }

    fn state_at(&self, target: usize) -> Result<State> {
        let mut chain = Vec::new();
        let mut at = target;
        let base = loop {
            let s = self.node(at)?;
            match &s.body {
                Body::Base(ddl) => break (s, ddl),
                Body::Diff(_) => {
                    chain.push(at);
                    at = self.first_parent(at)?;
                }
            }
            if chain.len() > self.snapshots.len() {
                return Err(Error::internal("snapshot chain longer than the folder"));
            }
        };
        let mut state = State::from_ddl((**base.1).clone()).map_err(|key| {
            Error::snapshot(
                &base.0.path(),
                format!(
                    "lists two rows with the key {}. A snapshot lists every entity once; restore \
                     the file from git",
                    state::readable_key(&key)
                ),
            )
        })?;
        for &i in chain.iter().rev() {
            let parents = self.parents.get(i).map(Vec::as_slice).unwrap_or(&[]);
            if parents.len() > 1 {
                self.apply_other_parents(&mut state, parents)?;
            }
            self.apply_snapshot(&mut state, i, true)?;
        }
        Ok(state)
    }

    fn node(&self, i: usize) -> Result<&Snapshot> {
        self.snapshots
            .get(i)
            .ok_or_else(|| Error::internal("snapshot index out of range"))
    }

    fn first_parent(&self, i: usize) -> Result<usize> {
        self.parents
            .get(i)
            .and_then(|p| p.first())
            .copied()
            .ok_or_else(|| Error::internal("diff snapshot without a parent passed validation"))
    }

    /// Applies, in folder order, the diffs that only the later parents descend from.
    fn apply_other_parents(&self, state: &mut State, parents: &[usize]) -> Result<()> {
        let Some((&first, others)) = parents.split_first() else {
            return Ok(());
        };
        let known = self.ancestors(&[first], None);
        let exclusive = self.ancestors(others, Some(&known));
        for (i, s) in self.snapshots.iter().enumerate() {
            if exclusive.get(i).copied().unwrap_or(false) && matches!(s.body, Body::Diff(_)) {
                // Branches are merged without a shared order, so a delta may name a row the
                // other branch already dropped; rc.5 lets such deltas pass and so do we.
                self.apply_snapshot(state, i, false)?;
            }
        }
        Ok(())
    }

    /// The given snapshots and all their ancestors, minus those in `known`.
    fn ancestors(&self, from: &[usize], known: Option<&Vec<bool>>) -> Vec<bool> {
        let mut seen = vec![false; self.snapshots.len()];
        let mut stack: Vec<usize> = from.to_vec();
        while let Some(i) = stack.pop() {
            let skip = known.is_some_and(|k| k.get(i).copied().unwrap_or(false));
            match seen.get_mut(i) {
                Some(flag) if !*flag && !skip => *flag = true,
                _ => continue,
            }
            stack.extend(self.parents.get(i).into_iter().flatten().copied());
        }
        seen
    }

    fn apply_snapshot(&self, state: &mut State, i: usize, strict: bool) -> Result<()> {
        let s = self.node(i)?;
        let Body::Diff(deltas) = &s.body else {
            return Ok(());
        };
        for (n, delta) in deltas.iter().enumerate() {
            state.apply(delta, strict).map_err(|e| {
                Error::snapshot(
                    &s.path(),
                    format!(
                        "deltas[{n}] cannot be applied: {}. Restore the migration folder from git, \
                         or delete this migration and every later one, then run generate again",
                        e.describe()
                    ),
                )
            })?;
        }
        Ok(())
    }
}

/// Kahn's algorithm: whatever cannot be ordered sits on (or after) a cycle.
fn check_acyclic(snapshots: &[Snapshot], parents: &[Vec<usize>]) -> Result<()> {
    let mut pending: Vec<usize> = parents.iter().map(Vec::len).collect();
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); snapshots.len()];
    for (child, ps) in parents.iter().enumerate() {
        for &p in ps {
            if let Some(list) = children.get_mut(p) {
                list.push(child);
            }
        }
    }
    let mut ready: Vec<usize> = (0..snapshots.len())
        .filter(|&i| pending.get(i) == Some(&0))
        .collect();
    let mut done = 0;
    while let Some(i) = ready.pop() {
        done += 1;
        for &c in children.get(i).into_iter().flatten() {
            if let Some(n) = pending.get_mut(c) {
                *n -= 1;
                if *n == 0 {
                    ready.push(c);
                }
            }
        }
    }
    if done == snapshots.len() {
        return Ok(());
    }
    let stuck = pending
        .iter()
        .position(|&n| n > 0)
        .and_then(|i| snapshots.get(i));
    let path = stuck.map(Snapshot::path).unwrap_or_default();
    Err(Error::snapshot(
        &path,
        "its prevIds form a cycle (a snapshot is its own ancestor). Restore the migration folders \
         from git",
    ))
}

fn parse_snapshot(file: &SnapshotFile) -> Result<Snapshot> {
    let parsed = Parsed::of(&file.text).ok_or_else(|| {
        let e = serde_json::from_str::<Value>(&file.text).err();
        let why = e.map(|e| e.to_string()).unwrap_or_default();
        Error::snapshot(
            &path_of(&file.folder),
            format!(
                "is not valid JSON ({why}). Restore the file from git, or fix the JSON by hand"
            ),
        )
    })?;
    snapshot_of(&file.folder, parsed)
}

/// A `snapshot.json` as read for checking: its small fields as a JSON value, its two large ones
/// (a base snapshot's `ddl` and the footprints) left as text to be read straight into typed rows.
/// A 1,000-table base snapshot is 9 MB of JSON; as a `serde_json::Value` tree it took several times
/// that in wasm memory, which never shrinks.
pub(crate) struct Parsed<'a> {
    pub head: Value,
    ddl: Option<&'a RawValue>,
    footprints: Option<&'a RawValue>,
}

impl<'a> Parsed<'a> {
    /// `None` when the text is not JSON.
    pub(crate) fn of(text: &'a str) -> Option<Parsed<'a>> {
        let Ok(Fields(fields)) = serde_json::from_str::<Fields<'a>>(text) else {
            // Not an object (or not JSON): the value as it is, for the checks to name.
            return serde_json::from_str::<Value>(text).ok().map(|head| Parsed {
                head,
                ddl: None,
                footprints: None,
            });
        };
        let mut head = Map::new();
        let (mut ddl, mut footprints) = (None, None);
        for (key, raw) in fields {
            // A key given twice keeps its last value, as a parse into a map does.
            match key.as_str() {
                "ddl" => ddl = Some(raw),
                "footprints" => footprints = Some(raw),
                _ => {
                    let value = serde_json::from_str(raw.get()).ok()?;
                    head.insert(key, value);
                }
            }
        }
        Some(Parsed {
            head: Value::Object(head),
            ddl,
            footprints,
        })
    }
}

/// The snapshot in a file's parsed JSON; takes it so a caller that parsed it already (`check`)
/// does not parse the megabytes of a large base snapshot a second time.
fn snapshot_of(folder: &str, parsed: Parsed) -> Result<Snapshot> {
    let path = path_of(folder);
    let Value::Object(obj) = parsed.head else {
        return Err(malformed(&path, "is not a JSON object"));
    };
    check_version(&path, &obj)?;
    let text = |field: &str| -> Result<String> {
        obj.get(field)
            .and_then(Value::as_str)
            .map(str::to_string)
            .ok_or_else(|| malformed(&path, &format!("has no string field {field:?}")))
    };
    let id = text("id")?;
    let prev_ids = match obj.get("prevIds") {
        Some(Value::Array(ids)) => ids
            .iter()
            .map(|v| v.as_str().map(str::to_string))
            .collect::<Option<Vec<_>>>()
            .ok_or_else(|| malformed(&path, "has a prevIds entry that is not a string"))?,
        _ => return Err(malformed(&path, "has no prevIds array")),
    };
    let footprints: Vec<Footprint> = match parsed.footprints {
        // Read from the text, and only on a failure through a value, whose error names no offset.
        Some(raw) => serde_json::from_str(raw.get()).or_else(|_| {
            serde_json::from_str::<Value>(raw.get())
                .and_then(serde_json::from_value)
                .map_err(|e| malformed(&path, &format!("has malformed footprints ({e})")))
        })?,
        None => return Err(malformed(&path, "has no footprints array")),
    };
    let body =
        match text("type")?.as_str() {
            "base" => {
                let Some(rows) = parsed
                    .ddl
                    .and_then(|raw| serde_json::from_str::<Vec<&RawValue>>(raw.get()).ok())
                else {
                    return Err(malformed(&path, "is a base snapshot without a ddl array"));
                };
                Body::Base(Box::new(ddl_of(&rows, &path)?))
            }
            "diff" => {
                let Some(Value::Array(deltas)) = obj.get("deltas") else {
                    return Err(malformed(
                        &path,
                        "is a diff snapshot without a deltas array",
                    ));
                };
                let mut parsed = Vec::with_capacity(deltas.len());
                for (n, d) in deltas.iter().enumerate() {
                    parsed.push(parse_delta(d).map_err(|why| {
                        malformed(&path, &format!("has a bad deltas[{n}]: {why}"))
                    })?);
                }
                Body::Diff(parsed)
            }
            other => {
                return Err(malformed(
                    &path,
                    &format!("has type {other:?}; expected \"base\" or \"diff\""),
                ))
            }
        };
    Ok(Snapshot {
        folder: folder.to_string(),
        id,
        prev_ids,
        footprints,
        body,
    })
}

/// The rows of a base snapshot's `ddl`, each read from its text into its entity type. A row that does
/// not fit sends the whole list through `PgDdl::from_rows`, so the error is the one it has always been.
fn ddl_of(rows: &[&RawValue], path: &str) -> Result<PgDdl> {
    #[derive(Deserialize)]
    struct Kind<'a> {
        #[serde(rename = "entityType", borrow)]
        entity_type: Option<std::borrow::Cow<'a, str>>,
    }
    let mut ddl = PgDdl::default();
    let typed = rows.iter().try_for_each(|row| -> Option<()> {
        let text = row.get();
        let kind = serde_json::from_str::<Kind>(text).ok()?.entity_type?;
        macro_rules! push {
            ($(($field:ident, $ty:ident)),*) => {
                match kind.as_ref() {
                    $(stringify!($field) => ddl.$field.push(serde_json::from_str(text).ok()?),)*
                    _ => return None,
                }
            };
        }
        with_kinds!(push);
        Some(())
    });
    if typed.is_some() {
        return Ok(ddl);
    }
    let values = rows
        .iter()
        .map(|row| serde_json::from_str::<Value>(row.get()))
        .collect::<std::result::Result<Vec<Value>, _>>()
        .map_err(|e| malformed(path, &format!("has a ddl row that is not JSON ({e})")))?;
    PgDdl::from_rows(&values, path)
}

/// An object's members in order, their values left as text.
struct Fields<'a>(Vec<(String, &'a RawValue)>);

impl<'de: 'a, 'a> Deserialize<'de> for Fields<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct Members<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> serde::de::Visitor<'de> for Members<'a> {
            type Value = Fields<'a>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<M: serde::de::MapAccess<'de>>(
                self,
                mut map: M,
            ) -> std::result::Result<Fields<'a>, M::Error> {
                let mut out = Vec::new();
                while let Some(member) = map.next_entry::<String, &'a RawValue>()? {
                    out.push(member);
                }
                Ok(Fields(out))
            }
        }
        d.deserialize_map(Members(std::marker::PhantomData))
    }
}

fn malformed(path: &str, what: &str) -> Error {
    Error::snapshot(
        path,
        format!("{what}. Restore the file from git, or fix it by hand"),
    )
}

/// rc.5 compares versions numerically; older formats need `sleet up`, newer ones a newer sleet.
fn check_version(path: &str, obj: &Map<String, Value>) -> Result<()> {
    let version = obj.get("version").and_then(|v| match v {
        Value::String(s) => s.trim().parse::<f64>().ok(),
        Value::Number(n) => n.as_f64(),
        _ => None,
    });
    let current: f64 = 9.0;
    match version {
        Some(v) if v == current => {}
        Some(v) if v > 0.0 && v < current => {
            return Err(Error::snapshot(
                path,
                format!(
                    "is snapshot format version {v}, not the current {FORMAT_VERSION}. Run \
                     `sleet up` to upgrade the migrations folder, then run this command again"
                ),
            ))
        }
        Some(v) if v > current => {
            return Err(Error::snapshot(
                path,
                format!(
                    "is snapshot format version {v}, newer than this sleet supports \
                     ({FORMAT_VERSION}). Update sleet"
                ),
            ))
        }
        _ => {
            return Err(Error::snapshot(
                path,
                "has no usable \"version\" field, so it is not a snapshot this sleet can read. \
                 Restore the file from git",
            ))
        }
    }
    match obj.get("dialect").and_then(Value::as_str) {
        Some(DIALECT) => Ok(()),
        Some(other) => Err(Error::snapshot(path, foreign_dialect(other))),
        None => Err(malformed(path, "has no dialect")),
    }
}

/// What is wrong with a snapshot of another dialect in a Postgres folder (after its path).
pub(super) fn foreign_dialect(other: &str) -> String {
    format!(
        "is a {other:?} snapshot, but the config's dialect is postgresql. Point `out` at the \
         Postgres migrations folder, or fix `dialect` in the config"
    )
}

pub(crate) fn parse_delta(value: &Value) -> std::result::Result<Delta, String> {
    let op = value
        .get("op")
        .and_then(Value::as_str)
        .ok_or("it has no op")?;
    if op == "create" {
        let row = value.get("row").cloned().ok_or("a create without a row")?;
        return Row::from_value(row).map(|r| Delta::Create(Box::new(r)));
    }
    let key = value
        .get("key")
        .and_then(Value::as_str)
        .ok_or("it has no key")?;
    match state::split_key(key) {
        Some((kind, _)) if state::is_kind(kind) => {}
        _ => {
            return Err(format!(
                "its key {} names no entity type",
                state::readable_key(key)
            ))
        }
    }
    let key = key.to_string();
    match op {
        "drop" => Ok(Delta::Drop { key }),
        "alter" | "rename" => {
            let Some(Value::Object(set)) = value.get("set") else {
                return Err(format!("the {op} has no set object"));
            };
            Ok(Delta::Set {
                rename: op == "rename",
                key,
                set: set.clone(),
            })
        }
        other => Err(format!("unknown op {other:?}")),
    }
}

/// Input of the `pgReconstruct` wasm export.
#[derive(Debug, Clone, Deserialize)]
pub struct ReconstructInput {
    pub files: Vec<SnapshotFile>,
    /// Snapshot to rebuild; without it, the leaf (several leaves are combined as generate does).
    pub id: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct StateOutput {
    pub ddl: Vec<Value>,
}

pub fn reconstruct(input: &ReconstructInput) -> Result<StateOutput> {
    let history = History::from_files(&input.files)?;
    let state = match &input.id {
        Some(id) => history.state_of(id)?,
        None => history.leaf_state()?,
    };
    Ok(StateOutput {
        ddl: state.to_rows()?,
    })
}

/// A state as rc.5 passes it around (`{ ddl: rows }`).
#[derive(Debug, Clone, Deserialize)]
pub struct StateInput {
    pub ddl: Vec<Value>,
}

/// Input of the `pgWriteSnapshot` wasm export: a base snapshot when `prevIds` is empty.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WriteInput {
    pub id: String,
    #[serde(default)]
    pub prev_ids: Vec<String>,
    pub prev: Option<StateInput>,
    pub cur: StateInput,
    #[serde(default)]
    pub renames: Vec<Rename>,
    #[serde(default)]
    pub footprints: Vec<Footprint>,
}

pub fn write(input: &WriteInput) -> Result<String> {
    let cur = PgDdl::from_rows(&input.cur.ddl, "cur")?;
    if input.prev_ids.is_empty() {
        return write_base(&input.id, &cur, &input.footprints).map(|text| text.to_string());
    }
    let prev = match &input.prev {
        Some(p) => PgDdl::from_rows(&p.ddl, "prev")?,
        None => PgDdl::default(),
    };
    write_diff(
        &input.id,
        &input.prev_ids,
        &prev,
        &cur,
        &input.renames,
        &input.footprints,
    )
}

#[cfg(test)]
mod tests;

impl crate::snapshot::History<PgDdl> for History {
    fn is_empty(&self) -> bool {
        History::is_empty(self)
    }
    fn leaf_state(&self) -> Result<PgDdl> {
        History::leaf_state(self)
    }
    fn leaf_ids(&self) -> Vec<String> {
        History::leaf_ids(self)
    }
    fn leaf_folders(&self) -> Vec<String> {
        History::leaf_folders(self)
    }
    fn newest_folder_ms(&self) -> Option<i64> {
        History::newest_folder_ms(self)
    }
}

impl crate::snapshot::Snapshots for crate::model::pg::Pg {
    type History = History;
    type Footprint = Footprint;
    fn read_folder(
        folder: &check::Folder,
        fix_conflicts: bool,
    ) -> std::result::Result<(History, Option<check::ConflictFix>), check::CheckError> {
        if fix_conflicts {
            check::check_folder_fixing(folder)
        } else {
            check::check_folder(folder).map(|history| (history, None))
        }
    }
    fn write_base(
        id: &str,
        state: &PgDdl,
        footprints: &[Footprint],
    ) -> Result<crate::snapshot::Text> {
        write_base(id, state, footprints)
    }
    fn write_diff(
        id: &str,
        prev_ids: &[String],
        prev: &PgDdl,
        cur: &PgDdl,
        renames: &[Rename],
        footprints: &[Footprint],
    ) -> Result<crate::snapshot::Text> {
        write_diff(id, prev_ids, prev, cur, renames, footprints).map(crate::snapshot::Text::from)
    }
}
