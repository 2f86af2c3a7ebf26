//! sleet: the schema-migration engine for Drizzle ORM. Pure functions (no I/O) over JSON-shaped
//! values; this file is only the wasm-bindgen surface.

// Everything but `migrations` sits behind the default `schema` feature: `migrate` runs at application
// start-up, often on many replicas, and a build without the schema engine is a fraction of its size to
// compile (scripts/build.sh writes it to pkg/migrate). `introspect` (push, pull and what only they need)
// is left out of the browser build (pkg/browser).
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
mod alloc;
#[cfg(feature = "introspect")]
pub mod codegen;
#[cfg(feature = "schema")]
pub mod commands;
pub mod dialect;
#[cfg(feature = "schema")]
pub mod diff;
pub mod error;
#[cfg(feature = "schema")]
pub mod fasthash;
#[cfg(feature = "schema")]
pub mod hazards;
#[cfg(feature = "introspect")]
pub mod introspect;
#[cfg(feature = "schema")]
pub mod lex;
pub mod migrations;
#[cfg(feature = "schema")]
pub mod model;
#[cfg(feature = "schema")]
mod schema_surface;
#[cfg(feature = "schema")]
pub use schema_surface::*;
#[cfg(feature = "schema")]
pub mod snapshot;
#[cfg(feature = "schema")]
pub mod sql;

use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::prelude::*;

pub use error::{Error, Result};

// Values cross the boundary as JSON text (JSON.stringify / JSON.parse on the JS side, serde_json here):
// for 1,000-table schemas this is several times faster than walking the object graph field by field
// with serde-wasm-bindgen, and it yields plain objects (not `Map`s) that read like the JSON they mirror.

/// Plain JS value of a Rust value.
fn to_js<T: Serialize>(value: &T) -> std::result::Result<JsValue, JsValue> {
    let text =
        serde_json::to_string(value).map_err(|e| js_error(&Error::internal(e.to_string())))?;
    js_sys::JSON::parse(&text).map_err(|_| js_error(&Error::internal("result is not valid JSON")))
}

/// JSON text of a JS value (a string is taken as JSON text already), for a caller that needs `&str`.
#[cfg(feature = "cli")]
fn json_text(value: &JsValue, what: &str) -> std::result::Result<String, JsValue> {
    String::from_utf8(json_bytes(value, what)?)
        .map_err(|e| js_error(&Error::input(format!("{what}: {e}"))))
}

#[wasm_bindgen]
extern "C" {
    /// The host's `TextEncoder`. A string handed to Rust as a `String` is copied by wasm-bindgen's
    /// JavaScript loop, one character at a time and cold on its first calls (a few ms for the 100 kB
    /// inputs of a 500-migration `migrate`); `encode` is one native pass.
    type TextEncoder;
    #[wasm_bindgen(constructor)]
    fn new() -> TextEncoder;
    #[wasm_bindgen(method)]
    fn encode(this: &TextEncoder, text: &js_sys::JsString) -> js_sys::Uint8Array;
}

/// UTF-8 of the JSON text of a JS value (a string is taken as JSON text already).
fn json_bytes(value: &JsValue, what: &str) -> std::result::Result<Vec<u8>, JsValue> {
    let text = match value.dyn_ref::<js_sys::JsString>() {
        Some(text) => text.clone(),
        None => js_sys::JSON::stringify(value)
            .ok()
            .filter(|text| text.is_string())
            .ok_or_else(|| js_error(&Error::input(format!("{what} must be a JSON object"))))?,
    };
    Ok(TextEncoder::new().encode(&text).to_vec())
}

/// Rust value of a JS value, or of JSON text passed as a string.
fn from_js<T: DeserializeOwned>(value: JsValue, what: &str) -> std::result::Result<T, JsValue> {
    let bytes = json_bytes(&value, what)?;
    serde_json::from_slice(&bytes).map_err(|e| js_error(&Error::input(format!("{what}: {e}"))))
}

/// A JS `Error` whose `code` property carries the stable error code.
fn js_error(err: &Error) -> JsValue {
    let e = js_sys::Error::new(&err.message);
    let _ = js_sys::Reflect::set(&e, &"code".into(), &err.code.into());
    if let Some(meta) = &err.meta {
        if let Ok(meta) = to_js(meta) {
            let _ = js_sys::Reflect::set(&e, &"meta".into(), &meta);
        }
    }
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

/// Every dialect the engine knows: names and config spellings, supported commands, migrations-table
/// defaults. The shim's one dialect table (js/dialect.js) is built from this.
#[wasm_bindgen]
pub fn dialects() -> std::result::Result<JsValue, JsValue> {
    to_js(&dialect::dialects())
}

/// One dialect's entry, for a name as a config or session gives it; with `command`, an error naming
/// the command and the dialect when that wing does not serve it.
#[wasm_bindgen(js_name = dialectInfo)]
pub fn dialect_info(name: &str, command: Option<String>) -> std::result::Result<JsValue, JsValue> {
    let found = match command {
        Some(command) => dialect::Command::parse(&command)
            .and_then(|command| dialect::Dialect::for_command(name, command)),
        None => dialect::Dialect::parse(name),
    };
    match found {
        Ok(d) => to_js(&d.info()),
        Err(e) => Err(js_error(&e)),
    }
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

/// `migrate --down`: applied migrations + their down.sql files → what to revert, or a refusal.
#[wasm_bindgen(js_name = migrationsDown)]
pub fn migrations_down(input: JsValue) -> std::result::Result<JsValue, JsValue> {
    run(input, "migrate --down input", migrations::down::down_plan)
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
