//! `pull`: raw catalog rows → `schema.ts`, `relations.ts` and the migration that recreates the
//! database (commented out, as rc.5 writes it, unless `--init` makes it the applied baseline).

use serde::{Deserialize, Serialize};

use serde_json::value::RawValue;

use super::generate::join_statements;
use super::{with_wing, PullWing};
use crate::codegen::Casing;
pub use crate::codegen::Counts;
use crate::dialect::{Command, Dialect};
use crate::diff::Mode;
use crate::error::{Error, Result};
use crate::migrations::naming;

/// rc.5's header around the pulled SQL: running the migration must not recreate what exists.
const INTROSPECT_HEADER: &str = "-- Current sql file was generated after introspecting the database\n-- If you want to run this migration please uncomment this code before executing migrations";

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PullInput {
    pub dialect: String,
    /// Raw rows of the catalog queries (js/introspect/<dialect>.js), read by the wing.
    pub rows: Box<RawValue>,
    #[serde(default)]
    pub options: Option<Box<RawValue>>,
    /// `introspect.casing`: `camel` (default) or `preserve`.
    #[serde(default)]
    pub casing: Option<String>,
    #[serde(default = "yes")]
    pub breakpoints: bool,
    /// Write the migration uncommented (it becomes the applied baseline).
    #[serde(default)]
    pub init: bool,
    /// The folder already holds migrations: rc.5 then writes no migration.
    #[serde(default)]
    pub has_migrations: bool,
    pub now_ms: f64,
    pub new_id: String,
    #[serde(default)]
    pub seed: u32,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PullOutput {
    pub schema_ts: String,
    pub relations_ts: String,
    /// `<YYYYMMDDHHMMSS>_<name>`, absent when the folder already has migrations.
    pub folder: Option<String>,
    pub migration_sql: Option<String>,
    pub snapshot_json: Option<crate::snapshot::Text>,
    pub statements: Vec<String>,
    /// Entity counts for the summary line.
    pub counts: Counts,
}

/// Takes the input by value so the catalog rows are freed once read: wasm memory never shrinks, so
/// whatever is held while the migration is planned and its snapshot written stays as the process's
/// memory.
pub fn pull(input: PullInput) -> Result<PullOutput> {
    with_wing!(
        pull,
        Dialect::for_command(&input.dialect, Command::Pull)?,
        pull_with(input)
    )
}

fn pull_with<W: PullWing>(mut input: PullInput) -> Result<PullOutput> {
    let casing = Casing::parse(input.casing.as_deref()).ok_or_else(|| {
        Error::new(
            "config_validation_error",
            format!(
                "introspect.casing must be \"camel\" or \"preserve\", got {:?}",
                input.casing.as_deref().unwrap_or_default()
            ),
        )
    })?;
    let catalog = W::read_catalog(input.rows.get(), input.options.as_ref().map(|o| o.get()))?;
    input.rows = RawValue::NULL.to_owned();
    let ddl = W::inspect(&catalog)?;
    let found = W::found(&catalog)?;
    drop(catalog);
    let files = W::typescript(&ddl, &found, casing)?;
    drop(found);
    let counts = W::counts(&ddl);
    if input.has_migrations {
        return Ok(PullOutput {
            schema_ts: files.schema_ts,
            relations_ts: files.relations_ts,
            folder: None,
            migration_sql: None,
            snapshot_json: None,
            statements: vec![],
            counts,
        });
    }
    // rc.5 diffs the empty state to the pulled one in push mode, so inherited names stay as found.
    let plan = W::diff(&Default::default(), ddl, &[], Mode::Push)?;
    let statements = W::to_sql(&plan.statements, Default::default());
    let footprints = W::footprints(&plan.statements);
    // The typed statements (every table's rows once more) are done with before the snapshot text.
    let state = plan.state;
    drop(plan.statements);
    let snapshot = W::write_base(&input.new_id, &state, &footprints)?;
    drop((state, footprints));
    let sql = join_statements(&statements, input.breakpoints);
    let migration_sql = if input.init {
        sql
    } else {
        format!("{INTROSPECT_HEADER}\n/*\n{sql}\n*/")
    };
    let name = naming::random_name(input.seed);
    Ok(PullOutput {
        schema_ts: files.schema_ts,
        relations_ts: files.relations_ts,
        folder: Some(naming::folder_name(input.now_ms, None, &name)),
        migration_sql: Some(migration_sql),
        snapshot_json: Some(snapshot),
        statements,
        counts,
    })
}
