//! drizzle-kit 0.31 SQLite (v5/v6) and MySQL (v5) snapshots rewritten as the rc.5 formats (SQLite 7,
//! MySQL 6: flat `ddl` + `renames`), the way rc.5 `up` writes them. Each snapshot converts on its own;
//! the text is `JSON.stringify(x, null, 2)`-identical.

use std::collections::HashSet;

use serde_json::{json, Map, Value};

use super::pg_v7::js_string;
use crate::error::{Error, Result};

fn s(v: &Value, field: &str) -> String {
    v.get(field).map(js_string).unwrap_or_default()
}

fn or_null(v: &Value, field: &str) -> Value {
    v.get(field).cloned().unwrap_or(Value::Null)
}

fn values<'a>(v: &'a Value, field: &str) -> impl Iterator<Item = &'a Value> {
    v.get(field)
        .and_then(Value::as_object)
        .into_iter()
        .flat_map(|m| m.values())
}

fn names(v: &Value, field: &str) -> Vec<String> {
    v.get(field)
        .and_then(Value::as_array)
        .map(|a| a.iter().map(js_string).collect())
        .unwrap_or_default()
}

/// Rows grouped by kind in the dialect's kind order; a repeated identity is dropped (rc.5's entity
/// store keeps the first).
struct Rows {
    kinds: &'static [&'static str],
    lists: Vec<Vec<Value>>,
    seen: HashSet<String>,
}

impl Rows {
    fn new(kinds: &'static [&'static str]) -> Rows {
        Rows {
            kinds,
            lists: vec![Vec::new(); kinds.len()],
            seen: HashSet::new(),
        }
    }

    /// `fields` in the kind's field order; `identity` as rc.5 keys the kind.
    fn push(&mut self, kind: &str, fields: Vec<(&str, Value)>, identity: &[&str]) {
        let key = format!(
            "{kind}\u{0}{}",
            serde_json::to_string(identity).unwrap_or_default()
        );
        if !self.seen.insert(key) {
            return;
        }
        let mut row = Map::new();
        for (k, v) in fields {
            row.insert(k.to_string(), v);
        }
        row.insert("entityType".into(), json!(kind));
        if let Some(pos) = self.kinds.iter().position(|k| *k == kind) {
            if let Some(list) = self.lists.get_mut(pos) {
                list.push(Value::Object(row));
            }
        }
    }

    fn has(&self, kind: &str, identity: &[&str]) -> bool {
        let key = format!(
            "{kind}\u{0}{}",
            serde_json::to_string(identity).unwrap_or_default()
        );
        self.seen.contains(&key)
    }

    fn into_list(self) -> Vec<Value> {
        self.lists.into_iter().flatten().collect()
    }
}

fn pretty(value: &Value) -> Result<String> {
    serde_json::to_string_pretty(value).map_err(|e| Error::internal(e.to_string()))
}

fn header_checks(raw: &Value, path: &str) -> Result<(String, String)> {
    let bad = |what: &str| Error::snapshot(path, format!("{what}. Restore the file from git"));
    let id = raw
        .get("id")
        .and_then(Value::as_str)
        .ok_or_else(|| bad("has no string id"))?;
    let prev = raw
        .get("prevId")
        .and_then(Value::as_str)
        .ok_or_else(|| bad("has no string prevId"))?;
    if !raw.get("tables").is_some_and(Value::is_object) {
        return Err(bad("has no tables object"));
    }
    Ok((id.to_string(), prev.to_string()))
}

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

const MYSQL_KINDS: &[&str] = &[
    "tables", "columns", "pks", "fks", "indexes", "checks", "views",
];

fn trim_quotes(value: &str, q: char) -> &str {
    if value.chars().count() >= 2 && value.starts_with(q) && value.ends_with(q) {
        let inner = &value[q.len_utf8()..value.len() - q.len_utf8()];
        return inner;
    }
    value
}

fn mysql_default(column_type: &str, def: String) -> String {
    if column_type.starts_with("decimal") {
        return format!("({})", trim_quotes(&def, '\''));
    }
    let trimmed = trim_quotes(&def, '\'');
    if trimmed.len() != def.len() {
        if column_type.starts_with("binary") {
            let escaped = trimmed.replace('\\', "\\\\").replace('\'', "''");
            return format!("('{escaped}')");
        }
        if column_type.starts_with("varbinary") {
            let hex: String = trimmed.bytes().map(|b| format!("{b:02x}")).collect();
            return format!("(0x{hex})");
        }
    }
    def
}

