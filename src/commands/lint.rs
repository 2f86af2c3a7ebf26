//! `lint`: the hazards of existing migration files, with their `-- sleet:allow` acknowledgements, and
//! whether a gate at the configured level fails.
//!
//! A file inside a migrations folder is analysed against the state of its snapshot's parent, so a type
//! change can be told from a narrowing; a file without one (hand-written, or outside any folder) is
//! analysed from its text alone. The rules are the dialect's (`hazards::pg`, `hazards::sqlite`,
//! `hazards::mysql`).

use serde::{Deserialize, Serialize};

use crate::dialect::Dialect;
use crate::error::Result;
use crate::hazards::{self, Allow, Hazard, Severity};
use crate::model::mysql::Mysql;
use crate::model::pg::PgDdl;
use crate::snapshot::flat;
use crate::snapshot::folder::Folder;
use crate::snapshot::pg::{History, NIL_ID};
use crate::snapshot::sqlite::{self as sqlite_snapshot, History as SqliteHistory};
use crate::snapshot::SnapshotFile;

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LintInput {
    pub dialect: String,
    /// `error`, `warning` (default) or `info`: the lowest severity that fails the gate.
    #[serde(default)]
    pub level: Option<String>,
    pub files: Vec<LintFile>,
    /// Every `snapshot.json` of the migrations folder the files belong to.
    #[serde(default)]
    pub snapshots: Vec<SnapshotFile>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LintFile {
    /// As the user should read it in the report.
    pub path: String,
    pub text: String,
    /// The migration's folder name when the file is `<folder>/migration.sql` of the snapshots' folder.
    #[serde(default)]
    pub folder: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LintOutput {
    /// `ok` or `failed` (a hazard at or above the level is not acknowledged).
    pub status: &'static str,
    pub level: Severity,
    pub files: Vec<LintedFile>,
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LintedFile {
    pub path: String,
    pub hazards: Vec<Hazard>,
    /// Allow lines that acknowledged nothing.
    pub unused_allows: Vec<Allow>,
}

pub fn lint(input: &LintInput) -> Result<LintOutput> {
    let dialect = Dialect::parse(&input.dialect)?;
    let level = Severity::parse(input.level.as_deref().unwrap_or("warning"), "level")?;
    let mut warnings = Vec::new();
    let analysed = match dialect {
        Dialect::Postgresql => pg_files(input, &mut warnings)?,
        Dialect::Sqlite => sqlite_files(input, &mut warnings)?,
        Dialect::Mysql => mysql_files(input, &mut warnings)?,
    };
    let mut files = Vec::new();
    let mut failed = false;
    for (f, (mut found, allows)) in input.files.iter().zip(analysed) {
        let unused_allows = hazards::acknowledge(&mut found, &allows);
        failed |= hazards::fails(&found, level);
        files.push(LintedFile {
            path: f.path.clone(),
            hazards: found,
            unused_allows,
        });
    }
    Ok(LintOutput {
        status: if failed { "failed" } else { "ok" },
        level,
        files,
        warnings,
    })
}

type Analysed = Vec<(Vec<Hazard>, Vec<Allow>)>;

/// A folder whose snapshots cannot be read is still linted, from the text alone.
fn unreadable(e: impl std::fmt::Display, warnings: &mut Vec<String>) {
    warnings.push(format!(
        "the snapshots cannot be read ({e}); migrations are linted without their previous schema"
    ));
}

fn pg_files(input: &LintInput, warnings: &mut Vec<String>) -> Result<Analysed> {
    let history = History::from_files(&input.snapshots)
        .map_err(|e| unreadable(e, warnings))
        .ok();
    input
        .files
        .iter()
        .map(|f| {
            let prev = match (&history, &f.folder) {
                (Some(h), Some(folder)) => previous_state(h, folder, warnings),
                _ => None,
            };
            hazards::pg::analyse_file(&f.path, &f.text, prev.as_ref())
        })
        .collect()
}

fn sqlite_files(input: &LintInput, warnings: &mut Vec<String>) -> Result<Analysed> {
    let history = SqliteHistory::from_files("", &input.snapshots)
        .map_err(|e| unreadable(e, warnings))
        .ok();
    input
        .files
        .iter()
        .map(|f| {
            let prev = match (&history, &f.folder) {
                (Some(h), Some(folder)) => {
                    whole_state_parent(&h.snapshots, folder, sqlite_snapshot::NIL_ID, |s| {
                        (
                            s.folder.as_str(),
                            s.id.as_str(),
                            s.prev_ids.as_slice(),
                            &s.ddl,
                        )
                    })
                }
                _ => None,
            };
            hazards::sqlite::analyse_file(&f.path, &f.text, prev.as_ref())
        })
        .collect()
}

fn mysql_files(input: &LintInput, warnings: &mut Vec<String>) -> Result<Analysed> {
    let folder = Folder {
        out: "",
        files: &input.snapshots,
    };
    let history = flat::read::<Mysql>(&folder)
        .map_err(|e| unreadable(e.message, warnings))
        .ok();
    input
        .files
        .iter()
        .map(|f| {
            let prev = match (&history, &f.folder) {
                (Some(h), Some(folder)) => {
                    whole_state_parent(&h.snapshots, folder, flat::NIL_ID, |s| {
                        (
                            s.folder.as_str(),
                            s.id.as_str(),
                            s.prev_ids.as_slice(),
                            &s.ddl,
                        )
                    })
                }
                _ => None,
            };
            hazards::mysql::analyse_file(&f.path, &f.text, prev.as_ref())
        })
        .collect()
}

/// Where every snapshot holds the whole state (SQLite, MySQL), a migration starts from its first
/// parent's; `parts` gives a snapshot's folder, id, parent ids and state.
fn whole_state_parent<S, D: Clone + Default>(
    snapshots: &[S],
    folder: &str,
    nil: &str,
    parts: impl Fn(&S) -> (&str, &str, &[String], &D),
) -> Option<D> {
    let (_, _, prev_ids, _) = snapshots.iter().map(&parts).find(|p| p.0 == folder)?;
    match prev_ids.first().map(String::as_str) {
        None => Some(D::default()),
        Some(parent) if parent == nil => Some(D::default()),
        Some(parent) => snapshots
            .iter()
            .map(&parts)
            .find(|p| p.1 == parent)
            .map(|p| p.3.clone()),
    }
}

/// The schema a migration starts from: the state of its snapshot's first parent (empty for the first).
fn previous_state(history: &History, folder: &str, warnings: &mut Vec<String>) -> Option<PgDdl> {
    let snapshot = history.snapshots().iter().find(|s| s.folder == folder)?;
    match snapshot.prev_ids.first().map(String::as_str) {
        None | Some(NIL_ID) => Some(PgDdl::default()),
        Some(parent) => match history.state_of(parent) {
            Ok(state) => Some(state),
            Err(e) => {
                warnings.push(format!("{folder}: {e}; linted without its previous schema"));
                None
            }
        },
    }
}
