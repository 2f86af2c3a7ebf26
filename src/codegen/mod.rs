//! Model to TypeScript (pull): `schema.ts` and `relations.ts` for drizzle-orm 1.0.

mod inflect;
pub mod names;
pub mod pg;
mod pg_array;
pub mod pg_relations;
pub mod pg_types;

pub use names::Casing;
pub use pg::{pg_to_typescript, CodegenOptions, GeneratedFiles, ViewColumn};

use serde::Deserialize;
use serde_json::Value;

use crate::error::{Error, Result};
use crate::model::pg::PgDdl;

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
    let casing = Casing::parse(input.casing.as_deref()).ok_or_else(|| {
        Error::input(format!(
            "introspect.casing must be \"camel\" or \"preserve\", got {:?}",
            input.casing.as_deref().unwrap_or_default()
        ))
    })?;
    pg_to_typescript(
        &ddl,
        CodegenOptions {
            casing,
            view_columns: input.view_columns.clone(),
            schema_module: input.schema_module.clone(),
        },
    )
}
