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

/// `migrate`: validate a migrations folder (either layout) and identify its migrations.
#[wasm_bindgen(js_name = migrationsRead)]
pub fn migrations_read(input: JsValue) -> std::result::Result<JsValue, JsValue> {
    run(input, "migrations folder", migrations::folder::read_folder)
}

/// `migrate`: the fixed bookkeeping and lock statements for a dialect and table.
#[wasm_bindgen(js_name = migrationsRunSql)]
pub fn migrations_run_sql(input: JsValue) -> std::result::Result<JsValue, JsValue> {
    run(input, "migrations target", migrations::bookkeeping::run_sql)
}

/// `migrate`: local migrations + database rows → states, set-up SQL and what to run.
#[wasm_bindgen(js_name = migrationsPlan)]
pub fn migrations_plan(input: JsValue) -> std::result::Result<JsValue, JsValue> {
    run(input, "migrations plan input", migrations::plan::plan)
}

/// `migrate`: one migration's statements and bookkeeping, in execution order.
#[wasm_bindgen(js_name = migrationSteps)]
pub fn migration_steps(input: JsValue) -> std::result::Result<JsValue, JsValue> {
    run(input, "migration steps input", migrations::plan::steps)
}

/// `migrate`: the statement that records why a statement outside a transaction failed.
#[wasm_bindgen(js_name = migrationFailedSql)]
pub fn migration_failed_sql(input: JsValue) -> std::result::Result<JsValue, JsValue> {
    run(
        input,
        "migration failure",
        migrations::plan::progress_failed_sql,
    )
}
