//! `up`: the whole upgrade of a migrations folder as one plan. The shim lists the folder's files, this
//! module decides everything (folder names from the journal, every converted snapshot) and returns
//! the file operations; the shim applies them only when the plan succeeded.
//!
//! What rc.5 does, and so what this does:
//! * drizzle-kit 0.31 layout (`meta/_journal.json`): one `<YYYYMMDDHHMMSS of when>_<tag without its
//!   prefix>/` folder per journal entry with the entry's snapshot and its SQL (moved byte for byte),
//!   then `meta/` is removed.
//! * Postgres: every snapshot older than format 9 goes to format 8 rows first (0.31's renames from
//!   `_meta`), then to format 9: the first migration a base, every later one the deltas from its
//!   parents' reconstructed state, found by diffing with the recorded renames; generated constraint
//!   names the diff would inherit but the old snapshot changed get explicit deltas.
//! * SQLite v5/v6 → 7 and MySQL v5 → 6: each snapshot rewritten on its own.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::dialect::{Command, Dialect};
use crate::diff::hints::Hint;
use crate::diff::pg as pg_diff;
use crate::error::{Error, Result};
use crate::migrations::naming;
use crate::model::pg::PgDdl;
use crate::snapshot::mysql::legacy::mysql_to_v6;
use crate::snapshot::pg::legacy::{self as pg_v7, LEGACY_IDENTITY_ORDER};
use crate::snapshot::pg::state::State;
use crate::snapshot::pg::{self as pg_snap};
use crate::snapshot::sqlite::legacy::sqlite_to_v7;
use crate::snapshot::SnapshotFile;
use crate::sql::pg as pg_sql;

/// One file of the migrations folder, path relative to it with `/` separators. `text` is needed
/// for `meta/*.json` and `*/snapshot.json`; other files are only listed.
#[derive(Debug, Clone, Deserialize)]
pub struct FolderFile {
    pub path: String,
    #[serde(default)]
    pub text: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UpInput {
    /// Config dialect: `postgresql`, `sqlite`, `turso` or `mysql`.
    pub dialect: String,
    pub files: Vec<FolderFile>,
    /// The clock, for a journal entry without `when` (rc.5 then names the folder after now).
    #[serde(default)]
    pub now_ms: f64,
}

/// File operations, in the order they must be applied (relative paths).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "op", rename_all = "camelCase")]
pub enum FileOp {
    Mkdir {
        path: String,
    },
    Write {
        path: String,
        text: String,
    },
    /// Moves a file byte for byte (SQL is never re-encoded).
    Move {
        from: String,
        to: String,
    },
    DeleteDir {
        path: String,
    },
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UpOutput {
    /// Snapshot paths written in the new format, as rc.5 lists them.
    pub upgraded: Vec<String>,
    pub ops: Vec<FileOp>,
}

fn code_error(code: &'static str, message: String) -> Error {
    Error::new(code, message)
}

/// One journal entry's planned folder.
#[derive(Debug, Clone)]
struct Move {
    tag: String,
    folder: String,
    snapshot_path: String,
    sql_path: String,
}

struct Listing<'a> {
    by_path: HashMap<&'a str, &'a FolderFile>,
    top_files: Vec<&'a str>,
    /// `<dir>/snapshot.json` paths, sorted.
    folder_snapshots: Vec<&'a str>,
}

impl<'a> Listing<'a> {
    fn new(files: &'a [FolderFile]) -> Listing<'a> {
        let by_path: HashMap<&str, &FolderFile> =
            files.iter().map(|f| (f.path.as_str(), f)).collect();
        let mut top_files: Vec<&str> = files
            .iter()
            .map(|f| f.path.as_str())
            .filter(|p| !p.contains('/'))
            .collect();
        top_files.sort();
        let mut folder_snapshots: Vec<&str> = files
            .iter()
            .map(|f| f.path.as_str())
            .filter(|p| {
                p.split_once('/')
                    .is_some_and(|(dir, rest)| rest == "snapshot.json" && dir != "meta")
            })
            .collect();
        folder_snapshots.sort();
        Listing {
            by_path,
            top_files,
            folder_snapshots,
        }
    }

    fn text(&self, path: &str) -> Result<&'a str> {
        self.by_path
            .get(path)
            .and_then(|f| f.text.as_deref())
            .ok_or_else(|| Error::internal(format!("the shim did not pass the text of {path}")))
    }

