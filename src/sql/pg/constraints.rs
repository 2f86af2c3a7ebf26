//! Table constraints added or changed after `CREATE TABLE`: primary keys, foreign keys, checks,
//! uniques, and the renames and drops they share.

use crate::model::pg::{Check, ForeignKey, PrimaryKey, Unique};

use super::{q, qualified, quoted_list};

pub(super) fn drop_constraint(schema: &str, table: &str, name: &str) -> String {
    format!(
        "ALTER TABLE {} DROP CONSTRAINT {name_q};",
        qualified(schema, table),
        name_q = q(name)
    )
}

pub(super) fn rename_constraint(schema: &str, table: &str, from: &str, to: &str) -> String {
    format!(
        "ALTER TABLE {} RENAME CONSTRAINT {from_q} TO {to_q};",
        qualified(schema, table),
        from_q = q(from),
        to_q = q(to)
    )
}

pub(super) fn add_pk(pk: &PrimaryKey) -> String {
    let key = qualified(&pk.schema, &pk.table);
    if pk.name_explicit {
        format!(
            "ALTER TABLE {key} ADD CONSTRAINT {} PRIMARY KEY({});",
            q(&pk.name),
            quoted_list(&pk.columns)
        )
    } else {
        format!(
            "ALTER TABLE {key} ADD PRIMARY KEY ({});",
            quoted_list(&pk.columns)
        )
    }
}

/// A primary key whose columns changed; when one of its columns was dropped, so was the key.
pub(super) fn alter_pk(pk: &PrimaryKey, deleted: bool, out: &mut Vec<String>) {
    if !deleted {
        out.push(drop_constraint(&pk.schema, &pk.table, &pk.name));
    }
    out.push(add_pk(pk));
}

/// `FOREIGN KEY (…) REFERENCES …(…)` plus the non-default actions.
fn fk_clause(fk: &ForeignKey, sep: &str) -> String {
    let action = |label: &str, a: &str| {
        if a.is_empty() || a.eq_ignore_ascii_case("no action") {
            String::new()
        } else {
            format!(" {label} {a}")
        }
    };
    format!(
        "FOREIGN KEY ({}){sep}REFERENCES {}({}){}{}",
        quoted_list(&fk.columns),
        qualified(&fk.schema_to, &fk.table_to),
        quoted_list(&fk.columns_to),
        action("ON DELETE", &fk.on_delete),
        action("ON UPDATE", &fk.on_update)
    )
}

pub(super) fn create_fk(fk: &ForeignKey) -> String {
    format!(
        "ALTER TABLE {} ADD CONSTRAINT {} {};",
        qualified(&fk.schema, &fk.table),
        q(&fk.name),
        fk_clause(fk, " ")
    )
}

pub(super) fn recreate_fk(fk: &ForeignKey) -> String {
    format!(
        "ALTER TABLE {key} DROP CONSTRAINT {name}, ADD CONSTRAINT {name} {};",
        fk_clause(fk, " "),
        key = qualified(&fk.schema, &fk.table),
        name = q(&fk.name)
    )
}

pub(super) fn add_check(check: &Check) -> String {
    format!(
        "ALTER TABLE {} ADD CONSTRAINT {} CHECK ({});",
        qualified(&check.schema, &check.table),
        q(&check.name),
        check.value
    )
}

pub(super) fn alter_check(check: &Check) -> String {
    format!(
        "ALTER TABLE {} DROP CONSTRAINT {name}, ADD CONSTRAINT {name} CHECK ({});",
        qualified(&check.schema, &check.table),
        check.value,
        name = q(&check.name)
    )
}

pub(super) fn add_unique(u: &Unique) -> String {
    format!(
        "ALTER TABLE {} ADD CONSTRAINT {} UNIQUE{}({});",
        qualified(&u.schema, &u.table),
        q(&u.name),
        if u.nulls_not_distinct {
            " NULLS NOT DISTINCT"
        } else {
            ""
        },
        quoted_list(&u.columns)
    )
}

pub(super) fn alter_unique(from: &Unique, to: &Unique, out: &mut Vec<String>) {
    out.push(drop_constraint(&from.schema, &from.table, &from.name));
    out.push(add_unique(to));
}
