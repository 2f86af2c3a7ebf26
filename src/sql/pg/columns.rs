//! Columns: their type, default and identity as DDL prints them, and add, drop, rename, recreate
//! and the many forms of `ALTER COLUMN`.

use crate::model::pg::{is_serial_type, Column, Identity};

use super::{brackets, literal, q, qualified, truthy};

fn serial_to_int(t: &str) -> &str {
    match t {
        "smallserial" => "smallint",
        "serial" => "int",
        "bigserial" => "bigint",
        other => other,
    }
}

/// A column's type as DDL prints it: enum types quoted (and schema-qualified outside `public`).
pub(super) fn column_type(c: &Column) -> String {
    let mut s = String::new();
    if let Some(ts) = c.type_schema.as_deref().filter(|s| !s.is_empty()) {
        if ts != "public" {
            s.push_str(&format!("{ts_q}.", ts_q = q(ts)));
        }
        s.push_str(&q(&c.sql_type).to_string());
    } else {
        s.push_str(&c.sql_type);
    }
    s.push_str(&brackets(c.dimensions));
    s
}

/// The `DEFAULT` expression: enum defaults get a cast to the enum, array defaults to the array type.
pub(super) fn default_sql(
    value: &str,
    sql_type: &str,
    type_schema: Option<&str>,
    dimensions: u32,
) -> String {
    let arr = if dimensions > 0 { "[]" } else { "" };
    match type_schema.filter(|s| !s.is_empty()) {
        Some(ts) => {
            let prefix = if ts != "public" {
                format!("{ts_q}.", ts_q = q(ts))
            } else {
                String::new()
            };
            format!(
                "{value}::{prefix}{sql_type_q}{arr}",
                sql_type_q = q(sql_type)
            )
        }
        None if dimensions > 0 => format!("{value}::{sql_type}[]"),
        None => value.to_string(),
    }
}

pub(super) fn column_default(c: &Column) -> String {
    match c.default.as_deref().filter(|s| !s.is_empty()) {
        Some(d) => default_sql(d, &c.sql_type, c.type_schema.as_deref(), c.dimensions),
        None => String::new(),
    }
}

pub(super) fn identity_clause(schema: &str, id: &Identity) -> String {
    let seq = qualified(schema, &id.name);
    let opt = |label: &str, v: &Option<String>| match v.as_deref().filter(|s| !s.is_empty()) {
        Some(v) => format!(" {label} {v}"),
        None => String::new(),
    };
    format!(
        "GENERATED {} AS IDENTITY (sequence name {seq}{}{}{}{}{}{})",
        if id.kind == "always" {
            "ALWAYS"
        } else {
            "BY DEFAULT"
        },
        opt("INCREMENT BY", &id.increment),
        opt("MINVALUE", &id.min_value),
        opt("MAXVALUE", &id.max_value),
        opt("START WITH", &id.start_with),
        match id.cache {
            Some(c) if c != 0 => format!(" CACHE {c}"),
            _ => String::new(),
        },
        if id.cycle == Some(true) { " CYCLE" } else { "" }
    )
}

pub(super) fn add_column(c: &Column, is_pk: bool, is_composite_pk: bool) -> String {
    let not_null = c.not_null
        && c.identity.is_none()
        && c.generated.is_none()
        && !is_serial_type(&c.sql_type)
        && !is_composite_pk;
    let default = match column_default(c) {
        d if d.is_empty() => String::new(),
        d => format!(" DEFAULT {d}"),
    };
    format!(
        "ALTER TABLE {} ADD COLUMN {} {}{}{default}{}{}{};",
        qualified(&c.schema, &c.table),
        q(&c.name),
        column_type(c),
        if is_pk { " PRIMARY KEY" } else { "" },
        c.generated
            .as_ref()
            .map(|g| format!(" GENERATED ALWAYS AS ({}) STORED", g.as_))
            .unwrap_or_default(),
        if not_null { " NOT NULL" } else { "" },
        c.identity
            .as_ref()
            .map(|id| format!(" {}", identity_clause(&c.schema, id)))
            .unwrap_or_default()
    )
}

pub(super) fn drop_column(c: &Column) -> String {
    format!(
        "ALTER TABLE {} DROP COLUMN {};",
        qualified(&c.schema, &c.table),
        q(&c.name)
    )
}

pub(super) fn rename_column(from: &Column, to: &Column) -> String {
    format!(
        "ALTER TABLE {} RENAME COLUMN {} TO {};",
        qualified(&from.schema, &from.table),
        q(&from.name),
        q(&to.name)
    )
}

