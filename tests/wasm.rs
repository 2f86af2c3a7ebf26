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
    let err = sleet::generate(JsValue::from_str("not an object")).unwrap_err();
    assert_eq!(code_of(&err), "invalid_input");
}
