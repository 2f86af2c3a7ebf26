use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use serde_json::Value;

use super::{with_wing, SchemaWing};
use crate::dialect::{Command, Dialect};
use crate::diff::hints::{Hint, Unresolved};
use crate::diff::{Mode, Plan};
use crate::error::{Error, Result};
use crate::hazards::Hazard;
use crate::migrations::folder::NO_TRANSACTION_DIRECTIVE;
use crate::migrations::naming;
use crate::snapshot::folder::{ConflictFix, Folder};
use crate::snapshot::{History, SnapshotFile, Text};
use crate::sql::RoleStatements;

/// Text drizzle-kit writes into a `--custom` migration; kept identical so folders stay interchangeable.
pub const CUSTOM_MIGRATION_SQL: &str = "-- Custom SQL migration file, put your code below! --";
pub const BREAKPOINT: &str = "--> statement-breakpoint";

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GenerateInput {
    pub dialect: String,
    /// The schema modules as the shim described them (see `model::<dialect>::interim`); kept as raw JSON so
    /// the large description is parsed once, straight into typed structs. Absent from the input of
    /// [`prepare_generate`], which [`PreparedGenerate::finish`] then gives it.
    #[serde(default = "no_description")]
    pub schema: Box<RawValue>,
    /// Every `<folder>/snapshot.json` of the migrations folder.
    #[serde(default)]
    pub snapshots: Vec<SnapshotFile>,
    #[serde(default)]
    pub hints: Vec<Hint>,
    pub name: Option<String>,
    #[serde(default)]
    pub custom: bool,
    #[serde(default = "yes")]
    pub breakpoints: bool,
    /// Wall clock in ms since the epoch; the core has no clock of its own.
    pub now_ms: f64,
    /// A fresh UUID v4 for the new snapshot; the core has no randomness of its own.
    pub new_id: String,
    /// Seed for the random `<adjective>_<noun>` name when `name` is absent.
    #[serde(default)]
    pub seed: u32,
    /// Plan only: return the statements (also as JSON), write no snapshot.
    #[serde(default)]
    pub explain: bool,
    /// `plain` (rc.5's text) or `guarded` role statements; config `sleet.roles`.
    #[serde(default)]
    pub role_statements: RoleStatements,
    /// The migrations folder as the config names it, for the paths in conflict reports.
    #[serde(default)]
    pub out: String,
    #[serde(default)]
    pub ignore_conflicts: bool,
    /// Conflicting branches: generate from the history without them and report them for deletion
    /// (rc.5's `--fix-conflicts`); the shim deletes them after writing, never with `explain`.
    #[serde(default)]
    pub fix_conflicts: bool,
    /// The config's `driver` (SQLite: `expo` and `durable-sqlite` get a `migrations.js`).
    #[serde(default)]
    pub driver: Option<String>,
    /// `--safe`: lock-free forms where they exist (`crate::hazards`), which can split the migration
    /// in two; `safe_id` is the UUID of the second one's snapshot.
    #[serde(default)]
    pub safe: bool,
    #[serde(default)]
    pub safe_id: Option<String>,
    /// Also write `down.sql` (the plan back to the previous snapshot).
    #[serde(default = "yes")]
    pub down: bool,
}

fn yes() -> bool {
    true
}

