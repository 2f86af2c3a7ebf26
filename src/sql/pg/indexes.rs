//! Indexes: create, drop, rename, recreate.

use crate::model::pg::Index;

use super::{q, qualified};

pub(super) fn create_index(i: &Index) -> String {
    let cols: Vec<String> = i
        .columns
        .iter()
        .map(|c| {
            let value = if c.is_expression {
                c.value.clone()
            } else {
                q(&c.value).to_string()
            };
            let opclass = match &c.opclass {
                Some(o) if !o.default => format!(" {}", o.name),
                _ => String::new(),
            };
            let order = if c.asc { "" } else { " DESC" };
            let nulls = if (c.asc && !c.nulls_first) || (!c.asc && c.nulls_first) {
                ""
            } else if c.nulls_first {
                " NULLS FIRST"
            } else {
                " NULLS LAST"
            };
            format!("{value}{opclass}{order}{nulls}")
        })
        .collect();
    format!(
        "CREATE {}{} {} ON {}{} ({}){}{};",
        if i.is_unique { "UNIQUE INDEX" } else { "INDEX" },
        if i.concurrently { " CONCURRENTLY" } else { "" },
        q(&i.name),
        qualified(&i.schema, &i.table),
        if i.method != "btree" {
            format!(" USING {}", i.method)
        } else {
            String::new()
        },
        cols.join(","),
        if i.with.is_empty() {
            String::new()
        } else {
            format!(" WITH ({})", i.with)
        },
        i.where_
            .as_deref()
            .filter(|w| !w.is_empty())
            .map(|w| format!(" WHERE {w}"))
            .unwrap_or_default()
    )
}

pub(super) fn drop_index(i: &Index) -> String {
    format!(
        "DROP INDEX {}{};",
        if i.schema != "public" {
            format!("{}.", q(&i.schema))
        } else {
            String::new()
        },
        q(&i.name)
    )
}

pub(super) fn rename_index(schema: &str, from: &str, to: &str) -> String {
    format!(
        "ALTER INDEX {} RENAME TO {to_q};",
        qualified(schema, from),
        to_q = q(to)
    )
}

pub(super) fn recreate_index(index: &Index, out: &mut Vec<String>) {
    out.push(drop_index(index));
    out.push(create_index(index));
}