/// MySQL v5 → v6 text. (rc.5 only records primary keys of tables that have a `checkConstraint` map,
/// which 0.31 always writes.)
pub fn mysql_to_v6(raw: &Value, path: &str) -> Result<String> {
    let version = raw.get("version").and_then(Value::as_str).unwrap_or("");
    if version != "5" {
        return Err(Error::new(
            "command_output_error",
            format!("{path}: unexpected version of MySQL snapshot: {version}. `sleet up` converts version 5"),
        ));
    }
    let (id, prev) = header_checks(raw, path)?;
    let mut rows = Rows::new(MYSQL_KINDS);
    for table in values(raw, "tables") {
        let t = s(table, "name");
        rows.push("tables", vec![("name", json!(t))], &[&t]);
        for col in values(table, "columns") {
            let c = s(col, "name");
            let ty = s(col, "type");
            let default = match col.get("default") {
                None => Value::Null,
                Some(d) => json!(mysql_default(&ty, js_string(d))),
            };
            let or_false = |f: &str| match col.get(f) {
                Some(v) if !v.is_null() => v.clone(),
                _ => json!(false),
            };
            rows.push(
                "columns",
                vec![
                    ("table", json!(t)),
                    ("name", json!(c)),
                    ("type", json!(ty)),
                    ("notNull", or_null(col, "notNull")),
                    ("autoIncrement", or_false("autoincrement")),
                    ("default", default),
                    ("onUpdateNow", or_false("onUpdate")),
                    ("onUpdateNowFsp", Value::Null),
                    ("charSet", Value::Null),
                    ("collation", Value::Null),
                    ("generated", or_null(col, "generated")),
                ],
                &[&t, &c],
            );
        }
    }
    for table in values(raw, "tables") {
        let t = s(table, "name");
        let index_columns = |rows: &Rows, cols: &[String]| -> Vec<Value> {
            cols.iter()
                .map(|x| {
                    let bare = trim_quotes(x, '`');
                    json!({ "value": x, "isExpression": !rows.has("columns", &[&t, bare]) })
                })
                .collect()
        };
        for idx in values(table, "indexes") {
            let name = s(idx, "name");
            let cols = index_columns(&rows, &names(idx, "columns"));
            rows.push(
                "indexes",
                vec![
                    ("table", json!(t)),
                    ("name", json!(name)),
                    ("columns", Value::Array(cols)),
                    ("isUnique", or_null(idx, "isUnique")),
                    ("using", or_null(idx, "using")),
                    ("algorithm", or_null(idx, "algorithm")),
                    ("lock", or_null(idx, "lock")),
                    ("nameExplicit", json!(true)),
                ],
                &[&t, &name],
            );
        }
        for u in values(table, "uniqueConstraints") {
            let name = s(u, "name");
            let raw_cols = names(u, "columns");
            let cols = index_columns(&rows, &raw_cols);
            let joined = raw_cols.join("_");
            let implicit =
                name == format!("{t}_{joined}_unique") || name == format!("{t}_{joined}");
            rows.push(
                "indexes",
                vec![
                    ("table", json!(t)),
                    ("name", json!(name)),
                    ("columns", Value::Array(cols)),
                    ("isUnique", json!(true)),
                    ("using", Value::Null),
                    ("algorithm", Value::Null),
                    ("lock", Value::Null),
                    ("nameExplicit", json!(!implicit)),
                ],
                &[&t, &name],
            );
        }
        for fk in values(table, "foreignKeys") {
            let name = s(fk, "name");
            let from = names(fk, "columnsFrom");
            let to = names(fk, "columnsTo");
            let implicit = name
                == format!(
                    "{}_{}_{}_{}_fk",
                    s(fk, "tableFrom"),
                    from.join("_"),
                    s(fk, "tableTo"),
                    to.join("_")
                );
            let upper = |f: &str| match fk.get(f).and_then(Value::as_str) {
                Some(v) => json!(v.to_uppercase()),
                None => Value::Null,
            };
            rows.push(
                "fks",
                vec![
                    ("table", json!(t)),
                    ("name", json!(name)),
                    ("columns", json!(from)),
                    ("tableTo", or_null(fk, "tableTo")),
                    ("columnsTo", json!(to)),
                    ("onUpdate", upper("onUpdate")),
                    ("onDelete", upper("onDelete")),
                    ("nameExplicit", json!(!implicit)),
                ],
                &[&t, &name],
            );
        }
        if table.get("checkConstraint").is_some_and(|c| !c.is_null()) {
            for c in values(table, "checkConstraint") {
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
            for pk in values(table, "compositePrimaryKeys") {
                rows.push(
                    "pks",
                    vec![
                        ("table", json!(t)),
                        ("name", json!("PRIMARY")),
                        ("columns", json!(names(pk, "columns"))),
                    ],
                    &[&t, "PRIMARY"],
                );
            }
        }
    }
    for view in values(raw, "views") {
        let name = s(view, "name");
        rows.push(
            "views",
            vec![
                ("name", json!(name)),
                ("definition", or_null(view, "definition")),
                ("algorithm", or_null(view, "algorithm")),
                ("sqlSecurity", or_null(view, "sqlSecurity")),
                ("withCheckOption", or_null(view, "withCheckOption")),
            ],
            &[&name],
        );
    }
    let mut out = Map::new();
    out.insert("version".into(), json!("6"));
    out.insert("id".into(), json!(id));
    out.insert("prevIds".into(), json!([prev]));
    out.insert("dialect".into(), json!("mysql"));
    out.insert("ddl".into(), Value::Array(rows.into_list()));
    out.insert("renames".into(), json!([]));
    pretty(&Value::Object(out))
}
