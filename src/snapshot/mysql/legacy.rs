//! drizzle-kit 0.31 MySQL (v5) snapshots rewritten as rc.5's MySQL format 6 (flat `ddl` +
//! `renames`), the way rc.5 `up` writes them; the text is `JSON.stringify(x, null, 2)`-identical.

use serde_json::{json, Map, Value};

use crate::error::{Error, Result};
use crate::snapshot::legacy::{header_checks, js_string, names, or_null, pretty, s, values, Rows};

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
