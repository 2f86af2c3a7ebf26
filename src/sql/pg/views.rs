//! Views and materialized views: create, drop, rename, schema move, and the option changes
//! `ALTER VIEW` can make.

use crate::model::pg::View;

use super::{q, qualified};

/// `" MATERIALIZED"` for a materialized view.
fn materialized(v: &View) -> &'static str {
    if v.materialized {
        " MATERIALIZED"
    } else {
        ""
    }
}

/// camelCase view option names as Postgres spells them.
fn snake_case(key: &str) -> String {
    let mut s = String::with_capacity(key.len() + 4);
    for ch in key.chars() {
        if ch.is_ascii_uppercase() {
            s.push('_');
            s.push(ch.to_ascii_lowercase());
        } else {
            s.push(ch);
        }
    }
    s
}

fn json_scalar(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

pub(super) fn create_view(v: &crate::model::pg::View) -> String {
    let name = qualified(&v.schema, &v.name);
    let mut s = if v.materialized {
        format!("CREATE MATERIALIZED VIEW {name}")
    } else {
        format!("CREATE VIEW {name}")
    };
    if let Some(u) = v.using.as_deref().filter(|s| !s.is_empty()) {
        s.push_str(&format!(" USING {u_q}", u_q = q(u)));
    }
    if let Some(serde_json::Value::Object(with)) = &v.with {
        let opts: Vec<String> = with
            .iter()
            .filter(|(_, val)| !val.is_null())
            .map(|(k, val)| format!("{} = {}", snake_case(k), json_scalar(val)))
            .collect();
        s.push_str(&format!(" WITH ({})", opts.join(", ")));
    }
    if let Some(t) = v.tablespace.as_deref().filter(|s| !s.is_empty()) {
        s.push_str(&format!(" TABLESPACE {t}"));
    }
    s.push_str(&format!(" AS ({})", v.definition.as_deref().unwrap_or("")));
    if v.with_no_data == Some(true) {
        s.push_str(" WITH NO DATA");
    }
    s.push(';');
    s
}

pub(super) fn drop_view(view: &View) -> String {
    format!(
        "DROP{} VIEW {};",
        materialized(view),
        qualified(&view.schema, &view.name)
    )
}

pub(super) fn rename_view(from: &View, to: &View) -> String {
    format!(
        "ALTER{} VIEW {} RENAME TO {};",
        materialized(from),
        qualified(&from.schema, &from.name),
        q(&to.name)
    )
}

pub(super) fn move_view(from_schema: &str, to_schema: &str, view: &View) -> String {
    format!(
        "ALTER{} VIEW {} SET SCHEMA {to_schema_q};",
        materialized(view),
        qualified(from_schema, &view.name),
        to_schema_q = q(to_schema)
    )
}

pub(super) fn alter_view(
    from: &crate::model::pg::View,
    v: &crate::model::pg::View,
    changed: &[String],
    out: &mut Vec<String>,
) {
    let has = |f: &str| changed.iter().any(|c| c == f);
    let key = qualified(&v.schema, &v.name);
    let clause = if v.materialized {
        format!("MATERIALIZED VIEW {key}")
    } else {
        format!("VIEW {key}")
    };
    let empty = serde_json::Map::new();
    let (wf, wt) = if has("with") {
        (
            from.with
                .as_ref()
                .and_then(|w| w.as_object())
                .unwrap_or(&empty),
            v.with
                .as_ref()
                .and_then(|w| w.as_object())
                .unwrap_or(&empty),
        )
    } else {
        (&empty, &empty)
    };
    let reset: Vec<String> = wf
        .iter()
        .filter(|(k, val)| !val.is_null() && wt.get(*k).is_none_or(|t| t.is_null()))
        .map(|(k, _)| snake_case(k))
        .collect();
    let set: Vec<String> = wt
        .iter()
        .filter(|(k, val)| !val.is_null() && wf.get(*k).unwrap_or(&serde_json::Value::Null) != *val)
        .map(|(k, val)| format!("{} = {}", snake_case(k), json_scalar(val)))
        .collect();
    if !set.is_empty() {
        out.push(format!("ALTER {clause} SET ({});", set.join(", ")));
    }
    if !reset.is_empty() {
        out.push(format!("ALTER {clause} RESET ({});", reset.join(", ")));
    }
    if has("tablespace") {
        let to = v
            .tablespace
            .as_deref()
            .filter(|s| !s.is_empty())
            .unwrap_or("pg_default");
        out.push(format!(
            "ALTER {clause} SET TABLESPACE {to_q};",
            to_q = q(to)
        ));
    }
    if has("using") {
        let to = v.using.as_deref().unwrap_or("heap");
        out.push(format!(
            "ALTER {clause} SET ACCESS METHOD {to_q};",
            to_q = q(to)
        ));
    }
}
