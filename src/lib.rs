//! sleet: the schema-migration engine for Drizzle ORM. Pure functions (no I/O) over JSON-shaped
//! values; this file is only the wasm-bindgen surface.

// Everything but `migrations` sits behind the default `schema` feature: `migrate` runs at application
// start-up, often on many replicas, and a build without the schema engine is a fraction of its size to
// compile (scripts/build.sh writes it to pkg/migrate). `introspect` (push, pull and what only they need)
// is left out of the browser build (pkg/browser).
//
// Functions that loop over every table are kept apart from the steps around them (`#[inline(never)]`
// on a step or on the per-row work), not inlined into one large function. A host's optimising tier
// compiles a hot wasm function whole: under Bun, compiling the Postgres diff with all its steps inlined
// (66 kB of wasm) took 30 MiB and 0.3 s, the highest point of a 1,000-table `generate`; SQLite's diff
// was 77 kB. Apart, only the parts that loop are compiled, each on its own
// (docs/performance.md, "Bun: the optimising tier's compile").
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
    /// inputs of a 500-migration `migrate`); `encodeInto` is one native pass.
    type TextEncoder;
    #[wasm_bindgen(constructor)]
    fn new() -> TextEncoder;
    /// Writes into wasm memory itself (a mutable slice reaches JS as a view of it).
    #[wasm_bindgen(method, js_name = encodeInto)]
    fn encode_into(this: &TextEncoder, text: &js_sys::JsString, dest: &mut [u8]) -> EncodedInto;
    type EncodedInto;
    #[wasm_bindgen(method, getter)]
    fn read(this: &EncodedInto) -> u32;
    #[wasm_bindgen(method, getter)]
    fn written(this: &EncodedInto) -> u32;
}

/// UTF-8 of the JSON text of a JS value. A string is JSON text already, a `Uint8Array` its UTF-8, and
/// `{ jsonParts: [...] }` JSON text in parts, each a string or UTF-8 bytes: the shim splices megabytes
/// made elsewhere (the schema's description, from its thread) into an input without joining them
/// into one more copy first.
fn json_bytes(value: &JsValue, what: &str) -> std::result::Result<Vec<u8>, JsValue> {
    if let Some(bytes) = value.dyn_ref::<js_sys::Uint8Array>() {
        return Ok(bytes.to_vec());
    }
    if let Some(parts) = json_parts(value) {
        return joined_parts(&parts, what);
    }
    let text = match value.dyn_ref::<js_sys::JsString>() {
        Some(text) => text.clone(),
        None => js_sys::JSON::stringify(value)
            .ok()
            .filter(|text| text.is_string())
            .ok_or_else(|| js_error(&Error::input(format!("{what} must be a JSON object"))))?,
    };
    let mut bytes = Vec::with_capacity(text.length() as usize);
    push_utf8(&mut bytes, &TextEncoder::new(), text);
    Ok(bytes)
}

fn json_parts(value: &JsValue) -> Option<js_sys::Array> {
    if !value.is_object() || js_sys::Array::is_array(value) {
        return None;
    }
    js_sys::Reflect::get(value, &"jsonParts".into())
        .ok()?
        .dyn_into::<js_sys::Array>()
        .ok()
}

/// The parts' UTF-8 in one buffer sized once: grown part by part, a buffer of megabytes would be
/// copied on each doubling and leave wasm memory's high-water mark above it.
fn joined_parts(parts: &js_sys::Array, what: &str) -> std::result::Result<Vec<u8>, JsValue> {
    enum Part {
        Text(js_sys::JsString),
        Bytes(js_sys::Uint8Array),
    }
    let parts = parts
        .iter()
        .map(|part| match part.dyn_into::<js_sys::JsString>() {
            Ok(text) => Ok(Part::Text(text)),
            Err(part) => part
                .dyn_into::<js_sys::Uint8Array>()
                .map(Part::Bytes)
                .map_err(|_| {
                    js_error(&Error::input(format!(
                        "{what}: each of jsonParts must be a string or a Uint8Array"
                    )))
                }),
        })
        .collect::<std::result::Result<Vec<_>, _>>()?;
    let size = parts
        .iter()
        .map(|part| match part {
            Part::Text(text) => text.length() as usize,
            Part::Bytes(bytes) => bytes.length() as usize,
        })
        .sum();
    let mut joined = Vec::with_capacity(size);
    let encoder = TextEncoder::new();
    for part in parts {
        match part {
            Part::Bytes(bytes) => {
                let at = joined.len();
                joined.resize(at + bytes.length() as usize, 0);
                bytes.copy_to(&mut joined[at..]);
            }
            Part::Text(text) => push_utf8(&mut joined, &encoder, text),
        }
    }
    Ok(joined)
}

/// Append `text`'s UTF-8 to `bytes`, encoded straight into wasm memory. JSON text is mostly ASCII,
/// so its UTF-8 is first taken to be as long as the string; only what does not fit grows the buffer.
/// Not inlined: one copy in the module for both callers (the package's size bound is close).
#[inline(never)]
fn push_utf8(bytes: &mut Vec<u8>, encoder: &TextEncoder, mut text: js_sys::JsString) {
    // A UTF-16 unit is at most 3 bytes of UTF-8: the second pass always fits.
    for room_per_unit in [1, 3] {
        let at = bytes.len();
        bytes.resize(at + room_per_unit * text.length() as usize, 0);
        let done = encoder.encode_into(&text, &mut bytes[at..]);
        bytes.truncate(at + done.written() as usize);
        if done.read() >= text.length() {
            return;
        }
        text = text.slice(done.read(), text.length());
    }
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
