//! The wasm-bindgen surface of the schema engine (generate, export, check, up, push, pull and their
//! testing entry points); lib.rs holds the part every build has.

#[cfg(feature = "cli")]
use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::snapshot::Text;
#[cfg(feature = "introspect")]
use crate::{codegen, introspect};
use crate::{commands, diff, from_js, js_error, run, to_js};
#[cfg(feature = "cli")]
use crate::{json_text, model, snapshot, sql, Result};

/// `generate`: schema + existing snapshots + hints → the new migration (or the open questions).
/// `texts`, when given, is an array of the snapshot files in the order of `input.snapshots` (which
/// then carry only their folder names): copied into wasm as they are instead of escaped into the
/// input's JSON, which for a 9 MB base snapshot cost two more copies of it at the peak. Each is a
/// string or the file's bytes (a `Uint8Array`): Node passes bytes, so a 9 MB file is neither decoded
/// into a JS string nor encoded back (≈ 60 ms at 1,000 tables). `files`: how the new files come back
/// (see [`FilesAs`]).
#[wasm_bindgen]
pub fn generate(
    input: JsValue,
    texts: JsValue,
    files: Option<String>,
) -> std::result::Result<JsValue, JsValue> {
    let files_as = FilesAs::named(files.as_deref())?;
    let input = generate_input(input, texts)?;
    generate_result(commands::generate(input), files_as)
}

/// `generate` in two steps: this one reads the folder (input and `texts` as for `generate`, without
/// `schema`), [`GeneratePrepared::finish`] takes the description. The shim reads the history into the
/// engine while the schema is still being described on its own thread.
#[wasm_bindgen(js_name = generatePrepare)]
pub fn generate_prepare(
    input: JsValue,
    texts: JsValue,
) -> std::result::Result<GeneratePrepared, JsValue> {
    let input = generate_input(input, texts)?;
    commands::prepare_generate(input)
        .map(GeneratePrepared)
        .map_err(|e| js_error(&e))
}

/// A `generate` whose folder is read (see [`generate_prepare`]).
#[wasm_bindgen]
pub struct GeneratePrepared(commands::PreparedGenerate);

#[wasm_bindgen]
impl GeneratePrepared {
    /// `{ schema, hints }` → what `generate` returns; callable again with more hints.
    pub fn finish(
        &self,
        input: JsValue,
        files: Option<String>,
    ) -> std::result::Result<JsValue, JsValue> {
        #[derive(serde::Deserialize)]
        struct Finish {
            schema: Box<serde_json::value::RawValue>,
            #[serde(default)]
            hints: Vec<diff::hints::Hint>,
        }
        let files_as = FilesAs::named(files.as_deref())?;
        let Finish { schema, hints } = from_js(input, "generate input")?;
        generate_result(self.0.finish(schema, &hints), files_as)
    }
}

fn generate_input(
    input: JsValue,
    texts: JsValue,
) -> std::result::Result<commands::GenerateInput, JsValue> {
    let mut input: commands::GenerateInput = from_js(input, "generate input")?;
    if !texts.is_undefined() && !texts.is_null() {
        let texts = js_sys::Array::from(&texts);
        if texts.length() as usize != input.snapshots.len() {
            return Err(js_error(&crate::Error::input(
                "generate: one snapshot text is needed for each entry of snapshots",
            )));
        }
        for (file, text) in input.snapshots.iter_mut().zip(texts.iter()) {
            file.text = snapshot_text(&file.folder, text)?;
        }
    }
    Ok(input)
}

fn generate_result(
    out: crate::Result<commands::GenerateOutput>,
    files_as: FilesAs,
) -> std::result::Result<JsValue, JsValue> {
    let mut out = out.map_err(|e| js_error(&e))?;
    let files = [
        (
            "migrationSql",
            Some(Text::from(std::mem::take(&mut out.migration_sql))),
        ),
        ("snapshotJson", Some(std::mem::take(&mut out.snapshot_json))),
    ];
    to_js_with_files(&out, files, files_as)
}

/// How a command hands back the texts of the files it made.
#[derive(Clone, Copy, PartialEq)]
enum FilesAs {
    /// One JS string per file: what a page shows or a caller compares.
    Text,
    /// An array of `Uint8Array`s per file, the UTF-8 pieces the engine wrote: a writer puts them in
    /// the file as they are. As one string, a 9 MB snapshot was three copies of itself at the CLI's
    /// peak: the pieces' strings, their flattened join and the UTF-8 the file write encodes.
    Bytes,
}

impl FilesAs {
    fn named(name: Option<&str>) -> std::result::Result<FilesAs, JsValue> {
        match name {
            None | Some("text") => Ok(FilesAs::Text),
            Some("bytes") => Ok(FilesAs::Bytes),
            Some(other) => Err(js_error(&crate::Error::input(format!(
                "files must be \"text\" or \"bytes\", not {other:?}"
            )))),
        }
    }
}

