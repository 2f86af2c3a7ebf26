//! sleet: the schema-migration engine for Drizzle ORM. Pure functions (no I/O) over JSON-shaped
//! values; this file is only the wasm-bindgen surface.

pub mod codegen;
pub mod commands;
pub mod diff;
pub mod error;
pub mod introspect;
pub mod migrations;
pub mod model;
pub mod snapshot;
pub mod sql;

use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::prelude::*;

pub use error::{Error, Result};

/// JS objects, not `Map`s, so results read like the JSON they mirror.
fn to_js<T: Serialize>(value: &T) -> std::result::Result<JsValue, JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| js_error(&Error::internal(e.to_string())))
}

fn from_js<T: DeserializeOwned>(value: JsValue, what: &str) -> std::result::Result<T, JsValue> {
    serde_wasm_bindgen::from_value(value)
        .map_err(|e| js_error(&Error::input(format!("{what}: {e}"))))
}

/// A JS `Error` whose `code` property carries the stable error code.
fn js_error(err: &Error) -> JsValue {
    let e = js_sys::Error::new(&err.message);
    let _ = js_sys::Reflect::set(&e, &"code".into(), &err.code.into());
    e.into()
}

fn run<I: DeserializeOwned, O: Serialize>(
    input: JsValue,
    what: &str,
    f: impl FnOnce(&I) -> Result<O>,
) -> std::result::Result<JsValue, JsValue> {
    let input: I = from_js(input, what)?;
    let out = f(&input).map_err(|e| js_error(&e))?;
    to_js(&out)
}

#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

/// `generate`: schema + existing snapshots + hints → the new migration (or the open questions).
#[wasm_bindgen]
pub fn generate(input: JsValue) -> std::result::Result<JsValue, JsValue> {
    run(input, "generate input", commands::generate)
}

/// `export`: the SQL that creates the whole schema.
#[wasm_bindgen(js_name = exportSql)]
pub fn export_sql(input: JsValue) -> std::result::Result<JsValue, JsValue> {
    run(input, "export input", commands::export_sql)
}

/// Parse and validate a hints document; returns the hints or throws `invalid_hints`.
#[wasm_bindgen(js_name = parseHints)]
pub fn parse_hints(json: &str, source: &str) -> std::result::Result<JsValue, JsValue> {
    let hints = diff::hints::parse_hints(json, source).map_err(|e| js_error(&e))?;
    to_js(&hints)
}

/// State of one snapshot of a Postgres migrations folder: `{ files: [{folder, text}], id? }` →
/// `{ ddl }` (without `id`: the leaf, or the combined leaves).
#[wasm_bindgen(js_name = pgReconstruct)]
pub fn pg_reconstruct(input: JsValue) -> std::result::Result<JsValue, JsValue> {
    run(input, "pgReconstruct input", snapshot::pg::reconstruct)
}

/// Text of a format-9 snapshot: `{ id, prevIds, prev?, cur, renames?, footprints? }`.
#[wasm_bindgen(js_name = pgWriteSnapshot)]
pub fn pg_write_snapshot(input: JsValue) -> std::result::Result<JsValue, JsValue> {
    run(input, "pgWriteSnapshot input", snapshot::pg::write)
}

/// `up`: the files of a migrations folder → the file operations that upgrade it to the rc.5 layout
/// and snapshot formats (applied by the shim only when this succeeds).
#[wasm_bindgen]
pub fn up(input: JsValue) -> std::result::Result<JsValue, JsValue> {
    run(input, "up input", snapshot::up::up)
}

#[derive(serde::Deserialize)]
struct PgDiffInput {
    prev: Vec<serde_json::Value>,
    cur: Vec<serde_json::Value>,
    #[serde(default)]
    hints: Vec<diff::hints::Hint>,
}

#[derive(Serialize)]
struct PgDiffOutput {
    statements: Vec<String>,
    unresolved: Vec<diff::hints::Unresolved>,
    renames: Vec<diff::pg::Rename>,
}

fn pg_diff_rows(input: &PgDiffInput) -> Result<PgDiffOutput> {
    let prev = model::pg::PgDdl::from_rows(&input.prev, "prev")?;
    let cur = model::pg::PgDdl::from_rows(&input.cur, "cur")?;
    let plan = diff::pg::diff(&prev, &cur, &input.hints, diff::pg::Mode::Generate)?;
    Ok(PgDiffOutput {
        statements: sql::pg::to_sql(&plan.statements),
        unresolved: plan.unresolved,
        renames: plan.renames,
    })
}

/// Diff two rc.5 `ddl[]` row lists directly (testing surface: isolates the diff from the serializer).
#[wasm_bindgen(js_name = pgDiff)]
pub fn pg_diff(input: JsValue) -> std::result::Result<JsValue, JsValue> {
    run(input, "pgDiff input", pg_diff_rows)
}

/// Schema description from js/schema/pg.js → rc.5-shaped entity rows `{ ddl: [...] }`.
/// Crosses the boundary as JSON text both ways: for 1,000-table schemas this is several times faster
/// than walking the object graph through serde-wasm-bindgen.
#[wasm_bindgen(js_name = pgModel)]
pub fn pg_model(schema: JsValue) -> std::result::Result<JsValue, JsValue> {
    let text = match schema.as_string() {
        Some(text) => text,
        None => js_sys::JSON::stringify(&schema)
            .ok()
            .and_then(|s| s.as_string())
            .ok_or_else(|| js_error(&Error::input("schema description must be a JSON object")))?,
    };
    let rows = model::pg::interim::from_interim_json(&text)
        .and_then(|ddl| ddl.to_rows())
        .map_err(|e| js_error(&e))?;
    let out = serde_json::to_string(&serde_json::json!({ "ddl": rows }))
        .map_err(|e| js_error(&Error::internal(e.to_string())))?;
    js_sys::JSON::parse(&out)
}
