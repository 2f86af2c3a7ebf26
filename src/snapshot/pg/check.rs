//! `check` for a Postgres migrations folder: integrity (every snapshot readable, the chain whole,
//! parents sorting first, the current format) and conflicts between unmerged branches.
//!
//! Two branches conflict when a footprint of one writes a node the other writes or reads, unless
//! both footprints are the same idempotent change (same statement type and `sqlHash`). Branches are
//! compared from their lowest common ancestor, as rc.5 does, but with one ancestor set per leaf
//! and one pass over each branch's footprints: the cost is linear in the folder per pair of leaves,
//! never a walk over every path of the DAG and never a diff of states.

use std::collections::HashMap;

use serde_json::{json, Map, Value};

use super::{
    foreign_dialect, snapshot_of, Body, Footprint, History, Parsed, Snapshot, DIALECT,
    FORMAT_VERSION, NIL_ID,
};
pub use crate::snapshot::folder::{CheckError, ConflictFix, Folder};
use crate::snapshot::SnapshotFile;

/// Reads and validates the whole folder in rc.5's order: the DAG headers first (missing base,
/// second base, missing parent, folder order), then each file's version and shape.
pub fn load(folder: &Folder) -> Result<History, CheckError> {
    let mut files: Vec<&SnapshotFile> = folder.files.iter().collect();
    files.sort_by(|a, b| a.folder.cmp(&b.folder));
    let raws: Vec<Option<Parsed>> = files.iter().map(|f| Parsed::of(&f.text)).collect();
    let heads: Vec<Option<&Value>> = raws.iter().map(|r| r.as_ref().map(|r| &r.head)).collect();
    check_headers(folder, &files, &heads)?;

    let mut snapshots = Vec::with_capacity(files.len());
    for (file, raw) in files.iter().zip(raws) {
        let path = folder.path(&file.folder);
        let Some(raw) = raw else {
            return Err(CheckError::at(
                "malformed",
                &path,
                format!("{path} is not valid JSON: restore the file from git, or fix the JSON in it by hand"),
            ));
        };
        check_version(&path, Some(&raw.head))?;
        let parsed = snapshot_of(&file.folder, raw).map_err(|e| {
            // The text output prints only the message: it names the file too (issue 11).
            let what = without_prefix(&e.message, file);
            CheckError::at("malformed", &path, format!("{path} {what}"))
        })?;
        snapshots.push(parsed);
    }
    let mut seen: HashMap<&str, &Snapshot> = HashMap::new();
    for s in &snapshots {
        if let Some(first) = seen.insert(&s.id, s) {
            return Err(CheckError::at(
                "malformed",
                &folder.path(&s.folder),
                format!(
                    "{} has the id {} that {} already has. Each migration needs its own id: a \
                     copied folder keeps the id of its original. Delete the copy and run generate \
                     again",
                    folder.path(&s.folder),
                    s.id,
                    folder.path(&first.folder)
                ),
            ));
        }
    }
    History::from_snapshots(snapshots).map_err(|e| CheckError::at("malformed", "", e.message))
}

fn without_prefix(message: &str, file: &SnapshotFile) -> String {
    let own = format!("{}/snapshot.json: ", file.folder);
    message.strip_prefix(&own).unwrap_or(message).to_string()
}