    fn has(&self, path: &str) -> bool {
        self.by_path.contains_key(path)
    }
}

fn folder_of(path: &str) -> &str {
    path.split_once('/').map(|(d, _)| d).unwrap_or(path)
}

/// The journal layout's folders, or `None` when there is no journal.
fn plan_moves(list: &Listing, now_ms: f64) -> Result<Option<Vec<Move>>> {
    const JOURNAL: &str = "meta/_journal.json";
    if !list.has(JOURNAL) {
        return Ok(None);
    }
    let journal: Value = serde_json::from_str(list.text(JOURNAL)?).map_err(|e| {
        Error::snapshot(
            JOURNAL,
            format!("is not valid JSON ({e}). Restore it from git, then run `sleet up` again"),
        )
    })?;
    let entries = journal
        .get("entries")
        .and_then(Value::as_array)
        .ok_or_else(|| {
            Error::snapshot(
                JOURNAL,
                "has no entries array. Restore it from git, then run `sleet up` again",
            )
        })?;
    let mut moves = Vec::with_capacity(entries.len());
    let mut folders: HashMap<String, String> = HashMap::new();
    for (i, entry) in entries.iter().enumerate() {
        let tag = entry.get("tag").and_then(Value::as_str).ok_or_else(|| {
            Error::snapshot(
                JOURNAL,
                format!("entries[{i}] has no tag. Restore the journal from git"),
            )
        })?;
        let when = entry
            .get("when")
            .and_then(Value::as_f64)
            .filter(|w| *w != 0.0)
            .unwrap_or(now_ms);
        let (prefix, rest) = tag.split_once('_').unwrap_or((tag, ""));
        let folder = format!(
            "{}_{rest}",
            naming::format_utc_seconds((when / 1000.0).floor() as i64)
        );
        let snapshot_path = format!("meta/{prefix}_snapshot.json");
        if !list.has(&snapshot_path) {
            return Err(code_error(
                "migration_snapshot_not_found_error",
                format!(
                    "{snapshot_path} is missing: the journal entry {tag} needs it. Restore it \
                     from git, then run `sleet up` again"
                ),
            ));
        }
        let exact = format!("{tag}.sql");
        let sql_path = if list.has(&exact) {
            exact
        } else {
            let starts = format!("{prefix}_");
            let candidates: Vec<&&str> = list
                .top_files
                .iter()
                .filter(|f| f.starts_with(&starts) && f.ends_with(".sql"))
                .collect();
            match candidates.as_slice() {
                [one] => one.to_string(),
                [] => {
                    return Err(code_error(
                        "command_output_error",
                        format!(
                            "Cannot convert the migrations folder: the journal entry {tag} has no \
                             SQL file; sleet expects it at {tag}.sql. No file was changed. Restore \
                             this file from git, then run `sleet up` again"
                        ),
                    ))
                }
                _ => {
                    return Err(code_error(
                        "migration_sql_files_conflict_error",
                        format!(
                            "the journal entry {tag} has no {tag}.sql and several SQL files start \
                             with {starts}. Keep one of them (or rename it to {tag}.sql), then run \
                             `sleet up` again"
                        ),
                    ))
                }
            }
        };
        if let Some(other) = folders.insert(folder.clone(), tag.to_string()) {
            return Err(code_error(
                "check_error",
                format!(
                    "The journal entries {other} and {tag} would both move into the folder \
                     {folder}: `sleet up` names each folder after the time in `when` of its \
                     journal entry, to the second. No file was changed. In meta/_journal.json, \
                     set `when` of {tag} to a time at least one second after `when` of {other}, \
                     then run `sleet up` again"
                ),
            ));
        }
        moves.push(Move {
            tag: tag.to_string(),
            folder,
            snapshot_path,
            sql_path,
        });
    }
    Ok(Some(moves))
}

fn move_ops(
    moves: &[Move],
    snapshot_text: &HashMap<String, String>,
    list: &Listing,
) -> Result<Vec<FileOp>> {
    let mut ops = Vec::new();
    for m in moves {
        let text = match snapshot_text.get(&m.folder) {
            Some(t) => t.clone(),
            None => list.text(&m.snapshot_path)?.to_string(),
        };
        ops.push(FileOp::Mkdir {
            path: m.folder.clone(),
        });
        ops.push(FileOp::Write {
            path: format!("{}/snapshot.json", m.folder),
            text,
        });
        ops.push(FileOp::Move {
            from: m.sql_path.clone(),
            to: format!("{}/migration.sql", m.folder),
        });
    }
    ops.push(FileOp::DeleteDir {
        path: "meta".into(),
    });
    Ok(ops)
}

pub fn up(input: &UpInput) -> Result<UpOutput> {
    let list = Listing::new(&input.files);
    let moves = plan_moves(&list, input.now_ms)?;
    match Dialect::for_command(&input.dialect, Command::Up)? {
        Dialect::Postgresql => up_pg(&list, moves),
        Dialect::Sqlite => up_each(&list, moves, 7.0, sqlite_to_v7),
        Dialect::Mysql => up_each(&list, moves, 6.0, mysql_to_v6),
    }
}

fn version_of(raw: &Value) -> f64 {
    match raw.get("version") {
        Some(Value::String(s)) => s.trim().parse::<f64>().unwrap_or(0.0),
        Some(Value::Number(n)) => n.as_f64().unwrap_or(0.0),
        _ => 0.0,
    }
}

fn parse_json(path: &str, text: &str) -> Result<Value> {
    serde_json::from_str(text).map_err(|_| {
        code_error(
            "check_error",
            format!("{path} data is malformed. Restore the file from git, or fix the JSON in it by hand."),
        )
    })
}

fn unsupported(path: &str) -> Error {
    code_error(
        "unsupported_snapshot_version_error",
        format!("{path} snapshot is of unsupported version, please update sleet"),
    )
}

/// SQLite / MySQL: move (if a journal), then rewrite every older snapshot in place.
fn up_each(
    list: &Listing,
    moves: Option<Vec<Move>>,
    latest: f64,
    convert: fn(&Value, &str) -> Result<String>,
) -> Result<UpOutput> {
    // Where each snapshot lives after the move, and where its text comes from now.
    let mut targets: Vec<(String, String)> = Vec::new();
    if let Some(moves) = &moves {
        for m in moves {
            targets.push((
                format!("{}/snapshot.json", m.folder),
                m.snapshot_path.clone(),
            ));
        }
    }
    let moved: HashSet<String> = targets.iter().map(|(t, _)| t.clone()).collect();
    for p in &list.folder_snapshots {
        if !moved.contains(*p) {
            targets.push((p.to_string(), p.to_string()));
        }
    }
    targets.sort();
    let mut converted: HashMap<String, String> = HashMap::new();
    let mut upgraded = Vec::new();
    for (target, source) in &targets {
        let raw = parse_json(target, list.text(source)?)?;
        let v = version_of(&raw);
        if v == 0.0 || v > latest {
            return Err(unsupported(target));
        }
        if v < latest {
            converted.insert(folder_of(target).to_string(), convert(&raw, target)?);
            upgraded.push(target.clone());
        }
    }
    let mut ops = match &moves {
        Some(moves) => move_ops(moves, &converted, list)?,
        None => Vec::new(),
    };
    let moved_folders: HashSet<&str> = moves.iter().flatten().map(|m| m.folder.as_str()).collect();
    for (target, _) in &targets {
        let folder = folder_of(target);
        if moved_folders.contains(folder) {
            continue;
        }
        if let Some(text) = converted.get(folder) {
            ops.push(FileOp::Write {
                path: target.clone(),
                text: text.clone(),
            });
        }
    }
    Ok(UpOutput { upgraded, ops })
}

/// One Postgres snapshot on its way to format 9.
struct Source {
    folder: String,
    /// Journal tag or folder name, for messages.
    name: String,
    path: String,
    raw: Value,
}

enum Content {
    Old(pg_v7::V8, bool),
    Current,
}

fn up_pg(list: &Listing, moves: Option<Vec<Move>>) -> Result<UpOutput> {
    let mut sources: Vec<Source> = Vec::new();
    match &moves {
        Some(moves) => {
            for m in moves {
                sources.push(Source {
                    folder: m.folder.clone(),
                    name: m.tag.clone(),
                    path: m.snapshot_path.clone(),
                    raw: parse_json(&m.snapshot_path, list.text(&m.snapshot_path)?)?,
                });
            }
        }
        None => {
            for p in &list.folder_snapshots {
                let folder = folder_of(p).to_string();
                sources.push(Source {
                    name: folder.clone(),
                    folder,
                    path: p.to_string(),
                    raw: parse_json(p, list.text(p)?)?,
                });
            }
        }
    }
    for s in &sources {
        let v = version_of(&s.raw);
        if v == 0.0 || v > 9.0 {
            return Err(unsupported(&s.path));
        }
    }
    let mut converted_text: HashMap<String, String> = HashMap::new();
    let mut upgraded = Vec::new();
    if sources.iter().any(|s| version_of(&s.raw) < 9.0) {
        sources.sort_by(|a, b| a.folder.cmp(&b.folder));
        let texts = convert_pg(&sources, moves.is_some())?;
        for (s, text) in sources.iter().zip(texts) {
            if let Some(text) = text {
                upgraded.push(format!("{}/snapshot.json", s.folder));
                converted_text.insert(s.folder.clone(), text);
            }
        }
    }
    let ops = match &moves {
        Some(moves) => move_ops(moves, &converted_text, list)?,
        None => upgraded
            .iter()
            .filter_map(|p| {
                converted_text.get(folder_of(p)).map(|t| FileOp::Write {
                    path: p.clone(),
                    text: t.clone(),
                })
            })
            .collect(),
    };
    Ok(UpOutput { upgraded, ops })
}

fn history_error(reason: String, fix: &str) -> Error {
    code_error(
        "command_output_error",
        format!("Cannot convert the migrations folder to snapshot format 9: {reason} No file was changed. {fix}"),
    )
}

fn conversion_error(name: &str, reason: &str, next: &str) -> Error {
    code_error(
        "command_output_error",
        format!("Cannot convert migration {name} to snapshot format 9: {reason}. No snapshot was converted. {next}"),
    )
}

const REPORT: &str = "Keep the current snapshot files and report this issue to sleet.";

/// Format-9 text of every source in folder order (`None` for those already format 9).
fn convert_pg(sources: &[Source], from_journal: bool) -> Result<Vec<Option<String>>> {
    let mut contents = Vec::with_capacity(sources.len());
    for s in sources {
        let v = version_of(&s.raw);
        let content = if v < 8.0 {
            Content::Old(pg_v7::to_v8(&s.raw, &s.path)?, true)
        } else if v < 9.0 {
            let ddl = s.raw.get("ddl").and_then(Value::as_array);
            let prev = s.raw.get("prevIds").and_then(Value::as_array);
            let id = s.raw.get("id").and_then(Value::as_str);
            let (Some(ddl), Some(prev), Some(id)) = (ddl, prev, id) else {
                return Err(conversion_error(
                    &s.name,
                    "its snapshot.json is malformed",
                    &format!("Restore {} from git, then run `sleet up` again.", s.path),
                ));
            };
            let renames = s
                .raw
                .get("renames")
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(Value::as_str)
                        .map(str::to_string)
                        .collect()
                })
                .unwrap_or_default();
            Content::Old(
                pg_v7::V8 {
                    id: id.to_string(),
                    prev_ids: prev
                        .iter()
                        .map(|p| p.as_str().unwrap_or_default().to_string())
                        .collect(),
                    rows: ddl.clone(),
                    renames,
                },
                false,
            )
        } else {
            Content::Current
        };
        contents.push(content);
    }
    let id_of = |i: usize| -> String {
        match contents.get(i) {
            Some(Content::Old(v8, _)) => v8.id.clone(),
            _ => sources
                .get(i)
                .and_then(|s| s.raw.get("id"))
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string(),
        }
    };
    let prevs_of = |i: usize| -> Vec<String> {
        match contents.get(i) {
            Some(Content::Old(v8, _)) => v8.prev_ids.clone(),
            _ => sources
                .get(i)
                .and_then(|s| s.raw.get("prevIds"))
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(Value::as_str)
                        .map(str::to_string)
                        .collect()
                })
                .unwrap_or_default(),
        }
    };
    let mut index: HashMap<String, usize> = HashMap::new();
    for i in 0..sources.len() {
        index.insert(id_of(i), i);
    }
    let real = |p: &String| !p.is_empty() && p != pg_snap::NIL_ID;
    let mut roots = Vec::new();
    for (i, s) in sources.iter().enumerate() {
        let prevs = prevs_of(i);
        for p in prevs.iter().filter(|p| real(p)) {
            let Some(&pi) = index.get(p) else {
                return Err(history_error(
                    format!(
                        "a migration was deleted in the middle of the history. Migration {} follows \
                         the snapshot {p}, and no migration in the folder has this snapshot.",
                        s.name
                    ),
                    &format!(
                        "Restore the missing migration from git. If that is not possible, delete {} \
                         and every later migration, run `sleet up`, and generate them again.",
                        s.name
                    ),
                ));
            };
            let parent = sources
                .get(pi)
                .ok_or_else(|| Error::internal("parent index"))?;
            if s.folder <= parent.folder {
                return Err(if from_journal {
                    code_error(
                        "check_error",
                        format!(
                            "After `sleet up` moves the migrations into folders, migration {} sorts \
                             before its parent {}, so migrate can run it first. `sleet up` names each \
                             folder after the time in `when` of its journal entry. No file was \
                             changed. In meta/_journal.json, set `when` of {} to a time at least one \
                             second after `when` of {}, then run `sleet up` again.",
                            s.name, parent.name, s.name, parent.name
                        ),
                    )
                } else {
                    code_error(
                        "check_error",
                        format!(
                            "Migration {} sorts before its parent {}, so migrate can run it first. \
                             Rename the folders so that {} sorts after {}.",
                            s.folder, parent.folder, s.folder, parent.folder
                        ),
                    )
                });
            }
        }
        if !prevs.iter().any(real) {
            roots.push(i);
        }
    }
    if let [first, second, ..] = roots.as_slice() {
        let name = |i: &usize| sources.get(*i).map(|s| s.name.clone()).unwrap_or_default();
        return Err(history_error(
            format!(
                "the folder has two first migrations, {} and {}, and a folder must have one.",
                name(first),
                name(second)
            ),
            "Delete one of the two migrations together with every migration that follows it, run \
             `sleet up` again, and then run `sleet generate`.",
        ));
    }

    // Reconstructed state of every snapshot converted so far (and texts, for merges).
    let mut states: HashMap<String, PgDdl> = HashMap::new();
    let mut written: Vec<SnapshotFile> = Vec::new();
    let mut out = Vec::with_capacity(sources.len());
    for (i, s) in sources.iter().enumerate() {
        let content = contents
            .get(i)
            .ok_or_else(|| Error::internal("content index"))?;
        let raw_text = || serde_json::to_string(&s.raw).map_err(|e| Error::internal(e.to_string()));
        let Content::Old(v8, legacy) = content else {
            written.push(SnapshotFile {
                folder: s.folder.clone(),
                text: raw_text()?,
            });
            out.push(None);
            continue;
        };
        let cur = PgDdl::from_rows(&v8.rows, &s.path)?;
        let parents: Vec<&String> = v8.prev_ids.iter().filter(|p| real(p)).collect();
        let (text, state) = if parents.is_empty() {
            let plan = pg_diff::diff(&PgDdl::default(), &cur, &[], pg_diff::Mode::Upgrade)?;
            let footprints = pg_sql::footprints(&plan.statements);
            (
                pg_snap::write_base(&v8.id, &cur, &footprints)?.to_string(),
                cur,
            )
        } else {
            let mut prev_ids: Vec<String> = parents.iter().map(|p| p.to_string()).collect();
            let folder = |id: &String| {
                index
                    .get(id)
                    .and_then(|&j| sources.get(j))
                    .map(|s| s.folder.clone())
            };
            prev_ids.sort_by_key(|id| std::cmp::Reverse(folder(id)));
            let start = starting_state(&prev_ids, &states, &written, &index, sources, &s.folder)?;
            convert_diff(s, v8, &prev_ids, &start)?
        };
        let text = if *legacy {
            with_identity_order(&text)?
        } else {
            text
        };
        states.insert(v8.id.clone(), state);
        written.push(SnapshotFile {
            folder: s.folder.clone(),
            text: text.clone(),
        });
        out.push(Some(text));
    }
    Ok(out)
}

