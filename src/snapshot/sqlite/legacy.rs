//! drizzle-kit 0.31 SQLite (v5/v6) snapshots rewritten as rc.5's SQLite format 7 (flat `ddl` +
//! `renames`), the way rc.5 `up` writes them; the text is `JSON.stringify(x, null, 2)`-identical.

use serde_json::{json, Map, Value};

use crate::error::{Error, Result};
use crate::snapshot::legacy::{header_checks, js_string, names, or_null, pretty, s, values, Rows};

const SQLITE_KINDS: &[&str] = &[
    "tables", "columns", "indexes", "fks", "pks", "uniques", "checks", "views",
];

fn sqlite_action(v: &Value, field: &str, path: &str) -> Result<Value> {
    let on = v.get(field).and_then(Value::as_str).unwrap_or("no action");
    match on {
        "no action" | "cascade" | "restrict" | "set default" | "set null" => {
            Ok(json!(on.to_uppercase()))
        }
        other => Err(Error::snapshot(
            path,
            format!("has a foreign key with the unknown action {other:?}. Fix it by hand (no action, cascade, restrict, set default, set null)"),
        )),
    }
}

/// SQLite v5/v6 → v7 text.
pub fn sqlite_to_v7(raw: &Value, path: &str) -> Result<String> {
    let version = raw.get("version").and_then(Value::as_str).unwrap_or("");
    let upgraded;
    let snap = match version {
        "6" => raw,
        "5" => {
            upgraded = sqlite_v5_to_v6(raw);
            &upgraded
        }
        other => {
            return Err(Error::new(
                "command_output_error",
                format!("{path}: unexpected version of SQLite snapshot: {other}. `sleet up` converts versions 5 and 6"),
            ))
        }
    };
    let (id, prev) = header_checks(snap, path)?;
    let mut rows = Rows::new(SQLITE_KINDS);
    for table in values(snap, "tables") {
        let t = s(table, "name");
        rows.push("tables", vec![("name", json!(t))], &[&t]);
        for col in values(table, "columns") {
            let c = s(col, "name");
            let pk = col.get("primaryKey").and_then(Value::as_bool) == Some(true);
            let not_null = col.get("notNull").and_then(Value::as_bool) == Some(true) && !pk;
            let default = match col.get("default") {
                None => Value::Null,
                Some(d) => json!(js_string(d)),
            };
            rows.push(
                "columns",
                vec![
                    ("table", json!(t)),
                    ("name", json!(c)),
                    ("type", or_null(col, "type")),
                    ("notNull", json!(not_null)),
                    ("autoincrement", or_null(col, "autoincrement")),
                    ("default", default),
                    ("generated", sqlite_generated(col)),
                ],
                &[&t, &c],
            );
            if pk {
                let name = format!("{t}_pk");
                rows.push(
                    "pks",
                    vec![
                        ("table", json!(t)),
                        ("name", json!(name)),
                        ("columns", json!([c])),
                        ("nameExplicit", json!(false)),
                    ],
                    &[&t, &name],
                );
            }
        }
        for pk in values(table, "compositePrimaryKeys") {
            let cols = names(pk, "columns");
            let name = s(pk, "name");
            let implicit = name == format!("{t}_{}_pk", cols.join("_"));
            rows.push(
                "pks",
                vec![
                    ("table", json!(t)),
                    ("name", json!(name)),
                    ("columns", json!(cols)),
                    ("nameExplicit", json!(!implicit)),
                ],
                &[&t, &name],
            );
        }
        for idx in values(table, "indexes") {
            let name = s(idx, "name");
            let cols: Vec<Value> = names(idx, "columns")
                .into_iter()
                .map(|c| json!({ "value": c, "isExpression": false }))
                .collect();
            rows.push(
                "indexes",
                vec![
                    ("table", json!(t)),
                    ("name", json!(name)),
                    ("columns", Value::Array(cols)),
                    ("isUnique", or_null(idx, "isUnique")),
                    ("where", or_null(idx, "where")),
                    ("origin", json!("manual")),
                ],
                &[&t, &name],
            );
        }
        for u in values(table, "uniqueConstraints") {
            let cols = names(u, "columns");
            let name = s(u, "name");
            let implicit = name == format!("{t}_{}_unique", cols.join("_"));
            rows.push(
                "uniques",
                vec![
                    ("table", json!(t)),
                    ("name", json!(name)),
                    ("columns", json!(cols)),
                    ("nameExplicit", json!(!implicit)),
                ],
                &[&t, &name],
            );
        }
        for c in values(table, "checkConstraints") {
            let name = s(c, "name");
            rows.push(
                "checks",
                vec![
                    ("table", json!(t)),
                    ("name", json!(name)),
                    ("value", or_null(c, "value")),
                ],
                &[&t, &name],
            );
        }
        for fk in values(table, "foreignKeys") {
            let name = s(fk, "name");
            let from = names(fk, "columnsFrom");
            let to = names(fk, "columnsTo");
            let table_to = s(fk, "tableTo");
            let explicit = name != format!("{t}_{}_{table_to}_{}_fk", from.join("_"), to.join("_"));
            rows.push(
                "fks",
                vec![
                    ("table", json!(t)),
                    ("name", json!(name)),
                    ("columns", json!(from)),
                    ("tableTo", json!(table_to)),
                    ("columnsTo", json!(to)),
                    ("onUpdate", sqlite_action(fk, "onUpdate", path)?),
                    ("onDelete", sqlite_action(fk, "onDelete", path)?),
                    ("nameExplicit", json!(explicit)),
                ],
                &[&t, &name],
            );
        }
    }
    for view in values(snap, "views") {
        let name = s(view, "name");
        rows.push(
            "views",
            vec![
                ("name", json!(name)),
                ("definition", or_null(view, "definition")),
                ("isExisting", or_null(view, "isExisting")),
                ("error", Value::Null),
            ],
            &[&name],
        );
    }
    let meta = snap.get("_meta");
    let mut renames = Vec::new();
    for field in ["tables", "columns"] {
        if let Some(m) = meta.and_then(|m| m.get(field)).and_then(Value::as_object) {
            for (from, to) in m {
                renames.push(json!(format!("{from}->{}", js_string(to))));
            }
        }
    }
    let mut out = Map::new();
    out.insert("dialect".into(), json!("sqlite"));
    out.insert("id".into(), json!(id));
    out.insert("prevIds".into(), json!([prev]));
    out.insert("version".into(), json!("7"));
    out.insert("ddl".into(), Value::Array(rows.into_list()));
    out.insert("renames".into(), Value::Array(renames));
    pretty(&Value::Object(out))
}

/// rc.5 re-reads SQLite v6 through its schema validator, which rebuilds `generated` as `{type, as}`.
fn sqlite_generated(col: &Value) -> Value {
    match col.get("generated") {
        Some(g) if g.is_object() => json!({ "type": or_null(g, "type"), "as": or_null(g, "as") }),
        _ => Value::Null,
    }
}

/// v5 stored JSON defaults as objects; v6 as quoted JSON text.
fn sqlite_v5_to_v6(raw: &Value) -> Value {
    let mut json = raw.clone();
    if let Some(Value::Object(tables)) = json.get_mut("tables") {
        for table in tables.values_mut() {
            if let Some(Value::Object(cols)) = table.get_mut("columns") {
                for col in cols.values_mut() {
                    if let Some(d) = col.get_mut("default") {
                        if d.is_object() || d.is_array() {
                            *d = json!(format!(
                                "'{}'",
                                serde_json::to_string(d).unwrap_or_default()
                            ));
                        }
                    }
                }
            }
        }
    }
    if let Value::Object(m) = &mut json {
        m.insert("version".into(), json!("6"));
        m.insert("views".into(), json!({}));
    }
    json
}
