//! Applying a decided rename to the previous state, carrying it through every row that refers to
//! the renamed entity (a renamed column stays in its indexes, keys and foreign keys; a moved table
//! takes its columns and constraints along), so that the rest of the diff sees no change there.

use serde_json::{Map, Value};

use crate::model::pg::{entity_key, Entity, PgDdl};

use super::Rename;

fn set_of(pairs: &[(&str, &str, &str)]) -> Map<String, Value> {
    let mut set = Map::new();
    for (field, old, new) in pairs {
        if old != new {
            set.insert((*field).to_string(), Value::String((*new).to_string()));
        }
    }
    set
}

fn record<E: Entity>(row: &E, set: Map<String, Value>) -> Option<Rename> {
    if set.is_empty() {
        return None;
    }
    Some(Rename {
        key: entity_key(E::KIND, &row.identity()),
        set,
    })
}

/// Moves every table-scoped row of `(schema, table)` to `(to_schema, to_table)`.
fn relocate_table_rows(
    ddl: &mut PgDdl,
    schema: &str,
    table: &str,
    to_schema: &str,
    to_table: &str,
) {
    macro_rules! relocate {
        ($list:expr) => {
            for r in $list
                .iter_mut()
                .filter(|r| r.schema == schema && r.table == table)
            {
                r.schema = to_schema.to_string();
                r.table = to_table.to_string();
            }
        };
    }
    relocate!(ddl.columns);
    relocate!(ddl.indexes);
    relocate!(ddl.pks);
    relocate!(ddl.uniques);
    relocate!(ddl.checks);
    relocate!(ddl.policies);
    relocate!(ddl.privileges);
    relocate!(ddl.fks);
    for fk in ddl
        .fks
        .iter_mut()
        .filter(|f| f.schema_to == schema && f.table_to == table)
    {
        fk.schema_to = to_schema.to_string();
        fk.table_to = to_table.to_string();
    }
}

pub fn rename_schema(ddl: &mut PgDdl, from: &str, to: &str) -> Option<Rename> {
    let row = ddl.schemas.iter_mut().find(|s| s.name == from)?;
    let rename = record(row, set_of(&[("name", from, to)]));
    row.name = to.to_string();
    let tables: Vec<String> = ddl
        .tables
        .iter()
        .filter(|t| t.schema == from)
        .map(|t| t.name.clone())
        .collect();
    for t in &tables {
        relocate_table_rows(ddl, from, t, to, t);
    }
    for t in ddl.tables.iter_mut().filter(|t| t.schema == from) {
        t.schema = to.to_string();
    }
    let enums: Vec<String> = ddl
        .enums
        .iter()
        .filter(|e| e.schema == from)
        .map(|e| e.name.clone())
        .collect();
    for e in &enums {
        retype_columns(ddl, from, e, to, e);
    }
    for e in ddl.enums.iter_mut().filter(|e| e.schema == from) {
        e.schema = to.to_string();
    }
    for s in ddl.sequences.iter_mut().filter(|s| s.schema == from) {
        s.schema = to.to_string();
    }
    for v in ddl.views.iter_mut().filter(|v| v.schema == from) {
        v.schema = to.to_string();
    }
    rename
}

fn retype_columns(ddl: &mut PgDdl, schema: &str, name: &str, to_schema: &str, to_name: &str) {
    for c in ddl
        .columns
        .iter_mut()
        .filter(|c| c.type_schema.as_deref() == Some(schema) && c.sql_type == name)
    {
        c.type_schema = Some(to_schema.to_string());
        c.sql_type = to_name.to_string();
    }
}

pub fn rename_enum(ddl: &mut PgDdl, from: (&str, &str), to: (&str, &str)) -> Option<Rename> {
    let row = ddl
        .enums
        .iter_mut()
        .find(|e| e.schema == from.0 && e.name == from.1)?;
    let rename = record(
        row,
        set_of(&[("name", from.1, to.1), ("schema", from.0, to.0)]),
    );
    row.schema = to.0.to_string();
    row.name = to.1.to_string();
    if from.0 != "pg_catalog" {
        retype_columns(ddl, from.0, from.1, to.0, to.1);
    }
    rename
}