/// The parents' state: the one parent's reconstructed state, or for a merge (or a format-9 parent)
/// the state rc.5 reconstructs from the snapshots written so far.
fn starting_state(
    prev_ids: &[String],
    states: &HashMap<String, PgDdl>,
    written: &[SnapshotFile],
    index: &HashMap<String, usize>,
    sources: &[Source],
    folder: &str,
) -> Result<PgDdl> {
    if let [only] = prev_ids {
        if let Some(state) = states.get(only) {
            return Ok(state.clone());
        }
    }
    let history = pg_snap::History::from_files(written)?;
    if let [only] = prev_ids {
        return history.state_of(only);
    }
    // Only the merge's ancestors, so that their leaves are exactly its parents.
    let mut keep: HashSet<String> = HashSet::new();
    let mut stack: Vec<String> = prev_ids.to_vec();
    while let Some(id) = stack.pop() {
        if !keep.insert(id.clone()) {
            continue;
        }
        if let Some(s) = history.get(&id) {
            stack.extend(s.prev_ids.iter().filter(|p| *p != pg_snap::NIL_ID).cloned());
        }
    }
    let folders: HashSet<String> = keep
        .iter()
        .filter_map(|id| {
            index
                .get(id)
                .and_then(|&i| sources.get(i))
                .map(|s| s.folder.clone())
        })
        .collect();
    let subset: Vec<SnapshotFile> = written
        .iter()
        .filter(|f| folders.contains(&f.folder))
        .cloned()
        .collect();
    pg_snap::History::from_files(&subset)?
        .leaf_state()
        .map_err(|e| {
            history_error(
                format!(
                    "the merge in migration {folder} cannot be reconstructed. {}",
                    e.message
                ),
                "Snapshot format 9 does not support a merge of such branches. Delete the merge \
                 migration, every later migration, and the migrations of one of its branches \
                 after the fork point; then run `sleet up` again and `sleet generate`.",
            )
        })
}

