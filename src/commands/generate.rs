use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use serde_json::Value;

use super::{with_wing, Wing};
use crate::dialect::{Command, Dialect};
use crate::diff::hints::{Hint, Unresolved};
use crate::diff::{Mode, Plan};
use crate::error::{Error, Result};
use crate::migrations::naming;
use crate::snapshot::folder::{ConflictFix, Folder};
use crate::snapshot::{History, SnapshotFile};
use crate::sql::RoleStatements;

/// Text drizzle-kit writes into a `--custom` migration; kept identical so folders stay interchangeable.
pub const CUSTOM_MIGRATION_SQL: &str = "-- Custom SQL migration file, put your code below! --";
pub const BREAKPOINT: &str = "--> statement-breakpoint";

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GenerateInput {
    pub dialect: String,
    /// The schema modules as the shim described them (see `model::<dialect>::interim`); kept as raw JSON so
    /// the large description is parsed once, straight into typed structs.
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
}

fn yes() -> bool {
    true
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
    pub snapshot_json: String,
    pub warnings: Vec<String>,
    /// With `fix_conflicts`: the migrations to delete.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<ConflictFix>,
}

pub fn generate(input: &GenerateInput) -> Result<GenerateOutput> {
    with_wing!(
        Dialect::for_command(&input.dialect, Command::Generate)?,
        generate_with(input)
    )
}

fn generate_with<W: Wing>(input: &GenerateInput) -> Result<GenerateOutput> {
    if input.ignore_conflicts {
        return Err(crate::commands::check::ignore_conflicts_unsupported(
            "generate",
        ));
    }
    // As rc.5: the whole folder is validated and conflicting branches refuse to merge.
    let folder = Folder {
        out: &input.out,
        files: &input.snapshots,
    };
    let (history, fix) =
        W::read_folder(&folder, input.fix_conflicts).map_err(|e| e.into_error())?;
    let prev = history.leaf_state()?;
    let prev_ids = history.leaf_ids();
    let name = match &input.name {
        Some(n) => naming::validate_name(n)?,
        None => naming::random_name(input.seed),
    };
    let folder = naming::folder_name(input.now_ms, history.newest_folder_ms(), &name);

    if input.custom {
        // rc.5: a custom first migration gets an empty base snapshot, a later one an empty diff.
        let snapshot = if history.is_empty() {
            W::write_base(&input.new_id, &prev, &[])?
        } else {
            W::write_diff(&input.new_id, &prev_ids, &prev, &prev, &[], &[])?
        };
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
        });
    }

    let cur = W::from_description(input.schema.get())?;
    let Plan {
        statements: mut plan,
        renames,
        unresolved,
        warnings,
        state: cur,
    } = W::diff(&prev, &cur, &input.hints, Mode::Generate)?;
    W::order(&mut plan, &W::facts(input.schema.get())?);
    let mut out = GenerateOutput {
        status: "missing_hints",
        unresolved,
        statements: vec![],
        json_statements: vec![],
        folder,
        migration_sql: String::new(),
        snapshot_json: String::new(),
        warnings,
        fix,
    };
    if !out.unresolved.is_empty() {
        return Ok(out);
    }
    out.statements = W::to_sql(&plan, input.role_statements);
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
    let footprints = W::footprints(&plan);
    out.snapshot_json = if history.is_empty() {
        W::write_base(&input.new_id, &cur, &footprints)?
    } else {
        W::write_diff(&input.new_id, &prev_ids, &prev, &cur, &renames, &footprints)?
    };
    out.migration_sql = join_statements(&out.statements, input.breakpoints);
    Ok(out)
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
    with_wing!(
        Dialect::for_command(&input.dialect, Command::Export)?,
        export_with(input)
    )
}

fn export_with<W: Wing>(input: &ExportInput) -> Result<ExportOutput> {
    let cur = W::from_description(input.schema.get())?;
    let mut plan = W::diff(&Default::default(), &cur, &[], Mode::Generate)?;
    W::order(&mut plan.statements, &W::facts(input.schema.get())?);
    Ok(ExportOutput {
        statements: W::to_sql(&plan.statements, input.role_statements),
        warnings: plan.warnings,
    })
}