fn check_headers(
    folder: &Folder,
    files: &[&SnapshotFile],
    raws: &[Option<&Value>],
) -> Result<(), CheckError> {
    struct Node<'a> {
        folder: &'a str,
        id: &'a str,
        prev_ids: Vec<&'a str>,
        is_diff: bool,
    }
    let has_header = |raw: &Option<&Value>| {
        raw.is_some_and(|r| {
            r.get("id").is_some_and(Value::is_string)
                && (r.get("dialect").and_then(Value::as_str) != Some(DIALECT)
                    || r.get("prevIds").is_some_and(Value::is_array))
        })
    };
    let mut nodes = Vec::new();
    for (file, raw) in files.iter().zip(raws) {
        let Some(r) = raw.filter(|_| has_header(raw)) else {
            continue;
        };
        match r.get("dialect").and_then(Value::as_str) {
            Some(DIALECT) => {}
            // Named here: skipped, a later snapshot would be blamed for the missing base.
            Some(other) => {
                let path = folder.path(&file.folder);
                let message = format!("{path} {}", foreign_dialect(other));
                return Err(CheckError::at("malformed", &path, message));
            }
            None => continue,
        }
        nodes.push(Node {
            folder: &file.folder,
            id: r.get("id").and_then(Value::as_str).unwrap_or_default(),
            prev_ids: r
                .get("prevIds")
                .and_then(Value::as_array)
                .map(|ids| ids.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default(),
            is_diff: r.get("type").and_then(Value::as_str) == Some("diff"),
        });
    }
    let Some(first) = nodes.first() else {
        return Ok(());
    };
    if let Some((file, _)) = files.iter().zip(raws).find(|(_, raw)| !has_header(raw)) {
        let path = folder.path(&file.folder);
        return Err(CheckError::at(
            "malformed",
            &path,
            format!(
                "{path} is not a snapshot: it is not valid JSON or has no id and prevIds. Restore \
                 the file from git, or fix the JSON in it by hand"
            ),
        ));
    }
    let missing_base = |folder_name: &str| {
        format!(
            "Cannot reconstruct snapshot {folder_name}: its history does not reach a base snapshot. \
             Restore the first migration folder from git, or delete {folder_name} and every later \
             migration, then run generate again"
        )
    };
    if nodes.iter().all(|n| n.is_diff) {
        return Err(CheckError::at(
            "malformed",
            &folder.path(first.folder),
            missing_base(first.folder),
        ));
    }
    let mut bases = nodes.iter().filter(|n| !n.is_diff);
    if let (Some(base), Some(second)) = (bases.next(), bases.next()) {
        let mut err = CheckError::at(
            "malformed",
            &folder.path(second.folder),
            format!(
                "The migrations folder has two base snapshots, in {} and {}. A folder must have one \
                 base snapshot, which is its first migration. Delete one of the two migration \
                 folders together with every migration that follows it, then run generate again",
                base.folder, second.folder
            ),
        );
        err.meta
            .insert("baseSnapshot".into(), json!(folder.path(base.folder)));
        return Err(err);
    }
    let by_id: HashMap<&str, &Node> = nodes.iter().map(|n| (n.id, n)).collect();
    for node in &nodes {
        let path = folder.path(node.folder);
        if node.is_diff && node.prev_ids.first().is_none_or(|p| *p == NIL_ID) {
            return Err(CheckError::at(
                "malformed",
                &path,
                missing_base(node.folder),
            ));
        }
        for parent_id in node.prev_ids.iter().filter(|p| **p != NIL_ID) {
            let Some(parent) = by_id.get(parent_id) else {
                let mut err = CheckError::at(
                    "malformed",
                    &path,
                    format!(
                        "Cannot reconstruct snapshot {}: snapshot {parent_id} is missing from the \
                         migrations folder. Restore the missing migration folder from git, or \
                         delete {} and every later migration, then run generate again",
                        node.folder, node.folder
                    ),
                );
                err.meta.insert("parentId".into(), json!(parent_id));
                return Err(err);
            };
            if !sorts_after(node.folder, parent.folder) {
                let mut err = CheckError::at(
                    "order",
                    &path,
                    format!(
                        "Migration {} sorts before its parent {}, so migrate can run it first. \
                         Rename the folders so that {} sorts after {}",
                        node.folder, parent.folder, node.folder, parent.folder
                    ),
                );
                err.meta
                    .insert("parentSnapshot".into(), json!(folder.path(parent.folder)));
                return Err(err);
            }
        }
    }
    Ok(())
}

/// Folder names are timestamps first, so plain comparison is the order migrate runs them in.
fn sorts_after(folder: &str, parent: &str) -> bool {
    folder > parent
}

