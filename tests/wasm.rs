//! The wasm surface, exercised under Node through wasm-bindgen-test-runner: values cross the boundary
//! as plain JS objects and errors arrive as JS `Error`s with a `code`.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

fn code_of(err: &JsValue) -> String {
    js_sys::Reflect::get(err, &"code".into())
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_default()
}

#[wasm_bindgen_test]
fn version_is_the_crate_version() {
    assert_eq!(sleet::version(), env!("CARGO_PKG_VERSION"));
}

#[wasm_bindgen_test]
fn hints_come_back_as_plain_objects() {
    let v = sleet::parse_hints(
        r#"[{"type":"create","kind":"column","entity":["public","users","nickname"]}]"#,
        "--hints",
    )
    .unwrap();
    let arr: js_sys::Array = v.dyn_into().unwrap();
    let first = arr.get(0);
    assert!(first.is_object() && !first.is_instance_of::<js_sys::Map>());
    let kind = js_sys::Reflect::get(&first, &"kind".into()).unwrap();
    assert_eq!(kind.as_string().as_deref(), Some("column"));
}

#[wasm_bindgen_test]
fn bad_hints_throw_a_js_error_with_a_code() {
    let err = sleet::parse_hints("{", "hints.json").unwrap_err();
    assert!(err.is_instance_of::<js_sys::Error>());
    assert_eq!(code_of(&err), "invalid_hints");
}

#[wasm_bindgen_test]
fn malformed_generate_input_is_an_error_not_a_panic() {
    let err =
        sleet::generate(JsValue::from_str("not an object"), JsValue::UNDEFINED, None).unwrap_err();
    assert_eq!(code_of(&err), "invalid_input");
}

fn get(v: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(v, &key.into()).unwrap()
}

const ONE_TABLE: &str = r#"{"tables":[{"name":"t","schema":null,"enableRLS":false,
  "columns":[{"name":"id","kinds":["PgInteger"],"sqlType":"integer","dimensions":0,"notNull":true,"primary":true,
    "default":null,"generated":null,"identity":null,"unique":false,"uniqueName":null,"uniqueNulls":null,"enum":null}],
  "indexes":[],"foreignKeys":[],"primaryKeys":[],"uniqueConstraints":[],"checks":[],"policies":[]}]}"#;

fn generate_input(snapshots: &str) -> JsValue {
    let text = format!(
        r#"{{"dialect":"postgresql","schema":{ONE_TABLE},"snapshots":{snapshots},"hints":[],"name":"init",
            "nowMs":1795641632000,"newId":"5fa6ca13-c9f3-4406-ab81-3315f0140d46"}}"#
    );
    js_sys::JSON::parse(&text).unwrap()
}

#[wasm_bindgen_test]
fn generate_returns_the_folder_sql_and_snapshot() {
    let out = sleet::generate(generate_input("[]"), JsValue::UNDEFINED, None).unwrap();
    assert_eq!(get(&out, "status").as_string().as_deref(), Some("ok"));
    assert_eq!(
        get(&out, "folder").as_string().as_deref(),
        Some("20261125212032_init")
    );
    assert_eq!(
        get(&out, "migrationSql").as_string().as_deref(),
        Some("CREATE TABLE \"t\" (\n\t\"id\" integer PRIMARY KEY\n);\n")
    );
    let snapshot = js_sys::JSON::parse(&get(&out, "snapshotJson").as_string().unwrap()).unwrap();
    assert_eq!(
        get(&snapshot, "id").as_string().as_deref(),
        Some("5fa6ca13-c9f3-4406-ab81-3315f0140d46")
    );
}

/// The UTF-8 text of a file handed back as pieces of bytes.
fn joined_bytes(pieces: &JsValue) -> String {
    let pieces: js_sys::Array = pieces.clone().dyn_into().unwrap();
    let bytes: Vec<u8> = pieces
        .iter()
        .flat_map(|p| p.dyn_into::<js_sys::Uint8Array>().unwrap().to_vec())
        .collect();
    String::from_utf8(bytes).unwrap()
}

