//! Deciding what a run does: which local migrations are applied, pending, edited or failed, which
//! recorded rows have no local file, how a 0.31-era table is upgraded, and the exact statements of
//! each migration to execute. Input is what the shim read from the folder and the database.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::{HashMap, HashSet};

use super::bookkeeping::{self as bk, Dialect, Names, Target};
use super::folder::{split_migration, LocalMigration};
use crate::error::{Error, Result};

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ColumnRow {
    pub table_name: String,
    pub column_name: String,
}

/// A row of the migrations table. The shim turns `created_at` into its decimal text (it arrives as
/// a number, a bigint or a string depending on the driver).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DbRow {
    pub id: Option<i64>,
    pub hash: Option<String>,
    pub created_at: Option<String>,
    #[serde(default)]
    pub name: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProgressRow {
    pub name: String,
    pub hash: String,
    pub statements_total: i64,
    pub statements_done: i64,
    pub done_hash: String,
    pub error: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PlanInput {
    pub target: Target,
    pub local: Vec<LocalMigration>,
    #[serde(default)]
    pub columns: Vec<ColumnRow>,
    #[serde(default)]
    pub rows: Vec<DbRow>,
    #[serde(default)]
    pub progress: Vec<ProgressRow>,
    pub to: Option<String>,
    pub mark_applied: Option<String>,
    #[serde(default)]
    pub allow_edited: bool,
    #[serde(default)]
    pub resume: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum State {
    Applied,
    Pending,
    /// Recorded, but the file's hash differs from the recorded one.
    Edited,
    /// Recorded, but no local migration has its name.
    Missing,
    /// Ran partly outside a transaction and stopped; see `progress`.
    Failed,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Entry {
    pub name: String,
    pub state: State,
    pub created_at: Option<i64>,
    pub hash: Option<String>,
    /// The hash recorded in the database when it differs from the file's.
    pub recorded_hash: Option<String>,
    pub file: Option<String>,
    pub progress: Option<ProgressRow>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Problem {
    pub code: &'static str,
    pub message: String,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Plan {
    pub table: String,
    pub table_exists: bool,
    pub progress_exists: bool,
    /// The table predates drizzle-orm 1.0 (no `name` column) and `setup` upgrades it.
    pub upgrade: bool,
    /// Run under the lock before any migration, in one transaction where the dialect allows.
    pub setup: Vec<String>,
    /// Local migrations in order, then recorded rows without a local file.
    pub migrations: Vec<Entry>,
    /// Names to execute, in order.
    pub run: Vec<String>,
    /// `--mark-applied`: statements that record migrations without running them.
    pub mark: Vec<MarkAction>,
    pub warnings: Vec<String>,
    /// Why the run must not go ahead (edited or unfinished migrations); `--status` still reports.
    pub blocked: Option<Problem>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MarkAction {
    pub name: String,
    /// `recorded`, `rehashed` (edited file accepted as it is now) or `already`.
    pub action: &'static str,
    pub statements: Vec<String>,
}

/// drizzle-orm 1.0's v0→v1 upgrade matching: a row's `created_at` cut to whole seconds (on its
/// decimal text, as drizzle does) picks the local migration of that second; several in one second
/// are told apart by hash; no migration in that second falls back to the hash alone.
fn legacy_millis(created_at: &str) -> Option<i64> {
    let len = created_at.chars().count();
    let head: String = created_at.chars().take(len.saturating_sub(3)).collect();
    format!("{head}000").parse().ok()
}

struct LegacyMatch {
    name: String,
    update: String,
}

fn upgrade_legacy_table(
    n: &Names,
    local: &[LocalMigration],
    rows: &[DbRow],
) -> Result<Vec<LegacyMatch>> {
    let mut sorted: Vec<&LocalMigration> = local.iter().collect();
    sorted.sort_by(|a, b| {
        (a.created_at / 1000 * 1000)
            .cmp(&(b.created_at / 1000 * 1000))
            .then_with(|| a.name.cmp(&b.name))
    });
    let mut by_second: HashMap<i64, Vec<&LocalMigration>> = HashMap::new();
    let mut by_hash: HashMap<&str, &LocalMigration> = HashMap::new();
    for m in &sorted {
        by_second
            .entry(m.created_at.div_euclid(1000) * 1000)
            .or_default()
            .push(m);
        by_hash.insert(m.hash.as_str(), m);
    }
    let t = n.table_sql();
    let mut matched = Vec::with_capacity(rows.len());
    let mut unmatched = Vec::new();
    for row in rows {
        let hash = row.hash.as_deref().unwrap_or("");
        let created = row.created_at.as_deref().unwrap_or("");
        let candidates = legacy_millis(created).and_then(|ms| by_second.get(&ms));
        let (found, by_millis) = match candidates.map(Vec::as_slice) {
            Some([only]) => (Some(*only), true),
            Some(several) => (
                several
                    .iter()
                    .find(|c| !hash.is_empty() && c.hash == hash)
                    .copied(),
                false,
            ),
            None => (by_hash.get(hash).copied(), false),
        };
        let Some(m) = found else {
            unmatched.push(match row.id {
                Some(id) => format!("id {id}, created_at {created}"),
                None => format!("created_at {created}, hash {hash}"),
            });
            continue;
        };
        // 0.31 SQLite tables declared `id SERIAL`, which SQLite leaves NULL: key on what is there.
        let key = match row.id {
            Some(id) => format!("{} = {id}", n.ident("id")),
            None if by_millis => match created.parse::<i64>() {
                Ok(v) => format!("{} = {v}", n.ident("created_at")),
                Err(_) => format!("{} = {}", n.ident("created_at"), n.literal(created)),
            },
            None => format!("{} = {}", n.ident("hash"), n.literal(hash)),
        };
        matched.push(LegacyMatch {
            name: m.name.clone(),
            update: format!(
                "UPDATE {t} SET {} = {}, {} = NULL WHERE {key}",
                n.ident("name"),
                n.literal(&m.name),
                n.ident("applied_at")
            ),
        });
    }
    if !unmatched.is_empty() {
        return Err(Error::new(
            "migrations_table_mismatch",
            format!(
                "upgrading {} to drizzle-orm 1.0's layout: {} recorded migration(s) ({}) match no local migration by time or hash, so they were applied from files that are not here; run from a checkout that has every applied migration",
                n.display(),
                unmatched.len(),
                unmatched.join("; ")
            ),
        ));
    }
    Ok(matched)
}

fn legacy_columns_sql(n: &Names) -> Vec<String> {
    let t = n.table_sql();
    match n.dialect {
        Dialect::Postgresql => vec![
            format!("ALTER TABLE {t} ADD COLUMN IF NOT EXISTS \"name\" text"),
            format!("ALTER TABLE {t} ADD COLUMN IF NOT EXISTS \"applied_at\" timestamp with time zone DEFAULT now()"),
        ],
        Dialect::Mysql => vec![
            format!("ALTER TABLE {t} ADD `name` text"),
            format!("ALTER TABLE {t} ADD `applied_at` TIMESTAMP DEFAULT CURRENT_TIMESTAMP"),
        ],
        Dialect::Sqlite => vec![
            format!("ALTER TABLE {t} ADD COLUMN \"name\" text"),
            format!("ALTER TABLE {t} ADD COLUMN \"applied_at\" TEXT"),
        ],
    }
}

pub fn plan(input: &PlanInput) -> Result<Plan> {
    let n = Names::new(&input.target)?;
    let table_columns: HashSet<&str> = input
        .columns
        .iter()
        .filter(|c| c.table_name == n.table)
        .map(|c| c.column_name.as_str())
        .collect();
    let table_exists = !table_columns.is_empty();
    let progress_exists = input.columns.iter().any(|c| c.table_name == n.progress);
    let legacy = table_exists && !table_columns.contains("name");

    let mut warnings = Vec::new();
    let mut setup = Vec::new();
    // Each row's name: recorded, or assigned by the legacy upgrade.
    let mut row_names: Vec<Option<String>> = input.rows.iter().map(|r| r.name.clone()).collect();
    if !table_exists {
        setup = bk::run_sql(&input.target)?.create;
    } else if legacy {
        let matches = upgrade_legacy_table(&n, &input.local, &input.rows)?;
        setup = legacy_columns_sql(&n);
        row_names = matches.iter().map(|m| Some(m.name.clone())).collect();
        setup.extend(matches.into_iter().map(|m| m.update));
    }

    let local_index: HashMap<&str, usize> = input
        .local
        .iter()
        .enumerate()
        .map(|(i, m)| (m.name.as_str(), i))
        .collect();
    // Per local migration: the recorded hashes.
    let mut recorded: Vec<Vec<&str>> = vec![Vec::new(); input.local.len()];
    let mut missing = Vec::new();
    let mut unnamed = Vec::new();
    for (row, name) in input.rows.iter().zip(&row_names) {
        let hash = row.hash.as_deref().unwrap_or("");
        match name {
            Some(name) => match local_index.get(name.as_str()) {
                Some(&i) => {
                    if let Some(r) = recorded.get_mut(i) {
                        r.push(hash);
                    }
                }
                None => missing.push(Entry {
                    name: name.clone(),
                    state: State::Missing,
                    created_at: row.created_at.as_deref().and_then(|c| c.parse().ok()),
                    hash: None,
                    recorded_hash: Some(hash.to_string()),
                    file: None,
                    progress: None,
                }),
            },
            None => unnamed.push(row),
        }
    }
    // Rows without a name in a 1.0 table were written by an older migrator after the upgrade;
    // drizzle-orm 1.0 would run their migrations again, sleet recognises them by hash.
    let by_hash: HashMap<&str, usize> = input
        .local
        .iter()
        .enumerate()
        .map(|(i, m)| (m.hash.as_str(), i))
        .collect();
    for row in unnamed {
        let hash = row.hash.as_deref().unwrap_or("");
        match by_hash.get(hash) {
            Some(&i) if recorded.get(i).is_some_and(Vec::is_empty) => {
                if let (Some(r), Some(m)) = (recorded.get_mut(i), input.local.get(i)) {
                    r.push(hash);
                    warnings.push(format!(
                        "{}: a row without a name (id {}) records {} by its hash; run drizzle-orm 1.0 or sleet only, so rows carry names",
                        n.display(),
                        row.id.map_or("NULL".to_string(), |id| id.to_string()),
                        m.name
                    ));
                }
            }
            _ => missing.push(Entry {
                name: format!(
                    "(row id {}, no name)",
                    row.id.map_or("NULL".to_string(), |id| id.to_string())
                ),
                state: State::Missing,
                created_at: row.created_at.as_deref().and_then(|c| c.parse().ok()),
                hash: None,
                recorded_hash: Some(hash.to_string()),
                file: None,
                progress: None,
            }),
        }
    }

    let progress_by_name: HashMap<&str, &ProgressRow> = input
        .progress
        .iter()
        .map(|p| (p.name.as_str(), p))
        .collect();
    let mut entries = Vec::with_capacity(input.local.len() + missing.len());
    for (m, hashes) in input.local.iter().zip(&recorded) {
        let progress = progress_by_name.get(m.name.as_str()).copied();
        let edited_hash = hashes
            .iter()
            .find(|h| !h.is_empty() && **h != m.hash)
            .map(|h| h.to_string());
        if hashes.len() > 1 {
            warnings.push(format!(
                "{}: {} is recorded {} times (runs without a lock raced); it ran more than once or failed on the second run",
                n.display(),
                m.name,
                hashes.len()
            ));
        }
        let state = if hashes.is_empty() {
            if progress.is_some() {
                State::Failed
            } else {
                State::Pending
            }
        } else if edited_hash.is_some() {
            State::Edited
        } else {
            State::Applied
        };
        if !hashes.is_empty() && progress.is_some() {
            // The row and the progress clean-up commit together, so this is a hand-made state.
            setup.push(bk::progress_clear(&n, &m.name));
        }
        entries.push(Entry {
            name: m.name.clone(),
            state,
            created_at: Some(m.created_at),
            hash: Some(m.hash.clone()),
            recorded_hash: edited_hash,
            file: Some(m.file.clone()),
            progress: progress.filter(|_| hashes.is_empty()).cloned(),
        });
    }
    for p in &input.progress {
        if !local_index.contains_key(p.name.as_str()) {
            warnings.push(format!(
                "{}: {} stopped after statement {} of {} but is not in the migrations folder",
                n.progress, p.name, p.statements_done, p.statements_total
            ));
        }
    }
    for m in &missing {
        warnings.push(format!(
            "{}: {} is recorded as applied but has no local migration",
            n.display(),
            m.name
        ));
    }

    let cutoff = match input.to.as_deref().or(input.mark_applied.as_deref()) {
        Some(name) => Some(*local_index.get(name).ok_or_else(|| {
            Error::input(format!(
                "{} {name}: no migration with that name in the folder (names are folder names, like 20261125212032_init)",
                if input.to.is_some() { "--to" } else { "--mark-applied" }
            ))
        })?),
        None => None,
    };
    let in_range = |i: usize| cutoff.is_none_or(|c| i <= c);

    let mut run = Vec::new();
    let mut mark = Vec::new();
    if let Some(target) = input.mark_applied.as_deref() {
        for (i, e) in entries.iter().enumerate().filter(|(i, _)| in_range(*i)) {
            let Some(m) = input.local.get(i) else {
                continue;
            };
            let action = match e.state {
                State::Pending | State::Failed => {
                    let mut statements = vec![bk::insert_row(&n, &m.name, &m.hash, m.created_at)];
                    if e.state == State::Failed {
                        statements.push(bk::progress_clear(&n, &m.name));
                    }
                    MarkAction {
                        name: m.name.clone(),
                        action: "recorded",
                        statements,
                    }
                }
                State::Edited if m.name == target => MarkAction {
                    name: m.name.clone(),
                    action: "rehashed",
                    statements: vec![bk::update_hash(&n, &m.name, &m.hash)],
                },
                _ if m.name == target => MarkAction {
                    name: m.name.clone(),
                    action: "already",
                    statements: vec![],
                },
                _ => continue,
            };
            mark.push(action);
        }
    } else {
        for (i, e) in entries.iter().enumerate() {
            if in_range(i) && matches!(e.state, State::Pending | State::Failed) {
                run.push(e.name.clone());
            }
        }
    }

    let blocked = blocking_problem(&entries, &run, input, &n);
    entries.extend(missing);
    Ok(Plan {
        table: n.display(),
        table_exists,
        progress_exists,
        upgrade: legacy,
        setup,
        migrations: entries,
        run,
        mark,
        warnings,
        blocked,
    })
}

fn blocking_problem(
    entries: &[Entry],
    run: &[String],
    input: &PlanInput,
    n: &Names,
) -> Option<Problem> {
    let edited: Vec<&Entry> = entries
        .iter()
        .filter(|e| e.state == State::Edited)
        .collect();
    if !edited.is_empty() && !input.allow_edited && input.mark_applied.is_none() {
        let list: Vec<String> = edited
            .iter()
            .map(|e| format!("  {}", e.file.as_deref().unwrap_or(&e.name)))
            .collect();
        return Some(Problem {
            code: "migration_edited",
            message: format!(
                "{} applied migration(s) changed after they ran (their sha256 differs from the one recorded in {}):\n{}\nRestore them from version control. If the change is intended (the database already matches), record the file as it is now with --mark-applied <name>, or run anyway with --allow-edited.",
                edited.len(),
                n.display(),
                list.join("\n")
            ),
        });
    }
    let run_set: HashSet<&str> = run.iter().map(String::as_str).collect();
    let failed = entries
        .iter()
        .find(|e| e.state == State::Failed && run_set.contains(e.name.as_str()));
    if let (Some(e), false) = (failed, input.resume) {
        let p = e.progress.as_ref()?;
        let why = match &p.error {
            Some(err) => format!("statement {} failed: {err}", p.statements_done + 1),
            None => format!(
                "the run stopped (killed or disconnected) during statement {}",
                p.statements_done + 1
            ),
        };
        return Some(Problem {
            code: "migration_incomplete",
            message: format!(
                "{} did not finish: {} of its {} statements ran outside a transaction and are committed; {why}.\nNothing runs again on its own. Fix the cause, then continue from statement {} with --resume; or complete it by hand and record it with --mark-applied {}.",
                e.name,
                p.statements_done,
                p.statements_total,
                p.statements_done + 1,
                e.name
            ),
        });
    }
    None
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StepsInput {
    pub target: Target,
    pub migration: LocalMigration,
    /// The file text (the same text whose hash `migration.hash` is).
    pub sql: String,
    /// The progress row when continuing a migration that stopped (`--resume`).
    pub resume: Option<ProgressRow>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Statement {
    /// 1-based position among the migration's statements, for messages.
    pub number: usize,
    pub sql: String,
    /// Records that this statement completed (statements outside a transaction only).
    pub progress: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Steps {
    pub name: String,
    pub total: usize,
    /// All statements plus the record run in one transaction.
    pub transactional: bool,
    /// SQLite: switch foreign keys off before the transaction, check them before commit.
    pub foreign_keys_off: bool,
    /// Create the progress row (statements outside a transaction only, not when resuming).
    pub progress_start: Option<String>,
    pub statements: Vec<Statement>,
    /// Record the migration as applied (and drop its progress row), in one transaction.
    pub record: Vec<String>,
    /// One row when another run recorded it meanwhile (checked under SQLite's per-step lock).
    pub is_recorded: String,
}

/// Running hash of the statements done so far, so `--resume` can tell that they were not edited.
fn done_hash(statements: &[String]) -> String {
    let mut h = Sha256::new();
    for s in statements {
        h.update(s.as_bytes());
        h.update([0u8]);
    }
    super::folder::sha256_hex_of(&h.finalize())
}

pub fn steps(input: &StepsInput) -> Result<Steps> {
    let n = Names::new(&input.target)?;
    let m = &input.migration;
    let split = split_migration(&input.sql);
    let total = split.statements.len();
    let transactional = n.dialect.transactional_ddl() && !split.no_transaction;
    let start = match &input.resume {
        Some(p) => {
            let done = usize::try_from(p.statements_done).unwrap_or(usize::MAX);
            let prefix = split.statements.get(..done).ok_or_else(|| {
                Error::new(
                    "resume_mismatch",
                    format!(
                        "{}: {done} statements ran before it stopped, but the file now has {total}; restore the file, or finish by hand and use --mark-applied {}",
                        m.file, m.name
                    ),
                )
            })?;
            if done_hash(prefix) != p.done_hash {
                return Err(Error::new(
                    "resume_mismatch",
                    format!(
                        "{}: statements 1-{done}, which already ran, were edited since; restore them (only later statements may change), or finish by hand and use --mark-applied {}",
                        m.file, m.name
                    ),
                ));
            }
            done
        }
        None => 0,
    };
    let statements = split
        .statements
        .iter()
        .enumerate()
        .skip(start)
        .map(|(i, sql)| Statement {
            number: i + 1,
            sql: sql.clone(),
            progress: (!transactional).then(|| {
                bk::progress_step(
                    &n,
                    &m.name,
                    i + 1,
                    &done_hash(split.statements.get(..=i).unwrap_or(&[])),
                )
            }),
        })
        .collect();
    let progress_start = (!transactional && input.resume.is_none())
        .then(|| bk::progress_start(&n, &m.name, &m.hash, total, &done_hash(&[])));
    let mut record = vec![bk::insert_row(&n, &m.name, &m.hash, m.created_at)];
    if !transactional || input.resume.is_some() {
        record.push(bk::progress_clear(&n, &m.name));
    }
    Ok(Steps {
        name: m.name.clone(),
        total,
        transactional,
        foreign_keys_off: n.dialect == Dialect::Sqlite && split.foreign_keys_off,
        progress_start,
        statements,
        record,
        is_recorded: bk::is_recorded(&n, &m.name),
    })
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FailureInput {
    pub target: Target,
    pub name: String,
    pub error: String,
}

/// Records why a statement outside a transaction failed, for the next run's message.
pub fn progress_failed_sql(input: &FailureInput) -> Result<String> {
    let n = Names::new(&input.target)?;
    Ok(bk::progress_failed(&n, &input.name, &input.error))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::migrations::folder::sha256_hex;

    fn target(dialect: &str) -> Target {
        Target {
            dialect: dialect.into(),
            table: None,
            schema: None,
        }
    }

    fn local(name: &str, sql: &str) -> LocalMigration {
        LocalMigration {
            name: name.into(),
            created_at: crate::migrations::naming::folder_millis(name).unwrap_or(0),
            hash: sha256_hex(sql),
            file: format!("{name}/migration.sql"),
        }
    }

    fn cols(names: &[&str]) -> Vec<ColumnRow> {
        names
            .iter()
            .map(|c| ColumnRow {
                table_name: "__drizzle_migrations".into(),
                column_name: (*c).into(),
            })
            .collect()
    }

    fn row(id: Option<i64>, m: &LocalMigration, named: bool) -> DbRow {
        DbRow {
            id,
            hash: Some(m.hash.clone()),
            created_at: Some(m.created_at.to_string()),
            name: named.then(|| m.name.clone()),
        }
    }

    fn input(dialect: &str, local: Vec<LocalMigration>) -> PlanInput {
        PlanInput {
            target: target(dialect),
            local,
            columns: vec![],
            rows: vec![],
            progress: vec![],
            to: None,
            mark_applied: None,
            allow_edited: false,
            resume: false,
        }
    }

    #[test]
    fn fresh_database_creates_the_table_and_runs_everything() {
        let a = local("20260101000000_a", "x");
        let b = local("20260102000000_b", "y");
        let p = plan(&input("postgresql", vec![a, b])).unwrap();
        assert!(!p.table_exists);
        assert_eq!(p.setup.len(), 2);
        assert_eq!(p.run, ["20260101000000_a", "20260102000000_b"]);
    }

    #[test]
    fn out_of_order_migration_from_a_merged_branch_is_pending() {
        let a = local("20260101000000_a", "x");
        let b = local("20260102000000_b", "y");
        let c = local("20260103000000_c", "z");
        let mut i = input("mysql", vec![a.clone(), b.clone(), c.clone()]);
        i.columns = cols(&["id", "hash", "created_at", "name", "applied_at"]);
        i.rows = vec![row(Some(1), &a, true), row(Some(2), &c, true)];
        let p = plan(&i).unwrap();
        assert_eq!(p.run, ["20260102000000_b"]);
        assert!(p.setup.is_empty());
    }

    #[test]
    fn edited_and_missing_are_reported() {
        let a = local("20260101000000_a", "x");
        let mut i = input("sqlite", vec![a.clone()]);
        i.columns = cols(&["id", "hash", "created_at", "name", "applied_at"]);
        let mut edited = row(Some(1), &a, true);
        edited.hash = Some("old".into());
        let gone = DbRow {
            id: Some(2),
            hash: Some("h".into()),
            created_at: Some("1".into()),
            name: Some("20250101000000_gone".into()),
        };
        i.rows = vec![edited, gone];
        let p = plan(&i).unwrap();
        assert_eq!(p.migrations[0].state, State::Edited);
        assert_eq!(p.migrations[1].state, State::Missing);
        assert_eq!(p.blocked.as_ref().unwrap().code, "migration_edited");
        i.allow_edited = true;
        assert!(plan(&i).unwrap().blocked.is_none());
        i.allow_edited = false;
        i.mark_applied = Some("20260101000000_a".into());
        let p = plan(&i).unwrap();
        assert_eq!(p.mark[0].action, "rehashed");
    }

    #[test]
    fn legacy_table_rows_get_names_like_drizzle_orm_1_0() {
        let a = local("20260101000000_a", "x");
        let b = local("20260101000000_b", "y");
        let c = local("20260105000000_c", "z");
        let mut i = input("sqlite", vec![a.clone(), b.clone(), c.clone()]);
        i.columns = cols(&["id", "hash", "created_at"]);
        // 0.31 stored the journal `when` in ms; SQLite rows have NULL ids.
        let mut ra = row(None, &a, false);
        ra.created_at = Some("1767225600123".into());
        let mut rc = row(None, &c, false);
        rc.created_at = Some("1767571200999".into());
        i.rows = vec![ra, rc];
        let p = plan(&i).unwrap();
        assert!(p.upgrade);
        assert_eq!(p.run, ["20260101000000_b"]);
        assert!(p.setup[2].ends_with(
            "WHERE \"hash\" = '2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881'"
        ));
        assert!(p.setup[3].ends_with("WHERE \"created_at\" = 1767571200999"));
        i.rows.push(DbRow {
            id: None,
            hash: Some("nope".into()),
            created_at: Some("5".into()),
            name: None,
        });
        assert_eq!(plan(&i).unwrap_err().code, "migrations_table_mismatch");
    }

    #[test]
    fn to_and_mark_applied_cut_the_run() {
        let a = local("20260101000000_a", "x");
        let b = local("20260102000000_b", "y");
        let mut i = input("postgresql", vec![a, b]);
        i.to = Some("20260101000000_a".into());
        assert_eq!(plan(&i).unwrap().run, ["20260101000000_a"]);
        i.to = Some("nope".into());
        assert!(plan(&i).is_err());
        i.to = None;
        i.mark_applied = Some("20260102000000_b".into());
        let p = plan(&i).unwrap();
        assert!(p.run.is_empty());
        assert_eq!(p.mark.len(), 2);
    }

    #[test]
    fn mysql_steps_record_progress_and_resume_checks_the_prefix() {
        let sql = "CREATE TABLE a (id int);--> statement-breakpoint\nCREATE TABLE b (id int);";
        let m = local("20260101000000_a", sql);
        let s = steps(&StepsInput {
            target: target("mysql"),
            migration: m.clone(),
            sql: sql.into(),
            resume: None,
        })
        .unwrap();
        assert!(!s.transactional);
        assert!(s.progress_start.is_some());
        assert_eq!(s.statements.len(), 2);
        let done = done_hash(&["CREATE TABLE a (id int);".to_string()]);
        assert!(s.statements[0].progress.as_ref().unwrap().contains(&done));
        let progress = ProgressRow {
            name: m.name.clone(),
            hash: m.hash.clone(),
            statements_total: 2,
            statements_done: 1,
            done_hash: done,
            error: Some("boom".into()),
        };
        let edited_later =
            "CREATE TABLE a (id int);--> statement-breakpoint\nCREATE TABLE b (id bigint);";
        let resumed = steps(&StepsInput {
            target: target("mysql"),
            migration: m.clone(),
            sql: edited_later.into(),
            resume: Some(progress.clone()),
        })
        .unwrap();
        assert_eq!(resumed.statements.len(), 1);
        assert_eq!(resumed.statements[0].number, 2);
        assert!(resumed.progress_start.is_none());
        let err = steps(&StepsInput {
            target: target("mysql"),
            migration: m,
            sql: "CREATE TABLE z (id int);--> statement-breakpoint\nx".into(),
            resume: Some(progress),
        })
        .unwrap_err();
        assert_eq!(err.code, "resume_mismatch");
    }

    #[test]
    fn failed_migration_blocks_until_resume() {
        let a = local("20260101000000_a", "x");
        let mut i = input("mysql", vec![a.clone()]);
        i.columns = cols(&["id", "hash", "created_at", "name", "applied_at"]);
        i.progress = vec![ProgressRow {
            name: a.name.clone(),
            hash: a.hash.clone(),
            statements_total: 3,
            statements_done: 2,
            done_hash: String::new(),
            error: Some("Duplicate column".into()),
        }];
        let p = plan(&i).unwrap();
        assert_eq!(p.migrations[0].state, State::Failed);
        let blocked = p.blocked.unwrap();
        assert_eq!(blocked.code, "migration_incomplete");
        assert!(blocked.message.contains("2 of its 3 statements ran"));
        assert!(blocked
            .message
            .contains("statement 3 failed: Duplicate column"));
        i.resume = true;
        assert!(plan(&i).unwrap().blocked.is_none());
    }
}