/// rc.5 reads the version as a number: missing, zero or newer is `unsupported`, older `non_latest`.
fn check_version(path: &str, raw: Option<&Value>) -> Result<(), CheckError> {
    let current: f64 = FORMAT_VERSION.parse().unwrap_or(9.0);
    let version = raw.and_then(|r| r.get("version")).and_then(|v| match v {
        Value::String(s) if s.trim().is_empty() => Some(0.0),
        Value::String(s) => s.trim().parse::<f64>().ok(),
        Value::Number(n) => n.as_f64(),
        Value::Bool(b) => Some(if *b { 1.0 } else { 0.0 }),
        Value::Null => Some(0.0),
        _ => None,
    });
    match version {
        Some(v) if v == current => Ok(()),
        Some(v) if v > 0.0 && v < current => Err(CheckError::at(
            "non_latest",
            path,
            format!(
                "{path} is snapshot format version {v}, not the current {FORMAT_VERSION}. Run \
                 `sleet up` to upgrade the migrations folder"
            ),
        )),
        _ => Err(CheckError::at(
            "unsupported",
            path,
            format!(
                "{path} is of an unsupported snapshot version (this sleet reads format \
                 {FORMAT_VERSION}); update sleet, or restore the file from git"
            ),
        )),
    }
}

/// One conflict between two leaves, as rc.5 reports it.
#[derive(Debug, Clone)]
pub struct Conflict {
    /// Lowest common ancestor of the two leaves (`None`: they share only the origin).
    pub fork: Option<usize>,
    pub branches: [ConflictSide; 2],
}

#[derive(Debug, Clone)]
pub struct ConflictSide {
    pub leaf: usize,
    /// The snapshot whose footprint conflicts.
    pub source: usize,
    /// Every snapshot of this branch since the fork, in folder order.
    pub chain: Vec<usize>,
    pub footprint: Footprint,
}

impl History {
    /// Ancestors of `from`, itself included.
    fn ancestor_set(&self, from: usize, removed: &[bool]) -> Vec<bool> {
        self.ancestors(&[from], Some(&removed.to_vec()))
    }

    /// Leaves among the snapshots not `removed`, oldest folder first.
    fn live_leaves(&self, removed: &[bool]) -> Vec<usize> {
        let live = |i: usize| !removed.get(i).copied().unwrap_or(false);
        let mut is_parent = vec![false; self.snapshots.len()];
        for (child, parents) in self.parents.iter().enumerate() {
            if live(child) {
                for &p in parents {
                    if let Some(flag) = is_parent.get_mut(p) {
                        *flag = true;
                    }
                }
            }
        }
        (0..self.snapshots.len())
            .filter(|&i| live(i) && !is_parent.get(i).copied().unwrap_or(false))
            .collect()
    }

    /// rc.5's conflicts among the snapshots not `removed`: every pair of leaves, oldest first.
    pub fn conflicts(&self, removed: &[bool]) -> Vec<Conflict> {
        let leaves = self.live_leaves(removed);
        if leaves.len() < 2 {
            return vec![];
        }
        let histories: Vec<Vec<bool>> = leaves
            .iter()
            .map(|&l| self.ancestor_set(l, removed))
            .collect();
        let mut out = Vec::new();
        for (i, &x) in leaves.iter().enumerate() {
            for (j, &y) in leaves.iter().enumerate().skip(i + 1) {
                let (Some(hx), Some(hy)) = (histories.get(i), histories.get(j)) else {
                    continue;
                };
                let only = |a: &Vec<bool>, b: &Vec<bool>| -> Vec<usize> {
                    (0..self.snapshots.len())
                        .filter(|&k| {
                            a.get(k).copied().unwrap_or(false)
                                && !b.get(k).copied().unwrap_or(false)
                        })
                        .collect()
                };
                let branch_x = only(hx, hy);
                let branch_y = only(hy, hx);
                let Some((fx, fy)) = self.first_conflict(&branch_x, &branch_y) else {
                    continue;
                };
                let side = |leaf, chain: Vec<usize>, (source, n): (usize, usize)| ConflictSide {
                    leaf,
                    source,
                    footprint: self.footprint(source, n),
                    chain,
                };
                out.push(Conflict {
                    fork: self.lowest_common_ancestor(x, hx, hy),
                    branches: [side(x, branch_x, fx), side(y, branch_y, fy)],
                });
            }
        }
        out
    }

    fn footprint(&self, snapshot: usize, n: usize) -> Footprint {
        self.snapshots
            .get(snapshot)
            .and_then(|s| s.footprints.get(n))
            .cloned()
            .unwrap_or_else(|| Footprint {
                statement_type: String::new(),
                statement_target: vec![],
                writes: vec![],
                reads: None,
                shared_writes: None,
                sql_hash: None,
            })
    }

