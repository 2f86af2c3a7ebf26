//! Schemas, enums and sequences: the namespaces, and the types and sequences that live in them.

use crate::diff::pg::statement::{EnumColumn, EnumValueChange};
use crate::model::pg::{Enum, Schema, Sequence};

use super::columns::default_sql;
use super::{brackets, literal, q, qualified, truthy};

pub(super) fn create_schema(s: &Schema) -> String {
    format!("CREATE SCHEMA {};\n", q(&s.name))
}

pub(super) fn drop_schema(s: &Schema) -> String {
    format!("DROP SCHEMA {};\n", q(&s.name))
}

pub(super) fn rename_schema(from: &Schema, to: &Schema) -> String {
    format!(
        "ALTER SCHEMA {} RENAME TO {};\n",
        q(&from.name),
        q(&to.name)
    )
}

pub(super) fn create_enum(e: &Enum) -> String {
    let values: Vec<String> = e.values.iter().map(|v| literal(v)).collect();
    format!(
        "CREATE TYPE {} AS ENUM({});",
        qualified(&e.schema, &e.name),
        values.join(", ")
    )
}

pub(super) fn drop_enum(e: &Enum) -> String {
    format!("DROP TYPE {};", qualified(&e.schema, &e.name))
}

pub(super) fn rename_enum(schema: &str, from: &str, to: &str) -> String {
    format!(
        "ALTER TYPE {} RENAME TO {to_q};",
        qualified(schema, from),
        to_q = q(to)
    )
}

pub(super) fn move_enum(from: &Enum, to: &Enum) -> String {
    format!(
        "ALTER TYPE {} SET SCHEMA {};",
        qualified(&from.schema, &from.name),
        q(if to.schema.is_empty() {
            "public"
        } else {
            &to.schema
        })
    )
}

/// `ADD VALUE` for each added value (Postgres adds values in place; nothing else changes here).
pub(super) fn alter_enum(to: &Enum, diff: &[EnumValueChange], out: &mut Vec<String>) {
    let key = qualified(&to.schema, &to.name);
    for d in diff.iter().filter(|d| d.kind == "added") {
        // rc.5 does not double quotes inside added values (the SQL then fails); we do.
        match &d.before_value {
            Some(before) => out.push(format!(
                "ALTER TYPE {key} ADD VALUE {} BEFORE {};",
                literal(&d.value),
                literal(before)
            )),
            None => out.push(format!("ALTER TYPE {key} ADD VALUE {};", literal(&d.value))),
        }
    }
}

/// The enum's columns go through `text` while the type is dropped and created again.
pub(super) fn recreate_enum(to: &Enum, columns: &[EnumColumn], out: &mut Vec<String>) {
    for c in columns {
        let key = qualified(&c.schema, &c.table);
        out.push(format!(
            "ALTER TABLE {key} ALTER COLUMN {} SET DATA TYPE text{};",
            q(&c.name),
            brackets(c.dimensions)
        ));
        if truthy(&c.default_before) {
            out.push(format!(
                "ALTER TABLE {key} ALTER COLUMN {} DROP DEFAULT;",
                q(&c.name)
            ));
        }
    }
    out.push(drop_enum(to));
    out.push(create_enum(to));
    let enum_type = qualified(&to.schema, &to.name);
    for c in columns {
        let key = qualified(&c.schema, &c.table);
        let dims = brackets(c.dimensions);
        out.push(format!(
            "ALTER TABLE {key} ALTER COLUMN {0} SET DATA TYPE {enum_type}{dims} USING {0}::{enum_type}{dims};",
            q(&c.name)));
        if truthy(&c.default_after) {
            out.push(format!(
                "ALTER TABLE {key} ALTER COLUMN {} SET DEFAULT {};",
                q(&c.name),
                default_sql(
                    c.default_after.as_deref().unwrap_or(""),
                    &c.sql_type,
                    c.type_schema.as_deref(),
                    c.dimensions
                )
            ));
        }
    }
}

pub(super) fn create_sequence(s: &Sequence) -> String {
    format!(
        "CREATE SEQUENCE {}.{}{};",
        q(&s.schema),
        q(&s.name),
        sequence_options(s)
    )
}

pub(super) fn drop_sequence(s: &Sequence) -> String {
    format!("DROP SEQUENCE {}.{};", q(&s.schema), q(&s.name))
}

pub(super) fn rename_sequence(from: &Sequence, to: &Sequence) -> String {
    format!(
        "ALTER SEQUENCE {} RENAME TO {};",
        qualified(&from.schema, &from.name),
        q(&to.name)
    )
}

pub(super) fn move_sequence(from: &Sequence, to: &Sequence) -> String {
    format!(
        "ALTER SEQUENCE {} SET SCHEMA {};",
        qualified(&from.schema, &from.name),
        q(&to.schema)
    )
}

pub(super) fn alter_sequence(s: &Sequence) -> String {
    format!(
        "ALTER SEQUENCE {}{};",
        qualified(&s.schema, &s.name),
        sequence_options(s)
    )
}

fn sequence_options(s: &Sequence) -> String {
    let opt = |label: &str, v: &Option<String>| match v.as_deref().filter(|s| !s.is_empty()) {
        Some(v) => format!(" {label} {v}"),
        None => String::new(),
    };
    format!(
        "{}{}{}{}{}{}",
        opt("INCREMENT BY", &s.increment_by),
        opt("MINVALUE", &s.min_value),
        opt("MAXVALUE", &s.max_value),
        opt("START WITH", &s.start_with),
        match s.cache_size {
            Some(c) if c != 0 => format!(" CACHE {c}"),
            _ => String::new(),
        },
        if s.cycle == Some(true) { " CYCLE" } else { "" }
    )
}