#[wasm_bindgen_test]
fn files_as_bytes_are_the_same_texts_in_utf8_pieces() {
    let text = sleet::generate(generate_input("[]"), JsValue::UNDEFINED, None).unwrap();
    let bytes = sleet::generate(
        generate_input("[]"),
        JsValue::UNDEFINED,
        Some("bytes".into()),
    )
    .unwrap();
    for file in ["migrationSql", "snapshotJson"] {
        assert_eq!(
            joined_bytes(&get(&bytes, file)),
            get(&text, file).as_string().unwrap(),
            "{file}"
        );
    }
    let err = sleet::generate(
        generate_input("[]"),
        JsValue::UNDEFINED,
        Some("utf16".into()),
    )
    .unwrap_err();
    assert_eq!(code_of(&err), "invalid_input");
}

/// The input as `{ jsonParts }`: its JSON text cut anywhere, even inside a multi-byte character,
/// some parts as strings (ASCII, and not: 2-, 3- and 4-byte characters) and some as UTF-8 bytes.
#[wasm_bindgen_test]
fn an_input_in_json_parts_is_the_input_joined() {
    let table = "tünït-€😀";
    let whole = js_sys::JSON::stringify(&generate_input("[]"))
        .unwrap()
        .as_string()
        .unwrap()
        .replace("\"name\":\"t\"", &format!("\"name\":\"{table}\""));
    let bytes = whole.as_bytes();
    let inside = whole.find('ü').unwrap() + 1;
    let euro = whole.find('€').unwrap();
    let parts = js_sys::Array::of4(
        &JsValue::from_str(&whole[..40]),
        &js_sys::Uint8Array::from(&bytes[40..inside]).into(),
        &js_sys::Uint8Array::from(&bytes[inside..euro]).into(),
        &JsValue::from_str(&whole[euro..]),
    );
    let input = js_sys::Object::new();
    js_sys::Reflect::set(&input, &"jsonParts".into(), &parts).unwrap();
    let out = sleet::generate(input.into(), JsValue::UNDEFINED, None).unwrap();
    let sql = get(&out, "migrationSql").as_string().unwrap();
    assert!(
        sql.starts_with(&format!("CREATE TABLE \"{table}\" (")),
        "{sql}"
    );
    let bad = js_sys::Object::new();
    js_sys::Reflect::set(
        &bad,
        &"jsonParts".into(),
        &js_sys::Array::of1(&JsValue::from(1)),
    )
    .unwrap();
    let err = sleet::generate(bad.into(), JsValue::UNDEFINED, None).unwrap_err();
    assert_eq!(code_of(&err), "invalid_input");
}

/// The shim's path: the folder read first, the description given later, possibly more than once.
#[wasm_bindgen_test]
fn a_prepared_generate_finishes_as_generate_does() {
    let text = |v: &JsValue| js_sys::JSON::stringify(v).unwrap().as_string().unwrap();
    let whole = sleet::generate(generate_input("[]"), JsValue::UNDEFINED, None).unwrap();
    let input = generate_input("[]");
    let finish = js_sys::Object::new();
    js_sys::Reflect::set(&finish, &"schema".into(), &get(&input, "schema")).unwrap();
    js_sys::Reflect::delete_property(input.unchecked_ref::<js_sys::Object>(), &"schema".into())
        .unwrap();
    let prepared = sleet::generate_prepare(input, JsValue::UNDEFINED).unwrap();
    for _ in 0..2 {
        let out = prepared.finish(finish.clone().into(), None).unwrap();
        assert_eq!(text(&out), text(&whole));
    }
    let err = prepared
        .finish(js_sys::Object::new().into(), None)
        .unwrap_err();
    assert_eq!(code_of(&err), "invalid_input");
}