    fn footprints_of<'a>(
        &'a self,
        branch: &'a [usize],
    ) -> impl Iterator<Item = ((usize, usize), &'a Footprint)> + 'a {
        branch.iter().flat_map(move |&s| {
            self.snapshots.get(s).into_iter().flat_map(move |snap| {
                snap.footprints
                    .iter()
                    .enumerate()
                    .map(move |(n, f)| ((s, n), f))
            })
        })
    }

    /// The first write of one branch that touches the other, checked x against y and then y
    /// against x; returned as (x's footprint, y's footprint).
    #[allow(clippy::type_complexity)]
    fn first_conflict(&self, x: &[usize], y: &[usize]) -> Option<((usize, usize), (usize, usize))> {
        let scan = |from: &[usize], to: &[usize]| -> Option<((usize, usize), (usize, usize))> {
            let mut touching: HashMap<&str, Vec<((usize, usize), &Footprint)>> = HashMap::new();
            for (at, f) in self.footprints_of(to) {
                for node in f.writes.iter().chain(f.reads.iter().flatten()) {
                    touching.entry(node.as_str()).or_default().push((at, f));
                }
            }
            for (at, f) in self.footprints_of(from) {
                for node in f.writes.iter().chain(f.shared_writes.iter().flatten()) {
                    let Some(others) = touching.get(node.as_str()) else {
                        continue;
                    };
                    // rc.5 reports the latest touching footprint of the other branch.
                    if let Some((other_at, _)) = others
                        .iter()
                        .rev()
                        .find(|(_, other)| !same_change(f, other))
                    {
                        return Some((at, *other_at));
                    }
                }
            }
            None
        };
        scan(x, y).or_else(|| scan(y, x).map(|(b, a)| (a, b)))
    }

    /// The deepest snapshot both leaves descend from. With several such snapshots (criss-cross
    /// merges) rc.5 takes the one with the most ancestors, the first found walking back from `x`.
    fn lowest_common_ancestor(&self, x: usize, hx: &[bool], hy: &[bool]) -> Option<usize> {
        let common =
            |i: usize| hx.get(i).copied().unwrap_or(false) && hy.get(i).copied().unwrap_or(false);
        // A common ancestor with no child among the common ones is maximal.
        let mut has_common_child = vec![false; self.snapshots.len()];
        for (child, parents) in self.parents.iter().enumerate() {
            if common(child) {
                for &p in parents {
                    if let Some(flag) = has_common_child.get_mut(p) {
                        *flag = true;
                    }
                }
            }
        }
        let maximal: Vec<usize> = self
            .walk_order(x)
            .into_iter()
            .filter(|&i| common(i) && !has_common_child.get(i).copied().unwrap_or(true))
            .collect();
        if maximal.len() <= 1 {
            return maximal.first().copied();
        }
        let mut best: Option<(usize, usize)> = None;
        for candidate in maximal {
            let size = self
                .ancestor_set(candidate, &[])
                .iter()
                .filter(|&&b| b)
                .count();
            if best.is_none_or(|(_, s)| size > s) {
                best = Some((candidate, size));
            }
        }
        best.map(|(c, _)| c)
    }

    /// Ancestors of `from` in the order rc.5's depth-first walk first reaches them.
    fn walk_order(&self, from: usize) -> Vec<usize> {
        let mut seen = vec![false; self.snapshots.len()];
        let mut order = Vec::new();
        let mut stack = vec![from];
        while let Some(i) = stack.pop() {
            match seen.get_mut(i) {
                Some(flag) if !*flag => *flag = true,
                _ => continue,
            }
            order.push(i);
            stack.extend(self.parents.get(i).into_iter().flatten().copied());
        }
        order
    }

    /// rc.5's fix: drop the snapshots of each conflict (both sides) and everything after them,
    /// until no conflict is left. Returns the removed snapshots.
    pub fn conflict_fix(&self, first: &[Conflict]) -> Vec<bool> {
        let mut children: Vec<Vec<usize>> = vec![Vec::new(); self.snapshots.len()];
        for (child, parents) in self.parents.iter().enumerate() {
            for &p in parents {
                if let Some(list) = children.get_mut(p) {
                    list.push(child);
                }
            }
        }
        let mut removed = vec![false; self.snapshots.len()];
        let mut conflicts = first.to_vec();
        while !conflicts.is_empty() {
            let mut stack: Vec<usize> = conflicts
                .iter()
                .flat_map(|c| c.branches.iter().map(|b| b.source))
                .collect();
            while let Some(i) = stack.pop() {
                match removed.get_mut(i) {
                    Some(flag) if !*flag => *flag = true,
                    _ => continue,
                }
                stack.extend(children.get(i).into_iter().flatten().copied());
            }
            conflicts = self.conflicts(&removed);
        }
        removed
    }

    pub fn snapshot_at(&self, i: usize) -> Option<&Snapshot> {
        self.snapshots.get(i)
    }
}

