//! The SQLite wing of `generate`, `export` and `check` (temporary route until the dialect seam
//! dispatches every command in one place).

use serde_json::{json, Value};

use crate::commands::generate::{
    join_statements, ExportInput, ExportOutput, GenerateInput, GenerateOutput, CUSTOM_MIGRATION_SQL,
};
use crate::diff::sqlite as diff;
use crate::error::{Error, Result};
use crate::migrations::naming;
use crate::model::sqlite::interim;
use crate::snapshot::sqlite::{self as snapshot, History};
use crate::sql::sqlite as sql;

/// Config dialects served by the SQLite wing.
pub fn is_sqlite(dialect: &str) -> bool {
    matches!(dialect, "sqlite" | "turso")
}

pub fn generate(input: &GenerateInput) -> Result<GenerateOutput> {
    if input.fix_conflicts {
        return Err(Error::new(
            "unsupported_command_dialect_error",
            "--fix-conflicts is not supported for sqlite yet",
        ));
    }
    let history = History::from_files(&input.out, &input.snapshots)?;
    let prev = history.leaf_state();
    let prev_ids = history.leaf_ids();
    let name = match &input.name {
        Some(n) => naming::validate_name(n)?,
        None => naming::random_name(input.seed),
    };
    // rc.5 names SQLite folders by the clock alone (no "after the newest parent" rule).
    let folder = naming::folder_name(input.now_ms, None, &name);
    let migrations_js = |folder: &str| {
        input
            .driver
            .as_deref()
            .filter(|d| snapshot::bundles_migrations(Some(d)))
            .map(|d| {
                let mut folders = history.folders();
                folders.push(folder.to_string());
                snapshot::embedded_migrations(&folders, d)
            })
    };
    let mut out = GenerateOutput {
        status: "ok",
        unresolved: vec![],
        statements: vec![],
        json_statements: vec![],
        folder: folder.clone(),
        migration_sql: String::new(),
        snapshot_json: String::new(),
        warnings: vec![],
        fix: None,
        migrations_js: None,
        // Hazard rules, --safe and down migrations have no SQLite wing yet.
        hazards: vec![],
        safe_statements: vec![],
        safe_migration: None,
        down_sql: None,
    };
    if input.custom {
        out.migration_sql = CUSTOM_MIGRATION_SQL.to_string();
        out.snapshot_json = write_custom(&input.new_id, &prev_ids, &prev)?;
        out.migrations_js = migrations_js(&folder);
        return Ok(out);
    }
    let desc = interim::parse(input.schema.get())?;
    let cur = interim::build(&desc)?;
    let plan = diff::diff(
        &prev,
        &cur,
        &input.hints,
        diff::Mode::Generate,
        &interim::view_dependencies(&desc),
    )?;
    out.warnings = plan.warnings;
    if !plan.unresolved.is_empty() {
        out.status = "missing_hints";
        out.unresolved = plan.unresolved;
        return Ok(out);
    }
    out.statements = sql::to_sql(&plan.statements);
    if input.explain {
        out.json_statements = diff::statements_json(&plan.statements)?;
    }
    if out.statements.is_empty() {
        out.status = "no_changes";
        return Ok(out);
    }
    if input.explain {
        return Ok(out);
    }
    out.snapshot_json = snapshot::write(&input.new_id, &prev_ids, &plan.state, &plan.renames)?;
    out.migration_sql = join_statements(&out.statements, input.breakpoints);
    out.migrations_js = migrations_js(&folder);
    Ok(out)
}

/// rc.5's custom-migration snapshot: the parent state under a new id (its keys in that order).
fn write_custom(
    id: &str,
    prev_ids: &[String],
    prev: &crate::model::sqlite::SqliteDdl,
) -> Result<String> {
    let value = json!({
        "id": id,
        "prevIds": prev_ids,
        "version": snapshot::FORMAT_VERSION,
        "dialect": "sqlite",
        "ddl": prev.to_ddl_json()?,
        "renames": Value::Array(vec![]),
    });
    serde_json::to_string_pretty(&value).map_err(|e| Error::internal(e.to_string()))
}

pub fn export_sql(input: &ExportInput) -> Result<ExportOutput> {
    let desc = interim::parse(input.schema.get())?;
    let cur = interim::build(&desc)?;
    let plan = diff::diff(
        &Default::default(),
        &cur,
        &[],
        diff::Mode::Generate,
        &interim::view_dependencies(&desc),
    )?;
    Ok(ExportOutput {
        statements: sql::to_sql(&plan.statements),
        warnings: plan.warnings,
    })
}

/// `check` on a SQLite folder: every snapshot reads as format 7 and every parent exists.
pub fn check(dialect: &str, out: &str, files: &[crate::snapshot::SnapshotFile]) -> Result<Value> {
    match History::from_files(out, files) {
        Ok(_) => Ok(json!({ "status": "ok", "dialect": dialect })),
        Err(e) => Ok(json!({
            "status": "error",
            "error": { "code": "check_error", "kind": "snapshot", "message": e.message }
        })),
    }
}