/// A column whose generation expression changed: Postgres cannot alter it, so it goes and comes back.
pub(super) fn recreate_column(column: &Column, is_pk: bool, out: &mut Vec<String>) {
    out.push(drop_column(column));
    out.push(add_column(column, is_pk, false));
}

pub(super) struct AlterColumn<'a> {
    pub from: &'a Column,
    pub to: &'a Column,
    pub changed: &'a [String],
    pub is_enum: bool,
    pub was_enum: bool,
    pub was_serial: bool,
    pub to_serial: bool,
}

fn opt_text<T: std::fmt::Display>(v: &Option<T>) -> String {
    match v {
        Some(v) => v.to_string(),
        None => "null".to_string(),
    }
}

pub(super) fn alter_column(a: &AlterColumn, out: &mut Vec<String>) {
    let has = |f: &str| a.changed.iter().any(|c| c == f);
    let c = a.to;
    let key = qualified(&c.schema, &c.table);
    let col = &c.name;
    if has("generated") && c.generated.is_none() {
        out.push(format!(
            "ALTER TABLE {key} ALTER COLUMN {col_q} DROP EXPRESSION;",
            col_q = q(col)
        ));
    }
    let has_new_type = has("type") || has("typeSchema") || has("dimensions");
    let recreate_default =
        has_new_type && (a.is_enum || a.was_enum || has("dimensions")) && truthy(&a.from.default);
    if recreate_default {
        out.push(format!(
            "ALTER TABLE {key} ALTER COLUMN {col_q} DROP DEFAULT;",
            col_q = q(col)
        ));
    }
    if has_new_type {
        let type_schema = match c.type_schema.as_deref() {
            Some(ts) if !ts.is_empty() && ts != "public" => format!("{ts_q}.", ts_q = q(ts)),
            _ => String::new(),
        };
        let text_proxy = if a.was_enum && a.is_enum {
            "text::"
        } else {
            ""
        };
        let is_serial = is_serial_type(&c.sql_type);
        let dims = brackets(c.dimensions);
        let suffix = if a.is_enum {
            format!(
                " USING {col_q}::{text_proxy}{type_schema}{}{dims}",
                q(&c.sql_type),
                col_q = q(col)
            )
        } else {
            let t = if is_serial {
                serial_to_int(&c.sql_type)
            } else {
                &c.sql_type
            };
            format!(" USING {col_q}::{t}{dims}", col_q = q(col))
        };
        let new_type = if !type_schema.is_empty() {
            format!("{type_schema}{}", q(&c.sql_type))
        } else if a.is_enum {
            q(&c.sql_type).to_string()
        } else if is_serial {
            serial_to_int(&c.sql_type).to_string()
        } else {
            c.sql_type.clone()
        };
        let seq_key = qualified(&c.schema, &format!("{}_{}_seq", c.table, col));
        if a.was_serial && !is_serial {
            out.push(format!(
                "ALTER TABLE {key} ALTER COLUMN {col_q} DROP DEFAULT;",
                col_q = q(col)
            ));
            out.push(format!("DROP SEQUENCE {seq_key};"));
        }
        if a.to_serial {
            let seq_name = if c.schema != "public" {
                format!("{}.{}_{}_seq", c.schema, c.table, col)
            } else {
                format!("{}_{}_seq", c.table, col)
            };
            // A serial's own sequence is of its column's type; rc.5's bare CREATE SEQUENCE makes
            // it bigint, so a down back to `serial` did not restore the catalog it reverted.
            let as_type = match c.sql_type.to_ascii_lowercase().as_str() {
                "serial" => " AS integer",
                "smallserial" => " AS smallint",
                _ => "",
            };
            out.push(format!("CREATE SEQUENCE {seq_key}{as_type};"));
            out.push(format!(
                "ALTER TABLE {key} ALTER COLUMN {col_q} SET DEFAULT nextval({})",
                literal(&seq_name),
                col_q = q(col)
            ));
            out.push(format!(
                "ALTER SEQUENCE {seq_key} OWNED BY {}.{}.{col_q};",
                q(&c.schema),
                q(&c.table),
                col_q = q(col)
            ));
        }
        out.push(format!(
            "ALTER TABLE {key} ALTER COLUMN {col_q} SET DATA TYPE {new_type}{dims}{};",
            if c.generated.is_some() { "" } else { &suffix },
            col_q = q(col)
        ));
        if recreate_default && truthy(&c.default) {
            out.push(format!(
                "ALTER TABLE {key} ALTER COLUMN {col_q} SET DEFAULT {};",
                column_default(c),
                col_q = q(col)
            ));
        }
    }
    if has("default") && !recreate_default {
        if truthy(&c.default) {
            out.push(format!(
                "ALTER TABLE {key} ALTER COLUMN {col_q} SET DEFAULT {};",
                column_default(c),
                col_q = q(col)
            ));
        } else {
            out.push(format!(
                "ALTER TABLE {key} ALTER COLUMN {col_q} DROP DEFAULT;",
                col_q = q(col)
            ));
        }
    }
    if has("identity") {
        match (&a.from.identity, &c.identity) {
            (None, Some(id)) => {
                // Postgres refuses ADD IDENTITY on a nullable column; rc.5 drops the NOT NULL
                // change here and emits SQL that fails, so we set it first.
                if !a.from.not_null {
                    out.push(format!(
                        "ALTER TABLE {key} ALTER COLUMN {col_q} SET NOT NULL;",
                        col_q = q(col)
                    ));
                }
                out.push(format!(
                    "ALTER TABLE {key} ALTER COLUMN {col_q} ADD {};",
                    identity_clause(&c.schema, id),
                    col_q = q(col)
                ));
                if a.was_serial {
                    out.push(identity_after_rows(&key, col, &c.schema, id));
                }
            }
            (Some(_), None) => out.push(format!(
                "ALTER TABLE {key} ALTER COLUMN {col_q} DROP IDENTITY;",
                col_q = q(col)
            )),
            (Some(f), Some(t)) => {
                let set = |what: String| {
                    format!(
                        "ALTER TABLE {key} ALTER COLUMN {col_q} SET {what};",
                        col_q = q(col)
                    )
                };
                if f.kind != t.kind {
                    out.push(set(format!(
                        "GENERATED {}",
                        if t.kind == "always" {
                            "ALWAYS"
                        } else {
                            "BY DEFAULT"
                        }
                    )));
                }
                if f.min_value != t.min_value {
                    out.push(set(format!("MINVALUE {}", opt_text(&t.min_value))));
                }
                if f.max_value != t.max_value {
                    out.push(set(format!("MAXVALUE {}", opt_text(&t.max_value))));
                }
                if f.increment != t.increment {
                    out.push(set(format!("INCREMENT BY {}", opt_text(&t.increment))));
                }
                if f.start_with != t.start_with {
                    out.push(set(format!("START WITH {}", opt_text(&t.start_with))));
                }
                if f.cache != t.cache {
                    out.push(set(format!("CACHE {}", opt_text(&t.cache))));
                }
                if f.cycle != t.cycle {
                    out.push(set(if t.cycle == Some(true) {
                        "CYCLE".into()
                    } else {
                        "NO CYCLE".into()
                    }));
                }
            }
            (None, None) => {}
        }
    }
    if has("notNull") && !(c.not_null && has("identity") && c.identity.is_some()) {
        out.push(format!(
            "ALTER TABLE {key} ALTER COLUMN {col_q} {};",
            if c.not_null {
                "SET NOT NULL"
            } else {
                "DROP NOT NULL"
            },
            col_q = q(col)
        ));
    }
}

/// Moves a new identity (that replaces a serial) past the column's existing values, so the next
/// insert does not collide. rc.5's `setval(…, COALESCE(MAX(id), 1), false)` hands out MAX itself next
/// (a duplicate key), reads a column called `id` whatever the column is, names the sequence without
/// its schema, and on an empty table restarts at 1 whatever START WITH says. Here the sequence moves
/// only when a row is at or past its start, to the extreme value, so the next one is that plus the
/// increment (the smallest value for a descending sequence); otherwise its options stand.
fn identity_after_rows(table: &str, col: &str, schema: &str, id: &Identity) -> String {
    let seq = literal(&qualified(schema, &id.name));
    let descending = id
        .increment
        .as_deref()
        .is_some_and(|i| i.trim_start().starts_with('-'));
    let (extreme, past) = if descending {
        ("MIN", "<=")
    } else {
        ("MAX", ">=")
    };
    let col = q(col);
    format!(
        "SELECT setval({seq}::regclass, {extreme}({col})) FROM {table} HAVING {extreme}({col}) {past} (SELECT seqstart FROM pg_sequence WHERE seqrelid = {seq}::regclass);"
    )
}