fn same_change(a: &Footprint, b: &Footprint) -> bool {
    a.sql_hash.is_some() && a.statement_type == b.statement_type && a.sql_hash == b.sql_hash
}

/// Statement types that act on a schema-level object, for rc.5's conflict descriptions.
const SCHEMA_LEVEL_ACTIONS: [&str; 29] = [
    "create_table",
    "drop_table",
    "rename_table",
    "move_table",
    "remove_from_schema",
    "set_new_schema",
    "create_view",
    "drop_view",
    "alter_view",
    "rename_view",
    "move_view",
    "create_enum",
    "drop_enum",
    "alter_enum",
    "recreate_enum",
    "rename_enum",
    "move_enum",
    "create_sequence",
    "drop_sequence",
    "alter_sequence",
    "rename_sequence",
    "move_sequence",
    "create_schema",
    "drop_schema",
    "rename_schema",
    "create_role",
    "drop_role",
    "alter_role",
    "rename_role",
];

/// `{kind, schema?, table?, name}` of a footprint's target, and rc.5's one-line description.
fn describe(f: &Footprint) -> (Value, String) {
    let action = f.statement_type.as_str();
    let (kind, names) = match f.statement_target.split_first() {
        Some((kind, names)) => (kind.as_str(), names),
        None => ("", &[][..]),
    };
    let name = names.last().map(String::as_str).unwrap_or_default();
    let mut target = Map::new();
    target.insert("kind".into(), json!(kind));
    let (mut schema, mut table) = (None, None);
    match names {
        [s, t, _] => {
            schema = Some(s.as_str());
            table = Some(t.as_str());
        }
        [s, _] => schema = Some(s.as_str()),
        _ => {}
    }
    if let Some(s) = schema {
        target.insert("schema".into(), json!(s));
    }
    if let Some(t) = table {
        target.insert("table".into(), json!(t));
    }
    target.insert("name".into(), json!(name));
    let description = match kind {
        "role" => format!("{action}: {name} role"),
        "index" | "column" => format!("{action}: {name} on {} table", table.unwrap_or("undefined")),
        "schema" => format!("{action}: {name} schema"),
        _ if SCHEMA_LEVEL_ACTIONS.contains(&action) => {
            let s = schema.filter(|s| !s.is_empty()).unwrap_or("schema");
            format!("{action}: {name} in {s} schema")
        }
        _ => format!("{action} on {name} table"),
    };
    (Value::Object(target), description)
}