/// Rename hints from format-8 `from->to` names: a rename counts for a kind when the old name is
/// gone and the new one appears there, as rc.5's replay resolver decides.
fn rename_hints(renames: &[String], start: &PgDdl, cur: &PgDdl) -> Result<Vec<Hint>> {
    if renames.is_empty() {
        return Ok(vec![]);
    }
    let before = names_by_kind(start)?;
    let after = names_by_kind(cur)?;
    // Table and schema renames move the names of everything inside them.
    let mut moved: Vec<(String, String)> = Vec::new();
    for r in renames {
        if let Some((from, to)) = r.split_once("->") {
            if from.split('.').count() <= 2 {
                moved.push((format!("{from}."), format!("{to}.")));
            }
        }
    }
    let relocate = |name: &str| -> String {
        for (from, to) in &moved {
            if let Some(rest) = name.strip_prefix(from.as_str()) {
                return format!("{to}{rest}");
            }
        }
        name.to_string()
    };
    let mut hints = Vec::new();
    for r in renames {
        let Some((from, to)) = r.split_once("->") else {
            continue;
        };
        for (kind, parts) in HINT_KINDS {
            if from.split('.').count() != parts || to.split('.').count() != parts {
                continue;
            }
            let had = |set: &HashMap<&str, HashSet<String>>, n: &str| {
                set.get(kind).is_some_and(|s| s.contains(n))
            };
            let from_now = if parts == 3 {
                relocate(from)
            } else {
                from.to_string()
            };
            let gone = had(&before, from) && !had(&after, from)
                || had(&before, &from_now) && !had(&after, &from_now);
            let appears = had(&after, to) && !had(&before, to);
            if gone && appears {
                let from_id = if had(&before, &from_now) && !had(&after, &from_now) {
                    &from_now
                } else {
                    from
                };
                hints.push(Hint::Rename {
                    kind: kind.to_string(),
                    from: from_id.split('.').map(str::to_string).collect(),
                    to: to.split('.').map(str::to_string).collect(),
                });
            }
        }
    }
    Ok(hints)
}