#[wasm_bindgen_test]
fn generate_on_its_own_output_finds_no_changes() {
    let first = sleet::generate(generate_input("[]"), JsValue::UNDEFINED, None).unwrap();
    let text = get(&first, "snapshotJson").as_string().unwrap();
    let files = js_sys::JSON::stringify(&js_sys::Array::of1(&{
        let f = js_sys::Object::new();
        js_sys::Reflect::set(&f, &"folder".into(), &"20261125212032_init".into()).unwrap();
        js_sys::Reflect::set(&f, &"text".into(), &text.into()).unwrap();
        f.into()
    }))
    .unwrap()
    .as_string()
    .unwrap();
    let again = sleet::generate(generate_input(&files), JsValue::UNDEFINED, None).unwrap();
    assert_eq!(
        get(&again, "status").as_string().as_deref(),
        Some("no_changes")
    );
}

#[wasm_bindgen_test]
fn a_corrupt_snapshot_is_a_coded_error_naming_the_folder() {
    let err = sleet::generate(
        generate_input(r#"[{"folder":"20261125212032_init","text":"{ nope"}]"#),
        JsValue::UNDEFINED,
        None,
    )
    .unwrap_err();
    assert_eq!(code_of(&err), "check_error");
    let message = get(&err, "message").as_string().unwrap();
    assert!(
        message.contains("20261125212032_init/snapshot.json"),
        "{message}"
    );
}

#[wasm_bindgen_test]
fn export_gives_the_create_statements() {
    let input = js_sys::JSON::parse(&format!(
        r#"{{"dialect":"postgresql","schema":{ONE_TABLE}}}"#
    ))
    .unwrap();
    let out = sleet::export_sql(input).unwrap();
    let statements: js_sys::Array = get(&out, "statements").dyn_into().unwrap();
    assert_eq!(statements.length(), 1);
}

#[wasm_bindgen_test]
fn dialect_table_names_every_wing_and_alias() {
    let table = sleet::dialects().unwrap();
    let names = js_sys::Reflect::get(&table, &"configNames".into()).unwrap();
    let names: Vec<String> = js_sys::Array::from(&names)
        .iter()
        .filter_map(|v| v.as_string())
        .collect();
    assert!(names.contains(&"turso".to_string()) && names.contains(&"postgresql".to_string()));
    let turso = sleet::dialect_info("turso", None).unwrap();
    let name = js_sys::Reflect::get(&turso, &"name".into()).unwrap();
    assert_eq!(name.as_string().as_deref(), Some("sqlite"));
    assert!(sleet::dialect_info("turso", Some("pull".into())).is_ok());
    let err = sleet::dialect_info("singlestore", Some("pull".into())).unwrap_err();
    assert_eq!(code_of(&err), "unsupported_command_dialect_error");
}

#[wasm_bindgen_test]
fn input_text_reaches_the_core_as_its_utf8_from_an_object_or_json_text() {
    // sha256 of the file's UTF-8: two-, three- and four-byte characters survive the crossing.
    let sql = "-- café ☕ 𝄞\nSELECT 1;\n";
    let expected = "7d609db05316599b2acd41be5fa80403167b9afd8835d3bd0b4efb0c3c024988";
    let text = format!(
        r#"{{"folder":"drizzle","journal":null,"dirs":[{{"name":"20260101000000_init","sql":{}}}],"rootFiles":[]}}"#,
        serde_json::to_string(sql).unwrap()
    );
    let object = js_sys::JSON::parse(&text).unwrap();
    for input in [object, JsValue::from_str(&text)] {
        let out = sleet::migrations_read(input).unwrap();
        let migrations: js_sys::Array = get(&out, "migrations").unchecked_into();
        assert_eq!(
            get(&migrations.get(0), "hash").as_string().as_deref(),
            Some(expected)
        );
    }
    let err = sleet::migrations_read(JsValue::UNDEFINED).unwrap_err();
    assert_eq!(code_of(&err), "invalid_input");
}