fn no_description() -> Box<RawValue> {
    RawValue::NULL.to_owned()
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GenerateOutput {
    /// `ok`, `no_changes` or `missing_hints`.
    pub status: &'static str,
    pub unresolved: Vec<Unresolved>,
    /// SQL of each statement, in order.
    pub statements: Vec<String>,
    /// The statements as structured JSON (for `--explain --output json`).
    pub json_statements: Vec<Value>,
    /// Folder name `<YYYYMMDDHHMMSS>_<name>` of the new migration.
    pub folder: String,
    pub migration_sql: String,
    pub snapshot_json: Text,
    pub warnings: Vec<String>,
    /// With `fix_conflicts`: the migrations to delete.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<ConflictFix>,
    /// SQLite with `driver: 'expo' | 'durable-sqlite'`: the new `migrations.js` text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub migrations_js: Option<String>,
    /// What the plan risks on a running database (`crate::hazards`); migration.sql is unchanged.
    pub hazards: Vec<Hazard>,
    /// With `safe`: the statements of the second, no-transaction migration (empty when none is needed).
    pub safe_statements: Vec<String>,
    /// With `safe`, when needed: the second migration's folder and files.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub safe_migration: Option<MigrationFiles>,
    /// `down.sql` of the new migration.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub down_sql: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MigrationFiles {
    pub folder: String,
    pub migration_sql: String,
    pub snapshot_json: Text,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub down_sql: Option<String>,
}

/// Takes the input by value so the snapshot texts and the history are freed once the previous state
/// is built: wasm memory never shrinks, so whatever is held while the schema is modelled (the call's
/// largest transient) stays as the process's memory.
pub fn generate(mut input: GenerateInput) -> Result<GenerateOutput> {
    let schema = std::mem::replace(&mut input.schema, no_description());
    let hints = std::mem::take(&mut input.hints);
    prepare_generate(input)?.finish(schema, &hints)
}

/// `generate`'s work that needs only the migrations folder: the history read and validated, the
/// previous state built, the new folder named. The shim runs it while the schema is still being
/// described on its own thread (at 1,000 tables the history's 9 MB snapshot, a fifth of the call),
/// then [`PreparedGenerate::finish`]es it with the description.
pub struct PreparedGenerate(Box<dyn Finish>);

impl PreparedGenerate {
    /// The new migration from the schema's description and the hints, which may grow from one call
    /// to the next (a person answering the open questions); the description is dropped once modelled.
    pub fn finish(&self, schema: Box<RawValue>, hints: &[Hint]) -> Result<GenerateOutput> {
        self.0.finish(schema, hints)
    }
}

trait Finish {
    fn finish(&self, schema: Box<RawValue>, hints: &[Hint]) -> Result<GenerateOutput>;
}

struct Prepared<W: SchemaWing> {
    input: GenerateInput,
    prev: W::Ddl,
    prev_ids: Vec<String>,
    folder: String,
    first_migration: bool,
    migrations_js: Option<String>,
    fix: Option<ConflictFix>,
}

impl<W: SchemaWing> Finish for Prepared<W> {
    fn finish(&self, schema: Box<RawValue>, hints: &[Hint]) -> Result<GenerateOutput> {
        finish_with(self, schema, hints)
    }
}

/// The input's `schema` and `hints` are not read: [`PreparedGenerate::finish`] takes them.
pub fn prepare_generate(input: GenerateInput) -> Result<PreparedGenerate> {
    let dialect = Dialect::for_command(&input.dialect, Command::Generate)?;
    with_wing!(schema, dialect, prepare_with(input))
}

fn prepare_with<W: SchemaWing + 'static>(mut input: GenerateInput) -> Result<PreparedGenerate> {
    if input.ignore_conflicts {
        return Err(crate::commands::check::ignore_conflicts_unsupported::<W>(
            "generate",
        ));
    }
    // As rc.5: the whole folder is validated and conflicting branches refuse to merge.
    let snapshots = std::mem::take(&mut input.snapshots);
    let folder = Folder {
        out: &input.out,
        files: &snapshots,
    };
    let (history, fix) =
        W::read_folder(&folder, input.fix_conflicts).map_err(|e| e.into_error())?;
    drop(snapshots);
    let prev = history.leaf_state()?;
    let prev_ids = history.leaf_ids();
    let name = match &input.name {
        Some(n) => naming::validate_name(n)?,
        None => naming::random_name(input.seed),
    };
    let folder = naming::folder_name(input.now_ms, history.newest_folder_ms(), &name);
    let first_migration = history.is_empty();
    let migrations_js = W::bundled_migrations(&history, &folder, input.driver.as_deref());
    drop(history);
    Ok(PreparedGenerate(Box::new(Prepared::<W> {
        input,
        prev,
        prev_ids,
        folder,
        first_migration,
        migrations_js,
        fix,
    })))
}