const HINT_KINDS: [(&str, usize); 13] = [
    ("schema", 1),
    ("role", 1),
    ("table", 2),
    ("enum", 2),
    ("sequence", 2),
    ("view", 2),
    ("column", 3),
    ("unique", 3),
    ("check", 3),
    ("index", 3),
    ("primary_key", 3),
    ("foreign key", 3),
    ("policy", 3),
];

fn hint_kind(entity_type: &str) -> Option<&'static str> {
    Some(match entity_type {
        "schemas" => "schema",
        "roles" => "role",
        "tables" => "table",
        "enums" => "enum",
        "sequences" => "sequence",
        "views" => "view",
        "columns" => "column",
        "uniques" => "unique",
        "checks" => "check",
        "indexes" => "index",
        "pks" => "primary_key",
        "fks" => "foreign key",
        "policies" => "policy",
        _ => return None,
    })
}

/// rc.5's `nameOf`: schema, table and name, the empty ones left out, joined with dots.
fn names_by_kind(ddl: &PgDdl) -> Result<HashMap<&'static str, HashSet<String>>> {
    let mut out: HashMap<&'static str, HashSet<String>> = HashMap::new();
    for row in ddl.to_rows()? {
        let Some(kind) = row
            .get("entityType")
            .and_then(Value::as_str)
            .and_then(hint_kind)
        else {
            continue;
        };
        let name = ["schema", "table", "name"]
            .iter()
            .filter_map(|f| row.get(*f).and_then(Value::as_str))
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(".");
        out.entry(kind).or_default().insert(name);
    }
    Ok(out)
}

