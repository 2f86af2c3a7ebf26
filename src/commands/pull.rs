//! `pull`: raw catalog rows → `schema.ts`, `relations.ts` and the migration that recreates the
//! database (commented out, as rc.5 writes it, unless `--init` makes it the applied baseline).

use serde::{Deserialize, Serialize};

use crate::codegen::{pg_to_typescript, Casing, CodegenOptions};
use crate::diff::pg as pg_diff;
use crate::error::{Error, Result};
use crate::introspect::pg::{self as introspect, CatalogRows, IntrospectOptions};
use crate::migrations::naming;
use crate::model::pg::PgDdl;
use crate::snapshot::pg as pg_snapshot;
use crate::sql::pg as pg_sql;

use super::generate::join_statements;
use crate::dialect::{Command, Dialect};

/// rc.5's header around the pulled SQL: running the migration must not recreate what exists.
const INTROSPECT_HEADER: &str = "-- Current sql file was generated after introspecting the database\n-- If you want to run this migration please uncomment this code before executing migrations";

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PullInput {
    pub dialect: String,
    pub rows: CatalogRows,
    #[serde(default)]
    pub options: IntrospectOptions,
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
    pub snapshot_json: Option<String>,
    pub statements: Vec<String>,
    /// Entity counts for the summary line.
    pub counts: Counts,
}

#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Counts {
    pub schemas: usize,
    pub tables: usize,
    pub columns: usize,
    pub enums: usize,
    pub indexes: usize,
    pub foreign_keys: usize,
    pub policies: usize,
    pub views: usize,
}

impl Counts {
    fn of(d: &PgDdl) -> Counts {
        Counts {
            schemas: d.schemas.len(),
            tables: d.tables.len(),
            columns: d.columns.len(),
            enums: d.enums.len(),
            indexes: d.indexes.len(),
            foreign_keys: d.fks.len(),
            policies: d.policies.len(),
            views: d.views.len(),
        }
    }
}

pub fn pull(input: &PullInput) -> Result<PullOutput> {
    Dialect::for_command(&input.dialect, Command::Pull)?;
    let casing = Casing::parse(input.casing.as_deref()).ok_or_else(|| {
        Error::new(
            "config_validation_error",
            format!(
                "introspect.casing must be \"camel\" or \"preserve\", got {:?}",
                input.casing.as_deref().unwrap_or_default()
            ),
        )
    })?;
    let ddl = introspect::from_catalog(&input.rows, &input.options)?;
    let view_columns = introspect::view_columns(&input.rows, &input.options)?;
    let files = pg_to_typescript(
        &ddl,
        CodegenOptions {
            casing,
            view_columns,
            schema_module: None,
        },
    )?;
    let counts = Counts::of(&ddl);
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
    let plan = pg_diff::diff(&PgDdl::default(), &ddl, &[], pg_diff::Mode::Push)?;
    let statements = pg_sql::to_sql(&plan.statements);
    let footprints = pg_snapshot::footprints(&plan.statements);
    let snapshot = pg_snapshot::write_base(&input.new_id, &plan.state, &footprints)?;
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