/// The `conflicts` check error: rc.5's details, its fix plan, and a readable report.
pub fn conflicts_error(folder: &Folder, history: &History, conflicts: &[Conflict]) -> CheckError {
    let snap = |i: usize| history.snapshot_at(i);
    let dir_of = |i: usize| snap(i).map(|s| folder.dir(&s.folder)).unwrap_or_default();
    let id_of = |i: usize| snap(i).map(|s| s.id.clone()).unwrap_or_default();
    let mut details = Vec::new();
    let mut report = Vec::new();
    let mut leaves = Vec::new();
    for c in conflicts {
        let mut detail = Map::new();
        detail.insert(
            "parentId".into(),
            json!(c.fork.map(id_of).unwrap_or_else(|| NIL_ID.to_string())),
        );
        if let Some(fork) = c.fork {
            detail.insert("parentPath".into(), json!(dir_of(fork)));
        }
        report.push(format!(
            "  {}",
            c.fork.map(dir_of).unwrap_or_else(|| NIL_ID.to_string())
        ));
        let mut branches = Vec::new();
        for (n, side) in c.branches.iter().enumerate() {
            let (target, description) = describe(&side.footprint);
            let source_folder = snap(side.source)
                .map(|s| s.folder.clone())
                .unwrap_or_default();
            let statement_description = format!("{description} ({source_folder})");
            let leaf = side.chain.last().copied().unwrap_or(side.leaf);
            if !leaves.contains(&leaf) {
                leaves.push(leaf);
            }
            let last = n + 1 == c.branches.len();
            let (head, indent) = if last {
                ("└──", "    ")
            } else {
                ("├──", "│   ")
            };
            for (m, &s) in side.chain.iter().enumerate() {
                report.push(if m == 0 {
                    format!("  {head} {}", dir_of(s))
                } else {
                    format!("  {indent}{}", dir_of(s))
                });
            }
            report.push(format!("  {indent}└─ ⚠ {statement_description}"));
            branches.push(json!({
                "leafId": id_of(leaf),
                "leafPath": dir_of(leaf),
                "statementDescription": statement_description,
                "target": target,
                "action": side.footprint.statement_type,
            }));
        }
        detail.insert("branches".into(), Value::Array(branches));
        details.push(Value::Object(detail));
    }
    let fix = fix_plan(folder, history, conflicts);
    let (migrations, custom) = (&fix.migrations, &fix.custom_migrations);
    let n = conflicts.len();
    let mut message = vec![format!(
        "Conflicting migrations detected: found {n} conflict{} across {} migration{}",
        if n == 1 { "" } else { "s" },
        leaves.len(),
        if leaves.len() == 1 { "" } else { "s" }
    )];
    message.extend(report);
    message.push(String::new());
    message.push(format!(
        "To fix the conflicts, delete the conflicting migration branches ({} migration{}) and \
         generate one new migration from your schema:",
        migrations.len(),
        if migrations.len() == 1 { "" } else { "s" }
    ));
    message.extend(migrations.iter().map(|m| format!("  {m}")));
    if !custom.is_empty() {
        message.push(
            "These are custom migrations; their SQL does not come from the schema, so copy what \
             you still need first:"
                .to_string(),
        );
        message.extend(custom.iter().map(|m| format!("  {m}")));
    }
    message.push("Every database that already ran a deleted migration must be reset.".into());
    let mut meta = Map::new();
    meta.insert("conflicts".into(), json!(n));
    meta.insert("details".into(), Value::Array(details));
    meta.insert(
        "fix".into(),
        json!({ "migrations": migrations, "customMigrations": custom }),
    );
    CheckError::new("conflicts", message.join("\n"), meta)
}

/// The migrations `--fix-conflicts` deletes for these conflicts.
fn fix_plan(folder: &Folder, history: &History, conflicts: &[Conflict]) -> ConflictFix {
    let removed = history.conflict_fix(conflicts);
    let mut fix = ConflictFix {
        migrations: vec![],
        custom_migrations: vec![],
        folders: vec![],
    };
    for (i, s) in history.snapshots.iter().enumerate() {
        if !removed.get(i).copied().unwrap_or(false) {
            continue;
        }
        fix.migrations.push(folder.dir(&s.folder));
        fix.folders.push(s.folder.clone());
        if matches!(&s.body, Body::Diff(d) if d.is_empty()) {
            fix.custom_migrations.push(folder.dir(&s.folder));
        }
    }
    fix
}

/// `check_folder` for `generate --fix-conflicts`: conflicting branches are not an error; the history
/// is what remains without the fix's migrations, returned with the fix (None when nothing conflicts).
pub fn check_folder_fixing(folder: &Folder) -> Result<(History, Option<ConflictFix>), CheckError> {
    let history = load(folder)?;
    let conflicts = history.conflicts(&[]);
    if conflicts.is_empty() {
        return Ok((history, None));
    }
    let fix = fix_plan(folder, &history, &conflicts);
    let kept: Vec<SnapshotFile> = folder
        .files
        .iter()
        .filter(|f| !fix.folders.contains(&f.folder))
        .cloned()
        .collect();
    let kept = check_folder(&Folder {
        out: folder.out,
        files: &kept,
    })?;
    Ok((kept, Some(fix)))
}

/// Loads the folder and fails on the first integrity problem or on conflicting branches.
pub fn check_folder(folder: &Folder) -> Result<History, CheckError> {
    let history = load(folder)?;
    let conflicts = history.conflicts(&[]);
    if conflicts.is_empty() {
        Ok(history)
    } else {
        Err(conflicts_error(folder, &history, &conflicts))
    }
}