/// rc.5 keeps the name a primary key has in the reconstructed state when the old snapshot only
/// carries the default `<table>_pkey`.
fn with_state_pk_names(rows: &[Value], state: &PgDdl) -> Vec<Value> {
    let by_table: HashMap<(&str, &str), &str> = state
        .pks
        .iter()
        .map(|pk| ((pk.schema.as_str(), pk.table.as_str()), pk.name.as_str()))
        .collect();
    rows.iter()
        .map(|row| {
            let is_default_pk = row.get("entityType").and_then(Value::as_str) == Some("pks")
                && row.get("nameExplicit").and_then(Value::as_bool) != Some(true)
                && row
                    .get("table")
                    .and_then(Value::as_str)
                    .map(|t| format!("{t}_pkey"))
                    == row.get("name").and_then(Value::as_str).map(str::to_string);
            if !is_default_pk {
                return row.clone();
            }
            let schema = row
                .get("schema")
                .and_then(Value::as_str)
                .unwrap_or_default();
            let table = row.get("table").and_then(Value::as_str).unwrap_or_default();
            match by_table.get(&(schema, table)) {
                Some(name) => {
                    let mut r = row.clone();
                    if let Value::Object(m) = &mut r {
                        m.insert("name".into(), Value::String(name.to_string()));
                    }
                    r
                }
                None => row.clone(),
            }
        })
        .collect()
}