pub fn rename_sequence(ddl: &mut PgDdl, from: (&str, &str), to: (&str, &str)) -> Option<Rename> {
    let row = ddl
        .sequences
        .iter_mut()
        .find(|e| e.schema == from.0 && e.name == from.1)?;
    let rename = record(
        row,
        set_of(&[("name", from.1, to.1), ("schema", from.0, to.0)]),
    );
    row.schema = to.0.to_string();
    row.name = to.1.to_string();
    rename
}

pub fn rename_view(ddl: &mut PgDdl, from: (&str, &str), to: (&str, &str)) -> Option<Rename> {
    let row = ddl
        .views
        .iter_mut()
        .find(|e| e.schema == from.0 && e.name == from.1)?;
    let rename = record(
        row,
        set_of(&[("name", from.1, to.1), ("schema", from.0, to.0)]),
    );
    row.schema = to.0.to_string();
    row.name = to.1.to_string();
    rename
}

pub fn rename_role(ddl: &mut PgDdl, from: &str, to: &str) -> Option<Rename> {
    let row = ddl.roles.iter_mut().find(|r| r.name == from)?;
    let rename = record(row, set_of(&[("name", from, to)]));
    row.name = to.to_string();
    for p in ddl.policies.iter_mut() {
        for r in p.roles.iter_mut().filter(|r| *r == from) {
            *r = to.to_string();
        }
    }
    for p in ddl.privileges.iter_mut() {
        if p.grantee == from {
            p.grantee = to.to_string();
        }
        if p.grantor == from {
            p.grantor = to.to_string();
        }
    }
    rename
}

pub fn rename_table(ddl: &mut PgDdl, from: (&str, &str), to: (&str, &str)) -> Option<Rename> {
    let row = ddl
        .tables
        .iter_mut()
        .find(|t| t.schema == from.0 && t.name == from.1)?;
    let rename = record(
        row,
        set_of(&[("name", from.1, to.1), ("schema", from.0, to.0)]),
    );
    row.schema = to.0.to_string();
    row.name = to.1.to_string();
    relocate_table_rows(ddl, from.0, from.1, to.0, to.1);
    rename
}

pub fn rename_column(
    ddl: &mut PgDdl,
    schema: &str,
    table: &str,
    from: &str,
    to: &str,
) -> Option<Rename> {
    let row = ddl
        .columns
        .iter_mut()
        .find(|c| c.schema == schema && c.table == table && c.name == from)?;
    let rename = record(row, set_of(&[("name", from, to)]));
    row.name = to.to_string();
    let swap = |names: &mut Vec<String>| {
        for n in names.iter_mut().filter(|n| *n == from) {
            *n = to.to_string();
        }
    };
    let in_table = |s: &str, t: &str| s == schema && t == table;
    for i in ddl
        .indexes
        .iter_mut()
        .filter(|i| in_table(&i.schema, &i.table))
    {
        for c in i
            .columns
            .iter_mut()
            .filter(|c| !c.is_expression && c.value == from)
        {
            c.value = to.to_string();
        }
    }
    for p in ddl.pks.iter_mut().filter(|p| in_table(&p.schema, &p.table)) {
        swap(&mut p.columns);
    }
    for u in ddl
        .uniques
        .iter_mut()
        .filter(|u| in_table(&u.schema, &u.table))
    {
        swap(&mut u.columns);
    }
    for f in ddl.fks.iter_mut() {
        if in_table(&f.schema, &f.table) {
            swap(&mut f.columns);
        }
        if in_table(&f.schema_to, &f.table_to) {
            swap(&mut f.columns_to);
        }
    }
    rename
}

/// Renames a row that nothing else refers to (constraints, indexes, policies).
pub fn rename_leaf<T: Entity>(
    rows: &mut [T],
    matches: impl Fn(&T) -> bool,
    name: impl FnOnce(&mut T) -> &mut String,
    to: &str,
) -> Option<Rename> {
    let row = rows.iter_mut().find(|r| matches(r))?;
    let key = entity_key(T::KIND, &row.identity());
    let slot = name(row);
    if slot == to {
        return None;
    }
    *slot = to.to_string();
    let mut set = Map::new();
    set.insert("name".into(), Value::String(to.to_string()));
    Some(Rename { key, set })
}