fn finish_with<W: SchemaWing>(
    p: &Prepared<W>,
    schema: Box<RawValue>,
    hints: &[Hint],
) -> Result<GenerateOutput> {
    let (input, prev, prev_ids, first_migration) =
        (&p.input, &p.prev, &p.prev_ids, p.first_migration);
    let (folder, fix, migrations_js) = (p.folder.clone(), p.fix.clone(), p.migrations_js.clone());

    if input.custom {
        let snapshot = W::write_custom(&input.new_id, prev_ids, first_migration, prev)?;
        return Ok(GenerateOutput {
            status: "ok",
            unresolved: vec![],
            statements: vec![],
            json_statements: vec![],
            folder,
            migration_sql: CUSTOM_MIGRATION_SQL.to_string(),
            snapshot_json: snapshot,
            warnings: vec![],
            fix,
            migrations_js,
            hazards: vec![],
            safe_statements: vec![],
            safe_migration: None,
            down_sql: None,
        });
    }

    let cur = W::from_description(schema.get())?;
    let facts = W::facts(schema.get())?;
    // The description (megabytes at 1,000 tables) is not read again.
    drop(schema);
    let Plan {
        statements: mut plan,
        renames,
        unresolved,
        warnings,
        state: cur,
    } = W::diff(prev, cur, hints, Mode::Generate)?;
    W::order(&mut plan, &facts);
    let mut out = GenerateOutput {
        status: "missing_hints",
        unresolved,
        statements: vec![],
        json_statements: vec![],
        folder,
        migration_sql: String::new(),
        snapshot_json: Text::default(),
        warnings,
        fix,
        migrations_js: None,
        hazards: vec![],
        safe_statements: vec![],
        safe_migration: None,
        down_sql: None,
    };
    if !out.unresolved.is_empty() {
        return Ok(out);
    }
    out.statements = W::to_sql(&plan, input.role_statements);
    let safe = if input.safe {
        W::safe_forms(&plan, prev, &cur, input.role_statements)
    } else {
        None
    };
    // A plan whose every statement moved to the no-transaction part is that one migration alone.
    let mut no_transaction = false;
    if let Some(s) = &safe {
        if s.statements.is_empty() {
            out.statements = s.concurrent.clone();
            no_transaction = true;
        } else {
            out.statements = s.statements.clone();
            out.safe_statements = s.concurrent.clone();
        }
    }
    let safe = safe.filter(|_| !no_transaction);
    let analysed: Vec<String> = out
        .statements
        .iter()
        .chain(&out.safe_statements)
        .cloned()
        .collect();
    out.hazards = W::hazards(&analysed, prev);
    if input.explain {
        out.json_statements = statements_json(&plan)?;
    }
    if out.statements.is_empty() {
        out.status = "no_changes";
        return Ok(out);
    }
    out.status = "ok";
    if input.explain {
        return Ok(out);
    }
    // The diff's state carries the names it inherited (after renames): that is what the snapshot records.
    let first_plan = safe.as_ref().map_or(&plan[..], |s| &s.plan[..]);
    let footprints = W::footprints(first_plan);
    // The typed statements (each created table's rows copied once more) are done with; wasm memory
    // never shrinks, so what the down diff and the snapshot text take comes on top of what is held.
    drop(plan);
    let first_state = safe.as_ref().map_or(&cur, |s| &s.state_between);
    // Before the snapshot text: the down diff's transient is the larger of the two.
    if input.down {
        out.down_sql = Some(down_sql::<W>(
            first_state,
            prev,
            hints,
            input.role_statements,
            input.breakpoints,
        )?);
    }
    out.snapshot_json = if first_migration {
        W::write_base(&input.new_id, first_state, &footprints)?
    } else {
        W::write_diff(
            &input.new_id,
            prev_ids,
            prev,
            first_state,
            &renames,
            &footprints,
        )?
    };
    drop(footprints);
    out.migration_sql = join_statements(&out.statements, input.breakpoints);
    out.migrations_js = migrations_js;
    if no_transaction {
        out.migration_sql = format!("{NO_TRANSACTION_DIRECTIVE}\n{}", out.migration_sql);
    }
    if let Some(s) = &safe {
        let id = input.safe_id.as_deref().ok_or_else(|| {
            Error::input(
                "generate --safe needs `safeId`, the UUID of the second migration's snapshot",
            )
        })?;
        let footprints = W::footprints(&s.concurrent_plan);
        let snapshot_json = W::write_diff(
            id,
            std::slice::from_ref(&input.new_id),
            first_state,
            &cur,
            &[],
            &footprints,
        )?;
        let name = format!("{}_concurrently", &out.folder[15.min(out.folder.len())..]);
        out.safe_migration = Some(MigrationFiles {
            folder: naming::folder_name(input.now_ms, naming::folder_millis(&out.folder), &name),
            migration_sql: format!(
                "{NO_TRANSACTION_DIRECTIVE}\n{}",
                join_statements(&s.concurrent, input.breakpoints)
            ),
            snapshot_json,
            down_sql: if input.down {
                Some(down_sql::<W>(
                    &cur,
                    first_state,
                    &[],
                    input.role_statements,
                    input.breakpoints,
                )?)
            } else {
                None
            },
        });
    }
    Ok(out)
}