fn convert_diff(
    s: &Source,
    v8: &pg_v7::V8,
    prev_ids: &[String],
    start: &PgDdl,
) -> Result<(String, PgDdl)> {
    let cur = PgDdl::from_rows(&v8.rows, &s.path)?;
    let hints = rename_hints(&v8.renames, start, &cur)?;
    let plan = pg_diff::diff(start, &cur, &hints, pg_diff::Mode::Upgrade)?;
    let inherited = plan.state.clone();
    let target = PgDdl::from_rows(&with_state_pk_names(&v8.rows, &inherited), &s.path)?;
    let mut deltas = pg_snap::deltas(start, &inherited, &plan.renames)?;
    deltas.extend(pg_snap::deltas(&inherited, &target, &[])?);
    // Footprints describe the statements that turn the parents' state into the recorded one.
    let footprints = if inherited == target {
        pg_sql::footprints(&plan.statements)
    } else {
        let again = pg_diff::diff(start, &target, &hints, pg_diff::Mode::Upgrade)?;
        pg_sql::footprints(&again.statements)
    };
    // The written deltas must rebuild exactly the old snapshot's state.
    let mut state = State::from_ddl(start.clone())
        .map_err(|key| Error::internal(format!("the parents' state lists {key:?} twice")))?;
    for d in &deltas {
        let delta = pg_snap::parse_delta(d).map_err(Error::internal)?;
        state.apply(&delta, true).map_err(|e| {
            conversion_error(
                &s.name,
                &format!("a delta cannot be applied ({})", e.describe()),
                REPORT,
            )
        })?;
    }
    let rebuilt = state.into_ddl();
    if !same_rows(&rebuilt, &target)? {
        return Err(conversion_error(
            &s.name,
            "its reconstructed state differs from the format 8 state",
            REPORT,
        ));
    }
    let text = pg_snap::write_diff_deltas(&v8.id, prev_ids, deltas, &footprints)?;
    Ok((text, rebuilt))
}

