//! Model to TypeScript (pull): `schema.ts` and `relations.ts` for drizzle-orm 1.0.

pub mod defaults;
mod inflect;
pub mod mysql;
pub mod names;
pub mod pg;
pub mod relations;
#[cfg(test)]
mod sample;
pub mod sqlite;
pub mod ts;

pub use names::Casing;
pub use pg::{pg_to_typescript, CodegenOptions, ViewColumn};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::{Error, Result};
use crate::model::pg::PgDdl;
use crate::model::Model;

/// TypeScript generation (pull), implemented by each wing (`codegen/<dialect>/`).
pub trait Codegen: Model {
    fn typescript(ddl: &Self::Ddl, found: &Self::Found, casing: Casing) -> Result<GeneratedFiles>;
    /// What pull's summary line counts.
    fn counts(ddl: &Self::Ddl) -> Counts;
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GeneratedFiles {
    pub schema_ts: String,
    pub relations_ts: String,
}

/// Entity counts for pull's summary line.
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

/// What the JS shim sends for `pull`: the model rows (snapshot `ddl[]` shape), the view columns
/// introspection found, and `introspect.casing`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PgCodegenInput {
    pub ddl: Vec<Value>,
    #[serde(default)]
    pub view_columns: Vec<ViewColumn>,
    #[serde(default)]
    pub casing: Option<String>,
    #[serde(default)]
    pub schema_module: Option<String>,
}

pub fn pg_codegen(input: &PgCodegenInput) -> Result<GeneratedFiles> {
    let ddl = PgDdl::from_rows(&input.ddl, "pulled schema")?;
    let casing = parse_casing(input.casing.as_deref())?;
    pg_to_typescript(
        &ddl,
        CodegenOptions {
            casing,
            view_columns: input.view_columns.clone(),
            schema_module: input.schema_module.clone(),
        },
    )
}

/// What the JS shim sends for a SQLite or MySQL `pull` (`V`: the wing's view column): the model
/// rows (snapshot `ddl[]` shape), the view columns introspection found, and `introspect.casing`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FlatCodegenInput<V> {
    pub ddl: Vec<Value>,
    #[serde(default = "Vec::new")]
    pub view_columns: Vec<V>,
    #[serde(default)]
    pub casing: Option<String>,
    #[serde(default)]
    pub schema_module: Option<String>,
}

pub type SqliteCodegenInput = FlatCodegenInput<crate::model::sqlite::ViewColumn>;
pub type MysqlCodegenInput = FlatCodegenInput<crate::model::mysql::ViewColumn>;

pub fn sqlite_codegen(input: &SqliteCodegenInput) -> Result<GeneratedFiles> {
    let ddl = crate::model::sqlite::SqliteDdl::from_ddl_json(&input.ddl, "pulled schema")?;
    sqlite::sqlite_to_typescript(
        &ddl,
        sqlite::CodegenOptions {
            casing: parse_casing(input.casing.as_deref())?,
            view_columns: input.view_columns.clone(),
            schema_module: input.schema_module.clone(),
        },
    )
}

pub fn mysql_codegen(input: &MysqlCodegenInput) -> Result<GeneratedFiles> {
    let ddl = crate::model::mysql::MysqlDdl::from_ddl_json(&input.ddl, "pulled schema")?;
    mysql::mysql_to_typescript(
        &ddl,
        mysql::CodegenOptions {
            casing: parse_casing(input.casing.as_deref())?,
            view_columns: input.view_columns.clone(),
            schema_module: input.schema_module.clone(),
        },
    )
}

fn parse_casing(casing: Option<&str>) -> Result<Casing> {
    Casing::parse(casing).ok_or_else(|| {
        Error::input(format!(
            "introspect.casing must be \"camel\" or \"preserve\", got {:?}",
            casing.unwrap_or_default()
        ))
    })
}