/// `down.sql`: the plan from the new state back to the previous one, by the same engine, with what it
/// risks (mostly: what data it deletes) as comments on top. Renames are undone as renames (the up's
/// rename hints, reversed); anything else the up created is dropped, never asked about.
pub fn down_sql<W: SchemaWing>(
    cur: &W::Ddl,
    prev: &W::Ddl,
    hints: &[Hint],
    roles: RoleStatements,
    breakpoints: bool,
) -> Result<String> {
    let reversed: Vec<Hint> = hints
        .iter()
        .filter_map(|h| match h {
            Hint::Rename { kind, from, to } => Some(Hint::Rename {
                kind: kind.clone(),
                from: to.clone(),
                to: from.clone(),
            }),
            _ => None,
        })
        .collect();
    let mut plan = W::diff(cur, prev.clone(), &reversed, Mode::Upgrade)?;
    W::prepare_down(&mut plan.statements);
    let statements = W::to_sql(&plan.statements, roles);
    let hazards = W::hazards(&statements, cur);
    let mut body = String::new();
    for h in &hazards {
        let severity = match h.severity {
            crate::hazards::Severity::Error => "error",
            crate::hazards::Severity::Warning => "warning",
            crate::hazards::Severity::Info => "info",
        };
        body.push_str(&format!(
            "-- hazard {severity} {} {}: {}\n",
            h.code, h.entity, h.why
        ));
    }
    body.push_str(&join_statements(&statements, breakpoints));
    Ok(crate::migrations::down::down_text(&body))
}

/// Statements as the structured JSON `--explain --output json` and push print.
pub fn statements_json<S: Serialize>(statements: &[S]) -> Result<Vec<Value>> {
    statements
        .iter()
        .map(|s| serde_json::to_value(s).map_err(|e| Error::internal(e.to_string())))
        .collect()
}

/// rc.5 joins with the marker directly after each statement's own terminator, so single-line
/// statements read `…;--> statement-breakpoint` and multi-line ones get the marker on its own line.
pub fn join_statements(statements: &[String], breakpoints: bool) -> String {
    let sep = if breakpoints {
        format!("{BREAKPOINT}\n")
    } else {
        "\n".to_string()
    };
    statements.join(&sep)
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExportInput {
    pub dialect: String,
    pub schema: Box<RawValue>,
    #[serde(default)]
    pub role_statements: RoleStatements,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ExportOutput {
    pub statements: Vec<String>,
    pub warnings: Vec<String>,
}

/// The SQL that creates the whole schema from nothing.
pub fn export_sql(input: &ExportInput) -> Result<ExportOutput> {
    let dialect = Dialect::for_command(&input.dialect, Command::Export)?;
    with_wing!(schema, dialect, export_with(input))
}

fn export_with<W: SchemaWing>(input: &ExportInput) -> Result<ExportOutput> {
    let cur = W::from_description(input.schema.get())?;
    let mut plan = W::diff(&Default::default(), cur, &[], Mode::Generate)?;
    W::order(&mut plan.statements, &W::facts(input.schema.get())?);
    Ok(ExportOutput {
        statements: W::to_sql(&plan.statements, input.role_statements),
        warnings: plan.warnings,
    })
}