fn same_rows(a: &PgDdl, b: &PgDdl) -> Result<bool> {
    let set = |d: &PgDdl| -> Result<Vec<String>> {
        let mut rows: Vec<String> = d.to_rows()?.iter().map(|r| r.to_string()).collect();
        rows.sort();
        Ok(rows)
    };
    Ok(set(a)? == set(b)?)
}

/// Re-orders every `identity` object to the key order rc.5 gives converted 0.31 columns.
fn with_identity_order(text: &str) -> Result<String> {
    fn walk(v: &mut Value) {
        match v {
            Value::Object(m) => {
                if let Some(Value::Object(id)) = m.get_mut("identity") {
                    let mut ordered = serde_json::Map::new();
                    for k in LEGACY_IDENTITY_ORDER {
                        if let Some(x) = id.remove(k) {
                            ordered.insert(k.to_string(), x);
                        }
                    }
                    ordered.append(id);
                    *id = ordered;
                }
                for (_, x) in m.iter_mut() {
                    walk(x);
                }
            }
            Value::Array(a) => a.iter_mut().for_each(walk),
            _ => {}
        }
    }
    let mut v: Value = serde_json::from_str(text).map_err(|e| Error::internal(e.to_string()))?;
    walk(&mut v);
    serde_json::to_string_pretty(&v).map_err(|e| Error::internal(e.to_string()))
}
