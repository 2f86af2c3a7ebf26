//! `check`: the whole migrations folder validated, branches checked for conflicts, and (when the
//! config names a schema) the schema compared with the folder's combined state, all as rc.5's
//! envelope (`ok` with optional warnings, or a `check_error`).

use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::{json, Value};

use super::{with_wing, SchemaWing};
use crate::dialect::{Command, Dialect};
use crate::diff::Mode;
use crate::error::{Error, Result};
use crate::snapshot::folder::{CheckError, Folder};
use crate::snapshot::{History, SnapshotFile};

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CheckInput {
    pub dialect: String,
    /// The migrations folder as the config names it (`drizzle`), for the paths in reports.
    #[serde(default)]
    pub out: String,
    #[serde(default)]
    pub snapshots: Vec<SnapshotFile>,
    /// The schema description, when the config names a schema and it loaded.
    #[serde(default)]
    pub schema: Option<Box<RawValue>>,
    #[serde(default)]
    pub ignore_conflicts: bool,
}

/// The JSON envelope rc.5's `check --output json` prints.
pub fn check(input: &CheckInput) -> Result<Value> {
    let dialect = Dialect::for_command(&input.dialect, Command::Check)?;
    with_wing!(schema, dialect, check_with(input))
}

fn check_with<W: SchemaWing>(input: &CheckInput) -> Result<Value> {
    if input.ignore_conflicts {
        return Err(ignore_conflicts_unsupported::<W>("check"));
    }
    let folder = Folder {
        out: &input.out,
        files: &input.snapshots,
    };
    let history = match W::read_folder(&folder, false) {
        Ok((h, _)) => h,
        Err(e) => return Ok(error_envelope(&e)),
    };
    let mut out = serde_json::Map::new();
    out.insert("status".into(), json!("ok"));
    out.insert("dialect".into(), json!(input.dialect));
    if let Some(schema) = &input.schema {
        let warnings = match schema_warnings::<W>(&history, schema.get()) {
            Ok(w) => w,
            Err(e) => return Ok(error_envelope(&e)),
        };
        if !warnings.is_empty() {
            out.insert("warnings".into(), Value::Array(warnings));
        }
    }
    Ok(Value::Object(out))
}

pub fn error_envelope(e: &CheckError) -> Value {
    json!({ "status": "error", "error": e.envelope() })
}

/// rc.5 has no `--ignore-conflicts` for Postgres, nor sleet for any wing: conflicts are fixed,
/// not ignored.
pub fn ignore_conflicts_unsupported<W: SchemaWing>(command: &str) -> Error {
    Error::new(
        "unsupported_command_dialect_error",
        format!(
            "--ignore-conflicts is not supported for {} (`{command}`): merging conflicting \
             branches would lose one side's changes. Delete the conflicting migrations that \
             `sleet check` lists and generate one new migration",
            W::DIALECT.name()
        ),
    )
}

/// `schema_changed` / `merge_needed` when the schema differs from the folder's combined state;
/// `not_compared` when the comparison itself fails.
fn schema_warnings<W: SchemaWing>(
    history: &W::History,
    schema: &str,
) -> std::result::Result<Vec<Value>, CheckError> {
    let prev = history.leaf_state().map_err(|e| {
        CheckError::malformed(format!(
            "Cannot reconstruct the combined state of the migrations: {}",
            e.message
        ))
    })?;
    let not_compared = |why: String| {
        vec![json!({
            "kind": "not_compared",
            "message": format!("The schema was not compared with the migrations, because {why}"),
        })]
    };
    let cur = match W::from_description(schema) {
        Ok(cur) => cur,
        Err(e) => {
            return Ok(not_compared(format!(
                "the schema has errors. Run sleet generate to see them. The error: {}",
                e.message
            )))
        }
    };
    let plan = match W::diff(&prev, cur, &[], Mode::Generate) {
        Ok(plan) => plan,
        Err(e) => {
            return Ok(not_compared(format!(
                "the comparison failed with an error. Run sleet generate to see whether it fails \
                 in the same way. The error: {}",
                e.message
            )))
        }
    };
    if plan.unresolved.is_empty() && plan.statements.is_empty() {
        return Ok(vec![]);
    }
    let explain = "Run sleet generate --explain to see the difference, and sleet generate to write";
    // Oldest first, as rc.5 lists them.
    let mut leaves = history.leaf_folders();
    leaves.reverse();
    let warning = match leaves.as_slice() {
        [] => json!({
            "kind": "schema_changed",
            "message": "The migrations folder has no migration, and the schema is not empty. Run sleet generate to write the first migration.",
        }),
        [only] => json!({
            "kind": "schema_changed",
            "message": format!("The schema differs from the migrations. The newest migration is {only}. {explain} a migration for it."),
        }),
        many => json!({
            "kind": "merge_needed",
            "message": format!(
                "The migrations folder has {} branches that are not merged: {}. The schema differs from their combined state, so a merge migration is needed. {explain} the merge migration.",
                many.len(),
                many.join(", ")
            ),
        }),
    };
    Ok(vec![warning])
}