/// A command's result with its file texts (megabytes for large schemas: a 9 MB snapshot at 1,000
/// tables) set beside it as values of their own, instead of escaped into the result's JSON and
/// parsed back. A file that is `None` is `null`. Each piece is freed in wasm as it is copied out.
fn to_js_with_files<const N: usize>(
    out: &impl serde::Serialize,
    files: [(&str, Option<Text>); N],
    files_as: FilesAs,
) -> std::result::Result<JsValue, JsValue> {
    let result = to_js(out)?;
    for (key, text) in files {
        let value = match text {
            None => JsValue::NULL,
            Some(text) if files_as == FilesAs::Bytes => text
                .into_pieces()
                .into_iter()
                .map(|piece| JsValue::from(js_sys::Uint8Array::from(piece.as_bytes())))
                .collect::<js_sys::Array>()
                .into(),
            Some(text) => {
                let mut pieces = text.into_pieces().into_iter();
                let first = js_sys::JsString::from(pieces.next().unwrap_or_default());
                pieces
                    .fold(first, |joined, piece| {
                        joined.concat(&js_sys::JsString::from(piece))
                    })
                    .into()
            }
        };
        js_sys::Reflect::set(&result, &key.into(), &value)?;
    }
    Ok(result)
}

/// A snapshot file's text from a string or from its UTF-8 bytes.
fn snapshot_text(folder: &str, text: JsValue) -> std::result::Result<String, JsValue> {
    if let Some(text) = text.as_string() {
        return Ok(text);
    }
    if let Some(bytes) = text.dyn_ref::<js_sys::Uint8Array>() {
        return String::from_utf8(bytes.to_vec()).map_err(|e| {
            js_error(&crate::Error::input(format!(
                "{folder}/snapshot.json is not UTF-8 text (invalid byte at offset {}): restore it from version control",
                e.utf8_error().valid_up_to()
            )))
        });
    }
    Err(js_error(&crate::Error::input(format!(
        "generate: the text of {folder}/snapshot.json is neither a string nor bytes"
    ))))
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
#[cfg(feature = "cli")]
#[wasm_bindgen(js_name = pgReconstruct)]
pub fn pg_reconstruct(input: JsValue) -> std::result::Result<JsValue, JsValue> {
    run(input, "pgReconstruct input", snapshot::pg::reconstruct)
}

/// `check`: `{ dialect, out, snapshots, schema?, ignoreConflicts? }` → rc.5's check envelope.
#[wasm_bindgen]
pub fn check(input: JsValue) -> std::result::Result<JsValue, JsValue> {
    run(input, "check input", commands::check)
}

/// Text of a format-9 snapshot: `{ id, prevIds, prev?, cur, renames?, footprints? }`.
#[cfg(feature = "cli")]
#[wasm_bindgen(js_name = pgWriteSnapshot)]
pub fn pg_write_snapshot(input: JsValue) -> std::result::Result<JsValue, JsValue> {
    run(input, "pgWriteSnapshot input", snapshot::pg::write)
}

/// `up`: the files of a migrations folder → the file operations that upgrade it to the rc.5 layout
/// and snapshot formats (applied by the shim only when this succeeds).
#[cfg(feature = "cli")]
#[wasm_bindgen]
pub fn up(input: JsValue) -> std::result::Result<JsValue, JsValue> {
    run(input, "up input", commands::up::up)
}

#[cfg(feature = "cli")]
#[derive(serde::Deserialize)]
struct PgDiffInput {
    prev: Vec<serde_json::Value>,
    cur: Vec<serde_json::Value>,
    #[serde(default)]
    hints: Vec<diff::hints::Hint>,
}

#[cfg(feature = "cli")]
#[derive(Serialize)]
struct PgDiffOutput {
    statements: Vec<String>,
    unresolved: Vec<diff::hints::Unresolved>,
    renames: Vec<diff::pg::Rename>,
}

#[cfg(feature = "cli")]
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
#[cfg(feature = "cli")]
#[wasm_bindgen(js_name = pgDiff)]
pub fn pg_diff(input: JsValue) -> std::result::Result<JsValue, JsValue> {
    run(input, "pgDiff input", pg_diff_rows)
}

/// Schema description from js/schema/pg.js → rc.5-shaped entity rows `{ ddl: [...] }`.
#[cfg(feature = "cli")]
#[wasm_bindgen(js_name = pgModel)]
pub fn pg_model(schema: JsValue) -> std::result::Result<JsValue, JsValue> {
    model_rows(&schema, |text| {
        model::pg::interim::from_interim_json(text).and_then(|ddl| ddl.to_rows())
    })
}

/// `{ ddl: rows }` of a schema description, for the `<wing>Model` testing entries.
#[cfg(feature = "cli")]
fn model_rows(
    schema: &JsValue,
    rows: impl FnOnce(&str) -> crate::Result<Vec<serde_json::Value>>,
) -> std::result::Result<JsValue, JsValue> {
    let text = json_text(schema, "schema description")?;
    let rows = rows(&text).map_err(|e| js_error(&e))?;
    to_js(&serde_json::json!({ "ddl": rows }))
}

/// Schema description from js/schema/sqlite.js → rc.5-shaped entity rows `{ ddl: [...] }`.
#[cfg(feature = "cli")]
#[wasm_bindgen(js_name = sqliteModel)]
pub fn sqlite_model(schema: JsValue) -> std::result::Result<JsValue, JsValue> {
    model_rows(&schema, |text| {
        model::sqlite::interim::parse(text)
            .and_then(|desc| model::sqlite::interim::build(&desc))
            .and_then(|ddl| ddl.to_ddl_json())
    })
}

/// Introspection: raw catalog rows from the JS driver (`{ rows, options }`) → `{ ddl: rows }`.
#[cfg(feature = "introspect")]
#[wasm_bindgen(js_name = pgIntrospect)]
pub fn pg_introspect(input: JsValue) -> std::result::Result<JsValue, JsValue> {
    run(input, "introspection input", introspect::pg::introspect)
}

/// Semantic comparison of a schema-side and a database-side SQL text: `kind` is `expression` or
/// `view`; returns `"equal"`, `"different"` or `"unknown"` (cannot prove either).
#[cfg(feature = "introspect")]
#[wasm_bindgen(js_name = pgSameExpression)]
pub fn pg_same_expression(kind: &str, schema_side: &str, database_side: &str) -> String {
    use introspect::pg::expr::{same_expression, same_view_definition, Sameness};
    let verdict = match kind {
        "view" => same_view_definition(schema_side, database_side),
        _ => same_expression(schema_side, database_side),
    };
    match verdict {
        Sameness::Equal => "equal",
        Sameness::Different => "different",
        Sameness::Unknown => "unknown",
    }
    .to_string()
}

/// `pull`: model rows (+ view columns, casing) → `{ schemaTs, relationsTs }`.
#[cfg(feature = "introspect")]
#[wasm_bindgen(js_name = pgCodegen)]
pub fn pg_codegen(input: JsValue) -> std::result::Result<JsValue, JsValue> {
    run(input, "pull codegen input", codegen::pg_codegen)
}

/// SQLite `pull`: model rows (+ view columns, casing) → `{ schemaTs, relationsTs }`.
#[cfg(feature = "introspect")]
#[wasm_bindgen(js_name = sqliteCodegen)]
pub fn sqlite_codegen(input: JsValue) -> std::result::Result<JsValue, JsValue> {
    run(input, "pull codegen input", codegen::sqlite_codegen)
}

/// MySQL `pull`'s code generation: model rows (+ view columns, casing) → `{ schemaTs, relationsTs }`.
#[cfg(feature = "introspect")]
#[wasm_bindgen(js_name = mysqlCodegen)]
pub fn mysql_codegen(input: JsValue) -> std::result::Result<JsValue, JsValue> {
    run(input, "pull codegen input", codegen::mysql_codegen)
}

/// Schema description from js/schema/mysql.js → rc.5-shaped entity rows `{ ddl: [...] }`.
#[cfg(feature = "cli")]
#[wasm_bindgen(js_name = mysqlModel)]
pub fn mysql_model(schema: JsValue) -> std::result::Result<JsValue, JsValue> {
    model_rows(&schema, |text| {
        model::mysql::interim::parse(text)
            .and_then(|desc| model::mysql::interim::build(&desc))
            .and_then(|ddl| ddl.to_ddl_json())
    })
}

/// `push`: schema + raw catalog rows + hints → the plan, its data-loss probes, or the open questions.
#[cfg(feature = "introspect")]
#[wasm_bindgen]
pub fn push(input: JsValue) -> std::result::Result<JsValue, JsValue> {
    let input: commands::PushInput = from_js(input, "push input")?;
    to_js(&commands::push(input).map_err(|e| js_error(&e))?)
}

/// `drift`: raw catalog rows + the migrations' snapshots (or the schema) → the reconciling SQL.
#[cfg(feature = "introspect")]
#[wasm_bindgen]
pub fn drift(input: JsValue) -> std::result::Result<JsValue, JsValue> {
    run(input, "drift input", commands::drift)
}

/// `pull`: raw catalog rows → `schema.ts`, `relations.ts` and the migration recreating the database;
/// `files` as for [`generate`].
#[cfg(feature = "introspect")]
#[wasm_bindgen]
pub fn pull(input: JsValue, files: Option<String>) -> std::result::Result<JsValue, JsValue> {
    let files_as = FilesAs::named(files.as_deref())?;
    let input: commands::PullInput = from_js(input, "pull input")?;
    let mut out = commands::pull(input).map_err(|e| js_error(&e))?;
    let files = [
        (
            "schemaTs",
            Some(Text::from(std::mem::take(&mut out.schema_ts))),
        ),
        (
            "relationsTs",
            Some(Text::from(std::mem::take(&mut out.relations_ts))),
        ),
        ("migrationSql", out.migration_sql.take().map(Text::from)),
        ("snapshotJson", out.snapshot_json.take()),
    ];
    to_js_with_files(&out, files, files_as)
}

/// `lint`: migration files (+ the folder's snapshots) → their hazards and the gate's verdict.
#[cfg(feature = "cli")]
#[wasm_bindgen]
pub fn lint(input: JsValue) -> std::result::Result<JsValue, JsValue> {
    run(input, "lint input", commands::lint)
}
